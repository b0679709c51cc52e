"""Ingest stage, narratives: an extraction of the normalised text, located in the original (normal.py).

Readers find every position in the normalised text; this takes each one back at the end: the
document's positions, the values' provenance (column span and snippet), the diagnostics and the
coverage gaps. Line numbers never change; a column moves only on a line the normalisation shortened
(a pinyin gloss removed). One more diagnostic says, once, that traditional characters or glosses were
read as simplified text; another, that the text stops mid-sentence and that unfinished sentence was left unread.
"""

from __future__ import annotations

from dataclasses import replace

from budgetcheck import codes
from budgetcheck.coverage import ABSENT, CUT_OFF, PARTLY_READ, READ, Gap, PartCoverage
from budgetcheck.findings import Finding
from budgetcheck.ingest.narrative.model import Extraction, ExtractionWarning, Provenance
from budgetcheck.ingest.narrative.normal import Origin, diagnostic


def relocated(extraction: Extraction, origin: Origin) -> Extraction:
    said = diagnostic(origin)
    if not origin.lines and said is None and origin.cut is None:
        return extraction
    document = extraction.document
    document.positions = {pointer: _place(origin, place) for pointer, place in document.positions.items()}
    warnings = [replace(warning, column=origin.column(warning.line, warning.column)) for warning in extraction.warnings]
    document.diagnostics = [_finding(origin, finding) for finding in document.diagnostics]
    if said is not None:
        note = ExtractionWarning(1, 1, codes.EXTRACT_NORMALISED.id, *said)
        warnings.insert(0, note)
        document.diagnostics.insert(0, codes.EXTRACT_NORMALISED.finding(*said, (), ((1, 1),)))
    if origin.cut is not None:
        line, column, text = origin.cut
        shown = text if len(text) <= 40 else text[:40] + "…"
        zh, en = f"第 {line} 行起最后一句没有写完（节选或截断）：“{shown}”；这半句未抽取、未检查", f"line {line}: the last sentence is unfinished (an excerpt or a cut page): '{shown}'; it was neither read nor checked"
        place = (line, origin.column(line, column))
        warnings.append(ExtractionWarning(*place, codes.EXTRACT_CUT.id, zh, en))
        document.diagnostics.append(codes.EXTRACT_CUT.finding(zh, en, (), (place,)))
    if document.coverage is not None:
        parts = tuple(replace(part, gaps=tuple(_gap(origin, gap) for gap in part.gaps)) for part in document.coverage.parts)
        if origin.cut is not None:
            parts = _cut_off(parts, origin.cut[0])
        document.coverage = replace(document.coverage, parts=parts)
    provenance = {pointer: _provenance(origin, record) for pointer, record in extraction.provenance.items()}
    return replace(extraction, provenance=provenance, warnings=warnings)


def _cut_off(parts: tuple[PartCoverage, ...], line: int) -> tuple[PartCoverage, ...]:
    """A text that stops mid-sentence at `line` (an excerpt, a cut page): a part with no heading in it may be in what
    was cut off, and the part the cut falls in was not seen whole; neither says anything about the document."""
    headed = [part for part in parts if part.line is not None and part.line <= line]
    last = max(headed, key=lambda part: part.line or 0, default=None)
    out = []
    for part in parts:
        if part.state == ABSENT:
            part = replace(part, state=CUT_OFF, reason_zh=f"文本在第 {line} 行截断，此部分可能在截去的内容中", reason_en=f"the text is cut at line {line}; this part may be in what was cut off")
        elif part is last and part.state == READ:
            part = replace(part, state=PARTLY_READ, reason_zh=f"文本在此部分中（第 {line} 行）截断", reason_en=f"the text is cut inside this part (line {line})")
        out.append(part)
    return tuple(out)


def _place(origin: Origin, place: object) -> object:
    if isinstance(place, tuple) and len(place) == 2 and all(isinstance(value, int) for value in place):
        line, column = place
        return line, origin.column(line, column)
    return place


def _finding(origin: Origin, finding: Finding) -> Finding:
    return finding.located(tuple(_place(origin, place) for place in finding.locations))  # type: ignore[misc]


def _gap(origin: Origin, gap: Gap) -> Gap:
    end = gap.column + len(gap.snippet)
    return Gap(gap.line, origin.column(gap.line, gap.column), origin.snippet(gap.line, gap.column, end, gap.snippet))


def _provenance(origin: Origin, record: Provenance) -> Provenance:
    if record.line not in origin.lines:
        return record
    text = origin.snippet(record.line, record.column, record.end_column, record.text)
    column = origin.column(record.line, record.column)
    end = origin.column(record.line, record.end_column) if text is not record.text else column + len(text)
    return replace(record, column=column, end_column=end, text=text)
