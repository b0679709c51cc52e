"""Money: every amount becomes a decimal.Decimal and knows its unit.

Amounts are found through the schema (`x-amount`), never by guessing from
field names. The unit of an amount is the `unit` of the nearest enclosing
section that declares one, else the document's `metadata.unit`. Conversions
between 万元 and 元 are explicit and exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from budgetcheck import pointer as jp
from budgetcheck.findings import Finding, Severity
from budgetcheck.schemanav import SchemaNode

UNITS = ("万元", "元")
_YUAN_PER = {"万元": Decimal(10000), "元": Decimal(1)}
_DECIMAL_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    unit: str

    def to(self, unit: str) -> Money:
        """Exact conversion between 万元 and 元."""
        if unit == self.unit:
            return self
        return Money(self.amount * _YUAN_PER[self.unit] / _YUAN_PER[unit], unit)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


def as_decimal(value: object) -> Decimal | None:
    """An amount as written (int, Decimal or decimal string) as a Decimal; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL_TEXT.match(value.strip()):
        return Decimal(value.strip())
    return None


@dataclass(frozen=True)
class AmountSite:
    pointer: str
    money: Money


def iter_amounts(data: object, root: SchemaNode) -> Iterator[AmountSite]:
    """Every amount in the document with its unit, in document order."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    unit = metadata.get("unit") if isinstance(metadata, dict) else None
    yield from _walk(data, root, "", unit if unit in UNITS else "万元")


def _walk(value: object, node: SchemaNode, pointer: str, unit: str) -> Iterator[AmountSite]:
    if node.is_amount:
        number = as_decimal(value)
        if number is not None:
            yield AmountSite(pointer, Money(number, unit))
        return
    if not node.holds_amounts:
        return
    if isinstance(value, dict):
        if value.get("unit") in UNITS:
            unit = value["unit"]
        for key, item in value.items():
            child = node.property(key)
            if child is not None:
                yield from _walk(item, child, jp.join(pointer, key), unit)
    elif isinstance(value, list):
        child = node.items()
        if child is not None:
            for index, item in enumerate(value):
                yield from _walk(item, child, jp.join(pointer, index), unit)


def normalise(data: object, sites: list[AmountSite]) -> None:
    """Replace every amount in `data` (in place) by its Decimal."""
    for site in sites:
        parent_pointer, _, token = site.pointer.rpartition("/")
        parent = jp.resolve(data, parent_pointer)
        key: str | int = int(jp.unescape(token)) if isinstance(parent, list) else jp.unescape(token)
        parent[key] = site.money.amount  # type: ignore[index]


def decimal_places(amount: Decimal) -> int:
    """Places after the point that carry a non-zero digit (0.600 has 1); read from the digits, so any size works."""
    _sign, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    places = -exponent
    for digit in reversed(digits):
        if digit or not places:
            return places
        places -= 1
    return 0


def precision_findings(sites: list[AmountSite]) -> Iterator[Finding]:
    """万元 figures are published to 0.01 (one hundred yuan); finer is suspicious. 元 finer than 0.01 is not money."""
    for site in sites:
        amount = site.money.amount
        if decimal_places(amount) <= 2:
            continue
        if site.money.unit == "万元":
            yield Finding(
                "AMOUNT-PRECISION",
                Severity.WARNING,
                f"金额 {amount} 万元的小数超过两位；万元金额通常保留两位小数，请核对是否误填或单位有误",
                f"amount {amount} 万元 has more than two decimals; 万元 figures are normally given to 0.01, check the figure or its unit",
                (site.pointer,),
            )
        else:
            yield Finding(
                "AMOUNT-PRECISION",
                Severity.ERROR,
                f"金额 {amount} 元的小数超过两位（不足一分）",
                f"amount {amount} 元 has more than two decimals (less than one fen)",
                (site.pointer,),
            )
