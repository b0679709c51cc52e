"""Generate N realistic department disclosures from the Xiguan 2019 sample, for the batch benchmark.

Every document is the sample with another department, region and year, other amounts and
slightly different list lengths (without the sample's `narrative` claims, which quote its own
figures). Amounts are drawn leaf by leaf and every total is then
worked out from its parts, so each identity of `rules/national/arithmetic.rules` (and the
operating-cost and three-public bounds of `consistency.rules`) holds exactly.
The eight standard tables are added as totals taken from the document's own figures (after its defect
is injected), so the table rules of `tables.rules` agree with the narrative and report nothing.

The sample's own defects (overlapping grade bands, "%%", "开展绿", indicators that differ
between part one and the performance table, a copied standard, "我单位" in a department's
document, paragraphs without a final "。", a vehicle figure above its operating-cost line with no
word why) are repaired in every document, with grade bands, standards and reasons drawn per
document, so a clean document gets no finding at all from the national pack.
`--keep-sample-defects` leaves them in, as the first version of this generator did.

A share of the documents gets one injected defect each; the defect, where it is and the rule
expected to report it are recorded. `corrupt` of the N files are unreadable instead.

    python benchmarks/generate.py N OUTDIR [--seed S] [--error-share 0.2] [--corrupt K] [--format json|yaml] [--keep-sample-defects]

Document i depends only on (seed, i) and on whether it is a corrupt slot, so the same seed
gives the same bytes. Files are `doc-000000.json` ... (sortable); `manifest.jsonl` (a suffix
`check` ignores) lists what each file is.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import yaml

from budgetcheck.ingest import load_document

SAMPLE = REPO / "fixtures" / "xiguan-2019.yaml"
CENT = Decimal("0.01")
FORMATS = ("json", "yaml")
CLEAN, DEFECT, CORRUPT = "clean", "defect", "corrupt"

REGIONS = (
    ("河北省", "秦皇岛市", "山海关区", "130303"),
    ("河北省", "秦皇岛市", "海港区", "130302"),
    ("河北省", "唐山市", "路南区", "130202"),
    ("山东省", "青岛市", "市南区", "370202"),
    ("浙江省", "杭州市", "西湖区", "330106"),
    ("江苏省", "南京市", "玄武区", "320102"),
    ("广东省", "广州市", "越秀区", "440104"),
    ("四川省", "成都市", "锦江区", "510104"),
    ("湖北省", "武汉市", "江岸区", "420102"),
    ("河南省", "郑州市", "金水区", "410105"),
    ("陕西省", "西安市", "碑林区", "610103"),
    ("湖南省", "长沙市", "芙蓉区", "430102"),
)
STREETS = ("西关", "东关", "南关", "北关", "城关", "新华", "解放", "人民", "建设", "和平", "胜利", "文化", "光明", "朝阳", "长安", "滨河", "幸福", "南山", "北苑", "东城")
EXTRA_COST_ITEMS = ("会议费", "印刷费", "物业管理费", "维修（护）费", "专用材料费", "劳务费", "委托业务费", "取暖费", "租赁费")
EXTRA_INDICATORS = ("档案管理规范率", "信息报送及时率", "群众来访办结率", "安全检查覆盖率", "宣传资料发放率", "问题整改完成率")
STANDARD_GRADES = {"优": "≧90%", "良": "90%-80%", "中": "80%-70%", "差": "≦70%"}
GRADE_STYLES = (  # (优, 良 and 中, 差): bands that parse, descend and do not touch
    ("≥{top}%", "{low}%-{high}%", "<{bottom}%"),
    ("≧{top}%", "{low}%～{high}%", "＜{bottom}%"),
    ("{top}%及以上", "{low}%至{high}%", "<{bottom}%"),
)
GRADE_CUTS = ((90, 10), (95, 5), (90, 5), (85, 10), (100, 10))  # (lowest 优, width of 良 and 中)
STANDARD_SUBJECTS = ("各项指标完成率", "各项绩效指标完成率", "各项工作指标平均完成率")
SELF_REFERENCES = (("我单位", "本部门"), ("本单位", "本部门"))
SENTENCE_INSIDE = re.compile(r"[。！？；;].")
SENTENCE_END = re.compile(r"[。！？：…][”’）)」』]*\s*$")
BASIC_REASONS = {
    -1: ("主要是本部门压缩一般性支出", "主要是人员变动及日常公用经费减少"),
    0: ("与上年持平",),
    1: ("主要是人员经费及日常公用经费增加", "主要是人员调入及工资标准调整"),
}
PROJECT_REASONS = {
    -1: ("主要是部分项目完成后不再安排", "主要是压减非急需项目支出"),
    0: ("与上年持平",),
    1: ("主要是新增社区服务项目支出", "主要是工作任务增加相应安排经费"),
}
THREE_PUBLIC_REASONS = {
    -1: ("主要是本部门按照上级部门要求压缩“三公”经费的支出", "主要是本部门严格执行中央八项规定精神，压减“三公”经费"),
    0: ("主要是本部门“三公”经费与上年持平",),
    1: ("主要是公务用车使用年限较长、维修费用增加", "主要是接待任务增加"),
}
EXPLANATIONS = {
    "公务接待费": "公务接待费另有部分由项目支出安排",
    "公务用车运行维护费": "公务用车运行费另有部分由项目支出安排",
}


@dataclass(frozen=True)
class Defect:
    kind: str  # "amount", "empty-section", "percentage" or "type"
    pointer: str
    rule: str  # the finding expected at `pointer`
    description: str


@dataclass(frozen=True)
class GeneratedDocument:
    index: int
    path: Path
    status: str  # CLEAN, DEFECT or CORRUPT
    defect: Defect | None = None
    corruption: str | None = None  # "invalid-syntax", "binary", "wrong-top-level" or "empty"


@dataclass(frozen=True)
class GeneratedBatch:
    out: Path
    documents: tuple[GeneratedDocument, ...]

    @property
    def paths(self) -> list[Path]:
        return [document.path for document in self.documents]

    @property
    def corrupt(self) -> list[GeneratedDocument]:
        return [document for document in self.documents if document.status == CORRUPT]

    @property
    def defective(self) -> list[GeneratedDocument]:
        return [document for document in self.documents if document.status == DEFECT]

    @property
    def clean(self) -> list[GeneratedDocument]:
        return [document for document in self.documents if document.status == CLEAN]


# -- the sample, copied ---------------------------------------------------------------------

_SAMPLE_CACHE: list[dict] = []


def sample_data() -> dict:
    if not _SAMPLE_CACHE:
        _SAMPLE_CACHE.append(load_document(SAMPLE).data)  # type: ignore[arg-type]
    return _copy(_SAMPLE_CACHE[0])


def _copy(value: object) -> object:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _replace_text(value: object, replacements: list[tuple[str, str]]) -> object:
    if isinstance(value, str):
        for old, new in replacements:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {key: _replace_text(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_text(item, replacements) for item in value]
    return value


# -- amounts that keep every identity ---------------------------------------------------------


class _Money:
    """Draws amounts in 万元 to the cent around the sample's figures, times one scale per document."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.scale = Decimal(str(round(rng.lognormvariate(0, 0.9), 3))) + Decimal("0.05")

    def near(self, base: str | Decimal) -> Decimal:
        jitter = Decimal(self.rng.randint(70, 130)) / 100
        return max(CENT, (Decimal(base) * self.scale * jitter).quantize(CENT))

    def below(self, ceiling: Decimal) -> Decimal:
        """An amount from 0 up to `ceiling`, to the cent."""
        return (ceiling * Decimal(self.rng.randint(0, 100)) / 100).quantize(CENT)


