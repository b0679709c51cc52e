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
