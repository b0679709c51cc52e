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


# The numbers a document may hold: enough for any budget in 元 (a country's is under 10^14) and any
# share or rate, and far from what would overflow arithmetic or print a billion digits (1e-999999999).
MAX_INTEGER_DIGITS = 20
MAX_FRACTION_DIGITS = 20
_INTEGER_BOUND = 10**MAX_INTEGER_DIGITS


def within_bounds(value: Decimal | int) -> bool:
    """Whether a number has at most MAX_INTEGER_DIGITS digits before the point and MAX_FRACTION_DIGITS after."""
    if isinstance(value, int):
        return -_INTEGER_BOUND < value < _INTEGER_BOUND
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -MAX_FRACTION_DIGITS and value.adjusted() < MAX_INTEGER_DIGITS


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
