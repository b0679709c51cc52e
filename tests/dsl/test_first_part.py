"""A rule whose first source is a path from the root, on a document without that part, is not applicable with the
outcome its run would give, without the run (evaluate.py, rules._first_part); under both evaluators."""

from __future__ import annotations

import copy
import dataclasses

import pytest

import budgetcheck
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document
from budgetcheck.rules import load_pack
from budgetcheck.schema.amounts import iter_amounts, normalise
from budgetcheck.schema.navigation import SchemaNode
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()
PACKS = {evaluator: load_pack(REGISTRY, evaluator=evaluator) for evaluator in ("closure", "compiled")}


def _sample() -> tuple[dict, str]:
    document = load_document(SAMPLE)
    schema = REGISTRY.for_document(document.data).id
    normalise(document.data, list(iter_amounts(document.data, SchemaNode.root(REGISTRY, schema))))
    return document.data, schema


def _both(rule, data: dict, schema: str, unread=None) -> tuple[tuple, tuple]:
    """evaluate() of the rule as loaded, and of the same rule without its first part (every run done)."""
    plain = dataclasses.replace(rule, first_part=None)
    return evaluate([rule], data, DocumentContext(data, unread, None, schema)), evaluate([plain], data, DocumentContext(data, unread, None, schema))


@pytest.mark.parametrize("evaluator", sorted(PACKS))
def test_without_its_first_part_a_rule_gets_the_outcome_its_run_gives(evaluator):
    sample, schema = _sample()
    rules = [rule for rule in PACKS[evaluator].for_schema(schema) if rule.first_part is not None]
    assert len(rules) > 30
    shortened = 0
    for rule in rules:
        key = rule.first_part[0]
        for data in ({name: value for name, value in sample.items() if name != key}, {**sample, key: None}):
            data = copy.deepcopy(data)
            loaded, plain = _both(rule, data, schema)
            assert loaded == plain, rule.rule.id
            shortened += "missing input" in str(loaded)
    assert shortened > 60  # the outcomes compared are the shortcut's, not only periods judged before it


@pytest.mark.parametrize("evaluator", sorted(PACKS))
def test_a_part_not_read_is_left_to_the_run(evaluator):
    sample, schema = _sample()
    for rule in (rule for rule in PACKS[evaluator].for_schema(schema) if rule.first_part is not None):
        key = rule.first_part[0]
        data = {name: value for name, value in sample.items() if name != key}
        loaded, plain = _both(rule, data, schema, {key: ("未读", "not read")})
        assert loaded == plain, rule.rule.id


def test_a_rule_whose_first_source_is_not_a_path_from_the_root_has_no_first_part():
    pack = PACKS["closure"]
    assert pack.get("CLM-GEN-001").first_part == ("narrative", "/narrative")  # a filter of narrative.claims
    assert pack.get("TXT-DUP-001").first_part is None  # every_text(…)
    assert pack.get("CLM-TOT-001").first_part is None  # arithmetic
