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
from budgetcheck.coverage import Gap
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
        document.coverage = replace(document.coverage, parts=parts)
    provenance = {pointer: _provenance(origin, record) for pointer, record in extraction.provenance.items()}
    return replace(extraction, provenance=provenance, warnings=warnings)


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
