"""Ingest stage, narratives: a text as blocks, paragraphs and table rows, each cell and paragraph with its line and column.

Text is normalised character for character (full-width digits, punctuation and
brackets to their ASCII forms, the ideographic space to a space), so a column
found in the normalised text is the column of the original; values are always
sliced from the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from budgetcheck import codes
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import byte_position, decode_wide, wide_encoding
from budgetcheck.ingest.narrative.mojibake import first_garbled_line
from budgetcheck.ingest.narrative.ordinals import read_ordinal

_FULL_WIDTH = {chr(0xFF10 + digit): str(digit) for digit in range(10)}
_FULL_WIDTH.update(
    {
        "．": ".", "，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "％": "%",
        "　": " ", "\u00a0": " ", "﹒": ".", "－": "-", "＋": "+", "、": "、",
    }
)
_TABLE = str.maketrans(_FULL_WIDTH)


def normalise(text: str) -> str:
    """Same length as `text`: one character in, one character out."""
    return text.translate(_TABLE)


@dataclass(frozen=True)
class Cell:
    """Text with its place: `raw` starts at (line, column); a paragraph wrapped over several lines
    lists, in `breaks`, the offset where each further line starts and that line's (line, column)."""

    line: int
    column: int  # 1-based column of the first character of `raw`
    raw: str
    norm: str
    breaks: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def of(cls, line: int, column: int, raw: str) -> Cell:
        return cls(line, column, raw, normalise(raw))

    def at(self, offset: int) -> tuple[int, int]:
        line, column, start = self.line, self.column, 0
        for at, break_line, break_column in self.breaks:
            if at > offset:
                break
            line, column, start = break_line, break_column, at
        return line, column + offset - start

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(line, first column, column after) for each source line the text [start, end) covers."""
        cuts = [start] + [at for at, _, _ in self.breaks if start < at < end] + [end]
        out = []
        for left, right in pairwise(cuts):
            line, column = self.at(left)
            out.append((line, column, column + right - left))
        return out

    def tail(self, start: int) -> Cell:
        line, column = self.at(start)
        breaks = tuple((at - start, ln, col) for at, ln, col in self.breaks if at > start)
        return Cell(line, column, self.raw[start:], self.norm[start:], breaks)

    def source_lines(self, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
        """The original lines (indentation restored) this text, or its characters [start, end), was read from."""
        end = len(self.raw) if end is None else end
        cuts = [start] + [at for at, _, _ in self.breaks if start < at < end] + [end]
        return [(self.at(left)[0], " " * (self.at(left)[1] - 1) + self.raw[left:right]) for left, right in pairwise(cuts)]


@dataclass(frozen=True)
class Para:
    """One paragraph (a text line) with its leading indentation and trailing whitespace cut off."""

    cell: Cell

    @property
    def line(self) -> int:
        return self.cell.line


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]

    @property
    def line(self) -> int:
        return self.cells[0].line


Block = Para | Row


def paragraph(line: int, raw_line: str) -> Para | None:
    stripped = raw_line.strip()
    if not stripped:
        return None
    lead = len(raw_line) - len(raw_line.lstrip())
    return Para(Cell.of(line, lead + 1, stripped))


def decode(raw: bytes, source: str) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (BOM or not), UTF-16 or UTF-32 (BOM or not), else GB18030, all strict."""
    if not raw.strip():
        raise IngestError(codes.NARRATIVE_EMPTY, f"文件是空的：{source}", f"the file is empty: {source}", 1, 1)
    wide = wide_encoding(raw)
    if wide is not None:
        text = decode_wide(raw, *wide)
        if text is not None and text.strip():
            return text, wide[0]
    if wide is not None and wide[1]:  # marked by a BOM, yet not valid: say so (a mere guess falls through)
        raise IngestError(
            codes.NARRATIVE_ENCODING,
            f"文件看似 {wide[0].upper()} 编码，但无法按此读取；请另存为 UTF-8 文本",
            f"the file looks like {wide[0].upper()} but does not decode as such; save it as UTF-8 text",
            1,
            1,
        )
    if b"\x00" in raw[:4096]:
        offset = raw.index(b"\x00")
        raise IngestError.of(codes.NARRATIVE_BINARY, byte_position(raw, offset), offset=offset + 1, source=source)
    failures = []
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(exc)
            continue
        _not_mojibake(text)
        return text, encoding.removesuffix("-sig")
    failure = failures[0]
    line, column = byte_position(raw, failure.start)
    raise IngestError.of(codes.NARRATIVE_ENCODING, (line, column), line=line, column=column)


