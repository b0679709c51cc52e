"""A filter of a root path whose condition reads only its element and the root (`tables[*][exists(rows)]`, written in
five rules) is worked out once per document for every rule that writes it (index.shared_filter): each rule gets a
list of its own holding the same elements, and what every rule gives on a document is what it gives evaluated alone
on it, on the sample, the fixtures and a generated batch."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import budgetcheck
import budgetcheck.pipeline as pipeline
from budgetcheck.dsl import index
from budgetcheck.dsl.runtime import DocumentContext, Env, RefList
from budgetcheck.evaluate import evaluate
from budgetcheck.rules import load_pack, load_rule_file
from tests.conftest import FIXTURES, REPO, SAMPLE

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

REGISTRY = budgetcheck.load_registry()
PACKS = [load_pack(REGISTRY, evaluator="compiled"), load_pack(REGISTRY, evaluator="closure")]
ROWS = ["TAB-ROW-001", "TAB-ROW-002", "TAB-HIER-001", "TAB-EMPTY-001", "TAB-CODE-001"]


def _filter_of(tmp_path: Path, source: str):
    path = tmp_path / "t.rules"
    path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{source}\n message "m"\n}}\n', encoding="utf-8")
    (rule,) = load_rule_file(path, REGISTRY)
    node = rule.rule.bindings[-1].expr
    return index.shared_filter(node, rule.compiler.annotations.scopes.get, None)


def test_a_filter_reading_only_its_element_and_the_root_is_shared_and_one_reading_a_variable_or_a_pattern_is_not(tmp_path):
    rows = _filter_of(tmp_path, "for t in tables[*][exists(rows)]\n assert true")
    assert rows is not None and rows is _filter_of(tmp_path, "for x in tables[*][exists(rows)]\n assert exists(x)")
    assert _filter_of(tmp_path, "for c in narrative.claims[exists(amount) and subject == metadata.title]\n assert true") is not None
    assert _filter_of(tmp_path, 'for c in narrative.claims[subject matches "^a"]\n assert true') is None  # a pattern: the rule's own time
    assert _filter_of(tmp_path, "for c in narrative.claims[len(subject) > 3]\n assert true") is None  # a function
    assert _filter_of(tmp_path, "for t in tables[*]\n for r in t.rows[exists(code)]\n assert true") is None  # a variable's list
    assert _filter_of(tmp_path, "for d in duties.items\n for p in performance.duties[number == d.number]\n assert true") is None  # reads d
    assert _filter_of(tmp_path, "for c in narrative.claims[amount == 1]\n assert true") is not _filter_of(tmp_path, "for c in narrative.claims[amount == 1.0]\n assert true")


@pytest.mark.parametrize("pack", PACKS, ids=["compiled", "closure"])
def test_each_rule_gets_a_list_of_its_own_with_the_same_elements(pack):
    data = {"metadata": {}, "tables": {"a": {"rows": []}, "b": {}, "c": {"rows": [{"total": 1}]}}}
    document = DocumentContext(data)
    first, second = (pack.get(rule_id).bindings[0][2](Env(document)) for rule_id in ("TAB-ROW-001", "TAB-EMPTY-001"))
    assert isinstance(first, RefList) and isinstance(second, RefList) and first is not second
    assert [ref.pointer for ref in first] == [ref.pointer for ref in second] == ["/tables/a", "/tables/c"]
    assert all(one is other for one, other in zip(first, second))  # the Refs are shared, never changed


def _documents(tmp_path: Path) -> list[Path]:
    generate.generate(12, tmp_path, seed=21, error_share=0.5, corrupt=0)
    fixtures = sorted(path for path in FIXTURES.rglob("*") if path.is_file() and path.suffix in (".yaml", ".json", ".txt"))
    return [SAMPLE, *fixtures, *sorted(tmp_path.glob("doc-*.json"))]


def test_every_rule_gives_on_a_document_what_it_gives_evaluated_alone(tmp_path, monkeypatch):
    calls = []
    recorded_evaluate = pipeline.evaluate

    def recorded(rules, data, context):
        calls.append((rules, data, context.unread, context.precision, context.schema))
        return recorded_evaluate(rules, data, context)

    monkeypatch.setattr(pipeline, "evaluate", recorded)
    for pack in PACKS:
        calls.clear()
        for path in _documents(tmp_path):
            pipeline.check_path(path, REGISTRY, pack=pack)
        assert calls
        for rules, data, unread, precision, schema in calls:
            together = evaluate(rules, data, DocumentContext(data, unread, precision, schema))
            for rule in rules:
                alone = evaluate([rule], data, DocumentContext(data, unread, precision, schema))
                assert [finding for finding in together[0] if finding.rule == rule.rule.id] == alone[0], rule.rule.id
                assert [outcome for outcome in together[1] if outcome.rule == rule.rule.id] == alone[1], rule.rule.id
