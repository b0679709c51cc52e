"""Rule language: screens (dsl/screen.py) written as Python source, one function per screened rule of a pack.

A closure screen (dsl/screenwriter.py) calls a closure per node for each list member: the screen's lambda, the
assertion, `not`, `or`, `contains`, a field read. Here the same nodes are written as the statements of one function
per rule, `s<n>(v0, document)` (a first-level screen) or `i<n>(v0, …, document)` (the screen of a last loop's members,
its leading arguments bound per binding by screen.build_inner): the bound names, quantifiers' names and temporaries are
locals, `not`/`and`/`or`/`if` are Python's, fields of plain mappings are read inline as screenwriter._fields reads them,
and everything with semantics goes through the very functions the closure screens call, in the same order: the
comparisons of compile._COMPARE/_TOLERANT, operands._contains/_text/_number/_blank, patterns.search with the rule's
time, the FUNCTIONS impls behind the same argument checks, screenwriter._down/_walk/_walk_kept, Missing, _Undecided.
A node not written out here (a filter, a call of a function of the document) is the closure screenwriter.Writer makes
of it, in the same state, called from the source through the table F with the names bound at that point.

As codegen.py does for the pack's module, the source holds no text of a rule or of a document: literals go through
the constants table K[n], callables through F[n]; the only names are the helpers below, Python keywords, the locals
`v<n>`, `t<n>`, and the functions `s<n>`/`i<n>`. `audit` refuses anything else before it is compiled. The source
depends only on the pack's AST (tables, locals and functions are numbered in walking order): it is deterministic.
The closure screens stay the reference of these; tests/dsl/test_screen.py holds them equal member by member.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from inspect import CO_VARARGS, CO_VARKEYWORDS
from types import CodeType

from budgetcheck.dsl import ast, cache, index, screen
from budgetcheck.dsl.annotations import Access, Annotations, NameScope, prepared_for
from budgetcheck.dsl.compile import _COMPARE, _TOLERANT
from budgetcheck.dsl.errors import RuleFaultError
from budgetcheck.dsl.functions import FUNCTIONS, EvaluationError, argument_checks, wrong_kind
from budgetcheck.dsl.operands import _blank, _contains, _number, _text
from budgetcheck.dsl.patterns import PatternTimeout, search
from budgetcheck.dsl.runtime import DocumentContext, Missing, Ref
from budgetcheck.dsl.screenwriter import ITEM, UNDECIDED, Writer, _Buckets, _down, _Undecided, _walk, _walk_kept

HEADER = "# budgetcheck: the screens of a rule pack as Python; K[n] constants, F[n] closures and functions"
FILENAME = "<budgetcheck rule screens>"


def _bucketed(key: object, found: object, elements: list, side: Callable, document: DocumentContext) -> _Buckets:
    """screenwriter.Writer._filter's buckets of a list, kept per document, list and filter (`key`)."""
    return document.kept(key, found, lambda: _Buckets(elements, side, {}, document))


def _picked(elements: list, positions: list[int]) -> list:
    return [elements[position] for position in positions]


def _wrong(function: str, position: int, kind: str, value: object, offset: int) -> None:
    raise EvaluationError(wrong_kind(function, position, kind, value, offset=offset))


HELPERS: dict[str, object] = {
    "Missing": Missing, "Undecided": _Undecided, "isinstance": isinstance, "bool": bool, "dict": dict, "LISTDICT": (list, dict),
    "N": _number, "T": _text, "CONTAINS": _contains, "BLANK": _blank, "SEARCH": search, "WRONG": _wrong,
    "DOWN": _down, "WALK": _walk, "WALK_KEPT": _walk_kept, "UNDECIDED": UNDECIDED, "BUCKETS": _bucketed, "PICK": _picked, "list": list,
    "PREPARED": prepared_for, "Ref": Ref, "PatternTimeout": PatternTimeout, "Exception": Exception,
}  # fmt: skip
_KEYWORDS = frozenset({"def", "return", "not", "and", "or", "if", "else", "for", "in", "try", "except", "raise", "break", "continue", "is", "None", "True", "False", "pass"})
_ATTRIBUTES = frozenset({"document", "unread", "root", "get", "values", "pattern_seconds", "startswith", "endswith", "positions", "append", "schema", "found", "__class__", "value"})
_ALLOWED = frozenset(HELPERS) | _KEYWORDS | _ATTRIBUTES | {"K", "F"}
_LOCAL = re.compile(r"^(?:[vt][0-9]+|[sik][0-9]+)$")
_CHARACTERS = re.compile(r"[A-Za-z0-9_ \n()\[\]{},:.=!]*")
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|[0-9]+")
FUNCTION_NAME = re.compile(r"^[sik][0-9]+$")


