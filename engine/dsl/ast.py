"""Rule language: the AST, frozen dataclasses with a source span and no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# How deep the parse tree of a rule may nest. The national rules reach 15; every walk over a rule
# (building the AST, checking, compiling, running the compiled closures) recurses once or a few
# times per level, so a bound far below Python's recursion limit keeps every one of them safe.
# The parser enforces it (dsl/parser.py); it lives here so that a run whose pack comes from the
# cache need not import the parser and lark.
MAX_NESTING = 100

@dataclass(frozen=True)
class Span:
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0


NOWHERE = Span(0, 0)


@dataclass(frozen=True)
class Expr:
    span: Span = field(default=NOWHERE, compare=False, kw_only=True)


@dataclass(frozen=True)
class Number(Expr):
    value: Decimal


@dataclass(frozen=True)
class String(Expr):
    value: str


@dataclass(frozen=True)
class Bool(Expr):
    value: bool


@dataclass(frozen=True)
class Item(Expr):
    """`it`: the element under a filter."""


@dataclass(frozen=True)
class Name(Expr):
    id: str


@dataclass(frozen=True)
class Attr(Expr):
    obj: Expr
    name: str


@dataclass(frozen=True)
class Wildcard(Expr):
    obj: Expr


@dataclass(frozen=True)
class Subscript(Expr):
    """`obj[index]`: an index when `index` is a number, a filter when it is a condition."""

    obj: Expr
    index: Expr


@dataclass(frozen=True)
class Call(Expr):
    func: str
    args: tuple[Expr, ...]


@dataclass(frozen=True)
class ListLiteral(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Neg(Expr):
    operand: Expr


@dataclass(frozen=True)
class Arith(Expr):
    op: str  # + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Default(Expr):
    """`value ?? fallback`: the fallback when the value is absent (missing-as-zero with `?? 0`)."""

    value: Expr
    fallback: Expr


@dataclass(frozen=True)
class Tolerance:
    kind: str  # "within" or "rounded"
    amount: Decimal | None = None


@dataclass(frozen=True)
class Compare(Expr):
    op: str
    left: Expr
    right: Expr
    tolerance: Tolerance | None = None


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class Logic(Expr):
    op: str  # and / or
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Predicate(Expr):
    op: str  # is_empty is_not_empty matches contains starts_with ends_with
    subject: Expr
    arg: Expr | None = None


@dataclass(frozen=True)
class Let(Expr):
    name: str
    value: Expr
    body: Expr


@dataclass(frozen=True)
class If(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True)
class Quantifier(Expr):
    kind: str  # all / any / none
    var: str
    source: Expr
    body: Expr


@dataclass(frozen=True)
class Template:
    """A message with `{expression}` holes; `parts` alternate literal text and expressions."""

    text: str
    parts: tuple[str | Expr, ...]


@dataclass(frozen=True)
class Binding:
    """`for name in expr` (kind "for": one run per element) or `let name = expr` (kind "let")."""

    kind: str
    name: str
    expr: Expr
    span: Span = NOWHERE


@dataclass(frozen=True)
class Rule:
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


@dataclass(frozen=True)
class RuleFile:
    path: str
    schemas: tuple[str, ...]
    rules: tuple[Rule, ...]
