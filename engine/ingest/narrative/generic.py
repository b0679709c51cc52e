"""Ingest stage, narratives: the generic reader, the floor under the template mappers.

A text no known template fits (another province's layout, a page holding only the 三公 paragraph, one
page of a multi-page article, a fragment cut mid-sentence) is still read: its headings by the national
heading vocabulary (headings.py) in any numbering (一、 (一) 1. 1、 (1) 第二部分 表一, numbers skipped or
not), or unnumbered when a short line holds a heading word and no sentence; the figures of every
sentence as claims (claims.py), and every line for the text rules. No section mapper runs: what a part
holds is the template's to say, and no template is known. The document is checked against
`department-disclosure/2016-generic`, whose parts are all optional, by the rules that need no template;
the template's own rules (completeness, tables) are not applicable (pipeline), and a diagnostic says so
with what was read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetcheck import codes
from budgetcheck.coverage import RECOGNISED_NOT_READ, Coverage, PartCoverage
from budgetcheck.ingest.narrative import headings
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.metadata import NAME_LINE, title_goes_on, titled_year, wrapped_name, year_number
from budgetcheck.ingest.narrative.model import ExtractionWarning
from budgetcheck.ingest.narrative.numbers import find_money
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.sections import Section, Split, Template
from budgetcheck.ingest.narrative.source import Block, Cell, Para, Row, has_leaders

GENERIC = Template(
    "generic",
    tuple((part, headings.pattern(part)) for part in headings.VARIANTS),
    schema_version="2016-generic",
    parts=(),
)

_TABLE_TITLE = re.compile(r"^表[一二三四五六七八九十0-9]+[、.:\s]*")
_MAX_TITLE = 40
_SENTENCE = re.compile(r"[。;；]|[,，].*[,，]")


def _title(para: Para) -> tuple[str, bool] | None:
    """The title a paragraph holds when it reads as a heading, and whether it is numbered."""
    if para.cell.breaks:
        return None
    norm = para.cell.norm.strip()
    if not norm or len(norm) > _MAX_TITLE + 8 or has_leaders(norm):
        return None
    ordinal = read_ordinal(norm)
    table = _TABLE_TITLE.match(norm)
    numbered = ordinal is not None or table is not None
    title = norm[ordinal.length :].strip() if ordinal else norm[table.end() :].strip() if table else norm
    if not title or len(title) > _MAX_TITLE or _SENTENCE.search(title) or find_money(title):
        return None
    return title, numbered


def generic_split(blocks: Sequence[Block]) -> Split:
    """Sections wherever a heading names a part of the national list; everything before the first is the preamble."""
    preamble: list[Block] = []
    sections: list[Section] = []
    current = preamble
    for block in blocks:
        found = _title(block) if isinstance(block, Para) else None
        part = headings.part_of(found[0]) if found else None
        if found is not None and part is not None and (found[1] or not re.search(r"[,，:：]", found[0])):
            section = Section(part, block, found[0])  # type: ignore[arg-type]
            sections.append(section)
            current = section.blocks
            continue
        current.append(block)
    return Split(GENERIC, preamble, sections, [])


REASON_ZH = "模板未识别：按通用规则只检查其数字陈述和文字"
REASON_EN = "template not recognised: only its stated figures and its text are checked, by the generic rules"


def seen_parts(split: Split) -> tuple[PartCoverage, ...]:
    """The parts of the national list whose heading the text shows, each recognised and not read as a part: no
    rule may judge what a part of an unknown template holds."""
    found: dict[str, PartCoverage] = {}
    for section in split.sections:
        if section.heading is not None and section.key not in found:
            title_zh, title_en = headings.TITLES[section.key]
            found[section.key] = PartCoverage(section.key, title_zh, RECOGNISED_NOT_READ, section.heading.line, REASON_ZH, REASON_EN, title_en=title_en)
    return tuple(found.values())


_TITLE_LABEL = re.compile(r"(?:文件|文档|公开|信息)?(?:名称|标题)\s*[:：]?")
_ATTACHED = re.compile(r"附件|附表|附:")
_OPENING = re.compile(r"(?:按照|根据|依据)")  # the opening sentence metadata.py reads the unit from


def title_lines(blocks: Sequence[Block]) -> list[Block]:
    """What stands for a title in a text of no known template: its first short line naming a year and a budget
    or final account (a 三公 notice is often titled by its only heading), or the value of a page's labelled row
    (| 名称: | …2026年部门预算情况说明 | |||), else nothing, so that a sentence's year is never taken for the document's.
    A line after the text's first full stop may be a line of the body, however short (a sentence wrapped at a narrow
    width: 2015年某区“三公”经费支出决算同比下降的原因主要是:区 / 级各单位…): there, a line is the title only when its year
    is the one the text names most (likely_year), as a caption's is (2016年决算数与2015年决算数对比情况 under a 2016 text)."""
    body = False  # a full stop has been read
    for block in blocks[:12]:
        labelled = _labelled_title(block)
        if labelled is not None:
            return [labelled]
        if not isinstance(block, Para):
            continue
        norm = block.cell.norm.strip()
        if not block.cell.breaks and _titled(norm) and (not body or _named_most(norm, blocks)):
            at = blocks.index(block)
            after = blocks[at + 1] if at + 1 < len(blocks) else None
            rest = [after] if isinstance(after, Para) and title_goes_on(block.cell, after.cell) else []  # …执行情况和 / 2024年预算草案的报告
            above = [before for before in blocks[max(0, at - 2) : at] if isinstance(before, Para) and NAME_LINE.match(before.cell.norm.strip())]
            if not above or block.line - above[-1].line > 2:
                return [block, *rest]
            lines = [above[-1], block, *rest]  # 青溪镇中心幼儿园 / 2023年度…
            start = blocks.index(lines[0])
            while start > 0 and isinstance(blocks[start - 1], Para) and wrapped_name(blocks[start - 1].cell, lines[0].cell, "".join(line.cell.norm for line in lines[: lines.index(block)])):
                start -= 1  # 上海市普陀区规划和自然 / 资源局 / 2024 年度部门决算
                lines.insert(0, blocks[start])
            return lines
        body = body or "。" in norm
    return []


