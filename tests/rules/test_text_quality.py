"""Issue 16, text quality: each defect kind of the real corpus in made-up sentences of the same style
(made-up names and figures), found in a whole narrative and located at its characters; the same
sentence in traditional characters, with full-width digits and pinyin glosses, gives the same
finding at the original columns; a clean twin gives none; a text cut mid-sentence is not judged."""

from __future__ import annotations

import opencc
import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.claim_text import paragraphs
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES
from tests.corpus.textcheck import text_findings

SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
LAST = "无其他需要说明的事项。"  # the sample's last line, replaced by the sentence under test
_WIDE = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)} | {"%": "％"})

# kind: (rule, defect sentence, the defect's characters, clean twin)
DEFECTS = {
    "doubled word with its colon": ("TXT-DUP-001", "示例中学人员编制总数60名，其中：其中：事业编制60名。", "其中：其中：", "示例中学人员编制总数60名，其中：事业编制60名。"),
    "budget term with its last character doubled": ("TXT-DUP-001", "因公出国（境）经费费12万元，比上年增加2万元。", "经费费", "因公出国（境）经费12万元，比上年增加2万元。"),
    "doubled punctuation": ("TXT-PUNCT-001", "本年度购置设备两台，其中：，办公设备一台。", "：，", "本年度购置设备两台，其中：办公设备一台。"),
    "full stop after a word that introduces a list": ("TXT-PUNCT-004", "公务接待费支出3.5万元，完成预算100%。其中。国内接待3.5万元。", "其中。", "公务接待费支出3.5万元，完成预算100%。其中：国内接待3.5万元。"),
    "stray mark between a verb and its percentage": ("TXT-PUNCT-005", "公务用车运行维护费支出1.2万元，占,60.5%。", "占,60.5%", "公务用车运行维护费支出1.2万元，占60.5%。"),
    "curly quotation mark closed by a straight one": ("TXT-PAIR-001", "示例区2022年的“三公\"经费决算数合计为120.5万元，比上年有所减少。", "“", "示例区2022年的“三公”经费决算数合计为120.5万元，比上年有所减少。"),
    "stray angle bracket inside a title": ("TXT-PAIR-003", "严格执行《示例市关于转发出国经费管理办法>》的通知。", "《示例市关于转发出国经费管理办法>》", "严格执行《示例市关于转发〈出国经费管理办法〉的通知》。"),
    "truncated national term": ("TXT-TERM-001", "2022年度般公共预算财政拨款支出决算为2.6万元。", "般公共预算", "2022年度一般公共预算财政拨款支出决算为2.6万元。"),
    "placeholder": ("TXT-TPL-002", "我部门编制XX年部门预算单位共XX个，分别是***、****。", "XX", "我部门编制2019年部门预算单位共2个，分别是示例一所、示例二所。"),
}


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry=registry)


def _in_sample(sentence: str) -> str:
    return SAMPLE.replace(LAST, sentence)


def _findings(registry, pack, text: str, rule: str) -> list:
    document = extract_text(text, "sample.txt").document
    return [finding for finding in check_loaded(document, registry, pack).findings if finding.rule == rule]


def _twin(sentence: str) -> str:
    """The sentence as a traditional-character mirror prints it: t2s undone, a gloss after 經費/預算, full-width digits."""
    traditional = opencc.OpenCC("s2t").convert(sentence)
    return traditional.replace("經費", "經(jīng)費").replace("預算", "預(yù)算").translate(_WIDE)


@pytest.mark.parametrize("kind", list(DEFECTS))
def test_a_defect_in_a_made_up_sentence_is_found_at_its_line_and_its_clean_twin_is_not(registry, pack, kind):
    rule, sentence, _, clean = DEFECTS[kind]
    line = SAMPLE.split("\n").index(LAST) + 1
    found = _findings(registry, pack, _in_sample(sentence), rule)
    assert [finding.locations[0][0] for finding in found] == [line], kind
    assert _findings(registry, pack, _in_sample(clean), rule) == []


@pytest.mark.parametrize("kind", list(DEFECTS))
def test_the_traditional_full_width_glossed_twin_gives_the_same_finding_at_the_original_characters(registry, pack, kind):
    rule, sentence, _, _ = DEFECTS[kind]
    plain = _findings(registry, pack, _in_sample(sentence), rule)
    twin_sentence = _twin(sentence)
    twin = _findings(registry, pack, _in_sample(twin_sentence), rule)
    assert [(f.rule, f.paths, f.message_zh) for f in twin] == [(f.rule, f.paths, f.message_zh) for f in plain]
    (line, column), = [finding.locations[0] for finding in twin]
    assert SAMPLE.split("\n")[line - 1] == LAST and column == 1  # the paragraph's first character, in the original
    assert twin_sentence != sentence


def test_numbering_that_skips_is_found_in_a_list_of_lines_and_not_when_it_runs_on(registry, pack):
    skipped = "具体情况如下：\n1.公务接待费支出0.5万元，完成预算的50%。\n3.公务用车运行维护费支出1.2万元，完成预算的60%。\n"
    found = text_findings(skipped, registry, pack)
    assert [(f.rule, f.lines) for f in found if f.rule == "TXT-NUM-001"] == [("TXT-NUM-001", (3,))]
    assert [f for f in text_findings(skipped.replace("3.", "2."), registry, pack) if f.rule == "TXT-NUM-001"] == []
    twin = text_findings(opencc.OpenCC("s2t").convert(skipped).translate(_WIDE), registry, pack)
    assert [(f.rule, f.lines) for f in twin if f.rule == "TXT-NUM-001"] == [("TXT-NUM-001", (3,))]


