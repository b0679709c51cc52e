"""A paragraph that opens with 其中 lists the parts of the figure the paragraph before ended with (whole_before), but
not when its first part is more than that figure: …公务接待费年初预算5.00万元，决算4.00万元，…原因是厉行节约。
其中：基本支出决算300.00万元，… are not the parts of 4.00 (a false CLM-SUM-001, 450 against 4); they are the parts of
the figure their first share names, when one of that name read there fits (test_claim_share_named_whole.py). A first
part that fits,
or over the figure by its printed rounding only, keeps the list, and a list that then does not add up is still
found."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

HEAD = "青溪镇2023年部门决算说明\n2023年度一般公共预算财政拨款支出决算为450.00万元。\n公务接待费年初预算5.00万元，决算{}万元，决算数小于预算数的主要原因是厉行节约。\n"
PARTS = "其中：{}决算{}万元；{}决算{}万元。\n"


def _claims(text: str) -> dict[str, dict]:
    return {claim["subject"]: claim for claim in extract_text(text, "fit.txt").document.data["narrative"]["claims"]}


def _errors(registry, text: str) -> list[str]:
    result = check_loaded(extract_text(text, "fit.txt").document, registry, load_pack(registry))
    return sorted(finding.rule for finding in result.findings if finding.severity.value == "error")


def test_a_first_part_over_the_figure_before_is_not_its_part(registry):
    text = HEAD.format("4.00") + PARTS.format("基本支出", "300.00", "项目支出", "150.00")
    claims = _claims(text)
    assert "part_of" not in claims["基本支出"] and "part_of" not in claims["项目支出"]
    assert _errors(registry, text) == []


@pytest.mark.parametrize(("first", "second", "errors"), [("2.50", "1.50", []), ("3.00", "1.50", ["CLM-SUM-001"]), ("4.004", "0", [])])
def test_a_first_part_that_fits_keeps_the_list(first, second, errors, registry):
    text = HEAD.format("4.00") + PARTS.format("国内接待", first, "外事接待", second)
    claims = _claims(text)
    assert claims["国内接待"]["part_of"] == claims["外事接待"]["part_of"] == claims["公务接待费"]["id"]
    assert _errors(registry, text) == errors
