"""Ingest stage, tables: Word source (python-docx): every table of the body a grid, merged cells from w:gridSpan and w:vMerge,
the paragraphs just before a table as its title and unit lines, the 注/说明 paragraphs after it as notes.
A table with only empty paragraphs between it and the previous one is marked as a possible continuation
(a table split by a page break); the reader joins it when it has no title of its own."""

from __future__ import annotations

from dataclasses import dataclass

import docx
from docx.oxml.ns import qn
from openpyxl.utils import get_column_letter

from budgetcheck.findings import CellPlace

from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine
from budgetcheck.ingest.tables.vocabulary import norm
from budgetcheck.ingest.wordml import body_blocks

ABOVE_LINES = 4
_NOTE_START = ("注", "说明", "备注")


def docx_cell(table: int, row: int, col: int) -> CellPlace:
    """A Word table's cell as a clerk would name it: the table's number in the body (表格3) and the cell in
    A1 style over its grid (row and column 1-based)."""
    return CellPlace(f"表格{table}", f"{get_column_letter(col)}{row}")


@dataclass(frozen=True)
class DocxParagraph:
    paragraph: int  # 1-based, in body order

    def as_dict(self) -> dict:
        return {"paragraph": self.paragraph}


@dataclass(frozen=True)
class DocxTable:
    table: int

    def as_dict(self) -> dict:
        return {"table": self.table}


def _text(element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iterchildren(qn("w:p")))


def _vmerge(tc) -> str | None:
    pr = tc.tcPr
    node = pr.find(qn("w:vMerge")) if pr is not None else None
    if node is None:
        return None
    return node.get(qn("w:val")) or "continue"


def _span(tc) -> int:
    pr = tc.tcPr
    node = pr.find(qn("w:gridSpan")) if pr is not None else None
    return int(node.get(qn("w:val"))) if node is not None else 1


def _grid_before(tr) -> int:
    pr = tr.trPr
    node = pr.find(qn("w:gridBefore")) if pr is not None else None
    return int(node.get(qn("w:val"))) if node is not None else 0


def table_cells(tbl, number: int) -> tuple[list[GridCell], int, int]:
    """Cells of one w:tbl with their spans; a vMerge 'continue' cell extends the cell above it."""
    found: list[dict] = []
    open_at: dict[int, dict] = {}  # column -> the region covering it in the rows above
    rows = tbl.findall(qn("w:tr"))
    ncols = 0
    for r, tr in enumerate(rows):
        c = _grid_before(tr)
        for tc in tr.findall(qn("w:tc")):
            span, merge = _span(tc), _vmerge(tc)
            if merge == "continue" and c in open_at:
                open_at[c]["rowspan"] = r - open_at[c]["row"] + 1
            else:
                cell = {"row": r, "col": c, "rowspan": 1, "colspan": span, "text": _text(tc)}
                found.append(cell)
                for k in range(c, c + span):
                    open_at[k] = cell
            c += span
        ncols = max(ncols, c)
    cells = [GridCell(f["row"], f["col"], f["rowspan"], f["colspan"], f["text"], where=docx_cell(number, f["row"] + 1, f["col"] + 1))
             for f in found]
    return cells, len(rows), ncols


def grids_from_docx(path, vocab) -> list[Grid]:
    body = docx.Document(path).element.body
    grids: list[Grid] = []
    since: list[TextLine] = []  # non-empty paragraphs since the last table
    paragraph = 0
    for child in body_blocks(body):
        if child.tag == qn("w:p"):
            paragraph += 1
            text = _text_of_paragraph(child)
            if text.strip():
                since.append(TextLine(text.strip(), DocxParagraph(paragraph)))
        elif child.tag == qn("w:tbl"):
            if grids:
                grids[-1] = _with_notes(grids[-1], since, vocab)
            cells, nrows, ncols = table_cells(child, len(grids) + 1)
            follows = bool(grids) and not since
            grids.append(Grid(tuple(cells), nrows, ncols, tuple(since[-ABOVE_LINES:]), (), DocxTable(len(grids) + 1), "docx", (), follows))
            since = []
    if grids:
        grids[-1] = _with_notes(grids[-1], since, vocab)
    return grids


def _text_of_paragraph(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _with_notes(grid: Grid, lines: list[TextLine], vocab) -> Grid:
    """The paragraphs right after a table that are its notes (注/说明…, or a sentence saying it is empty)."""
    notes = []
    for line in lines:
        if not (norm(line.text).startswith(_NOTE_START) or vocab.is_empty_note(line.text)):
            break
        notes.append(line)
    return Grid(grid.cells, grid.nrows, grid.ncols, grid.above, tuple(notes), grid.where, grid.source, grid.problems, grid.follows_previous)
