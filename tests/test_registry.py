from __future__ import annotations

import json

import pytest

from engine.checker import check_path
from engine.registry import SchemaLoadError, SchemaRegistry
from tests.conftest import FIXTURES, REPO, run_cli

TEST_SCHEMAS = REPO / "tests" / "schemas"


def test_two_versions_of_a_document_type_coexist_and_each_document_gets_its_own(tmp_path):
    registry = SchemaRegistry.default([TEST_SCHEMAS])
    assert registry.versions("department-disclosure") == ["2016", "2099-test"]
    newer = tmp_path / "newer.yaml"
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace('schema_version: "2016"', 'schema_version: "2099-test"')
    newer.write_text(text, encoding="utf-8")
    shaped_for_2016 = check_path(newer, registry)
    assert shaped_for_2016.schema.endswith("2099-test/document.schema.json")
    assert any(f.rule == "SCHEMA-UNKNOWN-FIELD" and f.paths == ("/duties",) for f in shaped_for_2016.findings)
    assert any(f.rule == "SCHEMA-REQUIRED" and f.paths == ("/budget_tables",) for f in shaped_for_2016.findings)
    fits = tmp_path / "fits.yaml"
    metadata = text.split("duties:")[0]
    fits.write_text(metadata + "budget_tables: [T1, T2]\n", encoding="utf-8")
    assert check_path(fits, registry).status == "pass"
    assert check_path(FIXTURES / "minimal.yaml", registry).status == "pass"
    code, output = run_cli("check", fits, "--schemas", TEST_SCHEMAS, "--rules", tmp_path)
    assert code == 0, output


def test_a_remote_ref_is_refused_when_the_registry_loads(tmp_path):
    (tmp_path / "x.schema.json").write_text(json.dumps({"$id": "https://budgetcheck.invalid/t/x.schema.json", "$ref": "https://example.com/remote.json"}), encoding="utf-8")
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert "https://example.com/remote.json" in caught.value.message() and "x.schema.json" in caught.value.message()


def test_validators_are_compiled_once(registry):
    entry = registry.find("department-disclosure/2016")
    assert registry.validator(entry.id) is registry.validator(entry.id)
