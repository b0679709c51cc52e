"""Rule language: grading thresholds (优/良/中/差) kept as written and parsed into numeric bounds where possible.

Accepted shapes, with either width of symbol: ≧90% ≥90% >=90% >90%, ≦70% ≤70% <=70% <70%,
90%-80% (either order; -, ～, ~, —, 至 as the dash), 90%以上 / 70%以下, and a bare 100%.
A written defect that still leaves the meaning clear (a doubled %%, a unit on one
side only) is parsed and listed in `defects`, so that a rule can warn about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUMBER = r"([0-9]+(?:\.[0-9]+)?)"
_UNIT = r"(%*|％*)"
_AT_LEAST = re.compile(rf"^(?:≧|≥|>=|＞=|>|＞)\s*{_NUMBER}\s*{_UNIT}$")
_AT_MOST = re.compile(rf"^(?:≦|≤|<=|＜=|<|＜)\s*{_NUMBER}\s*{_UNIT}$")
_RANGE = re.compile(rf"^{_NUMBER}\s*{_UNIT}\s*(?:-|－|—|–|~|～|至|到)\s*{_NUMBER}\s*{_UNIT}$")
_ABOVE = re.compile(rf"^{_NUMBER}\s*{_UNIT}\s*(?:以上|及以上)$")
_BELOW = re.compile(rf"^{_NUMBER}\s*{_UNIT}\s*(?:以下|及以下)$")
_POINT = re.compile(rf"^{_NUMBER}\s*{_UNIT}$")


@dataclass(frozen=True)
class Threshold:
    text: str
    lower: Decimal | None = None
    upper: Decimal | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = True
    unit: str = ""
    defects: tuple[str, ...] = ()
    parsed: bool = True

    def contains(self, value: Decimal) -> bool:
        if self.lower is not None and (value < self.lower or (value == self.lower and not self.lower_inclusive)):
            return False
        if self.upper is not None and (value > self.upper or (value == self.upper and not self.upper_inclusive)):
            return False
        return True


def _unit(marks: list[str], defects: list[str]) -> str:
    written = [mark for mark in marks if mark]
    for mark in written:
        if len(mark) > 1:
            defects.append("doubled-percent")
            break
    if written and len(written) != len(marks):
        defects.append("unit-on-one-side")
    return "%" if written else ""


def parse_threshold(text: str) -> Threshold:
    cleaned = text.strip()
    defects: list[str] = []
    try:
        if match := _AT_LEAST.match(cleaned):
            strict = cleaned[0] in ">＞" and not cleaned.startswith((">=", "＞="))
            return Threshold(text, lower=Decimal(match[1]), lower_inclusive=not strict, unit=_unit([match[2]], defects), defects=tuple(defects))
        if match := _AT_MOST.match(cleaned):
            strict = cleaned[0] in "<＜" and not cleaned.startswith(("<=", "＜="))
            return Threshold(text, upper=Decimal(match[1]), upper_inclusive=not strict, unit=_unit([match[2]], defects), defects=tuple(defects))
        if match := _RANGE.match(cleaned):
            first, second = Decimal(match[1]), Decimal(match[3])
            unit = _unit([match[2], match[4]], defects)
            return Threshold(text, lower=min(first, second), upper=max(first, second), unit=unit, defects=tuple(defects))
        if match := _ABOVE.match(cleaned):
            return Threshold(text, lower=Decimal(match[1]), unit=_unit([match[2]], defects), defects=tuple(defects))
        if match := _BELOW.match(cleaned):
            return Threshold(text, upper=Decimal(match[1]), unit=_unit([match[2]], defects), defects=tuple(defects))
        if match := _POINT.match(cleaned):
            value = Decimal(match[1])
            return Threshold(text, lower=value, upper=value, unit=_unit([match[2]], defects), defects=tuple(defects))
    except InvalidOperation:
        pass
    return Threshold(text, parsed=False, defects=("unparseable",))
