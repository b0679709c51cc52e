"""Figures said 分别 of items a sentence has stated one by one (respectively.read_respective): 基本支出100.00万元，项目支出
50.00万元，分别比上年增加5.00万元、减少2.00万元，分别增长5.26%、下降3.85%; made-up names and figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import claims, error_rules


@pytest.mark.parametrize(
    ("sentence", "errors"),
    [
        ("基本支出100.00万元，项目支出50.00万元，分别比上年增加5.00万元、减少2.00万元，分别增长5.26%、下降3.85%。", []),
        ("基本支出100.00万元，项目支出50.00万元，分别比上年增加5.00万元、减少2.00万元，分别增长5.26%、下降4.00%。", ["CLM-PCT-001"]),
        ("基本支出100.00万元，项目支出50.00万元，比上年分别增加5.00万元和3.00万元，分别增长5.26%、6.38%。", []),
        ("基本支出100.00万元，项目支出50.00万元，比上年分别增加5.00万元和3.00万元，分别增长5.26%、6.00%。", ["CLM-PCT-001"]),
        ("基本支出120.00万元，项目支出30.00万元，分别占80.00%、20.00%。", []),
        ("基本支出120.00万元，项目支出30.00万元，分别占70.00%、30.00%。", ["CLM-GEN-004", "CLM-GEN-004"]),
    ],
)
def test_figures_said_respectively_of_items_stated_one_by_one_go_to_them_in_order(sentence, errors, tmp_path):
    """支出预算150.00万元，其中：基本支出100.00万元，项目支出50.00万元，分别比上年增加5.00万元、减少2.00万元…: the usual reading
    made an item 分别 of the last change and the first percentage (减少 with 增长: a false CLM-DIR-003 on a right sentence);
    with one direction word for both, the sentence was left unread. Each item now takes its figures, in order."""
    text = "一、收支预算总体情况\n2023年支出预算150.00万元，其中：" + sentence + "\n"
    assert error_rules(tmp_path, text) == errors
    read = [(c["subject"], c.get("change"), c.get("share")) for c in claims(text.split("\n", 1)[1]) if c.get("part_of")]
    assert [subject for subject, _change, _share in read] == ["基本支出", "项目支出"]
    assert all(change is not None or share is not None for _subject, change, share in read)


@pytest.mark.parametrize(
    "sentence",
    [
        # three items stated, two figures: which two is not known
        "人员经费80.00万元，公用经费20.00万元，项目支出50.00万元，分别比上年增加5.00万元、减少2.00万元。",
        # a whole and its part stated before: not one list
        "支出150.00万元，其中基本支出100.00万元，分别比上年增加5.00万元、减少2.00万元。",
        # an item with its change already
        "基本支出100.00万元，比上年增加1.00万元，项目支出50.00万元，分别比上年增加5.00万元、减少2.00万元。",
    ],
)
def test_figures_said_respectively_are_not_given_where_their_items_are_not_known(sentence):
    """The items stated before 分别 must be as many as its figures, in one list, saying none of what is given: else the
    figures stay unread (and no item named 分别 is made)."""
    read = claims(sentence)
    assert "分别" not in {c["subject"] for c in read}
    assert not any(c.get("change") == "2.00" for c in read)
