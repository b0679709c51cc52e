"""The mark that these very schema files passed the registry's checks (schema/checked.py): a second load of the same
files skips the checks; a changed file, a mark that is not its own, or caching turned off means checking again,
and a schema the checks refuse is refused every time."""

from __future__ import annotations

import json
import shutil

import pytest

from budgetcheck.resources import schemas_dir
from budgetcheck.schema import registry as registry_module
from budgetcheck.schema.registry import SchemaLoadError, SchemaRegistry

pytestmark = pytest.mark.skipif(not registry_module._rust_meta(), reason="the mark is written only when jsonschema-rs judges the meta-schema")


@pytest.fixture
def schemas(tmp_path, fresh_cache):
    folder = tmp_path / "schemas"
    shutil.copytree(schemas_dir(), folder)
    return folder


@pytest.fixture
def checks(monkeypatch):
    """Which checks ran: the meta-schema check of each file and the $ref check of the registry."""
    ran: list[str] = []
    meta, refs = registry_module._schema_problem, SchemaRegistry._check_refs
    monkeypatch.setattr(registry_module, "_schema_problem", lambda *args: ran.append("meta") or meta(*args))
    monkeypatch.setattr(SchemaRegistry, "_check_refs", lambda self: ran.append("refs") or refs(self))
    return ran


def _marks(tmp_path):
    return sorted((tmp_path / "cache" / "schemas").glob("*"))


def test_a_second_load_of_the_same_files_skips_the_checks_with_the_same_registry(schemas, tmp_path, checks):
    first = SchemaRegistry([schemas])
    assert "refs" in checks and checks.count("meta") == len(first.entries)
    assert len(_marks(tmp_path)) == 1
    checks.clear()
    again = SchemaRegistry([schemas])
    assert checks == []
    assert again.digest == first.digest
    assert {key: entry.contents for key, entry in again.entries.items()} == {key: entry.contents for key, entry in first.entries.items()}
    assert again.documents.keys() == first.documents.keys()


@pytest.mark.parametrize("spoil", ["emptied", "truncated", "another mark's content"])
def test_a_mark_that_is_not_its_own_is_no_mark(schemas, tmp_path, checks, spoil):
    SchemaRegistry([schemas])
    (mark,) = _marks(tmp_path)
    text = {"emptied": "", "truncated": mark.name[:10], "another mark's content": "0" * 64}[spoil]
    mark.write_text(text, encoding="ascii")
    checks.clear()
    SchemaRegistry([schemas])
    assert "refs" in checks and "meta" in checks
    assert mark.read_text(encoding="ascii") == mark.name  # written again


def _edit(path, edit):
    contents = json.loads(path.read_text(encoding="utf-8"))
    edit(contents)
    path.write_text(json.dumps(contents, ensure_ascii=False), encoding="utf-8")


def _common(schemas):
    return next(path for path in schemas.rglob("common.schema.json"))


def test_a_schema_changed_in_place_to_a_remote_ref_is_refused_every_time(schemas, tmp_path, checks):
    SchemaRegistry([schemas])
    _edit(_common(schemas), lambda contents: contents.setdefault("$defs", {}).__setitem__("remote", {"$ref": "https://example.com/x.json"}))
    for _ in range(2):
        with pytest.raises(SchemaLoadError, match="example.com"):
            SchemaRegistry([schemas])
    assert len(_marks(tmp_path)) == 1  # only the first, good, files' mark


def test_a_schema_changed_in_place_to_an_invalid_one_is_refused_every_time(schemas, tmp_path):
    SchemaRegistry([schemas])
    _edit(_common(schemas), lambda contents: contents.setdefault("$defs", {}).__setitem__("bad", {"type": 12}))
    for _ in range(2):
        with pytest.raises(SchemaLoadError):
            SchemaRegistry([schemas])


def test_no_mark_is_kept_when_caching_is_off(schemas, tmp_path, checks, monkeypatch):
    monkeypatch.setenv("BUDGETCHECK_NO_CACHE", "1")
    SchemaRegistry([schemas])
    checks.clear()
    SchemaRegistry([schemas])
    assert "refs" in checks
    assert not (tmp_path / "cache").exists()
