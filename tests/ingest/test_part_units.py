"""A part whose table names its own unit (价值（金额单位：万元）) holds every figure of the part in that unit, the
part's sentences' as well as its table's; rules comparing two parts convert each to the document's unit first.

A disclosure may write its prose in 元 while the tables inside it stay in 万元 (or the reverse): the document's unit
is then 元 and the assets, performance and procurement parts each say 万元. A figure of the assets sentence
(固定资产总额649200元) used to be held in the document's unit inside a part read as 万元 (649,200 万元), and the
performance table's 187.59 万元 was compared with the project expenditure's 1,875,900 元 as it stood."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from tests.conftest import FIXTURES

SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
_WAN = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*万元")
_TABLE_AMOUNT = re.compile(r"^\t(\d+\.\d{2})$", re.M)


def _prose_in_yuan(text: str) -> str:
    """Every figure the prose writes in 万元 written in 元 instead, exactly (64.92万元 → 649200元); the tables,
    whose figures carry no unit of their own, keep theirs."""
    return _WAN.sub(lambda found: f"{(Decimal(found.group(1)) * 10000).normalize():f}元", text)


def _assets_table_in_yuan(text: str) -> str:
    """The assets table printed in 元 (its header and its two values), the prose left in 万元."""
    head, assets = text.split("七、国有资产信息", 1)
    assets, tail = assets.split("八、", 1)
    assets = assets.replace("价值（金额单位：万元）", "价值（金额单位：元）")
    assets = _TABLE_AMOUNT.sub(lambda found: f"\t{(Decimal(found.group(1)) * 10000).normalize():f}", assets)
    return head + "七、国有资产信息" + assets + "八、" + tail


def _errors(extraction, registry, pack) -> dict[str, list[str]]:
    result = check_loaded(extraction.document, registry, pack)
    found: dict[str, list[str]] = {}
    for finding in result.findings:
        if str(getattr(finding.severity, "value", finding.severity)) == "error":
            found.setdefault(finding.rule, []).append(finding.message)
    return found


@pytest.fixture(scope="module")
def pack(registry):
    from budgetcheck.rules import load_pack

    return load_pack(registry)


def test_prose_in_yuan_makes_the_document_unit_yuan_and_the_tables_keep_wan():
    text = _prose_in_yuan(SAMPLE)
    assert "固定资产总额649200元" in text and "\t10.75" in text
    data = extract_text(text, "yuan.txt").document.data
    assert data["metadata"]["unit"] == "元"
    assert data["overview"]["expenditure"]["project"]["total"] == Decimal("1875900")
    assert (data["assets"]["unit"], data["performance"]["unit"]) == ("万元", "万元")
    assert data["assets"]["vehicles"]["value"] == Decimal("10.75")


def test_the_assets_sentence_in_yuan_is_held_in_the_unit_of_its_table():
    extraction = extract_text(_prose_in_yuan(SAMPLE), "yuan.txt")
    assets = extraction.document.data["assets"]
    assert assets["fixed_assets_total"] == Decimal("64.92")  # 649200元 in the part's 万元, not 649,200 万元
    pointer = "/assets/fixed_assets_total"
    assert extraction.provenance[pointer].unit == "元"  # as printed
    assert extraction.document.precision[pointer] == -4  # its last printed digit is a 元: 0.0001 万元


def test_the_assets_sentence_after_its_table_is_held_in_the_unit_of_the_table():
    text = _prose_in_yuan(SAMPLE)
    head, assets = text.split("七、国有资产信息", 1)
    assets, tail = assets.split("八、", 1)
    sentence = next(line for line in assets.splitlines() if "固定资产总额" in line)
    moved = assets.replace(sentence + "\n", "").rstrip("\n") + "\n\n" + sentence + "\n\n"
    data = extract_text(head + "七、国有资产信息" + moved + "八、" + tail, "after.txt").document.data
    assert data["assets"]["fixed_assets_total"] == Decimal("64.92")


def test_an_assets_table_in_yuan_holds_the_sentence_in_yuan_under_a_document_in_wan():
    data = extract_text(_assets_table_in_yuan(SAMPLE), "assets-yuan.txt").document.data
    assert (data["metadata"]["unit"], data["assets"]["unit"]) == ("万元", "元")
    assert data["assets"]["fixed_assets_total"] == Decimal("649200")  # 64.92万元 in the part's 元
    assert data["assets"]["vehicles"]["value"] == Decimal("107500")


@pytest.mark.parametrize("rewrite", [_prose_in_yuan, _assets_table_in_yuan], ids=["prose-in-yuan", "assets-table-in-yuan"])
def test_parts_in_another_unit_raise_no_error_the_sample_does_not_raise(rewrite, registry, pack):
    """The units a disclosure prints its parts in are not its errors: the rules that compare two parts (绩效表之和 =
    项目支出, 房屋 + 车辆 + … = 固定资产总额, 文中固定资产总额 = 国有资产信息) give what they give on the sample."""
    before = _errors(extract_text(SAMPLE, "sample.txt"), registry, pack)
    after = _errors(extract_text(rewrite(SAMPLE), "rewritten.txt"), registry, pack)
    for rule in ("BUD-PERF-001", "BUD-AST-001", "BUD-AST-002", "CLM-TOT-005", "BUD-X-001", "BUD-X-002", "BUD-OPC-002"):
        assert after.get(rule) == before.get(rule), rule
