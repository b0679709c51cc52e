"""Rule language: static checks of a rule against the document schema, before it ever runs.

Every path must exist in the schema (an unknown field gets a "did you mean"),
arithmetic needs numbers, predicates need text, functions must exist and get
the right kinds of argument, and an assertion must be a condition. The checker
also annotates, for the compiler, how each name resolves, whether a subscript is
an index or a filter, and what a call was prepared with. Dispatch is by node type
through a table, as in the compiler.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from budgetcheck.dsl import ast
from budgetcheck.dsl.annotations import Access, Annotations, NameScope
from budgetcheck.dsl.classification import ClassificationError
from budgetcheck.dsl.errors import RuleCheckError
from budgetcheck.dsl.fields import field_catalogue
from budgetcheck.dsl.functions import FUNCTIONS
from budgetcheck.dsl.patterns import PatternError, check_pattern
from budgetcheck.dsl.types import ANY, BOOL, NUM, STR, Type, from_schema, list_of
from budgetcheck.schema.navigation import SchemaNode

TEMPLATE_NAMES = {"left": NUM, "right": NUM, "diff": NUM}


class RuleChecker:
    def __init__(self, root: SchemaNode, file: str, source: str) -> None:
        self.root = Type("obj", root)
        self.file = file
        self.source = source
        self.annotations = Annotations()
        self.table: dict[type, Callable[[Any, dict[str, Type], Type | None], Type]] = {
            ast.Number: self._Number,
            ast.String: self._String,
            ast.Bool: self._Bool,
            ast.Item: self._Item,
            ast.Name: self._Name,
            ast.Attr: self._Attr,
            ast.Wildcard: self._Wildcard,
            ast.Subscript: self._Subscript,
            ast.Call: self._Call,
            ast.ListLiteral: self._ListLiteral,
            ast.Neg: self._Neg,
            ast.Arith: self._Arith,
            ast.Default: self._Default,
            ast.Compare: self._Compare,
            ast.Not: self._Not,
            ast.Logic: self._Logic,
            ast.Predicate: self._Predicate,
            ast.Let: self._Let,
            ast.If: self._If,
            ast.Quantifier: self._Quantifier,
        }

    def fail(self, node: ast.Expr | ast.Binding, zh: str, en: str) -> RuleCheckError:
        return RuleCheckError(self.file, node.span.line, node.span.column, zh, en, self.source)

    # -- rules ---------------------------------------------------------------
    def rule(self, rule: ast.Rule) -> None:
        scope: dict[str, Type] = {}
        for binding in rule.bindings:
            found = self.expr(binding.expr, scope, None)
            if binding.kind == "let":
                scope = {**scope, binding.name: found}
                continue
            if found.kind != "list":
                raise self.fail(binding, f"for 须遍历列表，{binding.name} 的来源是{found.describe()}", f"'for' must iterate over a list, got {found.kind}")
            scope = {**scope, binding.name: found.elem or ANY}
        if rule.when is not None:
            self.condition(rule.when, scope, "when")
        self.condition(rule.assertion, scope, "assert")
        message_scope = {**scope, **TEMPLATE_NAMES} if isinstance(rule.assertion, ast.Compare) else scope
        for template in (rule.message, rule.message_en):
            for part in template.parts if template else ():
                if isinstance(part, ast.Expr):
                    self.expr(part, message_scope, None)

    def condition(self, expr: ast.Expr, scope: dict[str, Type], what: str, item: Type | None = None) -> None:
        found = self.expr(expr, scope, item)
        if found.kind not in ("bool", "any"):
            raise self.fail(expr, f"{what} 须是条件（真假值），这里是{found.describe()}", f"'{what}' must be a condition, got {found.kind}")

    # -- expressions ---------------------------------------------------------
    def expr(self, node: ast.Expr, scope: dict[str, Type], item: Type | None) -> Type:
        return self.table[type(node)](node, scope, item)

    def _Number(self, node, scope, item):
        return NUM

    def _String(self, node, scope, item):
        return STR

    def _Bool(self, node, scope, item):
        return BOOL

    def _Item(self, node, scope, item):
        if item is None:
            raise self.fail(node, "it 只能用在过滤条件 [...] 中", "'it' is only allowed inside a filter [...]")
        return item

    def _Name(self, node, scope, item):
        if node.id in scope:
            self.annotations.scopes.put(node, NameScope.VAR)
            return scope[node.id]
        if item is not None and item.kind == "obj" and item.node is not None and node.id in item.node.properties():
            self.annotations.scopes.put(node, NameScope.ITEM)
            return from_schema(item.node.property(node.id))
        found = self.root.node.property(node.id) if self.root.node else None
        if found is not None:
            self.annotations.scopes.put(node, NameScope.ROOT)
            return from_schema(found)
        known = list(scope) + (list(item.node.properties()) if item is not None and item.kind == "obj" and item.node else []) + list(self.root.node.properties())
        hint_zh, hint_en = self._did_you_mean(node.id, known, None, "")
        raise self.fail(node, f"未知的名称“{node.id}”{hint_zh}", f"unknown name '{node.id}'{hint_en}")

    def _Attr(self, node, scope, item):
        base = self.expr(node.obj, scope, item)
        if base.kind == "list":
            if not base.projected:
                raise self.fail(node, f"“{_show(node.obj)}”是列表，取字段前请写 [*] 或下标", f"'{_show(node.obj)}' is a list: write [*] or an index before '.{node.name}'")
            return list_of(self._field(node, base.elem or ANY), projected=True)
        return self._field(node, base)

    def _field(self, node: ast.Attr, base: Type) -> Type:
        if base.kind == "any":
            return ANY
        if base.kind != "obj" or base.node is None:
            raise self._fail_at_name(node, f"{base.describe()}没有字段“{node.name}”", f"a {base.kind} has no field '{node.name}'")
        found = base.node.property(node.name)
        if found is None:
            known = list(base.node.properties())
            hint_zh, hint_en = self._did_you_mean(node.name, known, base, _show(node.obj))
            raise self._fail_at_name(node, f"未知字段“{node.name}”{hint_zh}", f"unknown field '{node.name}'{hint_en}")
        return from_schema(found)

    def _did_you_mean(self, word: str, known: list[str], base: Type | None, written: str) -> tuple[str, str]:
        """A name in reach that is near `word`; else the path of the schema field whose Chinese title is `word`
        or near it, below `base` (None: the document root), written on from `written` (what the rule wrote before the dot)."""
        if close := _did_you_mean(word, known):
            return close, _did_you_mean_en(word, known)
        catalogue = field_catalogue(self.root.node)  # type: ignore[arg-type]
        under = catalogue.path_of(base.node) if base is not None else ""
        found = catalogue.suggest(word, under) if under is not None else None
        if found is None:
            return "", ""
        path = f"{written}.{found}" if written else found
        return f"；您是不是要写 {path}？", f"; did you mean {path}?"

    def _fail_at_name(self, node: ast.Attr, zh: str, en: str) -> RuleCheckError:
        """Point at the field name itself (the last token of `a.b.name`), not at the start of the path."""
        span = node.span
        if span.end_line and span.end_column > len(node.name):
            return RuleCheckError(self.file, span.end_line, span.end_column - len(node.name), zh, en, self.source)
        return self.fail(node, zh, en)

    def _Wildcard(self, node, scope, item):
        base = self.expr(node.obj, scope, item)
        if base.kind == "list" and base.projected:
            return self._members(node, base.elem or ANY)
        if base.kind == "list":
            return list_of(base.elem or ANY, projected=True)
        return self._members(node, base)

    def _members(self, node: ast.Wildcard, base: Type) -> Type:
        if base.kind == "list":
            return list_of(base.elem or ANY, projected=True)
        if base.kind == "obj" and base.node is not None:
            kinds = {from_schema(sub).kind for sub in base.node.properties().values()}
            values = from_schema(next(iter(base.node.properties().values()))) if len(kinds) == 1 else ANY
            return list_of(values, projected=True)
        if base.kind == "any":
            return list_of(ANY, projected=True)
        raise self.fail(node, f"[*] 只能用于列表或映射，这里是{base.describe()}", f"[*] needs a list or a mapping, got {base.kind}")

    def _Subscript(self, node, scope, item):
        base = self.expr(node.obj, scope, item)
        if base.kind not in ("list", "any"):
            raise self.fail(node, f"[...] 只能用于列表，这里是{base.describe()}", f"[...] needs a list, got {base.kind}")
        elem = base.elem or ANY
        index = self.expr(node.index, scope, elem)
        if index.kind == "num":
            self.annotations.accesses.put(node, Access.INDEX)
            return elem
        if index.kind in ("bool", "any"):
            self.annotations.accesses.put(node, Access.FILTER)
            return list_of(elem)
        raise self.fail(node.index, "[...] 中须是下标（数字）或过滤条件", "[...] must hold an index (a number) or a filter condition")

    def _Call(self, node, scope, item):
        function = FUNCTIONS.get(node.func)
        if function is None:
            raise self.fail(node, f"未知的函数“{node.func}”{_did_you_mean(node.func, list(FUNCTIONS))}", f"unknown function '{node.func}'{_did_you_mean_en(node.func, list(FUNCTIONS))}")
        least = function.min_args if function.min_args is not None else len(function.params)
        if not function.variadic and not (least <= len(node.args) <= len(function.params)):
            raise self.fail(node, f"函数 {node.func} 需要 {len(function.params)} 个参数，给了 {len(node.args)} 个", f"{node.func} takes {len(function.params)} arguments, got {len(node.args)}")
        for position, arg in enumerate(node.args):
            expected = function.params[min(position, len(function.params) - 1)] if not function.variadic or position == 0 else "any"
            if expected == "regex":
                self._pattern(node.func, position, arg)
                continue
            found = self.expr(arg, scope, item)
            if not _fits(expected, found):
                raise self.fail(arg, f"函数 {node.func} 的第 {position + 1} 个参数应为{_KIND_ZH[expected]}，这里是{found.describe()}", f"argument {position + 1} of {node.func} must be {expected}, got {found.kind}")
        if function.prepare is not None:
            self.annotations.prepared.put(node, {str(self.root.node.contents.get("$id", "")): self._prepare(node, function.prepare)})  # type: ignore[union-attr]
        return _RESULTS[function.result]

    def _pattern(self, func: str, position: int, arg: ast.Expr) -> None:
        """A regular expression argument: a string literal, compiled (and bounded in length) when the pack loads."""
        if not isinstance(arg, ast.String):
            raise self.fail(arg, f"函数 {func} 的第 {position + 1} 个参数须是写在规则里的正则表达式（字符串字面量）", f"argument {position + 1} of {func} must be a regular expression written as a string literal")
        try:
            check_pattern(arg.value)
        except PatternError as error:
            raise self.fail(arg, error.message_zh, error.message_en) from None

    def _prepare(self, node: ast.Call, prepare) -> object:
        try:
            return prepare(self.root.node)
        except ClassificationError as error:
            raise RuleCheckError(error.file, error.line, error.column, error.message_zh, error.message_en, _read(error.file)) from None

    def _ListLiteral(self, node, scope, item):
        kinds = {self.expr(element, scope, item).kind for element in node.items}
        return list_of({"num": NUM, "str": STR, "bool": BOOL}.get(kinds.pop(), ANY) if len(kinds) == 1 else ANY)

    def _Neg(self, node, scope, item):
        self._number(node.operand, scope, item, "-")
        return NUM

    def _number(self, node: ast.Expr, scope, item, op: str) -> None:
        found = self.expr(node, scope, item)
        if found.kind not in ("num", "any"):
            raise self.fail(node, f"运算 {op} 需要数字，“{_show(node)}”是{found.describe()}", f"'{op}' needs numbers, '{_show(node)}' is {found.kind}")

    def _Arith(self, node, scope, item):
        self._number(node.left, scope, item, node.op)
        self._number(node.right, scope, item, node.op)
        return NUM

    def _Default(self, node, scope, item):
        found = self.expr(node.value, scope, item)
        fallback = self.expr(node.fallback, scope, item)
        return found if found.kind != "any" else fallback

    def _Compare(self, node, scope, item):
        left = self.expr(node.left, scope, item)
        right = self.expr(node.right, scope, item)
        if node.op not in ("==", "!=") or node.tolerance is not None:
            for side, found in ((node.left, left), (node.right, right)):
                if found.kind not in ("num", "any"):
                    raise self.fail(side, f"比较 {node.op} 需要数字，“{_show(side)}”是{found.describe()}", f"'{node.op}' needs numbers, '{_show(side)}' is {found.kind}")
        elif "any" not in (left.kind, right.kind) and left.kind != right.kind:
            raise self.fail(node, f"不能比较{left.describe()}和{right.describe()}", f"cannot compare {left.kind} with {right.kind}")
        return BOOL

    def _Not(self, node, scope, item):
        self.condition(node.operand, scope, "not", item)
        return BOOL

    def _Logic(self, node, scope, item):
        for side in (node.left, node.right):
            found = self.expr(side, scope, item)
            if found.kind not in ("bool", "any"):
                raise self.fail(side, f"{node.op} 两边须是条件，“{_show(side)}”是{found.describe()}", f"both sides of '{node.op}' must be conditions")
        return BOOL

    def _Predicate(self, node, scope, item):
        subject = self.expr(node.subject, scope, item)
        if node.op in ("is_empty", "is_not_empty"):
            return BOOL
        if node.op == "contains" and subject.kind == "list":
            self.expr(node.arg, scope, item)
            return BOOL
        if subject.kind not in ("str", "any"):
            raise self.fail(node.subject, f"文字判断需要文字，“{_show(node.subject)}”是{subject.describe()}", f"text predicates need text, '{_show(node.subject)}' is {subject.kind}")
        arg = self.expr(node.arg, scope, item)
        if arg.kind not in ("str", "any"):
            raise self.fail(node.arg, "文字判断的参数须是文字", "the argument of a text predicate must be text")
        if node.op == "matches":
            try:
                check_pattern(node.arg.value)
            except PatternError as error:
                raise self.fail(node.arg, error.message_zh, error.message_en) from None
        return BOOL

    def _Let(self, node, scope, item):
        value = self.expr(node.value, scope, item)
        return self.expr(node.body, {**scope, node.name: value}, item)

    def _If(self, node, scope, item):
        self.condition(node.cond, scope, "if", item)
        then = self.expr(node.then, scope, item)
        otherwise = self.expr(node.otherwise, scope, item)
        return then if then.kind == otherwise.kind else ANY

    def _Quantifier(self, node, scope, item):
        source = self.expr(node.source, scope, item)
        if source.kind not in ("list", "any"):
            raise self.fail(node.source, f"{node.kind} 须遍历列表，这里是{source.describe()}", f"'{node.kind}' must range over a list, got {source.kind}")
        inner = {**scope, node.var: source.elem or ANY}
        self.condition(node.body, inner, node.kind, item)
        return BOOL


_KIND_ZH = {"num": "数字", "str": "文字", "list": "列表", "listnum": "数字列表", "any": "任意值", "bool": "真假值", "regex": "正则表达式"}
_RESULTS = {"num": NUM, "bool": BOOL, "str": STR, "list": list_of(ANY), "liststr": list_of(STR)}


def _read(file: str) -> str:
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _fits(expected: str, found: Type) -> bool:
    if found.kind == "any" or expected == "any":
        return True
    if expected == "listnum":
        return found.kind == "list" and (found.elem is None or found.elem.kind in ("num", "any"))
    return found.kind == expected


def _did_you_mean(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"；您是不是要写“{close[0]}”？" if close else ""


def _did_you_mean_en(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _show(node: ast.Expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attr):
        return f"{_show(node.obj)}.{node.name}"
    if isinstance(node, ast.Wildcard):
        return f"{_show(node.obj)}[*]"
    if isinstance(node, ast.Call):
        return f"{node.func}(…)"
    return type(node).__name__
