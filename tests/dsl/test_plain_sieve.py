"""A sieved rule whose first `for` walks fields and [*] from the root (PERF-IND-001…007) has its screen run on the plain
values of the walk before any Ref is made (evaluate._plain_sieved): the members it runs over are those the sieve keeps
from the walk of Refs (the same Refs, in order), and what the source raises, it raises, on the sample, the fixtures, a
generated batch and fuzzed documents (with parts not read)."""

from __future__ import annotations

import sys

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
        return ("kept", [id(member) for member in function()])
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

        expected = _outcome(sieved)  # the walk of Refs is kept by the document: the same Refs in both
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
    return {name: (getattr(value, "value", value), getattr(value, "pointer", None)) for name, value in run.items()}


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


def test_the_rules_that_walk_fields_and_wildcards_from_the_root_are_those_of_the_performance_table():
    assert sorted(rule.rule.id for rule in PLAIN) == [f"PERF-IND-00{number}" for number in range(1, 8)]


def test_a_plain_sieve_keeps_what_the_sieve_keeps_on_the_sample_the_fixtures_and_a_generated_batch(tmp_path, monkeypatch):
    files = [SAMPLE, *sorted(path for path in FIXTURES.rglob("*") if path.is_file() and path.suffix in (".yaml", ".json", ".txt"))]
    generate.generate(40, tmp_path, seed=22, error_share=0.5, corrupt=0)
    assert _recorded([*files, *sorted(tmp_path.glob("doc-*"))], monkeypatch) > 100


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(disclosures(), st.sampled_from([None, "performance", "duties", "metadata"]))
def test_a_plain_sieve_keeps_what_the_sieve_keeps_on_fuzzed_documents(data, unread):
    _compared(data, {unread: ("未读", "not read")} if unread else None)
