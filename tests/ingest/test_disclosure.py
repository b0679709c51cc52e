"""Which files of a folder are one disclosure: a narrative and its workbook pair by file name, or as the one
narrative and the one workbook of a folder; anything else is reported, never guessed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetcheck.ingest import Pair, load_document
from budgetcheck.ingest.disclosure import pair_files
from tests.conftest import FIXTURES

TABLES = FIXTURES / "tables"
STEM = "donghu-commerce-2025"


def touch(folder: Path, *names: str) -> list[Path]:
    for name in names:
        (folder / name).write_text("", encoding="utf-8")
    return [folder / name for name in names]


def test_a_narrative_and_a_workbook_of_the_same_name_are_one_disclosure(tmp_path):
    items, problems = pair_files(touch(tmp_path, "a.txt", "a.xlsx", "b.docx", "b.xlsx", "c.yaml"))
    assert items == [Pair(tmp_path / "a.txt", tmp_path / "a.xlsx"), Pair(tmp_path / "b.docx", tmp_path / "b.xlsx"), tmp_path / "c.yaml"]
    assert problems == []


def test_the_one_narrative_and_the_one_workbook_of_a_folder_are_one_disclosure(tmp_path):
    items, problems = pair_files(touch(tmp_path, "说明.docx", "表格.xlsx"))
    assert items == [Pair(tmp_path / "说明.docx", tmp_path / "表格.xlsx")] and problems == []


def test_a_workbook_that_pairs_with_nothing_is_reported_and_the_narratives_are_checked_alone(tmp_path):
    items, problems = pair_files(touch(tmp_path, "a.txt", "b.txt", "tables.xlsx"))
    assert items == [tmp_path / "a.txt", tmp_path / "b.txt"]
    assert [(path.name, error.code.id) for path, error in problems] == [("tables.xlsx", "INPUT-UNPAIRED")]


def test_a_workbook_with_two_narratives_of_its_name_is_reported(tmp_path):
    items, problems = pair_files(touch(tmp_path, "a.txt", "a.docx", "a.xlsx"))
    assert [(path.name, error.code.id) for path, error in problems] == [("a.xlsx", "INPUT-UNPAIRED")]
    assert items == [tmp_path / "a.docx", tmp_path / "a.txt"]


def test_files_in_different_folders_never_pair(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    items, problems = pair_files([*touch(tmp_path / "x", "a.txt"), *touch(tmp_path / "y", "b.xlsx")])
    assert items == [tmp_path / "x" / "a.txt"] and len(problems) == 1


@pytest.fixture(scope="module")
def paired():
    return load_document(Pair(TABLES / f"{STEM}.docx", TABLES / f"{STEM}.xlsx"))


def test_the_paired_document_holds_the_eight_tables_each_value_at_its_sheet_and_cell(paired):
    assert sorted(paired.data["tables"]) == sorted([
        "budget_summary", "income_summary", "expenditure_summary", "fiscal_summary", "general_budget_expenditure",
        "general_budget_basic", "three_public", "gov_fund_expenditure"])  # fmt: skip
    place = paired.positions["/tables/expenditure_summary/rows/0/total"]
    assert place.sheet == "支出总表" and place.file == f"{STEM}.xlsx" and place.cell
    assert paired.coverage.summary().endswith("表格 8/8 已读")


def test_a_workbook_copied_beside_its_narrative_under_another_name_is_still_paired(tmp_path):
    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / "说明.docx")
    shutil.copy(TABLES / f"{STEM}.xlsx", tmp_path / "八张表.xlsx")
    (item,), problems = pair_files(sorted(tmp_path.iterdir()))
    assert problems == [] and "tables" in load_document(item).data


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x00\x01 not a workbook at all" * 40, "文件开头不是 Excel 工作簿的标记"),
        (b"PK\x03\x04 a zip cut short", "BadZipFile"),
        (b"\xef\xbb\xbf<html><body><p>1</p></body></html>", "网页或 XML 文本"),  # a page with a table is read (html.py)
    ],
)
def test_a_workbook_that_cannot_be_read_is_a_located_input_error_never_an_internal_one(tmp_path, content, says):
    """A damaged or mislabelled workbook beside its narrative: it was INTERNAL-ERROR (BadZipFile raised out of
    openpyxl); the document is now unreadable with the workbook named and why, and the batch goes on."""
    import budgetcheck

    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / "a.docx")
    (tmp_path / "a.xlsx").write_bytes(content)
    shutil.copy(FIXTURES / "minimal.yaml", tmp_path / "b.yaml")
    first, second = budgetcheck.check_paths([tmp_path]).documents
    (finding,) = first.findings
    assert (first.status, finding.rule) == ("invalid", "INPUT-WORKBOOK-INVALID")
    assert "a.xlsx" in finding.message_zh and says in finding.message_zh
    assert second.status != "invalid"


def test_a_broken_workbook_whose_name_holds_braces_is_named_whole(tmp_path):
    import budgetcheck

    shutil.copy(TABLES / f"{STEM}.docx", tmp_path / "表{2025}.docx")
    (tmp_path / "表{2025}.xlsx").write_bytes(b"not a workbook at all")
    ((finding,),) = [document.findings for document in budgetcheck.check_paths([tmp_path]).documents]
    assert finding.rule == "INPUT-WORKBOOK-INVALID" and "表{2025}.xlsx" in finding.message_zh and "表{2025}.xlsx" in finding.message_en
