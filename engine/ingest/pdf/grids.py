"""Ingest stage, PDF: the PDF's ruled tables as grids for the shared table reader (`ingest/tables/`), each cell
and line at its page and box. The PDF reader has already joined a table's pages (a repeated header dropped, a
merged 合计 row placed by its rulings); what it could not rule travels as the grid's problems, which make the
table 'recognised, not read'."""

from __future__ import annotations

import re

from budgetcheck.findings import PagePlace
from budgetcheck.ingest.pdf.model import Line, Page, Table
from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine

# the PDF reader's own title and unit checks are redone by the table reader from the lines passed on
_OWN_CHECKS = ("no title above the table", "no unit line")


def _box(bbox) -> tuple[float, float, float, float]:
    return tuple(round(float(v), 1) for v in bbox)  # type: ignore[return-value]


def text_line(line: Line) -> TextLine:
    return TextLine(line.text.strip(), PagePlace(line.page, _box(line.bbox)))


def grid_of(table: Table, unseen_after: int | None = None) -> Grid:
    cells = tuple(
        GridCell(c.row, c.col, c.rowspan, c.colspan, c.text, where=PagePlace(c.page, _box(c.bbox)), flags=tuple(c.flags))
        for row in table.rows for c in row if c is not None
    )
    # the unit lines over its continuations too (first: the table's own stay nearest), so that two units are a conflict
    above = tuple(text_line(x) for x in (*table.continued_units, table.title, table.unit_line) if x is not None)
    problems = tuple(p for p in table.problems if not any(k in p for k in _OWN_CHECKS))
    where = PagePlace(table.page, _box(table.bbox))
    return Grid(cells, len(table.rows), len(table.columns) - 1, above, tuple(text_line(n) for n in table.notes), where, "pdf", problems, unseen_after=unseen_after)


def grids_of(tables: list[Table], pages: list[Page] | None = None) -> list[Grid]:
    """Every ruled table of the PDF, in page order; one that may go on onto a page without a text layer says so."""
    return [grid_of(table, _unseen_after(index, table, pages or [])) for index, table in enumerate(tables)]


_FULL = 0.8  # share of the page's height a table reaches before the page breaks it (margins are 8–15 %)
_PAGE_NUMBER = re.compile(r"^[\s\-—–－]*(?:第\s*)?[0-9０-９]+(?:\s*页)?(?:\s*/\s*[0-9]+)?[\s\-—–－]*$")


def _unseen_after(index: int, table: Table, pages: list[Page]) -> int | None:
    """The page after the table's last when that page has no text layer, the table runs to the foot of its last page
    and nothing but a page number follows it there (a note or a title below it ends it): the rest may be there."""
    last = max(table.pages)
    following = next((page for page in pages if page.number == last + 1), None)
    if following is None or not following.scanned:
        return None
    page = next((page for page in pages if page.number == last), None)
    bottom = max((c.bbox[3] for row in table.rows for c in row if c is not None and c.page == last), default=None)
    if page is None or bottom is None or bottom < _FULL * page.height:
        return None  # it stops well above the page's foot: a table goes on to the next page only from a full one
    after = [line for line in page.lines if line.table != index and line.bbox[1] >= bottom - 1 and not _PAGE_NUMBER.match(line.text.strip())]
    return None if after else last + 1
