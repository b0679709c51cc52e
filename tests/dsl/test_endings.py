"""The last characters that make a pattern match (dsl/endings.py), and the rules that pass over the strings ending in
one of them (textonce.where): never a string the reference would run to a finding."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import textonce
from budgetcheck.dsl.endings import endings
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES, REAL, SAMPLE
from tests.dsl.test_literals import regular_expressions
from tests.dsl.test_text_once import _holds

PUNCT_002 = r"[。！？：…:!?][”’）)」』]*\s*$"


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (PUNCT_002, "。！？：…:!?"),
        (r"a\Z", "a"),
        ("(?:a|b)$", "ab"),
        ("a|b$", "ab"),  # an alternative with no end anchor matches at the last character too
        ("a(?:x)?$", "a"),
        ("(a)$", "a"),
        (r"\s*a+", "a"),
        ("ab$", ""),  # two characters are needed
        ("(?>a)$", ""),  # an atomic group: not read
        ("a*+$", ""),
        ("(?i)a$", ""),  # a flag: not read
        ("^a$", ""),  # an anchor before the character
        ("(?<=b)a$", ""),
        ("a$b", ""),
        (r"a\b", ""),
        (r"[^a]$", ""),  # a negated set: not a set of known characters
        (r"\s$", ""),
        ("$", ""),
        ("[。！？；;].", ""),
    ],
)
def test_the_endings_of_a_pattern_or_none_where_they_cannot_be_named(pattern, chars):
    assert endings(pattern) == frozenset(chars)


ENDED = st.builds(lambda pattern, end: pattern + end, regular_expressions(), st.sampled_from(["", "$", r"\Z", r"\s*$", "[)）]*$", "x*$"]))


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(ENDED, st.text(alphabet="abcx中文1. \n)）", max_size=12))
def test_a_text_ending_in_an_ending_of_a_pattern_holds_a_match(pattern, text):
    try:
        compiled = regex.compile(pattern)
    except regex.error:
        return
    for char in endings(pattern):
        assert compiled.search(text + char) is not None, (pattern, text + char)


LEAVES = st.sampled_from([PUNCT_002, "a", "b%", "[，。].", r"[^a]{2}$", r"^\s*:", "%$", r"a\Z", "(?:。|a)$", r"[。a]\s*$", "b+$"])


def _formula(depth: int):
    leaf = st.tuples(st.just("matches"), LEAVES)
    if depth == 0:
        return leaf
    inner = _formula(depth - 1)
    return st.one_of(leaf, st.tuples(st.just("not"), inner), st.tuples(st.sampled_from(["and", "or"]), inner, inner))


TEXTS = st.text(alphabet="ab，。 \n:%”)a", max_size=10)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(_formula(3), TEXTS)
def test_a_string_ending_in_a_character_of_a_formula_s_endings_settles_it(formula, text):
    if text[-1:] in textonce.ending(formula, positive=True):
        assert _holds(formula, text)
    if text[-1:] in textonce.ending(formula, positive=False):
        assert not _holds(formula, text)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.lists(TEXTS, max_size=12), _formula(3))
def test_the_strings_kept_past_the_endings_are_exactly_those_where_the_formula_holds(texts, formula):
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.where(lambda env: refs, formula)(Env(DocumentContext({})))
    assert list(kept) == [ref for ref in refs if _holds(formula, ref.value)]


def _punct_002():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.matching_shape(rule.rule) for rule in pack.rules if textonce.matching_shape(rule.rule)}
    return shaped["TXT-PUNCT-002"][1]


def test_txt_punct_002_passes_over_the_strings_that_end_with_a_sentence_mark():
    formula = _punct_002()
    assert set("。！？：…:!?") <= textonce.ending(formula, positive=False)
    texts = ["第一句。第二句", "一句。两句。", "一句。两句）", "2  XX所   预算不单列。并入本级", "单句", "第一句；第二句”", "甲。乙！\n"]
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.where(lambda env: refs, formula)(Env(DocumentContext({})))
    assert [ref.value for ref in kept] == ["第一句。第二句", "一句。两句）", "第一句；第二句”"]


def _real_texts() -> list[str]:
    """Paragraphs and lines of the real documents, the sample and the text fixtures, as written."""
    files = [SAMPLE, *sorted(FIXTURES.rglob("*.txt")), *(sorted(REAL.glob("*.txt")) if REAL.is_dir() else [])]
    out: list[str] = []
    for path in files:
        content = path.read_text(encoding="utf-8", errors="replace")
        out.extend(content.split("\n\n"))
        out.extend(line + "\n" for line in content.splitlines())
    return out


def test_on_real_texts_txt_punct_002_runs_exactly_the_strings_the_reference_would_report():
    formula = _punct_002()
    texts = _real_texts()
    assert len(texts) > 1_000
    for start in range(0, len(texts), 150):  # documents of about as many strings as a disclosure has
        refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts[start : start + 150])]
        kept = textonce.where(lambda env, refs=refs: refs, formula)(Env(DocumentContext({})))
        assert list(kept) == [ref for ref in refs if _holds(formula, ref.value)]
    assert any(text[-1:] in textonce.ending(formula, positive=False) for text in texts)

