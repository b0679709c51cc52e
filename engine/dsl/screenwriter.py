"""Rule language: the nodes a screen writes out (dsl/screen.py), each worked out from the bound names' plain values
as the reference's Compiler.value works it out from an Env: the same operators, functions, filters (through the same
buckets as dsl/index.py where the reference uses them), quantifiers and `exists`. A node it does not write out raises
_Unscreened while the screen is built (the rule then has none); at run time a screen raises what the reference run
would meet (Missing, EvaluationError, ...), or _Undecided where only the reference can judge."""

from __future__ import annotations

from collections.abc import Callable

from budgetcheck.dsl import ast, index, patterns
from budgetcheck.dsl.annotations import Access, Annotations, NameScope, prepared_for
from budgetcheck.dsl.compile import _COMPARE, _TOLERANT
from budgetcheck.dsl.functions import FUNCTIONS, EvaluationError, argument_checks, wrong_kind
from budgetcheck.dsl.operands import _blank, _contains, _number, _text
from budgetcheck.dsl.plainwalk import _down, _field_opened, _opened, _walk, _walk_kept  # noqa: F401 - screens and evaluate import them from here
from budgetcheck.dsl.runtime import DocumentContext, Missing

Value = Callable[[dict, DocumentContext], object]  # a node worked out from the bound names' plain values


class _Unscreened(Exception):
    """A node the screen does not write out: the rule has no screen."""


class _Undecided(Exception):
    """What only the reference run can judge (a document with parts not read, which a root path may reach): the
    run goes to it. Unlike Missing, no filter, `is empty` or `exists` inside the screen takes it for an absence."""


ITEM = " it"  # the key of a filter's element in a screen's names (no rule's name has a space)
UNDECIDED = (Missing, EvaluationError, ArithmeticError)  # what leaves an element out of a filter, as in dsl/index.py
FEW = 8  # a list of at most this many elements is read whole rather than through its buckets, by generated screens (where that keeps the same)


