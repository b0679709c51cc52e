"""决算 tables as the 财政 software prints them (普陀区财政局 2024 决算): the code split into 类 | 款 | 项 columns under a
label wrapped over two header rows (功能分类 | 科目编码), and the words 类 款 项 printed at the head of the 合计 row.
Both were left unread (列名无法识别; 行没有科目编码), so no rule judged the tables; the figures here are made up."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from budgetcheck.ingest.tables import ReadContext, Status, read_tables
from budgetcheck.ingest.tables.xlsx import grids_from_xlsx

AMOUNTS = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
BODY = [
    ["201", "", "", "一般公共服务支出", 2112.86, 2106.66, None, None, None, None, 6.20],
    ["201", "06", "", "财政事务", 2112.86, 2106.66, None, None, None, None, 6.20],
    ["201", "06", "01", "行政运行", 1511.90, 1511.89, None, None, None, None, 0.01],
    ["201", "06", "02", "一般行政管理事务", 600.96, 594.77, None, None, None, None, 6.19],
    ["208", "", "", "社会保障和就业支出", 833.39, 833.39, None, None, None, None, None],
    ["208", "05", "", "行政事业单位养老支出", 833.39, 833.39, None, None, None, None, None],
    ["208", "05", "01", "行政单位离退休", 833.39, 833.39, None, None, None, None, None],
]
TOTAL = [2946.25, 2940.05, None, None, None, None, 6.20]


def _workbook(path, header, first_row, body=BODY):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "收入决算表"
    for row in [["收入决算表"], ["单位：万元"], *header, first_row, *body]:
        sheet.append(row)
    book.save(path)
    return path


def _read(path, vocab):
    [reading] = read_tables(grids_from_xlsx(path, vocab), ReadContext(vocab, year=2024))
    return reading


WRAPPED = [["项目"] * 4 + AMOUNTS, ["功能分类"] * 3 + ["科目名称"], ["科目编码"] * 3]


def test_split_codes_under_a_wrapped_label_with_their_words_in_the_total_row_are_read(tmp_path, vocab):
    reading = _read(_workbook(tmp_path / "final.xlsx", WRAPPED, ["类", "款", "项", "合计", *TOTAL]), vocab)
    assert reading.kind == "final_income" and reading.status is Status.READ, reading.reasons()
    rows = [row for row in reading.rows if row.kind != "total"]
    assert [row.code for row in rows] == ["201", "20106", "2010601", "2010602", "208", "20805", "2080501"]
    [total] = [row for row in reading.rows if row.kind == "total"]
    assert (total.values["total"].amount, total.values["fiscal"].amount, total.values["other"].amount) == (D("2946.25"), D("2940.05"), D("6.20"))


@pytest.mark.parametrize(
    ("header", "first_row"),
    [
        # the words 类 款 项 in a header row of their own (a grid that ruled them apart): read as before
        (WRAPPED + [["类", "款", "项"]], ["", "", "", "合计", *TOTAL]),
        # the label on one line (功能分类科目编码): read as before
        ([["项目"] * 4 + AMOUNTS, ["功能分类科目编码"] * 3 + ["科目名称"]], ["类", "款", "项", "合计", *TOTAL]),
    ],
)
def test_the_other_layouts_of_the_same_table_read_the_same(tmp_path, vocab, header, first_row):
    reading = _read(_workbook(tmp_path / "final.xlsx", header, first_row), vocab)
    assert reading.status is Status.READ, reading.reasons()
    assert [row.code for row in reading.rows if row.kind != "total"][:3] == ["201", "20106", "2010601"]


def test_code_columns_no_word_splits_stay_unread(tmp_path, vocab):
    """Three columns under 科目编码 and no 类 款 项 anywhere: which part each holds is not printed, so the table is not
    read (never taken apart by position)."""
    reading = _read(_workbook(tmp_path / "final.xlsx", WRAPPED, ["", "", "", "合计", *TOTAL]), vocab)
    assert reading.status is not Status.READ


def test_a_wrapped_label_is_read_only_where_every_joining_names_one_column(vocab):
    kind = vocab.kinds["final_income"]
    assert kind.match_column(("项目", "功能分类", "科目编码", "类"), 2024).key == "code_class"
    assert kind.match_column(("经济分类", "科目编码", "款"), 2024).key == "code_section"
    assert kind.match_column(("功能分类", "科目"), 2024) is None  # 功能分类科目 is no column


def test_a_basic_table_of_two_panels_with_split_codes_is_read_panel_by_panel(tmp_path, vocab):
    """一般公共预算财政拨款基本支出决算表 in two panels side by side, each code split into 类 | 款: each panel opens with
    its 类 column as it would with a joined code column (two columns read as one name before)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "基本支出决算表"
    for row in [["一般公共预算财政拨款基本支出决算表"], ["单位：万元"],
                ["经济分类", "经济分类", "科目名称", "决算数"] * 2, ["科目编码", "科目编码", "", ""] * 2, ["类", "款", "", ""] * 2,
                ["301", "", "工资福利支出", 780.00, "302", "", "商品和服务支出", 120.00],
                ["301", "01", "基本工资", 500.00, "302", "01", "办公费", 70.00],
                ["301", "02", "津贴补贴", 280.00, "302", "31", "公务用车运行维护费", 50.00],
                ["", "", "人员经费合计", 780.00, "", "", "公用经费合计", 120.00]]:
        sheet.append(row)
    book.save(tmp_path / "basic.xlsx")
    reading = _read(tmp_path / "basic.xlsx", vocab)
    assert reading.kind == "final_general_budget_basic" and reading.status is Status.READ, reading.reasons()
    codes = sorted(row.code for row in reading.rows if row.kind != "total")
    assert codes == ["301", "30101", "30102", "302", "30201", "30231"]
