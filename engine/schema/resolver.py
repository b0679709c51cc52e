"""Schema stage: $refs between the registry's own schemas, resolved without importing `referencing`.

Schema navigation (amounts, field titles, the rule checker, the prose shape) follows $refs such as
`../2016/common.schema.json#/$defs/amount` from a schema's base URI. `referencing` resolves them
(jsonschema validates with it), but importing it with attrs is 25 ms of a cold start, and a check
of a valid document needs nothing else of it. This resolver answers the plain case exactly as
`referencing.Resolver.lookup` does, and hands every other case to it:

- the URI, joined to the base URI and without its fragment, is the `$id` of a schema of the registry;
- the fragment is empty or a JSON pointer, every step of which lands in a dict or a list that holds it;
- no dict met on the way (the target included) has an `$id`, so the base URI after the lookup is the URI.

Anything else (a URI the registry does not hold, an anchor, a pointer to nowhere, an embedded `$id`)
goes to `referencing`, with its result and its errors (`Unresolvable` and its kinds).
tests/schema/test_resolver.py compares the two on every $ref of the bundled schemas and on edge cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote, urldefrag, urljoin

if TYPE_CHECKING:
    from budgetcheck.schema.registry import SchemaRegistry

_UNSURE = object()


class Resolved(NamedTuple):
    contents: object
    resolver: object  # a Resolver, or referencing's where it answered


class Resolver:
    """`referencing.Resolver`'s lookup for the registry's own schemas: `lookup(ref)` and the base URI in force."""

    __slots__ = ("_base_uri", "_schemas")

    def __init__(self, schemas: SchemaRegistry, base_uri: str = "") -> None:
        self._schemas = schemas
        self._base_uri = base_uri

    def __eq__(self, other: object) -> bool:
        if type(other) is not Resolver:
            return NotImplemented
        return self._schemas is other._schemas and self._base_uri == other._base_uri

    def __hash__(self) -> int:
        return hash((id(self._schemas), self._base_uri))

    def __repr__(self) -> str:
        return f"Resolver(base_uri={self._base_uri!r})"

    def lookup(self, ref: str) -> Resolved:
        if ref.startswith("#"):
            uri, fragment = self._base_uri, ref[1:]
        else:
            uri, fragment = urldefrag(urljoin(self._base_uri, ref))
        entry = self._schemas.entries.get(uri)
        if entry is not None and (not fragment or fragment.startswith("/")):
            found = _pointer(entry.contents, fragment)
            if found is not _UNSURE:
                return Resolved(found, Resolver(self._schemas, uri))
        return self._schemas.registry.resolver(self._base_uri).lookup(ref)  # type: ignore[return-value]


def _pointer(contents: object, pointer: str) -> object:
    """What `pointer` points to in `contents` as referencing.Resource.pointer finds it, or _UNSURE where
    referencing would do more than walk (a step into an `$id`, a step that fails or into anything else)."""
    if not pointer:
        return contents
    for segment in unquote(pointer[1:]).split("/"):
        if type(contents) is list:
            if not segment.isdigit() or not segment.isascii() or int(segment) >= len(contents):
                return _UNSURE
            contents = contents[int(segment)]
        elif type(contents) is dict:
            key = segment.replace("~1", "/").replace("~0", "~")
            if key not in contents:
                return _UNSURE
            contents = contents[key]
        else:
            return _UNSURE
        if type(contents) is dict and "$id" in contents:
            return _UNSURE  # an embedded resource: referencing moves the base URI into it
    return contents
