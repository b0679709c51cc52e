"""Fuzzing documents: mutated YAML and JSON text, values of another type at random pointers, extreme numbers.

Whatever the document, checking it gives a result (an invalid row with a located reason, or findings), never a
traceback and never INTERNAL-ERROR, within its time."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import budgetcheck
from budgetcheck import pointer as jp
from budgetcheck.ingest import IngestError, SourceDocument, load_document, load_text
from budgetcheck.ingest.limits import Limits
from budgetcheck.pipeline import check_loaded
from tests.conftest import MINIMAL, SAMPLE
from tests.fuzz.fuzzing import budget, no_fault, timed

REGISTRY = budgetcheck.load_registry()
PACK = budgetcheck.load_pack(REGISTRY)
LIMITS = Limits(timeout=10)
DATA = load_document(SAMPLE).data
YAML = SAMPLE.read_text(encoding="utf-8")
MINIMAL_YAML = MINIMAL.read_text(encoding="utf-8")
JSON = json.dumps(DATA, ensure_ascii=False, indent=1, default=str)


def _pointers(value: object, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, jp.join(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, f"{pointer}/{index}")
    return found


POINTERS = _pointers(DATA)
EXTREME = [
    Decimal("1e999999999"), Decimal("1E-999999999"), Decimal("-0"), Decimal("0E-30"), -(10**25), Decimal(123456789012345678901234567890),
    "1" + "0" * 5000, "-1", "1e5", "", " ", "０.５", "\x00", "\u202e", "𠀀" * 50, True, False, None,
]
SCALARS = st.one_of(
    st.sampled_from(EXTREME), st.builds(lambda: 10**5000), st.integers(-(10**30), 10**30), st.decimals(allow_nan=False, allow_infinity=False, places=None), st.text(max_size=30), st.booleans(), st.none()
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=10)
PIECES = ["\x01", "\x7f", "\ufeff", ": ", ":", "- ", "[", "]", "{", "}", '"', "'", "&a ", "*a", "!!python/object ", "1e999999999", "1e-999999999", "\t", "\n", "  ", "#", ",", "null", "9" * 60, "!!binary ", "%YAML 1.2\n", "---\n", "\\u0000", "\\ud800"]


def _check(document: SourceDocument) -> None:
    result = check_loaded(document, REGISTRY, PACK, LIMITS)
    no_fault(result.findings)


def _check_text(text: str, kind: str) -> None:
    try:
        document = load_text(text, f"fuzz.{kind}", kind, LIMITS)
    except IngestError as error:
        assert error.code.id.startswith("INPUT-"), error.code.id
        return
    _check(document)


@st.composite
def mutated_text(draw) -> tuple[str, str]:
    kind, text = draw(st.sampled_from([("yaml", YAML), ("yaml", MINIMAL_YAML), ("json", JSON)]))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate"]))
        if action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 60)) :]
        elif action == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=5))) + text[at:]
        elif action == "duplicate":
            end = at + draw(st.integers(1, 300))
            text = text[:end] + text[at:end] + text[end:]
        else:
            text = text[:at]
    return kind, text


@st.composite
def retyped(draw) -> dict:
    data = copy.deepcopy(DATA)
    for _ in range(draw(st.integers(1, 4))):
        pointer = draw(st.sampled_from(POINTERS))
        value = draw(VALUES)
        if not pointer:
            continue
        parent_pointer, _, token = pointer.rpartition("/")
        try:
            parent = jp.resolve(data, parent_pointer)
        except (KeyError, IndexError, TypeError, ValueError):
            continue
        if isinstance(parent, dict):
            parent[jp.unescape(token)] = value
        elif isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
            parent[int(token)] = value
    return data


@budget(400)
@given(mutated_text())
def test_mutated_yaml_and_json_give_a_result_never_a_fault(case):
    kind, text = case
    timed(lambda: _check_text(text, kind), f"a mutated {kind} document")


@budget(80)
@given(retyped())
def test_values_of_another_type_at_random_pointers_give_a_result_never_a_fault(data):
    timed(lambda: _check(SourceDocument("fuzz.yaml", data, "yaml")), "a document with values retyped")
