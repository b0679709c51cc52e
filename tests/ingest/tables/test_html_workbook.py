"""A web page saved under a workbook's name (.xls): many web systems' “export to Excel” and Excel's “save as web page”
write HTML. Its tables are read as a workbook's sheets (tables/html.py): the department's eight tables written as a
page give the workbook's tables; a page without a table, and Excel 2003's XML spreadsheet, are refused with why."""

from __future__ import annotations

import html
import shutil

import pytest

import budgetcheck
from budgetcheck.ingest.tables.document import read_workbook
from budgetcheck.ingest.tables.workbook import workbook_grids
from tests.conftest import FIXTURES

TABLES = FIXTURES / "tables"
STEM = "donghu-commerce-2025"


def _page(vocab, encoding: str = "utf-8") -> bytes:
    """The workbook's sheets as an HTML page: each sheet a <table>, its title and unit lines first (spanning the
    table), then its cells with their spans, each showing the text the sheet shows (1,234.56; a 款 code as 05)."""
    parts = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
             "<style>td {mso-number-format:General}</style><script>var x = '<table>';</script></head><body>"]
    for grid in workbook_grids(TABLES / f"{STEM}.xlsx", vocab):
        parts.append("<table border=1>")
        for line in grid.above:
            parts.append(f"<tr><td colspan={grid.ncols}>{html.escape(line.text)}</td></tr>")
        rows: dict[int, list] = {}
        for cell in grid.cells:
            rows.setdefault(cell.row, []).append(cell)
        for row in sorted(rows):
            cells = "".join(f"<td rowspan={c.rowspan} colspan={c.colspan}>{html.escape(c.text)}&nbsp;</td>" for c in rows[row])
            parts.append(f"<tr>{cells}</tr>")
        for line in grid.below:
            parts.append(f"<tr><td colspan={grid.ncols}>{html.escape(line.text)}</td></tr>")
        parts.append("</table><p>说明文字</p>")
    parts.append("</body></html>")
    return "\n".join(parts).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gb2312"])
def test_a_page_of_the_eight_tables_gives_the_workbooks_tables(tmp_path, vocab, encoding):
    page = tmp_path / "tables.xls"
    page.write_bytes(_page(vocab, encoding))
    old, new = read_workbook(page, year=2025), read_workbook(TABLES / f"{STEM}.xlsx", year=2025)
    assert old.data == new.data and all(part.state == "read" for part in old.coverage)
    sheets = [grid.where.sheet for grid in workbook_grids(TABLES / f"{STEM}.xlsx", vocab)]
    place, there = old.positions["/tables/budget_summary/rows/0/total"], new.positions["/tables/budget_summary/rows/0/total"]
    assert place.sheet == f"表格{sheets.index(there.sheet) + 1}" and place.cell[:1] == there.cell[:1]  # the same column


def test_a_narrative_with_a_page_saved_as_its_workbook_is_checked_as_with_the_workbook(tmp_path, vocab):
    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / f"{STEM}.docx")
    (tmp_path / f"{STEM}.xls").write_bytes(_page(vocab))
    (result,) = budgetcheck.check_paths([tmp_path]).documents
    assert result.status == "pass" and result.coverage.summary().endswith("表格 8/8 已读")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"<html><body><p>no table here</p></body></html>", "没有表格"),
        (b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Table><Row/></Table></Workbook>', "没有表格"),
    ],
)
def test_a_page_without_a_table_or_an_xml_spreadsheet_is_refused_with_why(tmp_path, content, says):
    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / "a.docx")
    (tmp_path / "a.xls").write_bytes(content)
    (result,) = budgetcheck.check_paths([tmp_path]).documents
    (finding,) = result.findings
    assert (result.status, finding.rule) == ("invalid", "INPUT-WORKBOOK-INVALID") and says in finding.message_zh


def test_a_page_whose_spans_would_blow_it_up_is_refused_not_laid_out(tmp_path):
    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / "a.docx")
    cells = "".join("<td rowspan=1000 colspan=1000>x</td>" for _ in range(50))
    (tmp_path / "a.xls").write_bytes(f"<html><table><tr>{cells}</tr></table></html>".encode())
    (result,) = budgetcheck.check_paths([tmp_path]).documents
    (finding,) = result.findings
    assert finding.rule == "INPUT-WORKBOOK-INVALID" and "200000" in finding.message_zh
