"""Rule language: the values compiled rules compare and combine — numbers, texts, figures and half a
unit of a figure's last printed digit. Kept apart from the compiler so that each stays short."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal

from budgetcheck.dsl.functions import EvaluationError
from budgetcheck.dsl.runtime import Env
from budgetcheck.money import half_unit, printed_exponent

ZERO = Decimal(0)


def _is_figure(value: object) -> bool:
    return isinstance(value, (Decimal, int)) and not isinstance(value, bool)


def _half(env: Env, pointer: str, value: object) -> Decimal:
    """Half a unit of the last printed digit of the figure at `pointer`: as extraction recorded it from the
    printed text (839万元 held in 元: 5,000), else as the value's own digits say (329.37: 0.005; 839: 0.5).
    A printed 0 says there is none: it is exact."""
    if not value:
        return ZERO
    exponent = env.document.precision.get(pointer) if pointer else None
    if exponent is not None:
        return half_unit(exponent)
    if value.__class__ is Decimal:  # printed_exponent of a figure in plain notation (money.exponent_of), written out: a
        text = str(value)  # `rounded` comparison asks it of every figure it reads (some ninety a generated document)
        if "E" not in text and "e" not in text:  # NaN and Infinity, no point and no exponent written, give 0 as there
            point = text.find(".")
            return half_unit(0 if point < 0 else point + 1 - len(text))
    return half_unit(printed_exponent(value))


def _number(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise EvaluationError(f"“{value}”不是数字")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise EvaluationError(f"“{value}”不是文字")


def _contains(container: object, part: object) -> bool:
    if container.__class__ is str and part.__class__ is str:  # the commonest case, without the two checks' calls
        return part in container
    if isinstance(container, list):
        return part in container
    return _text(part) in _text(container)


def _blank(value: object) -> bool:
    """What `is empty` holds for: nothing, blank text, an empty list or mapping."""
    if value.__class__ is str:  # the commonest case, decided as below
        return not value.strip()
    return value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))


# the operators of comparisons and arithmetic, by their sign: the reference's (dsl/compile.py), which the generated
# code calls or, for == and !=, writes out (dsl/codegen.py, dsl/screenbody.py)
_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": lambda a, b: _number(a) < _number(b),
    "<=": lambda a, b: _number(a) <= _number(b),
    ">": lambda a, b: _number(a) > _number(b),
    ">=": lambda a, b: _number(a) >= _number(b),
}


_TOLERANT: dict[str, Callable[[Decimal, Decimal, Decimal], bool]] = {
    "==": lambda a, b, slack: abs(a - b) <= slack,
    "!=": lambda a, b, slack: abs(a - b) > slack,
    "<=": lambda a, b, slack: a <= b + slack,
    ">=": lambda a, b, slack: a >= b - slack,
    "<": lambda a, b, slack: a < b - slack,
    ">": lambda a, b, slack: a > b + slack,
}


_ARITH: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
