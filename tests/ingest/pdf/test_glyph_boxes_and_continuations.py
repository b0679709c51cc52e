"""Faults of one real 决算 PDF (普陀区财政局 2024, the copy GovBudgetChecker plants problems in), each of which left
a table unread, so that its planted 财政拨款收入支出总计 of 0.3 万元 (the table: 2,961.68) went unseen:

- its font's character boxes are the glyphs' own, so 、，。 sit low on the baseline and made lines of their own
  ('一一般公共预算财政拨款收入、', and in the text '按原计划实施  需延迟…' with its comma on a line of its own);
- its 收入支出决算总表 goes on to a page whose first row is an item without a figure (使用非财政拨款结余 | | 结余分配 |),
  which was taken for a header differing from the table's;
- its 三公 table's header has an empty ruled row that the 公务接待费 cell spans, which ended the header above its
  预算数 | 决算数 row;
and, in its published copy, an untitled list of the units the 决算 covers was taken for a standard table that
lost its title. The boxes and texts here are the ones those PDFs give; the figures of the tables are made up."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetcheck.coverage import ABSENT, RECOGNISED_NOT_READ
from budgetcheck.ingest.pdf.chars import _Char
from budgetcheck.ingest.pdf.lines import _bands, _cell_text
from budgetcheck.ingest.pdf.model import Cell, Table
from budgetcheck.ingest.pdf.rulings import _Part
from budgetcheck.ingest.pdf.tables import _continue
from budgetcheck.ingest.tables import ReadContext, Status, load, read_tables
from budgetcheck.ingest.tables.document import assemble
from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine


def _row(text: str, x: float, top: float, bottom: float, low: dict[str, tuple[float, float]]) -> list[_Char]:
    """Characters 11 pt wide from x; those in `low` get their own (top, bottom), as the PDF's 、 and 一 have."""
    return [_Char(c, x + 11 * i, *(low.get(c) or (top, bottom))[:1], x + 11 * (i + 1), (low.get(c) or (top, bottom))[1]) for i, c in enumerate(text)]


def test_a_low_set_mark_stays_on_its_line():
    # 般 295.1–305.3, 一 299.2–304.7, 、 301.8–304.9: the mark's centre is 3.15 below the line's first, over 0.3 of a height
    chars = _row("一、一般公共预算财政拨款收入", 44.8, 295.1, 305.3, {"一": (299.2, 304.7), "、": (301.8, 304.9)})
    bands = _bands(chars)
    assert len(bands) == 1
    assert _cell_text(chars) == "一、一般公共预算财政拨款收入"


def test_a_wrapped_cell_keeps_its_two_lines_and_its_mark_on_the_first():
    first = _row("十四、资源勘探工业信息等", 44.8, 295.1, 305.3, {"、": (301.8, 304.9)})
    second = _row("支出", 44.8, 308.0, 318.2, {})
    assert [len(band) for band in _bands(first + second)] == [len(first), len(second)]
    assert _cell_text(first + second) == "十四、资源勘探工业信息等支出"


def test_a_line_below_is_not_taken_into_the_line_above():
    # the next line's characters lie below the line's bottom: never within it, however close
    upper = _row("按原计划实施", 72.0, 302.0, 314.0, {})
    lower = _row("需延迟", 72.0, 314.6, 326.6, {})
    assert len(_bands(upper + lower)) == 2


def _cells(texts: list[list[str]], page: int, first_row: int = 0) -> list[list[Cell]]:
    return [[Cell(first_row + r, c, 1, 1, text, page, (0, 0, 0, 0)) for c, text in enumerate(row)] for r, row in enumerate(texts)]


HEAD = [["收入", "", "支出", ""], ["项目", "决算数", "项目", "决算数"]]


def _summary() -> Table:
    rows = _cells(HEAD + [["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"]], 6)
    return Table(6, [6], (0, 0, 100, 100), [0, 25, 50, 75, 100], rows, 2, [], None, "万元", None, [])


def _go_on(table: Table, texts: list[list[str]]) -> Table:
    part = _Part(7, [0, 25, 50, 75, 100], [], {}, (0, 0, 100, 100))
    _continue(table, part, _cells(texts, 7))
    return table


def test_a_continuation_opening_with_items_without_figures_keeps_them():
    table = _go_on(_summary(), [["使用非财政拨款结余（含专用结余）", "", "结余分配", ""], ["年初结转和结余", "49.14", "年末结转和结余", "55.34"]])
    assert table.problems == []
    assert [row[0].text for row in table.rows[2:]] == ["本年收入合计", "使用非财政拨款结余（含专用结余）", "年初结转和结余"]


def test_a_continuation_repeating_the_headers_last_row_drops_it():
    table = _go_on(_summary(), [["项目", "决算数", "项目", "决算数"], ["年初结转和结余", "49.14", "年末结转和结余", "55.34"]])
    assert table.problems == [] and table.repeated_headers == 1
    assert [row[0].text for row in table.rows[2:]] == ["本年收入合计", "年初结转和结余"]


def test_a_continuation_with_another_header_is_still_a_problem():
    table = _go_on(_summary(), [["项目", "金额", "项目", "金额"], ["年初结转和结余", "49.14", "年末结转和结余", "55.34"]])
    assert table.problems == ["page 7: continuation starts with 1 header rows that differ from the table's header"]


