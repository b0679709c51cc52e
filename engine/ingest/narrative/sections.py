"""Split a narrative into its sections by their headings, for the template that fits best."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.ingest.narrative.ordinals import Ordinal, read_ordinal
from engine.ingest.narrative.source import Block, Para


@dataclass(frozen=True)
class Template:
    name: str
    # (section key, pattern on the heading's title); the first matching pattern names the section
    sections: tuple[tuple[str, re.Pattern[str]], ...]


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
_LEADERS = re.compile(r"…{2}|\.{4}|·{4}")


def _title(para: Para, ordinal: Ordinal) -> str:
    return para.cell.norm[ordinal.length :].strip()


def _candidate(block: Block) -> tuple[Para, Ordinal] | None:
    if not isinstance(block, Para) or _LEADERS.search(block.cell.norm):
        return None
    ordinal = read_ordinal(block.cell.norm)
    if ordinal is None:
        return None
    title = _title(block, ordinal)
    if not title or len(title) > _MAX_TITLE or "。" in title or re.search(r"\s{3,}", title):
        return None
    return block, ordinal


def _key(template: Template, title: str) -> str | None:
    for key, pattern in template.sections:
        if pattern.search(title):
            return key
    return None


def _style(ordinal: Ordinal) -> tuple[str, bool]:
    return ordinal.style, ordinal.chinese


def _score(template: Template, candidates: Sequence[tuple[Para, Ordinal]]) -> tuple[int, tuple[str, bool] | None]:
    """How many distinct sections of `template` the best ordinal style finds, and that style."""
    found: dict[tuple[str, bool], set[str]] = {}
    for para, ordinal in candidates:
        key = _key(template, _title(para, ordinal))
        if key is not None:
            found.setdefault(_style(ordinal), set()).add(key)
    if not found:
        return 0, None
    style = max(found, key=lambda s: (len(found[s]), s[1]))
    return len(found[style]), style


def split(blocks: Sequence[Block], templates: Sequence[Template]) -> Split | None:
    candidates = [found for found in map(_candidate, blocks) if found is not None]
    best = max(templates, key=lambda template: _score(template, candidates)[0])
    score, style = _score(best, candidates)
    if score < 3 or style is None:
        return None
    return _cut(blocks, best, style)


def _cut(blocks: Sequence[Block], template: Template, style: tuple[str, bool]) -> Split:
    preamble: list[Block] = []
    sections: list[Section] = []
    duplicates: list[Para] = []
    seen: dict[str, tuple[Section, int]] = {}
    last = 0
    current: list[Block] = preamble
    for block in blocks:
        found = _candidate(block)
        if found is not None and _style(found[1]) == style:
            para, ordinal = found
            title = _title(para, ordinal)
            key = _key(template, title)
            if key is not None and key in seen and ordinal.number == seen[key][1]:
                duplicates.append(para)
                current = seen[key][0].blocks
                continue
            if key is not None and key not in seen and _follows(ordinal, last):
                section = Section(key, para, title)
            elif key is None and ordinal.chinese and ordinal.number == last + 1:
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


def _follows(ordinal: Ordinal, last: int) -> bool:
    """Chinese-numbered headings may skip a missing part; Arabic ones, which items reuse, may skip one at most."""
    if ordinal.chinese:
        return ordinal.number > last
    return last < ordinal.number <= last + 2


def headings_seen(blocks: Sequence[Block], limit: int = 12) -> list[str]:
    """Short numbered paragraphs, as a reader would take them for headings (for the 'not recognised' message)."""
    return [para.cell.raw for para, _ in (found for found in map(_candidate, blocks) if found is not None)][:limit]
