"""Ingest stage, narratives: the text as the matchers read it, and the way back to the original characters.

Every reader of a narrative (template mappers, the claims reader, the text rules) sees one normalised
text; `Origin` takes each line and column found in it back to the original file. Line for line, so
line numbers never change; within a line:

- pinyin glosses of mirror sites (`經(jīng)費`: a bracketed run of pinyin letters with at least one tone mark,
  directly after a Han character) and invisible characters (zero-width space, joiners, word joiner, a no-break
  zero-width space inside the text: left by web editors and copy-paste, `64.92万\u200b元`) are removed: the only
  changes of length; so is the spacing of a letter-spaced line (部 门 预 算: a PDF text layer of spaced type,
  `letter_spaced`), closed up;
- traditional characters become simplified (OpenCC `t2s`, loaded only for a text that holds a character
  it changes; a line whose conversion would change its length is converted character by character);
- full-width digits and Latin letters become ASCII, ％ becomes %, a full-width ． between digits a decimal
  point, the ideographic and the no-break space a space.

Chinese punctuation stays as written (，：；（）“”《》、。！？ and full-width ＋－＊＿): patterns and
text rules tell full- from half-width marks (TXT-PAIR-001 pairs （ only with ）). The per-cell `norm`
(source.normalise) still maps them for the matchers that ignore the width.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from budgetcheck.ingest.narrative.sentences import ends_half_stop

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
GLOSS = re.compile(rf"(?<=[{_HAN}])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
_WIDE = {chr(0xFF10 + n): str(n) for n in range(10)}
_WIDE.update({chr(0xFF21 + n): chr(0x41 + n) for n in range(26)})
_WIDE.update({chr(0xFF41 + n): chr(0x61 + n) for n in range(26)})
_WIDE.update({"％": "%", "\u3000": " ", "\u00a0": " "})
_WIDE_TABLE = str.maketrans(_WIDE)
_WIDE_POINT = re.compile(r"(?<=\d)．(?=\d)")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACED = rf"[{_HAN}](?:[ \u3000][^\s]){{3}}(?![^\s])"  # a Han character and three single ones a space apart: perhaps letter-spaced
# 12 345 678.90元: thousands set apart by spaces (a thin one too), as some layers print them; closed up, never read as
# 12 345 | 678.90元 (an item named …12345 of 678.90 元). Groups of three after one to three digits, before a unit.
_GROUPS = r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?:\.\d+)?(?=\s*(?:万元|元))"
_DIGIT_GROUPS = re.compile(_GROUPS)
_NEEDS = re.compile(rf"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％\u3000\u00a0\u200b-\u200d\u2060\ufeff]|(?<=[{_HAN}])[(（](?=[a-zü]*[{_TONED}])|{_SPACED}|{_GROUPS}")
_HAN_CHAR = re.compile(rf"[{_HAN}]")
_SPACED_LINE = re.compile(_SPACED)
_BLANK = frozenset(" \u3000")
_SPACED_LINES = 3  # letter-spaced lines that make a text letter-spaced throughout


@cache
def traditional() -> frozenset[str]:
    """The characters OpenCC's t2s changes on their own (traditional.txt beside this module, made by
    tests/ingest/test_normal.py::make_traditional from the installed OpenCC): a text holding none is not converted."""
    text = (Path(__file__).parent / "traditional.txt").read_text(encoding="utf-8")
    return frozenset(text.split()[-1])


@cache
def _converter():  # noqa: ANN202 - opencc ships no type information
    import opencc  # lazy: 10 ms, and only for a text in traditional characters

    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Origin:
    """For each line the normalisation changed: its original text and, per character of the normalised
    line (and one past its end), the index of the original character it came from."""

    lines: dict[int, tuple[str, tuple[int, ...]]] = field(default_factory=dict)
    traditional: bool = False
    glosses: int = 0
    cut: tuple[int, int, str] | None = None  # the unfinished sentence a fragment ends with: line, column, its text

    @classmethod
    def of(cls, lines: dict[int, tuple[str, tuple[int, ...]]]) -> Origin:
        """The way back from lines normalised one by one (a .docx's paragraphs and rows)."""
        originals = [original for original, _ in lines.values()]
        converted = any(not traditional().isdisjoint(original) for original in originals)
        return cls(lines, converted, sum(len(GLOSS.findall(original)) for original in originals))

    def column(self, line: int, column: int) -> int:
        """The original column of the normalised (line, column), both 1-based."""
        found = self.lines.get(line)
        if found is None or column < 1:
            return column
        original, index = found
        offset = column - 1
        if offset < len(index):
            return index[offset] + 1
        return len(original) + offset - len(index) + 2

    def snippet(self, line: int, column: int, end_column: int, text: str) -> str:
        """The original characters of a normalised span on one line; `text` when the span is not that line's."""
        found = self.lines.get(line)
        if found is None:
            return text
        original, index = found
        start, end = column - 1, end_column - 1
        if not 0 <= start <= end < len(index):
            return text
        return original[index[start] : index[end - 1] + 1] if end > start else text  # to the last character kept


def normal_text(text: str) -> tuple[str, Origin]:
    """The normalised text (as many lines as `text`) and the way back to it; an unfinished last sentence
    (a fragment cut mid-sentence) blanked out (cut_tail)."""
    normal, origin = _normal_text(text)
    blanked, cut = cut_tail(normal)
    return (blanked, replace(origin, cut=cut)) if cut is not None else (normal, origin)


def _normal_text(text: str) -> tuple[str, Origin]:
    convert = not traditional().isdisjoint(text)
    if not convert and not _NEEDS.search(text):
        return text, Origin()
    lines: dict[int, tuple[str, tuple[int, ...]]] = {}
    out = []
    glosses = 0
    rows = text.split("\n")
    # a text letter-spaced throughout (three lines of prose or more): its short lines too (年 度 预 算 数, a heading)
    spaced = sum(1 for line in rows if _SPACED_LINE.search(line) and letter_spaced(line)) >= _SPACED_LINES
    for number, line in enumerate(rows, start=1):
        clean, index, stripped = normal_line(line, convert, spaced)
        glosses += stripped
        if index is not None:
            lines[number] = (line, index)
        out.append(clean)
    return "\n".join(out), Origin(lines, convert and bool(lines), glosses)


def normal_line(line: str, convert: bool = True, spaced: bool = False) -> tuple[str, tuple[int, ...] | None, int]:
    """(normalised line, original index per character and one past the end or None when unchanged, glosses removed).
    `spaced`: the line belongs to a letter-spaced text, so a line of two or more words nearly all one character long is
    letter-spaced too."""
    kept = list(range(len(line)))
    chars = line
    if letter_spaced(line, short=spaced) if spaced else _SPACED_LINE.search(line) and letter_spaced(line):  # first: a gloss or a figure is read closed up
        kept = _closed_up(line)
        chars = "".join(line[i] for i in kept)
    glosses = 0
    if "(" in chars or "（" in chars:
        dropped: set[int] = set()
        for found in GLOSS.finditer(chars):
            dropped.update(range(found.start(), found.end()))
            glosses += 1
        if dropped:
            kept = [index for at, index in enumerate(kept) if at not in dropped]
    if not _INVISIBLE.isdisjoint(line):
        kept = [index for index in kept if line[index] not in _INVISIBLE]
    if len(kept) != len(line):
        chars = "".join(line[i] for i in kept)
    chars = _WIDE_POINT.sub(".", chars.translate(_WIDE_TABLE))
    gaps = {at for found in _DIGIT_GROUPS.finditer(chars) for at in range(found.start(), found.end()) if not chars[at].isdigit() and chars[at] != "."}
    if gaps:
        kept = [index for at, index in enumerate(kept) if at not in gaps]
        chars = "".join(char for at, char in enumerate(chars) if at not in gaps)
    if convert and not traditional().isdisjoint(chars):
        chars = _simplified(chars)
    if chars == line:
        return line, None, 0
    return chars, (*kept, len(line)), glosses


def letter_spaced(chars: str, short: bool = False) -> bool:
    """A line printed with a space after every character (a PDF text layer of letter-spaced type: 部 门 预 算 公 开, 1 2 . 5
    万 元): at least six words, four in five of them one character long, four of those Han characters. A line of
    prose or a table's row has longer words; a header of one-character cells (项 目, 优 良 中 差) has fewer. In a text
    letter-spaced throughout (`short`), two such words are enough (年 度 预 算 数, 9 0 %, … …). A leading ordinal set close
    to the first character (一、主 要 职 能) is not counted."""
    lead = _ORDINAL.match(chars.lstrip())  # 一、主 要 职 能: the ordinal is set close to the heading's first character
    words = (chars.lstrip()[lead.end() :] if lead else chars).split()
    singles = [word for word in words if len(word) == 1]
    if short:
        return len(words) >= 2 and len(singles) * 5 >= len(words) * 4
    return len(words) >= 6 and len(singles) * 5 >= len(words) * 4 and sum(1 for word in singles if _HAN_CHAR.match(word)) >= 4


def _closed_up(chars: str) -> list[int]:
    """The positions of a letter-spaced line that remain once the spacing is taken out: a single space between two
    characters goes; a longer run, the spacing around a space of the text itself (n spaces for (n − 1) / 2 of the
    text's, at least one), keeps that many; the indentation and what ends the line stay."""
    kept: list[int] = []
    at, size = 0, len(chars)
    while at < size:
        if chars[at] not in _BLANK:
            kept.append(at)
            at += 1
            continue
        end = at
        while end < size and chars[end] in _BLANK:
            end += 1
        if at == 0 or end == size:
            kept.extend(range(at, end))
        elif end - at >= 2:
            kept.extend(range(at, at + max(1, (end - at - 1) // 2)))
        at = end
    return kept


def _simplified(chars: str) -> str:
    converted = _converter().convert(chars)
    if len(converted) == len(chars):
        return converted
    table = traditional()
    return "".join(_converter().convert(ch) if ch in table else ch for ch in chars)


_FINISHED = tuple("。！？!?；;：:…”’）)」』】〕》|")
_OPEN_END = tuple("（(“‘《【〔「，,、")
_TABLE_ROW = re.compile(r"\S {3,}\S|\t|\|")
_MARK_INSIDE = re.compile(r"[，,、；;。：:]")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE = re.compile(r"[，,、；;]")  # a short line with a clause mark is a sentence's part, not a heading
_HEADING = 24  # a line this short that the unfinished sentence follows is a heading or label, not its start
_BACK = 5  # lines of one paragraph looked back through for the end of the last whole sentence
# the ordinal of a numbered line (二、, （三）, 10., 第二部分): its mark is no clause mark
_ORDINAL = re.compile(r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[）)]|[0-9]{1,2}[、．]|[0-9]{1,2}\.(?![0-9])|第[一二三四五六七八九十]+部分)\s*")
_AMOUNT = re.compile(r"[0-9][0-9,.]*\s*(?:亿元|万元|元|%|％)")


def _numbered_heading(line: str) -> bool:
    """A numbered table title: an ordinal, then a short name of a table (…表) with no clause mark and no amount. A
    list of the tables (“六、一般公共预算财政拨款支出决算表”) ends many texts whole. Any other numbered line may be
    a sentence cut before its end (“二、本年度一般公共预算财政拨款支出”), and stays unfinished: taken whole, the
    parts a fragment does not reach would be reported missing."""
    ordinal = _ORDINAL.match(line)
    if ordinal is None:
        return False
    title = line[ordinal.end() :]
    return title.endswith("表") and len(title) <= _HEADING and not _MARK_INSIDE.search(title) and not _AMOUNT.search(title)


def cut_tail(text: str) -> tuple[str, tuple[int, int, str] | None]:
    """A text that stops mid-sentence (a fragment of a page, an excerpt) with that unfinished sentence
    blanked out (same length): it is no defect of the original, and no reader should judge it.

    The last line is unfinished when it ends with no sentence mark, closing bracket or quotation mark,
    is no table row (no column gap, tab or |) and holds a Han character, and either ends with an opening
    bracket or a comma, or is 15 characters or more, or has a mark inside, or ends a wrapped line of prose
    (…下降7.1%,主 | 要原因是: _runs_on): a short line without marks otherwise (a signature, a date, “详见附表”) ends
    a document as it is. The unfinished sentence runs back to the last sentence mark within its paragraph (up to 5
    lines, not past a blank line, a line ending a sentence or a short line: a heading). A numbered table title is
    never unfinished."""
    lines = text.split("\n")
    last = next((index for index in range(len(lines) - 1, -1, -1) if lines[index].replace("\f", "").strip()), None)
    if last is None:
        return text, None
    line = lines[last].replace("\f", "").rstrip()
    body = line.strip()
    if body.endswith(_FINISHED) or ends_half_stop(body) or _TABLE_ROW.search(body) or not (re.search(f"[{_HAN}]", body) or body.endswith(_OPEN_END)):
        return text, None
    if not (body.endswith(_OPEN_END) or len(body) >= 15 or _MARK_INSIDE.search(body) or _runs_on(lines[last - 1] if last else "")):
        return text, None
    if _numbered_heading(body):
        return text, None
    start_line, start_column = last, len(lines[last]) - len(lines[last].lstrip())
    for index in range(last, max(last - _BACK, -1), -1):
        here = lines[index].rstrip()
        if index < last and (not here.strip() or here.endswith(_FINISHED) or ends_half_stop(here) or (len(here.strip()) <= _HEADING and not _CLAUSE.search(here))):
            break  # the line before ends a sentence, is blank, or is a heading (“其中：”, “（三）国有资产占有使用情况”)
        ends = list(_SENTENCE_END.finditer(here))
        if ends:
            start_line, start_column = index, ends[-1].end()
            break
        start_line, start_column = index, len(here) - len(here.lstrip())
    cut = "\n".join([lines[start_line][start_column:], *lines[start_line + 1 : last + 1]]).strip()
    blanked = [*lines[:start_line], lines[start_line][:start_column] + _blank(lines[start_line][start_column:])]
    blanked += [_blank(rest) for rest in lines[start_line + 1 :]]
    lead = len(lines[start_line][start_column:]) - len(lines[start_line][start_column:].lstrip())
    return "\n".join(blanked), (start_line + 1, start_column + lead + 1, cut)


def _runs_on(before: str) -> bool:
    """Whether the line `before` a short last line is a line of prose its paragraph wraps from (…下降7.1%,主 | 要原因是):
    longer than a heading, with a clause mark, ending no sentence; the short line is then that sentence's end, not a
    signature or a date of its own."""
    here = before.replace("\f", "").strip()
    return len(here) > _HEADING and _CLAUSE.search(here) is not None and not here.endswith(_FINISHED) and not ends_half_stop(here) and not _TABLE_ROW.search(here)


def _blank(text: str) -> str:
    return "".join(ch if ch in "\f\r" else " " for ch in text)


def diagnostic(origin: Origin) -> tuple[str, str] | None:
    """What the normalisation did, in one line, when it changed what a user reads: traditional characters
    and glosses. Full-width digits are ordinary in simplified texts: reading them as ASCII goes unsaid."""
    done_zh, done_en = [], []
    if origin.traditional:
        done_zh.append("将繁体字转换为简体")
        done_en.append("converted traditional characters to simplified")
    if origin.glosses:
        done_zh.append(f"去除拼音注音 {origin.glosses} 处")
        done_en.append(f"removed {origin.glosses} pinyin gloss(es)")
    if not done_zh:
        return None
    return (
        "已" + "并".join(done_zh) + "，用于匹配；位置与摘录仍指原文",
        "; ".join(done_en) + " for matching; locations and snippets still point at the original text",
    )
