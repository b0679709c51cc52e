"""Rule language: a filter over a list of the document, evaluated through an index built once per document.

A rule that filters a whole list once per element (`for c in narrative.claims` with
`narrative.claims[text == c.text]`: one amount per item, the first sentence of a claim, the parts of
a total, the indicators of a duty) costs n² conditions. When the filter's condition is a conjunction
one of whose terms is an equality between a side that reads only the element (`text`, `part_of ?? ""`,
`it`, document paths) and a side that does not read it at all (`c.text`), or an `or` of such
equalities, the elements of the list are put into buckets by their side of that equality once per
document, and each evaluation of the filter looks up the bucket of the other side and evaluates the
whole condition on those elements only, in list order. So the cost grows linearly with the list.

The result is the same as evaluating the condition on every element: an element outside the bucket
cannot make the condition true. A filter keeps the elements on which its condition is true and leaves
out those on which it cannot be evaluated (a field absent, a value of the wrong type), so which
elements were never evaluated cannot change what is kept. Values that cannot be hashed (a list where
text was expected) go into a bucket looked at every time; a side that cannot be hashed is looked up in
every element. The index lives in the evaluation's DocumentContext, keyed by the plan and the list.

An element side that is fields of the element (`name`, `classification.code`) is bucketed from the list's plain values,
as paths.bound_reader reads those fields, once per document for every filter of every rule on that list with that side
(BUD-X-001..004 share the buckets of operating_costs.items by `name`); the Ref of an element is made only when the
whole condition is evaluated on it.

A filter of a path from the document root whose condition reads only its element and the root, through fields, `exists`,
comparisons, `??` and the predicates without a pattern (`tables[*][exists(rows)]`, written in five rules), gives the
same elements in every rule that writes it: `shared_filter` is its key, by which the evaluation's DocumentContext keeps
its result once for all of them (compile.Compiler._filter).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetcheck.dsl import ast
from budgetcheck.dsl.annotations import NameScope
from budgetcheck.dsl.functions import EvaluationError
from budgetcheck.dsl.runtime import Env, Missing, Ref, RefList, members

Compiled = Callable[[Env], object]
# What makes an element's condition impossible to evaluate; the element is left out of the filter.
UNDECIDED = (Missing, EvaluationError, ArithmeticError)


@dataclass(frozen=True, eq=False)
class Key:
    """`element side == other side`: the element's side is bucketed once per document and list."""

    element: Compiled
    other: Compiled
    fields: tuple[str, ...] | None = None  # the element side is these fields of the element: bucketed from plain values
    shared: object = None  # then the key of those buckets in DocumentContext.kept, the same for every filter with these fields


@dataclass(frozen=True, eq=False)
class Union:
    """`A or B` of indexable terms: the elements of either bucket."""

    parts: tuple[Key | Union, ...]


Terms = Key | Union


@dataclass(frozen=True, eq=False)
class Before:
    """`index(it) < other side` (or `<=`): only the elements before a position, the idiom of rules that compare
    the members of one list pairwise and report each pair once."""

    other: Compiled
    inclusive: bool


@dataclass(frozen=True, eq=False)
class Plan:
    terms: Terms | None
    before: Before | None
    keys: tuple[Key, ...] = ()  # the Keys of `terms`, in order


class Buckets:
    """Positions of a list's elements by the value of one side of an equality; an unhashable value goes with every
    lookup. Filled with add(); screens (dsl/screenwriter.py) fill theirs from plain values."""

    __slots__ = ("by_value", "unhashable")

    def __init__(self) -> None:
        self.by_value: dict[object, list[int]] = {}
        self.unhashable: list[int] = []

    def add(self, position: int, value: object) -> None:
        try:
            self.by_value.setdefault(value, []).append(position)
        except TypeError:
            self.unhashable.append(position)

    def positions(self, value: object) -> list[int] | None:
        """Where the element side may equal `value` (those of an unhashable value last); None when `value` cannot
        be looked up (every element)."""
        try:
            found = self.by_value.get(value, [])
        except TypeError:
            return None
        return found + self.unhashable if self.unhashable else found


class _Buckets(Buckets):
    """The elements of one list (as Refs, in order) by the value of a Key's element side."""

    __slots__ = ("refs",)

    def __init__(self, refs: list[Ref], key: Key, env: Env) -> None:
        super().__init__()
        self.refs = refs
        scratch = env.with_reads([])
        by_value, element = self.by_value, key.element
        for position, ref in enumerate(refs):
            scratch.item = ref
            try:
                value = element(scratch)
                try:  # self.add(position, value), written out: one call less per element
                    by_value.setdefault(value, []).append(position)
                except TypeError:
                    self.unhashable.append(position)
            except UNDECIDED:  # this term cannot be true for the element: it is in no bucket
                continue


