"""Where a 其中 list ends besides a full stop: at a total no list holds (…其中：财政拨款收入…，其他收入…，本年支出合计… — the
other side's total, not a third part), and at a figure the text adds to the one before (…;加上级补助收入…, …，加年初
结转和结余…: a balance, as a district's 决算 and a unit's 决算 write it). Made-up names and figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import error_rules, wholes


TOTALS = "某局2023年度部门决算\n一、收入支出决算总体情况说明\n2023年度本年收入合计100万元，其中：财政拨款收入{grant}万元，其他收入20万元，本年支出合计100万元，其中：基本支出60万元，项目支出40万元。\n"


def test_the_other_sides_total_after_a_list_is_no_part_of_it():
    parts = wholes(TOTALS.format(grant="80"))
    assert parts["财政拨款收入"] == parts["其他收入"] == "本年收入合计" and parts["本年支出合计"] is None
    assert parts["基本支出"] == parts["项目支出"] == "本年支出合计"


@pytest.mark.parametrize(("grant", "errors"), [("80", []), ("90", ["CLM-SUM-001"])])
def test_the_list_a_total_ended_is_still_checked(grant, errors, tmp_path):
    assert error_rules(tmp_path, TOTALS.format(grant=grant)) == errors


def test_of_a_grand_total_the_years_total_is_a_part():
    parts = wholes("2023年收入总计120万元，其中：本年收入合计100万元，年初结转和结余20万元。")
    assert parts["本年收入合计"] == parts["年初结转和结余"] == "收入总计"


@pytest.mark.parametrize(
    "text",
    [
        "全区一般公共预算总收入400万元，其中地方一般公共预算收入270万元;加上级补助收入120万元，上年结余收入40万元，收入合计430万元。",
        "2023年本年收入合计100万元，其中：财政拨款收入80万元，其他收入20万元，加年初结转和结余10万元，收入总计110万元。",
    ],
)
def test_a_figure_added_to_the_one_before_ends_its_list(text):
    parts = wholes(text)
    listed = [name for name, whole in parts.items() if whole is not None]
    assert listed in (["地方一般公共预算收入"], ["财政拨款收入", "其他收入"])
    assert "上级补助收入" in parts or "年初结转和结余" in parts  # named without the 加


@pytest.mark.parametrize(
    ("inner", "whole_of_car"),
    [
        ("其中:国内公务接待4032批次,33409人次;", "“三公”经费"),  # counts, no figure in 万元: the list of 公务接待费 ended at ；
        ("其中:国内公务接待10.00万元,外宾接待191.25万元;", "“三公”经费"),
        ("其中:国内公务接待10.00万元、", "公务接待费"),  # the list's own comma: still its part
    ],
)
def test_a_second_list_that_read_no_figure_ends_at_a_semicolon(inner, whole_of_car):
    """牟定县 2017 三公决算 (an unseen sweep): …公务接待费201.25万元,其中:国内公务接待4032批次,33409人次;公务用车购置及运行维护费
    为382.58万元 made the car costs a part of 公务接待费 and the 三公 total 382.58 short (a false CLM-SUM-003 warning)."""
    text = "“三公”经费决算数为583.83万元。其中:因公出国(境)费为0万元;公务接待费201.25万元," + inner + "公务用车购置及运行维护费为382.58万元。"
    assert wholes(text, 2017)["公务用车购置及运行维护费"] == whole_of_car


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        # a Chongqing union's 2024 决算: the list after the cause names what was cut, not the parts of 357.21
        ("收支总计357.21万元,与2023年度相比,减少17.84万元,主要原因是降本增效;项目资金压减,其中文体项目压减7.00万元,帮扶项目压减9.00万元。", None),
        ("支出总计100.00万元,主要用于日常运转,其中文体项目压减7.00万元,帮扶项目压减9.00万元。", None),  # as 其中: after a use does
        ("支出总计100.00万元,比上年减少17.84万元,其中文体项目压减7.00万元,帮扶项目压减9.00万元。", "支出总计"),  # no reason between
    ],
)
def test_a_list_after_a_reason_is_the_reasons_not_the_figures(text, whole):
    assert wholes(text, 2024)["帮扶项目压减"] == whole


RESUMED = "某小学2025年部门预算公开说明\n2025年收入预算1282.73万元,其中:一般公共预算拨款1125.76万元,上年结转0.00万元。事业收入86.97万元,其他收入{other}万元。\n"


def test_a_list_a_full_stop_cut_short_goes_on_when_the_next_sentence_gives_exactly_what_it_lacks(tmp_path):
    """…上年结转0.00万元。事业收入86.97万元,其他收入70.00万元。 (a real 2025 budget; helper corpus22's W3, corpus21a's W1):
    the list ended at the stop and fell 156.97 short of its whole (a false CLM-SUM-003 warning). The next sentence's
    names and amounts give exactly what it lacks: they are its parts. Any other figures start anew, as before."""
    from tests.ingest.claimtext import found_rules

    assert wholes(RESUMED.format(other="70.00").split("\n")[1], 2025)["其他收入"] == "收入"
    assert found_rules(tmp_path, RESUMED.format(other="70.00")) == []
    assert wholes(RESUMED.format(other="75.00").split("\n")[1], 2025)["其他收入"] is None  # 5.00 too many: not its parts
    assert wholes(RESUMED.format(other="70.00").split("\n")[1].replace("事业收入", "比上年增加"), 2025)["其他收入"] is None  # a change


CHANGES = (
    "某市2024年“三公”经费预算公开说明\n"
    "2024年市本级“三公”经费预算1000.00万元,比2023年预算减少20万元,下降1.96%。其中:因公出国(境)费用同比增加10万元,增长9.09%,"
    "主要是出访计划调整;公务接待费同比减少50万元,下降33.33%,主要是严控接待;公务用车运行维护费同比减少30万元,下降7.50%{mark}"
    "公务用车购置费同比增加{last}万元,主要是车辆更新。\n"
)


@pytest.mark.parametrize("last", ["50", "50.5"])
def test_a_list_of_changes_a_full_stop_cut_short_goes_on_when_the_next_change_gives_what_it_lacks(tmp_path, last):
    """perturb21's cause M (s2p-listcut, a real 2019 三公 budget with one ； made 。): the fourth item's change came after a
    full stop, so the list's changes summed to -70 against the whole's -20 (a false CLM-SUM-002). The next sentence
    opens with a name and its change alone, which gives what the list lacks to within half a unit of the coarsest
    figure printed (-20 is printed to the 万元): it is the list's fourth part. A change that does not fit starts anew."""
    from tests.ingest.claimtext import claims

    text = CHANGES.format(mark="。", last=last)
    assert error_rules(tmp_path, text) == error_rules(tmp_path, CHANGES.format(mark="；", last=last)) == []
    read = {claim["subject"]: claim for claim in claims(text.split("\n")[1], 2024)}
    assert read["公务用车购置费"].get("part_of") == read["市本级“三公”经费"]["id"]
    apart = {claim["subject"]: claim for claim in claims(CHANGES.format(mark="。", last="45").split("\n")[1], 2024)}
    assert "part_of" not in apart["公务用车购置费"]
    figure = {claim["subject"]: claim for claim in claims(text.split("\n")[1].replace(f"同比增加{last}万元", "预算50万元"), 2024)}
    assert "part_of" not in figure["公务用车购置费"]
