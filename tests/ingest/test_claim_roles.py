"""A 其中 list whose items each state several figures (the outturn, the budget, the difference between them) pairs
them with the whole's figures of the same kind (claim_lists.pair_roles); a 决算 compares its figures with the budget of
its own year (CLM-YEAR-001). Shapes seen in real 决算 of other provinces, written here with made-up names and figures;
each consistent text gives no finding, and each wrong figure still gives its error."""

from __future__ import annotations

from functools import cache

import budgetcheck
from budgetcheck.ingest.narrative import extract_text

TITLE = "某县水利局2021年度部门决算公开\n\n"
# outturn, budget and difference, the items' differences unsigned: 1.20 under and 0.10 over make 1.10, not 1.30
AGAINST_BUDGET = (
    "2021年度本部门“三公”经费支出3.40万元，年初预算为4.50万元，差值为1.10万元。其中：因公出国（境）支出0万元，年初预算为0万元，"
    "差值为0万元；公务用车运行维护费支出1.80万元，年初预算为3.00万元，差值为1.20万元；公务接待费支出1.60万元，年初预算为1.50万元，"
    "差值为0.10万元。\n"
)
# the outturn and the budget of each item of the vehicles, in brackets inside the list of the 三公 items
BRACKETED = (
    "2021年度“三公”经费财政拨款支出预算为12.00万元，支出决算为9.00万元，完成预算的75.00%。其中：因公出国（境）费支出预算为0万元，"
    "支出决算为0万元；公务用车购置及运行费支出预算为7.00万元，支出决算为6.00万元，完成预算的85.71%（其中：公务用车购置费预算0万元，"
    "决算0万元；公务用车运行费预算7.00万元，决算6.00万元）；公务接待费支出预算为5.00万元，支出决算为3.00万元，完成预算的60.00%。\n"
)
FLAT = "2021年度“三公”经费支出3.40万元，其中：因公出国（境）费0万元，公务用车运行维护费1.80万元，公务接待费1.60万元。\n"
SAME_YEAR_BUDGET = (
    "2021年度“三公”经费支出决算中，公务接待费支出1.60万元，与2021年度预算相比，增加0.10万元，增长6.67%，主要原因是接待批次增加。\n"
)


@cache
def _pack():
    return budgetcheck.load_pack()


def _claims(text: str) -> dict[str, dict]:
    claims = extract_text(TITLE + text, "probe.txt").document.data["narrative"]["claims"]
    return {f"{claim['subject']}|{claim.get('measure', '')}|{claim['amount']}": claim for claim in claims if "amount" in claim}


