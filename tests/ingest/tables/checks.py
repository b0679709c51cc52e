"""Consistency checks the tests use to show rows were read whole (no row lost, none invented): the
hierarchy adds up, 合计 = 基本 + 项目, the 合计 row = Σ 类 — within the printed precision (each figure stands
for ± half a unit of its last digit, as issue 10 prescribes: wanli prints whole yuan rounded from fen, so
212 01 城乡社区管理事务 94,995,790 is Σ 94,995,789). Not rules: the rules are issue 11's."""

from __future__ import annotations

from decimal import Decimal


def kind(readings, key):
    found = [r for r in readings if r.kind == key]
    assert len(found) == 1, f"{key}: {len(found)} tables"
    return found[0]


def amount(row, column) -> Decimal:
    return row.values[column].amount


def _half(value) -> Decimal:
    """Half a unit of the last printed digit: the interval a printed figure stands for (issue 10)."""
    return Decimal(1).scaleb(-value.places) / 2


def _meets(whole, parts) -> bool:
    slack = _half(whole) + sum((_half(p) for p in parts), Decimal(0))
    return abs(whole.amount - sum((p.amount for p in parts), Decimal(0))) <= slack


def hierarchy_breaks(reading, column) -> list[str]:
    """Every 类/款 whose amount is not the sum of its children's (children present)."""
    rows = [r for r in reading.items if column in r.values]
    out = []
    for parent in rows:
        children = [r for r in rows if r.parent == parent.code]
        if children:
            if not _meets(parent.values[column], [r.values[column] for r in children]):
                total = sum((amount(r, column) for r in children), Decimal(0))
                out.append(f"{parent.code} {column}: {amount(parent, column)} != Σ {total}")
    return out


def top_level_sum(reading, column) -> Decimal:
    return sum((amount(r, column) for r in reading.items if r.level == "类"), Decimal(0))


def row_breaks(reading, whole, parts) -> list[str]:
    out = []
    for r in reading.rows:
        if whole in r.values and all(p in r.values for p in parts):
            if not _meets(r.values[whole], [r.values[p] for p in parts]):
                out.append(f"row {r.index} {r.code or r.name}")
    return out


def total_meets_classes(reading, column, key="total") -> bool:
    """The 合计 row against Σ 类 rows, within printed precision."""
    classes = [r.values[column] for r in reading.items if r.level == "类"]
    return _meets(reading.totals[key].values[column], classes)
