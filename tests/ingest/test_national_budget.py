"""A 部门预算 in the national template (第一部分 部门概况 … 第三部分 预算情况说明 … 第四部分 名词解释), the shape most
provinces keep: a text written here in that shape, not any unit's. It was read by the generic reader (no part read,
0 of 10); the national-budget template reads its parts as the Shanghai budget's are read and checks it against a
profile of its own with the same parts (2016-national-budget). A consistent text has no finding; wrong figures are errors."""

from __future__ import annotations

from functools import cache

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_path

TEXT = """青龙满族自治县文化广电和旅游局2020年部门预算公开

目  录
第一部分 部门概况
一、部门职责
二、机构设置
第二部分 2020年部门预算表
第三部分 2020年部门预算情况说明
第四部分 名词解释

第一部分 部门概况
一、部门职责
（一）贯彻落实文化、广播电视和旅游工作的方针政策，拟订全县文化广电和旅游政策措施。
（二）统筹规划全县文化事业、文化产业、广播电视和旅游业发展。
二、机构设置
本部门内设办公室、文化艺术股、旅游发展股3个股室，下属县文化馆、县图书馆2个事业单位。纳入2020年部门预算编制范围的单位包括局机关本级及2个事业单位。

第二部分 2020年部门预算表
一、收支总表
二、收入总表
三、支出总表
四、财政拨款收支总表
五、一般公共预算支出表
六、一般公共预算基本支出表
七、一般公共预算“三公”经费支出表
八、政府性基金预算支出表

第三部分 2020年部门预算情况说明
一、收支预算总体情况
按照综合预算的原则，本部门所有收入和支出均纳入部门预算管理。2020年收入预算1,200.00万元，其中：一般公共预算拨款收入1,150.00万元，政府性基金预算拨款收入50.00万元。支出预算1,200.00万元，其中：基本支出800.00万元，项目支出400.00万元。
二、收入预算情况
2020年收入预算1,200.00万元，比上年增加100.00万元，增长9.1%。其中：一般公共预算拨款收入1,150.00万元，占95.8%；政府性基金预算拨款收入50.00万元，占4.2%。
三、支出预算情况
2020年支出预算1,200.00万元，其中：基本支出800.00万元，占66.7%；项目支出400.00万元，占33.3%。
四、财政拨款收支预算总体情况
2020年财政拨款收支总预算1,200.00万元。收入全部为一般公共预算拨款和政府性基金预算拨款；支出包括：文化旅游体育与传媒支出1,000.00万元、社会保障和就业支出120.00万元、住房保障支出80.00万元。
五、一般公共预算当年拨款支出情况
（一）一般公共预算当年拨款规模变化情况。2020年一般公共预算当年拨款1,150.00万元，比上年增加80.00万元，增长7.5%，主要原因是新增文化惠民工程项目。
（二）一般公共预算当年拨款结构情况。文化旅游体育与传媒支出950.00万元，占82.6%；社会保障和就业支出120.00万元，占10.4%；住房保障支出80.00万元，占7.0%。
六、一般公共预算基本支出情况
2020年一般公共预算基本支出800.00万元，其中：人员经费700.00万元，主要包括：基本工资、津贴补贴、奖金、社会保障缴费；公用经费100.00万元，主要包括：办公费、印刷费、水电费。
七、一般公共预算“三公”经费支出情况
2020年“三公”经费预算数为6.00万元，比上年减少1.00万元，其中：因公出国（境）费0万元，与上年持平；公务用车购置及运行费5.00万元，比上年减少0.50万元，其中公务用车购置费0万元，公务用车运行费5.00万元；公务接待费1.00万元，比上年减少0.50万元。减少的主要原因是厉行节约。
八、政府性基金预算支出情况
2020年政府性基金预算拨款支出50.00万元。
九、其他重要事项的情况说明
（一）机关运行经费
2020年本部门机关运行经费预算100.00万元，比上年预算增加5.00万元，增长5.3%。主要原因是办公楼维修。
（二）政府采购情况
2020年本部门政府采购预算总额60.00万元，其中：政府采购货物预算20.00万元、政府采购工程预算30.00万元、政府采购服务预算10.00万元。
（三）国有资产占有使用情况
截至2019年12月31日，本部门共有车辆2辆，其中一般公务用车2辆。2020年部门预算安排购置车辆0辆。
（四）预算绩效目标设置情况
2020年本部门实行绩效目标管理的项目5个，涉及一般公共预算当年拨款400.00万元。

第四部分 名词解释
一、财政拨款收入：指县级财政当年拨付的资金。
二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。
"""


@cache
def _pack():
    return budgetcheck.load_pack()


