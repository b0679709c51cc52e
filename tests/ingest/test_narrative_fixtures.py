"""Documents in other templates (fixtures/narrative/): what the extractor reads from each."""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.ingest.limits import DEFAULT_LIMITS
from budgetcheck.ingest.narrative import extract_path, extract_text
from budgetcheck.ingest.narrative.docx_source import docx_blocks
from budgetcheck.ingest.narrative.source import Para
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES

NARRATIVE = FIXTURES / "narrative"


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


@pytest.fixture(scope="module")
def final_accounts():
    return extract_path(NARRATIVE / "final-accounts-yuan.txt")


@pytest.fixture(scope="module")
def street():
    return extract_path(NARRATIVE / "street-budget-tables.docx")


def _lines(name: str) -> list[str]:
    return (NARRATIVE / name).read_text(encoding="utf-8").split("\n")


def test_a_final_account_in_yuan_is_a_yuan_document_of_kind_jue_suan(final_accounts):
    metadata = final_accounts.document.data["metadata"]
    assert (metadata["kind"], metadata["unit"], metadata["fiscal_year"], metadata["level"]) == ("决算", "元", 2020, "县级")
    assert metadata["region"] == {"province": "河北省", "county": "青河县"}
    assert final_accounts.warnings == []


def test_the_final_account_overview_is_read_in_yuan_with_its_separators_removed(final_accounts):
    overview = final_accounts.document.data["overview"]
    assert overview["income"] == {
        "description": "反映本部门年度全部收入。",
        "total": Decimal("12345678.90"),
        "general_public_budget": Decimal("12000000.00"),
        "government_fund": Decimal("345678.90"),
        "state_capital": Decimal(0),
        "fiscal_special_account": Decimal(0),
        "other": Decimal(0),
    }
    assert overview["expenditure"]["basic"] == {"total": Decimal("2345678.90"), "personnel": Decimal("2000000.00"), "public_operating": Decimal("345678.90")}
    assert overview["expenditure"]["project"]["main_projects"] == [{"name": "城乡低保项目", "amount": Decimal("8000000.00")}]
    assert overview["change"] == {
        "total": Decimal("1234567.89"),
        "basic": Decimal("-45678.90"),
        "basic_reason": "主要为退休人员减少",
        "project": Decimal("1280246.79"),
        "project_reason": "主要为低保标准提高",
        "previous_year": 2019,
    }
    record = final_accounts.provenance["/overview/income/government_fund"]
    assert (record.text, record.unit) == ("345,678.90元", "元")
    assert _lines("final-accounts-yuan.txt")[record.line - 1][record.column - 1 : record.end_column - 1] == record.text


def test_the_final_account_three_public_reads_wu_and_wu_bian_hua_as_zero(final_accounts):
    three = final_accounts.document.data["three_public"]
    assert three["overseas_travel"] == 0 and final_accounts.provenance["/three_public/overseas_travel"].text == "无"
    assert three["change"] == {"total": Decimal("-20000.00"), "vehicle_purchase": 0, "vehicle_operation": Decimal("-10000.00"), "reception": Decimal("-10000.00")}
    assert final_accounts.provenance["/three_public/change/vehicle_purchase"].text == "无变化"
    assert three["change_reason"] == "主要是厉行节约"


def test_the_final_account_tables_give_a_procurement_row_and_asset_counts(final_accounts):
    data = final_accounts.document.data
    row = data["procurement"]["rows"][0]
    assert (row["item"], row["catalogue_number"], row["quantity"], row["unit_price"], row["total"]) == ("办公设备", "A02", Decimal(2), Decimal("3000.00"), Decimal("6000.00"))
    assert row["current_year"]["general_public_budget"] == Decimal("6000.00")
    assets = data["assets"]
    assert (assets["as_of"], assets["compiled_by"], assets["houses"], assets["vehicles"]) == (
        "2020-12-31",
        "青河县民政局",
        {"count": Decimal(800), "value": Decimal("1200000.00")},
        {"count": Decimal(1), "value": Decimal("300000.00")},
    )
    assert data["organisation"] == {"description": "本部门下设办公室、社会救助股、养老服务股，无下属事业单位。", "units": []}


