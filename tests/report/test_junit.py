"""The JUnit report: valid against the common JUnit schema, one test case per (document, rule), counts that add up."""

from __future__ import annotations

import io
import tempfile
import xml.etree.ElementTree as ET

import pytest
import xmlschema

import budgetcheck
from budgetcheck.findings import Finding, NotApplicable, Severity
from budgetcheck.report import junit_report
from budgetcheck.report.options import RenderOptions
from budgetcheck.result import DocumentResult, Report, ReportMeta, Summary
from tests.conftest import REPO
from tests.report.reporting import fresh_documents, peak_memory

JUNIT_XSD = REPO / "tests" / "data" / "junit" / "JUnit.xsd"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(JUNIT_XSD)


@pytest.fixture(scope="module")
def sample_xml(fixtures_report: Report) -> str:
    return budgetcheck.render(fixtures_report, "junit")


def suites(text: str) -> list[ET.Element]:
    """The documents' suites (the diagnostics suites that follow them are read by diagnostic_suites)."""
    return [suite for suite in all_suites(text) if not _is_diagnostics(suite)]


def all_suites(text: str) -> list[ET.Element]:
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    return root.findall("testsuite")


def _is_diagnostics(suite: ET.Element) -> bool:
    return any(item.get("name") == "kind" and item.get("value") == "diagnostics" for item in suite.find("properties"))


def diagnostic_suites(text: str) -> list[ET.Element]:
    return [suite for suite in all_suites(text) if _is_diagnostics(suite)]


def test_the_report_of_the_fixtures_is_valid_junit(schema, sample_xml):
    schema.validate(sample_xml)


def test_one_suite_per_document_in_order_named_after_department_and_file(fixtures_report, sample_xml):
    found = suites(sample_xml)
    assert [suite.get("id") for suite in found] == [str(number) for number in range(len(fixtures_report.documents))]
    for suite, document in zip(found, fixtures_report.documents, strict=True):
        assert document.source in suite.get("name")
        if document.department:
            assert suite.get("name").startswith(document.department)
        properties = {item.get("name"): item.get("value") for item in suite.find("properties")}
        assert properties["source"] == document.source and properties["status"] == document.status
        assert properties["rule_pack_hash"] == fixtures_report.meta.pack.content_hash


def test_counts_match_the_findings_and_rules_of_each_document(fixtures_report, sample_xml):
    for suite, document in zip(suites(sample_xml), fixtures_report.documents, strict=True):
        cases = suite.findall("testcase")
        failures = [case for case in cases if case.find("failure") is not None]
        skipped = [case for case in cases if case.find("skipped") is not None]
        errors = [case for case in cases if case.find("error") is not None]
        if document.status == "invalid":
            assert len(cases) == len(errors) == 1
            assert errors[0].get("name") == document.findings[0].rule
            assert errors[0].find("error").get("message") == document.reason("zh")
            continue
        ran = {finding.rule for finding in document.findings}
        failing = {finding.rule for finding in document.findings if finding.severity is Severity.ERROR}
        not_applicable = {outcome.rule for outcome in document.not_applicable} - ran
        assert [case.get("name") for case in cases] == list(dict.fromkeys([*document.rules, *(f.rule for f in document.findings), *not_applicable]))
        assert {case.get("name") for case in failures} == failing
        assert {case.get("name") for case in skipped} == not_applicable
        assert not errors
        attributes = {key: int(suite.get(key)) for key in ("tests", "failures", "errors", "skipped")}
        assert attributes == {"tests": len(cases), "failures": len(failing), "errors": 0, "skipped": len(not_applicable)}
        for case in failures:
            findings = [finding for finding in document.findings if finding.rule == case.get("name")]
            assert {finding.severity for finding in findings} == {Severity.ERROR}
            text = case.find("failure").text
            assert sum(line.startswith("[") for line in text.splitlines()) == len(findings)
            assert all(finding.message_zh in text for finding in findings)


def test_every_finding_of_the_batch_is_in_a_failure_an_error_or_its_suites_output(fixtures_report, sample_xml):
    texts = "\n".join(
        (element.text or "") for suite in suites(sample_xml) for case in suite for element in case if element.tag in {"failure", "error"}
    ) + "\n" + "\n".join((suite.find("system-out").text or "") for suite in suites(sample_xml))
    expected = sum(len(document.findings) for document in fixtures_report.documents)
    assert sum(line.startswith("[") for line in texts.splitlines()) == expected


def test_a_failure_carries_its_severity_message_location_and_values(fixtures_report, sample_xml):
    number, document = next((number, document) for number, document in enumerate(fixtures_report.documents) if document.source.endswith("xiguan-2019.yaml"))
    suite = suites(sample_xml)[number]
    assert suite.get("name") == f"{document.department} ({document.source})"
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    line, column = next(finding for finding in document.findings if finding.rule == "BUD-CMP-001").location(0)
    organisation = cases["BUD-CMP-001"].find("failure")
    assert organisation.get("type") == "error"
    assert organisation.get("message") == "机构设置为空：既未列出机构，也没有文字说明"
    assert f"/organisation/units (第 {line} 行第 {column} 列)" in organisation.text
    assert "依据：《地方预决算公开操作规程》第十条（部门职责及机构设置情况）" in organisation.text
    assert len(cases["BUD-X-004"]) == 0  # info: below the failing level, so the case passes ...
    output = suite.find("system-out").text  # ... and the finding is in the suite's output
    assert "/three_public/vehicles/operation = 1.1" in output and "/operating_costs/items/5/amount = 0.6" in output
    assert len(cases["PERF-IND-005"]) == 0
    strict = {case.get("name"): case for case in suites(budgetcheck.render(fixtures_report, "junit", fail_on="warning"))[number].findall("testcase")}
    assert len(strict["BUD-X-004"]) == 0
    overlaps = strict["PERF-IND-005"].find("failure")
    assert overlaps.get("type") == "warning"
    overlap_count = sum(finding.rule == "PERF-IND-005" for finding in document.findings)
    assert overlap_count > 1 and overlaps.get("message").startswith(f"{overlap_count} 项问题，第一项：")
    assert cases["BUD-TIME-001"].find("skipped").get("message") == "缺少数据：/metadata/approved_on"
    assert len(cases["BUD-INC-001"]) == 0  # ran and passed


