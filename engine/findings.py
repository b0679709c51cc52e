"""Base: the value types every stage shares. A finding is data: a stable code, a severity, a message
in each language, and the places concerned; a not-applicable outcome says why a rule could not judge.

A finding made by a rule also carries what a reader needs to act on it: the rule's title, the
regulation it cites, the fix hint, and the document values the rule read (pointer, value as shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from budgetcheck.records import Record, record

Position = tuple[int, int]
"""Where a value is written in its source: 1-based line, 1-based column."""


@record
class CellPlace(Record):
    """Where a value stands in a table of a workbook or a Word document: the sheet (a Word table is named
    表格N) and the cell in A1 style, and the file when it is not the document's own (the workbook paired
    with a narrative). A clerk reads it as 收支总表!C12."""

    sheet: str
    cell: str
    file: str = ""

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, **({"file": self.file} if self.file else {})}


@record
class PagePlace(Record):
    """Where a value stands in a PDF: its page, its box (PDF points, origin top-left: x0, top, x1, bottom), and
    for a table cell the table's title and the labels of its row and column. A clerk reads it as
    第 12 页，支出预算总表，行政运行 行，项目支出 列."""

    page: int
    bbox: tuple[float, float, float, float] | None = None
    table: str = ""
    row: str = ""
    column: str = ""

    def text(self, lang: str = "zh") -> str:
        if lang == "en":
            parts = [f"page {self.page}", self.table, f"row {self.row}" if self.row else "", f"column {self.column}" if self.column else ""]
            return ", ".join(part for part in parts if part)
        parts = [f"第 {self.page} 页", self.table, f"{self.row} 行" if self.row else "", f"{self.column} 列" if self.column else ""]
        return "，".join(part for part in parts if part)

    def __str__(self) -> str:
        return self.text("zh")

    def as_dict(self) -> dict:
        out: dict = {"page": self.page}
        if self.bbox is not None:
            out["bbox"] = [round(value, 1) for value in self.bbox]
        for key, value in (("table", self.table), ("row_label", self.row), ("column_label", self.column)):
            if value:
                out[key] = value
        return out


Location = Position | CellPlace | PagePlace
"""A line and column of a text, a cell of a table, or a place on a page of a PDF."""


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label_zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """0 for the most serious: reports list errors before warnings before info."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message_zh: str
    message_en: str
    paths: tuple[str, ...] = ()
    locations: tuple[Location | None, ...] = field(default=(), compare=False)
    title_zh: str = field(default="", compare=False)
    title_en: str = field(default="", compare=False)
    citation: str = field(default="", compare=False)
    hint_zh: str = field(default="", compare=False)
    hint_en: str = field(default="", compare=False)
    values: tuple[tuple[str, str], ...] = field(default=(), compare=False)  # (pointer, value as shown)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def title(self, lang: str = "zh") -> str:
        return (self.title_en or self.title_zh) if lang == "en" else self.title_zh

    def hint(self, lang: str = "zh") -> str:
        return (self.hint_en or self.hint_zh) if lang == "en" else self.hint_zh

    @property
    def section(self) -> str:
        """The top-level part of the document the finding is about ("" for the document as a whole)."""
        first = self.paths[0] if self.paths else ""
        return first.split("/", 2)[1] if first.startswith("/") else ""

    def location(self, index: int) -> Location | None:
        return self.locations[index] if index < len(self.locations) else None

    def located(self, locations: tuple[Location | None, ...]) -> Finding:
        """A copy with its places located; a plain attribute copy, as dataclasses.replace would re-run __init__
        for each of the ~60 findings of a typical document."""
        copied = object.__new__(Finding)
        copied.__dict__.update(self.__dict__)
        object.__setattr__(copied, "locations", locations)
        return copied


@dataclass(frozen=True)
class NotApplicable:
    """A rule that could not judge a document (an input absent, a part not read, outside its period or
    applicability), and why."""

    rule: str
    reason_zh: str
    reason_en: str
    paths: tuple[str, ...] = ()
    unread: bool = False  # the rule needed a part of the document that extraction did not read

    def __init__(self, rule: str, reason_zh: str, reason_en: str, paths: tuple[str, ...] = (), unread: bool = False) -> None:
        # dataclasses keeps an __init__ the class writes: this one fills the fields in one step instead of five
        # object.__setattr__ calls (0.35 us against 0.6 us; some fifty outcomes a generated document, made in the
        # worker and again in the parent, batch.from_wire). Same fields, order and defaults as the declarations.
        self.__dict__.update(rule=rule, reason_zh=reason_zh, reason_en=reason_en, paths=paths, unread=unread)

    def reason(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh


OUT_OF_PERIOD = "outside the rule's effective period"  # how a NotApplicable for a rule's effective period begins, in English


def out_of_period(outcome: NotApplicable) -> bool:
    """Whether a rule was not applied because the document's year or date is outside its effective period."""
    return outcome.reason_en.startswith(OUT_OF_PERIOD)
