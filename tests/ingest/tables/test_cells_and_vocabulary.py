"""Cells (amounts, codes, ordinals), Excel number formats, titles and header wordings, one at a time."""

from decimal import Decimal as D

import pytest

from budgetcheck.ingest.tables import cells
from budgetcheck.ingest.tables.xlsx import number_format, to_decimal
from budgetcheck.ingest.tables.grid import GridCell
from budgetcheck.ingest.tables.model import Value
from budgetcheck.ingest.tables.vocabulary import norm


def _amount(text, dash=False):
    return cells.amount(GridCell(0, 0, text=text), dash, None)


@pytest.mark.parametrize("text, amount, places", [
    ("91,016,775.35", "91016775.35", 2), ("189,767,551", "189767551", 0), ("0", "0", 0), ("0.00", "0.00", 2),
    ("1234.5", "1234.5", 1), ("  1,234.50 ", "1234.50", 2), ("-500.50", "-500.50", 2), ("－2,389.52", "-2389.52", 2),
    ("１２３", "123", 0), ("−7.10", "-7.10", 2),
])
def test_numbers_printed_as_text_are_numbers_with_their_places(text, amount, places):
    got = _amount(text)
    assert isinstance(got, Value) and got.amount == D(amount) and got.places == places and not got.blank


def test_a_blank_cell_is_zero_and_marked_blank():
    for text in ("", "   ", "\n"):
        got = _amount(text)
        assert got.amount == 0 and got.blank and got.places == 0


@pytest.mark.parametrize("text", ["详见说明", "12.5%", "1,23,4.00", "1.234.5", "XX", "X,XXX.XX", "—0", "(1,234.00)", "100万"])
def test_a_text_cell_in_a_numeric_column_is_never_zero(text):
    got = _amount(text)
    assert isinstance(got, cells.CellReason) and got.code == "CELL-TEXT"


@pytest.mark.parametrize("text", ["1097073 3609125", "28 1,213", "1,097,073.43 3,609,125.22", "0.00 0.00", "1 2 3 4.00"])
def test_two_figures_run_together_in_one_cell_are_never_one_figure(text):
    """Two cells' figures in one (a rule not drawn; a cell of two lines): 1097073 3609125 was read as 10970733609125."""
    got = _amount(text)
    assert isinstance(got, cells.CellReason) and got.code == "CELL-SEVERAL"


@pytest.mark.parametrize("text, amount", [("2,345,67 8.50", "2345678.50"), ("82,096,797 .42", "82096797.42"), ("2,469, 141.63", "2469141.63")])
def test_a_figure_wrapped_in_its_cell_is_one_figure(text, amount):
    """A wrapped figure breaks into a part that is no figure by itself: it is read whole."""
    assert _amount(text).amount == D(amount)


@pytest.mark.parametrize("text, several", [
    ("三、卫生健康支出四、住房保障支出", True), ("（一）工资福利支出（二）商品和服务支出", True), ("1.行政运行2.机关服务", True),
    ("三、卫生健康支出", False), ("一、一般公共预算资金（含上年结转）", False), ("其他支出", False), ("2.5%的支出", False),
    ("二、项目支出（含一、二类）", False), ("二、项目支出(含一、二类)三、事业单位经营支出", True),
])  # fmt: skip
def test_a_label_holding_a_second_item_of_its_numbering_is_two_rows_run_together(text, several):
    assert cells.several_items(text) is several


@pytest.mark.parametrize("text", ["-", "—", "--", "－", "——"])
def test_a_dash_is_zero_only_where_the_template_prints_dashes_for_zero(text):
    assert _amount(text).code == "CELL-DASH"
    got = _amount(text, dash=True)
    assert got.amount == 0 and got.blank and got.dash


def test_a_formula_never_calculated_is_not_a_value():
    got = cells.amount(GridCell(0, 0, text="=E7+F7", flags=("formula_uncached",)), False, None)
    assert got.code == "CELL-FORMULA"


@pytest.mark.parametrize("parts, code", [
    ([("class", "201", False), ("section", "03", False), ("item", "01", False)], "2010301"),
    ([("class", "201", False), ("section", "", False), ("item", "", False)], "201"),
    ([("class", "201", False), ("section", "3", True), ("item", "", False)], "20103"),  # Excel dropped the 0 of 03
    ([("class", "301", False), ("section", "02", False)], "30102"),
])
def test_split_codes_are_assembled(parts, code):
    assert cells.split_code(parts) == (code, None)