def _named_most(norm: str, blocks: Sequence[Block]) -> bool:
    """Whether the year a title line names (titled_year) is the one the text's paragraphs name most."""
    found = titled_year(norm)
    return found is not None and year_number(found.group(1)) == likely_year("\n".join(block.cell.norm for block in blocks if isinstance(block, Para)))


def _titled(norm: str) -> bool:
    # 纳入…2023年部门预算编制范围的预算单位包括: opens a list; an opening 按照…，现将X2020年度…公布如下: names the unit
    lead_in = norm.endswith((":", "：", ",", "，", ";", "；")) and not _OPENING.match(norm)
    columns = "|" in norm or "\t" in norm or re.search(r"\S {3,}\S", norm)  # a table's header row (2022年预算数 | 2023年预算数) is no title
    caption = _ATTACHED.match(norm) and norm.endswith("表")  # 附件:1.…2019年“三公”经费决算数对比情况表: a table's caption
    return bool(
        len(norm) <= 60 and not caption and "。" not in norm and not lead_in and not columns and titled_year(norm)
        and re.search(r"预算|决算", norm) and not find_money(norm)
    )


def _labelled_title(block: Block) -> Para | None:
    """The value after a title's label in a web page's header table (| 名称: | X | |||, often joined with the rows
    around it into one paragraph), X being a title: the title, as its own paragraph."""
    if isinstance(block, Row):
        filled = [cell for cell in block.cells if cell.norm.strip()]
    elif "|" in block.cell.norm:
        cell, filled, at = block.cell, [], 0
        for part in cell.norm.split("|"):
            start, end = at + len(part) - len(part.lstrip()), at + len(part.rstrip())
            if end > start and not any(start < cut < end for cut, _, _ in cell.breaks):  # a value within one line
                line, column = cell.at(start)
                filled.append(Cell.of(line, column, cell.raw[start:end]))
            at += len(part) + 1
    else:
        return None
    for label, value in zip(filled, filled[1:]):
        if _TITLE_LABEL.fullmatch(label.norm.strip()) and _titled(value.norm.strip()):
            return Para(value)
    return None


