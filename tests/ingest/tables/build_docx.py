"""The same eight tables as a Word document: each sheet of the xlsx builder turned into a title paragraph,
a 单位 paragraph, a Word table with the same merges (gridSpan / vMerge), and its notes. `split` cuts a
table in two after a body row (the second part repeats the header, or not), as a page break does when a
department copies a long table into Word."""

from __future__ import annotations

import docx
import openpyxl

from tests.ingest.tables.build_xlsx import BUILDERS, SHEET_ORDER


def _text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and cell.number_format == "00":
        return f"{value:02d}"
    return str(value)


def _sheet(kind: str):
    ws = openpyxl.Workbook().active
    sheet = BUILDERS[kind](ws)
    return ws, sheet


def _layout(ws, last: int):
    """Header+body rows 3..last as (texts, merges) in table coordinates."""
    ncols = ws.max_column
    rows = [[_text(ws.cell(r, c)) for c in range(1, ncols + 1)] for r in range(3, last + 1)]
    merges = [(m.min_row - 3, m.min_col - 1, m.max_row - 3, m.max_col - 1) for m in ws.merged_cells.ranges if m.min_row >= 3]
    return rows, merges


def _table(document, rows, merges):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            if text:
                table.cell(r, c).text = text
    for r1, c1, r2, c2 in merges:
        if r2 < len(rows):
            text = rows[r1][c1]
            merged = table.cell(r1, c1).merge(table.cell(r2, c2))
            merged.text = text
    return table


def _header_rows(rows) -> int:
    for i, texts in enumerate(rows):
        first = next((t for t in texts if t), "")
        if first.replace(",", "").replace(".", "").isdigit() or first == "合计" or first[:2] in ("一、", "（一"):
            return i
    return len(rows)


def build_docx(path, kinds=SHEET_ORDER, split: dict | None = None, repeat_header: bool = True) -> str:
    document = docx.Document()
    for kind in kinds:
        ws, sheet = _sheet(kind)
        document.add_paragraph(ws.cell(1, 1).value)
        document.add_paragraph("    ".join(_text(c) for c in ws[2] if c.value is not None))
        notes = [r for r in range(3, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("注")]
        last = (notes[0] - 1 if notes else ws.max_row)
        while last > 3 and not any(ws.cell(last, c).value for c in range(1, ws.max_column + 1)):
            last -= 1
        rows, merges = _layout(ws, last)
        cut = (split or {}).get(kind)
        if cut is None:
            _table(document, rows, merges)
        else:
            h = _header_rows(rows)
            head_merges = [m for m in merges if m[2] < h]
            _table(document, rows[: h + cut], [m for m in merges if m[2] < h + cut])
            document.add_paragraph("")
            rest = rows[h + cut:]
            shifted = [(r1 - cut, c1, r2 - cut, c2) for r1, c1, r2, c2 in merges if r1 >= h + cut]
            if repeat_header:
                _table(document, rows[:h] + rest, head_merges + shifted)
            else:
                _table(document, rest, [(r1 - h, c1, r2 - h, c2) for r1, c1, r2, c2 in shifted])
        for r in notes:
            document.add_paragraph(str(ws.cell(r, 1).value))
    document.save(path)
    return str(path)
