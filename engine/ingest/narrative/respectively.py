"""Ingest stage, narrative claims: “各…” sentences, two subjects stated together and their figures respectively.

    收、支总计各是4125.49,4143.91万元 … 收、支总计各减少1267.86,2570.97万元,各下降23.51%、38.28%
    收入、支出总计分别为100.00万元、98.00万元，分别增加10.00万元、8.00万元，分别增长11.11%、8.89%
    收、支总计各100.00万元 … 收、支总计各增加10.00万元
    收、支总计均为1523.26万元 … 收、支总计均减少100.00万元，下降6.16%; 收入总计、支出总计均为…

becomes two claims, 收入总计 and 支出总计, each with its amount, its change and its percentage, in order (各 or 均 with
one figure: the same figure for both). The figures of a pair are separated by a comma, 、 or 和, each with its unit or
the unit after the second (4125.49,4143.91 is a list of two: a thousands separator takes exactly three digits after
it and no decimal point before it, and 4125.49 has one). A pair whose figures cannot be told apart, whose units
differ, or whose counts differ from the subjects', is left unread, never guessed.

Any other named list is read the same way (read_named):

    2025年本部门人员经费、公用经费分别为100.00万元和20.00万元，比上年分别增加5.00万元、减少1.00万元。
    支出预算200.00万元，其中：基本支出和项目支出分别为120.00万元、80.00万元，分别占60%、40%。

one claim per name, in order, with its amount, its share, its change (each figure with its own direction word, or
the one before the list) and its percentage; the words before the names (支出预算200.00万元，其中：) are read as any
sentence is, and the names are the parts of the whole they end with. Names are split at 、 or, when that does not
give one name per figure, at 和/与/及 as well (社会保障和就业支出 holds a 和); a list whose names and figures cannot be
counted alike, or whose words after the figures are not a share, a change or a percentage of the same count, is
left unread.

Figures said 分别 of items the sentence has stated one by one go to those items in order (read_respective):

    基本支出100.00万元，项目支出50.00万元，分别比上年增加5.00万元、减少2.00万元，分别增长5.26%、下降3.85%。

the words before 分别 read as any sentence is, each item then given its change, percentage or share, when the items
are as many as the figures, in one list, each with an amount (Respective.give); else the figures stay unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from budgetcheck.ingest.narrative.claim_words import AMOUNT, MONEY_UNITS, converted, decimal, exponent_in, read_subject

# a figure with its thousands separated (1,240.00: a comma before exactly three digits, no decimal point before it) is
# one figure, never the pair 1 and 240.00; 4125.49,4143.91 is a pair (its first figure has a decimal point)
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?"
# 财政拨款收、支总计各470万元: the totals of the appropriations, named so (never the whole's 收入总计 of 520)
_SUBJECTS = re.compile(r"(?P<scope>(?:一般公共预算|政府性基金预算|国有资本经营预算)?(?:财政拨款)?)(?P<a>收入?|支出?)(?P<first>总计|合计)?[、和与及](?P<b>收入?|支出?)(?P<what>总计|合计|预算|决算)?(?:[^，,。；;]{0,6}?)(?P<each>各|均|分别)(?:是|为)?\s*(?=\d)")
_TWO = rf"(?P<x>{_NUM})\s*(?:(?P<xunit>{MONEY_UNITS})\s*)?[,，、和]\s*(?P<y>{_NUM})\s*(?P<unit>{MONEY_UNITS})"
_ONE = rf"(?P<x>{_NUM})\s*(?P<unit>{MONEY_UNITS})(?!\s*[,，、和]\s*\d)"  # 各100万元: the same figure for both
_PAIR = re.compile(_TWO)
_SAME = re.compile(_ONE)
_CHANGE = re.compile(r"(?:各|分别)(?P<dir>增加|减少)\s*" + _TWO)
_SAME_CHANGE = re.compile(r"(?:各|均)(?P<dir>增加|减少)\s*" + _ONE)
_PERCENT = re.compile(rf"(?:各|分别)(?P<dir>增长|下降|增加|减少|上升)\s*(?P<x>{_NUM})\s*%\s*[,，、和]\s*(?P<y>{_NUM})\s*%")
_SAME_PERCENT = re.compile(rf"(?:各|均|[，,]\s*)(?P<dir>增长|下降|上升)\s*(?P<x>{_NUM})\s*%(?!\s*[,，、和]\s*\d)")
_NAMES = {"收": "收入", "收入": "收入", "支": "支出", "支出": "支出"}
_DIRECTIONS = {"增长": "增加", "上升": "增加", "下降": "减少", "降低": "减少"}


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
    if found.group("first") and found.group("first") != found.group("what"):
        return []  # 收入总计、支出合计: not one measure of the two
    same = found.group("each") in ("各", "均") and _SAME.match(sentence, found.end()) is not None
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


def states_pairs(sentence: str, paragraph: str = "") -> bool:
    """Whether a sentence states figures “各…” (its figures are the pairs', not a claim of the usual reading), or
    “分别” followed by a list of figures (基本支出和项目支出分别为400万元、100万元，分别占80%、20%): the subjects come
    first and the figures after them in order, which the usual reading, a subject before each figure, would pair
    wrongly (the last subject-less figure took the first share: a false CLM-GEN-004). read_pairs reads the 收、支
    pairs (and a sentence of the pair's change alone, 收、支总计均减少…, where `paragraph` states the pair's figures),
    read_named other named lists, read_respective figures said 分别 of items stated one by one before them; any other
    such sentence is left unread, its figures listed as not read."""
    if _SUBJECTS.search(sentence) or _CHANGE.search(sentence) or _PERCENT.search(sentence) or _LISTED.search(sentence):
        return True
    if _EACH_AT.search(sentence) and read_respective(sentence, "万元") is not None:
        return True  # 基本支出…，项目支出…，分别比上年增加5万元、减少2万元: read_respective
    return _PAIRED_CHANGE.search(sentence) is not None and _SUBJECTS.search(paragraph) is not None


# 收、支总计均减少100万元 after 收、支总计均为…万元 in its paragraph: the pair's change, read with the pair (read_pairs); after
# totals stated one by one it is read as any sentence is (claim_lists.both_totals gives it their amount)
_PAIRED_CHANGE = re.compile(r"(?:收入?|支出?)(?:总计|合计)?[、和与及](?:收入?|支出?)(?:总计|合计)?[^，,。；;\d]{0,6}?(?:各|均)\s*(?:增加|减少|增长|下降|上升)")


# 分别占80%、20%, 分别占本年支出合计的34.30%和65.70% (the whole named before the figures), 分别较上年增加5.00万元、
# 10.00万元 (a comparison before the figures)
_LISTED = re.compile(
    rf"分别(?:(?:比|较|与|同比)\s*(?:\d{{4}}\s*年度?|上年度?|去年|上一年度?)?[^，,。；;\d%]{{0,8}}?)?"
    rf"(?:为|是|占|达到?|增加|减少|增长|下降|上升|降低)?(?:[^，,。；;\d%]{{1,16}}的)?\s*{_NUM}\s*(?:%|{MONEY_UNITS})?\s*[、，,和与及]\s*{_NUM}"
)


# the names' clause: the words after the last clause mark before 分别/各 and a list of figures
_NAMED_AT = re.compile(r"(?P<each>分别|各)(?:为|是|达到?)?[：:]?\s*(?=\d)")
_FIGURE = rf"(?P<dir>增加|减少|增长|下降|上升|降低)?\s*(?P<num>{_NUM})\s*(?P<unit>{MONEY_UNITS}|%|％)?"
_FIGURE_RE = re.compile(_FIGURE)
_BETWEEN = re.compile(r"\s*(?:[、，,和与及]|以及)\s*")
_NAME = re.compile(r"^[^\d，,。；;：:！？!?%]{2,24}$")
_NAME_WORDS = re.compile(r"比|较|分别|同比|其中|合计|总计|共计")
_SHARE_AFTER = re.compile(r"\s*[，,]?\s*(?:分别|各)占(?P<of>[^，,。；;\d%]{1,16}的)?\s*")
# 比上年分别增加…, 分别比上年增加…, 分别增加…: the year compared with before or after 分别
_AGAINST = r"(?:比|较|与)\s*(?:上年度?|去年|上一年度?|\d{4}\s*年度?)(?:预算数?|决算数?)?(?:相比)?\s*[，,]?\s*"
_EACH = rf"(?:{_AGAINST}(?:分别|各)|(?:分别|各)\s*(?:{_AGAINST})?)"
_CHANGE_AFTER = re.compile(rf"\s*[，,]?\s*{_EACH}\s*(?P<dir>增加|减少)?\s*")
_PERCENT_AFTER = re.compile(rf"\s*[，,]?\s*{_EACH}\s*(?P<dir>增长|下降|上升|降低)\s*")


@dataclass(frozen=True)
class Named:
    """A named list read: where its names begin in the sentence, and one Pair per name."""

    start: int
    pairs: list[Pair]
    within: bool = False  # the names' clause begins 其中 (其中基本支出、项目支出分别为…): the parts of the whole before it


def read_named(sentence: str, unit: str) -> Named | None:
    """The claims of a sentence that names its items first and gives their figures after 分别 (or 各), or None."""
    at = _NAMED_AT.search(sentence)
    if at is None or _SUBJECTS.search(sentence):
        return None
    start = max(sentence.rfind(mark, 0, at.start()) for mark in "，,：:；;") + 1
    names = _split_names(sentence[start : at.start()])
    if names is None:
        return None
    amounts = _figures(sentence, at.end(), len(names), money=True)
    if amounts is None or any(direction for _figure, direction in amounts[0]):
        return None
    data = [{"subject": name} for name in names]
    offsets, cursor = [], start
    for name in names:  # each claim begins at its name (its id), the first letter of the name where spaces split it
        found = sentence.find(name, cursor, at.start())
        cursor = found if found >= 0 else max(sentence.find(name[0], cursor, at.start()), cursor)
        offsets.append({"": cursor, "/subject": cursor})
        cursor += 1
    precision: list[dict[str, int]] = [{} for _ in names]
    position = amounts[1]
    for index, (figure, _direction) in enumerate(amounts[0]):
        _put_figure(data[index], offsets[index], precision[index], "amount", figure, unit, amounts[0][-1][0].group("unit"))
        data[index]["original_unit"] = figure.group("unit") or amounts[0][-1][0].group("unit")
    for _ in range(3):  # a share, a change and a percentage may follow, each once, in any order
        position, more = _after(sentence, position, len(names), data, offsets, precision, unit)
        if not more:
            break
    rest = sentence[position:]
    if re.match(r"\s*(?:[，,；;。！？!?]|$)", rest) is None or _NAMED_AT.search(rest):
        return None  # the figures run on into words this reading does not know: left unread, never half read (what
        # follows a clause mark and is no share, change or percentage of every name is its own: its figures stay unread)
    return Named(start, within=re.match(r"\s*(?:其中|包括)", sentence[start:]) is not None, pairs=[Pair(item, where, kept) for item, where, kept in zip(data, offsets, precision)])


# a clause of figures said 分别 (or 各) of what the sentence has stated before it: …，分别比上年增加…, …，比上年分别…, …，分别占…
_EACH_AT = re.compile(rf"[，,]\s*(?=(?:{_EACH})|(?:分别|各)占)")
_CLAUSE_END = re.compile(r"\s*(?:[，,；;。！？!?]|$)")


@dataclass(frozen=True)
class Respective:
    """Figures said 分别 of the items a sentence has just stated one by one (基本支出100.00万元，项目支出50.00万元，分别比上年
    增加5.00万元、减少2.00万元，分别增长5.26%、下降3.85%): where their clause begins, and per item in order what it gives
    (a change, a percentage, a share: Pair, offsets into the sentence)."""

    start: int
    pairs: list[Pair]

    def give(self, made: list, head: Any, sentence: Any) -> None:
        """Give each of the last items `made` (claims read from `head`, the words before the clause) its figures, when
        they are as many as the figures, all stated with an amount in one list (the parts of one whole, or wholes), and
        say none of what is given yet: else nothing (the figures stay unread, never set on the wrong item)."""
        stated = [claim for claim in made if "amount" in claim.data]
        items = stated[-len(self.pairs) :]
        level = {claim.data.get("part_of") for claim in items}
        if len(items) != len(self.pairs) or len(level) != 1 or sum(claim.data.get("part_of") in level for claim in stated) != len(items):
            return
        if any(key in claim.data for claim, pair in zip(items, self.pairs) for key in pair.data):
            return
        for claim, pair in zip(items, self.pairs):
            claim.data.update(pair.data)
            claim.positions.update({pointer: sentence.at(offset) for pointer, offset in pair.offsets.items()})
            claim.precision.update(pair.precision)
            if claim.sentence is head:
                claim.sentence = sentence


def read_respective(sentence: str, unit: str) -> Respective | None:
    """The figures a clause says 分别 of the items stated before it (see Respective), or None: a clause whose figures are
    not each item's change, percentage or share, in as many figures each, is not read; nor a sentence of the 收、支
    pair (read_pairs: 收、支总计各减少1267.86,2570.97万元,各下降…), nor one whose words before the clause state fewer
    amounts than it has figures."""
    if _SUBJECTS.search(sentence) or _PAIRED_CHANGE.search(sentence):
        return None
    for at in _EACH_AT.finditer(sentence):
        for count in range(2, 9):
            data: list[dict] = [{} for _ in range(count)]
            offsets: list[dict[str, int]] = [{} for _ in range(count)]
            precision: list[dict[str, int]] = [{} for _ in range(count)]
            position, read = at.start(), 0
            for _ in range(3):
                position, more = _after(sentence, position, count, data, offsets, precision, unit)
                if not more:
                    break
                read += 1
            stated = len(AMOUNT.findall(sentence, 0, at.start()))
            if read and stated >= count and _CLAUSE_END.match(sentence, position) and not _NAMED_AT.search(sentence, position):
                return Respective(at.start(), [Pair(item, where, kept) for item, where, kept in zip(data, offsets, precision)])
    return None


def _split_names(words: str) -> list[str] | None:
    subject, _measure, _classification = read_subject(words)
    for pattern in (r"、", r"、|和|与|及"):
        names = re.split(pattern, subject)
        if len(names) >= 2 and all(_NAME.match(name) and not _NAME_WORDS.search(name) for name in names):
            return names
    return None


def _figures(sentence: str, position: int, count: int, money: bool) -> tuple[list[tuple[re.Match, str | None]], int] | None:
    """`count` figures from `position`, separated by 、，和…; each may carry its own unit and direction word; the last
    carries the unit (万元/元, or % when not money). None when there are more or fewer, or their units differ."""
    out: list[tuple[re.Match, str | None]] = []
    for index in range(count):
        figure = _FIGURE_RE.match(sentence, position)
        if figure is None or not figure.group("num"):
            return None
        out.append((figure, figure.group("dir")))
        position = figure.end()
        if index + 1 < count:
            between = _BETWEEN.match(sentence, position)
            if between is None:
                return None
            position = between.end()
    units = {figure.group("unit") for figure, _ in out if figure.group("unit")}
    last = out[-1][0].group("unit")
    wanted = {"万元", "元"} if money else {"%", "％"}
    between = _BETWEEN.match(sentence, position)
    if last not in wanted or len(units) != 1 or (between is not None and _FIGURE_RE.match(sentence, between.end()) is not None):
        return None  # a unit of another kind, two units, or more figures than names
    return out, position


def _after(sentence: str, position: int, count: int, data: list[dict], offsets: list[dict], precision: list[dict], unit: str) -> tuple[int, bool]:
    """A share, a change or a percentage of every name after the amounts, if the words from `position` give one."""
    share = _SHARE_AFTER.match(sentence, position)
    if share is not None and "share" not in data[0]:
        found = _figures(sentence, share.end(), count, money=False)
        if found is not None and not any(direction for _figure, direction in found[0]):
            for index, (figure, _direction) in enumerate(found[0]):
                data[index]["share"] = decimal(figure.group("num"))
                offsets[index]["/share"] = figure.start("num")
                if share.group("of"):
                    data[index]["share_of"] = share.group("of")[:-1]
                    offsets[index]["/share_of"] = share.start("of")
            return found[1], True
    change = _CHANGE_AFTER.match(sentence, position)
    if change is not None and "change" not in data[0]:
        found = _figures(sentence, change.end(), count, money=True)
        if found is not None and all((direction or change.group("dir")) in ("增加", "减少") for _figure, direction in found[0]):
            for index, (figure, direction) in enumerate(found[0]):
                data[index]["direction"] = direction or change.group("dir")
                offsets[index]["/direction"] = figure.start("dir") if direction else change.start("dir")
                _put_figure(data[index], offsets[index], precision[index], "change", figure, unit, found[0][-1][0].group("unit"))
            return found[1], True
    percent = _PERCENT_AFTER.match(sentence, position)
    if percent is not None and "percent" not in data[0]:
        found = _figures(sentence, percent.end(), count, money=False)
        if found is not None:
            for index, (figure, direction) in enumerate(found[0]):
                word = direction or percent.group("dir")
                data[index]["percent_direction"] = word
                data[index]["percent"] = decimal(figure.group("num"))
                offsets[index]["/percent_direction"] = figure.start("dir") if direction else percent.start("dir")
                offsets[index]["/percent"] = figure.start("num")
                data[index].setdefault("direction", _DIRECTIONS.get(word, word))
            return found[1], True
    return position, False


def _put_figure(data: dict, offsets: dict[str, int], precision: dict[str, int], field: str, figure: re.Match, unit: str, last_unit: str | None = None) -> None:
    printed = figure.group("unit") or last_unit or ""
    data[field] = converted(figure.group("num"), printed, unit).lstrip("-")
    offsets[f"/{field}"] = figure.start("num")
    precision[f"/{field}"] = exponent_in(figure.group("num"), printed, unit)
