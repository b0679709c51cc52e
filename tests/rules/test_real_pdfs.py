"""The real Shanghai disclosures checked from their PDFs (../shared/reference/real/): tables read with page
provenance, every README figure equal, no error, and the same findings as their text layers apart from
locations. Skipped where the reference documents are not on this machine."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import budgetcheck
from budgetcheck.findings import PagePlace
from budgetcheck.result import Report
from tests.conftest import REAL, REPORT_SCHEMA

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="the reference documents are not on this machine")

BUDGETS = ("putuo-govoffice-2025-budget", "putuo-commerce-2025-budget", "putuo-wanli-street-2025-budget")
ALL = (*BUDGETS, "putuo-govoffice-2025-unit-budget", "putuo-socialwork-2024-final", "template-final-accounts")

# shared/reference/README.md, "Figures observed by hand": 收入总计 = 支出总计 (元), 基本 / 项目 (元),
# 三公 = 出国 + 接待 + 公务用车 (购置 + 运行), 机关运行经费 (万元)
README = {
    "putuo-govoffice-2025-budget": ("91016775.35", "24606775.35", "66410000.00", ("867.50", "839.00", "28.50", "0", "0", "0"), "213.28"),
    "putuo-commerce-2025-budget": ("371514655.00", "19830655.00", "351684000.00", ("1.00", "0", "1.00", "0", "0", "0"), "171.01"),
    "putuo-wanli-street-2025-budget": ("189767551", "101341746", "88425805", ("37.91", "0", "1.35", "36.56", "15", "21.56"), "464.64"),
}


@pytest.fixture(scope="module")
def pack():
    return budgetcheck.load_pack()


@pytest.fixture(scope="module")
def checked(pack):
    results: dict = {}

    def check(name: str, suffix: str = ".pdf"):
        if (name, suffix) not in results:
            results[name, suffix] = budgetcheck.check_path(REAL / f"{name}{suffix}", pack=pack)
        return results[name, suffix]

    return check


@pytest.fixture(scope="module")
def loaded():
    from budgetcheck.ingest.pdf.document import load_pdf

    documents: dict = {}

    def load(name: str):
        if name not in documents:
            documents[name] = load_pdf(REAL / f"{name}.pdf")
        return documents[name]

    return load


@pytest.mark.parametrize("name", BUDGETS)
def test_a_budget_pdf_reads_its_nine_tables_with_the_readme_figures(loaded, name):
    document = loaded(name)
    tables = document.data["tables"]
    assert [part.state for part in document.coverage.tables] == ["read"] * 9
    total, basic, project, three, operating = (tuple(map(Decimal, v)) if isinstance(v, tuple) else Decimal(v) for v in README[name])
    assert tables["budget_summary"]["totals"]["income_total"]["total"] == total == tables["budget_summary"]["totals"]["expenditure_total"]["total"]
    assert tables["income_summary"]["totals"]["total"]["total"] == total
    summary = tables["expenditure_summary"]["totals"]["total"]
    assert (summary["total"], summary["basic"], summary["project"]) == (total, basic, project)
    assert tables["fiscal_summary"]["totals"]["expenditure_total"]["total"] == total
    assert tables["general_budget_expenditure"]["totals"]["total"]["basic"] == basic
    assert tables["general_budget_basic"]["totals"]["total"]["total"] == basic
    assert tables["gov_fund_expenditure"]["empty"] and tables["state_capital_expenditure"]["empty"]
    current = tables["three_public"]["current"]
    keys = ("total", "overseas_travel", "reception", "vehicles", "vehicle_purchase", "vehicle_operation")
    assert tuple(current[key] for key in keys) == three and current["operating_costs"] == operating
    assert tables["three_public"]["unit"] == "万元" and tables["budget_summary"]["unit"] == "元"


@pytest.mark.parametrize("name", BUDGETS)
def test_a_budget_pdf_checks_without_error_its_tables_read(checked, name):
    result = checked(name)
    assert result.kind == "pdf" and result.schema.endswith("/2016-shanghai-budget/document.schema.json")
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    assert result.coverage.summary().endswith("表格 9/9 已读")
    table_rules = [rule for rule in result.rules if rule.startswith("TAB-")]
    judged = set(table_rules) - {outcome.rule for outcome in result.not_applicable}
    assert len(table_rules) == 35 and len(judged) >= 29 and not any(f.rule.startswith("TAB-") for f in result.findings)
    # each expenditure class of the two summaries is judged against the detail tables, and agrees (TAB-X-005…008)
    assert {"TAB-X-005", "TAB-X-006", "TAB-X-007", "TAB-X-008"} <= judged
    # issue 13: the 财政拨款收入/支出 totals in words equal the 财政拨款收支总表's, and every item printed with names only
    # equals the expenditure table's row of the code its name path resolves to (wanli's one unresolved path is not applicable)
    assert {"TAB-NAR-005"} <= judged and (name == "putuo-wanli-street-2025-budget" or "TAB-NAR-006" in judged)


def test_a_table_value_is_located_at_its_page_table_row_and_column(loaded):
    document = loaded("putuo-govoffice-2025-budget")
    place = document.location("/tables/expenditure_summary/totals/total/project")
    assert isinstance(place, PagePlace) and place.page == 12 and place.bbox is not None
    assert str(place) == "第 12 页，2025年部门支出预算总表，合计 行，支出预算/项目支出 列"
    text_place = document.location("/overview/income/total")
    assert isinstance(text_place, PagePlace) and text_place.table == ""


def test_the_socialwork_accounts_pdf_reads_its_nine_tables_and_keeps_its_one_true_defect(checked, loaded):
    document = loaded("putuo-socialwork-2024-final")
    assert [part.state for part in document.coverage.tables] == ["read"] * 9
    assert document.data["tables"]["final_summary"]["totals"]["income_this_year"]["total"] == Decimal("307.82")
    expenditure = document.data["tables"]["final_expenditure"]["totals"]["total"]
    assert (expenditure["total"], expenditure["basic"], expenditure["project"]) == (Decimal("307.82"), Decimal("105.58"), Decimal("202.24"))
    assert document.data["tables"]["final_three_public"]["empty"]
    result = checked("putuo-socialwork-2024-final")
    assert [(f.rule, f.severity.value) for f in result.findings] == [("CLM-PCT-002", "error")]
    # its tables are judged against each other and its 说明 (tables-final.rules), and agree: all but the empty 三公
    # table's rules (its 说明's 收入支出总计 and 财政拨款收入支出总计, TAB-FIN-028 and 029, its 类 款 项 outturns, 030, and
    # its basic spending's 人员经费 and 公用经费, 031, and each class in the summaries against the detail tables, 032–035)
    final_rules = {rule for rule in result.rules if rule.startswith("TAB-FIN-")}
    judged = final_rules - {outcome.rule for outcome in result.not_applicable}
    assert judged == final_rules - {"TAB-FIN-001", "TAB-FIN-012", "TAB-FIN-027"} and len(judged) == 38
    assert {f"TAB-FIN-0{n}" for n in range(28, 36)} <= judged
    # 八、九 say it had no fund or state capital appropriations, and the two tables are printed empty: read, and agreeing
    assert document.data["gov_fund"] == document.data["state_capital"] == {"no_income": True, "no_expenditure": True}
    assert {f"TAB-FIN-04{number}" for number in range(6)} <= judged


def test_the_blank_template_pdf_reports_its_placeholders_without_crashing(checked):
    result = checked("template-final-accounts")
    assert result.status == "fail" and {f.rule for f in result.findings} <= {"TXT-TPL-001", "TXT-TPL-002", "TXT-TPL-003", "TXT-PUNCT-001", "TXT-PUNCT-002", "TXT-PAIR-001"}
    assert all("XX" in f.message_zh for f in result.findings if f.rule == "TXT-TPL-002")


def _comparable(result) -> tuple[list, list]:
    """Findings and not-applicable outcomes without their locations, leaving out what only a PDF reads: its
    tables (findings or outcomes about /tables, and the table rules that are not applicable to a text layer
    whose tables are recognised but not read)."""
    findings = sorted((f.rule, f.severity.value, f.message_zh, f.paths) for f in result.findings if not any(p.startswith("/tables") for p in f.paths))
    skipped = sorted((n.rule, n.reason_zh) for n in result.not_applicable if not n.rule.startswith("TAB-") and "/tables" not in n.reason_zh and "表" not in n.reason_zh)
    return findings, skipped


@pytest.mark.parametrize("name", ALL)
def test_the_pdf_and_its_text_layer_give_the_same_findings_apart_from_locations_and_tables(checked, name):
    pdf, text = checked(name), checked(name, ".txt")
    assert sum(f.rule.startswith("TAB-") for f in text.findings) == 0
    if name == "template-final-accounts":
        # the blank template's unplaced paragraphs (/unplaced/N) are cut differently: the PDF's layout text joins
        # a paragraph across a page break and splits a wrapped （如持平作持平表述） where pdftotext does not, so
        # the same placeholders are reported in other pieces (TXT-TPL-002 39 against 41, TXT-TPL-003 14 against 16,
        # one TXT-PAIR-001 for the split bracket); the rules and their severities are the same
        rules = {(f.rule, f.severity.value) for f in pdf.findings}
        assert rules - {("TXT-PAIR-001", "warning")} == {(f.rule, f.severity.value) for f in text.findings}
        assert sum(f.rule == "TXT-TPL-002" for f in pdf.findings) >= 35
    else:
        assert _comparable(pdf)[0] == _comparable(text)[0]


@pytest.mark.parametrize("name", ALL)
def test_the_json_report_of_a_pdf_follows_the_contract_with_page_places(checked, name):
    import jsonschema

    report = json.loads(budgetcheck.render(Report([checked(name)]), "json"))
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))
    (document,) = report["documents"]
    places = [place for finding in document["findings"] for place in finding["locations"] if place]
    assert all("page" in place and place["line"] is None for place in places)
