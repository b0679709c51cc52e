"""Ingest stage, narratives: the Shanghai district template (上海市…区级部门预算/决算), centred section titles, tables as layout text.

What is read: the duties and the organisation as prose, the glossary, the income and expenditure
totals of the 编制说明, and in 其他相关情况说明 (其他重要事项的情况说明 in a 决算) the 三公 sentences, the
机关运行经费 total, and the procurement, performance and asset parts as prose (its numbered parts are
routed by the heading vocabulary); in a 决算, the accounts of the government fund and state capital appropriations
(final_funds: none, or their totals). Tables set as layout text and the project descriptions, which the
schema has no place for, are reported, one warning each, and not read. A budget is checked against
department-disclosure/2016-shanghai-budget, a 决算 against 2016-shanghai-final (2016-national-final where it is not
Shanghai's: extract._national).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from budgetcheck import codes
from budgetcheck.ingest.narrative import headings
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.clauses import Label, map_figures
from budgetcheck.ingest.narrative.final_funds import fund_parts, read_final_fund
from budgetcheck.ingest.narrative.final_three_public import NO_THREE_PUBLIC, read_final_three_public
from budgetcheck.ingest.narrative.numbers import Money
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.scopes import fund_named
from budgetcheck.ingest.narrative.sections import Section, Template
from budgetcheck.ingest.narrative.source import Block, Cell, Para
from budgetcheck.ingest.narrative.text_sections import (
    map_operating_costs,
    map_three_public,
    paras,
    put_text,
)
from budgetcheck.ingest.narrative.unmapped import cells_of

_NOT_READ = {
    "sh_tables": ("表格以版式文本排列，其中数字未抽取", "a table set as layout text; its figures were not extracted"),
    "sh_projects": ("项目经费说明未抽取（文档模式中没有对应部分）", "project descriptions were not extracted (the schema has no part for them)"),
    "sh_three_public": ("决算“三公”经费说明未按金额抽取", "the 决算's explanation of the three public expenses was not read as figures"),
    "sh_fund": ("政府性基金、国有资本经营预算的决算说明未抽取（文档模式中没有对应部分）", "the fund and state-capital explanations were not extracted (the schema has no part for them)"),
    # a 决算's account of one fund, by its part (final_funds): blank, a template's XXX, or words that are neither a statement of
    # none nor a total
    "gov_fund": ("政府性基金预算财政拨款收入支出决算说明未读出：没有可读的“无…收入和支出”说明或收支总数", "the account of the government fund appropriations was not read: no statement of none and no total it could read"),
    "state_capital": ("国有资本经营预算财政拨款收入支出决算说明未读出：没有可读的“无…收入和支出”说明或收支总数", "the account of the state capital appropriations was not read: no statement of none and no total it could read"),
}

_FINAL_PARTS = {
    "sh_duties": "duties", "sh_organisation": "organisation", "sh_notes": "overview", "sh_performance": "performance",
    "sh_three_public": "three_public", "sh_other": "", "sh_tables": "", "sh_final_fund": "",
}  # fmt: skip

# 一、主要职能 in Shanghai's own template; 部门职责 / 主要职责 / 职能职责 where a district or a unit titles it the national way
_DUTIES = re.compile(r"(?:主要|部门|单位)(?:职能|职责)$|职能职责$|主要职责")

# 其他重要事项的说明 (…及相关口径情况说明 in Yunnan, with or without 的), as the 决算 and the national budget title it
_OTHER = re.compile(r"其他重要事项(?:及相关口径)?(?:的)?(?:情况)?说明$|其他相关情况说明$")
_ORGANISATION = re.compile(r"机构设置(?:情况)?$|单位构成")
_ATTACHED = r"(?:[（(](?:详见附件|见附件|附后)[）)])?$"  # …报表（详见附件）: the tables part of a text whose tables are attached
_FINAL_FUND = re.compile(r"(?:政府性基金|国有资本经营)预算.*决算情况说明$")  # 八、政府性基金… 九、国有资本经营…

# The 决算 counterpart: 第一部分 概况 (一、主要职能 二、部门决算单位构成), 第二部分 the nine 决算 tables, 第三部分
# 决算情况说明 (一、… to 十一、, numbered again from 一), 第四部分 名词解释.
SHANGHAI_FINAL = Template(
    "shanghai-district-final",
    (
        # 第二部分 …决算表 / …决算报表 (Guangxi) / …决算公开报表（见附件） (Hubei): the tables, as a part
        ("sh_tables", re.compile(r"决算(?:总)?表$|决算(?:公开)?报表" + _ATTACHED)),
        ("sh_other", _OTHER),
        ("sh_performance", re.compile(r"绩效(?:管理)?(?:工作)?情况(?:的)?(?:说明)?$")),
        ("sh_three_public", re.compile(r"三公.*说明$")),
        # 八、政府性基金… and 九、国有资本经营…: one section (九 comes under 八's key), whose accounts map_final_fund parts
        ("sh_final_fund", _FINAL_FUND),
        ("sh_notes", re.compile(r"决算.*(?:情况)?说明$")),
        ("glossary", re.compile(r"名词解释$")),
        ("sh_organisation", re.compile(r"单位构成|机构设置")),
        ("sh_duties", _DUTIES),
    ),
    centred_titles=True,
    schema_version="2016-shanghai-final",
    schema_version_final="2016-shanghai-final",
    parts=("duties", "organisation", "glossary", "overview", "three_public", "operating_costs", "procurement", "performance", "assets",
           "gov_fund", "state_capital"),
    tables=frozenset({"sh_tables"}),
    part_of_section=_FINAL_PARTS,
    not_read=_NOT_READ,
    fed_by={"overview": re.compile(r"收支|收入|支出")},
    nested=True,
    optional=frozenset({"gov_fund", "state_capital"}),
)

# The national template of a 部门预算 (财政部's, kept by most provinces): 第一部分 部门概况 (一、部门职责 二、机构设置),
# 第二部分 the budget tables, 第三部分 预算情况说明 (一、收支预算总体情况 … 七、“三公”经费 … 九、其他重要事项的情况说明,
# numbered again from 一), 第四部分 名词解释. Read as the Shanghai budget's parts are: totals from the 说明, the 三公
# sentence, the other matters routed by their words; it is checked against a profile of its own with the same nine
# parts (2016-national-budget), so the report names its template; a 决算 of this shape is checked as the Shanghai 决算
# template reads it, against 2016-national-final unless it is Shanghai's (extract._national).
NATIONAL_BUDGET = Template(
    "national-budget",
    (
        ("sh_tables", re.compile(r"预算(?:总)?表$|收支总表$|收入总表$|支出总表$|支出表$|预算(?:公开)?报表" + _ATTACHED)),
        ("sh_other", _OTHER),
        # 第三部分 …2024年部门预算及“三公”经费预算说明 (Guangxi): the whole 说明, not its 三公 part
        ("sh_notes", re.compile(r"(?:部门|单位)预算及.{0,4}三公.{0,4}经费(?:预算)?(?:编制)?说明$")),
        ("three_public", re.compile(r"三公.*(?:情况|说明)$")),
        ("sh_fund", re.compile(r"(?:政府性基金|国有资本经营)预算.*情况(?:说明)?$")),
        ("sh_performance", re.compile(r"绩效(?:目标|管理)?(?:设置)?(?:工作)?情况(?:的)?(?:说明)?$")),
        ("sh_notes", re.compile(r"预算(?:安排)?(?:情况)?说明$")),
        ("glossary", re.compile(r"名词解释$")),
        ("sh_organisation", _ORGANISATION),
        ("sh_duties", _DUTIES),
    ),
    schema_version="2016-national-budget",
    schema_version_final="2016-shanghai-final",
    parts=("duties", "organisation", "glossary", "overview", "three_public", "operating_costs", "procurement", "performance", "assets"),
    tables=frozenset({"sh_tables"}),
    part_of_section={"sh_duties": "duties", "sh_organisation": "organisation", "sh_notes": "overview", "sh_performance": "performance", "sh_other": "", "sh_tables": "", "sh_fund": ""},
    not_read=_NOT_READ,
    fed_by={"overview": re.compile(r"收支|收入|支出")},
    nested=True,
)

SHANGHAI = Template(
    "shanghai-district",
    (
        ("sh_tables", re.compile(r"(?:预算|决算)(?:总)?表$|分类预算表$|经费预算表$")),
        ("sh_projects", re.compile(r"项目经费情况说明$|项目情况说明$|专项(?:[（(][^）)]*[）)])?经费情况说明$")),
        ("sh_other", re.compile(r"其他相关情况说明$|其他重要事项(?:的情况)?说明$")),
        ("sh_notes", re.compile(r"编制说明$|总体情况说明$")),
        ("glossary", re.compile(r"名词解释$")),
        ("sh_organisation", _ORGANISATION),
        ("sh_duties", _DUTIES),
    ),
    centred_titles=True,
    schema_version="2016-shanghai-budget",
    schema_version_final="2016-shanghai-final",
    parts=("duties", "organisation", "glossary", "overview", "three_public", "operating_costs", "procurement", "performance", "assets"),
    tables=frozenset({"sh_tables"}),
    part_of_section={"sh_duties": "duties", "sh_organisation": "organisation", "sh_notes": "overview", "sh_other": "", "sh_tables": "", "sh_projects": ""},
    not_read=_NOT_READ,
    # the 编制说明 gives the totals; the split into basic and project spending, and the sources, are in the tables
    fed_by={"overview": re.compile(r"收支|收入|支出")},
)


def map_statement(builder: Builder, pointer: str, blocks: Sequence[Block], heading: Cell) -> None:
    """A part the template publishes as prose: its heading as printed and its text whole, paragraph by paragraph.
    A heading whose bracket a line break left open (“二、部门决算单位构成（仅有一个单位的部门，本部分内容” / “为
    ‘机构设置’” / “）”) takes the short lines that close it."""
    builder.mark(pointer, {}, heading)
    cells = list(paras(blocks))
    title = heading.raw.strip()
    while cells and _open_brackets(title) > 0 and len(cells[0].raw) <= 20:
        title += cells[0].raw.strip()
        builder.consume(cells[0], 0, len(cells[0].raw))
        cells.pop(0)
    builder.put(f"{pointer}/heading", title, heading)
    for cell in cells_of(blocks):
        builder.consume(cell, 0, len(cell.raw))
    if not cells:
        return
    put_text(builder, f"{pointer}/text", cells[0])
    if len(cells) > 1:
        builder.get(pointer)["text"] = _joined(cells)  # type: ignore[index]


_ENDS = tuple("。；：！？;:!?")


def _joined(cells: Sequence[Cell]) -> str:
    """Paragraphs one per line; a line that ends in mid-sentence (a PDF's wrap, however many blank lines part
    it from the next) runs on into the next without a break."""
    text = cells[0].raw.strip()
    for cell in cells[1:]:
        text += ("\n" if text.endswith(_ENDS) else "") + cell.raw.strip()
    return text


def _open_brackets(text: str) -> int:
    return sum(text.count(mark) for mark in "（(") - sum(text.count(mark) for mark in "）)")


def not_read(builder: Builder, section: Section) -> None:
    """One warning for a section left unread, at its title; its blocks are accounted for by that warning."""
    heading = section.heading.cell  # type: ignore[union-attr]
    zh, en = _NOT_READ[section.key]
    builder.warn(heading, 0, codes.EXTRACT_SECTION_NOT_READ, f"第 {heading.line} 行起的“{section.title}”：{zh}", f"from line {heading.line}, '{section.title}': {en}")
    for cell in cells_of(section.blocks):
        builder.consume(cell, 0, len(cell.raw))
    if section.key != "sh_tables":  # prose (a 决算's 三公 account, a project's account) that no field holds
        builder.set_aside.update(para.line for para in section.blocks if isinstance(para, Para))
    else:  # a table's note (“说明：…本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。”) is prose too
        builder.set_aside.update(_note_lines(section.blocks))


_NOTE = re.compile(r"\s*(?:注|说明)\s*[0-9]?\s*[:：]")


def _note_lines(blocks: Sequence[Block]) -> set[int]:
    """The lines of each note under a table: a paragraph opening 注： or 说明：, and the lines after it up to the
    one that ends its sentence (at most three: a table row after it is no part of it)."""
    lines: set[int] = set()
    paragraphs = [block for block in blocks if isinstance(block, Para)]
    for index, para in enumerate(paragraphs):
        if not _NOTE.match(para.cell.norm):
            continue
        for follower in paragraphs[index : index + 4]:
            lines.update(line for line, _, _ in follower.cell.spans(0, max(len(follower.cell.raw), 1)))
            if follower.cell.norm.rstrip().endswith("。"):
                break
    return lines


_NO_THREE_PUBLIC = re.compile(NO_THREE_PUBLIC)  # a printed nil is exact
_FIGURED = re.compile(r"[0-9][0-9,.]*\s*(?:亿元|万元|元|%)|[Xx×]{2,}|预算为|决算为")
_NIL = ("/three_public/total", "/three_public/overseas_travel", "/three_public/vehicles/total", "/three_public/reception")


def map_final_three_public(builder: Builder, section: Section, fiscal_year: int | None = None) -> None:
    """A 决算's 三公 account: its outturns and their changes where it states them (final_three_public); where it
    says there was none (“无“三公”经费财政拨款支出”) and states no figure, every figure is 0. An account with no
    figure to read (the blank template, which prints both forms with XXX) stays unread."""
    heading = section.heading.cell  # type: ignore[union-attr]
    cells = list(paras(section.blocks))
    if read_final_three_public(builder, heading, cells, fiscal_year):
        builder.own([heading, *cells], "three_public")
        return
    nil = [cell for cell in cells if _NO_THREE_PUBLIC.search(cell.norm)]
    if len(nil) != 1 or any(_FIGURED.search(cell.norm) for cell in cells):
        not_read(builder, section)
        return
    builder.mark("/three_public", {}, heading)
    builder.own([heading, *cells], "three_public")
    found = _NO_THREE_PUBLIC.search(nil[0].norm)
    assert found is not None
    for pointer in _NIL:
        builder.put_money(pointer, Money(Decimal(0), builder.unit, found.start(), found.end()), nil[0])
    for cell in cells:
        builder.consume(cell, 0, len(cell.raw))
    # the schema's 三公 part holds no prose: the text rules still read the sentence (/unplaced)
    builder.set_aside.update(line for cell in cells for line, _, _ in cell.spans(0, max(len(cell.raw), 1)))


def map_final_fund(builder: Builder, section: Section, fiscal_year: int | None = None, duplicates: Sequence[Para] = ()) -> None:
    """A 决算's accounts of its government fund and state capital appropriations (八, and 九 under the same section key,
    each opened by its own heading): that there was none, or the totals (final_funds), each in its part. An account of
    which nothing could be read stays unread, with the warning that says so, as the section was before it was read."""
    for heading, title, blocks in _accounts(builder, section, duplicates):
        parts = fund_parts(title)
        builder.own([heading, *cells_of(blocks)], parts[0] if parts else "")
        if read_final_fund(builder, heading, list(paras(blocks)), parts, fiscal_year):
            continue
        zh, en = _NOT_READ[parts[0]] if parts else ("内容未抽取", "its content was not extracted")
        builder.warn(heading, 0, codes.EXTRACT_SECTION_NOT_READ, f"第 {heading.line} 行起的“{title}”：{zh}", f"from line {heading.line}, '{title}': {en}")
        for cell in cells_of(blocks):
            builder.consume(cell, 0, len(cell.raw))
        builder.set_aside.update(para.line for para in blocks if isinstance(para, Para))
        builder.recognised.update((part, (heading.line, zh, en)) for part in parts)


def _accounts(builder: Builder, section: Section, duplicates: Sequence[Para]) -> list[tuple[Cell, str, list[Block]]]:
    """(heading, title, blocks) of each account the section holds: its own, and one under each numbered heading in it
    that titles another fund's account (九、国有资本经营预算…决算情况说明 after 八). A heading of an account already
    opened (a contents list read as headings, then the body; the repeat of 八 is the extraction's duplicate) goes on
    with it: the text after it is that account's. A heading in the blocks is the account's structure, read as such."""
    repeats = [para for para in duplicates if _fund_title(para) is not None]
    accounts: dict[tuple[str, ...], tuple[Cell, str, list[Block]]] = {}
    current = accounts.setdefault(fund_parts(section.title), (section.heading.cell, section.title, []))  # type: ignore[union-attr]
    for block in sorted([*section.blocks, *repeats], key=lambda block: block.line):
        title = _fund_title(block)
        if title is None:
            current[2].append(block)
            continue
        current = accounts.setdefault(fund_parts(title), (block.cell, title, []))  # type: ignore[union-attr]
        if block not in repeats:  # 九's heading inside 八's section: consumed, and still text for the text rules
            builder.consume(block.cell, 0, len(block.cell.raw))  # type: ignore[union-attr]
            builder.set_aside.add(block.line)
    return list(accounts.values())


def _fund_title(block: Block) -> str | None:
    """The title of a numbered heading of a fund's account (九、国有资本经营预算财政拨款收入支出决算情况说明), else None."""
    if not isinstance(block, Para) or len(block.cell.norm) > 60:
        return None
    ordinal = read_ordinal(block.cell.norm)
    title = block.cell.norm[ordinal.length :].strip() if ordinal is not None else ""
    return title if ordinal is not None and ordinal.chinese and "。" not in title and _FINAL_FUND.search(title.translate(_QUOTES)) else None


_QUOTES = str.maketrans("", "", "“”\"")


# Only the totals: the sources of income are given as 财政拨款/事业/经营/其他, which do not split into the
# schema's 一般公共预算/基金/国有资本/专户 sources, so a partial split would fake an arithmetic error. A figure whose
# label names a fund, a source or a part (财政拨款收入, 事业收入, 基本支出, 上年结转…) is no total, whatever its place.
_NO_TOTAL = r"^(?!.*(?:财政拨款|一般公共预算|公共财政|政府性基金|国有资本|财政专户|事业收入|事业单位经营|经营收入|经营支出|其他收入|上级补助|附属单位|上缴|结转|结余|基本支出|项目支出|人员|公用|年初预算|全年预算|调整预算))"
INCOME_TOTAL = (Label(re.compile(_NO_TOTAL + r".*收入"), "/overview/income/total"),)
EXPENDITURE_TOTAL = (Label(re.compile(_NO_TOTAL + r".*支出"), "/overview/expenditure/total"),)
# A 决算's 收入总计/支出总计 hold last year's carry-over and this year's balance (本年收入合计 + 年初结转和结余 = 本年支出合计
# + 年末结转和结余): the totals its tables and the basic/project split are of are the 合计s, so a 总计 is no total here
# (read as one beside a 合计 of the other side, 1,256.80 against 1,190.30 was a false BUD-BAL-001 and CLM-TOT-001)
_NO_GRAND = r"(?!.*总计)"
FINAL_INCOME_TOTAL = (Label(re.compile(_NO_TOTAL + _NO_GRAND + r".*收入"), "/overview/income/total"),)
FINAL_EXPENDITURE_TOTAL = (Label(re.compile(_NO_TOTAL + _NO_GRAND + r".*支出"), "/overview/expenditure/total"),)
_SPLIT = re.compile(r"(?:基本支出|项目支出)[^，,；;。]{0,12}?[0-9]")


def map_notes(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    """The totals of income and expenditure. A 决算 numbers its 说明 again inside (二、收入决算情况说明 …
    （三）一般公共预算财政拨款支出决算具体情况): those sub-headings are its structure, read as such (and, as no
    field holds them, still read by the text rules)."""
    builder.mark("/overview", {}, heading)
    final = "决算" in heading.norm
    incomes, expenditures = (FINAL_INCOME_TOTAL, FINAL_EXPENDITURE_TOTAL) if final else (INCOME_TOTAL, EXPENDITURE_TOTAL)
    funded = False  # under a sub-heading of one fund's account (四、财政拨款收入支出决算总体情况说明): no total of the unit's
    spoken: set[str] = set()  # totals and splits the text states that may be left unread
    for cell in paras(blocks):
        if _sub_heading(cell):
            builder.consume(cell, 0, len(cell.raw))
            builder.set_aside.update(line for line, _, _ in cell.spans(0, max(len(cell.raw), 1)))
            funded = fund_named(cell.norm) is not None
            continue
        if funded:
            continue
        if _SPLIT.search(cell.norm):
            spoken.update(("/overview/expenditure/basic", "/overview/expenditure/project"))
        if re.search(r"收入(?:预算|决算)?(?:合计|总计)?(?:为)?\s*[0-9]", cell.norm):
            builder.mark("/overview/income", {}, cell)
            map_figures(builder, cell, incomes)
            spoken.add("/overview/income/total")
        elif re.search(r"支出(?:预算|决算)?(?:合计|总计)?(?:为)?\s*[0-9]", cell.norm):
            builder.mark("/overview/expenditure", {}, cell)
            map_figures(builder, cell, expenditures)
            spoken.add("/overview/expenditure/total")
    # the split into basic and project spending is read from the tables, and a 决算's 总计 is no total: what the text
    # states of them and the reader left is not the document's omission
    builder.undetermined.update(pointer for pointer in spoken if not builder.has(pointer))


def _sub_heading(cell: Cell) -> bool:
    """一、… or （一）… titling a 说明 in a line of its own: no sentence, no figure."""
    ordinal = read_ordinal(cell.norm)
    if ordinal is None or not ordinal.chinese or ordinal.style not in ("comma", "paren") or len(cell.norm) > 40:
        return False
    title = cell.norm[ordinal.length :]
    return bool(re.search(r"(?:情况|说明)$", title)) and "。" not in title and not _MONEY.search(title)


def map_other(builder: Builder, blocks: Sequence[Block], heading: Cell, fiscal_year: int | None) -> None:
    """Numbered parts (一、… in a budget, （一）… in a 决算: the first style met) routed by the heading vocabulary:
    三公 and 机关运行经费 are read as figures, procurement, performance and assets as prose; what else there is
    stays unread (its figures are warned)."""
    parts: list[tuple[str, Cell, list[Block]]] = []
    style: str | None = None
    for block in blocks:
        found = _part(block, style)
        if found is not None:
            key, style = found
            if any(seen == key for seen, _title, _body in parts):
                key = "other"  # a part is told once; a second heading of its words is something else
            parts.append((key, block.cell, []))  # type: ignore[union-attr]
            builder.consume(block.cell, 0, len(block.cell.raw))  # type: ignore[union-attr]
        elif parts:
            parts[-1][2].append(block)
    for key, title, body in parts:
        if key in _SUB_PARTS:
            builder.own([title, *cells_of(body)], key)
        if key == "three_public":
            map_three_public(builder, body, title, fiscal_year)
        elif key == "operating_costs":
            map_operating_costs(builder, body, title)
        elif key in _SUB_PARTS and not builder.has(f"/{key}"):
            map_statement(builder, f"/{key}", body, title)


_SUB_PARTS = ("three_public", "operating_costs", "procurement", "performance", "assets")
_MONEY = re.compile(r"[0-9]\s*(?:亿元|万元|元)")


def _part(block: Block, style: str | None) -> tuple[str, str] | None:
    """(part, ordinal style) for a numbered sub-heading without a sentence or a figure; "other" for one the vocabulary does not know."""
    if not isinstance(block, Para):
        return None
    ordinal = read_ordinal(block.cell.norm)
    if ordinal is None or not ordinal.chinese or ordinal.style not in ("comma", "paren") or len(block.cell.norm) > 40:
        return None
    if style is not None and ordinal.style != style:
        return None
    title = block.cell.norm[ordinal.length :]
    if "。" in title or _MONEY.search(title):
        return None
    return headings.part_of(title, _SUB_PARTS) or "other", ordinal.style
