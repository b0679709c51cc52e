"""Schema findings explained where jsonschema-rs points are the whole-document walk's findings, field for field."""

from __future__ import annotations

import copy
import dataclasses
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck import pointer as jp
from budgetcheck.ingest import IngestError, load_document
from budgetcheck.schema import explain as explain_module
from budgetcheck.schema import registry as registry_module
from budgetcheck.schema.findings import schema_findings
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaRegistry, UnknownSchemaError, jsonschema_rs
from tests.conftest import FIXTURES

needs_rust = pytest.mark.skipif(jsonschema_rs is None, reason="jsonschema-rs is not installed")
ROOT = Path(__file__).resolve().parents[2]
LONG = "长" * 5000
PLACES = 12  # places mutated per fixture, spread over the document (30 took 45 s of CI for the same kinds of change)
# (name, value): wrong type, out of enum, negative, wrong pattern, empty, too long, unrepresentable
REPLACEMENTS = (
    ("int", 12345),
    ("negative", -3),
    ("negative-decimal", Decimal("-1.5")),
    ("negative-text", "-3.00"),
    ("integral-decimal", Decimal("2019.0")),
    ("huge", 10**30),
    ("text", "abc"),
    ("not-listed", "不在列表中"),
    ("bad-date", "2019-02-30"),
    ("newline", "130303\n"),
    ("empty", ""),
    ("blank", " "),
    ("long", LONG),
    ("null", None),
    ("bool", True),
    ("list", []),
    ("long-list", ["x"] * 60),
    ("map", {"x": 1}),
)


def _documents() -> list[tuple[str, dict]]:
    """Every fixture that loads and names a schema, by name."""
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix not in (".yaml", ".json", ".txt", ".docx", ".xlsx") or not path.is_file():
            continue
        try:
            data = load_document(path).data
        except IngestError:
            continue
        if isinstance(data, dict):
            found.append((str(path.relative_to(FIXTURES)), data))
    return found


def _leaves(value: object, pointer: str = "") -> list[str]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _leaves(item, jp.join(pointer, key))] + [pointer]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _leaves(item, jp.join(pointer, index))] + [pointer]
    return [pointer]


def _set(document: dict, pointer: str, value: object) -> None:
    parent_pointer, _, token = pointer.rpartition("/")
    parent = jp.resolve(document, parent_pointer)
    parent[int(token) if isinstance(parent, list) else jp.unescape(token)] = copy.deepcopy(value)


