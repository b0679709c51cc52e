"""Figures a sentence prints in 亿元 (安排预算部门行政经费79.13亿元: a large department's narrative) are claims like any other.

The claims reader knew only 万元 and 元: a narrative in 亿元 gave no claim (the sample's 22 claims came down to 4 when
its figures were written in 亿元), so none of its figures was checked. A figure in 亿元 is converted into the
document's unit exactly and keeps its printed precision: 1.23亿元 is 12300万元 to the nearest 100万元, so a list whose
parts add up to 12345.67万元 fits it, and only a whole that no rounding of the parts gives (1.22亿元, 1.2345亿元) is
an error.
"""

from __future__ import annotations

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.claim_words import converted, exponent_in
from tests.conftest import FIXTURES
from tests.corpus.relayout import claims
from tests.corpus.reword import WORDINGS

TITLE = "某局2023年部门预算公开说明\n"


def _sum_findings(tmp_path, whole: str) -> list[str]:
    path = tmp_path / "probe.txt"
    path.write_text(TITLE + f"2023年本年支出合计{whole}，其中：基本支出4500.00万元，项目支出7845.67万元。\n", encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    return [finding.rule for finding in result.findings if finding.rule.startswith("CLM-")]


@pytest.mark.parametrize(("number", "unit", "value", "exponent"), [("0.032937", "万元", "329.37", -2), ("12.5", "万元", "125000", 3), ("79.13", "元", "7913000000", 6), ("0", "万元", "0", 4)])
def test_a_figure_in_yi_yuan_converts_exactly_to_its_last_printed_digit(number, unit, value, exponent):
    assert (converted(number, "亿元", unit), exponent_in(number, "亿元", unit)) == (value, exponent)


def test_a_whole_in_yi_yuan_is_read_and_held_to_its_parts_within_its_precision(tmp_path):
    claims_read = extract_text(TITLE + "2023年本年支出合计1.23亿元，其中：基本支出4500.00万元，项目支出7845.67万元。\n", "p.txt").document.data["narrative"]["claims"]
    assert [(claim["subject"], claim["amount"], claim["original_unit"]) for claim in claims_read] == [
        ("本年支出合计", "12300", "亿元"),
        ("基本支出", "4500.00", "万元"),
        ("项目支出", "7845.67", "万元"),
    ]
    assert _sum_findings(tmp_path, "1.23亿元") == [] and _sum_findings(tmp_path, "1.2346亿元") == []  # 12345.67 rounds to both
    assert _sum_findings(tmp_path, "1.22亿元") == ["CLM-SUM-001"] and _sum_findings(tmp_path, "1.2345亿元") == ["CLM-SUM-001"]


def test_the_sample_written_in_yi_yuan_gives_the_same_claims(tmp_path):
    """Every 万元 figure of the sample's prose written in 亿元 (329.37万元 → 0.032937亿元, its precision kept): the same
    claims, amounts and all, as the sample itself."""
    sample = FIXTURES / "xiguan-2019.txt"
    reworded = tmp_path / "yi.txt"
    reworded.write_text(WORDINGS["yi"](sample.read_text(encoding="utf-8")), encoding="utf-8")
    assert "0.032937亿元" in reworded.read_text(encoding="utf-8")
    assert claims(reworded) == claims(sample) and sum(claims(sample).values()) == 22
