"""Where a 其中 list ends besides a full stop: at a total no list holds (…其中：财政拨款收入…，其他收入…，本年支出合计… — the
other side's total, not a third part), and at a figure the text adds to the one before (…;加上级补助收入…, …，加年初
结转和结余…: a balance, as a district's 决算 and a unit's 决算 write it). Made-up names and figures."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import error_rules, found_rules, wholes


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


NESTED = (
    "2023年“三公”经费财政拨款支出决算为62.07万元,比上年增加38.97万元。其中:因公出国(境)费支出决算为12.02万元;"
    "公务用车购置及运行维护费支出决算为27.46万元{mark}其中:公务用车购置支出决算为0万元;公务用车运行维护费支出决算为{run}万元{end}"
    "公务接待费支出决算为22.59万元,比上年增加20.63万元。"
)


@pytest.mark.parametrize("mark", ["。", "；"])
def test_a_parts_list_after_a_full_stop_lists_the_part_its_amounts_give(tmp_path, mark):
    """perturb21's cause L (s2p-nested, a real 2023 provincial 三公 决算 with its ； made 。): the car's own 其中 list opened
    a sentence, was read as more parts of 三公 (12.02 + 27.46 + 0 + 27.46 against 62.07, a false CLM-SUM-001), and the
    reception after the next 。 was no part at all. The second list's amounts give exactly one part of the first: they
    are that part's parts; the first list then lacks what the next sentence gives, so that goes on with it."""
    text = NESTED.format(mark=mark, run="27.46", end="。")
    parts = wholes(text)
    assert parts["公务用车购置支出"] == parts["公务用车运行维护费"] == "公务用车购置及运行维护费"
    assert parts["因公出国(境)费"] == parts["公务用车购置及运行维护费"] == parts["公务接待费"] == "“三公”经费财政拨款支出"
    assert found_rules(tmp_path, "某厅2023年度部门决算\n" + text + "\n") == []


def test_a_second_list_that_gives_no_part_of_the_first_stays_as_it_was(tmp_path):
    """Amounts that give no part of the list before (27.00 against 27.46) move nowhere: the lists together exceed the
    whole, and the text is wrong somewhere, as it was said before."""
    text = NESTED.format(mark="。", run="27.00", end="。")
    assert wholes(text)["公务用车运行维护费"] == "“三公”经费财政拨款支出"
    assert "CLM-SUM-001" in error_rules(tmp_path, "某厅2023年度部门决算\n" + text + "\n")


@pytest.mark.parametrize(
    ("parts", "whole"),
    [
        ("基本支出60万元,项目支出40万元。其中:人员经费50万元,公用经费10万元", "基本支出"),  # not the last part
        ("基本支出60万元,项目支出40万元。其中:人员经费30万元,公用经费10万元", "项目支出"),  # the last
        ("基本支出50万元,项目支出50万元。其中:人员经费40万元,公用经费10万元", None),  # either: the text does not say which
    ],
)
def test_a_second_list_goes_to_the_one_part_its_amounts_give(parts, whole):
    """The part whose amount the second list gives, wherever it stands in the first list; no whole when two parts could
    be it (each reading adds up: what is certain is only that the list is no more parts of the whole)."""
    assert wholes(f"2023年支出预算100万元,其中:{parts}。")["人员经费"] == whole


BROKEN = (
    "2019年,市本级“三公”经费预算为3328万元。{cut}其中,因公出国(境)费50万元,公务接待费478万元,公务用车购置及运行费2800万元。"
    "同口径比2018年减少830万元,下降20%。\n"
)


@pytest.mark.parametrize("cut", ["", "\n", "\n\n"])
def test_a_paragraph_that_opens_with_its_list_lists_the_figure_that_ended_the_one_before(tmp_path, cut):
    """qzbreak of session 24 (a real 2019 city 三公 budget with a line break before 其中, as an HTML page with a paragraph a
    sentence prints it): the list's paragraph read without its whole made its parts figures of their own, and the
    change after them the last part's (2800 + 830 = 3630, a false CLM-PCT-001 of 22.87% against 20%)."""
    text = BROKEN.format(cut=cut)
    parts = wholes(text, 2019)
    assert parts["因公出国(境)费"] == parts["公务接待费"] == parts["公务用车购置及运行费"] == "市本级“三公”经费"
    read = {claim["subject"]: claim for claim in claims_of(text, 2019)}
    assert read["市本级“三公”经费"]["change"] == "830" and "change" not in read["公务用车购置及运行费"]
    assert error_rules(tmp_path, "某市2019年“三公”经费预算公开说明\n" + text) == []


