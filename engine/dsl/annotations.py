"""Rule language: what the static checker learns about a rule's nodes and hands to the compiler."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field
from enum import Enum
from typing import Generic, TypeVar

from budgetcheck.dsl import ast
from budgetcheck.records import Record, record

N = TypeVar("N", bound=ast.Expr)
V = TypeVar("V")


class NameScope(Enum):
    """Where a bare name is looked up."""

    VAR = "var"  # a variable of `for`, `let` or a quantifier
    ITEM = "item"  # a field of the element under a filter
    ROOT = "root"  # a top-level field of the document


class Access(Enum):
    """What `obj[...]` does."""

    INDEX = "index"
    FILTER = "filter"


class NodeNotes(Generic[N, V]):
    """Notes on AST nodes by identity. Nodes are frozen dataclasses that compare by value (two `x` in
    one rule are equal), so a note is keyed on the node itself; each entry keeps its node, so that no
    identity is reused while the notes live."""

    __slots__ = ("_notes",)

    def __init__(self) -> None:
        self._notes: dict[int, tuple[N, V]] = {}

    def put(self, node: N, note: V) -> None:
        self._notes[id(node)] = (node, note)

    def get(self, node: N) -> V | None:
        found = self._notes.get(id(node))
        return found[1] if found is not None else None

    def __getitem__(self, node: N) -> V:
        return self._notes[id(node)][1]

    def update(self, other: NodeNotes[N, V]) -> None:
        self._notes.update(other._notes)


@record
class Annotations(Record):
    """How each name resolves, whether each subscript indexes or filters, and what each call to a function
    with a `prepare` step was prepared with, per document schema ($id -> note: the schema's narrative
    fields differ from one schema to another; the classification tables do not)."""

    scopes: NodeNotes[ast.Name, NameScope] = field(default_factory=NodeNotes)
    accesses: NodeNotes[ast.Subscript, Access] = field(default_factory=NodeNotes)
    prepared: NodeNotes[ast.Call, dict[str, object]] = field(default_factory=NodeNotes)

    def update(self, other: Annotations) -> None:
        """Take the notes of a check against another schema (a rule file may name several)."""
        self.scopes.update(other.scopes)
        self.accesses.update(other.accesses)
        for node, notes in other.prepared._notes.values():
            mine = self.prepared.get(node)
            self.prepared.put(node, {**(mine or {}), **notes})


class Prepared(Mapping[str, object]):
    """A call's prepared notes by schema $id, each made on its first use: what a rule file's notes restored from the
    rule cache hold (dsl/notes.py) instead of the values the checker made, so that a run prepares only for the
    schemas it meets. Read like the checker's dict (`in`, [], get, values): nothing else sees the difference."""

    __slots__ = ("_builds", "_made")

    def __init__(self, builds: dict[str, Callable[[], object]]) -> None:
        self._builds = builds
        self._made: dict[str, object] = {}

    def __getitem__(self, schema: str) -> object:
        if schema not in self._made:
            self._made[schema] = self._builds[schema]()
        return self._made[schema]

    def __contains__(self, schema: object) -> bool:
        return schema in self._builds

    def __iter__(self) -> Iterator[str]:
        return iter(self._builds)

    def __len__(self) -> int:
        return len(self._builds)


def prepared_for(notes: Mapping[str, object], schema: str | None) -> object:
    """A call's note for the document's schema; a context that names no schema (a test's) gets the first schema's.
    Only the note asked for is made (Prepared)."""
    if not notes:
        return None
    return notes[schema] if schema in notes else notes[next(iter(notes))]  # type: ignore[index]
