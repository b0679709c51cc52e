"""What real documents do to the sample's wording: other digits, units, ordinals, and sections out of place."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.source import text_blocks
from tests.conftest import FIXTURES
from tests.corpus.relayout import wrap_at

SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
HEADINGS = ["一", "二", "三", "四", "五", "六", "七", "八", "九"]


def _core(extraction) -> dict:
    """The document without what depends on the file rather than the figures: its name, claim ids (line:column),
    and the text no field holds (headings printed in another style differ by design)."""
    data = dict(extraction.document.data)
    data["metadata"] = {key: value for key, value in data["metadata"].items() if key != "source"}
    data.pop("narrative", None)
    data.pop("unplaced", None)  # the headings as printed, read by the text rules only
    return data


def _line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture(scope="module")
def baseline():
    return extract_text(SAMPLE, "sample.txt")


def _with(old: str, new: str, count: int = 1) -> str:
    assert old in SAMPLE
    return SAMPLE.replace(old, new, count)


def test_full_width_digits_and_point_read_as_the_same_amount_in_the_same_columns(baseline):
    extraction = extract_text(_with("基本支出141.78万元", "基本支出１４１．７８万元"), "wide.txt")
    assert _core(extraction) == _core(baseline)
    assert extraction.provenance["/overview/expenditure/basic/total"].text == "１４１．７８万元"
    assert extraction.document.positions["/overview/expenditure/basic/total"] == baseline.document.positions["/overview/expenditure/basic/total"]


def test_ascii_brackets_around_jing_read_like_full_width_ones(baseline):
    extraction = extract_text(_with("因公出国（境）费0万元", "因公出国(境)费0万元"), "ascii.txt")
    assert extraction.document.data["three_public"] == baseline.document.data["three_public"]


def test_an_amount_printed_in_yuan_is_converted_to_the_document_unit_and_keeps_its_printed_unit(baseline):
    extraction = extract_text(_with("基本支出141.78万元", "基本支出1,417,800.00元"), "yuan.txt")
    assert extraction.document.data["overview"]["expenditure"]["basic"]["total"] == Decimal("141.78")
    record = extraction.provenance["/overview/expenditure/basic/total"]
    assert (record.text, record.unit) == ("1,417,800.00元", "元")
    assert extraction.document.data["metadata"]["unit"] == "万元"


def test_digits_grouped_by_spaces_are_one_number(baseline):
    extraction = extract_text(_with("基本支出141.78万元", "基本支出1 417 800元"), "spaced.txt")
    assert extraction.document.data["overview"]["expenditure"]["basic"]["total"] == Decimal("141.78")


def test_a_zero_written_as_wu_is_zero(baseline):
    extraction = extract_text(_with("其中因公出国（境）费0万元", "其中因公出国（境）费无"), "wu.txt")
    assert extraction.document.data["three_public"]["overseas_travel"] == 0
    assert extraction.provenance["/three_public/overseas_travel"].text == "无"


@pytest.mark.parametrize(
    "style",
    [
        lambda n, cn: f"第{cn}部分 ",
        lambda n, cn: f"（{cn}）",
        lambda n, cn: f"{n}.",
        lambda n, cn: f"{n}、",
        lambda n, cn: f"第{n}部分、",
        lambda n, cn: f"{cn}.",
        lambda n, cn: f"{cn}．",
    ],
    ids=["第一部分", "（一）", "1.", "1、", "第1部分", "一.", "一．"],
)
def test_section_headings_in_other_ordinal_styles_give_the_same_document(baseline, style):
    text = SAMPLE
    for number, numeral in enumerate(HEADINGS, start=1):
        ordinal = style(number, numeral)
        text = re.sub(rf"(?m)^( *){numeral}、(?=\S)", lambda m, ordinal=ordinal: m.group(1) + ordinal, text, count=1)
    extraction = extract_text(text, "styled.txt")
    assert _core(extraction) == _core(baseline)
    assert extraction.warnings == []


def test_a_missing_section_is_absent_and_the_rest_is_extracted(baseline):
    start = SAMPLE.index("六、政府采购预算情况")
    end = SAMPLE.index("七、国有资产信息")
    extraction = extract_text(SAMPLE[:start] + SAMPLE[end:], "missing.txt")
    assert "procurement" not in extraction.document.data
    assert extraction.document.data["assets"] == baseline.document.data["assets"]


def test_an_unknown_section_is_reported_and_its_figures_are_listed_as_unmapped():
    text = SAMPLE.rstrip("\n") + "\n十、上级补助情况\n2019年上级补助项目12个，用于社区服务。\n"
    extraction = extract_text(text, "extra.txt")
    codes = [(w.code, w.line) for w in extraction.warnings]
    heading = _line_of(text, "十、上级补助情况")
    assert ("EXTRACT-UNKNOWN-SECTION", heading) in codes
    assert ("EXTRACT-UNMAPPED-NUMBER", heading + 1) in codes
    assert "12" in next(w.message_zh for w in extraction.warnings if w.code == "EXTRACT-UNMAPPED-NUMBER")
    finding = next(f for f in extraction.document.diagnostics if f.rule == "EXTRACT-UNKNOWN-SECTION")
    assert finding.severity.value == "warning" and finding.locations == ((heading, 1),)


def test_a_duplicated_heading_is_reported_and_its_content_joins_the_first_section(baseline):
    text = _with("四、财政拨款“三公”经费预算情况及增减变化原因", "三、机关运行经费安排情况\n\n四、财政拨款“三公”经费预算情况及增减变化原因")
    extraction = extract_text(text, "duplicate.txt")
    assert [w.code for w in extraction.warnings] == ["EXTRACT-DUPLICATE-SECTION"]
    assert _core(extraction) == _core(baseline)


def test_a_sentence_with_a_figure_no_field_takes_is_a_warning_on_its_line():
    text = _with("等日常运行支出。\n", "等日常运行支出。\n另有结转项目3个。\n")
    extraction = extract_text(text, "stray.txt")
    warnings = [w for w in extraction.warnings if w.code == "EXTRACT-UNMAPPED-NUMBER"]
    assert [(w.line, w.column) for w in warnings] == [(_line_of(text, "另有结转项目"), 7)]


def test_a_figure_in_a_known_sentence_that_no_label_claims_is_a_warning():
    text = _with("其他来源收入0万元。", "其他来源收入0万元，事业单位5个。")
    extraction = extract_text(text, "income.txt")
    assert [(w.code, w.line, w.pointer) for w in extraction.warnings] == [("EXTRACT-UNMAPPED-NUMBER", _line_of(text, "事业单位5个"), "/overview")]
    assert extraction.document.diagnostics[0].paths == ("/overview",)
    assert "5" in extraction.warnings[0].message_en
    assert extraction.document.coverage.part("overview").state == "partly_read"


def test_an_amount_no_field_takes_but_the_claims_read_went_somewhere_and_the_part_is_read():
    text = _with("其他来源收入0万元。", "其他来源收入0万元，事业收入5.00万元。")
    extraction = extract_text(text, "income.txt")
    assert extraction.warnings == []
    assert any(claim.get("amount") == "5.00" for claim in extraction.document.data["narrative"]["claims"])
    assert extraction.document.coverage.part("overview").state == "read"


def test_organisation_as_a_part_of_its_own_and_duties_numbered_with_parenthesised_numerals(baseline):
    text = SAMPLE
    for number, numeral in enumerate(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"], start=1):
        text = re.sub(rf"(?m)^{number}、(?=\S)(?!.*[:：])", f"（{numeral}）", text, count=1)
    for old, new in reversed(list(zip(HEADINGS[1:], ["三", "四", "五", "六", "七", "八", "九", "十"]))):
        text = re.sub(rf"(?m)^( *){old}、(?=\S)(?!.*\t)", lambda m, new=new: m.group(1) + new + "、", text, count=1)
    text = text.replace("机构设置：\n\n部门机构设置情况", "\n二、部门机构设置\n部门机构设置情况")
    extraction = extract_text(text, "organisation.txt")
    assert extraction.warnings == []
    assert _core(extraction) == _core(baseline)


def test_full_width_thousands_separators_and_yi_yuan_are_read_and_converted():
    text = _with("基本支出141.78万元", "基本支出１，４１７，８００．００元").replace("项目支出187.59万元", "项目支出0.0187590亿元", 1)
    extraction = extract_text(text, "wide-yuan.txt")
    basic = extraction.document.data["overview"]["expenditure"]
    assert (basic["basic"]["total"], basic["project"]["total"]) == (Decimal("141.78"), Decimal("187.59"))
    assert extraction.provenance["/overview/expenditure/project/total"].unit == "亿元"


def test_table_figures_record_the_unit_their_table_declares(baseline):
    assert baseline.provenance["/performance/duties/10/budget"].unit == "万元"
    assert baseline.provenance["/assets/other/value"].unit == "万元"



SHORT = "某县某局2022年“三公”经费预算情况说明\n“三公”经费（不含会议费）合计2.4万元，比上年减少1.6万元，下降40.00%。\n"


def _claims(text: str) -> list[tuple]:
    data = extract_text(text, "short.txt").document.data
    return [(c["subject"], str(c.get("amount")), str(c.get("change")), str(c.get("percent"))) for c in data["narrative"]["claims"]]


@pytest.mark.parametrize(
    "wrapped",
    [
        "“三公”经费（不含会议费）合计2.4万\n元，比上年减少1.6万元，下降40.00\n%。",  # 万 | 元; the percent sign
        "“三公”经费（不含会议费）合计2.4\n万元，比上年减少1.6万元\n，下降40.00%。",  # the figure | its unit; a comma
        "“三公”经费（不含会议费\n）合计2.4万元，比上年减少1.6万元，下降40.00%。",  # a bracket closed on the next line
        "“三公”经费（不含会议费）合计\n2.4万元，比上年减少\n1.6万元，下降40.00%。",  # an open line, then a bare figure
    ],
)
def test_a_short_text_wrapped_inside_a_figure_or_before_a_mark_reads_as_unwrapped(wrapped):
    """A short text's layer (a 三公 page copied from a PDF) is wrapped at under 50 characters where no margin shows it
    (under 20 lines): a line that begins with a mark no paragraph begins with, or with the unit of the figure the line
    before ends in, is that paragraph's continuation. Left apart, 下降40.00 lost its percent and 2.4万 its unit."""
    whole = SHORT.splitlines()[1]
    assert wrapped.replace("\n", "") == whole
    assert _claims(SHORT.replace(whole, wrapped)) == _claims(SHORT) == [("“三公”经费（不含会议费）合计", "2.4", "1.6", "40.00")]


