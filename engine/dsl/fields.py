"""Rule language: the field catalogue, every path a rule may use in a document schema, and the field a rule most likely meant.

A path is written as in a rule: fields joined by dots from the document root, `[*]` for the
elements of a list (`performance.duties[*].goal`). Each field has its Chinese title from the
schema, its type as the static checker sees it and, for an amount, the field that says its unit
(the nearest enclosing section's `unit`, else `metadata.unit`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from budgetcheck.dsl.types import Type, from_schema
from budgetcheck.schema.navigation import SchemaNode

DOCUMENT_UNIT = "metadata.unit"
_DEPTH = 16  # a schema that refers to itself is listed to this depth
_KIND_EN = {"num": "number", "str": "text", "bool": "true/false", "obj": "mapping", "list": "list", "any": "any value", "null": "null"}


@dataclass(frozen=True)
class Field:
    path: str
    title: str
    type: Type = field(compare=False)
    amount: bool = False
    unit: str = ""  # the path of the `unit` that an amount is in, when that section declares one

    @property
    def name(self) -> str:
        """The last step of the path, as a rule writes it after a dot."""
        return self.path.rsplit(".", 1)[-1]

    @property
    def is_value(self) -> bool:
        """A field that holds a value itself, not a section or a list of them."""
        return self.type.kind not in ("obj", "list")

    def kind(self, lang: str = "zh") -> str:
        if self.amount:
            return "金额" if lang != "en" else "amount"
        if lang != "en":
            return self.type.describe()
        if self.type.kind == "list" and self.type.elem is not None:
            return f"list of {_KIND_EN[self.type.elem.kind]}"
        return _KIND_EN[self.type.kind]

    def unit_source(self, lang: str = "zh") -> str:
        """Where an amount's unit is said: its section's unit, else the document's; "" for anything else."""
        if not self.amount:
            return ""
        if not self.unit or self.unit == DOCUMENT_UNIT:
            return DOCUMENT_UNIT
        return f"{self.unit}，缺省为 {DOCUMENT_UNIT}" if lang != "en" else f"{self.unit}, else {DOCUMENT_UNIT}"


@dataclass(frozen=True)
class Catalogue:
    """The fields of one document schema, and the path at which each of its subschemas stands."""

    fields: tuple[Field, ...]
    _paths: Mapping[int, tuple[SchemaNode, str]] = field(repr=False)

    def path_of(self, node: SchemaNode | None) -> str | None:
        """The path of a subschema of this catalogue's schema ("" for the root; `a.list[*]` for a list's elements)."""
        found = self._paths.get(id(node))
        return found[1] if found is not None and found[0] is node else None

    def suggest(self, word: str, under: str = "") -> str | None:
        """The path below `under` ("" for the root) that a rule most likely meant by `word`: a field whose
        Chinese title is `word`, else the nearest title or name; a value is preferred to the section
        holding it (项目支出 -> overview.expenditure.project.total), then the shortest path. The path is
        relative to `under`; None when nothing is near."""
        start = f"{under}." if under else ""
        below = [candidate for candidate in self.fields if candidate.path.startswith(start)]
        meant = [candidate for candidate in below if candidate.title == word]
        if not meant:
            titles = difflib.get_close_matches(word, sorted({candidate.title for candidate in below if candidate.title}), n=1, cutoff=0.6)
            names = difflib.get_close_matches(word, sorted({candidate.name for candidate in below}), n=1, cutoff=0.6)
            meant = [candidate for candidate in below if candidate.title in titles or candidate.name in names]
        if not meant:
            return None
        best = min(meant, key=lambda candidate: (not candidate.is_value, candidate.path.count("."), candidate.path))
        return best.path[len(start) :]


def field_catalogue(root: SchemaNode) -> Catalogue:
    """Every field of a document schema in schema order, sections before what they hold; worked out once per schema root."""
    return root.derived(_catalogue)


def _catalogue(root: SchemaNode) -> Catalogue:
    paths: dict[int, tuple[SchemaNode, str]] = {id(root): (root, "")}
    fields = tuple(_fields(root, "", DOCUMENT_UNIT, 0, paths))
    return Catalogue(fields, MappingProxyType(paths))


def _fields(node: SchemaNode, prefix: str, unit: str, depth: int, paths: dict[int, tuple[SchemaNode, str]]) -> Iterator[Field]:
    if depth > _DEPTH:
        return
    properties = node.properties()
    if "unit" in properties and prefix:
        unit = f"{prefix}.unit"
    for name, sub in properties.items():
        path = f"{prefix}.{name}" if prefix else name
        paths[id(sub)] = (sub, path)
        yield Field(path, sub.title, from_schema(sub), sub.is_amount, unit)
        yield from _fields(sub, path, unit, depth + 1, paths)
    items = node.items()
    if items is not None:
        paths[id(items)] = (items, f"{prefix}[*]")
        yield from _fields(items, f"{prefix}[*]", unit, depth + 1, paths)
