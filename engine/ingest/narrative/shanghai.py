"""Ingest stage, narratives: the Shanghai district template (上海市…区级部门预算/决算), centred section titles, tables as layout text.

What is read: the glossary, the income and expenditure totals of the 编制说明, and in 其他相关情况说明
the 三公 sentences and the 机关运行经费 total (its numbered parts are routed by the Hebei section
names). Tables set as layout text and the sections the schema has no place for are reported, one
warning each, and not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetcheck import codes
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.clauses import Label, map_figures
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.sections import Section, Template
from budgetcheck.ingest.narrative.source import Block, Cell, Para
from budgetcheck.ingest.narrative.text_sections import (
    map_operating_costs,
    map_three_public,
    paras,
)
from budgetcheck.ingest.narrative.unmapped import cells_of

SHANGHAI = Template(
    "shanghai-district",
    (
        ("sh_tables", re.compile(r"(?:预算|决算)(?:总)?表$|分类预算表$|经费预算表$")),
        ("sh_projects", re.compile(r"项目经费情况说明$|项目情况说明$")),
        ("sh_other", re.compile(r"其他相关情况说明$|其他重要事项说明$")),
        ("sh_notes", re.compile(r"编制说明$|总体情况说明$")),
        ("glossary", re.compile(r"名词解释$")),
        ("sh_organisation", re.compile(r"机构设置$|单位构成")),
        ("sh_duties", re.compile(r"主要职能$")),
    ),
    centred_titles=True,
)

_NOT_READ = {
    "sh_tables": ("表格以版式文本排列，其中数字未抽取", "a table set as layout text; its figures were not extracted"),
    "sh_projects": ("项目经费说明未抽取（文档模式中没有对应部分）", "project descriptions were not extracted (the schema has no part for them)"),
    "sh_organisation": ("机构设置为文字说明，未拆分为机构列表", "the organisation is prose and was not split into units"),
    "sh_duties": ("主要职能未按职责—指标结构抽取", "the duties were not extracted as duties with indicators"),
}


def not_read(builder: Builder, section: Section) -> None:
    """One warning for a section left unread, at its title; its blocks are accounted for by that warning."""
    heading = section.heading.cell  # type: ignore[union-attr]
    zh, en = _NOT_READ[section.key]
    builder.warn(heading, 0, codes.EXTRACT_SECTION_NOT_READ, f"第 {heading.line} 行起的“{section.title}”：{zh}", f"from line {heading.line}, '{section.title}': {en}")
    for cell in cells_of(section.blocks):
        builder.consume(cell, 0, len(cell.raw))


# Only the totals: the sources of income are given as 财政拨款/事业/经营/其他, which do not split into the
# schema's 一般公共预算/基金/国有资本/专户 sources, so a partial split would fake an arithmetic error.
INCOME_TOTAL = (Label(re.compile(r"收入"), "/overview/income/total"),)
EXPENDITURE_TOTAL = (Label(re.compile(r"支出"), "/overview/expenditure/total"),)


def map_notes(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/overview", {}, heading)
    for cell in paras(blocks):
        if re.search(r"收入(?:预算|决算)?(?:合计|总计)?(?:为)?[0-9]", cell.norm):
            builder.mark("/overview/income", {}, cell)
            map_figures(builder, cell, INCOME_TOTAL)
        elif re.search(r"支出(?:预算|决算)?(?:合计|总计)?(?:为)?[0-9]", cell.norm):
            builder.mark("/overview/expenditure", {}, cell)
            map_figures(builder, cell, EXPENDITURE_TOTAL)


def map_other(builder: Builder, blocks: Sequence[Block], heading: Cell, fiscal_year: int | None) -> None:
    """Numbered parts routed by name: 三公 and 机关运行经费 are read; the others' figures stay unmapped (and are warned)."""
    parts: list[tuple[str, Cell, list[Block]]] = []
    for block in blocks:
        part = _part(block)
        if part is not None:
            parts.append((part, block.cell, []))  # type: ignore[union-attr]
            builder.consume(block.cell, 0, len(block.cell.raw))  # type: ignore[union-attr]
        elif parts:
            parts[-1][2].append(block)
    for key, title, body in parts:
        if key == "three_public":
            map_three_public(builder, body, title, fiscal_year)
        elif key == "operating_costs":
            map_operating_costs(builder, body, title)


_PARTS = ((re.compile(r"三公"), "three_public"), (re.compile(r"机关运行"), "operating_costs"))


def _part(block: Block) -> str | None:
    if not isinstance(block, Para):
        return None
    ordinal = read_ordinal(block.cell.norm)
    if ordinal is None or ordinal.style != "comma" or not ordinal.chinese or len(block.cell.norm) > 40:
        return None
    title = block.cell.norm[ordinal.length :]
    if "。" in title:
        return None
    return next((key for pattern, key in _PARTS if pattern.search(title)), "other")
