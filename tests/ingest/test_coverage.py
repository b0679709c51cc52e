"""What extraction read, part by part: read, partly read, recognised not read, or absent after searching the whole text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text, headings
from budgetcheck.ingest.narrative.sections import contents_page
from budgetcheck.ingest.narrative.source import text_blocks
from tests.conftest import FIXTURES

SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")

# Every heading seen for each part, in the national 规程, the Hebei and the Shanghai templates, budget and 决算.
SEEN = {
    "duties": ["一、部门职责及机构设置情况", "上海市普陀区人民政府办公室主要职能", "一、主要职能", "（一）主要职责", "一、部门主要职责及内设机构", "职能职责"],
    "organisation": ["机构设置：", "上海市普陀区商务委员会机构设置", "二、部门决算单位构成", "二、机构情况", "部门构成", "机构组成", "一、部门主要职责及内设机构"],
    "overview": ["二、部门预算安排的总体情况", "2025年部门预算编制说明", "一、收入支出决算总体情况说明", "四、财政拨款收入支出决算总体情况说明", "二、收支预算总体情况"],
    "operating_costs": ["三、机关运行经费安排情况", "二、机关运行经费预算", "（一）机关运行经费支出情况", "机关运行费"],
    "three_public": ["四、财政拨款“三公”经费预算情况及增减变化原因", "一、2025年“三公”经费预算情况说明", "七、财政拨款“三公”经费支出决算情况说明", "三公经费"],
    "performance": ["五、绩效预算信息", "四、绩效目标设置情况", "十、预算绩效管理情况", "四、2020年度部门绩效管理情况说明"],
    "procurement": ["六、政府采购预算情况", "三、政府采购预算情况", "（二）政府采购支出情况"],
    "assets": ["七、国有资产信息", "五、国有资产占有使用情况", "（三）国有资产占有使用情况说明", "国有资产占用情况"],
    "glossary": ["八、名词解释", "名词解释", "第四部分 名词解释", "第四部分 专业名词解释"],
    "other_matters": ["九、其他需要说明的事项", "六、其他相关情况说明", "十一、其他重要事项的情况说明", "十二、其他需说明的事项"],
}


@pytest.mark.parametrize(("part", "heading"), [(part, heading) for part, seen in SEEN.items() for heading in seen])
def test_every_heading_seen_for_a_part_is_one_of_its_heading_words(part, heading):
    assert headings.pattern(part).search(heading.replace("“", "").replace("”", "")) is not None


@pytest.mark.parametrize(
    ("part", "heading"),
    [("three_public", "八、政府性基金预算财政拨款收入支出决算情况说明"), ("procurement", "七、国有资产信息"), ("assets", "六、政府采购预算情况"),
     ("glossary", "九、其他需要说明的事项"), ("operating_costs", "四、财政拨款“三公”经费预算情况"), ("performance", "三、机关运行经费安排情况")],
)  # fmt: skip
def test_the_heading_of_another_part_is_not_one_of_a_parts_words(part, heading):
    assert headings.pattern(part).search(heading) is None


def test_every_part_of_the_sample_is_read_and_every_figure_of_its_text_mapped():
    coverage = extract_text(SAMPLE, "sample.txt").document.coverage
    assert {part.state for part in coverage.parts} == {"read"} and len(coverage.parts) == 10
    assert coverage.figures == coverage.figures_mapped > 300
    assert coverage.summary() == f"抽取覆盖：正文数字 {coverage.figures}/{coverage.figures}，部分 10/10 已读"


def test_a_part_whose_text_leaves_a_figure_unmapped_is_partly_read_with_the_figure_and_its_line():
    text = SAMPLE.replace("其他来源收入0万元。", "其他来源收入0万元，事业单位5个。")
    part = extract_text(text, "partly.txt").document.coverage.part("overview")
    assert part.state == "partly_read" and part.line == 156
    (gap,) = part.gaps
    assert text.split("\n")[gap.line - 1][gap.column - 1 :].startswith("5个") and gap.snippet.startswith("2019年预算收入")


def test_a_part_missing_whole_but_named_in_the_prose_is_recognised_not_absent():
    start, end = SAMPLE.index("六、政府采购预算情况"), SAMPLE.index("七、国有资产信息")
    text = (SAMPLE[:start] + SAMPLE[end:]).replace("无其他需要说明的事项。", "本年度政府采购预算另行公开。")
    part = extract_text(text, "no-procurement.txt").document.coverage.part("procurement")
    line = next(number for number, row in enumerate(text.split("\n"), 1) if "政府采购" in row)
    assert (part.state, part.line) == ("recognised_not_read", line) and "其内容未抽取" in part.reason_zh


def test_a_part_no_line_of_the_whole_text_names_is_absent():
    start, end = SAMPLE.index("六、政府采购预算情况"), SAMPLE.index("七、国有资产信息")
    text = (SAMPLE[:start] + SAMPLE[end:]).replace("政府采购", "集中购买")
    part = extract_text(text, "no-procurement.txt").document.coverage.part("procurement")
    assert (part.state, part.line) == ("absent", None)


def test_a_contents_page_is_found_and_ends_where_the_body_repeats_its_first_entry():
    text = "某区某局2024年度部门决算\n目   录\n第一部分 概况\n一、主要职能\n二、机构设置\n第二部分 名词解释\n第一部分 概况\n一、主要职能\n正文。\n"
    blocks = text_blocks(text)
    page = contents_page(blocks)
    assert sorted(blocks[index].line for index in page) == [2, 3, 4, 5, 6]


def _shanghai_budget(operating: str = "  2025年示范局机关运行经费预算为10.00万元。\n") -> str:
    """A short Shanghai district budget: its prose parts and the sub-parts of 其他相关情况说明, `operating` the text of its
    机关运行经费 part."""
    return (
        "上海市示范区2025年区级部门预算\n"
        "                 示范局主要职能\n  示范局负责示范工作。\n"
        "                 示范局机构设置\n  示范局包括本部。\n"
        "                 名词解释\n  （一）财政拨款收入：是财政拨款。\n"
        "                 2025年部门预算编制说明\n  2025年，示范局收入预算100.00万元。\n  支出预算100.00万元。\n"
        "                 其他相关情况说明\n"
        " 一、2025年“三公”经费预算情况说明\n  2025年“三公”经费预算数为1.00万元，其中：因公出国（境）费0万元，公务用车购置及运行费0万元，公务接待费1.00万元。\n"
        f" 二、机关运行经费预算\n{operating}"
        " 三、政府采购预算情况\n  2025年本部门政府采购预算5万元。\n"
    )


def test_a_shanghai_sub_part_of_other_matters_is_read_as_prose_and_owns_its_lines():
    text = _shanghai_budget()
    document = extract_text(text, "shanghai.txt").document
    assert document.data["metadata"]["schema_version"] == "2016-shanghai-budget"
    assert document.data["procurement"] == {"heading": "三、政府采购预算情况", "text": "2025年本部门政府采购预算5万元。"}
    states = {part.key: part.state for part in document.coverage.parts}
    assert states["procurement"] == states["operating_costs"] == states["three_public"] == "read"
    assert states["performance"] == states["assets"] == "absent"


@pytest.mark.parametrize("line", ["  2025年示范局机关运行经费预算为10.00万元。\n", "  2025年示范局机关运行经\n费预算为10.00万元。\n"])
def test_an_operating_total_the_reader_cannot_name_is_undetermined_not_missing(line, tmp_path):
    """A text layer wrapped at its margin can cut 机关运行经|费预算为10.00万元 mid-word where no margin tells the cut: the
    part reader met a figure it could not name, and the total was taken for absent — a false SCHEMA-REQUIRED and a
    false BUD-CMP-005 (“机关运行经费未公开”) on a real Shanghai budget so wrapped. A part that states a figure it does not
    name leaves its total undetermined; the claims still read the sentence."""
    import budgetcheck

    text = _shanghai_budget(line)
    path = tmp_path / "shanghai.txt"
    path.write_text(text, encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    rules = {finding.rule for finding in result.findings}
    assert "BUD-CMP-005" not in rules and not any("/operating_costs" in " ".join(finding.paths) for finding in result.findings)
    data = extract_text(text, "shanghai.txt").document.data
    assert data["operating_costs"].get("total") in (Decimal("10.00"), None)


def test_an_entrys_leaders_wrapped_onto_a_line_of_their_own_stay_in_the_contents():
    """A layer wrapped at its margin puts the rest of an entry's leaders on a line alone (……………………… or ……… 3): the
    contents page ended there, and the entries after it, with their leaders, were read as text (a line of ……… was then a
    false TXT-TPL-002 placeholder error on a real Shanghai budget so wrapped)."""
    text = (
        "某局2025年部门预算\n目录\n一、部门主要职能    ……………………………………………………\n………………………………\n"
        "二、部门机构设置    …………………………………………………\n……… 3\n三、名词解释    ………………………………\n正文开始，共3段。\n"
    )
    blocks = text_blocks(text)
    assert sorted(blocks[index].line for index in contents_page(blocks)) == [2, 3, 4, 5, 6, 7]


def test_a_contents_entry_numbered_with_a_full_width_point_before_a_year_is_an_entry():
    text = "某局2025年部门预算\n目   录\n一、部门主要职能\n五、部门预算表\n  1. 2025年部门财务收支预算总表\n  4．2025年部门财政拨款收支预算总表\n  9.2025年部门“三公”经费预算表\n六、其他相关情况说明\n正文开始，共3段。\n"
    blocks = text_blocks(text)
    assert sorted(blocks[index].line for index in contents_page(blocks)) == [2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("altered", ["2025年部门收入预算总", "2025年部门收入预总表", "2025年部门收入算总表"])
def test_a_standard_table_whose_title_lost_a_character_is_unread_not_missing(tmp_path, altered):
    """A text layer may lose a character of a table's title. The contents still list 2025年部门收入预算总表, so the
    table is there under a title the reader cannot recognise: its coverage says so, and TAB-REQ-002 (“未公开部门收入
    总表”, an error) is not applicable instead of false."""
    import budgetcheck
    from tests.conftest import REAL

    source = REAL / "putuo-govoffice-2025-budget.txt"
    if not source.exists():
        pytest.skip("the reference documents are not beside this checkout")
    lines = source.read_text(encoding="utf-8").split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.strip() == "2025年部门收入预算总表"]
    lines[at] = lines[at].replace("2025年部门收入预算总表", altered)
    path = tmp_path / "govoffice.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    assert not [f for f in result.findings if f.rule.startswith("TAB-REQ")]
    assert "TAB-REQ-002" in {outcome.rule for outcome in result.not_applicable}
    (table,) = [t for t in result.coverage.tables if t.key == "tables/income_summary"]
    assert table.state == "recognised_not_read" and table.line == 13


def test_a_line_that_names_a_standard_table_is_listed_once_and_only_when_no_section_was_recognised_as_it():
    from budgetcheck.ingest.narrative.parts import listed_tables

    lines = [(12, "  1. 2025年部门财务收支预算总表 ……………………………………"), (13, "  2. 2025年部门收入预算总表 ………………………… 5"), (14, "2025年部门收入预算总表"), (20, "本部门2025年收入预算总额为100万元，详见部门收入预算总表。")]
    assert [(t.key, t.line) for t in listed_tables(lines, {"tables/budget_summary"})] == [("tables/income_summary", 13)]
    assert listed_tables(lines, {"tables/budget_summary", "tables/income_summary"}) == []


def test_a_budget_copied_without_its_layout_still_has_the_tables_it_names(tmp_path):
    """The govoffice budget with every line's indentation lost (copied out of a viewer): its centred titles are gone,
    the 2016 profile reads it, and the eight tables it names were “未公开” — eight false TAB-REQ errors. Every
    template now looks for the standard tables a line names: there, not read, nothing said."""
    import budgetcheck
    from tests.conftest import REAL

    source = REAL / "putuo-govoffice-2025-budget.txt"
    if not source.exists():
        pytest.skip("the reference documents are not beside this checkout")
    path = tmp_path / "flat.txt"
    path.write_text("\n".join(line.strip() for line in source.read_text(encoding="utf-8").split("\n")), encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    assert {t.key: t.state for t in result.coverage.tables if t.key.startswith("tables/")}.get("tables/budget_summary") == "recognised_not_read"


def test_a_narrative_of_the_2016_profile_that_lists_its_tables_has_them_unread_not_unpublished(tmp_path):
    import budgetcheck

    sample = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
    listed = sample.replace("八、名词解释", "附表：\n2019年部门收支总表\n2019年部门收入总表\n八、名词解释", 1)
    path = tmp_path / "listed.txt"
    path.write_text(listed, encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    reported = {f.rule for f in result.findings}
    assert "TAB-REQ-003" in reported and not {"TAB-REQ-001", "TAB-REQ-002"} & reported


@pytest.mark.parametrize(
    ("wrapped", "kind"),
    [
        ("2025年一般公共预算“三公”经费支出\n表", "three_public"),
        ("2025年一般公共预算“三公”经费支出预\n算表", "three_public"),
        ("2025年一般公共预算基本支出明细表（按经\n济分类）", "general_budget_basic"),
    ],
)
def test_a_listed_table_whose_title_wrapped_onto_the_next_line_is_listed_not_missing(wrapped, kind):
    """A text layer's list of the tables may wrap a long title: “…“三公”经费支出 | 表”. The table was not found
    (TAB-REQ-007 “未公开…”, a false error); the two lines now name it."""
    from budgetcheck.ingest.narrative.parts import listed_tables

    lines = list(enumerate(["第二部分 部门预算公开报表", *wrapped.split("\n"), "第三部分 说明"], start=10))
    assert [(part.key, part.line) for part in listed_tables(lines, set())] == [(f"tables/{kind}", 11)]
    assert listed_tables([(10, "2025年一般公共预算“三公”经费支出"), (11, "第三部分 说明")], set()) == []


def test_a_title_wrapped_onto_a_line_of_its_own_is_one_paragraph_and_a_heading_then_its_table_title_are_two():
    blocks = text_blocks("七、某县某局2025年一般公共预算“三公”经费支出\n表\n八、某县某局2025年政府性基金预算支出表\n表1\n")
    assert [block.cell.raw for block in blocks] == ["七、某县某局2025年一般公共预算“三公”经费支出表", "八、某县某局2025年政府性基金预算支出表", "表1"]


def test_a_budget_listing_its_tables_in_a_guangxi_citys_words_has_them_unread_not_unpublished(tmp_path):
    """第四部分 …部门预算报表（详见附件） 一、部门收支总体情况表 … 八、政府性基金预算支出情况表 (the words of a Guangxi city's
    list): none was a standard table's title, and the narrative checked alone had eight “未公开” errors for tables it
    names and says are attached. They are recognised, not read."""
    import budgetcheck

    sample = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
    titles = ["部门收支总体情况表", "部门收入总体情况表", "部门支出总体情况表", "财政拨款收支总体情况表", "一般公共预算支出情况表",
              "一般公共预算基本支出情况表", "一般公共预算“三公”经费支出情况表", "政府性基金预算支出情况表"]
    numerals = "一二三四五六七八"
    listed = "第四部分 2019年部门预算报表（详见附件）\n" + "".join(f"{numerals[i]}、{title}\n" for i, title in enumerate(titles))
    path = tmp_path / "listed.txt"
    path.write_text(sample.replace("八、名词解释", listed + "八、名词解释", 1), encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    assert not [f.rule for f in result.findings if f.rule.startswith("TAB-REQ")]


# A figure-less paragraph that holds no fact a field could take is no gap: the reason for what the paragraph above
# stated, a sentence announcing the paragraph below, punctuation a layout left on a line of its own (the four Putuo
# budgets: 财政拨款收入支出增加的主要原因是：… | 财政拨款支出主要内容如下：; the Putuo 决算's heading 。 wrapped under it).
_INCOME = "其他来源收入0万元。\n"
_HOLDS_NOTHING = [
    _INCOME + "收入增加的主要原因是：人员调整。\n",
    _INCOME + "主要原因：人员调整。\n",
    _INCOME + "主要是人员调整，经费\n相应调整。\n",  # the reason wrapped onto a second line
    _INCOME + "                              。\n",
    "反映本部门当年全部收入。具体情况如下：\n2019年预算收入为",
]
_HOLDS_SOMETHING = [
    _INCOME + "本部门另有收入在其他部分说明。\n",  # no reason, no announcement: what it says is not known
    _INCOME + "具体情况如下：\n\n    2、支出说明\n",  # announces what the next paragraph does not state (a heading)
]


@pytest.mark.parametrize("inserted", _HOLDS_NOTHING)
def test_a_paragraph_explaining_the_one_above_or_announcing_the_one_below_leaves_the_part_read(inserted):
    old = inserted.split("\n", 1)[0] + "\n" if inserted.startswith(_INCOME) else "反映本部门当年全部收入。2019年预算收入为"
    text = SAMPLE.replace(old, inserted, 1)
    assert text != SAMPLE
    document = extract_text(text, "explained.txt").document
    assert document.coverage.part("overview").state == "read"
    assert not [d for d in document.diagnostics if d.rule == "EXTRACT-UNPLACED-TEXT"]


@pytest.mark.parametrize("inserted", _HOLDS_SOMETHING)
def test_a_figure_less_paragraph_that_neither_explains_nor_announces_leaves_the_part_partly_read(inserted):
    text = SAMPLE.replace(_INCOME, inserted, 1)
    part = extract_text(text, "unexplained.txt").document.coverage.part("overview")
    assert part.state == "partly_read" and len(part.gaps) == 1