def _not_mojibake(text: str) -> None:
    """Raise NARRATIVE-ENCODING, at the first garbled line, for a text whose Chinese was garbled before it was saved."""
    line = first_garbled_line(text)
    if line is not None:
        raise IngestError(
            codes.NARRATIVE_ENCODING,
            f"文件的文字是乱码（第 {line} 行起：中文在保存前已按错误的编码转换过），无法检查；请用原文件以正确的编码另存为 UTF-8 文本",
            f"the file's text is mojibake (from line {line}: its Chinese was converted with a wrong encoding before it was saved) and cannot be checked; save the original as UTF-8 text",
            line,
            1,
        )


_WRAP_WIDTH = 50  # a line at least this long, not ending a sentence, that runs on into an unindented line was wrapped
_ENDS = tuple("。；;：:！？!?")


_COLUMN_GAP = re.compile(r"\S {3,}\S")  # a layout table's columns


_LEADER_TAIL = re.compile(r"(?:…{2,}|\.{4,}|·{4,})\s*(?:[0-9]{1,4}|[-－—]\s*[0-9]{1,4}\s*[-－—])?\s*$")
_CLAUSE_MARK = re.compile(r"[，。；,;]")


def has_leaders(text: str) -> bool:
    """Whether `text` is an entry of a contents page: a title, then leaders (……, ...., ····) to the end of the line or
    to its page number. An ellipsis inside or after a sentence (分别是***、****……。) or a line of leaders alone (a
    blank template's “……” for the text to come) is no entry."""
    text = text.strip()
    tail = _LEADER_TAIL.search(text)
    return tail is not None and tail.start() > 0 and not _CLAUSE_MARK.search(text[: tail.start()])


# a line no paragraph begins with: a mark that closes or continues a sentence, or the rest of a figure the line before
# ends in (a wrap inside 502.4 万元 or 2.82 %, as a short text's layer has where no margin shows: text_blocks)
# (a line of “……” alone is a blank template's placeholder, not a continuation; a line of digits after a line of
# digits is a column's next figure, not the rest of one)
_GO_ON = re.compile(r"[，。、；：,;:）)」』”’%％]")
_CUT_FIGURE = re.compile(r"[0-9] ?[万亿]?$")
_FIGURE_REST = re.compile(r"亿元|万元|元")
# …支出预算为 | 24.5万元, …比2022年减少 | 0.41万元: a line that begins with an amount or a percentage continues a line of
# prose left open (no mark ends it) that is no heading: no paragraph begins with a bare figure
_FIGURE_HEAD = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:亿元|万元|元|%|％)")
_OPEN_PROSE = re.compile(r"[\u4e00-\u9fff”）)]$")
# …减少的主要原因是 | 各乡镇…厉行节约: a line that ends announcing a reason or a use, with no mark, goes on in the next
# line of text (not a numbered one: 主要原因是 | 1.人员增加 lists its reasons); a paragraph never ends there
_LEAD_OPEN = re.compile(r"(?:原因是|原因为|主要是|主要用于|用于)$")
_HAN_START = re.compile(r"[\u4e00-\u9fff“]")
# …“三公”经费支出 | 表: the last characters of a table's title, wrapped alone onto a line of their own
_TITLE_TAIL = re.compile(r"[\u4e00-\u9fff]{0,4}表\s*(?:[（(][^（）()]{1,8}[）)])?\s*$")


# 一、2022年“三公”经费预算安排情况, 第二部分 部门决算表: a part's title, short, with no clause or figure, begins its own
# paragraph even after a long line left open (a page's address line, a table's row)
_PART_TITLE = re.compile(r"(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)(?:(?![0-9.]+\s*(?:万?元|%))[^。；;，,:：!?！？]){1,30}")


