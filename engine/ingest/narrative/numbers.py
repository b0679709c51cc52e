"""Ingest stage, narratives: money written in a sentence, the number (thousands separators and split digits allowed), its unit, its span."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetcheck.money import printed_exponent

YUAN_PER = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
_POWER = {"元": 0, "万元": 4, "亿元": 8}  # 1 unit = 10**power 元

# Digits grouped by commas or single spaces ("1,250.00", "1 250.00"), or plain; the unit may follow a space.
_MONEY = re.compile(r"(?<![0-9.])((?:[0-9]{1,3}(?:[, ][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?) ?(亿元|万元|元)")


# a figure said roughly (约201万元, 大约201万元, 约为201万元, 201万元左右, 201万元上下, 201万元有余) is no figure to add up or
# compare: the words before it and after it (节约, 制约 are words of their own)
ABOUT_BEFORE = r"(?:(?:大|共|总)约|(?<![节制简缩契])约)(?:为|计|合|莫)?|大概|大致"
ABOUT_AFTER = r"(?:左右|上下|有余)"
_ABOUT_BEFORE = re.compile(rf"(?:{ABOUT_BEFORE})\s*$")
_ABOUT_AFTER = re.compile(r"\s*" + ABOUT_AFTER)


def said_roughly(norm: str, start: int, end: int) -> bool:
    """Whether the figure at norm[start:end] (its number and unit) is said roughly."""
    return _ABOUT_BEFORE.search(norm, max(0, start - 4), start) is not None or _ABOUT_AFTER.match(norm, end) is not None


@dataclass(frozen=True)
class Money:
    value: Decimal
    unit: str
    start: int  # 0-based offset of the figure in the normalised text
    end: int  # offset after the unit

    def to(self, unit: str) -> Decimal:
        if unit == self.unit:
            return self.value
        return plain(self.value * YUAN_PER[self.unit] / YUAN_PER[unit])

    def exponent_in(self, unit: str) -> int:
        """The exponent of the last printed digit, counted in `unit` (839万元 in 元: 4; 1,250.00元 in 万元: -6)."""
        return printed_exponent(self.value) + _POWER[self.unit] - _POWER[unit]


def plain(value: Decimal) -> Decimal:
    """Without exponent notation or a zero tail created by a conversion (12500 元 -> 1.25 万元)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def find_money(norm: str) -> list[Money]:
    found = []
    for match in _MONEY.finditer(norm):
        digits = match.group(1).replace(",", "").replace(" ", "")
        found.append(Money(Decimal(digits), match.group(2), match.start(1), match.end()))
    return found


def parse_amount(norm: str) -> Decimal | None:
    """A table cell holding one figure (no unit), or None when the cell holds something else."""
    text = norm.strip().replace(",", "").replace(" ", "")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        return Decimal(text)
    return None
