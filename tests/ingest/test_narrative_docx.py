"""A Word rendering of the sample (paragraphs, and the tables as real Word tables) extracts to the same document."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from budgetcheck.ingest import load_document
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.narrative import extract_docx, extract_path
from budgetcheck.ingest.narrative.source import Row, text_blocks
from tests.cli.running import run_cli, run_json
from tests.conftest import FIXTURES

TEXT = FIXTURES / "xiguan-2019.txt"


def render_docx(text: str, path: Path) -> Path:
    """One Word paragraph per text paragraph; each run of table rows becomes one Word table, short rows padded."""
    document = docx.Document()
    run: list[Row] = []

    def flush() -> None:
        if not run:
            return
        width = max(len(row.cells) for row in run)
        table = document.add_table(rows=len(run), cols=width)
        for row, cells in zip(run, table.rows):
            for cell, source in zip(cells.cells, row.cells):
                cell.text = source.raw
        run.clear()

    for block in text_blocks(text):
        if isinstance(block, Row):
            run.append(block)
            continue
        flush()
        document.add_paragraph(block.cell.raw)
    flush()
    document.save(str(path))
    return path


def _said(narrative: dict) -> list[dict]:
    figures = ("amount", "base_amount", "change", "direction", "percent", "base_year")
    return [{k: v for k, v in claim.items() if k in figures} for claim in narrative.get("claims", [])]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return render_docx(TEXT.read_text(encoding="utf-8"), tmp_path_factory.mktemp("docx") / "xiguan-2019.docx")


def test_the_word_rendering_of_the_sample_extracts_to_the_same_document_as_the_text(rendered):
    from_docx = extract_docx(rendered)
    from_text = extract_path(TEXT)
    assert from_docx.document.kind == "docx" and from_docx.template == "hebei-2016"
    docx_data, text_data = from_docx.document.data, from_text.document.data
    assert docx_data["metadata"].pop("source") == {"publisher": "山海关区西关街道办事处", "file": str(rendered)}
    text_data = {**text_data, "metadata": {k: v for k, v in text_data["metadata"].items() if k != "source"}}
    # A claim's id is its line:column (docx lines are block ordinals), and the claims reader joins an
    # unindented text line to the line before it, which Word paragraphs never need: compare the figures.
    docx_claims, text_claims = docx_data.pop("narrative", {}), text_data.pop("narrative", {})
    assert docx_data == text_data
    assert _said(docx_claims) == _said(text_claims)
    assert from_docx.warnings == []


def test_a_claim_of_the_word_rendering_has_the_column_of_the_text_claim_less_the_text_lines_indentation(rendered):
    from_docx = extract_docx(rendered).document
    from_text = extract_path(TEXT).document
    lines = TEXT.read_text(encoding="utf-8").split("\n")
    docx_claims, text_claims = from_docx.data["narrative"]["claims"], from_text.data["narrative"]["claims"]
    assert len(docx_claims) == len(text_claims) == 22
    for index, (word, text) in enumerate(zip(docx_claims, text_claims)):
        text_line, text_column = (int(part) for part in text["id"].split(":"))
        indent = len(lines[text_line - 1]) - len(lines[text_line - 1].lstrip())
        word_line, word_column = (int(part) for part in word["id"].split(":"))
        assert word_column == text_column - indent, (word, text)
        assert from_docx.positions[f"/narrative/claims/{index}"] == (word_line, word_column)
        assert word.get("part_of", "").split(":")[0] in ("", str(word_line)) and word["text"] == text["text"]


def test_docx_positions_are_block_ordinals_and_table_cells_are_columns_of_the_tab_joined_row(rendered):
    extraction = extract_docx(rendered)
    word = docx.Document(str(rendered))
    body = list(word.element.body.iterchildren())
    ordinals: list[str] = []
    for child in body:
        if child.tag.endswith("}p"):
            ordinals.append(docx.text.paragraph.Paragraph(child, word).text)
        elif child.tag.endswith("}tbl"):
            ordinals.extend("\t".join(c.text for c in row.cells) for row in docx.table.Table(child, word).rows)
    for pointer in ("/overview/expenditure/basic/total", "/performance/duties/10/budget", "/performance/duties/0/activities/0/indicators/0/grades/优", "/assets/other/value"):
        record = extraction.provenance[pointer]
        assert ordinals[record.line - 1][record.column - 1 : record.end_column - 1] == record.text, pointer


def test_check_reads_a_docx_and_locates_findings_in_it(rendered):
    code, output = run_cli("check", rendered, "--format", "json")
    assert code == 1
    assert '"BUD-CMP-001"' in output
    assert load_document(rendered).kind == "docx"


def test_a_docx_that_is_a_zip_of_something_else_is_a_located_error_not_a_traceback(tmp_path):
    fake = tmp_path / "fake.docx"
    with zipfile.ZipFile(fake, "w") as package:
        package.writestr("notes.txt", "hello")
    with pytest.raises(IngestError) as caught:
        extract_docx(fake)
    assert caught.value.code.id == "NARRATIVE-DOCX-INVALID" and "word/document.xml" in caught.value.message_zh
    assert caught.value.line == 1
    code, output = run_cli("check", fake)
    assert code == 2 and "NARRATIVE-DOCX-INVALID" in output


def test_a_docx_that_is_not_a_zip_at_all_is_a_located_error(tmp_path):
    fake = tmp_path / "plain.docx"
    fake.write_text("这不是 Word 文档", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        extract_docx(fake)
    assert caught.value.code.id == "NARRATIVE-DOCX-INVALID"


def test_a_docx_with_a_broken_document_part_is_a_located_error(tmp_path, rendered):
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(rendered) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, b"<w:document><unclosed" if item.filename == "word/document.xml" else data)
    with pytest.raises(IngestError) as caught:
        extract_docx(broken)
    assert caught.value.code.id == "NARRATIVE-DOCX-INVALID"


def test_merged_cells_of_a_word_table_are_read_once_in_their_grid_columns(tmp_path):
    document = docx.Document()
    for text in ("某某局2022年部门预算公开说明", "一、部门职责", "负责窗口服务。", "三、机关运行经费安排情况", "机关运行经费共计安排5.00万元，主要用于办公费5.00万元等日常运行支出。", "五、绩效预算信息", "总体绩效目标：", "做好服务。", "部门职责-工作活动绩效目标"):
        document.add_paragraph(text)
    table = document.add_table(rows=5, cols=9)
    header = ["职责活动", "年度预算数", "内容描述", "绩效目标", "绩效指标", "评价标准"]
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    table.cell(0, 5).merge(table.cell(0, 8))  # 评价标准 over the four grade columns
    for cell, text in zip(table.rows[1].cells[5:], "优良中差"):
        cell.text = text
    for cell, text in zip(table.rows[2].cells, ["一、服务", "5.00", "提供服务", "服务到位"]):
        cell.text = text
    rows = [["1、窗口服务", "5.00", "窗口受理", "按时办结", "办结率", "≥95%", "90%-94%", "80%-89%", "<80%"], ["", "", "", "", "满意率", "≥95%", "90%-94%", "80%-89%", "<80%"]]
    for row, values in zip(table.rows[3:], rows):
        for cell, text in zip(row.cells, values):
            cell.text = text
    table.cell(3, 0).merge(table.cell(4, 0))  # the activity's name cell runs down beside its second indicator
    for text in ("八、名词解释", "1、基本支出：指保障机构运转的支出。", "九、其他需要说明的事项", "无。"):
        document.add_paragraph(text)
    path = tmp_path / "merged.docx"
    document.save(str(path))
    extraction = extract_docx(path)
    duty = extraction.document.data["performance"]["duties"][0]
    assert [a["name"] for a in duty["activities"]] == ["窗口服务"]
    assert [i["name"] for i in duty["activities"][0]["indicators"]] == ["办结率", "满意率"]
    assert duty["activities"][0]["indicators"][1]["grades"]["差"] == "<80%"


def test_a_draft_with_tracked_changes_is_read_as_word_shows_it_with_the_changes_accepted(tmp_path):
    """python-docx's text leaves out inserted runs (w:ins) and so did the reader: a draft whose accountant typed the
    new figure as a tracked change was read without it. Inserted runs are read, deleted ones (w:del) are not, in
    paragraphs and in table cells alike."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def changed(paragraph, inserted: str, deleted: str) -> None:
        paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
        paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))

    document = docx.Document()
    document.add_paragraph("某局2019年部门预算公开说明")
    sentence = document.add_paragraph("2019年“三公”经费预算")
    changed(sentence, "1.15万元", "1.25万元")
    sentence.add_run("，其中因公出国（境）费0万元；公务用车运行费1.10万元；公务接待费0.05万元。")
    cell = document.add_table(rows=1, cols=2).rows[0].cells
    cell[0].text = "合计"
    changed(cell[1].paragraphs[0], "1.15", "1.25")
    path = tmp_path / "draft.docx"
    document.save(str(path))
    extraction = extract_docx(path)
    claims = extraction.document.data["narrative"]["claims"]
    assert [(claim["subject"], str(claim["amount"])) for claim in claims][:1] == [("“三公”经费", "1.15")]
    assert "1.25" not in str(extraction.document.data)
    from budgetcheck.ingest.narrative.docx_source import docx_blocks
    from budgetcheck.ingest.limits import DEFAULT_LIMITS

    rows = [block for block in docx_blocks(path, DEFAULT_LIMITS) if isinstance(block, Row)]
    assert [[cell.raw for cell in row.cells] for row in rows] == [["合计", "1.15"]]


