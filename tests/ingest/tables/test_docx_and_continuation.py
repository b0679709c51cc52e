"""Word tables go through the same reader as Excel sheets and read the same; a table split in two (a page
break in Word, a PDF page) is joined when its columns agree, and not read when they do not."""

from decimal import Decimal as D

import docx
import pytest

from budgetcheck.ingest.tables import ReadContext, Status, read_tables
from budgetcheck.ingest.tables.docx import grids_from_docx
from budgetcheck.ingest.tables.xlsx import grids_from_xlsx
from tests.ingest.tables.build_docx import build_docx
from tests.ingest.tables.build_xlsx import SHEET_ORDER, build_workbook
from tests.ingest.tables.checks import kind
from tests.ingest.tables.synthetic import grid
from tests.ingest.tables.test_xlsx import _snapshot


def read_docx(path, vocab):
    return read_tables(grids_from_docx(path, vocab), ReadContext(vocab))


def test_the_word_tables_read_exactly_as_the_excel_sheets(tmp_path, vocab):
    words = read_docx(build_docx(tmp_path / "dept.docx"), vocab)
    sheets = read_tables(grids_from_xlsx(build_workbook(tmp_path / "dept.xlsx"), vocab), ReadContext(vocab))
    assert [r.kind for r in words] == SHEET_ORDER
    assert all(r.status is Status.READ for r in words), [(r.kind, r.reasons()) for r in words]
    assert _snapshot(words) == _snapshot(sheets)


def test_word_cells_keep_table_row_and_column_and_notes_follow_their_table(tmp_path, vocab):
    words = {r.kind: r for r in read_docx(build_docx(tmp_path / "dept.docx"), vocab)}
    table = words["general_budget_expenditure"]
    number = SHEET_ORDER.index("general_budget_expenditure") + 1
    assert table.by_code("2011301").values["project"].where.as_dict() == {"sheet": f"表格{number}", "cell": "G5"}
    assert table.title.where.as_dict()["paragraph"] > 0
    assert "故本表无数据" in words["gov_fund_expenditure"].empty_note.text


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_word_table_split_by_a_page_break_is_joined_with_or_without_its_header_again(tmp_path, vocab, repeat_header):
    path = build_docx(tmp_path / "split.docx", split={"general_budget_expenditure": 8}, repeat_header=repeat_header)
    assert len(docx.Document(path).tables) == 9
    words = read_docx(path, vocab)
    assert [r.kind for r in words] == SHEET_ORDER
    whole = read_docx(build_docx(tmp_path / "whole.docx"), vocab)
    assert _snapshot(words) == _snapshot(whole)
    table = kind(words, "general_budget_expenditure")
    last = table.by_code("2210201").values["total"].where.as_dict()
    assert last["sheet"] == f"表格{SHEET_ORDER.index('general_budget_expenditure') + 2}"  # the second Word table


# -------------------------------------------------------------------------------- continuation, by hand

HEADER = [["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"], ["类", "款", "项", "", "", "", ""]]
HEADER_MERGES = [(0, 0, 1, 3), (0, 3, 2, 1), (0, 4, 2, 1), (0, 5, 2, 1), (0, 6, 2, 1)]
PART1 = [["201", "", "", "一般公共服务支出", "30.00", "20.00", "10.00"], ["201", "03", "", "政府办公厅（室）及相关机构事务", "30.00", "20.00", "10.00"]]
PART2 = [["201", "03", "01", "行政运行", "20.00", "20.00", ""], ["201", "03", "02", "一般行政管理事务", "10.00", "", "10.00"]]
TOTAL = [["合计", "", "", "", "30.00", "20.00", "10.00"]]


def _read(grids, vocab):
    return read_tables(grids, ReadContext(vocab))


def test_a_continuation_that_repeats_the_header_drops_it(vocab):
    first = grid(HEADER + PART1, HEADER_MERGES)
    second = grid(HEADER + PART2 + TOTAL, HEADER_MERGES + [(4, 0, 1, 4)], above=(), follows=True)
    (table,) = _read([first, second], vocab)
    assert table.status is Status.READ
    assert [r.code for r in table.items] == ["201", "20103", "2010301", "2010302"]
    assert table.totals["total"].values["total"].amount == 30


def test_a_continuation_without_a_header_is_appended(vocab):
    first = grid(HEADER + PART1, HEADER_MERGES)
    second = grid(PART2 + TOTAL, [(2, 0, 1, 4)], above=(), follows=True)
    (table,) = _read([first, second], vocab)
    assert table.status is Status.READ and len(table.items) == 4 and table.items[-1].where.r == 1


def test_a_continuation_whose_columns_differ_is_not_read(vocab):
    first = grid(HEADER + PART1, HEADER_MERGES)
    second = grid([row[:6] for row in PART2], above=(), follows=True)
    (table,) = _read([first, second], vocab)
    assert table.status is Status.RECOGNISED_NOT_READ and table.rows == ()
    assert "6 columns where the table has 7" in table.problems[0].message


