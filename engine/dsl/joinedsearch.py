"""Rule language: the joined search of a document's strings (dsl/textonce.py's routes run it).

A pattern is run once over all the strings of a `for` source, each followed by SEPARATOR, restarted at the start of the
next string after each match (_searched), to find the strings where it can match; or by its leads (dsl/leads.py),
each a search that begins with a literal (_led_searches); or, where it needs one of a few strings that few strings
hold, by `str.find` and a search of those strings alone (_found); or only where its anchors allow (_anchored). The
strings of a `for` source and their joined text are worked out once per evaluation (_members, _joined): the text
rules of a document share prose() and every_text(). textonce.py says when such a search finds every string where
the pattern matches alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import lru_cache

import regex as engine

from budgetcheck.dsl import anchors, leads, patterns
from budgetcheck.dsl.runtime import Ref, members
from budgetcheck.dsl.searchable import SEPARATOR



def joined(texts: list[str]) -> tuple[str, list[int]]:
    """The texts each followed by SEPARATOR, the last too (where a string ends: searchable.END), and where each starts."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(SEPARATOR)
    return SEPARATOR.join(texts) + SEPARATOR if texts else "", starts


def _joined(document: object, texts: list[str]) -> tuple[str, list[int]]:
    """joined(texts), worked out once per evaluation for the same texts (the text rules of a document share prose() and
    every_text()). The list _members keeps for them is known by identity first (no tuple of its ~120 strings to make
    and hash a rule); it is kept with its result, so its id is not reused."""
    known: dict = document.once(_joined, dict)  # type: ignore[attr-defined]  # (kept by the document itself would be a cycle)
    same = known.get(id(texts))
    if same is not None and same[0] is texts:
        return same[1]
    key = tuple(texts)
    found = known.get(key)
    if found is None:
        found = known[key] = joined(texts)
    known[id(texts)] = (texts, found)
    return found


def _searched(compiled: object, joined: str, starts: list[int], budget: float | None, first: object = None) -> list[int]:
    """The index of each string where a match starts: the leftmost match from a string's start, then on from the next
    string's. `first`: the first match, when the caller has searched for it already."""
    out: list[int] = []
    position = 0
    while position <= len(joined):
        if first is not None:
            match, first = first, None
        else:
            match = compiled.search(joined, position) if budget is None else compiled.search(joined, position, timeout=budget)  # type: ignore[attr-defined]  # re (leads.compiled) takes no timeout
        if match is None:
            break
        at = bisect.bisect_right(starts, match.start()) - 1
        out.append(at)
        if at + 1 >= len(starts):
            break
        position = starts[at + 1]
    return out


