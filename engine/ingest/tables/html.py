"""Ingest stage, tables: a web page saved under a workbook's name (.xls): the tables of an HTML page, as Excel's
“save as web page” and many web systems' “export to Excel” write them. Each <table> is a sheet named 表格N (as a Word
document's tables are), its cells laid out by their rowspan and colspan as a browser lays them out, each cell's text as
shown; the sheet reader (xlsx.sheet_grid) then reads it as it reads a workbook's sheet, numbers from their text as
printed. Nothing of the page is run: html.parser reads its tags, scripts and styles are passed over."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from budgetcheck.ingest.tables.grid import Grid
from budgetcheck.ingest.tables.sheetlike import Cell, Range, Sheet
from budgetcheck.ingest.tables.xlsx import sheet_grid

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\u00a0]+")
_MAX_CELLS = 200_000  # a standard table has hundreds; a page's spans may claim millions


def grids_from_html(raw: bytes, vocab) -> list[Grid]:
    """Every non-empty table of the page, in page order."""
    parser = _Tables()
    parser.feed(_decoded(raw))
    parser.close()
    grids = []
    for index, rows in enumerate(parser.tables, start=1):
        grid = sheet_grid(_sheet(f"表格{index}", rows), None, vocab)
        if grid is not None:
            grids.append(grid)
    return grids


def _decoded(raw: bytes) -> str:
    """UTF-8 (with or without its mark), else the charset the page declares, else GB18030 (the pages of a Chinese
    government site that declare none are GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(raw[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["gb18030"]:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("gb18030", errors="replace")


class _Tables(HTMLParser):
    """The top-level tables of a page: rows of (text, rowspan, colspan); a table inside a cell is that cell's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.depth = 0  # tables open
        self.skip = 0  # inside <script> or <style>
        self.cell: list[str] | None = None
        self.spans = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self._end_cell()
            self.tables[-1].append([])
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
            found = dict(attrs)
            self.cell, self.spans = [], (_span(found.get("rowspan")), _span(found.get("colspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table":
            if self.depth == 1:
                self._end_cell()
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th", "tr"):
            self._end_cell()

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data)

    def _end_cell(self) -> None:
        if self.cell is None:
            return
        if not self.tables[-1]:
            self.tables[-1].append([])  # a cell before any <tr>
        self.tables[-1][-1].append((_SPACE.sub(" ", "".join(self.cell)).strip(), *self.spans))
        self.cell = None


def _span(value: str | None) -> int:
    digits = re.match(r"\s*([0-9]{1,3})", value or "")
    return max(1, min(int(digits.group(1)), 1000)) if digits else 1


def _sheet(name: str, rows: list[list[tuple[str, int, int]]]) -> Sheet:
    """The table's cells at the places a browser gives them: each cell takes the first column its row leaves free."""
    taken: set[tuple[int, int]] = set()
    cells, ranges = {}, []
    for r, row in enumerate(rows, start=1):
        c = 1
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            if len(taken) > _MAX_CELLS:  # spans that blow a page up: refused (INPUT-WORKBOOK-INVALID), never laid out
                raise ValueError(f"{name} 的单元格超过 {_MAX_CELLS} 个 / more than {_MAX_CELLS} cells")
            if text:
                cells[(r, c)] = Cell(r, c, text, "General")
            if rowspan > 1 or colspan > 1:
                ranges.append(Range(r, c, r + rowspan - 1, c + colspan - 1))
            c += colspan
    return Sheet(name, cells, ranges)
