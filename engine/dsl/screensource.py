"""Rule language: screens (dsl/screen.py) written as Python source, the functions of one module per pack.

A closure screen (dsl/screenwriter.py) calls a closure per node for each list member: the screen's lambda, the
assertion, `not`, `or`, `contains`, a field read. Here each screened rule gets the statements of its nodes (written by
dsl/screenbody.py) in functions: `s<n>(v0, document)`, the first-level screen of one member; `k<n>(found, document)`,
its sieve: evaluate._unscreened with that screen written into its loop, the members whose runs it cannot show to pass;
`i<n>(v0, …, document)`, the screen of a last loop's members, its leading arguments bound per binding by
screen.build_inner. Bound names, quantifiers' names and temporaries are locals, `not`/`and`/`or`/`if` are Python's,
fields of plain mappings are read inline as screenwriter._fields reads them (a field read before in the same block is
not read again, nor a passed argument check redone; a field of a name bound outside a loop is read before the loop, and
a sieve reads the document's fields once before its loop over the members, their checks staying where the reads were:
screenbody.Body._hoisted and _root_read), `==` and `!=` are Python's, and everything with semantics goes through the
very functions the closure screens call, in the same order: operands._COMPARE/_TOLERANT,
operands._contains/_text/_number/_blank, patterns.search with the rule's time, the FUNCTIONS impls behind the same
argument checks (and prepared_for for a function of the document), screenwriter._down/_walk/_walk_kept and its _Buckets
kept per document, Missing, _Undecided.

As codegen.py does for the pack's module, the source holds no text of a rule or of a document: literals go through
the constants table K[n], callables and other objects through F[n]; the only names are the helpers below, Python
keywords, a few attributes, the locals `v<n>`, `t<n>`, and the functions. `audit` refuses anything else before it is
compiled (or its code, kept in the rule cache, is used: `sound`). The source depends only on the pack's AST (tables,
locals and functions are numbered in walking order): it is deterministic. The closure screens stay the reference of
these: tests/dsl/test_screen_source.py holds them equal member by member, as test_screen.py holds the screens to the
reference runs; `budgetcheck rules compile --dump` shows the source after the pack's module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from inspect import CO_VARARGS, CO_VARKEYWORDS
from types import CodeType

from budgetcheck.dsl import ast, cache, screen
from budgetcheck.dsl.annotations import Annotations, NameScope, prepared_for
from budgetcheck.dsl.codegen import ConstantTable, kept_functions, run_audited
from budgetcheck.dsl.errors import RuleFaultError
from budgetcheck.dsl.functions import EvaluationError, wrong_kind
from budgetcheck.dsl.operands import _blank, _contains, _number, _text
from budgetcheck.dsl.patterns import PatternTimeout, search
from budgetcheck.dsl.runtime import DocumentContext, Missing, Ref
from budgetcheck.dsl.screenbody import Body
from budgetcheck.dsl.screenwriter import FEW, UNDECIDED, Writer, _Buckets, _down, _Undecided, _Unscreened, _walk, _walk_kept

HEADER = "# budgetcheck: the screens of a rule pack as Python; K[n] constants, F[n] closures and functions"
FILENAME = "<budgetcheck rule screens>"


def _bucketed(key: object, found: object, elements: list, side: Callable, document: DocumentContext, value: object) -> list:
    """The elements in the bucket of `value` of screenwriter.Writer._filter's buckets of a list, kept per document, list
    and filter (`key`); all of them when `value` cannot be looked up."""
    entry = document._kept.get((id(key), id(found)))  # DocumentContext.kept and _Buckets.positions, written out: a look-up
    if entry is not None and entry[0] is key and entry[1] is found:  # per member of a loop, about half the filter's cost
        buckets = entry[2]
    else:
        buckets = document.kept(key, found, lambda: _Buckets(elements, side, {}, document))
    try:
        positions = buckets.by_value.get(value, ())
    except TypeError:  # a value that cannot be looked up: every element
        return elements
    if buckets.unhashable:
        positions = sorted([*positions, *buckets.unhashable])
    elif len(positions) == 1:  # the commonest (a duty's row of the performance table by its number): no comprehension
        return [elements[positions[0]]]
    return [elements[position] for position in positions]


def _wrong(function: str, position: int, kind: str, value: object, offset: int) -> None:
    raise EvaluationError(wrong_kind(function, position, kind, value, offset=offset))


HELPERS: dict[str, object] = {
    "Missing": Missing, "Undecided": _Undecided, "isinstance": isinstance, "bool": bool, "dict": dict, "LISTDICT": (list, dict),
    "N": _number, "T": _text, "CONTAINS": _contains, "BLANK": _blank, "SEARCH": search, "WRONG": _wrong,
    "DOWN": _down, "WALK": _walk, "WALK_KEPT": _walk_kept, "UNDECIDED": UNDECIDED, "BUCKETS": _bucketed, "list": list,
    "PREPARED": prepared_for, "Ref": Ref, "DEC": Decimal, "enumerate": enumerate, "len": len, "FEW_SIZES": range(FEW + 1), "PatternTimeout": PatternTimeout, "Exception": Exception, "str": str,
}  # fmt: skip
_KEYWORDS = frozenset({"def", "return", "not", "and", "or", "if", "else", "for", "in", "try", "except", "raise", "break", "continue", "is", "None", "True", "False", "pass"})
_ATTRIBUTES = frozenset({"document", "unread", "root", "get", "values", "pattern_seconds", "startswith", "endswith", "append", "schema", "found", "__class__", "value", "is_finite"})
_ALLOWED = frozenset(HELPERS) | _KEYWORDS | _ATTRIBUTES | {"K", "F"}
_LOCAL = re.compile(r"^(?:[vt][0-9]+|[sikp][0-9]+)$")
_CHARACTERS = re.compile(r"[A-Za-z0-9_ \n()\[\]{},:.=!]*")
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|[0-9]+")
FUNCTION_NAME = re.compile(r"^[sikp][0-9]+$")


class Screens(ConstantTable):
    """The pack's screens as one generated module: its source, constants and callables, built rule by rule."""

    def __init__(self) -> None:
        self.constants: list[object] = []
        self._constant_at: dict[tuple[type, str], int] = {}
        self.callables: list[object] = []
        self._callable_at: dict[int, int] = {}
        self.lines: list[str] = [HEADER, ""]
        self.written: list[tuple[str, str]] = []  # (function, rule id), for the reviewer's index
        self._count = 0

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

    def plain_sieve(self, rule: ast.Rule, annotations: Annotations) -> str:
        """The name of `p<n>(values, document)`, written for a rule that has a first-level screen: the positions of the
        plain values (not Refs) whose runs the screen cannot show to pass, the sieve's loop over values (evaluate's
        _plain_sieved, for a first source of fields and [*] from the root)."""
        name = self._first_level(rule, annotations, sieve=True, plain=True)
        self.written.append((name, rule.id))
        return name

    def _first_level(self, rule: ast.Rule, annotations: Annotations, sieve: bool, plain: bool = False) -> str:
        bindings = rule.bindings
        kinds = tuple(binding.kind for binding in bindings)
        loop = bindings[0].name
        let = bindings[1] if kinds[1:2] == ("let",) else None
        inner = bindings[-1] if len(kinds) > 1 and kinds[-1] == "for" else None
        lists = {let.name} if let is not None else set()
        writer = Writer(annotations, {loop} | ({inner.name} if inner is not None else set()), {binding.name for binding in bindings}, lists)
        body = Body(self, writer)
        body.scope[loop] = value = body.local()
        if sieve:
            member, kept = body.local(), body.local()
            body.depth = 3 if plain else 4  # in the loop over the members (in a Ref's `if`), in a try
            body.prelude = []  # the document's fields the members' statements read, read before the loop
        if let is not None:
            bound = body.value(let.expr)
            body.scope[let.name] = body.local()
            body.emit(f"{body.scope[let.name]} = {bound}")
        if inner is None:
            body.passes(rule, "continue" if sieve else "return True", "if {}:\n    continue" if sieve else "return {}")
        else:
            found, _stable = body.members(inner.expr)
            body.scope[inner.name] = local = body.local()
            body.loop(
                f"for {local} in ({found}.values() if isinstance({found}, dict) else {found})",
                local,
                lambda: body.passes(rule, "continue", "if not {}:\n    " + ("break" if sieve else "return False")),
            )
            body.block("else", lambda: body.emit("continue")) if sieve else body.emit("return True")
        if not sieve:
            return self._function("s", [value], body)
        if plain:  # the positions of the values kept
            body.lines = [
                *body.prelude, f"    {kept} = []", f"    for {member}, {value} in enumerate(found):", "        try:", *body.lines,
                "        except PatternTimeout:", "            raise", "        except Exception:", "            pass",
                f"        {kept}.append({member})", f"    return {kept}",
            ]  # fmt: skip
            return self._function("p", ["found"], body)
        body.lines = [
            *body.prelude, f"    {kept} = []", f"    for {member} in found:", f"        if {member}.__class__ is Ref:", f"            {value} = {member}.value",
            "            try:", *body.lines, "            except PatternTimeout:", "                raise", "            except Exception:", "                pass",
            f"        {kept}.append({member})", f"    return {kept}",
        ]  # fmt: skip
        return self._function("k", ["found"], body)

    def empty_inner(self, rule: ast.Rule, annotations: Annotations) -> str | None:
        """The name of `k<n>(members, document)` for a rule whose second binding loops over fields of the first one's
        member (`for t in tables[*][exists(rows)] / for r in t.rows`): the members whose inner list it cannot show to be
        empty. Where those fields hold an empty list or mapping, the reference makes no run of the member at all
        (evaluate._bindings: the inner loop has no member, whatever follows it), so the member is left out; anything
        else (the fields absent or not a list, a member not a document value) is kept for the reference to decide. For
        a rule without a first-level screen (whose sieve decides more); None where the shape is another."""
        bindings = rule.bindings
        if len(bindings) < 2 or bindings[0].kind != "for" or bindings[1].kind != "for":
            return None
        loop, head = bindings[0].name, bindings[1].expr
        while isinstance(head, ast.Attr):
            head = head.obj
        if head is bindings[1].expr or not isinstance(head, ast.Name) or head.id != loop or annotations.scopes.get(head) is not NameScope.VAR:
            return None
        body = Body(self, Writer(annotations, {loop}, {binding.name for binding in bindings}))
        body.scope[loop] = value = body.local()
        member, kept = body.local(), body.local()
        body.depth = 4  # in the loop over the members, in a Ref's `if`, in a try
        try:
            found, _stable = body.members(bindings[1].expr)
        except _Unscreened:
            return None
        body.block(f"if not {found}", lambda: body.emit("continue"))
        body.lines = [
            f"    {kept} = []", f"    for {member} in found:", f"        if {member}.__class__ is Ref:", f"            {value} = {member}.value",
            "            try:", *body.lines, "            except Exception:", "                pass", f"        {kept}.append({member})", f"    return {kept}",
        ]  # fmt: skip
        name = self._function("k", ["found"], body)
        self.written.append((name, rule.id))
        return name

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
        body = Body(self, writer)
        for name in (*outer_fors, *lets, loop):
            body.scope[name] = body.local()
        body.passes(rule, "return True", "return {}")
        name = self._function("i", list(body.scope.values()), body)
        self.written.append((name, rule.id))
        return name, (*outer_fors, *lets)

    def _function(self, prefix: str, arguments: list[str], body: Body) -> str:
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
        names = {"K": tuple(self.constants), "F": tuple(self.callables), **HELPERS}
        return run_audited(self.source(), audit, _compile_source, sound, names, FUNCTION_NAME)[0]


def _compile_source(source: str) -> CodeType:
    return compile(source, FILENAME, "exec")


def sound(code: CodeType, source: str) -> bool:
    """Whether a code object kept in the cache has the shape of the audited `source`'s (as codegen.sound checks the
    pack's): a module defining exactly the source's functions, in order, nothing nested, each with the source's
    arguments, locals and no others, reading exactly the other names its text holds, holding exactly its table indices
    (and None, True, False) as constants."""
    pairs = kept_functions(code, source, FILENAME)
    if pairs is None:
        return False
    for function, body in pairs:
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
