"""Rule language: list numbering that skips a number (“1.…” then “3.…” in one list), over every_text() in order.

Each text's ordinals are read where a list item can begin: at its start, and after a sentence mark or
a colon (“其中：一、…二、…”). Styles rank as headings do: 第一部分 > 一、 > （一） > 1. (1、) > （1）.
Walking back from an ordinal within the same part of the document (the first segment of the
pointer: /unplaced, /narrative, /three_public …), an ordinal of a lower rank (a sub-item) is passed
over; one of a higher rank starts a new list, and the walk stops; one of the same style is the
previous item: a number more than one higher than it skips. A list that starts again at 1, or
repeats a number, is not a skip. Sections (第一部分, 一、) are never reported: an excerpt of a page prints
some of them only; they still end the lists below them. Nor is a number reported as skipped when an item
of that number is written anywhere in the document's texts (read apart from its list: a PDF's layout
puts a stray comma before it, or its sentence is held by another part).
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from budgetcheck.dsl.runtime import Ref
from budgetcheck.dsl.text import every_text

_CN = "一二三四五六七八九十"
_ITEM = (
    rf"\s*(?:第(?P<part>[{_CN}]{{1,3}})部分"
    rf"|(?P<cn>[{_CN}]{{1,3}})、"
    rf"|[（(](?P<cnp>[{_CN}]{{1,3}})[)）]"
    r"|(?P<ar>\d{1,2})(?:[、．]|\.(?!\d))"
    r"|[（(](?P<arp>\d{1,2})[)）])"
)
# An item begins at a text's start or after a sentence mark or colon: ORDINAL, the definition, which _ordinals answers
# as a search of it would (tests/dsl/test_text_once.py compiles it and compares). The second pattern takes the mark
# in: the search engine then skips to the marks, where `(?<=[。；;：:])` had it try every position (TXT-NUM-001's
# dearest part).
ORDINAL = rf"(?:^|(?<=[。；;：:])){_ITEM}"
_AT_START = re.compile(_ITEM)
_AFTER_MARK = re.compile(rf"[。；;：:]{_ITEM}")
# Only list items are judged: sections (第一部分, 一、) skip in excerpts of a page, which print some sections only.
_LISTS = ("cnp", "ar", "arp")
_RANK = {"part": 0, "cn": 1, "cnp": 2, "ar": 3, "arp": 4}
_CN_OF = {index + 1: numeral for index, numeral in enumerate(_CN)} | {10 + index + 1: "十" + numeral for index, numeral in enumerate(_CN[:9])}
_SHOWN = {"part": "第{}部分", "cn": "{}、", "cnp": "（{}）", "ar": "{}.", "arp": "（{}）"}


class _Item(NamedTuple):
    """One list item: its style (a group name of _ITEM), its number and its numeral as written. A tuple, not a
    dataclass: a document has about 70 of them and a frozen dataclass costs several times as much to make."""

    style: str
    number: int
    digits: str

    @property
    def shown(self) -> str:
        return _SHOWN[self.style].format(self.digits)


def skipped_numbers(document: object = None, shape: object = None) -> list[Ref]:
    """Per ordinal that skips a number: “1. 之后是 3.”, at the text it begins."""
    out: list[Ref] = []
    open_lists: dict[str, list[_Item]] = {}
    texts = [ref for ref in every_text(document, shape) if isinstance(ref.value, str)]
    found = _items_at([ref.value for ref in texts])  # the texts that hold items (most hold none)
    if _consecutive(found):
        return out
    order = _in_order(texts, document)
    ordered = order is not None
    if ordered:  # the texts in the order they are written, each with its items
        texts = [texts[at] for at in order]  # type: ignore[union-attr]
        place = {old: new for new, old in enumerate(order)}  # type: ignore[arg-type]
        found = sorted(((place[at], items) for at, items in found), key=_FIRST)
    everything = None
    rank = _RANK
    for at, items in found:
        ref = texts[at]
        part = _part(ref.pointer, ordered)
        open_ = open_lists.get(part)
        if open_ is None:
            open_ = open_lists[part] = []
        for item in items:
            # _previous(earlier, item), kept as the items still open (see _open): the last of a rank no later item of
            # its rank or a higher one closed, of rising rank; those below the item's rank end here
            own = rank[item.style]
            while open_ and rank[open_[-1].style] > own:
                open_.pop()
            if open_ and open_[-1].style == item.style:
                previous = open_.pop()
                if item.number > previous.number + 1 and item.style in _LISTS:
                    everything = "\n".join(ref.value for ref in texts) if everything is None else everything
                    if not _written(everything, item.style, previous.number, item.number):
                        out.append(Ref(f"{previous.shown} 之后是 {item.shown}", ref.pointer))
            open_.append(item)
    return out


def _consecutive(found: list[tuple[int, list[_Item]]]) -> bool:
    """Whether each list item numbered 2 or more follows, in its own text, an item of its style numbered one less: that
    item is then the one before it in its list (nothing came between them), so no number is skipped, whatever the order
    of the texts (_in_order) and their parts. Most documents' lists are so: their items are not walked as lists."""
    lists = _LISTS
    for _at, items in found:
        before = None
        for item in items:
            if item.number > 1 and item.style in lists and (before is None or before.style != item.style or before.number != item.number - 1):
                return False
            before = item
    return True


