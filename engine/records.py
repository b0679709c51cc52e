"""Base: frozen records, declared with `@record` instead of `@dataclass(frozen=True)`, for the many small classes a
cold start creates but few of which a document makes instances of.

`dataclasses` compiles each method it writes for a class with its own `exec`: six for a frozen class (__init__,
__repr__, __eq__, __hash__, __setattr__, __delattr__), about half a millisecond per class, and some eighty classes
are created before a check starts. `record` makes the class a dataclass (its fields, `dataclasses.fields`,
`replace`, `asdict`, `__match_args__` are dataclasses' own) without any of those methods, and `Record`, the class
it derives from, holds them once, each reading the class's fields from tables `record` sets:

- __init__ takes the fields by position (those not keyword-only, in order) and by keyword, fills in defaults and
  default factories, and refuses a field too many, unknown, given twice or missing (TypeError);
- equality holds between instances of the same class whose compared fields are equal; the hash is that of the
  tuple of those fields (what `@dataclass(frozen=True)` compares and hashes); repr shows the repr fields;
- assigning or deleting any attribute raises FrozenInstanceError.

An instance is made a little slower (about 2 µs against 1 µs): classes a document makes many instances of keep
`@dataclass`. A class `record` cannot stand for (its own __init__, __eq__, __hash__, __repr__, __setattr__ or
__delattr__, a __post_init__, InitVar fields, a field hashed other than compared) is refused when it is declared.
tests/package/test_records.py holds every record class of the engine to its `@dataclass(frozen=True)` twin, built
from the same module source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T")
_OWN = ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__", "__delattr__", "__post_init__")


class Record:
    """The methods `@dataclass(frozen=True)` would write for each record class, written once (see the module)."""

    __slots__ = ()
    _compared: Callable[[object], tuple] = staticmethod(lambda _record: ())
    _shown: tuple[str, ...] = ()
    _positional: tuple[str, ...] = ()  # the fields __init__ takes by position, in order
    _fields: tuple[str, ...] = ()  # every field, in order
    _defaults: dict[str, object] = {}  # noqa: RUF012 - per class, set by `record`
    _factories: dict[str, Callable[[], object]] = {}  # noqa: RUF012 - per class, set by `record`

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
        own = self.__dict__
        for name in cls._fields:
            if name in values:
                own[name] = values[name]
            elif name in cls._defaults:
                own[name] = cls._defaults[name]
            elif name in cls._factories:
                own[name] = cls._factories[name]()
            else:
                missing = [field for field in cls._fields if field not in values and field not in cls._defaults and field not in cls._factories]
                raise TypeError(f"{cls.__qualname__}.__init__() missing {len(missing)} required argument(s): {', '.join(map(repr, missing))}")

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
        return lambda record: (one(record),)
    return lambda _record: ()


def record(cls: type[T]) -> type[T]:
    """`@dataclass(frozen=True)` for a subclass of Record, with Record's methods (see the module)."""
    if not issubclass(cls, Record) or any(name in cls.__dict__ for name in _OWN):
        raise TypeError(f"{cls.__name__}: a record derives from Record and writes none of {', '.join(_OWN)}")
    made = dataclass(init=False, eq=False, repr=False)(cls)
    found = fields(made)
    compared = tuple(item.name for item in found if item.compare)
    hashed = tuple(item.name for item in found if (item.compare if item.hash is None else item.hash))
    if hashed != compared or len(found) != len(made.__dataclass_fields__):  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: a field hashed but not compared (or the reverse), or an InitVar or ClassVar field")
    if any(not item.init for item in found):
        raise TypeError(f"{cls.__name__}: a field left out of __init__")
    made._compared = _tuple_of(compared)  # type: ignore[attr-defined]
    made._shown = tuple(item.name for item in found if item.repr)  # type: ignore[attr-defined]
    made._positional = tuple(item.name for item in found if not item.kw_only)  # type: ignore[attr-defined]
    made._fields = tuple(item.name for item in found)  # type: ignore[attr-defined]
    made._defaults = {item.name: item.default for item in found if item.default is not MISSING}  # type: ignore[attr-defined]
    made._factories = {item.name: item.default_factory for item in found if item.default_factory is not MISSING}  # type: ignore[attr-defined]
    return made