@pytest.mark.parametrize("parts, reason", [
    ([("class", "", False), ("section", "03", False), ("item", "01", False)], "CODE-GAP"),
    ([("class", "201", False), ("section", "3", False), ("item", "", False)], "CODE-BAD"),  # typed as text: not padded
    ([("class", "2O1", False), ("section", "", False), ("item", "", False)], "CODE-BAD"),
])
def test_broken_split_codes_are_reasons(parts, reason):
    code, why = cells.split_code(parts)
    assert code is None and why.code == reason


@pytest.mark.parametrize("text, code, name", [
    ("201 一般公共服务支出", "201", "一般公共服务支出"), ("2010301行政运行", "2010301", "行政运行"),
    ("[20103]政府办公厅（室）及相关机构事务", "20103", "政府办公厅（室）及相关机构事务"), ("201-一般公共服务支出", "201", "一般公共服务支出"),
    ("一般公共服务支出", None, "一般公共服务支出"), ("2025年预算数", None, "2025年预算数"), ("20103011 x", None, "20103011 x"),
])
def test_codes_embedded_in_the_name_cell(text, code, name):
    assert cells.embedded_code(text) == (code, name)


@pytest.mark.parametrize("text, printed, style, rest", [
    ("一、财政拨款收入", "一、", "cn", "财政拨款收入"), ("1.一般公共预算资金", "1.", "arabic", "一般公共预算资金"),
    ("1、一般公共预算资金", "1、", "arabic", "一般公共预算资金"), ("（一）一般公共预算拨款", "（一）", "cn_paren", "一般公共预算拨款"),
    ("二十六、抗疫特别国债安排的支出", "二十六、", "cn", "抗疫特别国债安排的支出"), ("收入总计", None, None, "收入总计"),
    ("2.5万元", None, None, "2.5万元"),
])
def test_ordinals(text, printed, style, rest):
    assert cells.ordinal(text) == (printed, style, rest)


@pytest.mark.parametrize("value, fmt, amount, places, hidden", [
    (0.1 + 0.2, "General", "0.3", 1, False),
    (91016775.35, "#,##0.00", "91016775.35", 2, False),
    (189767551, "General", "189767551", 0, False),
    (12.0, "General", "12", 0, False),
    (1234.5678, "#,##0.00", "1234.57", 2, True),
    (2.675, "0.00", "2.68", 2, True),  # Excel prints 2.68 (15 significant digits, then half-up); 2.675 is stored
    (1234.5, "#,##0.00;[Red]-#,##0.00", "1234.50", 2, False),
    (867.5, '"¥"#,##0.00_ ', "867.50", 2, False),
    (3, "00", "3", 0, False),
])
def test_excel_numbers_become_the_decimal_the_cell_prints(value, fmt, amount, places, hidden):
    got, got_places, got_hidden = to_decimal(value, number_format(fmt))
    assert (str(got), got_places, got_hidden) == (amount, places, hidden)


def test_number_formats():
    assert number_format("00").width == 2
    assert number_format("0%").percent
    assert number_format("#,##0").places == 0 and number_format("#,##0").grouped
    assert number_format("@").places is None


# ------------------------------------------------------------------------------------------ titles


