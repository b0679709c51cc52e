"""Ingest stage, narratives: the text no mapper placed, kept for the text rules.

Text rules read prose fields and claims; a paragraph nobody placed (a section the template does not
map, a line between two parts, a blank template's instructions) would otherwise never be checked.
Each run of consecutive paragraphs none of whose characters went anywhere becomes one or more
paragraphs of `/unplaced` (lines a layout wrapped are joined, as the claims reader joins them, so a
bracket opened on one line and closed on the next is one pair); a paragraph any field read from is
left out, so nothing is reported twice. The prose of a section left unread (a 决算's 三公 account, a budget's
project accounts) is accounted for, but no field holds it: it is kept here too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.claim_text import paragraphs
from budgetcheck.ingest.narrative.source import Block, Para

_OPENS = re.compile(r"\s*(第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]+[、.．)）])")  # a heading or list item begins


def put_unplaced(builder: Builder, blocks: Sequence[Block], kept_out: set[int]) -> None:
    """Put every paragraph of `blocks` that no field read (lines in `kept_out` aside) under /unplaced."""
    runs: list[list[tuple[int, str]]] = [[]]
    read = [_read(builder, block, kept_out) for block in blocks]
    for number, block in enumerate(blocks):
        placed = read[number] or _part_of_a_read_sentence(blocks, read, number)
        if placed:
            if runs[-1]:
                runs.append([])
            continue
        if block.line in builder.alone and runs[-1]:
            runs.append([])
        runs[-1].append((block.line, " " * (block.cell.column - 1) + block.cell.raw))
        if block.line in builder.alone:
            runs.append([])
    texts: list[str] = []
    for run in runs:
        for paragraph in paragraphs(run, frozenset()):
            text = paragraph.chars.strip()
            if not text:
                continue
            pointer = f"/unplaced/{len(texts)}"
            texts.append(text)
            builder.positions[pointer] = paragraph.at(len(paragraph.chars) - len(paragraph.chars.lstrip()))
    if texts:
        builder.data["unplaced"] = texts
        builder.positions["/unplaced"] = builder.positions["/unplaced/0"]


_SENTENCE_END = tuple("。！？!?；;")


def _read(builder: Builder, block: Block, kept_out: set[int]) -> bool:
    lines = [line for line, _, _ in block.cell.spans(0, max(len(block.cell.raw), 1))] if isinstance(block, Para) else []
    return not lines or block.line in kept_out or any(builder.consumed.get(line) and line not in builder.set_aside for line in lines)


def _part_of_a_read_sentence(blocks: Sequence[Block], read: list[bool], number: int) -> bool:
    """A line a layout cut from a sentence a field read (“…（项）。主要用于：” above the line the claims reader
    took, or “公”经费支出。” below it) is that sentence's, not a paragraph of its own: left alone it would read
    as a reason left empty or a quotation mark never closed."""
    block = blocks[number]
    if not isinstance(block, Para):
        return False
    text = block.cell.raw.strip()
    after = number + 1 < len(blocks) and read[number + 1] and isinstance(blocks[number + 1], Para) and blocks[number + 1].line == _last(block) + 1
    before = number > 0 and read[number - 1] and isinstance(blocks[number - 1], Para) and block.line == _last(blocks[number - 1]) + 1
    if not any(mark in text for mark in _CLAUSE_MARKS):  # a title (一、部门职责…) is a paragraph of its own
        return False
    runs_on = after and not text.endswith(_SENTENCE_END)
    previous = blocks[number - 1].cell.raw.rstrip() if before else ""
    ran_on = (
        before
        and any(mark in previous for mark in _CLAUSE_MARKS)  # the sentence above is prose, not a table's row
        and not previous.endswith(_SENTENCE_END)
        and not _OPENS.match(text)
        and not text.startswith(("注", "说明"))  # a table's note starts anew
    )
    return runs_on or ran_on


_CLAUSE_MARKS = "，。；：,;:！？!?"


def _last(block: Para) -> int:
    return block.cell.breaks[-1][1] if block.cell.breaks else block.line
