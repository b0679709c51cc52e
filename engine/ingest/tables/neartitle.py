"""Ingest stage, tables: a title one character away from a standard table's.

A Word or PDF title may lose a character or carry a typo (2025年部门收入预总表, 部门收入预算总 with 表 cut off). The
reader does not recognise such a table and never guesses its kind: it stays unread. But it may be the standard table
the disclosure must publish, so that table is not reported missing either (TAB-REQ would say “未公开”, a false error):
it is recognised, not read, with the title that came near it. “Near” is one edit (a character lost, added or changed)
from one kind's title pattern and from no other kind's, over a core of five characters or more, after an allowed
prefix, as the exact match wants (`regex`'s fuzzy matching of the vocabulary's own patterns).
"""

from __future__ import annotations

import regex

from budgetcheck.ingest.tables.vocabulary import Vocabulary, norm

_MIN_CORE = 5  # a shorter core is one edit away from too much (收入总表, 支出总表)
_FUZZY: dict[int, tuple] = {}  # id(vocabulary) -> its (kind, fuzzy pattern) pairs, made once


def near_kind(vocabulary: Vocabulary, text: str) -> str | None:
    """The one kind whose title `text` is one edit away from, when the exact match finds none; else None."""
    if vocabulary.match_title(text) is not None:
        return None
    title = vocabulary.title_numbering.sub("", vocabulary.unit_line.sub("", norm(text)).rstrip("()"))
    if len(title) > 40:
        return None  # a sentence, not a title
    kinds = set()
    for kind, fuzzy in _patterns(vocabulary):
        hit = fuzzy.search(title)
        if hit is not None and hit.end() - hit.start() >= _MIN_CORE and vocabulary.title_prefix.match(title[: hit.start()]):
            kinds.add(kind)
    return kinds.pop() if len(kinds) == 1 else None


def _patterns(vocabulary: Vocabulary) -> tuple:
    made = _FUZZY.get(id(vocabulary))
    if made is None or made[0] is not vocabulary:
        pairs = tuple((kind, regex.compile("(?:" + pattern.pattern[:-1] + "){e<=1}$", regex.BESTMATCH)) for kind, _variant, pattern in vocabulary.titles)
        made = _FUZZY[id(vocabulary)] = (vocabulary, pairs)
    return made[1]
