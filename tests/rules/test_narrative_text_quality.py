"""Punctuation and bracket checks over the sentences the narrative states figures in (narrative.claims)."""

from __future__ import annotations

import copy
import json

import pytest

from budgetcheck.ingest import load_document
from budgetcheck.ingest.narrative import extract_path, extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES, SAMPLE

TEXT = FIXTURES / "xiguan-2019.txt"
SENTENCE_RULES = ("TXT-PAIR-002", "TXT-PUNCT-003")


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


def _sentence_findings(registry, pack, document) -> list:
    return [f for f in check_loaded(document, registry, pack).findings if f.rule in SENTENCE_RULES]


def test_the_samples_full_width_bracket_closed_half_width_is_found_once_at_the_three_public_sentence(registry, pack):
    (finding,) = _sentence_findings(registry, pack, extract_path(TEXT).document)
    assert finding.rule == "TXT-PAIR-002" and finding.paths == ("/narrative/claims/13/text",)
    assert finding.locations == ((175, 1),)
    assert "1.1万元)" in finding.message_zh and "财政拨款“三公”经费" in finding.message_zh


def test_the_transcription_and_the_text_give_the_same_sentence_finding_each_with_its_own_line():
    by_source = {}
    for path in (SAMPLE, TEXT):
        report = json.loads(invoke_cli("check", path, "--format", "json").stdout)
        (document,) = report["documents"]
        by_source[path.suffix] = [(f["rule"], f["paths"], f["locations"][0]["line"]) for f in document["findings"] if f["rule"] in SENTENCE_RULES]
    assert [entry[:2] for entry in by_source[".yaml"]] == [entry[:2] for entry in by_source[".txt"]] == [("TXT-PAIR-002", ["/narrative/claims/13/text"])]
    assert by_source[".txt"][0][2] == 175


def test_the_bracket_mended_the_sentence_raises_nothing(registry, pack):
    text = TEXT.read_text(encoding="utf-8").replace("公务用车运行费1.1万元)", "公务用车运行费1.1万元）")
    assert _sentence_findings(registry, pack, extract_text(text, "mended.txt").document) == []


def test_a_doubled_comma_in_a_sentence_of_figures_is_found_once_though_the_sentence_holds_five_claims(registry, pack):
    text = TEXT.read_text(encoding="utf-8").replace("2019年预算收入为329.37万元，其中", "2019年预算收入为329.37万元，，其中")
    document = extract_text(text, "doubled.txt").document
    claims = document.data["narrative"]["claims"]
    assert sum("，，" in claim["text"] for claim in claims) == 5
    found = [(f.rule, f.paths, f.locations) for f in _sentence_findings(registry, pack, document) if f.rule == "TXT-PUNCT-003"]
    assert found == [("TXT-PUNCT-003", ("/narrative/claims/0/text",), ((161, 13),))]


def test_two_top_claims_of_one_sentence_are_checked_once_and_a_sub_claim_never(registry, pack):
    document = load_document(SAMPLE)
    data = copy.deepcopy(document.data)
    claims = data["narrative"]["claims"]
    assert claims[5]["text"] == claims[8]["text"] and "part_of" not in claims[8] and claims[6]["part_of"] == claims[5]["id"]
    broken = claims[5]["text"].replace("其中：", "（其中：")
    for index in (5, 6, 7, 8):
        claims[index]["text"] = broken
    document.data = data
    found = [f.paths for f in _sentence_findings(registry, pack, document) if f.rule == "TXT-PAIR-002"]
    assert found == [("/narrative/claims/5/text",), ("/narrative/claims/13/text",)]


def test_a_doubled_full_stop_in_a_sentence_of_figures_survives_splitting_and_is_found(registry, pack):
    text = TEXT.read_text(encoding="utf-8").replace("2019年预算收入为329.37万元，其中", "2019年预算收入为329.37万元。。其中")
    found = [f for f in _sentence_findings(registry, pack, extract_text(text, "doubled.txt").document) if f.rule == "TXT-PUNCT-003"]
    assert len(found) == 1 and "。。" in found[0].message_zh


def test_a_full_stop_inside_brackets_leaves_the_sentence_and_its_brackets_whole(registry, pack):
    text = TEXT.read_text(encoding="utf-8").replace("公务用车运行费1.1万元)", "公务用车运行费1.1万元。以上为预算数）")
    assert _sentence_findings(registry, pack, extract_text(text, "inside.txt").document) == []
