"""Issue 16, text quality on real disclosures from 14 provinces (local only: the texts are not in the repository).

The corpus lives in $BUDGETCHECK_CORPUS (default /work/scratch/corpus); without it these tests skip.
Every text-quality defect of its truth files is found by the rule expected_text.yaml names, at the
truth's line; every text finding is one of those or checked by hand (reviewed), and no text rule
speaks where the truth says a document was only cut. TXT-PCT-001 (shares, arithmetic) and the
TXT-SELF rules (which compare with the title) are not judged here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from budgetcheck.rules import load_pack
from tests.corpus.textcheck import CORPUS, text_findings

pytestmark = pytest.mark.skipif(not (CORPUS / "truth").is_dir(), reason=f"corpus not present at {CORPUS} (BUDGETCHECK_CORPUS)")

EXPECTED = yaml.safe_load((Path(__file__).parent / "expected_text.yaml").read_text(encoding="utf-8"))
NOT_JUDGED = ("TXT-PCT-",)


@cache
def _truth(doc: str) -> dict:
    facts = yaml.safe_load((CORPUS / "truth" / f"{doc}.yaml").read_text(encoding="utf-8"))
    return {check["id"]: check for check in facts["checks"]}


@pytest.fixture(scope="module")
def findings(registry):
    pack = load_pack(registry=registry)
    return {path.stem: text_findings(path.read_text(encoding="utf-8"), registry, pack) for path in sorted((CORPUS / "docs").glob("*.txt"))}


def test_every_text_defect_of_the_truth_files_is_listed():
    listed = {(row["doc"], row["check"]) for row in EXPECTED["defects"]}
    truth = {
        (path.stem, check["id"])
        for path in sorted((CORPUS / "truth").glob("*.yaml"))
        for check in yaml.safe_load(path.read_text(encoding="utf-8"))["checks"]
        if check["kind"].startswith("text:") and check["verdict"] == "defect"
    }
    assert truth == listed


@pytest.mark.parametrize("row", EXPECTED["defects"], ids=lambda row: f"{row['doc']}-{row['check']}")
def test_a_text_defect_is_found_by_its_rule_at_its_line(findings, row):
    if "out_of_reach" in row:
        pytest.skip(row["out_of_reach"])
    line = row.get("line", _truth(row["doc"])[row["check"]]["line"])
    found = [f for f in findings[row["doc"]] if f.rule == row["rule"]]
    assert any(line in f.lines for f in found), (row, [(f.rule, f.lines) for f in findings[row["doc"]]])


def test_every_text_finding_on_the_corpus_is_a_defect_of_the_truth_or_checked_by_hand(findings):
    allowed = {(row["doc"], row["rule"], row.get("line") or _truth(row["doc"])[row["check"]]["line"]) for row in EXPECTED["defects"]}
    allowed |= {(row["doc"], row["rule"], row["line"]) for row in EXPECTED["reviewed"]}
    unexpected = [
        (doc, f.rule, f.severity, f.lines, f.message)
        for doc, found in findings.items()
        for f in found
        if not f.rule.startswith(NOT_JUDGED) and not any((doc, f.rule, line) in allowed for line in f.lines)
    ]
    assert unexpected == []


def test_no_text_error_on_a_document_whose_truth_has_no_text_defect(findings):
    clean = {doc for doc in findings if not any(row["doc"] == doc for row in EXPECTED["defects"])}
    errors = [(doc, f.rule, f.lines) for doc in sorted(clean) for f in findings[doc] if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("row", EXPECTED["silent"], ids=lambda row: f"{row['doc']}-{row['check']}")
def test_no_text_rule_speaks_where_a_document_was_only_cut(findings, row):
    line = _truth(row["doc"])[row["check"]]["line"]
    assert [f for f in findings[row["doc"]] if line in f.lines] == []
