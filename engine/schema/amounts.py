"""Schema stage: every amount of a document, found through the schema (`x-amount`), with its unit.

Amounts are never guessed from field names. The unit of an amount is the `unit` of the nearest
enclosing section that declares one, else the document's `metadata.unit`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from budgetcheck import codes
from budgetcheck import pointer as jp
from budgetcheck.findings import Finding, Severity
from budgetcheck.money import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    UNITS,
    Money,
    as_decimal,
    decimal_places,
    within_bounds,
)
from budgetcheck.schema.navigation import SchemaNode


@dataclass(frozen=True)
class AmountSite:
    pointer: str
    money: Money
    # the list or mapping holding the amount and its index or key there, when the walk found it: set in place
    # without resolving the pointer again (a site made by hand has none)
    parent: object = field(default=None, compare=False, repr=False)
    key: str | int | None = field(default=None, compare=False, repr=False)


def iter_amounts(data: object, root: SchemaNode) -> Iterator[AmountSite]:
    """Every amount in the document with its unit, in document order."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    unit = metadata.get("unit") if isinstance(metadata, dict) else None
    yield from _walk(data, root, "", unit if unit in UNITS else "万元")


def _walk(value: object, node: SchemaNode, pointer: str, unit: str, parent: object = None, key: str | int | None = None) -> Iterator[AmountSite]:
    if node.is_amount:
        number = as_decimal(value)
        if number is not None:
            yield AmountSite(pointer, Money(number, unit), parent, key)
        return
    if not node.holds_amounts:
        return
    if isinstance(value, dict):
        if value.get("unit") in UNITS:
            unit = value["unit"]
        for key, item in value.items():
            child = node.property(key)
            if child is not None:
                yield from _walk(item, child, jp.join(pointer, key), unit, value, key)
    elif isinstance(value, list):
        child = node.items()
        if child is not None:
            for index, item in enumerate(value):
                yield from _walk(item, child, jp.join(pointer, index), unit, value, index)


def amounts_out_of_bounds(data: object, sites: list[AmountSite]) -> list[Finding]:
    """An amount written as a decimal string too long to check (5,000 digits) is set to None, like a number
    out of bounds, and reported at its place."""
    found: list[Finding] = []
    for site in sites:
        amount = site.money.amount
        if within_bounds(amount):
            continue
        _set(data, site, None)
        digits = len(amount.as_tuple().digits)
        found.append(
            codes.SCHEMA_NUMBER_SIZE.finding(
                f"{site.pointer} 的金额有 {digits} 位数字，超出可处理的范围（整数部分至多 {MAX_INTEGER_DIGITS} 位、小数至多 {MAX_FRACTION_DIGITS} 位），未予检查",
                f"{site.pointer}: the amount has {digits} digits, out of range (at most {MAX_INTEGER_DIGITS} before the point and {MAX_FRACTION_DIGITS} after); it was not checked",
                (site.pointer,),
            )
        )
    return found


def normalise(data: object, sites: list[AmountSite]) -> None:
    """Replace every amount in `data` (in place) by its Decimal."""
    for site in sites:
        _set(data, site, site.money.amount)


def _set(data: object, site: AmountSite, value: object) -> None:
    """Put `value` where the site's amount is: in the container the walk found it in, else at its pointer."""
    if site.parent is not None:
        site.parent[site.key] = value  # type: ignore[index]
        return
    parent_pointer, _, token = site.pointer.rpartition("/")
    parent = jp.resolve(data, parent_pointer)
    parent[int(jp.unescape(token)) if isinstance(parent, list) else jp.unescape(token)] = value  # type: ignore[index]


def precision_findings(sites: list[AmountSite]) -> Iterator[Finding]:
    """万元 figures are published to 0.01 (one hundred yuan); finer is suspicious. 元 finer than 0.01 is not money."""
    for site in sites:
        amount = site.money.amount
        if decimal_places(amount) <= 2:
            continue
        if site.money.unit == "万元":
            yield codes.AMOUNT_PRECISION.finding(
                f"金额 {amount} 万元的小数超过两位；万元金额通常保留两位小数，请核对是否误填或单位有误",
                f"amount {amount} 万元 has more than two decimals; 万元 figures are normally given to 0.01, check the figure or its unit",
                (site.pointer,),
                severity=Severity.WARNING,
            )
        else:
            yield codes.AMOUNT_PRECISION.finding(
                f"金额 {amount} 元的小数超过两位（不足一分）",
                f"amount {amount} 元 has more than two decimals (less than one fen)",
                (site.pointer,),
                severity=Severity.ERROR,
            )
