"""An earlier year's figure said in brackets beside this year's (收入预算1200万元（上年：1100万元）, （2022年：1100万元）,
(上年:1100万元)) is no claim of its own: read as one, （上年：…） gave a second 2023 收入 of 1100 and a false CLM-DUP-001
against the 1200 said again later. A year said so (（2022年为1100万元）) is that figure's, not the next part's
(财政拨款收入 took 2022). The same figure outside brackets (2022年收入：1100万元) is still read."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

TEXT = (
    "青溪镇2023年部门预算说明\n2023年收入预算1200.00万元{}，其中：财政拨款收入1000.00万元，其他收入200.00万元。\n二、收入预算情况\n"
    "2023年收入预算1200.00万元，其中：财政拨款收入1000.00万元，占83.33%；其他收入200.00万元，占16.67%。\n"
)
BRACKETS = ["（上年：1100.00万元）", "（2022年：1100.00万元）", "(上年:1100.00万元)", "（2022年为1100.00万元）", "（上年为1100.00万元）"]


def _claims(text: str) -> list[dict]:
    return extract_text(text, "prior.txt").document.data["narrative"]["claims"]


@pytest.mark.parametrize("bracket", BRACKETS)
def test_the_earlier_years_figure_is_no_claim_and_lends_no_year(bracket):
    claims = _claims(TEXT.format(bracket))
    assert "1100.00" not in [claim.get("amount") for claim in claims]
    assert {claim.get("year") for claim in claims if claim["subject"] == "财政拨款收入"} == {2023}


@pytest.mark.parametrize("bracket", BRACKETS)
def test_no_false_duplicate(bracket, registry):
    result = check_loaded(extract_text(TEXT.format(bracket), "prior.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []


def test_the_same_figure_outside_brackets_is_read():
    claims = _claims("青溪镇2023年部门预算说明\n2023年收入预算1200.00万元。2022年收入：1100.00万元。\n")
    assert [(claim.get("year"), claim["amount"]) for claim in claims] == [(2023, "1200.00"), (2022, "1100.00")]