def generic_note(coverage: Coverage, claims: int, blocks: Sequence[Block], dated: bool = True) -> ExtractionWarning:
    """The diagnostic a text of no known template carries: checked by the generic rules, with what was read;
    or, when nothing could be, why."""
    named = "、".join(part.title for part in coverage.parts)
    named_en = ", ".join(part.name("en") for part in coverage.parts)
    line = next((block.line for block in blocks), 1)
    if claims:
        zh = f"未识别的模板：按通用规则检查（覆盖：数字陈述 {claims} 处，正文数字 {coverage.figures_mapped}/{coverage.figures}" + (f"；见到的部分：{named}" if named else "") + "）；模板所要求的部分和表格不作检查"
        en = f"template not recognised: checked by the generic rules (coverage: {claims} stated figures, figures in the text {coverage.figures_mapped}/{coverage.figures}" + (f"; parts seen: {named_en}" if named_en else "") + "); the parts and tables a template requires are not checked"
    elif coverage.figures:
        zh = f"未识别的模板：按通用规则检查；文中 {coverage.figures} 个数字都不在可读的陈述句中，只检查了文字"
        en = f"template not recognised: checked by the generic rules; none of the {coverage.figures} figures of the text is in a sentence that could be read, only the wording was checked"
    else:
        zh = "未识别的模板：文中没有任何数字，没有可核对的金额，只检查了文字"
        en = "template not recognised: the text holds no figure, so there is no amount to check; only the wording was checked"
    if not dated:  # a blank template's XX年: only the rules in force in every year the pack knows can apply
        zh += "；文中没有可读的年度：只按规则包所涵盖的各年度都有效的规则检查，自某年起或到某年止才有效的规则不适用"
        en += "; the text names no year: only the rules in force in every year the rule pack covers were applied, not those in force from or until a given year"
    return ExtractionWarning(line, 1, codes.EXTRACT_GENERIC.id, zh, en)


def cut_head(blocks: Sequence[Block]) -> set[int]:
    """The first line of a page that begins inside a sentence, whose start is not on the page (the unfinished last
    sentence of any text is blanked before reading: normal.cut_tail)."""
    return _cut_head([block for block in blocks if isinstance(block, Para) and block.cell.norm.strip()])


_PAGE_NUMBER = re.compile(r"^[—\-\s]*[0-9]{1,3}[—\-\s]*$")
_STARTS_MID = re.compile(r"^[0-9.,]+\s*(?:亿元|万元|元|%)|^[，,。；;：:、)）]")


def _cut_head(paras: Sequence[Para]) -> set[int]:
    """A page of a longer text may begin inside a sentence (“19816.81 元,项目支出 0元。…”, after a page number): that
    sentence's figures belong to what came before it, which is not on the page; its first line is left unread."""
    for para in paras[:3]:
        norm = para.cell.norm.strip()
        if _PAGE_NUMBER.match(norm):
            continue
        if _STARTS_MID.match(norm):
            return {para.cell.line}
        break
    return set()


_YEAR_MENTION = re.compile(r"(?:([比较与])[ \t\u3000]*)?(?<![0-9])(20[0-9]{2})\s*年")  # group 1: a year compared with (较 2022 年, spaced too)


# a line that is a date and nothing else, or a label and a date (2023年8月30日, 发布日期：2023年8月30日): when it was
# signed or published, not the year it speaks of
_DATE_LINE = re.compile(r"^[ \t\u3000]*(?:[^\n\d：:]{1,8}[：:])?[ \t\u3000]*20[0-9]{2}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日[ \t\u3000]*$", re.M)


def likely_year(text: str) -> int | None:
    """The fiscal year of a text without a title: the year it names most often (the later on a tie), not counting a
    year compared with (比2021年…) or the date a line of its own signs the text with; None when it names none."""
    counts: dict[int, int] = {}
    text = _DATE_LINE.sub("", text)
    for found in _YEAR_MENTION.finditer(text):
        if found.group(1):
            continue
        year = int(found.group(2))
        counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda year: (counts[year], year)) if counts else None


def drop_ordinal_name(builder: Builder) -> None:
    """A title line that is a part's heading (第二部分：2022年度单位决算情况说明) names no department: what stands before
    its year is the ordinal, which is not kept as the publisher's name."""
    pointer = "/metadata/department/name"
    if builder.has(pointer) and (found := read_ordinal(str(builder.get(pointer)))) is not None and found.length >= len(str(builder.get(pointer)).rstrip(" :：")):
        metadata = builder.data["metadata"]
        metadata.pop("department", None)
        metadata.get("source", {}).pop("publisher", None)
        for table in (builder.positions, builder.provenance):
            for key in [key for key in table if key.startswith(("/metadata/department", "/metadata/source/publisher"))]:
                del table[key]
