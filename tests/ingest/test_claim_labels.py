"""Words before a figure that name no item, and lists opened by another word than 其中, in the shapes of real 三公
notes (a Yunnan county's 决算 of 预算数为…,决算支出数为… pairs; a Yunnan 政法委's …公务接待费…,具体是国内接待费…; a town's
(一)因公出国(境)经费 | 2022年预算安排0万元). Made-up figures."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative.claims import UNNAMED
from tests.ingest.claimtext import claims, error_rules


def _claims(text: str) -> list[tuple[str, str | None, str | None, str]]:
    read = claims(text)
    names = {claim["id"]: claim["subject"] for claim in read}
    return [(claim["subject"], claim.get("measure"), names.get(claim.get("part_of", "")), claim["amount"]) for claim in read if "amount" in claim]


PAIRS = "2023年“三公”经费预算数为30.00万元,决算支出数为23.00万元。其中:公务接待费预算数为{reception}万元,决算支出数为8.00万元;公务用车购置及运行维护费预算数为20.00万元,决算支出数为15.00万元,其中:公务用车运行维护费预算数为20.00万元,决算支出数为15.00万元。\n"


def test_a_decisions_figure_labelled_juesuan_zhichushu_is_the_items_outturn():
    read = _claims(PAIRS.format(reception="10.00"))
    assert ("公务接待费", "决算数", "“三公”经费", "8.00") in read and ("“三公”经费", "决算数", None, "23.00") in read
    assert not [claim for claim in read if "决算支出" in claim[0]]


@pytest.mark.parametrize(("reception", "errors"), [("10.00", []), ("11.00", ["CLM-SUM-001"])])
def test_pairs_labelled_so_are_checked_by_kind(reception, errors, tmp_path):
    assert error_rules(tmp_path, PAIRS.format(reception=reception)) == errors


def test_a_comparison_years_figure_with_its_direction_lost_is_no_item():
    assert [claim[0] for claim in _claims("2023年“三公”经费决算支出数为23万元,较2022年决算数20万元3万元,增长15%。\n")] == ["“三公”经费"]


def test_juti_shi_lists_the_parts_of_the_item_just_stated():
    text = "2022年度“三公”经费支出决算为10万元。其中:公务用车运行维护费支出决算4万元;公务接待费支出决算6万元,具体是国内接待费支出决算6万元,国(境)外接待费支出决算0万元。\n"
    wholes = {subject: whole for subject, _, whole, _ in _claims(text)}
    assert wholes["国内接待费"] == wholes["国(境)外接待费"] == "公务接待费" and wholes["公务接待费"] == "“三公”经费"


def test_a_figure_whose_words_only_say_it_was_arranged_names_no_item(tmp_path):
    text = "一、预算具体情况\n(一)因公出国(境)经费\n2022年预算安排0万元,与2021年预算持平。\n(二)公务接待费\n2022年预算安排1万元,与2021年预算持平。\n"
    assert [claim[0] for claim in _claims(text)] == [UNNAMED, UNNAMED]
    assert "CLM-DUP-001" not in error_rules(tmp_path, text)
