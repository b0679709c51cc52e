"""A change stated in the paragraph after the one that states the item's amount (claim_carry.carry_changes), in the
shapes of a real Yunnan 决算 (…支出决算为11.96万元…|…支出决算数比2022年减少0.41万元,下降3.34%。其中:…) and a real Chongqing
决算 (…支出合计40.14万元。其中,…|a paragraph of counts|经比较,…较上年减少2.97万元,下降6.89%); made-up names and figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import claims, error_rules


YUNNAN = (
    "一、一般公共预算财政拨款“三公”经费支出决算总体情况\n"
    "青松街道2023年度一般公共预算财政拨款“三公”经费支出预算为24.50万元，支出决算为12.00万元，完成预算的48.98%。其中：因公出国（境）费"
    "支出决算为0万元；公务用车购置及运行费支出决算为4.00万元；公务接待费支出决算为8.00万元。\n"
    "2023年度一般公共预算财政拨款“三公”经费支出决算数比2022年减少{whole}万元，下降{percent}%。其中：因公出国（境）费支出决算增加0万元；"
    "公务用车购置及运行费支出决算增加1.00万元，增长{car}%；公务接待费支出决算减少{reception}万元，下降20.00%。\n"
)


@pytest.mark.parametrize(
    ("whole", "percent", "car", "reception", "errors"),
    [
        ("1.00", "7.69", "33.33", "2.00", []),
        ("1.00", "8.33", "33.33", "2.00", ["CLM-PCT-001"]),  # divided by this year's 12
        ("1.00", "7.69", "25.00", "2.00", ["CLM-PCT-001"]),  # a part's, divided by this year's 4
        ("1.50", "11.11", "33.33", "2.00", ["CLM-SUM-002"]),  # the parts' changes (1 − 2) are not the whole's 1.5
    ],
)
def test_a_change_in_the_next_paragraph_is_checked_against_the_amount_before(whole, percent, car, reception, errors, tmp_path):
    """The change and its list's parts go to the claims of the paragraph before: each percentage is checked against its
    item's amount (1 of 13 is 7.69%; 1 of 3 is 33.33%). Before, each was a claim without an amount, never checked."""
    assert error_rules(tmp_path, YUNNAN.format(whole=whole, percent=percent, car=car, reception=reception)) == errors


def test_the_change_joins_the_outturn_not_the_budget_and_each_part_its_own():
    read = claims(YUNNAN.format(whole="1.00", percent="7.69", car="33.33", reception="2.00"))
    changed = [(c["subject"], c.get("measure"), c.get("amount"), c.get("change")) for c in read if "change" in c]
    assert changed == [
        ("青松街道2023年度一般公共预算财政拨款“三公”经费支出", "支出决算", "12.00", "1.00"),
        ("因公出国（境）费", "支出决算", "0", "0"),
        ("公务用车购置及运行费", "支出决算", "4.00", "1.00"),
        ("公务接待费", "支出决算", "8.00", "2.00"),
    ]
    whole = next(c for c in read if c.get("amount") == "12.00")
    assert [c["subject"] for c in read if c.get("part_of") == whole["id"]] == ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]


CHONGQING = (
    "经汇总，2023年度全镇“三公”经费支出合计40.00万元。其中，因公出国（境）费0万元；公务用车购置及运维费30.00万元；公务接待费10.00万元。\n"
    "2023年度全镇因公出国（境）团组数0个；公务用车保有量12辆；国内公务接待105批次。\n"
    "经比较，2023年度全镇“三公”经费较上年减少{whole}万元，下降{percent}%。其中：公务用车购置及运行维护费较上年减少3.00万元，下降9.09%；"
    "公务接待费较上年减少2.00万元。\n"
)


@pytest.mark.parametrize(("percent", "errors"), [("11.11", []), ("12.50", ["CLM-PCT-001"])])
def test_a_paragraph_of_counts_between_and_the_words_of_a_total_do_not_part_the_item(percent, errors, tmp_path):
    """“三公”经费支出合计 is the item “三公”经费, 运维 is 运行维护; a paragraph that states no amount of the item (counts) lies
    between: the change goes to the total two paragraphs before (5 of 45 is 11.11%; 12.50% divides by this year's)."""
    text = "一、“三公”经费决算情况说明\n" + CHONGQING.format(whole="5.00", percent=percent)
    assert error_rules(tmp_path, text) == errors
    total = next(c for c in claims(CHONGQING.format(whole="5.00", percent=percent)) if c.get("amount") == "40.00")
    assert (total.get("change"), str(total.get("percent"))) == ("5.00", percent)


@pytest.mark.parametrize(
    "text",
    [
        # a heading between: another section, the figure is not taken across it
        "一、总体情况\n2023年度基本支出120.00万元。\n二、增减变化情况\n2023年度基本支出比上年增加20.00万元，增长50.00%。\n",
        # the budget before, the outturn's change after: no figure of the change's measure
        "一、情况说明\n2023年度基本支出预算数为120.00万元。\n2023年度基本支出决算数比上年增加20.00万元，增长50.00%。\n",
        # two amounts of the item with no measure: which is meant is not known
        "一、情况说明\n2023年度基本支出120.00万元，2023年度基本支出100.00万元。\n基本支出比上年增加20.00万元，增长50.00%。\n",
        # a change of another year
        "一、情况说明\n2023年度基本支出120.00万元。\n2022年度基本支出比上年增加20.00万元，增长50.00%。\n",
        # a part of the change's list the amount's list does not have
        "一、情况说明\n2023年度基本支出120.00万元，其中：人员经费100.00万元。\n基本支出比上年增加20.00万元，增长50.00%，其中：公用经费增加20.00万元。\n",
        # the amount has its change already
        "一、情况说明\n2023年度基本支出120.00万元，比上年增加10.00万元，增长9.09%。\n基本支出比上年增加20.00万元，增长50.00%。\n",
    ],
)
def test_a_change_is_not_carried_where_its_figure_is_not_known_for_certain(text, tmp_path):
    """Each would set the change against a figure that may not be its base: 20 of 100 is 20%, never 50%, and a false
    CLM-PCT-001 would follow. The change stays a claim of its own, unchecked."""
    assert "CLM-PCT-001" not in error_rules(tmp_path, text)
    assert [c.get("amount") for c in claims(text) if c.get("change") == "20.00" and not c.get("part_of")] == [None]



def test_word_paragraphs_carry_the_change_too():
    """A Word document's paragraphs are known for certain (find_claims_in): the change in the paragraph after the
    amount's goes to it the same way."""
    from budgetcheck.ingest.narrative.claims import find_claims_in

    first, second = YUNNAN.format(whole="1.00", percent="7.69", car="33.33", reception="2.00").split("\n")[1:3]
    claims = [found.data for found in find_claims_in([[(1, 1, first)], [(2, 1, second)]], 2023, "万元")]
    assert [(c.get("amount"), c.get("change")) for c in claims if "change" in c] == [("12.00", "1.00"), ("0", "0"), ("4.00", "1.00"), ("8.00", "2.00")]
    headed = [found.data for found in find_claims_in([[(1, 1, first)], [(3, 1, second)]], 2023, "万元", headings={2})]
    assert [c.get("amount") for c in headed if "change" in c and not c.get("part_of")] == [None]
