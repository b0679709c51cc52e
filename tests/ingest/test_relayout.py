"""The same text in another layout reads the same: a page of another width, a copy without its blank lines.

A disclosure reaches the checker as a PDF's text layer wrapped at its page's width, as a word processor's text with a
paragraph to a line, or as a web page's copy with or without blank lines between paragraphs. Each layout of the sample
below must give no error finding the sample itself does not give (a false error from the layout), and the parts the
layout touches must read as they do in the sample.
"""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.source import text_blocks
from budgetcheck.pipeline import check_loaded
from budgetcheck.resources import sample_path
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES
from tests.corpus.relayout import LAYOUTS, findings, wrap_at

SAMPLE = sample_path().with_suffix(".txt").read_text(encoding="utf-8")


def _rewrapped(text: str, columns: int) -> str:
    """Every paragraph of `text` (a line each) set on a page `columns` wide; a table's tab-led cells, blank lines and
    lines that fit stay as they are."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend([line] if "\t" in line else wrap_at(line, columns))
    return "\n".join(out)


def _without_blank_lines(text: str) -> str:
    """`text` with no blank line between two lines of prose (a web page's copy); the blank lines around a table of
    tab-led cells, which part its rows, stay."""
    lines = text.split("\n")
    kept = []
    for index, line in enumerate(lines):
        blank = not line.strip(" ")
        between = 0 < index < len(lines) - 1 and "\t" not in lines[index - 1] and "\t" not in lines[index + 1]
        if not (blank and between):
            kept.append(line)
    return "\n".join(kept)


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


@pytest.fixture(scope="module")
def checked(registry, pack):
    def check(text: str):
        extraction = extract_text(text, "relayout.txt")
        result = check_loaded(extraction.document, registry, pack)
        errors = {(finding.rule, finding.message_zh) for finding in result.findings if finding.severity == "error"}
        return extraction.document.data, errors

    return check


@pytest.mark.parametrize("columns", [60, 80, 94])
def test_the_sample_set_on_a_narrower_page_gives_no_error_of_its_own_and_reads_its_lists_whole(checked, columns):
    """The sample's paragraphs wrapped at 30, 40 and 47 Chinese characters a line, as a PDF of it would be: its table of
    tab-led cells, short cells one a line, outnumbered the wrapped lines, so no margin showed and a wrapped line under 50
    characters ended its paragraph: the operating costs' list stopped after two of its fourteen items (…水费0.06万元、电
    费0 | .2万元、…), a false BUD-OPC-001 (两项之和 0.56 万元与合计 13.33 万元不符). Cells are no prose: the margin is
    the wrapped lines'."""
    data, errors = checked(SAMPLE)
    wrapped = _rewrapped(SAMPLE, columns)
    assert wrapped != SAMPLE and max(len(line) for line in wrapped.split("\n") if "\t" not in line) <= columns
    relaid, relaid_errors = checked(wrapped)
    assert relaid_errors <= errors
    assert relaid["operating_costs"]["items"] == data["operating_costs"]["items"] and len(data["operating_costs"]["items"]) == 14


def test_the_sample_without_blank_lines_keeps_a_paragraph_to_a_line(checked):
    """The sample copied without the blank lines between its paragraphs: 职责目标:…的发展 (its full stop left out, a line
    of 80-odd characters) ran on into the next line, 绩效指标:1、…, so the first duty had no indicators (a false
    SCHEMA-REQUIRED). A text whose lines are wider than any page's keeps a paragraph to a line: a long line is no wrap."""
    data, errors = checked(SAMPLE)
    tight = _without_blank_lines(SAMPLE)
    assert "发展\n绩效指标:1、" in tight
    relaid, relaid_errors = checked(tight)
    assert relaid_errors <= errors
    assert relaid["duties"]["items"][0]["indicators"] == data["duties"]["items"][0]["indicators"]


def test_a_paragraph_whose_last_line_stops_short_of_the_margin_ends_there_though_it_ends_no_sentence():
    """In a layer wrapped at its margin, with no blank lines and no indentation, a paragraph of three lines whose
    last line stops short without a full stop ran on into the next paragraph: whether a line is wrapped was judged by the
    paragraph's length so far, not by its last line's."""
    goals = "修订完善街道工委工作制度，对工委重大决策明确责任领导、责任单位和责任人，提出目标和时限要求，完善工委办公会议制度，加强对社区居委会工作的领导，促进社区服务事业的发展"
    other = "主要职责是全面贯彻执行党的各项方针、政策，建立健全各项工作制度，加强党的思想、组织和作风建设，强化管理，不断提高干部队伍政治思想素质及工作效能，为辖区居民提供优质服务。"
    wrapped_goals = wrap_at("职责目标：" + goals, 76)
    indicators = "绩效指标：1、加强基层党组织建设完成率。"
    lines = [*wrap_at(other, 76), *wrap_at(other, 76), *wrapped_goals, indicators, *[line for _ in range(4) for line in wrap_at(other, 76)]]
    assert len(lines) >= 20 and len(wrapped_goals) == 3 and len(wrapped_goals[-1]) < 30  # the goals' last line is short
    paragraphs = [block.cell.raw for block in text_blocks("\n".join(lines) + "\n")]
    assert "职责目标：" + goals in paragraphs and indicators in paragraphs


