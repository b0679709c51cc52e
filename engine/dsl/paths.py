"""Rule language: paths compiled once, fields and `[*]` read in one closure, keys and pointers worked out ahead.

A path starts at the document root, at a variable, at a filter's item, or at any other
expression (an index or a filter), then takes field steps and `[*]` steps. While it reads
one value the path walks plain dicts and builds a single pointer at the end; after a `[*]`
it carries (value, pointer) pairs. In value position (`record=True`) it returns plain values
and notes what it read; otherwise it returns a Ref or a Projection for the caller to go on from.
"""

from __future__ import annotations

from collections.abc import Callable

from budgetcheck.dsl import ast
from budgetcheck.dsl.runtime import (
    Bulk,
    Derived,
    Env,
    Missing,
    Projection,
    Ref,
    RefList,
    escape,
    refs,
)

KEY, ALL = "key", "all"
Step = tuple[str, str, str]  # (KEY, name, escaped name) or (ALL, "", "")
Compiled = Callable[[Env], object]

_SINGLE, _LIST, _MANY = 0, 1, 2  # one value; a list not yet opened by [*]; the values of a [*]

# What a path compiled with `missing_ok` returns for an absent value, instead of raising Missing:
# `exists(…)` and `… ?? fallback` ask about absence on every document, and exceptions are slow.
ABSENT = object()


def split(node: ast.Expr) -> tuple[ast.Expr, list[Step]]:
    """The expression a path starts from, and its steps in reading order."""
    steps: list[Step] = []
    while isinstance(node, (ast.Attr, ast.Wildcard)):
        steps.append((KEY, node.name, escape(node.name)) if isinstance(node, ast.Attr) else (ALL, "", ""))
        node = node.obj
    steps.reverse()
    return node, steps


def reader(start: Compiled | None, steps: list[Step], record: bool, missing_ok: bool = False) -> Compiled:
    """`start` None means the document root; with `missing_ok` an absent value reads as ABSENT."""
    prefix: list[tuple[str, str]] = []
    pointer = ""
    while len(prefix) < len(steps) and steps[len(prefix)][0] == KEY:
        _kind, name, token = steps[len(prefix)]
        pointer = f"{pointer}/{token}"
        prefix.append((name, pointer))
    prefix_pointer = pointer
    tail = tuple(steps[len(prefix) :])
    fixed = tuple(prefix)
    part = fixed[0][0] if fixed else None  # the document's top-level part a root path reads
    # a table is a part of its own (`tables/general_budget_expenditure`): one table not read leaves the others judged
    subpart = f"{fixed[0][0]}/{fixed[1][0]}" if len(fixed) > 1 else None
    # a field extraction could not determine (/overview/expenditure/basic named, its figure not read): its own key
    deeper = tuple("/".join(name for name, _ in fixed[:length]) for length in range(3, len(fixed) + 1))
    # a walk through [*] from the root is the same in every rule that writes the same path: done once per document
    shared = _SHARED.setdefault((tuple(steps), record), object()) if start is None and any(kind == ALL for kind, _n, _t in tail) else None
    walked = _SHARED.setdefault((tuple(steps), True), object()) if shared is not None else None  # the walk's own key

    def read(env: Env) -> object:
        if start is None:
            unread = env.document.unread
            hidden = None
            if unread is not None:
                _not_read(env.document, part, subpart, deeper)
                if subpart is None and tail:  # tables[*]: each table is a part of its own, one not read is left out
                    hidden = frozenset(key for key in unread if key.startswith(f"{part}/")) or None
            value = _fields(env.root, fixed, missing_ok)
            if value is ABSENT:
                return ABSENT
            if hidden is not None:  # the members not read left out (a table partly read: a sum over its rows would
                pairs, state = _walk([(value, prefix_pointer)], _SINGLE, tail)  # speak of figures the reader did not see)
                return _finish(env, ([pair for pair in pairs if _member(pair[1]) not in hidden], state), record)
            if not tail:
                if record:
                    env.reads.append((prefix_pointer, value))
                    return value
                return Ref(value, prefix_pointer)
            if shared is None:
                return _finish(env, _walk([(value, prefix_pointer)], _SINGLE, tail), record)
            if record:  # the walk is the document's, the reads are this run's
                return _finish(env, env.document.once(shared, lambda: _walk([(value, prefix_pointer)], _SINGLE, tail)), record)
            # the Refs made once, from the walk a recorded read of the same path keeps (BUD-PERF-001's sum and unit_of)
            found = env.document.once(shared, lambda: _finish(env, env.document.once(walked, lambda: _walk([(value, prefix_pointer)], _SINGLE, tail)), False))
            return found.__class__(found)  # a list of its own: the Refs are shared, never changed
        return relative(env)

    def relative(env: Env) -> object:
        try:
            origin = start(env)
        except Missing:
            if missing_ok:
                return ABSENT
            raise
        while isinstance(origin, Derived):
            if origin.reads:
                env.reads.append(Bulk(origin.reads))
            origin = origin.value
        if isinstance(origin, list):
            pairs = [(ref.value, ref.pointer) if isinstance(ref, Ref) else (ref, "") for ref in origin]
            return _finish(env, _walk(pairs, _MANY if isinstance(origin, Projection) else _LIST, steps), record)
        if not isinstance(origin, Ref):
            if missing_ok:
                return ABSENT
            raise Missing("")
        value, base = origin.value, origin.pointer
        for name, where in fixed:
            value = value.get(name) if isinstance(value, dict) else None
            if value is None:
                if missing_ok:
                    return ABSENT
                raise Missing(base + where)
        if not tail:
            if record:
                env.reads.append((base + prefix_pointer, value))
                return value
            return Ref(value, base + prefix_pointer)
        return _finish(env, _walk([(value, base + prefix_pointer)], _SINGLE, tail), record)

    if start is None and not tail:
        return _fixed_reader(fixed, prefix_pointer, part, subpart, deeper, record, missing_ok)
    if not missing_ok or not tail:
        return read

    def tolerant(env: Env) -> object:  # absence deep in a [*] walk: rare enough for an exception
        try:
            return read(env)
        except Missing:
            return ABSENT

    return tolerant


