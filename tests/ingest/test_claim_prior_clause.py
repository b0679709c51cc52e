"""Two shapes of a change stated apart from its figures, both seen in real 三公 and 收支 notes (written here with
made-up names and figures):

- corpus19b/18 (a Guangdong 三公 budget note): 公务接待费2016年预算8万元,2015年预算12.5万元;对比减少4.35万元;减少率35.22%
  — the earlier year's figure in a clause of its own after the claim's amount is the claim's comparison amount
  (claim_fields.put_prior_base), and 对比减少… (相比, 相较) is the change of that claim, naming no item of its own;
- corpus19b/57 (a Zhejiang kindergarten 决算): 收入总计1,151.41万元,支出总计1,151.41万元,与2020年度相比,各增加29.6万元,
  增长2.57% — 各增加 (均增加) is the change of each, read for the claim it follows.

A consistent text gives no finding; a percentage that does not follow gives its error (before: none was read)."""

from __future__ import annotations

from functools import cache

import budgetcheck
from budgetcheck.ingest.narrative import extract_text

TITLE = "某市某局2016年“三公”经费预算说明\n\n"
PRIOR = (
    "2016年三公经费预算20万元,2015年三公经费预算30万元,与上年对比减少10万元。其中:1、公务接待费2016年预算6.00万元,2015年预算10.00万元;"
    "对比减少4.00万元;减少率40%,原因是厉行节约。2、公务用车运行2016年预算14万元,2015年预算20万元;对比减少6万元,减少率30%。\n"
)
EACH_TITLE = "某县某幼儿园2021年度部门决算公开\n\n"
EACH = "2021年度收入总计1,100.00万元,支出总计1,100.00万元,与2020年度相比,各增加100.00万元,增长10.00%。主要原因是:人员增加。\n"


@cache
def _pack():
    return budgetcheck.load_pack()


def _claims(text: str, title: str = TITLE) -> dict[str, dict]:
    claims = extract_text(title + text, "probe.txt").document.data["narrative"]["claims"]
    return {claim["subject"]: claim for claim in claims if "amount" in claim}


def _findings(tmp_path, text: str, title: str = TITLE) -> list[str]:
    path = tmp_path / "probe.txt"
    path.write_text(title + text, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    return sorted(finding.rule for finding in result.findings if finding.severity.value in ("error", "warning"))


def test_an_earlier_years_figure_in_a_clause_of_its_own_is_the_comparison_amount():
    reception = _claims(PRIOR)["公务接待费2016年"]
    assert (reception["amount"], reception["base_amount"], reception["base_year"]) == ("6.00", "10.00", 2015)
    assert (reception["direction"], reception["change"], str(reception["percent"])) == ("减少", "4.00", "40")
    assert reception["year"] == 2016  # the part's own year, not the 2015 figure's the list hangs on


def test_a_consistent_prior_clause_gives_no_finding(tmp_path):
    assert _findings(tmp_path, PRIOR) == []


def test_a_percentage_that_does_not_follow_from_the_prior_clause_is_an_error(tmp_path):
    wrong = PRIOR.replace("减少率40%", "减少率36.36%")
    assert {"CLM-PCT-001", "CLM-GEN-009"} & set(_findings(tmp_path, wrong))  # 4/10 is 40%


def test_each_change_is_read_for_the_claim_it_follows():
    spent = _claims(EACH, EACH_TITLE)["支出总计"]
    assert (spent["direction"], spent["change"], str(spent["percent"])) == ("增加", "100.00", "10.00")


def test_a_consistent_each_change_gives_no_finding(tmp_path):
    assert _findings(tmp_path, EACH, EACH_TITLE) == []


def test_each_change_divided_by_this_years_total_is_an_error(tmp_path):
    wrong = EACH.replace("增长10.00%", "增长9.09%")  # 100/1100: divided by this year's total, not last year's 1000
    assert "CLM-PCT-001" in _findings(tmp_path, wrong, EACH_TITLE)
