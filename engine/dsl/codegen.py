"""Rule language: a checked pack -> one generated Python module, loaded by exec of its compiled code.

The closure compiler (compile.py) stays the reference; this module writes the operator skeleton of each
rule's `when`, `assert`, `for`/`let` sources and message holes as Python expressions, so that a rule
costs one function call and inline operators instead of a closure call per node. Whatever it does not
write out (paths, filters, function calls, quantifiers, `let … in`, `??`, predicates, the figures of a
`rounded` comparison, subtrees nested deeper than SOURCE_DEPTH) is called as the reference closure of
that node, so every construct of the grammar compiles without this module knowing it, and each node
computes exactly what the reference computes, in the same order.

The generated source holds no text of a rule or of a document: every literal goes through the constants
table `K[n]`, every reference closure through `F[n]`, and the only identifiers are the module's own
(`r12_3`, the helper names below, Python keywords). `audit` refuses anything else before the source is
compiled (or its kept code object used): a quote or any character the writer never uses, a number that is
not a table index, an unknown name; `audit_tokens`, token by token, is its reference and locates a refusal.
The source depends only on the pack's AST (tables and names are numbered in walking order), so the
same pack gives byte-identical source.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Callable
from decimal import Decimal, DecimalException
from functools import partial
from types import CodeType

from budgetcheck.dsl import ast, cache
from budgetcheck.dsl.annotations import NameScope
from budgetcheck.dsl.compile import (
    _COMPARE,
    _PLAIN,
    _TOLERANT,
    ZERO,
    Compiler,
    combine_intervals,
)
from budgetcheck.dsl.errors import RuleFaultError
from budgetcheck.dsl.functions import EvaluationError
from budgetcheck.dsl.operands import _half, _number
from budgetcheck.dsl.paths import ABSENT
from budgetcheck.dsl.runtime import unwrap

SOURCE_DEPTH = 40  # deeper subtrees are called as reference closures: Python's parser nests at most 200 brackets
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FUNCTION_NAME = re.compile(r"^r[0-9]+_[0-9]+$")
_WHOLE = re.compile(r"^F\[([0-9]+)\]\(env\)$")
_KEYWORDS = frozenset({"def", "return", "not", "and", "or", "if", "else"})
HEADER = "# budgetcheck: a rule pack compiled to Python; K[n] constants, F[n] reference closures"
_CHARACTERS = re.compile(r"[A-Za-z0-9_ \n()\[\],:.\-]*")  # all the generated code is written with: no quote, backslash, hash, tab or non-ASCII


# -- helpers of the generated code: each does what the reference closure of its node does ------------------
def _arith(op: str, apply: Callable[[Decimal, Decimal], Decimal]) -> Callable[[Decimal, Decimal], Decimal]:
    def run(a: Decimal, b: Decimal) -> Decimal:
        try:
            return apply(a, b)
        except DecimalException as error:
            raise EvaluationError(f"{a} {op} {b}: {type(error).__name__}") from None

    return run


def _exact(test: Callable[[object, object], bool]) -> Callable:
    def run(env, a, b):
        env.compared = (a, b)
        return test(a, b)

    return run


def _near(test: Callable[[Decimal, Decimal, Decimal], bool]) -> Callable:
    def run(env, a, b, slack):
        env.compared = (a, b)
        return test(_number(a), _number(b), slack)

    return run


def _rounded(test: Callable[[Decimal, Decimal, Decimal], bool]) -> Callable:
    def run(env, left, right):
        a, half_a, count_a = left
        b, half_b, count_b = right
        env.compared = (a, b)
        slack = max(half_a, half_b) if count_a <= 1 and count_b <= 1 else half_a + half_b
        return test(a, b, slack)

    return run


def _interval(op: str) -> Callable:
    return partial(combine_intervals, op)


def _figure(env, value, pointer):
    """The interval of a figure read from one pointer of the document (Compiler._interval_of's `figures`, whose
    reads are then that one (pointer, value): a value that passes _number is a figure)."""
    return _number(value), _half(env, pointer, value), 1


def _figure_or(env, found, pointer, fallback):
    """`path ?? number` as an interval: the figure when the path holds one, else the number, exact."""
    if found is None or found is ABSENT:
        return _number(fallback), ZERO, 0
    return _number(found), _half(env, pointer, found), 1


def _interval_neg(inner):
    value, half, count = inner
    return -value, half, count


def _interval_abs(inner):
    value, half, count = inner
    return abs(value), half, count


_OPS = {"==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
_ARITH_NAMES = {"+": "add", "-": "sub", "*": "mul", "/": "div"}
_ARITH_APPLY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}

HELPERS: dict[str, object] = {"N": _number, "U": unwrap, "bool": bool, "I_neg": _interval_neg, "I_abs": _interval_abs, "I_fig": _figure, "I_or": _figure_or}
for _op, _name in _ARITH_NAMES.items():
    HELPERS[f"A_{_name}"] = _arith(_op, _ARITH_APPLY[_op])
    HELPERS[f"I_{_name}"] = _interval(_op)
for _op, _name in _OPS.items():
    HELPERS[f"C_{_name}"] = _exact(_COMPARE[_op])
    HELPERS[f"W_{_name}"] = _near(_TOLERANT[_op])
    HELPERS[f"R_{_name}"] = _rounded(_TOLERANT[_op])
_ALLOWED = frozenset(HELPERS) | _KEYWORDS | {"K", "F", "env"}


class ConstantTable:
    """A generated module's constants (`self.constants`, `self._constant_at`, set by the subclass): each distinct
    literal, by type and spelling, held once and named K[n] in the source, never written into it. The pack's module
    and the screens' (dsl/screensource.py) share it."""

    constants: list[object]
    _constant_at: dict[tuple[type, str], int]

    def constant(self, value: object) -> str:
        key = (type(value), repr(value))
        at = self._constant_at.get(key)
        if at is None:
            at = self._constant_at[key] = len(self.constants)
            self.constants.append(value)
        return f"K[{at}]"