def _page(paragraphs: list[str], columns: int) -> list[str]:
    """Paragraphs set as a PDF's layer sets them: the first line indented by four, each wrapped at `columns`."""
    return [line for paragraph in paragraphs for line in wrap_at("    " + paragraph, columns)]


FILLER = [
    "本部门主要职能是贯彻执行国家和本市有关工商业、内外贸等方面的方针、政策和法律、法规及规章，结合本区实际制订具体实施意见并组织实施。",
    "根据本区国民经济及社会发展总体规划，制订本区工商业、内外贸和战略性新兴产业相关发展战略、推进规划和年度计划，并组织实施和监督检查。",
    "负责本区工商业、内外贸运行的监测和分析，发布相关信息，建立完善预测预警机制，协调解决行业运行中的有关问题，提出对策建议。",
    "组织协调本区现代市场体系建设，负责流通产业结构调整，协调本区商业转型升级和商业网点布局，指导社区商业和特色街区的发展。",
    "组织推进本区工商业技术进步及技术改造，制定鼓励企业技术创新的政策措施，落实各级产业发展专项基金，指导相关企业的技术创新。",
    "承办区政府交办的其他事项，完成上级部门布置的各项工作任务，做好本部门的政务公开、信息报送、档案管理和安全保密等日常工作。",
]


def test_a_sentence_that_ends_at_the_margin_of_an_indented_layer_goes_on_in_the_next_unindented_line(registry, pack):
    """A layer that indents its paragraphs' first lines, wrapped at 40 Chinese characters: item (二) of the 三公 list
    ended its first sentence right at the margin, and the next line (其中：公务用车购置费…) was taken for a paragraph of
    its own, not indented as paragraphs are; the list ended there, (三) 公务接待费 was no part of the 三公 total, and
    CLM-SUM-003 said the parts fell 1.00 万元 short of it (a false warning). Not indented, numbering nothing, that line
    is the paragraph's next; a numbered line there (（三）…) still begins its own."""
    item = "（二）公务用车购置及运行费0万元，与2024年预算持平，主要原因是无公务用车车辆。"
    lines = [
        "某区商务委员会2025年部门预算",
        "一、部门主要职能",
        *_page(FILLER, 80),
        "二、2025年“三公”经费预算情况说明",
        "    2025年“三公”经费预算数为1.00万元，与2024年预算持平。其中：",
        *_page(["（一）因公出国（境）费0万元，与2024年预算持平，主要原因是此部分预算由区外事办公室统一安排。"], 80),
        "   " + item,
        "其中：公务用车购置费0万元，与2024年预算持平；公务用车运行费0万元，与2024年预算持平。",
        *_page(["（三）公务接待费1.00万元，与2024年预算持平，主要原因是根据本部门实际业务需求开展公务接待。"], 80),
    ]
    assert len(item.encode("gbk")) + 3 == 80  # the sentence ends at the margin the wrapped lines reach (80 columns)
    text = "\n".join(lines) + "\n"
    paragraphs = [block.cell.raw for block in text_blocks(text)]
    assert any(paragraph.startswith(item + "其中：") for paragraph in paragraphs)
    assert any(paragraph.startswith("（三）公务接待费") for paragraph in paragraphs)
    claims = extract_text(text, "indented.txt").document.data["narrative"]["claims"]
    reception = [claim for claim in claims if claim["subject"] == "公务接待费"]
    assert reception and "part_of" in reception[0]
    result = check_loaded(extract_text(text, "indented.txt").document, registry, pack)
    assert "CLM-SUM-003" not in {finding.rule for finding in result.findings}


