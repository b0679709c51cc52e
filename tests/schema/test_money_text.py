"""money reads a Decimal's exponent from its text where that is in plain notation (exponent_of): the answers of
within_bounds, printed_exponent, decimal_places and finer_than are the ones the digits tuple (as_tuple) gives, for any number."""

from __future__ import annotations

import random
from decimal import Decimal, localcontext

import pytest

from budgetcheck.money import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, decimal_places, exponent_of, finer_than, printed_exponent, within_bounds


def _within_by_digits(value: Decimal) -> bool:
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -MAX_FRACTION_DIGITS and value.adjusted() < MAX_INTEGER_DIGITS


def _places_by_digits(amount: Decimal) -> int:
    _sign, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    places = -exponent
    for digit in reversed(digits):
        if digit or not places:
            return places
        places -= 1
    return 0


EDGES = ["NaN", "-NaN", "sNaN", "NaN12", "Infinity", "-Infinity", "0", "-0", "0.00", "0E-30", "0E+5", "1E+1", "1.000",
         "-0.050", "1e-7", "1.0e-7", "0.000001", "0.0000001", "123456789012345678901234567890", "1" + "0" * 19, "9" * 20,
         "9" * 20 + ".5", "0." + "0" * 19 + "1", "0." + "0" * 20 + "1", "1" + "0" * 25 + "E-25", "-5E-21", "5E-20", "329.37"]  # fmt: skip


def _numbers() -> list[Decimal]:
    pick = random.Random(15)
    numbers = [Decimal(text) for text in EDGES]
    for _ in range(20_000):
        digits = "".join(pick.choice("0123456789") for _ in range(pick.randint(1, 45)))
        numbers.append(Decimal(f"{pick.choice(['', '-'])}{digits}E{pick.randint(-50, 30)}"))
        numbers.append(Decimal(f"{pick.choice(['', '-'])}{digits[: pick.randint(1, len(digits))]}.{digits}"))
    return numbers


@pytest.mark.parametrize("capitals", [1, 0])
def test_text_and_digits_agree(capitals: int) -> None:
    with localcontext() as context:
        context.capitals = capitals  # str() then writes 1e+5, not 1E+5
        for number in _numbers():
            assert within_bounds(number) == _within_by_digits(number), number
            exponent = number.as_tuple().exponent
            assert printed_exponent(number) == (exponent if isinstance(exponent, int) else 0), number
            assert decimal_places(number) == _places_by_digits(number), number
            for places in (0, 2, 5):
                assert finer_than(number, places) == (_places_by_digits(number) > places), (number, places)
            if number.is_finite():
                assert exponent_of(number) == exponent, number