def _renumber(items: list[dict]) -> None:
    for number, item in enumerate(items, start=1):
        item["number"] = number


def _vary_duties(data: dict, rng: random.Random) -> None:
    """Drop up to two duties that carry no budget (from both parts alike) and add an indicator or two."""
    part_one, table = data["duties"]["items"], data["performance"]["duties"]
    droppable = [index for index, duty in enumerate(table) if "budget" not in duty]
    for index in sorted(rng.sample(droppable, rng.randint(0, 2)), reverse=True):
        del part_one[index], table[index]
    _renumber(part_one)
    _renumber(table)
    for _ in range(rng.randint(0, 2)):
        index = rng.randrange(len(table))
        name = rng.choice(EXTRA_INDICATORS)
        if any(indicator["name"] == name for indicator in part_one[index]["indicators"]):
            continue
        part_one[index]["indicators"].append({"name": name})
        table[index]["activities"][0]["indicators"].append({"name": name, "grades": dict(STANDARD_GRADES)})


def _three_public(section: dict, money: _Money, rng: random.Random) -> None:
    current = {
        "overseas_travel": money.near("0.8") if rng.random() < 0.2 else Decimal(0),
        "vehicle_purchase": money.near("15") if rng.random() < 0.1 else Decimal(0),
        "vehicle_operation": money.near("1.1"),
        "reception": money.near("0.05"),
    }
    previous = {key: (money.near(value) if value else Decimal(0)) for key, value in current.items()}
    section["overseas_travel"] = current["overseas_travel"]
    section["vehicles"] = {
        "total": current["vehicle_purchase"] + current["vehicle_operation"],
        "purchase": current["vehicle_purchase"],
        "operation": current["vehicle_operation"],
    }
    section["reception"] = current["reception"]
    section["total"] = sum(current.values(), Decimal(0))
    change = {key: current[key] - previous[key] for key in ("vehicle_purchase", "vehicle_operation", "reception")}
    if current["overseas_travel"]:
        change = {"overseas_travel": current["overseas_travel"] - previous["overseas_travel"], **change}
    section["change"] = {"total": section["total"] - sum(previous.values(), Decimal(0)), **change}
    if rng.random() < 0.5:
        section["previous_total"] = sum(previous.values(), Decimal(0))


