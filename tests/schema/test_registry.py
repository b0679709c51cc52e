"""The schema registry: loads schemas/, indexes them, refuses bad or remote schemas, and lets versions coexist."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from referencing.exceptions import NoSuchResource

from budgetcheck.ingest import load_document, load_text
from budgetcheck.pipeline import check_loaded, check_path
from budgetcheck.resources import schemas_dir
from budgetcheck.schema.registry import (
    SchemaLoadError,
    SchemaRegistry,
    UnknownSchemaError,
)
from tests.cli.running import invoke_cli, run_cli
from tests.conftest import (
    DOCUMENT_2016,
    DOCUMENT_2099,
    FIXTURES,
    MINIMAL,
    REPO,
    SCHEMAS,
    TEST_DOCUMENTS,
    TEST_SCHEMAS,
    always_holding_pack,
)

DISCLOSURE_SCHEMAS = sorted((SCHEMAS / "department-disclosure").rglob("*.schema.json"))
SECTIONS_2016 = ["assets", "common", "duties", "glossary", "metadata", "narrative", "operating-costs", "organisation", "other-matters", "overview", "performance", "procurement", "three-public"]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
GRADE_KEYS = {"优", "良", "中", "差"}


def write_schema(folder: Path, name: str, contents: dict | str) -> Path:
    path = folder / name
    path.write_text(contents if isinstance(contents, str) else json.dumps(contents), encoding="utf-8")
    return path


def schema(schema_id: str, **members: object) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id, **members}


def as_2099(text: str) -> str:
    return text.replace('schema_version: "2016"', 'schema_version: "2099-test"')


# -- the bundled registry ------------------------------------------------------


def test_the_bundled_registry_holds_department_disclosure_2016_its_shanghai_template_profiles_and_the_generic_profile(registry):
    assert registry.document_types() == ["department-disclosure"]
    assert registry.versions("department-disclosure") == ["2016", "2016-generic", "2016-national-budget", "2016-national-final", "2016-shanghai-budget", "2016-shanghai-final"]
    entry = registry.documents[("department-disclosure", "2016")]
    assert entry.id == DOCUMENT_2016
    assert entry.path == schemas_dir() / "department-disclosure" / "2016" / "document.schema.json"
    assert entry.contents["x-budgetcheck"]["regulation"].startswith("《地方预决算公开操作规程》")


def test_every_bundled_schema_is_indexed_by_its_id(registry):
    for name in SECTIONS_2016:
        schema_id = f"https://budgetcheck.invalid/schemas/department-disclosure/2016/{name}.schema.json"
        entry = registry.get(schema_id)
        assert entry.path.name == f"{name}.schema.json"
        assert not entry.is_document
    assert registry.get("https://budgetcheck.invalid/schemas/report/1/report.schema.json").title == "检查报告"


def test_a_document_schema_is_found_by_id_or_by_type_and_version(registry):
    by_version = registry.find("department-disclosure/2016")
    assert by_version is registry.find(DOCUMENT_2016)
    assert by_version.document_type == "department-disclosure" and by_version.version == "2016"
    assert registry.find("department-disclosure/2099") is None
    assert registry.find("nope") is None


def test_a_document_gets_the_schema_version_it_declares(registry):
    assert registry.for_document(load_document(MINIMAL).data).id == DOCUMENT_2016


def test_an_unknown_version_is_refused_with_the_known_versions_listed(registry):
    data = load_document(FIXTURES / "invalid" / "unknown-version.yaml").data
    with pytest.raises(UnknownSchemaError) as caught:
        registry.for_document(data)
    error = caught.value
    assert error.pointer == "/metadata/schema_version"
    assert "'2099'" in error.message_en and "known versions: 2016" in error.message_en
    assert "“2099”" in error.message_zh and "已知版本：2016" in error.message_zh


def test_an_unknown_document_type_is_refused_with_the_known_types_listed(registry):
    with pytest.raises(UnknownSchemaError) as caught:
        registry.for_document({"metadata": {"document_type": "final-accounts", "schema_version": "2016"}})
    assert caught.value.pointer == "/metadata/document_type"
    assert "known types: department-disclosure" in caught.value.message_en


def test_a_document_without_metadata_cannot_choose_a_schema(registry):
    with pytest.raises(UnknownSchemaError) as caught:
        registry.for_document({"overview": {}})
    assert caught.value.pointer == "/metadata"


def test_an_unquoted_numeric_version_still_chooses_its_schema(registry):
    data = load_text("metadata: {document_type: department-disclosure, schema_version: 2016}\n", "x.yaml", "yaml").data
    assert registry.for_document(data).id == DOCUMENT_2016


def test_validators_are_compiled_once_per_schema(registry):
    metadata = DOCUMENT_2016.replace("document.schema", "metadata.schema")
    assert registry.validator(DOCUMENT_2016) is registry.validator(DOCUMENT_2016)
    assert registry.validator(metadata) is registry.validator(metadata)
    assert registry.validator(metadata) is not registry.validator(DOCUMENT_2016)
    assert registry.validator(metadata).schema is registry.get(metadata).contents


def test_the_minimal_fixture_is_valid_against_2016(registry):
    assert list(registry.validator(DOCUMENT_2016).iter_errors(load_document(MINIMAL).data)) == []


def test_the_registry_never_retrieves_a_uri_it_does_not_hold(registry):
    with pytest.raises(NoSuchResource):
        registry.registry.get_or_retrieve("https://example.com/x.json")


# -- schemas that must not load ------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Record every attempt to reach the network; the test then asserts there was none."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_a_remote_ref_is_refused_when_the_registry_loads(tmp_path, no_network):
    path = write_schema(
        tmp_path,
        "x.schema.json",
        schema("https://budgetcheck.invalid/t/x.schema.json", type="object", properties={"a": {"$ref": "https://example.com/x.json"}}),
    )
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    error = caught.value
    assert error.path == str(path)
    assert "https://example.com/x.json" in error.message("en") and "remote schemas are never fetched" in error.message("en")
    assert "https://example.com/x.json" in error.message("zh") and "x.schema.json" in error.message("zh")
    assert no_network == []


def test_a_whole_schema_that_is_a_remote_ref_is_refused(tmp_path, no_network):
    write_schema(tmp_path, "x.schema.json", {"$id": "https://budgetcheck.invalid/t/x.schema.json", "$ref": "https://example.com/remote.json"})
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry.default([tmp_path])
    assert "https://example.com/remote.json" in caught.value.message() and "x.schema.json" in caught.value.message()
    assert no_network == []


def test_a_ref_to_a_missing_local_schema_is_refused_at_load_time(tmp_path):
    write_schema(tmp_path, "x.schema.json", schema("https://budgetcheck.invalid/t/x.schema.json", properties={"a": {"$ref": "missing.schema.json"}}))
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert "https://budgetcheck.invalid/t/missing.schema.json" in caught.value.message_en


def test_a_ref_to_a_missing_fragment_is_refused_at_load_time(tmp_path):
    write_schema(tmp_path, "x.schema.json", schema("https://budgetcheck.invalid/t/x.schema.json", properties={"a": {"$ref": "#/$defs/nothing"}}))
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert "#/$defs/nothing" in caught.value.message_en and "does not resolve" in caught.value.message_en


def test_two_files_with_one_id_are_refused_naming_both(tmp_path):
    first = write_schema(tmp_path, "a.schema.json", schema("https://budgetcheck.invalid/t/same.schema.json"))
    second = write_schema(tmp_path, "b.schema.json", schema("https://budgetcheck.invalid/t/same.schema.json"))
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert caught.value.path == str(second)
    assert str(first) in caught.value.message_en and "https://budgetcheck.invalid/t/same.schema.json" in caught.value.message_en


def test_an_extra_folder_cannot_redefine_a_bundled_id(tmp_path):
    copy = tmp_path / "common.schema.json"
    copy.write_bytes((SCHEMAS / "department-disclosure" / "2016" / "common.schema.json").read_bytes())
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry.default([tmp_path])
    assert caught.value.path == str(copy) and "$id duplicates" in caught.value.message_en


def test_two_schemas_for_one_type_and_version_are_refused(tmp_path):
    meta = {"document_type": "department-disclosure", "version": "2016"}
    write_schema(tmp_path, "again.schema.json", schema("https://budgetcheck.invalid/t/again.schema.json", **{"x-budgetcheck": meta}))
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry.default([tmp_path])
    assert "department-disclosure version 2016 is already defined" in caught.value.message_en


def test_a_schema_file_that_is_not_json_is_refused_with_line_and_column(tmp_path):
    path = write_schema(tmp_path, "broken.schema.json", '{\n  "$id": "https://budgetcheck.invalid/t/broken.schema.json",\n  "type": "object",\n}\n')
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert caught.value.path == str(path)
    assert "line 4, column 1" in caught.value.message_en
    assert "第 4 行第 1 列" in caught.value.message_zh


def test_a_schema_that_fails_the_metaschema_is_refused_with_the_place(tmp_path):
    path = write_schema(tmp_path, "bad.schema.json", schema("https://budgetcheck.invalid/t/bad.schema.json", properties={"a": {"type": "amount"}}))
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert caught.value.path == str(path)
    assert "not a valid JSON Schema" in caught.value.message_en and "'amount'" in caught.value.message_en


@pytest.mark.parametrize("contents", [[], {"type": "object"}, {"$id": 5}])
def test_a_schema_without_an_id_is_refused(tmp_path, contents):
    write_schema(tmp_path, "x.schema.json", contents)
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert "$id" in caught.value.message_en


def test_a_document_schema_must_name_its_type_and_version(tmp_path):
    write_schema(tmp_path, "x.schema.json", schema("https://budgetcheck.invalid/t/x.schema.json", **{"x-budgetcheck": {"document_type": "x"}}))
    with pytest.raises(SchemaLoadError) as caught:
        SchemaRegistry([tmp_path])
    assert "document_type and version" in caught.value.message_en


def test_files_not_named_schema_json_are_ignored(tmp_path):
    write_schema(tmp_path, "notes.json", "not json at all")
    write_schema(tmp_path, "x.schema.json", schema("https://budgetcheck.invalid/t/x.schema.json"))
    assert list(SchemaRegistry([tmp_path]).entries) == ["https://budgetcheck.invalid/t/x.schema.json"]


def test_a_schema_folder_that_is_missing_or_holds_no_schema_is_refused(tmp_path):
    write_schema(tmp_path, "notes.json", "not json at all")
    for folder, reason in ((tmp_path, "holds no schema files"), (tmp_path / "nope", "no such folder"), (tmp_path / "notes.json", "not a folder")):
        with pytest.raises(SchemaLoadError) as caught:
            SchemaRegistry([folder])
        assert reason in caught.value.message_en and caught.value.file == str(folder)


# -- two versions side by side -------------------------------------------------


def test_the_test_only_version_is_a_real_file_reusing_2016_sections_by_absolute_ref():
    path = TEST_SCHEMAS / "department-disclosure" / "2099-test" / "document.schema.json"
    contents = json.loads(path.read_text(encoding="utf-8"))
    assert contents["$id"] == DOCUMENT_2099
    assert contents["x-budgetcheck"]["version"] == "2099-test"
    assert contents["properties"]["metadata"]["$ref"].startswith("https://budgetcheck.invalid/schemas/department-disclosure/2016/")
    assert "budget_tables" in contents["required"]


def test_two_versions_of_a_document_type_coexist_in_one_registry(registry_with_test_version):
    registry = registry_with_test_version
    assert registry.versions("department-disclosure") == ["2016", "2016-generic", "2016-national-budget", "2016-national-final", "2016-shanghai-budget", "2016-shanghai-final", "2099-test"]
    assert registry.find("department-disclosure/2016").id == DOCUMENT_2016
    assert registry.find("department-disclosure/2099-test").id == DOCUMENT_2099
    with pytest.raises(UnknownSchemaError) as caught:
        registry.for_document({"metadata": {"document_type": "department-disclosure", "schema_version": "2099"}})
    assert "known versions: 2016, 2016-generic, 2016-national-budget, 2016-national-final, 2016-shanghai-budget, 2016-shanghai-final, 2099-test" in caught.value.message_en


def test_a_document_declaring_the_test_version_validates_against_it(registry_with_test_version):
    result = check_path(TEST_DOCUMENTS / "2099-test.yaml", registry_with_test_version)
    assert result.schema == DOCUMENT_2099
    assert result.status == "pass" and result.findings == []


def test_a_2016_shaped_document_declaring_the_test_version_fails_there(registry_with_test_version, tmp_path):
    newer = tmp_path / "newer.yaml"
    newer.write_text(as_2099(MINIMAL.read_text(encoding="utf-8")), encoding="utf-8")
    result = check_path(newer, registry_with_test_version)
    assert result.schema == DOCUMENT_2099
    assert result.status == "fail"
    found = {(finding.rule, finding.paths) for finding in result.findings}
    assert ("SCHEMA-REQUIRED", ("/budget_tables",)) in found
    for section in ("/duties", "/overview", "/three_public", "/other_matters"):
        assert ("SCHEMA-UNKNOWN-FIELD", (section,)) in found
    # metadata is the 2016 section schema, reached by absolute $ref, and it still checks
    assert not any(path.startswith("/metadata") for _, paths in found for path in paths)


def test_a_test_version_document_fails_against_2016(registry_with_test_version):
    document = load_document(TEST_DOCUMENTS / "2099-test.yaml")
    document.data["metadata"]["schema_version"] = "2016"
    result = check_loaded(document, registry_with_test_version)
    assert result.schema == DOCUMENT_2016
    found = {(finding.rule, finding.paths) for finding in result.findings}
    assert ("SCHEMA-UNKNOWN-FIELD", ("/budget_tables",)) in found
    assert ("SCHEMA-REQUIRED", ("/duties",)) in found


def test_the_2016_fixture_still_validates_when_the_test_version_is_loaded(registry_with_test_version):
    result = check_path(MINIMAL, registry_with_test_version)
    assert result.schema == DOCUMENT_2016 and result.status == "pass" and result.findings == []


def test_the_shared_metadata_schema_still_checks_a_test_version_document(registry_with_test_version):
    document = load_document(TEST_DOCUMENTS / "2099-test.yaml")
    document.data["metadata"]["kind"] = "草案"
    result = check_loaded(document, registry_with_test_version)
    assert [(finding.rule, finding.paths) for finding in result.findings] == [("SCHEMA-ENUM", ("/metadata/kind",))]
    assert result.findings[0].locations == ((10, 9),)


def test_check_with_an_extra_schema_folder_uses_both_versions(tmp_path):
    rules = always_holding_pack(tmp_path, "department-disclosure/2016", "department-disclosure/2099-test")
    code, output = run_cli(
        "check", TEST_DOCUMENTS / "2099-test.yaml", MINIMAL, "--schemas", TEST_SCHEMAS, "--rules", rules, "--format", "json"
    )
    assert code == 0, output
    report = json.loads(output)
    assert [(document["schema"], document["status"]) for document in report["documents"]] == [(DOCUMENT_2099, "pass"), (DOCUMENT_2016, "pass")]


def test_a_document_whose_schema_no_rule_of_the_pack_is_for_is_invalid_not_a_pass(no_rules):
    code, output = run_cli("check", TEST_DOCUMENTS / "2099-test.yaml", MINIMAL, "--schemas", TEST_SCHEMAS, "--rules", no_rules, "--format", "json")
    assert code == 2, output
    first, second = json.loads(output)["documents"]
    assert (first["status"], second["status"]) == ("invalid", "pass")
    assert first["findings"][0]["rule"] == "PACK-NO-RULES" and first["findings"][0]["paths"] == ["/metadata/schema_version"]
    assert "2099-test" in first["findings"][0]["message"] and first["findings"][0]["locations"][0]["line"] == 6


def test_without_the_extra_folder_the_test_version_is_unknown(no_rules):
    code, output = run_cli("check", TEST_DOCUMENTS / "2099-test.yaml", "--rules", no_rules, "--lang", "en")
    assert code == 2
    assert "unknown schema version '2099-test'" in output and "known versions: 2016" in output


def test_schemas_list_shows_the_extra_version():
    code, output = run_cli("schemas", "list", "--schemas", TEST_SCHEMAS)
    assert code == 0
    assert "department-disclosure/2016" in output and "department-disclosure/2099-test" in output


def test_a_broken_extra_schema_folder_stops_the_command_with_exit_2(tmp_path):
    write_schema(tmp_path, "x.schema.json", {"$id": "https://budgetcheck.invalid/t/x.schema.json", "$ref": "https://example.com/remote.json"})
    result = invoke_cli("check", MINIMAL, "--schemas", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "https://example.com/remote.json" in result.stderr and "x.schema.json" in result.stderr


# -- how the bundled schemas are written ---------------------------------------


def _property_schemas(node: object, where: str):
    """(place, name, subschema) for every entry of every `properties` below `node`."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, sub in properties.items():
                yield f"{where}/properties/{name}", name, sub
        for key, value in node.items():
            if key not in ("const", "enum", "examples", "default"):
                yield from _property_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _property_schemas(item, f"{where}/{index}")


