"""Ingest stage, tables: what the reader returns: a TableReading of frozen values. Every value keeps its printed precision and
where it came from; every reason for not reading is a located Problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from budgetcheck.ingest.tables.grid import TextLine


class Status(str, Enum):
    READ = "read"
    PARTLY_READ = "partly_read"
    RECOGNISED_NOT_READ = "recognised_not_read"
    UNRECOGNISED = "unrecognised"  # no standard-table title: not a table of the model (reported, never guessed)


class Effect(str, Enum):
    BLOCKING = "blocking"  # the table cannot be read: recognised_not_read
    PARTIAL = "partial"  # some rows or cells were not understood: partly_read
    INFO = "info"  # worth saying, changes nothing


@dataclass(frozen=True)
class Problem:
    code: str
    effect: Effect
    message: str
    where: object = field(default=None, compare=False)
    row: int | None = None  # grid row / column, when the problem is a cell's
    col: int | None = None


@dataclass(frozen=True)
class Value:
    amount: Decimal
    places: int  # digits after the point as printed (0 for a blank)
    blank: bool = False  # printed nothing: zero
    dash: bool = False  # printed a dash that this template uses for zero
    text: str = ""  # as printed
    where: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Unit:
    name: str  # 元 / 万元
    yuan: int  # 元 per unit
    where: object = field(default=None, compare=False)
    source: str = "unit_line"  # unit_line / header


@dataclass(frozen=True)
class Column:
    index: int
    labels: tuple[str, ...]  # header labels top-down, normalised
    key: str | None  # canonical concept (total, basic, code_class …); None: not in the vocabulary
    type: str | None
    side: str | None = None  # income / expenditure in two-sided tables
    panel: int | None = None  # 0, 1 … in panel tables
    measure: str = "current"
    where: object = field(default=None, compare=False)

    @property
    def name(self) -> str | None:
        """The canonical column name: the concept, suffixed by the measure unless it is the current figure."""
        if self.key is None:
            return None
        return self.key if self.measure == "current" else f"{self.key}_{self.measure}"

    @property
    def label(self) -> str:
        return "/".join(self.labels)


@dataclass(frozen=True)
class Row:
    index: int  # grid row
    kind: str  # item / total
    side: str | None = None
    panel: int | None = None
    key: str | None = None  # canonical key of a total row (total, income_total …)
    code: str | None = None
    level: str | None = None  # 类 / 款 / 项
    parent: str | None = None  # parent code, or the parent item's name
    name: str = ""
    ordinal: str | None = None  # 一、 / 1. / （一）
    depth: int | None = None  # outline depth of an item row (1 = 一、)
    under: str | None = None  # the total row an item row details (年初结转和结余 → 一、一般公共预算…)
    measure: str | None = None  # current / last_year … for 三公 rows
    values: dict = field(default_factory=dict, hash=False)  # column name -> Value
    texts: dict = field(default_factory=dict, hash=False)  # text column name -> str
    where: object = field(default=None, compare=False)
    notes: tuple[str, ...] = ()
    places: dict = field(default_factory=dict, hash=False, compare=False)  # "code" / "name" -> the cell printing it


@dataclass(frozen=True)
class TableReading:
    status: Status
    kind: str | None
    variant: str | None
    title: TextLine | None
    year: int | None
    unit: Unit | None
    header_rows: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[TextLine, ...]
    empty: bool  # no figure printed anywhere in the table
    empty_note: TextLine | None
    problems: tuple[Problem, ...]
    where: object = field(default=None, compare=False)
    source: str = ""

    @property
    def items(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.kind == "item")

    @property
    def totals(self) -> dict:
        """key -> Row of every total row; a key printed on both sides is keyed by side."""
        return {r.key: r for r in self.rows if r.kind == "total"}

    def by_code(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.code == code), None)

    def reasons(self) -> tuple[str, ...]:
        return tuple(p.message for p in self.problems if p.effect is not Effect.INFO)