def _findings(tmp_path, text: str) -> list[str]:
    path = tmp_path / "probe.txt"
    path.write_text(TITLE + text, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    return sorted(finding.rule for finding in result.findings if finding.severity.value in ("error", "warning"))


def test_each_items_figure_is_a_part_of_the_wholes_figure_of_its_kind():
    claims = _claims(AGAINST_BUDGET)
    spent, budget = claims["“三公”经费支出||3.40"]["id"], claims["“三公”经费支出|年初预算|4.50"]["id"]
    assert claims["公务用车运行维护费支出||1.80"]["part_of"] == spent
    assert claims["公务接待费支出||1.60"]["part_of"] == spent
    assert claims["公务用车运行维护费支出|年初预算|3.00"]["part_of"] == budget
    assert claims["公务接待费支出|年初预算|1.50"]["part_of"] == budget
    # a difference is its item's, no part of the whole's difference (unsigned, they do not add up)
    assert claims["差值||0.10"]["part_of"] == claims["公务接待费支出||1.60"]["id"]
    assert "part_of" not in claims["差值||1.10"]


def test_a_list_of_outturns_budgets_and_differences_that_agrees_gives_no_finding(tmp_path):
    assert _findings(tmp_path, AGAINST_BUDGET) == []


def test_an_items_budget_that_does_not_add_up_is_still_an_error(tmp_path):
    wrong = AGAINST_BUDGET.replace("公务接待费支出1.60万元，年初预算为1.50万元", "公务接待费支出1.60万元，年初预算为2.50万元")
    assert _findings(tmp_path, wrong) == ["CLM-SUM-001"]


def test_an_items_outturn_that_does_not_add_up_is_still_an_error(tmp_path):
    wrong = AGAINST_BUDGET.replace("公务用车运行维护费支出1.80万元", "公务用车运行维护费支出2.80万元")
    assert "CLM-SUM-001" in _findings(tmp_path, wrong)


def test_a_bracketed_list_pairs_its_items_with_the_parts_figures_of_their_kind(tmp_path):
    claims = _claims(BRACKETED)
    vehicles_plan, vehicles_spent = claims["公务用车购置及运行费支出||7.00"]["id"], claims["公务用车购置及运行费支出|支出决算|6.00"]["id"]
    assert claims["公务用车运行费||7.00"]["part_of"] == vehicles_plan
    assert claims["公务用车运行费|决算|6.00"]["part_of"] == vehicles_spent
    assert _findings(tmp_path, BRACKETED) == []
    wrong = BRACKETED.replace("公务用车运行费预算7.00万元，决算6.00万元", "公务用车运行费预算7.00万元，决算5.00万元")
    assert _findings(tmp_path, wrong) == ["CLM-SUM-001"]


def test_a_flat_list_is_still_the_parts_of_the_whole(tmp_path):
    claims = _claims(FLAT)
    whole = claims["“三公”经费支出||3.40"]["id"]
    assert {claims[key]["part_of"] for key in claims if key != "“三公”经费支出||3.40"} == {whole}
    assert _findings(tmp_path, FLAT.replace("公务接待费1.60", "公务接待费2.60")) == ["CLM-SUM-001"]


def test_a_final_account_compares_with_the_budget_of_its_own_year(tmp_path):
    assert _findings(tmp_path, SAME_YEAR_BUDGET) == []
    # with last year's outturn named as this year's, the year is wrong
    assert _findings(tmp_path, SAME_YEAR_BUDGET.replace("与2021年度预算相比", "与2021年度决算相比")) == ["CLM-YEAR-001"]
    assert _findings(tmp_path, SAME_YEAR_BUDGET.replace("与2021年度预算相比", "与2020年度决算相比")) == []


# an item written twice in a row (the first time with the total's figure) is a list that does not add up, not items
# each stating a role: read as roles, both figures left the list and the rest looked 760.16 short of the total
WRITTEN_TWICE = (
    "2026年年初预算数1402.08万元，其中：一般公共服务支出1402.08万元，一般公共服务支出760.16万元，社会保障和就业支出179.3万元，"
    "卫生健康支出54.35万元，农林水支出343.46万元，住房保障支出64.81万元。\n"
)


def test_an_item_written_twice_in_a_row_stays_in_the_list_and_the_sum_is_an_error(tmp_path):
    claims = _claims(WRITTEN_TWICE)
    whole = claims["年初预算数|年初预算|1402.08"]["id"]  # 年初预算数: the measure 年初预算 said with 数
    assert claims["一般公共服务支出||1402.08"]["part_of"] == whole and claims["一般公共服务支出||760.16"]["part_of"] == whole
    assert _findings(tmp_path, WRITTEN_TWICE) == ["CLM-SUM-001"]
    assert _findings(tmp_path, WRITTEN_TWICE.replace("一般公共服务支出1402.08万元，", "")) == []


def test_a_name_said_three_times_in_a_row_or_written_once_is_no_item_written_twice(tmp_path):
    masked = "2026年年初预算数100万元，其中：****支出10万元，****支出20万元，****支出70万元，住房保障支出5万元。\n"  # a mirror's masked names
    assert "CLM-SUM-001" not in _findings(tmp_path, masked)
    once = "2026年年初预算数100万元，其中：一般公共服务支出60万元、40万元，住房保障支出5万元，卫生健康支出3万元。\n"
    assert "CLM-SUM-001" not in _findings(tmp_path, once)
