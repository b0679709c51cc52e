"""Excel 97-2003 workbooks (.xls), as many bureaus still publish their tables: read through xlrd into the grids an
.xlsx gives, so one reader serves both. The committed .xls files are written by fixtures/tables/build_xls.py from the
committed .xlsx (cell for cell: values, number formats, merged ranges), so the two must read the same."""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

import budgetcheck
from budgetcheck.ingest import Pair
from budgetcheck.ingest.disclosure import pair_files
from budgetcheck.ingest.tables.document import read_workbook
from budgetcheck.ingest.tables.workbook import workbook_grids
from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES

TABLES = FIXTURES / "tables"
XLS = TABLES / "xls"
STEM = "donghu-commerce-2025"


def _cells(grids):
    return [[(cell.where.cell, cell.rowspan, cell.colspan, cell.text, cell.number, cell.places, cell.flags) for cell in grid.cells] for grid in grids]


def test_the_xls_gives_the_grids_of_the_xlsx_it_was_written_from(vocab):
    old, new = workbook_grids(XLS / f"{STEM}.xls", vocab), workbook_grids(TABLES / f"{STEM}.xlsx", vocab)
    assert [grid.where.sheet for grid in old] == [grid.where.sheet for grid in new]
    assert [[line.text for line in grid.above] for grid in old] == [[line.text for line in grid.above] for grid in new]
    assert _cells(old) == _cells(new)


def test_its_tables_are_read_the_same_each_value_at_its_sheet_and_cell():
    old, new = read_workbook(XLS / f"{STEM}.xls", year=2025), read_workbook(TABLES / f"{STEM}.xlsx", year=2025)
    assert old.data == new.data and sorted(old.data) and all(part.state == "read" for part in old.coverage)
    assert {k: (v.sheet, v.cell) for k, v in old.positions.items()} == {k: (v.sheet, v.cell) for k, v in new.positions.items()}
    assert old.positions["/tables/budget_summary/rows/0/total"].sheet == "收支总表"


def test_a_narrative_with_its_xls_is_checked_as_with_its_xlsx(tmp_path):
    for suffix in (".xls", ".xlsx"):
        (tmp_path / suffix[1:]).mkdir()
        shutil.copy(TABLES / f"{STEM}.docx", tmp_path / suffix[1:] / f"{STEM}.docx")
        shutil.copy((XLS if suffix == ".xls" else TABLES) / f"{STEM}{suffix}", tmp_path / suffix[1:] / f"{STEM}{suffix}")
    old, new = (budgetcheck.check_paths([tmp_path / name]).documents[0] for name in ("xls", "xlsx"))
    assert (old.status, [(f.rule, f.message_zh) for f in old.findings]) == (new.status, [(f.rule, f.message_zh) for f in new.findings])
    assert old.coverage.summary() == new.coverage.summary() and old.coverage.summary().endswith("表格 8/8 已读")


def test_the_other_kinds_of_cell_read_as_an_xlsx_reads_them(tmp_path, vocab):
    """A date, a boolean, a percentage, a float stored longer than shown, an amount, an integer, a number stored as
    text and an error: what an .xlsx holding the same cells gives."""
    (grid,) = workbook_grids(XLS / "odd-cells.xls", vocab)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "杂项"
    values = [datetime(2025, 1, 15), datetime(2025, 3, 1), True, 0.125, 0.1 + 0.2, 1234.5, 300, "1,234.50", "#DIV/0!"]
    formats = ["yyyy-mm-dd", "yyyy/m/d", "General", "0.00%", "General", "#,##0.00", "General", "@", "General"]
    labels = ["日期", "日", "真假", "比例", "浮点", "金额", "整数", "文字数", "错误"]
    for row, (label, value, fmt) in enumerate(zip(labels, values, formats, strict=True), 1):
        sheet.cell(row, 1, label)
        sheet.cell(row, 2, value).number_format = fmt
    book.save(tmp_path / "odd.xlsx")
    (same,) = workbook_grids(tmp_path / "odd.xlsx", vocab)
    assert _cells([grid]) == _cells([same])
    shown = {cell.where.cell: (cell.text, cell.number) for cell in grid.cells}
    assert shown["B5"] == ("0.3", Decimal("0.3")) and shown["B6"] == ("1,234.50", Decimal("1234.50"))
    assert shown["B8"] == ("1,234.50", None) and shown["B9"] == ("#DIV/0!", None) and shown["B3"] == ("TRUE", None)
    assert shown["B4"] == ("12.50%", None)  # was 13.00%: the fraction rounded to the percentage's places, then × 100


