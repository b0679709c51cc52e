"""A 决算 published in the national template's words (第一部分 部门概况 / 一、部门职责 …, 九、关于…预算绩效情况的说明),
a text written here in that shape, not any unit's: its parts are read under their national headings as under
Shanghai's, its department is named by a title that puts the year first, and a consistent text has no finding."""

from __future__ import annotations

from functools import cache

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_path

TEXT = """2019年度青龙满族自治县文化广电和旅游局部门决算公开

第一部分 部门概况
一、{duties}
（一）贯彻落实文化、广播电视和旅游工作的方针政策，拟订全县文化广电和旅游政策措施。
（二）统筹规划全县文化事业、文化产业、广播电视和旅游业发展。
二、机构设置
本部门决算由局机关本级及所属2个事业单位组成。

第二部分 2019年度部门决算表
一、收入支出决算总表
二、收入决算表
三、支出决算表

第三部分 2019年度部门决算情况说明
一、收入支出决算总体情况说明
2019年度收、支总计均为1,250.40万元。与2018年度相比，收、支总计各增加120.30万元，增长10.6%。主要原因是新增文化惠民工程项目。
二、收入决算情况说明
2019年度收入合计1,200.40万元，其中：财政拨款收入1,150.40万元，占95.8%；事业收入50.00万元，占4.2%。
三、支出决算情况说明
2019年度支出合计1,230.20万元，其中：基本支出830.20万元，占67.5%；项目支出400.00万元，占32.5%。
四、一般公共预算财政拨款“三公”经费支出决算情况说明
2019年度“三公”经费财政拨款支出预算为8.00万元，支出决算为6.50万元，完成预算的81.3%，决算数小于预算数的主要原因是厉行节约。
五、{performance}
本部门对重点项目开展了绩效自评，项目绩效目标完成情况良好。
六、其他重要事项的情况说明
（一）机关运行经费支出情况
2019年度本部门机关运行经费支出100.00万元，比上年决算数增加5.00万元，增长5.3%。主要原因是办公楼维修。
（二）政府采购支出情况
2019年度本部门政府采购支出总额60.00万元，其中：政府采购货物支出20.00万元、政府采购工程支出30.00万元、政府采购服务支出10.00万元。
（三）国有资产占用情况
截至2019年12月31日，本部门共有车辆2辆，其中一般公务用车2辆。

第四部分 名词解释
一、财政拨款收入：指县级财政当年拨付的资金。
"""


@cache
def _pack():
    return budgetcheck.load_pack()


def _write(tmp_path, duties: str = "部门职责", performance: str = "关于2019年度预算绩效情况的说明"):
    path = tmp_path / "final.txt"
    path.write_text(TEXT.format(duties=duties, performance=performance), encoding="utf-8")
    return path


@pytest.mark.parametrize("duties", ["部门职责", "主要职责", "主要职能", "职能职责", "单位职责"])
def test_the_duties_are_read_under_every_heading_the_templates_give_them(tmp_path, duties):
    extraction = extract_path(_write(tmp_path, duties=duties))
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert states["duties"] == "read"
    assert "统筹规划全县文化事业" in str(extraction.document.data["duties"])


@pytest.mark.parametrize("performance", ["关于2019年度预算绩效情况的说明", "预算绩效管理情况", "预算绩效管理情况说明", "绩效管理工作情况"])
def test_the_performance_part_is_read_under_its_national_headings(tmp_path, performance):
    extraction = extract_path(_write(tmp_path, performance=performance))
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert states["performance"] == "read"
    assert "绩效自评" in str(extraction.document.data["performance"])


def test_a_consistent_final_account_in_the_national_words_has_no_finding_and_names_its_department(tmp_path):
    result = budgetcheck.check_paths([_write(tmp_path)], pack=_pack()).documents[0]
    assert [(f.rule, f.severity.value) for f in result.findings] == []
    assert result.department == "青龙满族自治县文化广电和旅游局"


def test_a_wrong_figure_in_it_is_still_an_error(tmp_path):
    path = _write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("占67.5%", "占76.5%"), encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"]


