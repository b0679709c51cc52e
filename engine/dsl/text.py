"""Rule language: text functions; regular expressions written in rule files (run by patterns.py), bracket balance,
shares stated beside their amounts, how a document names its publisher, and the narrative strings
of a document with their JSON pointers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

from budgetcheck.dsl.patterns import (
    MAX_PATTERN,
    PatternError,
    check_pattern,
    excerpt,
    excerpts,
    find_all,
)
from budgetcheck.dsl.runtime import DocumentContext, Missing, Ref, escape
from budgetcheck.schema.navigation import SchemaNode

__all__ = [
    "MAX_PATTERN", "PatternError", "check_pattern", "excerpt", "excerpts", "find_all", "prose", "prose_shape", "publisher_kind",
    "share_mismatches", "unbalanced",
]  # fmt: skip

PAIRS = {"（": "）", "(": ")", "“": "”", "‘": "’", "《": "》", "【": "】", "[": "]", "〔": "〕", "「": "」"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
_MARKS = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + "]")
UNBALANCED_QUIET = _MARKS.pattern  # a text without a bracket or quotation mark is balanced


_ENUMERATION = re.compile(r"(?:^|[\s。；;：:，,、%％]|(?<=[0-9]万元)|(?<=[0-9]元))(?:[0-9一二三四五六七八九十]{1,2}|[a-zA-Z])$")


def unbalanced(text: str) -> str:
    """The first bracket or quotation mark without its partner, shown in its context; "" when all pair up.

    Full-width and half-width round brackets do not close each other: “（款)” is unbalanced. A lone
    closing bracket after an ordinal (“1）”, “二)”, “a)”) numbers a list and is not counted.
    """
    return "" if _paired(text) else _first_unpaired(text)


def _paired(text: str) -> bool:
    """Whether each closing mark of `text` closes the last one open and none is left open: then _first_unpaired finds
    nothing (an ordinal's lone bracket is a closing mark with none open). Most texts with marks are so, and the marks
    alone tell it, without their places (TXT-PAIR-001 25 -> 18 us a generated document)."""
    stack: list[str] = []
    for char in _MARKS.findall(text):
        if char in PAIRS:
            stack.append(PAIRS[char])
        elif stack and stack[-1] == char:
            stack.pop()
        else:
            return False
    return not stack


def _first_unpaired(text: str) -> str:
    """unbalanced(), walked mark by mark with their places (the reference of _paired's shortcut)."""
    stack: list[tuple[str, int]] = []
    for mark in _MARKS.finditer(text):
        char, position = mark.group(), mark.start()
        if char in PAIRS:
            stack.append((char, position))
        elif stack and stack[-1][0] == CLOSERS[char]:
            stack.pop()
        elif not stack and _ENUMERATION.search(text, 0, position):
            continue
        else:
            return excerpt(text, position, position + 1)
    if stack:
        _char, position = stack[0]
        return excerpt(text, position, position + 1)
    return ""


# -- shares ("占…45.2%") stated beside amounts ------------------------------------------------------

_AMOUNT = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万元|元)")
_SHARE = re.compile(r"(?<!约)占[^，。；;%％0-9]{0,20}?([0-9]+(?:\.[0-9]+)?)\s*[%％]")  # 约占60%: said roughly, not checked
_CLAUSE_BREAK = re.compile(r"[。；;]")
_ROUGH_BEFORE = re.compile(r"(?:(?<![节制简缩契])约(?:为|计|合|莫)?|大概|大致|近|超过|不到|不足|逾)\s*$")  # 节约, 制约: words of their own
_ROUGH_AFTER = re.compile(r"\s*(?:左右|上下|以上|以下|以内|有余|多)")
# A text that states no share has none that mismatches: every match of _SHARE holds one of this, which the `regex`
# package that runs the joined search (dsl/textonce.py) reads as `re` does (no \s: `re` counts \x1c-\x1f as spaces).
SHARE_QUIET = r"占[^，。；;%％0-9]{0,20}?[0-9]"
_TO_YUAN = {"万元": Decimal(10000), "元": Decimal(1)}


@dataclass(frozen=True)
class _Figure:
    """An amount as printed, in 元, with the slack of its last printed digit (half a unit, in 元)."""

    at: int
    value: Decimal
    slack: Decimal
    end: int = -1  # after its unit


def _half_unit(value: Decimal) -> Decimal:
    return Decimal(1).scaleb(value.as_tuple().exponent) / 2


def _figures(text: str) -> list[_Figure]:
    found = []
    for match in _AMOUNT.finditer(text):
        try:
            printed = Decimal(match.group(1).replace(",", ""))
        except InvalidOperation:
            continue
        scale = _TO_YUAN[match.group(2)]
        found.append(_Figure(match.start(), printed * scale, _half_unit(printed) * scale, match.end()))
    return found


def _fits(part: _Figure, whole: _Figure, stated: Decimal) -> bool:
    """True when part/whole can show as `stated` percent, each figure off by up to half its last printed unit."""
    top, bottom = whole.value + whole.slack, whole.value - whole.slack
    if bottom <= 0 or part.value - part.slack > top:
        return False
    low = (part.value - part.slack) / top * 100
    high = (part.value + part.slack) / bottom * 100
    slack = _half_unit(stated)
    return low <= stated + slack and stated - slack <= high


def _rough(text: str, figure: _Figure) -> bool:
    return _ROUGH_BEFORE.search(text, max(0, figure.at - 4), figure.at) is not None or _ROUGH_AFTER.match(text, figure.end) is not None


def share_mismatches(text: str) -> list[str]:
    """Each share “A万元，占…P%” whose P follows from no other amount of the same text, nor from the sum of the shares' parts.

    A share is checked only when the text states some other amount to take it from.
    """
    figures = _figures(text)
    shares: list[tuple[re.Match[str], _Figure]] = []
    for match in _SHARE.finditer(text):
        if text.endswith("分别", 0, match.start()):
            continue  # 分别为400万元、100万元，分别占80%、20%: the shares go with the figures in order, not the one before
        if _ROUGH_BEFORE.search(text, 0, match.start(1)) or _ROUGH_AFTER.match(text, match.end()):
            continue  # 占约60%, 占60%左右, 超过60%: a share said roughly or as a bound is no figure to check
        clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, match.start())), default=0)
        before = [figure for figure in figures if clause_start <= figure.at < match.start()]
        if before and not _rough(text, before[-1]):  # 约201万元，占20%: a figure said roughly or as a bound has as rough a share
            shares.append((match, before[-1]))
    parts = [part for _match, part in shares]
    parts_total = _Figure(-1, sum((p.value for p in parts), Decimal(0)), sum((p.slack for p in parts), Decimal(0)))
    out = []
    for match, part in shares:
        stated = Decimal(match.group(1))
        wholes = [figure for figure in figures if figure.at != part.at] + ([parts_total] if len(shares) > 1 else [])
        if wholes and not any(_fits(part, whole, stated) for whole in wholes):
            out.append(excerpt(text, part.at, match.end()))
    return out


