"""The issue-16 corpus: 36 real disclosures or fragments from 14 provinces, checked by hand (tests/corpus/truth.yaml).

The texts are not in the repository (tests/corpus/record_sources.py says why and where they came from): they are
read from $BUDGETCHECK_CORPUS/docs (default /work/scratch/corpus/docs), and every test here skips when they are
absent, as in CI. What is asserted, from tests/corpus/expected.yaml:

- every document is read (no refusal): by a known template, or by the generic reader with its diagnostic;
- every arithmetic or claims defect of the hand check is reported by its rule at its line, or listed with the
  precise reason it is out of reach; each text-quality defect is found by a real check at its line (any
  severity), or listed with why not (test_text_corpus.py runs the text rules over every paragraph);
- no error finding anywhere else (a false error fails the test), the documents with no defect give none.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
import yaml

import budgetcheck

HERE = Path(__file__).parent
CORPUS = Path(os.environ.get("BUDGETCHECK_CORPUS", "/work/scratch/corpus"))
DOCS = CORPUS / "docs"
SOURCES = yaml.safe_load((HERE / "sources.yaml").read_text(encoding="utf-8"))
TRUTH = yaml.safe_load((HERE / "truth.yaml").read_text(encoding="utf-8"))
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))
NAMES = [Path(entry["file"]).stem for entry in SOURCES]

pytestmark = pytest.mark.skipif(not DOCS.is_dir(), reason=f"the corpus texts are not here ({DOCS}); set BUDGETCHECK_CORPUS")


@cache
def _pack():
    return budgetcheck.load_pack()


@cache
def _result(name: str):
    return budgetcheck.check_paths([DOCS / f"{name}.txt"], pack=_pack()).documents[0]


def _errors(name: str, severity: str = "error") -> list[tuple[str, set[int]]]:
    return [(f.rule, {location[0] for location in f.locations if location}) for f in _result(name).findings if f.severity.value == severity]


def _defects() -> list[dict]:
    return EXPECTED["defects"]


def test_the_committed_facts_cover_the_whole_corpus_and_every_defect_has_an_entry():
    assert len(SOURCES) == 36 and len({entry["province"] for entry in SOURCES}) == 14
    assert len(TRUTH) == 273 and sum(fact["verdict"] == "defect" for fact in TRUTH) == 31
    listed = {(row["doc"], row["check"]) for row in _defects()}
    assert listed == {(Path(fact["file"]).stem, fact["id"]) for fact in TRUTH if fact["verdict"] == "defect"}
    for row in _defects():
        assert sum(key in row for key in ("rule", "out_of_reach", "owner")) == 1, row
        assert row.get("out_of_reach", "x").strip() and row.get("out_of_reach") != "TODO", row


@pytest.mark.parametrize("name", NAMES)
def test_every_corpus_document_is_read_and_never_refused(name):
    result = _result(name)
    assert result.status != "invalid", [f.message_zh for f in result.findings]
    assert "NARRATIVE-UNRECOGNISED" not in [f.rule for f in result.findings]
    if result.schema.endswith("/2016-generic/document.schema.json"):
        notes = [d for d in result.diagnostics if d.rule == "EXTRACT-GENERIC"]
        assert len(notes) == 1 and notes[0].message_zh.startswith("未识别的模板")


@pytest.mark.parametrize("row", [row for row in _defects() if "rule" in row], ids=lambda row: f"{row['doc']}-{row['check']}")
def test_each_arithmetic_defect_of_the_hand_check_is_found_by_its_rule_at_its_line(row):
    severity = row.get("severity", "error")
    found = [(rule, lines) for rule, lines in _errors(row["doc"], severity) if rule == row["rule"] and row["line"] in lines]
    assert found, f"{row['rule']} not reported as {severity} at line {row['line']}: {_errors(row['doc'], severity)}"


@pytest.mark.parametrize("name", NAMES)
def test_no_error_finding_but_the_expected_ones(name):
    """Every error is a defect of the hand check found by its rule at its line, or a known error listed with why."""
    allowed = {(row["rule"], row["line"]) for row in _defects() if row["doc"] == name and "rule" in row}
    allowed |= {(row["text_rule"], row["line"]) for row in _defects() if row["doc"] == name and "text_rule" in row}
    allowed |= {(row["rule"], row["line"]) for row in EXPECTED["known_errors"] if row["doc"] == name}
    unexpected = [(rule, sorted(lines)) for rule, lines in _errors(name) if not any((rule, line) in allowed for line in lines)]
    assert not unexpected


def test_the_documents_with_no_defect_give_no_error_finding():
    clean = sorted({Path(fact["file"]).stem for fact in TRUTH} - {Path(fact["file"]).stem for fact in TRUTH if fact["verdict"] == "defect"})
    assert len(clean) == 21
    known = {row["doc"] for row in EXPECTED["known_errors"]}
    with_errors = {name: _errors(name) for name in clean if _errors(name) and name not in known}
    assert not with_errors


def test_a_cut_fragment_is_not_judged_on_its_last_sentence():
    """The 鄂城 page ends with a lone “(”: no finding points at it."""
    name = "hubei-echeng-district-sangong-2022-final"
    last = len((DOCS / f"{name}.txt").read_text(encoding="utf-8").splitlines())
    assert not [f.rule for f in _result(name).findings if any(location and location[0] == last for location in f.locations)]


@pytest.mark.parametrize("row", [row for row in _defects() if "text_rule" in row], ids=lambda row: f"{row['doc']}-{row['check']}")
def test_each_text_defect_of_the_hand_check_is_found_by_a_real_check_at_its_line(row):
    """test_text_corpus.py runs the text rules over every paragraph; this runs `check` as a user does."""
    found = [f.rule for f in _result(row["doc"]).findings if f.rule == row["text_rule"] and any(location and location[0] == row["line"] for location in f.locations)]
    assert found, [(f.rule, f.locations[:1]) for f in _result(row["doc"]).findings]


def test_every_text_defect_is_found_by_a_real_check_or_says_why_not():
    for row in _defects():
        if row.get("owner") == "issue16b":
            assert ("text_rule" in row) != ("text_missed" in row), row
