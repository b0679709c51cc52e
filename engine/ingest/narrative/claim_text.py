"""Ingest stage, narrative claims: paragraphs, sentences and clauses of a narrative, each character knowing its source line and column.

`paragraphs` joins source lines into paragraphs: a wrapped line (not indented, after a line that does
not end a sentence) continues its paragraph, so a sentence broken by a PDF's layout is read whole; a
heading (an ordinal and a short title without a figure) is a paragraph of its own. `joined` takes
a paragraph already known, as the pieces of the source lines it covers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetcheck.findings import Position
from budgetcheck.ingest.narrative.claim_words import AMOUNT, NAMED_LEVELS
from budgetcheck.ingest.narrative.ordinals import Ordinal, read_ordinal
from budgetcheck.ingest.narrative.sentences import HALF_STOP, SENTENCE_END, sentence_spans

Piece = tuple[int, int, str]
"""Part of a paragraph on one source line: (line, 1-based column of its first character, text)."""

_WIDE = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "％": "%", "\u3000": " ", "－": "-"}
)
_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十\d]{1,3}部分)")
_HEADING_WIDTH = 24  # a title; a longer numbered line is a list item, perhaps wrapped
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_NUMERALS = "一二三四五六七八九十百零〇"


def _text(raw: str) -> str:
    """A source line as the claims reader reads it: full-width digits and marks made half-width, thousands commas
    made plain, and a half-width full stop that ends a sentence made 。 (not the one after an ordinal: 一.收入, 1.总体)."""
    text = _THOUSANDS.sub(",", raw.translate(_WIDE)).rstrip()
    return HALF_STOP.sub(lambda stop: "." if _ordinal_before(text, stop.start()) else "。", text) if "." in text else text


def _ordinal_before(text: str, at: int) -> bool:
    """Whether the run of Chinese numerals just before `at` is an ordinal of its own (一.收入, （二）…三.支出): it
    begins the line or follows a mark or a space (not 统一.)."""
    start = at
    while start > 0 and text[start - 1] in _NUMERALS:
        start -= 1
    return start < at and (start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff")


_INNER_STOP = re.compile("[。！？]")  # inside a sentence: a stop within brackets (clauses)
# a clause glued to the figure before it, its comma left out: a reason after a figure (…下降11.7%主要原因是…), a comparison
# after a percentage (…占70.33%与2016年相比减少26.73万元…)
_GLUED_REASON = re.compile(
    r"[%％元](?=\s*(?:主要原因|原因是|原因为|主要是|主要由于|主要用于))|[%％](?=\s*(?:与|较|比|同比)\s*(?:上年|上一年|去年|(?:19|20)[0-9]{2}\s*年))"
)
_OPENS_LIST = re.compile(r"(?:其中|包括)\s*[，,]\s*$")  # a line ending so opens a list (paragraphs)
# a bracket right after an amount opens the list of its parts: 21万元（购置费0万元、运行维护费21万元）
_CLAUSE_SPLIT = re.compile(r"[，；：,;:]|(?<=元)、|[（(](?=其中|包括)|(?<=元)\s*[（(](?=[^）)]*?\d)")
# a share glued to the next item's name and amount (占99.74%基金补助收入15.52万元): the item is a clause of its own
_GLUED_SHARE = re.compile(r"占[^，,。；;：:%％0-9]{0,12}[0-9]+(?:\.[0-9]+)?[%％](?=[\u4e00-\u9fff][^，,。；;：:、\s%％0-9]{1,20}?[0-9][0-9,.]*\s*万?元)")


@dataclass(frozen=True)
class Line:
    """Where a source line's text starts in its paragraph, and at which line and column."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class Text:
    """A run of paragraph text (from `base` in the paragraph) that knows the source position of each character."""

    chars: str
    lines: tuple[Line, ...]
    base: int = 0
    after: int = 0  # a paragraph's: the text's last line before it (blank lines and a page's furniture passed), 0 unknown

    def at(self, index: int) -> Position:
        offset = self.base + max(0, min(index, len(self.chars) - 1))
        found = self.lines[bisect.bisect_right(self.lines, offset, key=lambda part: part.offset) - 1]
        return found.line, found.column + offset - found.offset

    def cut(self, start: int, end: int) -> Text:
        return Text(self.chars[start:end], self.lines, self.base + start, self.after)

    def source_lines(self) -> list[int]:
        """The source lines this text has characters on."""
        end = self.base + len(self.chars)
        following = [*(part.offset for part in self.lines[1:]), end]
        return [part.line for part, after in zip(self.lines, following) if part.offset < end and after > self.base]

    def last_column_on(self, line: int) -> int:
        """The column just after this text's last character on source line `line` (1 when it has none there)."""
        end = self.base + len(self.chars)
        columns = [
            part.column + min(end, following) - part.offset
            for part, following in zip(self.lines, [*(p.offset for p in self.lines[1:]), end])
            if part.line == line and part.offset < end and following > self.base
        ]
        return max(columns, default=1)


