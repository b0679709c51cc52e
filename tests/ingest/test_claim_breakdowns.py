"""A whole's figure with a note in brackets (761.21万元(含上年结转5.01万元),其中:…) and a whole broken down twice by two
classifications (按支出功能分类…; 按支出用途分类…) are read as one list of parts each: the note and the second breakdown are
no further parts (claim_lists.drop_notes, end_breakdown; claim_words.unread_whole), nor is a figure said 此外/另外;
a share glued to the next item (占80%事业收入100万元) is the item before's. Shapes of real 2021-2023 budgets,
made-up names and figures; each right text gives no finding, and a wrong figure of the list still gives its error."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import found_rules


TITLE = "某局2023年部门预算公开说明\n"
NOTED = "(一)收入预算:2023年年初预算数761.21万元(含上年结转5.01万元),其中:一般公共预算拨款761.21万元,政府性基金预算拨款0万元,事业收入0万元。\n"
NOTED_ALSO_ON_ITEM = NOTED.replace("一般公共预算拨款761.21万元,", "一般公共预算拨款761.21万元(含上年结转5.01万元),")
NOTED_EXPENDITURE = "2023年支出预算761.21万元（含上年结转5.01万元），其中：教育支出531.62万元，社会保障和就业支出159.65万元，卫生健康支出35.85万元，住房保障支出34.09万元。\n"
TWO_SENTENCES = (
    "(二)2023年支出预算情况说明 1. 按支出功能分类,包括一般公共服务支出5746.19万元,社会保障和就业支出160.97万元,卫生健康支出19.98万元,"
    "城乡社区支出1000万元。 2.按支出用途分类,包括人员支出1375.97万元,日常公用支出228.67万元,项目支出5322.5万元。\n"
)
ONE_LIST = (
    "(二)支出情况。本年度支出预算376.59万元。其中:\n按支出项目类别:1、基本支出246.59万元,包括:人员经费支出215.59万元,公用经费支出31万元;"
    "2、项目支出130万元.\n按支出功能分类科目:一般公共服务支出361.06万元,保障住房支出15.53万元。\n"
)

# a clause opened by 此外/另外 after a 其中 list states a figure besides the whole (the balances outside 收入合计)
BESIDES = (
    "2.收入情况。2022年度收入合计2519.13万元,较上年决算数减少106.71万元,下降4.1%。其中:财政拨款收入2459.67万元,占97.6%;"
    "事业收入59.46万元,占2.4%;此外,使用非财政拨款结余0万元,年初结转和结余53.57万元。\n"
)
GLUED_SHARE = "2021年度收入合计500万元。其中:财政拨款收入400万元,占80%事业收入100万元,占20%。\n"  # a ; left out after 80%
BESIDES_OTHERWISE = "“三公”经费支出合计20万元,其中:公务接待费12万元;公务用车运行维护费8万元;另外,会议费5万元。\n"


def _findings(tmp_path, text: str) -> list[str]:
    return found_rules(tmp_path, TITLE + text)


@pytest.mark.parametrize(
    "text", [NOTED, NOTED_ALSO_ON_ITEM, NOTED_EXPENDITURE, TWO_SENTENCES, ONE_LIST, ONE_LIST.replace("130万元.", "130万元。"), BESIDES, BESIDES_OTHERWISE, GLUED_SHARE]
)
def test_a_right_text_gives_no_sum_finding(tmp_path, text):
    assert [rule for rule in _findings(tmp_path, text) if rule.startswith(("CLM-SUM", "CLM-GEN"))] == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        (NOTED, ("一般公共预算拨款761.21万元", "一般公共预算拨款771.21万元")),
        (NOTED_EXPENDITURE, ("教育支出531.62万元", "教育支出541.62万元")),
        (ONE_LIST, ("2、项目支出130万元", "2、项目支出140万元")),
        (ONE_LIST, ("公用经费支出31万元", "公用经费支出41万元")),
        (BESIDES, ("事业收入59.46万元", "事业收入69.46万元")),
        (BESIDES_OTHERWISE, ("公务接待费12万元", "公务接待费14万元")),
        (GLUED_SHARE, ("占80%事业", "占70%事业")),
    ],
)
def test_a_wrong_figure_of_the_list_is_still_an_error(tmp_path, text, wrong):
    assert {"CLM-SUM-001", "CLM-GEN-004"} & set(_findings(tmp_path, text.replace(*wrong)))


def test_a_change_after_a_complete_list_stays_the_wholes_when_a_list_of_the_parts_changes_follows(tmp_path):
    """…公务接待费0万元；与2023年预算相比增长16.75%,其中因公出国(境)费增加0万元,公务用车运行维护费增加2.01万元 (perturb21's
    p2s-dir): the 其中 after the whole's change lists its parts' changes; read as a list refining the last part, the
    change went back to 公务接待费 (CLM-DIR-002/003 on it)."""
    text = (
        "2023年一般公共预算“三公”经费支出预算为14.01万元,其中:因公出国(境)费用0万元,公务用车运行维护费14.01万元,公务接待费0万元；"
        "与2022年预算相比增长16.75%,其中因公出国(境)费增加0万元,公务用车运行维护费增加2.01万元。\n"
    )
    from budgetcheck.ingest.narrative import extract_text

    claims = extract_text(TITLE + text, "probe.txt").document.data["narrative"]["claims"]
    assert [claim["subject"] for claim in claims if "percent" in claim] == ["一般公共预算“三公”经费支出"]
    assert [rule for rule in _findings(tmp_path, text) if rule.startswith("CLM")] == []


# perturb21's p2s-chg and p2s-chg2: a change after a list and a ；, its reason naming parts by their changes
CHANGE_EXPLAINED = (
    "(一)收入预算:2023年年初预算数500.00万元,其中:一般公共预算拨款470.00万元,事业收入10.00万元,其他收入20.00万元；"
    "较2022年增加30.00万元,增长6.38%,主要是一般公共预算拨款增加12.00万元,其他收入增加18.00万元。\n"
)
KIND_AGAIN = (
    "(一)收入预算:2023年收入合计600.00万元,主要是一般公共预算拨款580.00万元,其他收入20.00万元；"
    "收入较去年增加50.00万元,主要是基本支出增加30.00万元,项目支出增加20.00万元。\n"
)


def test_a_part_named_by_its_change_in_the_reason_leaves_the_change_with_the_whole(tmp_path):
    """…其他收入20.00万元；较2022年增加30.00万元,主要是…其他收入增加18.00万元: 其他收入 named again in the reason is no
    further part of the list, so the change lent to the whole stays there (with its reason); given back to 其他收入 it
    was a false CLM-CHG-002 (an increase of 30 on 20)."""
    from budgetcheck.ingest.narrative import extract_text

    claims = extract_text(TITLE + CHANGE_EXPLAINED, "probe.txt").document.data["narrative"]["claims"]
    changed = {claim["subject"]: (claim.get("change"), "reason" in claim) for claim in claims if "amount" in claim and "change" in claim}
    # the reason's figure is 其他收入's own; the whole is named by its measure (年初预算数, read as 年初预算 said with 数)
    assert changed == {"年初预算数": ("30.00", True), "其他收入": ("18.00", False)}
    assert [rule for rule in _findings(tmp_path, CHANGE_EXPLAINED) if rule.startswith("CLM")] == []
    assert "CLM-PCT-001" in _findings(tmp_path, CHANGE_EXPLAINED.replace("增长6.38%", "增长8.38%"))  # 30 on 470 is 6.38%


def test_a_bare_kind_written_again_is_the_whole_not_an_item_ending_in_it(tmp_path):
    """…,其他收入20.00万元；收入较去年增加50.00万元: 收入 is all income, not 其他收入 (a false CLM-CHG-002: 50 on 20)."""
    assert [rule for rule in _findings(tmp_path, KIND_AGAIN) if rule.startswith("CLM")] == []
