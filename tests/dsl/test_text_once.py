"""Text rules match once per document (compiled evaluator): which patterns may, and that the joined search never
misses a string where the pattern matches alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import patterns, textonce
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref
from budgetcheck.rules import load_pack


@pytest.mark.parametrize("pattern", ["^a", "a$", r"\Aa", r"a\Z", r"\bx", r"\Gx", "(?<!x)y", "(?=x)y", "(?!x)y", "(?>ab)", "a++", "a*+", "(?i)a", "x{e<=1}", "[[:alpha:]]", "(?P<n>a)", "[a"])
def test_patterns_that_depend_on_what_comes_before_or_after_keep_the_per_string_route(pattern):
    assert not textonce.safe(pattern)


@pytest.mark.parametrize("pattern", ["[^a]b", "(?:a|b)[，]", "[]a]", "[$^]", r"\d+\s*[%％]", "[本我]单位", r"a\.b"])
def test_patterns_that_look_only_ahead_of_their_start_match_once(pattern):
    assert textonce.safe(pattern)


def test_the_pack_text_rules_that_take_the_joined_route():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id for rule in pack.rules if textonce.shape(rule.rule)}
    assert {"TXT-PUNCT-001", "TXT-SELF-001", "TXT-SELF-002"} <= shaped


ALPHABET = st.text(alphabet="ab，。 \n:%0", max_size=12)
PATTERNS = st.sampled_from(["a", "ab", "a[^b]{0,3}b", "[，。][，。]", "(?:a|ba)b*", "b*", ".", "a.{0,20}b", r"\s+", "[^a]+b", "0%|a:"])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(ALPHABET, max_size=8), PATTERNS)
def test_the_joined_search_keeps_every_string_that_matches_alone(texts, pattern):
    assert textonce.safe(pattern)
    env = Env(DocumentContext({}))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, pattern)(env)
    matching = [ref for ref in refs if patterns.excerpts(ref.value, pattern)]
    assert all(any(ref is other for other in kept) for ref in matching)
    assert [ref.pointer for ref in kept] == sorted((ref.pointer for ref in kept), key=lambda p: int(p.rsplit("/", 1)[1]))


@pytest.mark.parametrize(
    ("pattern", "search"),
    [
        ("(?<![收缴付计])费费(?![用率标])", "费费"),
        ("(?<=[预决核])算算", "算算"),
        (r"(?:(?<=a)b|c)", "(?:b|c)"),
        (r"\(?<!x\)", r"\(?<!x\)"),  # an escaped bracket opens no lookaround
        ("[(?<!]x", "[(?<!]x"),  # nor does one inside a set
        ("a(?=(b))", None),  # a capture inside a lookaround: numbering would change
        ("a(?!b)*", None),  # a quantifier after one
        ("(?<!x", None),  # left open
        ("^(?!x)y$", "y"),  # anchors are assertions too
        (r"\bx\B|\Ay\Z", "x|y"),
        ("^*a", None),
        ("[$^]a", "[$^]a"),  # in a set they are characters
        (r"\\b", r"\\b"),  # an escaped backslash, then b
    ],
)
def test_a_pattern_with_assertions_is_searched_for_without_them_where_that_is_plain(pattern, search):
    assert textonce.search_pattern(pattern) == search


def test_the_pack_text_rules_with_assertions_take_the_joined_route_by_their_pattern_without_them():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.shape(rule.rule) for rule in pack.rules if textonce.shape(rule.rule)}
    assert {"TXT-DUP-001", "TXT-TERM-001", "TXT-TPL-001", "TXT-PUNCT-004", "TXT-TPL-002", "TXT-RSN-001"} <= set(shaped)
    _, pattern, search = shaped["TXT-DUP-001"]
    assert "(?<!" in pattern and "(?<" not in search and "(?!" not in search


LOOKING = st.sampled_from(
    ["(?<!a)b", "(?<=a)b", "b(?!a)", "b(?=a)", "(?<![ab])a(?!%)", "(?<=[a，])[。%]", r"(a)(?!\1)b", r"(?<!\s)a", r"a(?!\s)", "(?<!a.)b", "^a", "b$", r"^\s*%+\s*$", r"\ba", r"a\B", r"\Ab|a\Z", "a(?:b|$)"]
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(ALPHABET, max_size=8), LOOKING)
def test_the_search_without_assertions_keeps_every_string_the_pattern_matches_alone(texts, pattern):
    search = textonce.search_pattern(pattern)
    assert search is not None and search != pattern
    env = Env(DocumentContext({}))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, pattern, search)(env)
    matching = [ref for ref in refs if patterns.excerpts(ref.value, pattern)]
    assert all(any(ref is other for other in kept) for ref in matching)