def test_a_completion_rate_message_speaks_of_a_zero_base_only_where_the_base_is_zero(tmp_path):
    path = tmp_path / "rates.txt"
    path.write_text(
        "2019年度某局部门决算\n一、一般公共预算财政拨款支出决算具体情况\n"
        "1.住房保障支出（类）住房改革支出（款）住房公积金（项）。年初预算为80.00万元，支出决算为100.00万元，完成年初预算的105.0%。\n"
        "2.住房保障支出（类）住房改革支出（款）购房补贴（项）。年初预算为0万元，支出决算为10.00万元，完成年初预算的100.0%。\n",
        encoding="utf-8",
    )
    found = [f for f in budgetcheck.check_paths([path], pack=_pack()).documents[0].findings if f.rule == "CLM-PCT-003"]
    messages = {f.locations[0][0]: f.message_zh for f in found}
    assert set(messages) == {3, 4}
    assert messages[3].endswith("完成率应为 125.00%，文中写 105.0%")  # was followed by “（基数为 0 时无从计算，记 0）”
    assert "基数为 0" in messages[4]


def test_a_source_or_a_fund_account_is_never_read_as_the_units_total(tmp_path):
    """收入决算情况说明 naming only the sources (本年收入中，财政拨款收入…), and the 财政拨款 account coming before any total:
    the income total was read as 1,150.40, the 财政拨款 figure. Now it stays unread; the totals stated are still read."""
    text = TEXT.format(duties="部门职责", performance="预算绩效管理情况")
    sources = text.replace("2019年度收入合计1,200.40万元，其中：", "2019年度本年收入中，")
    path = tmp_path / "sources.txt"
    path.write_text(sources, encoding="utf-8")
    overview = extract_path(path).document.data["overview"]
    assert "total" not in overview.get("income", {}) and str(overview["expenditure"]["total"]) == "1230.20"
    funded = text.replace("一、收入支出决算总体情况说明", "一、财政拨款收入支出决算总体情况说明").replace(
        "2019年度收、支总计均为1,250.40万元。", "2019年度财政拨款收入1,150.40万元，财政拨款支出1,130.40万元。"
    ).replace("2019年度收入合计1,200.40万元，其中：", "2019年度本年收入中，")
    path.write_text(funded, encoding="utf-8")
    overview = extract_path(path).document.data["overview"]
    assert "total" not in overview.get("income", {}) and str(overview["expenditure"]["total"]) == "1230.20"
    path.write_text(text, encoding="utf-8")
    overview = extract_path(path).document.data["overview"]
    assert (str(overview["income"]["total"]), str(overview["expenditure"]["total"])) == ("1200.40", "1230.20")


def test_it_is_checked_against_the_national_final_profile_and_a_shanghai_one_against_shanghais(tmp_path):
    """The report named a 决算 of another province “上海区级决算模板”: the Shanghai template's shape is the national one.
    Where neither the region nor the text says 上海 it is the national template's profile, with the same parts."""
    result = budgetcheck.check_paths([_write(tmp_path)], pack=_pack()).documents[0]
    assert result.schema.endswith("/2016-national-final/document.schema.json")
    assert "全国通用决算模板" in result.schema_label("zh")
    shanghai = tmp_path / "shanghai.txt"
    shanghai.write_text(TEXT.format(duties="部门职责", performance="预算绩效管理情况").replace("青龙满族自治县", "上海市普陀区"), encoding="utf-8")
    result = budgetcheck.check_paths([shanghai], pack=_pack()).documents[0]
    assert result.schema.endswith("/2016-shanghai-final/document.schema.json")
    assert [(f.rule, f.severity.value) for f in result.findings] == []


def test_the_other_matters_under_a_part_of_their_own_with_the_yunnan_title_are_read(tmp_path):
    """第四部分 其他重要事项及相关口径情况说明 (Yunnan's 决算): no heading the template knew, so the 三公 section before it
    ran on over the operating costs, procurement and assets, all left unread."""
    text = TEXT.format(duties="部门职责", performance="预算绩效管理情况")
    text = text.replace("第四部分 名词解释", "第五部分 名词解释").replace("六、其他重要事项的情况说明", "第四部分 其他重要事项及相关口径情况说明")
    assert "及相关口径" in text
    path = tmp_path / "final.txt"
    path.write_text(text, encoding="utf-8")
    states = {part.key: part.state for part in extract_path(path).document.coverage.parts}
    assert [states[key] for key in ("operating_costs", "procurement", "assets")] == ["read", "read", "read"]
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [(f.rule, f.severity.value) for f in result.findings] == []