def _operating_costs(section: dict, three_public: dict, money: _Money, rng: random.Random, *, matched: bool = False) -> Decimal:
    """The operating costs; with `matched`, each line shared with the three public expenses equals
    its three-public figure or (recorded in `three_public["_explain"]`) stays below it."""
    items = [dict(item) for item in section["items"]]
    for _ in range(rng.randint(0, 2)):
        items.pop(rng.randrange(len(items)))
    present = {item["name"] for item in items}
    for name in rng.sample(EXTRA_COST_ITEMS, rng.randint(0, 2)):
        if name not in present:
            items.insert(rng.randrange(len(items) + 1), {"name": name, "amount": Decimal("0.5")})
    ceilings = {"公务接待费": three_public["reception"], "公务用车运行维护费": three_public["vehicles"]["operation"]}
    for item in items:
        drawn = money.near(item["amount"]) if item["amount"] else money.near("0.1")
        item["amount"] = money.below(ceilings[item["name"]]) if item["name"] in ceilings else drawn
        if matched and item["name"] in ceilings and item["amount"] < ceilings[item["name"]]:
            if rng.random() < 0.6:
                item["amount"] = ceilings[item["name"]]
            else:
                three_public.setdefault("_explain", []).append(item["name"])
    section["items"] = items
    section["total"] = sum((item["amount"] for item in items), Decimal(0))
    return section["total"]


def _performance_budgets(table: list[dict], money: _Money) -> Decimal:
    total = Decimal(0)
    for duty in table:
        if "budget" not in duty:
            continue
        duty["budget"] = money.near(duty["budget"])
        activities = duty["activities"]
        shares = [money.near("1") for _ in activities]
        assigned = Decimal(0)
        for activity, share in zip(activities[:-1], shares):
            activity["budget"] = (duty["budget"] * share / sum(shares)).quantize(CENT)
            assigned += activity["budget"]
        activities[-1]["budget"] = duty["budget"] - assigned
        total += duty["budget"]
    return total


