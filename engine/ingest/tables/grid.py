"""Ingest stage, tables: what every source gives the reader: a grid of cells (merged regions kept as spans), the text lines
around it, and an opaque provenance per cell. Sources: from_xlsx, from_docx, from_pdf."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class GridCell:
    """The top-left cell of a region; `number`/`places` are set only when the source stored a number
    (xlsx), already converted to the Decimal the cell prints."""

    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""
    number: Decimal | None = None
    places: int | None = None
    where: object = field(default=None, compare=False)
    flags: tuple[str, ...] = ()  # formula_uncached, hidden_digits, overflow


@dataclass(frozen=True)
class TextLine:
    text: str
    where: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Grid:
    cells: tuple[GridCell, ...]
    nrows: int
    ncols: int
    above: tuple[TextLine, ...] = ()  # title, unit line, 编制单位 … nearest last
    below: tuple[TextLine, ...] = ()  # notes under the table
    where: object = field(default=None, compare=False)  # the table as a whole (sheet, page list, docx table)
    source: str = ""
    problems: tuple[str, ...] = ()  # faults the source itself found (a PDF grid it could not rule): not read
    follows_previous: bool = False  # directly after another grid, nothing between: a continuation candidate
    unseen_after: int | None = None  # the page after its last, without a text layer, where it may go on: not read

    def slots(self) -> list[list[GridCell | None]]:
        """rows × columns, each slot holding the cell whose region covers it (None where no cell is)."""
        out: list[list[GridCell | None]] = [[None] * self.ncols for _ in range(self.nrows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.nrows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.ncols)):
                    out[r][c] = cell
        return out
