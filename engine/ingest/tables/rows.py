"""Ingest stage, tables: the body of a table: each grid row read as one entry per segment (the whole table, each side of a
收支总表, each panel of the 决算 基本支出表): code or item or measure, its values, or a located reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetcheck.ingest.tables import cells
from budgetcheck.ingest.tables.grid import GridCell, TextLine
from budgetcheck.ingest.tables.header import CODE_PARTS, Header
from budgetcheck.ingest.tables.model import Column, Effect, Problem, Row, Value
from budgetcheck.ingest.tables.vocabulary import Kind, Vocabulary, norm, norm_label

_CODE_PARTS = {"code_class": "class", "code_section": "section", "code_item": "item"}


@dataclass(frozen=True)
class Segment:
    side: str | None
    panel: int | None
    columns: tuple[Column, ...]

    def of_type(self, *types: str) -> list[Column]:
        return [c for c in self.columns if c.type in types]


@dataclass
class Body:
    """What reading the body yields; filled row by row."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[TextLine] = field(default_factory=list)


@dataclass
class _Outline:
    """Per segment: ordinal styles in order of first use (depth), the open items, the last total row."""

    styles: list[str] = field(default_factory=list)
    stack: list[tuple[int, str]] = field(default_factory=list)
    under: str | None = None
    measured: int = 0


def segments(columns: list[Column]) -> list[Segment]:
    known = [c for c in columns if c.key is not None]
    keys = []
    for c in known:
        if (c.side, c.panel) not in keys:
            keys.append((c.side, c.panel))
    return [Segment(side, panel, tuple(c for c in known if (c.side, c.panel) == (side, panel))) for side, panel in keys]


def _own(cell: GridCell | None, r: int, c: int) -> GridCell | None:
    """The cell that starts at this slot's row (a label merged across columns counts once, at its left)."""
    return cell if cell is not None and cell.row == r else None


_LABEL_ORDER = ("item", "name", "code", "code_class", "code_section", "code_item")


def _label_text(row, r: int, seg: Segment) -> tuple[str, object]:
    """The row's label: its item (project, 收支 item) first, else its name, else its code."""
    for kind in _LABEL_ORDER:
        for col in seg.of_type(kind):
            cell = _own(row[col.index], r, col.index)
            if cell is not None and cells.clean(cell.text):
                return cell.text, cell.where
    return "", None


def _lone_cell(row, r: int):
    """The one cell of grid row `r` that prints anything (a cell merged across the row counts once), or None."""
    texts = {id(c): c for c in row if c is not None and c.row == r and cells.clean(c.text)}
    return next(iter(texts.values())) if len(texts) == 1 else None


def _whole_row_note(cell, vocab: Vocabulary) -> TextLine | None:
    return TextLine(cell.text.strip(), cell.where) if cell is not None and vocab.is_empty_note(cell.text) else None


_NONE_ROW = re.compile(r"^[（(]?(?:无|暂无|无数据|无内容)[）)]?$")


def _says_none(cell) -> bool:
    """Whether a body row's one printed text is 无 (暂无, 无数据): an empty table's only row, in its code or name cell,
    saying there is nothing to list; it is no code and no item."""
    return cell is not None and bool(_NONE_ROW.match(cells.clean(cell.text)))


def _values(row, r: int, seg: Segment, kind: Kind, dash: bool, skip: dict, body: Body) -> dict:
    out: dict = {}
    for col in seg.of_type("amount"):
        if col.index in skip:
            continue
        cell = row[col.index]
        # a figure in a cell merged over columns or rows (a rule not drawn) belongs to none of them for certain, and the
        # figures of the cells merged run together in its text ('123463 2345678'): no slot of it is read, its first neither
        if cell is not None and (cell.rowspan > 1 or cell.colspan > 1 or cell.row != r or cell.col != col.index) and cells.clean(cell.text):
            body.problems.append(Problem("CELL-MERGED", Effect.PARTIAL, f"a value cell merged across columns or rows ('{cell.text.strip()}')", cell.where, r, col.index))
            continue
        got = cells.amount(cell if cell is not None and cell.row == r else None, dash, cell.where if cell else None)
        if isinstance(got, Value):
            out[col.name] = got
            if "hidden_digits" in cell.flags:
                body.problems.append(Problem("CELL-HIDDEN-DIGITS", Effect.INFO, f"the cell stores more digits than it prints; read as printed: {cell.text}", cell.where, r, col.index))
        else:
            body.problems.append(Problem(got.code, Effect.PARTIAL, got.message, cell.where if cell else None, r, col.index))
    return out


