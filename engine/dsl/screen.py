"""Rule language: screens, a cheap test that one run of a rule over a list member passes.

Most runs of a rule over a list pass: the 184 grade thresholds of a document, its 120 paragraphs. The reference
run of each (evaluate._run) rebinds an Env, records every value it reads with its JSON pointer so that a finding
can point at them, and goes through a closure per node. A screen works the rule's `let`, `when` and assertion
out from the member's plain value alone, with the reference's own operators and functions, and says True only
where the reference run would give nothing: its `when` false, or its assertion true, without an exception.
Everything else — False, any exception, a member that is not a document value — leaves the run to the
reference, which decides its outcome (a finding, a not-applicable reason); a regular expression that runs out
of the rule's time is passed on, as the reference would. So a screen can only skip runs, and only runs that
give no outcome: the findings, their order and the not-applicable outcomes stay the reference's.

A rule gets a screen when its bindings are `for x in S` with at most one `let` after it, and every node of its
`let`, `when` and assertion is one the screen writes out: constants; `x`, its fields (`x.a.b`) and the `let`'s
name; not/and/or, `if`; comparisons (exact or `within`); the predicates; calls of functions that take plain
values. Any other node (paths from the document root, filters, `[*]`, quantifiers, `??`, `rounded`, `exists`,
functions of document places) leaves the rule without a screen. Only the generated evaluator uses screens; the
closure evaluator, the reference, never does, and tests/dsl/test_compiled_outcomes.py holds the two equal.
"""

from __future__ import annotations

from collections.abc import Callable

from budgetcheck.dsl import ast, patterns
from budgetcheck.dsl.annotations import Annotations, NameScope, prepared_for
from budgetcheck.dsl.compile import _COMPARE, _TOLERANT
from budgetcheck.dsl.functions import FUNCTIONS, EvaluationError, argument_checks, wrong_kind
from budgetcheck.dsl.operands import _blank, _contains, _number, _text
from budgetcheck.dsl.runtime import DocumentContext, Missing

Value = Callable[[dict, DocumentContext], object]  # a node worked out from the bound names' plain values
Screen = Callable[[object, DocumentContext], bool]


class _Unscreened(Exception):
    """A node the screen does not write out: the rule has no screen."""


def build(rule: ast.Rule, annotations: Annotations) -> Screen | None:
    """The rule's screen, or None when its shape or one of its nodes is outside what screens write out."""
    bindings = rule.bindings
    if not bindings or bindings[0].kind != "for" or len(bindings) > 2 or (len(bindings) == 2 and bindings[1].kind != "let"):
        return None
    loop = bindings[0].name
    let = bindings[1] if len(bindings) == 2 else None
    if let is not None and let.name == loop:
        return None
    writer = _Writer(annotations, loop, {loop} | ({let.name} if let is not None else set()))
    try:
        bound = writer.value(let.expr) if let is not None else None
        when = writer.value(rule.when) if rule.when is not None else None
        assertion = writer.value(rule.assertion)
    except _Unscreened:
        return None
    let_name = let.name if let is not None else None

    def screen(value: object, document: DocumentContext) -> bool:
        names = {loop: value}
        if bound is not None:
            names[let_name] = bound(names, document)  # type: ignore[index]
        if when is not None and not when(names, document):
            return True
        return bool(assertion(names, document))

    return screen


class _Writer:
    """Each node as the reference's Compiler.value computes it, from plain values instead of an Env."""

    def __init__(self, annotations: Annotations, loop: str, names: set[str]) -> None:
        self.annotations = annotations
        self.loop = loop
        self.names = names

    def value(self, node: ast.Expr) -> Value:  # noqa: PLR0911 - one branch per node type written out
        if isinstance(node, (ast.Number, ast.String, ast.Bool)):
            constant = node.value
            return lambda names, document: constant
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard)):
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
            return self._call(node)
        raise _Unscreened

    def _path(self, node: ast.Expr) -> Value:
        """A bound name, or fields and `[*]` of the loop's member, as paths.reader reads them in value position:
        absent where it raises Missing; after a `[*]`, the list of the values that have the next field."""
        steps: list[str | None] = []  # a field's name, or None for [*]
        while isinstance(node, (ast.Attr, ast.Wildcard)):
            steps.append(node.name if isinstance(node, ast.Attr) else None)
            node = node.obj
        if not isinstance(node, ast.Name) or node.id not in self.names or self.annotations.scopes.get(node) is not NameScope.VAR:
            raise _Unscreened
        if steps and node.id != self.loop:  # a field of the let's value: the reference reads it from a Derived
            raise _Unscreened
        name, path = node.id, tuple(reversed(steps))
        if not path:
            return lambda names, document: names[name]
        if None not in path:

            def read(names: dict, document: DocumentContext) -> object:
                value = names[name]
                for step in path:
                    value = value.get(step) if isinstance(value, dict) else None
                    if value is None:
                        raise Missing("")
                return value

            return read
        return lambda names, document: _walk(names[name], path)

    def _compare(self, node: ast.Compare) -> Value:
        tolerance = node.tolerance
        left, right = self.value(node.left), self.value(node.right)
        if tolerance is None:
            test = _COMPARE[node.op]
            return lambda names, document: test(left(names, document), right(names, document))
        if tolerance.kind != "within":
            raise _Unscreened  # `rounded` needs the printed precision of what was read
        near, slack = _TOLERANT[node.op], tolerance.amount

        def within(names: dict, document: DocumentContext) -> bool:
            a = left(names, document)
            b = right(names, document)
            return near(_number(a), _number(b), slack)

        return within

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
            return lambda names, document: patterns.search(_text(subject(names, document)), pattern, document.pattern_seconds())
        arg = self.value(node.arg)  # type: ignore[arg-type]
        if op == "contains":
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

        def call(names: dict, document: DocumentContext) -> object:
            values = [arg(names, document) for arg in args]
            if spec.document:
                values = [document, prepared_for(notes, document.schema), *values]  # a note kept in the rule cache is made on first use
            for position, test, kind in checks:
                if not test(values[position]):
                    raise EvaluationError(wrong_kind(name, position, kind, values[position], offset=offset))
            return function(*values)

        return call


def _walk(value: object, path: tuple[str | None, ...]) -> object:
    """paths._walk and _finish without pointers, from one value: a field of one value must be there; `[*]` opens a
    list (its items) or a mapping (its values), else Missing; a field after it keeps the values that have it."""
    values, many = [value], False
    for step in path:
        if step is None:
            opened: list = []
            for item in values:
                if isinstance(item, list):
                    opened.extend(item)
                elif isinstance(item, dict):
                    opened.extend(item.values())
                else:
                    raise Missing("")
            values, many = opened, True
        elif not many:
            found = values[0].get(step) if isinstance(values[0], dict) else None
            if found is None:
                raise Missing("")
            values = [found]
        else:
            values = [item[step] for item in values if isinstance(item, dict) and item.get(step) is not None]
    return values if many else values[0]
