"""The whole a 其中 list belongs to: a figure of its own sentence, or, when the sentence begins with 其中, the figure
before it. A sentence whose own whole was printed in a way no claim is read from (合计为807.95，其中… with no unit,
807.95千元) lists the parts of that unread figure, never of a figure of an earlier sentence: attached there, the
parts of one year added up against the whole of another (CLM-SUM-001) and lost their year (CLM-DUP-001)."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.claims import find_claims
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

FIRST = "2023年度培训中心支出合计为120.50万元，其中：办公费20.00万元、差旅费100.50万元。"


def _claims(text: str, loose: bool = True) -> list[dict]:
    lines = list(enumerate(text.split("\n"), start=1))
    return [dict(claim.data) for claim in find_claims(lines, 2023, "万元", loose=loose)]


@pytest.mark.parametrize("whole", ["合计为99.80", "合计为998,000", "合计为99.80千元", "合计99.8"])
def test_parts_of_an_unread_whole_are_not_given_to_an_earlier_sentence(whole):
    claims = _claims(FIRST + f"2022年度培训中心支出{whole}，其中：办公费30.00万元、差旅费69.80万元。")
    first_total = claims[0]
    assert first_total["subject"].endswith("支出合计") and str(first_total["amount"]) == "120.50"
    later = [claim for claim in claims if str(claim.get("amount")) in ("30.00", "69.80")]
    assert len(later) == 2
    assert all(claim.get("part_of") != first_total["id"] for claim in later)


def test_a_sentence_that_begins_with_qizhong_lists_the_parts_of_the_figure_before_it():
    claims = _claims("2023年度培训中心支出合计为120.50万元。其中：办公费20.00万元、差旅费100.50万元。")
    total = claims[0]
    parts = [claim for claim in claims if claim is not total]
    assert [str(claim["amount"]) for claim in parts] == ["20.00", "100.50"]
    assert all(claim.get("part_of") == total["id"] for claim in parts)


def test_ordinals_years_dates_and_percentages_before_qizhong_are_no_unread_whole():
    text = "培训中心支出合计为120.50万元。（1）2022年12月31日，增长5%，其中：办公费20.00万元、差旅费100.50万元。"
    claims = _claims(text)
    total = claims[0]
    assert all(claim.get("part_of") == total["id"] for claim in claims[1:] if claim.get("amount") is not None)


def test_a_text_with_such_a_sentence_gets_no_error_for_the_other_year(registry):
    text = (
        "青溪区培训中心2023年部门决算说明\n"
        "一、“三公”经费支出情况\n"
        "2023年“三公”经费决算数合计为120.50万元，其中：公务接待费20.00万元、公务用车运行维护费100.50万元。"
        "2022年的“三公”经费决算数合计为99.80，其中：公务接待费30.00万元、公务用车运行维护费69.80万元。\n"
    )
    result = check_loaded(extract_text(text, "wholes.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []
