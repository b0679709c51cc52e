"""Ingest stage, tables: Excel source (openpyxl): every sheet one grid. The title, unit and 编制单位 lines above the header stay
in the sheet (above); notes below it (below); merged cells become spans. Sheets are recognised later by
their title, never by position.

Numbers: openpyxl gives int or float. A float is first rounded to 15 significant digits (Excel's own
precision: 0.1+0.2 stored as 0.30000000000000004 shows as 0.3), then, when the number format fixes the
decimals ('#,##0.00' -> 2), quantized half-up to them, which is what the cell prints; with 'General' the
shortest form is kept and its places counted. A stored value with more digits than printed is flagged."""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetcheck.findings import CellPlace
from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine
from budgetcheck.ingest.tables.neartitle import near_kind
from budgetcheck.ingest.tables.vocabulary import norm

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_PRELUDE = re.compile(r"^(?:编制|填报|制表|报送)|单位[:]|^(?:附件|附表|表)[0-9一二三四五六七八九十\-]*[:]?$|^\d{4}年\d{1,2}月")
_NOTE = re.compile(r"^(?:注|说明|备注|附注)|^填表人|^审核人|^单位负责人")


@dataclass(frozen=True)
class Sheet:
    sheet: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet}


@dataclass(frozen=True)
class NumberFormat:
    places: int | None  # None: General (shortest form)
    width: int  # zero padding of the integer part ('00' -> 2)
    grouped: bool  # thousands separators
    percent: bool


@functools.lru_cache(maxsize=512)  # a pure parse of a format string; a sheet uses a handful
def number_format(fmt: str | None) -> NumberFormat:
    if not fmt or fmt == "General":
        return NumberFormat(None, 0, False, False)
    section = _QUOTED.sub("", fmt.split(";")[0])
    if section.strip() in ("", "@", "General"):
        return NumberFormat(None, 0, False, False)
    head, _, tail = section.partition(".")
    places = len(re.match(r"[0#?]*", tail).group(0)) if _ else 0
    return NumberFormat(places, head.count("0"), "," in head, "%" in section)


def to_decimal(value: int | float, fmt: NumberFormat) -> tuple[Decimal, int, bool]:
    """(amount as printed, places, hidden): hidden when the stored value has digits the format hides."""
    exact = Decimal(value) if isinstance(value, int) else Decimal(format(value, ".15g"))
    if fmt.places is None:
        exponent = exact.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return exact.quantize(Decimal(1).scaleb(-places)) if places else exact.to_integral_value(), places, False
    printed = exact.quantize(Decimal(1).scaleb(-fmt.places), ROUND_HALF_UP)
    return printed, fmt.places, printed != exact


def _display(amount: Decimal, places: int, fmt: NumberFormat) -> str:
    text = f"{amount:,.{places}f}" if fmt.grouped else f"{amount:.{places}f}"
    if fmt.width and places == 0 and amount >= 0:
        text = text.zfill(fmt.width)
    return text


def _number(value, ws_cell, span, where) -> GridCell:
    fmt = number_format(ws_cell.number_format)
    if fmt.percent:  # '0.00%' prints 0.125 as 12.50%: its places are the percentage's, not the stored fraction's
        exact = Decimal(value) if isinstance(value, int) else Decimal(format(value, ".15g"))
        shown = exact * 100 if fmt.places is None else (exact * 100).quantize(Decimal(1).scaleb(-fmt.places), ROUND_HALF_UP)
        return GridCell(*span, f"{shown:f}%", where=where)
    amount, places, hidden = to_decimal(value, fmt)
    return GridCell(*span, _display(amount, places, fmt), amount, places, where, ("hidden_digits",) if hidden else ())


def _text(value, ws_cell, span, where) -> GridCell:
    return GridCell(*span, str(value), where=where)


def _moment(value, ws_cell, span, where) -> GridCell:
    return GridCell(*span, value.isoformat(), where=where)


def _flag(value, ws_cell, span, where) -> GridCell:
    return GridCell(*span, str(value).upper(), where=where)


def _empty(value, ws_cell, span, where) -> GridCell:
    return GridCell(*span, "", where=where)


# what openpyxl gives -> the grid cell; a bool is not a number, a date is not an amount
_BY_TYPE = {int: _number, float: _number, str: _text, bool: _flag, type(None): _empty,
            datetime: _moment, date: _moment, time: _moment}


def _cell(ws_cell, cached, span: tuple[int, int, int, int], sheet: str) -> GridCell:
    """span = (row, col, rowspan, colspan) in the grid."""
    where = CellPlace(sheet, ws_cell.coordinate)
    value = ws_cell.value
    if ws_cell.data_type == "f":
        if cached is None:
            return GridCell(*span, str(value), where=where, flags=("formula_uncached",))
        value = cached
    return _BY_TYPE.get(type(value), _text)(value, ws_cell, span, where)


def _is_prelude(texts: list[str], vocab) -> bool:
    if not texts:
        return True
    for text in texts:
        t = norm(text)
        if not (_PRELUDE.search(t) or vocab.unit_of(t) or vocab.match_title(t) or t.rstrip("()").endswith("表") or near_kind(vocab, t)):
            return False
    return True


