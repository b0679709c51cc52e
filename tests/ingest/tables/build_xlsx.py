"""The department's eight national tables as an Excel workbook, the way departments fill the provincial
template: a merged title row, an 编制单位 / 单位：万元 line, two- and three-line headers with merged cells,
codes joined (支出总表, as numbers) or split 类/款/项 (一般公共预算支出表, 款 stored as a number with format
'00'), blank cells for zero, one table with its numbers stored as text, sheets named and ordered at random."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import openpyxl

from tests.ingest.tables import department as dept

AMOUNT = "#,##0.00"


class Sheet:
    def __init__(self, ws, ncols: int, title: str, unit: str | None = "单位：万元"):
        self.ws, self.ncols, self.row = ws, ncols, 1
        self.merge(1, 1, 1, ncols, title)
        self.row = 2
        ws.cell(2, 1, f"编制单位：{dept.DEPARTMENT}")
        if unit:
            ws.cell(2, ncols, unit)
        self.row = 3

    def merge(self, r1: int, c1: int, r2: int, c2: int, value) -> None:
        self.ws.cell(r1, c1, value)
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def amount(self, r: int, c: int, value: Decimal | None, *, text: bool = False, zero_blank: bool = True) -> None:
        if value is None or (zero_blank and value == 0):
            return
        if text:
            self.ws.cell(r, c, f"{value:,.2f}")
        else:
            self.ws.cell(r, c, float(value)).number_format = AMOUNT

    def note(self, text: str) -> None:
        self.ws.cell(self.row + 1, 1, text)


def budget_summary(ws) -> Sheet:
    s = Sheet(ws, 4, f"{dept.DEPARTMENT}{dept.YEAR}年部门收支总表")
    s.merge(3, 1, 3, 2, "收入")
    s.merge(3, 3, 3, 4, "支出")
    for c, label in enumerate(["项目", "预算数", "项目", "预算数"], 1):
        ws.cell(4, c, label)
    income = [("一、一般公共预算拨款收入", dept.FISCAL_THIS_YEAR), ("二、政府性基金预算拨款收入", None), ("三、国有资本经营预算拨款收入", None),
              ("四、事业收入", None), ("五、事业单位经营收入", None), ("六、其他收入", None)]
    spend = [(f"{'一二三四'[i]}、{n}", t) for i, (_, n, t) in enumerate(dept.classes())]
    for i in range(max(len(income), len(spend))):
        r = 5 + i
        if i < len(income):
            ws.cell(r, 1, income[i][0])
            s.amount(r, 2, income[i][1])
        if i < len(spend):
            ws.cell(r, 3, spend[i][0])
            s.amount(r, 4, spend[i][1])
    r = 5 + max(len(income), len(spend))
    for k, (a, va, b, vb) in enumerate([("本年收入合计", dept.FISCAL_THIS_YEAR, "本年支出合计", dept.GRAND_TOTAL),
                                        ("上年结转结余", dept.CARRIED_TOTAL, "年终结转结余", None),
                                        ("收入总计", dept.GRAND_TOTAL, "支出总计", dept.GRAND_TOTAL)]):
        ws.cell(r + k, 1, a)
        s.amount(r + k, 2, va)
        ws.cell(r + k, 3, b)
        s.amount(r + k, 4, vb)
    s.row = r + 2
    return s


def income_summary(ws) -> Sheet:
    s = Sheet(ws, 8, f"{dept.YEAR}年部门收入总表")
    s.merge(3, 1, 3, 2, "项目")
    s.merge(3, 3, 4, 3, "合计")
    s.merge(3, 4, 4, 4, "上年结转")
    s.merge(3, 5, 3, 8, "本年收入")
    for c, label in enumerate(["科目编码", "科目名称"], 1):
        ws.cell(4, c, label)
    for c, label in enumerate(["一般公共预算拨款", "政府性基金预算拨款", "事业收入", "其他收入"], 5):
        ws.cell(4, c, label)
    ws.cell(5, 1, "合计")
    total = dept.GRAND_TOTAL
    s.amount(5, 3, total)
    s.amount(5, 4, dept.CARRIED_TOTAL)
    s.amount(5, 5, total - dept.CARRIED_TOTAL)
    for i, (code, name, t, _, _) in enumerate(dept.function_rows()):
        r = 6 + i
        carried = sum((v for k, v in dept.CARRIED_IN.items() if k.startswith(code)), Decimal(0))
        ws.cell(r, 1, code)
        ws.cell(r, 2, name)
        s.amount(r, 3, t)
        s.amount(r, 4, carried)
        s.amount(r, 5, t - carried)
    s.row = 6 + len(dept.function_rows())
    return s


def expenditure_summary(ws) -> Sheet:
    s = Sheet(ws, 5, f"{dept.YEAR}年部门支出总表")
    s.merge(3, 1, 4, 1, "科目编码")
    s.merge(3, 2, 4, 2, "科目名称")
    s.merge(3, 3, 3, 5, "本年支出")
    for c, label in enumerate(["合计", "基本支出", "项目支出"], 3):
        ws.cell(4, c, label)
    rows = dept.function_rows()
    for i, (code, name, t, b, p) in enumerate(rows):
        r = 5 + i
        ws.cell(r, 1, int(code))  # codes stored as numbers
        ws.cell(r, 2, name)
        s.amount(r, 3, t)
        s.amount(r, 4, b)
        s.amount(r, 5, p)
    r = 5 + len(rows)
    s.merge(r, 1, r, 2, "合计")
    for c, v in zip((3, 4, 5), dept.totals()):
        s.amount(r, c, v)
    s.row = r + 1
    return s


def fiscal_summary(ws) -> Sheet:
    """Numbers stored as text ('1,400.90'), as when a template is pasted as values from another system."""
    s = Sheet(ws, 6, f"{dept.YEAR}年部门财政拨款收支总表")
    s.merge(3, 1, 3, 2, "收入")
    s.merge(3, 3, 3, 6, "支出")
    for c, label in enumerate(["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"], 1):
        ws.cell(4, c, label)
    income = [("一、本年收入", None), ("（一）一般公共预算拨款", dept.FISCAL_THIS_YEAR), ("（二）政府性基金预算拨款", None),
              ("二、上年结转", None), ("（一）一般公共预算拨款", dept.CARRIED_TOTAL), ("（二）政府性基金预算拨款", None)]
    spend = [(f"{'一二三四'[i]}、{n}", t) for i, (_, n, t) in enumerate(dept.classes())]
    for i in range(max(len(income), len(spend))):
        r = 5 + i
        if i < len(income):
            ws.cell(r, 1, income[i][0])
            s.amount(r, 2, income[i][1], text=True)
        if i < len(spend):
            ws.cell(r, 3, spend[i][0])
            s.amount(r, 4, spend[i][1], text=True)
            s.amount(r, 5, spend[i][1], text=True)
    r = 5 + max(len(income), len(spend))
    ws.cell(r, 1, "收入总计")
    s.amount(r, 2, dept.GRAND_TOTAL, text=True)
    ws.cell(r, 3, "支出总计")
    s.amount(r, 4, dept.GRAND_TOTAL, text=True)
    s.amount(r, 5, dept.GRAND_TOTAL, text=True)
    s.row = r + 1
    return s


def general_budget_expenditure(ws) -> Sheet:
    s = Sheet(ws, 7, f"{dept.YEAR}年一般公共预算支出表")
    s.merge(3, 1, 3, 3, "科目编码")
    for c, label in zip((4, 5, 6, 7), ("科目名称", "合计", "基本支出", "项目支出")):
        s.merge(3, c, 4, c, label)
    for c, label in enumerate(["类", "款", "项"], 1):
        ws.cell(4, c, label)
    rows = dept.function_rows()
    for i, (code, name, t, b, p) in enumerate(rows):
        r = 5 + i
        ws.cell(r, 1, code[:3])
        if len(code) >= 5:
            ws.cell(r, 2, int(code[3:5])).number_format = "00"  # 款 as a number shown with its zero
        if len(code) == 7:
            ws.cell(r, 3, code[5:7])
        ws.cell(r, 4, name)
        s.amount(r, 5, t)
        s.amount(r, 6, b)
        s.amount(r, 7, p)
    r = 5 + len(rows)
    s.merge(r, 1, r, 4, "合计")
    for c, v in zip((5, 6, 7), dept.totals()):
        s.amount(r, c, v)
    s.row = r + 1
    return s


def general_budget_basic(ws) -> Sheet:
    s = Sheet(ws, 6, f"{dept.YEAR}年一般公共预算基本支出表")
    s.merge(3, 1, 3, 2, "经济分类科目编码")
    for c, label in zip((3, 4, 5, 6), ("科目名称", "合计", "人员经费", "公用经费")):
        s.merge(3, c, 4, c, label)
    ws.cell(4, 1, "类")
    ws.cell(4, 2, "款")
    rows = dept.economy_rows()
    for i, (code, name, t, pe, pu) in enumerate(rows):
        r = 5 + i
        ws.cell(r, 1, code[:3])
        if len(code) == 5:
            ws.cell(r, 2, code[3:])
        ws.cell(r, 3, name)
        s.amount(r, 4, t)
        s.amount(r, 5, pe)
        s.amount(r, 6, pu)
    r = 5 + len(rows)
    s.merge(r, 1, r, 3, "合计")
    s.amount(r, 4, sum((t for c, _, t, _, _ in rows if len(c) == 3), Decimal(0)))
    s.amount(r, 5, sum((x for c, _, _, x, _ in rows if len(c) == 3), Decimal(0)))
    s.amount(r, 6, sum((x for c, _, _, _, x in rows if len(c) == 3), Decimal(0)))
    s.row = r + 1
    return s


def three_public(ws) -> Sheet:
    s = Sheet(ws, 12, f"{dept.YEAR}年一般公共预算“三公”经费支出表")
    for k, year in enumerate((dept.YEAR, dept.YEAR - 1)):
        c0 = 1 + 6 * k
        s.merge(3, c0, 3, c0 + 5, f"{year}年预算数")
        s.merge(4, c0, 5, c0, "合计")
        s.merge(4, c0 + 1, 5, c0 + 1, "因公出国（境）费")
        s.merge(4, c0 + 2, 4, c0 + 4, "公务用车购置及运行费")
        for j, label in enumerate(["小计", "购置费", "运行费"]):
            ws.cell(5, c0 + 2 + j, label)
        s.merge(4, c0 + 5, 5, c0 + 5, "公务接待费")
        for j, v in enumerate(dept.THREE_PUBLIC[year]):
            s.amount(6, c0 + j, v, zero_blank=False)
    s.row = 6
    return s


def gov_fund_expenditure(ws) -> Sheet:
    s = Sheet(ws, 6, f"{dept.YEAR}年政府性基金预算支出表")
    s.merge(3, 1, 3, 3, "科目编码")
    for c, label in zip((4, 5, 6), ("科目名称", "合计", "基本支出")):
        s.merge(3, c, 4, c, label)
    ws.cell(4, 1, "类")
    ws.cell(4, 2, "款")
    ws.cell(4, 3, "项")
    s.merge(5, 1, 5, 4, "合计")
    s.row = 6
    s.note(f"注：本部门{dept.YEAR}年无政府性基金预算财政拨款安排的支出，故本表无数据。")
    return s


BUILDERS = {
    "budget_summary": budget_summary, "income_summary": income_summary, "expenditure_summary": expenditure_summary,
    "fiscal_summary": fiscal_summary, "general_budget_expenditure": general_budget_expenditure,
    "general_budget_basic": general_budget_basic, "three_public": three_public, "gov_fund_expenditure": gov_fund_expenditure,
}
# sheet order and names deliberately unrelated to the 规程's numbering
SHEET_ORDER = ["three_public", "budget_summary", "general_budget_basic", "income_summary", "gov_fund_expenditure",
               "expenditure_summary", "general_budget_expenditure", "fiscal_summary"]


def build_workbook(path, kinds=SHEET_ORDER, mutate=None, names=None) -> str:
    """Write the workbook; `mutate(kind, sheet)` may spoil a sheet after it is written (broken variants);
    `names` gives the sheets names by kind (else Sheet3, Sheet4 …). The file's dates are fixed, so the same
    figures give the same bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = datetime(2025, 1, 15)
    for i, kind in enumerate(kinds):
        ws = book.create_sheet((names or {}).get(kind, f"Sheet{i + 3}"))
        sheet = BUILDERS[kind](ws)
        if mutate is not None:
            mutate(kind, sheet)
    book.save(path)
    return str(path)
