"""A text typed with half-width marks ends its sentences with "." (…其他收入0万元.收入较去年增加36.81万元…; a line ending
…7.73万元.): the claims reader takes such a "." as 。 (claim_text._text), and a text whose last line ends so is no cut
fragment (normal.cut_tail). Not the "." of an ordinal (一.收入, 1.总体) or a decimal. Found by re-typesetting real
texts (helper perturb21): before, the next sentence's subject was glued to the figure before (“增长9.4%.资本性支出”)
and changes went to the wrong item. Made-up figures."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from tests.ingest.claimtext import found_rules

TITLE = "某镇2026年部门预算公开说明\n"
INLINE = (
    "(一)收入预算:2026年年初预算数1272.79万元,其中:一般公共预算拨款1272.79万元,政府性基金预算拨款0万元,其他收入0万元.收入较去年"
    "增加36.81万元,主要是村干部补贴调标.\n"
)
LINE_END = (
    "2025年度“三公”经费合计支出20.12万元,其中:因公出国(境)经费0万元,公务接待12.39万元,公务用车运行费用7.73万元.\n"
    "2026年度“三公”经费预算较2025年度增加1.68万元,其中公务接待较上年同期减少0.58万元,减少4.68%。公务用车运行费用较上年同期增加2.27万元,"
    "增长29.37%。\n"
)
ORDINALS = "一.收入预算情况\n1.总体情况.本年收入合计100.50万元,较上年增加10.50万元,增长11.67%.\n二.支出预算情况\n本年支出合计100.50万元.\n"


def _errors(tmp_path, text: str) -> list[str]:
    return found_rules(tmp_path, TITLE + text, ("error",))


@pytest.mark.parametrize("text", [INLINE, LINE_END, ORDINALS])
def test_a_text_ending_its_sentences_with_a_half_width_stop_reads_as_with_a_full_one(tmp_path, text):
    assert _errors(tmp_path, text) == _errors(tmp_path, text.replace(".\n", "。\n").replace("0万元.收", "0万元。收")) == []


def test_its_figures_are_still_checked(tmp_path):
    assert "CLM-PCT-001" in _errors(tmp_path, ORDINALS.replace("增长11.67%", "增长21.67%"))
    assert "CLM-SUM-001" in _errors(tmp_path, INLINE.replace("其他收入0万元", "其他收入10万元"))


def test_the_stop_after_an_ordinal_or_inside_a_number_stays_a_point():
    claims = extract_text(TITLE + ORDINALS, "probe.txt").document.data["narrative"]["claims"]
    assert [(claim["subject"], claim["amount"]) for claim in claims] == [("本年收入合计", "100.50"), ("本年支出合计", "100.50")]


def test_a_one_paragraph_text_ending_in_a_half_width_stop_is_whole_not_a_fragment(tmp_path):
    text = "2023年一般公共预算“三公”经费预算安排520万元,与2022年预算持平,其中因公出国(境)费预算170万元,公务用车购置及运行费预算150万元,公务接待费预算200万元.\n"
    assert found_rules(tmp_path, text) == []  # found_rules asserts the document is no invalid row


def test_a_half_width_stop_after_a_comma_left_before_it_ends_the_sentence(tmp_path):
    """perturb21's dotall-sum: a text that ends a sentence ",." (a comma left before the stop: …服务支出50万元,.授予…)
    read the next sentence's subject as a fourth part of the list before it (“.授予中小企业合同金额”), a false CLM-SUM-001.
    A "." right after a comma is no decimal point."""
    text = (
        "2023年度政府采购支出总额500万元,其中:政府采购货物支出200万元,、政府采购工程支出250万元,、政府采购服务支出50万元,."
        "授予中小企业合同金额300万元,占政府采购支出总额的60%,.\n"
    )
    assert _errors(tmp_path, text) == _errors(tmp_path, text.replace(",.", ",。")) == []
    assert "CLM-SUM-001" in _errors(tmp_path, text.replace("服务支出50万元", "服务支出60万元"))


@pytest.mark.parametrize("tail", ["占20% .", "占20%.", "占20%(含结转).", "占20%,用于“安居工程”."], ids=["space-before", "plain", "after-bracket", "after-quote"])
def test_a_half_width_stop_a_space_after_its_figure_or_after_a_closing_mark_ends_the_line_too(tmp_path, tail):
    """perturb21's dotend-gen5: …住房保障支出25.51万元,占1.12% . ended no sentence (a space before the stop), so the
    list ran on into the next heading's words (“占1.12%.(三)财政拨款支出…” an item of 686万元, three CLM-GEN-005). The
    claims reader and the fragment test (normal.cut_tail) share one pattern (sentences.HALF_STOP)."""
    from budgetcheck.ingest.narrative.sentences import ends_half_stop

    first = "(二)财政拨款支出决算结构情况 2025年度财政拨款支出100.00万元,主要用于以下方面:一般公共服务支出80.00万元,占80%;住房保障支出20.00万元," + tail
    text = first + "\n(三)财政拨款支出决算具体情况 2025年度财政拨款支出年初预算为90.00万元,支出决算为100.00万元,完成年初预算的111.11%。\n"
    assert ends_half_stop(first)
    assert _errors(tmp_path, text) == []
    subjects = [claim["subject"] for claim in extract_text(TITLE + text, "probe.txt").document.data["narrative"]["claims"]]
    assert subjects[1:3] == ["一般公共服务支出", "住房保障支出"] and not [subject for subject in subjects if "占" in subject]  # no “占20%.(三)…”
