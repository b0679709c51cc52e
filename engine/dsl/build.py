"""Rule language: parse tree -> AST. A separate Transformer (so positions are seen), one method per grammar alternative."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from lark import Token, Transformer, Tree, v_args
from lark.exceptions import VisitError

from budgetcheck.dsl import ast
from budgetcheck.dsl.errors import RuleSyntaxError
from budgetcheck.dsl.parser import parse
from budgetcheck.errors import BudgetcheckError

MAX_NUMBER_DIGITS = 40  # a number written in a rule; more could only be a mistake, and would make messages unreadable


def _span(meta: object) -> ast.Span:
    if getattr(meta, "empty", True):
        return ast.NOWHERE
    return ast.Span(meta.line, meta.column, meta.end_line, meta.end_column)  # type: ignore[attr-defined]


def _token_span(token: Token) -> ast.Span:
    return ast.Span(token.line or 0, token.column or 0, token.end_line or 0, token.end_column or 0)


class BadString(BudgetcheckError):
    """A literal that cannot be used: a string whose escapes are not JSON's (`\\q`), or that holds a lone
    surrogate or a raw control character; a number too long. Raised while building, where the file is not
    known; `_transform` turns it into a RuleSyntaxError at the token."""

    def __init__(self, token: Token, zh: str, en: str, offset: int = 0) -> None:
        super().__init__(zh, en)
        self.token = token
        self.offset = offset  # where in the literal as written (0: its opening quote)


def unquote(token: Token) -> str:
    """A string literal's text: JSON's escapes (\\" \\\\ \\n \\t \\uXXXX …); anything else is a BadString."""
    try:
        text = json.loads(str(token))
    except ValueError as error:
        reason = getattr(error, "msg", str(error))
        raise BadString(
            token,
            f"字符串写法有误（{reason}）；可用的转义只有 \\\\ \\\" \\n \\t \\uXXXX 等 JSON 转义，正则表达式中的一个反斜杠要写成 \\\\",
            f"invalid string literal ({reason}); only JSON escapes are allowed (\\\\ \\\" \\n \\t \\uXXXX); a backslash in a regular expression is written \\\\",
            getattr(error, "pos", 0),
        ) from None
    if any("\ud800" <= char <= "\udfff" for char in text):
        raise BadString(token, "字符串中有不成对的代理码点（\\uD800–\\uDFFF）", "the string holds a lone surrogate (\\uD800–\\uDFFF)")
    return text


@v_args(meta=True)
class _ExprBuilder(Transformer):
    """Expressions; also reused for the `{…}` holes of message templates."""

    def number(self, meta, children):
        digits = str(children[0])
        if len(digits) > MAX_NUMBER_DIGITS:
            raise BadString(children[0], f"数字过长（{len(digits)} 位，上限 {MAX_NUMBER_DIGITS} 位）", f"number too long ({len(digits)} digits, at most {MAX_NUMBER_DIGITS})")
        return ast.Number(Decimal(digits), span=_span(meta))

    def string(self, meta, children):
        return ast.String(unquote(children[0]), span=_span(meta))

    def true(self, meta, children):
        return ast.Bool(True, span=_span(meta))

    def false(self, meta, children):
        return ast.Bool(False, span=_span(meta))

    def item(self, meta, children):
        return ast.Item(span=_span(meta))

    def name(self, meta, children):
        return ast.Name(str(children[0]), span=_span(meta))

    def attr(self, meta, children):
        return ast.Attr(children[0], str(children[1]), span=_span(meta))

    def wildcard(self, meta, children):
        return ast.Wildcard(children[0], span=_span(meta))

    def subscript(self, meta, children):
        return ast.Subscript(children[0], children[1], span=_span(meta))

    def call(self, meta, children):
        args = tuple(child for child in children[1:] if child is not None)
        return ast.Call(str(children[0]), args, span=_span(meta))

    def list_literal(self, meta, children):
        return ast.ListLiteral(tuple(child for child in children if child is not None), span=_span(meta))

    def neg(self, meta, children):
        return ast.Neg(children[0], span=_span(meta))

    def _arith(op):
        def method(self, meta, children):
            return ast.Arith(op, children[0], children[1], span=_span(meta))

        return method

    add, sub, mul, div = _arith("+"), _arith("-"), _arith("*"), _arith("/")

    def default(self, meta, children):
        return ast.Default(children[0], children[1], span=_span(meta))

    def compare(self, meta, children):
        tolerance = children[3] if len(children) > 3 else None
        return ast.Compare(str(children[1]), children[0], children[2], tolerance, span=_span(meta))

    def within(self, meta, children):
        return ast.Tolerance("within", Decimal(str(children[0])))

    def rounded(self, meta, children):
        return ast.Tolerance("rounded")

    def not_(self, meta, children):
        return ast.Not(children[0], span=_span(meta))

    def and_(self, meta, children):
        return ast.Logic("and", children[0], children[1], span=_span(meta))

    def or_(self, meta, children):
        return ast.Logic("or", children[0], children[1], span=_span(meta))

    def _predicate(op):
        def method(self, meta, children):
            arg = children[1] if len(children) > 1 else None
            if isinstance(arg, Token):
                arg = ast.String(unquote(arg), span=_token_span(arg))
            return ast.Predicate(op, children[0], arg, span=_span(meta))

        return method

    is_empty = _predicate("is_empty")
    is_not_empty = _predicate("is_not_empty")
    matches = _predicate("matches")
    contains = _predicate("contains")
    starts_with = _predicate("starts_with")
    ends_with = _predicate("ends_with")

    def let_expr(self, meta, children):
        return ast.Let(str(children[0]), children[1], children[2], span=_span(meta))

    def if_expr(self, meta, children):
        return ast.If(children[0], children[1], children[2], span=_span(meta))

    def quant(self, meta, children):
        return str(children[0])

    def quantifier(self, meta, children):
        return ast.Quantifier(children[0], str(children[1]), children[2], children[3], span=_span(meta))


@v_args(meta=True)
class _FileBuilder(_ExprBuilder):
    def __init__(self, file: str, source: str) -> None:
        super().__init__()
        self.file = file
        self.source = source

    def schema_decl(self, meta, children):
        return ("schema", unquote(children[0]))

    def text_key(self, meta, children):
        return str(children[0])

    def severity_level(self, meta, children):
        return str(children[0])

    def facet(self, meta, children):
        return str(children[0])

    def text_field(self, meta, children):
        return (children[0], children[1], _span(meta))

    def severity(self, meta, children):
        return ("severity", children[0], _span(meta))

    def period(self, meta, children):
        return tuple(str(child) if child is not None else None for child in children)

    def effective(self, meta, children):
        return ("effective", children[0], _span(meta))

    def applies(self, meta, children):
        return ("applies", (children[0], tuple(unquote(token) for token in children[1:])), _span(meta))

    def tags(self, meta, children):
        return ("tags", tuple(unquote(token) for token in children), _span(meta))

    def for_clause(self, meta, children):
        return ("for", ast.Binding("for", str(children[0]), children[1], _span(meta)), _span(meta))

    def let_clause(self, meta, children):
        return ("let", ast.Binding("let", str(children[0]), children[1], _span(meta)), _span(meta))

    def when_clause(self, meta, children):
        return ("when", children[0], _span(meta))

    def assert_clause(self, meta, children):
        return ("assert", children[0], _span(meta))

    def rule(self, meta, children):
        rule_id = children[0]
        return _assemble_rule(str(rule_id), children[1:], self.file, self.source, _span(meta))

    def start(self, meta, children):
        schemas = tuple(value for kind, value in (c for c in children if isinstance(c, tuple)))
        rules = tuple(child for child in children if isinstance(child, ast.Rule))
        return ast.RuleFile(self.file, schemas, rules)


_SINGLE = {"title", "title_en", "citation", "message", "message_en", "hint", "hint_en", "severity", "effective", "when", "assert"}
_REQUIRED = ("title", "severity", "citation", "assert", "message")


def _assemble_rule(rule_id: str, fields: list, file: str, source: str, span: ast.Span) -> ast.Rule:
    def fail(where: ast.Span, zh: str, en: str) -> RuleSyntaxError:
        return RuleSyntaxError(file, where.line, where.column, zh, en, source)

    seen: dict[str, object] = {}
    bindings: list[ast.Binding] = []
    applies: list[tuple[str, tuple[str, ...]]] = []
    tags: tuple[str, ...] = ()
    raw_strings: dict[str, tuple[str, ast.Span]] = {}
    for key, value, where in fields:
        if key in _SINGLE and key in seen:
            raise fail(where, f"规则 {rule_id} 的字段“{key}”重复", f"rule {rule_id} gives '{key}' twice")
        if key in ("for", "let"):
            if "when" in seen or "assert" in seen:
                raise fail(where, f"{key} 须写在 when 和 assert 之前", f"'{key}' must come before 'when' and 'assert'")
            bindings.append(value)
        elif key == "applies":
            applies.append(value)
        elif key == "tags":
            tags += value
        else:
            seen[key] = value
            if isinstance(value, Token):
                raw_strings[key] = (unquote(value), _token_span(value))
    for key in _REQUIRED:
        if key not in seen:
            raise fail(span, f"规则 {rule_id} 缺少必填字段“{key}”", f"rule {rule_id} lacks the required field '{key}'")
    text = {key: raw for key, (raw, _where) in raw_strings.items()}
    period = seen.get("effective") or (None, None)
    if "effective" in seen:
        _check_period(period, fields, fail)  # type: ignore[arg-type]
    message_en = raw_strings.get("message_en")
    return ast.Rule(
        id=rule_id,
        file=file,
        span=span,
        title=text["title"],
        title_en=text.get("title_en", ""),
        severity=str(seen["severity"]),
        citation=text["citation"],
        message=parse_template(*raw_strings["message"], file, source),
        message_en=parse_template(*message_en, file, source) if message_en else None,
        hint=text.get("hint", ""),
        hint_en=text.get("hint_en", ""),
        effective_from=period[0],
        effective_to=period[1] if len(period) > 1 else None,
        applies=tuple(applies),
        tags=tags,
        bindings=tuple(bindings),
        when=seen.get("when"),  # type: ignore[arg-type]
        assertion=seen["assert"],  # type: ignore[arg-type]
        source_text="\n".join(source.splitlines()[span.line - 1 : span.end_line]),
    )


def _check_period(period: tuple, fields: list, fail) -> None:
    """Each bound a real date, and the period not ending before it starts (a year is its whole year)."""
    where = next(span for key, _value, span in fields if key == "effective")
    for bound in period:
        if bound is not None and len(bound) > 4:
            try:
                datetime.date.fromisoformat(bound)
            except ValueError:
                raise fail(where, f"生效期中的日期 {bound} 不存在", f"the effective period's date {bound} does not exist") from None
    start, end = period[0], period[1] if len(period) > 1 else None
    if start is not None and end is not None and (start + "-01-01" if len(start) == 4 else start) > (end + "-12-31" if len(end) == 4 else end):
        raise fail(where, f"生效期颠倒：从 {start} 到 {end}，结束早于开始", f"the effective period is inverted: from {start} to {end} ends before it starts")


def parse_template(text: str, where: ast.Span, file: str, source: str) -> ast.Template:
    """Split `text` into literal parts and `{expression}` holes (`{{` and `}}` are literal braces)."""
    parts: list[str | ast.Expr] = []
    literal: list[str] = []
    raw = _raw_columns(text, where, source)
    index = 0
    while index < len(text):
        char = text[index]
        if char in "{}" and text[index : index + 2] in ("{{", "}}"):
            literal.append(char)
            index += 2
            continue
        if char == "}":
            raise RuleSyntaxError(file, where.line, where.column + 1 + raw[index], "消息中有多余的 }（字面的花括号请写成 }}）", "stray '}' in the message (write }} for a literal brace)", source)
        if char == "{":
            end = text.find("}", index)
            if end < 0:
                raise RuleSyntaxError(file, where.line, where.column + 1 + raw[index], "消息中的 { 没有对应的 }", "unclosed '{' in the message", source)
            if literal:
                parts.append("".join(literal))
                literal = []
            # pad the hole so that lark's positions are the positions in the rule file
            padded = "\n" * (where.line - 1) + " " * (where.column + raw[index] + 1) + text[index + 1 : end]
            tree = parse(padded, file, start="expr", source=source)
            parts.append(build_expr(tree, file, source))
            index = end + 1
            continue
        literal.append(char)
        index += 1
    if literal:
        parts.append("".join(literal))
    return ast.Template(text, tuple(parts))


def _raw_columns(text: str, where: ast.Span, source: str) -> list[int]:
    """For each character of the unquoted `text`, its offset inside the quoted string as written (escapes such as \\" take two)."""
    lines = source.splitlines()
    written = lines[where.line - 1][where.column : where.end_column - 2] if 1 <= where.line <= len(lines) else ""
    offsets: list[int] = []
    position = 0
    while position < len(written) and len(offsets) < len(text):
        offsets.append(position)
        if written[position] != "\\":
            position += 1
        elif written[position + 1 : position + 2] != "u":
            position += 2
        elif 0xD800 <= int(written[position + 2 : position + 6] or "0", 16) < 0xDC00 and written[position + 6 : position + 8] == "\\u":
            position += 12  # a surrogate pair is one character
        else:
            position += 6
    if len(offsets) != len(text):  # the source does not hold this string as expected: fall back to one column per character
        return list(range(len(text) + 1))
    return offsets + [position]


def build_expr(tree: Tree, file: str = "", source: str = "") -> ast.Expr:
    return _transform(_ExprBuilder(), tree, file, source)


def build_file(tree: Tree, file: str, source: str) -> ast.RuleFile:
    return _transform(_FileBuilder(file, source), tree, file, source)


def _transform(builder: Transformer, tree: Tree, file: str, source: str):
    try:
        return builder.transform(tree)
    except VisitError as error:  # a RuleSyntaxError raised while building travels inside lark's wrapper
        if isinstance(error.orig_exc, BadString):
            bad = error.orig_exc
            raise RuleSyntaxError(file, bad.token.line or 1, (bad.token.column or 1) + bad.offset, bad.message_zh, bad.message_en, source) from None
        raise error.orig_exc from None