def test_an_xls_pairs_with_its_narrative_and_two_workbooks_of_one_name_pair_with_none(tmp_path):
    for name in ("a.txt", "a.xls", "b.docx", "b.xls", "b.xlsx"):
        (tmp_path / name).write_bytes(b"")
    items, problems = pair_files(sorted(tmp_path.iterdir()))
    assert items == [Pair(tmp_path / "a.txt", tmp_path / "a.xls"), tmp_path / "b.docx"]
    assert sorted((path.name, error.code.id) for path, error in problems) == [("b.xls", "INPUT-UNPAIRED"), ("b.xlsx", "INPUT-UNPAIRED")]
    assert "同名的工作簿不止一个" in problems[0][1].message_zh


def test_a_compound_file_that_holds_no_workbook_is_a_located_input_error(tmp_path):
    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / "a.docx")
    raw = bytearray((XLS / f"{STEM}.xls").read_bytes())
    raw[512:] = bytes(len(raw) - 512)  # the OLE2 header kept, its sectors gone
    (tmp_path / "a.xls").write_bytes(bytes(raw))
    (result,) = budgetcheck.check_paths([tmp_path]).documents
    (finding,) = result.findings
    assert (result.status, finding.rule) == ("invalid", "INPUT-WORKBOOK-INVALID") and "a.xls" in finding.message_zh


def test_extract_reads_the_tables_of_an_xls(tmp_path):
    out = tmp_path / "tables.json"
    result = invoke_cli("extract", XLS / f"{STEM}.xls", "-o", out)
    assert result.exit_code == 0 and "8/8" in result.stderr
    assert '"budget_summary"' in out.read_text(encoding="utf-8")


def test_a_range_merged_to_the_sheets_end_is_cut_to_the_table_not_laid_out_cell_by_cell(tmp_path, vocab):
    """A title merged across the whole row (A1:XFD1) or a column merged to the sheet's end (a slip of the mouse) was laid
    out cell by cell: 16,384 columns a row, a million rows, a hang. Ranges are cut to the filled rows and a few columns,
    and openpyxl does not lay them out on loading either (a placeholder for each of a million cells: 10 s of CPU)."""
    import zipfile

    from budgetcheck.ingest.tables.xlsx import _merges_not_laid_out

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.cell(1, 1, "某局2025年部门收支总表")
    sheet.merge_cells("A1:D1")
    for row in range(2, 8):
        for col in range(1, 5):
            sheet.cell(row, col, f"{row}.{col}")
    book.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as plain, zipfile.ZipFile(tmp_path / "merged.xlsx", "w") as merged:
        for item in plain.infolist():  # the two ranges written into the sheet as Excel writes them, without openpyxl laying them out
            data = plain.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<mergeCells count="1"><mergeCell ref="A1:D1"/>', b'<mergeCells count="2"><mergeCell ref="A1:XFD1"/><mergeCell ref="F3:F1048576"/>')
                assert b"F3:F1048576" in data
            merged.writestr(item, data)
    with _merges_not_laid_out():
        loaded = openpyxl.load_workbook(tmp_path / "merged.xlsx").active
    assert len(loaded._cells) <= 7 * 4 and {str(rng) for rng in loaded.merged_cells.ranges} == {"A1:XFD1", "F3:F1048576"}
    (grid,) = workbook_grids(tmp_path / "merged.xlsx", vocab)
    assert grid.ncols <= 4 + 16 and grid.nrows <= 7
