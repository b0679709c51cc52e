"""Text rules match once per document (compiled evaluator): which patterns may, and that the joined search never
misses a string where the pattern matches alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import anchors, patterns, textonce
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


DUP = r"([\u4e00-\u9fff]{2,6})[：:]\s*\1[：:]|(其中|包括)\2|费费|算算"


def test_a_pattern_whose_match_starts_before_a_colon_is_tried_only_near_its_colons():
    plan = anchors.plan(DUP)
    assert plan is not None
    assert {(anchor.lo, anchor.hi) for anchor in plan} == {(0, 0), (2, 6)}
    assert anchors.plan("ab|cd") is None  # every alternative starts with its anchor: the search engine's own scan is as good
    assert anchors.plan("(?:增加|减少)[，,]") is None
    assert anchors.plan(r"\s*x|y") is None  # an alternative with nothing bounded before its anchor
    assert anchors.plan(r"\p{Han}{2}：") is None  # what Python's parser cannot read


@pytest.mark.parametrize(
    "texts",
    [
        ["其中：其中：", "b"],  # a match at a string's first character
        ["x", "一二三四五六：一二三四五六：尾"],  # the colon six characters after the start
        ["人员经费：\n 人员经费:", "预算算"],  # mixed colons, blanks between
        ["合计", "：合计："],  # a colon at a string's start: no match (the joined text does not reach back)
        ["收费费率", "其中其中"],
    ],
)
def test_the_anchored_search_keeps_the_strings_the_plain_search_keeps(texts):
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    env = Env(DocumentContext({}))
    kept = textonce.once(lambda env: refs, None, DUP)(env)
    matching = [ref for ref in refs if patterns.excerpts(ref.value, DUP)]
    assert kept == matching
    assert textonce._anchored(patterns.compiled(DUP), anchors.plan(DUP), *_joined(texts), None) == textonce._searched(patterns.compiled(DUP), *_joined(texts), None)


def _joined(texts: list[str]) -> tuple[str, list[int]]:
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(textonce.SEPARATOR)
    return textonce.SEPARATOR.join(texts), starts


ANCHORED = st.sampled_from(
    [DUP, r"([^：]{1,3})：\s*\1：|(ab|ba)\2|ccc", r"[^，]{0,4}[，。]|：b", r"(?:a|b.)%|[^a]{2}c", r"[^a]{0,3}(?:%|：)\s*a", r"\s{0,3}：b|费.{1,2}算", r".{2}其中"]
)
CJK = st.text(alphabet="ab其中包括费算经：: \n，。%c", max_size=14)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(CJK, max_size=8), ANCHORED)
def test_the_anchored_search_finds_exactly_the_strings_the_plain_search_finds(texts, pattern):
    plan = anchors.plan(pattern)
    assert plan is not None and textonce.safe(pattern)
    compiled = patterns.compiled(pattern)
    joined, starts = _joined(texts)
    assert textonce._anchored(compiled, plan, joined, starts, None) == textonce._searched(compiled, joined, starts, None)