def _overview(section: dict, public_operating: Decimal, project: Decimal, main_project: Decimal, money: _Money, rng: random.Random) -> None:
    expenditure = section["expenditure"]
    personnel = money.near("128.45")
    expenditure["basic"] = {"total": personnel + public_operating, "personnel": personnel, "public_operating": public_operating}
    expenditure["project"]["total"] = project
    expenditure["project"]["main_projects"][0]["amount"] = main_project
    expenditure["total"] = expenditure["basic"]["total"] + project
    income = section["income"]
    income["total"] = expenditure["total"]
    income["government_fund"] = money.below(income["total"] / 5) if rng.random() < 0.3 else Decimal(0)
    income["other"] = money.below(income["total"] / 10) if rng.random() < 0.2 else Decimal(0)
    income["general_public_budget"] = income["total"] - income["government_fund"] - income["other"]
    change = section["change"]
    change["basic"] = money.below(expenditure["basic"]["total"] / 3) * rng.choice((1, -1))
    change["project"] = money.below(project / 3) * rng.choice((1, -1))
    change["total"] = change["basic"] + change["project"]
    if rng.random() < 0.5:
        change["previous_total"] = expenditure["total"] - change["total"]


def _assets(section: dict, money: _Money, rng: random.Random) -> None:
    section["vehicles"] = {"value": money.near("10.75")}
    section["other"] = {"value": money.near("54.17")}
    if rng.random() < 0.3:
        section["houses"] = {"value": money.near("120")}
    total = sum((part["value"] for part in (section["houses"], section["vehicles"], section["equipment_over_200k"], section["other"]) if "value" in part), Decimal(0))
    section["fixed_assets_total"] = total
    if rng.random() < 0.5:
        section["table_total"] = {"value": total}


def make_document(rng: random.Random, *, keep_sample_defects: bool = False) -> dict:
    """One disclosure: the sample with another department, region, year and amounts, and
    (unless `keep_sample_defects`) without the sample's own defects."""
    province, city, county, code = rng.choice(REGIONS)
    street = rng.choice(STREETS)
    year = rng.randint(2017, 2025)
    department_code = str(rng.randint(100, 999))
    office = f"{street}街道办事处"
    replacements = [
        ("山海关区西关街道办事处", f"{county}{office}"),
        ("611西关街道办事处", f"{department_code}{office}"),
        ("西关", street),
        ("山海关区", county),
        ("秦皇岛市", city),
        ("河北省", province),
        ("2019", str(year)),
        ("2018", str(year - 1)),
    ]
    data: dict = _replace_text(sample_data(), replacements)  # type: ignore[assignment]
    data.pop("narrative", None)  # sentences quoting the sample's own figures and years, which change below
    metadata = data["metadata"]
    metadata["department"] = {"name": f"{county}{office}", "code": department_code}
    metadata["region"] = {"province": province, "city": city, "county": county, "code": code}
    metadata["fiscal_year"] = year
    metadata["source"]["file"] = f"generated/{code}-{department_code}-{year}.txt"
    data["organisation"]["units"] = [{"name": f"{county}{office}", "unit_type": "行政单位", "budget_level": "一级", "staffing": rng.randint(12, 60)}]
    if rng.random() < 0.5:
        data["organisation"]["units"].append(
            {"name": f"{street}综合服务中心", "unit_type": "事业单位", "subordinate_institution": True, "budget_level": "二级", "staffing": rng.randint(3, 20)}
        )
    data["overview"]["change"]["previous_year"] = year - 1
    data["three_public"]["previous_year"] = year - 1
    data["assets"]["as_of"] = f"{year - 1}-12-31"

    money = _Money(rng)
    _vary_duties(data, rng)
    _three_public(data["three_public"], money, rng)
    public_operating = _operating_costs(data["operating_costs"], data["three_public"], money, rng, matched=not keep_sample_defects)
    project = _performance_budgets(data["performance"]["duties"], money)
    main_project = data["performance"]["duties"][-1].get("budget", project)
    _overview(data["overview"], public_operating, project, main_project, money, rng)
    _assets(data["assets"], money, rng)
    explain = data["three_public"].pop("_explain", [])
    if not keep_sample_defects:
        _repair(data, explain, rng)
    return data