REASON = "某县2022年“三公”经费决算情况说明\n2022年“三公”经费决算支出较年初预算减少的主要原因是{0}严格执行有关规定，压减一般性支出。\n"


@pytest.mark.parametrize("wrap", ["\n", "\n\n"], ids=["wrapped", "blank-line"])
def test_a_line_ending_in_zhuyao_yuanyin_shi_goes_on_in_the_next_line_of_text(registry, wrap):
    """A short layer wrapped right after 主要原因是 (perturb21's wrap-rsn; no margin shows in under 20 lines): the reason
    is on the next line, no empty reason (a false TXT-RSN-001). A blank line between them still parts the paragraphs,
    and a numbered line after it (主要原因是 | 1.…) lists the reasons as paragraphs of their own."""
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack

    def rules(text: str) -> set[str]:
        extraction = extract_text(text, "reason.txt")
        return {finding.rule for finding in check_loaded(extraction.document, registry, load_pack(registry)).findings}

    assert "TXT-RSN-001" not in rules(REASON.format(""))
    assert ("TXT-RSN-001" in rules(REASON.format(wrap))) == (wrap != "\n")
    paragraphs = [block.cell.raw for block in text_blocks(REASON.format("\n1.") + "2.规范公务接待。\n")]
    assert paragraphs[1].endswith("主要原因是") and paragraphs[2].startswith("1.")


