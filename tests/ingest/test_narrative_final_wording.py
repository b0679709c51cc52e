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


# The Shanghai 决算 template's account of the 三公 (年初预算, 支出决算, 完成预算的, each item, the change against last year,
# 具体情况 with each item again and the vehicles' split), lines wrapped as a PDF's layer wraps them; figures written here.
ACCOUNT = """  （一）“三公”经费财政拨款支出决算总体情况说明。
  “三公”经费财政拨款支出年初预算为 5.00 万元，支出决
算为 3.60 万元，完成预算的 72.00%，其中：因公出国（境）费
决算为 0.00 万元，完成预算的 0.00%；公务用车购置及运行维
护费支出决算为 2.40 万元，完成预算的 80.00%；公务接待费支
出决算为 1.20 万元，完成预算的 60.00%。2024 年度“三公”经
费支出决算数小于预算数的主要原因：厉行节约。
  2024 年度“三公”经费财政拨款支出决算数比 2023 年度减
少 0.40 万元，下降 10.00%，其中：因公出国（境）费支出与上
一年度持平；公务用车购置及运行维护费支出决算减少 0.10 万元，
下降 4.00%；公务接待费支出决算减少 0.30 万元，下降 20.00%。
公务接待费支出减少的主要原因是压缩接待规模。
  （二）“三公”经费财政拨款支出决算具体情况说明。
  “三公”经费财政拨款支出决算中，因公出国（境）费支出决
算 0.00 万元，占 0.00%；公务用车购置及运行维护费支出决算
2.40 万元，占 66.67%；公务接待费支出决算 1.20 万元，占 33.33%。
  1、因公出国（境）费支出 0.00 万元。全年安排因公出国（境）
团组 0 个、累计 0 人次。
  2、公务用车购置及运行维护费支出 2.40 万元。其中：
  公务用车购置支出为 0.00 万元。
  公务用车运行维护支出 2.40 万元。
  2024 年，本部门所属各预算单位开支财政拨款的公务用车保有量为 2 辆。
  3、公务接待费支出 1.20 万元。其中：
  国内公务接待支出 1.20 万元（含外宾接待支出 0.00 万元）。主要用于接待上级部门调研，列明公务
接待 5 批次、40 人次，其中：接待外宾 0 批次、0 人次。"""


def _three_public(text: str):
    document = extract_text(text, "probe.txt").document
    states = {part.key: part.state for part in document.coverage.parts}
    return document.data.get("three_public"), states["three_public"]