@pytest.mark.parametrize(
    "footer",
    [["", "                                   - 7 -", "\f"], ["7", "\f"], ["", "\f"], ["\f"]],
    ids=["folio-then-break", "number-then-break", "blank-then-break", "break-alone"],
)
def test_a_paragraph_goes_on_across_a_page_break_and_its_footer(registry, pack, footer):
    """A PDF's page ends inside a paragraph, on a line that reaches the margin: its layer has the page's number and a
    form feed between that line and the next. The paragraph stopped at the page's end, so a title in 《》 that the
    break cut (…控制性详细规划局部调整 | 》的批复…) was an unpaired bracket twice (TXT-PAIR-001). Blank lines, the page's
    number and the break are no text: the paragraph goes on."""
    first = "    根据某区文件关于同意《某街道社区服务中心新建工程可行性研究及其规划的局部调整"
    rest = "》的批复进行建设，建成后为周边居民提供便捷、优质的社区服务和生活配套设施。"
    assert len(first.encode("gbk")) == 80  # the line reaches the margin (80 columns) the page's other lines wrap at
    sentence = first.strip() + rest
    between = footer[:-1] + [footer[-1] + rest]  # the form feed at the head of the next page's first line
    text = "\n".join(["某区某街道2025年部门预算", "一、项目概述", *_page(FILLER, 80), first, *between]) + "\n"
    paragraphs = [block.cell.raw for block in text_blocks(text)]
    assert sentence in paragraphs
    result = check_loaded(extract_text(text, "paged.txt").document, registry, pack)
    assert "TXT-PAIR-001" not in {finding.rule for finding in result.findings}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("text", [FIXTURES / "xiguan-2019.txt", FIXTURES / "narrative" / "final-accounts-yuan.txt"], ids=["sample", "final-accounts"])
def test_no_layout_of_the_bundled_texts_adds_an_error(registry, pack, tmp_path, text, layout):
    """tests/corpus/relayout.py's sweep over the two texts every checkout has: no layout (another page width, no blank
    lines, page breaks anywhere, another indentation, spaced units, full-width digits…) adds an error to what the text
    itself gives. A warning it adds is listed by the sweep, to be judged."""
    relaid = tmp_path / f"{text.stem}.{layout}.txt"
    relaid.write_text(LAYOUTS[layout](text.read_text(encoding="utf-8")), encoding="utf-8")
    base = findings(text, registry, pack)
    added = {key: message for key, message in findings(relaid, registry, pack).items() if key not in base and key[0] == "error"}
    assert not added


@pytest.mark.parametrize(("between", "joined"), [(["", "                                   - 7 -", "\f"], True), (["", "", ""], True), (["项目\t金额"], False)], ids=["page-break", "blank-lines", "table-row"])
def test_a_list_of_paragraphs_goes_on_across_a_page_break_but_not_across_a_table(registry, pack, between, joined):
    """The 三公 total's parts a paragraph each, (一)…(三), and a page's end between (二) and (三) (its number, the break):
    the list was held to go on only across one blank line, so (三) 公务接待费 was no part of the total and CLM-SUM-003
    said the parts fell short of it (a false warning). Lines that hold no text (blank, a page's furniture) part nothing;
    a table's row between does."""
    lines = [
        "某区商务委员会2025年部门预算",
        "一、“三公”经费预算情况说明",
        "    2025年“三公”经费预算数为6.00万元，与2024年预算持平。其中：",
        "    （一）因公出国（境）费1.00万元，与2024年预算持平。",
        "    （二）公务用车购置及运行费2.00万元，与2024年预算持平。",
        *between,
        "    （三）公务接待费3.00万元，与2024年预算持平。",
    ]
    text = "\n".join(lines).replace("\n\f\n", "\n\f") + "\n"
    claims = extract_text(text, "listed.txt").document.data["narrative"]["claims"]
    reception = next(claim for claim in claims if claim["subject"] == "公务接待费")
    assert ("part_of" in reception) == joined
    if joined:
        result = check_loaded(extract_text(text, "listed.txt").document, registry, pack)
        assert "CLM-SUM-003" not in {finding.rule for finding in result.findings}


@pytest.mark.parametrize("first", ["full-width-digits", "space-before-unit"])
def test_a_layer_measures_its_lines_as_written_full_width_digits_and_typed_spaces_too(checked, first):
    """The sample typed with full-width digits (２０１９年), or with a space before each unit (0.5 万元), set at 40
    Chinese characters a line: the reader measured its lines after normalising (a full-width digit made ASCII, one
    column) and a lone space beside a Chinese character as none (a justified line's), so a line full of figures fell
    short of the margin and ended its paragraph: the operating costs' list cut (false BUD-OPC-001, BUD-INC-001 errors).
    A line reaches the margin by its width as written, a typed space taking its column."""
    data, errors = checked(SAMPLE)
    relaid, relaid_errors = checked(LAYOUTS["wrap40"](LAYOUTS[first](SAMPLE)))
    assert relaid_errors <= errors
    assert [item["name"] for item in relaid["operating_costs"]["items"]] == [item["name"] for item in data["operating_costs"]["items"]]
