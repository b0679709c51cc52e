"""Ingest stage, tables: the header of a grid: how many rows it has, the labels over each column top-down, and the canonical
column each label path names (by text only, never by position)."""

from __future__ import annotations

from dataclasses import dataclass

from budgetcheck.ingest.tables.cells import FUNCTION_LEVELS, clean, is_code_text, is_number_text, ordinal
from budgetcheck.ingest.tables.grid import GridCell
from budgetcheck.ingest.tables.model import Column, Effect, Problem
from budgetcheck.ingest.tables.vocabulary import Kind, Vocabulary, norm, norm_label

MAX_HEADER_ROWS = 8
LABEL_TYPES = frozenset({"code", "code_class", "code_section", "code_item", "name", "item"})


@dataclass(frozen=True)
class Header:
    rows: int
    paths: tuple[tuple[str, ...], ...]  # per column, labels top-down (normalised, unit suffix removed)
    where: tuple[object, ...]  # per column, the deepest header cell
    units: tuple[tuple[str, object], ...]  # units printed in header labels: (unit, where)
    in_body: dict  # column -> label printed in the first body row (决算 基金表: 本年支出's 合计/基本/项目)
    skipped: tuple[int, ...] = ()  # 栏次 rows


def _filled(row: list[GridCell | None], r: int) -> list[GridCell]:
    seen, out = set(), []
    for cell in row:
        if cell is not None and cell.row == r and id(cell) not in seen and clean(cell.text):
            seen.add(id(cell))
            out.append(cell)
    return out


def _is_amount(cell: GridCell) -> bool:
    return cell.number is not None or is_number_text(cell.text)


def is_data_row(row: list[GridCell | None], r: int, kind: Kind, vocab: Vocabulary) -> bool:
    """A row that starts the body: empty, or with an amount, a code, an ordinal or a placeholder first,
    or one of the kind's total labels (合计, 收入总计 …)."""
    filled = _filled(row, r)
    if not filled:
        return True
    first = filled[0]
    if vocab.column_numbers_row.match(norm(first.text)):
        return False
    if any(_is_amount(c) for c in filled) or is_code_text(first.text) or vocab.is_placeholder(first.text):
        return True
    if ordinal(first.text)[0] is not None:
        return True
    label = norm(first.text)
    if not any(label in table for table in kind.special.values()):
        return False
    # a total label followed by figures or blanks; or at the left edge below the first row even with header
    # words after it (the 决算 基金 tables print 本年支出's sub-labels in the 合计 row). 合计 opening the grid with
    # header words after it is the 合计 column's header, as is 合计 among sub-headers (本年支出: 合计 | 基本 | 项目).
    return all(_is_amount(c) for c in filled[1:]) or (first.col == 0 and r > 0)


def _count_rows(slots, kind: Kind, vocab: Vocabulary) -> int:
    n = 0
    words = kind.words()
    for r, row in enumerate(slots[:MAX_HEADER_ROWS]):
        filled = _filled(row, r)
        if not filled and n == r and r and any(cell is not None and cell.row + cell.rowspan > r for above in slots[:r] for cell in above):
            continue  # an empty row that a header cell spans across (公务接待费 over two ruled rows) is the header's
        if is_data_row(row, r, kind, vocab):
            break
        numbers_row = bool(filled) and bool(vocab.column_numbers_row.match(norm(filled[0].text)))
        if n and not numbers_row and not any(vocab.unit_in_header.sub("", norm_label(c.text)) in words for c in filled):
            break  # a row of unknown words under a header: body text (a project with no figures yet)
        n = r + 1
    changed = True
    while changed:  # a header cell spanning down past the split: the header goes down to it
        changed = False
        for row in slots[:n]:
            for cell in row:
                if cell is not None and cell.row + cell.rowspan > n:
                    n, changed = cell.row + cell.rowspan, True
    return min(n, len(slots))


def _label(text: str, vocab: Vocabulary, units: list, where) -> str:
    label = norm_label(text)
    hit = vocab.unit_in_header.search(label)
    if hit:
        units.append((hit.group(1), where))
        label = label[: hit.start()]
    return label


def _paths(slots, n: int, skip: set, vocab: Vocabulary, units: list):
    ncols = len(slots[0]) if slots else 0
    paths, wheres = [], []
    for c in range(ncols):
        labels, seen, where = [], set(), None
        for r in range(n):
            cell = slots[r][c]
            if r in skip or cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            label = _label(cell.text, vocab, units, cell.where)
            if label:
                labels.append(label)
                where = cell.where
        paths.append(tuple(labels))
        wheres.append(where)
    return paths, wheres


