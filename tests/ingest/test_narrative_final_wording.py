"""A Shanghai 决算 (the socialwork text) with its 三公, 机关运行经费 and 支出 sentences in other words, each consistent:
no finding the original text does not have (probes, each a false error before). Wrong figures still give errors."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import REAL

pytestmark = pytest.mark.skipif(not (REAL / "putuo-socialwork-2024-final.txt").is_file(), reason="the reference documents are not present")

NONE = "  中共上海市普陀区委社会工作部 2024 年度无“三公”经费财政\n\n拨款支出。"
OPERATING = "  机关运行经费支出 10.23 万元，比 2023 年度增加 10.23 万元，\n\n增长 100.00%。主要原因是单位于 2024 年成立。"
EXPENDITURE = "   本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占\n\n34.30%；项目支出 202.24 万元，占 65.70%。"

CONSISTENT = [
    # each part's 预算 and 决算 in a bracketed list (购置费预算0万元，决算0万元): summed whole, 11.00 against 5.00 (CLM-SUM-001)
    (NONE, "  2024年度“三公”经费财政拨款支出预算为10.00万元，支出决算为8.50万元，完成预算的85.00%。其中：因公出国（境）费支出预算为0万元，"
     "支出决算为0万元；公务用车购置及运行费支出预算为6.00万元，支出决算为5.00万元，完成预算的83.33%（其中：公务用车购置费预算0万元，决算0万元；"
     "公务用车运行费预算6.00万元，决算5.00万元）；公务接待费支出预算为4.00万元，支出决算为3.50万元，完成预算的87.50%。决算数小于预算数的主要原因是厉行节约。"),
    # 比年初预算10.00万元减少1.50万元: a claim “比” of 10.00 whose parts were the list after it (CLM-SUM-003)
    (NONE, "  2024年度“三公”经费财政拨款支出决算8.50万元，比年初预算10.00万元减少1.50万元，下降15.00%。其中：因公出国（境）费0万元；"
     "公务用车购置及运行费5.00万元；公务接待费3.50万元。"),
    # 年初预算12.00万元 after the outturn: an item of the operating costs (BUD-OPC-001) and a second claim (CLM-PCT-002)
    (OPERATING, "  本部门2024年度机关运行经费决算10.23万元，年初预算12.00万元，完成年初预算的85.25%。"),
    # 分别占本年支出合计的34.30%和65.70%: the first share given to the last part (CLM-GEN-004)
    (EXPENDITURE, "   本年支出合计307.82万元，其中：基本支出105.58万元，项目支出202.24万元，分别占本年支出合计的34.30%和65.70%。"),
]


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


@pytest.fixture(scope="module")
def text() -> str:
    return (REAL / "putuo-socialwork-2024-final.txt").read_text(encoding="utf-8")


def _errors_and_warnings(registry, pack, text: str) -> set[tuple[str, str]]:
    result = check_loaded(extract_text(text, "probe.txt").document, registry, pack)
    return {(finding.rule, finding.message_zh) for finding in result.findings if finding.severity.value in ("error", "warning")}


@pytest.mark.parametrize(("old", "new"), CONSISTENT)
def test_a_final_account_in_other_words_has_no_finding_of_its_own(registry, pack, text, old, new):
    assert old in text
    assert _errors_and_warnings(registry, pack, text.replace(old, new)) - _errors_and_warnings(registry, pack, text) == set()


def test_a_wrong_completion_rate_against_the_budget_is_still_an_error(registry, pack, text):
    wrong = CONSISTENT[2][1].replace("85.25%", "95.25%")
    new = _errors_and_warnings(registry, pack, text.replace(OPERATING, wrong)) - _errors_and_warnings(registry, pack, text)
    assert [rule for rule, _ in new] == ["CLM-PCT-003"]


def test_a_bracketed_list_of_outturns_that_does_not_add_up_is_still_an_error(registry, pack, text):
    wrong = CONSISTENT[0][1].replace("公务用车运行费预算6.00万元，决算5.00万元", "公务用车运行费预算6.00万元，决算4.00万元")
    new = _errors_and_warnings(registry, pack, text.replace(NONE, wrong)) - _errors_and_warnings(registry, pack, text)
    assert "CLM-SUM-001" in [rule for rule, _ in new]
