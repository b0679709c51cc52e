"""Standard tables rendered in the styles real publishers set them in, for the style sweep (test_table_styles.py).

A `Source` is a table as data: its title, unit, header and rows, each figure a Decimal, and what the table reader
must give for it (`expected`: the rows by code or by side and item, or the measures, and the totals). `render` sets
it in a PDF in a named `Style`: the rules drawn (full grid, 三线表, row lines, outer box, none, inner lines only, open
sides, one body rule left out), where the unit is printed (left or right above the table, 金额单位, beside 编制部门 on
one line, inside the title, right of the title, nowhere), how figures are written (thousands separators, whole yuan,
zero as 0 / 0.00 / - / — / blank, a negative figure), a long name wrapped in its cell, merged or flat header cells,
merged code cells, font size, narrow figure columns, a table running onto a second page with or without its header
repeated or continued under （续） / 续表, and the 合计 row at the top or the bottom. The text is set in the embedded
WenQuanYi font (makepdf.register)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tests.ingest.pdf.makepdf import FONT, register

ZEROS = ("0.00", "0", "-", "—", "")


@dataclass(frozen=True)
class Style:
    name: str
    rules: str = "grid"  # grid, three_line, rows (a line under every row, no verticals), box, none, inner (no outer box), open (no sides)
    header: str = "merged"  # merged: the template's spanning cells; flat: one header row
    unit: str = "left"  # left, right, amount (金额单位：), beside (编制部门 … 单位 on one line), title, title_line (right of the title, one line), missing
    commas: bool = True
    decimals: bool = True  # figures with their two decimals, or whole yuan (as an Excel "General" cell prints them)
    zero: str = "0.00"  # how a zero figure is printed
    negative: bool = False  # one figure is negative (-12.00)
    wrap: bool = False  # a long name wrapped onto two lines inside its cell
    size: float = 9
    narrow: str = ""  # figure columns narrower than the figures: "overflow" (they run over the rulings), "wrap" (onto two lines)
    rows: int = 6  # item rows; 40 run onto a second page
    repeat: bool = True  # the header repeated on each page
    totals: str = "bottom"  # the 合计 row at the top or the bottom of the body
    continued: str = ""  # cut after half its body rows, the rest on the next page under "title": the title with （续）; "mark": 续表 alone
    continued_unit: str = ""  # the unit printed over the continuation, when not the table's own
    unruled: str = ""  # in the body, the rule between the two last figure columns ("column") or between two rows ("row") not drawn
    merged_codes: bool = False  # a 类 (款) code printed once, its cell merged down over the rows under it


@dataclass(frozen=True)
class Source:
    """A standard table as data: what is printed and what the reader must give for it."""

    kind: str
    title: str
    unit: str
    head: list  # header rows of texts ("" under a span)
    spans: list  # reportlab SPAN commands of the header cells
    widths: list
    body: list  # body rows: label cells then Decimal figures (None: a figure column's blank)
    label_columns: int  # the columns of a row's code and name, before its figures (two-sided: 0, see figures)
    expected: dict = field(default_factory=dict)
    items: tuple[int, ...] = ()  # the item columns of a two-sided table, between its figures

    @property
    def figures(self) -> tuple[int, ...]:
        return tuple(index for index in range(self.label_columns, len(self.widths)) if index not in self.items)


_NAMES = ["行政运行", "一般行政管理事务", "机关服务", "人大会议", "人大立法", "人大监督", "代表工作", "事业运行"]
_LONG = "其他人大事务支出（含代表履职服务保障）"


def expenditure_source(style: Style) -> Source:
    """A 支出预算总表 in 元: 201 一般公共服务支出 > 20101 人大事务 > `style.rows` 项; every third 项 has no 项目支出
    (zero), the second a negative one when the style says so, the last a long name when it wraps."""
    items = []
    for i in range(1, style.rows + 1):
        basic = Decimal(f"{123456 * i + 7}.{(13 * i) % 100:02d}" if style.decimals else 123456 * i + 7)
        project = Decimal(0) if i % 3 == 0 else Decimal(f"{2345678 * i}.50" if style.decimals else 2345678 * i)
        if style.negative and i == 2:
            project = Decimal("-12.00")
        name = _LONG if style.wrap and i == style.rows else _NAMES[(i - 1) % len(_NAMES)] + ("" if i <= len(_NAMES) else str(i))
        items.append((f"20101{i:02d}", name, basic + project, basic, project))
    sums = [sum(row[k] for row in items) for k in (2, 3, 4)]
    upper = [("201", "一般公共服务支出", *sums), ("20101", "人大事务", *sums)]
    if style.header == "flat":
        head = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
        spans, widths, labels = [], [70, 230, 110, 110, 110], 2
        body = [[code, name, *figures] for code, name, *figures in upper + items]
        total_row = ["合计", "", *sums]
    else:
        head = [["项目", "", "", "", "支出预算", "", ""], ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"], ["类", "款", "项", "", "", "", ""]]
        spans = [("SPAN", (0, 0), (3, 0)), ("SPAN", (4, 0), (6, 0)), ("SPAN", (0, 1), (2, 1)), ("SPAN", (3, 1), (3, 2)), ("SPAN", (4, 1), (4, 2)), ("SPAN", (5, 1), (5, 2)), ("SPAN", (6, 1), (6, 2))]
        widths, labels = [40, 40, 40, 230, 110, 110, 110], 4
        body = [[code[:3], code[3:5], code[5:7], name, *figures] for code, name, *figures in upper + items]
        total_row = ["合计", "", "", "", *sums]
    body = [total_row, *body] if style.totals == "top" else [*body, total_row]
    expected = {"rows": {code: {"total": t, "basic": b, "project": p} for code, _, t, b, p in upper + items},
                "names": {code: name for code, name, *_ in upper + items},
                "totals": {"total": {"total": sums[0], "basic": sums[1], "project": sums[2]}}}
    return Source("expenditure_summary", "2025年部门支出预算总表", "元", head, spans, widths, body, labels, expected)


def three_public_source(style: Style) -> Source:
    """The Shanghai T9 in 万元: 三公 = 出国 + 接待 + 公务用车 (购置 + 运行, both zero here) and 机关运行经费, one row."""
    figures = [Decimal(v) for v in ("1867.50", "1839.00", 0, 0, 0, "28.50", "1213.28")]
    if not style.decimals:  # whole yuan: the figures of a 元 table that prints no fen
        figures = [Decimal(v) for v in (1867, 1839, 0, 0, 0, 28, 1213)]
    keys = ["total", "overseas_travel", "vehicles", "vehicle_purchase", "vehicle_operation", "reception", "operating_costs"]
    if style.header == "flat":
        head = [["合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费", "机关运行经费预算数"]]
        figures, keys = [figures[k] for k in (0, 1, 2, 5, 6)], [keys[k] for k in (0, 1, 2, 5, 6)]
        spans, widths = [], [110, 120, 150, 110, 130]
    else:
        head = [["“三公”经费预算数", "", "", "", "", "", "机关运行经费预算数"],
                ["合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费", ""],
                ["", "", "小计", "购置费", "运行费", "", ""]]  # fmt: skip
        spans = [("SPAN", (0, 0), (5, 0)), ("SPAN", (6, 0), (6, 2)), ("SPAN", (0, 1), (0, 2)), ("SPAN", (1, 1), (1, 2)), ("SPAN", (2, 1), (4, 1)), ("SPAN", (5, 1), (5, 2))]
        widths = [90, 100, 80, 80, 80, 90, 120]
    expected = {"measures": {"current": dict(zip(keys, figures))}}
    return Source("three_public", "2025年部门“三公”经费和机关运行经费预算表", "万元", head, spans, widths, [figures], 0, expected)


_INCOME = [("一、一般公共预算资金", "91016775.35"), ("二、政府性基金", 0), ("三、国有资本经营预算", 0)]
_SPENDING = [("一、一般公共服务支出", "82096797.42"), ("二、社会保障和就业支出", "4213779.28"), ("三、卫生健康支出", "1097073.43"), ("四、住房保障支出", "3609125.22")]


def fiscal_source(style: Style) -> Source:
    """The Shanghai T4 财政拨款收支预算总表 in 元: 收入 | 预算数 beside 支出 | 合计 | 一般公共预算 | 基金 | 国资, item rows
    (一、…) on each side, 收入总计 = 支出总计; the 基金 and 国资 figures zero."""
    income = [(name, Decimal(value)) for name, value in _INCOME]
    spending = [(name, Decimal(value)) for name, value in _SPENDING]
    if not style.decimals:
        income, spending = [(n, v.quantize(Decimal(1))) for n, v in income], [(n, v.quantize(Decimal(1))) for n, v in spending]
    total = sum(v for _, v in income)
    body = []
    for k in range(max(len(income), len(spending))):
        left = list(income[k]) if k < len(income) else ["", None]
        right = [spending[k][0], spending[k][1], spending[k][1], Decimal(0), Decimal(0)] if k < len(spending) else ["", None, None, None, None]
        body.append(left + right)
    spent = sum(v for _, v in spending)
    body.append(["收入总计", total, "支出总计", spent, spent, Decimal(0), Decimal(0)])
    if style.header == "flat":
        head, spans = [["收入项目", "预算数", "支出项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]], []
    else:
        head = [["财政拨款收入", "", "财政拨款支出", "", "", "", ""], ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]]
        spans = [("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (6, 0))]
    rows = {("income", name): {"total": value} for name, value in income}
    rows |= {("expenditure", name): {"total": value, "general_budget": value, "gov_fund": Decimal(0), "state_capital": Decimal(0)} for name, value in spending}
    totals = {"income_total": {"total": total}, "expenditure_total": {"total": spent, "general_budget": spent, "gov_fund": Decimal(0), "state_capital": Decimal(0)}}
    expected = {"rows": rows, "totals": totals}
    return Source("fiscal_summary", "2025年部门财政拨款收支预算总表", "元", head, spans, [150, 100, 170, 100, 100, 100, 100], body, 0, expected, (0, 2))


SOURCES = {"expenditure_summary": expenditure_source, "three_public": three_public_source, "fiscal_summary": fiscal_source}


def figure(value: Decimal | None, style: Style) -> str:
    if value is None:
        return ""
    if value == 0:
        return style.zero
    places = ".2f" if style.decimals else ".0f"
    return format(value, ("," if style.commas else "") + places)


def _cells(source: Source, style: Style, rows: list) -> list[list]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    wrapped = ParagraphStyle("cell", fontName=FONT, fontSize=style.size, leading=style.size * 1.25, wordWrap="CJK", alignment=2)
    out = []
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cells.append(Paragraph(value, ParagraphStyle("name", parent=wrapped, alignment=0)) if value == _LONG else value)
            else:
                text = figure(value, style)
                cells.append(Paragraph(text, wrapped) if style.narrow == "wrap" and text else text)
        out.append(cells)
    return out


def _rules(style: Style, header: int, columns: int, rows: int):
    from reportlab.lib import colors

    black = colors.black
    if style.unruled:  # a grid with one rule of the body left out (a Word table with cells merged by hand)
        out = [("BOX", (0, 0), (-1, -1), 0.5, black), ("INNERGRID", (0, 0), (-1, header - 1), 0.5, black)]
        out += [("LINEAFTER", (c, header), (c, -1), 0.5, black) for c in range(columns - 1) if style.unruled != "column" or c != columns - 2]
        out += [("LINEABOVE", (0, r), (-1, r), 0.5, black) for r in range(header, header + rows) if style.unruled != "row" or r != header + 3]
        return out
    return {
        "grid": [("GRID", (0, 0), (-1, -1), 0.5, black)],
        "three_line": [("LINEABOVE", (0, 0), (-1, 0), 1.0, black), ("LINEBELOW", (0, header - 1), (-1, header - 1), 0.5, black), ("LINEBELOW", (0, -1), (-1, -1), 1.0, black)],
        "rows": [("LINEBELOW", (0, 0), (-1, -1), 0.5, black), ("LINEABOVE", (0, 0), (-1, 0), 0.5, black)],
        "box": [("BOX", (0, 0), (-1, -1), 0.5, black)],
        "none": [],
        "inner": [("INNERGRID", (0, 0), (-1, -1), 0.5, black)],
        "open": [("INNERGRID", (0, 0), (-1, -1), 0.5, black), ("LINEABOVE", (0, 0), (-1, 0), 0.5, black), ("LINEBELOW", (0, -1), (-1, -1), 0.5, black)],
    }[style.rules]


def _merged_codes(source: Source, body: list, top: int) -> list:
    """SPANs merging each 类 and 款 code cell down over the rows that repeat it, the repeats blanked (an Excel export)."""
    spans = []
    for col in range(min(2, source.label_columns - 2)):
        start = None
        for r in range(len(body) + 1):
            same = r < len(body) and start is not None and body[r][col] == body[start][col] and body[r][col] != ""
            if same:
                body[r][col] = ""
                continue
            if start is not None and r - start > 1:
                spans.append(("SPAN", (col, top + start), (col, top + r - 1)))
            start = r if r < len(body) and body[r][col] not in ("", "合计") else None
    return spans


def table_of(source: Source, style: Style, body: list | None = None):
    from reportlab.platypus import Table, TableStyle

    header = len(source.head)
    body = [list(row) for row in (source.body if body is None else body)]
    widths = list(source.widths)
    if style.narrow:  # figure columns narrower than the widest figure: they run over the rulings, or wrap
        widths = [style.size * 4.2 if index in source.figures else width for index, width in enumerate(widths)]
    if style.wrap:  # the name column too narrow for the long name: it wraps onto a second line in its cell
        index = source.label_columns - 1
        widths[index] = min(widths[index], style.size * 12)
    spans = list(source.spans) + [("SPAN", (0, header + r), (source.label_columns - 1, header + r)) for r, row in enumerate(body) if row[0] == "合计"]
    if style.merged_codes and source.label_columns > 2:
        spans += _merged_codes(source, body, header)
    table = Table([*source.head, *_cells(source, style, body)], colWidths=widths, repeatRows=header if style.repeat else 0)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, style.size), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *[("ALIGN", (index, header), (index, -1), "RIGHT") for index in source.figures], *_rules(style, header, len(widths), len(body)), *spans,
    ]))  # fmt: skip
    return table


def render(path: Path, source: Source, style: Style) -> Path:
    """`source` set in `style` on landscape A4 pages, under a sentence of 万元 and its title."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
    line = f"单位：{source.unit}"

    def heading(title: str, line: str = line) -> list:
        if style.unit == "title":
            return [Paragraph(f"{title}（{line}）", ParagraphStyle("title", parent=body, alignment=TA_CENTER))]
        if style.unit == "title_line":  # the title centred, the unit at the right end of the same line
            both = Table([["", title, line]], colWidths=[150, sum(source.widths) - 300, 150])
            both.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("ALIGN", (1, 0), (1, 0), "CENTER"), ("ALIGN", (2, 0), (2, 0), "RIGHT")]))
            return [both]
        out = [Paragraph(title, ParagraphStyle("title", parent=body, alignment=TA_CENTER))]
        if style.unit == "left":
            out.append(Paragraph(line, body))
        elif style.unit == "right":
            out.append(Paragraph(line, ParagraphStyle("right", parent=body, alignment=TA_RIGHT)))
        elif style.unit == "amount":
            out.append(Paragraph("金额" + line, body))
        elif style.unit == "beside":  # one line: 编制部门 at the left, the unit at the right, set as an unruled table
            beside = Table([["编制部门：上海市某某区某某局", line]], colWidths=[sum(source.widths) - 120, 120])
            beside.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
            out.append(beside)
        return out

    story = [Paragraph("2025年，本部门支出预算9,101.68万元。", body), *heading(source.title)]
    if style.continued:  # two tables: the first half, and on the next page the rest under the title with （续）
        half = len(source.body) // 2
        again = heading(source.title + "（续）", f"单位：{style.continued_unit or source.unit}") if style.continued == "title" else [Paragraph("续表", ParagraphStyle("right", parent=body, alignment=TA_RIGHT))]
        story += [table_of(source, style, source.body[:half]), PageBreak(), *again, table_of(source, style, source.body[half:])]
    else:
        story.append(table_of(source, style))
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


def render_pair(path: Path, first: Source, first_style: Style, second: Source, second_style: Style) -> Path:
    """Two tables on one page, each under its title (none when it is "") and (unless its style says it is missing) its
    unit line, a note between them."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
    story = []
    for source, style in ((first, first_style), (second, second_style)):
        story += [Paragraph(source.title, body)] if source.title else []
        story += [] if style.unit == "missing" else [Paragraph(f"单位：{source.unit}", body)]
        story += [table_of(source, style), Paragraph("注：本表数字为预算数。", body)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path
