"""The PDF reader on small PDFs made in the test (Chinese text in an embedded font, see makepdf): a table
split across pages, a 元 table beside a 万元 sentence, an empty table with and without its note, a text cell
in a figure column, a scanned page, an encrypted file, files that are not PDFs, a PDF that hangs PDFium."""

from __future__ import annotations

import mmap
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck import codes
from budgetcheck.findings import PagePlace
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.pdf.document import read_document
from budgetcheck.ingest.pdf.grids import grids_of
from budgetcheck.ingest.pdf.model import PdfInputError
from budgetcheck.ingest.pdf.reader import Budget, read_pdf, read_pdf_guarded
from budgetcheck.ingest.tables.document import read_grids
from tests.conftest import REAL
from tests.ingest.pdf.makepdf import form_bomb, furnished, rescanned, rotated, scanned_pdf, table_pdf, turned_pdf, watermarked


def _tables(path: Path):
    return read_grids(grids_of(read_document(path).tables), year=2025)


def test_a_table_split_across_pages_is_one_table_its_repeated_header_dropped(tmp_path):
    pdf = read_document(table_pdf(tmp_path / "split.pdf"))
    (table,) = pdf.tables
    assert len(table.pages) >= 2 and table.repeated_headers == 3 * (len(table.pages) - 1) and not table.problems
    assert table.unit == "元" and table.title.text.strip() == "2025年部门支出预算总表"
    assert table.labels[0] == ["项目", "功能分类科目编码", "类"] and table.labels[6] == ["支出预算", "项目支出"]
    tables = read_grids(grids_of(pdf.tables), year=2025)
    assert [(part.key, part.state) for part in tables.coverage if part.state != "absent"] == [("tables/expenditure_summary", "read")]
    data = tables.data["expenditure_summary"]
    assert len(data["rows"]) == 42 and data["totals"]["total"]["total"] == Decimal("2460000.00")
    assert data["rows"][-1]["code"] == "2010140" and data["rows"][-1]["project"] == Decimal("80000.00")
    place = tables.positions["/tables/expenditure_summary/rows/41/project"]
    assert isinstance(place, PagePlace) and place.page == len(table.pages) and place.bbox is not None
    assert str(place) == f"第 {place.page} 页，2025年部门支出预算总表，2010140 科目40 行，支出预算/项目支出 列"


def test_a_yuan_table_beside_a_wanyuan_sentence_keeps_each_unit(tmp_path):
    pdf = read_document(table_pdf(tmp_path / "units.pdf", rows=5))
    assert "9,101.68万元" in pdf.pages[0].lines[0].text
    tables = read_grids(grids_of(pdf.tables), year=2025)
    assert tables.data["expenditure_summary"]["unit"] == "元"
    assert tables.data["expenditure_summary"]["totals"]["total"]["total"] == Decimal("45000.00")


def test_a_text_cell_in_a_figure_column_is_never_zero(tmp_path):
    tables = _tables(table_pdf(tmp_path / "text.pdf", rows=5, text_cell="详见说明"))
    (part,) = [part for part in tables.coverage if part.key == "tables/expenditure_summary"]
    assert part.state == "partly_read" and "数字栏中是文字" in part.reason_zh
    notes = [note for note in tables.diagnostics if "CELL-TEXT" in note.message_zh]
    assert notes and isinstance(notes[0].locations[0], PagePlace) and notes[0].locations[0].page == 1
    assert not any(row.get("project") == Decimal(0) for row in tables.data["expenditure_summary"]["rows"])


@pytest.mark.parametrize("note", [True, False])
def test_an_empty_table_is_read_as_empty_with_or_without_its_note(tmp_path, note):
    tables = _tables(table_pdf(tmp_path / "empty.pdf", empty=True, note=note))
    data = tables.data["expenditure_summary"]
    assert data["empty"] is True and data["rows"] == []
    assert (data["empty_note"] is not None) == note


def test_a_scanned_page_has_no_text_and_no_table(tmp_path):
    source = table_pdf(tmp_path / "t.pdf", rows=5)
    pdf = read_document(scanned_pdf(tmp_path / "scan.pdf", source))
    assert [page.scanned for page in pdf.pages] == [True] and pdf.tables == [] and not pdf.pages[0].lines


