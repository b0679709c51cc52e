"""Ingest stage, narratives: a 决算's 三公 account (财政拨款“三公”经费支出决算情况说明) read as figures.

The 决算 template says of the 三公 total and of each item a budget (年初预算为 A 万元), an outturn (支出决算为 B 万元), a
completion rate (完成预算的 P%), the change against last year's outturn (比2023年度减少 C 万元, 与上一年度持平), and, in
its 具体情况, each item's outturn again with its share, and the vehicles' purchase and operation. The schema's 三公
part holds the year's figures and their changes: in a 决算 those are the outturns, as in a budget they are the budget.

What is read, and what is left (never guessed):
- a figure whose words name a budget (年初预算, 全年预算, 预算数, 比预算减少) is the budget's, not the part's: left to the
  claims, whose completion-rate rules read it;
- an item is the one the figure's words name (出国, 公务用车购置及运行, 购置, 运行, 接待, 三公), else the last one the
  sentence named before it (…年初预算为 2.85 万元，支出决算为 0.39 万元); a part of an item (国内公务接待, 外宾接待) is
  no item;
- a figure of another year (2023年度“三公”经费支出决算为…, 上年…) is not the year's; a change counts only where the
  sentence (or the sentence it goes on from, 其中：…) compares with an earlier year, never with the budget;
- an item stated twice with two amounts is left undetermined: the text disagrees with itself, and the reader does not
  choose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.clauses import Figure, figures
from budgetcheck.ingest.narrative.source import Cell

_T = "/three_public"

# An item named in a figure's words, the longest name first at each place (公务用车购置及运行维护费 is the vehicles' total)
_ITEM = re.compile(r"购置及运(?:行|维)|公务用车(?!购置|运行|运维)|购置|运行|运维|出国|接待|三公")
_LEVEL = {"购置及运行": "vehicles/total", "购置及运维": "vehicles/total", "公务用车": "vehicles/total", "购置": "vehicles/purchase",
          "运行": "vehicles/operation", "运维": "vehicles/operation", "出国": "overseas_travel", "接待": "reception",
          "三公": "total"}  # fmt: skip
_CHANGE = {"vehicles/total": "change/vehicles", "vehicles/purchase": "change/vehicle_purchase",
           "vehicles/operation": "change/vehicle_operation", "overseas_travel": "change/overseas_travel",
           "reception": "change/reception", "total": "change/total"}  # fmt: skip
_PART_OF_ITEM = re.compile(r"国内|外宾|外事|外国|境外|国\(境\)外")  # 国内公务接待支出 0.39 万元（含外宾接待支出 0.00 万元）
# the parts of the reception an account states, each its own field: 外宾 before 国内 (国内…含外宾接待 is the guests')
_RECEPTION_PARTS = ((re.compile(r"外宾|外事"), "reception_parts/foreign_guests"), (re.compile(r"国\(境\)外|境外|国外"), "reception_parts/abroad"),
                    (re.compile(r"国内"), "reception_parts/domestic"))  # fmt: skip
# what the account counts (团组 0 个、累计 0 人次; 保有量为 0 辆; 接待 2 批次、26 人次，其中：接待外宾 0 批次、0 人次)
_COUNT = re.compile(r"(?<![0-9.])([0-9]+)\s*(个|人次|辆|批次|批)(?![0-9])")
_COUNT_CONTEXT = re.compile(r"[^,;:。]*$")
# which the sentence speaks of at a figure, the last named: a budget (年初预算 2.85 万元，其中因公出国（境）费 0 万元) or
# the outturn (…完成预算的 13.68%，其中：因公出国（境）费决算为 0.00 万元); a completion rate names no budget figure, nor
# does a 预算单位
_SPOKEN_OF = re.compile(r"(决算)|(?<!完成)(?<!完成年初)(?<!完成全年)(?<!完成调整)预算(?!完成|单位|绩效|管理)")  # 所属各预算单位: no budget
# a year the sentence speaks of: compared with (比2023年度, 与上一年度) or its own (2023年度“三公”经费支出决算为…)
_YEAR = re.compile(r"(比|较|与|同|对比)?\s*(上年度?|上一年度?|去年|(\d{4})\s*年度?)")
_SENTENCE = re.compile(r"[^。]*(?:。|$)")
_SUB_HEADING = re.compile(r"[(][一二三四五六七八九十]{1,3}[)][^。0-9]{2,40}(?:情况|说明)。?")
NO_THREE_PUBLIC = r"无[“\"]?三公[”\"]?经费"  # “…2024 年度无“三公”经费财政拨款支出。”: every 三公 figure is nil
_NIL_SENTENCE = re.compile(rf"[^。]*{NO_THREE_PUBLIC}[^。0-9]*(?:。|$)")
_BASE = re.compile(r"^(?:比|较|与|同比|对比)")
# a change's reason: 公务接待费支出减少的主要原因是…; not 决算数小于（大于）预算数的主要原因 (the outturn against the budget)
_REASON = re.compile(r"(?:增加|减少|增长|下降|变化|变动|增减)(?:\([^)]*\))?的?(?:主要)?原因(?:是|为|主要是|:)?\s*([^。]*[^。\s])")
_REQUIRED = ("total", "overseas_travel", "vehicles", "vehicles/total", "reception")  # what the schema's 三公 part requires


def merged(cells: Sequence[Cell]) -> Cell:
    """The cells' text as one, each line joined without a break (a PDF's layer wraps a sentence anywhere, 支出决|算为);
    every offset still leads to its line and column."""
    first = cells[0]
    raw, norm, breaks = first.raw, first.norm, list(first.breaks)
    for cell in cells[1:]:
        breaks.append((len(raw), cell.line, cell.column))
        breaks.extend((len(raw) + at, line, column) for at, line, column in cell.breaks)
        raw += cell.raw
        norm += cell.norm
    return Cell(first.line, first.column, raw, norm, tuple(breaks))


def read_final_three_public(builder: Builder, heading: Cell, cells: Sequence[Cell], fiscal_year: int | None) -> bool:
    """Place the outturns and changes the account states; False, and nothing placed, when it states none."""
    headings = [cell for cell in cells if _SUB_HEADING.fullmatch(cell.norm.strip())]
    body = [cell for cell in cells if cell not in headings]
    if not body:
        return False
    cell = merged(body)
    placed, disagree, previous_year = _read(cell, builder.unit, fiscal_year)
    if not any(not target.startswith("change/") for target in set(placed) - disagree):
        return False  # no outturn read (a blank template's XXX, 持平 alone): nothing of the account's own
    builder.mark(_T, {}, heading)
    for sub in headings:  # （一）“三公”经费财政拨款支出决算总体情况说明。: the account's structure; the text rules still read it
        builder.consume(sub, 0, len(sub.raw))
        builder.set_aside.update(line for line, _, _ in sub.spans(0, max(len(sub.raw), 1)))
    for target, figure in placed.items():
        if target not in disagree:
            builder.put_money(f"{_T}/{target}", figure.money, cell, figure.label_start, -1 if figure.sign == -1 else 1)
    builder.undetermined.update(f"{_T}/{target}" for target in disagree)
    counts, unsure = _counts(cell, fiscal_year)
    for target, count in counts.items():
        if target not in unsure:
            builder.put(f"{_T}/statistics/{target}", int(count.group(1)), cell, count.start(), count.end())
    builder.undetermined.update(f"{_T}/statistics/{target}" for target in unsure)
    # an account may state its total alone (支出决算为6.50万元，完成预算的81.3%): an item it does not state is not judged
    builder.undetermined.update(f"{_T}/{target}" for target in _REQUIRED if not builder.has(f"{_T}/{target}"))
    if builder.has(f"{_T}/change"):
        if previous_year is not None:
            builder.put_fixed(f"{_T}/previous_year", previous_year)
        if not builder.has(f"{_T}/change/total"):
            builder.undetermined.add(f"{_T}/change/total")
        reason = _REASON.search(cell.norm)
        if reason is not None:
            builder.put(f"{_T}/change_reason", cell.raw[reason.start(1) : reason.end(1)], cell, reason.start(1), reason.end(1))
        elif "原因" in cell.norm:  # a reason the reader could not take apart is not a reason left out
            builder.undetermined.add(f"{_T}/change_reason")
    if all(figure.money.value == 0 for target, figure in placed.items() if "change" not in target):
        _nil_sentences(builder, cell)
    return True


def _nil_sentences(builder: Builder, cell: Cell) -> None:
    """…2024 年度无“三公”经费财政拨款支出。 beside outturns of 0 says what was read: its lines are accounted for, and the
    text rules still read them (a sentence of lines of its own; a reason, 主要原因：当年度无“三公”经费支出, is the
    reason's)."""
    starts = {0, *(at for at, _, _ in cell.breaks)}
    for nil in _NIL_SENTENCE.finditer(cell.norm):
        start = nil.start() + len(nil.group()) - len(nil.group().lstrip())
        if "原因" in nil.group() or start not in starts:
            continue
        builder.consume(cell, start, nil.end())
        builder.set_aside.update(line for line, _, _ in cell.spans(start, nil.end()))


def _read(cell: Cell, unit: str, fiscal_year: int | None) -> tuple[dict[str, Figure], set[str], int | None]:
    """(each target's figure, the targets stated twice with two amounts, the earlier year compared with)."""
    found = figures(cell.norm, unit)
    placed: dict[str, Figure] = {}
    disagree: set[str] = set()
    compared = False
    previous_year: int | None = None
    for sentence in _SENTENCE.finditer(cell.norm):
        start, end = sentence.span()
        if start == end:
            continue
        compared = compared and sentence.group().lstrip().startswith("其中")  # 与2023年度持平。其中：…持平: it goes on
        for figure in (f for f in found if start <= f.money.start < end):
            before = cell.norm[start : figure.money.start]
            other_year, compared_year = _years(before, fiscal_year)
            if compared_year is not None:
                compared, previous_year = True, previous_year or compared_year
            target = _target(figure, before, other_year, compared)
            if target is None:
                continue
            if target in placed:
                held = placed[target]
                if held.money.to(unit) != figure.money.to(unit) or (held.sign == -1) != (figure.sign == -1):
                    disagree.add(target)
                continue
            placed[target] = figure
    return placed, disagree, previous_year


def _counts(cell: Cell, fiscal_year: int | None) -> tuple[dict[str, re.Match[str]], set[str]]:
    """(each statistic's number as found, the statistics stated twice with two numbers): a count is the year's where its
    sentence speaks of no other year and of no budget, and its clause says what it counts."""
    found: dict[str, re.Match[str]] = {}
    disagree: set[str] = set()
    for sentence in _SENTENCE.finditer(cell.norm):
        start = sentence.start()
        for count in _COUNT.finditer(cell.norm, start, sentence.end()):
            before = cell.norm[start : count.start()]
            spoken = [match.group(1) for match in _SPOKEN_OF.finditer(before)]
            if (spoken and spoken[-1] is None) or _years(before, fiscal_year)[0]:
                continue
            target = _statistic(_COUNT_CONTEXT.search(before).group(), count.group(2))  # type: ignore[union-attr]
            if target is None:
                continue
            if target in found:
                if int(found[target].group(1)) != int(count.group(1)):
                    disagree.add(target)
                continue
            found[target] = count
    return found, disagree


def _statistic(context: str, unit: str) -> str | None:
    """What a count in its clause (团组 0 个、累计 | 列明公务接待 2 批次、 | 保有量为) counts, or None."""
    if unit == "个":
        return "overseas_groups" if "团组" in context else None
    if unit == "辆":
        return "vehicles_held" if "保有" in context else "vehicles_bought" if re.search(r"购置|购买|新购|更新", context) else None
    kind = "visits" if unit == "人次" else "batches"
    if re.search(r"外宾|外事", context):
        return f"foreign_reception_{kind}"
    if kind == "visits" and re.search(r"团组|出国", context):
        return "overseas_visits"
    return f"reception_{kind}" if "接待" in context else None


def _years(before: str, fiscal_year: int | None) -> tuple[bool, int | None]:
    """(whether the sentence so far speaks of another year as its own, the earlier year it compares with)."""
    own = False
    compared: int | None = None
    for match in _YEAR.finditer(before):
        year = int(match.group(3)) if match.group(3) else None
        if match.group(1):
            compared = year if year is not None else (fiscal_year - 1 if fiscal_year is not None else None)
            continue
        if year is None or fiscal_year is None or year != fiscal_year:
            own = True
    return own, compared


def _target(figure: Figure, before: str, other_year: bool, compared: bool) -> str | None:
    """Where the figure goes under /three_public, or None when it is no outturn or change of the year's."""
    spoken = [match.group(1) for match in _SPOKEN_OF.finditer(before)]
    if (spoken and spoken[-1] is None) or other_year:
        return None
    if _PART_OF_ITEM.search(figure.label):
        if figure.sign is not None or "接待" not in figure.label:
            return None
        return next((target for pattern, target in _RECEPTION_PARTS if pattern.search(figure.label)), None)
    # the item the words name; else the one named before in its clause group (…运行费支出预算为6.00万元，支出决算为5.00万元);
    # else the sentence's own (…年初预算为 5.00 万元，其中：…；支出决算为 3.60 万元), never an item of a list between
    named = _ITEM.findall(figure.label) or _ITEM.findall(re.split(r"[;；]", before)[-1])
    if not named:
        named = _ITEM.findall(before)[:1]
    if not named:
        return None
    level = _LEVEL[named[-1]]
    if figure.sign is None:
        if _BASE.match(figure.label):  # 比2023年度0.54万元减少0.15万元: the comparison's base, last year's amount
            return "previous_total" if level == "total" else None
        return level
    return _CHANGE[level] if compared else None