class Module(ConstantTable):
    """The generated source of a pack, its constants and reference closures, built rule by rule; or (`warm`, a warm
    start: dsl/warm.py) the source, code, constants and closures an earlier run wrote for the same pack, whose
    functions are then only named again in the writer's order (`function` writes nothing)."""

    def __init__(self, deferred: bool = False) -> None:
        self.constants: list[object] = []
        self._constant_at: dict[tuple[type, str], int] = {}
        self.closures: list[Callable] = []  # F, built now; a deferred module's is built as it is called (Lazy)
        self.recipes: list[tuple[int, str, ast.Expr]] = []  # (rule, kind, node) of each F[n], for the warm entry
        self.deferred = deferred  # reference closures built at their first call (a check of one file calls about a fifth)
        self.lines: list[str] = [HEADER, ""]
        self.code: CodeType | None = None  # the code that defined the functions (load); a warm start's, before it
        self._kept: str | None = None  # a warm start's source
        self._lazy = Lazy()
        self._rule = -1
        self._part = 0
        self._direct: dict[str, int] = {}  # a function whose body is one reference closure: that closure is used itself

    @classmethod
    def warm(cls, source: str, code: CodeType, constants: list[object], closures: list[tuple[Compiler, str, ast.Expr]], deferred: bool) -> Module:
        """The module an earlier run wrote: its source and code, its constants, and per F[n] the compiler, the kind of
        reference closure (RECIPES) and its node; each closure the one the writer would have built for that node."""
        module = cls(deferred)
        module._kept, module.code, module.constants = source, code, constants
        if deferred:
            module._lazy.recipes = closures
            return module
        module.closures = [RECIPES[kind](compiler, node) for compiler, kind, node in closures]
        lines = source.split("\n")
        for at, line in enumerate(lines[1:], 1):
            whole = _WHOLE.match(line[len("    return ") :]) if line.startswith("    return ") else None
            if whole:
                module._direct[lines[at - 1][len("def ") : -len("(env):")]] = int(whole.group(1))
        return module

    # -- tables --------------------------------------------------------------------------------------
    def closure(self, compiler: Compiler, kind: str, node: ast.Expr) -> str:
        """`F[n](env)`, F[n] the reference closure of `node` of the kind `kind` (RECIPES): built now, or, when the module
        is `deferred`, at its first call (Lazy). Either way the closure is the one the reference builds for its node."""
        at = len(self.recipes)
        if self.deferred:
            self._lazy.recipes.append((compiler, kind, node))
        else:
            self.closures.append(RECIPES[kind](compiler, node))
        self.recipes.append((self._rule, kind, node))
        return f"F[{at}](env)"

    # -- one rule --------------------------------------------------------------------------------------
    def start_rule(self) -> None:
        self._rule += 1
        self._part = 0

    def function(self, compiler: Compiler, node: ast.Expr, plain: bool) -> str:
        """A function of `env` computing `node` (as `compiler.value` when `plain`, else `compiler.compile`); its name.
        A kept module names its functions in the order the writer did and writes nothing."""
        name = f"r{self._rule}_{self._part}"
        self._part += 1
        if self._kept is not None:
            return name
        body = _Writer(self, compiler).value(node) if plain else _Writer(self, compiler).compile(node)
        self.lines += [f"def {name}(env):", f"    return {body}", ""]
        whole = _WHOLE.match(body)
        if whole:
            self._direct[name] = int(whole.group(1))
        return name

    def source(self) -> str:
        return self._kept if self._kept is not None else "\n".join(self.lines)

    def load(self) -> dict[str, Callable]:
        """The generated functions by name: the source audited, compiled and run in a namespace of the helpers only."""
        names = {"K": tuple(self.constants), "F": self._lazy if self.deferred else tuple(self.closures), **HELPERS}
        functions, self.code = run_audited(self.source(), audit, _compile_source, sound, names, FUNCTION_NAME, warm=self.code)
        if not self.deferred:  # one call less per run; a deferred closure is called through F, where it is replaced
            functions.update((name, self.closures[at]) for name, at in self._direct.items())
        return functions  # type: ignore[return-value]


