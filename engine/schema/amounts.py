"""Schema stage: every amount of a document, found through the schema (`x-amount`), with its unit.

Amounts are never guessed from field names. The unit of an amount is the `unit` of the nearest
enclosing section that declares one, else the document's `metadata.unit`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetcheck import codes
from budgetcheck import pointer as jp
from budgetcheck.findings import Finding, Severity
from budgetcheck.money import (
    MAX_FRACTION_DIGITS,
    MAX_INTEGER_DIGITS,
    UNITS,
    Money,
    as_decimal,
    finer_than,
    within_bounds,
)
from budgetcheck.schema.navigation import SchemaNode


class AmountSite:
    """One amount of a document: its pointer and its Money; and the list or mapping holding it with its index or key
    there, when the walk found it, so that it is set in place without resolving the pointer again (a site made by hand
    has none). Two sites are equal when their pointers and Money are. The walk makes a site's Money only when asked
    for (`_found`): most are read for their amount and unit alone."""

    __slots__ = ("_money", "amount", "key", "parent", "pointer", "unit")

    def __init__(self, pointer: str, money: Money, parent: object = None, key: str | int | None = None) -> None:
        self.pointer = pointer
        self.amount = money.amount
        self.unit = money.unit
        self._money: Money | None = money
        self.parent = parent
        self.key = key

    @property
    def money(self) -> Money:
        if self._money is None:
            self._money = Money(self.amount, self.unit)
        return self._money

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not AmountSite:
            return NotImplemented
        return (self.pointer, self.money) == (other.pointer, other.money)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.pointer, self.money))

    def __repr__(self) -> str:
        return f"AmountSite(pointer={self.pointer!r}, money={self.money!r})"


_new = object.__new__


def _found(pointer: str, amount: Decimal, unit: str, parent: object, key: str | int) -> AmountSite:
    """A site the walk found, its Money not made: a plain function and one slot set per statement, some 0.2 us where a
    classmethod with one tuple assignment took 0.38 (a generated document has ~70 amounts)."""
    site = _new(AmountSite)
    site.pointer = pointer
    site.amount = amount
    site.unit = unit
    site._money = None
    site.parent = parent
    site.key = key
    return site


def iter_amounts(data: object, root: SchemaNode) -> Iterator[AmountSite]:
    """Every amount in the document with its unit, in document order."""
    metadata = data.get("metadata") if isinstance(data, dict) else None
    unit = metadata.get("unit") if isinstance(metadata, dict) else None
    found: list[AmountSite] = []
    _walk(data, root.derived(_Plan), "", unit if unit in UNITS else "万元", None, None, found)
    return iter(found)


class _Plan:
    """What the walk needs of one schema node, worked out once per node (SchemaNode.derived) and its children's on
    first use: whether it is an amount, and only the properties and items below which an amount can sit, each with
    its escaped pointer token. A child's plan is made without its own children's, so a $ref cycle ends."""

    __slots__ = ("_fields", "_items", "amount", "node", "one")

    def __init__(self, node: SchemaNode) -> None:
        self.node = node
        self.amount = node.is_amount
        self._fields: dict[str, tuple[str, _Plan]] | None = None
        self._items: tuple[_Plan | None] | None = None
        self.one: tuple[str, str] | None = None  # (name, token) when the fields are one amount (fields() sets it)

    def fields(self) -> dict[str, tuple[str, _Plan]]:
        if self._fields is None:
            self._fields = {key: (jp.escape(key), child.derived(_Plan)) for key, child in self.node.properties().items() if child.holds_amounts}
            if len(self._fields) == 1:
                name, (token, below) = next(iter(self._fields.items()))
                self.one = (name, token) if below.amount else None
        return self._fields

    def items(self) -> _Plan | None:
        if self._items is None:
            child = self.node.items()
            self._items = (child.derived(_Plan) if child is not None and child.holds_amounts else None,)
        return self._items[0]


def _walk(value: object, plan: _Plan, pointer: str, unit: str, parent: object, key: str | int | None, found: list[AmountSite]) -> None:
    """The amounts at and below `value` (whose node can hold one) into `found`; a pointer is made only for a place
    that can hold an amount. An amount below a mapping or list is taken in its loop, not by a call of _walk of its own
    (most of the places walked are amounts, and nearly all of those are the Decimals json.loads made)."""
    if plan.amount:
        number = as_decimal(value)
        if number is not None:
            found.append(_found(pointer, number, unit, parent, key))  # type: ignore[arg-type]
        return
    if isinstance(value, dict):
        fields = plan.fields()
        if not fields:
            return
        if value.get("unit") in UNITS:
            unit = value["unit"]
        if plan.one is not None:  # one field can hold an amount, itself one: at most one site, read by its name
            _one(value, plan.one, pointer, unit, found)
            return
        for name, item in value.items():
            child = fields.get(name)  # type: ignore[call-overload]
            if child is None:
                continue
            token, below = child
            if not below.amount:
                _walk(item, below, f"{pointer}/{token}", unit, value, name, found)
                continue
            number = item if item.__class__ is Decimal else as_decimal(item)  # as_decimal gives a Decimal itself
            if number is not None:  # _found written out: the loop that finds most of a document's amounts
                site = _new(AmountSite)
                site.pointer = f"{pointer}/{token}"
                site.amount = number
                site.unit = unit
                site._money = None
                site.parent = value
                site.key = name
                found.append(site)
    elif isinstance(value, list):
        items = plan.items()
        if items is None:
            return
        if not items.amount:
            if items.fields() and items.one is not None:  # rows of one amount each (a list's usual shape): no call a row
                one = items.one
                for index, item in enumerate(value):
                    if item.__class__ is dict:
                        _one(item, one, f"{pointer}/{index}", item["unit"] if item.get("unit") in UNITS else unit, found)
                    else:
                        _walk(item, items, f"{pointer}/{index}", unit, value, index, found)
                return
            for index, item in enumerate(value):
                _walk(item, items, f"{pointer}/{index}", unit, value, index, found)
            return
        for index, item in enumerate(value):
            number = item if item.__class__ is Decimal else as_decimal(item)
            if number is not None:
                found.append(_found(f"{pointer}/{index}", number, unit, value, index))


def _one(value: dict, one: tuple[str, str], pointer: str, unit: str, found: list[AmountSite]) -> None:
    """_walk's loop over a mapping whose plan has one field, an amount (`one`: its name and token; `unit` the mapping's
    own where it names one): the field read by its name, not each member looked up among the fields."""
    name, token = one
    if name in value:
        item = value[name]
        number = item if item.__class__ is Decimal else as_decimal(item)
        if number is not None:
            found.append(_found(f"{pointer}/{token}", number, unit, value, name))


def amounts_out_of_bounds(data: object, sites: list[AmountSite], bounded: bool = False) -> list[Finding]:
    """An amount written as a decimal string too long to check (5,000 digits) is set to None, like a number
    out of bounds, and reported at its place. `bounded`: every int and Decimal of `data` is known to be within
    bounds (ingest's bound() has run), so an amount that is the very Decimal the data holds, not one read from a
    string, is not asked again (within_bounds costs ~0.25 us, and a generated document has ~70 amounts)."""
    found: list[Finding] = []
    for site in sites:
        amount = site.amount
        if bounded and amount.__class__ is Decimal and site.parent is not None and site.parent[site.key] is amount:  # type: ignore[index]
            continue
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
    """Replace every amount in `data` (in place) by its Decimal: in the container the walk found it in (no call of _set
    for each of a generated document's ~70), else at its pointer."""
    for site in sites:
        parent = site.parent
        if parent is not None:
            parent[site.key] = site.amount  # type: ignore[index]
        else:
            _set(data, site, site.amount)


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
        amount = site.amount
        text = str(amount)  # finer_than(amount, 2)'s test from the text written out, its call spared (~70 amounts)
        point = text.find(".")
        if (point < 0 or len(text) - point <= 3) and "E" not in text and "e" not in text:
            continue
        if not finer_than(amount, 2):
            continue
        unit = site.unit
        if unit == "万元" and isinstance(site.parent, dict) and site.parent.get("original_unit") == "元":
            # a claim printed in 元 (生均支出13248.56元) that the narrative reader put in the document's 万元: judged as printed
            amount, unit = (amount * 10000).normalize(), "元"
            if not finer_than(amount, 2):
                continue
        if unit == "万元":
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
