"""A sieved rule whose first `for` walks fields and [*] from the root (PERF-IND-001…007) has its screen run on the plain
values of the walk before any Ref is made (evaluate._plain_sieved): the members it runs over are those the sieve keeps
from the walk of Refs (the same Refs, in order), and what the source raises, it raises, on the sample, the fixtures, a
generated batch and fuzzed documents (with parts not read)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
import budgetcheck.pipeline as pipeline
from budgetcheck.dsl.runtime import DocumentContext, Env, members
from budgetcheck.evaluate import _bindings, _plain_sieved
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES, REPO, SAMPLE
from tests.dsl.test_screen import disclosures

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

REGISTRY = budgetcheck.load_registry()
COMPILED = load_pack(REGISTRY, evaluator="compiled")
PLAIN = [rule for rule in COMPILED.rules if rule.plain_first is not None]


def _outcome(function) -> tuple:
    try:
        return ("kept", [(getattr(member, "pointer", None), id(getattr(member, "value", member))) for member in function()])  # a list's members are new Refs at each read
    except Exception as error:  # noqa: BLE001 - which exception is part of what is compared
        return ("raises", type(error).__name__, str(error))


def _compared(data: dict, unread: dict | None = None) -> int:
    compared = 0
    for rule in PLAIN:
        document = DocumentContext(data, unread)
        source = rule.bindings[0][2]

        def sieved(rule=rule, source=source, document=document) -> list:
            return rule.sieve(members(source(Env(document))), document)

        def plain(rule=rule, source=source, document=document) -> list:
            found = _plain_sieved(rule, source, Env(document))
            return found if found.__class__.__name__ == "_Sieved" else rule.sieve(members(found), document)

        expected = _outcome(sieved)  # the same members: their pointers and values
        assert _outcome(plain) == expected, rule.rule.id
        assert _outcome(plain) == expected, rule.rule.id  # again, the plain walk kept by the document
        compared += 1
        runs = [env if isinstance(env, Exception) else dict(env.vars) for env in _bindings(rule, Env(DocumentContext(data, unread)))]
        reference = [env if isinstance(env, Exception) else dict(env.vars) for env in _bindings(_without_plain(rule), Env(DocumentContext(data, unread)))]
        assert [_shown(run) for run in runs] == [_shown(run) for run in reference], rule.rule.id
    return compared


def _without_plain(rule):
    import dataclasses

    return dataclasses.replace(rule, plain_first=None)


def _shown(run) -> object:
    if isinstance(run, Exception):
        return (type(run).__name__, str(run))
    return {name: _value(value) for name, value in run.items()}


def _value(value: object) -> object:
    """A bound value as its plain values and pointers (a let's list holds Refs made at each read)."""
    if isinstance(value, list):
        return [_value(item) for item in value]
    if hasattr(value, "reads"):  # a Derived: a let's value with its reads
        return ("derived", _value(value.value))
    return (getattr(value, "value", value), getattr(value, "pointer", None))


def _recorded(paths, monkeypatch) -> int:
    calls = []
    evaluate = pipeline.evaluate

    def recorded(rules, data, context):
        calls.append((data, context.unread))
        return evaluate(rules, data, context)

    monkeypatch.setattr(pipeline, "evaluate", recorded)
    for path in paths:
        pipeline.check_path(path, REGISTRY, pack=COMPILED)
    return sum(_compared(*call) for call in calls)


def test_the_rules_that_walk_fields_and_wildcards_from_the_root_or_loop_over_a_list_of_the_root_get_a_plain_sieve():
    walks = sorted(rule.rule.id for rule in PLAIN if rule.plain_first[0].count(None) > 1 or rule.plain_first[0][-1] is not None)
    assert walks == [f"PERF-IND-00{number}" for number in range(1, 8)]
    # `for d in duties.items`: the path and a [*], the plain values of the list's members, in members()'s order
    assert {"BUD-X-005", "BUD-X-006", "BUD-X-007", "PERF-STD-001", "BUD-PERF-002", "CLM-DUP-002"} <= {rule.rule.id for rule in PLAIN}
    assert COMPILED.get("BUD-X-006").plain_first[0] == ("duties", "items", None)


@pytest.mark.parametrize(
    "items",
    [
        [{"number": 1, "name": "甲", "indicators": [{"name": "完成率"}]}, {"number": 2, "name": "乙", "indicators": []}],
        {"a": {"number": 1, "name": "甲", "indicators": [{"name": "完成率"}]}, "b": {"number": 2}},  # a mapping: its values
        "无",  # not a list: the source decides (not applicable)
        None,
        [],
    ],
)
def test_a_plain_sieve_of_a_list_of_the_root_keeps_what_the_sieve_keeps(items):
    performance = {"duties": [{"number": 1, "activities": [{"indicators": [{"name": "完成率"}]}]}]}
    data = {"metadata": {}, "performance": performance, "duties": {} if items is None else {"items": items}}
    assert _compared(data) == len(PLAIN)


def test_a_plain_sieve_keeps_what_the_sieve_keeps_on_the_sample_the_fixtures_and_a_generated_batch(tmp_path, monkeypatch):
    files = [SAMPLE, *sorted(path for path in FIXTURES.rglob("*") if path.is_file() and path.suffix in (".yaml", ".json", ".txt"))]
    generate.generate(40, tmp_path, seed=22, error_share=0.5, corrupt=0)
    assert _recorded([*files, *sorted(tmp_path.glob("doc-*"))], monkeypatch) > 100


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(disclosures(), st.sampled_from([None, "performance", "duties", "metadata"]))
def test_a_plain_sieve_keeps_what_the_sieve_keeps_on_fuzzed_documents(data, unread):
    _compared(data, {unread: ("未读", "not read")} if unread else None)
