"""Ingest stage, narrative claims: “各…” sentences, two subjects stated together and their figures respectively.

    收、支总计各是4125.49,4143.91万元 … 收、支总计各减少1267.86,2570.97万元,各下降23.51%、38.28%
    收入、支出总计分别为100.00万元、98.00万元，分别增加10.00万元、8.00万元，分别增长11.11%、8.89%
    收、支总计各100.00万元 … 收、支总计各增加10.00万元

becomes two claims, 收入总计 and 支出总计, each with its amount, its change and its percentage, in order (各 with one
figure: the same figure for both). The figures of a pair are separated by a comma, 、 or 和, each with its unit or
the unit after the second (4125.49,4143.91 is a list of two: a thousands separator takes exactly three digits after
it and no decimal point before it, and 4125.49 has one). A pair whose figures cannot be told apart, whose units
differ, or whose counts differ from the subjects', is left unread, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetcheck.ingest.narrative.claim_words import converted, decimal, exponent_in

# a figure with its thousands separated (1,240.00: a comma before exactly three digits, no decimal point before it) is
# one figure, never the pair 1 and 240.00; 4125.49,4143.91 is a pair (its first figure has a decimal point)
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?"
# 财政拨款收、支总计各470万元: the totals of the appropriations, named so (never the whole's 收入总计 of 520)
_SUBJECTS = re.compile(r"(?P<scope>(?:一般公共预算|政府性基金预算|国有资本经营预算)?(?:财政拨款)?)(?P<a>收入?|支出?)[、和与及](?P<b>收入?|支出?)(?P<what>总计|合计|预算|决算)?(?:[^，,。；;]{0,6}?)(?P<each>各|分别)(?:是|为)?\s*(?=\d)")
_TWO = rf"(?P<x>{_NUM})\s*(?:(?P<xunit>万元|元)\s*)?[,，、和]\s*(?P<y>{_NUM})\s*(?P<unit>万元|元)"
_ONE = rf"(?P<x>{_NUM})\s*(?P<unit>万元|元)(?!\s*[,，、和]\s*\d)"  # 各100万元: the same figure for both
_PAIR = re.compile(_TWO)
_SAME = re.compile(_ONE)
_CHANGE = re.compile(r"(?:各|分别)(?P<dir>增加|减少)\s*" + _TWO)
_SAME_CHANGE = re.compile(r"各(?P<dir>增加|减少)\s*" + _ONE)
_PERCENT = re.compile(rf"(?:各|分别)(?P<dir>增长|下降|增加|减少|上升)\s*(?P<x>{_NUM})\s*%\s*[,，、和]\s*(?P<y>{_NUM})\s*%")
_SAME_PERCENT = re.compile(rf"(?:各|[，,]\s*)(?P<dir>增长|下降|上升)\s*(?P<x>{_NUM})\s*%(?!\s*[,，、和]\s*\d)")
_NAMES = {"收": "收入", "收入": "收入", "支": "支出", "支出": "支出"}
_DIRECTIONS = {"增长": "增加", "上升": "增加", "下降": "减少"}


@dataclass(frozen=True)
class Pair:
    """One subject of a pair: its data (claim fields) and where each was read (offsets into the sentence)."""

    data: dict
    offsets: dict[str, int]
    precision: dict[str, int]


def read_pairs(sentence: str, unit: str) -> list[Pair]:
    """The two claims of a “各” sentence, or none."""
    found = _SUBJECTS.search(sentence)
    if found is None:
        return []
    same = found.group("each") == "各" and _SAME.match(sentence, found.end()) is not None
    pair = (_SAME if same else _PAIR).match(sentence, found.end())
    if pair is None or not _one_unit(pair):
        return []
    what = found.group("what") or ""
    names = [found.group("scope") + _NAMES[found.group("a")] + what, found.group("scope") + _NAMES[found.group("b")] + what]
    if names[0] == names[1]:
        return []
    out = []
    change = (_SAME_CHANGE if same else _CHANGE).search(sentence, pair.end())
    percent = (_SAME_PERCENT if same else _PERCENT).search(sentence, change.end() if same and change else pair.end())
    if change is not None and not _one_unit(change):
        change = None
    for index, (name, key) in enumerate(zip(names, ("x", "x") if same else ("x", "y"))):
        data: dict = {"subject": name}
        offsets = {"": found.start(), "/subject": found.start()}
        precision: dict[str, int] = {}
        _put(data, offsets, precision, "amount", pair, key, unit)
        if change is not None:
            data["direction"] = change.group("dir")
            offsets["/direction"] = change.start("dir")
            _put(data, offsets, precision, "change", change, key, unit)
        if percent is not None:
            word = percent.group("dir")
            data["percent_direction"] = word
            data["percent"] = decimal(percent.group(key))
            offsets["/percent_direction"] = percent.start("dir")
            offsets["/percent"] = percent.start(key)
            data.setdefault("direction", _DIRECTIONS.get(word, word))
        data["original_unit"] = pair.group("unit")
        offsets[""] = offsets["/subject"] = found.start("a" if index == 0 else "b")
        out.append(Pair(data, offsets, precision))
    return out


def _one_unit(match: re.Match) -> bool:
    """Both figures of a pair in one unit (100万元、98万元, or 100、98万元): 100元、98万元 is no pair to read."""
    return "xunit" not in match.re.groupindex or match.group("xunit") in (None, match.group("unit"))


def _put(data: dict, offsets: dict[str, int], precision: dict[str, int], field: str, match: re.Match, key: str, unit: str) -> None:
    printed = match.group("unit")
    data[field] = converted(match.group(key), printed, unit).lstrip("-")
    offsets[f"/{field}"] = match.start(key)
    precision[f"/{field}"] = exponent_in(match.group(key), printed, unit)


def states_pairs(sentence: str) -> bool:
    """Whether a sentence states figures “各…” (its figures are the pairs', not a claim of the usual reading), or
    “分别” followed by a list of figures (基本支出和项目支出分别为400万元、100万元，分别占80%、20%): the subjects come
    first and the figures after them in order, which the usual reading, a subject before each figure, would pair
    wrongly (the last subject-less figure took the first share: a false CLM-GEN-004). read_pairs reads the 收、支
    pairs; any other such sentence is left unread, and its figures are listed as not read."""
    return bool(_SUBJECTS.search(sentence) or _CHANGE.search(sentence) or _PERCENT.search(sentence) or _LISTED.search(sentence))


# 分别占80%、20%, 分别占本年支出合计的34.30%和65.70% (the whole named before the figures), 分别较上年增加5.00万元、
# 10.00万元 (a comparison before the figures)
_LISTED = re.compile(
    rf"分别(?:(?:比|较|与|同比)\s*(?:\d{{4}}\s*年度?|上年度?|去年|上一年度?)?[^，,。；;\d%]{{0,8}}?)?"
    rf"(?:为|是|占|达到?|增加|减少|增长|下降|上升|降低)?(?:[^，,。；;\d%]{{1,16}}的)?\s*{_NUM}\s*(?:%|万元|元)?\s*[、，,和与及]\s*{_NUM}"
)
