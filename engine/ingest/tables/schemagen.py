"""Ingest stage, tables: the JSON Schemas of the standard tables, generated from the vocabulary (one source
of truth for table kinds, column names and total rows). The generated files are committed under
`schemas/department-disclosure/tables/` (maintainers read them; the registry loads them) and a test fails
when they differ from what the vocabulary gives:

    python -m budgetcheck.ingest.tables.schemagen          # rewrite them after editing vocabulary.yaml

One schema per table kind (`<kind>.schema.json`), and one per family listing its kinds (`budget` for the
预算 tables, `final` for the 决算 tables), which the document schemas refer to under `tables`. A template
variant (the Shanghai T1–T9 titles and wordings) reads into the same kinds: it is data in the vocabulary,
and the template's document schema (a schema version) says which tables it publishes through its rules.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

from budgetcheck.ingest.tables.vocabulary import vocabulary_path

BASE = "https://budgetcheck.invalid/schemas/department-disclosure/tables/"
COMMON = "../2016/common.schema.json#/$defs/"
_FAMILIES = {"budget": ("预算表格", "the standard tables of a budget disclosure"), "final": ("决算表格", "the standard tables of a final-accounts disclosure")}
_MEASURE_TITLES = {"current": "本年", "last_year": "上年", "budget": "预算数", "final": "决算数", "last_year_final": "上年决算数"}
_LEVELS = {"function": ["类", "款", "项"], "economy": ["类", "款"]}


def _first(label: str) -> str:
    return label.split("|")[0]


def _title(raw_columns: dict, key: str) -> str:
    paths = raw_columns[key]["paths"]
    return "/".join(_first(label) for label in paths[0])


def _amount(title: str, description: str) -> dict:
    return {"$ref": COMMON + "signed_amount", "title": title, "description": description}


def _figures(raw: dict, kind: dict, measures: list[str]) -> dict:
    """The amount columns a row of this kind can hold, by canonical name (the measure suffixed unless current)."""
    properties = {}
    for key in kind["columns"]:
        spec = raw["columns"][key]
        if spec["type"] != "amount" or key == "amount":
            continue
        title = _title(raw["columns"], key)
        for measure in measures:
            name = key if measure == "current" else f"{key}_{measure}"
            shown = title if measure == "current" else f"{title}（{_MEASURE_TITLES.get(measure, measure)}）"
            properties[name] = _amount(shown, f"The figure in the column headed {title!r}" + ("" if measure == "current" else f", {measure}") + ".")
    if "amount" in kind["columns"]:
        properties["amount"] = _amount("金额", "A side's figure printed beside a 合计 of its own (rare); a side with one figure column names it total.")
        if "total" not in properties:  # the reader names a side's one figure column total (tojson._aliases)
            properties["total"] = _amount("金额", "A side's one figure column (金额/预算数/决算数), named total as every table's figure is.")
    return properties


def _texts(raw: dict, kind: dict) -> dict:
    return {key: {"type": "string", "title": _title(raw["columns"], key), "description": f"The text in the column headed {_title(raw['columns'], key)!r}."}
            for key in kind["columns"] if raw["columns"][key]["type"] == "text"}


def _row(raw: dict, kind: dict, figures: dict) -> dict:
    properties: dict = {"name": {"type": "string", "title": "名称", "description": "The row's name as printed, without its ordinal."}}
    if kind["row_key"] == "code":
        scheme = kind.get("code_scheme") or "function"
        properties["code"] = {"type": "string", "title": "科目编码", "pattern": "^[0-9]{3}([0-9]{2}){0,2}$", "description": "The full classification code, whatever the layout printed (类/款/项 columns, one column, or in the name)."}
        properties["level"] = {"enum": _LEVELS[scheme], "title": "科目级次", "description": "The code's level (类 3 digits, 款 5, 项 7)."}
        properties["parent"] = {"type": ["string", "null"], "title": "上级科目编码", "description": "The code without its last part, from the code itself."}
    else:
        properties["code"] = {"type": ["string", "null"], "title": "科目编码", "description": "The classification code, where the table prints one beside the item."}
        properties["ordinal"] = {"type": ["string", "null"], "title": "序号", "description": "The item's printed ordinal (一、, （一）, 1.)."}
        properties["depth"] = {"type": ["integer", "null"], "title": "层级", "description": "Outline depth from the ordinal (1 for 一、)."}
        properties["parent"] = {"type": ["string", "null"], "title": "上级项目", "description": "The name of the item this one details."}
        properties["under"] = {"type": ["string", "null"], "title": "所属合计行", "description": "The total row this item details (e.g. 上年结转)."}
    if kind["layout"] == "two_sided":
        properties["side"] = {"enum": ["income", "expenditure"], "title": "收入或支出一侧", "description": "Which side of a two-sided table the row is on."}
    if kind["layout"] == "panels":
        properties["panel"] = {"type": "integer", "minimum": 0, "title": "栏", "description": "Which side-by-side panel of the table the row is in, from 0."}
    return {"type": "object", "additionalProperties": False, "required": ["name"], "properties": properties | _texts(raw, kind) | figures}


def _totals(kind: dict) -> dict:
    special = kind.get("special") or {}
    sides = special.values() if any(isinstance(v, dict) for v in special.values()) else [special]
    keys = {key: labels[0] for side in sides for key, labels in side.items()}
    return {
        "type": "object",
        "title": "合计行",
        "description": "Every 合计/总计/本年收入合计/上年结转 … row, by its canonical key; never among the rows.",
        "additionalProperties": False,
        "properties": {key: {"$ref": "#/$defs/figures", "title": label, "description": f"The figures of the row printed as {label!r}."} for key, label in keys.items()},
    }


def kind_schema(raw: dict, key: str) -> dict:
    kind = raw["kinds"][key]
    family = raw["families"][kind["family"]]
    measures = ["current", *dict.fromkeys(family["measures"].values())]
    figures = _figures(raw, kind, measures)
    properties: dict = {
        "name": {"type": "string", "title": "表名", "description": "The table's national name."},
        "title": {"type": ["string", "null"], "title": "标题", "description": "The title as printed."},
        "variant": {"type": ["string", "null"], "title": "模板", "description": "Which template's wording named it (national, shanghai, final)."},
        "year": {"type": ["integer", "null"], "title": "年度", "description": "From the title, else the document's year."},
        "unit": {"$ref": COMMON + "unit", "title": "金额单位", "description": "This table's own unit line."},
        "columns": {"type": "array", "items": {"type": "string"}, "title": "所列金额栏", "description": "The amount columns the table prints."},
        "empty": {"type": "boolean", "title": "空表", "description": "No figure printed anywhere in the table."},
        "empty_note": {"type": ["string", "null"], "title": "空表说明", "description": "The note saying the table is empty (本表无数据 …), when printed."},
        "notes": {"type": "array", "items": {"type": "string"}, "title": "表注", "description": "Every note printed under the table."},
    }
    if kind["row_key"] == "measure":
        for measure in measures:
            properties[measure] = {"$ref": "#/$defs/figures", "title": _MEASURE_TITLES.get(measure, measure), "description": f"The figures of the {measure} row."}
    else:
        properties["rows"] = {"type": "array", "title": "行", "description": "The item rows in printed order (total rows are under totals).", "items": {"$ref": "#/$defs/row"}}
    properties["totals"] = _totals(kind)
    defs: dict = {"figures": {"type": "object", "additionalProperties": False, "properties": figures | _texts(raw, kind)}}
    if kind["row_key"] != "measure":
        defs["row"] = _row(raw, kind, figures)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{key.replace('_', '-')}.schema.json",
        "title": kind["name"],
        "description": f"The standard table {kind['name']} ({key}), as read from a workbook, a Word table or typed in. Generated from vocabulary.yaml: do not edit.",
        "type": "object",
        "additionalProperties": False,
        "required": ["name", "unit", "columns", "empty"],
        "properties": properties,
        "$defs": defs,
    }


def family_schema(raw: dict, family: str) -> dict:
    title, description = _FAMILIES[family]
    kinds = [key for key, kind in raw["kinds"].items() if kind["family"] == family]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{family}.schema.json",
        "title": title,
        "description": f"{description[0].upper()}{description[1:]}, each under its kind; a table not in the document is absent. Generated from vocabulary.yaml: do not edit.",
        "type": "object",
        "additionalProperties": False,
        "properties": {key: {"$ref": f"{key.replace('_', '-')}.schema.json", "title": raw["kinds"][key]["name"], "description": f"The table {key}, when published and read."} for key in kinds},
    }


def generate(vocabulary: Path | None = None) -> dict[str, str]:
    """File name -> text of every generated schema."""
    with open(vocabulary or vocabulary_path(), encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    out = {f"{key.replace('_', '-')}.schema.json": kind_schema(raw, key) for key in raw["kinds"]}
    out |= {f"{family}.schema.json": family_schema(raw, family) for family in _FAMILIES}
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in out.items()}


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else vocabulary_path().parent
    for name, text in generate().items():
        (folder / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
