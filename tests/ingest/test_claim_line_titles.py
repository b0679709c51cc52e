"""A figure that names only its kind (2021年预算支出为0万元) after a numbered heading on its own line ((一)因公出国费用。) is
the heading's item. A middle school's 2021 三公 note wrote each item so; read as 预算支出 of every item, its 0 for travel
abroad and 11.77 for hospitality were one item's two figures (a false CLM-DUP-001)."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import claims, error_rules

NOTE = "(一)因公出国费用。2021年预算支出为0万元,本年度计划无人员出国。\n(二)公务接待费。2021年预算支出{second}万元。\n"


def test_each_figure_is_its_headings_item(tmp_path):
    assert [(claim["subject"], claim["amount"]) for claim in claims(NOTE.format(second="11.77"), 2021)] == [("因公出国费用", "0"), ("公务接待费", "11.77")]
    assert error_rules(tmp_path, NOTE.format(second="11.77")) == []


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("(一)因公出国费用。2021年公务用车运行费预算支出为5万元。", "公务用车运行费预算支出"),  # an item of its own: kept
        ("2021年预算支出为5万元。", "预算支出"),  # no heading: as before
        ("(一)收支总体情况,2021年预算支出为5万元。", "预算支出"),  # the heading is a clause of the sentence, not a line of its own
        ("一、2021年收入5万元。2021年预算支出为5万元。", "预算支出"),  # the line opens with a figure, not a title
    ],
)
def test_a_subject_of_its_own_or_no_line_title_is_kept(text, subject):
    assert [claim["subject"] for claim in claims(text, 2021)][-1] == subject


def test_the_same_item_twice_with_two_figures_is_still_an_error(tmp_path):
    text = "(一)公务接待费。2021年预算支出为10万元。\n(二)其他说明。公务接待费预算为12万元。\n"
    assert "CLM-DUP-001" in error_rules(tmp_path, text)


@pytest.mark.parametrize(
    "note",
    [
        "(一)因公出国(境)费\n2025年预算支出为0万元,与上年持平。\n(二)公务接待费\n2025年预算支出为3万元,与上年持平。\n",  # a line of its own
        "(一)因公出国(境)费:2025年预算支出为0万元,与上年持平。\n(二)公务接待费:2025年预算支出为3万元,与上年持平。\n",  # a colon
        "（一）因公出国(境)费\n2025年预算支出为0万元，与上年持平。\n（二）公务接待费\n2025年预算支出为3万元，与上年持平。\n",
        "（一）因公出国(境)费。2025年预算支出为0万元，与上年持平。\n（二）公务接待费。2025年预算支出为3万元，与上年持平。\n",
        "（一）因公出国(境)费：2025年预算支出为0万元，与上年持平。\n（二）公务接待费：2025年预算支出为3万元，与上年持平。\n",
    ],
    ids=["own-line", "colon", "wide-own-line", "wide-full-stop", "wide-colon"],
)
def test_the_heading_on_the_line_before_or_before_a_colon_names_the_item(tmp_path, note):
    """The same school notes write the heading on its own line or before a colon (the sweep's variants 04d and 04e), and
    with full-width brackets （一） as most texts do (perturb21's fullwidth-heading: the claims reader read only (一))."""
    assert [(claim["subject"], claim["amount"]) for claim in claims(note, 2025)] == [("因公出国(境)费", "0"), ("公务接待费", "3")]
    assert error_rules(tmp_path, note) == []


def test_a_heading_names_only_the_paragraph_right_after_it():
    note = "(一)因公出国(境)费\n本部门严格控制出国。\n2025年预算支出为3万元。\n"
    assert [claim["subject"] for claim in claims(note, 2025)] == ["预算支出"]


@pytest.mark.parametrize("heading", ["（一）收入说明", "五、比上年增减情况", "(二)支出预算", "(一)收入"])
def test_a_heading_that_names_a_part_of_the_text_is_no_item(heading):
    """The Hebei sample heads its parts （一）收入说明 and 五、比上年增减情况: its 2019年预算收入为329.37万元 is 预算收入, not
    收入说明 (the full suite caught 67a9868 renaming it)."""
    assert [claim["subject"] for claim in claims(heading + "\n2019年预算收入为329.37万元。\n", 2019)] == ["预算收入"]

