"""Base: money. An amount is a decimal.Decimal with its unit (万元 or 元) and the precision it was printed with;
conversions between units are exact and keep that precision (839万元 is 8,390,000 元 to the nearest 10,000 元).
A sentence may print a figure in 亿元 (79.13亿元): it converts the same way, into a document's 万元 or 元."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

UNITS = ("万元", "元")
_YUAN_PER = {"亿元": Decimal(100_000_000), "万元": Decimal(10000), "元": Decimal(1)}
_POWER = {"亿元": 8, "万元": 4, "元": 0}  # 1 unit = 10**power 元
_DECIMAL_TEXT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


@dataclass(frozen=True)
class Money:
    """An amount, its unit, and the exponent of its last printed digit in that unit (`exponent`; None: the
    amount's own digits tell it, as in 329.37 or a YAML value). The printed figure stands for every amount
    within half a unit of that digit (`half_unit`); two amounts are equal when their amounts and units are."""

    amount: Decimal
    unit: str
    exponent: int | None = field(default=None, compare=False)

    @property
    def precision(self) -> int:
        return self.exponent if self.exponent is not None else printed_exponent(self.amount)

    @property
    def half_unit(self) -> Decimal:
        """Half a unit of the last printed digit, in `unit`: 329.37 万元 -> 0.005 万元; 839 万元 in 元 -> 5000 元."""
        return half_unit(self.precision)

    def to(self, unit: str) -> Money:
        """Exact conversion between 亿元, 万元 and 元; the printed precision goes with it."""
        if unit == self.unit:
            return self
        shift = _POWER[self.unit] - _POWER[unit]
        return Money(self.amount * _YUAN_PER[self.unit] / _YUAN_PER[unit], unit, self.precision + shift)

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
    if not value.is_finite() or value.adjusted() >= MAX_INTEGER_DIGITS:
        return False
    text = str(value)  # exponent_of(value) >= -MAX_FRACTION_DIGITS, written out: every amount of a document is asked
    if "E" in text or "e" in text:
        return value.as_tuple()[2] >= -MAX_FRACTION_DIGITS  # type: ignore[operator]
    point = text.find(".")
    return point < 0 or len(text) - point - 1 <= MAX_FRACTION_DIGITS


def exponent_of(value: Decimal) -> int:
    """The exponent of a finite Decimal (`value.as_tuple().exponent`), read from its text where that is in plain
    notation: str() is about 45 ns, as_tuple() about 310 ns (it builds a tuple of every digit), and every amount of
    a document is asked at least twice. Plain notation (no exponent written) is used exactly when the exponent is
    at most 0, and then the places after the point are minus the exponent; anything else asks as_tuple."""
    text = str(value)
    if "E" in text or "e" in text:  # scientific notation (e only under a context with capitals=0)
        return value.as_tuple()[2]  # type: ignore[return-value]
    point = text.find(".")
    return 0 if point < 0 else point + 1 - len(text)


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


def printed_exponent(value: object) -> int:
    """The exponent of the last digit written: 329.37 -> -2, 0.6 -> -1, 839 -> 0, 329.370 -> -3 (a written zero counts)."""
    if value.__class__ is Decimal or isinstance(value, Decimal):
        return exponent_of(value) if value.is_finite() else 0  # NaN or infinity: no digit printed
    return 0


_HALVES: dict[int, Decimal] = {}  # by exponent: a document's figures have a few, and every `rounded` comparison asks


def half_unit(exponent: int) -> Decimal:
    """Half a unit of the digit at 10**exponent: -2 -> 0.005, 4 -> 5000 (one digit: the same in any context)."""
    half = _HALVES.get(exponent)
    if half is None:
        half = Decimal(5).scaleb(exponent - 1)
        if len(_HALVES) < 256:
            _HALVES[exponent] = half
    return half


def finer_than(amount: Decimal, places: int) -> bool:
    """Whether decimal_places(amount) > places, from the text alone where it is in plain notation with at most `places`
    written after the point (a figure of a document nearly always): then no more can carry a digit."""
    text = str(amount)
    point = text.find(".")
    if (point < 0 or len(text) - point - 1 <= places) and "E" not in text and "e" not in text:
        return False  # plain notation (see exponent_of); NaN and Infinity, no point, have no places either
    return decimal_places(amount) > places


def decimal_places(amount: Decimal) -> int:
    """Places after the point that carry a non-zero digit (0.600 has 1); read from the digits, so any size works."""
    if not amount.is_finite():
        return 0
    text = str(amount)
    if "E" not in text and "e" not in text:  # plain notation (see exponent_of): the places after the point, less the zeros ending them
        point = text.find(".")
        return 0 if point < 0 else len(text.rstrip("0")) - point - 1
    _sign, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    places = -exponent
    for digit in reversed(digits):
        if digit or not places:
            return places
        places -= 1
    return 0
