"""Per-item explanations (“…（类）…（款）…（项）”科目X万元，主要用于…): one claim per item, whatever its shape, with the
item's full code assembled from its 类/款/项 parts, this year's amount, the comparison year's figure, the change and
the reason; and the one-item-one-amount rule comparing only mentions of one item."""

from __future__ import annotations

import os
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_path
from budgetcheck.ingest.narrative.claims import find_claims
from budgetcheck.ingest.narrative.items import designation, role
from tests.conftest import REAL

ISSUE_2026 = (
    "  3、社会保障和就业支出（208类）行政事业单位养老支出（05款）机关事业单位基本养老保险缴费支出（05项）183.95万元，"
    "主要用于机关事业单位基本养老保险缴费 2025年当年预算执行数为170.00万元，2026年预算安排183.95万元，"
    "比2025年预算执行数增加8.21%。主要原因是：人员增加。"
)
FINAL = [
    (1, "  1、一般公共服务支出（类）社会工作事务（款）行政运行（项）"),
    (2, "                              。"),
    (3, "主要用于：行政单位人员支出、公用支出。全年预算为 52.00 万元，"),
    (4, "支出决算为 51.32 万元，完成全年预算数的 98.69%。决算数小于全年预算数的主要原因：人员变动。"),
]

# Counted by hand in the text layers (numbered items of 财政拨款支出主要内容 / 一般公共预算财政拨款支出决算具体情况).
# The brief that handed this issue over said commerce 14 and wanli 32: the texts number 16 and 33 items
# (commerce lines 108–140, wanli lines 80–141), every one an item sentence of its own.
HAND_COUNT = {
    "putuo-govoffice-2025-budget": 12,
    "putuo-commerce-2025-budget": 16,
    "putuo-wanli-street-2025-budget": 33,
    "putuo-socialwork-2024-final": 9,
}
# The socialwork 决算's structure sentence gives each of its four 类 an amount and a share.
SOCIALWORK_SHARES = {"一般公共服务支出": "86.05", "社会保障和就业支出": "3.52", "卫生健康支出": "0.88", "住房保障支出": "9.55"}


def _items(name: str) -> list[dict]:
    path = REAL / f"{name}.txt"
    if not path.is_file():
        pytest.skip(f"reference document {path} is not here")
    claims = extract_path(path).document.data.get("narrative", {}).get("claims", [])
    return [claim for claim in claims if "levels" in claim.get("classification", {})]


def test_the_2026_sentence_is_one_claim_with_its_full_code_both_years_the_percentage_and_the_reason():
    (claim,) = (found.data for found in find_claims([(1, ISSUE_2026)], 2026, "万元"))
    assert claim["subject"] == "社会保障和就业支出-行政事业单位养老支出-机关事业单位基本养老保险缴费支出"
    assert [level.get("code") for level in claim["classification"]["levels"]] == ["208", "20805", "2080505"]
    assert claim["classification"]["code"] == "2080505" and claim["classification"]["name"] == "机关事业单位基本养老保险缴费支出"
    assert (claim["amount"], claim["restated_amount"], claim["year"]) == ("183.95", "183.95", 2026)
    assert (claim["base_year"], claim["base_kind"], claim["base_amount"]) == (2025, "执行数", "170.00")
    assert (claim["percent_direction"], claim["percent"]) == ("增加", Decimal("8.21"))
    assert claim["purpose"] == "机关事业单位基本养老保险缴费" and claim["reason"] == "人员增加"


def test_the_决算_shape_over_layout_lines_is_one_claim_with_its_budget_its_决算_its_rate_and_its_word_on_the_difference():
    (claim,) = (found.data for found in find_claims(FINAL, 2024, "万元"))
    assert claim["subject"] == "一般公共服务支出-社会工作事务-行政运行"
    assert (claim["plan_kind"], claim["plan_amount"], claim["amount"]) == ("全年预算", "52.00", "51.32")
    assert (claim["completion_of"], claim["completion_percent"]) == ("全年预算", Decimal("98.69"))
    assert (claim["plan_direction"], claim["plan_direction_of"]) == ("小于", "全年预算")
    assert claim["purpose"] == "行政单位人员支出、公用支出" and claim["reason"] == "人员变动"


THAT_YEAR = [
    (1, "1.节能环保支出（类）污染防治（款）水体（项），主要用于水质监测项目支出。年初预算为 215.00 万元，当年支出决算为 213.10 万元，"),
    (2, "决算数小于预算数的主要原因：费用节省。"),
    (3, "2.节能环保支出（类）污染防治（款）大气（项），主要用于扬尘监管项目支出，年初预算为 40.00 万元，当年支出决算为 30.00 万元。"),
    (4, "决算数小于预算数的主要原因：项目数较预计少。"),
]


