"""Rule language: last characters that make a rule file's regular expression match, found from its syntax.

`[。！？：…:!?][”’）)」』]*\\s*$` (TXT-PUNCT-002's assertion) matches every text that ends with 。, ！ or another of its
first set: that character, then none of the closers, no space, and the end. `endings(pattern)` derives such a set:
a text whose last character is in it holds a match, so a rule that asks `t matches` of it can tell most texts by
`t[-1:]` without running the pattern (dsl/textonce.py).

Per alternative, read as a sequence of items: one item that matches one character of a known set (a literal, a set
of literals, such an item once or more with at least one), every other item able to match nothing (a repetition
with a minimum of 0, a group of such items) and, after it, the ends `$` and `\\Z`, which hold at the end of a text.
Such an alternative matches at the last character of any text that ends with one of that item's characters; the
set of the pattern is the union of its alternatives' (the search engine backtracks through every alternative). An
alternative of any other shape gives nothing, and so does a pattern whose syntax the `regex` package may read
otherwise than Python's parser (literals.parsed_plainly).
"""

from __future__ import annotations

from functools import lru_cache

from budgetcheck.dsl.literals import parsed_plainly, set_characters

try:  # Python 3.11 and later; before, the same module was sre_parse
    from re import _constants as _c
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]

_ENDS = (_c.AT_END, _c.AT_END_STRING)  # `$` and `\Z`: both hold at the very end of a text


@lru_cache(maxsize=512)
def endings(pattern: str) -> frozenset[str]:
    """The characters a text may end with to hold a match of `pattern`; empty when none can be named."""
    parsed = parsed_plainly(pattern)
    if parsed is None:
        return frozenset()
    items = list(parsed.data)
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        alternatives = [list(alternative) for alternative in items[0][1][1]]
    else:
        alternatives = [items]
    found: set[str] = set()
    for alternative in alternatives:
        found |= _sequence(alternative)
    return frozenset(found)


def _sequence(items: list) -> set[str]:
    """The characters of the one item of `items` that must match one character, where every item before it can
    match nothing and every item after it can match nothing at the end; else none."""
    for index, item in enumerate(items):
        chars = _one(item)
        if chars is None:
            continue
        before, after = items[:index], items[index + 1 :]
        if all(map(_nothing, before)) and all(_nothing(later) or (later[0] is _c.AT and later[1] in _ENDS) for later in after):
            return chars
        return set()  # another item that must match a character: more than the last one is needed
    return set()


def _one(item: tuple) -> set[str] | None:
    """The characters of an item that matches exactly one character (or, repeated, at least one of them)."""
    op, value = item
    if op is _c.LITERAL:
        return {chr(value)}
    if op is _c.IN:
        return set_characters(value)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] == 1 and len(value[2]) == 1:
        return _one(value[2][0])  # x+ or x{1,n}: one x will do
    if op is _c.SUBPATTERN and not (value[1] or value[2]) and len(value[3]) == 1:
        return _one(value[3][0])
    return None


def _nothing(item: tuple) -> bool:
    """Whether an item can match the empty string wherever it stands (no anchor, no lookaround)."""
    op, value = item
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return value[0] == 0
    if op is _c.SUBPATTERN and not (value[1] or value[2]):
        return all(map(_nothing, value[3]))
    return False
