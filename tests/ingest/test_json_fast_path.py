"""JSON read by json.loads with positions worked out later gives what the strict reader gives, errors included."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.ingest import IngestError, Limits
from budgetcheck.ingest import bounds
from budgetcheck.ingest import json_source, json_survey
from budgetcheck.ingest.json_source import _Located, _offsets, _read_strictly, _survey, load_json
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


@pytest.mark.parametrize(
    "text",
    [
        '{"a": "x:y", "a": 1}',  # a colon inside a string: the count of colons says nothing
        '{"a": "\\":", "a": 1}',  # a key's end written inside a string
        '{"a" : 1, "b": {"c"\n:2, "c" :3}}',  # whitespace before the colons
        '{"a": "b:c", "d": {"e": 1, "e": "f"}}',
        '[{"k": 1}, {"k": 2, "k": 3}]',
    ],
)
def test_a_repeated_key_is_refused_whatever_the_text_holds_besides(text):
    with pytest.raises(IngestError) as caught:
        load_json(text, "x.json")
    assert caught.value.code.id == "INPUT-DUPLICATE-KEY"


_KEYS = st.sampled_from(["a", "b", "a:", '"', "c\\"])
_SPACE = st.sampled_from(["", " ", "\n", "\t "])


@st.composite
def _written_mappings(draw, depth=2):
    """JSON text of a mapping, its keys drawn from few (so they repeat), colons in keys and values, whitespace around
    the colons; and whether some mapping repeats a key."""
    pairs = draw(st.lists(st.tuples(_KEYS, st.one_of(st.sampled_from(['":"', '"x:"', "1", "[]"]), st.none())), max_size=4))
    repeated = len({key for key, _ in pairs}) != len(pairs)
    parts = []
    for key, value in pairs:
        if value is None:
            value, inner = draw(_written_mappings(depth - 1)) if depth else ("{}", False)
            repeated = repeated or inner
        parts.append(f"{json.dumps(key)}{draw(_SPACE)}:{draw(_SPACE)}{value}")
    return "{" + ", ".join(parts) + "}", repeated


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_written_mappings())
def test_a_key_is_refused_as_repeated_exactly_when_a_mapping_repeats_it(written):
    text, repeated = written
    try:
        document = load_json(text, "x.json")
    except IngestError as error:
        assert repeated and error.code.id == "INPUT-DUPLICATE-KEY"
        return
    assert not repeated
    assert document.data == json.loads(text)


_NESTED = st.recursive(
    st.one_of(st.none(), st.integers(min_value=-(10**25), max_value=10**25), st.decimals(allow_nan=False, allow_infinity=False), st.text(max_size=2)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=2), inner, max_size=3)),
    max_leaves=30,
)


def _keys(value: object) -> int:
    if isinstance(value, dict):
        return len(value) + sum(_keys(item) for item in value.values())
    return sum(_keys(item) for item in value) if isinstance(value, list) else 0


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_NESTED, st.integers(min_value=0, max_value=6))
def test_the_one_walk_counts_the_keys_and_judges_the_bounds_as_the_bounds_walk_does(value, limit):
    deeper, keys, within = _survey(value, 64, limit)
    assert not deeper
    assert keys == _keys(value)
    assert within == bounds._within(value, Limits(max_items=limit))


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_NESTED, st.integers(min_value=-1, max_value=5), st.integers(min_value=0, max_value=4))
def test_the_walk_of_the_containers_by_their_referents_finds_what_the_plain_walk_finds(value, depth, limit):
    assert json_survey._REFERENTS_ARE_MEMBERS  # CPython: the survey of decoded data takes each level's members at once
    by_referents = _survey(value, depth, limit, numbers=False)
    json_survey._REFERENTS_ARE_MEMBERS = False
    try:
        assert by_referents == _survey(value, depth, limit, numbers=False)
    finally:
        json_survey._REFERENTS_ARE_MEMBERS = True


_NUMBER_TEXT = st.builds(
    lambda sign, whole, fraction, exponent: sign + whole + (f".{fraction}" if fraction else "") + exponent,
    st.sampled_from(["", "-"]),
    st.one_of(st.just("0"), st.from_regex(r"[1-9][0-9]{0,24}", fullmatch=True)),
    st.one_of(st.just(""), st.from_regex(r"[0-9]{1,25}", fullmatch=True)),
    st.one_of(st.just(""), st.from_regex(r"[eE][-+]?[0-9]{1,3}", fullmatch=True)),
)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(_NUMBER_TEXT, min_size=1, max_size=4))
def test_the_numbers_judged_as_they_are_read_are_judged_as_the_bounds_walk_judges_them(numbers):
    text = "[" + ", ".join(numbers) + "]"
    document = load_json(text, "x.json")
    assert (document.bounded == DEFAULT_LIMITS) == bounds._within(json.loads(text, parse_float=Decimal), DEFAULT_LIMITS)
    assert document.data == json.loads(text, parse_float=Decimal)


def test_a_document_the_reader_found_within_bounds_is_not_walked_again(monkeypatch):
    document = load_json('{"a": [1, 2.5], "b": {"c": "d"}}', "x.json")
    assert document.bounded == DEFAULT_LIMITS
    monkeypatch.setattr(bounds, "_within", lambda data, limits: pytest.fail("walked again"))
    assert bounds.bound(document, DEFAULT_LIMITS) == []
    monkeypatch.undo()
    out = load_json('{"a": [1, 1e999999999]}', "x.json")
    assert out.bounded is None
    assert [finding.paths for finding in bounds.bound(out, DEFAULT_LIMITS)] == [("/a/1",)]


@pytest.mark.parametrize("text", AWKWARD)
def test_a_position_asked_for_is_the_one_the_whole_table_holds_and_no_other(text):
    located = _Located(text)
    values, keys = _offsets(text)
    for pointer in values:
        assert located.find(pointer, 0) == values[pointer]
        assert located.find(pointer, 1) == keys.get(pointer)
    absent = ["/a~1b/01", "/a~1b/-", "/a~1b/+1", "/a~1b/2", "/a~1b/1/k", "/e/0", "/g/1/0/x", "/nowhere", "a", "/h/0", "/0/x"]
    for pointer in [*absent, 5, None]:
        if pointer not in values:
            assert located.find(pointer, 0) is None
            assert located.find(pointer, 1) is None


def test_locating_a_finding_reads_only_the_containers_on_its_way(monkeypatch):
    text = '{"a": {"b": [1, {"c": 2}]},\n "d": {"e": 3}}'
    document = load_json(text, "x.json")
    strict = _read_strictly(text, "x.json", DEFAULT_LIMITS)
    monkeypatch.setattr(json_source, "_offsets", lambda text: pytest.fail("the whole table was made"))
    assert document.location("/a/b/1/c") == strict.location("/a/b/1/c") == (1, 23)
    assert document.location("/a/b/5") == strict.location("/a/b/5") == (1, 13)
    assert document.location("/d/e", key=True) == strict.location("/d/e", key=True) == (2, 8)
    assert "/a/b/0" in document.positions and "/a/b/0" not in document.key_positions


def _whole_decimals(value: object) -> list[Decimal]:
    return [leaf for leaf in _leaves(value) if leaf.__class__ is Decimal and leaf == leaf.to_integral_value()]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(st.lists(_NUMBER_TEXT, min_size=1, max_size=4))
def test_a_document_is_said_to_hold_no_whole_decimal_only_when_it_holds_none(numbers):
    text = "[" + ", ".join(numbers) + "]"
    document = load_json(text, "x.json")
    data = json.loads(text, parse_float=Decimal)
    if document.fractional:
        assert not _whole_decimals(data)
    if not any(mark in text for mark in "eE") and document.bounded is not None:  # plain notation: judged exactly
        assert document.fractional == (not _whole_decimals(data))


@pytest.mark.parametrize(
    ("text", "fractional"),
    [('{"a": 2019.5, "b": 1.50, "c": 7}', True), ('{"a": 2019.0}', False), ('{"a": -0.00}', False), ('{"a": 1.5e1}', False), ('{"a": 1.05}', True)],
)
def test_the_reader_tells_whether_a_decimal_it_read_may_be_whole(text, fractional):
    assert load_json(text, "x.json").fractional is fractional


def test_a_document_read_strictly_or_from_yaml_is_not_known_to_hold_no_whole_decimal():
    assert _read_strictly('{"a": 1.5}', "x.json", DEFAULT_LIMITS).fractional is False
    from budgetcheck.ingest import load_text

    assert load_text("a: 1.5\n", "x.yaml", "yaml").fractional is False


def test_a_decoder_used_again_judges_each_text_afresh():
    texts = ['{"a": 1.0}', "[1e999999999]", '{"a": [1.0, ', '{"a": 1.5}', '{"a": NaN}', '{"a": 2.50}', '{"a": 1, "a": 2}', '{"a": 3}']
    seen = []
    for text in texts:
        try:
            document = load_json(text, "x.json")
        except IngestError as error:
            seen.append(error.code.id)
        else:
            seen.append((document.bounded is not None, document.fractional))
    assert json_source._IDLE  # kept for the next text
    assert seen == [(True, False), (False, False), "INPUT-JSON-SYNTAX", (True, True), "INPUT-JSON-SYNTAX", (True, True), "INPUT-DUPLICATE-KEY", (True, True)]