# The kinds of reference closure the writer calls through F[n]: each builds, for a compiler and a node, what the
# closure compiler builds there (the value of a path, any other node, and the intervals of a `rounded` comparison).
RECIPES: dict[str, Callable[[Compiler, ast.Expr], Callable]] = {
    "value": lambda compiler, node: compiler.value(node),
    "compile": lambda compiler, node: compiler.compile(node),
    "interval": lambda compiler, node: _fresh(compiler, compiler._interval, node),
    "interval_of": lambda compiler, node: _fresh(compiler, compiler._interval_of, node),
    "probe": lambda compiler, node: compiler._probe(node, record=True),
}


class Lazy(dict):
    """F of a deferred module: F[n] is built at its first lookup (the generated code looks it up to call it) from its
    compiler, kind and node, and kept in its place; the closure the reference builds for that node."""

    def __init__(self) -> None:
        super().__init__()
        self.recipes: list[tuple[Compiler, str, ast.Expr]] = []

    def __missing__(self, at: int) -> Callable:
        compiler, kind, node = self.recipes[at]
        built = self[at] = RECIPES[kind](compiler, node)
        return built


FILENAME = "<budgetcheck rule pack>"


def _compile_source(source: str) -> CodeType:
    return compile(source, FILENAME, "exec")


def run_audited(
    source: str,
    audit: Callable[[str], None],
    build: Callable[[str], CodeType],
    sound: Callable[[CodeType, str], bool],
    names: dict,
    defined: re.Pattern[str],
    warm: CodeType | None = None,
) -> tuple[dict, CodeType]:
    """The functions a generated `source` defines (their names match `defined`), and the code that defined them: the
    source audited (no literal, no foreign name; `audit` raises otherwise), its code built, or kept from an earlier run
    when `sound(code, source)` holds, and run in a namespace of `names` only, no builtins. The one place generated code
    is run, for the pack's module and for the screens' (dsl/screensource.py). `warm` is the code of a warm start's entry
    (dsl/warm.py), kept with its source only after both went through here: run as it is when it has the source's shape
    at module level (kept_functions), else the source is audited and compiled as any other."""
    if warm is not None and kept_functions(warm, source, FILENAME) is not None:
        code = warm  # audited and run when its entry was written; the entry's digest stands for both since
    else:
        audit(source)
        code = cache.compiled(source, build, sound)  # the audited source's code, compiled or kept from an earlier run
    namespace: dict[str, object] = {"__builtins__": {}, **names}
    exec(code, namespace)  # noqa: S102 - audited above, or when its warm entry was kept; a kept code object is checked by sound
    return {name: value for name, value in namespace.items() if defined.match(name)}, code


def kept_functions(code: CodeType, source: str, filename: str) -> list[tuple[CodeType, str]] | None:
    """The functions of a kept module paired with their bodies in the audited `source`, when at module level it has the
    source's shape: compiled under `filename`, defining exactly the source's functions in its order and holding no
    constant but them (and None); None otherwise. What each function may hold is its writer's to check."""
    bodies = source.split("\ndef ")[1:]
    functions = [const for const in code.co_consts if isinstance(const, CodeType)]
    defined = [body.split("(", 1)[0] for body in bodies]
    if code.co_filename != filename or list(code.co_names) != defined or [function.co_name for function in functions] != defined:
        return None
    if any(const is not None and not isinstance(const, CodeType) for const in code.co_consts):
        return None
    return list(zip(functions, bodies, strict=True))


