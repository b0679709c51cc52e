"""The amount walk skips parts of a document whose schema cannot hold an amount, and still finds every amount."""

from __future__ import annotations

import sys

from referencing import Registry
from referencing.jsonschema import DRAFT202012

from budgetcheck.ingest import load_document
from budgetcheck.schema.amounts import iter_amounts
from budgetcheck.schema.navigation import SchemaNode
from tests.conftest import REPO, SAMPLE

sys.path.insert(0, str(REPO / "benchmarks"))
import generate


def _sites(data, root):
    return [(site.pointer, site.money) for site in iter_amounts(data, root)]


def test_sections_without_amounts_are_known_from_the_schema(registry):
    root = SchemaNode.root(registry, registry.for_document(load_document(SAMPLE).data).id)
    assert not root.property("duties").holds_amounts
    assert root.property("overview").holds_amounts
    assert root.property("performance").holds_amounts  # a duty's budget


def test_skipping_finds_the_same_amounts_as_walking_everything(registry, tmp_path, monkeypatch):
    paths = [SAMPLE, *generate.generate(4, tmp_path, seed=21, error_share=0.5).paths]
    documents = [load_document(path).data for path in paths]
    root = SchemaNode.root(registry, registry.for_document(documents[0]).id)
    pruned = [_sites(data, root) for data in documents]
    monkeypatch.setattr(SchemaNode, "holds_amounts", property(lambda node: True))
    assert pruned == [_sites(data, root) for data in documents]
    assert all(pruned)


def test_an_amount_deep_in_a_schema_that_refers_to_itself_is_found():
    schema = {"$id": "https://budgetcheck.invalid/t/tree.json", "type": "object",
              "properties": {"child": {"$ref": "#"}, "name": {"type": "string"}, "amount": {"x-amount": True}}}  # fmt: skip
    resolved = Registry().with_resource(schema["$id"], DRAFT202012.create_resource(schema)).resolver().lookup(schema["$id"])
    root = SchemaNode._follow(resolved.contents, resolved.resolver, "")
    data = {"name": "a", "child": {"name": "b", "child": {"amount": 5}}}
    assert [(site.pointer, site.money.amount) for site in iter_amounts(data, root)] == [("/child/child/amount", 5)]


class _Forgetful(dict):
    """A memo of resolved $refs that keeps nothing: every $ref is looked up again, as before the memo."""

    def __setitem__(self, key, value):
        pass


def _walk(node, depth, seen, out, where=""):
    """Each place down to `depth`: the subschema reached (by identity), its title, types and amount flag."""
    out.append((where, id(node.contents), node.title, node.types, node.is_amount))
    if depth == 0 or id(node.contents) in seen:
        return
    seen = seen | {id(node.contents)}
    for name, child in sorted(node.properties().items()):
        _walk(child, depth - 1, seen, out, f"{where}/{name}")
    items = node.items()
    if items is not None:
        _walk(items, depth - 1, seen, out, f"{where}/0")


def test_following_each_ref_once_per_registry_reaches_the_same_subschemas_as_following_it_every_time(registry):
    """Navigation keeps where each (base URI, $ref) resolves (the rule checker follows the same refs thousands of
    times); every document schema is walked with that memo and without it, and each place must come out the same."""
    ids = sorted(entry.id for entry in registry.entries.values() if entry.is_document)
    assert len(ids) >= 2
    for schema_id in ids:
        resolved = registry.registry.resolver().lookup(schema_id)
        remembered, forgotten, memo = [], [], {}
        _walk(SchemaNode._follow(resolved.contents, resolved.resolver, "", memo), 6, frozenset(), remembered)
        _walk(SchemaNode._follow(resolved.contents, resolved.resolver, "", _Forgetful()), 6, frozenset(), forgotten)
        assert remembered == forgotten, schema_id
        assert len(remembered) > 50 and memo


def test_rows_and_mappings_of_one_amount_field_give_the_sites_the_general_loop_gives(tmp_path, monkeypatch):
    import copy

    import budgetcheck
    from budgetcheck.schema import amounts

    paths = [SAMPLE, *generate.generate(3, tmp_path, seed=5, error_share=0.5).paths]
    documents = [load_document(path).data for path in paths]
    odd = copy.deepcopy(documents[1])  # a row with its own unit, a row that is no mapping, an amount written as text
    odd["operating_costs"]["items"][0]["unit"] = "元"
    odd["operating_costs"]["items"].append("not a row")
    odd["operating_costs"]["items"][1]["amount"] = "12.5"
    odd["performance"]["duties"][0]["activities"][0]["budget"] = 3
    documents.append(odd)

    def sites(registry):
        root = SchemaNode.root(registry, registry.for_document(documents[0]).id)
        return [[(s.pointer, s.money, s.unit, id(s.parent), s.key) for s in iter_amounts(data, root)] for data in documents]

    read_by_name = []
    one = amounts._one
    monkeypatch.setattr(amounts, "_one", lambda value, *rest: read_by_name.append(value) or one(value, *rest))
    fast = sites(budgetcheck.load_registry())
    assert len(read_by_name) > 20
    monkeypatch.undo()
    original = amounts._Plan.fields

    def general(plan):  # the plans of a fresh registry, none of them marked as one amount field
        found = original(plan)
        plan.one = None
        return found

    monkeypatch.setattr(amounts._Plan, "fields", general)
    assert fast == sites(budgetcheck.load_registry())
    assert any(unit == "元" for _, _, unit, _, _ in fast[-1])
