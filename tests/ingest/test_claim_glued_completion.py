"""A completion rate glued to the next item, its stop lost (a list whose lines each ended with the rate, joined): the
rate is the figure's before it, never the next item's, and no part of that item's name. A district's report gave
完成预算的99.74%企业所得税 as an item and put each tax's rate on the tax after it (corpus23/01)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.ingest.claimtext import claims


def _by_subject(text: str) -> dict[str, dict]:
    return {claim["subject"]: claim for claim in claims(text, 2024) if "amount" in claim}


@pytest.mark.parametrize(
    "text",
    [
        "增值税60.00亿元，完成预算的99.50%企业所得税30.00亿元，完成预算的91.00%。",
        "增值税60.00亿元,完成预算的99.50%企业所得税30.00亿元,完成预算的91.00%。",
        "增值税60.00亿元，为预算的99.50%企业所得税30.00亿元，为预算的91.00%。",
        "增值税60.00亿元，完成年初预算的99.50%企业所得税30.00亿元，完成年初预算的91.00%。",
    ],
)
def test_a_rate_glued_to_the_next_item_is_not_that_items(text):
    read = _by_subject(text)
    assert "企业所得税" in read  # the item's name, without the rate before it
    assert Decimal(str(read["企业所得税"]["amount"])) == Decimal("300000")
    assert read["企业所得税"].get("completion_percent") in (None, 91)
    assert str(read["企业所得税"].get("completion_percent")) != "99.50"


def test_a_rate_glued_to_an_added_item_is_not_that_items():
    read = _by_subject("一般公共预算支出200.00亿元，完成调整预算的96.00%上解支出10.00亿元，支出总计210.00亿元。")
    assert "上解支出" in read and "completion_percent" not in read["上解支出"]


@pytest.mark.parametrize(
    ("text", "subject", "rate"),
    [
        ("增值税60.00亿元，完成预算的99.50%；企业所得税30.00亿元，完成预算的91.00%。", "企业所得税", "91.00"),
        ("增值税60.00亿元，完成预算的99.50%；企业所得税30.00亿元，完成预算的91.00%。", "增值税", "99.50"),
        ("公务接待费支出决算3.00万元完成预算的60.00%。", "公务接待费支出决算", "60.00"),
    ],
)
def test_a_rate_after_its_own_figure_is_read_as_before(text, subject, rate):
    read = _by_subject(text)
    found = next(claim for name, claim in read.items() if name.startswith(subject.removesuffix("支出决算")))
    assert str(found["completion_percent"]) == rate
