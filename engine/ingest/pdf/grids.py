"""Ingest stage, PDF: the PDF's ruled tables as grids for the shared table reader (`ingest/tables/`), each cell
and line at its page and box. The PDF reader has already joined a table's pages (a repeated header dropped, a
merged 合计 row placed by its rulings); what it could not rule travels as the grid's problems, which make the
table 'recognised, not read'."""

from __future__ import annotations

from budgetcheck.findings import PagePlace
from budgetcheck.ingest.pdf.model import Line, Table
from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine

# the PDF reader's own title and unit checks are redone by the table reader from the lines passed on
_OWN_CHECKS = ("no title above the table", "no unit line")


def _box(bbox) -> tuple[float, float, float, float]:
    return tuple(round(float(v), 1) for v in bbox)  # type: ignore[return-value]


def text_line(line: Line) -> TextLine:
    return TextLine(line.text.strip(), PagePlace(line.page, _box(line.bbox)))


def grid_of(table: Table) -> Grid:
    cells = tuple(
        GridCell(c.row, c.col, c.rowspan, c.colspan, c.text, where=PagePlace(c.page, _box(c.bbox)), flags=tuple(c.flags))
        for row in table.rows for c in row if c is not None
    )
    above = tuple(text_line(x) for x in (table.title, table.unit_line) if x is not None)
    problems = tuple(p for p in table.problems if not any(k in p for k in _OWN_CHECKS))
    where = PagePlace(table.page, _box(table.bbox))
    return Grid(cells, len(table.rows), len(table.columns) - 1, above, tuple(text_line(n) for n in table.notes), where, "pdf", problems)


def grids_of(tables: list[Table]) -> list[Grid]:
    """Every ruled table of the PDF, in page order."""
    return [grid_of(table) for table in tables]
