"""Ingest: YAML and JSON become data with a line and column for every value, or one located IngestError."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.ingest import IngestError, Limits, load_document, load_text
from budgetcheck.ingest.json_source import _deeper_than
from tests.conftest import INVALID, MINIMAL

YAML_TEXT = """\
# a comment line
metadata:
  title: 示例
  unit: 万元
overview:
  income: {total: 50.30, other: 0}
  rows:
    - 一
    - {name: 办公费, amount: 0.60}
"""

JSON_TEXT = """\
{
  "metadata": {"title": "示例", "unit": "万元"},
  "overview": {
    "income": {"total": 50.30, "other": 0},
    "rows": ["一", {"name": "办公费", "amount": 0.60}]
  }
}
"""


def load(text: str, kind: str = "yaml", limits: Limits = Limits()):
    return load_text(text, "test." + kind, kind, limits)


def fails(text: str, kind: str = "yaml", limits: Limits = Limits()) -> IngestError:
    with pytest.raises(IngestError) as caught:
        load(text, kind, limits)
    return caught.value


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# -- positions ---------------------------------------------------------------


def test_yaml_values_keep_their_line_and_column_under_their_json_pointer():
    document = load(YAML_TEXT)
    assert document.kind == "yaml"
    assert document.positions[""] == (2, 1)
    assert document.positions["/metadata/title"] == (3, 10)
    assert document.positions["/overview/income/total"] == (6, 19)
    assert document.positions["/overview/income/other"] == (6, 33)
    assert document.positions["/overview/rows/0"] == (8, 7)
    assert document.positions["/overview/rows/1/amount"] == (9, 27)


def test_yaml_keys_keep_their_own_position_apart_from_their_value():
    document = load(YAML_TEXT)
    assert document.key_positions["/metadata/unit"] == (4, 3)
    assert document.key_positions["/overview/income/total"] == (6, 12)
    assert document.location("/overview/income/total", key=True) == (6, 12)
    assert document.location("/overview/income/total") == (6, 19)


def test_columns_count_characters_not_utf8_bytes_after_chinese_text():
    # "办公费" is 9 bytes in UTF-8 but 3 characters: counted in bytes the columns would be 6 larger.
    assert load(YAML_TEXT).positions["/overview/rows/1/amount"] == (9, 27)
    assert load(JSON_TEXT, "json").positions["/overview/rows/1/amount"] == (5, 45)


def test_json_values_and_keys_keep_their_line_and_column():
    document = load(JSON_TEXT, "json")
    assert document.kind == "json"
    assert document.positions[""] == (1, 1)
    assert document.positions["/metadata/title"] == (2, 25)
    assert document.positions["/overview/income/total"] == (4, 25)
    assert document.positions["/overview/rows/0"] == (5, 14)
    assert document.key_positions["/overview/income/total"] == (4, 16)
    assert document.key_positions["/metadata"] == (2, 3)


def test_a_pointer_with_no_recorded_position_is_located_at_its_nearest_ancestor():
    document = load(YAML_TEXT)
    assert document.location("/overview/income/missing") == (6, 11)
    assert document.location("/nowhere") == (2, 1)


def test_keys_with_a_slash_or_tilde_are_escaped_in_pointers():
    document = load('"a/b": {"c~d": 1}\n')
    assert document.data == {"a/b": {"c~d": 1}}
    assert document.positions["/a~1b/c~0d"] == (1, 16)


# -- numbers and scalars -------------------------------------------------------


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_fractions_load_as_decimal_keeping_the_printed_digits(kind):
    data = load(YAML_TEXT if kind == "yaml" else JSON_TEXT, kind).data
    total = data["overview"]["income"]["total"]
    assert type(total) is Decimal and str(total) == "50.30" and total == Decimal("50.30")
    amount = data["overview"]["rows"][1]["amount"]
    assert type(amount) is Decimal and str(amount) == "0.60"


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_whole_numbers_stay_int(kind):
    data = load(YAML_TEXT if kind == "yaml" else JSON_TEXT, kind).data
    other = data["overview"]["income"]["other"]
    assert type(other) is int and other == 0


def test_no_float_ever_reaches_the_data():
    data = load("a: 0.1\nb: 1e3\nc: -2.5\n").data
    assert data == {"a": Decimal("0.1"), "b": Decimal("1E+3"), "c": Decimal("-2.5")}
    assert all(type(value) is Decimal for value in data.values())
    assert load('{"a": 0.1, "b": 1e3}', "json").data == {"a": Decimal("0.1"), "b": Decimal("1E+3")}


def test_a_quoted_number_stays_a_string():
    assert load('a: "50.30"\n').data == {"a": "50.30"}


def test_yaml_follows_the_1_2_core_schema_for_booleans_null_and_dates():
    data = load("a: yes\nb: no\nc: on\nd: off\ne: true\nf: False\ng: ~\nh: null\ni: 2019-01-31\nj: 2019-01-31 10:00:00\n").data
    assert data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": True,
        "f": False,
        "g": None,
        "h": None,
        "i": "2019-01-31",
        "j": "2019-01-31 10:00:00",
    }


def test_yaml_infinity_and_nan_are_not_numbers():
    assert load("a: .inf\nb: .nan\n").data == {"a": ".inf", "b": ".nan"}


# -- structural errors ---------------------------------------------------------


def test_a_duplicate_yaml_key_is_an_error_at_the_second_key():
    error = fails("metadata:\n  unit: 万元\n  unit: 元\n")
    assert error.code.id == "INPUT-DUPLICATE-KEY"
    assert (error.line, error.column) == (3, 3)
    assert error.pointer == "/metadata/unit"
    assert "unit" in error.message_en and "unit" in error.message_zh


def test_a_duplicate_json_key_is_an_error_at_the_second_key():
    error = fails('{\n  "a": 1,\n  "a": 2\n}', "json")
    assert error.code.id == "INPUT-DUPLICATE-KEY"
    assert (error.line, error.column) == (3, 3)
    assert error.pointer == "/a"
    assert "line 3, column 3" in error.message_en


@pytest.mark.parametrize(("kind", "text"), [("yaml", ""), ("yaml", "# nothing but a comment\n"), ("json", ""), ("json", " \n\t\n")])
def test_an_empty_document_is_an_error(kind, text):
    error = fails(text, kind)
    assert error.code.id == "INPUT-EMPTY"
    assert (error.line, error.column) == (1, 1)


def test_an_empty_file_is_an_error(tmp_path):
    with pytest.raises(IngestError) as caught:
        load_document(write(tmp_path, "empty.yaml", b""))
    assert caught.value.code.id == "INPUT-EMPTY"


def test_bytes_that_are_not_utf8_are_located(tmp_path):
    path = write(tmp_path, "gbk.yaml", "a: 1\nunit: 万元\n".encode("gbk"))
    with pytest.raises(IngestError) as caught:
        load_document(path)
    error = caught.value
    assert error.code.id == "INPUT-ENCODING"
    assert (error.line, error.column) == (2, 7)
    assert "UTF-8" in error.message_zh and "line 2" in error.message_en


def test_a_utf8_byte_order_mark_is_accepted_and_does_not_shift_columns(tmp_path):
    plain = load_document(write(tmp_path, "plain.yaml", "a: 50.30\n"))
    marked = load_document(write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + b"a: 50.30\n"))
    assert marked.data == plain.data == {"a": Decimal("50.30")}
    assert marked.positions == plain.positions
    assert marked.key_positions["/a"] == (1, 1)
    json_marked = load_document(write(tmp_path, "bom.json", b'\xef\xbb\xbf{"a": 1}'))
    assert json_marked.data == {"a": 1} and json_marked.positions["/a"] == (1, 7)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{\n  "a": 1,\n}', 3, 1, "expected a key in double quotes"),
        ('{"a": [1, 2,]}', 1, 13, "expected a value"),
        ('{"a": NaN}', 1, 7, "expected a value, found 'N'"),
        ('{"a": Infinity}', 1, 7, "expected a value, found 'I'"),
        ('{"a": 1}\n{"b": 2}', 2, 1, "extra content after the document"),
        ('{"a": 01}', 1, 8, "expected ',' or '}'"),
        ("{'a': 1}", 1, 2, "expected a key in double quotes"),
        ('{"a": 1', 1, 8, "expected ',' or '}'"),
        ('{"a": "x\ty"}', 1, 9, "invalid string: Invalid control character"),
    ],
)
def test_json_syntax_errors_give_line_and_column(text, line, column, words):
    error = fails(text, "json")
    assert error.code.id == "INPUT-JSON-SYNTAX"
    assert (error.line, error.column) == (line, column)
    assert words in error.message_en
    assert f"line {line}, column {column}" in error.message_en
    assert f"第 {line} 行第 {column} 列" in error.message_zh


def test_the_json_syntax_error_fixture_is_located_at_the_trailing_comma():
    with pytest.raises(IngestError) as caught:
        load_document(INVALID / "syntax-error.json")
    assert caught.value.code.id == "INPUT-JSON-SYNTAX"
    assert (caught.value.line, caught.value.column) == (5, 3)


def test_the_yaml_syntax_error_fixture_is_located_at_the_unclosed_mapping():
    with pytest.raises(IngestError) as caught:
        load_document(INVALID / "syntax-error.yaml")
    error = caught.value
    assert error.code.id == "INPUT-YAML-SYNTAX"
    assert (error.line, error.column) == (25, 14)
    assert "line 25, column 14" in error.message_en


# -- limits --------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "text"), [("yaml", "a: {b: {c: {d: 1}}}\n"), ("json", '{"a": {"b": {"c": {"d": 1}}}}')])
def test_nesting_deeper_than_the_limit_stops_with_the_place(kind, text):
    assert load(text, kind, Limits(max_depth=4)).data == {"a": {"b": {"c": {"d": 1}}}}
    error = fails(text, kind, Limits(max_depth=3))
    assert error.code.id == "INPUT-TOO-DEEP"
    assert error.line == 1 and error.column is not None
    assert "3" in error.message_en


@pytest.mark.parametrize(("kind", "text"), [("yaml", "a: " + "[" * 20000 + "]" * 20000), ("json", '{"a": ' + "[" * 20000 + "]" * 20000 + "}")])
def test_absurdly_deep_nesting_is_an_ingest_error_not_a_crash(kind, text):
    error = fails(text, kind)
    assert error.code.id == "INPUT-TOO-DEEP"
    assert error.line == 1


@pytest.mark.parametrize(("kind", "text"), [("yaml", "a: [1, 2, 3]\n"), ("json", '{"a": [1, 2, 3]}')])
def test_more_values_than_the_node_limit_stop_reading(kind, text):
    assert load(text, kind, Limits(max_nodes=5)).data == {"a": [1, 2, 3]}
    error = fails(text, kind, Limits(max_nodes=4))
    assert error.code.id == "INPUT-TOO-LARGE"
    assert "4" in error.message_en


def test_an_alias_bomb_stops_at_the_node_limit_quickly():
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        load_document(INVALID / "alias-bomb.yaml")
    assert time.monotonic() - started < 10
    error = caught.value
    assert error.code.id == "INPUT-TOO-LARGE"
    assert error.line == 2
    assert "alias" in error.message_en and "500000" in error.message_en


def test_an_alias_bomb_under_a_small_limit_stops_at_once():
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        load_document(INVALID / "alias-bomb.yaml", Limits(max_nodes=1000))
    assert caught.value.code.id == "INPUT-TOO-LARGE"
    assert time.monotonic() - started < 1


def test_plain_aliases_expand_to_copies_of_their_anchor():
    assert load("a: &x {u: 1}\nb: *x\n").data == {"a": {"u": 1}, "b": {"u": 1}}


def test_a_recursive_alias_is_an_error_naming_the_alias_and_locating_its_anchor():
    error = fails("a: &x\n  - 1\n  - *x\n")
    assert error.code.id == "INPUT-YAML-RECURSIVE"
    assert error.pointer == "/a/1"
    assert (error.line, error.column) == (1, 4)


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object:os.system {}\n", "python/object:os.system"),
        ('a: !!python/object/apply:os.system ["echo hi"]\n', "python/object/apply:os.system"),
        ("a: !!binary aGVsbG8=\n", "binary"),
        ("a: !custom x\n", "!custom"),
    ],
)
def test_an_unsupported_yaml_tag_is_refused_at_its_place(text, tag):
    error = fails(text)
    assert error.code.id == "INPUT-YAML-TAG"
    assert (error.line, error.column) == (1, 4)
    assert error.pointer == "/a"
    assert tag in error.message_en


def test_a_mapping_used_as_a_key_is_refused():
    error = fails("? [a, b]\n: 1\n")
    assert error.code.id == "INPUT-YAML-KEY"
    assert error.line == 1


def test_a_yaml_file_with_two_documents_is_refused_at_the_second():
    error = fails("a: 1\n---\nb: 2\n")
    assert error.code.id == "INPUT-YAML-MULTIDOC"
    assert error.line == 2
    assert "one disclosure per file" in error.message_en


def test_a_single_document_with_a_start_marker_is_fine():
    assert load("---\na: 1\n").data == {"a": 1}


@pytest.mark.parametrize(("name", "shape"), [("list-document.yaml", "a list"), ("scalar-document.yaml", "a single string")])
def test_a_top_level_list_or_scalar_is_not_a_document(name, shape):
    with pytest.raises(IngestError) as caught:
        load_document(INVALID / name)
    error = caught.value
    assert error.code.id == "INPUT-NOT-MAPPING"
    assert shape in error.message_en
    # line 1 is a comment; the value starts on line 2
    assert (error.line, error.column) == (2, 1)


@pytest.mark.parametrize(("text", "shape"), [("[1, 2]", "a list"), ('"x"', "a single string"), ("42", "a single value")])
def test_a_top_level_json_list_or_scalar_is_not_a_document(text, shape):
    error = fails(text, "json")
    assert error.code.id == "INPUT-NOT-MAPPING"
    assert shape in error.message_en


# -- files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.md", "noextension"])
def test_an_unsupported_file_type_is_refused_by_name(tmp_path, name):
    with pytest.raises(IngestError) as caught:
        load_document(write(tmp_path, name, "a: 1\n"))
    assert caught.value.code.id == "INPUT-UNSUPPORTED"
    assert ".yaml" in caught.value.message_en


def test_a_workbook_alone_is_refused_as_unpaired(tmp_path):
    with pytest.raises(IngestError) as caught:
        load_document(write(tmp_path, "table.xlsx", "a: 1\n"))
    assert caught.value.code.id == "INPUT-UNPAIRED"
    assert "narrative" in caught.value.message_en


@pytest.mark.parametrize("name", ["doc.yml", "doc.YAML", "doc.Json"])
def test_suffixes_are_matched_without_regard_to_case(tmp_path, name):
    assert load_document(write(tmp_path, name, '{"a": 1}')).data == {"a": 1}


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    size = MINIMAL.stat().st_size
    assert load_document(MINIMAL, Limits(max_bytes=size)).data["metadata"]["fiscal_year"] == 2019
    with pytest.raises(IngestError) as caught:
        load_document(MINIMAL, Limits(max_bytes=size - 1))
    assert caught.value.code.id == "INPUT-TOO-LARGE"
    assert str(size) in caught.value.message_en and str(size - 1) in caught.value.message_en


@pytest.mark.parametrize("piece", [1, 7, 4096])
def test_a_file_read_in_short_pieces_is_read_whole(monkeypatch, piece):
    """os.read may give fewer bytes than asked before the end of a file: the reader asks again, as a buffered read does."""
    from budgetcheck.ingest import files

    real = os.read
    monkeypatch.setattr(files.os, "read", lambda descriptor, size: real(descriptor, min(size, piece)))
    raw = files.read_checked(MINIMAL, Limits())
    assert raw == MINIMAL.read_bytes()
    with pytest.raises(IngestError) as caught:
        files.read_checked(MINIMAL, Limits(max_bytes=MINIMAL.stat().st_size - 1))
    assert caught.value.code.id == "INPUT-TOO-LARGE"


def test_a_file_that_grows_while_it_is_read_is_read_to_its_end_or_refused(monkeypatch, tmp_path):
    from budgetcheck.ingest import files

    path = tmp_path / "growing.yaml"
    path.write_bytes(b"a: 1\n")
    real = files.os.fstat

    def stale(descriptor):  # the size taken before the file grew
        found = real(descriptor)
        with open(path, "ab") as out:
            out.write(b"b: 2\n")
        return found

    monkeypatch.setattr(files.os, "fstat", stale)
    assert files.read_checked(path, Limits()) == b"a: 1\nb: 2\n"
    path.write_bytes(b"a: 1\n")
    with pytest.raises(IngestError) as caught:
        files.read_checked(path, Limits(max_bytes=8))
    assert caught.value.code.id == "INPUT-TOO-LARGE"


def test_a_missing_file_and_a_directory_are_ingest_errors(tmp_path):
    with pytest.raises(IngestError) as caught:
        load_document(tmp_path / "nope.yaml")
    assert caught.value.code.id == "INPUT-NOT-FOUND"
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(IngestError) as caught:
        load_document(folder)
    assert caught.value.code.id == "INPUT-IS-DIRECTORY"


def test_the_minimal_fixture_loads_with_its_source_and_positions():
    document = load_document(MINIMAL)
    assert document.source == str(MINIMAL)
    assert document.data["metadata"]["schema_version"] == "2016"
    assert document.data["overview"]["income"]["total"] == Decimal("10.00")
    line = MINIMAL.read_text(encoding="utf-8").splitlines().index("overview:") + 2
    assert document.positions["/overview/income"][0] == line


def _deeper_than_by_recursion(value: object, limit: int) -> bool:
    """The definition json_source._deeper_than walks with a stack: some value more than `limit` levels below the root."""
    if limit < 0:
        return True
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return False
    return any(isinstance(item, (dict, list)) and _deeper_than_by_recursion(item, limit - 1) for item in value) or (limit == 0 and bool(value))


_NESTED = st.recursive(st.one_of(st.none(), st.integers(), st.text(max_size=2)), lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=2), inner, max_size=3)), max_leaves=30)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(_NESTED, st.integers(min_value=-1, max_value=6))
def test_the_depth_check_agrees_with_its_recursive_definition(value, limit):
    assert _deeper_than(value, limit) == _deeper_than_by_recursion(value, limit)
