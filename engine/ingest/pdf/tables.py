"""Ingest stage, PDF: grids into tables: title, unit line and notes around each grid, header rows, column
labels by header text, and continuation across pages (untitled, or titled 续表 / the title with （续）; a repeated
header dropped, columns matched by rulings)."""

from __future__ import annotations

import re

from budgetcheck.ingest.pdf.model import Cell, Line, Page, Table
from budgetcheck.ingest.pdf.rulings import _grid, _Part

_AMOUNT = re.compile(r"^[-－]?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^[-－]?\d+(?:\.\d+)?$")
_CODE = re.compile(r"^\d{3,7}$")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]|（[一二三四五六七八九十]+）)")
_TOTAL = re.compile(r"^(?:合计|总计|小计|收入总计|支出总计|本年收入合计|本年支出合计)$")
_UNIT = re.compile(r"(?:金额)?单位\s*[：:]\s*(万元|元)")
_TITLE = re.compile(r"表$|表（续）$|表\(续\)$")
_FIGURE = re.compile(r"^[-－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[-－]?\d+\.\d+$")  # 1,234 or 12.50: not a year, not a code
_CONTINUED = re.compile(r"(?:[（(]续表?[)）]|续表)$")


def _continues(title, table: Table | None) -> bool:
    """A title that says the table goes on: 续表 alone, or the table's own title with （续）/（续表）/续表 after it."""
    text = title.text.replace(" ", "") if title is not None else ""
    hit = _CONTINUED.search(text)
    if hit is None or table is None:
        return False
    rest = text[: hit.start()]
    return not rest or (table.title is not None and rest == table.title.text.replace(" ", ""))


def _heading(above: list[Line]) -> list[Line]:
    """The lines over a table that may be its heading: up from it to the first line of figures or note, which are
    what is above (the rows of a table set without rulings, the note under it): a title over them is that table's."""
    out: list[Line] = []
    for line in reversed(above):
        if line.text.lstrip().startswith("注") or any(_FIGURE.match(token) for token in line.text.split()):
            break
        out.append(line)
    return out[::-1]


def _is_data_row(row: list[Cell | None]) -> bool:
    filled = [c for c in row if c and c.text]
    if not filled:
        return True  # an empty row ends the header
    first = filled[0]
    if any(_AMOUNT.match(c.text.replace(" ", "")) for c in filled):
        return True
    if _CODE.match(first.text) or _ORDINAL.match(first.text):
        return True
    # a 合计/总计 row: the label at the left edge, and nothing but amounts (or blanks) after it
    return first.col == 0 and bool(_TOTAL.match(first.text.replace(" ", ""))) and all(
        _AMOUNT.match(c.text.replace(" ", "")) for c in filled[1:])


def _header_rows(rows) -> int:
    n = 0
    for r, row in enumerate(rows):
        if _is_data_row(row):
            break
        n = r + 1
    # a header cell spanning down past the first data row means the split is wrong: extend to it
    changed = True
    while changed:
        changed = False
        for row in rows[:n]:
            for c in row:
                if c and c.row + c.rowspan > n:
                    n = c.row + c.rowspan
                    changed = True
    return n


def _labels(rows, header_rows, ncols):
    labels = [[] for _ in range(ncols)]
    seen = [set() for _ in range(ncols)]
    for row in rows[:header_rows]:
        for c in row:
            if c and c.text:
                for k in range(c.col, c.col + c.colspan):
                    if id(c) not in seen[k]:
                        labels[k].append(c.text.replace(" ", ""))
                        seen[k].add(id(c))
    return labels


def _grid_rows(part):
    nr, nc = len(part.ys) - 1, len(part.xs) - 1
    return [[part.cells.get((r, c)) for c in range(nc)] for r in range(nr)]