def sound(code: CodeType, source: str) -> bool:
    """Whether a code object kept in the cache has the shape of the audited `source`'s: a module that defines exactly
    the functions the source defines, in its order, each of one argument `env`, nothing nested, each reading exactly
    the names its line of source reads and holding exactly the table indices it writes (and None). Checked before a
    kept code object is run. It cannot tell an opcode changed by someone who also rewrote the entry's digests (`not`
    dropped, `and` for `or`): the cache trusts its folder as Python trusts __pycache__ (dsl/cache.py)."""
    pairs = kept_functions(code, source, FILENAME)
    if pairs is None:
        return False
    for function, body in pairs:
        if function.co_filename != FILENAME or function.co_varnames != ("env",) or function.co_argcount != 1:
            return False
        if function.co_freevars or function.co_cellvars or function.co_kwonlyargcount or function.co_posonlyargcount:
            return False
        line = body.split("\n    return ", 1)[-1]
        names = set(_NAME.findall(line))
        names -= _NOT_READ
        if names != set(function.co_names):
            return False
        indices = set(function.co_consts)
        indices.discard(None)
        if indices != set(map(int, _INDEX.findall(line))) or not all(type(const) is int for const in indices):
            return False
    return True


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"\[([0-9]+)\]")
_NOT_READ = _KEYWORDS | {"env"}  # names a function's code does not load: keywords, its argument


def audit(source: str) -> None:
    """Refuse generated source that holds anything but the module's own names, table indices and operators.

    The pack's source passes a check over its characters and names at once (a few milliseconds for 70 KB,
    where tokenizing takes 60 ms): only the characters the writer uses, a comment only as the exact header line,
    every name the module's own, every number a table index `[n]`. That check is stricter than the token-by-token
    audit (`audit_tokens`, which tests/dsl/test_compiled_pack.py holds it to on mutated sources); whatever it
    refuses goes through the token audit, which names the line and column of the first token at fault."""
    if _plain(source):
        return
    try:
        audit_tokens(source)
    except (tokenize.TokenError, SyntaxError) as error:  # brackets or indentation that do not even tokenize
        line = error.args[1][0] if isinstance(error, tokenize.TokenError) else error.lineno or 1
        _refuse(tokenize.TokenInfo(tokenize.ERRORTOKEN, "", (line, 0), (line, 0), ""), "source that does not tokenize")
    _refuse(tokenize.TokenInfo(tokenize.ERRORTOKEN, "", (1, 0), (1, 0), ""), "a character or name the writer never uses")


def _plain(source: str) -> bool:
    """Whether the source is written only with the writer's characters, the module's own names and table indices."""
    body = source[len(HEADER) + 1 :] if source.startswith(HEADER + "\n") else source
    if not _CHARACTERS.fullmatch(body):
        return False
    return all(map(_allowed, set(_TOKEN.findall(body))))


_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|[0-9]+")  # a name, a table index, or digits outside both


def _allowed(token: str) -> bool:
    if token[0] == "[":
        return True  # a table index K[n] / F[n]
    if token[0] in "0123456789":
        return False  # a number that is not a table index
    return token in _ALLOWED or FUNCTION_NAME.match(token) is not None


def audit_tokens(source: str) -> None:
    """The reference audit, token by token: refuse the first token that is not the module's own."""
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        kind, text = token.type, token.string
        if kind in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER, tokenize.OP):
            if kind == tokenize.COMMENT and token.start[0] != 1:
                _refuse(token, "a comment after the header")
            previous = text if kind == tokenize.OP else previous
            continue
        if kind == tokenize.NAME and IDENTIFIER.match(text) and (text in _ALLOWED or FUNCTION_NAME.match(text)):
            previous = text
            continue
        if kind == tokenize.NUMBER and text.isdigit() and previous == "[":  # a table index K[n] / F[n]
            previous = text
            continue
        _refuse(token, f"{tokenize.tok_name[kind]} token")


def _refuse(token: tokenize.TokenInfo, what: str) -> None:
    line, column = token.start
    raise RuleFaultError(
        "<generated rule pack>", line, column + 1,
        f"生成的规则代码中出现不允许的内容（{what}），已拒绝加载；请将此规则包报告给 budgetcheck 维护者",
        f"the generated rule code holds something it must not ({what}) and was refused; please report this pack to the budgetcheck maintainers",
    )  # fmt: skip


