"""A text rule's joined search split into searches that each begin with a literal (dsl/leads.py): a string alone holds a
match of one of them exactly when it holds a match of the search, and the strings the joined searches find together
hold every string where the rule's pattern matches alone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import joinedsearch, leads, patterns, textonce
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref
from budgetcheck.rules import load_pack

SPLIT = [
    "[，。、；,;][，。、；：,;]|[：:][，。、；,;]",
    r"(?:占|增长|下降)[，,、；;]\s*[0-9]+(?:\.[0-9]+)?\s*[%％]",
    "[本我]单位",
    r"(?:[ab][ab]+|[%：]{2,}|中{3,}|其中|\s*…+\s*)",
    r"a{2,4}b|%{3}",
    r"(?:主要|其中|中)(?:[：:]?\s*[。；;]|\s*)|\s*(?:主要|其中)[：:]\s*",
    r"(?:[ab]|)(?:其中|包括)[（(]a?(?:b|%)[）)]",
    r"x?a+?b|\s{0,2}其中",
    "[a-c]%",
    r"(?:增加|增长|减少|增)[，,]\s*%|中a|中b+",
]


@pytest.mark.parametrize("pattern", SPLIT)
def test_a_search_that_may_begin_with_one_of_several_characters_is_split_into_searches_that_begin_with_one(pattern):
    found = leads.leads(pattern)
    assert found is not None and len(found) == len(set(found))
    assert all(lead[0] not in "[(.\\" or lead[:2] in ("\\*", "\\.", "\\(") for lead in found)
    assert all(textonce.safe(lead) for lead in found)


@pytest.mark.parametrize(
    "pattern",
    ["占x", "PAGEREF", "[^a]b", ".a", r"\sa|b", "x?", "a*|b", "(a)b", r"(?:a|b)\1", "[" + "".join(chr(0x4E00 + i) for i in range(20)) + "]a", "(?i)[ab]c", r"\p{Han}a|b"],
)
def test_a_search_that_begins_with_a_literal_already_or_cannot_be_split_plainly_is_run_whole(pattern):
    assert leads.leads(pattern) is None


def test_leads_that_a_shorter_literal_lead_covers_are_left_out():
    assert leads.leads(r"(?:主要原因是|主要原因|原因是|主要用于|用于)(?:[：:]?\s*[。；;]|\s*)|\s*(?:主要原因是|用于)[：:]\s*") == ("主要原因", "原因是", "用于")


def test_leads_that_begin_with_the_same_character_are_one_lead():
    assert set(leads.leads(r"(?:增加|增长|减少)[，,]\s*%|中a|中b+")) == {r"增(?:加[，,]\s*%|长[，,]\s*%)", r"减少[，,]\s*%", "中(?:a|b+)"}
    assert leads.leads("(?:ab|ac)x|a") == ("a",)  # covered by the literal lead alone, as before
    long = "[^（）]{1,6}" * ((patterns.MAX_PATTERN // 2) // 10)
    assert leads.leads(f"(?:增加|增长){long}") == (f"增加{long}", f"增长{long}")  # one would be longer than a pattern may be


def test_the_pack_text_rules_whose_search_begins_with_one_of_several_characters_are_split():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.shape(rule.rule) for rule in pack.rules if textonce.shape(rule.rule)}
    split = {rule for rule, (_at, _pattern, search) in shaped.items() if search is not None and leads.leads(search)}
    assert {"TXT-PUNCT-001", "TXT-PUNCT-004", "TXT-PUNCT-005", "TXT-TPL-001", "TXT-TPL-004", "TXT-TPL-005", "TXT-TPL-006", "TXT-TERM-001"} <= split
    assert leads.leads(shaped["TXT-PUNCT-005"][2])[0].startswith("占")


TEXT = st.text(alphabet="ab其中包括主要原因用于本我单位：:%…，。、；; \n（(）)增加长减少", max_size=14)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(TEXT, st.sampled_from(SPLIT))
def test_a_string_holds_a_match_of_a_lead_exactly_when_it_holds_a_match_of_the_search(text, pattern):
    found = leads.leads(pattern)
    assert any(patterns.compiled(lead).search(text) is not None for lead in found) == (patterns.compiled(pattern).search(text) is not None)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(TEXT, max_size=8), st.sampled_from(SPLIT))
def test_the_joined_searches_of_the_leads_keep_every_string_that_matches_alone(texts, pattern):
    env = Env(DocumentContext({}))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, pattern)(env)
    matching = [ref for ref in refs if patterns.excerpts(ref.value, pattern)]
    assert all(any(ref is other for other in kept) for ref in matching)
    joined, starts = textonce.joined(texts)
    split = leads.compiled(pattern)
    assert set(textonce._found(patterns.compiled(pattern), None, texts, joined, starts, None, split=split)) >= {int(ref.pointer.rsplit("/", 1)[1]) for ref in matching}


PLAIN = ["[（\\(“‘《【\\[〔「）\\)”’》】\\]〕」]", "，[，。、；：,;]", "[。！？；;].", "(?:a|其中)[。.]?b", "[a-c]%|：", "中(?:[ab]|%)"]


@pytest.mark.parametrize("pattern", PLAIN)
def test_a_search_of_literals_and_sets_that_needs_no_time_limit_and_begins_with_a_set_or_one_character_runs_by_re(pattern):
    assert leads.plain(pattern) is not None


@pytest.mark.parametrize("pattern", ["其中[。.]", "本单位", r"[ab]\s", r"\d%", "[^a]b", "a+b", "(?i)[ab]", "(a)\\1", "a(?=b)", "[ab]{2,}"])
def test_a_search_re_may_read_otherwise_or_that_the_regex_package_walks_to_faster_keeps_the_regex_package(pattern):
    assert leads.plain(pattern) is None


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="ab中其（(）)“”，。、；;：:%.\n！？", max_size=16), st.sampled_from(PLAIN), st.integers(0, 16))
def test_re_finds_the_match_the_regex_package_finds_from_every_position(text, pattern, position):
    ours, theirs = leads.plain(pattern).search(text, position), patterns.compiled(pattern).search(text, position)
    assert (ours and ours.span()) == (theirs and theirs.span())


WIDER = {
    r"([\u4e00-\u9fff]{2,6})[：:]\s*\1[：:]|(其中|包括)\2|费费|算算": r"[：:]\s*(?:[\u4e00-\u9fff]{2,6})[：:]|(?:其中|包括)(?:其中|包括)|费费|算算",
    r"(a|b)%\1": r"(?:a|b)%(?:a|b)",
    r"[^a]b|\sa": "b|a",
    r"(中{1,2})\s*\1|.其中": r"(?:中{1,2})\s*(?:中{1,2})|其中",
}


@pytest.mark.parametrize(("search", "wider"), WIDER.items())
def test_a_search_without_leads_is_widened_to_one_with_leads_its_backreferences_read_as_their_groups(search, wider):
    assert leads.wider(search) == wider
    assert textonce.safe(wider) and (leads.leads(wider) is not None or wider[0] not in "[(.\\")


@pytest.mark.parametrize("search", ["[，。][，。]", "其中", "(a)\\2", "(a\\1)", "\\1(a)", ".*", "x?", r"(?P<x>a)(?P=x)", "(a)\\10", r"\p{Han}a"])
def test_a_search_with_leads_of_its_own_or_that_cannot_be_widened_plainly_is_not(search):
    assert leads.wider(search) is None


def test_the_pack_text_rule_whose_search_has_no_leads_searches_wider():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.shape(rule.rule) for rule in pack.rules if textonce.shape(rule.rule)}
    assert leads.wider(shaped["TXT-DUP-001"][2]) is not None


WIDE_TEXT = st.text(alphabet="ab其中包括：: 费算预%中\n", max_size=14)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(WIDE_TEXT, st.sampled_from(sorted(WIDER)))
def test_a_string_that_holds_a_match_of_the_search_holds_one_of_the_wider_search(text, search):
    if patterns.compiled(search).search(text) is not None:
        assert patterns.compiled(leads.wider(search)).search(text) is not None


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(WIDE_TEXT, max_size=8), st.sampled_from(sorted(WIDER)))
def test_the_joined_search_of_a_wider_search_keeps_exactly_the_strings_where_the_pattern_matches_alone(texts, search):
    env = Env(DocumentContext({}))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, search)(env)
    assert [ref.pointer for ref in kept] == [ref.pointer for ref in refs if patterns.excerpts(ref.value, search)]


@pytest.mark.parametrize("pattern", SPLIT)
def test_each_lead_names_the_character_every_match_of_it_begins_with(pattern):
    """A joined text without that character is not searched for the lead (joinedsearch._led_searches)."""
    for (lead, _untimed, head), written in zip(leads.compiled(pattern), leads.leads(pattern) or [pattern], strict=True):
        assert head == ("" if leads.leads(pattern) is None else written[0] if written[0] != "\\" else written[1])
        assert not head or all(found.group().startswith(head) for found in lead.finditer("a中其中：。，增长，%包括（b）"))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(TEXT, max_size=8), st.sampled_from(SPLIT))
def test_the_leads_searched_only_where_their_first_character_is_written_find_what_every_lead_searched_finds(texts, pattern):
    joined, starts = textonce.joined(texts)
    split = leads.compiled(pattern)
    every = sorted({at for lead, spent in leads.timed(split, None) for at in textonce._searched(lead, joined, starts, spent)})
    assert textonce._found(patterns.compiled(pattern), None, texts, joined, starts, None, split=split) == every


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet="ab其中包括主要原因用于（(或*", max_size=30), st.sampled_from(["其中", "主要原因", "(或", "（(", "**", "a"]), st.integers(0, 30))
def test_a_piece_of_two_characters_or_more_is_found_where_str_find_finds_it(text, piece, start):
    find = joinedsearch._finder(piece, text) if len(piece) > 1 else text.find
    assert find(piece, start) == text.find(piece, start) and find(piece) == text.find(piece)