_RUNNING = {"narrative": "text", "unplaced": "text"}  # the running text: claims' sentences and what no field holds


def _part(pointer: str, ordered: bool) -> str:
    part = pointer.split("/")[1] if pointer.count("/") else ""
    return _RUNNING.get(part, part) if ordered else part


def _in_order(texts: list[Ref], document: object) -> list[int] | None:
    """The indices of the texts in the order they are written, where the source says where each is (a line and column of a text):
    every_text() lists the claims' sentences after the prose fields, so a list whose item 1. holds figures (a claim)
    and whose item 3. holds none (unplaced) would read as two lists. Elsewhere (a PDF's pages, a YAML or JSON
    submission, which the pipeline gives no `locate`; a document built in code) the order every_text() gives is kept, and the claims' sentences and the unplaced text stay apart."""
    locate = getattr(document, "locate", None)
    if locate is None:
        return None
    places = [locate(ref.pointer) for ref in texts]
    if not all(isinstance(place, tuple) for place in places):
        return None
    return sorted(range(len(texts)), key=places.__getitem__)  # a stable sort, as that of the (place, text) pairs by place


_FIRST = itemgetter(0)


def _written(text: str, style: str, after: int, before: int) -> bool:
    """Whether an item numbered between `after` and `before` is written anywhere in the document's texts
    (where it begins no item by the reading above: after a layout's stray comma, or as a sentence of
    another part): then the numbering does not skip, it was only read apart."""
    for number in range(after + 1, before):
        shown = str(number) if style in ("ar", "arp") else _CN_OF.get(number, "")
        pattern = rf"(?<![\d.]){shown}(?:[、．]|\.(?!\d))" if style == "ar" else rf"[（(]{shown}[)）]"
        pattern = rf"(?:^|(?<=[\s。；;：:，,]))\s*{pattern}"  # where an item begins, not inside a sentence
        if style == "ar":  # …和监督管理。 10 负责…: the item, its mark lost (a PDF's text layer), after a full stop and before its text
            pattern += rf"|(?:^|(?<=[。；;：:]))\s*{shown}\s+(?=[\u4e00-\u9fff])"
            # 18“社会保障和就业支出(类)…”: its dot left out, right before the quotation (or title) mark opening its name
            pattern += rf"|(?:^|(?<=[。；;：:]))\s*(?<![\d.]){shown}(?=[“「『《\"＂])"
        if shown and re.search(pattern, text, re.MULTILINE):
            return True
    return False


def _previous(earlier: list[_Item], item: _Item) -> _Item | None:
    """The item before `item` in its list: walking back over `earlier`, sub-items (a lower rank) are passed over; the
    first of its rank or higher is it when of its style, else (a higher rank) the list begins at `item`.
    skipped_numbers answers the same from the items still open (the reference of it, tests/dsl/test_text_once.py)."""
    for before in reversed(earlier):
        if _RANK[before.style] > _RANK[item.style]:
            continue
        return before if before.style == item.style else None
    return None


