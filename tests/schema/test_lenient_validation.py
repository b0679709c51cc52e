"""The lenient jsonschema-rs check (no strict-integer keyword) says "valid" only of what jsonschema finds valid, for
documents that hold no whole Decimal: the ones the JSON reader says so of (SourceDocument.fractional)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import pytest

from budgetcheck.ingest import load_document, load_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.schema.registry import jsonschema_rs
from tests.conftest import MINIMAL, REPO
from tests.schema.test_fast_validation import mutants

sys.path.insert(0, str(REPO / "benchmarks"))
import generate

pytestmark = pytest.mark.skipif(jsonschema_rs is None, reason="jsonschema-rs is not installed")

# values with no whole Decimal among them; 1.00000000000000000001 is one a reading through float would take for 1
MUTATIONS = (Decimal("2019.5"), Decimal("-1.5"), Decimal("1.00000000000000000001"), Decimal("0.01"), -3, 2019, 10**30, "abc", "", None, True, [], {"x": 1})


def _fractional(data: dict) -> dict:
    """The data with every whole Decimal given a fraction, as a JSON document the reader says is fractional."""
    if isinstance(data, dict):
        return {key: _fractional(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_fractional(value) for value in data]
    if isinstance(data, Decimal) and data == data.to_integral_value():
        return data + Decimal("0.25")
    return data


def _errors(errors) -> list[tuple[str, str, str]]:
    return sorted((error.json_path, error.validator, error.message) for error in errors)


def test_every_mutant_without_a_whole_decimal_is_judged_by_the_lenient_check_as_jsonschema_judges_it(registry):
    base = _fractional(load_document(MINIMAL).data)
    validator = registry.validator(registry.for_document(base).id)
    checked = 0
    for pointer, value, mutant in mutants(base, MUTATIONS):
        expected = _errors(validator.python.iter_errors(mutant))
        assert validator._fast_says_valid(mutant, validator.lenient) == (not expected), (pointer, value)
        assert _errors(validator.iter_errors(mutant, fractional=True)) == expected, (pointer, value)
        checked += 1
    assert checked > 500


def test_a_decimal_with_a_fraction_where_an_integer_belongs_is_refused_by_the_lenient_check(registry):
    data = _fractional(load_document(MINIMAL).data)
    validator = registry.validator(registry.for_document(data).id)
    for value in (Decimal("2019.5"), Decimal("2019.00000000000000000001")):
        data["metadata"]["fiscal_year"] = value
        assert not validator._fast_says_valid(data, validator.lenient)


def test_a_whole_decimal_where_an_integer_belongs_in_json_is_still_a_type_error(registry):
    data = _fractional(load_document(MINIMAL).data)
    data["metadata"]["fiscal_year"] = "2019.0"
    text = json.dumps(data, default=str, ensure_ascii=False).replace('"2019.0"', "2019.0")
    document = load_text(text, "fiscal-year.json", "json")
    assert document.fractional is False
    result = check_loaded(document, registry)
    assert ("SCHEMA-TYPE", ("/metadata/fiscal_year",)) in [(finding.rule, finding.paths) for finding in result.findings]


def test_generated_documents_get_the_same_findings_by_the_lenient_check(registry, tmp_path):
    batch = generate.generate(12, tmp_path, seed=5, error_share=0.5)
    lenient = 0
    for path in batch.paths:
        document = load_document(path)
        validator = registry.validator(registry.for_document(document.data).id)
        expected = _errors(validator.python.iter_errors(document.data))
        assert _errors(validator.iter_errors(document.data, document.fractional)) == expected, path
        lenient += document.fractional
    assert lenient  # the generated documents are mostly read as fractional
