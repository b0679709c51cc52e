"""Ingest stage, narratives: what was read of each part of the document (its coverage), after every mapper ran.

A part's text is the lines its section (or, in the Shanghai 其他相关情况说明, its numbered sub-part)
covers (`Builder.owners`). A part whose mapper wrote it is read, or partly read when a figure or a
paragraph of its text went nowhere (the extraction's own warnings, which name their line), or when
the template says tables feed it and those tables were not read. A part no mapper wrote is
recognised when its heading was found, or when any line of the whole text holds one of its heading
words (headings.py); else it is absent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from budgetcheck import codes
from budgetcheck.coverage import (
    ABSENT,
    PARTLY_READ,
    READ,
    RECOGNISED_NOT_READ,
    Coverage,
    Gap,
    PartCoverage,
    gaps_by_line,
)
from budgetcheck.ingest.narrative import headings
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.model import ExtractionWarning
from budgetcheck.ingest.narrative.sections import Section, Split
from budgetcheck.ingest.narrative.source import Block, has_leaders
from budgetcheck.ingest.narrative.unmapped import cells_of, figure_counts
from budgetcheck.ingest.tables.vocabulary import bundled_vocabulary

_GAPS = {codes.EXTRACT_UNMAPPED_NUMBER.id, codes.EXTRACT_UNPLACED_TEXT.id}
_SNIPPET = re.compile(r"“(.*)”\s*$")


def coverage(builder: Builder, split: Split, blocks: Sequence[Block], warnings: Sequence[ExtractionWarning], kept_out: set[int]) -> Coverage:
    """The coverage of every part the template publishes, of its tables, and of the figures of its text
    (the lines in `kept_out`, a contents page, are not text to read)."""
    template = split.template
    lines = [line for cell in cells_of(blocks) for line in cell.source_lines()]
    tables = [_table(section, index) for index, section in enumerate(s for s in split.sections if s.key in template.tables)]
    # any template: a text read by one without table sections (the flattened copy of a Shanghai budget, its centred
    # titles lost, falls to the 2016 profile) still names its tables, and they are there, not unpublished
    tables += listed_tables(lines, {table.key for table in tables})
    unread_tables = [table for table in tables if table.state != READ]
    gaps: dict[str, list[Gap]] = {}
    for warning in warnings:
        owner = builder.owners.get(warning.line, "")
        if warning.code in _GAPS and owner:
            found = _SNIPPET.search(warning.message_zh)
            gaps.setdefault(owner, []).append(Gap(warning.line, warning.column, found.group(1) if found else ""))
    parts = tuple(_titled(_part(key, builder, split, lines, gaps.get(key, []), unread_tables)) for key in template.parts)
    in_tables = {id(block) for section in split.sections if section.key in template.tables for block in section.blocks}
    total, mapped = figure_counts(builder, [block for block in blocks if id(block) not in in_tables], kept_out)
    return Coverage(parts, tuple(tables), total, mapped)


def _title(key: str) -> str:
    return headings.TITLES[key][0]


def _titled(part: PartCoverage) -> PartCoverage:
    return replace(part, title_en=headings.TITLES[part.key][1]) if part.key in headings.TITLES else part


def _part(key: str, builder: Builder, split: Split, lines: list[tuple[int, str]], gaps: list[Gap], unread_tables: list[PartCoverage]) -> PartCoverage:
    template = split.template
    section = next((s for s in split.sections if template.part_of_section.get(s.key, s.key) == key and s.heading is not None), None)
    start = builder.positions.get(f"/{key}", (section.heading.line, 1) if section and section.heading else (None, None))[0]
    if builder.has(f"/{key}"):
        fed = template.fed_by.get(key)
        feeding = [table for table in unread_tables if fed is not None and fed.search(table.title)]
        if not gaps and not feeding:
            return PartCoverage(key, _title(key), READ, start)
        zh, en = [], []
        if gaps:
            zh.append(f"{len(gaps)} 处数字或文字未对应到字段")
            en.append(f"{len(gaps)} figures or sentences not mapped to a field")
        if feeding:
            named = "、".join(f"“{table.title}”（第 {table.line} 行起）" for table in feeding[:3]) + ("等" if len(feeding) > 3 else "")
            zh.append(f"其数字还见于表格 {named}，表格未抽取")
            en.append(f"its figures are also in {len(feeding)} table(s) from line {feeding[0].line}, not extracted")
        return PartCoverage(key, _title(key), PARTLY_READ, start, "；".join(zh), "; ".join(en), gaps_by_line(gaps))
    if section is not None and section.heading is not None:
        reason = template.not_read.get(section.key, ("内容未抽取", "its content was not extracted"))
        return PartCoverage(key, _title(key), RECOGNISED_NOT_READ, section.heading.line, reason[0], reason[1])
    if key in builder.recognised:  # a part of a section of several (a 决算's 九 under 八) whose mapper could not read it
        line, zh, en = builder.recognised[key]
        return PartCoverage(key, _title(key), RECOGNISED_NOT_READ, line, zh, en)
    sighting = headings.find(key, lines)
    if sighting is not None:
        return PartCoverage(
            key, _title(key), RECOGNISED_NOT_READ, sighting.line,
            f"第 {sighting.line} 行有“{sighting.text}”，其内容未抽取", f"line {sighting.line} names it ('{sighting.text}'); its content was not extracted",
        )  # fmt: skip
    return PartCoverage(key, _title(key), ABSENT, None, "全文没有此部分的任何标题用语", "no heading word of this part anywhere in the text")


def _table(section: Section, index: int) -> PartCoverage:
    """A table set as layout text: recognised by its title, not read (its columns cannot be told apart without
    guessing). A title the table vocabulary knows makes it that standard table (`tables/<kind>`), so rules
    about that table are not applicable rather than told it is missing."""
    line = section.heading.line if section.heading is not None else None
    match = bundled_vocabulary().match_title(section.title)
    key = f"tables/{match.kind}" if match is not None else f"table-{index + 1}"
    return PartCoverage(key, section.title, RECOGNISED_NOT_READ, line, "表格以版式文本排列，未抽取", "a table set as layout text, not extracted")


_LEADERS = re.compile(r"\s*(?:…{2,}|\.{4,}|·{4,}).*$")
_OPEN_BRACKET = re.compile(r"[（(][^（）()]*$")
_CLOSING = re.compile(r"^[^（）()]*[）)]\s*$")


def listed_tables(lines: Sequence[tuple[int, str]], seen: set[str]) -> list[PartCoverage]:
    """Standard tables a line names by their title (a contents page's entry, a list of the tables) that no table
    section of the text was recognised as: the table is there under a title its extraction altered or cut
    (“2025年部门收入预算总” with no 表, a character lost), or it was not found; which of the two is not known, so its
    rules are not applicable (“未公开部门收入总表” would be a false error) and the coverage says why."""
    vocabulary, seen = bundled_vocabulary(), set(seen)
    found: list[PartCoverage] = []
    for index, (number, text) in enumerate(lines):
        tail = lines[index + 1][1].strip() if index + 1 < len(lines) else ""
        if ("表" not in text and "表" in tail or _OPEN_BRACKET.search(text) and _CLOSING.search(tail)) and len(tail) <= 12:
            text = text.rstrip() + tail  # …“三公”经费支出 | 表, …明细表（按经 | 济分类）: a title wrapped onto the next line
        if "表" not in text:
            continue  # every standard title ends in 表 (the vocabulary's patterns): the other lines cost no match
        title = _LEADERS.sub("", text).strip() if has_leaders(text) else text.strip()
        match = vocabulary.match_title(title) if len(title) <= 60 else None
        key = f"tables/{match.kind}" if match is not None else None
        if key is None or key in seen:
            continue
        seen.add(key)
        found.append(PartCoverage(
            key, title, RECOGNISED_NOT_READ, number,
            f"第 {number} 行列出此表，正文中未能认出该表的标题，未抽取；是否公开不作判断",
            f"line {number} names this table, but no table of the text could be recognised as it; not extracted, whether it is published is not judged",
        ))  # fmt: skip
    return found