def test_a_figure_at_the_head_of_a_line_is_no_ordinal_and_figures_a_line_each_stay_apart():
    """502.4万元 at a line's head (the wrap took its subject's line) was read as the ordinal 502. and the amount 4 万元;
    a column of figures a line each (a layout table's cells) is not joined into one number."""
    wrapped = SHORT.replace("合计2.4万元", "合计：\n502.4万元")
    assert ("（未写明事项）", "502.4") in [(subject, amount) for subject, amount, _, _ in _claims(wrapped)]
    column = "某局2022年“三公”经费情况\n合计\n328.7\n10\n78.7\n"
    lines = [line for line in extract_text(column, "c.txt").document.diagnostics if "328.7" in line.message_zh]
    assert lines and not any("328.710" in line.message_zh for line in lines)


def test_the_subject_of_an_unnamed_figure_is_the_one_the_rules_name():
    """CLM-DUP-001 compares no two figures whose item was not read: it names the reader's placeholder."""
    from budgetcheck.ingest.narrative.claims import UNNAMED
    from tests.conftest import REPO

    assert f'"{UNNAMED}"' in (REPO / "rules" / "national" / "claims.rules").read_text(encoding="utf-8")
    assert ("（未写明事项）", "502.4") in [(subject, amount) for subject, amount, _, _ in _claims(SHORT.replace("合计2.4万元", "合计：\n502.4万元"))]
    assert UNNAMED == "（未写明事项）"


