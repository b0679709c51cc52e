"""Ingest stage, tables: tables that continue: a grid with no title of its own, directly after another, is the same table
(a Word table split by a page break, a PDF table over several pages). Its columns must be the table's;
a repeated header is dropped; anything else makes the table 'recognised, not read'."""

from __future__ import annotations

from dataclasses import replace

from budgetcheck.ingest.tables.grid import Grid
from budgetcheck.ingest.tables.header import is_data_row, read_header
from budgetcheck.ingest.tables.vocabulary import Vocabulary, norm


def join_continuations(grids: list[Grid], vocab: Vocabulary, year: int | None = None) -> list[Grid]:
    out: list[Grid] = []
    for grid in grids:
        if out and grid.follows_previous and not _titled(grid, vocab):
            out[-1] = join(out[-1], grid, vocab, year)
        else:
            out.append(grid)
    return out


def _titled(grid: Grid, vocab: Vocabulary) -> bool:
    return any(vocab.match_title(line.text) or norm(line.text).endswith("表") for line in grid.above)


def _texts(grid: Grid, rows: int) -> list[list[str]]:
    slots = grid.slots()
    return [[norm(c.text) if c is not None and c.row == r else "" for c in slots[r]] for r in range(min(rows, grid.nrows))]


def join(first: Grid, part: Grid, vocab: Vocabulary, year: int | None) -> Grid:
    """first + part, rows renumbered; a mismatch is recorded on the table (it will not be read)."""
    if part.ncols != first.ncols:
        return replace(first, problems=first.problems + (
            f"a continuation has {part.ncols} columns where the table has {first.ncols}: its rows cannot be placed",))
    _, match = vocab.find_title(first.above)
    header = read_header(first.slots(), vocab.kinds[match.kind], vocab, year).rows if match else 0
    drop = 0
    if header and _texts(part, header) == _texts(first, header):
        drop = header
    elif header and part.nrows and not is_data_row(part.slots()[0], 0, vocab.kinds[match.kind], vocab):
        return replace(first, problems=first.problems + ("a continuation starts with a header that differs from the table's",))
    base = first.nrows - drop
    moved = tuple(replace(c, row=c.row + base) for c in part.cells if c.row >= drop)
    return replace(first, cells=first.cells + moved, nrows=first.nrows + part.nrows - drop, below=part.below, unseen_after=part.unseen_after)
