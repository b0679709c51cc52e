"""TAB-FIN-040…045 end to end: a 决算's accounts of its government fund and state capital appropriations, as read from
its text, held to the two fund tables (as a PDF's tables are merged into the narrative's document). A statement of
none beside a table with figures is an error that shows the table's figures; stated totals are each the table's total
row; a table or an account not read makes the rules not applicable, never an error."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import REAL
from tests.ingest.test_final_funds import NONE_CAPITAL, NONE_GOV, TEXT

RULES = tuple(f"TAB-FIN-04{number}" for number in range(6))
COLUMNS = ["carried_in", "income", "expenditure_total", "expenditure_basic", "expenditure_project", "carried_out"]


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


def _table(name: str, unit: str = "万元", **total: str) -> dict:
    figures = {column: Decimal(total.get(column, "0")) for column in COLUMNS}
    return {"name": name, "unit": unit, "columns": COLUMNS, "empty": not any(figures.values()), "rows": [], "totals": {"total": figures}}


def _check(registry, pack, gov: str = NONE_GOV, capital: str = NONE_CAPITAL, gov_table: dict | None = None, capital_table: dict | None = None):
    document = extract_text(TEXT.format(gov=gov, capital=capital), "final.txt").document
    tables = {}
    if gov_table is not None:
        tables["final_gov_fund"] = gov_table
    if capital_table is not None:
        tables["final_state_capital"] = capital_table
    if tables:
        document.data = copy.deepcopy(document.data) | {"tables": tables}
    result = check_loaded(document, registry, pack)
    findings = [(f.rule, f.severity.value, f.message_zh, f.message_en) for f in result.findings if f.rule in RULES]
    not_applicable = {entry.rule: entry.reason_zh for entry in result.not_applicable if entry.rule in RULES}
    judged = {rule for rule in result.rules if rule in RULES} - set(not_applicable)  # run, whether or not it found anything
    return findings, not_applicable, judged


GOV = "政府性基金预算财政拨款收入支出决算表"
CAPITAL = "国有资本经营预算财政拨款收入支出决算表"


def test_a_statement_of_none_beside_empty_tables_holds(registry, pack):
    findings, not_applicable, judged = _check(registry, pack, gov_table=_table(GOV), capital_table=_table(CAPITAL))
    assert findings == [] and not_applicable == {} and judged == set(RULES)


def test_a_statement_of_none_beside_a_table_with_income_and_spending_is_an_error_showing_the_tables_figures(registry, pack):
    findings, _, _ = _check(registry, pack, gov_table=_table(GOV, income="120.50", expenditure_total="118.00", carried_out="2.50"), capital_table=_table(CAPITAL))
    assert [(rule, severity) for rule, severity, _, _ in findings] == [("TAB-FIN-040", "error"), ("TAB-FIN-042", "warning")]
    _, _, zh, en = findings[0]
    assert "无政府性基金预算财政拨款收入和支出" in zh and "本年收入 120.50、本年支出 118.00 万元" in zh
    assert "income 120.50 and spending 118.00" in en
    assert "年末结转和结余 2.50" in findings[1][2]


def test_a_statement_of_no_spending_alone_is_held_to_the_spending_alone(registry, pack):
    gov = "本单位2024年度未安排政府性基金预算财政拨款支出。"
    findings, _, judged = _check(registry, pack, gov=gov, gov_table=_table(GOV, income="50.00", carried_out="50.00"), capital_table=_table(CAPITAL))
    assert findings == [] and "TAB-FIN-040" in judged
    findings, _, _ = _check(registry, pack, gov=gov, gov_table=_table(GOV, income="50.00", expenditure_total="20.00", carried_out="30.00"), capital_table=_table(CAPITAL))
    assert [rule for rule, *_ in findings] == ["TAB-FIN-040"] and "无政府性基金预算财政拨款支出" in findings[0][2]


def test_a_state_capital_table_printed_in_yuan_is_judged_in_its_unit(registry, pack):
    findings, _, _ = _check(registry, pack, gov_table=_table(GOV), capital_table=_table(CAPITAL, unit="元", expenditure_total="500000.00"))
    assert [(rule, severity) for rule, severity, _, _ in findings] == [("TAB-FIN-041", "error")] and "本年支出 500000.00 元" in findings[0][2]


@pytest.mark.parametrize(
    ("stated", "table", "rules"),
    [
        ("收入100.00万元，支出90.00万元，年初结转和结余10.00万元，年末结转和结余20.00万元", {"income": "100.00", "expenditure_total": "90.00", "carried_in": "10.00", "carried_out": "20.00"}, []),
        ("收入100.00万元，支出95.00万元", {"income": "100.00", "expenditure_total": "90.00", "carried_in": "10.00", "carried_out": "20.00"}, ["TAB-FIN-044"]),
        ("收入1,000,000.00元，支出900,000.00元", {"income": "100.00", "expenditure_total": "90.00"}, []),
        ("收入100.00万元", {}, ["TAB-FIN-044"]),  # the table printed empty
    ],
)
def test_each_total_an_account_states_is_the_tables_total_row(registry, pack, stated, table, rules):
    findings, _, judged = _check(registry, pack, gov=f"2024年度政府性基金预算财政拨款{stated}。", gov_table=_table(GOV, **table), capital_table=_table(CAPITAL))
    assert [rule for rule, *_ in findings] == rules and "TAB-FIN-044" in judged


def test_without_the_tables_read_the_rules_are_not_applicable_and_say_what_is_missing(registry, pack):
    findings, not_applicable, _ = _check(registry, pack, gov="2024年度政府性基金预算财政拨款收入100.00万元。")
    assert findings == [] and set(not_applicable) == set(RULES) and not_applicable["TAB-FIN-044"].startswith("缺少数据：/tables")
    findings, not_applicable, _ = _check(registry, pack, gov="2024年度政府性基金预算财政拨款收入100.00万元。", capital_table=_table(CAPITAL))
    assert findings == [] and not_applicable["TAB-FIN-044"] == "缺少数据：/tables/final_gov_fund"


def test_an_account_read_in_part_is_not_judged_whatever_its_table_shows(registry, pack):
    gov = NONE_GOV + "\n本单位2023年度无政府性基金预算财政拨款收入和支出。"
    findings, not_applicable, _ = _check(registry, pack, gov=gov, gov_table=_table(GOV, income="120.50"), capital_table=_table(CAPITAL))
    assert findings == [] and not_applicable["TAB-FIN-040"].startswith("未抽取：政府性基金预算财政拨款收入支出决算情况（部分读取")


@pytest.mark.skipif(not (REAL / "template-final-accounts.txt").is_file(), reason="the reference documents are not present")
@pytest.mark.parametrize("name", ["template-final-accounts.txt", "template-final-accounts.pdf"])
def test_the_blank_templates_accounts_stay_unread_and_no_fund_rule_speaks_of_them(registry, pack, name):
    from budgetcheck.pipeline import check_path

    result = check_path(REAL / name, registry, pack=pack)
    assert not [finding for finding in result.findings if finding.rule in RULES]
    parts = {part.key: part.state for part in result.coverage.parts}
    assert (parts["gov_fund"], parts["state_capital"]) == ("recognised_not_read", "recognised_not_read")