def joined(pieces: Sequence[Piece]) -> Text:
    chars: list[str] = []
    parts: list[Line] = []
    size = 0
    for line, column, raw in pieces:
        text = _text(raw)
        lead = len(text) - len(text.lstrip()) if not chars else 0
        parts.append(Line(size, line, column + lead))
        chars.append(text[lead:])
        size += len(text) - lead
    return Text("".join(chars), tuple(parts))


def paragraphs(lines: Sequence[tuple[int, str]], headings: frozenset[int], left: int = 0, carried: frozenset[int] = frozenset(), filled: Sequence[int] = ()) -> list[Text]:
    """The lines joined into paragraphs. `left`: the text's left margin, blank on every line of it (a layer that keeps
    the page's margin), which is no indentation and no part of a wrapped line's text. `carried`: lines that go on the
    paragraph before though the line before them ends a sentence (a sentence that ended at the margin of a text that
    indents its paragraphs: source.text_blocks). `filled`: every line of the text that holds its text (a table's too),
    in order, when known: each paragraph's `after`."""
    out: list[Text] = []
    chars: list[str] = []
    parts: list[Line] = []
    size, last = 0, ""
    opened: Ordinal | None = None  # the ordinal the paragraph begins with

    def close() -> None:
        nonlocal chars, parts, size, last
        if chars:
            before = bisect.bisect_left(filled, parts[0].line)
            out.append(Text("".join(chars), tuple(parts), 0, filled[before - 1] if before else 0))
        chars, parts, size, last = [], [], 0, ""

    for position, (number, raw) in enumerate(lines):
        text = _text(raw)
        margin = min(left, len(text) - len(text.lstrip()))
        text = text[margin:]
        if number in headings:
            close()
            continue
        if not text.strip():
            continue
        heading = _heading(text)
        # after a colon a wrapped line runs on (主要用于：|局本部…); a list item or heading after it starts anew (after
        # 其中，or 包括， as after 其中：);
        # so does a line after a sentence mark inside a bracket the next lines close (“…（其中，…0 个。|…0 个）。”)
        ends = last in SENTENCE_END and number not in carried and not _bracket_closes(chars, lines[position : position + 2 * _RUN_ON])
        ordinal = read_ordinal(text) if _HEADING.match(text) else None
        listed = ordinal is not None and (last in "：:" or (last in "，," and _OPENS_LIST.search(chars[-1]) is not None))
        if heading or _indented(text) or ends or listed or _next_item(opened, ordinal):
            close()  # …, 1、…综合服务 | 2、承担…: the list's next item, though the item before has no full stop
        if not chars:
            opened = ordinal
        start = len(text) - len(text.lstrip()) if not chars else 0
        parts.append(Line(size, number, margin + start + 1))
        chars.append(text[start:])
        size += len(text) - start
        last = text[-1]
        if heading:
            close()
    close()
    return out


def _next_item(opened: Ordinal | None, ordinal: Ordinal | None) -> bool:
    """Whether a line numbered `ordinal` is the item after the one its paragraph begins with (same style, one more)."""
    return (
        opened is not None and ordinal is not None and (opened.style, opened.chinese) == (ordinal.style, ordinal.chinese)
        and ordinal.number == opened.number + 1
    )  # fmt: skip


