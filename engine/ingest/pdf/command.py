"""Ingest stage, PDF: `budgetcheck extract FILE.pdf [-o OUT.yaml|OUT.json]`, the document a disclosure PDF holds:
its narrative and its standard tables, and with -o, beside it OUT.provenance.json giving each value's page and box
(a table value also its table, row and column labels) and the coverage of every part and table."""

from __future__ import annotations

import sys
from pathlib import Path

from budgetcheck.findings import PagePlace
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import DEFAULT_LIMITS
from budgetcheck.ingest.narrative.command import write_extracted
from budgetcheck.ingest.pdf.document import load_pdf


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _place(place: object) -> dict | None:
    if isinstance(place, PagePlace):
        return place.as_dict()
    if isinstance(place, tuple):
        return {"line": place[0], "column": place[1]}
    return None


def run_extract_pdf(file: Path, output: Path | None, lang: str) -> int:
    en = lang == "en"
    if output is not None and output.suffix.lower() not in (".yaml", ".yml", ".json"):
        _say(f"{output}: " + ("the output must end in .yaml, .yml or .json" if en else "输出文件须以 .yaml、.yml 或 .json 结尾"))
        return 2
    try:
        document = load_pdf(file, DEFAULT_LIMITS)
    except IngestError as error:
        _say(f"{file}: {'error' if en else '错误'} {error.code.id}: {error.message(lang)}")
        return 2
    for note in document.diagnostics:
        where = note.location(0)
        place = where.text(lang) if isinstance(where, PagePlace) else ""
        _say(f"{file}{': ' + place if place else ''}: {'note' if en else '提示'} {note.rule}: {note.message(lang)}")
    if document.coverage is not None:
        _say(f"{file}: {document.coverage.summary(lang)}")
    return write_extracted(file, output, document.data, lambda: _record(file, document, lang), lang)


def _record(file: Path, document, lang: str) -> dict:
    return {
        "source": str(file),
        "values": {pointer: found for pointer, place in document.positions.items() if (found := _place(place)) is not None},
        "coverage": document.coverage.as_dict(lang) if document.coverage is not None else None,
    }