def test_a_final_accounts_three_public_account_is_read_as_its_outturns_and_their_changes(registry, pack, text):
    """The account was left unread (its budget, outturn and rate per item); its outturns are the year's figures and
    its changes are against last year's outturn: read so, a consistent account adds no finding, and the budget's
    figure (年初预算 5.00) is no item's."""
    probe = text.replace(NONE, ACCOUNT)
    data, state = _three_public(probe)
    assert state == "read"
    assert {key: str(value) for key, value in data.items() if key not in ("vehicles", "change", "statistics", "reception_parts")} == {
        "total": "3.60", "overseas_travel": "0.00", "reception": "1.20", "previous_year": "2023", "change_reason": "压缩接待规模"}
    # what it counts, and the parts of the reception (国内 1.20, of it 外宾 0.00), each in its own field: none is an item
    assert data["statistics"] == {"overseas_groups": 0, "overseas_visits": 0, "vehicles_held": 2, "reception_batches": 5,
                                  "reception_visits": 40, "foreign_reception_batches": 0, "foreign_reception_visits": 0}
    assert {key: str(value) for key, value in data["reception_parts"].items()} == {"domestic": "1.20", "foreign_guests": "0.00"}
    assert {key: str(value) for key, value in data["vehicles"].items()} == {"total": "2.40", "purchase": "0.00", "operation": "2.40"}
    assert {key: str(value) for key, value in data["change"].items()} == {"total": "-0.40", "overseas_travel": "0", "vehicles": "-0.10", "reception": "-0.30"}
    assert _errors_and_warnings(registry, pack, probe) - _errors_and_warnings(registry, pack, text) == set()


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        ("1.20 万元", "1.30 万元", "BUD-3PUB-001"),  # the items (0 + 2.40 + 1.30) are not the total 3.60
        ("公务用车运行维护支出 2.40 万元", "公务用车运行维护支出 2.30 万元", "BUD-3PUB-002"),  # 0 + 2.30 is not 2.40
        ("公务接待费支出决算减少 0.30 万元", "公务接待费支出决算减少 0.20 万元", "BUD-3PUB-004"),  # the items' changes are not −0.40
        ("接待 5 批次、40 人次", "接待 0 批次、0 人次", "BUD-X-008"),  # 1.20 万元 of reception and no reception counted
    ],
)
def test_a_final_accounts_three_public_figures_that_do_not_agree_are_found(registry, pack, text, old, new, rule):
    assert old in ACCOUNT
    probe = text.replace(NONE, ACCOUNT.replace(old, new))
    new_findings = _errors_and_warnings(registry, pack, probe) - _errors_and_warnings(registry, pack, text)
    assert rule in {found for found, _ in new_findings}


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        # the items of a budget (年初预算…，其中…) are not outturns: only the total's outturn is read
        ("“三公”经费财政拨款支出年初预算为 5.00 万元，支出决\n算为 3.60 万元，完成预算的 72.00%，其中：因公出国（境）费\n决算为 0.00 万元",
         "“三公”经费财政拨款支出年初预算为 5.00 万元，其中：因公出国（境）费 1.00 万元，公务接待费 2.00 万元；支出决\n算为 3.60 万元，完成预算的 72.00%，其中：因公出国（境）费\n决算为 0.00 万元", None),
        # an item stated twice with two amounts: the reader does not choose
        ("公务接待费支出 1.20 万元。", "公务接待费支出 1.10 万元。", "reception"),
        # a figure of last year's (2023 年度…决算为 4.00 万元) is not the year's
        ("  （二）“三公”经费", "  2023 年度“三公”经费财政拨款支出决算为 4.00 万元。\n  （二）“三公”经费", None),
        # a part of an item (国内公务接待, 外宾接待) is no item
        ("（含外宾接待支出 0.00 万元）", "（含外宾接待支出 0.50 万元）", None),
        # a part named by words no part's field knows (外国来宾) is no item either, and no part
        ("（含外宾接待支出 0.00 万元）", "（含外国来宾接待支出 0.00 万元）", None),
    ],
)
def test_no_figure_of_a_budget_another_year_or_a_part_is_taken_for_an_outturn(registry, pack, text, old, new, missing):
    assert old in ACCOUNT
    data, _ = _three_public(text.replace(NONE, ACCOUNT.replace(old, new)))
    expected = {"total": "3.60", "overseas_travel": "0.00", "reception": "1.20"}
    assert {key: str(data[key]) for key in expected if key in data} == {key: value for key, value in expected.items() if key != missing}
    probe = text.replace(NONE, ACCOUNT.replace(old, new))
    errors = {rule for rule, _ in _errors_and_warnings(registry, pack, probe) - _errors_and_warnings(registry, pack, text)}
    assert not {rule for rule in errors if rule.startswith(("BUD-3PUB", "SCHEMA"))}


def test_the_blank_templates_account_and_a_nil_account_stay_as_they_were(registry, pack, text):
    """XXX where the figures go: nothing to read, the account stays unread; 无“三公”经费 and no figure: every figure 0."""
    blank = ACCOUNT.replace("5.00", "XXX").replace("3.60", "XXX").replace("2.40", "XXX").replace("1.20", "XXX").replace("0.00", "XXX")
    blank = blank.replace("0.40", "XXX").replace("0.10", "XXX").replace("0.30", "XXX")
    assert _three_public(text.replace(NONE, blank)) == (None, "recognised_not_read")
    data, state = _three_public(text)
    assert (str(data["total"]), state) == ("0", "read")