def test_paragraphs_and_tables_inside_content_controls_are_read(tmp_path):
    """A bureau's fill-in template puts its fields in block-level content controls (w:sdt); the body's children stop
    at them, and their paragraphs and tables were not read at all (the 三公 sentence and its table here)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from budgetcheck.ingest.limits import DEFAULT_LIMITS
    from budgetcheck.ingest.narrative.docx_source import docx_blocks
    from budgetcheck.ingest.tables.docx import grids_from_docx
    from budgetcheck.ingest.tables.vocabulary import load

    document = docx.Document()
    document.add_paragraph("某局2019年部门预算公开说明")
    body = document.element.body
    control = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
    body.insert(len(body) - 1, control)  # before the section properties
    content = control[1]
    paragraph = document.add_paragraph("2019年“三公”经费预算1.15万元。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "合计", "1.15"
    content.append(paragraph._p)
    content.append(table._tbl)
    path = tmp_path / "controls.docx"
    document.save(str(path))
    blocks = docx_blocks(path, DEFAULT_LIMITS)
    assert [block.cell.raw if not isinstance(block, Row) else [c.raw for c in block.cells] for block in blocks] == [
        "某局2019年部门预算公开说明", "2019年“三公”经费预算1.15万元。", ["合计", "1.15"]
    ]
    assert len(grids_from_docx(path, load())) == 1
    claims = extract_docx(path).document.data["narrative"]["claims"]
    assert [(claim["subject"], str(claim["amount"])) for claim in claims] == [("“三公”经费", "1.15")]


def test_a_docx_of_no_known_template_reads_wan_alone_as_the_text_does(tmp_path):
    """万 printed alone (合计为1000.86万，其中…) is 万元 in a text of no known template, in Word as in a text file."""
    text = (
        "青溪区文化中心2023年“三公”经费决算情况说明\n"
        "2023年“三公”经费决算数合计为100.86万，其中：公务接待费20.36万元、公务用车运行维护费80.50万元。\n"
    )
    source = tmp_path / "wan.txt"
    source.write_text(text, encoding="utf-8")
    from_text = extract_path(source).document.data["narrative"]
    from_word = extract_path(render_docx(text, tmp_path / "wan.docx")).document.data["narrative"]
    assert [str(claim.get("amount")) for claim in from_text["claims"]][:1] == ["100.86"]
    assert _said(from_word) == _said(from_text)


@pytest.mark.parametrize(("public", "errors"), [("20.00", []), ("10.00", ["CLM-SUM-001"])])
def test_a_qi_zhong_list_goes_on_in_the_word_paragraphs_of_its_parts_but_not_past_a_heading(public, errors, tmp_path):
    """基本支出100.00万元,其中: then a Word paragraph a part (人员经费…, 公用经费…): the list goes on, as in a text file; the
    same figure after a heading paragraph is no part."""
    document = docx.Document()
    for paragraph in ("某局2023年部门决算公开说明", "六、一般公共预算财政拨款基本支出情况说明", "2023年一般公共预算财政拨款基本支出100.00万元,其中:",
                      "人员经费80.00万元,主要包括:基本工资、津贴补贴。", f"公用经费{public}万元,主要包括:办公费、印刷费。", "七、其他情况说明",
                      "公务接待费5.00万元,主要用于接待。"):
        document.add_paragraph(paragraph)
    path = tmp_path / "list.docx"
    document.save(str(path))
    claims = extract_docx(path).document.data["narrative"]["claims"]
    assert [claim["subject"] for claim in claims if claim.get("part_of")] == ["人员经费", "公用经费"]
    _code, report = run_json("check", str(path))
    assert [f["rule"] for f in report["documents"][0]["findings"] if f["severity"] == "error"] == errors
