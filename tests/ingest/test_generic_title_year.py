"""The year and the body a text of no known template takes from a numbered heading that stands for its title. A 三公
note titled by its only heading, 二、“三公”经费2024年执行情况和2025年预算情况, is the 2025 budget (a county's 2025 note):
taking the first year made every 2025 figure a CLM-YEAR-002 error, and 二、“三公”经费 the department."""

from __future__ import annotations

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_path, extract_text

BODY = "2024年某县“三公”经费执行数2010.95万元,2025年“三公”经费预算数2005.41万元,较上年预算数减少94.91万元,下降4.52%。\n"


def _metadata(tmp_path, title: str) -> dict:
    path = tmp_path / "note.txt"
    path.write_text(title + "\n" + BODY, encoding="utf-8")
    return extract_path(path).document.data["metadata"]


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("二、“三公”经费2024年执行情况和2025年预算情况", 2025),
        ("“三公”经费2024年预算执行情况和2025年预算安排情况", 2025),
        ("某县2025年“三公”经费预算情况", 2025),
        ("某县2024年“三公”经费决算情况", 2024),  # one year: as before (a 决算)
        ("某县2023年“三公”经费决算和2024年预算情况", 2024),
        ("某局2025年“三公”经费预算及2024年执行情况说明", 2025),  # the budget's year first: as before
        ("2024年部门决算与2023年决算对比情况", 2024),  # no budget after: the first, as before
    ],
)
def test_a_title_naming_last_years_execution_and_this_years_budget_is_the_budgets_year(tmp_path, title, year):
    metadata = _metadata(tmp_path, title)
    assert metadata["fiscal_year"] == year
    assert metadata["kind"] == ("决算" if title.startswith("2024年部门决算") or "决算情况" in title else "预算")


def test_a_numbered_heading_standing_for_the_title_names_no_department(tmp_path):
    assert "department" not in _metadata(tmp_path, "二、“三公”经费2024年执行情况和2025年预算情况")
    assert _metadata(tmp_path, "第二部分:某县文化局2025年部门预算")["department"]["name"] == "某县文化局"
    # a numbered heading that names a body names it, without its number (TXT-SELF-001 exempts a school it reads)
    assert _metadata(tmp_path, "二、某市幼儿园2025年度部门预算情况说明")["department"]["name"] == "某市幼儿园"
    assert _metadata(tmp_path, "二、中共某市委党校2025年度部门预算情况说明")["department"]["name"] == "中共某市委党校"


BOTH = "2023年“三公”经费决算支出15.00万元,比2022年决算减少1.00万元。2024年“三公”经费预算{budget}万元,比2023年预算减少1.00万元。\n"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("二、“三公”经费2024年执行情况和2025年预算情况", BODY),
        ("某县2024年“三公”经费执行情况和2025年预算情况", BODY),
        ("某县2023年“三公”经费决算和2024年预算情况", BOTH.format(budget="14.00")),
    ],
)
def test_the_budget_notes_figures_of_its_own_year_are_no_year_error(tmp_path, title, body):
    path = tmp_path / "note.txt"
    path.write_text(title + "\n" + body, encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []


def test_a_budget_of_last_year_copied_into_such_a_note_is_still_a_year_error(tmp_path):
    path = tmp_path / "note.txt"
    body = BOTH.format(budget="14.00").replace("2024年“三公”经费预算", "2023年“三公”经费预算").replace("比2023年预算", "比2022年预算")
    path.write_text("某县2023年“三公”经费决算和2024年预算情况\n" + body, encoding="utf-8")
    result = budgetcheck.check_paths([path]).documents[0]
    assert "CLM-YEAR-002" in [f.rule for f in result.findings if f.severity.value == "error"]


@pytest.mark.parametrize("caption", ["附件:1.某市审计局2019年“三公”经费决算数对比情况表", "附表:某市本级2019年“三公”经费决算汇总表"])
def test_an_attachments_caption_is_no_title(tmp_path, caption):
    """A 三公 page whose title a layout broke (…情况说明 | |||) gave the caption of its attached table as the title, and
    附件:1.普洱市审计局 as the department (corpus20a/07, /19)."""
    path = tmp_path / "note.txt"
    path.write_text("根据预算法,现将有关情况说明如下:\n2019年“三公”经费支出决算10.00万元。\n" + caption + "\n项目 | 决算数\n合计 | 10.00\n", encoding="utf-8")
    metadata = extract_path(path).document.data["metadata"]
    assert "title" not in metadata and "department" not in metadata and metadata["fiscal_year"] == 2019


def test_a_title_numbered_as_an_attachment_is_the_title_and_its_number_no_name(tmp_path):
    """附件11 普洱市民族中学2017年财政拨款“三公”经费预算情况说明 (corpus20b/06) is the document's own title, numbered as an
    attachment of a larger publication: a caption ends in 表, a title does not."""
    metadata = _metadata(tmp_path, "附件11 某市民族中学2025年财政拨款“三公”经费预算情况说明")
    assert metadata["fiscal_year"] == 2025 and metadata["department"]["name"] == "某市民族中学"


def test_the_value_of_a_pages_title_row_is_the_title(tmp_path):
    """Chongqing's pages open with a header table (| 索引号: | … | / | 名称: | X | |||), which a text layer joins into one
    paragraph: the title was never read, so the kind was unknown and CLM-YEAR-001 (比2024年 in a 2026 budget) could not
    apply (corpus20b/47)."""
    head = "| 索引号: | 1150/2026-00070 | 信息分类名称: | 财政 |\n| 发布机构: | 某区卫生健康委 | 发布日期: | 2026-02-06 |\n"
    row = "| 名称: | 某区某社区卫生服务中心2026年部门预算情况说明 | ||||\n| 文号: | 主题词: | ||||\n"
    body = "一、收支情况\n2026年一般公共预算财政拨款支出251.70万元,比2024年增加37.52万元。\n"
    path = tmp_path / "page.txt"
    path.write_text(head + row + body, encoding="utf-8")
    metadata = extract_path(path).document.data["metadata"]
    assert (metadata["title"], metadata["kind"], metadata["fiscal_year"]) == ("某区某社区卫生服务中心2026年部门预算情况说明", "预算", 2026)
    assert metadata["department"]["name"] == "某区某社区卫生服务中心"
    result = budgetcheck.check_paths([path]).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == ["CLM-YEAR-001"]
    path.write_text(head + "| 名称: | 某区某社区卫生服务中心2026年工作要点 | ||||\n" + body, encoding="utf-8")  # no 预算/决算: no title
    assert "title" not in extract_path(path).document.data["metadata"]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("二、2021年度一般公共预算财政拨款“三公”经费支出情况说明", None),  # 预算 of a fund's name: no kind said
        ("某区某局2021年政府性基金预算支出情况", None),
        ("某区某局2021年部门预算公开说明", "预算"),
        ("某区某局2021年一般公共预算财政拨款“三公”经费预算情况说明", "预算"),
        ("某区某局2021年一般公共预算财政拨款“三公”经费支出决算情况说明", "决算"),
    ],
)
def test_the_kind_is_read_from_the_word_that_names_the_document_not_a_funds_name(tmp_path, title, kind):
    path = tmp_path / "note.txt"
    path.write_text(title + "\n1.因公出国(境)费支出0万元,与2021年度预算相比无变化。\n", encoding="utf-8")
    assert extract_path(path).document.data["metadata"].get("kind") == kind
    errors = [f.rule for f in budgetcheck.check_paths([path]).documents[0].findings if f.severity.value == "error"]
    assert errors == (["CLM-YEAR-001"] if kind == "预算" else [])