@pytest.mark.parametrize(
    "text",
    [
        "2019年“三公”经费预算为3328万元。详见附表。\n其中,因公出国(境)费50万元,公务接待费478万元。\n",  # words after it
        "2019年“三公”经费预算为3328万元。\n二、机关运行经费\n其中,办公费50万元,印刷费478万元。\n",  # a line between, no reason
        "2019年“三公”经费预算为3328万元。\n\n\n\n其中,因公出国(境)费50万元,公务接待费478万元。\n",  # not right after it
    ],
)
def test_a_paragraph_that_opens_with_its_list_takes_no_figure_but_the_last_one_right_before(text):
    parts = wholes(text, 2019)
    assert parts["公务接待费" if "公务接待费" in parts else "印刷费"] is None


ALONE = (
    "2.项目支出 0元,同比减少 47600 元,下降 100%。{cut}下降原因是编外人员经费支出列入基本支出。{before}其中:{after}"
    "商品和服务支出预算 0元,同比减少 47600 元,下降 100%。\n"
)
BASIC = "1.基本支出 1133753.33元,其中:商品和服务支出预算 75800 元,同比增加 52044.27 元。\n"


@pytest.mark.parametrize(
    ("cut", "before", "after"),
    [("", "", "\n"), ("\n", "\n", "\n"), ("\n", "\n", ""), ("", "\n", "")],
)
def test_a_list_whose_opening_a_line_break_parted_from_its_whole_is_its_parts(tmp_path, cut, before, after):
    """psplit and qzbreak of session 24 (a real 2022 Guangxi unit budget, a sentence a line or 其中： on a line of its
    own): …项目支出 0元…。|下降原因是…。|其中:|商品和服务支出预算 0元… read the item as a figure of its own, named as the
    基本支出's part above (a false CLM-DUP-001 of 0 against 75800). The reason's paragraph between is words alone."""
    text = BASIC + ALONE.format(cut=cut, before=before, after=after)
    read = claims_of(text, 2022)
    items = [claim for claim in read if claim["subject"] == "商品和服务支出"]
    named = {claim["id"]: claim["subject"] for claim in read}
    assert [named.get(claim.get("part_of")) for claim in items] == ["基本支出", "项目支出"]
    assert "CLM-DUP-001" not in error_rules(tmp_path, "某单位2022年部门预算\n" + text)


def claims_of(text: str, year: int) -> list[dict]:
    from tests.ingest.claimtext import claims

    return claims(text, year)


@pytest.mark.parametrize("first", ["(1)", "1.", ""])
def test_a_list_opened_by_a_paragraph_of_its_own_is_the_parts_of_the_figure_before(first):
    """其中： on a line of its own and the parts numbered from 1 on the next: the paragraph of 其中： alone opens the list of
    the figure that ended the paragraph before (bare_opening), as 其中： at the end of that paragraph did; a part not
    numbered 1 is not its first."""
    text = f"2.项目支出 10元,同比减少 47600 元。\n其中:\n{first}商品和服务支出预算 10元,同比减少 47600 元。\n"
    assert wholes(text, 2022)["商品和服务支出"] == "项目支出"
    assert wholes(text.replace(f"{first}商品", "(2)商品" if first else "2.商品"), 2022)["商品和服务支出"] is None


def test_a_list_of_roles_opening_a_paragraph_pairs_with_the_figures_of_the_sentence_before(tmp_path):
    """qzbreak of session 24 on a real 2018 Jilin 三公 决算 (pair_roles): each item of the list states its 支出, 年初预算 and
    差值 as the whole's sentence in the paragraph before does; read without that sentence's figures, every item's figure
    was a part of 差值 (6.00 against 0.9, a false CLM-SUM-001)."""
    text = (
        "2018年度本部门“三公”经费支出2.05万元,年初预算为2.95万元,差值为0.9万元。\n"
        "其中:因公出国(境)支出0万元,年初预算为0万元,差值为0万元;公务用车运行维护费支出0万元,年初预算为0.95万元,差值为0.95万元;"
        "公务接待费支出2.05万元,年初预算为2万元,差值为0.05万元。\n"
    )
    assert error_rules(tmp_path, "某局2018年度“三公”经费决算说明\n" + text) == []
    assert wholes(text, 2018)["公务接待费支出"] == "“三公”经费支出"


@pytest.mark.parametrize("words", ["主要用于编外人员经费支出。", "主要原因是编外人员经费增加。"])
def test_the_reason_between_a_figure_and_its_list_may_be_read_as_the_figures(words):
    """The paragraph of words between the figure and the 其中 that lists its parts is its reason whether or not the
    reader gave it to the figure (主要用于… after a figure with no change is: the figure's last sentence is then there)."""
    text = f"1.基本支出 1133753.33元,其中:商品和服务支出预算 75800 元。\n2.项目支出 10元。\n{words}\n其中:商品和服务支出预算 10元。\n"
    read = claims_of(text, 2022)
    named = {claim["id"]: claim["subject"] for claim in read}
    assert [named.get(claim.get("part_of")) for claim in read if claim["subject"] == "商品和服务支出"] == ["基本支出", "项目支出"]