def _fields(value: object, fixed: tuple, missing_ok: bool) -> object:
    """The value at the (name, pointer) steps of `fixed` down from `value`: ABSENT where one is absent and `missing_ok`,
    else Missing at the pointer of the step that was."""
    for name, where in fixed:
        value = value.get(name) if isinstance(value, dict) else None
        if value is None:
            if missing_ok:
                return ABSENT
            raise Missing(where)
    return value


_SHARED: dict[tuple, object] = {}  # (steps, record) -> the key of that walk in DocumentContext.once: with True, the
# walk's (value, pointer) pairs; with False, its Refs


def _fixed_reader(fixed: tuple, pointer: str, part: str | None, subpart: str | None, deeper: tuple, record: bool, missing_ok: bool) -> Compiled:
    """`reader`'s read of fields from the root (no [*]), the commonest path, without its other cases' tests; a part, table
    or field not read raises Unread as `reader`'s read does (_not_read: the same keys, in the same order)."""

    def walk(env: Env) -> object:
        if env.document.unread is not None:
            _not_read(env.document, part, subpart, deeper)
        return _fields(env.root, fixed, missing_ok)

    if len(fixed) in (2, 3):  # two or three fields (`three_public.reception`), most root reads: unrolled
        return _unrolled(fixed, pointer, walk, record)
    if not record:
        return lambda env: value if (value := walk(env)) is ABSENT else Ref(value, pointer)

    def read(env: Env) -> object:  # one field, or four and more (two or three are unrolled above)
        value = walk(env)
        if value is not ABSENT:
            env.reads.append((pointer, value))
        return value

    return read


def _unrolled(fixed: tuple, pointer: str, walk: Compiled, record: bool) -> Compiled:
    """_fixed_reader's read of two or three fields with its loop unrolled: where every field is there, its value (recorded
    or as a Ref); anywhere else (a field absent, or not a mapping's) `walk` again, from the root, which checks the parts
    not read as before (the document does not change while it is evaluated) and raises or gives ABSENT as it does."""
    first, second, third = (*(name for name, _where in fixed), None)[:3]
    three = len(fixed) == 3

    def read(env: Env) -> object:
        if env.document.unread is not None:
            return _recorded(env, walk(env), pointer, record)
        value = env.root
        value = value.get(first) if isinstance(value, dict) else None
        value = value.get(second) if isinstance(value, dict) else None
        if three:
            value = value.get(third) if isinstance(value, dict) else None
        if value is None:
            return _recorded(env, walk(env), pointer, record)
        if record:
            env.reads.append((pointer, value))
            return value
        return Ref(value, pointer)

    return read


