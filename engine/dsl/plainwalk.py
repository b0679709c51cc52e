"""Rule language: the walks of plain values that screens make (dsl/screenwriter.py, dsl/screensource.py) and the
evaluator's sieve of plain values (evaluate._plain_sieved): paths._walk and paths.reader's field reads without pointers,
from plain mappings and lists, raising Missing where those raise it."""

from __future__ import annotations

from budgetcheck.dsl.runtime import Missing


def _down(value: object, path: tuple) -> object:
    """The fields `path` of `value`, as the reference reads them: a step that is not a mapping's, or None, is absent."""
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
        if value is None:
            raise Missing("")
    return value


def _opened(values: list) -> list:
    """`[*]` of each value: a list's items or a mapping's values; anything else is Missing."""
    opened: list = []
    for item in values:
        if isinstance(item, list):
            opened.extend(item)
        elif isinstance(item, dict):
            opened.extend(item.values())
        else:
            raise Missing("")
    return opened


def _field_opened(values: list, step: str) -> list:
    """`.step[*]` of each value, as a field's list comprehension then _opened give it (without the list between): the
    values without the field drop out, and one whose field is neither a list nor a mapping is Missing."""
    opened: list = []
    for item in values:
        if isinstance(item, dict):
            found = item.get(step)
            if found is None:
                continue
            if isinstance(found, list):
                opened.extend(found)
            elif isinstance(found, dict):
                opened.extend(found.values())
            else:
                raise Missing("")
    return opened


def _walk_kept(values: list, path: tuple[str | None, ...]) -> list:
    """paths._walk from a filter's result (a RefList): a first `[*]` opens nothing; then as after a `[*]` (a field and
    the `[*]` after it in one loop: `[*].activities[*].indicators[*]` of BUD-X-006's duty)."""
    position, count = (1 if path and path[0] is None else 0), len(path)
    while position < count:
        step = path[position]
        position += 1
        if step is None:
            values = _opened(values)
        elif position < count and path[position] is None:
            position += 1
            values = _field_opened(values, step)
        else:
            values = [found for item in values if isinstance(item, dict) and (found := item.get(step)) is not None]
    return values


def _walk(value: object, path: tuple[str | None, ...]) -> object:
    """paths._walk and _finish without pointers, from one value: a field of one value must be there; `[*]` opens a
    list (its items) or a mapping (its values), else Missing; a field after it keeps the values that have it (a field
    and the `[*]` after it in one step, as _walk_kept)."""
    if len(path) == 2 and path[1] is None and path[0] is not None:  # `i.grades[*]`, the commonest: the loop below, written out
        found = value.get(path[0]) if isinstance(value, dict) else None
        if isinstance(found, list):
            return list(found)
        if isinstance(found, dict):
            return list(found.values())
        raise Missing("")
    values, many = [value], False
    position, count = 0, len(path)
    while position < count:
        step = path[position]
        position += 1
        if step is None:
            values, many = _opened(values), True
        elif not many:
            found = values[0].get(step) if isinstance(values[0], dict) else None
            if found is None:
                raise Missing("")
            if position < count and path[position] is None:  # `i.grades[*]`: the field opened, as _opened([found])
                position += 1
                if isinstance(found, list):
                    values = list(found)
                elif isinstance(found, dict):
                    values = list(found.values())
                else:
                    raise Missing("")
                many = True
            else:
                values = [found]
        elif position < count and path[position] is None:
            position += 1
            values = _field_opened(values, step)
        else:
            values = [found for item in values if isinstance(item, dict) and (found := item.get(step)) is not None]
    return values if many else values[0]