def test_the_batch_totals_head_the_file(fixtures_report, sample_xml):
    summary = fixtures_report.summary()
    first_lines = sample_xml.splitlines()[1]
    cases = [case for suite in suites(sample_xml) for case in suite.findall("testcase")]
    failures = sum(case.find("failure") is not None for case in cases)
    assert first_lines.startswith("<!--") and f"tests={len(cases)} failures={failures} errors={summary.statuses['invalid']}" in first_lines
    assert f"共 {summary.documents} 份文档" in first_lines


def test_the_same_documents_give_the_same_bytes_with_a_fixed_timestamp_unless_asked(fixtures_report, sample_xml, schema):
    assert budgetcheck.render(fixtures_report, "junit") == sample_xml
    assert {suite.get("timestamp") for suite in suites(sample_xml)} == {junit_report.EPOCH}
    stamped = budgetcheck.render(Report(fixtures_report.documents, ReportMeta(fixtures_report.meta.pack, "2026-11-27T13:05:09+08:00")), "junit")
    schema.validate(stamped)
    assert {suite.get("timestamp") for suite in suites(stamped)} == {"2026-11-27T05:05:09"}


def test_untrusted_text_and_characters_xml_cannot_hold_still_give_a_valid_file(schema):
    planted = "a]]><x/>&--\x01\x0b\ufffe ok"
    finding = Finding("BUD-TEST-001", Severity.WARNING, f"数值 {planted}", f"value {planted}", ("/a",), ((1, 2),), values=(("/a", planted),))
    document = DocumentResult("evil\x02.yaml", "schema", "pass", [finding], [NotApplicable("BUD-TEST-002", planted, planted)], department=planted)
    text = budgetcheck.render(Report([document]), "junit", fail_on="warning")
    schema.validate(text)
    suite = suites(text)[0]
    assert "a]]><x/>&--\ufffd\ufffd\ufffd ok" in suite.get("name")
    assert suite.find("testcase/failure").get("message") == "数值 a]]><x/>&--\ufffd\ufffd\ufffd ok"


def test_english_messages_when_the_language_is_english(fixtures_report, schema):
    text = budgetcheck.render(fixtures_report, "junit", lang="en")
    schema.validate(text)
    assert 'message="the organisation section is empty: no units and no description"' in text
    document = next(document for document in fixtures_report.documents if document.source.endswith("xiguan-2019.yaml"))
    line, column = next(finding for finding in document.findings if finding.rule == "BUD-CMP-001").location(0)
    assert "位置：" not in text and "依据：" not in text and f"第 {line} 行" not in text
    assert f"/organisation/units (line {line}, column {column})" in text


def test_documents_are_read_once_as_a_stream_and_counted(fixtures_report, sample_xml):
    out = io.StringIO()
    summary = junit_report.write(iter(fixtures_report.documents), out, fixtures_report.meta, RenderOptions())
    assert summary.as_dict() == Summary.of(fixtures_report.documents).as_dict()
    assert out.getvalue() == sample_xml


def test_memory_stays_flat_as_the_batch_grows(fixtures_report):
    def render(documents):
        with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
            junit_report.write(documents, out, fixtures_report.meta, RenderOptions())

    template = next(document for document in fixtures_report.documents if document.source.endswith("xiguan-2019.yaml"))
    render(fresh_documents(template, 20))  # first use: imports and caches
    small = peak_memory(render, fresh_documents(template, 80))
    large = peak_memory(render, fresh_documents(template, 280))
    assert large - small < 500_000, (small, large)  # keeping 200 more documents would add about 1.6 MB


def test_fail_on_never_makes_every_case_pass_and_keeps_every_finding_in_the_output(fixtures_report, schema):
    text = budgetcheck.render(fixtures_report, "junit", fail_on="never")
    schema.validate(text)
    assert not any(case.find("failure") is not None for suite in suites(text) for case in suite.findall("testcase"))
    output = "\n".join(suite.find("system-out").text or "" for suite in suites(text))
    assert "机构设置为空" in output


def test_diagnostics_are_a_suite_of_their_own_after_the_documents_and_never_fail(fixtures_report, sample_xml):
    documents = len(fixtures_report.documents)
    notes = diagnostic_suites(sample_xml)
    narratives = [document for document in fixtures_report.documents if document.coverage is not None or document.diagnostics]
    assert len(notes) == len(narratives) > 0
    assert [suite.get("id") for suite in all_suites(sample_xml)] == [str(number) for number in range(documents + len(notes))]
    for suite, document in zip(notes, narratives, strict=True):
        assert suite.get("failures") == suite.get("errors") == "0" and all(case.find("failure") is None for case in suite.findall("testcase"))
        assert "抽取诊断" in suite.get("name") and document.coverage.summary("zh") in suite.find("system-out").text