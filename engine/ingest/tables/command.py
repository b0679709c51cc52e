"""Ingest stage, tables: `budgetcheck extract FILE.xlsx|FILE.xls [-o OUT.yaml|OUT.json]`, the tables a workbook holds.

Writes `{tables, coverage}`: each standard table read (by its kind), and every kind's coverage state with
the reason when it was not read; with -o, beside it OUT.provenance.json gives each value's sheet and cell.
The reader's notes (a sheet it did not recognise, a cell it could not read) go to standard error, each at
its sheet!cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import checked_size
from budgetcheck.ingest.limits import DEFAULT_LIMITS
from budgetcheck.ingest.narrative.command import write_extracted
from budgetcheck.ingest.tables.document import read_workbook


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def run_extract_tables(file: Path, output: Path | None, lang: str, year: int | None = None) -> int:
    en = lang == "en"
    if output is not None and output.suffix.lower() not in (".yaml", ".yml", ".json"):
        _say(f"{output}: " + ("the output must end in .yaml, .yml or .json" if en else "输出文件须以 .yaml、.yml 或 .json 结尾"))
        return 2
    try:
        checked_size(file, DEFAULT_LIMITS)
        tables = read_workbook(file, year=year)
    except IngestError as error:
        _say(f"{file}: {'error' if en else '错误'} {error.code.id}: {error.message(lang)}")
        return 2
    except Exception as error:  # noqa: BLE001 — openpyxl raises many kinds for a file that is not a workbook
        _say(f"{file}: {'not a readable workbook' if en else '不是可读取的工作簿'}: {type(error).__name__}: {error}")
        return 2
    for note in tables.diagnostics:
        where = note.location(0)
        _say(f"{file}{'!' + str(where) if where else ''}: {'note' if en else '提示'} {note.rule}: {note.message(lang)}")
    read = sum(part.state == "read" for part in tables.coverage)
    _say(f"{file}: {'tables read' if en else '表格已读'} {read}/{len(tables.coverage)}")
    data = {
        "tables": tables.data,
        "coverage": {part.key.split("/", 1)[1]: {"state": part.state, **({"reason": part.reason(lang)} if part.reason(lang) else {})} for part in tables.coverage},
    }
    return write_extracted(file, output, data, lambda: _record(file, tables), lang)


def _record(file: Path, tables) -> dict:
    return {"source": str(file), "values": {pointer: place.as_dict() for pointer, place in tables.positions.items() if place is not None}}  # type: ignore[union-attr]