def _recorded(env: Env, value: object, pointer: str, record: bool) -> object:
    """What _fixed_reader's reads give for the value `walk` gave."""
    if value is ABSENT:
        return ABSENT
    if record:
        env.reads.append((pointer, value))
        return value
    return Ref(value, pointer)


def _not_read(document, part: str | None, subpart: str | None, deeper: tuple) -> None:
    """Unread for the first of a root path's part, table and deeper fields that extraction did not read (both readers')."""
    unread = document.unread
    if part in unread:
        raise document.not_read(part)
    if subpart in unread:
        raise document.not_read(subpart)
    for key in deeper:
        if key in unread:
            raise document.not_read(key)


def bound_reader(variable: str | None, steps: list[Step], record: bool, missing_ok: bool = False) -> Compiled:
    """A path from a loop variable (or, with `variable` None, from a filter's item): when the value is a
    document value (a Ref) and the path is fields only, the fields are read right here; anything else
    goes the general way of `reader`."""
    fetch: Compiled = (lambda env: env.item) if variable is None else (lambda env: env.vars[variable])
    general = reader(fetch, steps, record, missing_ok)
    if not steps or any(kind != KEY for kind, _name, _token in steps):
        return general
    fixed = []
    pointer = ""
    for _kind, name, token in steps:
        pointer = f"{pointer}/{token}"
        fixed.append((name, pointer))
    prefix_pointer, fields = pointer, tuple(fixed)
    from_item = variable is None

    def read(env: Env) -> object:
        origin = env.item if from_item else env.vars[variable]
        if origin.__class__ is not Ref:
            return general(env)
        value = origin.value
        for name, where in fields:
            value = value.get(name) if isinstance(value, dict) else None
            if value is None:
                if missing_ok:
                    return ABSENT
                raise Missing(origin.pointer + where)
        if record:
            env.reads.append((origin.pointer + prefix_pointer, value))
            return value
        return Ref(value, origin.pointer + prefix_pointer)

    return read


def _walk(pairs: list, state: int, steps) -> tuple[list, int]:
    for kind, name, token in steps:
        if kind == ALL:
            if state == _LIST:
                state = _MANY
                continue
            opened: list = []
            append = opened.append
            for value, pointer in pairs:  # loops, not a list comprehension per list opened (a call each), and a key's token
                if isinstance(value, list):  # made inline when it needs no escape
                    for index, item in enumerate(value):
                        append((item, f"{pointer}/{index}"))
                elif isinstance(value, dict):
                    for key, item in value.items():
                        append((item, f"{pointer}/{key}" if key.__class__ is str and "~" not in key and "/" not in key else f"{pointer}/{escape(key)}"))
                else:
                    raise Missing(pointer)
            pairs, state = opened, _MANY
        elif state == _SINGLE:
            value, pointer = pairs[0]
            value = value.get(name) if isinstance(value, dict) else None
            if value is None:
                raise Missing(f"{pointer}/{token}")
            pairs = [(value, f"{pointer}/{token}")]
        else:  # a field of each value; values without it drop out
            pairs = [(found, f"{pointer}/{token}") for value, pointer in pairs if isinstance(value, dict) and (found := value.get(name)) is not None]
            state = _MANY
    return pairs, state


def _member(pointer: str) -> str:
    """The part and member a pointer is in: /tables/three_public/rows/3 -> tables/three_public."""
    segments = pointer.split("/", 3)
    return f"{segments[1]}/{segments[2]}" if len(segments) > 2 else ""


def _finish(env: Env, walked: tuple[list, int], record: bool) -> object:
    pairs, state = walked
    if state == _SINGLE:
        value, pointer = pairs[0]
        if record:
            env.reads.append((pointer, value))
            return value
        return Ref(value, pointer)
    if record:
        env.reads.extend((pointer, value) for value, pointer in pairs)
        return [value for value, _pointer in pairs]
    made = refs(pairs)
    return Projection(made) if state == _MANY else RefList(made)