@pytest.mark.parametrize("lost", ["3 负责丙项工作。", "3  负责丙项工作。", "\n3 负责丙项工作。"])
def test_an_item_whose_mark_was_lost_is_no_skipped_number(registry, pack, lost):
    """A PDF's text of a duties list ran on with one item's mark lost (…监督管理。 10 负责…): 9. 之后是 11. said item 10
    was missing, and it is there (corpus23/20). The number written where an item begins, before its text, is the item."""
    text = "主要职责：1. 负责甲项工作。2. 负责乙项工作。" + lost + "4. 负责丁项工作。\n"
    assert [f for f in text_findings(text, registry, pack) if f.rule == "TXT-NUM-001"] == []


@pytest.mark.parametrize("mark", ["“", "\"", "＂", "《"])
def test_an_item_whose_dot_was_lost_before_its_quoted_name_is_no_skipped_number(registry, pack, mark):
    """A 部门预算's list of spending items, one item a line, wrote item 18 as 18“社会保障和就业支出(类)…” (its dot left
    out, sweep 7): 17. 之后是 19. said item 18 was missing, and it is there. The number alone at an item's head, right
    before the quotation mark (or title mark) that opens the item's name, is the item."""
    close = {"《": "》"}.get(mark, "”")
    items = [f"{n}.{mark}示例支出（类）示例（款）项目{n}（项）{close}{n}.00万元，主要用于示例工作。" for n in (1, 2, 3, 4)]
    items[2] = items[2].replace("3.", "3", 1)
    assert [f for f in text_findings("\n".join(items) + "\n", registry, pack) if f.rule == "TXT-NUM-001"] == []
    items[2] = items[2].replace(f"3{mark}", f"共3{mark}", 1)
    assert [f.rule for f in text_findings("\n".join(items) + "\n", registry, pack) if f.rule == "TXT-NUM-001"] == ["TXT-NUM-001"]


@pytest.mark.parametrize("gone", ["", "共有 3 人参与乙项工作。"])
def test_a_number_not_standing_for_an_item_still_leaves_the_skip(registry, pack, gone):
    text = "主要职责：1. 负责甲项工作。2. 负责乙项工作，" + gone + "4. 负责丁项工作。\n"
    text = text.replace("，4.", "。4.")
    assert [f.rule for f in text_findings(text, registry, pack) if f.rule == "TXT-NUM-001"] == ["TXT-NUM-001"]


def test_a_section_body_that_is_only_an_ellipsis_is_template_residue(registry, pack):
    text = "（一）部门主要职责\n……\n（二）机构设置情况\n本部门下设办公室一个。\n"
    assert [(f.rule, f.lines) for f in text_findings(text, registry, pack)] == [("TXT-TPL-002", (2,))]


def test_a_text_cut_mid_sentence_is_not_judged_and_the_diagnostics_say_so(registry, pack):
    cut = SAMPLE.rstrip() + "\n  本年度公务接待费较上年增加0.2万元，主要原因\n  (\n"
    extraction = extract_text(cut, "sample.txt")
    notes = [f for f in extraction.document.diagnostics if f.rule == "EXTRACT-CUT"]
    assert len(notes) == 1 and notes[0].locations[0] == (len(SAMPLE.rstrip().split("\n")) + 1, 3)
    findings = check_loaded(extraction.document, registry, pack).findings
    whole = check_loaded(extract_text(SAMPLE, "sample.txt").document, registry, pack).findings
    assert [(f.rule, f.paths) for f in findings] == [(f.rule, f.paths) for f in whole]


def test_a_document_ending_with_a_short_line_without_a_mark_is_not_cut():
    for ending in ("详见单位的项目绩效目标表", "示例区财政局", "2024年9月1日", "合计 | 12.5 |", "二、收入决算表", "六、一般公共预算财政拨款支出决算表", "（三）政府采购预算表", "10.部门预算项目绩效目标表"):
        extraction = extract_text(SAMPLE.rstrip() + "\n" + ending + "\n", "sample.txt")
        assert not [f for f in extraction.document.diagnostics if f.rule == "EXTRACT-CUT"], ending


def test_a_numbered_line_that_reads_as_a_sentence_is_still_cut():
    for ending in ("（三）本年度公务接待费较上年增加0.2万元，主要原因", "1.本年度收入预算总计100万元", "二、本年度一般公共预算财政拨款支出预算主要用于", "三、本年度政府采购情况说明如下"):
        extraction = extract_text(SAMPLE.rstrip() + "\n" + ending + "\n", "sample.txt")
        assert [f for f in extraction.document.diagnostics if f.rule == "EXTRACT-CUT"], ending


def test_a_bracket_that_closes_after_a_full_stop_on_a_later_line_keeps_its_paragraph():
    lines = [
        (1, "绩效自评的项目 4 个，平均得分 99.43 分（其中，绩效评级"),
        (2, "为“优”的项目 4 个；绩效评级为“良”的项目 0 个。"),
        (3, "绩效自评中共发现问题 0 个，已经完成整改的 0 个）。"),
    ]
    (paragraph,) = paragraphs(lines, frozenset())
    assert paragraph.chars.endswith("0 个）。")
    unclosed = [*lines[:2], (3, "绩效自评中共发现问题 0 个。")]
    assert len(paragraphs(unclosed, frozenset())) == 2  # a bracket never closed does not swallow what follows
