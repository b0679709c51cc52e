"""增加13% / 减少8% is a rate said with the words of a change (as 增长13% / 下降8% are): with no amount after it, the word is
the percentage's, not a change of its own (claim_words.rate_word). Read as a change, a rate after a comparison with the
budget (较预算数898万元增加114万元,增加13%) was set against last year's pair, and a total's 增加16.75% became a change of 0
its parts' changes were summed against. Found by helper perturb21 (增长 → 增加 in real texts); made-up figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import found_rules


TITLE = "某州2021年度部门决算公开说明\n"
AGAINST_BUDGET = "公务用车购置及运行维护费为1012万元,较上年1024万元减少12万元,下降1%,较预算数898万元增加114万元,增加13%。\n"
TOTAL = (
    "2021年“三公”经费支出预算为14.01万元,其中:因公出国(境)费用0万元,公务用车运行维护费14.01万元,公务接待费0万元。与2020年预算相比"
    "增加16.75%,其中因公出国(境)费增加0万元,公务用车运行维护费增加2.01万元。\n"
)
ITEM = "2021年度支出合计321.3万元,较上年决算数减少289.23万元,下降47.4%,主要原因是基本支出较上年决算数增加66.11万元,增加31.2%。\n"


def _errors(tmp_path, text: str) -> list[str]:
    return found_rules(tmp_path, TITLE + text, ("error",))


@pytest.mark.parametrize("text", [AGAINST_BUDGET, TOTAL, ITEM])
def test_a_rate_said_with_the_word_of_a_change_reads_as_one_said_with_growth(tmp_path, text):
    assert _errors(tmp_path, text) == _errors(tmp_path, text.replace("增加13%", "增长13%").replace("增加16.75%", "增长16.75%").replace("增加31.2%", "增长31.2%")) == []


def test_the_year_on_year_rate_before_it_is_still_checked(tmp_path):
    assert _errors(tmp_path, AGAINST_BUDGET.replace("下降1%", "下降9%")) == ["CLM-PCT-001"]


RATE_FIRST = (
    "2021年度“三公”经费财政拨款支出决算数比2020年度减少0.28万元,降低3.09%,其中:因公出国(境)费支出决算减少0万元,降低0%;公务用车购置"
    "及运行维护费支出决算减少0.29万元,降低3.31%;公务接待费支出决算增长3.45%,增加0.01万元。\n"
)


def test_an_item_named_before_its_rate_is_the_rates_claim_not_the_item_before(tmp_path):
    """公务接待费支出决算增长3.45%,增加0.01万元 (perturb21's swapdir, the rate before the amount): the rate and the change
    are 公务接待费's; they were read as the car item's (CLM-PCT-001, CLM-DIR-003 on it)."""
    assert _errors(tmp_path, RATE_FIRST) == []
    assert _errors(tmp_path, RATE_FIRST.replace("增长3.45%,增加0.01万元", "增长3.45%,减少0.01万元")) == ["CLM-DIR-003", "CLM-SUM-002"]


def test_words_of_a_comparison_the_patterns_did_not_read_name_no_item(tmp_path):
    """安排预算部门行政经费79.13亿元,较上年预算负增长37% (a real Guangdong budget, corpus19/37): 较上年预算负 is no item's name
    (read as one, the rate was a claim of its own); and 负增长11.3% after 同比减少0.61万元 is a fall (read as 增长, CLM-DIR-003
    called the two words contradictory)."""
    text = "2021年安排预算部门行政经费79.13万元,较上年预算负增长37%,占本级支出的5.4%。其中,“三公”经费4.77万元,同比减少0.61万元,负增长11.3%。\n"
    assert _errors(tmp_path, text) == []
