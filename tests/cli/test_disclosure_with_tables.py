"""`budgetcheck check` on a folder holding a narrative and its workbook: one disclosure, its narrative checked
against its tables, each finding located at the text line and at the sheet!cell of what it read."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

import budgetcheck
from tests.cli.running import run_cli, run_json
from tests.conftest import FIXTURES

TABLES = FIXTURES / "tables"
STEM = "donghu-commerce-2025"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("fixtures_tables_build_cli", TABLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def folder(build, tmp_path_factory):
    """The 东湖 disclosure, its narrative saying 1216.00 for 201 一般公共服务支出 where the table prints 1261.00,
    and calling 208 社会保险支出."""
    where = tmp_path_factory.mktemp("disclosure")
    body = tuple(
        block.replace("一般公共服务支出（201类）1261.00万元", "一般公共服务支出（201类）1216.00万元").replace("社会保障和就业支出（208类）", "社会保险支出（208类）")
        if isinstance(block, str) else block
        for block in build.BODY
    )
    original = build.BODY
    build.BODY = body
    try:
        build.build_docx(where / "说明.docx")
    finally:
        build.BODY = original
    shutil.copy(TABLES / f"{STEM}.xlsx", where / "八张表.xlsx")
    return where


def test_the_folder_is_one_disclosure_and_the_narrative_amount_is_located_at_its_line_and_at_the_table_cell(folder):
    code, report = run_json("check", folder)
    assert code == 1
    (document,) = report["documents"]
    assert document["coverage"]["summary"].endswith("表格 8/8 已读")
    (finding,) = [f for f in document["findings"] if f["rule"] == "TAB-NAR-001"]
    assert "1216.00" in finding["message"] and "1261.00" in finding["message"]
    places = dict(zip(finding["paths"], finding["locations"]))
    assert places["/narrative/claims/8/amount"]["line"] == 20  # the text line
    cell = places["/tables/expenditure_summary/rows/0/total"]
    assert (cell["sheet"], cell["cell"], cell["file"]) == ("支出总表", "C5", "八张表.xlsx")
    # and the name: the table's rule, and the classification list's
    assert {f["rule"] for f in document["findings"] if f["severity"] == "error"} == {"TAB-NAR-001", "TAB-NAR-002", "CLM-CLS-002"}


def test_a_wrong_classification_name_is_located_at_the_table_name_cell(folder):
    _, report = run_json("check", folder)
    (finding,) = [f for f in report["documents"][0]["findings"] if f["rule"] == "TAB-NAR-002"]
    assert "社会保险支出" in finding["message"] and "社会保障和就业支出" in finding["message"]
    places = dict(zip(finding["paths"], finding["locations"]))
    assert places["/narrative/claims/11/classification/name"]["line"] == 20
    assert (places["/tables/expenditure_summary/rows/8/name"]["sheet"], places["/tables/expenditure_summary/rows/8/name"]["cell"]) == ("支出总表", "B13")


def test_the_text_report_shows_the_sheet_and_cell_first(folder):
    code, out = run_cli("check", folder)
    assert code == 1
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "TAB-NAR-001" in line)
    assert "第 20 行" in lines[at + 1] and "八张表.xlsx 支出总表!C5" in lines[at + 1]


def test_the_sample_text_alone_reports_the_eight_tables_missing_each_citing_the_rules():
    code, report = run_json("check", FIXTURES / "xiguan-2019.txt")
    assert code == 1
    missing = [f for f in report["documents"][0]["findings"] if f["rule"].startswith("TAB-")]
    assert sorted(f["rule"] for f in missing) == [f"TAB-REQ-{i:03d}" for i in range(1, 9)]
    assert all(f["severity"] == "error" and "地方预决算公开操作规程" in f["citation"] for f in missing)


def test_a_table_the_narrative_holds_as_layout_text_and_its_workbook_lacks_is_unread_not_unpublished(tmp_path):
    """The govoffice text holds its nine tables as layout text; paired with a workbook without 部门收入预算总表, the
    workbook's “没有此表” replaced the text's reading and TAB-REQ-002 said the table is not published (a false
    error): it is in the narrative, unread, and its rules are not applicable."""
    from tests.conftest import REAL
    from tests.ingest.tables.build_xlsx import SHEET_ORDER, build_workbook

    source = REAL / "putuo-govoffice-2025-budget.txt"
    if not source.exists():
        pytest.skip("the reference documents are not beside this checkout")
    shutil.copy(source, tmp_path / "gv.txt")
    build_workbook(tmp_path / "gv.xlsx", kinds=[kind for kind in SHEET_ORDER if kind != "income_summary"])
    (document,) = budgetcheck.check_paths([tmp_path]).documents
    assert not [finding for finding in document.findings if finding.rule.startswith("TAB-REQ")]
    assert "TAB-REQ-002" in {outcome.rule for outcome in document.not_applicable}
    tables = {table.key: table.state for table in document.coverage.tables}
    assert tables["tables/income_summary"] == "recognised_not_read" and tables["tables/budget_summary"] == "read"
