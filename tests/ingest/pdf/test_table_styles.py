"""The style sweep: three standard tables of three shapes (the 支出预算总表, rows by code; the 三公 table, one row under
a header of merged cells; the 财政拨款收支总表, two-sided, rows by item) set in the styles real publishers use
(styles.py), read as the checker reads a PDF (load_pdf). For every style the reader gives either
exactly the source's values (the same rows, columns and unit) or leaves the table, or the cells it does not
understand, unread: never another value, a shifted column or a unit it guessed. Styles a reader can be expected to
read are read; styles whose honest outcome is not reading (no rulings, no unit, figures over the rulings) are not."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from budgetcheck.ingest.pdf.document import load_pdf
from tests.ingest.pdf.styles import SOURCES, Style, render, render_pair

READ, PARTLY, UNREAD = "read", "partly_read", "unread"

_ALL = ("expenditure_summary", "three_public", "fiscal_summary")
_ROWS = ("expenditure_summary", "fiscal_summary")  # the tables of many rows (by code; two-sided, by item)
_CODED = ("expenditure_summary",)

CASES = [
    # (style, what the reader must do, the tables it is rendered for)
    (Style("grid"), READ, _ALL),
    (Style("flat_header", header="flat"), READ, _ALL),
    (Style("wrapped_name", wrap=True), READ, _CODED),
    (Style("no_thousands", commas=False), READ, _ALL),
    (Style("whole_yuan", decimals=False), READ, _ALL),
    (Style("whole_yuan_no_thousands", decimals=False, commas=False), READ, _ALL),
    (Style("zero_as_0", zero="0"), READ, _ALL),
    (Style("zero_blank", zero=""), READ, _ALL),
    (Style("negative", negative=True), READ, _CODED),
    (Style("unit_right", unit="right"), READ, _ALL),
    (Style("unit_amount", unit="amount"), READ, _ALL),
    (Style("unit_beside_publisher", unit="beside"), READ, _ALL),
    (Style("unit_in_title", unit="title"), READ, _ALL),
    (Style("unit_right_of_title", unit="title_line"), READ, _ALL),
    (Style("split_repeated_header", rows=40), READ, _CODED),
    (Style("split_no_repeated_header", rows=40, repeat=False), READ, _CODED),
    (Style("continued_title", continued="title"), READ, _ROWS),
    (Style("continued_mark", continued="mark", repeat=False), READ, _ROWS),
    (Style("size_7", size=7), READ, _ALL),
    (Style("size_10", size=10), READ, _ALL),
    (Style("total_at_top", totals="top"), READ, _CODED),
    (Style("narrow_wrapped_figures", narrow="wrap"), READ, _CODED),
    # a dash is zero only where the template says so (vocabulary.yaml dash_as_blank): those cells stay unread
    (Style("zero_as_dash", zero="-"), PARTLY, _ALL),
    (Style("zero_as_em_dash", zero="—"), PARTLY, _ALL),
    # 类/款 code cells merged down over their rows: the rows under them have no code of their own
    (Style("merged_code_cells", merged_codes=True), PARTLY, _CODED),
    # a body rule not drawn (cells merged by hand in Word): the two figures in the merged cell are not read
    (Style("column_rule_missing", unruled="column"), PARTLY, _ALL),
    (Style("row_rule_missing", unruled="row"), PARTLY, _ROWS),
    (Style("column_rule_missing_whole_yuan", unruled="column", decimals=False), PARTLY, _ALL),
    (Style("column_rule_missing_whole_yuan_no_thousands", unruled="column", decimals=False, commas=False), PARTLY, _ALL),
    (Style("row_rule_missing_whole_yuan_no_thousands", unruled="row", decimals=False, commas=False), PARTLY, _ROWS),
    (Style("three_line", rules="three_line"), UNREAD, _ALL),
    (Style("row_lines_only", rules="rows"), UNREAD, _ALL),
    (Style("outer_box_only", rules="box"), UNREAD, _ALL),
    (Style("no_rules", rules="none"), UNREAD, _ALL),
    (Style("inner_lines_only", rules="inner"), UNREAD, _ALL),
    (Style("open_sides", rules="open"), UNREAD, _ALL),
    (Style("unit_missing", unit="missing"), UNREAD, _ALL),
    (Style("figures_over_rulings", narrow="overflow"), UNREAD, _ALL),
    (Style("header_over_rulings", narrow="wrap"), UNREAD, ("three_public", "fiscal_summary")),  # its header labels run over too
]

# styles the reader is known to get wrong (xfail, strict: fixing one makes it fail until it is taken out)
_KNOWN: set = set()
_PARAMS = [
    pytest.param(kind, style, outcome, id=f"{kind}-{style.name}", marks=[pytest.mark.xfail(strict=True)] if f"{kind}-{style.name}" in _KNOWN else [])
    for style, outcome, kinds in CASES for kind in kinds
]


def _state(document, kind: str) -> str:
    return next(part.state for part in document.coverage.tables if part.key == f"tables/{kind}")


def _key(row: dict):
    """A row as the source names it: its code, or (two-sided tables) its side and its label as printed."""
    return row["code"] if row.get("code") else (row.get("side"), (row.get("ordinal") or "") + row["name"])


def _wrong(data: dict, expected: dict, unit: str) -> list[str]:
    """Every value, row or unit in `data` that is not the source's: what must never happen, read or partly read."""
    wrong = [f"unit {data['unit']} for {unit}"] if data["unit"] != unit else []
    for row in data.get("rows", []):
        source = expected["rows"].get(_key(row))
        if source is None:
            wrong.append(f"row {_key(row)} is not in the table")
            continue
        wrong += [f"{_key(row)} {key} {row[key]} for {value}" for key, value in source.items() if key in row and row[key] != value]
        wrong += [f"{_key(row)} {key} {row[key]}: no such column" for key in row if isinstance(row[key], Decimal) and key not in source]
    for measure, values in expected.get("measures", {}).items():
        got = data.get(measure) or {}
        wrong += [f"{measure} {key} {got[key]} for {values.get(key)}" for key in got if key not in values or got[key] != values[key]]
    for key, values in data.get("totals", {}).items():
        source = expected.get("totals", {}).get(key)
        wrong += [f"total {key} {name} {value}" for name, value in values.items() if source is None or source.get(name) != value]
    return wrong


