"""Ingest stage, narratives: the funds a claim's figures are of, as the heading it stands under names them.

The national template lists the same classes of spending under several headings, each of its own funds:
四、财政拨款收支预算总体情况 gives 文化旅游体育与传媒支出 of all appropriations, 五、一般公共预算当年拨款支出情况
the same class of the general budget alone, 三、支出预算情况 of every source. Two figures of one name under two
such headings are two items; CLM-DUP-001 compares a name's figures only where their scopes agree or one is not
known. A claim's scope is read from the nearest numbered heading above it (a heading at the start of its own line
too: “（二）一般公共预算当年拨款结构情况。文化旅游…”), and from the headings above that one up to the first of
the top level (一、, 第一部分): the first that names a fund gives it; a top-level heading of income or spending that
names none (收支预算总体情况, 支出决算情况说明) means every source. Otherwise the scope is not known.

A report that has no fund headings names each fund as the subject of its paragraph (全区政府性基金上年结余…,调入资金10万元,
…; 区本级一般公共预算收入…): a sentence that opens with a fund and its measure gives that fund to the figures after it in
its paragraph, up to where another fund is named (subject_scopes). It only narrows a heading that names no one fund.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence

from budgetcheck.ingest.narrative.ordinals import Ordinal, read_ordinal
from budgetcheck.ingest.narrative.source import normalise

ALL = "全部资金"

# most specific first: 政府性基金预算财政拨款 is the fund's, not every appropriation's
_FUNDS = (
    (re.compile(r"政府性基金"), "政府性基金预算"),
    (re.compile(r"国有资本经营"), "国有资本经营预算"),
    (re.compile(r"社会保险基金"), "社会保险基金预算"),  # the fourth of the government's budgets (预算法 第五条)
    (re.compile(r"一般公共预算|公共财政预算"), "一般公共预算"),
    (re.compile(r"财政专户"), "财政专户管理资金"),
    (re.compile(r"财政拨款"), "财政拨款"),
)
_ANY_FUND = re.compile(r"一般公共预算|公共财政预算|政府性基金|国有资本经营|社会保险基金")
# a sentence's opening subject: the place's own level (全区, 区本级, 本级) at most, the fund, then what is counted of it
_SUBJECT = re.compile(
    r"\s*(?:全[省市州盟区县旗镇乡]|[省市州盟区县旗镇乡]?本级)?(" + _ANY_FUND.pattern + r")(?:预算)?(?:财政)?(?:拨款)?"
    r"(?=收入|支出|收支|上年|年初|年终|年末|结余|结转|当年|基本支出|项目支出)"
)
# where a sentence's subject may open: after a full stop, or an introduction's 如下: (…收支情况如下:全区一般公共预算收入…);
# never after 其中: or a ；, where the parts of a list are named (其中：一般公共预算收入329.37万元，基金预算收入0万元)
_HEAD_AFTER = re.compile(r"。|如下\s*[:：]")
_GENERAL = (None, ALL, "财政拨款")  # headings that name no one fund: a paragraph's subject may narrow them
_EVERY_SOURCE = re.compile(r"收入|支出|收支")
_FIGURE = re.compile(r"[0-9]\s*(?:万元|元|%|亿元)")
_TOP = ("part", "comma")
# a title run into its text after a colon (1.一般公共预算收支及其平衡情况：一般公共预算总收入…), or glued to it where the
# text opens with its year (二、2018年度一般公共预算收入支出决算情况2018年度…收入总计…): the title ends in a word that names a
# part of a report, never an item's name (1.一般公共预算拨款：500万元 is an item of a list)
_RUN_IN = re.compile(r"([^：:，,；;]*?(?:情况|说明|概况|概述|分析|解释|事项))\s*(?:[：:]|(?=(?:19|20)[0-9]{2}\s*年))")
_MAX_TITLE = 40


def scopes(lines: Sequence[tuple[int, str]], claim_lines: Sequence[int]) -> list[str | None]:
    """The scope of a claim read from each of `claim_lines` (its first source line), in `lines` (line number, text)."""
    headings = numbered_headings(lines)
    starts = [line for line, *_ in headings]
    return [_scope(headings[: bisect.bisect_right(starts, line)]) for line in claim_lines]


def numbered_headings(lines: Sequence[tuple[int, str]]) -> list[tuple[int, bool, str, tuple[str, bool]]]:
    """(line, top level, title, numbering style) of each line that opens with a numbered title: an ordinal, then at most
    _MAX_TITLE characters up to the first 。 (or the line's end), with no figure, or a title of a part run into its text
    after a colon or glued to its year (…平衡情况：一般公共预算总收入410338万元, …决算情况2018年度…). A title numbered 1.
    or 1、 is never the top level (such numbers list items as often as they title parts), but it names a fund as any
    heading does (1.一般公共预算收支及其平衡情况 … 4.社会保险基金收支及其平衡情况) and ends the part of the one numbered
    before it."""
    out = []
    for line, text in lines:
        norm = normalise(text)
        ordinal = read_ordinal(norm)
        if ordinal is None:
            continue
        title = norm[ordinal.length :].split("。", 1)[0].strip()
        if _FIGURE.search(title) and (run_in := _RUN_IN.match(title)):
            title = run_in.group(1)
        if title and len(title) <= _MAX_TITLE and not _FIGURE.search(title):
            out.append((line, ordinal.chinese and _top(ordinal), title, (ordinal.style, ordinal.chinese)))
    return out


def _top(ordinal: Ordinal) -> bool:
    return ordinal.style in _TOP


def fund_named(text: str) -> str | None:
    """The fund `text` (a heading's title, a figure's label) names, most specific first; None when it names none."""
    return next((scope for pattern, scope in _FUNDS if pattern.search(text)), None)


def standing_under(above: Sequence[tuple[int, bool, str, tuple[str, bool]]], parts: bool = False) -> Iterator[tuple[int, bool, str]]:
    """(line, top level, title) of the headings a line stands under, the nearest first, up to the first of the top level
    (with `parts`, on to the part above it: 第一部分 over 一、): a heading numbered in a style already passed is an
    earlier sibling of that one ((一)财政拨款… then (二)…: what stands under (二) is not under (一)), not above."""
    passed: set[tuple[str, bool]] = set()
    for line, top, title, style in reversed(above):
        if style in passed or ("comma", True) in passed and style[0] != "part":
            continue
        passed.add(style)
        yield line, top, title
        if top and not (parts and style[0] != "part"):
            return


def _scope(above: Sequence[tuple[int, bool, str, tuple[str, bool]]]) -> str | None:
    """The fund of the headings a line stands under (standing_under), the nearest that names one."""
    for _, top, title in standing_under(above):
        named = fund_named(title)
        if named is not None:
            return named
        if top:
            return ALL if _EVERY_SOURCE.search(title) else None
    return None


def subject_scopes(paragraphs: Sequence[tuple[str, Callable[[int], tuple[int, int]]]], starts: Sequence[tuple[int, int]], heading: Sequence[str | None]) -> list[str | None]:
    """The scope of each claim starting at `starts` (line, column), given the scope of its `heading`: where that names
    no one fund, the fund a sentence of its paragraph opens with, up to the next fund named. `paragraphs`: each one's
    text (normalised) and the (line, column) of an offset in it — the paragraphs the claims were read in (a short
    layer's lines joined as the claims reader joins them, not left a line each where no margin shows the wrap)."""
    regions: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for text, at in paragraphs:
        ordinal = read_ordinal(text)
        mentions = [(match.start(), fund_named(match.group())) for match in _ANY_FUND.finditer(text)]
        for head in [ordinal.length if ordinal else 0, *(match.end() for match in _HEAD_AFTER.finditer(text))]:
            subject = _SUBJECT.match(text, head)
            if subject is None:
                continue
            fund = fund_named(subject.group(1))
            end = next((at for at, named in mentions if at > subject.start(1) and named != fund), len(text))
            regions.append((at(subject.start(1)), at(end), fund))  # at(len(text)): the end, or the last character
    out = list(heading)
    for index, (start, scope) in enumerate(zip(starts, heading)):
        if scope in _GENERAL:
            inside = [fund for first, after, fund in regions if first <= start < after]
            out[index] = inside[-1] if inside else scope
    return out