def test_headings_closed_by_a_full_stop_are_headings(tmp_path):
    """Guangxi's 决算 closes its headings with 。 (一、2023年度收入支出决算总体情况。): none was a heading, and the text
    fell to the generic reader (no part read). A full stop after a heading's words is set aside; a numbered sentence
    (一、本部门无政府性基金支出。) is still no heading."""
    import re

    text = re.sub(r"^([一二三四五六七八九十]+、[^。\n]*(?:情况说明|情况|说明))$", r"\1。", TEXT.format(duties="部门职责", performance="预算绩效管理情况"), flags=re.M)
    assert text.count("说明。\n") >= 4
    path = tmp_path / "final.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_path(path)
    assert extraction.template == "shanghai-district-final"
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert [states[key] for key in ("duties", "operating_costs", "procurement", "assets", "performance")] == ["read"] * 5
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [(f.rule, f.severity.value) for f in result.findings] == []


def test_the_tables_as_a_last_part_titled_a_public_report_are_no_glossary_text(tmp_path):
    """第五部分 …部门决算公开报表（见附件） with its list of tables after the glossary (Hubei): no heading the template
    knew, so the list was read as the glossary's text, cut short (EXTRACT-CUT) and without its full stop (TXT-PUNCT-002)."""
    text = TEXT.format(duties="部门职责", performance="预算绩效管理情况") + "\n第五部分 2019年度部门决算公开报表（见附件）\n表 1：收入支出决算总表\n表 2：收入决算表\n"
    path = tmp_path / "final.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_path(path)
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert states["glossary"] == "read"
    assert "收入决算表" not in str(extraction.document.data["glossary"])
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [(f.rule, f.severity.value) for f in result.findings] == []


def test_the_number_of_a_figure_caption_is_no_unread_figure(tmp_path):
    """Sichuan's 决算 puts a caption under each account (（图1：收、支决算总计变动情况图）（柱状图）): each caption's number
    was an unread figure, and the account “partly read”. A figure's, table's or attachment's number is a label."""
    text = TEXT.format(duties="部门职责", performance="预算绩效管理情况")
    captioned = text.replace("主要原因是新增文化惠民工程项目。\n", "主要原因是新增文化惠民工程项目。\n（图1：收、支决算总计变动情况图）（柱状图）\n", 1).replace(
        "占32.5%。\n", "占32.5%。\n（图2：支出决算结构图）（饼状图）\n表 3：支出决算表（见附件3）\n", 1
    )
    assert captioned.count("（图") == 2
    path = tmp_path / "final.txt"
    path.write_text(captioned, encoding="utf-8")
    coverage = extract_path(path).document.coverage
    path.write_text(text, encoding="utf-8")
    plain = extract_path(path).document.coverage
    assert (coverage.figures, coverage.figures_mapped) == (plain.figures, plain.figures_mapped)
    assert {part.key: part.state for part in coverage.parts} == {part.key: part.state for part in plain.parts}


@pytest.mark.parametrize(
    "wording",
    ["为年初预算的{}%", "为年初预算数的{}%", "是年初预算的{}%", "达到年初预算的{}%", "相当于年初预算数的{}%", "年初预算完成率为{}%", "年初预算执行率{}%"],
)
def test_a_completion_rate_in_other_words_is_read_and_checked(tmp_path, wording):
    """为调整预算数的100.66%, 年初预算执行率为98%: other 决算s' words for 完成年初预算的…%. They were left unread
    (EXTRACT-UNMAPPED-NUMBER), so a wrong rate passed; read, a right one raises nothing and a wrong one is CLM-PCT-003."""
    head = "2019年度某局部门决算\n一、一般公共预算财政拨款支出决算具体情况\n1.住房保障支出（类）住房改革支出（款）住房公积金（项）。"
    path = tmp_path / "rates.txt"
    for stated, wrong in (("125.00", False), ("120.00", True)):
        path.write_text(head + "年初预算为80.00万元，支出决算为100.00万元，" + wording.format(stated) + "。\n", encoding="utf-8")
        result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
        found = [f.message_zh for f in result.findings if f.rule == "CLM-PCT-003"]
        assert not [d for d in result.diagnostics if d.rule == "EXTRACT-UNMAPPED-NUMBER"]
        assert found == ([f"“住房保障支出-住房改革支出-住房公积金”支出决算 100.00 万元，年初预算 80.00 万元，完成率应为 125.00%，文中写 {stated}%"] if wrong else [])


@pytest.mark.parametrize("sentence", ["其中基本支出800.00万元，占预算的80.00%。", "为上年预算的105%。"])
def test_a_share_of_the_budget_or_a_ratio_to_last_years_is_no_completion_rate(sentence):
    """占预算的 may be a part's share of the whole budget, 为上年预算的 compares with last year: neither is read as
    this year's completion rate (the 占 wording stays SHARE's, the other unread). 占年初预算的 (全年, 调整) is one: a
    budget of the year's start is no whole a part is of (test_narrative_claims)."""
    from budgetcheck.ingest.narrative.claim_words import COMPLETION

    assert COMPLETION.search(sentence) is None