def test_a_heading_then_a_line_that_begins_with_a_figure_stay_apart():
    """A bare figure continues an open line of prose, never a numbered heading (一、“三公”经费 | 2.4万元…)."""
    text = "某县某局2022年“三公”经费预算情况说明\n一、“三公”经费\n2.4万元，比上年减少1.6万元，下降40.00%。\n"
    blocks = [line for line in extract_text(text, "h.txt").document.data["narrative"]["claims"]]
    assert blocks and all(not claim["text"].startswith("一、") for claim in blocks)


def test_a_short_page_wrapped_at_a_margin_anywhere_in_a_word_reads_as_unwrapped():
    """A 三公 page's layer of a few lines wrapped at its margin mid-word (…市级所属各 | 部门（单位）严格…): under 20 lines
    no margin was found, so its lines (under 50 characters) stayed apart, and one that began 部门（单位） was taken for
    the template's alternative (TXT-TPL-001, an error; a real page rewrapped). Six lines or more, half of them (four at
    least) at one width and none past it, show the margin."""
    import budgetcheck
    from budgetcheck.pipeline import check_loaded

    page = (
        "经汇总，本年市本级使用财政拨款安排的三公经费预算有所下降，其主要原因是市级所属各部门（单位）严格贯彻落实中央八项"
        "规定精神，压减一般性支出，从严控制各项公务活动的开支，厉行节约，保障重点。"
    )
    lines = wrap_at(page, 40)  # 20 Chinese characters a line
    assert [len(line) for line in lines] == [20, 20, 20, 20, 13] and lines[2].startswith("部门（单位）")
    wrapped = "某市2021年三公经费预算情况说明\n" + "\n".join(lines) + "\n"
    assert [block.cell.raw for block in text_blocks(wrapped)] == ["某市2021年三公经费预算情况说明", page]
    registry = budgetcheck.load_registry()
    document = extract_text(wrapped, "page.txt").document
    assert not [f.rule for f in check_loaded(document, registry, budgetcheck.load_pack(registry)).findings if f.severity == "error"]


