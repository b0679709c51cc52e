"""The national template's 收支 and 比上年增减 parts in other words than the sample's: what the text says is read,
what it does not say is never made up (probes of the sample text reworded, each a false error before)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import REPO

TEXT = (REPO / "fixtures" / "xiguan-2019.txt").read_text(encoding="utf-8")
EXPENDITURE = "2019年预算支出为329.37万元，其中：基本支出141.78万元，主要是人员经费128.45万元和日常公用经费13.33万元；项目支出187.59万元，主要为社区管理工作、综合业务事务管理工作，例如综合业务事务管理项目安排60.95万元。"
CHANGE = "2019年预算支出安排329.37万元，较2018年预算减少50.30万元，其中：基本支出减少50.34万元，主要为人员经费和日常公用经费较少支出；项目支出增加 0.04万元，主要为西关综合服务中心人员经费等项目支出。"
THREE = "公务接待费0.05万元。较2018年减少0.01万元。"


def _data(old: str, new: str) -> dict:
    assert old in TEXT
    return extract_text(TEXT.replace(old, new, 1), "probe.txt").document.data


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


def _new_findings(registry, pack, old: str, new: str) -> list[tuple[str, str]]:
    def found(text: str) -> set[tuple[str, str]]:
        result = check_loaded(extract_text(text, "probe.txt").document, registry, pack)
        return {(finding.rule, finding.message_zh) for finding in result.findings if finding.severity.value in ("error", "warning")}

    return sorted(found(TEXT.replace(old, new, 1)) - found(TEXT))


def test_a_change_right_after_last_years_amount_is_the_change_of_the_amount_named_first():
    """比2018年预算379.67万元减少50.30万元: the change was left unread (its label was only 减少) and the schema's required
    支出增减 gave a false SCHEMA-REQUIRED error; last year's amount is not taken for a figure of its own."""
    change = _data(CHANGE, "2019年预算支出329.37万元，比2018年预算379.67万元减少50.30万元，下降13.25%，主要原因是人员调整。")["overview"]["change"]
    assert (change["total"], change["previous_total"], change["previous_year"]) == (Decimal("-50.30"), Decimal("379.67"), 2018)


def test_last_years_amount_of_a_three_public_item_is_not_its_amount_or_the_total():
    three = _data(THREE, "公务接待费0.05万元，比2018年0.06万元减少0.01万元。")["three_public"]
    assert three["reception"] == Decimal("0.05") and three["change"]["reception"] == Decimal("-0.01")
    assert three["total"] == Decimal("1.15")


def test_同比_alone_compares_with_last_year():
    change = _data(CHANGE, "2019年预算支出329.37万元，同比减少50.30万元，降幅13.25%，主要原因是人员调整。")["overview"]["change"]
    assert (change["total"], change["previous_year"]) == (Decimal("-50.30"), 2018)


@pytest.mark.parametrize("word", ["减少了", "下降了"])
def test_a_change_written_with_了_is_read(registry, pack, word):
    """较2018年预算下降了50.30万元: the change was left unread (an unmapped figure); a wrong one is now an error."""
    change = _data(CHANGE, f"2019年预算支出329.37万元，较2018年预算{word}50.30万元，下降13.25%，主要原因是人员调整。")["overview"]["change"]
    assert (change["total"], change["previous_year"]) == (Decimal("-50.30"), 2018)
    wrong = f"2019年预算支出329.37万元，较2018年预算{word}50.30万元，下降15.25%，主要原因是人员调整。"
    assert "CLM-PCT-001" in [rule for rule, _ in _new_findings(registry, pack, CHANGE, wrong)]


def test_包括_lists_the_parts_of_the_part_before_it(registry, pack):
    """基本支出141.78万元，包括人员经费128.45万元、日常公用经费13.33万元；项目支出187.59万元: the two were taken for parts of
    the whole 支出 beside 基本支出 (a false CLM-SUM-001, 471.15 against 329.37)."""
    new = "2019年预算支出为329.37万元，其中：基本支出141.78万元，包括人员经费128.45万元、日常公用经费13.33万元；项目支出187.59万元。"
    assert _new_findings(registry, pack, EXPENDITURE, new) == []
    wrong = new.replace("13.33万元", "23.33万元")
    assert [rule for rule, _ in _new_findings(registry, pack, EXPENDITURE, wrong)] == ["BUD-EXP-002", "CLM-SUM-001"]