# -- the publisher: 部门 or 单位 --------------------------------------------------------------------

_KIND_IN_TITLE = re.compile(r"(部门|单位)(?:预算|决算)")


def publisher_kind(title: str) -> str:
    """部门 or 单位, as the title calls the document (“…部门预算…”, “…单位决算…”); absent when it says neither."""
    kinds = {match.group(1) for match in _KIND_IN_TITLE.finditer(title)}
    if len(kinds) != 1:
        raise Missing("/metadata/title")
    return kinds.pop()


# -- narrative strings with their pointers ------------------------------------------------------------

Shape = Mapping[str, "Shape | bool"]
ANY_KEY = "*"
_TEXT_REF = "common.schema.json#/$defs/text"


# Parts of a document that are not the publisher's own text: the transcriber's notes on the source,
# and the claims read from the narrative (each repeats a sentence held elsewhere, many per sentence).
# Until their schemas say `"x-prose": false`, they are left out here.
NOT_PUBLISHED = (("metadata", "source"), ("narrative",))


def prose_shape(root: SchemaNode) -> ProseShape:
    """Where a document of this schema holds narrative text: fields whose schema is common.schema.json's
    `text` definition, or that say `"x-prose": true`; `"x-prose": false` leaves a field (and all below it) out.

    One shape object per schema root, whichever rule asks (the root keeps it): prose() shares its walk
    of a document between the calls that pass the same shape."""
    return root.derived(_prose_shape)