def _check(tmp_path, text: str = TEXT):
    path = tmp_path / "budget.txt"
    path.write_text(text, encoding="utf-8")
    return budgetcheck.check_paths([path], pack=_pack()).documents[0]


def test_the_national_budget_is_read_part_by_part(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_text(TEXT, encoding="utf-8")
    extraction = extract_path(path)
    assert extraction.template == "national-budget"
    assert extraction.document.data["metadata"]["schema_version"] == "2016-national-budget"  # the report names its template
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert [key for key, state in states.items() if state == "read"] == [
        "duties", "organisation", "glossary", "three_public", "operating_costs", "procurement", "performance", "assets"
    ]
    data = extraction.document.data
    assert (str(data["overview"]["income"]["total"]), str(data["overview"]["expenditure"]["total"])) == ("1200.00", "1200.00")
    three = data["three_public"]
    assert [str(three[key]) for key in ("total", "overseas_travel", "reception")] == ["6.00", "0", "1.00"]
    assert str(three["vehicles"]["total"]) == "5.00" and str(three["change"]["vehicles"]) == "-0.50"  # the vehicles' own change


def test_a_consistent_national_budget_has_no_finding(tmp_path):
    assert [(f.rule, f.severity.value) for f in _check(tmp_path).findings] == []


@pytest.mark.parametrize(
    ("old", "new", "rules"),
    [
        ("公务接待费1.00万元，比上年减少0.50万元。", "公务接待费1.50万元，比上年减少0.50万元。", {"BUD-3PUB-001", "CLM-SUM-001"}),
        ("“三公”经费预算数为6.00万元，比上年减少1.00万元", "“三公”经费预算数为6.00万元，比上年减少1.50万元", {"BUD-3PUB-004", "CLM-SUM-002"}),
        ("比上年预算增加5.00万元，增长5.3%。", "比上年预算增加5.00万元，增长6.3%。", {"CLM-PCT-001"}),
        ("其中：人员经费700.00万元", "其中：人员经费710.00万元", {"CLM-SUM-001"}),
    ],
)
def test_a_wrong_figure_in_it_is_an_error(tmp_path, old, new, rules):
    assert old in TEXT
    assert {f.rule for f in _check(tmp_path, TEXT.replace(old, new, 1)).findings if f.severity.value == "error"} == rules


def _wrapped(text: str, width: int, by_columns: bool) -> str:
    """Each line cut at `width` (display columns, a Chinese character two; or characters), as a PDF's text layer
    wraps a paragraph at its margin, words cut in two where the line ends (公务接|待费)."""
    import unicodedata

    out = []
    for line in text.split("\n"):
        piece, used = "", 0
        for char in line:
            size = (2 if unicodedata.east_asian_width(char) in "WF" else 1) if by_columns else 1
            if used + size > width:
                out.append(piece)
                piece, used = "", 0
            piece, used = piece + char, used + size
        out.append(piece)
    return "\n".join(out)


def test_the_national_budget_wrapped_at_its_margin_reads_as_unwrapped(tmp_path):
    """Lines cut at 76 columns (38 Chinese characters: a 12 pt A4 page) are shorter than the 50 characters a wrapped
    line had to reach to be joined, so a 三公 sentence came in pieces; a text wrapped at a margin now has its lines
    that reach it joined, and reads as the text unwrapped."""
    path = tmp_path / "wrapped.txt"
    path.write_text(_wrapped(TEXT, 76, by_columns=True), encoding="utf-8")
    extraction = extract_path(path)
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert [key for key, state in states.items() if state == "read"] == [
        "duties", "organisation", "glossary", "three_public", "operating_costs", "procurement", "performance", "assets"
    ]
    assert [(f.rule, f.severity.value) for f in _check(tmp_path, path.read_text(encoding="utf-8")).findings] == []


def test_a_name_or_a_change_cut_by_a_line_break_is_not_read_and_nothing_is_said_of_it(tmp_path):
    """Cut at 38 characters whatever their width (no margin to tell wrapping by), 公务接|待费 and 减|少0.50万元 are
    not read: the reception was “缺少必填项” and the changes summed without it, two false errors. A name said across a
    line break is undetermined, and BUD-3PUB-004 does not take an item's change it could not read for 0."""
    result = _check(tmp_path, _wrapped(TEXT, 38, by_columns=False))
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []


def test_a_reception_line_cut_from_its_figure_makes_the_sum_of_changes_not_applicable_not_an_error(tmp_path):
    """公务用车购|置及运行费 and 公务接待|费 cut where the reader cannot join them (a layer with no margin to tell wrapping
    by, the shape of a city's budgets in yuan): the 三公 part was read, the two named but not read, and BUD-3PUB-004
    took the reception's change for nothing (`?? 0`): 各项增减之和 -0.50 against -1.00, a false error. A field extraction
    names but cannot read is not applicable wherever a rule reads it."""
    account = (
        "2020 年“三公”经费预算 6.00 万元，同比减少 1.00 万元，\n其中：因公出国（境）费 0 万元；公务用车购\n"
        "置及运行费 5.00 万元（其中：公务用车购置费 0 万元，公\n务用车运行费 5.00 万元），同比减少 0.50 万元；公务接待\n"
        "费 1.00 万元，同比减少 0.50 万元，主要原因是厉行节约。"
    )
    old = TEXT.split("七、一般公共预算“三公”经费支出情况\n", 1)[1].split("\n", 1)[0]
    result = _check(tmp_path, TEXT.replace(old, account, 1))
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    (skipped,) = [outcome for outcome in result.not_applicable if outcome.rule == "BUD-3PUB-004"]
    assert skipped.reason_zh.startswith("未能从文中确定：/three_public/")
    wrong = _check(tmp_path, TEXT.replace(old, account.replace("同比减少 1.00", "同比减少 1.50"), 1))
    assert [f.rule for f in wrong.findings if f.severity.value == "error"] == ["CLM-SUM-002"]  # the sentence itself is still judged


def test_the_headings_of_the_guizhou_variant_are_read(tmp_path):
    """第三部分 titled 部门预算安排说明, 机关（机构）运行经费说明, and the basic expenditure table listed as
    一般公共预算基本支出明细表（按经济分类）: the 说明 was taken for part of the tables list and left unread, the operating
    costs unread, and the table “未公开” (TAB-REQ-006, a false error)."""
    text = (
        TEXT.replace("第三部分 2020年部门预算情况说明", "第三部分 部门预算安排说明")
        .replace("（一）机关运行经费", "（一）机关（机构）运行经费说明")
        .replace("六、一般公共预算基本支出表", "六、某县文化广电和旅游局2020年一般公共预算基本支出明细表（按经济分类）")
    )
    assert text.count("安排说明") == 2 and "（机构）" in text and "按经济分类" in text  # the contents page and the heading
    path = tmp_path / "budget.txt"
    path.write_text(text, encoding="utf-8")
    states = {part.key: part.state for part in extract_path(path).document.coverage.parts}
    assert states["overview"] != "recognised_not_read" and states["operating_costs"] == "read"
    assert [(f.rule, f.severity.value) for f in _check(tmp_path, text).findings] == []


def test_a_budget_whose_notes_are_titled_with_the_three_public_expenses_is_read_as_a_budget(tmp_path):
    """Guangxi titles a budget's 说明 部门预算及“三公”经费预算说明: the whole 第三部分 was taken for its 三公 part, and the
    Shanghai 决算 template, which then read as many parts, checked the budget as a 决算 (“部门决算公开说明”)."""
    text = TEXT.replace("第三部分 2020年部门预算情况说明", "第三部分 青龙满族自治县文化广电和旅游局2020年部门预算及“三公”经费预算说明").replace(
        "二、机构设置\n本部门", "二、机构设置情况\n本部门"
    )
    assert text.count("预算及“三公”经费预算说明") == 2
    path = tmp_path / "budget.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_path(path)
    assert extraction.document.data["metadata"]["schema_version"] == "2016-national-budget"
    states = {part.key: part.state for part in extraction.document.coverage.parts}
    assert states["overview"] != "recognised_not_read" and states["three_public"] == "read" and states["organisation"] == "read"
    assert [(f.rule, f.severity.value) for f in _check(tmp_path, text).findings] == []


def test_a_text_titled_a_budget_is_never_checked_as_a_final_account(tmp_path, monkeypatch):
    """A budget whose parts the 决算 template reads best (here with the national budget template out of the running, as
    for a shape no budget template knows) is read by another template or by the generic reader, never against the 决算
    profile: the report said “部门决算公开说明” of a 预算."""
    from budgetcheck.ingest.narrative import extract as extract_module
    from budgetcheck.ingest.narrative.shanghai import NATIONAL_BUDGET

    monkeypatch.setattr(extract_module, "TEMPLATES", tuple(t for t in extract_module.TEMPLATES if t is not NATIONAL_BUDGET))
    path = tmp_path / "budget.txt"
    path.write_text(TEXT.replace("第三部分 2020年部门预算情况说明", "第三部分 2020年部门决算情况说明"), encoding="utf-8")
    metadata = extract_path(path).document.data["metadata"]
    assert metadata["kind"] == "预算" and not metadata["schema_version"].endswith("-final")
