"""Grading thresholds: every shape written in the sample parses into bounds, and written defects are named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.dsl.thresholds import Threshold, parse_threshold

D = Decimal

# text, lower, upper, lower inclusive, upper inclusive, defects
SAMPLE_SHAPES = [
    ("≧90%", D(90), None, True, True, ()),
    ("90%-80%", D(80), D(90), True, True, ()),
    ("80%-70%", D(70), D(80), True, True, ()),
    ("≦70%", None, D(70), True, True, ()),
    ("100%", D(100), D(100), True, True, ()),
    ("90%", D(90), D(90), True, True, ()),
    ("≦70%%", None, D(70), True, True, ("doubled-percent",)),
    ("80%-70%%", D(70), D(80), True, True, ("doubled-percent",)),
    ("90%-100%", D(90), D(100), True, True, ()),
    ("≦80%", None, D(80), True, True, ()),
]


@pytest.mark.parametrize(("text", "lower", "upper", "lower_inclusive", "upper_inclusive", "defects"), SAMPLE_SHAPES, ids=[case[0] for case in SAMPLE_SHAPES])
def test_every_threshold_shape_of_the_sample_parses_into_bounds(text, lower, upper, lower_inclusive, upper_inclusive, defects):
    threshold = parse_threshold(text)
    assert threshold == Threshold(text, lower, upper, lower_inclusive, upper_inclusive, "%", defects, True)


@pytest.mark.parametrize(
    ("text", "lower", "upper", "lower_inclusive", "upper_inclusive"),
    [
        ("≥90%", D(90), None, True, True),
        (">=90%", D(90), None, True, True),
        (">90%", D(90), None, False, True),
        ("＞90％", D(90), None, False, True),
        ("≤70%", None, D(70), True, True),
        ("<70%", None, D(70), True, False),
        ("90%以上", D(90), None, True, True),
        ("70%及以下", None, D(70), True, True),
        ("80%～90%", D(80), D(90), True, True),
        ("80%至90%", D(80), D(90), True, True),
        (" 95.5% ", D("95.5"), D("95.5"), True, True),
    ],
)
def test_other_common_ways_of_writing_a_threshold_parse_too(text, lower, upper, lower_inclusive, upper_inclusive):
    threshold = parse_threshold(text)
    assert threshold.parsed and threshold.defects == ()
    assert (threshold.lower, threshold.upper, threshold.lower_inclusive, threshold.upper_inclusive) == (lower, upper, lower_inclusive, upper_inclusive)
    assert threshold.text == text


def test_a_percent_sign_on_one_side_of_a_range_is_named_as_a_defect():
    threshold = parse_threshold("90-80%")
    assert (threshold.lower, threshold.upper, threshold.unit) == (D(80), D(90), "%")
    assert threshold.defects == ("unit-on-one-side",)


def test_a_threshold_without_a_unit_has_an_empty_unit():
    threshold = parse_threshold("≧90")
    assert threshold.lower == D(90) and threshold.unit == "" and threshold.defects == ()


@pytest.mark.parametrize("text", ["", "优秀", "约90%", "90%-", "≧", "九十以上", "90%-80%-70%", "≧90%左右"])
def test_text_that_is_not_a_threshold_is_kept_as_unparseable(text):
    threshold = parse_threshold(text)
    assert threshold == Threshold(text, parsed=False, defects=("unparseable",))
    assert threshold.lower is None and threshold.upper is None


def test_contains_honours_inclusive_and_strict_bounds():
    at_least = parse_threshold("≧90%")
    assert at_least.contains(D(90)) and at_least.contains(D(100)) and not at_least.contains(D("89.99"))
    above = parse_threshold(">90%")
    assert not above.contains(D(90)) and above.contains(D("90.01"))
    below = parse_threshold("<70%")
    assert not below.contains(D(70)) and below.contains(D("69.9"))
    band = parse_threshold("90%-80%")
    assert band.contains(D(80)) and band.contains(D(90)) and not band.contains(D("90.1")) and not band.contains(D("79.9"))


def test_the_sample_grades_overlap_at_their_shared_boundaries():
    grades = [parse_threshold(text) for text in ("≧90%", "90%-80%", "80%-70%", "≦70%")]
    for value, expected in [(D(90), [True, True, False, False]), (D(80), [False, True, True, False]), (D(70), [False, False, True, True]), (D(85), [False, True, False, False])]:
        assert [grade.contains(value) for grade in grades] == expected
