"""Rule language: AST -> Python closures, dispatched by node type through a table. No eval, no exec."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, DecimalException

from budgetcheck.dsl import ast, index, paths, patterns
from budgetcheck.dsl.annotations import Access, Annotations, NameScope, prepared_for
from budgetcheck.dsl.errors import RuleCheckError
from budgetcheck.dsl.functions import (
    FUNCTIONS,
    EvaluationError,
    argument_checks,
    call_of,
    wrong_kind,
)
from budgetcheck.dsl.operands import _ARITH, _COMPARE, _TOLERANT, _blank, _contains, _half, _is_figure, _number, _text
from budgetcheck.dsl.ast import MAX_NESTING
from budgetcheck.dsl.runtime import (
    Env,
    Missing,
    Ref,
    RefList,
    escape,
    flat,
    members,
    unwrap,
)

Compiled = Callable[[Env], object]
FilterRoute = Callable[[ast.Subscript, Compiled, Compiled], Compiled | None]  # (the filter, its list, the filter itself)
Interval = tuple[Decimal, Decimal, int]  # value, half the width of the interval its printed figures allow, how many figures


def combine_intervals(op: str, left: Interval, right: Interval) -> Interval:
    """`left op right` of two intervals (value, half width, figures read): the rounded comparison's arithmetic,
    shared by the closures and the generated code."""
    a, half_a, count_a = left
    b, half_b, count_b = right
    count = count_a + count_b
    try:
        if op == "+":
            return a + b, half_a + half_b, count
        if op == "-":
            return a - b, half_a + half_b, count
        if op == "*":
            return a * b, abs(a) * half_b + abs(b) * half_a + half_a * half_b, count
        if abs(b) <= half_b:
            raise EvaluationError(f"{a} / {b}：除数在其印出精度内可能为 0，无从比较")
        return a / b, (abs(a) * half_b + abs(b) * half_a) / (abs(b) * (abs(b) - half_b)), count
    except DecimalException as error:
        raise EvaluationError(f"{a} {op} {b}: {type(error).__name__}") from None
ZERO = Decimal(0)
ROUNDED_TERMS = 2_000  # terms of one `rounded` comparison, its lets worked out (the national pack's largest has 6)


class Compiler:
    def __init__(self, annotations: Annotations, lets: dict[str, ast.Expr] | None = None, file: str = "", source: str = "") -> None:
        self.annotations = annotations
        self.lets = lets or {}  # the rule's `let`s by name: a `rounded` comparison works out their intervals again
        self.file, self.source = file, source  # where a rule too large to compile is reported
        self._terms = self._depth = 0  # of the `rounded` comparison being compiled, its lets worked out
        self._at = ast.NOWHERE  # where that comparison is
        self.filter_route: FilterRoute | None = None  # the compiled evaluator's (routed): never set on the reference's compiler
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

    def routed(self, route: FilterRoute) -> Compiler:
        """A compiler of the same rule whose filters `route` may give another way to their elements (dsl/textonce.filtered,
        for the compiled evaluator's closures: rules.compile_rules); `route` gives None for a filter it leaves alone."""
        other = Compiler(self.annotations, self.lets, self.file, self.source)
        other.filter_route = route
        return other

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
        if self.annotations.accesses[node] is not Access.INDEX:
            return self._filter(node)
        first = isinstance(node.index, ast.Number) and node.index.value == 0 and self.annotations.accesses.get(node.obj) is Access.FILTER
        inner = self._filter(node.obj, limit=1) if first else self.compile(node.obj)  # `list[cond][0]` stops at the first match
        where = self.value(node.index)

        def at(env: Env) -> object:
            base = inner(env)
            position = int(_number(where(env)))
            try:
                return members(base)[position]
            except IndexError:
                raise Missing(f"{getattr(base, 'pointer', '')}/{position}") from None

        return at

    def _filter(self, node: ast.Subscript, limit: int | None = None) -> Compiled:
        """`list[condition]`: the elements the condition is true on, in order (at most `limit` of them)."""
        inner = self.compile(node.obj)
        condition = self.value(node.index)
        hoisted = self._item_against_fixed(node.index)
        scan = index.keep_matching(*hoisted, limit=limit) if hoisted is not None else index.keep_true(condition, limit)
        found = index.plan(node.index, self.annotations.scopes.get, self.value)

        def keep(env: Env) -> RefList:
            base = inner(env)
            if found is not None and base.__class__ is Ref and base.value.__class__ is list:  # a list of the document: indexed once per document
                return index.keep_indexed(found, env, base, condition, limit)
            return scan(env, base)

        if self.filter_route is not None and limit is None and found is None:
            keep = self.filter_route(node, inner, keep) or keep
        shared = index.shared_filter(node, self.annotations.scopes.get, limit)
        if shared is None:
            return keep

        def kept(env: Env) -> RefList:  # the same in every rule that writes it: once per document, a list of its own each time
            return RefList(env.document.once(shared, lambda: keep(env)))

        return kept

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
            where = self._root_pointer(node.args[0])

            def exists(env: Env) -> bool:
                found = probe(env)
                if isinstance(found, RefList):  # after [*]: exists when at least one value is there
                    return bool(found)
                if found is paths.ABSENT and where:  # a finding about what is missing points where it belongs
                    env.reads.append((where, None))
                return found is not paths.ABSENT and not (isinstance(found, Ref) and found.value is None)

            return exists
        spec = FUNCTIONS[node.func]
        function = spec.impl
        args = [(self.compile if spec.places else self.value)(arg) for arg in node.args]
        # The checker proved the kinds against the schema; a document that breaks its schema can still hand a
        # function a list where it takes text: that run is not applicable, never a fault of the checker.
        checks = [] if spec.places else argument_checks(spec.params, spec.variadic, len(node.args), offset=2 if spec.document else 0)
        if spec.document:  # reads the whole document: called with the evaluation's document context and the checker's note first
            notes = self.annotations.prepared.get(node) or {}
            args = [lambda env: env.document, lambda env: prepared_for(notes, env.document.schema), *args]
        name = node.func
        if len(args) <= 3:  # the same call, its arguments gathered without a list comprehension (a call each)
            return call_of(name, function, args, checks, 2 if spec.document else 0)

        def call(env: Env) -> object:
            values = [arg(env) for arg in args]
            for position, test, kind in checks:
                if not test(values[position]):
                    raise EvaluationError(wrong_kind(name, position, kind, values[position], offset=2 if spec.document else 0))
            try:
                return function(*values)
            except (DecimalException, TypeError, ValueError) as error:
                raise EvaluationError(f"{name}(): {error}") from None

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

    def _root_pointer(self, node: ast.Expr) -> str:
        """The JSON pointer of a document path of fields only (`tables.budget_summary`), else ''."""
        if not isinstance(node, (ast.Name, ast.Attr)) or self._path_head(node) is not NameScope.ROOT:
            return ""
        head, steps = paths.split(node)
        if any(kind != paths.KEY for kind, _name, _token in steps):
            return ""
        return "/" + "/".join([escape(head.id), *(token for _kind, _name, token in steps)])

    def _probe(self, node: ast.Expr, record: bool) -> Compiled:
        """`node` compiled to give paths.ABSENT where its value is absent, instead of raising."""
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard)):
            return self._path(node, record, missing_ok=True)
        inner = self.value(node) if record else self.compile(node)
        return lambda env: _tolerant(inner, env, False)

    def _compare(self, node):
        tolerance = node.tolerance
        if tolerance is not None and tolerance.kind == "rounded":
            return self._rounded(node)
        left, right = self.value(node.left), self.value(node.right)
        if tolerance is None:
            test = _COMPARE[node.op]

            def exact(env: Env) -> bool:
                a = left(env)
                b = right(env)
                env.compared = (a, b)
                return test(a, b)

            return exact
        near = _TOLERANT[node.op]
        slack = tolerance.amount

        def tolerant(env: Env) -> bool:
            a = left(env)
            b = right(env)
            env.compared = (a, b)
            return near(_number(a), _number(b), slack)

        return tolerant

    # -- rounded: intervals of printed figures (XBRL Calculations 1.1) ------------------------------
    def _rounded(self, node: ast.Compare) -> Compiled:
        """Each printed figure stands for the interval of ± half a unit of its last printed digit. A side that
        adds, subtracts or scales figures has the interval their intervals give; two sides compare as
        consistent when their intervals meet. A figure stated again (each side one figure) is consistent
        when the finer rounds to the coarser: the slack is the coarser half unit, so two figures printed
        alike must be equal."""
        self._terms, self._at = 0, node.span
        left, right = self._interval(node.left), self._interval(node.right)
        near = _TOLERANT[node.op]

        def rounded(env: Env) -> bool:
            a, half_a, count_a = left(env)
            b, half_b, count_b = right(env)
            env.compared = (a, b)
            slack = max(half_a, half_b) if count_a <= 1 and count_b <= 1 else half_a + half_b
            return near(a, b, slack)

        return rounded

    def _interval(self, node: ast.Expr) -> Callable[[Env], Interval]:
        """Bounded: a let is worked out again wherever it is named, so a chain of lets that each name the one
        before twice doubles at every link; the terms and the depth of one comparison are capped (ROUNDED_TERMS,
        ast.MAX_NESTING), which bounds its compiling, its run and the recursion of both."""
        self._terms += 1
        self._depth += 1
        try:
            if self._terms > ROUNDED_TERMS or self._depth > MAX_NESTING:
                span = self._at
                raise RuleCheckError(
                    self.file, span.line or None, span.column or None,
                    f"“rounded”比较要把其中的 let 逐一重新展开，这里展开后超过 {ROUNDED_TERMS} 项或 {MAX_NESTING} 层（上限）；请去掉 rounded 或缩短 let 的链",
                    f"a 'rounded' comparison works each of its lets out again, and here that gives more than {ROUNDED_TERMS} terms or {MAX_NESTING} levels (the limit); drop rounded or shorten the chain of lets",
                    self.source,
                )  # fmt: skip
            return self._interval_of(node)
        finally:
            self._depth -= 1

    def _interval_of(self, node: ast.Expr) -> Callable[[Env], Interval]:
        if isinstance(node, ast.Number):
            value = node.value
            return lambda env: (value, ZERO, 0)
        if isinstance(node, ast.Arith):
            return self._interval_arith(node)
        if isinstance(node, ast.Neg):
            inner = self._interval(node.operand)

            def negated(env: Env) -> Interval:
                value, half, count = inner(env)
                return -value, half, count

            return negated
        if isinstance(node, ast.Call) and node.func == "abs" and len(node.args) == 1:
            inner = self._interval(node.args[0])

            def absolute(env: Env) -> Interval:
                value, half, count = inner(env)
                return abs(value), half, count

            return absolute
        if isinstance(node, ast.Call) and node.func == "half_unit":
            unit = self.value(node)  # how a figure is printed, not a figure: exact

            def exact(env: Env) -> Interval:
                return _number(unit(env)), ZERO, 0

            return exact
        if isinstance(node, ast.If):
            cond, then, otherwise = self.value(node.cond), self._interval(node.then), self._interval(node.otherwise)
            return lambda env: then(env) if cond(env) else otherwise(env)
        if isinstance(node, ast.Name) and node.id in self.lets and self.annotations.scopes.get(node) is NameScope.VAR:
            return self._interval(self.lets[node.id])  # a `let` is worked out again, as an interval
        inner = self.value(node)

        def figures(env: Env) -> Interval:
            """Any other expression (a path, sum(), a fallback): its value, and the half units of the figures it read."""
            reads = env.reads
            start = len(reads)
            value = _number(inner(env))
            if len(reads) == start + 1 and type(reads[start]) is tuple:  # one plain read (`r.total` of a row): the loop below, once
                pointer, found = reads[start]
                if found.__class__ is Decimal or _is_figure(found):
                    return value, ZERO + _half(env, pointer, found), 1
                return value, ZERO, 0
            half, count = ZERO, 0
            for pointer, found in flat(reads[start:]):  # the half units added in reading order, from ZERO, as sum() adds
                if found.__class__ is Decimal or _is_figure(found):
                    half, count = half + _half(env, pointer, found), count + 1
            return value, half, count

        return figures

    def _interval_arith(self, node: ast.Arith) -> Callable[[Env], Interval]:
        left, right = self._interval(node.left), self._interval(node.right)
        op = node.op

        def run(env: Env) -> Interval:
            return combine_intervals(op, left(env), right(env))

        return run

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
                return _blank(value) == want

            return empty
        if op == "matches":
            pattern = node.arg.value
            return lambda env: patterns.search(_text(subject(env)), pattern, env.document.pattern_seconds)
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