# -- the sample's own defects, repaired ----------------------------------------------------


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _grades(rng: random.Random, style: tuple[str, str, str]) -> tuple[dict[str, str], tuple[int, int, int]]:
    top, width = rng.choice(GRADE_CUTS)
    good, fair = top - width, top - 2 * width
    at_least, band, below = style
    grades = {
        "优": at_least.format(top=top),
        "良": band.format(low=good, high=top - 1),
        "中": band.format(low=fair, high=good - 1),
        "差": below.format(bottom=fair),
    }
    return grades, (top, good, fair)


def _standard(subject: str, cuts: tuple[int, int, int]) -> str:
    top, good, fair = cuts
    return f"{subject}达到{top}%及以上的为优；{good}%至{top - 1}%的为良；{fair}%至{good - 1}%的为中；低于{fair}%的为差。"


def _indicator_name(name: str) -> str:
    return name if name.endswith(("率", "度")) else name[:-1] + "率"


def _repair_indicators(data: dict, rng: random.Random) -> None:
    """One grade style per document, cut points and a standard per duty, the same indicators in both parts."""
    style = rng.choice(GRADE_STYLES)
    part_one = data["duties"]["items"]
    names = [duty["name"] for duty in part_one]
    for duty, row in zip(part_one, data["performance"]["duties"]):
        grades, cuts = _grades(rng, style)
        table_names: list[str] = []
        for activity in row["activities"]:
            for indicator in activity["indicators"]:
                indicator["name"] = _indicator_name(indicator["name"])
                indicator["grades"] = dict(grades)
                table_names.append(indicator["name"])
        listed = [indicator for indicator in duty["indicators"] if indicator["name"] in table_names]
        present = {indicator["name"] for indicator in listed}
        listed += [{"name": name} for name in dict.fromkeys(table_names) if name not in present]
        duty["indicators"] = listed
        own = duty["name"] if not any(other != duty["name"] and other in duty["name"] for other in names) else "本项职责"
        duty["standard"] = _standard(f"{own}{rng.choice(STANDARD_SUBJECTS)}", cuts)


def _repair_reasons(data: dict, explain: list[str], rng: random.Random) -> None:
    change = data["overview"]["change"]
    change["basic_reason"] = rng.choice(BASIC_REASONS[_sign(change["basic"])])
    change["project_reason"] = rng.choice(PROJECT_REASONS[_sign(change["project"])])
    three_public = data["three_public"]
    reasons = [rng.choice(THREE_PUBLIC_REASONS[_sign(three_public["change"]["total"])])]
    reasons += [EXPLANATIONS[name] for name in explain]
    three_public["change_reason"] = "；".join(reasons) + "。"


def _repair_text(value: object) -> object:
    """Self-reference as "本部门" (not "我单位"/"本单位"); a final "。" on every text of several sentences."""
    if isinstance(value, dict):
        return {key: _repair_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_repair_text(item) for item in value]
    if not isinstance(value, str):
        return value
    for old, new in SELF_REFERENCES:
        value = value.replace(old, new)
    if SENTENCE_INSIDE.search(value) and not SENTENCE_END.search(value):
        value = value.rstrip(" .,;，；、") + "。"
    return value


def _repair(data: dict, explain: list[str], rng: random.Random) -> None:
    _repair_indicators(data, rng)
    _repair_reasons(data, explain, rng)
    data.update(_repair_text(data))  # type: ignore[arg-type]


