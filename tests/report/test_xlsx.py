"""The Excel report: four sheets (summary, findings, rule frequency, diagnostics) that openpyxl reads back, in Chinese by default."""

from __future__ import annotations

import io
import tempfile
import time

import openpyxl
import pytest

import budgetcheck
from budgetcheck.findings import Finding, Severity
from budgetcheck.report import xlsx_report
from budgetcheck.report.options import RenderOptions
from budgetcheck.result import DocumentResult, Report, ReportMeta, Summary
from tests.conftest import FIXTURES
from tests.report.reporting import fresh_documents, peak_memory


@pytest.fixture(scope="module")
def sample_bytes(fixtures_report: Report) -> bytes:
    return budgetcheck.render(fixtures_report, "xlsx")


def rows(workbook: openpyxl.Workbook, title: str) -> list[tuple]:
    return list(workbook[title].iter_rows(values_only=True))


def test_the_workbook_has_its_four_sheets_with_chinese_names(sample_bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(sample_bytes))
    assert workbook.sheetnames == ["汇总", "问题", "规则统计", "诊断"]
    assert rows(workbook, "汇总")[0][:4] == ("文件", "部门", "年度", "状态")
    assert rows(workbook, "问题")[0][:6] == ("文件", "部门", "规则", "严重程度", "规则名称", "问题说明")
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"


def test_one_summary_row_per_document_with_its_counts(fixtures_report, sample_bytes):
    summary_rows = rows(openpyxl.load_workbook(io.BytesIO(sample_bytes)), "汇总")[1:]
    assert len(summary_rows) == len(fixtures_report.documents)
    labels = {"pass": "通过", "fail": "不通过", "invalid": "无法检查"}
    for row, document in zip(summary_rows, fixtures_report.documents, strict=True):
        counts = document.summary()
        assert row[0] == document.source and (row[1] or "") == document.department and row[2] == document.fiscal_year
        assert row[3] == labels[document.status]
        assert row[4:8] == (counts["error"], counts["warning"], counts["info"], counts["not_applicable"])
        assert (row[8] or "") == (document.reason("zh") if document.status == "invalid" else "")
        assert (row[9] or "") == document.schema_label("zh") and (row[10] or "") == (document.coverage.summary("zh") if document.coverage else "")
        assert row[11] == counts["diagnostics"]


