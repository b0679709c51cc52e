"""Rule language: the interval of `sum(list)` in a `rounded` comparison, worked out by the generated code (codegen.py's
`I_sum`) in two loops where the reference takes four.

The reference (compile.Compiler._interval_of's `figures` around the compiled call of sum()) reads the list, tests that
every member is a number (functions.argument_checks' "listnum"), adds them up (FUNCTIONS["sum"]: from Decimal(0), in
order), then goes through the document values the list read (runtime.flat of the reads it recorded) adding the half
units of the figures among them (operands._half), each in a pass of its own. `interval` reads the list through the
very same closure, tests and adds in one loop, and goes through the reads in another, a plain (pointer, value) each
without flat's generator. A member that is not a Decimal, or an addition that raises, leaves the members to the
reference's test and sum (which give the error or the value they give); a read that is not a plain pair leaves the reads
to flat. The additions are the reference's, in its order, so every value and half unit is the same Decimal.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, DecimalException

from budgetcheck.dsl.functions import FUNCTIONS, EvaluationError, argument_checks, wrong_kind
from budgetcheck.dsl.operands import _half, _is_figure, _number
from budgetcheck.dsl.runtime import Env, flat
from budgetcheck.money import _HALVES, half_unit

ZERO = Decimal(0)
_SUM = FUNCTIONS["sum"]
_CHECKS = argument_checks(_SUM.params, _SUM.variadic, 1, offset=0)  # sum()'s one check, as compile.Compiler._call makes it


def _reference_sum(values: object) -> Decimal:
    """sum() of `values` as its compiled call (functions.call_of) gives it once its argument is worked out."""
    for position, test, kind in _CHECKS:
        if not test(values):
            raise EvaluationError(wrong_kind("sum", position, kind, values, offset=0))
    try:
        return _SUM.impl(values)
    except (DecimalException, TypeError, ValueError) as error:
        raise EvaluationError(f"sum(): {error}") from None


def interval(env: Env, read: Callable[[Env], object]) -> tuple[Decimal, Decimal, int]:
    """(value, half width, figures read) of `sum(list)`, `read` being the list's reference closure in value position."""
    reads = env.reads
    start = len(reads)
    values = read(env)
    total = ZERO
    if values.__class__ is list:
        try:
            for member in values:
                if member.__class__ is not Decimal:
                    total = _reference_sum(values)
                    break
                total = total + member
        except DecimalException:
            total = _reference_sum(values)
    else:
        total = _reference_sum(values)
    value = _number(total)
    if len(reads) == start + 1 and type(reads[start]) is tuple:  # one plain read: figures' shortcut, the same sums
        pointer, found = reads[start]
        if found.__class__ is Decimal or _is_figure(found):
            return value, ZERO + _half(env, pointer, found), 1
        return value, ZERO, 0
    read_now = reads[start:]
    pairs = read_now if all(type(entry) is tuple for entry in read_now) else list(flat(read_now))
    half, count = ZERO, 0
    precision = env.document.precision
    for pointer, found in pairs:  # the half units added in reading order, from ZERO, as figures adds them
        if found.__class__ is Decimal:  # _half written out for a figure held as a Decimal, its other cases called
            count += 1
            if not found:
                half = half + ZERO
                continue
            if not precision or not pointer or precision.get(pointer) is None:
                text = str(found)
                if "E" not in text and "e" not in text:
                    point = text.find(".")
                    exponent = 0 if point < 0 else point + 1 - len(text)
                    half = half + (_HALVES.get(exponent) or half_unit(exponent))
                    continue
            half = half + _half(env, pointer, found)
        elif _is_figure(found):
            half, count = half + _half(env, pointer, found), count + 1
    return value, half, count