_ROUND = str.maketrans({"（": "(", "）": ")"})
_RUN_ON = 3  # lines after it within which an open bracket's closing one is looked for


def left_margin(lines: Sequence[tuple[int, str]]) -> int:
    """The blank every line holding anything begins with (0 for a text with any line at its left edge)."""
    return min((len(raw) - len(raw.lstrip()) for _, raw in lines if raw.strip()), default=0)


def _bracket_closes(chars: list[str], following: Sequence[tuple[int, str]]) -> bool:
    """Whether the paragraph's last lines leave a round bracket open that one of the `following` lines closes."""
    so_far = "".join(chars[-_RUN_ON:]).translate(_ROUND)
    if so_far.count("(") <= so_far.count(")"):
        return False
    return ")" in "".join(text for _, text in following).translate(_ROUND)


def _heading(text: str) -> bool:
    """A section heading (一、… without a full stop), or an ordinal and a short title with no sentence
    and no figure (“3、比上年增减情况”, “（一）收入说明”, “第四部分 …”)."""
    title = text.strip()
    if _SECTION_HEADING.match(title) and "。" not in title:
        return True
    return (
        len(title) <= _HEADING_WIDTH
        and _HEADING.match(title) is not None
        and not any(mark in title for mark in "。；;，,")
        and AMOUNT.search(title) is None
        and NAMED_LEVELS.search(title) is None
    )


def _indented(text: str) -> bool:
    """A paragraph's first line: indented by two spaces or more, or by a tab (a wrapped line may carry one stray space)."""
    return text.startswith(("  ", "\t", " \t"))


def sentences(paragraph: Text) -> list[Text]:
    """The paragraph's sentences, never cut inside brackets or quotation marks; a doubled 。。 stays in its sentence."""
    out = [paragraph.cut(start, end) for start, end in sentence_spans(paragraph.chars)]
    return [sentence for sentence in out if sentence.chars.strip(" " + SENTENCE_END)]


# a bracket that holds no figure is a note on the words before it (一般公共预算收入（不含债务收入，下同）…): its comma
# parts no clauses; one with a figure (（其中：…10万元，…）) lists parts, clause by clause
_NOTE_BRACKET = re.compile(r"[（(][^（）()]*?[，,][^（）()]*?[）)]")
_FIGURE = re.compile(r"\d\s*(?:亿元|万元|元|万|%|％)")


def clauses(sentence: Text) -> list[tuple[Text, str]]:
    """(clause, the separator before it) pairs; the separator is '' for the first (and after a share glued to the next
    item: …占99.74%基金补助收入15.52万元, where a ；was left out)."""
    out, start, before = [], 0, ""
    notes = [found.span() for found in _NOTE_BRACKET.finditer(sentence.chars) if not _FIGURE.search(found.group())]
    cuts = [(match.start(), match.end(), match.group()) for match in _CLAUSE_SPLIT.finditer(sentence.chars)]
    # a full stop inside brackets ends no sentence but ends its clause, as a ； would: (其中:…增长237%。公务用车运行维护费803万元,…)
    cuts += [(match.start(), match.end(), "；") for match in _INNER_STOP.finditer(sentence.chars.rstrip(SENTENCE_END + " "))]
    cuts += [(match.end(), match.end(), "，") for match in _GLUED_REASON.finditer(sentence.chars)]  # as if the comma were there
    for at, end, mark in sorted([*cuts, *((match.end(), match.end(), "") for match in _GLUED_SHARE.finditer(sentence.chars))]):
        if _inside_number(sentence.chars, at) or any(first < at < last for first, last in notes):
            continue
        out.append((sentence.cut(start, at), before))
        before, start = mark, end
    out.append((sentence.cut(start, len(sentence.chars)), before))
    return out


def _inside_number(chars: str, index: int) -> bool:
    return chars[index] == "," and 0 < index < len(chars) - 3 and chars[index - 1].isdigit() and chars[index + 1 : index + 4].isdigit()