def _object_schemas(node: object, where: str):
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield where, node
        for key, value in node.items():
            if key not in ("const", "enum", "examples", "default"):
                yield from _object_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _object_schemas(item, f"{where}/{index}")


def test_the_disclosure_schemas_are_all_found():
    assert [path.stem.removesuffix(".schema") for path in DISCLOSURE_SCHEMAS if path.parent.name == "2016"] == ["assets", "common", "document", "duties", "glossary", "metadata", "narrative", "operating-costs", "organisation", "other-matters", "overview", "performance", "procurement", "three-public"]


@pytest.mark.parametrize("path", DISCLOSURE_SCHEMAS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_property_has_a_chinese_title_and_an_english_description(path):
    contents = json.loads(path.read_text(encoding="utf-8"))
    properties = list(_property_schemas(contents, ""))
    assert properties, "the schema has no properties to check"
    problems = []
    for place, name, sub in properties:
        title = sub.get("title") if isinstance(sub, dict) else None
        description = sub.get("description") if isinstance(sub, dict) else None
        if not (isinstance(title, str) and (CJK.search(title) or title in GRADE_KEYS)):
            problems.append(f"{place}: title {title!r} is not Chinese")
        if not (isinstance(description, str) and re.search(r"[A-Za-z]{3,}", description)):
            problems.append(f"{place}: description {description!r} is not English")
    assert problems == []


@pytest.mark.parametrize("path", DISCLOSURE_SCHEMAS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_object_schema_with_properties_forbids_other_properties(path):
    contents = json.loads(path.read_text(encoding="utf-8"))
    objects = list(_object_schemas(contents, ""))
    assert objects, "the schema has no object schemas to check"
    loose = [place or "/" for place, node in objects if node.get("additionalProperties") is not False]
    assert loose == []
