"""Ingest stage, narrative claims: the item a per-item explanation is about, and the role of each figure in it.

A per-item explanation names a 支出功能分类 item, by its levels (类, 款, 项) with their names and,
in some templates, their codes, and then gives its figures:

    社会保障和就业支出（208类）行政事业单位养老支出（05款）机关事业单位基本养老保险缴费支出（05项）183.95万元
    “一般公共服务支出（类）商贸事务（款）行政运行（项）”938.99万元
    “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元
    一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：…全年预算为 52.00 万元，支出决算为 51.32 万元

`designation` reads the item: each level's name and the code printed with it, the full code
assembled from the parts (208类 05款 05项 → 2080505). `role` says what a figure later in the
explanation is: the previous year's execution or budget (the comparison base), this year's figure
stated again, the 年初预算 or 全年预算 of a 决算, or the 决算 itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetcheck.ingest.narrative.claim_words import ROUGH

LEVEL = re.compile(r"[（(]\s*(?P<code>\d{2,7})?\s*(?P<level>类|款|项)\s*[）)]")
LEVELS = ("类", "款", "项")
WIDTH = {"类": 3, "款": 5, "项": 7}
_QUOTES = "“”\"‘’「」"
_PATH_SEPARATOR = re.compile(r"\s*[-－—–]\s*")
_QUOTED_PATH = re.compile(r"[“\"](?P<path>[^”\"]{2,120})[”\"]\s*(?:科目)?")
_AFTER = re.compile(r"\s*[”\"]?\s*(?:科目)?")
_NAME_STOP = re.compile(r"[，。；：,;:!?！？]")


@dataclass(frozen=True)
class Level:
    level: str  # 类, 款 or 项
    name: str  # as printed, spaces removed
    name_at: int  # offset of the name in the text read
    code: str | None = None  # the full code (3, 5 or 7 digits), assembled from the printed parts; None when not printed whole
    code_at: int | None = None  # offset of the printed code digits


@dataclass(frozen=True)
class Designation:
    levels: tuple[Level, ...]
    end: int  # offset just after the designation (its closing quotation mark and 科目 included)

    @property
    def subject(self) -> str:
        return "-".join(level.name for level in self.levels)

    @property
    def code(self) -> str | None:
        return self.levels[-1].code


def designation(text: str, start: int = 0) -> Designation | None:
    """The item named at `start` of `text` (after an ordinal, an opening quotation mark allowed), or None.

    Level brackets must follow each other in order (类, then 款, then 项; the first may be any), each after a name; a path
    in quotation marks joined by dashes (“A-B-C”科目) names the levels by its parts.
    """
    at = start
    while at < len(text) and (text[at].isspace() or text[at] in _QUOTES):
        at += 1
    quoted = _QUOTED_PATH.match(text, start) if text[start : start + 1] in "“\"" else None
    if quoted is not None and not LEVEL.search(quoted.group("path")):
        return _dashed(quoted, text)
    levels: list[Level] = []
    cursor = at
    for match in LEVEL.finditer(text, at):
        name_text = text[cursor : match.start()]
        name = re.sub(r"\s+", "", name_text).strip(_QUOTES)
        printed = match.group("level")
        expected = printed if not levels else LEVELS[LEVELS.index(levels[-1].level) + 1] if levels[-1].level != "项" else None
        if not name or printed != expected or _NAME_STOP.search(name_text) or len(name) > 40:
            break
        offset = cursor + len(name_text) - len(name_text.lstrip(" " + _QUOTES))
        code = match.group("code")
        levels.append(Level(expected, name, offset, code, match.start("code") if code else None))
        cursor = match.end()
        if expected == "项":
            break
    if not levels:
        return None
    after = _AFTER.match(text, cursor)
    return Designation(_assembled(levels), after.end() if after else cursor)


def _dashed(quoted: re.Match[str], text: str) -> Designation | None:
    path = quoted.group("path")
    parts = _PATH_SEPARATOR.split(path)
    if not 2 <= len(parts) <= 3 or not all(parts):
        return None
    levels, cursor = [], quoted.start("path")
    for level, part in zip(LEVELS, parts):
        offset = text.index(part, cursor)
        levels.append(Level(level, re.sub(r"\s+", "", part), offset))
        cursor = offset + len(part)
    return Designation(tuple(levels), quoted.end())


def _assembled(levels: list[Level]) -> tuple[Level, ...]:
    """Each level's full code: printed whole (208, 20805, 2080505), or its two digits after its parent's full code."""
    out: list[Level] = []
    parent: str | None = ""
    for level in levels:
        printed, width = level.code, WIDTH[level.level]
        if printed is None:
            full = None
        elif len(printed) == width:
            full = printed
        elif len(printed) == 2 and parent and len(parent) == width - 2:
            full = parent + printed
        else:
            full = None
        out.append(Level(level.level, level.name, level.name_at, full, level.code_at if full else None))
        parent = full
    return tuple(out)


# -- the role of a figure in an explanation --------------------------------------------------------

BASE = "base"  # the comparison year's figure (上年预算执行数, 2025年预算数, 上年决算数)
AGAIN = "again"  # this year's figure stated again (2026年预算安排…)
INITIAL = "initial_budget"  # a 决算's 年初预算
FULL_YEAR = "full_year_budget"  # a 决算's 全年预算 (调整预算)
ACTUAL = "actual"  # a 决算's 支出决算

_ROLE = re.compile(
    r"^(?:(?P<year>\d{4})\s*年度?)?\s*(?:(?P<base>(?:当年|上年|上年度|去年)?\s*(?:预算)?\s*执行数|(?:上年|上年度|去年)\s*(?:预算数?|决算数?))"
    r"|(?P<budget>年初预算|全年预算|调整后?预算)数?|(?P<actual>(?:当年度?)?\s*(?:支出决算|决算))数?|(?P<again>(?:预算)?安排|预算数?))\s*(?:为|是|达)?\s*$"
)


@dataclass(frozen=True)
class Role:
    role: str
    year: int | None = None
    kind: str | None = None  # for BASE: 预算数, 执行数 or 决算数


def role(words: str, fiscal_year: int | None) -> Role | None:
    """What a figure is, from the words before it in an explanation (“2025年当年预算执行数为”, “全年预算为”,
    “2026年预算安排”), or None when the words name something else (a sub-item)."""
    found = _ROLE.match(re.sub(r"\s+", "", words))
    if found is None:
        return None
    year = int(found.group("year")) if found.group("year") else None
    earlier = year is not None and fiscal_year is not None and year < fiscal_year
    if found.group("base"):
        kind = "执行数" if "执行" in found.group("base") else "决算数" if "决算" in found.group("base") else "预算数"
        return Role(BASE, year, kind)
    if found.group("budget"):
        return Role(INITIAL if found.group("budget") == "年初预算" else FULL_YEAR, year)
    if found.group("actual"):
        return Role(BASE, year, "决算数") if earlier else Role(ACTUAL, year)
    if earlier:  # “2025年预算数为…” in a 2026 document: last year's budget
        return Role(BASE, year, "预算数")
    return Role(AGAIN, year)


# -- the 决算's word on how it compares with the budget: 决算数小于全年预算数 / 决算数与全年预算数持平 -------------

BUDGET_DIRECTION = re.compile(
    r"决算数?\s*(?:(?P<dir>大于|小于|高于|低于|超过)\s*(?P<of>年初预算|全年预算|调整后?预算|预算)数?"
    r"|与\s*(?P<of2>年初预算|全年预算|调整后?预算|预算)数?\s*(?P<flat>基本持平|持平|相等|一致))"
)
BUDGET_DIRECTIONS = {"大于": "大于", "高于": "大于", "超过": "大于", "小于": "小于", "低于": "小于", "基本持平": "持平", "持平": "持平", "相等": "持平", "一致": "持平"}


# -- where an explanation goes on: its next paragraph, a figure inside its purpose, a share -----------------------

_CONTINUES = re.compile(
    r"^\s*(?:主要用于|主要原因|用于|决算数|全年预算|年初预算|调整后?预算|支出决算|比\s*\d{4}|较\s*\d{4}|比上年|较上年"
    r"|\d{4}\s*年度?\s*(?:当年|上年)?\s*(?:预算|执行|决算))"
)
ROLE_AHEAD = re.compile(
    r"(?:\d{4}\s*年度?\s*)?(?:当年|上年度?|去年)?\s*(?:预算执行数|执行数|预算数|决算数|预算安排|全年预算|年初预算|支出决算)"
    r"\s*(?:为|是)?\s*-?\d"
)
# 占86.05%；占基本支出预算 18.76%；占一般公共预算支出的 19.62%: the whole it is a share of, where named; a share said
# roughly or as a bound (占比约60%, 约占60%, 大约占60%, 占近六成, 占60%左右, 超过60%) is not read
SHARE = re.compile(
    r"(?<!约)占(?P<of>[^，。；%0-9,，]{0,30}?)(?:的)?\s*(?<!约)(?<!近)(?<!超过)(?<!不到)(?<!不足)(?<!逾)(?P<share>\d+(?:\.\d+)?)\s*%"
    + ROUGH
)


def continues_item(paragraph: str) -> bool:
    """Whether a paragraph goes on with the explanation of the item before it (its purpose, its figures, the
    reason of its difference) rather than naming something else: a PDF's layout puts these on lines of their own."""
    return _CONTINUES.match(paragraph) is not None
