"""A 决算's accounts of its government fund and state capital appropriations (八、九), in a 决算 of the Shanghai
template written here (not any unit's): a statement that there was none is read in every wording a unit uses (its
subject, its year or none, 无/没有/未安排, 收入和支出/收支/支出 alone, a line wrapped anywhere); what is no statement of
the year's none (an instruction, a reason, another year, another fund, a blank or a template's XXX) is never read as
one; the totals an account states are read with their unit and line, a budget, a change or a part never."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text

DEPARTMENT = "上海市江川区文化旅游局"
TEXT = """上海市江川区文化旅游局2024年度部门决算

第一部分 上海市江川区文化旅游局概况
一、主要职能
上海市江川区文化旅游局是区政府工作部门，主管全区文化和旅游工作。
二、部门决算单位构成
本部门决算包括本部以及下属2家事业单位的决算。

第二部分 2024年度部门决算表
一、收入支出决算总表
二、收入决算表

第三部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
2024年度本部门收入支出总计2450.00万元。
二、收入决算情况说明
2024年度本年收入合计2400.00万元，其中：财政拨款收入2400.00万元，占100.00%。
三、支出决算情况说明
2024年度本年支出合计2400.00万元，其中：基本支出900.00万元，占37.50%；项目支出1500.00万元，占62.50%。
七、财政拨款“三公”经费支出决算情况说明
上海市江川区文化旅游局2024年度无“三公”经费财政拨款支出。
八、政府性基金预算财政拨款收入支出决算情况说明
{gov}
九、国有资本经营预算财政拨款收入支出决算情况说明
{capital}
十、预算绩效管理情况
本部门2024年度编报绩效目标的项目8个，涉及预算金额1500.00万元。
十一、其他重要事项的说明
（一）机关运行经费支出情况
2024年度本部门机关运行经费支出96.40万元。

