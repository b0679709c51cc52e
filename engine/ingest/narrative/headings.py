"""Ingest stage, narratives: the heading vocabulary, every way a part of a disclosure has been seen titled.

One table, part -> the words of its headings, gathered from the national 规程 list and the Hebei
and Shanghai templates, budget and 决算 (部门职责 / 主要职能 / 职能职责; 机构设置 / 单位构成 /
部门决算单位构成; …). The templates split a narrative by it, the Shanghai 其他相关情况说明 routes its
numbered parts by it, and a part is called absent only when no line of the whole text (contents
page and prose included) holds any of its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from budgetcheck.ingest.narrative.source import has_leaders

# part (the document schema's top-level field) -> the words a heading of that part holds
VARIANTS: dict[str, tuple[str, ...]] = {
    "duties": ("部门职责", "主要职能", "主要职责", "职能职责", "部门职能", "职责", "职能"),
    "organisation": ("机构设置", "机构情况", "单位构成", "部门构成", "机构组成", "内设机构", "机构"),
    "overview": (
        "预算安排的总体情况", "决算安排的总体情况", "收支总体情况", "收入支出决算总体情况", "收入支出预算总体情况",
        "预算编制说明", "编制说明", "总体情况", "收支预算", "收支决算", "预算安排", "决算安排", "收支",
    ),
    "operating_costs": ("机关运行经费", "机关运行费", "机关运行"),
    "three_public": ("“三公”经费", "三公经费", "三公"),
    "performance": ("绩效预算信息", "绩效目标设置情况", "预算绩效管理情况", "绩效目标", "绩效"),
    "procurement": ("政府采购预算", "政府采购支出", "政府采购"),
    "assets": ("国有资产占用", "国有资产占有", "国有资产信息", "国有资产", "资产占用", "资产占有", "固定资产"),
    "glossary": ("名词解释", "专业名词", "名词"),
    "other_matters": ("其他需要说明的事项", "其他需要说明", "其他需说明", "其他重要事项", "其他相关情况说明", "其他事项", "其他说明"),
}  # fmt: skip

# The parts of a 决算 alone (its accounts of the two other funds), found by the same words but kept out of VARIANTS: the
# generic reader splits any text by VARIANTS, and a heading naming a fund there is no part of the national list.
FINAL_VARIANTS: dict[str, tuple[str, ...]] = {
    "gov_fund": ("政府性基金预算财政拨款收入支出决算", "政府性基金预算财政拨款", "政府性基金预算"),
    "state_capital": ("国有资本经营预算财政拨款收入支出决算", "国有资本经营预算财政拨款", "国有资本经营预算"),
}

# What a clerk calls each part (Chinese, English), in the coverage block and in "未抽取：…".
TITLES: dict[str, tuple[str, str]] = {
    "duties": ("部门职责", "duties"),
    "organisation": ("机构设置", "organisation"),
    "overview": ("收支总体情况", "income and expenditure overview"),
    "operating_costs": ("机关运行经费", "operating costs"),
    "three_public": ("“三公”经费", "three public expenses"),
    "performance": ("绩效信息", "performance"),
    "procurement": ("政府采购", "government procurement"),
    "assets": ("国有资产占用情况", "state-owned assets"),
    "glossary": ("名词解释", "glossary"),
    "other_matters": ("其他需要说明的事项", "other matters"),
    "gov_fund": ("政府性基金预算财政拨款收入支出决算情况", "government fund appropriations"),
    "state_capital": ("国有资本经营预算财政拨款收入支出决算情况", "state capital operation appropriations"),
}


def pattern(part: str) -> re.Pattern[str]:
    """Any of the part's heading words, curly quotes optional (“三公”经费 / 三公经费)."""
    return _PATTERNS[part]


def _compile(words: Sequence[str]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(word.replace("“", "").replace("”", "")) for word in words}, key=len, reverse=True)
    # quotation marks may stand anywhere in the words as printed (“三公”经费): match the words with them removed
    return re.compile("|".join(alternatives))


_PATTERNS = {part: _compile(words) for part, words in (VARIANTS | FINAL_VARIANTS).items()}
_QUOTES = str.maketrans("", "", "“”\"‘’")


def part_of(title: str, parts: Sequence[str] = tuple(VARIANTS)) -> str | None:
    """The first of `parts` whose heading words the title holds; failing that, with a short bracketed insertion taken
    out of the title (机关（机构）运行经费说明 is the 机关运行经费's)."""
    bare = title.translate(_QUOTES)
    found = next((part for part in parts if _PATTERNS[part].search(bare)), None)
    if found is None and _INSERTION.search(bare):
        bare = _INSERTION.sub("", bare)
        found = next((part for part in parts if _PATTERNS[part].search(bare)), None)
    return found


_INSERTION = re.compile(r"[（(][^（）()]{1,4}[）)]")


@dataclass(frozen=True)
class Sighting:
    line: int
    text: str


def find(part: str, lines: Sequence[tuple[int, str]]) -> Sighting | None:
    """Where the whole text names the part: a short line (a heading or a contents entry) first, else any line.

    Every line counts, the contents page and the prose included: a part is absent only when none names it.
    """
    words = _PATTERNS[part]
    seen = [(number, text.strip()) for number, text in lines if words.search(text.translate(_QUOTES))]
    if not seen:
        return None
    headings = [(number, text) for number, text in seen if len(text) <= 40 and "。" not in text and not has_leaders(text)]
    number, text = (headings or seen)[0]
    return Sighting(number, text if len(text) <= 40 else text[:40] + "…")