def _prose_shape(root: SchemaNode) -> ProseShape:
    text_def = root.lookup(_TEXT_REF)  # None for a schema family without common.schema.json: only `x-prose` marks prose
    shape = _shape(root, text_def, 0)
    if not isinstance(shape, Mapping):
        return ProseShape(MappingProxyType({}))
    for path in NOT_PUBLISHED:
        shape = _without(shape, path)
    return ProseShape(shape)


def _without(shape: Shape, path: tuple[str, ...]) -> Shape:
    head, rest = path[0], path[1:]
    inner = shape.get(head)
    if inner is None:
        return shape
    kept = {key: value for key, value in shape.items() if key != head}
    if rest and isinstance(inner, Mapping):
        kept[head] = _without(inner, rest)
    return MappingProxyType(kept)


def _shape(node: SchemaNode, text_def: dict | None, depth: int) -> Shape | bool | None:
    flag = node.contents.get("x-prose")
    if flag is False or depth > 16:
        return None
    if flag is True or (text_def is not None and node.contents is text_def):
        return True
    out: dict[str, Shape | bool] = {}
    for name, sub in node.properties().items():
        found = _shape(sub, text_def, depth + 1)
        if found is not None:
            out[name] = found
    items = node.items()
    if items is not None:
        found = _shape(items, text_def, depth + 1)
        if found is not None:
            out[ANY_KEY] = found
    return MappingProxyType(out) if out else None


def prose(document: object = None, shape: ProseShape | None = None) -> list[Ref]:
    """Every narrative string of the document (non-blank), as a Ref carrying its JSON pointer, in document order.

    The text rules of one evaluation share one walk: the document's context keeps it by shape."""
    if not isinstance(document, DocumentContext) or shape is None:  # called without the document (see rules/README.md)
        raise Missing("")
    return list(document.once(shape, lambda: _strings(document.root, shape)))


def every_text(document: object = None, shape: ProseShape | None = None) -> list[Ref]:
    """prose(), and each sentence a claim was read from (once, at its first claim that is no part of another, or at the
    first part read from a sentence no such claim holds):
    the text a reader sees, for rules that look for words (template residue, placeholders, empty reasons, the
    publisher's name for itself). A sentence a prose field holds whole is left to that field, and a part a field
    holds is cut out of it (shown as …), so nothing is reported twice. Punctuation rules keep to prose() and check the claims' sentences through
    TXT-PUNCT-003 and TXT-PAIR-002.

    The rules of one evaluation share one list (the document's context keeps it by shape), as they share prose()."""
    if not isinstance(document, DocumentContext) or shape is None:  # called without the document (see rules/README.md)
        raise Missing("")
    return list(document.kept(every_text, shape, lambda: _every_text(document, shape)))


def _every_text(document: DocumentContext, shape: ProseShape) -> list[Ref]:
    out = list(prose(document, shape))
    root = document.root
    narrative = root.get("narrative") if isinstance(root, dict) else None
    claims = narrative.get("claims") if isinstance(narrative, dict) else None
    seen: set[str] = set()
    fields = [ref.value for ref in out if isinstance(ref.value, str)]
    listed = list(enumerate(claims)) if isinstance(claims, list) else []
    joined = _joined_prose(document, shape) if listed else ""
    top = [(index, claim) for index, claim in listed if isinstance(claim, dict) and "part_of" not in claim]
    # then the sentences only parts were read from (…35万元。|其中:…占 %,比上年减少 万元;…): one that overlaps a
    # sentence already listed is that sentence read again with its parts, not another
    parts = [(index, claim) for index, claim in listed if isinstance(claim, dict) and "part_of" in claim]
    for index, claim in [*top, *parts]:
        sentence = claim.get("text")
        if not isinstance(sentence, str) or not sentence.strip() or sentence in seen:
            continue
        if "part_of" in claim and any(_same_sentence(sentence, other) for other in seen):
            continue
        seen.add(sentence)
        # a field holding it whole reports it: a sentence without the separator is in the fields joined only within one
        if sentence in joined if "\x00" not in sentence else any(sentence in field for field in fields):
            continue
        for field in fields:  # a field holding part of it reports that part: the rest is read here
            if len(field) > 1 and field in sentence:
                sentence = sentence.replace(field, "…")
        if sentence.strip("… "):
            out.append(Ref(sentence, f"/narrative/claims/{index}/text"))
    return out


