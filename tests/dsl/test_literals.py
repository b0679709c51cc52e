"""The strings one of which every match of a pattern holds (dsl/literals.py), and the searches that skip a text without them."""

from __future__ import annotations

import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.dsl import literals, patterns, textonce
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref

ATOMS = ["a", "b", "c", "中", "文", "ab", "中文", "[ab]", "[中a]", "[^a]", ".", "\\d", "\\s", "\\.", "x", "[a-c]", "\\u4e2d"]
WRAPPERS = ["({})", "(?:{})", "{}*", "{}+", "{}?", "{}{{1,2}}", "{}{{0,2}}", "{}+?", "(?={}){}", "(?<=a){}", "(?!c){}", "^{}", "{}$", "\\b{}", "{}|{}", "({})\\1", "(?P<n>{})"]


@st.composite
def regular_expressions(draw, depth: int = 3) -> str:
    if depth == 0 or draw(st.booleans()):
        return "".join(draw(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=3)))
    wrapper = draw(st.sampled_from(WRAPPERS))
    inner = [draw(regular_expressions(depth - 1)) for _ in range(wrapper.count("{}"))]
    joined = wrapper.replace("{{", "\0").replace("}}", "\1").format(*inner).replace("\0", "{").replace("\1", "}")
    return joined + (draw(regular_expressions(depth - 1)) if draw(st.booleans()) else "")


TEXTS = st.text(alphabet="abcx中文1. \n", max_size=16)


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(regular_expressions(), TEXTS)
def test_a_text_without_the_needed_strings_holds_no_match(pattern, text):
    try:
        compiled = regex.compile(pattern)
    except regex.error:
        return
    pieces = literals.needed(pattern)
    if pieces is not None:
        assert pieces and all(pieces)
        assert compiled.search(text) is None or literals.holds_one(text, pieces)
    assert patterns.search(text, pattern) == (compiled.search(text) is not None)
    assert patterns.find_all(text, pattern) == [found.group(0) for found in compiled.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        ("[本我]单位", ("我单位", "本单位")),
        ("a(?=x)b", ("ab",)),  # a lookaround matches no text: a and b are next to each other
        ("(?<![收缴付计])费费(?![用率标])", ("费费",)),
        ("(?:主要原因是|主要原因|原因是)[：:]?", ("原因是", "主要原因")),  # 主要原因是 holds 主要原因
        ("PAGEREF|_Toc[0-9]{4,}", ("_Toc", "PAGEREF")),
        ("(?:增加|减少)[，,]\\s*[0-9]+%", ("减少", "增加")),  # % is in nearly every paragraph: the words are kept
        ("(?:本|)(?:部门|单位)[（(]", ("(", "（")),  # the publisher's words are in many more lines than a bracket
        ("本部门(?:预算|决算)", ("本部门",)),  # a run holding one is as rare as its length says
        ("x*y?", None),
        ("ab|c*", None),  # an alternative that needs nothing
        ("(?i)abc", None),
        ("(?i:abc)d", None),
        ("[[:alpha:]]x", None),
        ("\\p{Han}中", None),
        ("(?:ab){e<=1}", None),
        ("(?>ab)c", None),
    ],
)
def test_the_needed_strings_of_a_pattern_or_none_where_they_cannot_be_named(pattern, pieces):
    assert literals.needed(pattern) == pieces


def test_a_pattern_that_backtracks_without_end_still_stops_where_it_is_run_and_answers_no_match_where_it_cannot_match():
    with pytest.raises(patterns.PatternTimeout):
        patterns.find_all("bc" + "a" * 40, "(a|aa)+bc", 0.05)  # the text holds bc: run, and stopped
    with pytest.raises(TimeoutError):
        regex.search("(a|aa)+bc", "a" * 40 + "bd", timeout=0.05)  # the search engine alone backtracks where there is no bc
    started = time.perf_counter()
    assert patterns.find_all("a" * 40 + "bd", "(a|aa)+bc", 0.05) == []  # no bc at all: no match, without running it
    assert time.perf_counter() - started < 0.05


SEARCHES = st.sampled_from(["[本我]单位", "费费|其中：", "ab|c", "(?:增加|减少)[（(]a", "a.b", "中\\s*文", "x"])


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.lists(st.text(alphabet="ab中文费其：本单位增加减少（ x\n", max_size=10), max_size=12), SEARCHES)
def test_the_strings_found_through_their_pieces_are_those_where_the_search_matches_alone(texts, pattern):
    compiled = patterns.compiled(pattern)
    joined, starts = textonce.joined(texts)
    alone = [index for index, text in enumerate(texts) if compiled.search(text)]
    found = textonce._found(compiled, literals.needed(pattern), texts, joined, starts, None)
    assert found == alone or found == textonce._searched(compiled, joined, starts, None)  # too many held a piece: the joined search
    assert set(alone) <= set(found)


def test_a_text_rule_runs_only_the_strings_that_hold_a_needed_string():
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(["本部门", "本单位。", "甲", "我单位和本单位", "单位"] * 3)]
    kept = textonce.once(lambda env: refs, None, "[本我]单位")(Env(DocumentContext({})))
    assert kept == [ref for ref in refs if patterns.excerpts(ref.value, "[本我]单位")]


@pytest.mark.parametrize(
    ("pattern", "dear"),
    [("\\s*x", True), (".{2}其中", True), ("[^，]+a", True), ("(?:ab|\\s+c)", True), ("(?=x)\\d", True), ("x\\s*", False), ("[ab]c", False), ("(?:增加|减少)", False)],
)
def test_a_pattern_that_can_start_at_nearly_every_position_is_dear(pattern, dear):
    assert literals.dear(pattern) is dear


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(regular_expressions(), TEXTS, st.integers(0, 1))
def test_a_short_text_searched_again_gets_the_answer_of_the_search_itself(pattern, text, padding):
    """search() keeps its answer for a short text and an untimed pattern (_short_search): asked twice, and of a text too
    long to be kept, it answers as the pattern's own search does."""
    try:
        compiled = patterns.compiled(pattern)
    except patterns.PatternError:
        return
    text = text + "x" * (patterns.SHORT * padding)
    expected = compiled.search(text, timeout=1.0) is not None
    assert patterns.search(text, pattern) == patterns.search(text, pattern) == expected


def test_a_pattern_is_parsed_once_for_every_reader_and_read_only():
    """literals.parsed serves needed, dear, parsed_plainly (endings, firsts) and anchors.plan: one parse per pattern;
    what each reads is the same as from a parse of its own, and none of them changes the shared parse."""
    import re._parser as sre_parse

    from budgetcheck.dsl import anchors

    pattern = "(?:公务接待|公务用车)[^，。]{0,6}?费"
    shared = literals.parsed(pattern)
    assert shared is literals.parsed(pattern) and literals.parsed_plainly(pattern) is shared
    before = repr(shared.data)
    answers = (literals.needed(pattern), literals.dear(pattern), anchors.plan(pattern))
    assert repr(shared.data) == before == repr(sre_parse.parse(pattern).data)
    literals.parsed.cache_clear()
    assert (literals.needed.__wrapped__(pattern), literals.dear(pattern), anchors.plan(pattern)) == answers
    for broken in ("(", "[a", "a{2,1}"):
        assert literals.parsed(broken) is None and literals.parsed_plainly(broken) is None
        assert literals.dear(broken) is False and anchors.plan(broken) is None
