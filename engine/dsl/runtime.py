"""Rule language: run-time values. Document values keep the JSON pointer they were read from; one context per evaluated document."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TypeVar

T = TypeVar("T")


class Missing(Exception):
    """A value the rule needs is absent from the document: the rule is not applicable there. Run-time
    control flow, not an error shown to anyone: the evaluator turns it into a NotApplicable, with
    `reason_zh`/`reason_en` when the absence says why (else the pointer is the reason)."""

    def __init__(self, pointer: str, reason_zh: str = "", reason_en: str = "") -> None:
        super().__init__(pointer)
        self.pointer = pointer
        self.reason_zh = reason_zh
        self.reason_en = reason_en


class Unread(Exception):
    """A value the rule needs lies in a part of the document that extraction did not read (its coverage
    says so): the rule is not applicable there, with `reason_zh`/`reason_en` naming the part. Unlike
    Missing, nothing swallows it: `??`, `exists()`, `is empty` and filters cannot tell what an unread
    part holds, so a rule that asks is not applicable whatever it asked."""

    def __init__(self, pointer: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(pointer)
        self.pointer = pointer
        self.reason_zh = reason_zh
        self.reason_en = reason_en


class Ref:
    __slots__ = ("pointer", "value")

    def __init__(self, value: object, pointer: str) -> None:
        self.value = value
        self.pointer = pointer


def refs(pairs: Iterable[tuple], under: str | None = None, token: Callable[[object], str] | None = None) -> list[Ref]:
    """A Ref of each (value, pointer) pair, in order: what `[Ref(value, pointer) for …]` gives, without a call of __init__
    per Ref (a walk of the document's 190 grade thresholds makes that many). With `under`, the pairs are (key, value)
    and each pointer is `under/key` (the key through `token` if given): the members of a list or mapping at `under`."""
    new = object.__new__
    out: list[Ref] = []
    append = out.append
    if under is None:
        for value, pointer in pairs:
            ref = new(Ref)
            ref.value = value
            ref.pointer = pointer
            append(ref)
    else:
        for key, value in pairs:
            ref = new(Ref)
            ref.value = value
            ref.pointer = f"{under}/{key if token is None else token(key)}"
            append(ref)
    return out


class RefList(list):
    """A list of Refs (a filter's result): `[*]` turns it into a Projection."""


class Projection(RefList):
    """A list of Refs made by [*]; `.field` maps over it."""


class Derived:
    """A value a `let` computed, with the document values it read: using it counts as reading them."""

    __slots__ = ("reads", "value")

    def __init__(self, value: object, reads: list) -> None:
        self.value = value
        self.reads = reads


class Bulk:
    """Many reads recorded as one entry of an Env's reads: a `let`'s reads, or the members of a list read
    whole. A rule that uses a let holding thousands of claims in each of thousands of runs appends one
    entry per use instead of thousands; `flat` gives the (pointer, value) pairs back, in the same order,
    where reads are looked at (a finding's places and values, a figure's printed precision). Its list is
    never changed after it is recorded (a let's reads are complete when the let is bound; a filter's
    result is not changed after the filter)."""

    __slots__ = ("reads",)

    def __init__(self, reads: list) -> None:
        self.reads = reads


def flat(reads: list) -> Iterator[tuple[str, object]]:
    """An Env's reads as (pointer, value) pairs, the bulk entries expanded in place."""
    for entry in reads:
        if type(entry) is tuple:
            yield entry
        elif type(entry) is Bulk:
            yield from flat(entry.reads)
        else:  # a Ref of a list read whole
            yield entry.pointer, entry.value


class DocumentContext:
    """One evaluation of one document: its root, what is known of it besides its data, and what
    document-wide functions work out once for all its rules.

    `unread` maps the top-level parts that extraction did not read (neither read nor absent) to why, and
    each table not read under its own key (`tables/three_public`),
    (reason in Chinese, in English); None when every part may be judged (YAML and JSON always).
    `precision` gives, per JSON pointer of a figure read from printed text, the exponent of its last
    printed digit in the unit the value is held in (839万元 held in 元: 4); a figure not in it is
    as precise as its own digits. `schema` is the $id of the document schema it was checked against. `prose()` walks a document for its narrative strings; the text rules of one evaluation
    share that walk through `once`. A context lives as long as the evaluation of its document, so a
    document changed between two checks is walked again.
    """

    __slots__ = ("_kept", "_pattern_deadline", "locate", "precision", "root", "schema", "unread")

    def __init__(
        self,
        root: object,
        unread: dict[str, tuple[str, str]] | None = None,
        precision: dict[str, int] | None = None,
        schema: str = "",
        locate: Callable[[str], object] | None = None,
    ) -> None:
        self.root = root
        self.unread = unread or None
        self.precision = precision or {}
        self.schema = schema
        self.locate = locate  # where the value at a JSON pointer is written in the source (SourceDocument.location), if known
        self._kept: dict[object, tuple] = {}  # once(): id(key); kept(): (id(key), id(of))
        self._pattern_deadline: float | None = None

    def kept(self, key: object, of: object, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` is asked for about `of` (both by identity) in this evaluation, then kept:
        a filter's index of one list of the document."""
        found = self._kept.get((id(key), id(of)))  # type: ignore[call-overload]
        if found is not None and found[0] is key and found[1] is of:
            return found[2]  # type: ignore[return-value]
        value = compute()
        self._kept[(id(key), id(of))] = (key, of, value)  # type: ignore[index]
        return value

    def start_rule(self, pattern_seconds: float) -> None:
        """A rule begins: the regular expressions of its runs on this document share `pattern_seconds`."""
        self._pattern_deadline = time.monotonic() + pattern_seconds

    def pattern_seconds(self) -> float | None:
        """What is left of the current rule's time for regular expressions (None: no rule started, the default applies)."""
        if self._pattern_deadline is None:
            return None
        return max(self._pattern_deadline - time.monotonic(), 0.001)

    def not_read(self, part: str) -> Unread:
        reason_zh, reason_en = self.unread[part]  # type: ignore[index]
        return Unread(f"/{part}", reason_zh, reason_en)

    def once(self, key: object, compute: Callable[[], T]) -> T:
        """`compute()` the first time `key` (compared by identity) is asked for in this evaluation, then kept."""
        found = self._kept.get(id(key))
        if found is not None and found[0] is key:
            return found[1]  # type: ignore[return-value]
        value = compute()
        self._kept[id(key)] = (key, value)
        return value


class Env:
    """Variables in scope, the document being evaluated, the filter item, and what has been read (pointer, value).

    `compared` holds the two sides of the last comparison evaluated in this scope, so that a
    message can show {left}, {right} and {diff} of an assertion that is a comparison.
    """

    __slots__ = ("compared", "document", "item", "reads", "root", "vars")

    def __init__(self, document: DocumentContext, variables: dict[str, object] | None = None, reads: list | None = None, item: object = None) -> None:
        self.document = document
        self.root = document.root
        self.vars = variables or {}
        self.reads: list[tuple[str, object]] = reads if reads is not None else []
        self.item = item
        self.compared: tuple[object, object] | None = None

    def bind(self, name: str, value: object) -> Env:
        return Env(self.document, {**self.vars, name: value}, self.reads, self.item)

    def with_item(self, item: object) -> Env:
        return Env(self.document, self.vars, self.reads, item)

    def with_reads(self, reads: list) -> Env:
        return Env(self.document, self.vars, reads, self.item)


def unwrap(value: object, env: Env) -> object:
    """A plain value; reading a document value records where it came from."""
    while isinstance(value, Derived):  # a let whose value is another let (`let row = if … then income else …`) nests them
        if value.reads:
            env.reads.append(Bulk(value.reads))
        value = value.value
    if isinstance(value, Ref):
        env.reads.append((value.pointer, value.value))
        return value.value
    if isinstance(value, RefList):
        if value:
            env.reads.append(Bulk(value))
        return [ref.value for ref in value]
    return value


def members(base: object) -> list[Ref]:
    """The elements of a list (or the values of a mapping) as Refs carrying their pointers."""
    while isinstance(base, Derived):
        base = base.value
    if isinstance(base, RefList):
        return base
    if isinstance(base, Ref):
        value, pointer = base.value, base.pointer
        if isinstance(value, list):
            return refs(enumerate(value), pointer)
        if isinstance(value, dict):
            return refs(value.items(), pointer, escape)
        raise Missing(base.pointer)
    if isinstance(base, list):
        return [item if isinstance(item, Ref) else Ref(item, "") for item in base]
    return []


def escape(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def show(value: object) -> str:
    """A value as a finance officer reads it in a message."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "（空）"
    if isinstance(value, list):
        return "、".join(show(item) for item in value) or "（无）"
    return str(value)
