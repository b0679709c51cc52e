"""Ingest stage, PDF: characters into lines in reading order, a cell's text, and the pdftotext-like layout
text the narrative extractor reads, with a map from each text line back to its page and box."""

from __future__ import annotations

import unicodedata

from budgetcheck.ingest.pdf.chars import _Char
from budgetcheck.ingest.pdf.model import Document, Line

def _is_wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def _lines(chars: list[_Char], page: int) -> list[Line]:
    """Group characters into lines by vertical overlap, then order each line by x; insert spaces for gaps."""
    if not chars:
        return []
    bands = _bands(chars)
    heights = sorted(c.bottom - c.top for c in chars if not c.c.isspace()) or [10.0]
    em = heights[len(heights) // 2]
    lines = []
    for index, band in enumerate(bands, start=1):
        band.sort(key=lambda c: c.x0)
        text, spans = _spaced(band, em / 2)
        lines.append(
            Line(text, page, index, (band[0].x0, min(c.top for c in band), max(c.x1 for c in band), max(c.bottom for c in band)),
                 spans, sorted(c.bottom - c.top for c in band)[len(band) // 2])
        )
    return lines


def _spaced(band: list[_Char], pitch: float) -> tuple[str, list[tuple[float, float]]]:
    """Text of a line with a space per `pitch` (half an em) of gap, at least one where the gap exceeds 0.15 em."""
    out = []
    spans = []
    prev = None
    for c in band:
        if prev is not None:
            gap = c.x0 - prev.x1
            # loose boxes are advance-based, so letters of one word touch: a gap over 0.15 em separates (Word puts ~0.16 em between CJK and Latin; pdftotext reads a space)
            if gap > 0.3 * pitch and not (c.c.isspace() or prev.c.isspace()):
                n = max(1, round(gap / pitch))
                out.append(" " * n)
                step = gap / n
                spans.extend((prev.x1 + i * step, prev.x1 + (i + 1) * step) for i in range(n))
        out.append(c.c)
        spans.append((c.x0, c.x1))
        prev = c
    return "".join(out), spans

def _bands(chars):
    """Characters grouped into lines: a character joins the line whose first character's vertical centre
    is within 0.3 of the larger height (text centred between two wrapped lines makes a line of its own,
    as in pdftotext), and each line is ordered by x. A character whose box lies within the line's height joins it
    however low its centre: a font whose boxes are the glyphs' own sets 、，。 low on the baseline (their centres a
    third of a line down), and on their own they made lines of their own ('一一般公共预算财政拨款收入、')."""
    bands = []
    ref = tol = top = bottom = None
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        h = c.bottom - c.top
        if bands and (c.cy - ref <= max(tol, 0.3 * h) or (c.top >= top - 0.5 and c.bottom <= bottom + 0.5)):
            bands[-1].append(c)
            top, bottom = min(top, c.top), max(bottom, c.bottom)
        else:
            bands.append([c])
            ref, tol, top, bottom = c.cy, 0.3 * h, c.top, c.bottom
    for band in bands:
        band.sort(key=lambda c: c.x0)
    return bands


def _cell_text(chars):
    """Lines of the cell top-down; within a line a space only between non-CJK words; lines joined
    without a space when either side is CJK (a wrapped name), else with one space."""
    out = ""
    for band in _bands(chars):
        band.sort(key=lambda c: c.x0)
        text = ""
        prev = None
        for c in band:
            if c.c.isspace():
                continue
            if prev is not None and c.x0 - prev.x1 > 0.6 * (c.bottom - c.top) and not (_is_wide(c.c) or _is_wide(prev.c)):
                text += " "
            text += c.c
            prev = c
        if out and text and not (_is_wide(out[-1]) or _is_wide(text[0])):
            out += " "
        out += text
    return out


def layout_text(doc: Document) -> tuple[str, list[tuple[int, Line | None, int]]]:
    """One text, pages separated by form feeds like pdftotext, for the narrative extractor; `where[n-1]`
    gives (page, Line, indentation) for text line n (see `locate`). Indentation and column gaps come from x positions (one column
    per half em), so gaps of 3+ spaces separate table columns as in `pdftotext -layout`."""
    out: list[str] = []
    where: list[tuple[int, Line | None, int]] = []
    for page in doc.pages:
        if not page.lines:
            out.append("\f" if out else "")
            where.append((page.number, None, 0))
            continue
        sizes = sorted(ln.size for ln in page.lines)
        pitch = sizes[len(sizes) // 2] / 2
        left = min(ln.bbox[0] for ln in page.lines)
        for i, ln in enumerate(page.lines):
            if i:
                # vertical white space becomes blank lines, as in pdftotext: the narrative extractor reads a
                # blank line as a paragraph end (a title is not joined to the line under it)
                gap = ln.bbox[1] - page.lines[i - 1].bbox[3]
                for _ in range(min(3, round(gap / (3 * pitch)))):
                    out.append("")
                    where.append((page.number, None, 0))
            lead = max(0, round((ln.bbox[0] - left) / pitch))
            prefix = "\f" if (i == 0 and out) else ""
            out.append(prefix + " " * lead + ln.text)
            where.append((page.number, ln, lead))
    return "\n".join(out) + "\n\f", where


def locate(where, line: int, column: int, end_column: int | None = None):
    """(page, bbox) of the text at 1-based (line, column[, end_column)) of layout_text's output."""
    page, ln, lead = where[line - 1]
    if ln is None:
        return page, None
    first = min(max(column - 1 - lead, 0), len(ln.spans) - 1)
    last = min(max((end_column or column + 1) - 2 - lead, first), len(ln.spans) - 1)
    return page, (ln.spans[first][0], ln.bbox[1], ln.spans[last][1], ln.bbox[3])

