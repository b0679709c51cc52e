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
    ("占年初预算的约85%。", "占年初预算的80%。", "share", "80"),
    ("占年初预算的85%左右。", "占年初预算的80%。", "share", "80"),
    ("占年初预算的近85%。", "占年初预算的80%。", "share", "80"),
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