@dataclass(frozen=True)
class Layout:
    """How a text sets its lines, as text_blocks measures it: the `margin` its wrapped lines reach (columns, 0 when none
    shows), its left edge `left` (the blank every line begins with), the length `wrap_width` at which a line runs on
    where no margin shows (0: none does, the text keeps a paragraph to a line), whether it `indents` the first line
    of its paragraphs, and the `widths` of its lines as written (before normalising: ２０２４ is eight columns)."""

    margin: int = 0
    left: int = 0
    wrap_width: int = _WRAP_WIDTH
    indents: bool = False
    widths: tuple[int, ...] = ()


def _continues(previous: Para, raw_line: str, layout: Layout = Layout()) -> bool:
    """Whether `raw_line` goes on with the paragraph `previous` (a line indented past the text's left edge begins one of
    its own)."""
    margin, left, wrap_width = layout.margin, layout.left, layout.wrap_width
    last = previous.cell.raw[previous.cell.breaks[-1][0] :] if previous.cell.breaks else previous.cell.raw
    if not raw_line.strip() or _lead(raw_line) > left or _PART_TITLE.fullmatch(raw_line.strip()):
        return False
    table = _COLUMN_GAP.search(last) or _COLUMN_GAP.search(raw_line) or has_leaders(last)  # a table's row, a contents entry
    if not table:
        tail = last.rstrip()
        if _GO_ON.match(raw_line) or (_CUT_FIGURE.search(tail) and _FIGURE_REST.match(raw_line)):
            return True
        if _FIGURE_HEAD.match(raw_line) and _OPEN_PROSE.search(tail) and read_ordinal(previous.cell.norm) is None:
            return True
        if _TITLE_TAIL.fullmatch(raw_line.strip()) and _OPEN_PROSE.search(tail) and not tail.endswith("表"):
            return True
        if _LEAD_OPEN.search(tail) and _HAN_START.match(raw_line.strip()) and read_ordinal(normalise(raw_line.strip())) is None:
            return True
    shown = layout.widths[_last_line(previous) - 1] if layout.widths else _width(last) + (previous.cell.column - 1 if not previous.cell.breaks else 0)
    reaches = margin and shown >= margin - _SLACK
    if not reaches and (not wrap_width or len(last) + (previous.cell.breaks[-1][2] if previous.cell.breaks else previous.cell.column) < wrap_width):
        return False
    if table:
        return False  # a contents entry ends where its leaders do: the full width is the leaders', not a wrap
    if previous.cell.raw.endswith(_ENDS):
        # …主要原因是无公务用车车辆。| 其中：公务用车购置费…: a sentence that ends at the margin of a text that indents its
        # paragraphs goes on in the next line when that line is not indented and numbers nothing
        return layout.indents and bool(reaches) and read_ordinal(normalise(raw_line.strip())) is None
    return "……" not in previous.cell.raw


def carried(paragraphs: Sequence[Para]) -> set[int]:
    """The lines text_blocks joined to their paragraph after a line that ends a sentence (Layout.indents): the claims
    reader, which joins lines again by their marks, keeps them in that paragraph."""
    return {number for para in paragraphs for at, number, _ in para.cell.breaks if para.cell.raw[:at].endswith(_ENDS)}


def text_lines(blocks: Sequence[Block]) -> list[int]:
    """The lines that hold the text's text, a paragraph's or a table's, in order (not blank lines, nor a page's number)."""
    return [line for block in blocks for line in ([number for number, _ in block.cell.source_lines()] if isinstance(block, Para) else [cell.line for cell in block.cells])]


def _join(previous: Para, number: int, raw_line: str) -> Para:
    """`previous` with `raw_line` joined on, less the text's left margin it begins with (its column kept)."""
    cell = previous.cell
    lead = _lead(raw_line)
    body = raw_line[lead:].rstrip()
    breaks = cell.breaks + ((len(cell.raw), number, lead + 1),)
    return Para(Cell(cell.line, cell.column, cell.raw + body, cell.norm + normalise(body), breaks))


_SLACK = 4  # columns short of the margin a wrapped line may end (a character too wide to fit moved down, with its mark)
_NARROW = 40  # a text whose lines are all narrower than this has no margin to tell wrapping by
_FEW = 20  # prose lines a text needs before its widths say where it wraps (a two-line note's longer line is no margin)
_SHORT = 6  # prose lines of a shorter text whose widths say so only when half of them end at the margin