ACCOUNT = (
    "2019年，我部门财政拨款“三公”经费预算安排1.15万元，其中因公出国（境）费0万元；公务用车购置及运维费1.1万元（其中：公务用车购置费为0万元，"
    "公务用车运行费1.1万元)；公务接待费0.05万元。较2018年减少0.01万元。其中：公务用车购置无变化，公务用车运行费无变化。公务接待费减少0.01万元，"
    "主要是我单位按照上级部门要求压缩三公经费的支出。"
)
SAME_FIGURES = [
    "2019年“三公”经费预算1.15万元，比2018年预算1.16万元减少0.01万元，下降0.86%。其中：因公出国（境）费0万元，与上年持平；公务用车购置及运行费1.10万元，"
    "与上年持平（其中：公务用车购置费0万元，公务用车运行费1.10万元）；公务接待费0.05万元，比上年减少0.01万元，下降16.67%，主要原因是厉行节约。",
    "2019年“三公”经费财政拨款预算1.15万元，其中：因公出国（境）费0万元，公务用车购置及运行费1.1万元，公务接待费0.05万元。与2018年相比，“三公”经费减少"
    "0.01万元，主要是公务接待费减少0.01万元，原因是厉行节约。",
    "本部门2019年“三公”经费预算总额为1.15万元，比2018年减少0.01万元，降幅0.86%。其中，公务接待费0.05万元，减少0.01万元；公务用车运行维护费1.1万元，"
    "与上年持平；无因公出国（境）费和公务用车购置费。减少原因是厉行节约。",
]


@pytest.mark.parametrize("account", SAME_FIGURES)
def test_the_three_public_account_in_other_words_gives_no_error(registry, pack, account):
    """Each gave false errors: the reason after a rate (…下降16.67%，主要原因是…) or in a sentence of its own (减少原因是…)
    was not read (BUD-CMP-004); a vehicles' total given without its split was checked as 0 + 0 (BUD-3PUB-002); a change
    given by its direction alone (…0.05万元，减少0.01万元) was not read (BUD-3PUB-004); 无因公出国（境）费 and a vehicles'
    total the text does not print were required fields missing (SCHEMA-REQUIRED), though the text speaks of them."""
    new = [(rule, message) for rule, message in _new_findings(registry, pack, ACCOUNT, account) if not rule.startswith("TXT-")]
    assert new == []


def test_a_three_public_account_that_does_not_add_up_is_still_an_error(registry, pack):
    wrong = SAME_FIGURES[1].replace("公务接待费0.05万元。", "公务接待费0.15万元。")
    assert "BUD-3PUB-001" in [rule for rule, _ in _new_findings(registry, pack, ACCOUNT, wrong)]


def test_income_and_expenditure_stated_without_their_sub_headings_are_not_missing(registry, pack):
    """收入 and 支出 stated in the overview's own paragraphs, without 1、收入说明 / 2、支出说明 (a common layout), were
    required fields missing (two false SCHEMA-REQUIRED errors): the text speaks of them, the reader could not place
    them, so they are undetermined (a diagnostic)."""
    text = TEXT.replace("    1、收入说明\n", "").replace("    2、支出说明\n", "")
    assert text != TEXT
    result = check_loaded(extract_text(text, "probe.txt").document, registry, pack)
    assert not [f for f in result.findings if f.rule == "SCHEMA-REQUIRED" and f.paths[0] in ("/overview/income", "/overview/expenditure")]
    assert {f.paths[0] for f in result.diagnostics if f.rule == "SCHEMA-REQUIRED"} >= {"/overview/income", "/overview/expenditure"}


def test_duties_listed_plainly_are_not_missing_their_per_duty_indicators(registry, pack):
    """A plain numbered list of duties (1、… 主要职责是…), the common national form, gave one false SCHEMA-REQUIRED
    “绩效指标” per duty: the sample's per-duty form (绩效目标/绩效指标/绩效标准 under each duty) is not used by the text
    at all, so whether it had to be is not the reader's to say. Where other duties give indicators, one without them
    is still missing."""
    start, end = TEXT.index("1、党建基层组织工作"), TEXT.index("机构设置：")
    plain = "1、党建基层组织工作\n\n主要职责是全面贯彻执行党的各项方针、政策。\n\n2、党员干部管理工作\n\n主要职责是加强党的思想、组织和作风建设。\n\n"
    result = check_loaded(extract_text(TEXT[:start] + plain + TEXT[end:], "probe.txt").document, registry, pack)
    assert not [f for f in result.findings if f.rule == "SCHEMA-REQUIRED" and f.paths[0].startswith("/duties/")]
    first = TEXT.index("绩效指标:1、加强基层党组织建设完成率")
    one_short = TEXT[:first] + TEXT[TEXT.index("\n", first) + 1 :]
    result = check_loaded(extract_text(one_short, "probe.txt").document, registry, pack)
    assert [f.paths[0] for f in result.findings if f.rule == "SCHEMA-REQUIRED"] == ["/duties/items/0/indicators"]


def test_the_enumerating_word_of_a_reason_list_is_no_part_of_the_subject():
    """主要原因是：一是财政拨款收入减少7.33万元；二是其他收入减少104.14万元: the subjects were “一是财政拨款收入”, “二是其他收入”."""
    from budgetcheck.ingest.narrative.claims import find_claims

    text = "收支较上年决算数减少111.47万元，主要原因是：一是财政拨款收入减少7.33万元；二是其他收入减少104.14万元。"
    subjects = [claim.data["subject"] for claim in find_claims([(1, text)], 2019, "万元")]
    assert subjects == ["收支", "财政拨款收入", "其他收入"]