def test_a_procurement_table_whose_rows_fell_apart_is_left_unread_not_reported_as_rows_without_their_fields():
    """The one-cell-a-line table of a text, double-spaced (a blank line after every line, as some copies from a web
    page are): each cell became a row of its own, and the schema said of each that it lacks 采购物品名称 and 政府采购
    金额总计, 20 errors of the tool's reading. A row too short to reach its total is not read; its figures are listed
    as unmapped (coverage), not reported as the document's."""
    import budgetcheck
    from budgetcheck.pipeline import check_loaded

    text = (FIXTURES / "narrative" / "final-accounts-yuan.txt").read_text(encoding="utf-8")
    start = text.index("第六部分")
    spaced = text[:start] + text[start:].replace("\n", "\n\n")
    registry = budgetcheck.load_registry()
    extraction = extract_text(spaced, "spaced.txt")
    result = check_loaded(extraction.document, registry, budgetcheck.load_pack(registry))
    assert not [f for f in result.findings if f.rule == "SCHEMA-REQUIRED" and "/procurement/" in "".join(f.paths)]
    assert "8000000.00" in " ".join(d.message_zh.replace(",", "") for d in extraction.document.diagnostics)


@pytest.mark.parametrize("folio", ["3", "- 3 -", "—3—", "第 3 页", "第3页，共20页", "3/20"])
def test_a_page_number_beside_a_page_break_is_no_text(folio):
    """Another province's PDF layer carries its page numbers (footers); a bare 3 between items 10. and 11. of a list
    broke it (TXT-NUM-001 “10. 之后是 12.”, a false warning). A number alone beside a form feed is the page's; a number
    alone elsewhere (a table's cell) is kept."""

    text = "主要职能：\n  10.组织调查研究。\n\n" + folio + "\n\f  11.起草综合性文件。\n  12.做好外事工作。\n"
    assert [block.cell.raw.strip() for block in text_blocks(text)] == ["主要职能：", "10.组织调查研究。", "11.起草综合性文件。", "12.做好外事工作。"]
    assert "3" in [block.cell.raw.strip() for block in text_blocks(text.replace("\f", ""))] or folio != "3"


@pytest.mark.parametrize("folio", ["7", "- 7 -", "—7—", "第 7 页", "第7页 共20页"])
def test_a_page_number_inside_a_sentence_of_a_text_without_page_breaks_is_no_text(folio):
    """A layer copied off a web page keeps its page numbers but not its form feeds: 人员经费和项目支出 | 7 | 增加 was
    read as 项目支出7增加, and 项目支出 | - 7 - | 234.56万元 as an item named 项目支出-7. A marked number alone on its
    line is the page's anywhere; a bare one only inside a sentence, after a long line stopping short of its end."""
    text = (
        "2024年收入预算合计1,234.56万元，比上年增加34.56万元。主要原因是人员经费增加和项目支出\n" + folio + "\n增加。"
        "支出预算合计1,234.56万元，其中基本支出1,000.00万元，项目支出\n" + folio + "\n234.56万元。\n"
    )
    claims = extract_text(text, "folio.txt").document.data["narrative"]["claims"]
    assert claims[0]["reason"] == "人员经费增加和项目支出增加"
    assert [(claim["subject"], claim["amount"]) for claim in claims[-2:]] == [("基本支出", "1000.00"), ("项目支出", "234.56")]


def test_a_number_alone_on_its_line_in_a_table_of_one_cell_a_line_is_kept():
    """Without page breaks a bare number is dropped only inside a sentence: a table's cells one to a line keep theirs
    (after a short label, after a long label followed by more figures, after a line ending a sentence)."""

    for text in (
        "基本支出\n12\n项目支出\n13\n",
        "一般公共预算财政拨款基本支出决算明细项目合计金额\n12\n13.50\n",
        "本部门2024年度无政府性基金预算财政拨款收入支出。\n12\n其他事项说明如下。\n",
        "本部门2024年度一般公共预算财政拨款支出中，基本支出\n12\n万元，项目支出8万元。\n",
    ):
        assert any(block.cell.raw.startswith("12") for block in text_blocks(text)), text