def test_a_continuation_with_a_different_header_is_not_read(vocab):
    first = grid(HEADER + PART1, HEADER_MERGES)
    other = [["科目编码", "", "", "科目名称", "合计", "人员经费", "公用经费"], ["类", "款", "项", "", "", "", ""]]
    second = grid(other + PART2, HEADER_MERGES, above=(), follows=True)
    (table,) = _read([first, second], vocab)
    assert table.status is Status.RECOGNISED_NOT_READ and "header that differs" in table.problems[0].message


def test_a_grid_with_its_own_title_is_a_new_table_not_a_continuation(vocab):
    first = grid(HEADER + PART1, HEADER_MERGES)
    second = grid(HEADER + PART2, HEADER_MERGES, above=("2025年政府性基金预算支出表", "单位：万元"), follows=True)
    assert [t.kind for t in _read([first, second], vocab)] == ["general_budget_expenditure", "gov_fund_expenditure"]


def test_pdf_grid_faults_found_by_the_source_make_the_table_unread(vocab):
    from dataclasses import replace

    faulty = replace(grid(HEADER + PART1, HEADER_MERGES), problems=("page 12: text runs across a ruling at x=300.0",))
    (table,) = _read([faulty], vocab)
    assert table.status is Status.RECOGNISED_NOT_READ and table.problems[0].code == "SOURCE-GRID"


def test_an_empty_note_written_inside_the_table_is_the_note_not_a_row(vocab):
    body = [["本部门2025年无政府性基金预算支出，故本表为空表。", "", "", "", "", "", ""]]
    (table,) = _read([grid(HEADER + body, HEADER_MERGES + [(2, 0, 1, 7)], above=("2025年政府性基金预算支出表", "单位：万元"))], vocab)
    assert table.status is Status.READ and table.empty and table.rows == () and "为空表" in table.empty_note.text


@pytest.mark.parametrize("none", ["无", "暂无", "（无）"])
@pytest.mark.parametrize("column", [0, 3])
def test_a_row_that_says_none_in_an_empty_table_is_no_code_and_no_item(vocab, none, column):
    """上海 2026: an empty 政府性基金 table prints 无 in its code cells, then 合计 with no figure, then its note. The 无
    was read as a bad code, and the whole table left unread (TAB-REQ-008 not applicable): it says there is nothing."""
    body = [["", "", "", "", "", "", ""], ["合计", "", "", "", "", "", ""], ["注：本单位2026年无政府性基金预算财政拨款安排的预算，故本表为空表。", "", "", "", "", "", ""]]
    body[0][column] = none
    merges = HEADER_MERGES + [(4, 0, 1, 7)]
    (table,) = _read([grid(HEADER + body, merges, above=("2026年政府性基金预算支出功能分类预算表", "单位：元"))], vocab)
    assert table.status is Status.READ and table.empty and table.items == () and "为空表" in table.empty_note.text
    assert "CODE-BAD" not in {problem.code for problem in table.problems}
    figures = [["无", "", "", "", "", "", ""], PART2[0], TOTAL[0]]  # a row of 无 where figures follow: passed over, the rest read
    (table,) = _read([grid(HEADER + figures, HEADER_MERGES)], vocab)
    assert [row.code for row in table.items] == ["2010301"] and table.status is Status.READ


def test_a_template_column_numbers_row_is_part_of_the_header(vocab):
    numbers = [["栏次", "", "", "", "1", "2", "3"]]
    (table,) = _read([grid(HEADER + numbers + PART1 + PART2, HEADER_MERGES + [(2, 0, 1, 4)])], vocab)
    assert table.status is Status.READ and table.header_rows == 3 and len(table.items) == 4


def test_two_sided_tables_need_their_side_labels(vocab):
    above = ("部门收支总表", "单位：万元")
    plain = [["项目", "预算数", "项目", "预算数"], ["一、一般公共预算拨款收入", "10.00", "一、一般公共服务支出", "10.00"]]
    (table,) = _read([grid(plain, above=above)], vocab)
    assert table.status is Status.RECOGNISED_NOT_READ and table.problems[0].code == "TABLE-NO-SIDE"
    sided = [["收入项目", "金额", "支出项目", "金额"], ["一、一般公共预算拨款收入", "10.00", "一、一般公共服务支出", "10.00"],
             ["收入总计", "10.00", "支出总计", "10.00"]]
    (table,) = _read([grid(sided, above=above)], vocab)
    assert table.status is Status.READ and [c.side for c in table.columns] == ["income", "income", "expenditure", "expenditure"]
    assert set(table.totals) == {"income_total", "expenditure_total"}


def test_the_national_three_public_table_with_year_rows_reads_each_row_as_its_year(vocab):
    rows = [["项目", "合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
            ["", "", "", "小计", "购置费", "运行费", ""],
            ["2025年预算数", "12.30", "0", "9.30", "0", "9.30", "3.00"],
            ["2024年预算数", "14.80", "0", "11.30", "0", "11.30", "3.50"],
            ["增减", "-2.50", "0", "-2.00", "0", "-2.00", "-0.50"]]
    merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 2, 1), (0, 3, 1, 3), (0, 6, 2, 1)]
    (table,) = _read([grid(rows, merges, above=("2025年一般公共预算“三公”经费支出表", "单位：万元"))], vocab)
    assert [(r.measure, r.values["total"].amount) for r in table.items] == [("current", D("12.30")), ("last_year", D("14.80"))]
    assert table.status is Status.PARTLY_READ and table.problems[0].code == "ROW-UNKNOWN" and "增减" in table.problems[0].message


