"""evaluate works out once per list of rules what it reads of each rule before running it (evaluate._plan): the
outcomes are those of a list it has never seen, and a list changed since it was planned is planned again."""

from __future__ import annotations

import copy

import budgetcheck
from budgetcheck import evaluate as evaluate_module
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document
from budgetcheck.rules import load_pack
from budgetcheck.schema.amounts import iter_amounts, normalise
from budgetcheck.schema.navigation import SchemaNode
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()
PACK = load_pack(REGISTRY)


def _sample() -> tuple[dict, str]:
    document = load_document(SAMPLE)
    schema = REGISTRY.for_document(document.data).id
    normalise(document.data, list(iter_amounts(document.data, SchemaNode.root(REGISTRY, schema))))
    return document.data, schema


def _outcomes(rules: list, data: dict, schema: str) -> tuple[list, list]:
    return evaluate(rules, data, DocumentContext(data, None, None, schema))


def test_a_planned_list_gets_the_outcomes_of_a_list_never_seen_on_documents_with_and_without_parts():
    data, schema = _sample()
    rules = PACK.for_schema(schema)
    without = copy.deepcopy(data)
    for key in list(without)[1:4]:
        del without[key]
    dated = copy.deepcopy(data)
    dated["metadata"]["fiscal_year"] = 2011  # before some rules' periods
    for document in (data, without, dated, data):
        assert _outcomes(rules, document, schema) == _outcomes(list(rules), document, schema)
    assert _outcomes(rules, without, schema)[1]  # the absent parts made some rules not applicable


def test_a_list_changed_after_it_was_planned_is_planned_again():
    data, schema = _sample()
    rules = list(PACK.for_schema(schema))
    before = _outcomes(rules, data, schema)
    rules.reverse()  # the same length, the same rules, another order
    assert _outcomes(rules, data, schema) == _outcomes(list(rules), data, schema) != before
    del rules[len(rules) // 2 :]
    assert _outcomes(rules, data, schema) == _outcomes(list(rules), data, schema)


def test_the_plans_kept_are_bounded():
    data, schema = _sample()
    rules = PACK.for_schema(schema)
    for _ in range(evaluate_module.MAX_PLANS + 5):
        _outcomes(list(rules[:3]), data, schema)
    assert len(evaluate_module._PLANS) <= evaluate_module.MAX_PLANS


def test_a_runs_missing_input_outcome_is_shared_between_documents_and_equal_to_one_made_afresh(monkeypatch):
    data, schema = _sample()
    first = _outcomes(PACK.for_schema(schema), data, schema)[1]
    missing = [outcome for outcome in first if outcome.reason_en.startswith("missing input: ")]
    assert missing
    assert any((outcome.rule, outcome.paths[0]) in evaluate_module._MISSING for outcome in missing)  # runs met absent fields, not parts only
    again = _outcomes(PACK.for_schema(schema), copy.deepcopy(data), schema)[1]
    assert [outcome for outcome in again if outcome in missing] == missing
    assert all(any(outcome is shared for shared in again) for outcome in missing)
    monkeypatch.setattr(evaluate_module, "_MISSING", {})
    monkeypatch.setattr(evaluate_module, "MAX_ABSENT", 0)  # nothing kept: every outcome made afresh
    assert _outcomes(PACK.for_schema(schema), data, schema)[1] == first
