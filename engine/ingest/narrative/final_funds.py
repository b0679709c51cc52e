"""Ingest stage, narratives: a 决算's accounts of its government fund and state capital appropriations.

八、政府性基金预算财政拨款收入支出决算情况说明 and 九、国有资本经营预算财政拨款收入支出决算情况说明 say either that the unit
had none (…2024 年度无政府性基金预算财政拨款收入和支出。) or what it had (收入 X 万元，支出 Y 万元, with 年初结转和结余 and
年末结转和结余 where stated), then the spending of each 项. Each fund's part (`gov_fund`, `state_capital`) holds what its
account says, and nothing it does not:

- that there was none: `no_income`, `no_expenditure` as the words say (收入和支出, 收入、支出, 收入支出, 收支: both; 支出
  alone, 没有使用…安排的支出: the spending), read only from a sentence that says nothing else: before it a subject
  (本单位, 本部门, the unit's name) and the document's own year or none, after it at most a consequence (，故本表无数据).
  An instruction (无…收入支出的部门，作下述说明), a reason, a condition, another year or another fund is no statement:
  the sentence is a gap and the part is partly read;
- its totals (`income`, `expenditure`, `carried_in`, `carried_out`): a figure before the items (支出具体情况如下, 1、…)
  whose words name that total of this fund alone (收入, 本年支出, 支出决算为, 年初结转和结余); a budget, a change, a part
  (基本支出, 其中…), another year's figure or one of both sides (收入支出 X 万元) is left to the claims, and a total
  stated twice with two amounts is undetermined;
- a blank account, one still holding the template's placeholders (XXX: the template prints both forms), or one of
  which nothing could be read, is not read at all (the caller reports it): never taken for none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetcheck import codes
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.clauses import Figure, figures
from budgetcheck.ingest.narrative.final_three_public import merged
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.sentences import sentence_spans
from budgetcheck.ingest.narrative.source import Cell

FUNDS = {"gov_fund": "政府性基金", "state_capital": "国有资本经营"}  # part -> the fund's name in the text
_FUND = r"(?:政府性基金|国有资本经营)"
_FUND_NAME = re.compile(_FUND)

# 无 / 没有 (使用) / 未安排 / 未发生 / 不涉及 the fund's (预算)(财政拨款)(安排的) 收入和支出 / 收支 / 收入 / 支出
_NONE = re.compile(
    rf"(?:无|没有|未安排|未发生|不涉及|不存在)\s*(?:使用)?\s*(?P<funds>{_FUND}(?:预算)?(?:\s*(?:和|及|与|、|以及)\s*{_FUND}(?:预算)?)?)"
    r"\s*(?:财政拨款)?\s*(?:安排的)?\s*(?P<what>收入\s*(?:和|及|与|、)?\s*支出|支出\s*(?:和|及|与|、)\s*收入|收支|收入|支出)"
)
_BOTH = ("no_income", "no_expenditure")
# what may stand between two statements of one sentence (…收入和支出，也无国有资本经营预算…), and after the last
_JOIN = re.compile(r"\s*[,;、]?\s*(?:也|亦|同时|且|并且)?\s*")
_TAIL = re.compile(r"\s*(?:的?情况|事项)?\s*(?:[,;]\s*(?:故|因此|所以|因而)[^0-9]*?)?\s*[。!;]?\s*")
_NOTE_LABEL = re.compile(r"^\s*(?:说明|注)\s*[:]\s*")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})\s*年度?")
# words no subject of a statement of the year holds: a reason, a condition, an instruction, another time, a comparison,
# figures or what a figure is of
_NOT_SUBJECT = re.compile(
    r"原因|如果|假如|倘若|若|如|除|下述|以下|预计|计划|拟|将|上年|去年|上一年|以前|以往|截至|截止|其他|另|比|较|同比|"
    r"收入|支出|收支|预算|决算|结转|结余|财政拨款|经费|资金|基金|资本|万元|元|%|[:;()“”\"《》]|的部门|的单位"
)
_MAX_SUBJECT = 60

# a total's words, at the end of its label: 收入, 本年支出, 支出决算为, 年初结转和结余
_KEY = re.compile(
    r"(?P<key>年初结转和结余|年初结转结余|上年结转和结余|年初结转|上年结转|年末结转和结余|年末结转结余|年末结转|结转下年|收入|支出)"
    r"\s*(?:决算)?\s*(?:数)?\s*(?:合计)?\s*(?:为|是|共|共计|达)?\s*$"
)
_TARGET = {"年初结转和结余": "carried_in", "年初结转结余": "carried_in", "上年结转和结余": "carried_in", "年初结转": "carried_in",
           "上年结转": "carried_in", "年末结转和结余": "carried_out", "年末结转结余": "carried_out", "年末结转": "carried_out",
           "结转下年": "carried_out", "收入": "income", "支出": "expenditure"}  # fmt: skip
_FUND_PHRASE = re.compile(rf"{_FUND}(?:预算)?(?:财政拨款)?|财政拨款")
# what the words before a total's key may not hold once the fund, the year and the subject are taken out: the key's
# own words (收入支出: both sides), a budget, a part, a comparison, an item, a share
_NOT_TOTAL = re.compile(
    r"收|支|结转|结余|预算|基本|项目|人员|公用|其中|一般公共|上年|去年|上一年|比|较|同比|类|款|项|用于|安排|含|调|上缴|"
    r"补助|债|增|减|占|完成|执行|原因|如|均|各|分别|累计|合计|总计|[0-9%(:]"
)
_COMPARED = re.compile(r"(?:比|较|与|同|对比)\s*$")
_LAST_YEAR = re.compile(r"上年度?|上一年度?|去年")
_ANNOUNCES = re.compile(r"如下\s*:?")
_ITEM_CODE = re.compile(r"[(](?:类|款|项)[)]|[0-9]{3,7}\s*[)]")
_PLACEHOLDER = re.compile(r"[Xx×＊*]{2,}")
_SUB_HEADING = re.compile(r"[(][一二三四五六七八九十]{1,3}[)][^。0-9]{2,40}(?:情况|说明)。?")
_REASON = re.compile(r"原因|主要用于|主要是|系|由于")


def fund_parts(title: str) -> tuple[str, ...]:
    """The parts whose fund a heading names (both, where one heading titles the two accounts)."""
    return tuple(part for part, name in FUNDS.items() if name in title)


def read_final_fund(builder: Builder, heading: Cell, cells: Sequence[Cell], parts: Sequence[str], fiscal_year: int | None) -> bool:
    """Place what the account states of each of `parts`; False, and nothing placed, when it states nothing readable."""
    if not parts or any(_PLACEHOLDER.search(cell.norm) for cell in cells):
        return False
    sub_headings = [cell for cell in cells if _SUB_HEADING.fullmatch(cell.norm.strip())]
    body = [cell for cell in cells if cell not in sub_headings and cell.norm.strip()]
    if not body:
        return False
    cell = merged(body)
    flags, nil, amounts, gaps = _read(cell, parts, fiscal_year, builder.unit)
    read = {part for part, _field, _start, _end in flags} | {part for part, _target in amounts}
    if not read:
        return False
    for part in parts:
        if part in read:
            builder.mark(f"/{part}", {}, heading)
    for part, field, start, end in flags:
        if not builder.has(f"/{part}/{field}"):
            builder.put(f"/{part}/{field}", True, cell, start, end)
    for (part, target), stated in amounts.items():
        if len({figure.money.to(builder.unit) for figure in stated}) > 1:
            builder.undetermined.add(f"/{part}/{target}")  # stated twice with two amounts: the reader does not choose
        else:
            builder.put_money(f"/{part}/{target}", stated[0].money, cell, stated[0].label_start)
    for start, end in gaps:
        line = cell.at(start)[0]
        snippet = cell.raw[start:end].strip()
        snippet = snippet if len(snippet) <= 60 else snippet[:60] + "…"
        builder.warn(
            cell, start, codes.EXTRACT_UNPLACED_TEXT,
            f"第 {line} 行的句子未能读作“无…收入和支出”的说明，也未读出收支总数：“{snippet}”",
            f"line {line}: the sentence could not be read as a statement of no income and spending, nor as a total: \"{snippet}\"",
        )  # fmt: skip
    # a statement of none (and a sentence that could not be read) holds no prose field: the text rules still read it
    for start, end in [*nil, *gaps]:
        builder.consume(cell, start, end)
        builder.set_aside.update(line for line, _, _ in cell.spans(start, end))
    for sub in sub_headings:
        builder.consume(sub, 0, len(sub.raw))
        builder.set_aside.update(line for line, _, _ in sub.spans(0, max(len(sub.raw), 1)))
    return True


Flag = tuple[str, str, int, int]  # (part, field, start, end)


def _read(cell: Cell, parts: Sequence[str], fiscal_year: int | None, unit: str) -> tuple[list[Flag], list[tuple[int, int]], dict[tuple[str, str], list[Figure]], list[tuple[int, int]]]:
    """(the flags of none with their spans, the sentences stating none, each total's figures, the sentences not read)."""
    norm = cell.norm
    found = [figure for figure in figures(norm, unit) if figure.sign is None and norm[figure.money.start].isdigit()]  # no 持平, no 无
    items = _items_from(cell)
    flags: list[Flag] = []
    nil: list[tuple[int, int]] = []
    amounts: dict[tuple[str, str], list[Figure]] = {}
    gaps: list[tuple[int, int]] = []
    for start, end in sentence_spans(norm):
        start += len(norm[start:end]) - len(norm[start:end].lstrip())
        end = min(end, items)
        if start >= end:
            continue
        said = _none(norm, start, end, parts, fiscal_year)
        if said is None:
            gaps.append((start, end))
            continue
        if said:
            flags.extend(said)
            nil.append((start, end))
            continue
        stated = [figure for figure in found if start <= figure.money.start < end]
        for figure in stated:
            target = _target(norm, start, figure, parts, fiscal_year)
            if target is not None:
                amounts.setdefault(target, []).append(figure)
        if not stated and not _ANNOUNCES.search(norm, start, end) and not _REASON.search(norm, start, end):
            gaps.append((start, end))
    return flags, nil, amounts, gaps


def _items_from(cell: Cell) -> int:
    """Where the account turns to its items (支出具体情况如下：, a paragraph numbered 1、 or （一）, a 类/款/项 named):
    their figures are the claims', and their sentences are no statement of the account's own."""
    norm = cell.norm
    at = len(norm)
    announced = _ANNOUNCES.search(norm)
    if announced is not None:
        at = announced.end()
    starts = [offset for offset, _line, _column in cell.breaks if not norm[:offset].rstrip() or norm[:offset].rstrip().endswith(("。", ":", ";"))]
    for offset in starts:
        if read_ordinal(norm[offset:].lstrip()) is not None:
            at = min(at, offset)
    code = _ITEM_CODE.search(norm)
    if code is not None:  # the item's sentence begins after the last full stop, colon or paragraph before its 类/款/项
        at = min(at, max([norm.rfind(mark, 0, code.start()) + 1 for mark in "。:"] + [offset for offset in starts if offset <= code.start()]))
    return at


def _none(norm: str, start: int, end: int, parts: Sequence[str], fiscal_year: int | None) -> list[Flag] | None:
    """The flags a sentence of none sets ([] when it states no none); None when it names none in words that say more."""
    matches = list(_NONE.finditer(norm, start, end))
    if not matches:
        return []
    if not _subject_only(norm[start : matches[0].start()], fiscal_year):
        return None
    if any(not _JOIN.fullmatch(norm, a.end(), b.start()) for a, b in zip(matches, matches[1:])):
        return None
    if not _TAIL.fullmatch(norm, matches[-1].end(), end):
        return None
    flags: list[Flag] = []
    for match in matches:
        what = match.group("what")
        fields = _BOTH if ("收" in what and "支" in what) else ("no_income",) if "收入" in what else ("no_expenditure",)
        flags.extend((part, field, match.start(), match.end()) for part in parts if FUNDS[part] in match.group("funds") for field in fields)
    return flags or None  # only another fund's none: not this account's statement


def _subject_only(head: str, fiscal_year: int | None) -> bool:
    """Whether the words before a statement of none are only its subject and year (本单位, 上海市XX局 2024 年度)."""
    head = _NOTE_LABEL.sub("", head, count=1)
    if len(head) > _MAX_SUBJECT:
        return False
    if any(fiscal_year is None or int(year.group(1)) != fiscal_year for year in _YEAR.finditer(head)):
        return False
    rest = _YEAR.sub("", head)
    return not re.search(r"[0-9]", rest) and not _NOT_SUBJECT.search(rest)


def _target(norm: str, start: int, figure: Figure, parts: Sequence[str], fiscal_year: int | None) -> tuple[str, str] | None:
    """(part, total) a figure of the sentence beginning at `start` states, or None when it is no total of the year's."""
    before = norm[start : figure.money.start]
    named = _FUND_NAME.findall(before)
    part = next((p for p, name in FUNDS.items() if name == named[-1]), None) if named else (parts[0] if len(parts) == 1 else None)
    if part not in parts or _other_year(before, fiscal_year):
        return None
    previous = norm.rfind("万元", start, figure.label_start)  # the clause after the figure before: 其中 opens parts
    if "其中" in norm[max(start, previous) : figure.label_start]:
        return None
    key = _KEY.search(figure.label)
    if key is None:
        return None
    rest = _YEAR.sub("", _FUND_PHRASE.sub("", figure.label[: key.start()]))
    if _NOT_TOTAL.search(rest) or any(fiscal_year is None or int(y) != fiscal_year for y in _YEAR.findall(figure.label)):
        return None
    return part, _TARGET[key.group("key")]  # type: ignore[return-value]


def _other_year(before: str, fiscal_year: int | None) -> bool:
    """Whether the sentence so far speaks of a year not the document's as its own (2023 年度…, 上年…); a year compared
    with (比 2023 年) is not the sentence's."""
    for match in _YEAR.finditer(before):
        if not _COMPARED.search(before, 0, match.start()) and (fiscal_year is None or int(match.group(1)) != fiscal_year):
            return True
    return any(not _COMPARED.search(before, 0, match.start()) for match in _LAST_YEAR.finditer(before))
