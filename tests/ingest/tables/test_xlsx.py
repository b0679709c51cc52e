"""Excel workbooks built here: the department's eight national tables read whole and consistent, every value
at its sheet!cell; and broken variants, each giving its precise reason at its place."""

from decimal import Decimal as D

import openpyxl
import pytest

from budgetcheck.ingest.tables import ReadContext, Status, read_tables
from budgetcheck.ingest.tables.xlsx import grids_from_xlsx
from tests.ingest.tables import department as dept
from tests.ingest.tables.build_xlsx import SHEET_ORDER, build_workbook
from tests.ingest.tables.checks import amount, hierarchy_breaks, kind, row_breaks

NATIONAL_8 = ["budget_summary", "income_summary", "expenditure_summary", "fiscal_summary", "general_budget_expenditure",
              "general_budget_basic", "three_public", "gov_fund_expenditure"]


def read(path, vocab, **context):
    return read_tables(grids_from_xlsx(path, vocab), ReadContext(vocab, **context))


@pytest.fixture(scope="module")
def readings(tmp_path_factory, vocab):
    return read(build_workbook(tmp_path_factory.mktemp("x") / "dept.xlsx"), vocab)


def test_the_eight_national_tables_are_recognised_by_title_whatever_the_sheet_order(readings, tmp_path, vocab):
    assert [r.kind for r in readings] == SHEET_ORDER
    assert all(r.status is Status.READ for r in readings), [(r.kind, r.reasons()) for r in readings]
    assert sorted(r.kind for r in readings) == sorted(NATIONAL_8)
    assert all(r.unit.name == "万元" and r.year == 2025 for r in readings)
    shuffled = read(build_workbook(tmp_path / "other.xlsx", kinds=list(reversed(SHEET_ORDER))), vocab)
    assert [r.kind for r in shuffled] == list(reversed(SHEET_ORDER))
    assert _snapshot(shuffled) == _snapshot(readings)


def _snapshot(readings):
    """What a reading says, without provenance: comparable across sources and orders."""
    out = {}
    for r in readings:
        out[r.kind] = sorted(
            (row.kind, row.side or "", row.code or "", row.key or "", row.name, row.measure or "",
             tuple(sorted((k, v.amount, v.blank) for k, v in row.values.items())))
            for row in r.rows)
    return out


def test_the_figures_are_the_departments(readings):
    grand, basic, project = dept.totals()
    summary = kind(readings, "budget_summary").totals
    assert summary["income_total"].values["amount"].amount == grand == summary["expenditure_total"].values["amount"].amount
    assert summary["carried_in"].values["amount"].amount == dept.CARRIED_TOTAL
    assert summary["income_this_year"].values["amount"].amount == dept.FISCAL_THIS_YEAR
    assert summary["carried_out"].values["amount"].blank
    for key in ("expenditure_summary", "general_budget_expenditure"):
        table = kind(readings, key)
        total = table.totals["total"]
        assert (amount(total, "total"), amount(total, "basic"), amount(total, "project")) == (grand, basic, project)
        assert [(r.code, r.name, amount(r, "total")) for r in table.items] == [(c, n, t) for c, n, t, _, _ in dept.function_rows()]
        assert hierarchy_breaks(table, "total") == [] and row_breaks(table, "total", ["basic", "project"]) == []
    basic_table = kind(readings, "general_budget_basic")
    assert amount(basic_table.totals["total"], "total") == basic
    assert amount(basic_table.totals["total"], "personnel") + amount(basic_table.totals["total"], "public") == basic
    assert [r.code for r in basic_table.items] == [c for c, *_ in dept.economy_rows()]


def test_codes_joined_split_and_stored_as_numbers_come_out_the_same(readings):
    joined = kind(readings, "expenditure_summary")  # codes stored as numbers 201, 20113, 2011301
    split = kind(readings, "general_budget_expenditure")  # 类 text, 款 a number formatted '00', 项 text
    assert [c.name for c in split.columns[:3]] == ["code_class", "code_section", "code_item"]
    assert [c.name for c in joined.columns[:1]] == ["code"]
    assert [(r.code, r.level, r.parent) for r in joined.items] == [(r.code, r.level, r.parent) for r in split.items]
    assert split.by_code("2011301").parent == "20113" and split.by_code("20113").level == "款"


