"""The AST's classes (declared with `ast.node`, whose methods are written once in `ast._Node`) behave exactly as
the same classes declared with `@dataclass(frozen=True)`: built from the same source, class by class."""

from __future__ import annotations

import dataclasses
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.dsl import ast

SOURCE = Path(ast.__file__).read_text(encoding="utf-8")


def _twin() -> types.ModuleType:
    """ast.py with every `@node` written `@dataclass(frozen=True)`."""
    assert SOURCE.count("@node\nclass ") == len(_classes(ast))
    module = types.ModuleType("budgetcheck_ast_twin")
    sys.modules[module.__name__] = module  # dataclasses looks the module up while processing a class
    try:
        exec(compile(SOURCE.replace("@node\nclass ", "@dataclass(frozen=True)\nclass "), "ast_twin.py", "exec"), module.__dict__)  # noqa: S102
    finally:
        del sys.modules[module.__name__]
    return module


def _classes(module: types.ModuleType) -> dict[str, type]:
    return {name: value for name, value in vars(module).items() if isinstance(value, type) and dataclasses.is_dataclass(value)}


TWIN = _twin()
NAMES = sorted(_classes(ast))


def _values(cls: type, salt: str) -> dict[str, object]:
    """A value for every field without a default (text, so that every field compares and hashes)."""
    return {field.name: f"{field.name}-{salt}" for field in dataclasses.fields(cls) if field.default is dataclasses.MISSING}


def _both(name: str) -> tuple[type, type]:
    return getattr(ast, name), getattr(TWIN, name)


def test_every_class_of_the_ast_has_a_twin():
    assert NAMES == sorted(_classes(TWIN))
    assert len(NAMES) >= 27


@pytest.mark.parametrize("name", NAMES)
def test_fields_match_args_and_signature_of_the_fields_are_those_of_the_dataclass(name):
    mine, theirs = _both(name)
    describe = lambda cls: [(f.name, repr(f.default).replace("budgetcheck_ast_twin.", ""), f.compare, f.hash, f.repr, f.kw_only, f.init) for f in dataclasses.fields(cls)]  # noqa: E731
    assert describe(mine) == describe(theirs)
    assert mine.__match_args__ == theirs.__match_args__
    assert dataclasses.is_dataclass(mine)


@pytest.mark.parametrize("name", NAMES)
def test_construction_equality_hash_repr_and_replace_are_those_of_the_dataclass(name):
    mine, theirs = _both(name)
    values = _values(mine, "a")
    positional = [field.name for field in dataclasses.fields(mine) if not field.kw_only and field.name in values]
    by_position = [values[field] for field in positional]
    keywords = {key: value for key, value in values.items() if key not in positional}
    a, b = mine(*by_position, **keywords), theirs(*by_position, **keywords)
    assert repr(a) == repr(b).replace("budgetcheck_ast_twin.", "budgetcheck.dsl.ast.")
    assert hash(a) == hash(b)
    assert repr(vars(a)) == repr(vars(b)).replace("budgetcheck_ast_twin.", "budgetcheck.dsl.ast.")
    assert a == mine(**values) and b == theirs(**values)
    assert (a == b) is False and (a != b) is True  # another class: NotImplemented on both sides
    assert a.__eq__(object()) is NotImplemented
    for field in dataclasses.fields(mine):
        other = {**values, field.name: f"{field.name}-b"}
        assert (a == mine(**other)) == (b == theirs(**other)), field.name
        assert (hash(a) == hash(mine(**other))) == (hash(b) == hash(theirs(**other))), field.name
        assert repr(dataclasses.replace(a, **{field.name: "z"})) == repr(dataclasses.replace(b, **{field.name: "z"})).replace("budgetcheck_ast_twin.", "budgetcheck.dsl.ast.")


@pytest.mark.parametrize("name", NAMES)
def test_instances_are_frozen_like_the_dataclass(name):
    mine, theirs = _both(name)
    for cls in (mine, theirs):
        made = cls(**_values(cls, "a"))
        for field in [*dataclasses.fields(cls), types.SimpleNamespace(name="other")]:
            with pytest.raises(dataclasses.FrozenInstanceError, match=field.name):
                setattr(made, field.name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError, match=field.name):
                delattr(made, field.name)


@pytest.mark.parametrize("name", NAMES)
def test_wrong_arguments_are_refused_like_the_dataclass(name):
    mine, theirs = _both(name)
    values = _values(mine, "a")
    positional = [field.name for field in dataclasses.fields(mine) if not field.kw_only]
    calls = [
        ((), {"nonsense": 1, **values}),
        ((*(values.get(field, 0) for field in positional), 1), {}),
    ]
    if values:
        calls.append(((), {key: value for key, value in list(values.items())[1:]}))  # one missing
    if positional:
        calls.append(((values.get(positional[0], 0),), {positional[0]: 0, **{k: v for k, v in values.items() if k != positional[0]}}))  # twice
    for args, kwargs in calls:
        with pytest.raises(TypeError):
            theirs(*args, **kwargs)
        with pytest.raises(TypeError):
            mine(*args, **kwargs)


def test_an_expression_compares_without_its_span_and_the_rest_with_theirs():
    here, there = ast.Span(1, 2), ast.Span(3, 4)
    assert ast.Name("x", span=here) == ast.Name("x", span=there)
    assert hash(ast.Name("x", span=here)) == hash(ast.Name("x", span=there))
    assert ast.Binding("let", "x", ast.Name("y"), here) != ast.Binding("let", "x", ast.Name("y"), there)
    assert ast.Number(Decimal("1.0")) == ast.Number(Decimal("1"))
    assert ast.Compare("==", ast.Name("a"), ast.Number(Decimal(1))).tolerance is None
    assert ast.Item() == ast.Item() and hash(ast.Item()) == hash(TWIN.Item())


def test_a_class_the_decorator_cannot_stand_for_is_refused():
    with pytest.raises(TypeError):

        @ast.node
        class Listed(ast._Node):
            items: list = dataclasses.field(default_factory=list)
