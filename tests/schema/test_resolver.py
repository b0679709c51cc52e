"""schema/resolver.py answers every $ref exactly as referencing does (the same contents object, the same base URI
after), and hands to referencing whatever it does not resolve itself, errors included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from referencing.exceptions import Unresolvable

from budgetcheck.schema.registry import SchemaRegistry, _iter_refs
from budgetcheck.schema.resolver import Resolver
from tests.conftest import DOCUMENT_2016, TEST_SCHEMAS


def _same(registry: SchemaRegistry, base: str, ref: str) -> None:
    mine = registry.resolver(base).lookup(ref)
    theirs = registry.registry.resolver(base).lookup(ref)
    assert mine.contents is theirs.contents, (base, ref)
    assert mine.resolver._base_uri == theirs.resolver._base_uri, (base, ref)


def _refs(registry: SchemaRegistry) -> set[tuple[str, str]]:
    return {pair for entry in registry.entries.values() for pair in _iter_refs(entry.contents, entry.id)}


def test_every_ref_of_the_bundled_schemas_resolves_as_referencing_resolves_it(registry):
    refs = _refs(registry)
    assert len(refs) > 100
    for base, ref in sorted(refs):
        _same(registry, base, ref)
    mine = [registry.resolver(base).lookup(ref) for base, ref in sorted(refs)]
    assert all(type(found.resolver) is Resolver for found in mine)  # none of them needed referencing


def test_every_schema_root_and_the_test_schemas_resolve_as_referencing_resolves_them():
    registry = SchemaRegistry.default([TEST_SCHEMAS])
    for schema_id in registry.entries:
        _same(registry, "", schema_id)
    for base, ref in sorted(_refs(registry)):
        _same(registry, base, ref)


def _schemas(folder: Path) -> SchemaRegistry:
    base = "https://budgetcheck.invalid/r/"
    files = {
        "a.schema.json": {
            "$id": base + "a.schema.json",
            "$defs": {
                "plain": {"type": "string"},
                "slash/tilde~": {"type": "number"},
                "inner": {"$id": "inner.schema.json", "$defs": {"x": {"type": "integer"}}},
                "named": {"$anchor": "here", "type": "boolean"},
                "中文": {"type": "object"},
            },
            "x-data": {"list": [{"type": "null"}, {"type": "array"}], "text": "not a schema"},
        },
        "b.schema.json": {"$id": base + "b.schema.json", "type": "string"},
    }
    for name, contents in files.items():
        (folder / name).write_text(json.dumps(contents), encoding="utf-8")
    return SchemaRegistry([folder])


@pytest.mark.parametrize(
    "ref",
    [
        "a.schema.json",
        "a.schema.json#",
        "a.schema.json#/$defs/plain",
        "#/$defs/plain",
        "a.schema.json#/$defs/slash~1tilde~0",
        "a.schema.json#/x-data/list/1",
        "a.schema.json#/x-data/list/01",
        "a.schema.json#/$defs/%E4%B8%AD%E6%96%87",
        "a.schema.json#/$defs/inner",  # an embedded $id: referencing moves the base URI
        "a.schema.json#/$defs/inner/$defs/x",
        "inner.schema.json#/$defs/x",  # only referencing's crawl knows the embedded resource
        "a.schema.json#here",  # an anchor
        "b.schema.json",
        "/r/b.schema.json",
        "https://budgetcheck.invalid/r/b.schema.json#",
    ],
)
def test_edge_cases_resolve_as_referencing_resolves_them(tmp_path, ref):
    registry = _schemas(tmp_path)
    _same(registry, "https://budgetcheck.invalid/r/a.schema.json", ref)


@pytest.mark.parametrize(
    "ref",
    ["c.schema.json", "https://example.com/x.json", "a.schema.json#/$defs/missing", "a.schema.json#/x-data/list/7", "a.schema.json#/x-data/list/-1x", "a.schema.json#/x-data/text/0", "a.schema.json#nowhere"],
)
def test_what_resolves_oddly_or_not_at_all_is_referencings_answer(tmp_path, ref):
    registry = _schemas(tmp_path)
    base = "https://budgetcheck.invalid/r/a.schema.json"
    try:
        theirs = registry.registry.resolver(base).lookup(ref)
    except Exception as error:  # noqa: BLE001 - whatever referencing raises, the resolver raises too
        with pytest.raises(type(error)):
            registry.resolver(base).lookup(ref)
        assert isinstance(error, Unresolvable) or ref.endswith("-1x")
    else:
        assert registry.resolver(base).lookup(ref).contents is theirs.contents


def test_navigation_of_a_document_schema_is_unchanged(registry):
    from budgetcheck.schema.navigation import SchemaNode  # noqa: PLC0415

    root = SchemaNode.root(registry, DOCUMENT_2016)
    resolved = registry.registry.resolver().lookup(DOCUMENT_2016)
    assert root.contents is resolved.contents or root.contents is SchemaNode._follow(resolved.contents, resolved.resolver, "").contents
    assert root.properties()
