"""Rule language: the AST, frozen dataclasses (`records.record`) with a source span and no behaviour."""

from __future__ import annotations

from dataclasses import field
from decimal import Decimal

from budgetcheck.records import Record, record

# How deep the parse tree of a rule may nest. The national rules reach 15; every walk over a rule
# (building the AST, checking, compiling, running the compiled closures) recurses once or a few
# times per level, so a bound far below Python's recursion limit keeps every one of them safe.
# The parser enforces it (dsl/parser.py); it lives here so that a run whose pack comes from the
# cache need not import the parser and lark.
MAX_NESTING = 100


@record
class Span(Record):
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0


NOWHERE = Span(0, 0)


@record
class Expr(Record):
    span: Span = field(default=NOWHERE, compare=False, kw_only=True)


@record
class Number(Expr):
    value: Decimal


@record
class String(Expr):
    value: str


@record
class Bool(Expr):
    value: bool


@record
class Item(Expr):
    """`it`: the element under a filter."""


@record
class Name(Expr):
    id: str


@record
class Attr(Expr):
    obj: Expr
    name: str


@record
class Wildcard(Expr):
    obj: Expr


@record
class Subscript(Expr):
    """`obj[index]`: an index when `index` is a number, a filter when it is a condition."""

    obj: Expr
    index: Expr


@record
class Call(Expr):
    func: str
    args: tuple[Expr, ...]


@record
class ListLiteral(Expr):
    items: tuple[Expr, ...]


@record
class Neg(Expr):
    operand: Expr


@record
class Arith(Expr):
    op: str  # + - * /
    left: Expr
    right: Expr


@record
class Default(Expr):
    """`value ?? fallback`: the fallback when the value is absent (missing-as-zero with `?? 0`)."""

    value: Expr
    fallback: Expr


@record
class Tolerance(Record):
    kind: str  # "within" or "rounded"
    amount: Decimal | None = None


@record
class Compare(Expr):
    op: str
    left: Expr
    right: Expr
    tolerance: Tolerance | None = None


@record
class Not(Expr):
    operand: Expr


@record
class Logic(Expr):
    op: str  # and / or
    left: Expr
    right: Expr


@record
class Predicate(Expr):
    op: str  # is_empty is_not_empty matches contains starts_with ends_with
    subject: Expr
    arg: Expr | None = None


@record
class Let(Expr):
    name: str
    value: Expr
    body: Expr


@record
class If(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr


@record
class Quantifier(Expr):
    kind: str  # all / any / none
    var: str
    source: Expr
    body: Expr


@record
class Template(Record):
    """A message with `{expression}` holes; `parts` alternate literal text and expressions."""

    text: str
    parts: tuple[str | Expr, ...]


@record
class Binding(Record):
    """`for name in expr` (kind "for": one run per element) or `let name = expr` (kind "let")."""

    kind: str
    name: str
    expr: Expr
    span: Span = NOWHERE


@record
class Rule(Record):
    id: str
    file: str
    span: Span
    title: str
    severity: str
    citation: str
    message: Template
    assertion: Expr
    title_en: str = ""
    message_en: Template | None = None
    hint: str = ""
    hint_en: str = ""
    effective_from: str | None = None
    effective_to: str | None = None
    applies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    tags: tuple[str, ...] = ()
    bindings: tuple[Binding, ...] = ()  # in written order: a let after a for is worked out once per element
    when: Expr | None = None
    source_text: str = ""


@record
class RuleFile(Record):
    path: str
    schemas: tuple[str, ...]
    rules: tuple[Rule, ...]