@pytest.mark.parametrize("title, kind, variant, year", [
    ("2025年部门财务收支预算总表", "budget_summary", "shanghai", 2025),
    ("2025年预算单位财务收支预算总表", "budget_summary", "shanghai", 2025),
    ("东湖区文化和旅游局2025年部门收支总表", "budget_summary", "national", 2025),
    ("表1 部门收支总表", "budget_summary", "national", None),
    ("附件1-1：2025年部门收支总表", "budget_summary", "national", 2025),
    ("1. 2025年预算单位财务收支预算总表", "budget_summary", "shanghai", 2025),
    ("2025年部门收入预算总表（单位：元）", "income_summary", "shanghai", 2025),
    ("部门收入总表", "income_summary", "national", None),
    ("2025年部门支出预算总表", "expenditure_summary", "shanghai", 2025),
    ("4．2025年预算单位财政拨款收支预算总表", "fiscal_summary", "shanghai", 2025),
    ("财政拨款收支总表", "fiscal_summary", "national", None),
    ("2025年部门一般公共预算支出功能分类预算表", "general_budget_expenditure", "shanghai", 2025),
    ("一般公共预算支出表", "general_budget_expenditure", "national", None),
    ("8．2025年预算单位一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic", "shanghai", 2025),
    ("一般公共预算基本支出表", "general_budget_basic", "national", None),
    ("2025年部门“三公”经费和机关运行经费预算表", "three_public", "shanghai", 2025),
    ("一般公共预算“三公”经费支出表", "three_public", "national", None),
    ('一般公共预算"三公"经费支出预算表', "three_public", "national", None),
    ("2025年部门政府性基金预算支出功能分类预算表", "gov_fund_expenditure", "shanghai", 2025),
    ("政府性基金预算支出表", "gov_fund_expenditure", "national", None),
    ("2025年部门国有资本经营预算支出功能分类预算表", "state_capital_expenditure", "shanghai", 2025),
    ("部门项目支出预算表", "project_expenditure", "national", None),
    ("2025年政府采购预算表", "government_procurement", "national", 2025),
    ("政府购买服务预算表", "purchase_of_services", "national", None),
    ("收入支出决算总表", "final_summary", "final", None),
    ("一、收入支出决算总表", "final_summary", "final", None),
    ("财政拨款收入支出决算总表", "final_fiscal_summary", "final", None),
    ("收入决算表", "final_income", "final", None),
    ("三、支出决算表", "final_expenditure", "final", None),
    ("一般公共预算财政拨款支出决算表", "final_general_budget_expenditure", "final", None),
    ("一般公共预算财政拨款基本支出决算表", "final_general_budget_basic", "final", None),
    ("财政拨款“三公”经费支出决算表", "final_three_public", "final", None),
    ("政府性基金预算财政拨款收入支出决算表", "final_gov_fund", "final", None),
    ("国有资本经营预算财政拨款收入支出决算表", "final_state_capital", "final", None),
    ("中共上海市普陀区委社会工作部2024年度部门收入决算表", "final_income", "final", 2024),
    # variants in the tables lists of other provinces' disclosures (the words only)
    ("六、某县机关事务中心2025年一般公共预算基本支出明细表（按经济分类）", "general_budget_basic", "national", 2025),
    ("六、一般公共预算支出总表", "general_budget_expenditure", "national", None),
    ("四、部门预算资金安排的“三公”经费情况表", "three_public", "unseen", None),
    ("“三公”经费、会议费和培训费支出预算表", "three_public", "unseen", None),
    ("五、政府性基金预算拨款支出预算表", "gov_fund_expenditure", "national", None),
    ("一、收入支出决算表", "final_summary", "final", None),
    ("二、收入决算总表", "final_income", "final", None),
    ("三、支出决算总表", "final_expenditure", "final", None),
    ("五、一般公共预算财政拨款收入支出决算表", "final_general_budget_expenditure", "unseen", None),
    ("六、一般公共预算财政拨款基本支出决算明细表", "final_general_budget_basic", "final", None),
    ("七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "final_three_public", "unseen", None),
    # a Guangxi city's list (梧州, 2024): 总体情况表 / 情况表 for 总表 / 表
    ("一、部门收支总体情况表", "budget_summary", "national", None),
    ("二、部门收入总体情况表", "income_summary", "national", None),
    ("三、部门支出总体情况表", "expenditure_summary", "national", None),
    ("四、财政拨款收支总体情况表", "fiscal_summary", "national", None),
    ("五、一般公共预算支出情况表", "general_budget_expenditure", "national", None),
    ("六、一般公共预算基本支出情况表", "general_budget_basic", "national", None),
    ("七、一般公共预算“三公”经费支出情况表", "three_public", "national", None),
    ("七、一般公共预算“三公”经费、会议费和培训费支出情况表", "three_public", "unseen", None),
    ("八、政府性基金预算支出情况表", "gov_fund_expenditure", "national", None),
    ("九、国有资本经营预算支出情况表", "state_capital_expenditure", "national", None),
])
def test_every_title_variant_names_its_kind(vocab, title, kind, variant, year):
    match = vocab.match_title(title)
    assert (match.kind, match.variant, match.year) == (kind, variant, year)


@pytest.mark.parametrize("title", [
    "项目支出决算表", "部门预算绩效目标表", "第二部分 上海市 XX 局 2024 年度部门决算表", "人员情况统计表", "2025年部门预算",
    "收支预算总表说明", "说明：本表反映…", "一般公共预算基本支出明细表（按项目）",
])
def test_other_titles_name_no_kind(vocab, title):
    assert vocab.match_title(title) is None


@pytest.mark.parametrize("line, unit", [("单位：万元", "万元"), ("单位:元", "元"), ("编制部门：上海市普陀区人民政府办公室      单位：元", "元"),
                                        ("金额单位：万元", "万元"), ("编制单位：东湖区文化和旅游局", None), ("单位：元旦", None)])
def test_unit_lines(vocab, line, unit):
    assert vocab.unit_of(line) == unit


# -------------------------------------------------------------------------------------- header words


@pytest.mark.parametrize("kind, path, year, name", [
    ("general_budget_expenditure", ("项目", "功能分类科目编码", "类"), 2025, "code_class"),
    ("general_budget_expenditure", ("科目编码", "款"), 2025, "code_section"),
    ("general_budget_expenditure", ("一般公共预算支出", "基本支出"), 2025, "basic"),
    ("general_budget_expenditure", ("基本",), 2025, "basic"),
    ("general_budget_expenditure", ("项目支出",), 2025, "project"),
    ("general_budget_expenditure", ("项目",), 2025, "name"),
    ("budget_summary", ("本年收入", "预算数"), 2025, "amount"),
    ("budget_summary", ("收入", "预算金额"), 2025, "amount"),
    ("budget_summary", ("支出", "金额"), 2025, "amount"),
    ("budget_summary", ("收入项目",), 2025, "item"),
    ("budget_summary", ("本年支出", "预算数", "基本支出", "人员经费"), 2025, "basic_personnel"),
    ("three_public", ("“三公”经费预算数", "因公出国(境)费"), 2025, "overseas_travel"),
    ("three_public", ("因公出国（境）费",), 2025, "overseas_travel"),
    ("three_public", ("公务用车购置及运行维护费", "运行费"), 2025, "vehicle_operation"),
    ("three_public", ("2025年预算数", "公务用车购置及运行费", "购置费"), 2025, "vehicle_purchase"),
    ("three_public", ("2024年预算数", "合计"), 2025, "total_last_year"),
    ("three_public", ("上年", "公务接待费"), 2025, "reception_last_year"),
    ("three_public", ("2023年预算数", "合计"), 2025, None),
    ("three_public", ("2024年预算数", "合计"), None, None),  # no year known: 2024 is neither this year nor last
    ("three_public", ("2024年“三公”经费预算数", "合计"), 2024, "total"),  # the group headed by the budget's own year
    ("three_public", ("2024年“三公”经费预算数", "公务用车购置及运行费", "购置费"), 2024, "vehicle_purchase"),
    ("three_public", ("2024年机关运行经费预算数",), 2024, "operating_costs"),
    ("three_public", ("2023年“三公”经费预算数", "合计"), 2024, None),  # another year's: matches nothing
    ("three_public", ("2023年机关运行经费预算数",), 2024, None),
    ("three_public", ("2024年“三公”经费预算数", "合计"), None, None),
    ("final_three_public", ("2024年财政拨款“三公”经费", "合计", "决算数"), 2024, None),  # only a budget's own year
    ("final_three_public", ("财政拨款“三公”经费", "合计", "预算数"), None, "total_budget"),
    ("final_three_public", ("财政拨款“三公”经费", "公务接待费", "决算数"), None, "reception_final"),
    ("final_summary", ("收入", "决算数"), None, "amount"),
    ("final_gov_fund", ("本年支出", "合计"), None, "expenditure_total"),
    ("final_gov_fund", ("合计",), None, None),
    ("expenditure_summary", ("备注",), 2025, None),
    ("expenditure_summary", ("基本支出", "基本支出"), 2025, None),
    ("expenditure_summary", ("其中：基本支出",), 2025, "basic"),
])
def test_header_paths_name_canonical_columns_by_their_words(vocab, kind, path, year, name):
    from budgetcheck.ingest.tables.vocabulary import norm_label

    match = vocab.kinds[kind].match_column(tuple(norm_label(p) for p in path), year)
    got = None if match is None else (match.key if match.measure == "current" else f"{match.key}_{match.measure}")
    assert got == name


def test_norm_unifies_width_spaces_and_quotes():
    assert norm(" “三公”经费 （ 境 ） ") == "三公经费(境)"
