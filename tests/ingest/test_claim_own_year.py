"""A comparison written with its own year after the base year's figure (2015年预算数160万元，2016年预算比2015年预算下降68.8%;
2017年基本支出1197.92万元,2018年比2017年减少563.21万元) is the comparison of the current year's figure of the item, the base
being the figure before (claim_carry.this_years): no claim compared with its own year (CLM-YEAR-002 called such texts of
2016-2018 wrong), and the change and rate are checked against the two figures. Shapes of real budgets, made-up figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import found_rules


ABROAD = "某厅2016年“三公”经费预算情况说明\n一、因公出国(境)经费\n2016年预算安排因公出国(境)费50万元。2015年预算数160万元，2016年预算比2015年预算下降68.8%。\n"
BASIC = "某医院2018年度部门预算公开说明\n(二)一般公共预算支出情况\n1.2018年基本支出634.71万元,2017年基本支出1197.92万元,2018年比2017年减少563.21万元。\n"


_findings = found_rules


@pytest.mark.parametrize("text", [ABROAD, BASIC, BASIC.replace("2018年比2017年减少", "2018年比2017年下降")])
def test_a_right_comparison_with_its_own_year_gives_no_finding(tmp_path, text):
    assert _findings(tmp_path, text) == []


@pytest.mark.parametrize(
    ("text", "wrong", "rule"),
    [
        (ABROAD, ("下降68.8%", "下降60.8%"), "CLM-PCT-001"),
        (BASIC, ("减少563.21万元", "减少600.21万元"), "CLM-CHG-001"),
    ],
)
def test_a_wrong_change_or_rate_against_the_base_years_figure_is_an_error(tmp_path, text, wrong, rule):
    assert rule in _findings(tmp_path, text.replace(*wrong))


def test_with_no_figure_of_the_year_said_the_comparison_is_left_unread(tmp_path):
    text = "某厅2016年“三公”经费预算情况说明\n一、因公出国(境)经费\n2015年预算数160万元，2016年预算比2015年预算下降68.8%。\n"
    assert _findings(tmp_path, text) == []


NAMED_BASE = "某医院2018年度部门预算公开说明\n(二)一般公共预算支出情况\n2018年基本支出634.71万元,比上年基本支出1197.92万元下降47.02%。\n"


def test_a_base_written_with_the_items_name_again_is_the_comparisons_base(tmp_path):
    """比上年基本支出1197.92万元下降…: the item named again before the base (no 预算/决算 word) — the base was never read
    and a wrong rate passed (corpus21b's miss M9)."""
    assert _findings(tmp_path, NAMED_BASE) == []
    assert "CLM-PCT-001" in _findings(tmp_path, NAMED_BASE.replace("下降47.02%", "下降40.00%"))
