"""Ingest stage, narratives: mappers for the prose sections, each reading a section's blocks and writing its part of the document."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.clauses import Label, figures, map_figures
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.source import Block, Cell, Para

_LABEL = re.compile(r"^([^:,;。]{1,16}?)\s*:\s*")


def paras(blocks: Sequence[Block]) -> Iterator[Cell]:
    for block in blocks:
        if isinstance(block, Para):
            yield block.cell


def labelled(cell: Cell) -> tuple[str, int] | None:
    """('职责目标', offset of the text after the colon) for `职责目标:…`."""
    found = _LABEL.match(cell.norm)
    return (found.group(1).strip(), found.end()) if found else None


def put_text(builder: Builder, pointer: str, cell: Cell, start: int = 0, end: int | None = None) -> None:
    end = len(cell.raw) if end is None else end
    builder.put(pointer, cell.raw[start:end], cell, start, end)


def item_heading(cell: Cell, expected: int) -> tuple[int, str, int] | None:
    """(number, name, offset of the name) for a numbered short line such as `3、精神文明建设`."""
    ordinal = read_ordinal(cell.norm)
    if ordinal is None or ordinal.number != expected or (ordinal.chinese and ordinal.style != "paren"):
        return None
    name = cell.raw[ordinal.length :].strip()
    if not name or len(name) > 40 or "。" in name or labelled(cell) is not None:
        return None
    return ordinal.number, name, cell.raw.index(name, ordinal.length)


# -- part one: duties and organisation -------------------------------------------------------------

_DUTY_FIELDS = (
    (re.compile(r"职责目标|工作目标|工作任务"), "objectives"),
    (re.compile(r"绩效目标"), "performance_goal"),
    (re.compile(r"绩效指标"), "indicators"),
    (re.compile(r"绩效标准|评价标准"), "standard"),
    (re.compile(r"主要职责|职责内容"), "responsibility"),
)
_ITEM_ORDINAL = re.compile(r"(?:(?<=^)|(?<=[^0-9.]))[0-9]{1,2}[、.](?![0-9])")


def _duty_field(label: str) -> str | None:
    return next((name for pattern, name in _DUTY_FIELDS if pattern.fullmatch(label)), None)


def map_duties(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/duties", {}, heading)
    builder.mark("/duties/items", [], heading)
    duty = ""
    organisation: Cell | None = None
    for cell in paras(blocks):
        found = labelled(cell)
        label, start = found if found else ("", 0)
        if organisation:
            _organisation_line(builder, cell)
            continue
        if label and "机构设置" in label:
            organisation = cell
            builder.mark("/organisation", {}, cell)
            builder.consume(cell, 0, start)
            if start < len(cell.raw):
                _organisation_line(builder, cell.tail(start))
            continue
        if label in ("部门职责", "主要职责", "职责") and start == len(cell.raw):
            builder.consume(cell, 0, len(cell.raw))
            continue
        count = len(builder.get("/duties/items"))  # type: ignore[arg-type]
        heading_found = item_heading(cell, count + 1)
        if heading_found is not None:
            number, name, offset = heading_found
            duty = f"/duties/items/{count}"
            builder.mark(duty, {}, cell)
            builder.put(f"{duty}/number", number, cell, 0, offset)
            put_text(builder, f"{duty}/name", cell, offset, offset + len(name))
            continue
        if not duty:
            if not builder.has("/duties/summary"):
                put_text(builder, "/duties/summary", cell)
            continue
        field = _duty_field(label) if label else None
        if field is None and cell.norm.startswith("主要职责"):
            field = "responsibility"
            start = 0
        if field is None and not builder.has(f"{duty}/responsibility"):
            field, start = "responsibility", 0
        if field is None or builder.has(f"{duty}/{field}"):
            continue
        builder.consume(cell, 0, start)
        if field == "indicators":
            _indicators(builder, f"{duty}/indicators", cell, start)
        else:
            put_text(builder, f"{duty}/{field}", cell, start)
    if organisation is not None and not builder.has("/organisation/units"):
        builder.mark("/organisation/units", [], organisation)
    items = builder.get("/duties/items")
    if items and not any("indicators" in item for item in items):  # type: ignore[union-attr]
        # no duty is written in the per-duty form with its 绩效指标 (the sample's; a plain numbered list of duties is the
        # common national one): the reader cannot say this text had to, so each duty's indicators are undetermined
        builder.undetermined.update(f"/duties/items/{index}/indicators" for index in range(len(items)))  # type: ignore[arg-type]


def map_organisation(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    """A part of its own (二、机构设置): its first short line is the heading, the rest the description."""
    builder.mark("/organisation", {}, heading)
    for cell in paras(blocks):
        found = labelled(cell)
        if found and "机构" in found[0]:
            builder.consume(cell, 0, found[1])
            if found[1] == len(cell.raw):
                continue
            cell = cell.tail(found[1])
        _organisation_line(builder, cell)
    if not builder.has("/organisation/units"):
        builder.mark("/organisation/units", [], heading)


def _organisation_line(builder: Builder, cell: Cell) -> None:
    if not builder.has("/organisation/heading") and "。" not in cell.norm and len(cell.raw) <= 40:
        put_text(builder, "/organisation/heading", cell)
    elif not builder.has("/organisation/description"):
        put_text(builder, "/organisation/description", cell)


def _indicators(builder: Builder, pointer: str, cell: Cell, start: int) -> None:
    """`1、a2、b` or `1、组：a。b。2、组：c。` -> one object per indicator (with its group)."""
    builder.mark(pointer, [], cell)
    builder.consume(cell, start, len(cell.raw))
    norm = cell.norm
    marks = [m for m in _ITEM_ORDINAL.finditer(norm, start)]
    pieces = [(m.end(), marks[i + 1].start() if i + 1 < len(marks) else len(norm)) for i, m in enumerate(marks)] or [(start, len(norm))]
    for begin, end in pieces:
        group = None
        colon = norm.find(":", begin, end)
        if colon > 0:
            group = (cell.raw[begin:colon].strip(), begin)
            begin = colon + 1
        for part in re.finditer(r"[^。;]+", norm[begin:end]):
            name = cell.raw[begin + part.start() : begin + part.end()].strip()
            if not name:
                continue
            at = cell.raw.index(name, begin + part.start())
            index = len(builder.get(pointer))  # type: ignore[arg-type]
            builder.mark(f"{pointer}/{index}", {}, cell.tail(at))
            builder.put(f"{pointer}/{index}/name", name, cell, at, at + len(name))
            if group is not None:
                builder.put(f"{pointer}/{index}/group", group[0], cell, group[1], group[1] + len(group[0]))


# -- part two: the budget overview ------------------------------------------------------------------

_O = "/overview"
INCOME = (
    Label(re.compile(r"一般公共预算"), f"{_O}/income/general_public_budget"),
    Label(re.compile(r"政府性基金|基金预算"), f"{_O}/income/government_fund"),
    Label(re.compile(r"国有资本"), f"{_O}/income/state_capital"),
    Label(re.compile(r"财政专户"), f"{_O}/income/fiscal_special_account"),
    Label(re.compile(r"其他"), f"{_O}/income/other"),
    Label(re.compile(r"收入"), f"{_O}/income/total"),
)
EXPENDITURE = (
    Label(re.compile(r"基本支出"), f"{_O}/expenditure/basic/total"),
    Label(re.compile(r"人员"), f"{_O}/expenditure/basic/personnel"),
    Label(re.compile(r"公用"), f"{_O}/expenditure/basic/public_operating"),
    Label(re.compile(r"项目支出"), f"{_O}/expenditure/project/total", reason=f"{_O}/expenditure/project/description"),
    Label(re.compile(r"项目"), f"{_O}/expenditure/project/main_projects/-"),
    Label(re.compile(r"支出"), f"{_O}/expenditure/total"),
)
CHANGE = (
    Label(re.compile(r"基本支出"), change=f"{_O}/change/basic", reason=f"{_O}/change/basic_reason"),
    Label(re.compile(r"项目支出"), change=f"{_O}/change/project", reason=f"{_O}/change/project_reason"),
    Label(re.compile(r"较|比|同比|支出|总|合计"), change=f"{_O}/change/total"),
)
_SUBSECTIONS = (
    (re.compile(r"增减|比上年|变化|对比"), "change", CHANGE),
    (re.compile(r"收入"), "income", INCOME),
    (re.compile(r"支出"), "expenditure", EXPENDITURE),
)
_PREVIOUS_YEAR = re.compile(r"(?:较|比|与|同比)\s*(?:上年|([0-9]{4})\s*年)|同比")  # 同比 alone: against last year


def previous_year(builder: Builder, pointer: str, cell: Cell, fiscal_year: int | None) -> None:
    found = _PREVIOUS_YEAR.search(cell.norm)
    if found is None or builder.has(pointer):
        return
    if found.group(1):
        builder.put(pointer, int(found.group(1)), cell, found.start(1), found.end(1))
    elif fiscal_year is not None:
        builder.put(pointer, fiscal_year - 1, cell, found.start(), found.end())


def _subsection(cell: Cell) -> tuple[str, tuple[Label, ...], int] | None:
    ordinal = read_ordinal(cell.norm)
    if ordinal is None:
        return None
    title = cell.norm[ordinal.length :].strip()
    if not title or len(title) > 20 or "。" in title:
        return None
    for pattern, key, labels in _SUBSECTIONS:
        if pattern.search(title):
            return key, labels, len(cell.raw)
    return None


def _description(builder: Builder, pointer: str, cell: Cell) -> None:
    """The sentences of a paragraph before its first figure."""
    first = figures(cell.norm, builder.unit)
    end = len(cell.raw)
    if first:
        cut = max(cell.norm.rfind("。", 0, first[0].money.start), -1)
        end = cut + 1
    if end > 0 and not builder.has(pointer):
        put_text(builder, pointer, cell, 0, end)


# The overview's parts by what their figures are called: a text that states them without the sub-headings the reader
# follows (收入说明, 支出说明, 比上年增减) leaves them undetermined, not missing from the document.
_OVERVIEW_NAMED = ((f"{_O}/income", re.compile(r"收入[^。;]*?[0-9]")), (f"{_O}/expenditure", re.compile(r"支出[^。;]*?[0-9]")))


def map_overview(builder: Builder, blocks: Sequence[Block], heading: Cell, fiscal_year: int | None) -> None:
    builder.mark(_O, {}, heading)
    cells = list(paras(blocks))
    builder.undetermined.update(pointer for pointer, named in _OVERVIEW_NAMED if any(named.search(cell.norm) for cell in cells))
    current: tuple[str, tuple[Label, ...]] | None = None
    for cell in cells:
        found = _subsection(cell)
        if found is not None:
            key, labels, _ = found
            current = (key, labels)
            builder.consume(cell, 0, len(cell.raw))
            continue
        if current is None:
            if not builder.has(f"{_O}/statement"):
                put_text(builder, f"{_O}/statement", cell)
            continue
        key, labels = current
        if key in ("income", "expenditure"):
            builder.mark(f"{_O}/{key}", {}, cell)
            _description(builder, f"{_O}/{key}/description", cell)
        left = map_figures(builder, cell, labels)
        if key == "change":
            builder.mark(f"{_O}/change", {}, cell)
            previous_year(builder, f"{_O}/change/previous_year", cell, fiscal_year)
            _restatements(builder, cell, left)


def _restatements(builder: Builder, cell: Cell, left: list) -> None:
    """`2019年预算支出安排329.37万元` in 比上年增减 repeats the total: consumed when equal, left to warn when not."""
    year = builder.get(f"{_O}/change/previous_year") if builder.has(f"{_O}/change/previous_year") else None
    for figure in left:
        if figure.sign is not None:
            continue
        if year is not None and str(year) in figure.label and not builder.has(f"{_O}/change/previous_total"):
            builder.put_money(f"{_O}/change/previous_total", figure.money, cell, figure.label_start)
        elif builder.has(f"{_O}/expenditure/total") and figure.money.to(builder.unit) == builder.get(f"{_O}/expenditure/total"):
            builder.consume(cell, figure.label_start, figure.money.end)


# -- part three: operating costs ------------------------------------------------------------------

OPERATING_TOTAL = (Label(re.compile(r"机关运行|共计|合计|总"), "/operating_costs/total"),)
OPERATING_ITEMS = (Label(re.compile(r"."), "/operating_costs/items/-"),)
_NOT_AN_ITEM = re.compile(r"预算|上年|去年|[0-9]{4}\s*年|较|比")  # 年初预算12.00万元, 比2023年…: the total's budget or base


def map_operating_costs(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/operating_costs", {}, heading)
    stated = False
    for cell in paras(blocks):
        found = figures(cell.norm, builder.unit)
        if not found:
            continue
        stated = True
        if builder.has("/operating_costs/total") or map_figures(builder, cell, OPERATING_TOTAL, found[:1]):
            continue
        map_figures(builder, cell, OPERATING_ITEMS, [f for f in found[1:] if f.sign is None and not _NOT_AN_ITEM.search(f.label)])
        last = found[-1].money.end
        stop = cell.norm.find("。", last)
        stop = len(cell.norm) if stop < 0 else stop
        closing = cell.raw[last:stop].strip()
        if closing and len(found) > 1 and not builder.has("/operating_costs/closing"):
            at = cell.raw.index(closing, last)
            put_text(builder, "/operating_costs/closing", cell, at, at + len(closing))
    if not builder.has("/operating_costs/items"):
        builder.mark("/operating_costs/items", [], heading)
    if stated and not builder.has("/operating_costs/total"):  # a figure the reader could not name (机关运行经|费预算为171.01
        builder.undetermined.add("/operating_costs/total")  # 万元, its line cut mid-word): the total is not known, not absent


# -- part four: the three public expenses ----------------------------------------------------------

_T = "/three_public"
THREE_PUBLIC = (
    Label(re.compile(r"购置及运"), f"{_T}/vehicles/total", f"{_T}/change/vehicles", f"{_T}/change_reason"),
    Label(re.compile(r"购置"), f"{_T}/vehicles/purchase", f"{_T}/change/vehicle_purchase", f"{_T}/change_reason"),
    Label(re.compile(r"运行|运维"), f"{_T}/vehicles/operation", f"{_T}/change/vehicle_operation", f"{_T}/change_reason"),
    Label(re.compile(r"出国"), f"{_T}/overseas_travel", f"{_T}/change/overseas_travel", f"{_T}/change_reason"),
    Label(re.compile(r"接待"), f"{_T}/reception", f"{_T}/change/reception", f"{_T}/change_reason"),
    Label(re.compile(r"三公|合计|总|较|比|同比|预算安排|[0-9]{4}\s*年"), f"{_T}/total", f"{_T}/change/total", f"{_T}/change_reason"),
)


# What each amount of the account is called: a text that names one the reader could not read (无因公出国（境）费和公务用车
# 购置费; 公务用车运行维护费1.1万元 without the vehicles' total) leaves it undetermined, not missing from the document.
_NAMED = ((f"{_T}/overseas_travel", re.compile(r"出国")), (f"{_T}/reception", re.compile(r"接待")),
          (f"{_T}/vehicles/total", re.compile(r"公务用车|车辆")), (f"{_T}/total", re.compile(r"三公")))


def map_three_public(builder: Builder, blocks: Sequence[Block], heading: Cell, fiscal_year: int | None) -> None:
    builder.mark(_T, {}, heading)
    cells = list(paras(blocks))
    for cell in cells:
        map_figures(builder, cell, THREE_PUBLIC)
        if builder.has(f"{_T}/change"):
            previous_year(builder, f"{_T}/previous_year", cell, fiscal_year)
    said = "".join(cell.norm for cell in cells)  # a name a line break cut in two (公务接|待费) is still named
    builder.undetermined.update(pointer for pointer, name in _NAMED if not builder.has(pointer) and name.search(said))
    if builder.has(f"{_T}/change") and not builder.has(f"{_T}/change_reason"):
        _reason_sentence(builder, cells, f"{_T}/change_reason")


_REASON_SENTENCE = re.compile(r"(?:^|[。;])\s*((?:增减|增加|减少|下降|增长|变化|变动)的?(?:主要)?原因(?:是|为|主要是|:)[^。;]+)")


def _reason_sentence(builder: Builder, cells: Sequence[Cell], pointer: str) -> None:
    """减少原因是厉行节约。 — the reason for the change given in a sentence of its own, after the figures."""
    for cell in cells:
        found = _REASON_SENTENCE.search(cell.norm)
        if found is not None:
            put_text(builder, pointer, cell, found.start(1), found.end(1))
            return


# -- part eight and nine: glossary and other matters -------------------------------------------------


def map_glossary(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    """Numbered entries `一、术语：解释`; a paragraph without a number after an entry continues its definition
    (a definition wrapped over lines that a blank line parts)."""
    builder.mark("/glossary", [], heading)
    item = ""
    for cell in paras(blocks):
        ordinal = read_ordinal(cell.norm)
        colon = cell.norm.find(":")
        if ordinal is None or colon < ordinal.length:
            if item and ordinal is None:
                entry = builder.get(item)
                entry["definition"] = entry["definition"] + cell.raw  # type: ignore[index]
                builder.consume(cell, 0, len(cell.raw))
            continue
        index = len(builder.get("/glossary"))  # type: ignore[arg-type]
        item = f"/glossary/{index}"
        builder.mark(item, {}, cell)
        builder.put(f"{item}/number", ordinal.number, cell, 0, ordinal.length)
        put_text(builder, f"{item}/term", cell, ordinal.length, colon)
        put_text(builder, f"{item}/definition", cell, colon + 1)


def map_other_matters(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/other_matters", {}, heading)
    cells = list(paras(blocks))
    if not cells:
        return
    put_text(builder, "/other_matters/text", cells[0])
    for cell in cells[1:]:
        builder.consume(cell, 0, len(cell.raw))
    if len(cells) > 1:
        builder.get("/other_matters")["text"] = "\n".join(cell.raw for cell in cells)  # type: ignore[index]
