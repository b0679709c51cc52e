"""Report stage: json.dumps(value, ensure_ascii=False, indent=2) written out faster for the report's plain values.

The standard library writes an indented document with its pure-Python encoder (its C encoder serves only
`indent=None`), a generator per container: 0.19 ms of the parent's 0.5 ms per generated document in a batch. Here
one recursion appends pieces to a list, every string through the standard library's own C `encode_basestring`, and
numbers as `json` spells them. Only the types the report is made of are written here (str, int, float, bool,
None, list, tuple, dict with str keys, and `Shared`); any other value, or a float json spells specially (nan, inf),
makes the whole value go to json.dumps, so the bytes are always json.dumps's (tests/report/test_jsonindent.py).

A value that recurs across a report (a not-applicable outcome: the same rule, reason and pointer in most documents of a
batch, some fifty a document) can be wrapped in a `Shared`, kept by the caller: it is written once at a depth and its
text reused wherever the same object is written at that depth again. json.dumps writes a Shared as its value.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C encoder where CPython has it (ensure_ascii=False's)

_INDENT = "  "


class _Other(Exception):
    """A value this writer leaves to json.dumps."""


class Shared:
    """A plain value written as its `value` is, its text kept from its last writing with the depth it was written at."""

    __slots__ = ("newline", "text", "value")

    def __init__(self, value: object) -> None:
        self.value = value
        self.newline: str | None = None
        self.text = ""


def _plain(value: object) -> object:
    """json.dumps's `default`: a Shared is its value; anything else is refused as json.dumps refuses it."""
    if value.__class__ is Shared:
        return value.value  # type: ignore[attr-defined]
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def dumps(value: object, base: str = "") -> str:
    """json.dumps(value, ensure_ascii=False, indent=2) with every line after the first indented by `base` more."""
    out: list[str] = []
    try:
        _write(value, "\n" + base, out)
    except _Other:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=_plain)
        return text.replace("\n", "\n" + base) if base else text
    return "".join(out)


def _write(value: object, newline: str, out: list[str]) -> None:  # noqa: PLR0912 - one branch per JSON type
    kind = value.__class__
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is Shared:
        if value.newline != newline:  # type: ignore[attr-defined]
            pieces: list[str] = []
            _write(value.value, newline, pieces)  # type: ignore[attr-defined]
            value.text, value.newline = "".join(pieces), newline  # type: ignore[attr-defined]
        out.append(value.text)  # type: ignore[attr-defined]
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise _Other
        out.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + _INDENT
        separator = "{" + inner
        for key, item in value.items():
            if key.__class__ is not str:
                raise _Other  # json.dumps turns such keys into strings in its own way
            out.append(separator)
            out.append(encode_basestring(key))
            out.append(": ")
            _write(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + _INDENT
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    else:
        raise _Other
