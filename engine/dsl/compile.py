"""Rule language: AST -> Python closures, dispatched by node type through a table. No eval, no exec."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import Decimal, DecimalException

from budgetcheck.dsl import ast, paths
from budgetcheck.dsl.annotations import Access, Annotations, NameScope
from budgetcheck.dsl.functions import FUNCTIONS, EvaluationError
from budgetcheck.dsl.runtime import Env, Missing, Ref, RefList, escape, members, unwrap

Compiled = Callable[[Env], object]
HALF_CENT = Decimal("0.005")


class Compiler:
    def __init__(self, annotations: Annotations) -> None:
        self.annotations = annotations
        self.table: dict[type, Callable[[ast.Expr], Compiled]] = {
            ast.Number: self._constant,
            ast.String: self._constant,
            ast.Bool: self._constant,
            ast.Item: self._item,
            ast.Name: self._name,
            ast.Attr: self._attr,
            ast.Wildcard: self._wildcard,
            ast.Subscript: self._subscript,
            ast.Call: self._call,
            ast.ListLiteral: self._list,
            ast.Neg: self._neg,
            ast.Arith: self._arith,
            ast.Default: self._default,
            ast.Compare: self._compare,
            ast.Not: self._not,
            ast.Logic: self._logic,
            ast.Predicate: self._predicate,
            ast.Let: self._let,
            ast.If: self._if,
            ast.Quantifier: self._quantifier,
        }

    def compile(self, node: ast.Expr) -> Compiled:
        return self.table[type(node)](node)

    def value(self, node: ast.Expr) -> Compiled:
        """Compiled to a plain value (document reads recorded)."""
        if isinstance(node, _PLAIN):
            return self.compile(node)
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard)):
            return self._path(node, record=True)
        inner = self.compile(node)
        return lambda env: unwrap(inner(env), env)

    # -- leaves and paths ---------------------------------------------------
    def _constant(self, node):
        value = node.value
        return lambda env: value

    def _item(self, node):
        return lambda env: env.item

    def _name(self, node):
        return self._path(node, record=False)

    def _attr(self, node):
        return self._path(node, record=False)

    def _wildcard(self, node):
        return self._path(node, record=False)

    def _path(self, node: ast.Expr, record: bool, missing_ok: bool = False) -> Compiled:
        """Fields and [*] from the root, a variable, a filter's item or any other expression."""
        head, steps = paths.split(node)
        if isinstance(head, ast.Name):
            scope = self.annotations.scopes[head]
            if scope is NameScope.ROOT:
                return paths.reader(None, [(paths.KEY, head.id, escape(head.id)), *steps], record, missing_ok)
            if scope is NameScope.ITEM:
                return paths.bound_reader(None, [(paths.KEY, head.id, escape(head.id)), *steps], record, missing_ok)
            if steps:
                return paths.bound_reader(head.id, steps, record, missing_ok)
            variable = head.id
            start: Compiled = lambda env: env.vars[variable]
        else:
            start = self.compile(head)
        if steps:
            return paths.reader(start, steps, record, missing_ok)
        if missing_ok:
            return lambda env: _tolerant(start, env, record)
        return start if not record else (lambda env: unwrap(start(env), env))

    def _subscript(self, node):
        inner = self.compile(node.obj)
        if self.annotations.accesses[node] is Access.INDEX:
            index = self.value(node.index)

            def at(env: Env) -> object:
                base = inner(env)
                position = int(index(env))
                try:
                    return members(base)[position]
                except IndexError:
                    raise Missing(f"{getattr(base, 'pointer', '')}/{position}") from None

            return at
        hoisted = self._item_against_fixed(node.index)
        if hoisted is not None:
            return _keep_matching(inner, *hoisted)
        condition = self.value(node.index)

        def keep(env: Env) -> RefList:
            base = inner(env)
            scratch = env.with_reads([])  # what a filter reads to choose is not what a finding reads
            out = RefList()
            for ref in members(base):
                scratch.item = ref  # one scratch Env per filter, the item rebound per element
                try:
                    if condition(scratch) is True:
                        out.append(ref)
                except Missing:
                    continue
            return out

        return keep

    def _item_against_fixed(self, condition: ast.Expr) -> tuple[Compiled, Compiled, Callable[[object, object], bool], bool] | None:
        """For `field == outer.path` (or !=): the item's side, the side fixed for the whole filter, the test,
        and whether the item's side is on the left. Both sides are plain paths, which can only raise Missing,
        so reading the fixed side once per filter instead of once per element changes no outcome."""
        if not (isinstance(condition, ast.Compare) and condition.tolerance is None and condition.op in ("==", "!=")):
            return None
        left, right = self._path_head(condition.left), self._path_head(condition.right)
        if left is NameScope.ITEM and right in (NameScope.VAR, NameScope.ROOT):
            return self.value(condition.left), self.value(condition.right), _COMPARE[condition.op], True
        if right is NameScope.ITEM and left in (NameScope.VAR, NameScope.ROOT):
            return self.value(condition.right), self.value(condition.left), _COMPARE[condition.op], False
        return None

    def _path_head(self, node: ast.Expr) -> NameScope | None:
        """How a plain path (names, fields, [*]) starts; None for anything else."""
        if not isinstance(node, (ast.Name, ast.Attr, ast.Wildcard)):
            return None
        head, _steps = paths.split(node)
        return self.annotations.scopes.get(head) if isinstance(head, ast.Name) else None

    # -- values ---------------------------------------------------------------
    def _call(self, node):
        if node.func == "exists":
            probe = self._probe(node.args[0], record=False)

            def exists(env: Env) -> bool:
                found = probe(env)
                if isinstance(found, RefList):  # after [*]: exists when at least one value is there
                    return bool(found)
                return found is not paths.ABSENT and not (isinstance(found, Ref) and found.value is None)

            return exists
        spec = FUNCTIONS[node.func]
        function = spec.impl
        args = [(self.compile if spec.places else self.value)(arg) for arg in node.args]
        if spec.document:  # reads the whole document: called with the evaluation's document context and the checker's note first
            notes = self.annotations.prepared.get(node) or {}
            first = next(iter(notes.values()), None)  # a context that names no schema (a test's) gets the first schema's note
            args = [lambda env: env.document, lambda env: notes.get(env.document.schema, first), *args]

        def call(env: Env) -> object:
            try:
                return function(*[arg(env) for arg in args])
            except (DecimalException, TypeError, ValueError) as error:
                raise EvaluationError(f"{node.func}(): {error}") from None

        return call

    def _list(self, node):
        items = [self.value(item) for item in node.items]
        return lambda env: [item(env) for item in items]

    def _neg(self, node):
        inner = self.value(node.operand)
        return lambda env: -_number(inner(env))

    def _arith(self, node):
        left, right = self.value(node.left), self.value(node.right)
        apply = _ARITH[node.op]

        def run(env: Env) -> Decimal:
            a, b = _number(left(env)), _number(right(env))
            try:
                return apply(a, b)
            except DecimalException as error:  # overflow, division by zero, invalid operation
                raise EvaluationError(f"{a} {node.op} {b}: {type(error).__name__}") from None

        return run

    def _default(self, node):
        inner, fallback = self._probe(node.value, record=True), self.value(node.fallback)

        def run(env: Env) -> object:
            found = inner(env)
            return fallback(env) if found is None or found is paths.ABSENT else found

        return run

    def _probe(self, node: ast.Expr, record: bool) -> Compiled:
        """`node` compiled to give paths.ABSENT where its value is absent, instead of raising."""
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard)):
            return self._path(node, record, missing_ok=True)
        inner = self.value(node) if record else self.compile(node)
        return lambda env: _tolerant(inner, env, False)

    def _compare(self, node):
        left, right = self.value(node.left), self.value(node.right)
        tolerance = node.tolerance
        if tolerance is None:
            test = _COMPARE[node.op]

            def exact(env: Env) -> bool:
                a = left(env)
                b = right(env)
                env.compared = (a, b)
                return test(a, b)

            return exact
        near = _TOLERANT[node.op]

        def tolerant(env: Env) -> bool:
            start = len(env.reads)
            a = left(env)
            b = right(env)
            env.compared = (a, b)
            if tolerance.kind == "within":
                slack = tolerance.amount
            else:  # rounded: each figure shown to 0.01 may be off by 0.005 (XBRL calc 1.1 intervals)
                leaves = sum(1 for _pointer, value in env.reads[start:] if isinstance(value, (Decimal, int)) and not isinstance(value, bool))
                slack = HALF_CENT * leaves
            return near(_number(a), _number(b), slack)

        return tolerant

    def _not(self, node):
        inner = self.value(node.operand)
        return lambda env: not inner(env)

    def _logic(self, node):
        left, right = self.value(node.left), self.value(node.right)
        if node.op == "and":
            return lambda env: bool(left(env)) and bool(right(env))
        return lambda env: bool(left(env)) or bool(right(env))

    def _predicate(self, node):
        subject = self.value(node.subject)
        op = node.op
        if op in ("is_empty", "is_not_empty"):
            want = op == "is_empty"

            def empty(env: Env) -> bool:
                try:
                    value = subject(env)
                except Missing:
                    return want
                blank = value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))
                return blank == want

            return empty
        if op == "matches":
            pattern = re.compile(node.arg.value)
            return lambda env: pattern.search(_text(subject(env))) is not None
        arg = self.value(node.arg)
        if op == "contains":
            return lambda env: _contains(subject(env), arg(env))
        if op == "starts_with":
            return lambda env: _text(subject(env)).startswith(_text(arg(env)))
        return lambda env: _text(subject(env)).endswith(_text(arg(env)))

    def _let(self, node):
        value, body = self.compile(node.value), self.compile(node.body)
        name = node.name
        return lambda env: body(env.bind(name, value(env)))

    def _if(self, node):
        cond, then, otherwise = self.value(node.cond), self.compile(node.then), self.compile(node.otherwise)
        return lambda env: then(env) if cond(env) else otherwise(env)

    def _quantifier(self, node):
        source, body = self.compile(node.source), self.value(node.body)
        name, kind = node.var, node.kind

        def run(env: Env) -> bool:
            """Only the deciding member's reads are kept: they are what a finding should point at."""
            base = source(env)
            for member in members(base):
                scratch: list = []
                holds = bool(body(env.bind(name, member).with_reads(scratch)))
                if holds != (kind == "all"):
                    env.reads.extend(scratch)
                    return kind == "any"
            return kind != "any"

        return run


