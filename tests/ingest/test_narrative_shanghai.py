"""The real Shanghai disclosures (text layers in ../shared/reference/real/): a second template, read as far as it goes.

What is mapped: the duties and the organisation as prose, the income and expenditure totals of the
编制说明, the 三公 figures and their stated changes, the 机关运行经费 total, the procurement, performance
and asset parts as prose; figures stated in sentences become claims. What is not: the nine tables
(layout text; one warning each) and the project descriptions. The 决算 documents use numbered 第X部分
headings with a contents page that is not marked as one: their cover title (set over several lines)
and their 其他重要事项的情况说明 are read, many of their other figures come out as unmapped warnings.
The coverage of each part says which.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_path
from tests.conftest import REAL

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="the reference documents are not present")

# Figures observed by hand (../shared/reference/README.md), in 万元.
BUDGETS = {
    "putuo-govoffice-2025-budget": {"three_public": ("867.50", "839", "28.50", "0"), "operating": "213.28", "income": "9101.68"},
    "putuo-commerce-2025-budget": {"three_public": ("1.00", "0", "1.00", "0"), "operating": "171.01", "income": "37151.47"},
    "putuo-wanli-street-2025-budget": {"three_public": ("37.91", "0", "1.35", "36.56"), "operating": "464.64", "income": "18976.76"},
}


def _extract(name: str):
    return extract_path(REAL / f"{name}.txt")


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_a_shanghai_budget_is_recognised_and_its_three_public_and_operating_totals_are_mapped(name):
    extraction = _extract(name)
    expected = BUDGETS[name]
    data = extraction.document.data
    assert extraction.template == "shanghai-district"
    assert data["metadata"]["fiscal_year"] == 2025 and data["metadata"]["region"]["province"] == "上海市"
    total, overseas, reception, vehicles = (Decimal(v) for v in expected["three_public"])
    three = data["three_public"]
    assert (three["total"], three["overseas_travel"], three["reception"], three["vehicles"]["total"]) == (total, overseas, reception, vehicles)
    assert three["total"] == three["overseas_travel"] + three["reception"] + three["vehicles"]["total"]
    assert data["operating_costs"]["total"] == Decimal(expected["operating"])
    assert data["overview"]["income"]["total"] == data["overview"]["expenditure"]["total"] == Decimal(expected["income"])


def test_the_wanli_vehicle_split_and_its_stated_decrease_are_mapped_with_their_lines():
    extraction = _extract("putuo-wanli-street-2025-budget")
    three = extraction.document.data["three_public"]
    assert (three["vehicles"]["purchase"], three["vehicles"]["operation"]) == (Decimal(15), Decimal("21.56"))
    assert three["change"]["total"] == Decimal(-10) and three["change"]["vehicle_purchase"] == Decimal(-10)
    lines = (REAL / "putuo-wanli-street-2025-budget.txt").read_text(encoding="utf-8").split("\n")
    record = extraction.provenance["/three_public/vehicles/purchase"]
    assert lines[record.line - 1][record.column - 1 : record.end_column - 1] == record.text == "15万元"


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_what_a_shanghai_budget_leaves_unread_is_reported_not_dropped(name):
    extraction = _extract(name)
    codes = [w.code for w in extraction.warnings]
    assert codes.count("EXTRACT-SECTION-NOT-READ") >= 9  # eight or nine tables and the project descriptions
    coverage = extraction.document.coverage
    assert len(coverage.tables) >= 8 and {table.state for table in coverage.tables} == {"recognised_not_read"}
    states = {part.key: part.state for part in coverage.parts}
    assert states["overview"] == "partly_read" and "表格" in coverage.part("overview").reason_zh  # basic and project are in the tables
    assert {states[key] for key in ("duties", "organisation", "glossary", "three_public", "operating_costs", "procurement", "performance", "assets")} == {"read"}
    assert extraction.document.data["metadata"]["schema_version"] == "2016-shanghai-budget"
    assert "政府采购" in extraction.document.data["procurement"]["text"]


def test_the_govoffice_vehicle_sentence_wrapped_over_two_lines_is_read_whole():
    extraction = _extract("putuo-govoffice-2025-budget")
    record = extraction.provenance["/three_public/vehicles/operation"]
    assert record.text == "0万\n元".replace("\n", "") and record.line == 377


@pytest.mark.parametrize("name", ["putuo-socialwork-2024-final", "template-final-accounts"])
def test_a_shanghai_final_account_does_not_crash_and_its_figures_are_reported_as_unmapped(name):
    extraction = _extract(name)
    assert extraction.template == "shanghai-district-final"
    assert extraction.document.data["metadata"]["schema_version"] == "2016-shanghai-final"
    assert "operating_costs" in extraction.document.data
    assert len(extraction.document.coverage.tables) == 10  # the nine 决算 tables under the 第二部分 title
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert states["overview"] == "partly_read" and states["performance"] == "read"


def test_a_final_account_saying_it_had_no_three_public_expenses_reads_them_as_nil_and_the_template_stays_unread():
    """Socialwork: “2024 年度无“三公”经费财政拨款支出。” and nothing else: every 三公 figure is an exact 0, the part
    is read, and the sentence stays with the text rules. The blank template prints both the figured account and
    the nil statement for those without: it is not read (nothing chosen)."""
    extraction = _extract("putuo-socialwork-2024-final")
    data = extraction.document.data
    assert data["three_public"] == {"total": 0, "overseas_travel": 0, "vehicles": {"total": 0}, "reception": 0}
    assert extraction.provenance["/three_public/total"].line == 585
    assert any("无“三公”经费" in text for text in data["unplaced"])
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert states["three_public"] == "read"
    blank = _extract("template-final-accounts")
    assert "three_public" not in blank.document.data
    assert {part.key: part.state for part in blank.document.coverage.parts}["three_public"] == "recognised_not_read"


def test_a_cover_title_set_over_three_lines_is_joined_and_gives_year_kind_and_department():
    extraction = _extract("putuo-socialwork-2024-final")
    metadata = extraction.document.data["metadata"]
    assert (metadata["title"], metadata["fiscal_year"], metadata["kind"]) == ("中共上海市普陀区委社会工作部 2024 年度部门决算", 2024, "决算")
    assert metadata["department"]["name"] == "中共上海市普陀区委社会工作部"
    assert metadata["region"] == {"province": "上海市", "county": "普陀区"}
    assert extraction.document.positions["/metadata/fiscal_year"] == (2, 7)
    blank = _extract("template-final-accounts").document.data["metadata"]
    assert (blank["title"], blank["fiscal_year"], blank["kind"]) == ("2024 年度部门决算", 2024, "决算")


def test_the_socialwork_operating_costs_are_read_and_its_income_sentence_becomes_claims():
    extraction = _extract("putuo-socialwork-2024-final")
    assert extraction.document.data["operating_costs"]["total"] == Decimal("10.23")
    assert extraction.provenance["/operating_costs/total"].line == 627
    unmapped = {w.line for w in extraction.warnings if w.code == "EXTRACT-UNMAPPED-NUMBER"}
    assert 449 not in unmapped and any(claim["amount"] == "307.82" for claim in extraction.document.data["narrative"]["claims"])


def test_the_final_accounts_sub_headings_and_the_lines_of_its_item_sentences_are_read_not_left_as_gaps():
    """Socialwork's 收支总体情况 went from 23 gaps to 3: its nine numbered sub-headings (二、收入决算情况说明 …
    （三）…具体情况) are structure, and the wrapped lines of the per-item sentences (a reason, a 类/款/项 name)
    were read with their claims; the 492 reason in a paragraph of its own (决算数小于预算数的主要原因：…) goes on with the
    claim before it, which states no comparison yet. The two lone “。” a layout wrapped under their item's heading
    (495, 504) hold nothing either: no gap (they were the last two)."""
    extraction = _extract("putuo-socialwork-2024-final")
    gaps = sorted(w.line for w in extraction.warnings if w.code == "EXTRACT-UNPLACED-TEXT" and 439 <= w.line < 583)
    assert gaps == []
    spent = next(claim for claim in extraction.document.data["narrative"]["claims"] if claim.get("measure") == "支出决算" and claim.get("amount") == "307.82")
    assert (spent["plan_direction"], spent["reason"]) == ("小于", "人员经费支出数小于预算数")
    unplaced = extraction.document.data["unplaced"]
    assert "二、收入决算情况说明" in unplaced and "（三）一般公共预算财政拨款支出决算具体情况" in unplaced  # still read as text


GOVOFFICE_TOTAL = "2025年“三公”经费预算数为867.50万元，与2024年预算持平。其中："


@pytest.mark.parametrize(
    "said",
    ["与2024年预算持平", "与上年一致", "与上年预算相同", "与上年相比无增减", "较上年无增减变化", "与去年基本一致", "较上年没有变动", "比上年未变化"],
)
def test_every_way_of_saying_the_three_public_total_is_unchanged_reads_as_no_change(tmp_path, said):
    """与上年一致 and 与上年相比无增减 were not read: the document's 三公 total had no change and the schema's required
    field gave a false SCHEMA-REQUIRED error, though the text says it did not change."""
    text = (REAL / "putuo-govoffice-2025-budget.txt").read_text(encoding="utf-8")
    assert GOVOFFICE_TOTAL in text
    path = tmp_path / "govoffice.txt"
    path.write_text(text.replace(GOVOFFICE_TOTAL, f"2025年“三公”经费预算数为867.50万元，{said}。其中："), encoding="utf-8")
    change = extract_path(path).document.data["three_public"]["change"]
    assert change["total"] == Decimal(0)


@pytest.mark.parametrize("said", ["与预算一致", "与上年口径一致", "与表中数字相同"])
def test_an_agreement_that_is_no_comparison_with_last_year_is_no_change(tmp_path, said):
    text = (REAL / "putuo-govoffice-2025-budget.txt").read_text(encoding="utf-8")
    path = tmp_path / "govoffice.txt"
    path.write_text(text.replace(GOVOFFICE_TOTAL, f"2025年“三公”经费预算数为867.50万元，{said}。其中："), encoding="utf-8")
    assert "total" not in extract_path(path).document.data["three_public"].get("change", {})
