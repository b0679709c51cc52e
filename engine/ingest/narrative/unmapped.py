"""Ingest stage, narratives: nothing dropped silently; figures no mapper placed, and paragraphs no mapper read, become warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from budgetcheck import codes
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.sentences import SENTENCE_END, sentence_around
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
    line of a sentence claims were read from (`stated`: its reason, or a wrapped 类/款/项 name) was read with it; so
    is a paragraph that holds nothing a field could take (_holds_nothing)."""
    read = [isinstance(block, Para) and bool(builder.consumed.get(block.line) or block.line in stated) for block in blocks]
    empty = False  # the paragraph above held nothing and its sentence goes on
    for index, block in enumerate(blocks):
        if not isinstance(block, Para):
            empty = False
            continue
        cell = block.cell
        if read[index] or _NUMBER.search(cell.norm):
            empty = False
            continue
        below = blocks[index + 1] if index + 1 < len(blocks) else None
        states = read[index + 1] and _states_figures(below.cell.norm) if below is not None else False  # type: ignore[union-attr]
        if empty or _holds_nothing(cell.norm, index > 0 and read[index - 1], states):
            empty = not cell.norm.rstrip().endswith(_ENDS)
            continue
        empty = False
        snippet = cell.raw if len(cell.raw) <= _SNIPPET else cell.raw[:_SNIPPET] + "…"
        builder.warn(
            cell,
            0,
            codes.EXTRACT_UNPLACED_TEXT,
            f"第 {cell.line} 行的文字没有对应到文档的任何字段：“{snippet}”",
            f"line {cell.line}: this text was not placed in any field: \"{snippet}\"",
            pointer,
        )


# A figure-less paragraph that holds no fact a field could take: punctuation a layout left on a line of its own (a
# heading's 。 wrapped under it), the reason for what the paragraph above stated (财政拨款收入支出增加的主要原因是：…;
# 主要原因：…; 主要是…), a sentence announcing what the paragraph below states (财政拨款支出主要内容如下：). Its text
# still reaches the text rules (/unplaced); it is no gap in what was read, and its part is not left partly read for it.
_REASON = re.compile(r"(?:[^，,；;。:]{0,30}?的)?(?:主要)?原因(?:是|为|主要是|在于)?[:：]?|(?:这|其)?主要(?:是|系|由于)")
_ANNOUNCES = re.compile(r"如下[:：]?$")
_NOTHING = re.compile(r"[\W_]*")  # no character of a word: punctuation only
_ENDS = tuple(SENTENCE_END + "；;")


def _holds_nothing(norm: str, after_read: bool, before_states: bool) -> bool:
    text = norm.strip()
    return bool(
        _NOTHING.fullmatch(text)
        or (after_read and _REASON.match(text))
        or (before_states and _ANNOUNCES.search(text) and len(text) <= 40)
    )


def _states_figures(norm: str) -> bool:
    """Whether a paragraph states a figure (a year, a list number or a code aside): a heading (2、支出说明) states none."""
    skipped = _not_figures(norm)
    return any(m.start() not in skipped for m in _NUMBER.finditer(norm))


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
