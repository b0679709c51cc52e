"""Ingest stage, PDF: running headers and footers (页眉、页脚) are no part of the text.

A line at the top or the foot of a page (outside any ruled table, within _ZONE of the page's height, one of the
two nearest the edge) is furniture when the same line, its digits aside, stands there on at least half of the
pages that have text (and on two or more): “上海市普陀区人民政府办公室2025年部门预算” over every page, “第 3 页
共 22 页” under it. A lone page number there (3, - 3 -, 第3页, 3/22) is furniture on any page. Left in, a header
splits the sentence that runs on from one page to the next, and a footer's figures are unmapped numbers.
"""

from __future__ import annotations

import re
from collections import defaultdict

from budgetcheck.ingest.pdf.model import Line, Page

_ZONE = 0.12
_DIGITS = re.compile(r"[0-9０-９]+")
_PAGE_NUMBER = re.compile(r"^[-—–－_·.]*(?:第#页(?:[,，/]?共#页)?|#(?:/#)?|共#页第#页|page#(?:of#)?|#of#)[-—–－_·.]*$", re.IGNORECASE)


def drop_furniture(pages: list[Page]) -> None:
    """Take the running headers and footers out of each page's lines (counted in Page.furniture)."""
    with_text = [page for page in pages if page.lines]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    candidates: list[tuple[Page, Line, str, str]] = []
    for page in with_text:
        for line, zone in _edges(page):
            key = _key(line.text)
            if key:
                seen[(zone, key)].add(page.number)
                candidates.append((page, line, zone, key))
    need = max(2, (len(with_text) + 1) // 2)
    dropped: dict[int, set[int]] = defaultdict(set)
    for page, line, zone, key in candidates:
        if len(seen[(zone, key)]) >= need or _PAGE_NUMBER.match(key):
            dropped[page.number].add(id(line))
    for page in with_text:
        gone = dropped.get(page.number)
        if gone:
            page.lines = [line for line in page.lines if id(line) not in gone]
            page.furniture = len(gone)


def _edges(page: Page) -> list[tuple[Line, str]]:
    free = sorted((line for line in page.lines if line.table is None), key=lambda line: line.bbox[1])
    top = [(line, "head") for line in free[:2] if line.bbox[3] <= _ZONE * page.height]
    foot = [(line, "foot") for line in free[-2:] if line.bbox[1] >= (1 - _ZONE) * page.height and line not in (pair[0] for pair in top)]
    return top + foot


def _key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))