def test_a_text_wrapped_at_a_margin_with_a_few_justified_lines_spread_by_spaces_still_shows_its_margin():
    """A PDF page written out as text (26 characters a line), a few of its justified lines spread with spaces (经 费
    总预 算 安 排 …): those lines counted wider than the rest, no margin was found, no wrapped line was joined, and
    TXT-PUNCT-002 said paragraphs cut mid-word (…进行核算。主) did not end their sentence. A lone space beside a Chinese
    character takes no room."""

    prose = "要原因是今年委托业务费不纳入行政运行经费进行核算。主要用于机关及参公事业单位为保证日常运转发生的支出。包括办公及印刷费、邮电费、差旅费、会议费、公务接待费、日常维修费。" * 3
    lines = [prose[index : index + 26] for index in range(0, len(prose), 26)]
    spread = ["经 费 总预 算 安 排 37337407.64 元 , 其中 : 基 本 支出 预 算", "488180.64 元 , 项 目 支 出 预 算 36849227 元 , 同 比 增 加", "2433505.07 元,增长 60.89%。"]
    text = "\n".join(lines[:6] + spread + lines[6:]) + "\n"
    blocks = text_blocks(text)
    assert len(blocks) <= 3 and blocks[0].cell.raw.replace("\n", "").startswith(prose[:100])


@pytest.mark.parametrize("name", ["final-accounts-yuan.txt", "../xiguan-2019.txt"])
def test_a_year_spaced_from_its_character_reads_as_written_together(name):
    """A PDF layer often sets a space between a figure and the next Chinese character: 2020 年. 比2019 年 was not read
    as the comparison year (SCHEMA-REQUIRED 比较年度, an error of the reading), nor 现将…2020 年 as the unit's name."""
    text = (FIXTURES / "narrative" / name).read_text(encoding="utf-8")
    spaced = re.sub(r"([0-9]{4})年", r"\1 年", text)
    assert spaced != text
    one, two = extract_text(spaced, name).document.data, extract_text(text, name).document.data
    claims = [[{k: v for k, v in c.items() if k not in ("id", "part_of", "text")} for c in d.pop("narrative")["claims"]] for d in (one, two)]
    assert _unspaced(one) == two and _unspaced(claims[0]) == claims[1]