def _texts(row, r: int, seg: Segment) -> dict:
    out = {}
    for col in seg.of_type("text"):
        cell = _own(row[col.index], r, col.index)
        if cell is not None and cell.text.strip():
            out[col.name] = cell.text.strip()
    return out


def _places(row, r: int, seg: Segment) -> dict:
    """Where the row's name and code are printed: the name cell, and the code cell (of split 类/款/项 cells,
    the last printed, the one that gives the code its level)."""
    found = {}
    for key, types in (("name", ("name", "item")), ("code", ("code", "code_class", "code_section", "code_item"))):
        for col in seg.of_type(*types):
            cell = _own(row[col.index], r, col.index)
            if cell is not None and cells.clean(cell.text) and (key == "code" or key not in found):
                found[key] = cell.where
    return found


def _code(row, r: int, seg: Segment, kind: Kind) -> tuple[str | None, str, cells.CellReason | None]:
    """(code, name, reason) from a joined code column, split 类/款/项 columns, or a code in the name cell."""
    name_cols = seg.of_type("name", "item")
    name = ""
    if name_cols:
        cell = _own(row[name_cols[0].index], r, name_cols[0].index)
        name = cells.name_text(cell.text) if cell is not None else ""
    joined = seg.of_type("code")
    if joined:
        cell = _own(row[joined[0].index], r, joined[0].index)
        code, reason = cells.joined_code(cell.text if cell else "")
        return code, name, reason
    split = sorted(seg.of_type(*_CODE_PARTS), key=lambda c: ["code_class", "code_section", "code_item"].index(c.type))
    if split:
        parts = []
        for col in split:
            cell = _own(row[col.index], r, col.index)
            parts.append((_CODE_PARTS[col.type], cell.text if cell else "", bool(cell and cell.number is not None)))
        code, reason = cells.split_code(parts)
        return code, name, reason
    code, rest = cells.embedded_code(name)
    return code, (cells.name_text(rest) if code else name), None


def _item(label: str, outline: _Outline) -> dict:
    printed, style, rest = cells.ordinal(label)
    depth = parent = None
    if style is not None:
        if style not in outline.styles:
            outline.styles.append(style)
        depth = outline.styles.index(style) + 1
        while outline.stack and outline.stack[-1][0] >= depth:
            outline.stack.pop()
        parent = outline.stack[-1][1] if outline.stack else None
        outline.stack.append((depth, cells.name_text(rest)))
    return {"name": cells.name_text(rest), "ordinal": printed, "depth": depth, "parent": parent, "under": outline.under}


@dataclass(frozen=True)
class _Line:
    """One segment of one grid row, being read: its label cell and what every row of it shares."""

    r: int
    row: list
    seg: Segment
    label: str
    where: object
    base: dict = field(hash=False)

    def problem(self, code: str, message: str, where=None) -> Problem:
        return Problem(code, Effect.PARTIAL, message, where or self.where or _first_where(self.row, self.r), self.r)


@dataclass
class _Body:
    """The table being read: its kind and rules, and what has been found so far."""

    kind: Kind
    vocab: Vocabulary
    dash: bool
    year: int | None
    header: Header
    out: Body = field(default_factory=Body)


def _entry(row, r: int, seg: Segment, reading: _Body, outline: _Outline) -> None:
    label, where = _label_text(row, r, seg)
    skip = reading.header.in_body if r == reading.header.rows else {}
    has_values = any(row[c.index] is not None and row[c.index].row == r and cells.clean(row[c.index].text)
                     for c in seg.of_type("amount") if c.index not in skip)
    if not label and not has_values:
        return
    if label and reading.vocab.is_placeholder(label):
        reading.out.problems.append(Problem("ROW-PLACEHOLDER", Effect.PARTIAL, f"template placeholder row '{label.strip()}'", where, r))
        return
    if label and cells.several_items(label):
        reading.out.problems.append(Problem("ROW-SEVERAL", Effect.PARTIAL, f"the label '{label.strip()}' holds more than one numbered item: rows run together", where, r))
        return
    values = _values(row, r, seg, reading.kind, reading.dash, skip, reading.out)
    base = {"index": r, "side": seg.side, "panel": seg.panel, "values": values, "texts": _texts(row, r, seg), "where": where}
    line = _Line(r, row, seg, label, where, base)
    key = reading.kind.special_key(norm(label), seg.side) if label else None
    if key is not None:
        outline.under, outline.stack = key, []
        reading.out.rows.append(Row(kind="total", key=key, name=cells.name_text(label), **base))
    elif not label and reading.kind.row_key != "measure":
        reading.out.problems.append(line.problem("ROW-NO-LABEL", "figures in a row without a code or name"))
    else:
        _ROW_KEYS[reading.kind.row_key](line, reading, outline)