def _found(
    compiled: object,
    pieces: tuple[str, ...] | None,
    texts: list[str],
    joined: str,
    starts: list[int],
    budget: float | None,
    wide: bool = False,
    split: list | None = None,
    document: object = None,
) -> list[int]:
    """_searched, or the joined searches of `split` (the search's leads: leads.compiled) one after the other, each within
    the time the evaluation's `document` leaves; or, when the rule's pattern needs one of `pieces` (literals.needed)
    and the strings that hold one are few enough that finding and searching them one by one costs less than half the
    joined search, the strings of those where the search matches alone (a string without a piece holds no match of
    the rule's pattern, and patterns.absent answers so without running it on the reference route too)."""

    def whole() -> list[int]:
        if split is None:
            return _searched(compiled, joined, starts, budget)
        return _led_searches(split, joined, starts, document)

    if pieces is None:
        return whole()
    limit = len(joined) if wide else len(joined) // 2  # in characters of the joined search (dearer where it tries every position)
    if split is not None:  # each lead walks the text about as str.find does
        limit = min(limit, len(split) * len(joined) // SCAN)
    longer, single = _sizes(pieces)
    work = longer * (len(joined) // SCAN) + single * (len(joined) // (3 * SCAN))
    if 2 * work > limit:  # the scans alone leave too little for the strings they find
        return whole()
    held: set[int] = set()
    for piece in pieces:
        find = joined.find
        if len(piece) > 1:  # str.find walks CJK text for two characters or more about three times as slowly as the
            if not all(char in joined for char in piece):  # search engine; `in` of one character, several times as fast
                continue
            find = _finder(piece, joined)
        at = find(piece)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            held.add(index)
            work += len(texts[index]) + CALL
            if work > limit:  # too many strings hold one: the joined search is cheaper
                return whole()
            at = find(piece, starts[index + 1]) if index + 1 < len(starts) else -1
    after = len(SEPARATOR)  # each string is searched with the separator after it, as in the joined text (searchable.END)
    return [index for index in sorted(held) if compiled.search(joined, starts[index], starts[index] + len(texts[index]) + after, timeout=budget) is not None]  # type: ignore[attr-defined]


def _led_searches(split: list, joined: str, starts: list[int], document: object) -> list[int]:
    """The strings the leads of `split` find together (leads.compiled), in order. A lead whose first character the
    joined text lacks is not searched (`in` finds a character several times as fast as the search engine's walk: a
    generated document lacks the first character of some 25 of its text rules' 86 leads); an untimed lead's first
    search, which finds nothing in most documents, is asked here: _searched is called only for one that finds
    something; the time left (leads.timed) is read only when a lead has a time limit."""
    found: set[int] | None = None
    seconds: float | None = None
    for lead, untimed, head in split:
        if head and head not in joined:
            continue
        first = None
        if untimed:
            first = lead.search(joined)
            if first is None:
                continue
            spent = None
        else:
            if seconds is None:
                seconds = leads.timed([(lead, False, head)], document)[0][1]
            spent = seconds
        at_least = _searched(lead, joined, starts, spent, first)
        if at_least:
            found = set(at_least) if found is None else found.union(at_least)
    return [] if found is None else sorted(found)


def _finder(piece: str, joined: str) -> Callable[[str, int], int]:
    """`joined.find` for `piece` (of two characters or more), by the search engine's walk to a literal."""
    search = _literal(piece).search

    def find(_piece: str, start: int = 0) -> int:
        found = search(joined, start)
        return -1 if found is None else found.start()

    return find


@lru_cache(maxsize=512)
def _literal(piece: str) -> engine.Pattern:
    return engine.compile(engine.escape(piece))


@lru_cache(maxsize=512)
def _sizes(pieces: tuple[str, ...]) -> tuple[int, int]:
    """How many of `pieces` are longer than one character, and how many are one (their str.find walks differ)."""
    longer = sum(len(piece) > 1 for piece in pieces)
    return longer, len(pieces) - longer


CALL = 60  # a search of one string (the call, finding it) costs about as much as the search engine's walk of this many characters
SCAN = 10  # str.find walks a text about this many times as fast as the search engine (a single character: three times more)


def _led(search: str | None) -> bool:
    """Whether `search` begins with one literal character (`占…`, `《…`): the search engine then skips to it by itself."""
    return bool(search) and search[0] not in "([\\.^$|?*+{"  # type: ignore[index]


def _anchored(compiled: object, plan: tuple[anchors.Anchor, ...], joined: str, starts: list[int], budget: float | None) -> list[int]:
    """The same as _searched, the pattern tried only at the starts its anchors allow (dsl/anchors.py): the starts of a
    run within one string in one call (patterns.tried_across: a call's fixed cost, its time limit's most of all, is
    several times that of trying one more position)."""
    out: list[int] = []
    following = 0  # where the string after the last one kept starts: nothing before it need be tried
    search = compiled.pattern  # type: ignore[attr-defined]
    for first, last in anchors.spans(plan, joined):
        first = max(first, following)
        while first <= last:
            at = bisect.bisect_right(starts, first) - 1
            after = starts[at + 1] if at + 1 < len(starts) else len(joined) + 1
            end = min(last, after - 1, first + MAX_ACROSS)
            tried = compiled if end == first else patterns.tried_across(search, end - first)
            if tried.match(joined, first, timeout=budget) is not None:  # type: ignore[attr-defined]
                out.append(at)
                following = first = after
            else:
                first = end + 1
    return out


MAX_ACROSS = 31  # at most this many positions after the first tried in one call (one compiled pattern per count)


def _strings(found: object) -> tuple[list, list[str]]:
    """The members of a `for` source and their texts; no texts when there are none or one is not a string (the
    reference route then runs every member)."""
    every = members(found)
    texts = [member.value for member in every]
    return every, texts if texts and set(map(type, texts)) == {str} else []


def _members(document: object, found: object) -> tuple[list, list[str]]:
    """_strings of a `for` source, worked out once per evaluation for a fresh list of the same Refs in the same order as
    one seen before: prose() and every_text() give each text rule a copy of the list the document keeps (~120 strings).
    Only lists of Refs are kept, so that `==` (which compares a Ref by identity) tells the same list in C."""
    if type(found) is not list:
        return _strings(found)
    seen: list = document.once(_members, list)  # type: ignore[attr-defined]
    for kept, every, texts in seen:
        if kept == found:
            return every, texts
    every, texts = _strings(found)
    if all(type(member) is Ref for member in found):
        seen[:] = [*seen[-3:], (found, every, texts)]  # the two lists of the pack's text rules, and a few others at most
    return every, texts