def test_three_public_reads_this_year_and_last_year_by_the_years_in_the_header(readings):
    table = kind(readings, "three_public")
    (row,) = table.items
    this, last = dept.THREE_PUBLIC[2025], dept.THREE_PUBLIC[2024]
    names = ["total", "overseas_travel", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"]
    assert [row.values[n].amount for n in names] == list(this)
    assert [row.values[n + "_last_year"].amount for n in names] == list(last)
    economy = kind(readings, "general_budget_basic")
    assert row.values["vehicle_operation"].amount == amount(economy.by_code("30231"), "total")
    assert row.values["reception"].amount == amount(economy.by_code("30217"), "total")


def test_numbers_stored_as_text_are_read_as_numbers(readings):
    table = kind(readings, "fiscal_summary")
    total = table.totals["income_total"].values["amount"]
    assert total.amount == dept.GRAND_TOTAL and total.places == 2 and total.text == "1,460.90"
    under = [r for r in table.items if r.side == "income" and r.depth == 2]
    assert [(r.parent, r.name) for r in under][:2] == [("本年收入", "一般公共预算拨款"), ("本年收入", "政府性基金预算拨款")]


def test_blank_cells_are_zero_and_say_so(readings):
    row = kind(readings, "expenditure_summary").by_code("2011301")
    assert row.values["project"].amount == 0 and row.values["project"].blank


def test_every_value_keeps_its_sheet_and_cell(readings):
    table = kind(readings, "general_budget_expenditure")
    sheet = f"Sheet{SHEET_ORDER.index('general_budget_expenditure') + 3}"
    row = table.by_code("2011301")  # 201 row 5, 20113 row 6, 2011301 row 7; 项目支出 is column G
    assert str(row.values["project"].where) == f"{sheet}!G7"
    assert row.where.as_dict() == {"sheet": sheet, "cell": "D7"}  # a row is located at its name
    assert table.unit.where.as_dict() == {"sheet": sheet, "cell": "G2"} and str(table.title.where) == f"{sheet}!A1"


def test_an_empty_table_is_read_with_its_note(readings):
    table = kind(readings, "gov_fund_expenditure")
    assert table.empty and table.items == () and "故本表无数据" in table.empty_note.text
    assert str(table.empty_note.where).endswith("!A7")


# ---------------------------------------------------------------------------------------- broken variants


def _clear(ws, r, c):
    ws.cell(r, c).value = None  # ws.cell(r, c, None) would leave the value as it is


def _spoil(tmp_path, vocab, target, change, **context):
    def mutate(kind_, sheet):
        if kind_ == target:
            change(sheet.ws)
    return {r.kind: r for r in read(build_workbook(tmp_path / "broken.xlsx", mutate=mutate), vocab, **context)}


def test_a_text_cell_in_a_numeric_column_is_a_located_problem_never_zero(tmp_path, vocab):
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(8, 5, "待定"))["expenditure_summary"]
    assert got.status is Status.PARTLY_READ
    (problem,) = got.problems
    assert problem.code == "CELL-TEXT" and "待定" in problem.message and str(problem.where).endswith("!E8")
    row = got.by_code("2011302")
    assert "project" not in row.values and row.values["total"].amount == D("85.00")


def test_a_table_without_its_unit_line_is_recognised_but_not_read(tmp_path, vocab):
    got = _spoil(tmp_path, vocab, "general_budget_expenditure", lambda ws: _clear(ws, 2, 7))["general_budget_expenditure"]
    assert got.status is Status.RECOGNISED_NOT_READ and got.rows == ()
    assert [p.code for p in got.problems] == ["TABLE-NO-UNIT"]


def test_a_unit_printed_in_the_header_serves_and_two_units_conflict(tmp_path, vocab):
    def header_unit(ws):
        _clear(ws, 2, 5)
        ws.cell(4, 3, "合计（万元）")
    got = _spoil(tmp_path, vocab, "expenditure_summary", header_unit)["expenditure_summary"]
    assert got.status is Status.READ and got.unit.name == "万元" and got.unit.source == "header"
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(4, 3, "合计（元）"))["expenditure_summary"]
    assert [p.code for p in got.problems] == ["TABLE-UNIT-CONFLICT"]