REPORT = "一、一般公共预算收支情况\n全区一般公共预算收入100.00亿元,为预算的101.0%。\n"


@pytest.mark.parametrize(
    ("title", "year", "kind"),
    [
        ("关于某区2024年财政决算及2025年上半年预算执行情况的报告", 2024, "决算"),
        ("某区2022年区本级决算及2023年上半年预算执行情况", 2022, "决算"),
        ("某区2023年决算和2024年1-6月预算执行情况的报告", 2023, "决算"),
        ("关于某区2023年预算执行情况和2024年预算草案的报告", 2024, "预算"),  # the draft budget: as before
    ],
)
def test_this_years_execution_so_far_after_last_years_final_account_is_no_budget(tmp_path, title, year, kind):
    """A district's report on its final account and on this year's execution so far (2025年上半年预算执行情况) was read
    as the 2025 budget, the second year taken for a budget's (corpus23/01, /06)."""
    path = tmp_path / "report.txt"
    path.write_text(title + "\n" + REPORT, encoding="utf-8")
    metadata = extract_path(path).document.data["metadata"]
    assert (metadata["fiscal_year"], metadata["kind"]) == (year, kind)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("关于某市某区2023年预算执行情况和2024年预算草案的报告", "某市某区"),
        ("关于 某区2023年预算执行情况和2024年预算草案的报告", "某区"),
        ("关于2024年财政决算及2025年上半年预算执行情况的报告", None),
        ("某区人民政府关于提请审议2023年财政决算草案的议案", "某区人民政府"),  # the issuer before 关于: as before
    ],
)
def test_a_reports_about_is_no_part_of_the_department(tmp_path, title, name):
    """关于某区…的报告 gave 关于某区 as the department, and 关于 alone where the year follows it (corpus23/01, /03, /07)."""
    path = tmp_path / "report.txt"
    path.write_text(title + "\n" + REPORT, encoding="utf-8")
    metadata = extract_path(path).document.data["metadata"]
    assert metadata.get("department", {}).get("name") == name


@pytest.mark.parametrize(
    ("lines", "title", "year"),
    [
        (["上海市某区2023年预算执行情况和", "2024年预算草案的报告"], "上海市某区2023年预算执行情况和2024年预算草案的报告", 2024),
        (["某县2023年“三公”经费决算及", "2024年预算情况说明"], "某县2023年“三公”经费决算及2024年预算情况说明", 2024),
        (["某区2023年预算执行情况和", "2024年收入预算为100.00万元。"], "某区2023年预算执行情况和", 2023),  # a sentence: not the title's rest
        (["某区2023年部门预算", "2024年预算草案的报告"], "某区2023年部门预算", 2023),  # no joining word at the end
    ],
)
def test_a_title_wrapped_after_a_joining_word_is_read_with_its_rest(lines, title, year):
    """上海市黄浦区2023年预算执行情况和 / 2024年预算草案的报告: the first line alone was the title, so the report was 2023's.
    A title line ending on 和, 及, 与, 暨 or 、 goes on in the line right under it, when that line is no sentence."""
    text = "\n".join(lines) + "\n一、收支情况\n全区一般公共预算收入150.00亿元。\n"
    metadata = extract_text(text, "report.txt").document.data["metadata"]
    assert (metadata["title"], metadata["fiscal_year"]) == (title, year)
