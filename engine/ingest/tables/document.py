"""Ingest stage, tables: the standard tables of one disclosure as the document holds them: `tables.<kind>`
for the rules, a location per JSON pointer (sheet and cell), the coverage of every table, and the
reader's reasons as diagnostics.

Coverage per table (`tables/<kind>`): `read`; `partly_read` (some rows or cells not understood: a rule
touching the table is not applicable, since a sum over rows with a cell missing would be wrong, not
absent); `recognised_not_read` (its title found, its content not read, with the reason; also a kind
printed twice); `absent` (no table of the kind). An empty table is read: `empty` and `empty_note` are
facts about it, not coverage states. The 决算 基金/国资 tables of the Shanghai template print the labels of
their 本年支出 columns in the 合计 row (`HEADER-IN-BODY`): when that is all that was not read and the table
is empty with its note, it counts as read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from budgetcheck import codes
from budgetcheck.coverage import (
    ABSENT,
    PARTLY_READ,
    READ,
    RECOGNISED_NOT_READ,
    PartCoverage,
)
from budgetcheck.findings import CellPlace, Finding, Location, PagePlace
from budgetcheck.ingest.tables.model import Effect, Problem, Status, TableReading
from budgetcheck.ingest.tables.neartitle import near_kind
from budgetcheck.ingest.tables.reader import ReadContext, read_tables
from budgetcheck.ingest.tables.tojson import table_json
from budgetcheck.ingest.tables.vocabulary import Vocabulary, bundled_vocabulary

# units the document's money handles; a table in 千元 or 亿元 is recognised, not read
UNITS = ("元", "万元")

_REASONS_ZH = {
    "SOURCE-GRID": "表格结构无法还原",
    "TABLE-CUT-BY-SCAN": "表格可能延续到其后无文字层的页面，只见其一部分，未读取",
    "TABLE-LAYOUT-UNSEEN": "此标题的表格版式未见过（可能另含会议费、培训费或收入各栏），不能确认各列，未读取",
    "TABLE-NO-TITLE": "表格上方没有标题",
    "TABLE-NOT-STANDARD": "表中没有标准表格的列名，也没有金额，不是标准表格",
    "TABLE-UNKNOWN-TITLE": "标题不是标准表格的标题",
    "TABLE-NO-UNIT": "没有单位行（单位：元/万元），数字无法读取",
    "TABLE-UNIT-CONFLICT": "表格印有不止一种单位",
    "TABLE-UNIT-UNSUPPORTED": "单位不是元或万元",
    "TABLE-NO-HEADER": "没有表头行",
    "TABLE-UNKNOWN-COLUMN": "列名无法识别",
    "TABLE-MISSING-COLUMN": "缺少必需的列",
    "TABLE-DUPLICATE-COLUMN": "两列读作同一列名",
    "TABLE-NO-SIDE": "无法区分收入、支出两侧",
    "TABLE-NO-LABEL-COLUMN": "没有编码或名称列",
    "TABLE-TWICE": "同一种表格出现不止一次，无从判断以哪一张为准",
    "CELL-TEXT": "数字栏中是文字",
    "CELL-SEVERAL": "单元格中有不止一个数字（未画线的两格连在一起），未读取",
    "CELL-DASH": "数字栏中是短横线（本模板未规定其为零）",
    "CELL-FORMULA": "公式没有计算结果",
    "CELL-MERGED": "数字单元格跨列合并",
    "CELL-HIDDEN-DIGITS": "单元格存有比显示更多的小数，按显示值读取",
    "ROW-NO-CODE": "行没有科目编码",
    "ROW-SEVERAL": "行的名称中有不止一个编号的项目（未画线的两行连在一起），未读取",
    "ROW-PLACEHOLDER": "行是模板占位符",
    "CODE-BAD": "科目编码格式不对",
    "CODE-GAP": "科目编码缺少上级",
    "HEADER-IN-BODY": "合计行印着列名，其合计数未印出",
    "NOTE-PLACEHOLDER": "说明中仍有模板占位符",
}


@dataclass
class TableSet:
    """What a workbook (or the tables of a .docx) gives a document."""

    data: dict = field(default_factory=dict)  # kind -> the table as the rules read it
    positions: dict[str, Location] = field(default_factory=dict)
    coverage: tuple[PartCoverage, ...] = ()
    diagnostics: list[Finding] = field(default_factory=list)
    family: str | None = None  # budget / final: the family most of the recognised tables belong to
    publisher: str | None = None  # 部门 / 单位 when every title that says one says the same

    @property
    def unread(self) -> dict[str, tuple[str, str]]:
        return {part.key: part.not_extracted() for part in self.coverage if not part.judged}


def read_workbook(path: Path, vocab: Vocabulary | None = None, year: int | None = None, file: str = "") -> TableSet:
    """Every sheet of a workbook through the one table reader; `file` names the workbook in places (when it is not
    the document's own file). A file that is no readable workbook is an IngestError (workbook.py)."""
    from budgetcheck.ingest.tables.workbook import workbook_grids

    vocab = vocab or bundled_vocabulary()
    return assemble(read_tables(workbook_grids(path, vocab), ReadContext(vocab, year=year)), vocab, file)


def read_docx(path: Path, vocab: Vocabulary | None = None, year: int | None = None) -> TableSet:
    """The standard tables inside a .docx, through the same reader as a workbook's sheets."""
    from budgetcheck.ingest.tables.docx import grids_from_docx

    vocab = vocab or bundled_vocabulary()
    return assemble(read_tables(grids_from_docx(path, vocab), ReadContext(vocab, year=year)), vocab, "")


def assemble(readings: list[TableReading], vocab: Vocabulary, file: str = "") -> TableSet:
    readings = [_supported(reading) for reading in readings]
    found: dict[str, list[TableReading]] = {}
    for reading in readings:
        if reading.kind is not None:
            found.setdefault(reading.kind, []).append(reading)
    result = TableSet(family=_family(found, vocab), publisher=_publisher(readings))
    near = {}  # a kind not found -> the unrecognised table whose title is one edit from its (neartitle.py)
    for reading in readings:
        kind_near = near_kind(vocab, reading.title.text) if reading.kind is None and reading.title is not None else None
        if kind_near is not None and kind_near not in found:
            near.setdefault(kind_near, reading)
    # a table with no title at all could be any standard table: one not found may be it (never “没有此表” then)
    # (not one with neither a header word of a standard table nor an amount: a list of units, 序号 | 单位名称 | 备注)
    untitled = [
        reading for reading in readings
        if reading.kind is None and any(p.code == "TABLE-NO-TITLE" for p in reading.problems) and not any(p.code == "TABLE-NOT-STANDARD" for p in reading.problems)
    ]
    coverage = []
    for key, kind in vocab.kinds.items():
        listed = found.get(key, [])
        if not listed and key in near:
            coverage.append(_near(key, kind.name, near[key], file))
            continue
        if not listed:
            if kind.national and kind.family == result.family:
                coverage.append(_not_found(key, kind.name, untitled, file))
            continue
        reading = listed[0]
        state = _state(reading) if len(listed) == 1 else RECOGNISED_NOT_READ
        coverage.append(_part(key, kind.name, state, reading, len(listed), file))
        if state in (READ, PARTLY_READ):
            data, provenance = table_json(reading, vocab, f"/tables/{key}")
            result.data[key] = data
            for pointer, record in provenance.items():
                place = _labelled(_place(record.get("place"), file), record)
                if place is not None:
                    result.positions[pointer] = place
            result.positions.setdefault(f"/tables/{key}", _place(reading.title.where if reading.title else reading.where, file))  # type: ignore[arg-type]
    result.coverage = tuple(coverage)
    result.diagnostics = [note for reading in readings for note in _notes(reading, file)]
    return result


def _supported(reading: TableReading) -> TableReading:
    if reading.unit is None or reading.unit.name in UNITS or reading.status is not Status.READ and reading.status is not Status.PARTLY_READ:
        return reading
    problem = Problem("TABLE-UNIT-UNSUPPORTED", Effect.BLOCKING, f"the table is in {reading.unit.name}; only 元 and 万元 are read", reading.unit.where)
    return replace(reading, status=Status.RECOGNISED_NOT_READ, rows=(), problems=reading.problems + (problem,))


def _state(reading: TableReading) -> str:
    if reading.status is Status.READ:
        return READ
    if reading.status is Status.PARTLY_READ:
        unread = {p.code for p in reading.problems if p.effect is Effect.PARTIAL}
        if unread == {"HEADER-IN-BODY"} and reading.empty and reading.empty_note is not None:
            return READ  # only the unprinted 合计 of an empty table with its note (the lead's answer 2)
        return PARTLY_READ
    return RECOGNISED_NOT_READ


def _family(found: dict, vocab: Vocabulary) -> str | None:
    counts: dict[str, int] = {}
    for key in found:
        counts[vocab.kinds[key].family] = counts.get(vocab.kinds[key].family, 0) + 1
    return max(counts, key=lambda family: (counts[family], family == "budget")) if counts else None


def _publisher(readings: list[TableReading]) -> str | None:
    said = {word for reading in readings if reading.title is not None for word in ("部门", "单位") if word in reading.title.text}
    return said.pop() if len(said) == 1 else None


def read_grids(grids: list, vocab: Vocabulary | None = None, year: int | None = None) -> TableSet:
    """Grids from another source (a PDF's ruled tables) through the same reader."""
    vocab = vocab or bundled_vocabulary()
    return assemble(read_tables(grids, ReadContext(vocab, year=year)), vocab, "")


def _labelled(place: Location | None, record: dict) -> Location | None:
    """A place on a PDF page with what a clerk reads beside it: the table's title, the row's and the column's labels."""
    if not isinstance(place, PagePlace):
        return place
    return replace(place, table=str(record.get("table") or "").strip(), row=str(record.get("row_label") or "").strip(), column=str(record.get("column_label") or "").strip())


def _place(where: object, file: str) -> Location | None:
    if isinstance(where, PagePlace):
        return where
    if isinstance(where, CellPlace):
        return replace(where, file=file) if file else where
    sheet = getattr(where, "sheet", None)
    if isinstance(sheet, str):
        return CellPlace(sheet, "A1", file)
    return None


def _reason(problem: Problem) -> tuple[str, str]:
    zh = _REASONS_ZH.get(problem.code, problem.code)
    return zh, problem.message


def _part(key: str, name: str, state: str, reading: TableReading, copies: int, file: str) -> PartCoverage:
    place = _place(reading.title.where if reading.title else reading.where, file)
    if copies > 1:
        zh, en = _REASONS_ZH["TABLE-TWICE"], f"{copies} tables titled as {name}"
    else:
        blocking = [p for p in reading.problems if p.effect is not Effect.INFO]
        zh = "；".join(dict.fromkeys(_reason(p)[0] for p in blocking))
        en = "; ".join(dict.fromkeys(p.message for p in blocking))
    if state == READ:
        zh = en = ""
    return PartCoverage(f"tables/{key}", name, state, reason_zh=zh, reason_en=en, title_en=key.replace("_", " "), place=str(place) if place else "")


def _not_found(key: str, name: str, untitled: list[TableReading], file: str) -> PartCoverage:
    """A standard table no title names: absent, unless a table without any title is there, which may be it."""
    if not untitled:
        return PartCoverage(f"tables/{key}", name, ABSENT, reason_zh="没有此表", reason_en="no such table", title_en=key.replace("_", " "))
    place = _place(untitled[0].where, file)
    zh = f"未见此表的标题；有 {len(untitled)} 张表格没有标题、未能识别，此表可能是其中之一，未读取；是否公开不作判断"
    en = f"no title names this table; {len(untitled)} table(s) have no title and could not be recognised, it may be one of them; not read, whether it is published is not judged"
    return PartCoverage(f"tables/{key}", name, RECOGNISED_NOT_READ, reason_zh=zh, reason_en=en, title_en=key.replace("_", " "), place=str(place) if place else "")


def _near(key: str, name: str, reading: TableReading, file: str) -> PartCoverage:
    title = reading.title.text.strip()  # type: ignore[union-attr]
    place = _place(reading.title.where, file)  # type: ignore[union-attr]
    zh = f"标题“{title}”与{name}只差一个字，不能确认即是此表，未读取；是否公开不作判断"
    en = f"the title '{title}' is one character from {name}'s; not confirmed as that table, not read, whether it is published is not judged"
    return PartCoverage(f"tables/{key}", name, RECOGNISED_NOT_READ, reason_zh=zh, reason_en=en, title_en=key.replace("_", " "), place=str(place) if place else "")


def _notes(reading: TableReading, file: str) -> list[Finding]:
    """The reader's reasons as diagnostics, each at its cell."""
    notes = []
    name = reading.title.text.strip() if reading.title else "（无标题）"
    for problem in reading.problems:
        if problem.code in ("TABLE-NO-TITLE", "TABLE-UNKNOWN-TITLE"):
            code = codes.EXTRACT_TABLE_UNRECOGNISED
        elif problem.effect is Effect.INFO:
            code = codes.EXTRACT_TABLE_NOTE
        else:
            code = codes.EXTRACT_TABLE_NOT_READ
        zh, en = _reason(problem)
        place = _place(problem.where or reading.where, file)
        notes.append(code.finding(f"{name}：{zh}（{problem.code}）", f"{name}: {en} ({problem.code})", ("/tables",), (place,)))
    return notes