class Screens:
    """The pack's screens as one generated module: its source, constants and callables, built rule by rule."""

    def __init__(self) -> None:
        self.constants: list[object] = []
        self._constant_at: dict[tuple[type, str], int] = {}
        self.callables: list[object] = []
        self._callable_at: dict[int, int] = {}
        self.lines: list[str] = [HEADER, ""]
        self.written: list[tuple[str, str]] = []  # (function, rule id), for the reviewer's index
        self._count = 0

    def constant(self, value: object) -> str:
        key = (type(value), repr(value))
        at = self._constant_at.get(key)
        if at is None:
            at = self._constant_at[key] = len(self.constants)
            self.constants.append(value)
        return f"K[{at}]"

    def callable(self, function: object) -> str:
        at = self._callable_at.get(id(function))
        if at is None:
            at = self._callable_at[id(function)] = len(self.callables)
            self.callables.append(function)
        return f"F[{at}]"

    def first_level(self, rule: ast.Rule, annotations: Annotations) -> tuple[str, str] | None:
        """The names of the functions written for screen.build's screen of `rule`: `s<n>(value, document)`, and
        `k<n>(members, document)`, the members whose runs that screen cannot show to pass (evaluate._unscreened with the
        screen written into its loop: a member's screen costs no call); None where it has none."""
        if screen.build(rule, annotations) is None:
            return None
        names = self._first_level(rule, annotations, sieve=False), self._first_level(rule, annotations, sieve=True)
        self.written += [(name, rule.id) for name in names]
        return names

    def _first_level(self, rule: ast.Rule, annotations: Annotations, sieve: bool) -> str:
        bindings = rule.bindings
        kinds = tuple(binding.kind for binding in bindings)
        loop = bindings[0].name
        let = bindings[1] if kinds[1:2] == ("let",) else None
        inner = bindings[-1] if len(kinds) > 1 and kinds[-1] == "for" else None
        lists = {let.name} if let is not None else set()
        writer = Writer(annotations, {loop} | ({inner.name} if inner is not None else set()), {binding.name for binding in bindings}, lists)
        body = _Body(self, writer)
        body.scope[loop] = value = body.local()
        if sieve:
            member, kept = body.local(), body.local()
            body.depth = 4  # in the loop over the members, in a Ref's try
        if let is not None:
            bound = body.value(let.expr)
            body.scope[let.name] = body.local()
            body.emit(f"{body.scope[let.name]} = {bound}")
        if inner is None:
            body.passes(rule, "continue" if sieve else "return True", "if {}:\n    continue" if sieve else "return {}")
        else:
            found, _stable = body.members(inner.expr)
            body.scope[inner.name] = local = body.local()
            body.block(
                f"for {local} in ({found}.values() if isinstance({found}, dict) else {found})",
                lambda: body.passes(rule, "continue", "if not {}:\n    " + ("break" if sieve else "return False")),
            )
            body.block("else", lambda: body.emit("continue")) if sieve else body.emit("return True")
        if not sieve:
            return self._function("s", [value], body)
        body.lines = [
            f"    {kept} = []", f"    for {member} in found:", f"        if {member}.__class__ is Ref:", f"            {value} = {member}.value",
            "            try:", *body.lines, "            except PatternTimeout:", "                raise", "            except Exception:", "                pass",
            f"        {kept}.append({member})", f"    return {kept}",
        ]  # fmt: skip
        return self._function("k", ["found"], body)

    def last_loop(self, rule: ast.Rule, annotations: Annotations) -> tuple[str, tuple[str, ...]] | None:
        """The name of the function written for screen.build_inner's screens of `rule`, and the names its leading
        arguments hold (the outer loops' members, then the lets), or None where it has none."""
        if screen.build_inner(rule, annotations) is None:
            return None
        bindings = rule.bindings
        loop = bindings[-1].name
        outer_fors = [binding.name for binding in bindings[:-1] if binding.kind == "for"]
        lets = [binding.name for binding in bindings if binding.kind == "let"]
        writer = Writer(annotations, {loop, *outer_fors}, {binding.name for binding in bindings}, set(lets))
        body = _Body(self, writer)
        for name in (*outer_fors, *lets, loop):
            body.scope[name] = body.local()
        body.passes(rule, "return True", "return {}")
        name = self._function("i", list(body.scope.values()), body)
        self.written.append((name, rule.id))
        return name, (*outer_fors, *lets)

    def _function(self, prefix: str, arguments: list[str], body: _Body) -> str:
        name = f"{prefix}{self._count}"
        self._count += 1
        self.lines += [f"def {name}({', '.join(arguments)}, document):", *body.lines, ""]
        return name

    def source(self) -> str:
        return "\n".join(self.lines)

    def review(self) -> str:
        """The source, then the rule of each function as comments (not part of what is compiled)."""
        index = "".join(f"# {name} = {rule}\n" for name, rule in self.written)
        return self.source().rstrip("\n") + "\n\n# --- the rule of each screen function ---\n" + index

    def load(self) -> dict[str, Callable]:
        """The generated functions by name: the source audited, compiled and run in a namespace of the helpers only."""
        source = self.source()
        audit(source)
        namespace: dict[str, object] = {"__builtins__": {}, "K": tuple(self.constants), "F": tuple(self.callables), **HELPERS}
        code = cache.compiled(source, _compile_source, sound)  # the audited source's code, compiled or kept from an earlier run
        exec(code, namespace)  # noqa: S102 - audited above: no literal, no foreign name; a kept code object is checked by sound
        return {name: value for name, value in namespace.items() if FUNCTION_NAME.match(name)}  # type: ignore[misc]