def _in_body(slots, n: int, paths, kind: Kind, year) -> dict:
    """The 决算 基金/国资 tables print 本年支出's sub-labels (合计/基本支出/项目支出) in the 合计 row.
    Taken as header labels only when the columns over them are incomplete and the labels complete them.
    A table whose code is split into 类 | 款 | 项 columns may print those three words at the head of its 合计 row
    (类 款 项 合计 2,946.25 …): they complete the code columns, and the row is the 合计 row."""
    if n >= len(slots):
        return {}
    filled = [(c, cell) for c, cell in enumerate(slots[n]) if cell is not None and cell.col == c and clean(cell.text)]
    parts = _code_parts(filled, paths, kind, year)
    rest = filled[len(parts) :]
    if not rest:
        return {}
    first = rest[0][1]
    if (first.col != 0 and not parts) or kind.special_key(norm(first.text), None) is None:
        return {}
    found = dict(parts)
    for c, cell in rest[1:]:
        if _is_amount(cell):
            continue
        label = norm_label(cell.text)
        if kind.match_column(paths[c], year) is None and kind.match_column(paths[c] + (label,), year):
            found[c] = label
        else:
            return {}
    return found


CODE_PARTS = frozenset(FUNCTION_LEVELS.values())  # 类 款 项
_CODE_PART_TYPES = frozenset({"code_class", "code_section", "code_item"})


def _code_parts(filled, paths, kind: Kind, year) -> dict:
    """Column -> 类/款/项 for the code-part words opening a row, each completing its column to a code part; {} else."""
    parts = {}
    for c, cell in filled:
        label = norm_label(cell.text)
        if label not in CODE_PARTS:
            break
        match = kind.match_column(paths[c] + (label,), year)
        if match is None or match.type not in _CODE_PART_TYPES:
            return {}
        parts[c] = label
    return parts


def read_header(slots, kind: Kind, vocab: Vocabulary, year) -> Header:
    n = _count_rows(slots, kind, vocab)
    skip = {r for r in range(n) if any(c is not None and vocab.column_numbers_row.match(norm(c.text)) for c in _filled(slots[r], r)[:1])}
    units: list = []
    paths, wheres = _paths(slots, n, skip, vocab, units)
    in_body = _in_body(slots, n, paths, kind, year)
    for c, label in in_body.items():
        paths[c] = paths[c] + (label,)
    return Header(n, tuple(paths), tuple(wheres), tuple(units), in_body, tuple(sorted(skip)))


def map_columns(header: Header, kind: Kind, year) -> tuple[list[Column], list[Problem]]:
    """Each grid column with its canonical name (or None), side and panel; unknown and clashing columns."""
    columns, problems = [], []
    for c, path in enumerate(header.paths):
        match = kind.match_column(path, year) if path else None
        columns.append(Column(c, path, match.key if match else None, match.type if match else None,
                              match.side if match else None, None, match.measure if match else "current", header.where[c]))
    if kind.layout == "two_sided":
        columns, side_problems = _sides(columns)
        problems += side_problems
    elif kind.layout == "panels":
        columns = _panels(columns, kind)
    problems += _duplicates(columns)
    return columns, problems


def _sides(columns: list[Column]) -> tuple[list[Column], list[Problem]]:
    """A column without a side label belongs to the side of the item column opening its block
    (收入项目 | 金额 | 支出项目 | 金额); with no side found at all the table cannot be split."""
    out, side, problems = [], None, []
    for col in columns:
        if col.side is not None:
            side = col.side
        elif col.key is not None and side is None:
            problems.append(Problem("TABLE-NO-SIDE", Effect.BLOCKING,
                                    f"column '{col.label}' is not under 收入 or 支出: the two sides cannot be told apart", col.where, None, col.index))
        out.append(Column(col.index, col.labels, col.key, col.type, col.side or side, None, col.measure, col.where))
    return out, problems


def _panels(columns: list[Column], kind: Kind) -> list[Column]:
    out, panel, seen = [], 0, set()
    for col in columns:
        # a code split into 类 | 款 columns opens each panel as a joined code column does
        if col.key in kind.panel_columns or ("code" in kind.panel_columns and col.key in _CODE_PART_TYPES):
            if col.key in seen:
                panel, seen = panel + 1, set()
            seen.add(col.key)
        out.append(Column(col.index, col.labels, col.key, col.type, None, panel, col.measure, col.where))
    return out


def _duplicates(columns: list[Column]) -> list[Problem]:
    seen: dict = {}
    problems = []
    for col in columns:
        if col.name is None:
            continue
        key = (col.side, col.panel, col.name)
        if key in seen:
            problems.append(Problem("TABLE-DUPLICATE-COLUMN", Effect.BLOCKING,
                                    f"columns {seen[key] + 1} and {col.index + 1} both read as '{col.name}' ({col.label})", col.where, None, col.index))
        else:
            seen[key] = col.index
    return problems