def plan(condition: ast.Expr, scope: Callable[[ast.Name], NameScope | None], value: Callable[[ast.Expr], Compiled]) -> Plan | None:
    """The indexable parts of a filter's condition: the first term of its top-level `and` that is an equality
    (or an `or` of equalities) between an element side and an other side, and the first `index(it) < …`;
    None when it has neither."""
    terms = before = None
    for term in _conjuncts(condition):
        if terms is None:
            terms = _term(term, scope, value)
        if before is None:
            before = _before(term, scope, value)
    return Plan(terms, before, tuple(_keys(terms))) if terms is not None or before is not None else None


def _before(term: ast.Expr, scope, value) -> Before | None:
    if not (isinstance(term, ast.Compare) and term.tolerance is None and term.op in ("<", "<=", ">", ">=")):
        return None
    here, there, op = (term.left, term.right, term.op) if term.op in ("<", "<=") else (term.right, term.left, {">": "<", ">=": "<="}[term.op])
    is_position = isinstance(here, ast.Call) and here.func == "index" and len(here.args) == 1 and isinstance(here.args[0], ast.Item)
    if is_position and _reads(there, scope) == "other":
        return Before(value(there), op == "<=")
    return None


def _conjuncts(condition: ast.Expr) -> list[ast.Expr]:
    out: list[ast.Expr] = []
    stack = [condition]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Logic) and node.op == "and":
            stack.extend((node.right, node.left))
        else:
            out.append(node)
    return out


def _term(term: ast.Expr, scope, value) -> Terms | None:
    if isinstance(term, ast.Logic) and term.op == "or":
        left, right = _indexable_side(term.left, scope, value), _indexable_side(term.right, scope, value)
        return Union((left, right)) if left is not None and right is not None else None
    if isinstance(term, ast.Compare) and term.op == "==" and term.tolerance is None:
        sides = (_reads(term.left, scope), _reads(term.right, scope))
        if sides == ("element", "other"):
            return _key(value(term.left), value(term.right), _item_fields(term.left, scope))
        if sides == ("other", "element"):
            return _key(value(term.right), value(term.left), _item_fields(term.right, scope))
    return None


def _indexable_side(term: ast.Expr, scope, value) -> Terms | None:
    """One side of an `or`: an equality, an `or` of them, or an `and` with one (`n >= 3 and code == c.code`)."""
    found = plan(term, scope, value)
    return found.terms if found is not None else None


def _reads(node: ast.Expr, scope) -> str | None:
    """"element" when `node` reads the element and nothing that varies between the filter's evaluations (no
    variable), "other" when it reads no element, None when it mixes them (or binds names of its own)."""
    element = other = False
    stack: list[object] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Item):
            element = True
        elif isinstance(current, ast.Name):
            found = scope(current)
            if found is NameScope.ITEM:
                element = True
            elif found is NameScope.VAR:
                other = True
            elif found is not NameScope.ROOT:
                return None
        elif isinstance(current, (ast.Let, ast.Quantifier, ast.Subscript)):
            return None  # names of their own, or a filter inside: left to the general evaluation
        elif isinstance(current, ast.Expr):
            stack.extend(child for child in vars(current).values() if isinstance(child, (ast.Expr, tuple)))
        elif isinstance(current, tuple):
            stack.extend(child for child in current if isinstance(child, ast.Expr))
    if element and not other:
        return "element"
    if not element:
        return "other"
    return None


def _key(element: Compiled, other: Compiled, fields: tuple[str, ...] | None) -> Key:
    return Key(element, other, fields, _shared(fields) if fields is not None else None)


def _item_fields(node: ast.Expr, scope) -> tuple[str, ...] | None:
    """The field names of a side that is fields of the element (`name`, `target.unit`), else None."""
    names: list[str] = []
    while isinstance(node, ast.Attr):
        names.append(node.name)
        node = node.obj
    if not (isinstance(node, ast.Name) and scope(node) is NameScope.ITEM):
        return None
    names.append(node.id)
    return tuple(reversed(names))


def _keys(found: Terms | None) -> list[Key]:
    if found is None:
        return []
    return [found] if isinstance(found, Key) else [key for part in found.parts for key in _keys(part)]


