"""A budget's figures of last year's outturn, which the heading above them dates (ingest.narrative.periods).

A district's report on 2023's execution and the 2024 draft budget states 2023's outturn under 一、2023年预算执行情况, in
sentences that name no year or no measure (全区一般公共预算收入…，比2022年增长8.0%): read as the 2024 budget's figures, they
were compared with the wrong year (CLM-YEAR-001) or taken for last year's copied unchanged (CLM-YEAR-002) (corpus23/03, /07)."""

from __future__ import annotations

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_path

TITLE = "关于某区2023年预算执行情况和2024年预算草案的报告\n"
YEAR_RULES = ("CLM-YEAR-001", "CLM-YEAR-002")


def _check(tmp_path, text: str) -> tuple[list[str], list[dict]]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    errors = [f.rule for f in budgetcheck.check_paths([path]).documents[0].findings if f.rule in YEAR_RULES]
    return errors, extract_path(path).document.data["narrative"]["claims"]


@pytest.mark.parametrize(
    "body",
    [
        "一、2023年预算执行情况\n（一）一般公共预算执行情况\n全区一般公共预算收入150.00亿元，为调整预算的101.9%，比2022年增长8.0%。\n",
        "一、2023年预算执行情况\n（一）一般公共预算执行情况\n2023年，全区一般公共预算收入150.00亿元，比2022年增长8.0%。\n",
        "一、2023年预算执行情况\n（一）2023年一般公共预算收支情况\n1、全区一般公共预算\n全区一般公共预算收入150.00亿元，比2022年增长8.0%。\n",
        "一、2023年财政决算情况\n全区一般公共预算支出140.00亿元，比2022年增长3.0%。\n",
        "第一部分 2023年预算执行情况\n一、一般公共预算\n全区一般公共预算收入150.00亿元，比2022年增长8.0%。\n",
        "一、2023年预算执行情况\n调入预算稳定调节基金10.00亿元，比2022年增加1.00亿元。\n",
    ],
)
def test_last_years_outturn_under_a_heading_that_dates_it_is_no_year_error(tmp_path, body):
    errors, claims = _check(tmp_path, TITLE + body)
    assert errors == []
    assert (claims[0]["year"], claims[0]["measure"]) in ((2023, "执行数"), (2023, "决算数"))


def test_the_budgets_own_figures_after_the_outturn_keep_the_documents_year(tmp_path):
    body = (
        "一、2023年预算执行情况\n全区一般公共预算收入150.00亿元，比2022年增长8.0%。\n"
        "二、2024年预算草案\n全区一般公共预算收入安排155.00亿元，比2023年增长3.3%。\n"
    )
    errors, claims = _check(tmp_path, TITLE + body)
    assert errors == []
    assert "year" not in claims[1] or claims[1]["year"] == 2024
    assert "measure" not in claims[1]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # a budget's heading of last year that names no outturn may be last year's left unchanged: judged as before
        ("某区2024年部门预算\n", "一、2023年部门预算收支情况\n收入预算100.00万元，比2022年增加5.00万元。\n"),
        # a final account's heading of the year before: judged as before
        ("某区2024年部门决算\n", "一、2023年预算执行情况\n本年收入合计100.00万元，比2022年增加5.00万元。\n"),
        # a budget's figure under the outturn's heading is last year's budget text left unchanged: judged as before
        (TITLE, "一、2023年预算执行情况\n2023年“三公”经费预算15.00万元，比2022年减少2.00万元。\n"),
    ],
)
def test_a_heading_of_last_year_that_does_not_date_an_outturn_of_a_budget_changes_nothing(tmp_path, title, body):
    errors, claims = _check(tmp_path, title + body)
    assert errors and "measure" not in claims[0]


WRAPPED = "上海市某区2023年预算执行情况和\n2024年预算草案的报告\n"


def test_a_title_wrapped_after_he_is_the_years_budget_and_its_unnumbered_parts_date_their_figures(tmp_path):
    """上海市黄浦区2023年预算执行情况和 / 2024年预算草案的报告 (corpus23/04): the title's first line alone made the
    report 2023's; read whole it is 2024's budget, and its parts are headed by their year alone, unnumbered
    (2023年预算执行情况 … 2024年预算草案): the outturn's figures take 2023, the budget's keep the document's year."""
    body = (
        "2023年预算执行情况\n一、一般公共预算执行情况\n2023年完成一般公共预算收入150.00亿元，同比增长3.0%。\n"
        "其中：增值税50.00亿元，比2022年增长2.0%。\n"
        "2024年预算草案\n一、一般公共预算\n全区一般公共预算收入安排155.00亿元，比2023年增长3.3%。\n"
    )
    path = tmp_path / "report.txt"
    path.write_text(WRAPPED + body, encoding="utf-8")
    metadata = extract_path(path).document.data["metadata"]
    assert (metadata["fiscal_year"], metadata["kind"]) == (2024, "预算")
    errors, claims = _check(tmp_path, WRAPPED + body)
    assert errors == []
    assert [(claim.get("year"), claim.get("measure")) for claim in claims] == [(2023, "执行数"), (2023, "执行数"), (None, None)]
    stale = body.replace("比2023年增长3.3%", "比2022年增长3.3%")  # the budget's own comparison with the wrong year is still found
    assert _check(tmp_path, WRAPPED + stale)[0] == ["CLM-YEAR-001"]
