"""`budgetcheck check` and `extract` on PDFs: a problem PDF is a located input error (exit 2) in a report that
keeps its contract, a folder of PDFs is checked in parallel, a scanned page is a diagnostic, and the HTML and
text reports lead with the page place."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.cli.running import invoke_cli, run_cli, run_json
from tests.conftest import FIXTURES, REAL, REPO
from tests.ingest.pdf.makepdf import table_pdf, text_pdf

REPORT_SCHEMA = json.loads((REPO / "schemas/report/1/report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-pdfs")
    (folder / "not-a-pdf.pdf").write_text("这不是 PDF。\n" * 20, encoding="utf-8")
    whole = table_pdf(folder / "whole.tmp", rows=3).read_bytes()
    (folder / "whole.tmp").unlink()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    table_pdf(folder / "locked.pdf", rows=3, password="secret")
    (folder / "empty.pdf").write_bytes(b"")
    return folder


@pytest.mark.parametrize(
    ("name", "rule"),
    [("not-a-pdf.pdf", "INPUT-PDF-NOT-PDF"), ("truncated.pdf", "INPUT-PDF-BROKEN"), ("locked.pdf", "INPUT-PDF-ENCRYPTED"), ("empty.pdf", "INPUT-PDF-NOT-PDF")],
)
def test_a_problem_pdf_is_an_invalid_row_naming_the_file_with_exit_2(problems, name, rule):
    code, report = run_json("check", problems / name)
    assert code == 2
    jsonschema.validate(report, REPORT_SCHEMA)
    (document,) = report["documents"]
    assert document["status"] == "invalid" and [f["rule"] for f in document["findings"]] == [rule]
    assert name in document["findings"][0]["message"]


def test_a_folder_of_problem_pdfs_goes_on_in_parallel(problems):
    code, report = run_json("check", problems, "--jobs", "2")
    assert code == 2 and [d["status"] for d in report["documents"]] == ["invalid"] * 4


def test_extract_of_a_problem_pdf_says_why_with_exit_2(problems):
    result = invoke_cli("extract", problems / "locked.pdf")
    assert result.exit_code == 2 and "INPUT-PDF-ENCRYPTED" in result.stderr


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    lines = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8").split("\n")
    return text_pdf(tmp_path_factory.mktemp("scan") / "xiguan.pdf", lines, scanned_after=2)


def test_a_scanned_page_is_a_diagnostic_and_the_tables_not_found_are_not_read_rather_than_missing(scanned):
    code, report = run_json("check", scanned)
    jsonschema.validate(report, REPORT_SCHEMA)
    (document,) = report["documents"]
    notes = [note for note in document["diagnostics"] if note["code"] == "EXTRACT-PDF-NO-TEXT"]
    assert [(note["message"], note["page"]) for note in notes] == [("第 3 页无文字层，无法检查（扫描或图片页面）；其上的部分记为未读取", 3)]
    assert not any(f["rule"].startswith("TAB-REQ") for f in document["findings"])
    assert {t["state"] for t in document["coverage"]["tables"]} == {"recognised_not_read"}
    assert document["findings"] and all(place is None or "page" in place for f in document["findings"] for place in f["locations"])


def test_extract_writes_the_document_and_the_page_of_every_value(tmp_path, scanned):
    out = tmp_path / "x.json"
    result = invoke_cli("extract", scanned, "-o", out)
    assert result.exit_code == 0 and "第 3 页" in result.stderr
    provenance = json.loads((tmp_path / "x.provenance.json").read_text(encoding="utf-8"))
    assert provenance["values"]["/metadata/title"]["page"] == 1 and json.loads(out.read_text(encoding="utf-8"))["metadata"]


def test_extract_never_writes_over_the_pdf_it_reads_even_through_a_link(tmp_path, scanned):
    """-o goes through the safe writer as for a narrative: OUT.yaml a link to the PDF itself is refused, the PDF intact."""
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(scanned.read_bytes())
    (tmp_path / "out.yaml").symlink_to(pdf)
    result = invoke_cli("extract", pdf, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2 and "覆盖" in result.stderr
    assert pdf.read_bytes() == scanned.read_bytes() and (tmp_path / "out.yaml").is_symlink()


@pytest.mark.skipif(not REAL.is_dir(), reason="the reference documents are not on this machine")
def test_the_html_and_text_reports_of_a_pdf_lead_with_the_page(tmp_path):
    code, text = run_cli("check", REAL / "putuo-commerce-2025-budget.pdf")
    assert code == 0 and "- 第 8 页：写“卫生健康支出" in text and "医疗（款)" in text
    code, html = run_cli("check", REAL / "putuo-commerce-2025-budget.pdf", "--format", "html")
    assert "第 8 页" in html