# Nodes whose compiled closure already yields a plain value, never a Ref.
_PLAIN = (ast.Number, ast.String, ast.Bool, ast.Call, ast.ListLiteral, ast.Neg, ast.Arith, ast.Default, ast.Compare, ast.Not, ast.Logic, ast.Predicate, ast.Quantifier)


def _tolerant(inner: Compiled, env: Env, record: bool) -> object:
    try:
        found = inner(env)
    except Missing:
        return paths.ABSENT
    return unwrap(found, env) if record else found


def _keep_matching(inner: Compiled, varying: Compiled, fixed: Compiled, test: Callable[[object, object], bool], item_left: bool) -> Compiled:
    def keep(env: Env) -> RefList:
        refs = members(inner(env))
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
        return out

    return keep


def _number(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    raise EvaluationError(f"“{value}”不是数字")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise EvaluationError(f"“{value}”不是文字")


def _contains(container: object, part: object) -> bool:
    if isinstance(container, list):
        return part in container
    return _text(part) in _text(container)


_COMPARE: dict[str, Callable[[object, object], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": lambda a, b: _number(a) < _number(b),
    "<=": lambda a, b: _number(a) <= _number(b),
    ">": lambda a, b: _number(a) > _number(b),
    ">=": lambda a, b: _number(a) >= _number(b),
}


_TOLERANT: dict[str, Callable[[Decimal, Decimal, Decimal], bool]] = {
    "==": lambda a, b, slack: abs(a - b) <= slack,
    "!=": lambda a, b, slack: abs(a - b) > slack,
    "<=": lambda a, b, slack: a <= b + slack,
    ">=": lambda a, b, slack: a >= b - slack,
    "<": lambda a, b, slack: a < b - slack,
    ">": lambda a, b, slack: a > b + slack,
}


_ARITH: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}

