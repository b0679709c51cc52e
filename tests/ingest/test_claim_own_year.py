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


# a 2022 budget's 三公 note, one paragraph (perturb21's joinall-year; made-up figures)
LAST_YEARS_PARTS = (
    "某局2022年部门预算公开说明\n"
    "2021年度“三公”经费合计支出20.00万元,其中:因公出国(境)经费0万元,公务接待12.00万元,公务用车运行费用8.00万元。"
    "2022年度“三公”经费预算较2021年度增加1.00万元,其中公务接待较上年同期减少1.00万元,减少8.33%。"
    "公务用车运行费用较上年同期增加2.00万元,增长25%。\n"
)


def test_an_item_named_again_with_a_change_against_last_year_is_not_last_years_figure(tmp_path):
    """…公务用车运行费用7.73万元 listed under 2021's total, then 公务用车运行费用较上年同期增加2.27万元 after 2022年度… in one
    paragraph: the change was merged into 2021's figure (compared with 2020: CLM-YEAR-002, and CLM-PCT-001 from
    2.27 on 7.73). A change against 上年 is of the text's year; a comparison that names its year still joins its item."""
    from tests.ingest.claimtext import claims

    read = claims(LAST_YEARS_PARTS.split("\n", 1)[1], 2022)
    cars = [(claim.get("amount"), claim.get("change")) for claim in read if claim["subject"] == "公务用车运行费用"]
    assert cars == [("8.00", None), (None, "2.00")]
    assert _findings(tmp_path, LAST_YEARS_PARTS, ("error",)) == []
    named = LAST_YEARS_PARTS.replace("公务用车运行费用较上年同期增加2.00万元,增长25%", "公务用车运行费用较2020年增加2.00万元,增长33.33%")
    cars = [(claim.get("amount"), claim.get("change")) for claim in claims(named.split("\n", 1)[1], 2022) if claim["subject"] == "公务用车运行费用"]
    assert cars == [("8.00", "2.00")]  # 2021's figure against 2020: its own comparison
