"""A table whose title is one character away from a standard table's: not guessed to be that table, not reported
missing either (tables/neartitle.py)."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from budgetcheck.ingest.tables.document import read_workbook
from budgetcheck.ingest.tables.neartitle import near_kind
from budgetcheck.ingest.tables.vocabulary import bundled_vocabulary
from tests.conftest import REAL
from tests.ingest.tables.build_xlsx import build_workbook


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2025年部门收入预算总", "income_summary"), ("2025年部门收入预总表", "income_summary"),
        ("2025年部门收入算总表", None),  # one edit from 收入预算总表 and from 收入决算总表 (Shaanxi's 决算 title): not guessed
        ("2025年部门财政拨款收支预算总", "fiscal_summary"), ("二、收入決算表", "final_income"),
        ("2025年部门收入预算总表", None),  # the exact title: the reader's own match
        ("项目支出绩效目标表", None), ("政府采购预算明细", "government_procurement"), ("项目支出预算明细表", None), ("2024年度收入决算", None),  # too far, or a core under five characters
    ],
)  # fmt: skip
def test_a_title_one_edit_from_one_kind_is_near_that_kind(title, kind):
    assert near_kind(bundled_vocabulary(), title) == kind


def test_no_one_edit_of_a_real_title_is_near_another_kind():
    """Every title of a standard table printed in the reference texts, with one character lost, changed or added, is
    near its own kind or none: never another table's."""
    vocabulary = bundled_vocabulary()
    texts = sorted(glob.glob(str(REAL / "*.txt")))
    if not texts:
        pytest.skip("the reference documents are not beside this checkout")
    titles = {}
    for path in texts:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            match = vocabulary.match_title(line.strip()) if 4 < len(line.strip()) < 45 else None
            if match is not None:
                titles[line.strip()] = match.kind
    assert len(set(titles.values())) >= 10
    for title, kind in titles.items():
        for i in range(len(title)):
            for edited in (title[:i] + title[i + 1 :], title[:i] + "某" + title[i + 1 :], title[:i] + "某" + title[i:]):
                assert near_kind(vocabulary, edited) in (kind, None), (title, edited)


def test_a_sheet_whose_title_lost_a_character_is_unread_not_missing(tmp_path):
    def spoil(kind, sheet):
        if kind == "income_summary":
            sheet.ws.cell(1, 1).value = sheet.ws.cell(1, 1).value.replace("收入总表", "收入总")

    tables = read_workbook(build_workbook(tmp_path / "book.xlsx", mutate=spoil), file="book.xlsx")
    entries = {entry.key: entry for entry in tables.coverage}
    assert entries["tables/income_summary"].state == "recognised_not_read" and "只差一个字" in entries["tables/income_summary"].reason_zh
    assert entries["tables/budget_summary"].state == "read" and "income_summary" not in tables.data


def test_a_sheet_titled_by_a_variant_whose_layout_is_unseen_is_recognised_not_read(tmp_path):
    """“三公”经费、会议费和培训费支出预算表 (Guangxi's list) is the 三公 table with two more expenses beside it: its 合计 may
    hold them too. Recognised (never “未公开”), not read: no column of a layout no reference shows is guessed."""

    def retitle(kind, sheet):
        if kind == "three_public":
            sheet.ws.cell(1, 1).value = "2025年“三公”经费、会议费和培训费支出预算表"

    tables = read_workbook(build_workbook(tmp_path / "book.xlsx", mutate=retitle), file="book.xlsx")
    entries = {entry.key: entry for entry in tables.coverage}
    assert entries["tables/three_public"].state == "recognised_not_read" and "版式未见过" in entries["tables/three_public"].reason_zh
    assert "three_public" not in tables.data and entries["tables/budget_summary"].state == "read"