def test_an_items_决算_said_as_that_years_支出决算_is_the_items_and_no_item_named_当年支出():
    """A 决算 wrote its later items' figures as 年初预算为…，当年支出决算为… (sweep 7, a district 生态环境局): 当年支出 was read
    as an item of its own, each item's 决算 one more amount of it, and CLM-DUP-001 gave three false errors (当年支出 30.00
    against 213.10). 当年 says the year of the item's own 决算, as 当年预算执行数 says the year of its base."""
    claims = [found.data for found in find_claims(THAT_YEAR, 2025, "万元")]
    assert [(claim["subject"], claim["plan_amount"], claim["amount"], claim["plan_direction"]) for claim in claims] == [
        ("节能环保支出-污染防治-水体", "215.00", "213.10", "小于"),
        ("节能环保支出-污染防治-大气", "40.00", "30.00", "小于"),
    ]
    assert role("当年支出决算为", 2025).role == "actual" and role("当年度决算数为", 2025).role == "actual"


@pytest.mark.parametrize(
    ("text", "subject", "codes"),
    [
        ("“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元", "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行", [None, None, None]),
        ("“卫生健康支出（类）行政事业单位医疗（款)行政单位医疗（项）”63.19万元", "卫生健康支出-行政事业单位医疗-行政单位医疗", [None, None, None]),
        ("一般公共服务支出（201类）政府办公厅（室）及相关机构事务（03款）行政运行（01项）", "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行", ["201", "20103", "2010301"]),
        ("一般公共服务支出（201类）政府办公厅（室）及相关机构事务（20103款）行政运行（2010301项）", "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行", ["201", "20103", "2010301"]),
    ],
)
def test_an_item_is_named_by_its_levels_in_every_shape_and_its_code_is_assembled_from_the_parts(text, subject, codes):
    found = designation(text)
    assert found is not None and found.subject == subject
    assert [level.code for level in found.levels] == codes


def test_the_role_of_a_figure_is_read_from_the_words_before_it():
    assert (role("2025年当年预算执行数为", 2026).role, role("2025年当年预算执行数为", 2026).kind) == ("base", "执行数")
    assert role("2025年预算数为", 2026).role == "base" and role("2026年预算安排", 2026).role == "again"
    assert role("全年预算为", 2024).role == "full_year_budget" and role("支出决算为", 2024).role == "actual"
    assert role("办公费", 2026) is None


@pytest.mark.parametrize("name", sorted(HAND_COUNT))
def test_every_item_sentence_of_a_reference_document_is_one_claim_with_its_amounts(name):
    items = _items(name)
    detailed = [claim for claim in items if claim["classification"]["level"] == "项"]
    assert len(detailed) == HAND_COUNT[name]
    assert len({claim["subject"] for claim in detailed}) == HAND_COUNT[name]  # one claim per item, never two
    assert all("amount" in claim and "purpose" in claim for claim in detailed)
    if name.endswith("final"):  # the 决算 gives 全年预算 and 支出决算 for each item
        assert all(claim["plan_kind"] == "全年预算" and "plan_amount" in claim for claim in detailed)
        assert sum(1 for claim in detailed if "completion_percent" in claim) == 3
        assert sum(1 for claim in detailed if "plan_direction" in claim) == 9
        shares = {claim["subject"]: str(claim["share"]) for claim in items if claim["classification"]["level"] == "类"}
        assert shares == SOCIALWORK_SHARES


REFERENCE = sorted(path.stem for path in REAL.glob("*.txt")) if REAL.is_dir() else []


@pytest.mark.skipif(not REFERENCE, reason="the reference documents are not on this machine")
@pytest.mark.parametrize("name", REFERENCE)
def test_no_one_item_one_amount_finding_on_a_reference_document_compares_different_items(name):
    result = budgetcheck.check_path(REAL / f"{name}.txt")
    document = extract_path(REAL / f"{name}.txt").document.data
    claims = document.get("narrative", {}).get("claims", [])
    for finding in result.findings:
        if finding.rule != "CLM-DUP-001":
            continue
        compared = {int(path.split("/")[3]) for path in finding.paths if path.startswith("/narrative/claims/")}
        keys = {claims[index].get("classification", {}).get("code") or claims[index]["subject"] for index in compared}
        assert len(keys) == 1, finding.message_zh
    assert Counter(f.rule for f in result.findings)["CLM-DUP-001"] == 0  # and on these documents there is none at all


CORPUS = Path(os.environ.get("BUDGETCHECK_CORPUS") or "/work/scratch/corpus") / "docs"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus of other provinces' texts is not on this machine")
def test_over_the_other_provinces_texts_claims_read_without_error_and_no_item_is_made_of_what_names_no_level():
    """Texts of 14 other provinces (issue 16's corpus, not copied here): none writes items by 类/款/项, so none may
    give an item claim; every figure still reads into a claim of its own."""
    for path in sorted(CORPUS.glob("*.txt")):
        year = int(re.search(r"-(\d{4})-", path.name).group(1))
        lines = list(enumerate(path.read_text(encoding="utf-8").split("\n"), 1))
        claims = [found.data for found in find_claims(lines, year, "万元")]
        names_levels = any(level in text for _, text in lines for level in ("（类）", "(类)", "（款）", "(款)", "（项）", "(项)"))
        items = [claim for claim in claims if "levels" in claim.get("classification", {})]
        assert names_levels or items == [], (path.name, [claim["subject"] for claim in items])