@pytest.fixture(scope="module")
def vocab():
    return load()


def _three_public(empty_row: bool) -> Grid:
    """The 决算 三公 table as that PDF rules it: 公务接待费 spans three header rows, the third of them empty."""
    cells = [
        GridCell(0, 0, 1, 12, "财政拨款“三公”经费"),
        GridCell(1, 0, 2, 2, "合计"), GridCell(1, 2, 2, 2, "因公出国（境）费"), GridCell(1, 4, 1, 6, "公务用车购置及运行费"),
        GridCell(1, 10, 3 if empty_row else 2, 2, "公务接待费"),
        GridCell(2, 4, 1, 2, "小计"), GridCell(2, 6, 2 if empty_row else 1, 2, "公务用车购置费"), GridCell(2, 8, 1, 2, "公务用车运行费"),
    ]
    top = 3
    if empty_row:
        cells += [GridCell(3, c, 1, 1, "") for c in (0, 1, 2, 3, 4, 5, 8, 9)]
        top = 4
    cells += [GridCell(top, c, 1, 1, "预算数" if c % 2 == 0 else "决算数") for c in range(12)]
    figures = ["12.00", "10.50", "2.00", "1.50", "6.00", "5.40", "0", "0", "6.00", "5.40", "4.00", "3.60"]
    cells += [GridCell(top + 1, c, 1, 1, text) for c, text in enumerate(figures)]
    above = (TextLine("财政拨款“三公”经费支出决算表"), TextLine("单位：万元"))
    return Grid(tuple(cells), top + 2, 12, above, source="pdf")


def test_an_empty_header_row_that_a_header_cell_spans_is_part_of_the_header(vocab):
    for empty_row in (False, True):
        [reading] = read_tables([_three_public(empty_row)], ReadContext(vocab, year=2024))
        assert reading.kind == "final_three_public" and reading.status is Status.READ, (empty_row, reading.reasons())
        [row] = reading.rows
        assert (row.values["total_budget"].amount, row.values["total_final"].amount, row.values["reception_final"].amount) == (D("12.00"), D("10.50"), D("3.60"))


def test_an_empty_row_under_a_header_no_cell_spans_still_ends_it(vocab):
    # the same grid, with the 公务接待费 and 购置费 cells not reaching the empty row: the row ends the header as before
    grid = _three_public(True)
    cells = tuple(GridCell(c.row, c.col, 2 if c.text in ("公务接待费",) else 1 if c.text == "公务用车购置费" else c.rowspan, c.colspan, c.text) for c in grid.cells)
    [reading] = read_tables([Grid(cells, grid.nrows, grid.ncols, grid.above, source="pdf")], ReadContext(vocab, year=2024))
    assert reading.status is not Status.READ


# The published copy (普陀区财政局 2024 决算) has an untitled table of the units its 决算 covers (序号 | 单位名称 | 备注).
# A table with no title may be any standard table, so each standard table not found was said to be possibly it
# ("第 6 页"): a list of units holds no header word of a standard table and no amount, and is none of them.


def _untitled(rows: list[list[str]]) -> Grid:
    cells = tuple(GridCell(r, c, 1, 1, text) for r, row in enumerate(rows) for c, text in enumerate(row))
    return Grid(cells, len(rows), len(rows[0]), (TextLine("纳入编制范围的单位包括："),), source="pdf")


UNITS = [["序号", "单位名称", "备注"], ["1", "上海市普陀区财政局（本级）", ""], ["2", "上海市普陀区国库收付中心", "预算不单列，并入本级"]]


def _coverage(grid: Grid, vocab) -> dict:
    readings = read_tables([grid, _three_public(False)], ReadContext(vocab, year=2024))
    return {part.key: part for part in assemble(readings, vocab).coverage}


def test_an_untitled_list_of_units_is_no_standard_table_that_lost_its_title(vocab):
    [reading] = read_tables([_untitled(UNITS)], ReadContext(vocab, year=2024))
    assert [p.code for p in reading.problems] == ["TABLE-NO-TITLE", "TABLE-NOT-STANDARD"]
    part = _coverage(_untitled(UNITS), vocab)["tables/final_expenditure"]
    assert (part.state, part.reason_zh) == (ABSENT, "没有此表")


@pytest.mark.parametrize(
    "rows",
    [
        [["项目", "合计", "基本支出"], ["201", "", ""]],  # a header word of a standard table
        [["一般公共服务支出", "2,106.66", "1,503.52"], ["财政事务", "2,106.66", "1,503.52"]],  # amounts, no header
    ],
)
def test_an_untitled_table_with_a_standard_word_or_an_amount_may_be_the_missing_table(vocab, rows):
    [reading] = read_tables([_untitled(rows)], ReadContext(vocab, year=2024))
    assert [p.code for p in reading.problems] == ["TABLE-NO-TITLE"]
    part = _coverage(_untitled(rows), vocab)["tables/final_expenditure"]
    assert part.state == RECOGNISED_NOT_READ and "此表可能是其中之一" in part.reason_zh
