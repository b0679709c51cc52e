"""Grids written by hand in tests: rows of texts, merges as (row, col, rowspan, colspan)."""

from __future__ import annotations

from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine


class At:
    """Provenance for synthetic cells: 'r3c2'."""

    def __init__(self, r: int, c: int):
        self.r, self.c = r, c

    def as_dict(self) -> dict:
        return {"row": self.r, "col": self.c}

    def __repr__(self) -> str:
        return f"r{self.r}c{self.c}"


def grid(rows, merges=(), above=("2025年一般公共预算支出表", "单位：万元"), below=(), follows=False) -> Grid:
    spans = {(r, c): (rs, cs) for r, c, rs, cs in merges}
    covered = {(r + i, c + j) for r, c, rs, cs in merges for i in range(rs) for j in range(cs)} - set(spans)
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            cells.append(GridCell(r, c, rs, cs, text or "", where=At(r, c)))
    ncols = max(len(row) for row in rows)
    return Grid(tuple(cells), len(rows), ncols, tuple(TextLine(t) for t in above), tuple(TextLine(t) for t in below),
                None, "test", (), follows)
