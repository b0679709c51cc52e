"""Rule language: where a text rule's joined search (dsl/textonce.py) need try its pattern, found from the pattern's syntax.

`([\\u4e00-\\u9fff]{2,6})[：:]\\s*\\1[：:]|…` (TXT-DUP-001) costs a search engine two to six steps and their
backtracking at every Chinese character of a document, though a match needs a colon two to six characters after its
start. Each alternative of a pattern is read as a sequence of items. Its *anchor* is an item that is a literal, a set
of at most MAX_SET characters or a group of literals, with a bounded width of items before it: a match of that
alternative starts `lo` to `hi` characters before an occurrence of it. An alternative that starts with such an item is
anchored there; else on the longest such item (then the one of fewest strings, then the first). The anchors are found
with `str.find`, overlapping occurrences too, and the pattern is tried (`match`) only at those starts, a run of them
within one string in one call (patterns.tried_across). Every start of a match is among them, so the strings that hold
a match are those the plain search finds (a property test holds both to that). `match` at a position answers as the
search would there because textonce plans only a `safe` search (a match at a position depends on the text from there
on).

A pattern is planned only when each alternative has an anchor and one can start with a character of a wide set
(`[\\u4e00-\\u9fff]{2,6}`, `.`, `\\s`, a negated set): else the search engine's own scan for a first character is as
good. The syntax is read by Python's own parser of regular expressions (`re._parser`); a pattern it cannot read
(`\\p{Han}`, fuzzy matching) is not planned and keeps the plain search.
"""

from __future__ import annotations

from budgetcheck.dsl.literals import parsed as literals_parsed
from budgetcheck.dsl.literals import set_characters
from budgetcheck.records import Record, record

try:  # Python 3.11 and later; before, the same module was sre_parse
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

MAX_SET = 16  # a set of more characters than this is too common to anchor on
MAX_SPREAD = 8  # at most this many starts tried per occurrence of an anchor


@record
class Anchor(Record):
    """Occurrences of any of `pieces` (literal strings: a literal, the characters of a small set, a group of literals) at
    q: a match can start at q-hi … q-lo."""

    pieces: tuple[str, ...]
    lo: int
    hi: int


def plan(search: str) -> tuple[Anchor, ...] | None:
    """The anchors of `search` (one per alternative, alike ones merged), or None when it is not worth planning."""
    parsed = literals_parsed(search)
    if parsed is None:
        return None
    items = list(parsed.data)
    alternatives = [list(alt.data) for alt in items[0][1][1]] if len(items) == 1 and items[0][0] is _c.BRANCH else [items]
    found: dict[tuple[int, int], set[str]] = {}
    for alternative in alternatives:
        anchor = _anchor(alternative, parsed.state)
        if anchor is None:
            return None
        pieces, lo, hi = anchor
        found.setdefault((lo, hi), set()).update(pieces)
    if not any(_wide_start(alternative) for alternative in alternatives):
        return None
    return tuple(Anchor(tuple(sorted(pieces)), lo, hi) for (lo, hi), pieces in sorted(found.items()))


def _anchor(items: list, state: object) -> tuple[set[str], int, int] | None:
    """The anchor of one alternative: (its literal strings, lo, hi), or None. Its first item when that is a piece; else
    the longest piece (then the one of fewest strings, then the first) with a bounded width before it."""
    best: tuple[tuple[int, int], set[str], int, int] | None = None
    lo = hi = 0
    index = 0
    while index < len(items):
        op, value = items[index]
        width = 1
        if op is _c.LITERAL:  # a run of literal characters is one piece
            run = [chr(value)]
            while index + width < len(items) and items[index + width][0] is _c.LITERAL:
                run.append(chr(items[index + width][1]))
                width += 1
            pieces: set[str] | None = {"".join(run)}
        else:
            pieces = _pieces(op, value)
        if pieces and index == 0:  # an alternative that starts with its anchor: the search engine's own scan finds it
            return pieces, 0, 0
        if pieces and hi - lo <= MAX_SPREAD:
            score = (min(len(piece) for piece in pieces), -len(pieces))
            if best is None or score > best[0]:
                best = (score, pieces, lo, hi)
        low, high = _parser.SubPattern(state, items[index : index + width]).getwidth()
        lo, hi = lo + low, hi + high
        if hi > 10_000:  # nothing after an unbounded item can anchor
            break
        index += width
    return None if best is None else best[1:]


def _wide_start(items: list) -> bool:
    """Whether a match can start with a character of a wide set (`.`, `\\s`, `[^，]`, `[\\u4e00-\\u9fff]`), so that the
    search engine must try nearly every position."""
    if not items:
        return False
    op, value = items[0]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        return _wide_start(list(value[2]))  # type: ignore[index]
    if op is _c.SUBPATTERN:
        return _wide_start(list(value[3]))  # type: ignore[index]
    if op is _c.BRANCH:
        return any(_wide_start(list(branch)) for branch in value[1])  # type: ignore[index]
    if op is _c.LITERAL:
        return False
    return op is not _c.IN or _pieces(op, value) is None


def _pieces(op: object, value: object) -> set[str] | None:
    """The strings one item matches, when it is a small set of characters or a group of literal sequences."""
    if op is _c.IN:
        return set_characters(value, MAX_SET) or None  # type: ignore[arg-type]
    if op in (_c.SUBPATTERN, _c.BRANCH):  # a group, or the alternatives of one Python's parser put in place of `(?:…)`
        inner = list(value[3]) if op is _c.SUBPATTERN else [(op, value)]  # type: ignore[index]
        branches = [list(alt) for alt in inner[0][1][1]] if len(inner) == 1 and inner[0][0] is _c.BRANCH else [inner]
        strings = set()
        for branch in branches:
            if not branch or any(kind is not _c.LITERAL for kind, _member in branch):
                return None
            strings.add("".join(chr(member) for _kind, member in branch))
        return strings if len(strings) <= MAX_SET else None
    return None


def spans(anchors: tuple[Anchor, ...], text: str) -> list[list[int]]:
    """Where in `text` a match can start: runs [first, last] of positions, in order, apart and not adjacent. Each piece
    is found with `str.find`, overlapping occurrences too (a scan of the text in C: a regular expression's scan for the
    same pieces cost five times as much); linear in the text, so no time limit is needed."""
    found: list[tuple[int, int]] = []
    for anchor in anchors:
        lo, hi = anchor.lo, anchor.hi
        for piece in anchor.pieces:
            at = text.find(piece)
            while at >= 0:
                if at >= lo:
                    found.append((max(0, at - hi), at - lo))
                at = text.find(piece, at + 1)
    found.sort()
    out: list[list[int]] = []
    for first, last in found:
        if out and first <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], last)
        else:
            out.append([first, last])
    return out
