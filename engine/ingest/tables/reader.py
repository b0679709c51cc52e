"""Ingest stage, tables: read_table: one grid -> one TableReading. Title -> kind; unit line -> unit; header -> canonical columns;
body -> rows with codes and Decimal values. A reading is complete (read), or carries its reasons
(partly_read: the rows/cells not understood; recognised_not_read: why nothing was read) — never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from budgetcheck.ingest.tables import cells
from budgetcheck.ingest.tables.continuation import join_continuations
from budgetcheck.ingest.tables.grid import Grid, TextLine
from budgetcheck.ingest.tables.header import (
    LABEL_TYPES,
    Header,
    map_columns,
    read_header,
)
from budgetcheck.ingest.tables.model import (
    Column,
    Effect,
    Problem,
    Status,
    TableReading,
    Unit,
)
from budgetcheck.ingest.tables.neartitle import near_kind
from budgetcheck.ingest.tables.rows import Segment, read_body, segments
from budgetcheck.ingest.tables.vocabulary import UNSEEN, Kind, Vocabulary, norm, norm_label


@dataclass(frozen=True, eq=False)
class ReadContext:
    vocabulary: Vocabulary
    year: int | None = None  # the document's year, when the table title does not print one
    dash_as_blank: bool | None = None  # override the kind's rule for a template known to print '-' for zero


def read_tables(grids, context: ReadContext) -> list[TableReading]:
    """Every grid of a document in order; a grid continuing the previous one (next page, split table) is
    joined to it first; a grid carrying its title in its own first rows has them lifted above it first."""
    lifted = [lift_title_rows(grid, context.vocabulary) for grid in grids]
    return [read_table(grid, context) for grid in join_continuations(lifted, context.vocabulary, context.year)]


_UNIT_LINE = ("单位", "金额单位")


def lift_title_rows(grid: Grid, vocab: Vocabulary) -> Grid:
    """A table that carries its title (or its 单位 line) in its own first rows, one cell across the table (a Word table's
    first row merged across, a PDF table ruled round its title): those rows are lines above it, as a title paragraph
    would be (such tables were not recognised at all). Such a grid starts a table: it continues none."""
    cells, nrows, lifted = list(grid.cells), grid.nrows, []
    while nrows > 2:
        first = [cell for cell in cells if cell.row == 0]
        texts = [cell for cell in first if cell.text.strip()]
        if len(texts) != 1 or any(cell.rowspan > 1 for cell in first) or texts[0].colspan * 2 < grid.ncols:
            break
        text = texts[0].text.strip()
        if not (vocab.match_title(text) is not None or norm(text).endswith("表") or norm(text).startswith(_UNIT_LINE)):
            break
        lifted.append(TextLine(text, texts[0].where))
        cells = [replace(cell, row=cell.row - 1) for cell in cells if cell.row > 0]
        nrows -= 1
    if not lifted:
        return grid
    return replace(grid, cells=tuple(cells), nrows=nrows, above=grid.above + tuple(lifted), follows_previous=False)


def read_table(grid: Grid, context: ReadContext) -> TableReading:
    vocab = context.vocabulary
    problems = [Problem("SOURCE-GRID", Effect.BLOCKING, text, grid.where) for text in grid.problems]
    if grid.unseen_after is not None:  # its sums and hierarchy would be checked on the rows of one page only
        problems.append(Problem("TABLE-CUT-BY-SCAN", Effect.BLOCKING, f"the table may go on onto page {grid.unseen_after}, which has no text layer", grid.where))
    title, match = vocab.find_title(grid.above)
    if match is None and title is None:  # a line one character from a standard title (表 cut off): the table's title
        title = next((line for line in reversed(grid.above) if near_kind(vocab, line.text) is not None), None)
    if match is None:
        problems.append(_title_problem(title, grid))
        if title is None and not _could_be_standard(grid, vocab):
            problems.append(Problem("TABLE-NOT-STANDARD", Effect.INFO, "no header word of a standard table and no amount in it: not one of them", grid.where))
        return _reading(vocab, Status.UNRECOGNISED, None, None, title, context.year, None, 0, (), (), grid, problems)
    kind = vocab.kinds[match.kind]
    year = match.year or context.year
    if match.variant == UNSEEN:  # a title of the kind whose layout no reference shows: recognised, never read
        problems.append(Problem("TABLE-LAYOUT-UNSEEN", Effect.BLOCKING, f"the title '{match.core}' is a variant of {kind.name} whose layout is not known", grid.where))
        return _reading(vocab, Status.RECOGNISED_NOT_READ, kind, match, title, year, None, 0, (), (), grid, problems)
    slots = grid.slots()
    header = read_header(slots, kind, vocab, year)
    unit, unit_problems = _unit(grid.above, header, vocab)
    columns, column_problems = map_columns(header, kind, year)
    problems += unit_problems + column_problems + _structure(header, columns, kind, slots)
    if any(p.effect is Effect.BLOCKING for p in problems):
        return _reading(vocab, Status.RECOGNISED_NOT_READ, kind, match, title, year, unit, header.rows, columns, (), grid, problems)
    dash = kind.dash_as_blank if context.dash_as_blank is None else context.dash_as_blank
    body = read_body(slots, header, columns, kind, vocab, dash, year)
    problems += body.problems + _placeholder_notes(grid.below, vocab)
    status = Status.PARTLY_READ if any(p.effect is Effect.PARTIAL for p in problems) else Status.READ
    return _reading(vocab, status, kind, match, title, year, unit, header.rows, columns, body.rows, grid, problems, tuple(body.notes))


def _placeholder_notes(lines, vocab: Vocabulary) -> list[Problem]:
    return [Problem("NOTE-PLACEHOLDER", Effect.INFO, f"the note still holds a template placeholder: '{line.text}'", line.where)
            for line in lines if vocab.is_placeholder(line.text)]


_FIGURE = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$|^-?\d{1,3}(?:,\d{3})+$|^-?\d{4,}$")  # 12.50, 1,234, 91016775: not 序号 1, 2, 3


def _could_be_standard(grid: Grid, vocab: Vocabulary) -> bool:
    """Whether an untitled table may be one of the standard tables every disclosure publishes (those whose absence is
    judged): a cell holds a header word one of them prints (合计, 决算数, 科目编码 …) or an amount. A list of the units the 决算 covers (序号 | 单位名称 | 备注) holds neither, and
    is no standard table whose title was lost."""
    words = vocab.national_words
    for cell in grid.cells:
        text = cells.clean(cell.text)
        if not text:
            continue
        if cell.number is not None or _FIGURE.match(text) or vocab.unit_in_header.sub("", norm_label(cell.text)) in words:
            return True
    return False


def _title_problem(title: TextLine | None, grid: Grid) -> Problem:
    if title is None:
        return Problem("TABLE-NO-TITLE", Effect.BLOCKING, "no table title above the table", grid.where)
    return Problem("TABLE-UNKNOWN-TITLE", Effect.BLOCKING, f"'{title.text.strip()}' is not a standard table title", title.where)


def _unit(lines, header: Header, vocab: Vocabulary) -> tuple[Unit | None, list[Problem]]:
    """The unit printed for this table: its 单位 line, or a unit in its header labels; never assumed."""
    found = [(vocab.unit_of(line.text), line.where) for line in lines]
    found = [(u, w) for u, w in found if u]
    named = {u for u, _ in found} | {u for u, _ in header.units}
    if len(named) > 1:
        return None, [Problem("TABLE-UNIT-CONFLICT", Effect.BLOCKING, f"the table prints more than one unit: {', '.join(sorted(named))}", found[0][1] if found else None)]
    if found:
        return Unit(found[-1][0], vocab.units[found[-1][0]], found[-1][1]), []
    if header.units:
        return Unit(header.units[0][0], vocab.units[header.units[0][0]], header.units[0][1], "header"), []
    return None, [Problem("TABLE-NO-UNIT", Effect.BLOCKING, "no unit line (单位：元/万元) for this table: its figures cannot be read")]


def _structure(header: Header, columns: list[Column], kind: Kind, slots) -> list[Problem]:
    problems = []
    if header.rows == 0:
        problems.append(Problem("TABLE-NO-HEADER", Effect.BLOCKING, "no header row found above the first row of figures"))
    problems += _unknown_columns(header, columns, slots)
    found = segments(columns)
    # every side of a two-sided table has its required columns, a side of which no column was recognised too (a table
    # whose one cell holds it all was read as empty: no side found, nothing required)
    unseen = [Segment(side, None, ()) for side in kind.sides if side not in {seg.side for seg in found}]
    for seg in found + unseen or [None]:
        problems += _required(kind, seg, columns)
    if kind.row_key == "code" and not any(c.type in LABEL_TYPES for c in columns):
        problems.append(Problem("TABLE-NO-LABEL-COLUMN", Effect.BLOCKING, "no code or name column: rows cannot be told apart"))
    return problems


def _unknown_columns(header: Header, columns: list[Column], slots) -> list[Problem]:
    problems = []
    for col in columns:
        if col.key is not None:
            continue
        used = any(row[col.index] is not None and row[col.index].row == r and row[col.index].col == col.index
                   and cells.clean(row[col.index].text) for r, row in enumerate(slots) if r >= header.rows)
        label = col.label or "(no header)"
        effect = Effect.PARTIAL if used else Effect.INFO
        what = "holds content that is not read" if used else "is empty"
        problems.append(Problem("TABLE-UNKNOWN-COLUMN", effect, f"column {col.index + 1} '{label}' matches no column of this table; it {what}", col.where, None, col.index))
    return problems


def _required(kind: Kind, seg, columns: list[Column]) -> list[Problem]:
    side = seg.side if seg else None
    present = {c.key for c in (seg.columns if seg else ())}
    problems = []
    scope = side if side in kind.required else "all"
    for key in kind.required.get(scope, ()):
        if key not in present and not (key == "name" and present & {"code", "code_class"}):
            problems.append(Problem("TABLE-MISSING-COLUMN", Effect.BLOCKING, f"required column '{key}'{_side_text(side, seg)} not found in the header"))
    scope = side if side in kind.required_any else "all"
    options = kind.required_any.get(scope, ())
    if options and not present & set(options):
        problems.append(Problem("TABLE-MISSING-COLUMN", Effect.BLOCKING, f"none of the columns {', '.join(options)}{_side_text(side, seg)} found in the header"))
    return problems


def _side_text(side, seg) -> str:
    if side:
        return f" on the {side} side"
    return f" in panel {seg.panel + 1}" if seg is not None and seg.panel is not None else ""


_UNREAD_CELLS = frozenset({"CELL-TEXT", "CELL-SEVERAL", "CELL-DASH", "CELL-FORMULA", "CELL-MERGED"})
# columns not understood (and not known to be blank): their figures were never read, so the table is not known to be
# empty either
_UNREAD_COLUMNS = frozenset({"TABLE-UNKNOWN-COLUMN", "TABLE-MISSING-COLUMN", "TABLE-DUPLICATE-COLUMN", "TABLE-NO-HEADER", "TABLE-NO-LABEL-COLUMN"})


def _reading(vocab, status, kind, match, title, year, unit, header_rows, columns, rows, grid, problems, body_notes=()) -> TableReading:
    notes = tuple(grid.below) + tuple(body_notes)
    # empty only when every figure cell was read as blank: a cell left unread (text, a dash, a formula without its
    # result, a merged figure) holds something, so a table of such cells is not known to be empty; nor is one whose
    # columns were not understood (a PDF table whose header the reader could not place)
    empty = not any(not v.blank for row in rows for v in row.values.values()) and not any(
        p.code in _UNREAD_CELLS or (p.code in _UNREAD_COLUMNS and p.effect is not Effect.INFO) for p in problems
    )
    empty_note = next((n for n in notes if vocab.is_empty_note(n.text)), None)
    return TableReading(status, kind.key if kind else None, match.variant if match else None, title, year, unit, header_rows,
                        tuple(columns), tuple(rows), notes, empty, empty_note, tuple(problems), grid.where, grid.source)