def _open(earlier: list[_Item]) -> list[_Item]:
    """The items of `earlier` that _previous can still give, in order: each that no later item of its rank or a higher one
    follows. Their ranks rise, and the last of them of a rank at most an item's is the last of all of `earlier`: an
    item passed over was followed by one of its rank or higher, which comes later (what skipped_numbers keeps)."""
    kept: list[_Item] = []
    for item in earlier:
        while kept and _RANK[kept[-1].style] >= _RANK[item.style]:
            kept.pop()
        kept.append(item)
    return kept


def _ordinals(text: str) -> list[re.Match[str]]:
    """The matches `re.finditer(ORDINAL, text)` gives, with the same groups (each from one character earlier, its mark):
    no item holds a mark, so none begins inside another."""
    first = _AT_START.match(text)
    return [first, *_AFTER_MARK.finditer(text, first.end())] if first is not None else list(_AFTER_MARK.finditer(text))


def _items(text: str) -> list[_Item]:
    """The list items of one text, in order (the reference of _items_of)."""
    return [item for item in map(_item, _ordinals(text)) if item is not None]


_JOIN = "\x00"  # no item holds it, nor does \s match it: an item found after it begins the next text
# After the mark, the lookahead is what any item's first character is (\s of `\s*`, 第, a numeral, a bracket, a digit):
# the engine gives up on the commonest marks (。 before text) in one test instead of one per kind of item. One pattern
# per mark, not one for the class of them: a pattern that begins with one literal character skips to it at once, where
# a class is tried at every position (TXT-NUM-001 48 -> 40 us a document). No item holds a mark, so no match holds
# one but its first: the matches of the marks apart, put in order, are those of the class.
_IN_JOINED = tuple((mark, re.compile(rf"{re.escape(mark)}(?=[\s第{_CN}（(]|\d){_ITEM}")) for mark in f"{_JOIN}。；;：:")


def _items_of(texts: list[str]) -> list[list[_Item]]:
    """_items of each text (from _items_at)."""
    out: list[list[_Item]] = [[] for _text in texts]
    for at, items in _items_at(texts):
        out[at] = items
    return out


def _items_at(texts: list[str]) -> list[tuple[int, list[_Item]]]:
    """(the index, _items) of each text that holds items, in order, read in one scan of the texts joined (one call of the
    search engine per document, not two per text: most texts hold no item). When a text holds the separator itself,
    each is read alone."""
    joined = _JOIN + _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts):
        return [(at, items) for at, text in enumerate(texts) if (items := _items(text))]
    out: list[tuple[int, list[_Item]]] = []
    items: list[_Item] | None = None  # those of the text being read, once it holds one
    at, end = -1, 0  # the text being read, and where the next one starts in `joined`
    matches = [found for mark, pattern in _IN_JOINED if mark in joined for found in pattern.finditer(joined)]
    matches.sort(key=_START)
    for found in matches:
        start = found.start()
        if start >= end:  # a match starts at the separator before its text or within it
            while start >= end:
                at += 1
                end += len(texts[at]) + 1
            items = None
        style = found.lastgroup  # _item, written out: it runs for every match
        item = _made(style, found.group(style)) if style is not None else None
        if item is not None:
            if items is None:
                items = []
                out.append((at, items))
            items.append(item)
    return out


_START = re.Match.start


def _item(found: re.Match[str]) -> _Item | None:
    style = found.lastgroup
    if style is None:
        return None
    return _made(style, found.group(style))


@lru_cache(maxsize=1024)
def _made(style: str, digits: str) -> _Item | None:
    """The item of a style and numeral as written (a document writes the same few again and again: made once)."""
    number = int(digits) if digits.isdigit() else _chinese(digits)
    return _Item(style, number, digits) if number else None


_VALUES = {numeral: index + 1 for index, numeral in enumerate(_CN)}


def _chinese(numeral: str) -> int:
    values = _VALUES
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + values.get(numeral[1:], 0)
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return values.get(tens, 0) * 10 + values.get(units, 0)
    return values.get(numeral, 0) if len(numeral) == 1 else 0