def _tables(pages: list[Page], page_chars, page_rules) -> list[Table]:
    tables: list[Table] = []
    for page, chars, rules in zip(pages, page_chars, page_rules):
        if not rules:
            continue
        parts, taken = _grid(page.number, rules, chars)
        parts.sort(key=lambda p: p.bbox[1])
        prev_bottom = 0.0
        for part in parts:
            x0, y0, x1, y1 = part.bbox
            above = [ln for ln in page.lines if prev_bottom <= ln.bbox[3] <= y0 + 1]
            heading = _heading(above)
            title = next((ln for ln in reversed(heading) if _TITLE.search(ln.text.replace(" ", ""))), None)
            # the table's own unit line: on or under its title, or (untitled) the line right above it; one higher up is
            # another table's (a 三线表 above it on the page, whose lines are text, printing 单位：万元)
            own = [ln for ln in heading if ln.bbox[1] >= title.bbox[1] - 1] if title is not None else heading[-1:]
            unit_line = next((ln for ln in reversed(own) if _UNIT.search(ln.text.replace(" ", ""))), None)
            unit = _UNIT.search(unit_line.text.replace(" ", "")).group(1) if unit_line else None
            rows = _grid_rows(part)
            for line in page.lines:
                if y0 <= (line.bbox[1] + line.bbox[3]) / 2 <= y1:
                    line.table = len(tables)
            prev = tables[-1] if tables else None
            # the first part on the page after the table's last: untitled near the page's top, or titled as going on
            continuation = prev is not None and prev.pages[-1] == page.number - 1 and (
                (title is None and y0 < page.height * 0.35) or _continues(title, prev)
            )
            if continuation:
                if unit_line is not None:  # a unit printed again over the part: the table reader checks it is the same
                    prev.continued_units.append(unit_line)
                _continue(prev, part, rows)
                prev_bottom = y1
                continue
            header = _header_rows(rows)
            table = Table(page.number, [page.number], part.bbox, part.xs, rows, header, _labels(rows, header, len(part.xs) - 1),
                          title, unit, unit_line, [], list(part.problems))
            if title is None:
                table.problems.append(f"page {page.number}: no title above the table")
            if unit is None:
                table.problems.append(f"page {page.number}: no unit line (单位：元/万元) above the table")
            tables.append(table)
            prev_bottom = y1
        # notes below each part on this page: lines after the table, up to the next table
        for k, part in enumerate(parts):
            limit = parts[k + 1].bbox[1] if k + 1 < len(parts) else page.height
            owner = next((t for t in tables if page.number in t.pages and (t.page != page.number or t.bbox == part.bbox)), None)
            if owner is None:
                continue
            for ln in page.lines:
                if part.bbox[3] - 1 <= ln.bbox[1] < limit and re.match(r"\s*(注|说明)", ln.text):
                    owner.notes.append(ln)
    return tables


def _continue(table: Table, part: _Part, rows):
    """Append a continuation part: columns must match; a repeated header is dropped."""
    table.pages.append(part.page)
    table.problems.extend(part.problems)
    index = []  # the table column each boundary of the part lies on
    for x in part.xs:
        k = min(range(len(table.columns)), key=lambda k: abs(table.columns[k] - x))
        index.append(k if abs(table.columns[k] - x) <= 2.5 else None)
    if None in index or index[0] != 0 or index[-1] != len(table.columns) - 1:
        table.problems.append(
            f"page {part.page}: continuation columns {[round(x) for x in part.xs]} differ from {[round(x) for x in table.columns]}"
        )
        return
    if len(part.xs) != len(table.columns):
        # fewer rulings (e.g. only a merged 合计 row): every boundary lies on one of the table's, so the
        # cells are placed by the boundaries they sit between, spans widened accordingly
        wide = []
        for row in rows:
            new = [None] * (len(table.columns) - 1)
            for c in row:
                if c is not None:
                    c0, c1 = index[c.col], index[c.col + c.colspan]
                    c.col, c.colspan = c0, c1 - c0
                    new[c0] = c
            wide.append(new)
        rows = wide
    head = [[c.text if c else "" for c in row] for row in table.rows[: table.header_rows]]
    k = 0
    if table.header_rows and len(rows) >= table.header_rows:
        got = [[c.text if c else "" for c in row] for row in rows[: table.header_rows]]
        if got == head:
            k = table.header_rows
        elif not _is_data_row(rows[0]):
            h = _header_rows(rows)
            labels = {text for row in head for text in row if text}
            texts = [c.text for row in rows[:h] for c in row if c is not None and c.text]
            if not any(text in labels for text in texts):
                # rows of items with no figure (使用非财政拨款结余 | | 结余分配 |): none of their words is the header's
                k = 0
            elif all(text in labels for text in texts):
                k = h  # the header's rows in part (only its last row repeated): dropped as the whole one would be
            else:
                table.problems.append(f"page {part.page}: continuation starts with {h} header rows that differ from the table's header")
                k = h
    table.repeated_headers += k
    base = len(table.rows)
    for row in rows[k:]:
        new = []
        for c in row:
            if c is not None:
                c.row = c.row - k + base
            new.append(c)
        table.rows.append(new)

