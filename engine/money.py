"""Base: money. An amount is a decimal.Decimal with its unit (万元 or 元); conversions between units are exact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

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
