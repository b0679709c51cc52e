"""A value of the wrong type never becomes INTERNAL-ERROR: the schema finding at its pointer is reported, and the rules
that would read it are not applicable to that document, with the reason. INTERNAL-ERROR is left for real bugs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import budgetcheck
from tests.cli.running import run_json
from tests.conftest import SAMPLE

GRADES = 'grades: {优: "≧90%", 良: "90%-80%", 中: "80%-70%", 差: "≦70%"}'

# (case id, what the line becomes, the schema finding, its pointer, a rule made not applicable and words of its reason)
CASES = [
    ("threshold-as-a-number", (GRADES, 'grades: {优: 90, 良: "90%-80%", 中: "80%-70%", 差: "≦70%"}'), "SCHEMA-TYPE", "/performance/duties/0/activities/0/indicators/0/grades/优", ("PERF-IND-", "参数应为文字，文档中是 “90”")),
    ("grades-as-a-list", (GRADES, "grades: [1, 2]"), "SCHEMA-TYPE", "/performance/duties/0/activities/0/indicators/0/grades", None),
    ("kind-as-a-list", ('  kind: "预算"', "  kind: [预算]"), "SCHEMA-ENUM", "/metadata/kind", ("", "metadata.kind 不是文字")),
    ("level-as-a-mapping", ('  level: "县级"', "  level: {x: 1}"), "SCHEMA-ENUM", "/metadata/level", None),
    ("province-as-a-list", ('region: {province: "河北省"', "region: {province: [河北省]"), "SCHEMA-TYPE", "/metadata/region/province", None),
    ("fiscal-year-as-text", ("  fiscal_year: 2019", '  fiscal_year: "2019"'), "SCHEMA-TYPE", "/metadata/fiscal_year", ("", "metadata.fiscal_year 不是有效的年度")),
    ("published-on-as-a-list", ("  kind: ", "  published_on: [1]\n  kind: "), "SCHEMA-TYPE", "/metadata/published_on", None),
]


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "doc.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "code", "pointer", "skipped"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_value_of_the_wrong_type_is_a_schema_finding_at_its_pointer_never_an_internal_error(tmp_path, change, code, pointer, skipped):
    path = _variant(tmp_path, *change)
    before = path.read_bytes()
    status, report = run_json("check", path)
    document = report["documents"][0]
    assert status == 1 and document["status"] == "fail"
    rules = [finding["rule"] for finding in document["findings"]]
    assert "INTERNAL-ERROR" not in rules
    assert any(finding["rule"] == code and pointer in finding["paths"] and finding["locations"][0] for finding in document["findings"]), rules
    if skipped is not None:
        prefix, words = skipped
        assert any(item["rule"].startswith(prefix) and words in item["reason"] for item in document["not_applicable"]), document["not_applicable"]
    assert path.read_bytes() == before


@pytest.mark.parametrize("written", ['["2016"]', "{v: 2016}", "2016.0", "true"])
def test_a_schema_version_that_is_not_text_names_the_field_and_the_type(tmp_path, written):
    path = _variant(tmp_path, '  schema_version: "2016"', f"  schema_version: {written}")
    before = path.read_bytes()
    status, report = run_json("check", path)
    document = report["documents"][0]
    assert status == 2 and document["status"] == "invalid"
    finding = document["findings"][0]
    assert finding["rule"] == "SCHEMA-UNKNOWN" and finding["paths"] == ["/metadata/schema_version"] and finding["locations"][0]["line"] == 6
    assert "Traceback" not in finding["message"] and "INTERNAL" not in finding["message"]
    assert path.read_bytes() == before


def test_a_function_given_the_wrong_type_by_the_document_makes_that_run_not_applicable(tmp_path):
    path = _variant(tmp_path, GRADES, 'grades: {优: 90, 良: "90%-80%", 中: "80%-70%", 差: "≦70%"}')
    result = budgetcheck.check_path(path)
    reasons = {item.rule: item.reason_zh for item in result.not_applicable if "参数应为" in item.reason_zh}
    assert reasons and all(re.search(r"\w+\(\) 的第 \d 个参数应为文字，文档中是 “90”", reason) for reason in reasons.values())
    assert not [finding for finding in result.findings if finding.rule == "INTERNAL-ERROR"]