def test_the_word_document_with_real_tables_extracts_every_section(street):
    data = street.document.data
    assert street.template == "hebei-2016" and street.warnings == []
    assert data["metadata"]["region"] == {"province": "山东省", "city": "岚川市", "county": "东湖区"}
    assert data["overview"]["income"]["total"] == Decimal("120.50")
    assert street.provenance["/overview/income/total"].text == "１２０．５０万元"
    assert data["three_public"]["change"] == {"total": 0} and data["three_public"]["previous_year"] == 2020
    activity = data["performance"]["duties"][0]["activities"][0]
    assert [i["name"] for i in activity["indicators"]] == ["居民满意度", "服务覆盖率"]
    assert activity["indicators"][1]["grades"] == {"优": "≥95%", "良": "90%-94%", "中": "80%-89%", "差": "<80%"}
    assert data["procurement"]["rows"][0]["catalogue_number"] == "A02010104"
    assert data["assets"]["vehicles"] == {"count": Decimal(1), "value": Decimal("5.00")}


@pytest.mark.parametrize("name", ["final-accounts-yuan.txt", "street-budget-tables.docx"])
def test_the_national_pack_finds_no_arithmetic_error_in_the_consistent_test_documents(registry, pack, name):
    result = check_loaded(extract_path(NARRATIVE / name).document, registry, pack)
    assert result.status != "invalid"
    arithmetic = [f.rule for f in result.findings if f.rule.startswith(("BUD-", "SCHEMA-")) and f.severity.value == "error"]
    assert arithmetic == []


def test_a_changed_figure_in_the_yuan_document_is_an_error_on_its_line(registry, pack):
    text = (NARRATIVE / "final-accounts-yuan.txt").read_text(encoding="utf-8").replace("差旅费50,000.00元", "差旅费50,100.00元")
    result = check_loaded(extract_text(text, "edited.txt").document, registry, pack)
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if "差旅费50,100.00元" in row)
    errors = [f for f in result.findings if f.severity.value == "error" and any(loc and loc[0] == line for loc in f.locations)]
    assert errors and "100" in errors[0].message_zh


def _rows(blocks) -> list[object]:
    return [block.cell.raw if isinstance(block, Para) else [cell.raw for cell in block.cells] for block in blocks]


def test_the_committed_word_fixture_holds_exactly_what_its_build_script_writes(tmp_path):
    built = _build_script().build(tmp_path / "street.docx")
    committed = docx_blocks(NARRATIVE / "street-budget-tables.docx", DEFAULT_LIMITS)
    assert _rows(committed) == _rows(docx_blocks(built, DEFAULT_LIMITS))


def test_the_test_documents_use_made_up_names_not_template_placeholders():
    texts = [(NARRATIVE / "final-accounts-yuan.txt").read_text(encoding="utf-8")]
    texts += [text for text in _rows(docx_blocks(NARRATIVE / "street-budget-tables.docx", DEFAULT_LIMITS)) if isinstance(text, str)]
    assert not [text for text in texts if "某某" in text]


# The street budget is a narrative published without its eight standard tables: the table completeness rules
# say so (the 决算 is not a 预算, whose eight tables the 规程 lists).
MISSING_TABLES = [f"TAB-REQ-{i:03d}" for i in range(1, 9)]
EXPECTED = {"final-accounts-yuan.txt": [], "street-budget-tables.docx": MISSING_TABLES}


def test_checking_the_test_document_folder_reports_nothing_but_not_applicable_rules_and_the_missing_tables(registry, pack):
    """Both documents are consistent and clean: any other finding is a defect of the extractor or the rules, not of the fixtures."""
    for name, expected in EXPECTED.items():
        result = check_loaded(extract_path(NARRATIVE / name).document, registry, pack)
        assert sorted(f.rule for f in result.findings) == expected, name
        assert result.status == ("fail" if expected else "pass"), name


def test_the_folder_check_on_the_command_line_finds_nothing_but_the_missing_tables():
    result = invoke_cli("check", NARRATIVE, "--format", "json", "--fail-on", "warning")
    documents = json.loads(result.stdout)["documents"]
    assert result.exit_code == 1, result.stdout
    assert sorted(Path(d["source"]).name for d in documents) == ["final-accounts-yuan.txt", "street-budget-tables.docx"]
    assert {Path(d["source"]).name: sorted(f["rule"] for f in d["findings"]) for d in documents} == EXPECTED


def _build_script():
    spec = importlib.util.spec_from_file_location("build_street_docx", NARRATIVE / "build_street_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
