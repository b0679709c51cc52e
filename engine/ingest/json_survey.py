"""Ingest stage: one walk of the data json.loads decoded (json_source's fast path): how deep it goes, how many keys its
mappings hold, whether its lists (and numbers) are within the bounds."""

from __future__ import annotations

import gc
from decimal import Decimal

from budgetcheck.money import within_bounds


def _survey(value: object, limit: int, max_items: int, numbers: bool = True) -> tuple[bool, int, bool]:
    """One walk of decoded data: whether some value sits more than `limit` levels below the root (the root is level 0:
    a list or mapping that holds anything where no level is left; the walk stops there), how many keys its mappings
    hold, and whether every list and number is within the bounds (at most `max_items` items; bounds.bound's numbers;
    not `numbers`: the lists alone, the numbers judged as they were read, _decode). Level by level, each a plain list
    of the containers on it: no tuple, no pop and no generator per value (a fifth less than a stack of (value, levels
    left) on the generated documents)."""
    if limit < 0:
        return True, 0, True
    if not isinstance(value, (dict, list)):
        return False, 0, True
    if not numbers and _REFERENTS_ARE_MEMBERS:
        return _survey_containers(value, limit, max_items)
    keys = 0
    within = True
    level = [value]
    while level:
        below: list = []
        append = below.append
        for node in level:
            if isinstance(node, dict):
                keys += len(node)
                items = node.values()
            else:
                within = within and len(node) <= max_items
                items = node
            if not numbers:  # the containers alone: most values are strings and numbers, passed over in two tests
                for item in items:
                    kind = item.__class__
                    if kind is dict or kind is list:  # the exact types json.loads builds
                        append(item)
                continue
            for item in items:
                kind = item.__class__
                if kind is dict or kind is list:
                    append(item)
                elif within and (kind is int or kind is Decimal) and not within_bounds(item):
                    within = False
        if limit == 0:  # no level left: deeper where a container of this level holds anything
            return bool(below) or any(level), keys, within
        limit -= 1
        level = below
    return False, keys, within


def _survey_containers(value: dict | list, limit: int, max_items: int) -> tuple[bool, int, bool]:
    """_survey of the lists alone (numbers=False) over the exact dicts and lists json.loads builds, a level at a time:
    every value of the next level had in one call of gc.get_referents on every value of this one, which gives a
    list's items and a mapping's values where its keys are all strings (as JSON's are) and nothing of a string, number,
    bool or None (_REFERENTS_ARE_MEMBERS checks both once). The level's lists are picked out in C (filter), their
    lengths compared in C (map over len), and the keys counted as the values below that are not list items: no value
    is looked at in Python (68 -> 53 us a generated document with a loop over the members; 104 -> 86 us on a slower
    machine without it)."""
    keys = 0
    within = True
    level: list = [value]
    referents, is_list = gc.get_referents, list.__instancecheck__
    while True:
        members = referents(*level)  # every value one level down
        lists = [*filter(is_list, level)]
        items = sum(map(len, lists)) if lists else 0
        if lists and within and max(map(len, lists)) > max_items:
            within = False
        keys += len(members) - items  # the rest are the values of the level's mappings, one a key
        if limit == 0:  # no level left: deeper where a container of this level holds anything
            return bool(members), keys, within
        if not members:
            return False, keys, within
        limit -= 1
        level = members


def _referents_are_members() -> bool:
    """Whether gc.get_referents gives exactly the items of a list and the values of a mapping keyed by strings (CPython's
    traversal of them), and nothing of the scalars json.loads makes, so that _survey_containers may rely on it;
    elsewhere _survey walks the containers itself."""
    inner: list = []
    mapping = {"a": inner, "b": "x", "c": {}}
    try:
        found = gc.get_referents(mapping, [1, mapping], "x", 1, 10**30, 1.5, Decimal("1.5"), True, None)
    except Exception:  # noqa: BLE001 - any failure: the plain walk
        return False
    return len(found) == 5 and sorted(map(id, found)) == sorted(map(id, [inner, "x", mapping["c"], 1, mapping]))


_REFERENTS_ARE_MEMBERS = _referents_are_members()


def _deeper_than(value: object, limit: int) -> bool:
    """Whether some value sits more than `limit` levels below the root (the root is level 0)."""
    return _survey(value, limit, 0)[0]
