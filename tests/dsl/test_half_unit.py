"""A `rounded` comparison's half unit of a figure (operands._half) reads the exponent of a Decimal in plain notation from
its text, written out: for any number, recorded precision or not, it is what the extraction's record or
money.printed_exponent gives (the reference), the same value and the same digits."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from budgetcheck.dsl.operands import ZERO, _half
from budgetcheck.dsl.runtime import DocumentContext, Env
from budgetcheck.money import half_unit, printed_exponent
from tests.schema.test_money_text import _numbers


def _reference(precision: dict[str, int], pointer: str, value: object) -> Decimal:
    if not value:
        return ZERO
    exponent = precision.get(pointer) if pointer else None
    return half_unit(exponent if exponent is not None else printed_exponent(value))


@pytest.mark.parametrize("capitals", [1, 0])
def test_half_unit_is_the_reference_for_any_number(capitals: int) -> None:
    precision = {"/a": 4, "/b": -2}
    env = Env(DocumentContext({}, precision=precision))
    values: list[object] = [*(number for number in _numbers() if not number.is_snan()), 0, 7, -12, 10**30, True, False]
    with localcontext() as context:
        context.capitals = capitals  # str() then writes 1e+5, not 1E+5
        for value in values:
            for pointer in ("", "/a", "/b", "/c"):
                expected = _reference(precision, pointer, value)
                found = _half(env, pointer, value)
                assert found == expected and str(found) == str(expected), (value, pointer)
