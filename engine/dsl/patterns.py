"""Rule language: the regular expressions a rule pack writes (`matches`, `find_all`, `excerpts`), run so that none can hang.

Patterns are compiled by the `regex` package, not Python's `re`: it reads the same syntax (the
national pack's TXT-TPL-002 needs lookbehind and lookahead, which linear-time engines such as RE2
refuse), and every match takes a `timeout`. A pattern that backtracks without end, such as
`(a|aa)+$` on a long run of a, stops at its time and raises PatternTimeout: the evaluator makes
that rule not applicable to that document, with the reason, and goes on with the others. The
time is a budget per rule and document (the evaluation's DocumentContext keeps it), so a rule
that matches one slow pattern against a hundred strings is stopped after the budget, not after
a hundred timeouts. The patterns the engine itself runs over documents are fixed in its code and
stay with `re`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex as engine

from budgetcheck.dsl.literals import holds_one, needed
from budgetcheck.errors import BudgetcheckError

MAX_PATTERN = 200
CONTEXT = 8
DEFAULT_SECONDS = 1.0  # a call with no budget given (a library caller, a test)


class PatternError(BudgetcheckError, ValueError):
    """A regular expression of a rule file that cannot be used."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh, en)


class PatternTimeout(Exception):
    """A pattern of the pack ran out of its time on this document; not an EvaluationError: the whole rule
    stops for the document, not one run of it."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(pattern)
        self.pattern = pattern
        self.seconds = seconds


def check_pattern(pattern: str) -> None:
    """Raise PatternError when `pattern` is too long or not a valid regular expression."""
    if len(pattern) > MAX_PATTERN:
        raise PatternError(f"正则表达式过长（{len(pattern)} 个字符，上限 {MAX_PATTERN}）", f"regular expression too long ({len(pattern)} characters, at most {MAX_PATTERN})")
    try:
        engine.compile(pattern)
    except Exception as error:  # noqa: BLE001 — regex.error, and the OverflowError or RecursionError of an absurd pattern
        raise PatternError(f"正则表达式有误：{error}", f"invalid regular expression: {error}") from None


@lru_cache(maxsize=512)
def compiled(pattern: str) -> engine.Pattern:
    check_pattern(pattern)
    return engine.compile(pattern)


@lru_cache(maxsize=512)
def tried_across(pattern: str, spread: int) -> engine.Pattern:
    """`pattern` after up to `spread` characters of any kind, fewest first: its `match` at p matches where `pattern`
    matches at one of p … p + spread, in one call. The same answer as `spread` + 1 calls only for a pattern whose
    match at a position depends on the text from there on alone (searchable.safe: no lookbehind, no anchor); its
    groups keep their numbers."""
    return engine.compile(f"[\\s\\S]{{0,{spread}}}?(?:{pattern})")


_GROUP_SYNTAX = (":", "=", "!", "<=", "<!", "P<")


@lru_cache(maxsize=512)
def single_path(pattern: str) -> bool:
    """True when `pattern` has no repetition and no alternation: no `*`, `+`, `{`, `|`, and no `?` but the one
    of a plain group, lookaround or named group (`(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?P<`, `(?<name>`).

    Such a pattern offers the matcher no choice: at each start it follows one path of at most its own
    length (a backreference repeats a capture no longer than the pattern), so a search is linear in the
    text and needs no timeout; the check costs a regex call a microsecond. The scan is lexical and errs one
    way only: `[*]` counts as repetition and `(?i)` as unknown syntax; they just keep the timeout."""
    index, after_open = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":  # the escaped character is never syntax; `\\p{…}` still shows its brace next
            index, after_open = index + 2, False
            continue
        if char in "*+{|":
            return False
        if char == "?":
            rest = pattern[index + 1 : index + 3]
            named = rest[:1] == "<" and (rest[1:2].isalpha() or rest[1:2] == "_")
            if not after_open or not (rest.startswith(_GROUP_SYNTAX) or named):
                return False
        after_open = char == "("
        index += 1
    return True


MAX_STEPS = 2 * MAX_PATTERN  # ways through a pattern × its length, up to which a pattern without repetition runs without a timeout
_ESCAPE_LENGTH = {"u": 4, "U": 8, "x": 2}  # \u4e00, \U0001f600, \x41 (a `{` form is refused below)
_GROUP_OPENERS = ("?:", "?=", "?!", "?<=", "?<!", "?>")


@lru_cache(maxsize=512)
def few_paths(pattern: str) -> bool:
    """True when `pattern` repeats nothing (no `*`, `+`, `{`) and its ways through, times its length, are at most
    MAX_STEPS: the ways of an alternation add up, those of a sequence multiply, an optional `x?` adds one to x's.
    At each start the matcher then follows at most that many paths, none longer than the pattern (a backreference
    repeats a capture no longer than it): a search is linear in the text with at most twice the steps per
    character a single-path pattern of the longest length may take, and needs no timeout: `(率|度)$`,
    `(?:其中|包括)[。.]`. Anything the scan does not know (a flag group, a class within a class, a lazy or
    possessive `?`, an escape with a brace) counts as unbounded and keeps the timeout."""
    try:
        paths, end = _alternation(pattern, 0)
    except _Unknown:
        return False
    return end == len(pattern) and paths * len(pattern) <= MAX_STEPS


class _Unknown(Exception):
    """Syntax the scan of few_paths does not read, or repetition: the pattern keeps its timeout."""


def _alternation(pattern: str, index: int) -> tuple[int, int]:
    """The ways through the alternation starting at `index`, up to its closing `)` or the end; where it ends."""
    total, branch = 0, 1
    while index < len(pattern) and pattern[index] != ")":
        char = pattern[index]
        if char == "|":
            total, branch, index = total + branch, 1, index + 1
            continue
        if char in "*+{?":  # repetition, or a `?` with nothing before it to make optional
            raise _Unknown
        ways, index = _item(pattern, index)
        if pattern[index : index + 1] == "?":
            if pattern[index + 1 : index + 2] in ("?", "+"):
                raise _Unknown
            ways, index = ways + 1, index + 1
        branch = min(branch * ways, MAX_STEPS + 1)
    return min(total + branch, MAX_STEPS + 1), index


def _item(pattern: str, index: int) -> tuple[int, int]:
    """The ways through one item (a group, a class, an escape, a character) at `index`; where it ends."""
    char = pattern[index]
    if char == "(":
        rest = pattern[index + 1 :]
        opener = next((opener for opener in _GROUP_OPENERS if rest.startswith(opener)), None)
        if opener is None and rest.startswith("?"):
            named = engine.match(r"\?P?<[A-Za-z_][A-Za-z0-9_]*>", rest)
            if named is None:
                raise _Unknown  # (?i), (?#…), (?(1)…): not read here
            opener = named.group(0)
        ways, end = _alternation(pattern, index + 1 + len(opener or ""))
        if end >= len(pattern):
            raise _Unknown
        return ways, end + 1
    if char == "[":
        end = index + 1
        end += pattern[end : end + 1] == "^"
        end += pattern[end : end + 1] == "]"  # a `]` first in a set is a character of it
        while end < len(pattern) and pattern[end] != "]":
            if pattern[end] == "[":
                raise _Unknown  # a set within a set, [[:alpha:]]
            end += 2 if pattern[end] == "\\" else 1
        if end >= len(pattern):
            raise _Unknown
        return 1, end + 1
    if char == "\\":
        if index + 1 >= len(pattern):
            raise _Unknown
        letter = pattern[index + 1]
        if letter in "NpPg" or pattern[index + 2 : index + 3] == "{":
            raise _Unknown
        return 1, index + 2 + _ESCAPE_LENGTH.get(letter, 0)
    return 1, index + 1


def untimed(pattern: str) -> bool:
    """Whether a search of `pattern` is linear in the text and runs without a timeout (single_path or few_paths)."""
    return single_path(pattern) or few_paths(pattern)


def excerpt(text: str, start: int, end: int) -> str:
    """`text[start:end]` with up to CONTEXT characters either side; … marks a cut."""
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def _budget(pattern: str, seconds: float | None) -> float | None:
    """The timeout of one call: none for a pattern whose search is linear (untimed), else what is left."""
    if untimed(pattern):
        return None
    return DEFAULT_SECONDS if seconds is None else max(seconds, 0.001)


def absent(text: str, pattern: str) -> bool:
    """Whether `text` lacks every string one of which each match of `pattern` holds (dsl/literals.py): then it holds no
    match, and the pattern is not run. Both evaluators ask it before every search, so a pattern that would run out of
    time on such a text answers "no match" in both, as it should."""
    pieces = needed(pattern)
    return pieces is not None and not holds_one(text, pieces)


@lru_cache(maxsize=512)
def _planned(pattern: str) -> tuple[engine.Pattern, tuple[str, ...] | None, bool]:
    """compiled(pattern), needed(pattern) and untimed(pattern) in one look-up: what search() asks before every call."""
    return compiled(pattern), needed(pattern), untimed(pattern)


SHORT = 64  # a text up to this long, searched with an untimed pattern, has its answer kept (_short_search)


def search(text: str, pattern: str, seconds: float | Callable[[], float | None] | None = None) -> bool:
    """Whether `pattern` matches somewhere in `text`, within `seconds` (else PatternTimeout). `seconds` may be what
    answers it (the evaluators pass DocumentContext.pattern_seconds itself), asked only for a pattern that has a
    timeout, just before its search: a linear one never reads the clock (PERF-IND-006's `(率|度)$`, ~90 names a
    document), a timed one reads it per search as before, so a rule's budget still stops it."""
    regular, pieces, linear = _planned(pattern)  # an unusable pattern fails first, whatever the text
    if linear and len(text) <= SHORT:
        return _short_search(text, pattern)
    if pieces is not None and not holds_one(text, pieces):  # absent(text, pattern)
        return False
    if linear:
        budget = None
    else:  # _budget(pattern, seconds)
        left = seconds() if callable(seconds) else seconds
        budget = DEFAULT_SECONDS if left is None else max(left, 0.001)
    try:
        return regular.search(text, timeout=budget) is not None
    except TimeoutError:
        raise PatternTimeout(pattern, budget or 0) from None