class _Body:
    """The statements of one screen function: each node's statements appended, its value returned as a local or a
    table entry, in the order the closure screen works them out."""

    def __init__(self, screens: Screens, writer: Writer) -> None:
        self.screens = screens
        self.writer = writer
        self.lines: list[str] = []
        self.depth = 1
        self.scope: dict[str, str] = {}  # a bound name -> its local
        # what is known at the current statement (dropped at the end of the block that learnt it): the temporaries that
        # hold fields already read (a local's or the root's, by path), the checks already passed, the values that are bool
        self.known: dict[tuple, str] = {}
        self.checked: set[tuple[str, str]] = set()
        self.bools: set[str] = set()
        self._locals = 0
        self._temps = 0

    def emit(self, text: str) -> None:
        self.lines.extend("    " * self.depth + line for line in text.split("\n"))

    def local(self) -> str:
        self._locals += 1
        return f"v{self._locals - 1}"

    def temp(self) -> str:
        self._temps += 1
        return f"t{self._temps - 1}"

    def block(self, head: str, write: Callable[[], None]) -> None:
        """`head:` and the statements `write` appends, indented (`pass` when it appends none)."""
        self.emit(head + ":")
        self.depth += 1
        count, known, checked = len(self.lines), dict(self.known), set(self.checked)
        write()
        if len(self.lines) == count:
            self.emit("pass")
        self.depth -= 1
        self.known, self.checked = known, checked

    def truth(self, value: str) -> str:
        return value if value in self.bools else f"bool({value})"

    def boolean(self, text: str) -> str:
        out = self.assign(text)
        self.bools.add(out)
        return out

    def passes(self, rule: ast.Rule, skip: str, decide: str) -> None:
        """screen.passes: `when` false -> `skip`; else `decide` with the assertion's value."""
        if rule.when is not None:
            when = self.value(rule.when)
            self.block(f"if not {when}", lambda: self.emit(skip))
        if decide.startswith("return"):
            self.emit(decide.format(self.truth(self.value(rule.assertion))))
            return
        self.emit(decide.format(self.value(rule.assertion)))  # `return {}` is given the truth of the value, `if` its value

    def closure(self, made: Callable) -> str:
        """The value of the closure screenwriter made for a node (in the writer's current state), from the names bound."""
        names = ", ".join(f"{self.screens.constant(name)}: {local}" for name, local in self.scope.items())
        out = self.temp()
        self.emit(f"{out} = {self.screens.callable(made)}({{{names}}}, document)")
        return out

    def assign(self, text: str) -> str:
        out = self.temp()
        self.emit(f"{out} = {text}")
        return out

    # -- nodes -------------------------------------------------------------------------------------------------
    def value(self, node: ast.Expr) -> str:  # noqa: PLR0911 - one branch per node type written out
        if isinstance(node, (ast.Number, ast.String, ast.Bool)):
            return self.screens.constant(node.value)
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard, ast.Item)):
            return self._path(node)
        if isinstance(node, ast.Not):
            return self.boolean(f"not {self.value(node.operand)}")
        if isinstance(node, ast.Logic):
            out = self.boolean(self.truth(self.value(node.left)))
            self.block(f"if {'' if node.op == 'and' else 'not '}{out}", lambda: self.emit(f"{out} = {self.truth(self.value(node.right))}"))
            return out
        if isinstance(node, ast.If):
            out, cond = self.temp(), self.value(node.cond)
            self.block(f"if {cond}", lambda: self.emit(f"{out} = {self.value(node.then)}"))
            self.block("else", lambda: self.emit(f"{out} = {self.value(node.otherwise)}"))
            return out
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Predicate):
            return self._predicate(node)
        if isinstance(node, ast.Call) and node.func == "exists":
            return self._exists(node)
        if isinstance(node, ast.Call) and node.func in FUNCTIONS:
            return self._call(node)
        if isinstance(node, ast.Quantifier):
            return self._quantifier(node)
        if isinstance(node, ast.Subscript) and self.writer.annotations.accesses.get(node) is Access.FILTER:
            return self._filter(node)
        return self.closure(self.writer.value(node))  # a call of a function of the document

    def _path(self, node: ast.Expr) -> str:
        """screenwriter.Writer._path: the same reads, fields of plain mappings inline."""
        steps: list[str | None] = []
        head = node
        while isinstance(head, (ast.Attr, ast.Wildcard)):
            steps.append(head.name if isinstance(head, ast.Attr) else None)
            head = head.obj
        steps.reverse()
        path = tuple(steps)
        writer = self.writer
        scope = writer.annotations.scopes.get(head) if isinstance(head, ast.Name) else None
        if isinstance(head, ast.Subscript) and writer.annotations.accesses.get(head) is Access.FILTER:
            kept = self._filter(head)
            return self.assign(f"WALK_KEPT({kept}, {self.screens.constant(path)})")
        if isinstance(head, ast.Item) and writer.in_filter:
            local = self.scope[ITEM]
        elif scope is NameScope.ITEM and writer.in_filter:
            local, path = self.scope[ITEM], (head.id, *path)  # type: ignore[attr-defined]
        elif scope is NameScope.ROOT and None not in path:
            known = ("document", head.id, *path)  # type: ignore[attr-defined]
            if known not in self.known:
                self.block("if document.unread is not None", lambda: self.emit("raise Undecided()"))
                self.known[known] = self.assign(f"DOWN(document.root, {self.screens.constant(known[1:])})")
            return self.known[known]
        elif scope is NameScope.VAR and head.id in self.scope and (not path or head.id in writer.fields):  # type: ignore[attr-defined]
            local = self.scope[head.id]  # type: ignore[attr-defined]
        else:
            return self.closure(writer.value(node))  # raises _Unscreened where the closure screen's build did
        if not path:
            return local
        if None in path:
            return self.assign(f"WALK({local}, {self.screens.constant(path)})")
        known = (local, *path)
        if known in self.known:  # a field of a plain value read again: the value read before
            return self.known[known]
        if len(path) > 2:
            self.known[known] = self.assign(f"DOWN({local}, {self.screens.constant(path)})")
            return self.known[known]
        out = local
        for step in path:
            out, value = self.temp(), out
            self.emit(f"{out} = {value}.get({self.screens.constant(step)}) if isinstance({value}, dict) else None")
        self.block(f"if {out} is None", lambda: self.emit(f"raise Missing({self.screens.constant('')})"))
        self.known[known] = out
        return out

    def members(self, node: ast.Expr) -> tuple[str, bool]:
        """screenwriter.Writer.members: a list (or a mapping, whose values are the members), and whether it is the same
        object on every call for the same document and names (so that an index of it holds)."""
        annotations = self.writer.annotations
        if isinstance(node, ast.Subscript) and annotations.accesses.get(node) is Access.FILTER:
            return self._filter(node), False
        if isinstance(node, ast.Name) and node.id in self.writer.lists and annotations.scopes.get(node) is NameScope.VAR:
            self.writer.opened.add(node.id)
            return self.scope[node.id], True
        head, wildcard = node, False
        while isinstance(head, (ast.Attr, ast.Wildcard)):
            wildcard = wildcard or isinstance(head, ast.Wildcard)
            head = head.obj
        if head is node and isinstance(head, ast.Name) and head.id not in self.writer.fields:
            return self.closure(self.writer.members(node)[0]), True  # raises _Unscreened, as the closure screen's build did
        found = self.value(node)
        if wildcard or isinstance(head, ast.Subscript):
            return found, False
        self.block(f"if not isinstance({found}, LISTDICT)", lambda: self.emit(f"raise Missing({self.screens.constant('')})"))
        return found, True

    def _filter(self, node: ast.Subscript) -> str:
        """screenwriter.Writer._filter: the elements on which the condition is true, in order, those on which it cannot
        be evaluated left out; where an equality of the condition indexes the list, only its bucket's elements."""
        writer = self.writer
        if writer.in_filter:
            return self.closure(writer._filter(node))  # raises _Unscreened, as the closure screen's build did
        base, stable = self.members(node.obj)
        elements, chosen, kept, item = self.temp(), self.temp(), self.temp(), self.local()
        self.emit(f"{elements} = list({base}.values()) if isinstance({base}, dict) else {base}\n{chosen} = {elements}\n{kept} = None")
        writer.in_filter = True
        self.scope[ITEM] = item
        try:
            found = index.plan(node.index, writer.annotations.scopes.get, lambda side: side)  # the sides' nodes
            if found is not None and (found.before is not None or not isinstance(found.terms, index.Key)):
                return self.closure(writer._filter(node))  # raises _Unscreened, as the closure screen's build did
            if found is not None and stable:
                self.block(f"if {elements}", lambda: self._bucket(found.terms, base, elements, chosen, kept))  # type: ignore[arg-type, union-attr]

            def keep() -> None:
                self.emit(f"{kept} = []")
                self.block(f"for {item} in {chosen}", lambda: self._kept(node.index, kept, item))

            self.block(f"if {kept} is None", keep)
        finally:
            writer.in_filter = False
            del self.scope[ITEM]
        return kept

    def _bucket(self, key: index.Key, base: str, elements: str, chosen: str, kept: str) -> None:
        """The bucket of the other side's value (screenwriter._Buckets, kept per document, list and filter), or no
        element at all where that side cannot be worked out."""
        other, positions = self.temp(), self.temp()
        self.block("try", lambda: self.emit(f"{other} = {self.value(key.other)}"))  # type: ignore[arg-type]
        self.block("except UNDECIDED", lambda: self.emit(f"{kept} = []"))
        element = self.screens.callable(self.writer.value(key.element))  # type: ignore[arg-type]

        def bucket() -> None:
            self.emit(f"{positions} = BUCKETS({self.screens.callable(key)}, {base}, {elements}, {element}, document).positions({other})")
            self.block(f"if {positions} is not None", lambda: self.emit(f"{chosen} = PICK({elements}, {positions})"))

        self.block("else", bucket)

    def _kept(self, condition: ast.Expr, kept: str, item: str) -> None:
        held = self.temp()
        self.block("try", lambda: self.emit(f"{held} = {self.value(condition)}"))
        self.block("except UNDECIDED", lambda: self.emit("continue"))
        self.block(f"if {held} is True", lambda: self.emit(f"{kept}.append({item})"))

    def _quantifier(self, node: ast.Quantifier) -> str:
        var, kind, writer = node.var, node.kind, self.writer
        if var in writer.names:
            return self.closure(writer.value(node))  # raises _Unscreened, as the closure screen's build did
        found, _stable = self.members(node.source)
        out, local = self.temp(), self.local()
        self.emit(f"{out} = {kind != 'any'}")
        self.bools.add(out)
        writer.names.add(var)
        writer.fields.add(var)
        self.scope[var] = local
        every = kind == "all"

        def loop() -> None:
            decided = self.value(node.body)
            self.block(f"if {'not ' if every else ''}{decided}", lambda: self.emit(f"{out} = {kind == 'any'}\nbreak"))  # bool(body) != every

        try:
            self.block(f"for {local} in ({found}.values() if isinstance({found}, dict) else {found})", loop)
        finally:
            writer.names.discard(var)
            writer.fields.discard(var)
            del self.scope[var]
        return out

    def _exists(self, node: ast.Call) -> str:
        (path,) = node.args
        named = isinstance(path, ast.Name) and self.writer.in_filter and self.writer.annotations.scopes.get(path) is NameScope.ITEM
        if not isinstance(path, ast.Attr) and not named:
            return self.closure(self.writer.value(node))
        out = self.temp()
        self.bools.add(out)
        self.block("try", lambda: self.value(path))
        self.block("except Missing", lambda: self.emit(f"{out} = False"))
        self.block("else", lambda: self.emit(f"{out} = True"))
        return out

    def _compare(self, node: ast.Compare) -> str:
        tolerance = node.tolerance
        if tolerance is not None and tolerance.kind != "within":
            return self.closure(self.writer.value(node))  # raises _Unscreened, as the closure screen's build did
        left = self.value(node.left)
        right = self.value(node.right)
        if tolerance is None:
            return self.assign(f"{self.screens.callable(_COMPARE[node.op])}({left}, {right})")
        near = self.screens.callable(_TOLERANT[node.op])
        return self.assign(f"{near}(N({left}), N({right}), {self.screens.constant(tolerance.amount)})")

    def _predicate(self, node: ast.Predicate) -> str:
        op = node.op
        if op in ("is_empty", "is_not_empty"):
            out, held, want = self.temp(), self.temp(), op == "is_empty"
            self.bools.add(out)
            self.block("try", lambda: self.emit(f"{held} = {self.value(node.subject)}"))
            self.block("except Missing", lambda: self.emit(f"{out} = {want}"))
            self.block("else", lambda: self.emit(f"{out} = BLANK({held}) == {want}"))
            return out
        subject = self.value(node.subject)
        if op == "matches":
            return self.assign(f"SEARCH(T({subject}), {self.screens.constant(node.arg.value)}, document.pattern_seconds())")  # type: ignore[union-attr]
        if op == "contains":
            return self.assign(f"CONTAINS({subject}, {self.value(node.arg)})")  # type: ignore[arg-type]
        text = self.assign(f"T({subject})")
        method = "startswith" if op == "starts_with" else "endswith"
        return self.assign(f"{text}.{method}(T({self.value(node.arg)}))")  # type: ignore[arg-type]

    def _call(self, node: ast.Call) -> str:
        spec = FUNCTIONS[node.func]
        if spec.places:
            return self.closure(self.writer.value(node))  # raises _Unscreened, as the closure screen's build did
        args = [self.value(arg) for arg in node.args]
        offset = 2 if spec.document else 0
        if spec.document:  # the document and the rule's note for it come first, as in screenwriter's call
            notes = self.writer.annotations.prepared.get(node) or {}
            args = ["document", self.assign(f"PREPARED({self.screens.callable(notes)}, document.schema)"), *args]
        checks = argument_checks(spec.params, spec.variadic, len(node.args), offset=offset)
        if len(node.args) == 2:  # screenwriter's call_two: the first argument's checks, then the second's
            checks = sorted(checks, key=lambda check: check[0])
        constant = self.screens.constant
        for position, check, kind in checks:
            test = (self.screens.callable(check), args[position])
            if test in self.checked:  # the same test of the same value passed before
                continue
            wrong = f"WRONG({constant(node.func)}, {constant(position)}, {constant(kind)}, {args[position]}, {constant(offset)})"
            self.block(f"if not {test[0]}({test[1]})", lambda wrong=wrong: self.emit(wrong))
            self.checked.add(test)
        return self.assign(f"{self.screens.callable(spec.impl)}({', '.join(args)})")


