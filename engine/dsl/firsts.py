"""Rule language: the first character of a match of a pattern anchored at the start of the text.

A filter of strings by `matches` (dsl/textonce.filtered) tries its pattern on each string. TXT-SELF-001's
`^\\s*[一二三…（(\\d]{1,3}[、.．)）]?\\s*单位(?:基本情况|…)` can match a string only at its start, so only a string whose first
character can begin a match needs the search (with its time limit, which reads the process clock twice a call: some
40 strings a generated document). `opening(pattern)` is that test of a string, or None where it cannot be told:

- the pattern must begin with `^` or `\\A` (no MULTILINE: literals.parsed_plainly refuses every flag), and be read the
  same by Python's parser and the `regex` package (parsed_plainly);
- after the anchor, the characters a match can begin with are gathered through literals, sets of literals, ranges,
  `\\s` and `\\d`, groups, alternatives and quantifiers (one that may repeat zero times lets what follows begin the match
  too); anything else there (`.`, `\\w`, a negated set, a lookaround, a backreference) gives None, as does a pattern that
  can match the empty text (every string would need the search).

The test is a superset: `\\s` is taken as any character `str.isspace` accepts, or one of a few format characters, and
`\\d` as any `str.isdigit` accepts, so no string where the pattern matches is ever passed over.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from budgetcheck.dsl.literals import parsed_plainly

try:  # Python 3.11 and later; before, the same module was sre_constants
    from re import _constants as _c
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]

_ANCHORS = (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
_SPACES = "\u180e\u200b\u2060\ufeff"  # format characters some Unicode versions counted as space: taken as spaces too
_KINDS = {_c.CATEGORY_SPACE: "space", _c.CATEGORY_DIGIT: "digit"}


class _Refused(Exception):
    """Something at the head of the pattern that this module does not read."""


class _Heads:
    """The characters a match can begin with: single ones, ranges (low, high) and the kinds `space` and `digit`."""

    __slots__ = ("chars", "kinds", "ranges")

    def __init__(self) -> None:
        self.chars: set[str] = set()
        self.ranges: list[tuple[str, str]] = []
        self.kinds: set[str] = set()


def _gather(items: list, heads: _Heads) -> bool:
    """Adds to `heads` the characters a match of the sequence `items` can begin with; whether it can match nothing."""
    for op, value in items:
        if op is _c.LITERAL:
            heads.chars.add(chr(value))
            return False
        if op is _c.IN:
            for kind, member in value:
                if kind is _c.LITERAL:
                    heads.chars.add(chr(member))
                elif kind is _c.RANGE:
                    heads.ranges.append((chr(member[0]), chr(member[1])))
                elif kind is _c.CATEGORY and member in _KINDS:
                    heads.kinds.add(_KINDS[member])
                else:  # a negated set, \w, \S …
                    raise _Refused
            return False
        if op is _c.MAX_REPEAT or op is _c.MIN_REPEAT:
            low, _high, sub = value
            if not _gather(list(sub), heads) and low > 0:
                return False
            continue  # repeated zero times (or matching nothing): what follows may begin the match
        if op is _c.SUBPATTERN:
            _group, added, removed, sub = value
            if added or removed:
                raise _Refused
            if not _gather(list(sub), heads):
                return False
            continue
        if op is _c.BRANCH:
            empty = False
            for alternative in value[1]:
                empty = _gather(list(alternative), heads) or empty
            if not empty:
                return False
            continue
        raise _Refused  # `.`, a lookaround, an anchor, a backreference …
    return True


@lru_cache(maxsize=512)
def opening(pattern: str) -> Callable[[str], bool] | None:
    """Whether a string may hold a match of `pattern`, by its first character, where the pattern is anchored at the
    start of the text (see the module's note); None where that cannot be told."""
    parsed = parsed_plainly(pattern)
    if parsed is None:
        return None
    items = list(parsed.data)
    if not items or items[0][0] is not _c.AT or items[0][1] not in _ANCHORS:
        return None
    heads = _Heads()
    try:
        if _gather(items[1:], heads):
            return None
    except (_Refused, RecursionError):
        return None
    chars, ranges = frozenset(heads.chars), tuple(heads.ranges)
    spaces, digits = "space" in heads.kinds, "digit" in heads.kinds

    def may_match(text: str) -> bool:
        if not text:
            return False
        first = text[0]
        if first in chars or (spaces and (first.isspace() or first in _SPACES)) or (digits and first.isdigit()):
            return True
        return any(low <= first <= high for low, high in ranges)

    return may_match