def test_the_diagnostics_have_their_own_sheet_and_never_count_as_findings(tmp_path):
    path = tmp_path / "extra.txt"
    path.write_text((FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8") + "\n十、上级补助情况\n上级补助项目12个。\n", encoding="utf-8")
    report = budgetcheck.check_paths([path])
    workbook = openpyxl.load_workbook(io.BytesIO(budgetcheck.render(report, "xlsx")))
    notes = rows(workbook, "诊断")[1:]
    lines = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8").count("\n") + 2
    assert {row[2] for row in notes} == {"EXTRACT-UNKNOWN-SECTION", "EXTRACT-UNMAPPED-NUMBER"} and {row[5] for row in notes} == {lines, lines + 1}
    assert not any(row[2].startswith("EXTRACT") for row in rows(workbook, "问题")[1:])


def test_one_findings_row_per_finding_in_chinese(fixtures_report, sample_bytes):
    finding_rows = rows(openpyxl.load_workbook(io.BytesIO(sample_bytes)), "问题")[1:]
    expected = [(document.source, finding) for document in fixtures_report.documents for finding in document.findings]
    assert len(finding_rows) == len(expected)
    for row, (source, finding) in zip(finding_rows, expected, strict=True):
        assert (row[0], row[2], row[5]) == (source, finding.rule, finding.message_zh)
    vehicles = next(row for row in finding_rows if row[2] == "BUD-X-004")
    where = next(finding for _, finding in expected if finding.rule == "BUD-X-004").location(0)
    assert vehicles[3] == "提示" and vehicles[6] == "财政拨款“三公”经费"
    assert "/three_public/vehicles/operation = 1.1" in vehicles[10] and "/operating_costs/items/5/amount = 0.6" in vehicles[10]
    assert where is not None and (vehicles[8], vehicles[9]) == where
    assert vehicles[11] == "《地方预决算公开操作规程》第十条（“三公”经费）"


def test_the_rule_sheet_counts_findings_and_documents_per_rule(fixtures_report, sample_bytes):
    rule_rows = rows(openpyxl.load_workbook(io.BytesIO(sample_bytes)), "规则统计")[1:]
    counts = fixtures_report.summary().rule_counts()
    assert [(row[0], row[4], row[5]) for row in rule_rows] == [(count.rule, count.findings, count.documents) for count in counts]
    overlaps = next(row for row in rule_rows if row[0] == "PERF-IND-005")
    assert overlaps[1] == "警告" and overlaps[4] == sum(finding.rule == "PERF-IND-005" for d in fixtures_report.documents for finding in d.findings)


def test_english_sheet_names_headers_and_values(fixtures_report):
    workbook = openpyxl.load_workbook(io.BytesIO(budgetcheck.render(fixtures_report, "xlsx", lang="en")))
    assert workbook.sheetnames == ["Summary", "Findings", "Rule frequency", "Diagnostics"]
    assert rows(workbook, "Findings")[0][:4] == ("File", "Department", "Rule", "Severity")
    organisation = next(row for row in rows(workbook, "Findings") if row[2] == "BUD-CMP-001")
    assert organisation[3] == "error" and organisation[5] == "the organisation section is empty: no units and no description"
    assert {row[3] for row in rows(workbook, "Summary")[1:]} <= {"pass", "fail", "invalid"}


def test_document_text_stays_text_and_never_becomes_a_formula():
    planted = '=HYPERLINK("http://example.invalid","x")'
    finding = Finding("BUD-TEST-001", Severity.ERROR, planted + "\x01", planted, ("/a",), values=(("/a", planted),))
    document = DocumentResult("evil.yaml", None, "fail", [finding], department=planted)
    workbook = openpyxl.load_workbook(io.BytesIO(budgetcheck.render(Report([document]), "xlsx")))
    summary_cell = workbook["汇总"]["B2"]
    finding_cell = workbook["问题"]["F2"]
    assert summary_cell.value == planted and summary_cell.data_type == "s"
    assert finding_cell.value == planted + "\ufffd" and finding_cell.data_type == "s"


def test_the_same_documents_give_the_same_bytes_at_another_time(fixtures_report, sample_bytes):
    time.sleep(2.1)  # zip members carry a date to 2 s; without a fixed date the bytes would differ
    assert budgetcheck.render(fixtures_report, "xlsx") == sample_bytes
    workbook = openpyxl.load_workbook(io.BytesIO(sample_bytes))
    assert workbook.properties.created == workbook.properties.modified == xlsx_report.FIXED_TIME


def test_a_timestamp_when_asked_dates_the_workbook(fixtures_report):
    stamped = Report(fixtures_report.documents, ReportMeta(fixtures_report.meta.pack, "2026-11-27T13:05:09+08:00"))
    workbook = openpyxl.load_workbook(io.BytesIO(budgetcheck.render(stamped, "xlsx")))
    assert str(workbook.properties.modified) == "2026-11-27 05:05:09"


def test_documents_are_read_once_as_a_stream_into_a_file(fixtures_report, tmp_path):
    target = tmp_path / "report.xlsx"
    with open(target, "wb") as out:
        summary = xlsx_report.write(iter(fixtures_report.documents), out, fixtures_report.meta, RenderOptions())
    assert summary.as_dict() == Summary.of(fixtures_report.documents).as_dict()
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert workbook.sheetnames == ["汇总", "问题", "规则统计", "诊断"]
    assert sum(1 for _ in workbook["问题"].iter_rows()) == 1 + sum(len(document.findings) for document in fixtures_report.documents)


def test_memory_stays_flat_as_the_batch_grows(fixtures_report):
    def render(documents):
        with tempfile.TemporaryFile() as out:
            xlsx_report.write(documents, out, fixtures_report.meta, RenderOptions())

    template = next(document for document in fixtures_report.documents if document.source.endswith("xiguan-2019.yaml"))
    render(fresh_documents(template, 20))  # first use: imports and caches
    small = peak_memory(render, fresh_documents(template, 80))
    large = peak_memory(render, fresh_documents(template, 280))
    assert large - small < 500_000, (small, large)  # keeping 200 more documents would add about 1.6 MB