def _compile_source(source: str) -> CodeType:
    return compile(source, FILENAME, "exec")


def sound(code: CodeType, source: str) -> bool:
    """Whether a code object kept in the cache has the shape of the audited `source`'s (as codegen.sound checks the
    pack's): a module defining exactly the source's functions, in order, nothing nested, each with the source's
    arguments, locals and no others, reading exactly the other names its text holds, holding exactly its table indices
    (and None, True, False) as constants."""
    bodies = source.split("\ndef ")[1:]
    functions = [const for const in code.co_consts if isinstance(const, CodeType)]
    defined = [body.split("(", 1)[0] for body in bodies]
    if code.co_filename != FILENAME or list(code.co_names) != defined or [function.co_name for function in functions] != defined:
        return False
    if any(const is not None and not isinstance(const, CodeType) for const in code.co_consts):
        return False
    for function, body in zip(functions, bodies, strict=True):
        header, _, text = body.partition("\n")
        arguments = tuple(header.split("(", 1)[1].split(")", 1)[0].split(", "))
        if function.co_filename != FILENAME or function.co_varnames[: function.co_argcount] != arguments:
            return False
        if function.co_freevars or function.co_cellvars or function.co_kwonlyargcount or function.co_posonlyargcount or function.co_flags & (CO_VARARGS | CO_VARKEYWORDS):
            return False
        names = set(_NAME.findall(text)) - _KEYWORDS
        variables = {name for name in names if _LOCAL.match(name)} | set(arguments)
        if set(function.co_varnames) != variables or set(function.co_names) != names - variables:
            return False
        constants = [const for const in function.co_consts if const is not None and const is not True and const is not False]
        if not all(type(const) is int for const in constants) or set(constants) != {int(index) for index in _INDEX.findall(text)}:
            return False
    return True


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"\[([0-9]+)\]")


def audit(source: str) -> None:
    """Refuse generated source that holds anything but the helpers' names, keywords, locals, table indices and operators."""
    body = source[len(HEADER) + 1 :] if source.startswith(HEADER + "\n") else source
    refused = None if _CHARACTERS.fullmatch(body) else "a character the writer never uses"
    for token in set(_TOKEN.findall(body)) if refused is None else ():
        if token[0] == "[":
            continue
        if token[0].isdigit() or (token not in _ALLOWED and not _LOCAL.match(token)):
            refused = f"the token {token[:20]!r}"
            break
    if refused is not None:
        raise RuleFaultError(
            "<generated rule screens>", 1, 1,
            f"生成的筛查代码中出现不允许的内容（{refused}），已拒绝加载；请将此规则包报告给 budgetcheck 维护者",
            f"the generated screen code holds something it must not ({refused}) and was refused; please report this pack to the budgetcheck maintainers",
        )  # fmt: skip
