"""A percentage said roughly or as a bound is no figure to check: 下降21%左右, 下降20%以上, 完成年初预算的95%左右,
占…的约25%, 占…30%左右 are not read (21%左右 was read as 21% and checked against 20.00%: CLM-PCT-001, an error on a
sentence that says about). The same sentences said exactly are read and checked."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

HEAD = "青溪镇2023年部门决算说明\n2023年度“三公”经费支出12.00万元，较上年15.00万元减少3.00万元，"
CASES = [  # (rough, exact, field the exact one gives, its value)
    ("下降21%左右。", "下降20%。", "percent", "20"),
    ("下降20%以上。", "下降20%。", "percent", "20"),
    ("降幅在18%以上。", "降幅为20%。", "percent", "20"),
    ("完成年初预算的95%左右。", "完成年初预算的80%。", "completion_percent", "80"),
    ("占年初预算的约85%。", "占年初预算的80%。", "completion_percent", "80"),
    ("占年初预算的85%左右。", "占年初预算的80%。", "completion_percent", "80"),
    ("占年初预算的近85%。", "占年初预算的80%。", "completion_percent", "80"),
]


def _claims(text: str) -> list[dict]:
    return extract_text(text, "rough.txt").document.data["narrative"]["claims"]


@pytest.mark.parametrize(("rough", "exact", "field", "value"), CASES)
def test_a_rough_percentage_is_not_read_and_its_exact_twin_is(rough, exact, field, value):
    assert not [claim for claim in _claims(HEAD + rough + "\n") if field in claim]
    assert [str(claim[field]) for claim in _claims(HEAD + exact + "\n") if field in claim] == [value]


def test_a_rough_percentage_gives_no_error(registry):
    pack = load_pack(registry)
    for rough, *_ in CASES:
        result = check_loaded(extract_text(HEAD + rough + "\n", "rough.txt").document, registry, pack)
        assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == [], rough


@pytest.mark.parametrize("bound", ["超过12万元", "近13万元", "不到13万元", "逾12万元", "高于12万元"])
def test_an_amount_given_as_a_bound_is_no_whole_of_its_parts(bound, registry):
    """超过12万元，其中 3.40 + 9.40: the parts (12.80) exceed 12 as the text says; read as 12 ± 0.5 they were CLM-SUM-001's
    error. An amount after 超过, 近, 不到, 不足, 逾, 高于, 低于, 多于, 少于 is not read: the item is a claim without an amount
    (test_claim_rough_amounts.py), whose parts its 其中 lists; the same sentence with 12.80万元 is read."""
    text = "青溪镇2023年部门决算说明\n2023年度“三公”经费支出{}，其中：公务接待费3.40万元，公务用车运行维护费{}万元。\n"
    parts = "8.90" if bound.startswith(("近", "不到")) else "9.40"
    claims = _claims(text.format(bound, parts))
    assert [str(claim.get("amount")) for claim in claims] == ["None", "3.40", parts]
    assert [claim.get("part_of") for claim in claims[1:]] == [claims[0]["id"]] * 2
    result = check_loaded(extract_text(text.format(bound, parts), "bound.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []
    exact = _claims(text.format("12.80万元", "9.40"))
    assert [str(claim["amount"]) for claim in exact][:1] == ["12.80"] and all(claim.get("part_of") == exact[0]["id"] for claim in exact[1:])


@pytest.mark.parametrize(("rough", "exact"), [("约占收入合计的20%", "占收入合计的20%"), ("大约占收入合计的20%", "占收入合计的20%"), ("约占年初预算的85%", "占年初预算的80%")])
def test_a_share_said_about_before_its_word_is_not_read(rough, exact, registry):
    """约占收入合计的20% (about, before 占) was read as 20% exactly: against 201 of 1200 (16.75%), a false CLM-GEN-004."""
    text = "青溪镇2023年度部门决算说明\n2023年度收入合计1200.00万元。事业收入201.00万元，{}。\n"
    assert not [claim for claim in _claims(text.format(rough)) if "share" in claim or "completion_percent" in claim]
    assert [claim for claim in _claims(text.format(exact)) if "share" in claim or "completion_percent" in claim]
    result = check_loaded(extract_text(text.format(rough), "rough.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []


def test_the_text_rule_checks_no_share_said_about_before_its_word():
    from budgetcheck.dsl.text import share_mismatches  # noqa: PLC0415

    exact = "2023年度收入合计1200.00万元。事业收入201万元，占收入合计的20%。"
    assert share_mismatches(exact) != []
    assert share_mismatches(exact.replace("占", "约占")) == []
