"""The funds a claim's figures are of, read from the heading above it (budgetcheck.ingest.narrative.scopes), and
CLM-DUP-001 comparing a name's figures only within one scope: the national template lists the same spending
classes under 财政拨款收支总体情况 (all appropriations) and 一般公共预算支出情况 (the general budget alone), with
different amounts by design. The text is written here in the template's shape, not taken from any unit."""

from __future__ import annotations

from functools import cache

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_path
from budgetcheck.ingest.narrative.scopes import ALL, scopes, subject_scopes

TEXT = """青龙满族自治县文化广电和旅游局2020年部门预算公开
第三部分 2020年部门预算情况说明
一、收支预算总体情况
2020年收入预算1,200.00万元，其中：一般公共预算拨款收入1,150.00万元，政府性基金预算拨款收入50.00万元。支出预算1,200.00万元，其中：基本支出800.00万元，项目支出400.00万元。
二、财政拨款收支预算总体情况
2020年财政拨款收支总预算1,200.00万元。支出包括：文化旅游体育与传媒支出1,000.00万元、社会保障和就业支出120.00万元、住房保障支出80.00万元。
三、一般公共预算当年拨款支出情况
（一）一般公共预算当年拨款规模变化情况。2020年一般公共预算当年拨款1,150.00万元，比上年增加80.00万元，增长7.5%，主要原因是新增文化惠民工程项目。
（二）一般公共预算当年拨款结构情况。文化旅游体育与传媒支出950.00万元，占82.6%；社会保障和就业支出120.00万元，占10.4%；住房保障支出80.00万元，占7.0%。
（三）具体使用情况
文化旅游体育与传媒支出{again}万元，主要用于文化惠民工程。
四、其他重要事项的情况说明
（一）机关运行经费
2020年本部门机关运行经费预算100.00万元。
"""


@cache
def _pack():
    return budgetcheck.load_pack()


def _extracted(tmp_path, text: str):
    path = tmp_path / "budget.txt"
    path.write_text(text, encoding="utf-8")
    return path, extract_path(path).document.data["narrative"]["claims"]


def _claims(tmp_path, again: str = "950.00"):
    return _extracted(tmp_path, TEXT.format(again=again))


def test_each_claim_takes_the_funds_its_heading_names(tmp_path):
    _, claims = _claims(tmp_path)
    found = {(claim["subject"], claim.get("amount"), claim.get("scope")) for claim in claims}
    assert ("基本支出", "800.00", ALL) in found  # 收支预算总体情况: every source
    assert ("文化旅游体育与传媒支出", "1000.00", "财政拨款") in found
    assert ("文化旅游体育与传媒支出", "950.00", "一般公共预算") in found  # the sub-heading at its own line's start
    assert ("机关运行经费", "100.00", None) in found  # 其他重要事项 names no funds: not known
    # a sub-heading naming none inherits the fund of the heading above it
    assert [claim.get("scope") for claim in claims if claim["id"].startswith("11:")] == ["一般公共预算"]


def test_the_same_class_under_two_funds_is_no_duplicate_but_a_second_figure_in_one_fund_is(tmp_path):
    path, _ = _claims(tmp_path)
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.rule == "CLM-DUP-001"] == []
    path, _ = _claims(tmp_path, again="960.00")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [sorted(location[0] for location in f.locations) for f in result.findings if f.rule == "CLM-DUP-001"] == [[9, 11]]


def test_scopes_read_numbered_headings_only_and_stop_at_the_top_level():
    lines = [(1, "一、支出决算情况说明"), (2, "（一）政府性基金预算财政拨款"), (3, "正文"), (4, "二、其他事项"), (5, "正文"), (6, "1.资产情况"), (7, "正文")]
    assert scopes(lines, [1, 3, 5, 7]) == [ALL, "政府性基金预算", None, None]  # an Arabic ordinal that names no fund titles nothing
    lines[5] = (6, "1.财政拨款情况")
    assert scopes(lines, [7]) == ["财政拨款"]  # one that names a fund gives it
    siblings = [(1, "一、支出情况说明"), (2, "（一）财政拨款支出"), (3, "正文"), (4, "（二）其他支出"), (5, "正文")]
    assert scopes(siblings, [3, 5]) == ["财政拨款", ALL]  # (二) is no part of (一): the top heading's scope
    assert scopes([(1, "一、2020年财政拨款收入1,150.00万元。")], [1]) == [None]  # a sentence with a figure is no heading
    # an item of a list is no title run into its text: its name ends in no word of a report's part
    items = [(1, "一、收入情况"), (2, "1.一般公共预算拨款：500万元"), (3, "2.政府性基金拨款：100万元"), (4, "收入合计600万元。")]
    assert scopes(items, [2, 4]) == [ALL, ALL]


