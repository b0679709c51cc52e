"""Word's automatic numbering (自动编号): the number Word shows in front of a numbered paragraph is read as part of its
text (budgetcheck.ingest.narrative.docx_numbering). The paragraph's text holds no 一、 of its own: without the number
the sample so numbered read as an unknown template (0 of 10 parts read, against 5 typed)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from budgetcheck.ingest.narrative import extract_docx
from budgetcheck.ingest.narrative.docx_numbering import Numbering
from budgetcheck.ingest.narrative.source import Row, text_blocks
from tests.conftest import FIXTURES

_LEVELS = (
    (re.compile(r"^([一二三四五六七八九十]+)、"), "chineseCounting", "%1、"),
    (re.compile(r"^（([一二三四五六七八九十]+)）"), "chineseCounting", "（%1）"),
    (re.compile(r"^([0-9]+)、"), "decimal", "%1、"),
)


def _list_kinds(document) -> None:
    numbering = document.part.numbering_part.element
    for index, (_, fmt, text) in enumerate(_LEVELS):
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{90 + index}"><w:multiLevelType w:val="singleLevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        ))  # fmt: skip


def _numbered(document, paragraph, kind: int, num_id: int) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def render(text: str, path: Path, auto: bool) -> Path:
    """The sample as Word paragraphs; with `auto`, each paragraph that starts with 一、 / （一） / 1、 has it taken off
    and numbered by Word instead, a new list (w:num) wherever the typed number starts again at 1."""
    document = docx.Document()
    _list_kinds(document)
    numbering = document.part.numbering_part.element
    current: dict[int, int] = {}
    next_id = 200
    for block in text_blocks(text):
        if isinstance(block, Row):
            document.add_paragraph("\t".join(cell.raw for cell in block.cells))
            continue
        raw = block.cell.raw.strip()
        for kind, (pattern, _, _) in enumerate(_LEVELS):
            found = pattern.match(raw) if auto else None
            if found:
                if found.group(1) in ("一", "1") or kind not in current:
                    next_id += 1
                    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{next_id}"><w:abstractNumId w:val="{90 + kind}"/></w:num>'))
                    current[kind] = next_id
                paragraph = document.add_paragraph(raw[found.end():])
                _numbered(document, paragraph, kind, current[kind])
                break
        else:
            document.add_paragraph(raw)
    document.save(str(path))
    return path


def test_the_sample_numbered_by_word_reads_as_the_sample_typed(tmp_path):
    text = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
    typed = extract_docx(render(text, tmp_path / "typed.docx", auto=False))
    auto = extract_docx(render(text, tmp_path / "auto.docx", auto=True))
    assert auto.template == typed.template == "hebei-2016"
    strip = lambda data: {**data, "metadata": {k: v for k, v in data["metadata"].items() if k != "source"}}  # noqa: E731
    assert strip(auto.document.data) == strip(typed.document.data)
    assert [(p.key, p.state) for p in auto.document.coverage.parts] == [(p.key, p.state) for p in typed.document.coverage.parts]


def _paragraphs(xml_levels: str, paragraphs: list[tuple[str, str]], extra_num: str = "") -> list[str]:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:multiLevelType w:val="multilevel"/>{xml_levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="7"><w:abstractNumId w:val="77"/>{extra_num}</w:num>'))
    out = []
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level:
            paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>'))
        out.append(paragraph)
    labels = Numbering(document)
    return [labels.label(paragraph) + paragraph.text for paragraph in out]


def _lvl(level: int, fmt: str, text: str, start: int = 1, suffix: str = "nothing") -> str:
    return f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:suff w:val="{suffix}"/></w:lvl>'


def test_levels_count_apart_and_a_lower_level_starts_again_after_a_higher_one():
    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）") + _lvl(2, "decimal", "%3.", suffix="space")
    shown = _paragraphs(levels, [("0", "部门职责"), ("1", "职责甲"), ("2", "工作"), ("2", "工作"), ("1", "职责乙"), ("2", "工作"), ("", "正文"), ("0", "机构设置")])
    assert shown == ["一、部门职责", "（一）职责甲", "1. 工作", "2. 工作", "（二）职责乙", "1. 工作", "正文", "二、机构设置"]


@pytest.mark.parametrize(
    ("fmt", "text", "start", "expected"),
    [("chineseCounting", "%1、", 10, ["十、", "十一、"]), ("decimal", "第%1部分", 1, ["第1部分", "第2部分"]), ("bullet", "●", 1, ["", ""]),
     ("ideographTraditional", "%1.", 1, ["甲.", "乙."]), ("decimalEnclosedCircle", "%1", 1, ["①", "②"]), ("hebrew1", "%1.", 1, ["", ""])],
)
def test_each_format_a_disclosure_uses_and_none_for_a_bullet_or_a_format_not_read(fmt, text, start, expected):
    shown = _paragraphs(_lvl(0, fmt, text, start), [("0", ""), ("0", "")])
    assert shown == expected


def test_a_lists_start_override_and_a_styles_numbering_are_followed():
    assert _paragraphs(_lvl(0, "decimal", "%1、"), [("0", "甲"), ("0", "乙")], '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>') == ["5、甲", "6、乙"]
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="78">{_lvl(0, "chineseCounting", "%1、")}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="8"><w:abstractNumId w:val="78"/></w:num>'))
    style = document.styles["Heading 1"]
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="8"/></w:numPr>'))
    headings = [document.add_paragraph(title, style="Heading 1") for title in ("部门职责", "机构设置")]
    labels = Numbering(document)
    assert [labels.label(paragraph) + paragraph.text for paragraph in headings] == ["一、部门职责", "二、机构设置"]
