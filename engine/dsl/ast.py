"""Rule language: the AST, frozen dataclasses with a source span and no behaviour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from decimal import Decimal
from operator import attrgetter
from typing import TypeVar

# How deep the parse tree of a rule may nest. The national rules reach 15; every walk over a rule
# (building the AST, checking, compiling, running the compiled closures) recurses once or a few
# times per level, so a bound far below Python's recursion limit keeps every one of them safe.
# The parser enforces it (dsl/parser.py); it lives here so that a run whose pack comes from the
# cache need not import the parser and lark.
MAX_NESTING = 100
T = TypeVar("T")


class _Node:
    """What `@dataclass(frozen=True)` writes for each class (its __init__, equality, hash, repr, and the refusal to
    assign or delete a field), written once here instead of compiled for each class of the module: dataclasses
    compiles each of those methods with its own exec, six per frozen class, 13 ms of a cold start for this module.
    `node` below declares the classes; tests/dsl/test_ast_nodes.py holds every class to its `@dataclass(frozen=True)`
    twin (construction, defaults, keyword-only fields, errors, equality, hash, repr, frozenness, fields, replace)."""

    __slots__ = ()
    _compared: Callable[[object], tuple] = staticmethod(lambda _node: ())
    _shown: tuple[str, ...] = ()
    _positional: tuple[str, ...] = ()  # the fields __init__ takes by position, in order
    _fields: tuple[str, ...] = ()  # every field, in order
    _defaults: dict[str, object] = {}  # noqa: RUF012 - per class, set by `node`

    def __init__(self, *args: object, **kwargs: object) -> None:
        cls = self.__class__
        if len(args) > len(cls._positional):
            raise TypeError(f"{cls.__qualname__}.__init__() takes {len(cls._positional) + 1} positional arguments but {len(args) + 1} were given")
        values = dict(zip(cls._positional, args))
        for name, value in kwargs.items():
            if name not in cls._fields:
                raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__qualname__}.__init__() got multiple values for argument {name!r}")
            values[name] = value
        missing = [name for name in cls._fields if name not in values and name not in cls._defaults]
        if missing:
            raise TypeError(f"{cls.__qualname__}.__init__() missing {len(missing)} required argument(s): {', '.join(map(repr, missing))}")
        fields_of = self.__dict__
        for name in cls._fields:
            fields_of[name] = values[name] if name in values else cls._defaults[name]

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self.__class__._compared(self) == other.__class__._compared(other)  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.__class__._compared(self))

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self._shown)})"


def _tuple_of(names: tuple[str, ...]) -> Callable[[object], tuple]:
    if len(names) >= 2:
        return attrgetter(*names)  # a tuple already
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda node: (one(node),)
    return lambda _node: ()


def node(cls: type[T]) -> type[T]:
    """A class of the AST: a dataclass (fields, `dataclasses.fields`, `replace`, `__match_args__`) whose methods are
    _Node's. Only what the module uses is accepted: plain defaults, no default factory, no __post_init__, each
    field hashed exactly when it is compared."""
    made = dataclass(init=False, eq=False, repr=False)(cls)
    found = fields(made)
    compared = tuple(item.name for item in found if item.compare)
    hashed = tuple(item.name for item in found if (item.compare if item.hash is None else item.hash))
    if hashed != compared or any(item.default_factory is not MISSING for item in found) or hasattr(made, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a plain node (a default factory, __post_init__, or a field hashed but not compared)")
    made._compared = _tuple_of(compared)  # type: ignore[attr-defined]
    made._shown = tuple(item.name for item in found if item.repr)  # type: ignore[attr-defined]
    made._positional = tuple(item.name for item in found if not item.kw_only)  # type: ignore[attr-defined]
    made._fields = tuple(item.name for item in found)  # type: ignore[attr-defined]
    made._defaults = {item.name: item.default for item in found if item.default is not MISSING}  # type: ignore[attr-defined]
    return made


@node
class Span(_Node):
    line: int
    column: int
    end_line: int = 0
    end_column: int = 0


NOWHERE = Span(0, 0)


@node
class Expr(_Node):
    span: Span = field(default=NOWHERE, compare=False, kw_only=True)


@node
class Number(Expr):
    value: Decimal


@node
class String(Expr):
    value: str


@node
class Bool(Expr):
    value: bool


@node
class Item(Expr):
    """`it`: the element under a filter."""


@node
class Name(Expr):
    id: str


@node
class Attr(Expr):
    obj: Expr
    name: str


@node
class Wildcard(Expr):
    obj: Expr


@node
class Subscript(Expr):
    """`obj[index]`: an index when `index` is a number, a filter when it is a condition."""

    obj: Expr
    index: Expr


@node
class Call(Expr):
    func: str
    args: tuple[Expr, ...]


@node
class ListLiteral(Expr):
    items: tuple[Expr, ...]


@node
class Neg(Expr):
    operand: Expr


@node
class Arith(Expr):
    op: str  # + - * /
    left: Expr
    right: Expr


@node
class Default(Expr):
    """`value ?? fallback`: the fallback when the value is absent (missing-as-zero with `?? 0`)."""

    value: Expr
    fallback: Expr


@node
class Tolerance(_Node):
    kind: str  # "within" or "rounded"
    amount: Decimal | None = None


@node
class Compare(Expr):
    op: str
    left: Expr
    right: Expr
    tolerance: Tolerance | None = None


@node
class Not(Expr):
    operand: Expr


@node
class Logic(Expr):
    op: str  # and / or
    left: Expr
    right: Expr


@node
class Predicate(Expr):
    op: str  # is_empty is_not_empty matches contains starts_with ends_with
    subject: Expr
    arg: Expr | None = None


@node
class Let(Expr):
    name: str
    value: Expr
    body: Expr


@node
class If(Expr):
    cond: Expr
    then: Expr
    otherwise: Expr


@node
class Quantifier(Expr):
    kind: str  # all / any / none
    var: str
    source: Expr
    body: Expr


@node
class Template(_Node):
    """A message with `{expression}` holes; `parts` alternate literal text and expressions."""

    text: str
    parts: tuple[str | Expr, ...]


@node
class Binding(_Node):
    """`for name in expr` (kind "for": one run per element) or `let name = expr` (kind "let")."""

    kind: str
    name: str
    expr: Expr
    span: Span = NOWHERE


@node
class Rule(_Node):
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


@node
class RuleFile(_Node):
    path: str
    schemas: tuple[str, ...]
    rules: tuple[Rule, ...]
