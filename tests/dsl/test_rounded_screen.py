"""A `rounded` equality in a screen (screenwriter.Writer._rounded): two finite figures that are equal hold whatever their
printed precision, so the screen passes them; any other pair is left to the reference, which alone knows the
precision. BUD-PERF-002 (`sum(d.activities[*].budget) == d.budget rounded`) is held member by member to the reference
runs, with budgets equal, off by a printed digit, not numbers, absent or infinite, and with printed precisions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.dsl.screenwriter import _Undecided
from budgetcheck.evaluate import evaluate
from tests.dsl.test_screen import CLOSURE, COMPILED, _held, _screen_of

BUDGETS = st.sampled_from([Decimal("1.5"), Decimal("1.50"), Decimal("1.6"), 1, 2, Decimal("0"), Decimal("Infinity"), "1.5", None, [1]])


@st.composite
def duties_with_budgets(draw):
    duties = []
    for _ in range(draw(st.integers(0, 3))):
        duty: dict = {"name": "职责"}
        if (budget := draw(BUDGETS)) is not None:
            duty["budget"] = budget
        activities = [{"budget": value} if value is not None else {} for value in draw(st.lists(BUDGETS, max_size=3))]
        duty["activities"] = draw(st.sampled_from([activities, activities, "无"]))
        duties.append(duty)
    return {"metadata": {}, "performance": {"duties": duties}}


PRECISIONS = st.sampled_from([None, {"/performance/duties/0/budget": 0}, {"/performance/duties/0/activities/0/budget": 2}])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(duties_with_budgets(), PRECISIONS)
def test_a_rounded_equality_screen_skips_only_runs_the_reference_passes(data, precision):
    _held("BUD-PERF-002", data)
    rules = [COMPILED.get("BUD-PERF-002")], [CLOSURE.get("BUD-PERF-002")]
    generated, reference = (evaluate(chosen, data, DocumentContext(data, None, precision)) for chosen in rules)
    assert generated == reference


def test_bud_perf_002_gets_a_screen():
    assert COMPILED.get("BUD-PERF-002").screen is not None


@pytest.mark.parametrize(
    ("activities", "budget", "says"),
    [
        ([Decimal("0.7"), Decimal("0.8")], Decimal("1.50"), True),  # equal figures, printed alike or not: they hold
        ([1, 1], 2, True),
        ([Decimal("0.7"), Decimal("0.8")], Decimal("1.6"), _Undecided),  # within a printed digit or not: the reference's
        ([Decimal("Infinity")], Decimal("Infinity"), _Undecided),  # the reference cannot subtract them
    ],
)
def test_equal_finite_figures_pass_and_any_other_pair_goes_to_the_reference(tmp_path, activities, budget, says):
    screen = _screen_of(tmp_path, 'for d in performance.duties\n assert sum(d.activities[*].budget) == d.budget rounded\n message "m"')
    value = {"budget": budget, "activities": [{"budget": amount} for amount in activities]}
    if says is True:
        assert screen(value, DocumentContext({})) is True
    else:
        with pytest.raises(says):
            screen(value, DocumentContext({}))


@pytest.mark.parametrize(
    "assertion",
    [
        "d.budget <= sum(d.activities[*].budget) rounded",  # another operator: its slack decides even where equal
        "d.budget == sum(d.activities[*].budget) + 1 rounded",  # arithmetic: intervals of its own
        "abs(d.budget) == 1 rounded",  # abs: an interval of its own
        "d.budget == half_unit(d.budget) rounded",  # a function of document places
    ],
)
def test_other_rounded_comparisons_get_no_screen(tmp_path, assertion):
    assert _screen_of(tmp_path, f'for d in performance.duties\n assert {assertion}\n message "m"') is None


def test_a_let_named_on_a_side_gets_no_screen(tmp_path):
    # the reference works a let out again as an interval where a rounded comparison names it
    assert _screen_of(tmp_path, 'for d in performance.duties\n let s = sum(d.activities[*].budget)\n assert s == d.budget rounded\n message "m"') is None