def _positions(found: Terms, env: Env, buckets: dict[int, _Buckets]) -> set[int] | None:
    """Positions whose elements may satisfy the terms; None: every element."""
    if isinstance(found, Key):
        try:
            other = found.other(env)
        except UNDECIDED:  # the term cannot be true for any element
            return set()
        positions = buckets[id(found)].positions(other)
        return None if positions is None else set(positions)
    union: set[int] = set()
    for part in found.parts:
        more = _positions(part, env, buckets)
        if more is None:
            return None
        union |= more
    return union


def _end(before: Before, env: Env, count: int) -> int:
    """How many elements from the start `index(it) < …` (or `<=`) can hold for; 0 when it holds for none."""
    try:
        bound = before.other(env)
    except UNDECIDED:
        return 0
    if not isinstance(bound, (Decimal, int)) or isinstance(bound, bool):  # `<` on it is undecided for every element
        return 0
    if isinstance(bound, Decimal) and not bound.is_finite():
        return count if bound.is_infinite() and bound > 0 else 0
    whole = math.floor(bound)
    end = whole + 1 if before.inclusive or whole != bound else whole  # positions p with p < bound, or p <= bound
    return max(0, min(count, end))


def keep_indexed(found: Plan, env: Env, base: Ref, condition: Compiled, limit: int | None = None) -> RefList:
    """The filter `base[condition]` (`base` a Ref of a list) through the plan: the buckets of its terms (built once
    per document and list) and its position bound narrow the elements the whole condition is evaluated on. Buckets
    of an element side that is fields of the element are made from the plain values and shared by every filter on
    that list with that side; the Refs of the elements are made only for those the condition is evaluated on."""
    document = env.document
    items = base.value
    count = len(items)  # type: ignore[arg-type]
    buckets: dict[int, Buckets] = {}
    for key in found.keys:
        shared = key.shared
        if shared is not None:
            entry = document._kept.get((id(shared), id(items)))  # DocumentContext.kept written out: a look-up per filter
            if entry is not None and entry[0] is shared and entry[1] is items:
                buckets[id(key)] = entry[2]
            else:
                buckets[id(key)] = document.kept(shared, items, lambda key=key: _FieldBuckets(items, key.fields))
            continue

        def build(key: Key = key) -> _Buckets:
            return _Buckets(_all_refs(document, found, base), key, env)

        buckets[id(key)] = document.kept(key, items, build)
    scratch = env.with_reads([])  # what a filter reads to choose is not what a finding reads
    end = _end(found.before, scratch, count) if found.before is not None else count
    terms = found.terms
    chosen: Sequence[int]
    if terms.__class__ is Key:  # one equality: its bucket's positions, each once, in order (_positions, written out)
        try:
            other = terms.other(scratch)  # type: ignore[union-attr]
        except UNDECIDED:  # the term cannot be true for any element
            return RefList()
        bucket = buckets[id(terms)]
        positions = bucket.positions(other)
        if positions is None:
            chosen = range(end)
        else:
            chosen = sorted(positions) if bucket.unhashable else positions
            if end < count:
                chosen = [position for position in chosen if position < end]
    else:
        positions = _positions(terms, scratch, buckets) if terms is not None else None  # type: ignore[arg-type]
        chosen = range(end) if positions is None else sorted(position for position in positions if position < end)
    out = RefList()
    if not chosen:
        return out
    made = document.kept(found, items, lambda: [None] * count)  # the plan's Refs of this list, made as they are needed
    for position in chosen:
        ref = made[position]
        if ref is None:
            ref = made[position] = Ref(items[position], f"{base.pointer}/{position}")  # type: ignore[index]
        scratch.item = ref
        try:
            if condition(scratch) is True:
                out.append(ref)
                if len(out) == limit:
                    break
        except UNDECIDED:
            continue
    return out


def _all_refs(document, found: Plan, base: Ref) -> list[Ref]:
    """Every element's Ref (for a side that is not fields of the element), into the plan's Refs of the list."""
    items = base.value
    made = document.kept(found, items, lambda: [None] * len(items))
    for position, ref in enumerate(made):
        if ref is None:
            made[position] = Ref(items[position], f"{base.pointer}/{position}")
    return made


_SHARED: dict[tuple[str, ...], object] = {}  # fields -> the key of their buckets in DocumentContext.kept


def _shared(fields: tuple[str, ...]) -> object:
    found = _SHARED.get(fields)
    if found is None:
        found = _SHARED.setdefault(fields, object())
    return found