def _same_sentence(one: str, other: str) -> bool:
    """Whether two claims' texts are one sentence read twice: one holds the other, or they begin alike (a part's text
    runs on into the sentence after it: …公务接待费0.05万元。公务接待费减少0.01万元，主要是…)."""
    head = min(len(one), len(other), 12)
    return one in other or other in one or one[:head] == other[:head]


def in_prose(document: object = None, shape: ProseShape | None = None, value: str = "") -> bool:
    """Whether a prose field of the document holds `value` whole: a claim's sentence that a field holds is that
    field's to report (TXT-PAIR-001 on the field, not TXT-PAIR-002 on the claim too), as every_text() leaves it."""
    if not isinstance(document, DocumentContext) or shape is None:
        raise Missing("")
    return bool(value) and "\x00" not in value and value in _joined_prose(document, shape)


def _joined_prose(document: DocumentContext, shape: ProseShape) -> str:
    """The prose fields' strings joined with \x00, once per evaluation: a string without \x00 is in it only where one
    field holds it whole."""
    return document.kept(in_prose, shape, lambda: "\x00".join(ref.value for ref in prose(document, shape) if isinstance(ref.value, str)))


def _strings(root: object, shape: ProseShape | Shape) -> list[Ref]:
    out: list[Ref] = []
    _collect(root, "", shape if isinstance(shape, ProseShape) else ProseShape(shape), out)  # a shape written out (a test's) is read first
    return out


class ProseShape:
    """A prose shape as the walk reads it, one per node: per property its escaped pointer token and its own
    (True: a text field), and that of any other key or item (the shape's ANY_KEY). Made once per schema root
    (prose_shape), so the walk reads a dict and makes no token."""

    __slots__ = ("anything", "fields")

    def __init__(self, shape: Shape) -> None:
        self.anything = _read(shape.get(ANY_KEY))
        self.fields = {key: (escape(key), _read(sub)) for key, sub in shape.items() if key != ANY_KEY}


def _read(shape: Shape | bool | None) -> ProseShape | bool | None:
    return shape if shape is None or shape is True else ProseShape(shape)  # type: ignore[arg-type]


_new = object.__new__


def _collect(value: object, pointer: str, shape: ProseShape, out: list[Ref]) -> None:
    if isinstance(value, dict):
        fields, anything = shape.fields, shape.anything
        for key, item in value.items():
            found = fields.get(key)
            if found is not None:
                token, sub = found
            elif anything is not None:
                token, sub = (escape(key) if "~" in key or "/" in key else key), anything
            else:
                continue
            if sub is True:  # a text field, the most common case: read here rather than in a call of its own
                if isinstance(item, str) and item.strip():  # a number or a list where text belongs holds no prose
                    ref = _new(Ref)  # Ref(item, pointer) without the call of its __init__ (runtime.refs)
                    ref.value = item
                    ref.pointer = f"{pointer}/{token}"
                    out.append(ref)
            elif item is not None:
                _collect(item, f"{pointer}/{token}", sub, out)  # type: ignore[arg-type]
    elif isinstance(value, list):
        sub = shape.anything
        if sub is True:
            for index, item in enumerate(value):
                if isinstance(item, str) and item.strip():
                    ref = _new(Ref)
                    ref.value = item
                    ref.pointer = f"{pointer}/{index}"
                    out.append(ref)
        elif sub is not None:
            for index, item in enumerate(value):
                if item is not None:
                    _collect(item, f"{pointer}/{index}", sub, out)