def _mutations(document: dict) -> list[tuple[str, Callable[[dict], object]]]:
    """(description, change) for a document, deterministically: each place gets a few of the replacements
    (rotating through them so every kind lands on every sort of field), each mapping loses each key in turn
    and gains an unknown key and a near-miss of a known one."""
    changes = []
    pointers = [pointer for pointer in _leaves(document) if pointer and not pointer.startswith("/metadata/document_type") and pointer != "/metadata/schema_version"]
    pointers = pointers[:: max(1, len(pointers) // PLACES)]
    for number, pointer in enumerate(pointers):
        for shift in (0, 7, 13):
            name, value = REPLACEMENTS[(number + shift) % len(REPLACEMENTS)]
            changes.append((f"{pointer} = {name}", lambda data, p=pointer, v=value: _set(data, p, v)))
        parent_pointer, _, token = pointer.rpartition("/")
        if isinstance(jp.resolve(document, parent_pointer), dict):
            changes.append((f"del {pointer}", lambda data, p=parent_pointer, k=jp.unescape(token): jp.resolve(data, p).pop(k)))
        if isinstance(jp.resolve(document, pointer), dict):
            near = next(iter(jp.resolve(document, pointer)), "x")
            changes.append((f"{pointer} + extra", lambda data, p=pointer, k=near: jp.resolve(data, p).update({"x_extra": 1, f"{k}s": 2})))
    return changes


def _routes(registry: SchemaRegistry, data: dict) -> tuple[list[dict], list[dict], bool]:
    """The findings by jsonschema alone and by the validator (jsonschema-rs pointing, jsonschema explaining),
    every field compared; and whether the explaining route was taken (not the whole-document fallback)."""
    entry = registry.for_document(data)
    validator = registry.validator(entry.id)
    root = SchemaNode.root(registry, entry.id)
    python = [dataclasses.asdict(finding) for finding in schema_findings(validator.python.iter_errors(data), root)]
    routed = [dataclasses.asdict(finding) for finding in schema_findings(validator.iter_errors(data), root)]
    explained = validator.fast is not None and not validator._fast_says_valid(data) and explain_module.explain(validator.python, validator.fast, data) is not None
    return python, routed, explained


@needs_rust
def test_every_invalid_fixture_gets_the_same_findings_by_either_route(registry):
    compared = 0
    for name, data in _documents():
        try:
            python, routed, _ = _routes(registry, data)
        except UnknownSchemaError:
            continue
        assert routed == python, name
        compared += 1
    assert compared >= 8


@needs_rust
def test_the_per_item_benchmark_text_is_explained_where_jsonschema_rs_points(registry, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_item_claims
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    path = tmp_path / "items.txt"
    path.write_text(bench_item_claims.text(40), encoding="utf-8")
    python, routed, explained = _routes(registry, load_document(path).data)
    assert python and routed == python
    assert explained


@needs_rust
def test_hundreds_of_mutated_documents_get_the_same_findings_by_either_route(registry):
    compared = explained = 0
    fallbacks: dict[str, int] = {}
    for name, data in _documents():
        try:
            registry.for_document(data)
        except UnknownSchemaError:
            continue
        changes = _mutations(data)
        # every mutation alone, and pairs of them (two errors: their order and de-duplication)
        runs = [(what, (change,)) for what, change in changes] + [
            (f"{changes[i][0]} & {changes[(i * 7 + 3) % len(changes)][0]}", (changes[i][1], changes[(i * 7 + 3) % len(changes)][1])) for i in range(0, len(changes), 5)
        ]
        for what, steps in runs:
            mutant = copy.deepcopy(data)
            try:
                for step in steps:
                    step(mutant)
            except (KeyError, IndexError, ValueError, TypeError, AttributeError):  # the second change lost its place
                continue
            try:
                python, routed, took = _routes(registry, mutant)
            except UnknownSchemaError:
                continue
            assert routed == python, (name, what)
            if python:
                compared += 1
                explained += took
                if not took:
                    fallbacks[what.split(" = ")[-1]] = fallbacks.get(what.split(" = ")[-1], 0) + 1
    print(f"{compared} invalid mutants compared, {explained} explained where jsonschema-rs points, fallbacks: {fallbacks}")
    assert compared >= 500, compared
    assert explained >= compared * 0.8, (explained, compared, fallbacks)


def test_without_jsonschema_rs_the_findings_are_jsonschemas(monkeypatch):
    monkeypatch.setattr(registry_module, "jsonschema_rs", None)
    bare = SchemaRegistry.default()
    checked = 0
    for _name, data in _documents():
        try:
            entry = bare.for_document(data)
        except UnknownSchemaError:
            continue
        validator = bare.validator(entry.id)
        assert validator.fast is None
        root = SchemaNode.root(bare, entry.id)
        assert schema_findings(validator.iter_errors(data), root) == schema_findings(validator.python.iter_errors(data), root)
        checked += 1
    assert checked >= 8


@needs_rust
def test_an_error_jsonschema_does_not_confirm_sends_the_whole_document_to_jsonschema(registry, monkeypatch):
    data = load_document(FIXTURES / "invalid" / "missing-section.yaml").data
    validator = registry.validator(registry.for_document(data).id)
    assert explain_module.explain(validator.python, validator.fast, data) is not None
    monkeypatch.setattr(explain_module, "_keyword_errors", lambda *args: [])
    assert explain_module.explain(validator.python, validator.fast, data) is None
    root = SchemaNode.root(registry, registry.for_document(data).id)
    assert schema_findings(validator.iter_errors(data), root) == schema_findings(validator.python.iter_errors(data), root)
