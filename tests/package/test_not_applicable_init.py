"""NotApplicable writes its own __init__ (one dict update, for speed): it builds what the __init__ dataclasses would
write builds, from the same arguments, and refuses what that one refuses."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from budgetcheck.findings import NotApplicable


@dataclasses.dataclass(frozen=True)
class Twin:
    rule: str
    reason_zh: str
    reason_en: str
    paths: tuple[str, ...] = ()
    unread: bool = False


CALLS = [
    (("R-1", "缺少数据：/a", "missing input: /a"), {}),
    (("R-1", "z", "e", ("/a", "/b")), {}),
    (("R-1", "z", "e", ("/a",), True), {}),
    (("R-1", "z", "e"), {"unread": True}),
    ((), {"rule": "R-2", "reason_zh": "z", "reason_en": "e", "paths": ("/x",), "unread": False}),
]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_same_as_the_dataclass_init(args: tuple, kwargs: dict) -> None:
    outcome, twin = NotApplicable(*args, **kwargs), Twin(*args, **kwargs)
    assert vars(outcome) == vars(twin)
    assert list(vars(outcome)) == [field.name for field in dataclasses.fields(NotApplicable)]
    assert repr(outcome) == repr(twin).replace("Twin", "NotApplicable", 1)
    assert outcome == NotApplicable(*args, **kwargs) and hash(outcome) == hash(NotApplicable(*args, **kwargs))
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert dataclasses.replace(outcome, unread=not outcome.unread).unread is not outcome.unread
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.rule = "other"  # type: ignore[misc]


@pytest.mark.parametrize(("args", "kwargs"), [(("R",), {}), (("R", "z", "e"), {"other": 1}), (("R", "z", "e", (), False, 1), {}), (("R", "z"), {"rule": "R"})])
def test_refuses_what_the_dataclass_refuses(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        Twin(*args, **kwargs)
    with pytest.raises(TypeError):
        NotApplicable(*args, **kwargs)
