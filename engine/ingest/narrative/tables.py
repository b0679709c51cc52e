"""Ingest stage, narratives: mappers for the sections built around a table (performance, procurement, assets)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.clauses import Label, map_figures
from budgetcheck.ingest.narrative.numbers import parse_amount
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.source import Block, Cell, Para, Row
from budgetcheck.ingest.narrative.text_sections import labelled, put_text

_UNIT = re.compile(r"(?:金额)?单位\s*:\s*(万元|元)")
_GRADES = ("优", "良", "中", "差")


def _filled(row: Row) -> list[Cell]:
    return [cell for cell in row.cells if cell.raw.strip()]


def _consume_row(builder: Builder, row: Row) -> None:
    for cell in row.cells:
        builder.consume(cell, 0, len(cell.raw))


def _table_unit(builder: Builder, pointer: str, cell: Cell) -> bool:
    found = _UNIT.search(cell.norm)
    if found is None:
        return False
    builder.put(pointer, cell.raw[found.start(1) : found.end(1)], cell, found.start(1), found.end(1))
    builder.consume(cell, 0, len(cell.raw))
    return True


def _unit_of(builder: Builder, pointer: str) -> str:
    """The unit a table's figures are printed in: its own 单位 line, else the document's."""
    return str(builder.get(pointer)) if builder.has(pointer) else builder.unit


def _stripped(cell: Cell) -> Cell:
    """The cell without leading blanks (`　1、党风廉政建设工作`), columns kept."""
    lead = len(cell.norm) - len(cell.norm.lstrip())
    tail = cell.tail(lead)
    keep = len(tail.norm.rstrip())
    return Cell(tail.line, tail.column, tail.raw[:keep], tail.norm[:keep], tail.breaks)


# -- part five: performance ------------------------------------------------------------------------

_PERF_HEADERS = (
    (re.compile(r"职责|活动|项目名称"), "name"),
    (re.compile(r"预算"), "budget"),
    (re.compile(r"内容"), "content"),
    (re.compile(r"绩效目标|目标"), "goal"),
    (re.compile(r"指标"), "indicator"),
    (re.compile(r"评价标准|标准"), "grades"),
)
_PERF_DEFAULT = {"name": 0, "budget": 1, "content": 2, "goal": 3, "indicator": 4, "grades": 5}


def _perf_columns(row: Row) -> dict[str, int] | None:
    if any(len(cell.norm.strip()) > 8 for cell in row.cells):
        return None
    columns: dict[str, int] = {}
    for index, cell in enumerate(row.cells):
        for pattern, key in _PERF_HEADERS:
            if key not in columns and pattern.search(cell.norm):
                columns[key] = index
                break
    return columns if {"name", "indicator"} <= set(columns) else None


def map_performance(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/performance", {}, heading)
    builder.mark("/performance/duties", [], heading)
    columns = dict(_PERF_DEFAULT)
    pending_goal = False
    last_para: Cell | None = None
    state = {"duty": "", "activity": ""}
    header_seen = False
    full = _row_width(blocks)
    for block in blocks:
        if isinstance(block, Para):
            cell = block.cell
            found = labelled(cell)
            if found and "总体" in found[0]:
                builder.consume(cell, 0, found[1])
                if found[1] < len(cell.raw):
                    put_text(builder, "/performance/overall_goal", cell, found[1])
                else:
                    pending_goal = True
            elif pending_goal:
                put_text(builder, "/performance/overall_goal", cell)
                pending_goal = False
            elif found and found[1] == len(cell.raw):
                builder.consume(cell, 0, len(cell.raw))
            else:
                last_para = cell
            continue
        filled = _filled(block)
        if not filled:
            continue
        if last_para is not None and not builder.has("/performance/table_title"):
            put_text(builder, "/performance/table_title", last_para)
        header = _perf_columns(block)
        if header is not None:
            header_seen = True
            columns = {**_PERF_DEFAULT, **header}
            _consume_row(builder, block)
            continue
        if len(filled) <= 2 and not header_seen:
            for cell in filled:
                _single_cell(builder, cell)
            continue
        if [cell.norm.strip() for cell in filled] == list(_GRADES):
            _consume_row(builder, block)
            continue
        if len(block.cells) < full:
            continue  # a row cut short (a blank line or a page's end inside it): no duty without its activities; unmapped
        _performance_row(builder, block, columns, state)


def _row_width(blocks: Sequence[Block]) -> int:
    """The cells the table's rows hold most often (a row of a table of cells one a line holds all of them, the empty
    ones too): a row with fewer was cut, and what it holds cannot be placed."""
    widths = Counter(len(block.cells) for block in blocks if isinstance(block, Row) and len(_filled(block)) > 2)
    return widths.most_common(1)[0][0] if widths else 0


def _single_cell(builder: Builder, cell: Cell) -> None:
    if _table_unit(builder, "/performance/unit", cell):
        return
    if not builder.has("/performance/table_department"):
        put_text(builder, "/performance/table_department", cell)
        code = re.match(r"[0-9]{1,12}", cell.norm)
        if code:
            builder.put("/metadata/department/code", cell.raw[: code.end()], cell, 0, code.end())


def _cell(row: Row, columns: dict[str, int], key: str, offset: int = 0) -> Cell | None:
    index = columns[key] + offset
    if index >= len(row.cells):
        return None
    cell = _stripped(row.cells[index])
    return cell if cell.raw else None


def _performance_row(builder: Builder, row: Row, columns: dict[str, int], state: dict[str, str]) -> None:
    name = _cell(row, columns, "name")
    if name is not None:
        ordinal = read_ordinal(name.norm)
        level = "duty" if ordinal is None or ordinal.chinese else "activity"
        if level == "activity" and not state["duty"]:
            level = "duty"
        if level == "duty":
            listing = "/performance/duties"
        else:
            listing = f"{state['duty']}/activities"
        if not builder.has(listing):
            builder.mark(listing, [], name)
        pointer = f"{listing}/{len(builder.get(listing))}"  # type: ignore[arg-type]
        builder.mark(pointer, {}, name)
        state[level] = pointer
        if level == "duty":
            state["activity"] = ""
        number = ordinal.number if ordinal else len(builder.get(listing))  # type: ignore[arg-type]
        builder.put(f"{pointer}/number", number, name, 0, ordinal.length if ordinal else 0)
        start = ordinal.length if ordinal else 0
        put_text(builder, f"{pointer}/name", name, start + len(name.raw[start:]) - len(name.raw[start:].lstrip()))
        budget = _cell(row, columns, "budget")
        if budget is not None:
            amount = parse_amount(budget.norm)
            if amount is not None:
                builder.put_number(f"{pointer}/budget", amount, budget, _unit_of(builder, "/performance/unit"))
        for key in ("content", "goal"):
            cell = _cell(row, columns, key)
            if cell is not None:
                put_text(builder, f"{pointer}/{key}", cell)
    indicator = _cell(row, columns, "indicator")
    if indicator is None:
        return
    activity = state["activity"] or state["duty"]
    if not activity:
        return
    listing = f"{activity}/indicators"
    if not builder.has(listing):
        builder.mark(listing, [], indicator)
    pointer = f"{listing}/{len(builder.get(listing))}"  # type: ignore[arg-type]
    builder.mark(pointer, {}, indicator)
    put_text(builder, f"{pointer}/name", indicator)
    builder.mark(f"{pointer}/grades", {}, indicator)
    for offset, grade in enumerate(_GRADES):
        cell = _cell(row, columns, "grades", offset)
        if cell is not None:
            put_text(builder, f"{pointer}/grades/{grade}", cell)


# -- part six: procurement -------------------------------------------------------------------------

_PROCUREMENT_COLUMNS = (
    "project", "project_funds", "item", "catalogue_number", "quantity_unit", "quantity", "unit_price", "total",
    "current_year/total", "current_year/general_public_budget", "current_year/government_fund",
    "current_year/fiscal_special_account", "current_year/other", "other_channels",
)
_PROCUREMENT_TEXT = {"project", "item", "catalogue_number", "quantity_unit"}


# 具体内容见下表, 详见附表3, 如下表所示: the text says where its table is
_TABLE_REFERRED = re.compile(r"[见如][下附]表|详见[^。；;]{0,12}(?:表|附件)|下表")


def map_procurement(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/procurement", {}, heading)
    builder.mark("/procurement/rows", [], heading)
    seen_table = referred = False
    for block in blocks:
        if isinstance(block, Para):
            cell = block.cell
            referred = referred or _TABLE_REFERRED.search(cell.norm) is not None
            if re.search(r"空表|无此项|没有政府采购|未安排", cell.norm) and not builder.has("/procurement/empty_table_note"):
                put_text(builder, "/procurement/empty_table_note", cell)
            elif not seen_table and not builder.has("/procurement/statement"):
                put_text(builder, "/procurement/statement", cell)
            elif not seen_table and "。" not in cell.norm and len(cell.raw) <= 30 and parse_amount(cell.norm) is None:
                builder.consume(cell, 0, len(cell.raw))  # a caption (单位：元); a figure alone on its line is a table's, unread
            continue
        seen_table = True
        filled = _filled(block)
        if not filled:
            continue
        if len(filled) == 1 and _table_unit(builder, "/procurement/unit", filled[0]):
            continue
        if all(parse_amount(cell.norm) is None for cell in filled):
            _consume_row(builder, block)
            continue
        if len(block.cells) < _PROCUREMENT_COLUMNS.index("total") + 1:
            continue  # a row that does not reach the total is no row the reader can place: its figures stay unmapped
        _procurement_row(builder, block)
    if referred and not builder.get("/procurement/rows") and not builder.has("/procurement/empty_table_note"):
        # a table the text points to (见下表, 详见附表) and none read, not found as a table or kept elsewhere: its rows are
        # not known, not known to be none
        del builder.get("/procurement")["rows"]  # type: ignore[attr-defined]
        builder.undetermined.add("/procurement/rows")


def _procurement_row(builder: Builder, row: Row) -> None:
    pointer = f"/procurement/rows/{len(builder.get('/procurement/rows'))}"  # type: ignore[arg-type]
    builder.mark(pointer, {}, row.cells[0])
    for key, cell in zip(_PROCUREMENT_COLUMNS, row.cells):
        cell = _stripped(cell)
        if not cell.raw:
            continue
        if key in _PROCUREMENT_TEXT:
            put_text(builder, f"{pointer}/{key}", cell)
            continue
        amount = parse_amount(cell.norm)
        if amount is not None:
            builder.put_number(f"{pointer}/{key}", amount, cell, None if key == "quantity" else _unit_of(builder, "/procurement/unit"))


# -- part seven: assets ----------------------------------------------------------------------------

ASSET_FIGURES = (Label(re.compile(r"资产总额|固定资产|资产"), "/assets/fixed_assets_total"),)
_ASSET_ROWS = (
    (re.compile(r"资产总额|合计|总计"), "table_total"),
    (re.compile(r"房屋"), "houses"),
    (re.compile(r"车辆"), "vehicles"),
    (re.compile(r"设备"), "equipment_over_200k"),
    (re.compile(r"其他"), "other"),
)
_DATE = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日")


def map_assets(builder: Builder, blocks: Sequence[Block], heading: Cell) -> None:
    builder.mark("/assets", {}, heading)
    # the part's figures are held in the unit its table names (价值（金额单位：万元）), the sentence's before the table's
    held = next((unit for block in blocks if not isinstance(block, Para) for unit in _header_units(block)), builder.unit)
    for block in blocks:
        if isinstance(block, Para):
            _asset_sentence(builder, block.cell, held)
            continue
        filled = _filled(block)
        if not filled:
            continue
        if len(filled) == 1 and "表" in filled[0].norm and not builder.has("/assets/table_title"):
            put_text(builder, "/assets/table_title", filled[0])
            continue
        if any(labelled(cell) for cell in filled):
            _asset_header(builder, block)
            continue
        _asset_row(builder, block)


def _asset_sentence(builder: Builder, cell: Cell, unit: str) -> None:
    map_figures(builder, cell, ASSET_FIGURES, unit=unit)
    date = _DATE.search(cell.norm)
    if date is not None and not builder.has("/assets/as_of"):
        _put_date(builder, cell, date)
    new = re.search(r"[^,;。]*新增[^。]*。?", cell.norm)
    if new and not builder.has("/assets/new_assets_statement"):
        put_text(builder, "/assets/new_assets_statement", cell, new.start(), new.end())


def _header_units(row: Row) -> list[str]:
    """The units a header row of the assets table names (单位：万元 in a labelled cell)."""
    return [unit.group(1) for cell in row.cells if labelled(cell) for unit in [_UNIT.search(cell.norm)] if unit is not None]


def _asset_header(builder: Builder, row: Row) -> None:
    for cell in row.cells:
        found = labelled(cell)
        unit = _UNIT.search(cell.norm)
        if unit is not None and unit.group(1) != builder.unit:
            builder.put("/assets/unit", unit.group(1), cell, unit.start(1), unit.end(1))
        if found is None or unit is not None:
            builder.consume(cell, 0, len(cell.raw))
            continue
        label, start = found
        value = cell.raw[start:].strip()
        date = _DATE.search(cell.norm)
        if "编制" in label:
            builder.put("/assets/compiled_by", value, cell, start, len(cell.raw))
        elif date is not None and not builder.has("/assets/as_of"):
            _put_date(builder, cell, date)
        builder.consume(cell, 0, len(cell.raw))


def _put_date(builder: Builder, cell: Cell, date: re.Match[str]) -> None:
    year, month, day = (int(part) for part in date.groups())
    builder.put("/assets/as_of", f"{year:04d}-{month:02d}-{day:02d}", cell, date.start(), date.end())


def _asset_row(builder: Builder, row: Row) -> None:
    label = _stripped(row.cells[0])
    if "项" in label.norm and "目" in label.norm and len(label.norm.replace(" ", "")) <= 3:
        _consume_row(builder, row)
        return
    if re.fullmatch(r"[0-9]+[、.]?\s*[…. ]+", label.norm):
        if not builder.has("/assets/placeholder_rows"):
            builder.mark("/assets/placeholder_rows", [], label)
        index = len(builder.get("/assets/placeholder_rows"))  # type: ignore[arg-type]
        put_text(builder, f"/assets/placeholder_rows/{index}", label)
        _consume_row(builder, row)
        return
    key = next((name for pattern, name in _ASSET_ROWS if pattern.search(label.norm)), None)
    if key is None:
        return
    pointer = f"/assets/{key}"
    builder.mark(pointer, {}, label)
    builder.consume(label, 0, len(label.raw))
    for field, index in (("count", 1), ("value", 2)):
        if index < len(row.cells):
            cell = _stripped(row.cells[index])
            amount = parse_amount(cell.norm) if cell.raw else None
            if amount is not None:
                builder.put_number(f"{pointer}/{field}", amount, cell, _unit_of(builder, "/assets/unit") if field == "value" else None)
