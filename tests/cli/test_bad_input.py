"""The bad-input list of the data-model issue: each gives a located message and the right exit status."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.cli.running import run_cli, run_json
from tests.conftest import FIXTURES, REPO

INVALID = FIXTURES / "invalid"
REPORT_SCHEMA = json.loads((REPO / "schemas/report/1/report.schema.json").read_text(encoding="utf-8"))

CASES = [
    # file, exit status, rule, pointer, line
    ("amount-not-a-number.yaml", 1, "SCHEMA-AMOUNT", "/overview/income/total", 24),
    ("negative-amount.yaml", 1, "SCHEMA-NEGATIVE", "/overview/expenditure/basic/personnel", 27),
    ("unknown-field.yaml", 1, "SCHEMA-UNKNOWN-FIELD", "/overview/expenditure/basic/publc_operating", 27),
    ("missing-section.yaml", 1, "SCHEMA-REQUIRED", "/three_public", None),
    ("unknown-version.yaml", 2, "SCHEMA-UNKNOWN", "/metadata/schema_version", 4),
    ("syntax-error.yaml", 2, "INPUT-YAML-SYNTAX", "", 25),
    ("syntax-error.json", 2, "INPUT-JSON-SYNTAX", "", 5),
    ("list-document.yaml", 2, "INPUT-NOT-MAPPING", "", None),
    ("scalar-document.yaml", 2, "INPUT-NOT-MAPPING", "", None),
    ("alias-bomb.yaml", 2, "INPUT-TOO-LARGE", "", None),
    ("too-precise.yaml", 0, "AMOUNT-PRECISION", "/operating_costs/items/0/amount", 32),
]


@pytest.mark.parametrize(("name", "status", "rule", "pointer", "line"), CASES)
def test_each_bad_input_is_reported_at_its_place_with_the_right_exit_status(name, status, rule, pointer, line):
    code, report = run_json("check", INVALID / name)
    assert code == status
    jsonschema.validate(report, REPORT_SCHEMA)
    findings = [f for f in report["documents"][0]["findings"] if f["rule"] == rule]
    assert findings, report
    finding = findings[0]
    assert pointer in finding["paths"]
    assert len(finding["locations"]) == len(finding["paths"])
    if line is not None:
        assert finding["locations"][finding["paths"].index(pointer)]["line"] == line
    assert "Traceback" not in finding["message"]


def test_an_unknown_field_is_named_and_the_closest_known_field_suggested():
    code, output = run_cli("check", INVALID / "unknown-field.yaml")
    assert code == 1
    assert "publc_operating" in output and "public_operating" in output and "日常公用经费" in output


def test_an_unknown_version_lists_the_known_versions():
    code, output = run_cli("check", INVALID / "unknown-version.yaml")
    assert code == 2 and "2099" in output and "2016" in output


def test_a_missing_file_exits_2_with_a_message():
    code, output = run_cli("check", FIXTURES / "nope.yaml")
    assert code == 2 and "找不到文件" in output


def test_a_directory_with_no_documents_exits_2(tmp_path):
    code, output = run_cli("check", tmp_path)
    assert code == 2 and "目录中没有可检查的文档" in output


def test_a_document_over_the_size_limit_is_refused(tmp_path):
    code, output = run_cli("check", FIXTURES / "minimal.yaml", "--max-bytes", "100")
    assert code == 2 and "超过上限" in output


def test_one_bad_file_does_not_stop_the_others():
    code, report = run_json("check", FIXTURES / "minimal.yaml", INVALID / "syntax-error.yaml", INVALID / "negative-amount.yaml", FIXTURES / "nope.yaml")
    assert code == 2
    statuses = [document["status"] for document in report["documents"]]
    assert statuses == ["pass", "invalid", "fail", "invalid"]
    jsonschema.validate(report, REPORT_SCHEMA)


def test_english_messages_with_lang_en():
    code, output = run_cli("check", INVALID / "negative-amount.yaml", "--lang", "en")
    assert code == 1 and "must not be negative" in output


def test_misuse_exits_2():
    assert run_cli("check")[0] == 2
    assert run_cli("check", FIXTURES / "minimal.yaml", "--format", "xml")[0] == 2