def test_the_cheap_local_extras_read_by_item(vocab):
    rows = [["项目名称", "功能分类科目编码", "合计", "财政拨款", "其他收入"],
            ["文化惠民演出", "2070108", "200.00", "200.00", ""],
            ["公共图书馆数字化", "2070104", "40.00", "30.00", "10.00"],
            ["合计", "", "240.00", "230.00", "10.00"]]
    (table,) = _read([grid(rows, above=("2025年部门项目支出预算表", "单位：万元"))], vocab)
    assert table.kind == "project_expenditure" and table.status is Status.READ
    assert [(r.name, r.code, r.values["total"].amount) for r in table.items] == [("文化惠民演出", "2070108", D("200.00")), ("公共图书馆数字化", "2070104", D("40.00"))]
    buy = [["采购项目", "采购品目", "数量", "金额"], ["办公设备采购", "台式计算机", "20", "12.00"], ["合计", "", "", "12.00"]]
    (table,) = _read([grid(buy, above=("2025年政府采购预算表", "单位：万元"))], vocab)
    assert table.status is Status.READ and table.items[0].texts == {"category": "台式计算机", "quantity": "20"}


def test_units_printed_in_every_header_label_are_the_tables_unit(vocab):
    rows = [["科目编码", "科目名称", "金额（万元）", "", ""], ["", "", "合计（万元）", "基本支出（万元）", "项目支出（万元）"],
            ["201", "一般公共服务支出", "30.00", "20.00", "10.00"]]
    merges = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3)]
    (table,) = _read([grid(rows, merges, above=("2025年一般公共预算支出表",))], vocab)
    assert table.status is Status.READ, table.reasons()
    assert table.unit.name == "万元" and table.unit.source == "header" and table.header_rows == 2
    assert [c.name for c in table.columns] == ["code", "name", "total", "basic", "project"]


def test_codes_embedded_in_the_name_column_give_the_same_rows(vocab):
    rows = [["项目", "合计", "基本支出", "项目支出"],
            ["201 一般公共服务支出", "30.00", "20.00", "10.00"],
            ["20103 政府办公厅（室）及相关机构事务", "30.00", "20.00", "10.00"],
            ["2010301 行政运行", "20.00", "20.00", ""],
            ["2010302一般行政管理事务", "10.00", "", "10.00"],
            ["合计", "30.00", "20.00", "10.00"]]
    (table,) = _read([grid(rows)], vocab)
    assert table.status is Status.READ and [c.name for c in table.columns] == ["name", "total", "basic", "project"]
    assert [(r.code, r.level, r.parent, r.name) for r in table.items] == [
        ("201", "类", None, "一般公共服务支出"), ("20103", "款", "201", "政府办公厅（室）及相关机构事务"),
        ("2010301", "项", "20103", "行政运行"), ("2010302", "项", "20103", "一般行政管理事务")]


def _titles_into_tables(source, target, with_unit: bool):
    """Each table's title paragraph (and its 单位 line) moved into the table's own first rows, one cell across."""
    import copy

    from docx.oxml.ns import qn

    document = docx.Document(str(source))
    for table in document.tables:
        above, node = [], table._tbl.getprevious()
        while node is not None and node.tag == qn("w:p") and len(above) < 2:
            text = "".join(t.text or "" for t in node.iter(qn("w:t"))).strip()
            if text.endswith("表") or (with_unit and text.startswith("单位")):
                above.append((node, text))
            node = node.getprevious()
        for paragraph, text in above:  # nearest first: the title ends up first
            first = table._tbl.findall(qn("w:tr"))[0]
            row = copy.deepcopy(first)
            for t in row.iter(qn("w:t")):
                t.text = ""
            first.addprevious(row)
            cells = table.rows[0].cells
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].text = text
            paragraph.getparent().remove(paragraph)
    document.save(str(target))
    return target


@pytest.mark.parametrize("with_unit", [False, True])
def test_a_word_table_carrying_its_title_in_its_first_row_reads_as_one_with_a_title_above(tmp_path, vocab, with_unit):
    """Word users often put the title (and the 单位 line) in the table itself, a first row merged across: no table was
    recognised (no title above any), and a narrative beside them had its tables “未公开”. Such rows are the lines above."""
    plain = build_docx(tmp_path / "dept.docx")
    inside = _titles_into_tables(plain, tmp_path / "inside.docx", with_unit)
    words, moved = read_docx(plain, vocab), read_docx(inside, vocab)
    assert [r.kind for r in moved] == SHEET_ORDER
    assert all(r.status is Status.READ for r in moved), [(r.kind, r.reasons()) for r in moved]
    assert _snapshot(moved) == _snapshot(words)
