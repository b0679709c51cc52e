"""Schema stage: walking a schema alongside a path, to find which subschema describes a place in a document.

Used to find amounts (`x-amount`), to name fields by their Chinese titles in
messages, to suggest the field someone meant, and (by the rule checker) to
check that a rule's paths exist before any rule runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from budgetcheck.schema.registry import SchemaRegistry

if TYPE_CHECKING:
    from budgetcheck.schema.resolver import Resolver  # or referencing's, where it resolved a $ref

T = TypeVar("T")


@dataclass(frozen=True)
class SchemaNode:
    """A subschema with the resolver in force at its place ($refs already followed).

    Children, types and the amount flag are worked out once per node and kept, and the root of
    each schema is kept by its registry, so walking a document against its schema does not
    follow the same $refs again for every document of a batch.
    """

    contents: dict
    resolver: Resolver
    title: str = ""
    # the registry's (base URI, $ref) -> resolution, shared by every node of its schemas
    refs: dict = field(default_factory=dict, compare=False, repr=False)
    _derived: dict[Callable, object] = field(default_factory=dict, init=False, compare=False, repr=False)

    @classmethod
    def root(cls, registry: SchemaRegistry, schema_id: str) -> SchemaNode:
        node = registry.navigation.get(schema_id)
        if node is None:
            resolved = registry.resolver().lookup(schema_id)
            node = registry.navigation[schema_id] = cls._follow(resolved.contents, resolved.resolver, "", registry.resolved_refs)
        return node  # type: ignore[return-value]

    @classmethod
    def _follow(cls, contents: dict, resolver: Resolver, title: str, refs: dict | None = None) -> SchemaNode:
        """The node at `contents`, its $refs followed. A $ref resolves by the base URI in force and the registry alone,
        so each (base URI, $ref) is looked up once per registry (referencing's lookup joins and parses URIs each time:
        half of checking a rule pack); a resolver that does not show its base URI is asked every time."""
        refs = refs if refs is not None else {}
        title = title or str(contents.get("title", ""))
        seen = 0
        while isinstance(contents, dict) and isinstance(contents.get("$ref"), str) and seen < 32:
            ref = contents["$ref"]
            base = getattr(resolver, "_base_uri", None)  # referencing keeps it private; without it, no memo
            resolved = refs.get((base, ref)) if isinstance(base, str) else None
            if resolved is None:
                resolved = resolver.lookup(ref)
                if isinstance(base, str):
                    refs[(base, ref)] = resolved
            resolver = resolved.resolver
            contents = resolved.contents
            seen += 1
        return cls(contents, resolver, title or str(contents.get("title", "")), refs)

    def derived(self, build: Callable[[SchemaNode], T]) -> T:
        """What `build` makes of this schema, worked out once and kept with the node: a later stage's view of
        the schema (e.g. where the rule language's prose() finds narrative text), kept as long as the registry."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]  # type: ignore[return-value]

    def lookup(self, ref: str) -> object | None:
        """What `ref` points to from this node's base URI, or None where it does not resolve."""
        try:
            return self.resolver.lookup(ref).contents
        except Exception as error:
            from referencing.exceptions import Unresolvable  # noqa: PLC0415 - raised only where referencing resolved (schema/resolver.py)

            if isinstance(error, Unresolvable):
                return None
            raise

    def _branches(self) -> Iterator[SchemaNode]:
        yield self
        for keyword in ("allOf", "anyOf", "oneOf"):
            for branch in self.contents.get(keyword, ()):
                yield from SchemaNode._follow(branch, self.resolver, "", self.refs)._branches()

    @cached_property
    def is_amount(self) -> bool:
        return any(branch.contents.get("x-amount") is True for branch in self._branches())

    @cached_property
    def holds_amounts(self) -> bool:
        """Whether an amount can sit at or below this place: a walk for amounts skips what cannot hold one."""
        return _holds_amounts(self, set())

    @cached_property
    def types(self) -> frozenset[str]:
        found: set[str] = set()
        for branch in self._branches():
            declared = branch.contents.get("type")
            if isinstance(declared, str):
                found.add(declared)
            elif isinstance(declared, list):
                found.update(declared)
            if "enum" in branch.contents or "const" in branch.contents:
                values = branch.contents.get("enum", [branch.contents.get("const")])
                found.update("string" if isinstance(v, str) else "number" for v in values)
            if "properties" in branch.contents:
                found.add("object")
            if "items" in branch.contents:
                found.add("array")
        return frozenset(found)

    def properties(self) -> dict[str, SchemaNode]:
        """The node's properties by name (shared: do not modify)."""
        return self._properties

    @cached_property
    def _properties(self) -> dict[str, SchemaNode]:
        found: dict[str, SchemaNode] = {}
        for branch in self._branches():
            for name, sub in branch.contents.get("properties", {}).items():
                found.setdefault(name, SchemaNode._follow(sub, branch.resolver, str(sub.get("title", "")), self.refs))
        return found

    def property(self, name: str) -> SchemaNode | None:
        return self.properties().get(name)

    def items(self) -> SchemaNode | None:
        return self._items

    @cached_property
    def _items(self) -> SchemaNode | None:
        for branch in self._branches():
            sub = branch.contents.get("items")
            if isinstance(sub, dict):
                return SchemaNode._follow(sub, branch.resolver, str(sub.get("title", "")), self.refs)
        return None

    def child(self, token: str) -> SchemaNode | None:
        """The subschema for one pointer token: a property name, or an index into a list."""
        found = self.property(token)
        if found is None and token.isdigit():
            return self.items()
        return found

    def at(self, tokens: list[str]) -> SchemaNode | None:
        node: SchemaNode | None = self
        for token in tokens:
            if node is None:
                return None
            node = node.child(token)
        return node


def _holds_amounts(node: SchemaNode, visiting: set[int]) -> bool:
    if node.is_amount:
        return True
    key = id(node.contents)
    if key in visiting:  # a $ref cycle: assume it may, so that no amount is ever missed
        return True
    visiting.add(key)
    try:
        children = [*node.properties().values(), *filter(None, [node.items()])]
        return any(_holds_amounts(child, visiting) for child in children)
    finally:
        visiting.discard(key)