class Writer:
    """Each node as the reference's Compiler.value computes it, from plain values instead of an Env.

    `fields`: the names bound to list members (loops, quantifiers), whose fields are read as the reference reads a
    Ref's; `names`: every name bound; `lists`: `let`s a screen may open as a list (build_inner checks their values)."""

    def __init__(self, annotations: Annotations, fields: set[str], names: set[str], lists: set[str] | None = None) -> None:
        self.annotations = annotations
        self.fields = set(fields)
        self.names = set(names)
        self.lists = lists or set()
        self.opened: set[str] = set()  # the `lists` a filter or quantifier opens
        self.in_filter = False

    def value(self, node: ast.Expr) -> Value:  # noqa: PLR0911 - one branch per node type written out
        if isinstance(node, (ast.Number, ast.String, ast.Bool)):
            constant = node.value
            return lambda names, document: constant
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard, ast.Item)):
            return self._path(node)
        if isinstance(node, ast.Not):
            inner = self.value(node.operand)
            return lambda names, document: not inner(names, document)
        if isinstance(node, ast.Logic):
            left, right = self.value(node.left), self.value(node.right)
            if node.op == "and":
                return lambda names, document: bool(left(names, document)) and bool(right(names, document))
            return lambda names, document: bool(left(names, document)) or bool(right(names, document))
        if isinstance(node, ast.If):
            cond, then, otherwise = self.value(node.cond), self.value(node.then), self.value(node.otherwise)
            return lambda names, document: then(names, document) if cond(names, document) else otherwise(names, document)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Predicate):
            return self._predicate(node)
        if isinstance(node, ast.Call):
            return self._exists(node) if node.func == "exists" else self._call(node)
        if isinstance(node, ast.Subscript) and self.annotations.accesses.get(node) is Access.FILTER:
            return self._filter(node)
        if isinstance(node, ast.Quantifier):
            return self._quantifier(node)
        raise _Unscreened

    def _path(self, node: ast.Expr) -> Value:
        """A bound name, fields and `[*]` of a list member (a loop's, a quantifier's, a filter's element), or fields of
        the document root, as paths.reader reads them in value position: absent where it raises Missing; after a
        `[*]`, the list of the values that have the next field."""
        steps: list[str | None] = []  # a field's name, or None for [*]
        while isinstance(node, (ast.Attr, ast.Wildcard)):
            steps.append(node.name if isinstance(node, ast.Attr) else None)
            node = node.obj
        steps.reverse()
        scope = self.annotations.scopes.get(node) if isinstance(node, ast.Name) else None
        if isinstance(node, ast.Subscript) and self.annotations.accesses.get(node) is Access.FILTER:
            kept, path = self._filter(node), tuple(steps)  # fields and [*] of a filter's elements
            return lambda names, document: _walk_kept(kept(names, document), path)
        if isinstance(node, ast.Item) and self.in_filter:
            name, path = ITEM, tuple(steps)
        elif scope is NameScope.ITEM and self.in_filter:
            name, path = ITEM, (node.id, *steps)  # type: ignore[attr-defined]
        elif scope is NameScope.ROOT:
            return self._root((node.id, *steps))  # type: ignore[attr-defined]
        elif scope is NameScope.VAR and node.id in self.names:  # type: ignore[attr-defined]
            if steps and node.id not in self.fields:  # type: ignore[attr-defined] # a field of a let's value: the reference reads it from a Derived
                raise _Unscreened
            name, path = node.id, tuple(steps)  # type: ignore[attr-defined]
        else:
            raise _Unscreened
        if not path:
            return lambda names, document: names[name]
        if None not in path:
            return _fields(name, path)
        return lambda names, document: _walk(names[name], path)

    def _root(self, path: tuple[str | None, ...]) -> Value:
        """Fields from the document root. A document with any part not read goes to the reference (which may say so)."""
        if None in path:
            raise _Unscreened  # a `[*]` walk from the root is the document's, shared by the reference runs

        def read(names: dict, document: DocumentContext) -> object:
            if document.unread is not None:
                raise _Undecided
            return _down(document.root, path)

        return read

    def members(self, node: ast.Expr) -> tuple[Value, bool]:
        """What runtime.members gives for `node`, as plain values: the elements a filter keeps, a let's list, or the
        list (or the mapping, whose values are its members) at a path of fields; and whether that list is the same
        object on every call for the same document and names (a filter's result is not), so an index of it holds."""
        if isinstance(node, ast.Subscript) and self.annotations.accesses.get(node) is Access.FILTER:
            return self._filter(node), False
        if isinstance(node, ast.Name) and node.id in self.lists and self.annotations.scopes.get(node) is NameScope.VAR:
            self.opened.add(node.id)
            name = node.id
            return (lambda names, document: names[name]), True
        head, wildcard = node, False
        while isinstance(head, (ast.Attr, ast.Wildcard)):
            wildcard = wildcard or isinstance(head, ast.Wildcard)
            head = head.obj
        read = self._path(node)
        if wildcard or isinstance(head, ast.Subscript):  # a Projection: its members are the values read
            return read, False
        if head is node and isinstance(head, ast.Name) and head.id not in self.fields:
            raise _Unscreened  # a bare name that is not a list member
        def container(names: dict, document: DocumentContext) -> list | dict:
            value = read(names, document)
            if isinstance(value, (list, dict)):
                return value
            raise Missing("")

        return container, True

    def _filter(self, node: ast.Subscript) -> Value:
        """`list[condition]`: the elements on which the condition is true, in order; one on which it cannot be
        evaluated is left out. Where the reference goes through a per-document index (dsl/index.py), so does the
        screen, with the same buckets; a filter the reference indexes another way is not written out."""
        if self.in_filter:
            raise _Unscreened  # a filter inside a filter's condition
        base, stable = self.members(node.obj)
        self.in_filter = True
        try:
            condition = self.value(node.index)
            found = index.plan(node.index, self.annotations.scopes.get, self.value)
        finally:
            self.in_filter = False
        if found is not None and (found.before is not None or not isinstance(found.terms, index.Key)):
            raise _Unscreened
        key = found.terms if found is not None and stable else None

        def keep(names: dict, document: DocumentContext) -> list:
            found = base(names, document)
            elements = list(found.values()) if isinstance(found, dict) else found
            chosen = elements
            if key is not None and elements:
                try:
                    other = key.other(names, document)  # type: ignore[union-attr]
                except UNDECIDED:
                    return []
                buckets = document.kept(key, found, lambda: _Buckets(elements, key.element, names, document))  # type: ignore[union-attr]
                positions = buckets.positions(other)
                if positions is not None:
                    chosen = [elements[position] for position in positions]
            kept = []
            for element in chosen:  # type: ignore[attr-defined]
                names[ITEM] = element
                try:
                    if condition(names, document) is True:
                        kept.append(element)
                except UNDECIDED:
                    continue
            return kept

        return keep

    def _quantifier(self, node: ast.Quantifier) -> Value:
        var, kind = node.var, node.kind
        if var in self.names:
            raise _Unscreened  # a quantifier's name that hides another
        source, _stable = self.members(node.source)
        self.names.add(var)
        self.fields.add(var)
        try:
            body = self.value(node.body)
        finally:
            self.names.discard(var)
            self.fields.discard(var)
        every = kind == "all"

        def run(names: dict, document: DocumentContext) -> bool:
            found = source(names, document)
            for member in found.values() if isinstance(found, dict) else found:
                names[var] = member
                if bool(body(names, document)) != every:
                    return kind == "any"
            return kind != "any"

        return run

    def _exists(self, node: ast.Call) -> Value:
        """`exists(path)` of a path of fields (not a bare name): false where the reference's probe finds it absent."""
        (path,) = node.args
        if not isinstance(path, ast.Attr) and not (isinstance(path, ast.Name) and self.annotations.scopes.get(path) in (NameScope.ROOT, NameScope.ITEM)):
            raise _Unscreened
        probe: ast.Expr = path
        while isinstance(probe, ast.Attr):
            probe = probe.obj
        if not isinstance(probe, (ast.Name, ast.Item)):
            raise _Unscreened
        read = self._path(path)

        def exists(names: dict, document: DocumentContext) -> bool:
            try:
                read(names, document)
            except Missing:
                return False
            return True

        return exists

    def _compare(self, node: ast.Compare) -> Value:
        tolerance = node.tolerance
        left, right = self.value(node.left), self.value(node.right)
        if tolerance is None:
            test = _COMPARE[node.op]
            if _literal(node.right):  # one closure call less per run: a constant has nothing to work out
                constant = node.right.value  # type: ignore[attr-defined]
                return lambda names, document: test(left(names, document), constant)
            return lambda names, document: test(left(names, document), right(names, document))
        if tolerance.kind == "rounded":
            return self._rounded(node, left, right)
        if tolerance.kind != "within":
            raise _Unscreened
        near, slack = _TOLERANT[node.op], tolerance.amount

        def within(names: dict, document: DocumentContext) -> bool:
            a = left(names, document)
            b = right(names, document)
            return near(_number(a), _number(b), slack)

        return within

    def _rounded(self, node: ast.Compare, left: Value, right: Value) -> Value:
        """`a == b rounded` where each side is a figure as it is read (a path, a constant, a call other than abs and
        half_unit; not a let, which the reference works out again as an interval, nor arithmetic): the reference's
        interval of such a side is its value (_number of it, left then right) with a slack of half units, never
        negative, so two finite values that are equal hold whatever the printed precision; any other pair, which
        only that precision can judge, is _Undecided. Other operators and sides: no screen."""
        lets = self.names - self.fields
        if node.op != "==" or not (_figure(node.left, lets) and _figure(node.right, lets)):
            raise _Unscreened  # the printed precision of what was read would be needed

        def rounded(names: dict, document: DocumentContext) -> bool:
            a = _number(left(names, document))
            b = _number(right(names, document))
            if a == b and a.is_finite():
                return True
            raise _Undecided

        return rounded

    def _predicate(self, node: ast.Predicate) -> Value:
        subject, op = self.value(node.subject), node.op
        if op in ("is_empty", "is_not_empty"):
            want = op == "is_empty"

            def empty(names: dict, document: DocumentContext) -> bool:
                try:
                    value = subject(names, document)
                except Missing:
                    return want
                return _blank(value) == want

            return empty
        if op == "matches":
            pattern = node.arg.value  # type: ignore[attr-defined]
            return lambda names, document: patterns.search(_text(subject(names, document)), pattern, document.pattern_seconds)
        arg = self.value(node.arg)  # type: ignore[arg-type]
        if op == "contains":
            if _literal(node.arg):
                part = node.arg.value  # type: ignore[union-attr]
                return lambda names, document: _contains(subject(names, document), part)
            return lambda names, document: _contains(subject(names, document), arg(names, document))
        if op == "starts_with":
            return lambda names, document: _text(subject(names, document)).startswith(_text(arg(names, document)))
        return lambda names, document: _text(subject(names, document)).endswith(_text(arg(names, document)))

    def _call(self, node: ast.Call) -> Value:
        spec = FUNCTIONS.get(node.func)
        if spec is None or node.func == "exists" or spec.places:
            raise _Unscreened
        args = [self.value(arg) for arg in node.args]
        offset = 2 if spec.document else 0
        checks = argument_checks(spec.params, spec.variadic, len(node.args), offset=offset)
        function, name = spec.impl, node.func
        notes = (self.annotations.prepared.get(node) or {}) if spec.document else {}

        if not spec.document and len(args) == 1:  # the common case without a list per run: f(x.field)
            (only,) = args
            if not checks:
                return lambda names, document: function(only(names, document))
            ((_position, check, kind),) = checks

            def call_one(names: dict, document: DocumentContext) -> object:
                value = only(names, document)
                if not check(value):
                    raise EvaluationError(wrong_kind(name, 0, kind, value, offset=offset))
                return function(value)

            return call_one
        if not spec.document and len(args) == 2:  # f(a, b): ordered(), overlaps() of two grades
            first, second = args
            first_checks = [(check, kind) for position, check, kind in checks if position == 0]
            second_checks = [(check, kind) for position, check, kind in checks if position == 1]

            def call_two(names: dict, document: DocumentContext) -> object:
                a = first(names, document)
                b = second(names, document)
                for check, kind in first_checks:
                    if not check(a):
                        raise EvaluationError(wrong_kind(name, 0, kind, a, offset=offset))
                for check, kind in second_checks:
                    if not check(b):
                        raise EvaluationError(wrong_kind(name, 1, kind, b, offset=offset))
                return function(a, b)

            return call_two

        def call(names: dict, document: DocumentContext) -> object:
            values = [arg(names, document) for arg in args]
            if spec.document:
                values = [document, prepared_for(notes, document.schema), *values]  # a note kept in the rule cache is made on first use
            for position, test, kind in checks:
                if not test(values[position]):
                    raise EvaluationError(wrong_kind(name, position, kind, values[position], offset=offset))
            return function(*values)

        return call