第四部分 名词解释
1.财政拨款收入：是区级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款。
"""
NONE_GOV = f"{DEPARTMENT}2024年度无政府性基金预算财政拨款收入和支出。"
NONE_CAPITAL = f"{DEPARTMENT}2024年度无国有资本经营预算财政拨款收入和支出。"
BOTH = {"no_income": True, "no_expenditure": True}


def _read(gov: str = NONE_GOV, capital: str = NONE_CAPITAL, text: str = TEXT):
    document = extract_text(text.format(gov=gov, capital=capital), "final.txt").document
    states = {part.key: part for part in document.coverage.parts}
    return document, states


def _fund(gov: str, part: str = "gov_fund"):
    document, states = _read(gov=gov) if part == "gov_fund" else _read(capital=gov)
    return document.data.get(part), states[part].state


SUBJECTS = ["本单位", "本部门", DEPARTMENT, "我单位", ""]
YEARS = ["2024年度", "2024 年度", "2024年", "本年度", ""]
# (the words, what they say there was none of)
WORDS = [
    ("无{fund}预算财政拨款收入和支出", BOTH),
    ("没有{fund}预算财政拨款收入、支出", BOTH),
    ("无{fund}预算财政拨款收入支出", BOTH),
    ("无{fund}预算财政拨款收支", BOTH),
    ("无{fund}预算收入和支出", BOTH),
    ("未发生{fund}预算财政拨款收入和支出", BOTH),
    ("无{fund}预算财政拨款支出", {"no_expenditure": True}),
    ("未安排{fund}预算财政拨款支出", {"no_expenditure": True}),
    ("没有使用{fund}预算财政拨款安排的支出", {"no_expenditure": True}),
    ("无{fund}预算财政拨款收入", {"no_income": True}),
]
FUNDS = [("gov_fund", "政府性基金"), ("state_capital", "国有资本经营")]


@pytest.mark.parametrize(("subject", "year"), list(itertools.product(SUBJECTS, YEARS)))
def test_a_statement_of_none_is_read_whatever_its_subject_and_year(subject, year):
    for part, fund in FUNDS:
        data, state = _fund(f"{subject}{year}无{fund}预算财政拨款收入和支出。", part)
        assert (data, state) == (BOTH, "read"), (subject, year, part)


@pytest.mark.parametrize(("words", "said"), WORDS)
@pytest.mark.parametrize(("part", "fund"), FUNDS)
def test_a_statement_of_none_says_what_its_words_say_there_was_none_of(words, said, part, fund):
    data, state = _fund("本单位2024年度" + words.format(fund=fund) + "。", part)
    assert (data, state) == (said, "read")


@pytest.mark.parametrize(
    "sentence",
    [
        "本部门2024年度无政府性基金预算财政拨款收入和支出，故本表无数据。",
        "说明：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
        "本部门2024年度无政府性基金预算财政拨款收入和支出情况。",
        "本部门2024年度不涉及政府性基金预算财政拨款收入和支出。",
    ],
)
def test_a_consequence_or_a_note_label_beside_the_statement_does_not_keep_it_from_being_read(sentence):
    assert _fund(sentence) == (BOTH, "read")


@pytest.mark.parametrize("cut", range(3, len(NONE_GOV) - 1, 4))
def test_a_statement_wrapped_anywhere_as_a_pdf_layer_wraps_it_is_read(cut):
    """A text layer breaks the line wherever the margin falls, in a name (政府性基|金) or a year (20|24)."""
    assert _fund(NONE_GOV[:cut] + "\n" + NONE_GOV[cut:]) == (BOTH, "read")
    assert _fund(NONE_GOV[:cut] + "\n\n" + NONE_GOV[cut:]) == (BOTH, "read")


@pytest.mark.parametrize(
    "words",
    [
        "",  # the heading alone: a blank account says nothing
        "本单位2023年度无政府性基金预算财政拨款收入和支出。",  # another year's
        "本单位上年度无政府性基金预算财政拨款收入和支出。",
        "无政府性基金预算财政拨款收入支出的部门，作下述说明：",  # the template's instruction
        "主要原因是本年度无政府性基金预算财政拨款收入和支出。",  # a reason
        "如无政府性基金预算财政拨款收入和支出，应予说明。",  # a condition
        "本单位无国有资本经营预算财政拨款收入和支出。",  # the other fund's, under this fund's heading
        "本单位无政府性基金预算财政拨款收入和支出，年初结转和结余10.00万元。",  # none, and yet a figure
        "本单位政府性基金预算财政拨款收入支出决算表为空表。",  # the table's, not the unit's
        # the blank template prints both forms, with XXX where the figures go
        "政府性基金预算财政拨款收入 XXX 万元，支出 XXX 万元，支出具体情况如下：\n无政府性基金预算财政拨款收入支出的部门，"
        "作下述说明：\n上海市 XX 局 2024 年度无政府性基金预算财政拨款收入和支出。",
    ],
)
def test_words_that_are_no_statement_of_the_years_none_are_never_read_as_none(words):
    document, states = _read(gov=words)
    assert "gov_fund" not in document.data and states["gov_fund"].state == "recognised_not_read"
    warned = [d for d in document.diagnostics if d.rule == "EXTRACT-SECTION-NOT-READ" and "“政府性基金预算财政拨款收入支出决算情况说明”" in d.message_zh]
    assert len(warned) == 1 and "未读出" in warned[0].message_zh
    assert states["state_capital"].state == "read"  # the other account is read as it is


def test_a_statement_beside_a_sentence_that_cannot_be_read_leaves_the_part_partly_read():
    document, states = _read(gov=NONE_GOV + "\n本单位2023年度无政府性基金预算财政拨款收入和支出。")
    assert document.data["gov_fund"] == BOTH
    part = states["gov_fund"]
    assert part.state == "partly_read" and [gap.line for gap in part.gaps] == [part.line + 2]
    assert "2023年度" in part.gaps[0].snippet


def test_a_read_account_has_no_not_read_warning_and_its_sentence_still_reaches_the_text_rules():
    document, states = _read()
    assert (states["gov_fund"].state, states["state_capital"].state) == ("read", "read")
    assert not [d for d in document.diagnostics if d.rule == "EXTRACT-SECTION-NOT-READ" and ("政府性基金" in d.message_zh or "国有资本" in d.message_zh)]
    assert NONE_GOV in document.data["unplaced"] and NONE_CAPITAL in document.data["unplaced"]
    line = document.positions["/gov_fund/no_income"][0]
    assert TEXT.format(gov=NONE_GOV, capital=NONE_CAPITAL).splitlines()[line - 1] == NONE_GOV


def test_a_heading_that_titles_both_accounts_is_read_for_both():
    text = TEXT.replace("八、政府性基金预算财政拨款收入支出决算情况说明\n{gov}\n九、国有资本经营预算财政拨款收入支出决算情况说明\n{capital}\n",
                        "八、政府性基金预算及国有资本经营预算财政拨款收入支出决算情况说明\n{gov}\n")
    document, states = _read(gov="本单位2024年度无政府性基金预算和国有资本经营预算财政拨款收入和支出。", text=text)
    assert (document.data["gov_fund"], document.data["state_capital"]) == (BOTH, BOTH)
    assert states["gov_fund"].state == "read"


@pytest.mark.parametrize(
    ("words", "totals"),
    [
        ("2024年度政府性基金预算财政拨款收入100.00万元，支出90.00万元，年初结转和结余10.00万元，年末结转和结余20.00万元。",
         {"income": "100.00", "expenditure": "90.00", "carried_in": "10.00", "carried_out": "20.00"}),
        ("本单位2024年度政府性基金预算财政拨款年初结转和结余10.00万元，本年收入100.00万元，本年支出90.00万元，年末结转和结余20.00万元。",
         {"income": "100.00", "expenditure": "90.00", "carried_in": "10.00", "carried_out": "20.00"}),
        # the template's form: the totals, then each 项 (its budget and outturn are the claims')
        ("政府性基金预算财政拨款收入 100.00 万元，支出 90.00 万元，\n支出具体情况如下：\n1、城乡社区支出（类）国有土地使用权出让收入安排的支出"
         "（款）征地和拆迁补偿支出（项）。主要用于：拆迁补偿。年初预算为 95.00 万元，支出决算为 90.00 万元。决算数小于预算数的主要原因：项目结余。",
         {"income": "100.00", "expenditure": "90.00"}),
        # the outturn beside its budget, a completion rate, a change against last year: the outturn alone
        ("本单位2024年度政府性基金预算财政拨款支出年初预算为100.00万元，支出决算为90.00万元，完成年初预算的90.00%，比2023年度增加10.00万元。",
         {"expenditure": "90.00"}),
        # in 元: held in the document's 万元
        ("政府性基金预算财政拨款收入1,000,000.00元，支出900,000.00元。", {"income": "100", "expenditure": "90"}),
        # the parts of the spending are no total
        ("政府性基金预算财政拨款支出90.00万元，其中：基本支出0万元，项目支出90.00万元。", {"expenditure": "90.00"}),
    ],
)
def test_the_totals_an_account_states_are_read_and_nothing_else(words, totals):
    document, states = _read(gov=words)
    assert {key: str(value) for key, value in document.data["gov_fund"].items()} == totals
    assert states["gov_fund"].state == "read"


@pytest.mark.parametrize(
    "words",
    [
        "2023年度政府性基金预算财政拨款收入100.00万元。",  # another year's
        "2024年度政府性基金预算财政拨款收入支出100.00万元。",  # of both sides at once
        "本单位国有资本经营预算财政拨款收入50.00万元，支出50.00万元。",  # the other fund's
        "政府性基金预算财政拨款年初预算为100.00万元。",  # a budget
    ],
)
def test_a_figure_of_another_year_fund_or_kind_is_no_total(words):
    document, states = _read(gov=words)
    assert "gov_fund" not in document.data and states["gov_fund"].state == "recognised_not_read"


def test_a_total_stated_twice_with_two_amounts_is_left_undetermined():
    document, _ = _read(gov="政府性基金预算财政拨款收入100.00万元，支出90.00万元。本年收入110.00万元。")
    assert document.data["gov_fund"] == {"expenditure": Decimal("90.00")}
    assert "/gov_fund/income" in document.coverage.undetermined


def test_a_shanghai_account_is_checked_against_the_shanghai_profile_and_another_against_the_national_one():
    shanghai, _ = _read()
    national, _ = _read(text=TEXT.replace("上海市江川区", "青河县"), gov="本单位2024年度无政府性基金预算财政拨款收入和支出。", capital="本单位2024年度无国有资本经营预算财政拨款收入和支出。")
    assert shanghai.data["metadata"]["schema_version"] == "2016-shanghai-final"
    assert national.data["metadata"]["schema_version"] == "2016-national-final" and national.data["gov_fund"] == BOTH
