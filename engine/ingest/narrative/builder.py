"""Ingest stage, narratives: the document under construction, each value set at a JSON pointer with the span it came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from budgetcheck import pointer as jp
from budgetcheck.codes import Code
from budgetcheck.ingest.narrative.model import ExtractionWarning, Provenance
from budgetcheck.ingest.narrative.numbers import Money
from budgetcheck.ingest.narrative.source import Cell


@dataclass
class Builder:
    unit: str = "万元"
    data: dict = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    provenance: dict[str, Provenance] = field(default_factory=dict)
    warnings: list[ExtractionWarning] = field(default_factory=list)
    consumed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    # per pointer of a figure put from printed text: the exponent of its last printed digit in the unit held
    precision: dict[str, int] = field(default_factory=dict)
    # source line -> the document part (top-level field) whose text it is, for the coverage of each part
    owners: dict[int, str] = field(default_factory=dict)
    # lines of prose accounted for by a section left unread: no field holds them, so the text rules still read them
    set_aside: set[int] = field(default_factory=set)
    # of those, the lines that are a text of their own (a heading, a cover line), never joined to the next
    alone: set[int] = field(default_factory=set)
    # pointers of values the text speaks of that the reader could not read: not the document's omission (coverage)
    undetermined: set[str] = field(default_factory=set)
    # parts whose heading a mapper found and could not read: part -> (line of the heading, why in Chinese, in English)
    recognised: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def put(self, pointer: str, value: object, cell: Cell, start: int = 0, end: int | None = None, unit: str | None = None) -> None:
        """Set `value` at `pointer`; `start`/`end` are offsets into the cell's text."""
        end = len(cell.raw) if end is None else end
        parent, key = self._parent(pointer)
        if isinstance(parent, list):
            parent.append(value)
        else:
            parent[key] = value
        line, column = cell.at(start)
        self.positions[pointer] = (line, column)
        self.provenance[pointer] = Provenance(line, column, column + end - start, cell.raw[start:end], unit)
        self.consume(cell, start, end)

    def put_fixed(self, pointer: str, value: object) -> None:
        """A value the text implies rather than prints (a constant, or inferred from wording): no span, no position."""
        parent, key = self._parent(pointer)
        parent[key] = value  # type: ignore[index]

    def put_money(self, pointer: str, money: Money, cell: Cell, label_start: int | None = None, sign: int = 1, unit: str | None = None) -> None:
        held = unit or self.unit
        value = money.to(held)
        self.put(pointer, -value if sign < 0 else value, cell, money.start, money.end, money.unit)
        self.precision[pointer] = money.exponent_in(held)
        if label_start is not None:
            self.consume(cell, label_start, money.end)

    def own(self, cells: Iterable[Cell], part: str) -> None:
        """The source lines of `cells` are the text of `part` (a later call for the same lines wins)."""
        for cell in cells:
            for line, _, _ in cell.spans(0, max(len(cell.raw), 1)):
                self.owners[line] = part

    def put_number(self, pointer: str, value: Decimal, cell: Cell, unit: str | None) -> None:
        self.put(pointer, value, cell, 0, len(cell.raw), unit)

    def mark(self, pointer: str, container: object, cell: Cell) -> None:
        """Create an object or list at `pointer`, located at `cell`."""
        parent, key = self._parent(pointer)
        if isinstance(parent, list):
            parent.append(container)
        else:
            parent.setdefault(key, container)
        self.positions.setdefault(pointer, cell.at(0))

    def has(self, pointer: str) -> bool:
        try:
            self.get(pointer)
        except (KeyError, IndexError, TypeError):
            return False
        return True

    def get(self, pointer: str) -> object:
        node: object = self.data
        for token in jp.parts(pointer):
            node = node[int(token)] if isinstance(node, list) else node[token]  # type: ignore[index]
        return node

    def consume(self, cell: Cell, start: int, end: int) -> None:
        for line, first, after in cell.spans(start, end):
            self.consumed.setdefault(line, []).append((first, after))

    def is_consumed(self, line: int, column: int) -> bool:
        return any(start <= column < end for start, end in self.consumed.get(line, ()))

    def warn(self, cell: Cell, offset: int, code: Code, zh: str, en: str, pointer: str = "") -> None:
        line, column = cell.at(offset)
        self.warnings.append(ExtractionWarning(line, column, code.id, zh, en, pointer))

    def _parent(self, pointer: str) -> tuple[object, str]:
        tokens = jp.parts(pointer)
        node: object = self.data
        for token in tokens[:-1]:
            if isinstance(node, list):
                node = node[int(token)]
            else:
                node = node.setdefault(token, {})  # type: ignore[union-attr]
        return node, tokens[-1]
