"""Base: RFC 6901 JSON Pointers, the one way a place in a document is named."""

from __future__ import annotations

from collections.abc import Iterable


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(base: str, token: str | int) -> str:
    return f"{base}/{escape(token)}"


def from_parts(parts: Iterable[str | int]) -> str:
    return "".join("/" + escape(part) for part in parts)


def parts(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(token) for token in pointer[1:].split("/")]


def resolve(document: object, pointer: str) -> object:
    """The value at `pointer`; KeyError/IndexError when absent."""
    node = document
    for token in parts(pointer):
        if isinstance(node, list):
            node = node[int(token)]
        elif isinstance(node, dict):
            node = node[token]
        else:
            raise KeyError(token)
    return node