@lru_cache(maxsize=4096)
def _short_search(text: str, pattern: str) -> bool:
    """search() of a short text with an untimed pattern (no timeout, so a function of the two strings alone), kept:
    a rule asks the same pattern of the same names again and again (`(率|度)$` of every indicator's name). Generated
    documents repeat their names far more than real ones do; the cache is bounded either way (4096 × 64 characters)."""
    regular, pieces, _linear = _planned(pattern)
    if pieces is not None and not holds_one(text, pieces):
        return False
    return regular.search(text) is not None


def find_all(text: str, pattern: str, seconds: float | None = None) -> list[str]:
    """Every match of `pattern` in `text`, in order, within `seconds` (else PatternTimeout)."""
    regular = compiled(pattern)  # an unusable pattern fails first, whatever the text
    if absent(text, pattern):
        return []
    budget = _budget(pattern, seconds)
    try:
        return [match.group(0) for match in regular.finditer(text, timeout=budget)]
    except TimeoutError:
        raise PatternTimeout(pattern, budget or 0) from None


def excerpts(text: str, pattern: str, seconds: float | None = None) -> list[str]:
    """Each match of `pattern` in `text` with its context (see excerpt), within `seconds` (else PatternTimeout)."""
    regular = compiled(pattern)  # an unusable pattern fails first, whatever the text
    if absent(text, pattern):
        return []
    budget = _budget(pattern, seconds)
    try:
        return [excerpt(text, match.start(), match.end()) for match in regular.finditer(text, timeout=budget)]
    except TimeoutError:
        raise PatternTimeout(pattern, budget or 0) from None
