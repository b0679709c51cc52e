"""A pattern anchored at the start of the text is searched only in strings whose first character a match can begin
with (dsl/firsts.py): the test never passes over a string the pattern matches, and it is asked before the search
(whose time limit reads the process clock)."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.dsl import textonce
from budgetcheck.dsl.firsts import opening

SELF_001 = "^\\s*[一二三四五六七八九十（(\\d]{1,3}[、.．)）]?\\s*单位(?:基本情况|构成|概况|职能|职责)"
ANCHORED = [
    SELF_001,
    "^(?:a|b*)c",
    "^[\\u4e00-\\u9fff]{2}x",
    "^(?:甲|乙)+丙",
    "\\A\\d+、",
    "^(a)?\\s+b",
    "^x*?y",
]


@pytest.mark.parametrize(
    ("pattern", "may", "never"),
    [
        (SELF_001, ["一、单位概况", " (1) 单位职责", "\u3000二、单位构成", "１、单位职能", "（三）单位基本情况"], ["本单位概况", "单位概况", "", "部门职责"]),
        ("^(?:a|b*)c", ["a", "bbc", "c"], ["x", ""]),
        ("^[\\u4e00-\\u9fff]{2}x", ["中文x", "一"], ["x中", " 中"]),
        ("\\A\\d+、", ["1、", "٣"], ["一、", "、"]),
    ],
)
def test_a_string_is_passed_over_only_by_a_first_character_no_match_begins_with(pattern, may, never):
    test = opening(pattern)
    assert test is not None
    assert [text for text in may if not test(text)] == []
    assert [text for text in never if test(text)] == []


@pytest.mark.parametrize(
    "pattern",
    [
        "单位概况",  # not anchored: a match may begin anywhere
        "^a|b",  # anchored in one alternative only
        "^.x",  # any character
        "^\\w+",  # a category not read
        "^[^a]b",  # a negated set
        "^(?:x)?",  # matches the empty text: every string needs the search
        "^a*$",  # an anchor after the head
        "(?m)^a",  # a flag
        "^(?=a)a",  # a lookaround
        "^(",  # not a pattern
    ],
)
def test_what_the_test_cannot_read_gives_no_test(pattern):
    assert opening(pattern) is None


TEXTS = st.text(alphabet="一二（(1)、.．单位概况职责构成本甲乙丙中文abcxy \u3000\t\n٣", max_size=10)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(ANCHORED), TEXTS)
def test_no_string_the_pattern_matches_is_passed_over(pattern, text):
    test = opening(pattern)
    assert test is not None
    if regex.search(pattern, text) is not None:
        assert test(text)


class _NoClock:
    def pattern_seconds(self):
        raise AssertionError("the clock was read")


def test_the_filter_route_does_not_search_a_string_a_match_cannot_begin():
    matches = textonce._matches(SELF_001)
    assert matches("本单位基本情况", _NoClock()) is False  # holds 基本情况, but no match begins with 本
    with pytest.raises(AssertionError, match="clock"):
        matches("一、单位基本情况", _NoClock())  # a possible match: searched within the rule's time
