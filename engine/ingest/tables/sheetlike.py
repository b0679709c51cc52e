"""Ingest stage, tables: the few shapes of openpyxl's cells and worksheets that the sheet reader (xlsx.sheet_grid) reads,
for the sources that are no .xlsx: an .xls through xlrd (xls.py), a web page's tables (html.py)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from openpyxl.utils import get_column_letter


@dataclass(frozen=True, slots=True)
class Cell:
    """One stored cell as the sheet reader reads an openpyxl cell."""

    row: int  # 1-based, as openpyxl's
    column: int
    value: object
    number_format: str

    data_type = "n"  # never "f": an .xls gives a formula's stored result, a web page the text it shows

    @property
    def coordinate(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass(frozen=True, slots=True)
class Range:
    min_row: int
    min_col: int
    max_row: int
    max_col: int


class Sheet:
    """A sheet as the sheet reader reads an openpyxl worksheet: its title, its stored cells, its merged ranges."""

    def __init__(self, title: str, cells: dict, ranges: list[Range]) -> None:
        self.title = title
        self._cells = cells
        self.merged_cells = SimpleNamespace(ranges=ranges)