def test_an_encrypted_pdf_is_a_located_input_error(tmp_path):
    path = table_pdf(tmp_path / "locked.pdf", rows=5, password="secret")
    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.code is codes.INPUT_PDF_ENCRYPTED and "locked.pdf" in caught.value.message_zh


@pytest.mark.parametrize(
    "content, code",
    [(b"hello, not a PDF", codes.INPUT_PDF_NOT_PDF), ("这是一个文本文件".encode() * 50, codes.INPUT_PDF_NOT_PDF),
     (b"%PDF-1.7\n" + bytes(range(256)) * 40, codes.INPUT_PDF_BROKEN)],
)  # fmt: skip
def test_a_file_named_pdf_that_is_not_one_or_is_broken_is_a_located_input_error(tmp_path, content, code):
    (tmp_path / "x.pdf").write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read_document(tmp_path / "x.pdf")
    assert caught.value.code is code and "x.pdf" in caught.value.message_zh


def test_a_truncated_pdf_is_broken(tmp_path):
    whole = table_pdf(tmp_path / "whole.pdf", rows=5).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IngestError) as caught:
        read_document(tmp_path / "cut.pdf")
    assert caught.value.code is codes.INPUT_PDF_BROKEN


def test_a_pdf_that_hangs_pdfium_is_stopped_at_its_time_budget():
    with pytest.raises(PdfInputError) as caught:
        read_pdf_guarded(form_bomb(), "bomb.pdf", Budget(seconds=1.5))
    assert caught.value.code == "PDF-TIME-BUDGET"


def test_the_memory_budget_is_what_the_reading_may_add_to_a_large_process(tmp_path):
    """A process that already holds more address space than the budget (a service, a long test run) still reads a
    PDF: the child's cap is what it starts with plus the budget (it was 2 GiB in all, and every PDF failed there)."""
    data = table_pdf(tmp_path / "t.pdf", rows=5).read_bytes()
    held = mmap.mmap(-1, 3 << 30)  # 3 GiB of address space reserved, no page touched: no memory used
    try:
        document = read_pdf_guarded(data, "t.pdf", Budget(seconds=30))
        with pytest.raises(PdfInputError) as caught:  # the bomb keeps reading until its time, as in a small process
            read_pdf_guarded(form_bomb(), "bomb.pdf", Budget(seconds=1.5))
    finally:
        held.close()
    assert document.pages and document.tables
    assert caught.value.code == "PDF-TIME-BUDGET"


def test_the_memory_budget_still_stops_a_reading_that_needs_more(tmp_path):
    with pytest.raises(PdfInputError) as caught:
        read_pdf_guarded(form_bomb(), "bomb.pdf", Budget(seconds=30, memory=16 << 20))
    assert caught.value.code in ("PDF-MEMORY-BUDGET", "PDF-FAILED")  # not the time budget: stopped by its memory


def test_the_page_budget_turns_a_long_pdf_into_an_error(tmp_path):
    data = table_pdf(tmp_path / "long.pdf", rows=60).read_bytes()
    with pytest.raises(PdfInputError) as caught:
        read_pdf(data, "long.pdf", Budget(pages=1))
    assert caught.value.code == "PDF-TOO-MANY-PAGES"


def test_the_guarded_read_equals_the_direct_read(tmp_path):
    data = table_pdf(tmp_path / "t.pdf", rows=5).read_bytes()
    direct, guarded = read_pdf(data, "t.pdf"), read_pdf_guarded(data, "t.pdf")
    assert [line.text for page in direct.pages for line in page.lines] == [line.text for page in guarded.pages for line in page.lines]
    assert [[c.text if c else None for c in row] for row in direct.tables[0].rows] == [[c.text if c else None for c in row] for row in guarded.tables[0].rows]


def test_a_pdf_over_its_time_budget_is_an_invalid_row_and_the_batch_goes_on(tmp_path):
    import budgetcheck
    from budgetcheck.ingest.limits import Limits

    (tmp_path / "bomb.pdf").write_bytes(form_bomb())
    table_pdf(tmp_path / "fine.pdf", rows=3)
    results = list(budgetcheck.iter_check([tmp_path], limits=Limits(pdf_seconds=1.5)))
    by_name = {Path(result.source).name: result for result in results}
    assert by_name["bomb.pdf"].status == "invalid" and [f.rule for f in by_name["bomb.pdf"].findings] == ["INPUT-PDF-BUDGET"]
    assert "bomb.pdf" in by_name["bomb.pdf"].findings[0].message_zh
    fine = by_name["fine.pdf"]  # read: a table alone is no known template, checked by the generic rules
    assert fine.status != "invalid" and "EXTRACT-GENERIC" in [d.rule for d in fine.diagnostics]