@pytest.mark.parametrize("kind, style, outcome", _PARAMS)
def test_a_table_in_a_publishers_style_is_read_exactly_or_left_unread(tmp_path, kind, style, outcome):
    source = SOURCES[kind](style)
    document = load_pdf(render(tmp_path / f"{style.name}.pdf", source, style))
    tables = document.data.get("tables") or {}
    assert set(tables) <= {kind}, f"another table read: {sorted(tables)}"
    state = _state(document, kind)
    data = tables.get(kind)
    if data is not None:
        assert _wrong(data, source.expected, source.unit) == []
    if outcome == UNREAD:
        assert state not in (READ, PARTLY) and data is None
        return
    assert state == outcome and data is not None
    if outcome == READ:
        _assert_whole(data, source.expected)


def _assert_whole(data: dict, expected: dict) -> None:
    """Every row of the source, in order, with its name and every figure; every measure; the totals."""
    if "rows" in expected:
        assert [_key(row) for row in data["rows"]] == list(expected["rows"])
        assert [{key: row[key] for key in values} for row, values in zip(data["rows"], expected["rows"].values())] == list(expected["rows"].values())
        if "names" in expected:
            assert [row["name"] for row in data["rows"]] == list(expected["names"].values())
        assert data["totals"] == expected["totals"]
    for measure, values in expected.get("measures", {}).items():
        assert data[measure] == values


def test_the_sweep_compares_exact_decimals():
    """A figure one cent off, or the same figure in another unit, is wrong: the comparison is never approximate."""
    source = SOURCES["expenditure_summary"](Style("grid"))
    code, values = next(iter(source.expected["rows"].items()))
    off = {"unit": "元", "rows": [{"code": code, **values, "total": values["total"] + Decimal("0.01")}], "totals": {}}
    assert _wrong(off, source.expected, "元") == [f"{code} total {values['total'] + Decimal('0.01')} for {values['total']}"]
    assert _wrong({"unit": "万元", "rows": [], "totals": {}}, source.expected, "元") == ["unit 万元 for 元"]


def test_a_continuation_printing_another_unit_leaves_the_table_unread(tmp_path):
    """A table continued under its title with （续） joins the table; when that part prints 单位：万元 over a table in 元,
    which unit its figures are in is not known: the table is not read (never read in either unit)."""
    style = Style("continued_in_another_unit", continued="title", continued_unit="万元")
    source = SOURCES["expenditure_summary"](style)
    document = load_pdf(render(tmp_path / "units.pdf", source, style))
    assert _state(document, "expenditure_summary") == "recognised_not_read"
    assert not (document.data.get("tables") or {})
    assert any("TABLE-UNIT-CONFLICT" in note.message_zh and "万元, 元" in note.message_en for note in document.diagnostics)


@pytest.mark.parametrize("rules", ["three_line", "none"])
def test_a_table_without_a_unit_line_never_takes_the_unit_of_an_unruled_table_above_it(tmp_path, rules):
    """The 三公 table in 万元 set without vertical rules (not a grid: its lines are text), then on the same page the
    支出预算总表 in 元, ruled, its unit line missing: the 万元 line above the 三公 table was taken for it, every figure
    read as 万元. A unit line above the table's own title is another table's: the table is not read."""
    first, second = Style("first", rules=rules), Style("second", unit="missing")
    path = render_pair(tmp_path / "pair.pdf", SOURCES["three_public"](first), first, SOURCES["expenditure_summary"](second), second)
    document = load_pdf(path)
    assert _state(document, "expenditure_summary") == "recognised_not_read"
    assert "expenditure_summary" not in (document.data.get("tables") or {})


@pytest.mark.parametrize("rules", ["three_line", "none"])
def test_a_table_without_a_title_never_takes_the_title_of_an_unruled_table_above_it(tmp_path, rules):
    """The 三公 table in whole 万元 set without vertical rules, a note under it, then an untitled ruled table of the same
    shape with other figures: the title and unit of the first were taken for it, its figures read as the 三公 table's.
    A title with rows of figures or a note between it and the table heads something else: the table has no title."""
    first, second = Style("first", rules=rules, decimals=False), Style("second")
    untitled = replace(SOURCES["three_public"](second), title="")
    document = load_pdf(render_pair(tmp_path / "pair.pdf", SOURCES["three_public"](first), first, untitled, second))
    assert _state(document, "three_public") == "recognised_not_read"
    assert not (document.data.get("tables") or {})
