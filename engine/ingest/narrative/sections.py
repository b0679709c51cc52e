"""Ingest stage, narratives: split a narrative into its sections by their headings, for the template that fits best."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from budgetcheck.ingest.narrative.ordinals import Ordinal, read_ordinal
from budgetcheck.ingest.narrative.source import Block, Para, has_leaders


@dataclass(frozen=True)
class Template:
    name: str
    # (section key, pattern on the heading's title, quotation marks removed); the first matching pattern names the section
    sections: tuple[tuple[str, re.Pattern[str]], ...]
    centred_titles: bool = False  # whether unnumbered titles set in the middle of a line head its sections
    # the document schema version a document of this template is checked against, for a budget and for a 决算
    schema_version: str = ""
    schema_version_final: str = ""
    # the top-level parts of that schema the template publishes, whose coverage extraction reports
    parts: tuple[str, ...] = ()
    # section keys that are tables; the part each other section key is the text of (a key not listed is its own part)
    tables: frozenset[str] = frozenset()
    part_of_section: Mapping[str, str] = field(default_factory=dict, hash=False)
    # why a recognised section is left unread, by section key: (zh, en)
    not_read: Mapping[str, tuple[str, str]] = field(default_factory=dict, hash=False)
    # part -> the titles of the tables that hold more of its figures than its text does
    fed_by: Mapping[str, re.Pattern[str]] = field(default_factory=dict, hash=False)
    # parts within parts (第一部分 … 一、…): numbering starts again at each 第X部分, and known 第X部分 headings and
    # centred titles (tables) head sections whatever style the numbered headings have
    nested: bool = False
    # parts whose coverage is reported but that do not count toward recognising the template (split): a 决算's accounts
    # of its two other funds came after the threshold was set on the parts every template shares; counted, they would
    # raise it, and a text recognised before (a contents list over a cut 说明) would fall to the generic reader
    optional: frozenset[str] = frozenset()

    def version(self, kind: str) -> str:
        return self.schema_version_final if kind == "决算" and self.schema_version_final else self.schema_version


@dataclass
class Section:
    key: str  # a template section key, or "" for an unrecognised section
    heading: Para | None
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Split:
    template: Template
    preamble: list[Block]
    sections: list[Section]
    duplicates: list[Para]


_MAX_TITLE = 40


def _title(para: Para, ordinal: Ordinal) -> str:
    """The heading's words after its number; a full stop closing a heading's words (一、2023年度收入支出决算总体情况。,
    Guangxi's 决算) is set aside, never one closing a sentence (一、本部门无政府性基金支出。)."""
    title = para.cell.norm[ordinal.length :].strip()
    if title.endswith("。") and _HEADING_END.search(title, 0, len(title) - 1):
        return title[:-1].rstrip()
    return title


_HEADING_END = re.compile(r"(?:情况|说明|概况|职能|职责|解释|构成|设置)$")


_CENTRED = 6  # a title set in the middle of the line: indented at least this many columns
_TITLE = Ordinal("title", True, 0, 0)


def _candidate(block: Block) -> tuple[Para, Ordinal] | None:
    """A heading: a short numbered line, or a short unnumbered line set in the middle of the page."""
    if not isinstance(block, Para) or has_leaders(block.cell.norm) or block.cell.breaks:
        return None
    ordinal = read_ordinal(block.cell.norm)
    if ordinal is None and block.cell.column >= _CENTRED:
        ordinal = _TITLE
    if ordinal is None:
        return None
    title = _title(block, ordinal)
    if not title or len(title) > _MAX_TITLE or "。" in title or re.search(r"\s{3,}", title):
        return None
    return block, ordinal


_QUOTES = str.maketrans("", "", "“”\"")


def _key(template: Template, title: str) -> str | None:
    bare = title.translate(_QUOTES)
    for key, pattern in template.sections:
        if pattern.search(bare):
            return key
    return None


def _style(ordinal: Ordinal) -> tuple[str, bool]:
    return ordinal.style, ordinal.chinese


def _styles(template: Template, candidates: Sequence[tuple[Para, Ordinal]]) -> list[tuple[str, bool]]:
    styles = {_style(ordinal) for para, ordinal in candidates if _key(template, _title(para, ordinal)) is not None}
    return sorted(style for style in styles if template.centred_titles or style != _style(_TITLE))


def _recognised(parts: Split) -> int:
    """Known sections that hold something (a table of contents gives headings with nothing under them)."""
    return len({section.key for section in parts.sections if section.key and section.blocks})


def split(blocks: Sequence[Block], templates: Sequence[Template]) -> Split | None:
    """The template and heading style under which the most distinct known sections come out, in order; a template
    is recognised when at least half of its parts (and three) come out: a page holding a few of them (the
    决算 overview and the 三公 paragraph of another province) is read by the generic reader instead, so that the
    parts not on the page are never called missing."""
    candidates = [found for found in map(_candidate, blocks) if found is not None]
    tries = [_cut(blocks, template, style) for template in templates for style in _styles(template, candidates)]
    best = max(tries, key=_recognised, default=None)
    if best is None:
        return None
    parts = [part for part in best.template.parts if part not in best.template.optional]
    return best if _recognised(best) >= max(3, (len(parts) + 1) // 2) else None


def _cut(blocks: Sequence[Block], template: Template, style: tuple[str, bool]) -> Split:
    preamble: list[Block] = []
    sections: list[Section] = []
    duplicates: list[Para] = []
    seen: dict[str, tuple[Section, int]] = {}
    last = 0
    current: list[Block] = preamble
    for block in blocks:
        found = _candidate(block)
        if found is not None and template.nested and _style(found[1]) != style:
            found, last = _outer(found, template, last)
        if found is not None and (_style(found[1]) == style or template.nested):
            para, ordinal = found
            title = _title(para, ordinal)
            key = _key(template, title)
            if ordinal is _TITLE or (ordinal.style == "part" and template.nested):
                if key is None:
                    current.append(block)
                    continue
                section = Section(key, para, title)
                sections.append(section)
                current = section.blocks
                continue
            if key is not None and key in seen and ordinal.number == seen[key][1]:
                duplicates.append(para)
                current = seen[key][0].blocks
                continue
            if key is not None and key not in seen and _follows(ordinal, last):
                section = Section(key, para, title)
            elif key is None and ordinal.chinese and ordinal.number == last + 1 and not template.nested:
                section = Section("", para, title)
            else:
                current.append(block)
                continue
            sections.append(section)
            if key:
                seen[key] = (section, ordinal.number)
            current = section.blocks
            last = ordinal.number
            continue
        current.append(block)
    return Split(template, preamble, sections, duplicates)


def _outer(found: tuple[Para, Ordinal], template: Template, last: int) -> tuple[tuple[Para, Ordinal] | None, int]:
    """In a template of nested parts (第一部分 … 一、…), a heading of another style than the one cut by: a 第X部分
    heading starts the numbering again and heads a section when its title is known; a centred title heads one
    when its title is known (a table); any other is text."""
    para, ordinal = found
    if ordinal.style == "part":
        return (found if _key(template, _title(para, ordinal)) is not None else None), 0
    title = _title(para, ordinal)
    if ordinal is _TITLE and _key(template, title) is not None and not re.search(r"[,:;]", title):
        return found, last  # a title holds no clause: an indented line with a comma is prose
    return None, last


def _follows(ordinal: Ordinal, last: int) -> bool:
    """Chinese-numbered headings may skip a missing part; Arabic ones, which items reuse, may skip one at most."""
    if ordinal.chinese:
        return ordinal.number > last
    return last < ordinal.number <= last + 2


_CONTENTS = re.compile(r"^(?:目\s*录|目\s*次)$")
_BEFORE_ENTRIES = 2  # lines a contents page may hold between its word and its first entry
_DATED = re.compile(r"^[^。，,；;]{0,12}[:：]?\s*[0-9]{4}\s*年(?:\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?)?$|^[^。，,；;]{0,12}[:：]\s*[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}$")  # 公开时间:2024年9月30日
_PAGE = re.compile(r"[…·.\s0-9]+$")
_LEADERS_ONLY = re.compile(r"(?:…+|\.{2,}|·{2,})\s*(?:[0-9]{1,4}|[-－—]\s*[0-9]{1,4}\s*[-－—])?")  # ………… 3, the rest of an entry's line
_WIDE_DOT = re.compile(r"[0-9]{1,2}(?:．|\.(?=\s*[0-9]{4}\s*年))")  # 4．2025年… / 9.2025年…: an ordinal, then a year


def contents_page(blocks: Sequence[Block]) -> set[int]:
    """The positions in `blocks` of a contents page: a 目录 line and the entries after it (an ordinal and a
    short title, or a title with leaders), with short wrapped tails (说明); it ends at the first block that is
    no entry, or at an entry that repeats the first (the body's first heading, where the text begins)."""
    start = next((index for index, block in enumerate(blocks[:60]) if isinstance(block, Para) and _CONTENTS.match(block.cell.norm.strip())), None)
    if start is None:
        return set()
    found = {start}
    first: str | None = None
    skipped = 0
    for index in range(start + 1, len(blocks)):
        block = blocks[index]
        if not isinstance(block, Para):
            break
        norm = block.cell.norm.strip()
        key = re.sub(r"\s+", "", _PAGE.sub("", norm) if has_leaders(norm) else norm)
        if first is not None and key == first:
            break
        numbered = read_ordinal(norm) is not None or _WIDE_DOT.match(block.cell.raw.strip()) is not None  # 4．2025年…表
        entry = (numbered and len(norm) <= 60 and "。" not in norm) or has_leaders(norm)
        entry = entry or (first is not None and _LEADERS_ONLY.fullmatch(norm) is not None)  # an entry's leaders wrapped onto a line
        if not entry and first is None and skipped < _BEFORE_ENTRIES and _DATED.match(norm):
            skipped += 1  # 目录|公开时间:2024年9月30日|第一部分…: a date set between the word and the entries is no entry
            continue
        if not entry and not (first is not None and len(norm) <= 8 and "。" not in norm):
            break
        first = first or key
        found.add(index)
    return found if len(found) > 2 else set()