@pytest.mark.parametrize("run_in", ["\n", "：", ":", ""], ids=["own-line", "colon", "half-width-colon", "glued"])
def test_a_heading_numbered_1_that_names_a_fund_gives_the_scope_and_social_insurance_is_a_fund(tmp_path, run_in):
    """A district's 决算 balances each of its four budgets under 1.一般公共预算收支及其平衡情况 … 4.社会保险基金收支及其平衡情况:
    the same words (年终结余, 上级补助收入) with four figures were four false CLM-DUP-001, and again where a title runs
    into its text after a colon (…平衡情况：一般公共预算收入…) or glued to it (…平衡情况2020年一般公共预算收入…) on one line."""
    text = (
        "某区2020年财政决算\n一、2020年全区收支决算\n"
        "1.一般公共预算收支及其平衡情况{0}2020年一般公共预算收入100万元，上级补助收入20万元。\n上述收支相抵，年终结余10万元。\n"
        "2.政府性基金收支及其平衡情况{0}2020年政府性基金收入50万元，上级补助收入30万元。\n上述收支相抵，年终结余5万元。\n"
        "3.社会保险基金收支及其平衡情况{0}2020年社会保险基金收入40万元。\n上述收支相抵，年终结余8万元。\n"
        "4.其他事项\n1.加强预算管理。\n"
    ).format(run_in)
    path = tmp_path / "district.txt"
    path.write_text(text, encoding="utf-8")
    claims = extract_path(path).document.data["narrative"]["claims"]
    assert [(claim["subject"], claim.get("scope")) for claim in claims if claim["subject"] == "年终结余"] == [
        ("年终结余", "一般公共预算"), ("年终结余", "政府性基金预算"), ("年终结余", "社会保险基金预算"),
    ]  # fmt: skip
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert not [finding for finding in result.findings if finding.rule == "CLM-DUP-001"]


# A report without fund headings names each fund as its paragraph's subject; the figures are written for the test.
SUBJECTS = """2021年度全区财政决算收支情况如下:
一、全区财政决算收支情况
全区一般公共预算收入35.00万元,上级补助收入12.00万元,调入资金{general}万元(从国有资本经营预算收入调入),收入合计47.30万元。
全区政府性基金上年结余26.00万元,上级补助收入14.00万元,调入资金10.00万元,收入合计50.00万元。
区本级一般公共预算收入30.00万元,调入资金0.30万元。
"""


def _subject_claims(tmp_path, general: str = "0.30"):
    return _extracted(tmp_path, SUBJECTS.format(general=general))


def test_a_paragraph_that_opens_with_a_fund_gives_it_to_its_figures(tmp_path):
    _, claims = _subject_claims(tmp_path)
    found = [(claim["subject"], claim.get("amount"), claim.get("scope")) for claim in claims if claim["subject"] == "调入资金"]
    assert found == [("调入资金", "0.30", "一般公共预算"), ("调入资金", "10.00", "政府性基金预算"), ("调入资金", "0.30", "一般公共预算")]


def test_a_short_layer_wrapped_a_few_characters_short_of_any_margin_keeps_each_paragraphs_fund(tmp_path):
    """perturb21's wrap-dup: the same report in a short layer wrapped mid-clause, too few lines to show a margin: each
    line was a paragraph of its own for the funds, so 调入资金 of the general budget (a line below its subject) and of
    the fund budget were one item twice (a false CLM-DUP-001). The funds follow the paragraphs the claims were read
    in; a subject after 如下: opens its region too (the layer's first paragraph runs on from its introduction)."""
    text = SUBJECTS.format(general="0.30")
    wrapped = text.replace("上级补助收入12", "上级补助\n收入12").replace("调入),收入合计", "调入),收入\n合计").replace(",调入资金10", ",调入\n资金10")
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    claims = extract_path(path).document.data["narrative"]["claims"]
    assert [claim.get("scope") for claim in claims if claim["subject"] == "调入资金"] == ["一般公共预算", "政府性基金预算", "一般公共预算"]
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.rule == "CLM-DUP-001"] == []


def test_two_funds_transfers_are_two_items_but_one_funds_two_figures_are_not(tmp_path):
    path, _ = _subject_claims(tmp_path)
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.rule == "CLM-DUP-001"] == []
    path, _ = _subject_claims(tmp_path, general="0.40")  # 0.40 here, 0.30 under 区本级: the same fund, the same name
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [sorted(location[0] for location in f.locations) for f in result.findings if f.rule == "CLM-DUP-001"] == [[3, 5]]


def test_a_subject_scope_ends_where_another_fund_is_named_and_never_overrides_a_fund_heading():
    from budgetcheck.ingest.narrative.source import Cell

    cell = Cell.of(1, 1, "一般公共预算拨款收入10万元，政府性基金预算拨款收入5万元，收入合计15万元。")
    starts = [(1, 1), (1, 16), (1, 31)]
    assert subject_scopes([(cell.norm, cell.at)], starts, [ALL, ALL, ALL]) == ["一般公共预算", ALL, ALL]
    assert subject_scopes([(cell.norm, cell.at)], starts, ["政府性基金预算"] * 3) == ["政府性基金预算"] * 3
    other = Cell.of(1, 1, "本部门一般公共预算收入10万元。")
    assert subject_scopes([(other.norm, other.at)], [(1, 1)], [None]) == [None]  # no fund as the subject
