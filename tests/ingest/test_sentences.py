"""Sentences end at 。！？ outside brackets and quotation marks only; a doubled mark stays in its sentence."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative.claims import find_claims
from budgetcheck.ingest.narrative.sentences import sentence_around, sentence_spans
from budgetcheck.ingest.narrative.source import normalise


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_a_full_stop_inside_brackets_ends_no_sentence():
    text = "平均得分100.00分（其中，绩效评级为“不合格”的项目0个。绩效自评中共发现问题0个）。下一句。"
    assert _sentences(text) == ["平均得分100.00分（其中，绩效评级为“不合格”的项目0个。绩效自评中共发现问题0个）。", "下一句。"]


def test_a_full_stop_inside_quotation_marks_ends_no_sentence():
    assert _sentences("他说“已完成。”然后离开。再见。") == ["他说“已完成。”然后离开。", "再见。"]


@pytest.mark.parametrize("text", ["甲（乙。丙)。丁。", "甲(乙。丙）。丁。"])
def test_full_and_half_width_round_brackets_nest_alike(text):
    assert len(_sentences(text)) == 2


def test_a_doubled_full_stop_stays_inside_its_sentence():
    assert _sentences("支出10万元。。收入5万元。") == ["支出10万元。。", "收入5万元。"]


@pytest.mark.parametrize("text", ["甲（乙。丙。丁。", "甲）乙。丙。丁。"])
def test_a_bracket_that_never_pairs_protects_nothing(text):
    assert len(_sentences(text)) == 3


def test_an_unclosed_bracket_inside_a_closed_pair_does_not_reach_past_it():
    assert _sentences("甲（乙“丙。丁）。戊。") == ["甲（乙“丙。丁）。", "戊。"]


def test_the_sentence_around_a_figure_keeps_its_brackets_whole():
    text = normalise("说明：预留（含小微企业21.07万元。详见附表）。另一句。")
    start, end = sentence_around(text, text.index("21.07"), "。;")
    assert text[start:end] == normalise("说明：预留（含小微企业21.07万元。详见附表）。")


def test_the_claims_reader_reads_a_sentence_whose_brackets_hold_a_full_stop_as_one():
    text = "绩效自评项目1个，涉及预算金额175.52万元，平均得分100.00分（其中，评级为“优”的项目1个。发现问题0个）。"
    (claim,) = [found.data for found in find_claims([(1, text)], 2024, "万元")]
    assert claim["text"] == text


def test_a_full_stop_inside_brackets_still_ends_its_clause():
    """(其中:公务用车购置费209万元,…,增长237%。公务用车运行维护费803万元,…) (a prefecture's 决算, a ； typed as 。;
    perturb21's s2p-paren): the next item's name was read from the start of the clause, “增长237%。公务用车运行维护费”."""
    text = "公务用车购置及运行维护费1012万元(其中:公务用车购置费209万元,较上年251万元减少42万元,下降17%。公务用车运行维护费803万元,较上年773万元增加30万元,增长4%)。"
    found = [claim.data for claim in find_claims([(1, text)], 2021, "万元")]
    assert [(claim["subject"], claim["amount"]) for claim in found] == [("公务用车购置及运行维护费", "1012"), ("公务用车购置费", "209"), ("公务用车运行维护费", "803")]
    assert all(claim["text"] == text for claim in found)  # still one sentence


def test_a_doubled_full_stop_reaches_the_claim_text_for_the_punctuation_rule():
    found = [claim.data for claim in find_claims([(1, "2025年支出预算100.00万元。。比2024年预算增加10.00万元。")], 2025, "万元")]
    assert "。。" in found[0]["text"]