def test_an_unknown_header_is_reported_and_never_named(tmp_path, vocab):
    def extra(ws):
        ws.cell(4, 6, "备注说明")
        ws.cell(7, 6, 12.5)
    got = _spoil(tmp_path, vocab, "expenditure_summary", extra)["expenditure_summary"]
    assert got.status is Status.PARTLY_READ
    (problem,) = got.problems
    assert problem.code == "TABLE-UNKNOWN-COLUMN" and "备注说明" in problem.message and got.columns[5].name is None
    empty = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(4, 6, "备注说明"))["expenditure_summary"]
    assert empty.status is Status.READ and [p.effect.value for p in empty.problems] == ["info"]


def test_a_table_whose_columns_are_not_understood_is_not_empty(tmp_path, vocab):
    """A header the reader cannot place leaves every figure unread: the table is not known to be empty (a PDF probe's
    收支总表 was reported empty, with its figures all there). An unknown column that is blank changes nothing."""
    got = _spoil(tmp_path, vocab, "gov_fund_expenditure", lambda ws: ws.cell(3, 7, "备注说明"))["gov_fund_expenditure"]
    assert got.empty and [p.effect.value for p in got.problems] == ["info"]

    def unknown(ws):
        ws.cell(3, 5, "金额甲")
        ws.cell(3, 6, "金额乙")
        ws.cell(5, 5, 12.5)

    got = _spoil(tmp_path, vocab, "gov_fund_expenditure", unknown)["gov_fund_expenditure"]
    assert got.status is not Status.READ and not got.empty


def test_two_columns_claiming_one_name_make_the_table_unread(tmp_path, vocab):
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(4, 5, "基本"))["expenditure_summary"]
    assert got.status is Status.RECOGNISED_NOT_READ
    assert [p.code for p in got.problems] == ["TABLE-DUPLICATE-COLUMN", "TABLE-MISSING-COLUMN"]
    assert "columns 4 and 5" in got.problems[0].message


def test_a_sheet_with_no_known_title_is_reported(tmp_path, vocab):
    path = build_workbook(tmp_path / "extra.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book.create_sheet("工作底稿")
    ws.append(["人员情况统计表"])
    ws.append(["单位：人"])
    ws.append(["项目", "编制数", "实有人数"])
    ws.append(["行政编制", 20, 18])
    other = book.create_sheet("Sheet99")
    other.append(["项目", "金额"])
    other.append(["合计", 1])
    book.save(path)
    readings = read(path, vocab)
    assert [r.kind for r in readings[-2:]] == [None, None]
    assert [p.code for p in readings[-2].problems] == ["TABLE-UNKNOWN-TITLE"] and "人员情况统计表" in readings[-2].problems[0].message
    assert [p.code for p in readings[-1].problems] == ["TABLE-NO-TITLE"]
    assert readings[-1].where.as_dict() == {"sheet": "Sheet99"}


def test_a_dash_for_zero_is_read_only_where_the_template_uses_it(tmp_path, vocab):
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(7, 5, "-"))["expenditure_summary"]
    assert got.status is Status.PARTLY_READ and [p.code for p in got.problems] == ["CELL-DASH"]
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(7, 5, "-"), dash_as_blank=True)["expenditure_summary"]
    value = got.by_code("2011301").values["project"]
    assert got.status is Status.READ and value.blank and value.dash


def test_a_formula_is_read_through_its_stored_result_and_never_calculated_is_a_problem(tmp_path, vocab):
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: ws.cell(7, 3, "=D7+E7"))["expenditure_summary"]
    assert [p.code for p in got.problems] == ["CELL-FORMULA"] and "total" not in got.by_code("2011301").values


