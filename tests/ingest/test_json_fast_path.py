"""JSON read by json.loads with positions worked out later gives what the strict reader gives, errors included."""

from __future__ import annotations

import sys

import pytest

from budgetcheck.ingest import IngestError, Limits
from budgetcheck.ingest.json_source import _read_strictly, load_json
from budgetcheck.ingest.limits import DEFAULT_LIMITS
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate

AWKWARD = [
    '{"a~/b": [1, -2.5e3, "x\\"y,:]}", {"k\\u00e9" :null, "": true}], "e": {}, "f": [], "g": [[],[{}]],\n "h":"\\\\"}',
    ' [ 1 ,2 ]\n',
    '"just a string"',
    "0",
    '{"a":{"b":{"c":[{"d":"}"}]}}}',
    '{\r\n\t"0" : [true, false, null, {"1": 2E-2}]\r\n}',
    '{"年度": "２０１９", "金额": 329.370, "big": 123456789012345678901234567890}',
]


def _same(text: str) -> None:
    fast = load_json(text, "x.json")
    strict = _read_strictly(text, "x.json", DEFAULT_LIMITS)
    assert fast.data == strict.data
    assert [type(value) for value in _leaves(fast.data)] == [type(value) for value in _leaves(strict.data)]
    assert dict(fast.positions.items()) == strict.positions
    assert dict(fast.key_positions.items()) == strict.key_positions


def _leaves(value: object) -> list:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_json_gets_the_same_data_and_positions_as_the_strict_reader(text):
    _same(text)


def test_generated_disclosures_get_the_same_data_and_positions_as_the_strict_reader(tmp_path):
    batch = generate.generate(6, tmp_path, seed=13, error_share=0.5)
    for path in batch.paths:
        _same(path.read_text(encoding="utf-8"))


def test_a_value_or_else_its_nearest_ancestor_is_located():
    document = load_json('{\n  "overview": {"income": {"total": 329.37}}\n}', "x.json")
    assert document.location("/overview/income/total") == (2, 36)
    assert document.location("/overview/income/missing") == (2, 26)
    assert document.key_positions["/overview"] == (2, 3)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"a": 1, "a": 2}', "INPUT-DUPLICATE-KEY"),
        ('{"a": NaN}', "INPUT-JSON-SYNTAX"),
        ('{"a": [1, 2,]}', "INPUT-JSON-SYNTAX"),
        ("[" * 70 + "]" * 70, "INPUT-TOO-DEEP"),
    ],
)
def test_what_json_loads_accepts_or_refuses_loosely_gets_the_strict_readers_located_error(text, code):
    with pytest.raises(IngestError) as caught:
        load_json(text, "x.json")
    assert caught.value.code.id == code
    assert caught.value.line == 1


def test_the_node_limit_holds_on_the_fast_path():
    with pytest.raises(IngestError) as caught:
        load_json("[" + ", ".join(["1"] * 50) + "]", "x.json", Limits(max_nodes=40))
    assert caught.value.code.id == "INPUT-TOO-LARGE"


def test_the_depth_limit_is_exact_on_the_fast_path():
    at_limit = "[" * 64 + "1" + "]" * 64
    assert load_json(at_limit, "x.json").data is not None
    with pytest.raises(IngestError) as caught:
        load_json("[" * 65 + "1" + "]" * 65, "x.json")
    assert caught.value.code.id == "INPUT-TOO-DEEP"
