"""A 其中 list opened inside a numbered item ends where the next item of that numbering begins (claims._next_item): a
web page's 三公 budget on one line, 二、公务用车购置及运行费预算…,其中公务用车运行费…,公务用车购置费…,三、公务接待费预算… (a
real development zone's 2023 budget, in this shape), read 公务接待费 as a third part of the vehicles. Made-up names and
figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import claims, error_rules, wholes


ONE_LINE = (
    "2023年一般公共预算“三公”经费预算安排60万元,与2022年预算持平:一、2023年因公出国(境)费预算10万元,与2022年预算持平,"
    "二、2023年公务用车购置及运行费预算{car}万元,其中公务用车运行费{running}万元,与2022年预算相比减少5万元,主要原因是压减车辆,"
    "公务用车购置费0万元,主要原因是不再购车,三、2023年公务接待费预算20万元,与2022年预算相比持平,主要原因是严控接待。\n"
)


def test_the_next_numbered_item_is_no_part_of_the_list_opened_in_the_item_before():
    parts = wholes(ONE_LINE.format(car="30", running="30"))
    assert parts["公务用车运行费"] == parts["公务用车购置费"] == "公务用车购置及运行费"
    assert parts["公务接待费"] is None


@pytest.mark.parametrize(("car", "running", "errors"), [("30", "30", []), ("30", "25", ["CLM-SUM-001"])])
def test_a_list_ended_by_the_next_item_is_still_checked(car, running, errors, tmp_path):
    assert error_rules(tmp_path, ONE_LINE.format(car=car, running=running)) == errors


def test_parts_numbered_in_a_style_of_their_own_go_on_and_a_nested_list_ends_at_its_next_part():
    text = (
        "一、基本支出预算100万元，其中：1.工资福利支出70万元，其中：基本工资40万元，津贴补贴30万元；2.商品和服务支出30万元。"
        "二、项目支出预算50万元。\n"
    )
    parts = wholes(text)
    assert parts["工资福利支出"] == parts["商品和服务支出"] == "基本支出"
    assert parts["基本工资"] == parts["津贴补贴"] == "工资福利支出"
    assert parts["项目支出"] is None


@pytest.mark.parametrize("opener", ["其中:", "其中，", "其中,", "包括，"], ids=["colon", "comma", "half-width-comma", "baokuo-comma"])
def test_a_numbered_line_after_qizhong_and_a_comma_begins_a_paragraph_as_after_a_colon(opener):
    """perturb21's qizhong-comma: 收入总计为283.27万元,其中，| 1.财政拨款收入…。较上年度决算数增加…: after 其中， the
    numbered line was joined on, and the next sentence's change (the item's) was given to 收入总计 (a false CLM-PCT-001)."""
    text = (
        f"(一)收入决算情况。2021年度,收入总计为300.00万元,{opener}\n"
        "1.财政拨款收入200.00万元,为工资。较上年度决算数增加20.00万元,增长11.11%。\n"
    )
    changed = [(claim["subject"], claim["change"]) for claim in claims(text, 2021) if "change" in claim]
    assert changed == [("财政拨款收入", "20.00")]