class _FieldBuckets(Buckets):
    """The positions of a list's elements by the value of some of their fields, read from the plain values as
    paths.bound_reader reads them from the elements' Refs: an element without them (or not a mapping) is in no
    bucket."""

    __slots__ = ()

    def __init__(self, items: list, fields: tuple[str, ...]) -> None:
        super().__init__()
        by_value = self.by_value
        for position, value in enumerate(items):
            for name in fields:
                value = value.get(name) if isinstance(value, dict) else None
                if value is None:
                    break
            else:
                try:
                    by_value.setdefault(value, []).append(position)
                except TypeError:
                    self.unhashable.append(position)


def keep_true(condition: Compiled, limit: int | None = None) -> Callable[[Env, object], RefList]:
    """A filter: the elements on which the condition is true; one on which it cannot be evaluated is left out."""

    def keep(env: Env, base: object) -> RefList:
        scratch = env.with_reads([])  # what a filter reads to choose is not what a finding reads
        out = RefList()
        for ref in members(base):
            scratch.item = ref  # one scratch Env per filter, the item rebound per element
            try:
                if condition(scratch) is True:
                    out.append(ref)
                    if len(out) == limit:
                        break
            except UNDECIDED:
                continue
        return out

    return keep


def keep_matching(
    varying: Compiled, fixed: Compiled, test: Callable[[object, object], bool], item_left: bool, limit: int | None = None
) -> Callable[[Env, object], RefList]:
    def keep(env: Env, base: object) -> RefList:
        refs = members(base)
        out = RefList()
        if not refs:
            return out
        scratch = env.with_reads([])  # what a filter reads to choose is not what a finding reads
        try:
            outer = fixed(scratch)
        except Missing:  # every element's comparison would have been missing
            return out
        for ref in refs:
            scratch.item = ref
            try:
                own = varying(scratch)
            except Missing:
                continue
            if (test(own, outer) if item_left else test(outer, own)) is True:
                out.append(ref)
                if len(out) == limit:
                    break
        return out

    return keep


_SHARED_FILTERS: dict[tuple, object] = {}  # a filter's written form -> the key of its result in DocumentContext.once
_SHARED_NODES = (ast.Not, ast.Logic, ast.Compare, ast.Predicate, ast.Default, ast.Call, ast.Attr, ast.Wildcard, ast.Name, ast.Item, ast.String, ast.Number, ast.Bool)


def shared_filter(node: ast.Subscript, scope: Callable[[ast.Name], NameScope | None], limit: int | None) -> object | None:
    """The key of the filter `node` (with `limit`) by which a document keeps its result for every rule that writes the
    same: where its list is a path from the root and its condition reads nothing but its element and the root, through
    the nodes that run no pattern and call no function but `exists`; else None. Equal written forms, names resolved
    alike, compute the same elements of the same document (what the filter reads to choose is never a run's reads)."""
    base = _written(node.obj, scope, root=True)
    condition = _written(node.index, scope, root=False)
    if base is None or condition is None:
        return None
    return _SHARED_FILTERS.setdefault((base, condition, limit), object())


def _written(node: ast.Expr, scope: Callable[[ast.Name], NameScope | None], root: bool) -> tuple | None:
    """`node` as a tuple that holds everything its value depends on (the names with their scope), or None where it is
    outside shared_filter's nodes. `root`: a path from the document root (the filter's list)."""
    if root:
        steps: list = []
        while isinstance(node, (ast.Attr, ast.Wildcard)):
            steps.append(node.name if isinstance(node, ast.Attr) else None)
            node = node.obj
        if not isinstance(node, ast.Name) or scope(node) is not NameScope.ROOT:
            return None
        return (node.id, *reversed(steps))
    if type(node) not in _SHARED_NODES:
        return None
    if isinstance(node, ast.Name):
        found = scope(node)
        return ("name", node.id, found.value) if found in (NameScope.ITEM, NameScope.ROOT) else None
    if isinstance(node, ast.Compare) and node.tolerance is not None:
        return None
    if isinstance(node, ast.Predicate) and node.op == "matches":
        return None
    if isinstance(node, ast.Call) and node.func != "exists":
        return None
    if isinstance(node, ast.Number):
        return ("number", str(node.value))
    out: list = [type(node).__name__]
    for name in node.__dataclass_fields__:
        if name == "span":
            continue
        value = getattr(node, name)
        if isinstance(value, ast.Expr):
            value = _written(value, scope, root=False)
            if value is None:
                return None
        elif isinstance(value, tuple):
            value = tuple(_written(item, scope, root=False) for item in value)
            if None in value:
                return None
        elif value is not None and not isinstance(value, (str, bool)):
            return None
        out.append(value)
    return tuple(out)
