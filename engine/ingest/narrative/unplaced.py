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

from collections.abc import Sequence

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.claim_text import paragraphs
from budgetcheck.ingest.narrative.source import Block, Para


def put_unplaced(builder: Builder, blocks: Sequence[Block], kept_out: set[int]) -> None:
    """Put every paragraph of `blocks` that no field read (lines in `kept_out` aside) under /unplaced."""
    runs: list[list[tuple[int, str]]] = [[]]
    for block in blocks:
        lines = [line for line, _, _ in block.cell.spans(0, max(len(block.cell.raw), 1))] if isinstance(block, Para) else []
        placed = not lines or block.line in kept_out or any(builder.consumed.get(line) and line not in builder.set_aside for line in lines)
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
