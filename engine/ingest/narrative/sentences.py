"""Ingest stage, narratives: where sentences end, never inside brackets or quotation marks.

A sentence mark (。！？!?) inside a pair of brackets or quotation marks ends no sentence:
“（其中：…0 个。绩效自评中共发现问题 0 个）。” is one sentence. A run of marks ends one sentence
together, so a doubled “。。” stays inside its sentence for the punctuation rules to see. A bracket
that never closes (or closes without opening) protects nothing: the marks after it end sentences
as usual, so one stray “（” cannot swallow a paragraph. Full- and half-width round brackets nest
alike here (“（款)” still holds its contents); whether they match is the text rules' question.
"""

from __future__ import annotations

import re
from functools import lru_cache

SENTENCE_END = "。！？!?"
# a half-width full stop that ends a sentence (a text typed with half-width marks: …其他收入0万元.收入较去年增加…; a line's
# end: …130万元.): after a word, a percentage, a closing mark or a comma left before it (…822.47万元,.授予…), a space
# between at most (…占1.12% .), and before a word, an opening mark, a space or the end. Not a decimal point, nor an
# ordinal's (一.收入: the caller's question).
_STOP_AFTER = "\u4e00-\u9fff%％)）”’,，、;；"
HALF_STOP = re.compile(rf"(?:(?<=[{_STOP_AFTER}])|(?<=[{_STOP_AFTER}] ))\.(?=[\u4e00-\u9fff(（“\s]|$)")


def ends_half_stop(text: str) -> bool:
    """Whether `text` (a line, right-stripped) ends with a half-width full stop that ends its sentence."""
    return text.endswith(".") and HALF_STOP.match(text, len(text) - 1) is not None
_OPEN = {"（": "(", "(": "(", "“": "“", "‘": "‘", "《": "《", "【": "【", "〔": "〔", "「": "「", "『": "『", "[": "["}
_CLOSE = {"）": "(", ")": "(", "”": "“", "’": "‘", "》": "《", "】": "【", "〕": "〔", "」": "「", "』": "『", "]": "["}


@lru_cache(maxsize=256)
def protected(text: str) -> tuple[bool, ...]:
    """For each character, whether it lies inside a pair of brackets or quotation marks that closes. Kept for
    the last paragraphs seen: the claims reader asks for the sentence around each figure of a paragraph."""
    inside = [False] * len(text)
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char in _OPEN:
            stack.append((_OPEN[char], index))
        elif char in _CLOSE:
            kind = _CLOSE[char]
            depth = next((level for level in range(len(stack) - 1, -1, -1) if stack[level][0] == kind), None)
            if depth is None:
                continue  # a closer without its opener protects nothing
            start = stack[depth][1]
            del stack[depth:]  # openers left inside the pair never closed: they protect nothing on their own
            for covered in range(start + 1, index):
                inside[covered] = True
    return tuple(inside)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order, covering it whole; a sentence keeps its closing marks."""
    inside = protected(text)
    spans: list[tuple[int, int]] = []
    start, index = 0, 0
    while index < len(text):
        if text[index] in SENTENCE_END and not inside[index]:
            end = index + 1
            while end < len(text) and text[end] in SENTENCE_END:
                end += 1
            spans.append((start, end))
            start = index = end
            continue
        index += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_around(text: str, at: int, stops: str = SENTENCE_END) -> tuple[int, int]:
    """(start, end) of the sentence holding offset `at`; `stops` adds clause marks (such as ；) that end one too."""
    inside = protected(text)
    start = at
    while start > 0 and not (text[start - 1] in stops and not inside[start - 1]):
        start -= 1
    end = at
    while end < len(text) and not (text[end] in stops and not inside[end]):
        end += 1
    while end < len(text) and text[end] in stops:
        end += 1
    return start, end
