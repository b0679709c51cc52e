"""report/jsonindent.py writes exactly the bytes of json.dumps(value, ensure_ascii=False, indent=2)."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import Enum

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.report import jsonindent
from tests.conftest import REPO

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=40,
)


def _reference(value: object, base: str = "") -> str:
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + base)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.sampled_from(["", "  ", "    "]))
def test_the_same_bytes_as_json_dumps(value, base):
    assert jsonindent.dumps(value, base) == _reference(value, base)


class _Colour(str, Enum):
    RED = "红"


def test_values_outside_the_plain_types_are_json_dumps_own():
    for value in ({1: "a", None: [1.5]}, [float("nan"), float("inf")], {"k": _Colour.RED}, [True, 1, 1.0, "\u2028\x00\"\\"], {"嵌": {"套": []}}):
        assert jsonindent.dumps(value, "    ") == _reference(value, "    ")


def test_what_json_dumps_refuses_is_refused():
    for value in ({"k": Decimal("1.5")}, [object()]):
        try:
            _reference(value)
        except TypeError:
            pass
        else:  # pragma: no cover - the reference must refuse it for this test to mean anything
            raise AssertionError("json.dumps accepted it")
        try:
            jsonindent.dumps(value)
        except TypeError:
            continue
        raise AssertionError("jsonindent accepted what json.dumps refuses")


def test_a_real_report_document(tmp_path):
    import budgetcheck
    from budgetcheck.report.json_report import document_dict

    report = budgetcheck.check_paths([budgetcheck.SAMPLE])
    for lang in ("zh", "en"):
        value = document_dict(report.documents[0], lang)
        assert value["findings"]  # the sample has findings: the test covers them
        assert jsonindent.dumps(value, "    ") == _reference(value, "    ")


def _unshared(value: object) -> object:
    if isinstance(value, jsonindent.Shared):
        return _unshared(value.value)
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unshared(item) for item in value]
    return value


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from(["", "  ", "    "]))
def test_a_shared_value_is_written_as_its_value_wherever_it_recurs_and_at_any_depth(value, base):
    shared = jsonindent.Shared(value)
    whole = {"a": shared, "b": [shared, {"c": shared}], "d": [[shared]]}
    expected = _reference(_unshared(whole), base)
    assert jsonindent.dumps(whole, base) == expected
    assert jsonindent.dumps(whole, base) == expected  # its kept text reused
    assert jsonindent.dumps([shared, float("nan")], base) == _reference([_unshared(value), float("nan")], base)  # json.dumps's route


def test_a_report_written_with_shared_outcomes_is_the_report_written_without():
    import budgetcheck
    from budgetcheck.report.json_report import document_dict

    report = budgetcheck.check_paths([budgetcheck.SAMPLE, REPO / "fixtures" / "minimal.yaml", budgetcheck.SAMPLE])
    assert sum(len(document.not_applicable) for document in report.documents) > 10
    for lang in ("zh", "en"):
        shared: dict = {}
        for document in report.documents:
            plain = jsonindent.dumps(document_dict(document, lang), "    ")
            assert jsonindent.dumps(document_dict(document, lang, shared), "    ") == plain
            assert jsonindent.dumps(document_dict(document, lang, shared), "    ") == plain
        assert shared
    shared = {}  # one dict for both languages, the outcomes known by their id too: each language's own text
    for lang in ("zh", "en", "zh", "en"):
        for document in report.documents:
            assert jsonindent.dumps(document_dict(document, lang, shared), "    ") == jsonindent.dumps(document_dict(document, lang), "    ")
