"""Ingest stage, narratives: document metadata from the title, the opening sentence and the wording of the whole text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.source import Block, Cell, Para, normalise

_M = "/metadata"
# a title's year in digits or in Chinese numerals (二〇二四年, 二○二四年, 二零二四年, 一九九九年), of 1900–2099 then
YEAR_NUMBER = r"(?:[0-9]{4}|一九[〇○零O一二三四五六七八九]{2}|二[〇○零O][〇○零O一二三四五六七八九]{2})"
_YEAR = re.compile(rf"({YEAR_NUMBER})\s*年")
_COMPARED = re.compile(r"(?:[比较与]|相比|同比)[ \t\u3000]*$")  # before a year: it is compared with (较 2022 年度决算数…)
_UNIT_NAME = re.compile(rf"现将(.+?){YEAR_NUMBER}\s*年")
_NUMERALS = str.maketrans("〇○零O一二三四五六七八九", "0000123456789")
_PROVINCE = re.compile(r"(北京市|天津市|上海市|重庆市|[^《》、,]{2,3}?(?:省|自治区))")
_CITY_COUNTY = re.compile(r"^(?:(.{1,6}?市)(?=.{1,6}?[区县旗]))?(.{1,6}?[区县旗市])")
_LEVEL = re.compile(r"(省级|市级|区级|县级|乡级|乡镇)财政")
_LEVELS = {"区级": "县级", "乡镇": "乡级"}


# 预算 naming the kind of document, not a fund (一般公共预算, 政府性基金预算…财政拨款“三公”经费支出情况说明 says neither)
KIND_BUDGET = re.compile(r"(?<!一般公共)(?<!政府性基金)(?<!国有资本经营)(?<!社会保险基金)预算(?!拨款|单位)")


def year_number(written: str) -> int:
    """The year YEAR_NUMBER matched, as a number: 二〇二四 is 2024."""
    return int(written.translate(_NUMERALS))


def titled_year(norm: str) -> re.Match[str] | None:
    """The first year `norm` names that is not one compared with (较 2022 年度决算数, 比2021年): a title names its own year,
    and a line whose only years are compared with is a sentence, never a title (its year would be the one before)."""
    for found in _YEAR.finditer(norm):
        if not _COMPARED.search(norm, 0, found.start()):
            return found
    return None


def map_metadata(builder: Builder, preamble: Sequence[Block], text: str, source: str) -> None:
    builder.data.setdefault("metadata", {})
    builder.put_fixed(f"{_M}/document_type", "department-disclosure")
    builder.put_fixed(f"{_M}/schema_version", "2016")
    cells = [block.cell for block in preamble if isinstance(block, Para)]
    title = next((cell for cell in cells if is_title(cell)), None)
    title = _with_name_above(_with_rest_below(title, cells), cells) if title is not None else _stacked_title(cells)
    opening = next((cell for cell in cells if re.match(r"(?:按照|根据|依据)", cell.norm)), None)
    if title is not None:
        builder.put(f"{_M}/title", title.raw, title)
        budget = _budget_after_execution(title.norm)
        year = budget or titled_year(title.norm)
        builder.put(f"{_M}/fiscal_year", year_number(year.group(1)), title, year.start(1), year.end(1))  # type: ignore[union-attr]
        kind = "预算" if budget is not None or ("决算" not in title.norm and KIND_BUDGET.search(title.norm)) else "决算" if "决算" in title.norm else None
        at = -1 if kind is None else title.norm.find(kind, budget.end() if budget is not None else 0)
        if at >= 0:
            builder.put(f"{_M}/kind", kind, title, at, at + len(kind))
        elif kind is not None:
            builder.put_fixed(f"{_M}/kind", kind)
    name = _department(title, opening, cells)
    if name is not None:
        cell, start, end = name
        builder.put(f"{_M}/department/name", cell.raw[start:end], cell, start, end)
    builder.put_fixed(f"{_M}/unit", builder.unit)
    if opening is not None:
        builder.put(f"{_M}/preamble", opening.raw, opening)
        builder.mark(f"{_M}/legal_basis", [], opening)
        for index, law in enumerate(re.finditer(r"《[^《》]+》", opening.norm)):
            builder.put(f"{_M}/legal_basis/{index}", opening.raw[law.start() : law.end()], opening, law.start(), law.end())
    _region(builder, cells, name, text)
    level = Counter(_LEVELS.get(found, found) for found in _LEVEL.findall(text)).most_common(1)
    if level:
        builder.put_fixed(f"{_M}/level", level[0][0])
    if name is not None:
        builder.put_fixed(f"{_M}/source/publisher", name[0].raw[name[1] : name[2]])
    builder.put_fixed(f"{_M}/source/file", source)


_DEPARTMENT_LABEL = re.compile(r"^\s*(?:预算主管部门|主管部门|预算单位|部门名称|单位名称|编制单位|编制部门)\s*:\s*")


_TOPIC = re.compile(r"经费|预算|决算|收支|收入|支出|情况|[“”\"]")  # what a heading is about, never a body's name


def _budget_after_execution(title: str) -> re.Match | None:
    """The budget's year of a title that names last year's execution or final account and this year's budget (“三公”经费
    2024年执行情况和2025年预算情况, 某县2023年“三公”经费决算和2024年预算情况): the document is the budget, its year the
    second (CLM-YEAR-002 lets a budget speak of an earlier year's 执行 and 决算)."""
    first = _YEAR.search(title)
    if first is None or not re.match(r"[^\d。]{0,16}?(?:执行|决算)", title[first.end() :]):
        return None
    second = _YEAR.search(title, first.end())
    # 2025年上半年预算执行情况 after 2024年决算 is the execution of this year so far, not a budget: the report is 2024's 决算
    return second if second is not None and re.match(r"(?![^\d。]{0,6}?(?:上半年|前三季度|[0-9一二三四五六七八九十]{1,2}\s*月))[^\d。]{0,12}?预算(?!执行)", title[second.end() :]) else None


def is_title(cell: Cell) -> bool:
    return bool(titled_year(cell.norm) and re.search(r"公开|说明|预算|决算", cell.norm))


def _stacked_title(cells: Sequence[Cell]) -> Cell | None:
    """A cover title set over a few short lines (中共…区委 / 社会工作部 2024 年度 / 部门决算), joined."""
    for count in range(2, min(4, len(cells)) + 1):
        lines = cells[:count]
        if any(len(cell.raw) > 20 or cell.breaks for cell in lines) or [c.line for c in lines] != list(range(lines[0].line, lines[0].line + count)):
            return None
        breaks: list[tuple[int, int, int]] = []
        raw = ""
        for cell in lines:
            if raw:
                breaks.append((len(raw), cell.line, cell.column))
            raw += cell.raw
        joined = Cell(lines[0].line, lines[0].column, raw, normalise(raw), tuple(breaks))
        if is_title(joined):
            return joined
    return None


# a line that is a body's name and nothing else (青溪镇中心幼儿园, 青溪县文化和旅游局): a cover's first line, over its year
NAME_LINE = re.compile(r"^[^\d\s:：|“”\"（）()《》,，。、;；]{2,30}(?:局|委员会|委|办公室|办事处|厅|院|署|所|会|部|中心|站|馆|队|学校|中学|小学|大学|幼儿园|政府|集团|社|台|街道|镇|乡)$")


def _with_name_above(title: Cell, cells: Sequence[Cell]) -> Cell:
    """A title that begins with its year (2023年度单位决算公开) under a line that is a body's name: the two, joined (the
    name is the department's, as in 青溪镇中心幼儿园2023年度单位决算公开 on one line); else the title as it is."""
    at = next((index for index, cell in enumerate(cells) if cell is title), 0)
    year = _YEAR.search(title.norm)
    if at == 0 or year is None or title.norm[: year.start()].strip() or title.breaks:
        return title
    above = cells[at - 1]
    if above.breaks or not NAME_LINE.match(above.norm.strip()) or title.line - above.line > 2:
        return title
    raw = above.raw.rstrip()
    breaks: list[tuple[int, int, int]] = []
    while at > 1 and wrapped_name(cells[at - 2], above, raw):  # 上海市普陀区规划和自然 / 资源局: each line where it starts
        top = cells[at - 2].raw.rstrip()
        breaks = [(len(top), above.line, above.column)] + [(offset + len(top), line, column) for offset, line, column in breaks]
        at, above, raw = at - 1, cells[at - 2], top + raw
    return Cell(above.line, above.column, raw + title.raw, normalise(raw + title.raw), (*breaks, (len(raw), title.line, title.column)))


_JOINED_ON = re.compile(r"(?:和|及|与|暨|、)\s*$")  # a title line that ends on a word joining it to the next


def title_goes_on(title: Cell, below: Cell) -> bool:
    """Whether `below`, the line right under a title line that ends on a joining word (上海市黄浦区2023年预算执行情况和 /
    2024年预算草案的报告), is the rest of the title: no sentence (。) and no longer than a title line."""
    return (_JOINED_ON.search(title.norm) is not None and not below.breaks and below.line == title.line + 1 + len(title.breaks)
            and len(below.norm.strip()) <= 40 and "。" not in below.norm)


def _with_rest_below(title: Cell, cells: Sequence[Cell]) -> Cell:
    """A title wrapped after a joining word, joined with its rest (title_goes_on); else the title as it is."""
    at = next((index for index, cell in enumerate(cells) if cell is title), None)
    if at is None or at + 1 >= len(cells) or title.breaks or not title_goes_on(title, cells[at + 1]):
        return title
    below = cells[at + 1]
    raw = title.raw.rstrip()
    rest = below.raw.strip()
    return Cell(title.line, title.column, raw + rest, normalise(raw + rest), ((len(raw), below.line, below.column),))


_NAME_PIECE = re.compile(r"^[^\d\s:：|“”\"（）()《》,，。、;；]{2,24}$")


def wrapped_name(line: Cell, below: Cell, name: str) -> bool:
    """Whether `line`, right over the name line `below`, holds the name's beginning (a cover sets 上海市普陀区规划和自然 /
    资源局 / 2024 年度部门决算 in large type): letters only on the line before, no topic word, the two lines together
    a body's name of at most 30 characters."""
    piece = line.norm.strip()
    return (not line.breaks and line.line == below.line - 1 and bool(_NAME_PIECE.match(piece)) and not _TOPIC.search(piece)
            and bool(NAME_LINE.match(piece + name.strip())))


_PART_PREFIX = re.compile(r"\s*(?:第[一二三四五六七八九十]{1,3}部分|附件\s*[:：]?\s*\d{0,3})\s*[:：、.．]?\s*")  # 附件11 普洱市…: the attachment's number


def _department(title: Cell | None, opening: Cell | None, cells: Sequence[Cell] = ()) -> tuple[Cell, int, int] | None:
    for cell in cells:
        found = _DEPARTMENT_LABEL.match(cell.norm)
        if found and found.end() < len(cell.norm):
            return cell, found.end(), len(cell.raw.rstrip())
    if opening is not None:
        found = _UNIT_NAME.search(opening.norm)
        if found:
            return opening, found.start(1), found.end(1)
    if title is not None:
        year = _YEAR.search(title.norm)
        if year and year.start() == 0:
            return _named_after_year(title, year.end())
        if year and year.start() > 0:
            end = year.start()
            if title.norm[:end].endswith("部门") and end > 2:
                end -= 2
            if title.norm[:end].rstrip().endswith((":", "：")) or "|" in title.norm[:end]:
                return None  # 公开时间:2025年10月15日, 项目 | 2023年…: a label or a table's head names no department
            ordinal = read_ordinal(title.norm)
            if ordinal is not None and ordinal.style != "part":  # a numbered heading standing for the title: the body it
                named = title.norm[ordinal.length : end].strip()  # names (二、天水市幼儿园2017年度…), not what it is about
                if not named or _TOPIC.search(named):  # (二、“三公”经费2024年执行情况…)
                    return None
                return title, ordinal.length + title.norm[ordinal.length :].index(named), len(title.raw[:end].rstrip())
            about = title.norm.find("关于", 0, end)
            if about > 0:
                end = about  # 泉州市泉港区人民政府关于提请审议2023年…: the issuer, before what its document is about
            start = _PART_PREFIX.match(title.norm[:end])
            start_at = start.end() if start and start.end() < end else 0  # 第二部分:梧州市第三中学2023年…: the ordinal is no name
            if title.norm.startswith("关于", start_at):  # 关于某区2023年预算执行情况…的报告: what the report is about, after 关于
                start_at = len(title.norm) - len(title.norm[start_at + 2 :].lstrip())
                if not title.norm[start_at:end].strip():
                    return None  # 关于2024年财政决算…: the report names no body before its year
            end = len(title.raw[:end].rstrip())
            return title, start_at, end
    return None


# 2019年度青龙满族自治县文化广电和旅游局部门决算公开: the name between the year and what the document is, when it ends
# as the name of a body does (…局, …委员会, …办事处, …中心, …学校); 2024年部门预算公开说明 names nobody
_AFTER_YEAR = re.compile(r"度?\s*(?P<name>[^\s:：|“”\"（）()《》,，。、;；]{2,40}?(?:局|委员会|委|办公室|办事处|办|厅|院|署|所|会|部|中心|处|站|馆|队|学校|中学|小学|大学|幼儿园|政府|集团|社|台))(?:本级)?\s*(?:部门|单位)?\s*(?:预算|决算)")


def _named_after_year(title: Cell, start: int) -> tuple[Cell, int, int] | None:
    found = _AFTER_YEAR.match(title.norm, start)
    if found is None:
        return None
    return title, found.start("name"), found.end("name")


def _region(builder: Builder, cells: Sequence[Cell], name: tuple[Cell, int, int] | None, text: str) -> None:
    builder.mark(f"{_M}/region", {}, cells[0] if cells else Cell(1, 1, "", ""))
    for cell in cells:
        found = _PROVINCE.search(cell.norm)
        if found:
            builder.put(f"{_M}/region/province", cell.raw[found.start(1) : found.end(1)], cell, found.start(1), found.end(1))
            break
    if name is None:
        return
    cell, start, end = name
    body = cell.norm[start:end]
    province = builder.get(f"{_M}/region/province") if builder.has(f"{_M}/region/province") else ""
    found_at = body.find(str(province)) if province else -1
    skip = found_at + len(str(province)) if 0 <= found_at <= 4 else 0
    found = _CITY_COUNTY.match(body[skip:])
    if found is None:
        return
    at = start + skip
    for group, field in ((1, "city"), (2, "county")):
        if found.group(group):
            builder.put(f"{_M}/region/{field}", cell.raw[at + found.start(group) : at + found.end(group)], cell, at + found.start(group), at + found.end(group))
