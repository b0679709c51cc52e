"""Rule language: literal strings one of which every match of a rule file's regular expression must contain.

`(?:增加|减少|…)[（(](?:增加|减少|…)[）)]` matches nothing in a text without `（` or `(`; `PAGEREF…|_Toc[0-9]{4,}|MERGEFIELD|…`
nothing in a text without PAGEREF, _Toc, MERGEFIELD or the others. `needed(pattern)` derives such a set from the pattern's
syntax, read by Python's own parser of regular expressions: a text that holds none of them holds no match, which
`str.__contains__` (a scan in C) tells at a fraction of the cost of the search engine's walk of every position.

What the set is, per item of a sequence (the set of the whole pattern is the one of its items' sets judged best, see
_better; a run of literal characters, and small sets between them, are one item: `[本我]单位` gives 本单位, 我单位):
a literal or a set of at most MAX_SET characters: those strings; a group: its contents'; `x{m,n}` with m ≥ 1: x's; an
alternation: the union of each alternative's set (none when one alternative has none). Zero-width items (lookaround,
`^`, `$`, `\\b`) match no text and neither break a run nor add to it: `a(?=x)b` needs `ab`. Anything else (`.`, `\\d`, a
negated set, a backreference, an optional item) needs nothing. Strings that hold another of the set are left out.

The parse is trusted only where the `regex` package, which runs the rule files' patterns, reads the same syntax the same
way: a pattern with an inline or scoped flag (`(?i)`), a set within a set or a POSIX class, `\\p{…}`, `\\N{…}` or any
escape of a letter but the common ones, fuzzy matching, or anything Python's parser refuses gets no set (None).
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11 and later; before, the same module was sre_parse
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

MAX_SET = 24  # at most this many strings: each costs a scan of the text
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_LETTER_ESCAPES = frozenset("dDsSwWntrfvuxbBAZ")  # what a backslash may take before a letter: read alike by both parsers
_FLAGS = re.IGNORECASE | re.VERBOSE | re.DOTALL | re.MULTILINE | re.ASCII | re.LOCALE


@lru_cache(maxsize=512)
def needed(pattern: str) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` contains, shortest first; None when none can be named, or when one
    of them is a common mark (COMMON: nearly every text holds it)."""
    parsed = parsed_plainly(pattern)
    if parsed is None:
        return None
    try:
        found = _sequence(list(parsed.data))
    except _Refused:
        return None
    if found is None or found & COMMON:  # a mark found in nearly every text: looking for the set saves nothing
        return None
    return tuple(sorted(found, key=lambda piece: (len(piece), piece)))


@lru_cache(maxsize=512)
def parsed(pattern: str) -> _parser.SubPattern | None:
    """`pattern` as Python's parser reads it, or None when it does not: parsed once for every reader here and in
    dsl/anchors.py (a pack's text rules ask it of some 40 patterns two or three times each). Read only: every reader
    copies what it walks."""
    try:
        return _parser.parse(pattern)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


def parsed_plainly(pattern: str) -> _parser.SubPattern | None:
    """`pattern` as Python's parser reads it, where the `regex` package reads it the same way (no flag, no syntax of
    its own: see the module's note); else None."""
    if not _plain(pattern):
        return None
    found = parsed(pattern)
    return None if found is None or found.state.flags & _FLAGS else found


def dear(pattern: str) -> bool:
    """Whether a match of `pattern` can start with an optional or repeated item, `.`, a category or a negated set
    (`\\s*…`, `.{2}x`, `[^，]+`): the search engine then tries nearly every position of a text, at several times the
    cost of a walk to a first character it knows."""
    found = parsed(pattern)
    return found is not None and _dear_start(list(found.data))


def _dear_start(items: list) -> bool:
    if not items:
        return False
    op, value = items[0]
    if op is _c.BRANCH:
        return any(_dear_start(list(alternative)) for alternative in value[1])  # type: ignore[index]
    if op is _c.SUBPATTERN:
        return _dear_start(list(value[3]))  # type: ignore[index]
    if op in _ZERO_WIDTH:
        return _dear_start(items[1:])
    if op is _c.IN:
        return any(kind in (_c.NEGATE, _c.CATEGORY) for kind, _member in value)  # type: ignore[attr-defined]
    return op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.ANY, _c.CATEGORY, _c.NOT_LITERAL)


def holds_one(text: str, pieces: tuple[str, ...]) -> bool:
    """Whether `text` contains one of `pieces`."""
    for piece in pieces:
        if piece in text:
            return True
    return False


class _Refused(Exception):
    """Syntax read here differently from the regex package, or not read: no set."""


