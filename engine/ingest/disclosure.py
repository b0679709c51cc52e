"""Ingest stage: a disclosure in two files, its narrative and the workbook of its standard tables, read as one
document; and which files of a folder are one disclosure.

Pairing (nothing is guessed):

1. A workbook (`.xlsx`, or Excel 97-2003's `.xls`) and a narrative (`.txt` or `.docx`) with the same file name in the
   same folder are one disclosure: `X.txt` + `X.xlsx`, `X.docx` + `X.xls`.
2. Otherwise a folder holding exactly one narrative and one workbook, neither paired by name, is one
   disclosure.
3. A pair whose narrative and tables name different publishers (a 部门 narrative beside 单位 tables) is not
   merged: it is reported (`INPUT-UNPAIRED`), since a 部门 and a 单位 disclosure must not be mixed.
4. Any workbook left (no narrative of its name, two narratives or two workbooks of its name, a folder of several narratives
   and workbooks that do not pair by name) is reported as `INPUT-UNPAIRED`; the narratives left are checked
   alone. A YAML or JSON submission carries its tables itself and is never paired.

The standard tables inside a `.docx` narrative go through the same table reader as a workbook's sheets.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from budgetcheck import codes
from budgetcheck.coverage import Coverage
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import checked_size
from budgetcheck.ingest.limits import Limits
from budgetcheck.records import Record, record

if TYPE_CHECKING:  # the table reader is imported by the two functions that read tables: a YAML, JSON or .txt check never needs it
    from budgetcheck.ingest.tables.document import TableSet

NARRATIVE_SUFFIXES = (".txt", ".docx", ".doc", ".wps")  # .doc/.wps only when they hold a .docx (extract_path)
WORKBOOK_SUFFIXES = (".xlsx", ".xls")


@record
class Pair(Record):
    """One disclosure in two files: the narrative and the workbook of its tables."""

    narrative: Path
    workbook: Path

    def __str__(self) -> str:
        return str(self.narrative)


def unpaired(workbook: Path, zh: str, en: str) -> IngestError:
    return IngestError(codes.INPUT_UNPAIRED, f"{zh}：{workbook.name}", f"{en}: {workbook.name}")


def pair_files(files: Iterable[Path]) -> tuple[list[Path | Pair], list[tuple[Path, IngestError]]]:
    """The documents among `files` (any folders), each narrative with its workbook where they pair, in sorted
    order; and each workbook that pairs with nothing, with why."""
    by_folder: dict[Path, list[Path]] = {}
    for path in files:
        by_folder.setdefault(path.parent, []).append(path)
    items: list[Path | Pair] = []
    problems: list[tuple[Path, IngestError]] = []
    for folder in sorted(by_folder):
        found, left = _pair_folder(sorted(by_folder[folder]))
        items.extend(found)
        problems.extend(left)
    items.sort(key=lambda item: str(item.narrative if isinstance(item, Pair) else item))
    return items, problems


def _pair_folder(paths: list[Path]) -> tuple[list[Path | Pair], list[tuple[Path, IngestError]]]:
    workbooks = [path for path in paths if path.suffix.lower() in WORKBOOK_SUFFIXES]
    narratives = [path for path in paths if path.suffix.lower() in NARRATIVE_SUFFIXES]
    others: list[Path | Pair] = [path for path in paths if path not in workbooks and path not in narratives]
    pairs: list[Pair] = []
    left: list[tuple[Path, IngestError]] = []
    loose_books = []
    for book in workbooks:
        named = [narrative for narrative in narratives if narrative.stem == book.stem]
        if named and any(other.stem == book.stem and other != book for other in workbooks):
            left.append((book, unpaired(book, "同名的工作簿不止一个（.xlsx 与 .xls），无法判断哪一个是说明的表格", "more than one workbook has its name (.xlsx and .xls)")))
        elif len(named) == 1:
            pairs.append(Pair(named[0], book))
        elif len(named) > 1:
            left.append((book, unpaired(book, "同名的说明不止一份（.txt 与 .docx），无法判断与哪一份配对", "more than one narrative has its name (.txt and .docx)")))
        else:
            loose_books.append(book)
    taken = {pair.narrative for pair in pairs}
    loose_texts = [narrative for narrative in narratives if narrative not in taken and not any(book.stem == narrative.stem for book in workbooks)]
    if len(loose_books) == 1 and len(loose_texts) == 1:
        pairs.append(Pair(loose_texts[0], loose_books[0]))
        loose_books, taken = [], taken | {loose_texts[0]}
    for book in loose_books:
        left.append((book, unpaired(book, "目录中没有与之同名的说明，也不是一份说明配一个工作簿，无法确定它属于哪份说明", "no narrative has its name, and the folder is not one narrative with one workbook")))
    alone: list[Path | Pair] = [narrative for narrative in narratives if narrative not in taken]
    return [*pairs, *alone, *others], left


def load_pair(pair: Pair, limits: Limits) -> SourceDocument:
    """The narrative extracted, its workbook's tables read into it (in the document's year), every table
    value located at its sheet and cell in the workbook."""
    from budgetcheck.ingest.narrative import extract_path
    from budgetcheck.ingest.tables.document import read_workbook  # 30 ms of imports that a YAML, JSON or .txt check need not pay

    document = extract_path(pair.narrative, limits).document
    checked_size(pair.workbook, limits)
    tables = read_workbook(pair.workbook, year=_year(document), file=pair.workbook.name)
    said, shown = _publisher(document), tables.publisher
    if said and shown and said != shown:
        raise unpaired(pair.workbook, f"说明是{said}的，表格却是{shown}的，不能合并为一份公开", f"the narrative is a {said} disclosure and the tables a {shown} one; they are not merged")
    return merge(document, tables)


def with_docx_tables(document: SourceDocument, path: Path) -> SourceDocument:
    """A .docx narrative with the standard tables it holds, read by the table reader (when it holds any)."""
    from budgetcheck.ingest.tables.document import read_docx  # see load_pair

    tables = read_docx(path, year=_year(document))
    if not any(part.state != "absent" for part in tables.coverage):
        return document  # no standard table in it (its performance or asset tables are the narrative's)
    return merge(document, tables)


def merge(document: SourceDocument, tables: TableSet) -> SourceDocument:
    if isinstance(document.data, dict) and tables.data:
        document.data["tables"] = tables.data
    document.positions.update(tables.positions)
    document.coverage = document.coverage.with_tables(tables.coverage) if document.coverage is not None else Coverage((), tables.coverage)
    document.diagnostics = list(document.diagnostics) + tables.diagnostics
    return document


def _year(document: SourceDocument) -> int | None:
    metadata = document.data.get("metadata") if isinstance(document.data, dict) else None
    year = metadata.get("fiscal_year") if isinstance(metadata, dict) else None
    return year if isinstance(year, int) else None


def _publisher(document: SourceDocument) -> str | None:
    metadata = document.data.get("metadata") if isinstance(document.data, dict) else None
    title = str(metadata.get("title") or "") if isinstance(metadata, dict) else ""
    said = {word for word in ("部门", "单位") if f"{word}预算" in title or f"{word}决算" in title}
    return said.pop() if len(said) == 1 else None