def _figure(node: ast.Expr, lets: set[str]) -> bool:
    """Whether the reference's interval of a side of a `rounded` comparison is _number of its value (Compiler.figures)."""
    if isinstance(node, ast.Name):
        return node.id not in lets
    if isinstance(node, ast.Call):
        return node.func not in ("abs", "half_unit")
    return isinstance(node, (ast.Number, ast.Attr, ast.Wildcard))


def _literal(node: ast.Expr | None) -> bool:
    return isinstance(node, (ast.Number, ast.String, ast.Bool))


def _fields(name: str, path: tuple) -> Value:
    """Fields of a bound value, as the reference reads them: a step that is not a mapping's, or None, is absent.
    One and two steps are written out (the most read: `g`'s field, `i.grades.优`)."""
    if len(path) == 1:
        (step,) = path

        def one(names: dict, document: DocumentContext) -> object:
            value = names[name]
            value = value.get(step) if isinstance(value, dict) else None
            if value is None:
                raise Missing("")
            return value

        return one
    if len(path) == 2:
        first, second = path

        def two(names: dict, document: DocumentContext) -> object:
            value = names[name]
            value = value.get(first) if isinstance(value, dict) else None
            value = value.get(second) if isinstance(value, dict) else None
            if value is None:
                raise Missing("")
            return value

        return two

    return lambda names, document: _down(names[name], path)


class _Buckets(index.Buckets):
    """A filter's elements by their side of its equality (dsl/index.py's buckets, from plain values): positions in order."""

    __slots__ = ()

    def __init__(self, elements: list, side: Value, names: dict, document: DocumentContext) -> None:
        super().__init__()
        by_value = self.by_value
        for position, element in enumerate(elements):
            names[ITEM] = element
            try:
                value = side(names, document)
                try:  # self.add(position, value), written out: one call less per element
                    by_value.setdefault(value, []).append(position)
                except TypeError:
                    self.unhashable.append(position)
            except UNDECIDED:  # the equality cannot be true for the element: in no bucket
                continue

    def positions(self, value: object) -> list[int] | None:
        """Where the element's side may equal `value`, in order; None when `value` cannot be looked up (every element)."""
        try:  # index.Buckets.positions, written out: one call less per look-up
            found = self.by_value.get(value, [])
        except TypeError:
            return None
        return sorted(found + self.unhashable) if self.unhashable else found