def _unspaced(value: object) -> object:
    if isinstance(value, dict):
        return {key: _unspaced(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unspaced(item) for item in value]
    return re.sub(r"([0-9]{4}) 年", r"\1年", value) if isinstance(value, str) else value


def test_invisible_characters_left_by_editors_are_not_read_and_locations_stay_on_the_original(baseline, registry):
    """Zero-width spaces and joiners (web editors, copy-paste) inside a figure, its unit or a word: the same
    document; a location still points at the original characters."""
    from budgetcheck.ingest.narrative.normal import normal_line
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack

    assert normal_line("141.7\u200b8万\u200d元\u2060，\ufeff合计")[0] == "141.78万元，合计"
    text = SAMPLE.replace("万元", "万\u200b元").replace("基本支出141.78", "基本\u200c支出141.\u200b78")
    extraction = extract_text(text, "invisible.txt")
    assert _core(extraction) == _core(baseline)
    assert extraction.provenance["/overview/expenditure/basic/total"].text == "141.\u200b78万\u200b元"
    pack = load_pack(registry)
    found = lambda result: sorted((f.rule, f.severity.value) for f in result.findings)  # noqa: E731
    assert found(check_loaded(extraction.document, registry, pack)) == found(check_loaded(baseline.document, registry, pack))


def _letter_spaced(text: str) -> str:
    """The text as a PDF of letter-spaced type gives it: a space after every character but the last of a line, a space
    of the text's own included (one space becomes three)."""
    return re.sub(r"(?<=[^\n])(?=[^\n])", " ", text)


def test_a_letter_spaced_line_is_closed_up_and_other_lines_are_left_alone():
    from budgetcheck.ingest.narrative.normal import normal_line

    assert normal_line(_letter_spaced("2024年部门预算支出123.45万元，比上年增加10万元。"))[0] == "2024年部门预算支出123.45万元，比上年增加10万元。"
    # a space of the text itself, spaced on both sides, stays one space; indentation stays
    assert normal_line("  支 出 合 计   1 0 0 万 元")[0] == "  支出合计 100万元"
    for kept in ("项 目      金 额", "优 良 中 差", "中共上海市普陀区委社会工作部 2024 年度", "2101101   行政单位医疗        2.22    2.22", "1 2 3 4 5 6 7 8"):
        assert normal_line(kept)[0] == kept


def test_a_text_letter_spaced_throughout_reads_as_the_text_and_points_at_the_spaced_characters(baseline, registry):
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack

    spaced = extract_text(_letter_spaced(SAMPLE), "spaced.txt")
    assert _core(spaced) == _core(baseline)  # short lines too: 年 度 预 算 数, ≧ 9 0 %, a heading
    assert spaced.provenance["/overview/expenditure/basic/total"].text == "1 4 1 . 7 8 万 元"
    pack = load_pack(registry)
    found = lambda result: sorted((f.rule, f.severity.value) for f in result.findings)  # noqa: E731
    assert found(check_loaded(spaced.document, registry, pack)) == found(check_loaded(baseline.document, registry, pack))


def test_a_letter_spaced_text_whose_ordinals_are_set_close_keeps_its_headings(baseline, registry):
    """一、主 要 职 能 (the ordinal set close to the heading's first character, the rest spaced): its first word has three
    characters, so the line was not counted letter-spaced; the heading was lost and the duties taken for absent (a
    false SCHEMA-REQUIRED error). A leading ordinal is not counted."""
    from budgetcheck.ingest.narrative.normal import normal_line
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack

    for spaced, plain in (("一、主 要 职 能", "一、主要职能"), ("（二）机 构 设 置", "（二）机构设置"), ("2. 部 门 职 责", "2.部门职责")):
        assert normal_line(spaced, True, True)[0] == plain
    close = re.sub(r"(?m)^(\s*)([一二三四五六七八九十]) 、 ", r"\1\2、", _letter_spaced(SAMPLE))
    close = re.sub(r"(?m)^(\s*)（ ([一二三四五六七八九十]) ） ", r"\1（\2）", close)
    assert close != _letter_spaced(SAMPLE)
    spaced = extract_text(close, "spaced.txt")
    assert _core(spaced) == _core(baseline)
    pack = load_pack(registry)
    found = lambda result: sorted((f.rule, f.severity.value) for f in result.findings)  # noqa: E731
    assert found(check_loaded(spaced.document, registry, pack)) == found(check_loaded(baseline.document, registry, pack))


def test_a_short_page_of_short_paragraphs_shows_its_margin_by_a_third_of_its_lines():
    """A Word page's text layer (a 三公 notice as a PDF): five paragraphs, each wrapped at the page's margin with a short
    last line, and two one-word lines (文件下载：): seven of its fifteen lines end at the margin, under the half that
    used to show it, so the line ending …公务用车购置及运行维护费(以下简称 stayed apart from “三公”经费)… (TXT-PAIR-001
    on a whole sentence). A third of the lines at the margin, none past it, show it."""

    first = [  # as the layer wraps it: the second line ends at the margin with the bracket open
        "    根据青溪市第五届人民代表大会第五次会议批准的青溪市本级2024年预算,2024年市本",
        "级一般公共预算安排的公务接待费、因公出国(境)费、公务用车购置及运行维护费(以下简称",
        "“三公”经费)支出预算安排情况如下:",
    ]
    paragraphs = [
        "2024年，一般公共预算安排的“三公”经费支出共计392.3万元，比2023年预算数减少33.2万元，下降7.81%。其中：",
        "公务接待费63.8万元，比上年年初预算减少31.7万元。主要原因是各部门进一步过紧日子，减少不必要的公务接待。",
        "因公出国(境)经费6.2万元，比上年年初预算增加2.4万元。主要原因是各部门因业务需要因公出国需求增加。",
        "公务用车购置费71.8万元，比上年年初预算增加13.5万元，主要原因是部分车辆已达报废期限，安排更新车辆导致购置费增加。",
    ]
    lines = first + [line for paragraph in paragraphs for line in wrap_at("    " + paragraph, 82)]
    text = "\n".join([*lines, "    文件下载：", "    关联文件："]) + "\n"
    paragraphs.insert(0, "".join(line.strip() for line in first))
    blocks = [block.cell.raw.strip() for block in text_blocks(text)]
    assert [paragraph for paragraph in paragraphs if paragraph in blocks] == paragraphs


def test_a_sentence_without_figures_inside_a_wrapped_paragraph_reaches_the_text_rules(registry):
    """A sentence of no figure between two the claims reader read, in a paragraph a layout wrapped over lines (a PDF's
    layer): it was kept for the text rules only when its paragraph was one line, so a term missing its first character
    there (…年度般公共预算…) went unseen in a PDF and seen in the same text unwrapped."""
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack

    paragraph = (
        "青溪镇2023年度一般公共预算财政拨款“三公”经费支出年初预算为27,080元，支出决算为26,085.58元，完成年初预算的"
        "96.33%。2023年度般公共预算财政拨款“三公”经费支出决算数小于年初预算数的主要原因是厉行节约，公车运行维护费支出"
        "小于预算数。2023年度一般公共预算财政拨款“三公”经费支出决算数比上年减少18,987.42元，下降42.13%。"
    )
    text = "青溪镇2023年度“三公”经费决算情况说明\n" + "\n".join(wrap_at(paragraph, 60)) + "\n"
    for source in (text, "青溪镇2023年度“三公”经费决算情况说明\n" + paragraph + "\n"):
        extraction = extract_text(source, "wrapped.txt")
        assert any("年度般公共预算" in kept for kept in extraction.document.data.get("unplaced", []))
        result = check_loaded(extraction.document, registry, load_pack(registry))
        assert "TXT-TERM-001" in {finding.rule for finding in result.findings}


@pytest.mark.parametrize("margin", ["        ", "\t", "\u3000\u3000"])
def test_a_layer_that_keeps_the_pages_margin_on_every_line_reads_as_one_without(margin, registry):
    """pdftotext -layout and the like keep the page's left margin on every line: a wrapped line then began with blank,
    was taken for a paragraph of its own (…主要原因是 | 2025年新增…: TXT-RSN-001, a reason left empty) and kept the
    margin inside the figure it finished (30.40万    元). The blank all lines share is the text's edge, not an indent."""
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack

    lines = [
        "青溪区商务委员会2025年部门预算说明",
        "    一、政府采购预算情况",
        "    2025年度本部门政府采购预算38.20万元，其中：政府采购货物预算7.80万元、政府采购工程预算0万元、政府采购服务预算30.40万",
        "元。",
        "    二、“三公”经费预算情况",
        "    2025年“三公”经费预算数为37.91万元，比2024年预算减少10万元，主要原因是",
        "2025年压减公务用车购置，公务用车购置费为0。",
    ]
    plain = "\n".join(lines) + "\n"
    kept = "\n".join(margin + line for line in lines) + "\n"
    found = lambda text: sorted((f.rule, f.severity.value) for f in check_loaded(extract_text(text, "margin.txt").document, registry, load_pack(registry)).findings)  # noqa: E731
    claims = lambda text: [(c["subject"], str(c.get("amount"))) for c in extract_text(text, "margin.txt").document.data["narrative"]["claims"]]  # noqa: E731
    assert claims(kept) == claims(plain) and ("政府采购服务", "30.40") in claims(plain)
    assert found(kept) == found(plain)
    assert "TXT-RSN-001" not in {rule for rule, _ in found(kept)}