def _plain(pattern: str) -> bool:
    """A lexical check that the pattern holds nothing Python's parser and the regex package may read apart."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            following = pattern[index + 1 : index + 2]
            if following.isalpha() and following not in _LETTER_ESCAPES:
                return False  # \p{…}, \N{…}, \X, \G, \m, \K, \L …
            if following in ("u", "x") and pattern[index + 2 : index + 3] == "{":
                return False
            index += 2
            continue
        if in_class:
            if char == "[":
                return False  # a set within a set, a POSIX class
            in_class = char != "]"
            index += 1
            continue
        if char == "[":
            in_class = True
            index += 1
            index += pattern[index : index + 1] == "^"
            index += pattern[index : index + 1] == "]"  # a ] first in the set is taken literally
            continue
        if char == "(" and pattern[index + 1 : index + 2] == "?" and not pattern.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?P<"), index):
            return False  # flags, comments, conditionals, branch reset, atomic groups, (?<name>…)
        if char == "{" and pattern[index + 1 : index + 2] not in "0123456789,":
            return False  # fuzzy matching {e<=1}, or a brace regex may read otherwise
        index += 1
    return not in_class


def _better(one: frozenset[str] | None, other: frozenset[str] | None) -> frozenset[str] | None:
    """The set to keep of two a sequence needs: the one of the longer shortest string (a longer string is rarer; a
    common mark or word counts a quarter) per string (each costs a scan of the text), then the one of fewer strings. Which is
    kept changes the cost, never the answer: every match holds a string of either."""
    if one is None or other is None:
        return one if other is None else other
    return max(one, other, key=lambda pieces: (min(map(_weight, pieces)) / len(pieces), -len(pieces)))


COMMON = frozenset("，。、；：,.;:%％元")  # marks and a unit found in nearly every paragraph of a disclosure: worth a quarter
# Words as common as those marks: a disclosure names its publisher (部门, 单位) in a quarter of its lines and more, a
# bracket in a tenth; by length alone TXT-TPL-001's (?:部门|单位)[（(] would be looked for by its words. Worth a quarter too,
# but not refused as COMMON is: a set of them is still better than none.
COMMON_WORDS = frozenset({"部门", "单位"})


def _weight(piece: str) -> float:
    return 0.25 if piece in COMMON or piece in COMMON_WORDS else len(piece)


def set_characters(members: list, limit: int = MAX_SET) -> set[str] | None:
    """The characters of a parsed set (`[…]`) when it is a set of at most `limit` literals and ranges, else None."""
    chars: set[str] = set()
    for kind, member in members:
        if kind is _c.LITERAL:
            chars.add(chr(member))
        elif kind is _c.RANGE and member[1] - member[0] < limit:
            chars.update(chr(code) for code in range(member[0], member[1] + 1))
        else:  # a negated set, a category (\s, \d), a wide range
            return None
    return chars if len(chars) <= limit else None


def _sequence(items: list) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run: set[str] = {""}  # the strings the current run of literal items spells

    def ended() -> None:
        nonlocal best, run
        if run != {""}:
            best = _better(best, _minimal(run))
        run = {""}

    for op, value in items:
        if op in _ZERO_WIDTH:
            continue  # matches no text: what is before and after it are next to each other in every match
        if op is _c.LITERAL:
            run = {piece + chr(value) for piece in run}
            continue
        if op is _c.IN:
            chars = set_characters(value)
            if chars is not None and len(run) * len(chars) <= MAX_SET:
                run = {piece + char for piece in run for char in chars}
                continue
            ended()
            if chars is not None:
                best = _better(best, frozenset(chars))
            continue
        ended()
        if op is _c.SUBPATTERN:
            if value[1] or value[2]:  # type: ignore[index]  # a scoped flag, (?i:…)
                raise _Refused
            best = _better(best, _sequence(list(value[3])))  # type: ignore[index]
        elif op is _c.BRANCH:
            best = _better(best, _branch(value[1]))  # type: ignore[index]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] >= 1:  # type: ignore[index]
            best = _better(best, _sequence(list(value[2])))  # type: ignore[index]
        elif op not in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.ANY, _c.NOT_LITERAL, _c.GROUPREF, _c.CATEGORY, _c.IN):
            raise _Refused  # GROUPREF_EXISTS, ATOMIC_GROUP, POSSESSIVE_REPEAT, …: not read here
    ended()
    return best


def _branch(alternatives: list) -> frozenset[str] | None:
    pieces: set[str] = set()
    for alternative in alternatives:
        found = _sequence(list(alternative))
        if found is None:
            return None
        pieces |= found
        if len(pieces) > MAX_SET:
            return None
    return _minimal(pieces)


def _minimal(pieces: set[str]) -> frozenset[str]:
    """`pieces` without those that hold another of them (a text that holds one holds the other)."""
    return frozenset(piece for piece in pieces if not any(other != piece and other in piece for other in pieces))