def _width(text: str) -> int:
    """Columns `text` takes as a layout sets it: a Chinese character (or a full-width mark) two, any other one; a lone
    space beside a Chinese character none (a justified PDF line written out as text spreads its characters with
    spaces, 经 费 总预 算 安 排, which do not take the line past the margin the other lines wrap at)."""
    return _measure(text)[0]


def _measure(text: str) -> tuple[int, int]:
    """(_width of `text`, its width with every space taking its column), in one pass over it."""
    wide = [unicodedata.east_asian_width(char) in "WF" for char in text]
    total = spread = 0
    for index, char in enumerate(text):
        if char != " ":
            total += 2 if wide[index] else 1
            continue
        before = index > 0 and text[index - 1] != " "
        after = index + 1 < len(text) and text[index + 1] != " "
        if before and after and (wide[index - 1] or wide[index + 1]):
            spread += 1
        else:
            total += 1
    return total, total + spread


_PAGE_WIDTH = 180  # columns no page's line reaches (90 Chinese characters; a landscape A4 page at a small size sets 70)
_WHOLE = 3  # lines past _PAGE_WIDTH that show a text keeps a paragraph to a line


def _whole_paragraphs(lines: Sequence[str], widths: Sequence[int]) -> bool:
    """Whether the text keeps each paragraph on a line of its own (saved from a word processor or a web page, not a
    page's layer): _WHOLE prose lines or more wider than any page sets. A long line of such a text that does not end a
    sentence (职责目标:…的发展, its full stop left out) is still its paragraph, never wrapped into the next."""
    return sum(1 for line, width in zip(lines, widths) if width > _PAGE_WIDTH and not _COLUMN_GAP.search(line.strip())) >= _WHOLE


_INDENTS = 5  # paragraphs a text must end for their next lines to say whether it indents its first lines


def _indents(lines: Sequence[str], widths: Sequence[int], margin: int, left: int) -> bool:
    """Whether a text wrapped at its `margin` indents its paragraphs' first lines: after a line that ends a sentence short
    of the margin (a paragraph's last line), the next line (unless it numbers an item or a heading, often set at the
    edge) is indented past the text's edge `left` nine times in ten, _INDENTS times at least."""
    if not margin:
        return False
    ends = indented = 0
    for line, width, following in zip(lines, widths, lines[1:]):
        tail = line.rstrip()
        if not tail or not following.strip() or _COLUMN_GAP.search(tail.strip()) or _COLUMN_GAP.search(following.strip()):
            continue
        if tail[-1] in "。！？；" and width < margin - _SLACK and read_ordinal(normalise(following.strip())) is None:
            ends += 1
            indented += _lead(following) > left
    return ends >= _INDENTS and indented * 10 >= ends * 9