CARRIED = """某市文化广电体育和旅游局2023年度部门决算公开说明

第一部分 部门概况
一、主要职能
负责全市文化、广播电视、体育和旅游事业发展的统筹规划。
二、部门决算单位构成
本部门决算由局机关本级和所属2个事业单位的决算组成。

第二部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计1,256.80万元，支出总计1,256.80万元。与2022年度相比，收入总计和支出总计各增加56.80万元，增长4.73%。主要原因是新增全民健身活动项目。
二、收入决算情况说明
2023年度本年收入合计1,180.50万元，其中：一般公共预算财政拨款收入1,100.00万元，占93.18%；政府性基金预算财政拨款收入50.00万元，占4.24%；事业收入20.50万元，占1.74%；其他收入10.00万元，占0.85%。
三、支出决算情况说明
2023年度本年支出合计1,190.30万元，其中：基本支出820.30万元，占68.92%；项目支出370.00万元，占31.08%。
四、财政拨款“三公”经费支出决算情况说明
2023年度“三公”经费财政拨款支出决算为12.00万元，完成预算的80.00%。
五、其他重要事项的情况说明
（一）机关运行经费支出情况
2023年度本部门机关运行经费支出100.00万元，比2022年度减少5.00万元，下降4.76%。
（二）政府采购支出情况
2023年度本部门政府采购支出总额80.00万元，其中：政府采购货物支出30.00万元、政府采购工程支出20.00万元、政府采购服务支出30.00万元。
（三）国有资产占用情况
截至2023年12月31日，本部门共有车辆3辆，其中：一般公务用车3辆。
（四）预算绩效管理情况
本部门2023年度对2个项目开展了绩效自评。

第三部分 名词解释
一、财政拨款收入：指本级财政当年拨付的资金。
"""


def test_a_final_accounts_grand_totals_hold_its_carry_over_and_are_not_its_totals(tmp_path):
    """收入总计 = 本年收入合计 + 年初结转和结余 and 支出总计 = 本年支出合计 + 年末结转和结余: a 决算 whose overview was read
    whole took 收入总计 1,256.80 and 本年支出合计 1,190.30 for its totals (false BUD-BAL-001 and CLM-TOT-001), and the
    basic/project split it states but the reader leaves to the tables was a missing field (two SCHEMA-REQUIRED errors).
    Its totals are the 合计s, which need not balance; the 总计s still balance each other (CLM-GEN-001)."""
    path = tmp_path / "carried.txt"
    path.write_text(CARRIED, encoding="utf-8")
    document = extract_path(path).document
    assert document.data["overview"] == {"income": {"total": document.data["overview"]["income"]["total"]}, "expenditure": {"total": document.data["overview"]["expenditure"]["total"]}}
    assert (str(document.data["overview"]["income"]["total"]), str(document.data["overview"]["expenditure"]["total"])) == ("1180.50", "1190.30")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [(f.rule, f.severity.value) for f in result.findings] == []
    unbalanced = CARRIED.replace("支出总计1,256.80万元。", "支出总计1,266.80万元。")
    path.write_text(unbalanced, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == ["CLM-GEN-001"]


def test_the_appropriations_totals_may_exceed_the_years_spending_which_holds_no_carry_over(tmp_path):
    """财政拨款收、支总计各1,240.00万元 (with the year's start and end balances) above 支出合计1,230.20万元 (the year's own
    spending): read as the pair it is, CLM-FIS-003 set the 总计 against the 合计, a false error (a 决算's 财政拨款 合计
    above its 支出合计 is still one: rules/national/claims.examples.yaml). The pair's own figures are still judged."""
    text = TEXT.format(duties="部门职责", performance="关于2019年度预算绩效情况的说明").replace(
        "四、一般公共预算财政拨款“三公”经费",
        "四、财政拨款收入支出决算总体情况说明\n2019年度财政拨款收、支总计各1,240.00万元。与2018年度相比，财政拨款收、支总计各增加40.00万元，增长3.33%。\n"
        "五、一般公共预算财政拨款“三公”经费",
    )
    path = tmp_path / "final.txt"
    path.write_text(text, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    wrong = text.replace("增长3.33%。\n", "增长4.33%。\n")
    path.write_text(wrong, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == ["CLM-PCT-001", "CLM-PCT-001"]  # the pair is judged