def test_a_stored_value_with_more_digits_than_printed_is_read_as_printed_and_noted(tmp_path, vocab):
    def digits(ws):
        ws.cell(7, 3).value = 420.504
    got = _spoil(tmp_path, vocab, "expenditure_summary", digits)["expenditure_summary"]
    assert got.status is Status.READ and got.by_code("2011301").values["total"].amount == D("420.50")
    assert [(p.code, p.effect.value) for p in got.problems] == [("CELL-HIDDEN-DIGITS", "info")]


def test_a_kuan_code_that_lost_its_zero_is_padded_only_when_it_was_a_number(tmp_path, vocab):
    def general(ws):
        ws.cell(6, 2).number_format = "General"  # 款 1 now prints as 1
    got = _spoil(tmp_path, vocab, "general_budget_expenditure", general)["general_budget_expenditure"]
    assert got.status is Status.READ and got.by_code("20113") is not None
    got = _spoil(tmp_path, vocab, "general_budget_expenditure", lambda ws: ws.cell(6, 2, "1"))["general_budget_expenditure"]
    assert [p.code for p in got.problems] == ["CODE-BAD"]


def test_a_row_without_a_code_in_a_coded_table_is_reported(tmp_path, vocab):
    got = _spoil(tmp_path, vocab, "expenditure_summary", lambda ws: _clear(ws, 7, 1))["expenditure_summary"]
    assert [p.code for p in got.problems] == ["ROW-NO-CODE"] and got.by_code("2011301") is None


def test_a_table_whose_figures_are_all_text_is_not_empty(tmp_path, vocab):
    """Every figure of a sheet written as text (“1234.50元”): nothing read, and the table was taken for empty, so
    TAB-EMPTY-002 said “没有数据，也没有说明” of a table full of figures. A table with cells left unread is not known to
    be empty; one whose figure cells are all blank still is."""

    def as_text(ws):
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    cell.value = f"{cell.value}元"

    got = _spoil(tmp_path, vocab, "general_budget_basic", as_text)["general_budget_basic"]
    assert got.problems and all(p.code == "CELL-TEXT" for p in got.problems)
    assert not got.empty


def test_a_standard_table_not_found_beside_a_table_without_any_title_is_unread_not_absent(tmp_path, vocab):
    """The 三公 sheet with its title lost (here, hidden in a merged range it no longer heads): its table has no title, so
    no table is known as the 三公 one, and TAB-REQ-007 said “未公开”. It may be that untitled table: not judged."""
    from budgetcheck.ingest.tables.document import read_workbook

    def untitled(ws):
        for row in ws.iter_rows(max_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip().endswith("表"):
                    cell.value = None

    path = tmp_path / "untitled.xlsx"
    build_workbook(path, mutate=lambda kind_, sheet: untitled(sheet.ws) if kind_ == "three_public" else None)
    states = {part.key: (part.state, part.reason_zh) for part in read_workbook(path, vocab).coverage}
    state, reason = states["tables/three_public"]
    assert state == "recognised_not_read" and "没有标题" in reason
    whole = {part.key: part.state for part in read_workbook(build_workbook(tmp_path / "whole.xlsx", kinds=[k for k in SHEET_ORDER if k != "three_public"]), vocab).coverage}
    assert whole["tables/three_public"] == "absent"  # no untitled table: not there


def test_a_table_read_in_part_is_left_out_of_the_table_rules_that_go_over_every_table(tmp_path):
    """The donghu workbook with one figure of its 一般公共预算支出表 written as text (待定): the table is partly read, and
    TAB-HIER-001 summed its rows without that figure (“20113 商贸事务 1231.00 万元，其下各行之和 810.50”), a false error."""
    import shutil

    import budgetcheck
    from tests.conftest import FIXTURES

    source = FIXTURES / "tables" / "donghu-commerce-2025.xlsx"
    book = openpyxl.load_workbook(source)
    book["一般公共预算支出表"]["E7"] = "待定"
    book.save(tmp_path / "donghu.xlsx")
    shutil.copy(FIXTURES / "tables" / "donghu-commerce-2025.docx", tmp_path / "donghu.docx")
    result = budgetcheck.check_paths([tmp_path / "donghu.docx"]).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    assert {t.key: t.state for t in result.coverage.tables}["tables/general_budget_expenditure"] == "partly_read"