class _Writer:
    """Python expressions for one rule's nodes, mirroring Compiler.value and Compiler.compile node by node."""

    def __init__(self, module: Module, compiler: Compiler) -> None:
        self.module = module
        self.compiler = compiler
        self.depth = 0

    def value(self, node: ast.Expr) -> str:
        if isinstance(node, _PLAIN):
            return self.compile(node)
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard)):
            return self.module.closure(self.compiler, "value", node)
        return f"U({self.compile(node)}, env)"

    def compile(self, node: ast.Expr) -> str:
        self.depth += 1
        try:
            if self.depth > SOURCE_DEPTH:
                return self.module.closure(self.compiler, "compile", node)
            return self._node(node)
        finally:
            self.depth -= 1

    def _node(self, node: ast.Expr) -> str:  # noqa: PLR0911 - one branch per written-out node type
        if isinstance(node, (ast.Number, ast.String, ast.Bool)):
            return self.module.constant(node.value)
        if isinstance(node, ast.Neg):
            return f"(-N({self.value(node.operand)}))"
        if isinstance(node, ast.Arith):
            return f"A_{_ARITH_NAMES[node.op]}(N({self.value(node.left)}), N({self.value(node.right)}))"
        if isinstance(node, ast.Not):
            return f"(not {self.value(node.operand)})"
        if isinstance(node, ast.Logic):
            return f"(bool({self.value(node.left)}) {node.op} bool({self.value(node.right)}))"
        if isinstance(node, ast.If):
            return f"({self.compile(node.then)} if {self.value(node.cond)} else {self.compile(node.otherwise)})"
        if isinstance(node, ast.Compare):
            return self._compare(node)
        return self.module.closure(self.compiler, "compile", node)  # the reference closure of any other node (`it` among them)

    def _compare(self, node: ast.Compare) -> str:
        tolerance, name = node.tolerance, _OPS[node.op]
        if tolerance is None:
            return f"C_{name}(env, {self.value(node.left)}, {self.value(node.right)})"
        if tolerance.kind == "rounded":
            return f"R_{name}(env, {self._interval(node.left)}, {self._interval(node.right)})"
        return f"W_{name}(env, {self.value(node.left)}, {self.value(node.right)}, {self.module.constant(tolerance.amount)})"

    def _interval(self, node: ast.Expr) -> str:
        """Compiler._interval_of written out; the reference compiled the same comparison first, so its term
        and depth limits have already been enforced (a rule beyond them never gets here)."""
        self.depth += 1
        try:
            return self._interval_node(node)
        finally:
            self.depth -= 1

    def _interval_node(self, node: ast.Expr) -> str:
        if self.depth > SOURCE_DEPTH:
            return self.module.closure(self.compiler, "interval", node)  # within the limits: the reference compiled this comparison
        if isinstance(node, ast.Number):
            return self.module.constant((node.value, ZERO, 0))
        if isinstance(node, ast.Arith):
            return f"I_{_ARITH_NAMES[node.op]}({self._interval(node.left)}, {self._interval(node.right)})"
        if isinstance(node, ast.Neg):
            return f"I_neg({self._interval(node.operand)})"
        if isinstance(node, ast.Call) and node.func == "abs" and len(node.args) == 1:
            return f"I_abs({self._interval(node.args[0])})"
        if isinstance(node, ast.If):
            return f"({self._interval(node.then)} if {self.value(node.cond)} else {self._interval(node.otherwise)})"
        lets = self.compiler.lets
        if isinstance(node, ast.Name) and node.id in lets and self.compiler.annotations.scopes.get(node) is NameScope.VAR:
            return self._interval(lets[node.id])
        pointer = self.compiler._root_pointer(node)
        if pointer:  # a figure of the document at a fixed place: one read
            return f"I_fig(env, {self.module.closure(self.compiler, 'value', node)}, {self.module.constant(pointer)})"
        if isinstance(node, ast.Default) and isinstance(node.fallback, ast.Number) and self.compiler._root_pointer(node.value):
            probe = self.module.closure(self.compiler, "probe", node.value)
            return f"I_or(env, {probe}, {self.module.constant(self.compiler._root_pointer(node.value))}, {self.module.constant(node.fallback.value)})"
        return self.module.closure(self.compiler, "interval_of", node)  # the figures of a path, sum(), a fallback


def _fresh(compiler: Compiler, build: Callable[[ast.Expr], Callable], node: ast.Expr) -> Callable:
    """`build(node)` with the compiler's count of a `rounded` comparison's terms and depth started again."""
    compiler._terms = compiler._depth = 0
    return build(node)
