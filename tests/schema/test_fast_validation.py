"""The jsonschema-rs pre-check only ever skips jsonschema on documents jsonschema itself finds valid."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgetcheck import pointer as jp
from budgetcheck.ingest import load_document, load_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.schema.registry import jsonschema_rs
from tests.conftest import MINIMAL, SAMPLE

MUTATIONS = (Decimal("2019.0"), Decimal("-1.5"), -3, 10**30, "abc", "", " ", "2019-02-30", "130303\n", None, True, [], {"x": 1})


def _leaves(value: object, pointer: str = "") -> list[str]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _leaves(item, jp.join(pointer, key))] + [pointer]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _leaves(item, jp.join(pointer, index))] + [pointer]
    return [pointer]


def _errors(validator, instance) -> list[tuple[str, str, str]]:
    return sorted((error.json_path, error.validator, error.message) for error in validator.iter_errors(instance))


SPREAD = 4  # each pointer takes every SPREAD-th mutation, rotating: every mutation lands on every SPREAD-th pointer


def mutants(base: dict | None = None, mutations: tuple = MUTATIONS):
    """(pointer, value, the document with that value at that pointer) for every pointer of `base` (the minimal
    document's data by default) and a rotating share of `mutations` (each pointer every SPREAD-th of them, starting one
    further along at each pointer, so that every mutation reaches fields of every sort, in a quarter of the time
    that every pair took)."""
    base = base if base is not None else load_document(MINIMAL).data
    for number, pointer in enumerate(pointer for pointer in _leaves(base) if pointer):
        for value in mutations[number % SPREAD :: SPREAD]:
            mutant = copy.deepcopy(base)
            parent_pointer, _, token = pointer.rpartition("/")
            parent = jp.resolve(mutant, parent_pointer)
            parent[int(token) if isinstance(parent, list) else jp.unescape(token)] = value
            yield pointer, value, mutant


def test_every_mutant_of_the_minimal_document_gets_exactly_jsonschemas_errors(registry):
    validator = registry.validator(registry.for_document(load_document(MINIMAL).data).id)
    checked = disagreements = 0
    for pointer, value, mutant in mutants():
        expected = _errors(validator.python, mutant)
        assert _errors(validator, mutant) == expected, (pointer, value)
        if validator.fast is not None:
            disagreements += validator._fast_says_valid(mutant) != (not expected)
        checked += 1
    assert checked > 500
    assert disagreements < checked // 10  # the pre-check must also be useful, not merely safe


@pytest.mark.skipif(jsonschema_rs is None, reason="jsonschema-rs is not installed")
def test_the_rust_check_is_used_and_says_valid_for_the_sample(registry):
    validator = registry.validator(registry.for_document(load_document(SAMPLE).data).id)
    assert validator.fast is not None
    assert validator._fast_says_valid(load_document(SAMPLE).data)


def test_an_integral_decimal_where_an_integer_belongs_is_still_a_type_error(registry):
    text = SAMPLE.read_text(encoding="utf-8").replace("fiscal_year: 2019", "fiscal_year: 2019.0")
    result = check_loaded(load_text(text, "fiscal-year.yaml", "yaml"), registry)
    assert ("SCHEMA-TYPE", ("/metadata/fiscal_year",)) in [(finding.rule, finding.paths) for finding in result.findings]
