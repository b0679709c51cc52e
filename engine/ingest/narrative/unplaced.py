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
from budgetcheck.ingest.narrative.claim_text import left_margin, paragraphs
from budgetcheck.ingest.narrative.sentences import SENTENCE_END, sentence_spans
from budgetcheck.ingest.narrative.source import Block, Para

_OPENS = re.compile(r"\s*(第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]+[、.．)）])")  # a heading or list item begins


def put_unplaced(builder: Builder, blocks: Sequence[Block], kept_out: set[int], cut: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    """Put every paragraph of `blocks` that no field read (lines in `kept_out` aside) under /unplaced.
    Each whole sentence of a line or a wrapped paragraph the claims reader read from that no claim and no field holds is put
    there too: “…缩减公务接待开支。其中。”, a figure-less “…决算数小于年初预算数的主要原因是…。” or a blank template's
    “上海市 XX 局 2024 年度收入支出总计 XXX 万元。” beside the figures would otherwise reach no text rule; so is the end
    of a sentence begun in an unplaced paragraph just above.
    A line in `cut` (a page's first line, begun in a sentence the page does not hold) gives none: it is not judged."""
    runs: list[list[tuple[int, str]]] = [[]]
    read = [_read(builder, block, kept_out) for block in blocks]
    stated = _claim_sentences(builder)
    for number, block in enumerate(blocks):
        placed = read[number] or _part_of_a_read_sentence(blocks, read, number)
        if placed:
            leftover = read[number] and isinstance(block, Para) and block.line not in cut
            anew = _begins_anew(blocks, number) if leftover else True
            if leftover and not block.cell.breaks and not anew and runs[-1] and runs[-1][-1][0] == blocks[number - 1].line:
                # the line ends a sentence begun in the unplaced paragraph above (占本年支出合计的|XX%。与…): no claim
                # holds that sentence (it would have read the line above), so its end joins the paragraph
                spans = sentence_spans(block.cell.raw)
                if spans and block.cell.raw[: spans[0][1]].rstrip().endswith(_SENTENCE_END):
                    runs[-1].append((block.line, " " * (block.cell.column - 1) + block.cell.raw[: spans[0][1]]))
            if runs[-1]:
                runs.append([])
            if leftover:  # a paragraph wrapped over lines (a PDF's layer) as well as a line
                cell = block.cell
                for start, end in _sentences_no_claim_holds(cell.raw, stated, anew):
                    spans = cell.spans(start, end)
                    if any(line in cut for line, _, _ in spans) or any(
                        first < stop and begin < after for line, begin, stop in spans for first, after in builder.consumed.get(line, ())
                    ):
                        continue  # a field read from the sentence (a term defined, a figure mapped): it is that field's
                    runs[-1].extend(cell.source_lines(start, end))
                    runs.append([])
            continue
        if block.line in builder.alone and runs[-1]:
            runs.append([])
        runs[-1].append((block.line, " " * (block.cell.column - 1) + block.cell.raw))
        if block.line in builder.alone:
            runs.append([])
    texts: list[str] = []
    left = left_margin([line for block in blocks if isinstance(block, Para) for line in block.cell.source_lines()])
    for run in runs:
        for paragraph in paragraphs(run, frozenset(), left):
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


def _claim_sentences(builder: Builder) -> tuple[str, ...]:
    narrative = builder.data.get("narrative")
    claims = narrative.get("claims", ()) if isinstance(narrative, dict) else ()
    return tuple({claim["text"].strip() for claim in claims if isinstance(claim, dict) and isinstance(claim.get("text"), str)})


def _begins_anew(blocks: Sequence[Block], number: int) -> bool:
    """Whether a line's first sentence starts on it: the line above ends a sentence or is a title (blank lines between
    do not part them: a text layer often double-spaces the lines of one paragraph, as the claims reader knows)."""
    if number == 0 or not isinstance(blocks[number - 1], Para):
        return True
    above = blocks[number - 1]
    text = above.cell.raw.rstrip()
    if _OPENS.match(blocks[number].cell.raw) and not _DECIMAL.match(blocks[number].cell.raw):
        return True  # 2.收入情况。… below a numbered paragraph left without its 。 (…增长3%): the next item, not its end
    return text.endswith(_SENTENCE_END) or not any(mark in text for mark in _CLAUSE_MARKS)


_DECIMAL = re.compile(r"\s*\d+[.．]\d")  # 2.5%… on the line below …增长: a figure the layout wrapped, no item's number


def _sentences_no_claim_holds(text: str, stated: tuple[str, ...], anew: bool) -> list[tuple[int, int]]:
    """The whole sentences of a line (ending on a sentence mark, holding a Chinese character) that no claim's
    sentence holds; a first sentence begun on the line above is left to what read that line."""
    out = []
    for start, end in sentence_spans(text):
        if start == 0 and not anew:
            continue
        sentence = text[start:end].strip()
        if not sentence or sentence[-1] not in SENTENCE_END or not re.search(r"[\u4e00-\u9fff]", sentence):
            continue
        if any(sentence in claim or claim in sentence for claim in stated):
            continue
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        out.append((start + lead, end))
    return out


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
