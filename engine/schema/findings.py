"""Schema stage: validation as findings; each jsonschema error becomes a Chinese-first, located message.

One small function per JSON Schema keyword (as jsonschema itself is organised);
the error's path becomes the finding's JSON pointer, and the field is named
by its schema title so that finance staff see 收入合计, not /overview/income/total.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING


from budgetcheck import codes
from budgetcheck import pointer as jp
from budgetcheck.codes import Code
from budgetcheck.findings import Finding
from budgetcheck.schema.navigation import SchemaNode

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_TYPE_ZH = {"string": "文字", "number": "数字", "integer": "整数", "boolean": "真假值", "object": "映射", "array": "列表", "null": "空值"}


def show(value: object) -> str:
    if isinstance(value, str):
        return f"“{value}”" if len(value) <= 40 else f"“{value[:40]}…”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    return str(value)


class _Context:
    def __init__(self, root: SchemaNode, error: ValidationError) -> None:
        self.root = root
        self.error = error
        self.pointer = jp.from_parts(error.absolute_path)
        self.node = root.at([str(part) for part in error.absolute_path]) if error.absolute_path else root

    def name(self, pointer: str | None = None) -> str:
        pointer = self.pointer if pointer is None else pointer
        node = self.root.at(jp.parts(pointer)) if pointer else self.root
        title = node.title if node is not None else ""
        return f"{title}（{pointer or '/'}）" if title else (pointer or "/")

    def finding(self, code: Code, zh: str, en: str, pointer: str | None = None) -> Finding:
        return code.finding(zh, en, (self.pointer if pointer is None else pointer,))


def _required(ctx: _Context) -> Iterator[Finding]:
    instance = ctx.error.instance
    for name in ctx.error.validator_value:
        if isinstance(instance, dict) and name not in instance:
            child = jp.join(ctx.pointer, name)
            yield ctx.finding(codes.SCHEMA_REQUIRED, f"缺少必填项 {ctx.name(child)}", f"required field missing: {child}", child)


def _suggest(key: str, node: SchemaNode | None) -> tuple[str, str]:
    if node is None:
        return "", ""
    known = node.properties()
    if not known:
        return "", ""
    by_title = {sub.title: name for name, sub in known.items() if sub.title}
    if key in by_title:
        match = by_title[key]
    else:
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6) or difflib.get_close_matches(key, list(by_title), n=1, cutoff=0.5)
        if not close:
            listed = "、".join(known)
            return f"；此处可用的字段：{listed}", f"; fields allowed here: {', '.join(known)}"
        match = by_title.get(close[0], close[0])
    title = known[match].title
    return f"；您是不是要写“{match}”（{title}）？", f"; did you mean '{match}' ({title})?"


def _additional_properties(ctx: _Context) -> Iterator[Finding]:
    instance = ctx.error.instance
    allowed = set(ctx.node.properties()) if ctx.node is not None else set()
    for key in instance if isinstance(instance, dict) else ():
        if key in allowed:
            continue
        child = jp.join(ctx.pointer, key)
        hint_zh, hint_en = _suggest(key, ctx.node)
        yield ctx.finding(
            codes.SCHEMA_UNKNOWN_FIELD,
            f"{ctx.name()} 中有未知字段“{key}”{hint_zh}",
            f"unknown field '{key}' in {ctx.pointer or '/'}{hint_en}",
            child,
        )


def _type(ctx: _Context) -> Iterator[Finding]:
    expected = ctx.error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    if ctx.node is not None and ctx.node.is_amount:
        yield ctx.finding(
            codes.SCHEMA_TYPE,
            f"{ctx.name()} 应为金额（数字或数字文字），实际为 {show(ctx.error.instance)}",
            f"{ctx.pointer} must be an amount (a number or a decimal string), got {show(ctx.error.instance)}",
        )
        return
    zh = "或".join(_TYPE_ZH.get(kind, kind) for kind in expected)
    yield ctx.finding(
        codes.SCHEMA_TYPE,
        f"{ctx.name()} 应为{zh}，实际为 {show(ctx.error.instance)}",
        f"{ctx.pointer or '/'} must be {' or '.join(expected)}, got {show(ctx.error.instance)}",
    )


def _pattern(ctx: _Context) -> Iterator[Finding]:
    value = ctx.error.instance
    if ctx.node is not None and ctx.node.is_amount:
        if isinstance(value, str) and value.strip().startswith("-"):
            yield ctx.finding(codes.SCHEMA_NEGATIVE, f"{ctx.name()} 不能为负数，实际为 {show(value)}", f"{ctx.pointer} must not be negative, got {show(value)}")
        else:
            yield ctx.finding(
                codes.SCHEMA_AMOUNT,
                f"{ctx.name()} 不是有效金额：{show(value)}（应写成 329.37 这样的十进制数）",
                f"{ctx.pointer} is not a valid amount: {show(value)} (write a decimal such as 329.37)",
            )
        return
    if isinstance(value, str) and not value.strip():
        yield ctx.finding(codes.SCHEMA_EMPTY, f"{ctx.name()} 不能为空", f"{ctx.pointer} must not be empty")
        return
    yield ctx.finding(
        codes.SCHEMA_PATTERN,
        f"{ctx.name()} 的格式不对：{show(value)}（应符合 {ctx.error.validator_value}）",
        f"{ctx.pointer} has the wrong form: {show(value)} (must match {ctx.error.validator_value})",
    )


def _minimum(ctx: _Context) -> Iterator[Finding]:
    bound = ctx.error.validator_value
    if bound == 0 and ctx.node is not None and ctx.node.is_amount:
        yield ctx.finding(codes.SCHEMA_NEGATIVE, f"{ctx.name()} 不能为负数，实际为 {show(ctx.error.instance)}", f"{ctx.pointer} must not be negative, got {show(ctx.error.instance)}")
        return
    yield ctx.finding(codes.SCHEMA_RANGE, f"{ctx.name()} 不能小于 {bound}，实际为 {show(ctx.error.instance)}", f"{ctx.pointer} must be at least {bound}, got {show(ctx.error.instance)}")


def _maximum(ctx: _Context) -> Iterator[Finding]:
    bound = ctx.error.validator_value
    yield ctx.finding(codes.SCHEMA_RANGE, f"{ctx.name()} 不能大于 {bound}，实际为 {show(ctx.error.instance)}", f"{ctx.pointer} must be at most {bound}, got {show(ctx.error.instance)}")


def _enum(ctx: _Context) -> Iterator[Finding]:
    allowed = ctx.error.validator_value if ctx.error.validator == "enum" else [ctx.error.validator_value]
    listed = "、".join(show(value) for value in allowed)
    yield ctx.finding(
        codes.SCHEMA_ENUM,
        f"{ctx.name()} 应为 {listed} 之一，实际为 {show(ctx.error.instance)}",
        f"{ctx.pointer} must be one of {', '.join(map(str, allowed))}, got {show(ctx.error.instance)}",
    )


def _min_length(ctx: _Context) -> Iterator[Finding]:
    yield ctx.finding(codes.SCHEMA_EMPTY, f"{ctx.name()} 不能为空", f"{ctx.pointer} must not be empty")


def _format(ctx: _Context) -> Iterator[Finding]:
    if ctx.error.validator_value == "date":
        yield ctx.finding(codes.SCHEMA_DATE, f"{ctx.name()} 不是有效日期：{show(ctx.error.instance)}（应写成 2019-01-31）", f"{ctx.pointer} is not a valid date: {show(ctx.error.instance)} (write 2019-01-31)")
        return
    yield ctx.finding(codes.SCHEMA_FORMAT, f"{ctx.name()} 不符合 {ctx.error.validator_value} 格式：{show(ctx.error.instance)}", f"{ctx.pointer} is not a valid {ctx.error.validator_value}: {show(ctx.error.instance)}")


def _fallback(ctx: _Context) -> Iterator[Finding]:
    yield ctx.finding(codes.schema_code(ctx.error.validator), f"{ctx.name()} 不符合模式：{ctx.error.message}", f"{ctx.pointer or '/'} does not conform: {ctx.error.message}")


_KEYWORDS: dict[str, Callable[[_Context], Iterator[Finding]]] = {
    "required": _required,
    "additionalProperties": _additional_properties,
    "type": _type,
    "pattern": _pattern,
    "minimum": _minimum,
    "exclusiveMinimum": _minimum,
    "maximum": _maximum,
    "exclusiveMaximum": _maximum,
    "enum": _enum,
    "const": _enum,
    "minLength": _min_length,
    "format": _format,
}


def schema_findings(errors: Iterator[ValidationError], root: SchemaNode) -> list[Finding]:
    found: dict[tuple[str, tuple[str, ...]], Finding] = {}
    for error in errors:
        leaves = error.context or [error]
        for leaf in leaves:
            for finding in _KEYWORDS.get(leaf.validator, _fallback)(_Context(root, leaf)):
                found.setdefault((finding.rule, finding.paths), finding)
    return sorted(found.values(), key=lambda finding: finding.paths)
