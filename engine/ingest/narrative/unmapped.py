"""Ingest stage, narratives: nothing dropped silently; figures no mapper placed, and paragraphs no mapper read, become warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from budgetcheck import codes
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.sentences import sentence_around
from budgetcheck.ingest.narrative.source import Block, Cell, Para

_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_YEAR = re.compile(r"[0-9]{4}(?=\s*(?:年|-[0-9]{1,2}-))|(?<=月)[0-9]{1,2}(?=\s*日)|(?<=年)[0-9]{1,2}(?=\s*月)")
_LIST_ORDINAL = re.compile(r"(?:(?<=^)|(?<=[\s。;:,(]))[0-9]{1,2}(?=[、.)](?![0-9]))")
# a classification code the text names with its level, （201类） / (20113款): a code, not a figure
_CODE = re.compile(r"(?<=[（(])\s*[0-9]{2,7}(?=\s*(?:类|款|项)\s*[）)])")
# the number of a figure, a table or an attachment the text names (（图1：收入决算结构图）, 表 2：收入决算表, 附件3): a label
_LABEL = re.compile(r"(?:(?<=图)|(?<=表)|(?<=附件)|(?<=附表))\s*[0-9]{1,2}(?![0-9.,])")
_SNIPPET = 60


def cells_of(blocks: Sequence[Block]) -> Iterator[Cell]:
    for block in blocks:
        if isinstance(block, Para):
            yield block.cell
        else:
            yield from block.cells


def _figures_left(builder: Builder, cell: Cell) -> list[re.Match[str]]:
    skipped = _not_figures(cell.norm)
    return [
        m for m in _NUMBER.finditer(cell.norm) if m.start() not in skipped and not builder.is_consumed(*cell.at(m.start()))
    ]


def _sentence(norm: str, at: int) -> tuple[int, int]:
    """The sentence (or clause up to ；) around a figure, never cut inside brackets or quotation marks."""
    return sentence_around(norm, at, "。;!?")


def warn_unmapped(builder: Builder, blocks: Sequence[Block], pointer: str = "") -> None:
    for cell in cells_of(blocks):
        reported: set[int] = set()
        for number in _figures_left(builder, cell):
            start, end = _sentence(cell.norm, number.start())
            line = cell.at(number.start())[0]
            if start in reported:
                continue
            reported.add(start)
            found = [m.group() for m in _figures_left(builder, cell) if start <= m.start() < end]
            snippet = cell.raw[start:end].strip()
            snippet = snippet if len(snippet) <= _SNIPPET else snippet[:_SNIPPET] + "…"
            builder.warn(
                cell,
                number.start(),
                codes.EXTRACT_UNMAPPED_NUMBER,
                f"第 {line} 行的数字 {'、'.join(found)} 没有对应到文档的任何字段：“{snippet}”",
                f"line {line}: the figure(s) {'; '.join(found)} were not mapped to any field: \"{snippet}\"",
                pointer,
            )


def warn_unplaced(builder: Builder, blocks: Sequence[Block], stated: frozenset[int] | set[int] = frozenset(), pointer: str = "") -> None:
    """A paragraph that no mapper read at all (text with no figures; figures are reported by warn_unmapped). A
    line of a sentence claims were read from (`stated`: its reason, or a wrapped 类/款/项 name) was read with it."""
    for block in blocks:
        if not isinstance(block, Para):
            continue
        cell = block.cell
        if builder.consumed.get(cell.line) or cell.line in stated or _NUMBER.search(cell.norm):
            continue
        snippet = cell.raw if len(cell.raw) <= _SNIPPET else cell.raw[:_SNIPPET] + "…"
        builder.warn(
            cell,
            0,
            codes.EXTRACT_UNPLACED_TEXT,
            f"第 {cell.line} 行的文字没有对应到文档的任何字段：“{snippet}”",
            f"line {cell.line}: this text was not placed in any field: \"{snippet}\"",
            pointer,
        )


def _not_figures(text: str) -> set[int]:
    """Where a number is a year, a list number, a classification code or a figure's or table's label, not a figure."""
    found = {m.start() for m in _YEAR.finditer(text)} | {m.start() for m in _LIST_ORDINAL.finditer(text)}
    labels = [*_CODE.finditer(text), *_LABEL.finditer(text)]
    return found | {m.start() + len(m.group()) - len(m.group().lstrip()) for m in labels}


def figure_counts(builder: Builder, blocks: Sequence[Block], kept_out: set[int]) -> tuple[int, int]:
    """Figures of the text (years and list numbers aside, lines in `kept_out` skipped), and how many went somewhere."""
    total = mapped = 0
    for cell in cells_of(blocks):
        if cell.line in kept_out:
            continue
        skipped = _not_figures(cell.norm)
        for number in _NUMBER.finditer(cell.norm):
            if number.start() in skipped:
                continue
            total += 1
            mapped += builder.is_consumed(*cell.at(number.start()))
    return total, mapped