def test_a_document_timeout_shorter_than_the_pdf_budget_stops_the_reading_child_and_does_not_wait_for_it(tmp_path):
    """The document's own time (--timeout) runs out while PDFium reads in the child: the child is killed, the
    document is an INPUT-TIMEOUT row at once, never after the hanging read would have ended."""
    import time

    import budgetcheck
    from budgetcheck.ingest.limits import Limits

    (tmp_path / "bomb.pdf").write_bytes(form_bomb())
    started = time.monotonic()
    results = list(budgetcheck.iter_check([tmp_path / "bomb.pdf"], limits=Limits(timeout=1.0, pdf_seconds=60.0)))
    assert time.monotonic() - started < 20
    assert [f.rule for f in results[0].findings] == ["INPUT-TIMEOUT"]


def test_a_standard_table_the_text_shows_and_the_tables_reading_did_not_give_stays_unread_not_missing():
    """The tables of another reading (a PDF's ruled tables, a .docx's, the paired workbook's) replace the text's, but a
    standard table the text recognised (as layout text, or named by the contents) that the other reading gave no entry
    is in the document, unread: without it, TAB-REQ would say the table is not published. A table of the same kind
    keeps the other reading's entry; a table of no standard kind is not carried over."""
    from budgetcheck.coverage import ABSENT, READ, RECOGNISED_NOT_READ, Coverage, PartCoverage

    text = Coverage((), (
        PartCoverage("tables/budget_summary", "2025年部门财务收支预算总表", RECOGNISED_NOT_READ),
        PartCoverage("tables/income_summary", "2025年部门收入预算总表", RECOGNISED_NOT_READ),
        PartCoverage("table-3", "某某明细表", RECOGNISED_NOT_READ),
    ))  # fmt: skip
    other = (PartCoverage("tables/budget_summary", "部门财务收支预算总表", READ), PartCoverage("tables/income_summary", "部门收入总表", ABSENT))
    merged = text.with_tables(other)
    assert [(t.key, t.state) for t in merged.tables] == [("tables/budget_summary", READ), ("tables/income_summary", RECOGNISED_NOT_READ)]
    assert "tables/income_summary" in merged.unread() and "tables/budget_summary" not in merged.unread()


def _table_states(path: Path) -> tuple[dict, list]:
    pdf = read_document(path)
    tables = read_grids(grids_of(pdf.tables, pdf.pages), year=2025)
    states = {part.key: part.state for part in tables.coverage if part.state != "absent"}
    return states, [note.message_en for note in tables.diagnostics]


def test_a_table_that_may_go_on_onto_a_page_without_text_is_not_read(tmp_path):
    """A table running to the foot of its page, the next page a scan: its rows there are unseen, so its sums would
    be checked on a part of it (a real 基本支出 table cut so gave a false TAB-HIER-001). Not read, and said why."""
    whole = table_pdf(tmp_path / "whole.pdf")
    pages = len(read_document(whole).pages)
    assert pages >= 2 and _table_states(whole)[0] == {"tables/expenditure_summary": "read"}
    states, notes = _table_states(rescanned(tmp_path / "cut.pdf", whole, {pages}))
    assert states == {"tables/expenditure_summary": "recognised_not_read"}
    assert [note for note in notes if "TABLE-CUT-BY-SCAN" in note] == [f"2025年部门支出预算总表: the table may go on onto page {pages}, which has no text layer (TABLE-CUT-BY-SCAN)"]


def test_a_table_that_ends_above_the_foot_of_its_page_is_read_whatever_page_follows(tmp_path):
    short = table_pdf(tmp_path / "short.pdf", rows=5)
    states, notes = _table_states(rescanned(tmp_path / "then-scan.pdf", short, set(), extra=1))
    assert states == {"tables/expenditure_summary": "read"} and not [note for note in notes if "CUT" in note]