# -- defects ------------------------------------------------------------------------------


def _parent(data: dict, pointer: str) -> tuple[object, str | int]:
    *parts, last = pointer.split("/")[1:]
    node: object = data
    for part in parts:
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    return node, (int(last) if isinstance(node, list) else last)


def _get(data: dict, pointer: str) -> object:
    parent, key = _parent(data, pointer)
    return parent[key]  # type: ignore[index]


def _set(data: dict, pointer: str, value: object) -> None:
    parent, key = _parent(data, pointer)
    parent[key] = value  # type: ignore[index]


_AMOUNT_TARGETS = (
    ("/overview/expenditure/basic/personnel", "BUD-EXP-002"),
    ("/overview/expenditure/project/total", "BUD-EXP-001"),
    ("/overview/income/general_public_budget", "BUD-INC-001"),
    ("/overview/change/basic", "BUD-CHG-001"),
    ("/operating_costs/total", "BUD-OPC-001"),
    ("/three_public/overseas_travel", "BUD-3PUB-001"),
    ("/three_public/vehicles/purchase", "BUD-3PUB-002"),
    ("/assets/fixed_assets_total", "BUD-AST-001"),
)


def _break_amount(data: dict, rng: random.Random) -> Defect:
    pointer, rule = rng.choice(_AMOUNT_TARGETS)
    before = Decimal(_get(data, pointer))  # type: ignore[arg-type]
    delta = Decimal(rng.randint(1, 999)) / 100
    _set(data, pointer, before + delta)
    return Defect("amount", pointer, rule, f"{before} raised by {delta}: the identity no longer holds")


_EMPTY_TARGETS = (
    ("/organisation/units", "BUD-CMP-001"),
    ("/duties/items", "BUD-CMP-002"),
    ("/operating_costs/items", "BUD-CMP-005"),
)


def _empty_section(data: dict, rng: random.Random) -> Defect:
    pointer, rule = rng.choice(_EMPTY_TARGETS)
    _set(data, pointer, [])
    if pointer == "/operating_costs/items":  # a total alone discloses the part (BUD-CMP-005): the total goes too
        data["operating_costs"].pop("closing", None)
        data["operating_costs"].pop("total", None)
    return Defect("empty-section", pointer, rule, f"{pointer} emptied")


def _wrong_percentage(data: dict, rng: random.Random) -> Defect:
    duties = data["performance"]["duties"]
    duty = rng.randrange(len(duties))
    indicators = duties[duty]["activities"][0]["indicators"]
    index = rng.randrange(len(indicators))
    grades = indicators[index]["grades"]
    grades["优"], grades["差"] = "≦60%", "≧95%"
    pointer = f"/performance/duties/{duty}/activities/0/indicators/{index}/grades/优"
    return Defect("percentage", pointer, "PERF-IND-004", "优 and 差 thresholds written the wrong way round (≦60% / ≧95%)")


_TYPE_TARGETS: tuple[tuple[str, str, Callable[[object], object]], ...] = (
    ("/metadata/fiscal_year", "SCHEMA-TYPE", lambda value: f"{value}年"),
    ("/duties/items/0/number", "SCHEMA-TYPE", lambda value: "一"),
    ("/organisation/units/0/staffing", "SCHEMA-TYPE", lambda value: f"{value}人"),
    ("/operating_costs/items/0/name", "SCHEMA-TYPE", lambda value: 101),
)


def _wrong_type(data: dict, rng: random.Random) -> Defect:
    pointer, rule, change = rng.choice(_TYPE_TARGETS)
    before = _get(data, pointer)
    after = change(before)
    _set(data, pointer, after)
    return Defect("type", pointer, rule, f"{before!r} written as {after!r}")


DEFECTS: dict[str, Callable[[dict, random.Random], Defect]] = {
    "amount": _break_amount,
    "empty-section": _empty_section,
    "percentage": _wrong_percentage,
    "type": _wrong_type,
}


