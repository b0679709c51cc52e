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

SAMPLE = sample_path().with_suffix(".txt").read_text(encoding="utf-8")


def _wrap_at(text: str, columns: int) -> list[str]:
    """`text` cut into lines of at most `columns` (a Chinese character two, any other one), as a PDF's layer wraps."""
    lines, line, used = [], "", 0
    for char in text:
        width = 2 if ord(char) > 0x2E7F else 1
        if used + width > columns:
            lines.append(line)
            line, used = "", 0
        line, used = line + char, used + width
    return [*lines, line]


def _rewrapped(text: str, columns: int) -> str:
    """Every paragraph of `text` (a line each) set on a page `columns` wide; a table's tab-led cells, blank lines and
    lines that fit stay as they are."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend([line] if "\t" in line else _wrap_at(line, columns))
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
def checked(registry):
    pack = load_pack(registry)

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
    wrapped_goals = _wrap_at("职责目标：" + goals, 76)
    indicators = "绩效指标：1、加强基层党组织建设完成率。"
    lines = [*_wrap_at(other, 76), *_wrap_at(other, 76), *wrapped_goals, indicators, *[line for _ in range(4) for line in _wrap_at(other, 76)]]
    assert len(lines) >= 20 and len(wrapped_goals) == 3 and len(wrapped_goals[-1]) < 30  # the goals' last line is short
    paragraphs = [block.cell.raw for block in text_blocks("\n".join(lines) + "\n")]
    assert "职责目标：" + goals in paragraphs and indicators in paragraphs