@pytest.mark.skipif(not (REAL / "putuo-govoffice-2025-budget.pdf").is_file(), reason="the reference documents are not present")
def test_a_real_budget_whose_last_pages_are_scans_has_no_finding_from_the_cut_table(tmp_path):
    """The govoffice budget with pages 19–22 as images: its 基本支出 table (pages 18–19) was checked on page 18's rows
    and gave TAB-HIER-001 (302 商品和服务支出 1,932,777.54 against 279,400.00 seen). The table is not read now."""
    import budgetcheck

    path = rescanned(tmp_path / "mixed.pdf", REAL / "putuo-govoffice-2025-budget.pdf", {19, 20, 21, 22})
    result = budgetcheck.check_paths([path]).documents[0]
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    assert any("TABLE-CUT-BY-SCAN" in note.message_zh and "基本支出" in note.message_zh for note in result.diagnostics)



@pytest.mark.skipif(not (REAL / "putuo-socialwork-2024-final.txt").is_file(), reason="the reference documents are not present")
def test_a_part_whose_text_may_be_on_a_scanned_page_is_partly_read_not_empty(tmp_path):
    """The socialwork 决算 as a PDF, its （二）政府采购支出情况 heading the last line of a page, the next page a scan and
    the part's text gone with it (as it is on the scan): the part was read as a heading without text, a false
    SCHEMA-REQUIRED and SHF-CMP-003 (“没有文字”). Now it is partly read, the page named, and nothing is said of it."""
    import budgetcheck
    from tests.ingest.pdf.makepdf import text_pdf

    lines = (REAL / "putuo-socialwork-2024-final.txt").read_text(encoding="utf-8").split("\n")
    heading = next(i for i, line in enumerate(lines) if line.strip() == "（二）政府采购支出情况")
    following = next(i for i, line in enumerate(lines) if line.strip().startswith("（三）国有资产占有使用情况"))
    before = lines[: heading + 1]
    before += [""] * (-len(before) % 60)
    path = text_pdf(tmp_path / "cut.pdf", before + lines[following:], scanned_after=len(before) // 60)
    result = budgetcheck.check_paths([path]).documents[0]
    part = result.coverage.part("procurement")
    assert part.state == "partly_read" and f"第 {len(before) // 60 + 1} 页无文字层" in part.reason_zh
    assert not [f.rule for f in result.findings if any(path.startswith("/procurement") for path in f.paths)]



@pytest.mark.parametrize("turn", [90, 180, 270])
def test_text_set_turned_on_a_page_shown_upright_reads_as_the_plain_layout(tmp_path, turn):
    """A landscape page drawn up (or down) a portrait page that /Rotate shows upright: its characters are placed turned
    in the page's own space. They were read as columns of single characters or backwards (the sample so set: 49, 22 and 27 false warnings);
    now the text is turned back by the turn most of its characters are set at, and reads as the plain layout."""
    from budgetcheck.ingest.pdf.lines import layout_text
    from tests.conftest import FIXTURES

    lines = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8").split("\n")[:200]
    plain = layout_text(read_document(turned_pdf(tmp_path / "plain.pdf", lines, 0)))[0]
    assert "按照《中华人民共和国预算法》" in plain
    assert layout_text(read_document(turned_pdf(tmp_path / "turned.pdf", lines, turn)))[0] == plain


def test_a_page_turned_by_rotate_alone_keeps_every_character_and_its_table(tmp_path):
    """/Rotate 90 on a page whose text runs across its own space: the page box was taken as shown (width and height
    swapped), the characters past it dropped as hidden, the table and sentences cut (false TAB-HIER-001, CLM-SUM-001
    on the govoffice budget so turned)."""
    whole = table_pdf(tmp_path / "whole.pdf")
    plain = read_document(whole)
    turned = read_document(rotated(tmp_path / "turned.pdf", whole, 90))
    assert [page.hidden for page in turned.pages] == [page.hidden for page in plain.pages]
    assert [[line.text for line in page.lines] for page in turned.pages] == [[line.text for line in page.lines] for page in plain.pages]
    assert _table_states(tmp_path / "turned.pdf")[0] == {"tables/expenditure_summary": "read"}



@pytest.mark.parametrize("footer", ["第 {n} 页 共 {total} 页", "- {n} -", "{n}"])
def test_running_headers_and_footers_are_no_part_of_the_text(tmp_path, footer):
    """A header over every page splits each sentence that runs on to the next page (the govoffice budget so furnished:
    three “paragraphs not ending with a sentence mark”), a footer's figures were unmapped numbers (69/69 became 79/87).
    Both are taken out; the first line of each page, in the same zone but never the same, stays."""
    from budgetcheck.ingest.pdf.lines import layout_text
    from tests.conftest import FIXTURES
    from tests.ingest.pdf.makepdf import text_pdf

    lines = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8").split("\n")[:240]
    plain = text_pdf(tmp_path / "plain.pdf", lines)
    furnished_pdf = read_document(furnished(tmp_path / "furnished.pdf", plain, "山海关区西关街道办事处2019年部门预算公开", footer))
    assert layout_text(furnished_pdf)[0] == layout_text(read_document(plain))[0]
    assert [page.furniture for page in furnished_pdf.pages] == [2, 2, 2, 2]



@pytest.mark.parametrize("angle", [0, 30, 45, 60, -45])
def test_a_watermark_set_aslant_is_no_part_of_the_text_or_the_tables(tmp_path, angle):
    """普陀区财政局公开文件 three times across each page at 35°: its letters landed inside the lines and the cells (the
    govoffice budget: tables 0/9 read, a false CLM-SUM-001 on “1公01.”). Characters set more than 5° from every
    quarter turn are dropped; so are faint characters 2.5 times the page's median height (the mark set level: the
    govoffice budget's tables were 0/9 read). The page reads as without the mark."""
    whole = table_pdf(tmp_path / "whole.pdf")
    marked = watermarked(tmp_path / "marked.pdf", whole, "普陀区财政局公开文件", angle)
    plain, read = read_document(whole), read_document(marked)
    assert [[line.text for line in page.lines] for page in read.pages] == [[line.text for line in page.lines] for page in plain.pages]
    assert _table_states(marked)[0] == {"tables/expenditure_summary": "read"}
    assert not any(page.scanned for page in read.pages)


def test_a_scan_under_an_aslant_watermark_is_still_a_page_without_text(tmp_path):
    source = table_pdf(tmp_path / "t.pdf", rows=5)
    scan = watermarked(tmp_path / "marked-scan.pdf", scanned_pdf(tmp_path / "scan.pdf", source), "仅供参考", 45)
    assert [page.scanned for page in read_document(scan).pages] == [True]


def test_a_scan_with_an_ocr_layer_is_read_as_a_scan_not_as_its_recognised_text(tmp_path):
    """A page that is an image under invisible text (render mode 3: a scanner's OCR) holds what a recogniser guessed:
    its figures would be checked as the document's. It is a page without text, said so (EXTRACT-PDF-OCR); a PDF of
    such pages only cannot be checked, and says why."""
    import budgetcheck
    from tests.conftest import FIXTURES
    from tests.ingest.pdf.makepdf import ocr_pdf

    lines = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8").split("\n")[:180]
    pdf = read_document(ocr_pdf(tmp_path / "one.pdf", lines, {2}))
    assert [(page.scanned, page.ocr, bool(page.lines)) for page in pdf.pages] == [(False, False, True), (True, True, False), (False, False, True)]
    result = budgetcheck.check_paths([tmp_path / "one.pdf"]).documents[0]
    assert [(note.rule, note.message_zh[:14]) for note in result.diagnostics if note.rule.startswith("EXTRACT-PDF")] == [("EXTRACT-PDF-OCR", "第 2 页是扫描图像，其文字")]
    whole = budgetcheck.check_paths([ocr_pdf(tmp_path / "all.pdf", lines, {1, 2, 3})]).documents[0]
    assert whole.status == "invalid" and "识别（OCR）" in whole.findings[0].message_zh
    plain = read_document(ocr_pdf(tmp_path / "none.pdf", lines, set()))
    assert not any(page.scanned or page.ocr for page in plain.pages)



def test_a_large_dark_title_is_kept_while_a_faint_one_of_the_same_size_is_a_watermark(tmp_path):
    from reportlab.pdfgen import canvas

    from tests.ingest.pdf.makepdf import FONT, register

    register()
    path = tmp_path / "titles.pdf"
    sheet = canvas.Canvas(str(path))
    sheet.setFont(FONT, 36)
    sheet.drawString(40, 760, "部门预算公开")
    sheet.setFillGray(0.7)
    sheet.drawString(40, 400, "仅供参考")
    sheet.setFillGray(0)
    sheet.setFont(FONT, 10)
    for row in range(30):
        sheet.drawString(40, 700 - row * 12, f"第{row}行正文，本部门2025年收入预算100.00万元。")
    sheet.save()
    lines = [line.text for line in read_document(path).pages[0].lines]
    assert "部门预算公开" in lines and not any(char in line for line in lines for char in "仅供参考")



def test_text_that_cannot_be_decoded_is_a_page_without_text_not_a_page_of_nothing(tmp_path):
    """A font without a usable Unicode map gives private-use characters for every letter: the sample so set was read
    as a text of nothing and passed, with no finding. Such a page is a page without text, said so
    (EXTRACT-PDF-UNDECODABLE); a PDF of such pages only cannot be checked."""
    import pypdfium2 as pdfium

    import budgetcheck
    from tests.conftest import FIXTURES
    from tests.ingest.pdf.makepdf import text_pdf, undecodable_pdf

    lines = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8").split("\n")[:120]
    garbled = undecodable_pdf(tmp_path / "garbled.pdf", lines)
    whole = budgetcheck.check_paths([garbled]).documents[0]
    assert whole.status == "invalid" and "无法解码" in whole.findings[0].message_zh
    plain = pdfium.PdfDocument(str(text_pdf(tmp_path / "plain.pdf", lines)))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(plain, [0])
    mixed.import_pages(pdfium.PdfDocument(str(garbled)), [1])
    mixed.save(str(tmp_path / "mixed.pdf"))
    pdf = read_document(tmp_path / "mixed.pdf")
    assert [(page.scanned, page.undecodable, bool(page.lines)) for page in pdf.pages] == [(False, False, True), (True, True, False)]
    result = budgetcheck.check_paths([tmp_path / "mixed.pdf"]).documents[0]
    assert [note.rule for note in result.diagnostics if note.rule.startswith("EXTRACT-PDF")] == ["EXTRACT-PDF-UNDECODABLE"]



def test_a_pdf_table_ruled_round_its_own_title_reads_as_one_with_the_title_above(tmp_path):
    """The title and 单位：元 set as the table's first rows, ruled, one cell across: the table had no title above it and
    was not recognised (“no title above the table”). The rows are lifted above it; it reads as the usual layout."""
    plain = _table_states(table_pdf(tmp_path / "plain.pdf", rows=5))[0]
    inside = table_pdf(tmp_path / "inside.pdf", rows=5, title_inside=True)
    assert _table_states(inside)[0] == plain == {"tables/expenditure_summary": "read"}
    one = read_grids(grids_of(read_document(tmp_path / "plain.pdf").tables), year=2025).data
    two = read_grids(grids_of(read_document(inside).tables), year=2025).data
    assert one == two


def test_the_text_of_a_ruled_table_is_not_prose_for_the_text_rules(tmp_path):
    """A header cell too narrow for its name wraps it inside the ruling (因公出国（ | 境）费): on a text of no known
    template, whose reader keeps every line it did not read as prose, each half gave TXT-PAIR-001 (a bracket without
    its partner). A line inside a ruled table is the table's, not the text's."""
    import budgetcheck
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from budgetcheck.pipeline import check_path
    from tests.ingest.pdf.makepdf import FONT, register

    register()
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=13, wordWrap="CJK")
    table = Table(
        [["合计", Paragraph("因公出国（境）费", style), "公务接待费"], ["3.00", "0.00", "3.00"]], colWidths=[60, 62, 70]
    )
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    path = tmp_path / "ruled.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("2025年“三公”经费支出情况表", style), Paragraph("单位：万元", style), table])
    registry = budgetcheck.load_registry()
    result = check_path(path, registry, pack=budgetcheck.load_pack(registry))
    assert not [finding.rule for finding in result.findings if finding.rule.startswith("TXT-")]
    from budgetcheck.ingest.pdf.document import load_pdf

    assert not any("因公出国" in text or "境）费" in text for text in load_pdf(path).data["unplaced"])