# -- writing ------------------------------------------------------------------------------

_DECIMAL_MARK = "\x00D"
_MARKED = re.compile(r'"\\u0000D(-?[0-9.]+)"')


def _mark_decimals(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{_DECIMAL_MARK}{value}"
    if isinstance(value, dict):
        return {key: _mark_decimals(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark_decimals(item) for item in value]
    return value


def to_json(data: dict) -> str:
    """JSON with every Decimal written as a JSON number exactly as it stands (329.37, never a float)."""
    text = json.dumps(_mark_decimals(data), ensure_ascii=False, indent=2)
    return _MARKED.sub(r"\1", text) + "\n"


class _YamlDumper(yaml.SafeDumper):
    pass


_YamlDumper.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def to_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_YamlDumper, allow_unicode=True, sort_keys=False, width=1000)


SERIALISERS: dict[str, Callable[[dict], str]] = {"json": to_json, "yaml": to_yaml}
CORRUPTIONS = ("invalid-syntax", "binary", "wrong-top-level", "empty")


def _corrupt_bytes(kind: str, fmt: str, rng: random.Random) -> bytes:
    if kind == "invalid-syntax":
        if fmt == "json":
            text = to_json(make_document(rng))
            return text[: len(text) // 2].encode("utf-8")
        return "metadata: {document_type: department-disclosure, department: [山海关\n  overview: :\n".encode()
    if kind == "binary":
        return b"\xff\xfe\x00\x89PNG" + bytes(rng.randrange(256) for _ in range(256))
    if kind == "wrong-top-level":
        return '["部门预算", 2019, 329.37]\n'.encode() if fmt == "json" else "- 部门预算\n- 2019\n".encode()
    return b""


def corrupt_slots(n: int, corrupt: int) -> list[int]:
    """Evenly spread positions for the corrupt files (the same for a given n and k, whatever the seed)."""
    corrupt = min(max(corrupt, 0), n)
    return [(slot * n) // corrupt + (n // corrupt) // 2 for slot in range(corrupt)] if corrupt else []


def generate(
    n: int, out: Path, *, seed: int = 0, error_share: float = 0.2, corrupt: int = 0, fmt: str = "json", keep_sample_defects: bool = False
) -> GeneratedBatch:
    """Write n files doc-000000.<fmt> ... into `out`: `corrupt` of them unreadable, a share of the rest with one defect each
    (and, with `keep_sample_defects`, every readable one with the sample's own defects too)."""
    if fmt not in SERIALISERS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not 0 <= error_share <= 1:
        raise ValueError("error_share must be between 0 and 1")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    width = max(6, len(str(n - 1)))
    corrupt_at = set(corrupt_slots(n, corrupt))
    kinds = sorted(DEFECTS)
    documents: list[GeneratedDocument] = []
    for index in range(n):
        rng = random.Random(f"budgetcheck-generate:{seed}:{index}")
        path = out / f"doc-{index:0{width}d}.{fmt}"
        if index in corrupt_at:
            kind = CORRUPTIONS[len([slot for slot in corrupt_at if slot < index]) % len(CORRUPTIONS)]
            path.write_bytes(_corrupt_bytes(kind, fmt, rng))
            documents.append(GeneratedDocument(index, path, CORRUPT, corruption=kind))
            continue
        data = make_document(rng, keep_sample_defects=keep_sample_defects)
        defect = DEFECTS[rng.choice(kinds)](data, rng) if rng.random() < error_share else None
        data["tables"] = _tables(data)
        path.write_text(SERIALISERS[fmt](data), encoding="utf-8")
        documents.append(GeneratedDocument(index, path, DEFECT if defect else CLEAN, defect))
    batch = GeneratedBatch(out, tuple(documents))
    _write_manifest(batch)
    return batch


def _figure(data: dict, pointer: str) -> Decimal:
    try:
        value = _get(data, pointer)
    except (KeyError, IndexError, TypeError):
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(0)


def _tables(data: dict) -> dict:
    """The eight tables of the 规程 as totals only (no rows), taken from the document's own figures once its defect
    is in: the table rules then agree with the narrative whatever was broken, and a clean document stays clean."""
    income, spent = _figure(data, "/overview/income/total"), _figure(data, "/overview/expenditure/total")
    basic, project = _figure(data, "/overview/expenditure/basic/total"), _figure(data, "/overview/expenditure/project/total")
    personnel, public = _figure(data, "/overview/expenditure/basic/personnel"), _figure(data, "/overview/expenditure/basic/public_operating")
    three = {"total": "/three_public/total", "overseas_travel": "/three_public/overseas_travel", "vehicles": "/three_public/vehicles/total",
             "vehicle_purchase": "/three_public/vehicles/purchase", "vehicle_operation": "/three_public/vehicles/operation", "reception": "/three_public/reception"}  # fmt: skip

    def table(name: str, columns: list[str], **rest: object) -> dict:
        return {"name": name, "unit": data["metadata"].get("unit", "万元"), "columns": columns, "empty": False, "rows": [], **rest}

    by_function = {"total": {"total": spent, "basic": basic, "project": project}}
    return {
        "budget_summary": table("部门收支总表", ["total"], totals={
            "income_this_year": {"total": income}, "carried_in": {"total": Decimal(0)}, "income_total": {"total": income},
            "expenditure_this_year": {"total": spent}, "expenditure_total": {"total": income}}),
        "income_summary": table("部门收入总表", ["total"], totals={"total": {"total": income}}),
        "expenditure_summary": table("部门支出总表", ["total", "basic", "project"], totals=by_function),
        "fiscal_summary": table("财政拨款收支总表", ["total", "general_budget"], totals={
            "income_total": {"total": income}, "expenditure_total": {"total": spent, "general_budget": spent}}),
        "general_budget_expenditure": table("一般公共预算支出表", ["total", "basic", "project"], totals=by_function),
        "general_budget_basic": table("一般公共预算基本支出表", ["total", "personnel", "public"], totals={
            "total": {"total": basic, "personnel": personnel, "public": public}}),
        "three_public": {key: value for key, value in table("一般公共预算“三公”经费支出表", list(three)).items() if key != "rows"}
        | {"current": {key: _figure(data, at) for key, at in three.items()}},
        "gov_fund_expenditure": table("政府性基金预算支出表", ["total"], empty=True, empty_note="本部门无政府性基金预算财政拨款安排的支出，故本表无数据。"),
    }


def _write_manifest(batch: GeneratedBatch) -> None:
    lines = []
    for document in batch.documents:
        row = {"file": document.path.name, "status": document.status}
        if document.defect is not None:
            row["defect"] = asdict(document.defect)
        if document.corruption is not None:
            row["corruption"] = document.corruption
        lines.append(json.dumps(row, ensure_ascii=False))
    (batch.out / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many files to write")
    parser.add_argument("out", type=Path, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--error-share", type=float, default=0.2, help="share of readable documents given one defect")
    parser.add_argument("--corrupt", type=int, default=0, help="how many of the n files are unreadable")
    parser.add_argument("--format", dest="fmt", choices=FORMATS, default="json")
    parser.add_argument("--keep-sample-defects", action="store_true", help="leave the sample's own defects in every document (the old behaviour)")
    args = parser.parse_args(argv)
    batch = generate(
        args.n, args.out, seed=args.seed, error_share=args.error_share, corrupt=args.corrupt, fmt=args.fmt, keep_sample_defects=args.keep_sample_defects
    )
    print(f"{len(batch.documents)} files in {batch.out}: {len(batch.clean)} clean, {len(batch.defective)} with a defect, {len(batch.corrupt)} corrupt (manifest.jsonl)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
