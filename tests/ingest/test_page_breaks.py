"""Pages joined by a form feed alone (the page texts of pdfplumber or pypdf written out with "\\f".join) read as the
same pages written the way pdftotext writes them (a newline, then the form feed at the next page's head)."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.pagebreaks import pages_apart
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

PAGES = [
    "上海市普陀区2026年区级部门预算\n预算主管部门：上海市普陀区市容管理局",
    "目 录\n一、部门主要职能 ……………………\n二、部门机构设置 ……………………\n三、名词解释 ……………………\n四、部门预算编制说明 ……………………\n六、其他相关情况说明 ……………………",
    "上海市普陀区市容管理局主要职能\n上海市普陀区市容管理局是主管全区市容环境的区政府工作部门。\n主要职能包括：\n（一）贯彻执行有关市容环境的法律、法规。\n（二）承办区政府交办的其他事项。",
    "上海市普陀区市容管理局机构设置\n本部门中，行政单位1家，具体包括：\n1.上海市普陀区市容管理局本部",
    "名词解释\n（一）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
    "2026年部门预算编制说明\n2026年，上海市普陀区市容管理局收入预算1,234.56万元，其中：财政拨款收入1,234.56万元，比2025年预算增加12.00万元。"
    "\n支出预算1,234.56万元，其中：财政拨款支出预算1,234.56万元，比2025年预算增加12.00万元。",
    "其他相关情况说明\n一、2026年“三公”经费预算情况说明\n2026年“三公”经费预算数为0万元，与2025年预算持平。\n二、机关运行经费预算\n"
    "2026年上海市普陀区市容管理局下属1家机关财政拨款的机关运行经费预算为56.78万元。\n三、政府采购预算情况\n2026年本部门政府采购预算10.00万元。"
    "\n四、绩效目标设置情况\n本部门1个预算单位开展了2026年项目预算绩效目标编报工作。\n五、国有资产占有使用情况\n截至2025年8月31日，上海市普陀区市容管理局共有车辆1辆。",
]


def _read(text: str, registry) -> tuple:
    extraction = extract_text(text, "pages.txt")
    document = extraction.document
    result = check_loaded(document, registry, load_pack(registry))
    findings = sorted((finding.rule, tuple(finding.locations), finding.message_zh) for finding in result.findings)
    return extraction.template, {key: value for key, value in document.data.items() if key != "metadata"}, document.positions, findings


def test_pages_joined_by_a_bare_form_feed_read_as_pages_that_begin_a_line(registry):
    """A page's last line ran into the next page's first: the cover's body took the contents page's 目 录 into its name,
    a part's heading (…机构设置) ended the paragraph before it (TXT-PUNCT-002), and in a real 部门预算 the glossary's
    last sentence, the 编制说明's title and its first sentence made one paragraph whose 收入预算 was read as the
    机关运行经费 (CLM-TOT-004, a false error). Lines are counted with such a page break as a line end, so the two texts
    agree on every place too."""
    bare = _read("\f".join(PAGES), registry)
    assert bare == _read("\n\f".join(PAGES), registry)
    assert bare[0] == "hebei-2016"
    assert extract_text("\f".join(PAGES), "pages.txt").document.data["metadata"]["department"]["name"] == "上海市普陀区市容管理局"
    assert not [finding for finding in bare[3] if finding[0] in ("TXT-PUNCT-002", "CLM-TOT-004")]


@pytest.mark.parametrize("text", ["第一页。\n\f第二页", "第一页。\n  \f第二页", "第一页。\n\f\f第三页", "无分页的文字。\n第二行"])
def test_a_page_break_at_a_line_head_leaves_the_text_as_it_was(text):
    assert pages_apart(text) == text


def test_a_page_break_after_text_begins_a_line_and_an_empty_page_adds_none():
    assert pages_apart("第一页。\f第二页") == "第一页。\n\f第二页"
    assert pages_apart("第一页。  \f\f第三页") == "第一页。  \n\f\f第三页"