def _margin(lines: Sequence[str], widths: Sequence[int]) -> int:
    """The width a text wrapped at a margin fills its lines to (in columns): a PDF's text layer wraps its paragraphs
    there, 30-odd Chinese characters to a line, under _WRAP_WIDTH characters. It is wrapped when it has _FEW prose lines
    or more, a fifth of them end within _SLACK of their 90th percentile and hardly any (2 %) run past it, or _SHORT lines
    or more, a third of them (four at least) at it and none past it; a text of whole paragraphs a line (widths all over),
    of short lines or of a few lines has none: 0."""
    # a layout table's rows and a contents page's entries are no prose
    widths = sorted(width for line, width in zip(lines, widths) if line.strip() and not _COLUMN_GAP.search(line.strip()) and not has_leaders(line))
    if not widths:
        return 0
    margin = widths[min(len(widths) - 1, len(widths) * 9 // 10)]
    at = sum(1 for width in widths if abs(width - margin) <= _SLACK)
    past = sum(1 for width in widths if width > margin + _SLACK)
    wrapped = len(widths) >= _FEW and at * 5 >= len(widths) and past * 50 <= len(widths)
    # a short text (a 三公 page's layer) shows its margin too when a third of its lines end there and none runs past it
    # (a page of short paragraphs: each a line or two at the margin and a short last line)
    short = len(widths) >= _SHORT and at >= _SHORT - 2 and at * 3 >= len(widths) and past == 0
    return margin if margin >= _NARROW and (wrapped or short) else 0


# a page's number as a footer marks it (- 3 -, —3—, 第3页 共20页): one anywhere in a text is the page's
_MARKED = r"[-－—–]{1,2}\s*[0-9]{1,4}\s*[-－—–]{1,2}|第\s*[0-9]{1,4}\s*页(?:\s*[，,/]?\s*共\s*[0-9]{1,4}\s*页)?"
_MARKED_FOLIO = re.compile(_MARKED)
# beside a page break, a bare number (3, -3) and 3/20 too
_PAGE_NUMBER = re.compile(rf"{_MARKED}|[-－—–]{{0,2}}\s*[0-9]{{1,4}}\s*[-－—–]{{0,2}}|[0-9]{{1,4}}\s*/\s*[0-9]{{1,4}}")


def _page_numbers(text: str) -> set[int]:
    """Lines (1-based) that are a page's number beside a page break (a form feed): the footer before it (- 3 -, 3,
    第3页 共20页, 3/20) or the header after it. A number alone elsewhere may be a table's cell and is kept."""
    raw = text.split("\n")
    breaks = [index for index, line in enumerate(raw) if line.lstrip(" \t").startswith("\f")]
    found: set[int] = set()
    for at in breaks:
        near = [index for index in range(max(0, at - 3), min(len(raw), at + 3)) if raw[index].strip(" \t\f\r")]
        for index in near:
            if abs(index - at) <= 2 and _PAGE_NUMBER.fullmatch(raw[index].strip(" \t\f\r\u3000")):
                found.add(index + 1)
    return found


_BARE_FOLIO = re.compile(r"[0-9]{1,3}")
_SENTENCE_END = "。；;：:！!？?）)”"
_FIGURES_ONLY = re.compile(r"[-－0-9.,，%％\s]+")  # a line of figures alone: the next cells of a table


def _loose_page_numbers(raw: Sequence[str]) -> set[int]:
    """Lines (1-based) that are a page's number in a text without page breaks (copied off a web page, or a layer written
    without form feeds): a marked number alone on its line (- 3 -, —3—, 第3页 共20页); a bare one (3) only inside a
    sentence, between a long line that stops short of its end and a line going on with text (not figures alone), where
    it cannot be a table's cell (主要原因是人员经费和项目支出 | 3 | 增加。: without this, 项目支出3增加, and 项目支出 | - 4 - | 234.56万元
    read as an item named 项目支出-4)."""
    found: set[int] = set()
    filled = [index for index, line in enumerate(raw) if line.strip()]
    for before, index, after in zip(filled, filled[1:], filled[2:]):
        line = raw[index].strip(" \t\r\u3000")
        if _MARKED_FOLIO.fullmatch(line):
            found.add(index + 1)
            continue
        previous, following = raw[before].strip(), raw[after].strip()
        if (
            _BARE_FOLIO.fullmatch(line)
            and len(previous) >= 20
            and previous[-1] not in _SENTENCE_END
            and not previous[-1].isdigit()
            and not _FIGURES_ONLY.fullmatch(following)
            and not following.startswith(("万元", "元", "%", "％", "万"))  # 500 | 万元，…: a figure cut from its unit
        ):
            found.add(index + 1)
    return found


def text_blocks(text: str, written: str | None = None) -> list[Block]:
    """Paragraphs (a line wrapped by a PDF's layout joined to its paragraph: one at least _WRAP_WIDTH characters
    long, or reaching the text's margin), and table rows written as runs of tab-led lines (one cell per line)
    between blank lines."""
    blocks: list[Block] = []
    cells: list[Cell] = []
    lines = _lines(text)
    folios = _page_numbers(text) if "\f" in text else _loose_page_numbers(lines)
    furniture = folios | {number for number, raw in enumerate(text.split("\n"), start=1) if "\f" in raw}  # a page's end
    indented = _tab_indented(lines)
    # a table's cells (one a line, or parted by tabs) are no prose: counted, a table of short cells hides the margin its
    # paragraphs wrap at
    # widths are measured as the text is written (`written`, before normalising: a full-width digit takes two columns)
    shown = _lines(written) if written is not None and written.count("\n") == text.count("\n") else lines
    measured = [_measure(line.rstrip()) for line in shown]
    kept = [number for number, line in enumerate(lines, start=1) if number not in folios and not _tabbed(line, indented)]
    prose, widths = [shown[number - 1] for number in kept], [measured[number - 1][0] for number in kept]
    margin = _margin(prose, widths)
    left = min((_lead(line) for line in lines if line.strip()), default=0)  # a layer that keeps the page's margin on every line
    # a line reaches the margin as far as it does with every space taking its column (a space typed beside a figure,
    # 307.82 万元, takes its place on the page as a justified line's spreading does not)
    reach = tuple(full for _, full in measured) if margin else ()
    layout = Layout(margin, left, 0 if not margin and _whole_paragraphs(prose, widths) else _WRAP_WIDTH, _indents(prose, widths, margin, left), reach)
    for number, raw_line in enumerate(lines, start=1):
        if number in folios:
            continue  # a page's number: no text of the document's (a paragraph it falls in goes on past it: _next_line)
        if _cell_alone(raw_line, indented):
            body = raw_line[1:].rstrip()
            cells.append(Cell.of(number, 2, body))
            continue
        if cells:
            blocks.append(Row(tuple(cells)))
            cells = []
        if "\t" in raw_line.strip():
            blocks.append(Row(_tab_separated(number, raw_line)))
            continue
        previous = blocks[-1] if blocks else None
        if isinstance(previous, Para) and _next_line(previous, number, lines, furniture) and _continues(previous, raw_line, layout):
            blocks[-1] = _join(previous, number, raw_line)
            continue
        block = paragraph(number, raw_line)
        if block is not None:
            blocks.append(block)
    if cells:
        blocks.append(Row(tuple(cells)))
    return blocks


def _next_line(para: Para, number: int, lines: Sequence[str], furniture: set[int]) -> bool:
    """Whether line `number` is the next of the text after `para`'s last: right after it, or across a page's end, with only
    blank lines and a page's number between and a page break among them (or at the line's head)."""
    last = _last_line(para)
    if number == last + 1:
        return True
    between = range(last + 1, number)
    return any(line in furniture for line in (*between, number)) and all(line in furniture or not lines[line - 1].strip() for line in between)


def _lead(line: str) -> int:
    """The characters of blank (spaces, tabs, ideographic spaces) a line begins with."""
    return len(line) - len(line.lstrip())


def _cell_alone(line: str, indented: bool) -> bool:
    """Whether `line` is a table's cell alone on its line: tab-led, in a text that does not indent its paragraphs with a
    tab."""
    return line.startswith("\t") and line.count("\t") == 1 and not indented


def _tabbed(line: str, indented: bool) -> bool:
    """Whether text_blocks reads `line` as a table's: a cell alone on its line, or cells parted by tabs."""
    return _cell_alone(line, indented) or "\t" in line.strip()


def _tab_indented(lines: Sequence[str]) -> bool:
    """Whether the text indents its paragraphs with a tab (four lines in five that hold anything begin with one, the
    title and the headings too): a tab-led line is then a paragraph, not a table's cell one to a line."""
    filled = [line for line in lines if line.strip()]
    return len(filled) >= 3 and sum(1 for line in filled if line.startswith("\t")) * 5 >= len(filled) * 4


def _lines(text: str) -> list[str]:
    """Lines as editors count them; a form feed (a PDF page break) counts as a line end's neighbour, not a line."""
    return [line.rstrip("\r").replace("\f", "") for line in text.split("\n")]


def _last_line(para: Para) -> int:
    return para.cell.breaks[-1][1] if para.cell.breaks else para.line


def _tab_separated(number: int, raw_line: str) -> tuple[Cell, ...]:
    cells = []
    start = 0
    for piece in raw_line.split("\t"):
        lead = len(piece) - len(piece.lstrip())
        cells.append(Cell.of(number, start + lead + 1, piece.strip()))
        start += len(piece) + 1
    return tuple(cells)
