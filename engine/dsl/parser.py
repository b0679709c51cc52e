"""Rule language: one cached LALR Lark parser, one boundary where lark errors become RuleSyntaxError."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

from lark import (
    Lark,
    Tree,
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
)

from budgetcheck.dsl.ast import MAX_NESTING
from budgetcheck.dsl.errors import RuleSyntaxError

GRAMMAR = Path(__file__).with_name("grammar.lark")
FIELD_KEYS = (
    "title", "title_en", "severity", "citation", "effective", "applies", "tags",
    "for", "let", "when", "assert", "message", "message_en", "hint", "hint_en",
)  # fmt: skip

_TERMINAL_ZH = {
    "RBRACE": "右花括号 }", "LBRACE": "左花括号 {", "RPAR": "右括号 )", "RSQB": "右方括号 ]", "STRING": "带双引号的文字",
    "NAME": "名称", "NUMBER": "数字", "RULE_ID": "规则编号（如 BUD-TOT-001）", "COLON": "冒号 :", "BOUND": "年份或日期",
}  # fmt: skip



_CLOSERS = ("RBRACE", "RPAR", "RSQB")  # listed first: a missing closer is the likeliest mistake, and the list is cut at eight


@cache
def parser() -> Lark:
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", propagate_positions=True, start=["start", "expr"], maybe_placeholders=True)


def _expected(error: UnexpectedInput) -> str:
    names = sorted(getattr(error, "expected", None) or getattr(error, "allowed", None) or (), key=lambda name: (name not in _CLOSERS, name))
    shown = [_TERMINAL_ZH.get(name, name.strip('"').lower()) for name in names][:8]
    return "、".join(shown)


def parse(text: str, file: str, start: str = "start", source: str | None = None) -> Tree:
    try:
        tree = parser().parse(text, start=start)
    except UnexpectedInput as error:
        line = getattr(error, "line", 1) or 1
        column = getattr(error, "column", 1) or 1
        raise _syntax_error(error, text if source is None else source, file, line, column) from None
    _check_nesting(tree, file, text if source is None else source, 3 if start == "start" else 1)
    return tree


def _check_nesting(tree: Tree, file: str, source: str, clause_depth: int) -> None:
    """Refuse a tree nested deeper than MAX_NESTING, found without recursion; the error points at the
    clause (`assert`, `let`, …: `clause_depth` levels down, below the file and the rule) or message
    hole whose expression is too deep."""
    stack = [(tree, 1, tree)]
    while stack:
        node, depth, clause = stack.pop()
        if depth > MAX_NESTING:
            meta = clause.meta
            line, column = (meta.line, meta.column) if not getattr(meta, "empty", True) else (1, 1)
            raise RuleSyntaxError(
                file, line, column,
                f"表达式嵌套超过 {MAX_NESTING} 层（规则语言的上限）；很长的求和请写成 sum([a, b, c])，很长的条件请拆成几条规则",
                f"the expression nests deeper than {MAX_NESTING} levels (the rule language's limit); write a long sum as sum([a, b, c]) and split a long condition into several rules",
                source,
            )  # fmt: skip
        for child in node.children:
            if isinstance(child, Tree):
                stack.append((child, depth + 1, child if depth < clause_depth else clause))


def _syntax_error(error: UnexpectedInput, text: str, file: str, line: int, column: int) -> RuleSyntaxError:
    source = text
    if isinstance(error, UnexpectedToken) and error.token.type == "NAME" and _expects_field(error):
        word = str(error.token)
        close = difflib.get_close_matches(word, FIELD_KEYS, n=1, cutoff=0.6)
        hint_zh = f"；您是不是要写“{close[0]}”？" if close else f"；可用的字段：{'、'.join(FIELD_KEYS)}"
        hint_en = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(FIELD_KEYS)}"
        return RuleSyntaxError(file, line, column, f"未知的规则字段“{word}”{hint_zh}", f"unknown rule field '{word}'{hint_en}", source)
    if isinstance(error, UnexpectedEOF):
        return RuleSyntaxError(file, line, column, f"规则文件意外结束；此处应为：{_expected(error)}", "unexpected end of the rule file", source)
    if isinstance(error, UnexpectedCharacters):
        char = getattr(error, "char", "")
        return RuleSyntaxError(file, line, column, f"无法识别的字符“{char}”", f"unexpected character '{char}'", source)
    token = getattr(error, "token", "")
    shown = "文件结尾" if getattr(token, "type", "") == "$END" else f"“{token}”"
    return RuleSyntaxError(
        file, line, column, f"语法错误：此处不应出现{shown}；应为：{_expected(error)}", f"syntax error: unexpected {token!s}", source
    )


def _expects_field(error: UnexpectedToken) -> bool:
    expected = {name.strip('"').lower() for name in error.expected}
    return bool(expected & {"assert", "severity", "when", "rbrace"})