def _stored(ws):
    """Every cell the sheet stores. openpyxl's own store (a private attribute, stable since 2.x) visits only
    the cells the file holds; the public iter_rows() creates one for every coordinate of the used range,
    which costs ~40 % more on a sparse budget table (benchmarks/README.md). Without the store (another
    openpyxl), iter_rows gives the same cells: tests/ingest/tables hold both to the same grid."""
    store = getattr(ws, "_cells", None)
    if isinstance(store, dict):
        return store.values()
    return (cell for row in ws.iter_rows() for cell in row)


def _filled(ws) -> dict:
    """(row, col) -> cell for every cell holding something."""
    return {(cell.row, cell.column): cell for cell in _stored(ws) if cell.value is not None and str(cell.value).strip()}


def _row_texts(filled: dict, r: int, c0: int, c1: int, covered) -> list:
    return [filled[(r, c)] for c in range(c0, c1 + 1) if (r, c) in filled and (r, c) not in covered]


_MERGE_PAST = 16  # columns a merged range may reach past the last filled one (a title merged wider than its table)


def _merges(ws, last_row: int, last_col: int) -> tuple[dict, set, int]:
    """The merged ranges, cut to the filled rows and to _MERGE_PAST columns past the filled ones: a range merged to the
    sheet's end (A1:XFD1048576) would otherwise be laid out cell by cell, billions of them."""
    spans, covered, right = {}, set(), 0
    for rng in ws.merged_cells.ranges:
        if rng.min_row > last_row or rng.min_col > last_col + _MERGE_PAST:
            continue
        max_row, max_col = min(rng.max_row, last_row), min(rng.max_col, last_col + _MERGE_PAST)
        spans[(rng.min_row, rng.min_col)] = (max_row - rng.min_row + 1, max_col - rng.min_col + 1)
        covered |= {(r, c) for r in range(rng.min_row, max_row + 1) for c in range(rng.min_col, max_col + 1)} - {(rng.min_row, rng.min_col)}
        right = max(right, max_col)
    return spans, covered, right


def _lines(cells: list, sheet: str) -> list[TextLine]:
    return [TextLine(str(cell.value).strip(), CellPlace(sheet, cell.coordinate)) for cell in cells]


def sheet_grid(ws, cached_ws, vocab) -> Grid | None:
    """One sheet as a grid: the prelude lines (title, unit) above, the notes below, the rest the table."""
    filled = _filled(ws)
    if not filled:
        return None
    r0, r1 = min(r for r, _ in filled), max(r for r, _ in filled)
    c0, c1 = min(c for _, c in filled), max(c for _, c in filled)
    spans, covered, right = _merges(ws, r1, c1)
    c1 = max(c1, right)
    above, below = [], []
    while r0 <= r1 and _is_prelude([str(x.value) for x in _row_texts(filled, r0, c0, c1, covered)], vocab):
        above += _lines(_row_texts(filled, r0, c0, c1, covered), ws.title)
        r0 += 1
    while r1 >= r0:
        found = _row_texts(filled, r1, c0, c1, covered)
        if found and not all(_NOTE.match(norm(str(x.value))) or vocab.is_empty_note(str(x.value)) for x in found):
            break
        below[:0] = _lines(found, ws.title)
        r1 -= 1
    cells = []
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            if (r, c) in covered:
                continue
            span = (r - r0, c - c0, *(min(a, b) for a, b in zip(spans.get((r, c), (1, 1)), (r1 - r + 1, c1 - c + 1))))
            cell = filled.get((r, c))
            if cell is None:
                cells.append(GridCell(*span, "", where=CellPlace(ws.title, f"{get_column_letter(c)}{r}")))
            else:
                cached = cached_ws.cell(r, c).value if cached_ws is not None and cell.data_type == "f" else None
                cells.append(_cell(cell, cached, span, ws.title))
    return Grid(tuple(cells), r1 - r0 + 1, c1 - c0 + 1, tuple(above), tuple(below), Sheet(ws.title), "xlsx")


@contextlib.contextmanager
def _merges_not_laid_out():
    """openpyxl lays each merged range out on loading, a placeholder cell for every cell of it and a border for every
    edge cell (Worksheet._clean_merge_range): a column merged to the sheet's end (F3:F1048576) is a million cells, 10 s
    of CPU, twice for a workbook with formulas. The reader reads the ranges themselves (ws.merged_cells, cut to the
    table by _merges) and never those placeholders, which hold nothing: the layout is skipped while loading. Another
    openpyxl without the method loads as it does."""
    original = getattr(Worksheet, "_clean_merge_range", None)
    if original is None:
        yield
        return
    Worksheet._clean_merge_range = lambda self, mcr: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        Worksheet._clean_merge_range = original  # type: ignore[method-assign]


def grids_from_xlsx(source, vocab) -> list[Grid]:
    """Every non-empty sheet of the workbook, in workbook order. Formulas are read through the values Excel
    stored when it last calculated them; a formula never calculated (no stored value) is flagged."""
    with _merges_not_laid_out():
        book = openpyxl.load_workbook(source, data_only=False)
        has_formula = any(cell.data_type == "f" for ws in book.worksheets for cell in _stored(ws))
        cached = openpyxl.load_workbook(source, data_only=True) if has_formula else None
    grids = []
    for ws in book.worksheets:
        grid = sheet_grid(ws, cached[ws.title] if cached else None, vocab)
        if grid is not None:
            grids.append(grid)
    return grids
