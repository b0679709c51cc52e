"""The registry's meta-schema check asks jsonschema-rs first (2 ms for every bundled schema instead of 0.5 s)
and jsonschema for everything it rejects or cannot judge: its verdict must be jsonschema's on every schema."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from budgetcheck.resources import schemas_dir
from budgetcheck.schema import registry as registry_module
from budgetcheck.schema.registry import _schema_problem

BUNDLED = sorted(schemas_dir().rglob("*.schema.json"))

BROKEN = [
    {"type": "amount"},
    {"type": "object", "required": "a"},
    {"properties": {"a": {"minimum": "x"}}},
    {"pattern": "("},
    {"patternProperties": {"[": {"type": "string"}}},
    {"properties": {"a": {"pattern": "(?P<"}}},
    {"$defs": {"x": {"items": [{"type": "string"}], "minItems": -1}}},
    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "amount"},
    {"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "string"}]},
    {"$schema": "https://example.invalid/meta", "type": "object"},
    {"additionalProperties": 5},
    {"enum": "x"},
    {"allOf": []},
]
FINE = [
    {"type": "string", "pattern": "^[0-9]+$"},
    {"properties": {"pattern": {"type": "string"}}},
    {"patternProperties": {"^x-": {}}},
    {"$schema": "https://json-schema.org/draft/2020-12/schema", "format": "regex"},
]


def python_says(contents: dict) -> str | None:
    try:
        Draft202012Validator.check_schema(contents)
    except SchemaError as error:
        return error.message
    return None


def fast_says(contents: dict) -> str | None:
    problem = _schema_problem(copy.deepcopy(contents))
    return None if problem is None else problem[1]


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_schema_is_judged_as_jsonschema_judges_it(path):
    contents = json.loads(path.read_text(encoding="utf-8"))
    assert fast_says(contents) is None and python_says(contents) is None


@pytest.mark.parametrize("contents", BROKEN + FINE, ids=lambda contents: json.dumps(contents, ensure_ascii=False)[:60])
def test_broken_and_fine_schemas_get_jsonschemas_verdict_and_message(contents):
    assert fast_says(contents) == python_says(contents)


def test_each_bundled_schema_broken_in_one_place_is_refused_with_jsonschemas_message():
    for path in BUNDLED:
        contents = json.loads(path.read_text(encoding="utf-8"))
        broken = {**contents, "type": "amount"}
        assert fast_says(broken) == python_says(broken) is not None, path.name


def test_the_bundled_schemas_are_checked_without_jsonschemas_meta_walk(monkeypatch):
    if not registry_module._rust_meta():
        pytest.skip("jsonschema-rs is not installed or a URI format checker is")
    calls = []
    monkeypatch.setattr(Draft202012Validator, "check_schema", lambda contents: calls.append(contents))
    registry_module.SchemaRegistry.default()
    assert calls == []


def test_whether_jsonschema_checks_uris_is_told_from_the_installed_packages_as_jsonschema_tells_it():
    """The registry decides whether jsonschema-rs's meta check can stand for jsonschema's without importing
    jsonschema: by whether a URI library jsonschema would use is installed. Here against jsonschema's own answer."""
    checks_uris = bool({"uri", "uri-reference"} & set(Draft202012Validator.FORMAT_CHECKER.checkers))
    assert registry_module._rust_meta() == (registry_module.jsonschema_rs is not None and not checks_uris)
