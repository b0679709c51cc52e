"""Every class declared with `records.record` behaves as the same class declared with `@dataclass(frozen=True)`:
each module that declares records is built a second time from its own source with `@dataclass(frozen=True)` in
place of `@record`, and its classes are held to their twins (fields, match args, construction by position and
keyword, defaults and default factories, refusals of wrong arguments, equality, hash, repr, replace, frozenness)."""

from __future__ import annotations

import dataclasses
import importlib
import re
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck import records
from budgetcheck.dsl import ast
from tests.conftest import REPO

ENGINE = REPO / "engine"
DECLARING = sorted(
    "budgetcheck." + ".".join(path.relative_to(ENGINE).with_suffix("").parts)
    for path in ENGINE.rglob("*.py")
    if "@record\nclass " in path.read_text(encoding="utf-8")
)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _twin(name: str) -> types.ModuleType:
    source = Path(importlib.import_module(name).__file__).read_text(encoding="utf-8")  # type: ignore[arg-type]
    twin = types.ModuleType(f"{name}_twin")
    twin.__dict__["dataclass"] = dataclasses.dataclass
    sys.modules[twin.__name__] = twin  # dataclasses looks the module up while processing a class
    try:
        edited = source.replace("@record\nclass ", "@dataclass(frozen=True)\nclass ")
        exec(compile(edited.replace("from __future__ import annotations\n", "from __future__ import annotations\nfrom dataclasses import dataclass\n", 1), f"{name}_twin.py", "exec"), twin.__dict__)  # noqa: S102
    finally:
        del sys.modules[twin.__name__]
    return twin


TWINS = {name: _twin(name) for name in DECLARING}
PAIRS = [
    (f"{name}.{attribute}", value, getattr(TWINS[name], attribute))
    for name in DECLARING
    for attribute, value in vars(importlib.import_module(name)).items()
    if isinstance(value, type) and issubclass(value, records.Record) and value is not records.Record and value.__module__ == name
]
IDS = [label for label, _mine, _theirs in PAIRS]


def _shown(text: str) -> str:
    return _ADDRESS.sub("", text).replace("_twin.", ".")


def test_every_module_that_declares_records_is_checked_and_the_ast_is_among_them():
    assert "budgetcheck.dsl.ast" in DECLARING and "budgetcheck.rules" in DECLARING
    assert len(PAIRS) >= 27 + 11
    for _label, mine, theirs in PAIRS:  # the twins' methods are those dataclasses writes, the records' are Record's
        assert all(getattr(theirs, name) is not getattr(records.Record, name) for name in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__"))
        assert all(getattr(mine, name) is getattr(records.Record, name) for name in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__"))


def _values(cls: type, salt: str) -> dict[str, object]:
    """A text value for every field: every field then compares, hashes and shows alike in both classes."""
    return {field.name: f"{field.name}-{salt}" for field in dataclasses.fields(cls)}


@pytest.mark.parametrize(("label", "mine", "theirs"), PAIRS, ids=IDS)
def test_fields_and_match_args_are_those_of_the_dataclass(label, mine, theirs):
    describe = lambda cls: [  # noqa: E731
        (f.name, _shown(repr(f.default)), f.default_factory is dataclasses.MISSING, f.compare, f.hash, f.repr, f.kw_only, f.init) for f in dataclasses.fields(cls)
    ]
    assert describe(mine) == describe(theirs)
    assert mine.__match_args__ == theirs.__match_args__


@pytest.mark.parametrize(("label", "mine", "theirs"), PAIRS, ids=IDS)
def test_construction_equality_hash_repr_and_replace_are_those_of_the_dataclass(label, mine, theirs):
    values = _values(mine, "a")
    positional = [field.name for field in dataclasses.fields(mine) if not field.kw_only]
    by_position = [values[name] for name in positional]
    keywords = {key: value for key, value in values.items() if key not in positional}
    a, b = mine(*by_position, **keywords), theirs(*by_position, **keywords)
    assert repr(a) == _shown(repr(b)) and hash(a) == hash(b)
    assert list(vars(a).items()) == list(vars(b).items())
    assert a == mine(**values) and b == theirs(**values) and not (a != mine(**values))
    assert a.__eq__(b) is NotImplemented and a.__eq__(object()) is NotImplemented
    for field in dataclasses.fields(mine):
        other = {**values, field.name: f"{field.name}-b"}
        assert (a == mine(**other)) == (b == theirs(**other)), field.name
        assert (hash(a) == hash(mine(**other))) == (hash(b) == hash(theirs(**other))), field.name
        assert repr(dataclasses.replace(a, **{field.name: "z"})) == _shown(repr(dataclasses.replace(b, **{field.name: "z"})))


@pytest.mark.parametrize(("label", "mine", "theirs"), PAIRS, ids=IDS)
def test_defaults_and_default_factories_are_those_of_the_dataclass(label, mine, theirs):
    required = {field.name: f"{field.name}-a" for field in dataclasses.fields(mine) if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING}
    a, b = mine(**required), theirs(**required)
    assert _shown(repr(a)) == _shown(repr(b))
    for field in dataclasses.fields(mine):
        if field.default_factory is not dataclasses.MISSING:
            assert getattr(a, field.name) is not getattr(mine(**required), field.name)  # a new one for each instance


@pytest.mark.parametrize(("label", "mine", "theirs"), PAIRS, ids=IDS)
def test_instances_are_frozen_like_the_dataclass(label, mine, theirs):
    for cls in (mine, theirs):
        made = cls(**_values(cls, "a"))
        for name in [field.name for field in dataclasses.fields(cls)] + ["other"]:
            with pytest.raises(dataclasses.FrozenInstanceError, match=name):
                setattr(made, name, 1)
            with pytest.raises(dataclasses.FrozenInstanceError, match=name):
                delattr(made, name)


@pytest.mark.parametrize(("label", "mine", "theirs"), PAIRS, ids=IDS)
def test_wrong_arguments_are_refused_like_the_dataclass(label, mine, theirs):
    values = _values(mine, "a")
    positional = [field.name for field in dataclasses.fields(mine) if not field.kw_only]
    required = [field.name for field in dataclasses.fields(mine) if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING]
    calls = [((), {"nonsense": 1, **values}), ((*(values[name] for name in positional), 1), {})]
    if required:
        calls.append(((), {key: value for key, value in values.items() if key != required[0]}))  # one missing
    if positional:
        calls.append(((values[positional[0]],), values))  # given twice
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


@pytest.mark.parametrize(
    "body",
    [
        "items: list = dataclasses.field(default_factory=list)\n    def __eq__(self, other): return True",
        "value: int\n    def __post_init__(self): pass",
        "value: int = dataclasses.field(default=0, hash=False)",
        "value: int = dataclasses.field(default=0, init=False)",
        "value: dataclasses.InitVar[int] = 0",
    ],
)
def test_a_class_the_decorator_cannot_stand_for_is_refused(body):
    namespace = {"dataclasses": dataclasses, "records": records}
    with pytest.raises(TypeError):
        exec(compile(f"@records.record\nclass Refused(records.Record):\n    {body}\n", "refused", "exec", dont_inherit=True), namespace)  # noqa: S102
    with pytest.raises(TypeError):
        exec("@records.record\nclass NotARecord:\n    value: int = 0\n", namespace)  # noqa: S102
