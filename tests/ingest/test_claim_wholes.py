"""The whole a 其中 list belongs to: a figure of its own sentence, or, when the sentence begins with 其中, the figure
before it. A sentence whose own whole was printed in a way no claim is read from (合计为807.95，其中… with no unit,
807.95千元) lists the parts of that unread figure, never of a figure of an earlier sentence: attached there, the
parts of one year added up against the whole of another (CLM-SUM-001) and lost their year (CLM-DUP-001)."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.claims import find_claims
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.ingest.claimtext import wholes

FIRST = "2023年度培训中心支出合计为120.50万元，其中：办公费20.00万元、差旅费100.50万元。"


def _claims(text: str, loose: bool = True) -> list[dict]:
    lines = list(enumerate(text.split("\n"), start=1))
    return [dict(claim.data) for claim in find_claims(lines, 2023, "万元", loose=loose)]


@pytest.mark.parametrize("whole", ["合计为99.80", "合计为998,000", "合计为99.80千元", "合计99.8"])
def test_parts_of_an_unread_whole_are_not_given_to_an_earlier_sentence(whole):
    claims = _claims(FIRST + f"2022年度培训中心支出{whole}，其中：办公费30.00万元、差旅费69.80万元。")
    first_total = claims[0]
    assert first_total["subject"].endswith("支出合计") and str(first_total["amount"]) == "120.50"
    later = [claim for claim in claims if str(claim.get("amount")) in ("30.00", "69.80")]
    assert len(later) == 2
    assert all(claim.get("part_of") != first_total["id"] for claim in later)


def test_a_sentence_that_begins_with_qizhong_lists_the_parts_of_the_figure_before_it():
    claims = _claims("2023年度培训中心支出合计为120.50万元。其中：办公费20.00万元、差旅费100.50万元。")
    total = claims[0]
    parts = [claim for claim in claims if claim is not total]
    assert [str(claim["amount"]) for claim in parts] == ["20.00", "100.50"]
    assert all(claim.get("part_of") == total["id"] for claim in parts)


@pytest.mark.parametrize("announced", ["按政府采购项目类型,分为货物类、工程类和服务类三种类型。", "按支出经济分类划分。", "政府采购分为以下三类。"], ids=["by-type", "by-class", "divided"])
def test_a_sentence_announcing_a_breakdown_without_its_total_gives_the_next_qizhong_no_earlier_whole(announced):
    """…上年结转结余资金安排0元。按政府采购项目类型,分为…三种类型。其中:货物类采购10000元,… (a 2023 budget joined into one
    paragraph; perturb21's joinall-sum): the parts went to the 0 before the announcement, a false CLM-SUM-001."""
    text = "一般公共预算拨款1.70万元,上年结转结余资金安排0万元。" + announced + "其中:货物类采购1.00万元,服务类采购0.70万元。"
    parts = wholes(text)
    assert parts["货物类采购"] is None and parts["服务类采购"] is None
    assert wholes(text.replace(announced, "另有说明。"))["货物类采购"] == "上年结转结余资金"  # a sentence announcing nothing: as before


def test_ordinals_years_dates_and_percentages_before_qizhong_are_no_unread_whole():
    text = "培训中心支出合计为120.50万元。（1）2022年12月31日，增长5%，其中：办公费20.00万元、差旅费100.50万元。"
    claims = _claims(text)
    total = claims[0]
    assert all(claim.get("part_of") == total["id"] for claim in claims[1:] if claim.get("amount") is not None)


def test_a_text_with_such_a_sentence_gets_no_error_for_the_other_year(registry):
    text = (
        "青溪区培训中心2023年部门决算说明\n"
        "一、“三公”经费支出情况\n"
        "2023年“三公”经费决算数合计为120.50万元，其中：公务接待费20.00万元、公务用车运行维护费100.50万元。"
        "2022年的“三公”经费决算数合计为99.80，其中：公务接待费30.00万元、公务用车运行维护费69.80万元。\n"
    )
    result = check_loaded(extract_text(text, "wholes.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []


@pytest.mark.parametrize("percent, errors", [("20%", []), ("25%", ["CLM-PCT-001"])])
def test_a_change_after_two_years_amounts_is_the_later_years(percent, errors, registry):
    """2023年…支出12.00万元，2022年…支出15.00万元，减少3.00万元，下降20%: the change and its percentage are 2023's against
    2022's; given to 2022's figure (the last read) they made a base of 18.00 and a false CLM-PCT-001. A percentage
    the amounts do not give is still the error it is."""
    text = (
        "青溪镇2023年部门决算说明\n2023年度“三公”经费支出12.00万元，2022年度“三公”经费支出15.00万元，"
        f"减少3.00万元，下降{percent}。\n"
    )
    claims = extract_text(text, "years.txt").document.data["narrative"]["claims"]
    later = next(claim for claim in claims if claim.get("year") == 2023)
    assert (later["direction"], str(later["change"]), str(later["percent"])) == ("减少", "3.00", percent[:-1])
    assert not [claim for claim in claims if claim.get("year") == 2022 and ("change" in claim or "percent" in claim)]
    result = check_loaded(extract_text(text, "years.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == errors


@pytest.mark.parametrize("prior", ["上年度支出", "上年决算支出数为", "上年支出", "2022年度支出"])
def test_last_years_figure_named_by_its_kind_is_no_claim_of_its_own(prior, registry):
    """…支出12.00万元，上年度支出15.00万元，同比减少3.00万元，下降20%: 上年度支出 names last year's figure of the same
    subject (as 上年为 and 上年同期 did); read as a subject of its own it took the change and a base of 18.00 (a false
    CLM-PCT-001)."""
    text = f"青溪镇2023年部门决算说明\n2023年度“三公”经费支出12.00万元，{prior}15.00万元，同比减少3.00万元，下降20%。\n"
    claims = extract_text(text, "prior.txt").document.data["narrative"]["claims"]
    assert [str(claim["amount"]) for claim in claims] == ["12.00"]
    result = check_loaded(extract_text(text, "prior.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []


@pytest.mark.parametrize("said", ["分别较上年增加5.00万元、10.00万元", "分别比2022年增加5.00万元、10.00万元", "分别同比增长5%和100%"])
def test_changes_said_respectively_after_a_comparison_are_left_unread(said, registry):
    """…基本支出100.00万元、项目支出20.00万元，分别较上年增加5.00万元、10.00万元: the changes go to the items in order. Read
    the usual way, 分别 became an item of the list with 10.00万元 as its amount (CLM-SUM-001: 130.00 against 120.00).
    Like 分别为A、B and 分别占A、B, the sentence is left unread, never paired wrongly."""
    text = f"青溪镇2023年部门决算说明\n2023年度支出合计120.00万元，其中基本支出100.00万元、项目支出20.00万元，{said}。\n"
    document = extract_text(text, "respectively.txt").document
    assert not [claim for claim in document.data.get("narrative", {}).get("claims", []) if claim.get("subject") == "分别"]
    result = check_loaded(document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []


@pytest.mark.parametrize(
    "said, percent",
    [
        ("比上年决算数增加38.97万元，提高168.7%；比2019年决算数减少24.87万元，降低28.6%", "168.7"),
        ("比上年决算数增加38.97万元；比2019年决算数减少24.87万元，降低28.6%", None),
        ("比上年决算数增加38.97万元，增长168.7%；比2019年决算数减少24.87万元，下降28.6%", "168.7"),
    ],
)
def test_the_percentage_of_a_second_comparison_left_unread_is_not_the_claims(said, percent, registry):
    """A second comparison in a sentence (…；比2019年(疫情前)决算数减少24.87万元，降低28.6%) is left unread (a claim holds
    one); its percentage in a clause of its own was given to the claim, whose own was 提高168.7% (a word the percentages
    were not read after): CLM-PCT-001 and CLM-DIR-003, two errors on a correct sentence. 提高 is read as 增长 is."""
    text = f"青溪镇2023年部门决算说明\n2023年度“三公”经费支出决算为62.07万元，{said}。\n"
    (claim,) = extract_text(text, "second.txt").document.data["narrative"]["claims"]
    assert (str(claim.get("percent")) if "percent" in claim else None, str(claim["change"])) == (percent, "38.97")
    result = check_loaded(extract_text(text, "second.txt").document, registry, load_pack(registry))
    assert [finding.rule for finding in result.findings if finding.severity.value == "error"] == []


@pytest.mark.parametrize("cause", ["下降主要原因是:项目减少。", "下降的主要原因是:项目减少。", "减少主要是项目减少。", "变动原因是项目减少。"])
def test_a_cause_after_a_change_word_without_de_is_no_whole_for_the_next_list(cause):
    """…,下降15%,下降主要原因是:项目减少。其中:… (a school's 2022 budget): the cause named no item 项目 for the 其中 list
    to belong to; the list is the parts of the income before it."""
    text = "2022年预算收入100.00万元,比2021年预算减少15.00万元,下降13%," + cause + "其中:一般公共预算收入96.00万元,上年结转收入4.00万元。"
    assert wholes(text, 2022) == {"预算收入": None, "一般公共预算收入": "预算收入", "上年结转收入": "预算收入"}