def _first_where(row, r):
    return next((c.where for c in row if c is not None and c.row == r), None)


def _by_code(line: _Line, reading: _Body, outline: _Outline) -> None:
    kind = reading.kind
    code, name, reason = _code(line.row, line.r, line.seg, kind)
    if reason is not None:
        reading.out.problems.append(line.problem(reason.code, reason.message))
    elif code is None:
        reading.out.problems.append(line.problem("ROW-NO-CODE", f"row '{cells.name_text(line.label)}' has no classification code"))
    elif cells.level_of(code, kind.code_scheme) is None:
        reading.out.problems.append(line.problem("CODE-BAD", f"code {code} has no {kind.code_scheme} level (3/5/7 digits)"))
    else:
        level = cells.level_of(code, kind.code_scheme)
        reading.out.rows.append(Row(kind="item", code=code, level=level, parent=cells.parent_of(code), name=name,
                                    places=_places(line.row, line.r, line.seg), **line.base))


def _by_item(line: _Line, reading: _Body, outline: _Outline) -> None:
    """A labelled row (收支 item, project); its classification code too when the table prints one."""
    coded = {}
    if line.seg.of_type("code", *_CODE_PARTS):
        code, _, reason = _code(line.row, line.r, line.seg, reading.kind)
        if reason is not None:
            reading.out.problems.append(line.problem(reason.code, reason.message))
        elif code is not None:
            coded = {"code": code, "level": cells.level_of(code, reading.kind.code_scheme)}
    reading.out.rows.append(Row(kind="item", **_item(line.label, outline), **coded, places=_places(line.row, line.r, line.seg), **line.base))


def _by_measure(line: _Line, reading: _Body, outline: _Outline) -> None:
    """三公 rows: labelled 本年/上年/2024年预算数, or the one unlabelled row of figures (current)."""
    if line.seg.of_type("item"):
        measure = reading.kind.measure_of(norm_label(line.label), reading.year)
        if measure is None:
            reading.out.problems.append(line.problem("ROW-UNKNOWN", f"row '{line.label.strip()}' names no year or measure (本年/上年/预算数/决算数)"))
            return
    elif outline.measured:
        reading.out.problems.append(line.problem("ROW-UNKNOWN", "a second row of figures in a table with one row and no row labels"))
        return
    else:
        measure = "current"
    outline.measured += 1
    reading.out.rows.append(Row(kind="item", name=cells.name_text(line.label), measure=measure, **line.base))


_ROW_KEYS = {"code": _by_code, "item": _by_item, "measure": _by_measure}


def read_body(slots, header: Header, columns: list[Column], kind: Kind, vocab: Vocabulary, dash: bool, year: int | None) -> Body:
    reading = _Body(kind, vocab, dash, year, header)
    segs = segments(columns)
    outlines = {(s.side, s.panel): _Outline() for s in segs}
    moved = [label for label in header.in_body.values() if label not in CODE_PARTS]  # 类/款/项 sit where no figure goes
    if moved:
        labels = ", ".join(moved)
        reading.out.problems.append(Problem("HEADER-IN-BODY", Effect.PARTIAL,
                                            f"the first body row carries header labels ({labels}); its figures for those columns are not printed",
                                            _first_where(slots[header.rows], header.rows), header.rows))
    for r in range(header.rows, len(slots)):
        row = slots[r]
        lone = _lone_cell(row, r)
        note = _whole_row_note(lone, vocab)
        if note is not None:
            reading.out.notes.append(note)
            continue
        if _says_none(lone):
            continue
        for seg in segs:
            _entry(row, r, seg, reading, outlines[(seg.side, seg.panel)])
    return reading.out
