"""Small disclosure PDFs made in the tests with reportlab (BSD), their Chinese text set in an embedded CJK
font, so that what PDFium reads does not depend on the fonts of the machine running the tests.

PDFium drops single-glyph text in a CJK font that a PDF does not embed unless a CJK system font is installed
(reportlab's built-in STSong-Light is never embedded), so the font is embedded: WenQuanYi Micro Hei
(Debian `fonts-wqy-microhei`, Apache-2.0 or GPL-3 with the font exception; a test-only file, never shipped).
.ci/run installs it. Without it these tests fail, saying so: they never skip, or CI would pass on no
Chinese at all."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

FONT_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",)
FONT = "WQY"


def font_file() -> str:
    for path in FONT_FILES:
        if Path(path).is_file():
            return path
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found and Path(found).suffix.lower() in (".ttf", ".ttc", ".otf") and Path(found).is_file():
        return found
    pytest.fail("no CJK font to embed in the test PDFs: install fonts-wqy-microhei (apt-get install -y fonts-wqy-microhei), as .ci/run does")


def register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = font_file()
        pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(FONT, path))


HEAD = [
    ["项目", "", "", "", "支出预算", "", ""],
    ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", "", "", "", ""],
]


def expenditure_table(rows: int = 40, text_cell: str | None = None, empty: bool = False):
    """A 支出预算总表 over `rows` 项 rows of 201 01 (one 类, one 款 above them), in 元, header repeated on each page."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    items = [
        ["201", "01", f"{i + 1:02d}", f"科目{i + 1}", f"{3000 * (i + 1):,.2f}", f"{1000 * (i + 1):,.2f}", text_cell if text_cell and i == 2 else f"{2000 * (i + 1):,.2f}"]
        for i in range(rows)
    ]
    total = 3000 * rows * (rows + 1) // 2
    upper = [["201", "", "", "一般公共服务支出", f"{total:,.2f}", f"{total // 3:,.2f}", f"{2 * total // 3:,.2f}"],
             ["201", "01", "", "人大事务", f"{total:,.2f}", f"{total // 3:,.2f}", f"{2 * total // 3:,.2f}"]]
    body = [] if empty else upper + items
    last = ["合计", "", "", "", "" if empty else f"{total:,.2f}", "" if empty else f"{total // 3:,.2f}", "" if empty else f"{2 * total // 3:,.2f}"]
    table = Table([*HEAD, *body, last], colWidths=[40, 40, 40, 260, 110, 110, 110], repeatRows=3)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("SPAN", (0, 0), (3, 0)), ("SPAN", (4, 0), (6, 0)), ("SPAN", (0, 1), (2, 1)), ("SPAN", (3, 1), (3, 2)),
        ("SPAN", (4, 1), (4, 2)), ("SPAN", (5, 1), (5, 2)), ("SPAN", (6, 1), (6, 2)), ("SPAN", (0, -1), (3, -1)),
    ]))  # fmt: skip
    return table


def table_pdf(path: Path, rows: int = 40, text_cell: str | None = None, empty: bool = False, note: bool = True, password: str | None = None, title_inside: bool = False) -> Path:
    """A 万元 sentence, the title, 单位：元 and the table; an empty table with or without its note; with `title_inside`
    the title and the unit line are the table's own first two rows, ruled, each one cell across."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
    story = [
        Paragraph("2025年，本部门支出预算9,101.68万元。", body),
        Paragraph("2025年部门支出预算总表", body),
        Paragraph("单位：元", body),
        expenditure_table(rows, text_cell, empty),
    ]
    if title_inside:
        story = [story[0], _titled_inside(story[3], ["2025年部门支出预算总表", "单位：元"])]
    if empty and note:
        story.append(Paragraph("注:本部门2025年无此项预算，故本表为空表。", body))
    encrypt = None
    if password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, "owner", strength=128)
    SimpleDocTemplate(str(path), pagesize=landscape(A4), encrypt=encrypt).build(story)
    return path


def _titled_inside(table, lines: list[str]):
    """`table` (expenditure_table's) with `lines` as its first rows, each one ruled cell across, its spans moved down."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    values = table._cellvalues
    width = len(values[0])
    moved = Table([[line] + [""] * (width - 1) for line in lines] + list(values), colWidths=[40, 40, 40, 260, 110, 110, 110], repeatRows=3 + len(lines))
    spans = [("SPAN", (0, index), (-1, index)) for index in range(len(lines))]
    last = len(lines) + len(values) - 1
    for (c0, r0), (c1, r1) in (((0, 0), (3, 0)), ((4, 0), (6, 0)), ((0, 1), (2, 1)), ((3, 1), (3, 2)), ((4, 1), (4, 2)), ((5, 1), (5, 2)), ((6, 1), (6, 2))):
        spans.append(("SPAN", (c0, r0 + len(lines)), (c1, r1 + len(lines))))
    spans.append(("SPAN", (0, last), (3, last)))
    moved.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.black), *spans]))
    return moved


def scanned_pdf(path: Path, source: Path, pages: int = 1) -> Path:
    """The first page of `source` rendered to an image and placed as the only content of each page."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = pdfium.PdfDocument(str(source))[0].render(scale=1).to_pil()
    sheet = canvas.Canvas(str(path), pagesize=image.size)
    for _ in range(pages):
        sheet.drawImage(ImageReader(image), 0, 0, *image.size)
        sheet.showPage()
    sheet.save()
    return path


def turned_pdf(path: Path, lines: list[str], turn: int, per_page: int = 45) -> Path:
    """`lines` on landscape pages (842 × 595) as text_pdf sets them, drawn turned by `turn` degrees counter-clockwise
    on pages that /Rotate shows upright again (a landscape table on a portrait page); `turn` 0 is the plain layout."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    register()
    width, height = 842, 595
    page = (height, width) if turn in (90, 270) else (width, height)
    sheet = canvas.Canvas(str(path), pagesize=page)
    for start in range(0, max(len(lines), 1), per_page):
        sheet.saveState()
        sheet.translate(*{0: (0, 0), 90: (page[0], 0), 180: page, 270: (0, page[1])}[turn])
        sheet.rotate(turn)
        sheet.setFont(FONT, 9)
        for row, text in enumerate(lines[start : start + per_page]):
            _monospaced(sheet, text, 30, height - 40 - row * 12)
        sheet.restoreState()
        sheet.showPage()
    sheet.save()
    document = pdfium.PdfDocument(str(path))
    for each in document:
        each.set_rotation((360 - turn) % 360)
    document.save(str(path.with_suffix(".turned")))
    document.close()
    path.with_suffix(".turned").replace(path)
    return path


def rotated(path: Path, source: Path, degrees: int) -> Path:
    """`source` with /Rotate `degrees` on every page: its text still runs across the page's own space, shown turned."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    for page in document:
        page.set_rotation(degrees)
    document.save(str(path))
    document.close()
    return path


def furnished(path: Path, source: Path, header: str, footer: str) -> Path:
    """`source` with a running header over each page and a footer under it (`footer` formatted with the page's
    number n and the count total), laid on each page as a form object."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    register()
    document = pdfium.PdfDocument(str(source))
    count = len(document)
    overlay = path.with_suffix(".overlay")
    sheet = canvas.Canvas(str(overlay))
    for index in range(count):
        width, height = document[index].get_size()
        sheet.setPageSize((width, height))
        sheet.setFont(FONT, 9)
        sheet.drawCentredString(width / 2, height - 20, header)
        sheet.drawCentredString(width / 2, 15, footer.format(n=index + 1, total=count))
        sheet.showPage()
    sheet.save()
    laid = pdfium.PdfDocument(str(overlay))
    for index in range(count):
        page = document[index]
        page.insert_obj(laid.page_as_xobject(index, document).as_pageobject())
        page.gen_content()
    document.save(str(path))
    return path


def watermarked(path: Path, source: Path, mark: str, angle: float) -> Path:
    """`source` with `mark` three times across the middle of each page, set at `angle` degrees in 40 pt grey."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    register()
    document = pdfium.PdfDocument(str(source))
    overlay = path.with_suffix(".overlay")
    sheet = canvas.Canvas(str(overlay))
    for index in range(len(document)):
        width, height = document[index].get_size()
        sheet.setPageSize((width, height))
        sheet.saveState()
        sheet.setFillGray(0.6)
        sheet.setFont(FONT, 40)
        sheet.translate(width / 2, height / 2)
        sheet.rotate(angle)
        for dy in (-150, 0, 150):
            sheet.drawCentredString(0, dy, mark)
        sheet.restoreState()
        sheet.showPage()
    sheet.save()
    laid = pdfium.PdfDocument(str(overlay))
    for index in range(len(document)):
        page = document[index]
        page.insert_obj(laid.page_as_xobject(index, document).as_pageobject())
        page.gen_content()
    document.save(str(path))
    return path


def ocr_pdf(path: Path, lines: list[str], recognised: set[int], per_page: int = 60) -> Path:
    """`lines` on A4 pages as text_pdf sets them; the pages numbered in `recognised` as a scanner's OCR makes them: an
    image of the page under the same text drawn invisible (text render mode 3)."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    register()
    width = max(A4[0], 60 + 5 * max((len(line) * 2 for line in lines), default=0))
    height = A4[1]
    sheet = canvas.Canvas(str(path), pagesize=(width, height))
    for number, start in enumerate(range(0, max(len(lines), 1), per_page), start=1):
        if number in recognised:
            sheet.drawImage(ImageReader(Image.new("RGB", (200, 280), "white")), 0, 0, width, height)
        text = sheet.beginText()
        text.setFont(FONT, 9)
        text.setTextRenderMode(3 if number in recognised else 0)
        for row, line in enumerate(lines[start : start + per_page]):
            column = 0
            for char in line:
                text.setTextOrigin(30 + 5 * column, height - 40 - row * 12)
                text.textOut(char)
                column += 2 if ord(char) > 0x2E7F else 1
        sheet.drawText(text)
        sheet.showPage()
    sheet.save()
    return path


def undecodable_pdf(path: Path, lines: list[str]) -> Path:
    """text_pdf of `lines` whose font's Unicode map (ToUnicode) sends every character to the private use area, as a
    font without a usable map gives: the text reads as U+E000… characters. The map is rewritten in place (same length)."""
    import re

    import reportlab.rl_config as config

    compressed = config.pageCompression
    config.pageCompression = 0  # the map stays readable text
    try:
        text_pdf(path, lines)
    finally:
        config.pageCompression = compressed
    data = path.read_bytes()
    garbled = re.sub(rb"(<[0-9A-F]{2}> )<([0-9A-F]{4})>", lambda m: m.group(1) + (b"<0000>" if m.group(2) == b"0000" else b"<E%03X>" % (int(m.group(2), 16) % 0xFFF)), data)
    assert garbled != data, "no ToUnicode map found to rewrite"
    path.write_bytes(garbled)
    return path


def rescanned(path: Path, source: Path, scan: set[int], extra: int = 0) -> Path:
    """`source` with its pages numbered in `scan` (1-based) replaced by images of themselves, and `extra` image pages
    (of its first page) added at the end: a PDF whose text layer is missing on those pages."""
    import pypdfium2 as pdfium

    original = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    for number in range(1, len(original) + 1):
        if number in scan:
            out.import_pages(pdfium.PdfDocument(str(_scan_of(path.with_suffix(f".{number}.scan"), original, number - 1))))
        else:
            out.import_pages(original, [number - 1])
    for index in range(extra):
        out.import_pages(pdfium.PdfDocument(str(_scan_of(path.with_suffix(f".extra{index}.scan"), original, 0))))
    out.save(str(path))
    return path


def _scan_of(path: Path, document, index: int) -> Path:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = document[index].render(scale=1).to_pil()
    sheet = canvas.Canvas(str(path), pagesize=image.size)
    sheet.drawImage(ImageReader(image), 0, 0, *image.size)
    sheet.showPage()
    sheet.save()
    return path


def _objects(objs: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def form_bomb(levels: int = 8) -> bytes:
    """3 KB that keep PDFium busy for minutes: each form XObject draws the next one 8 times (8^8 leaf draws)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /F 6 0 R >> /Font << /H 5 0 R >> >> >>",
        _stream(b"/F Do"), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    for k in range(levels):
        number = len(objs) + 1
        if k < levels - 1:
            body = b"".join(b"q 1 0 0 1 %d 0 cm /F Do Q " % j for j in range(8))
            resources = b"/Resources << /XObject << /F %d 0 R >> >>" % (number + 1)
        else:
            body = b"BT /H 1 Tf 10 10 Td (x) Tj ET"
            resources = b"/Resources << /Font << /H 5 0 R >> >>"
        objs.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources))
    return _objects(objs)


def _monospaced(sheet, text: str, left: float, baseline: float) -> None:
    """Each character at its column as a text layer's layout sets it (a wide character two columns of 5 pt)."""
    import unicodedata

    column = 0
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        if not char.isspace():
            sheet.drawString(left + 5 * column, baseline, char)
        column += 2 if wide else 1


def text_pdf(path: Path, lines: list[str], scanned_after: int | None = None, per_page: int = 60) -> Path:
    """Each line of a text drawn at its place on A4 pages (a narrative as a PDF export sets it); with
    `scanned_after`, a page holding only an image is inserted after that many pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    register()
    width = max(A4[0], 60 + 5 * max((len(line) * 2 for line in lines), default=0))  # wide enough for the widest line
    height = A4[1]
    sheet = canvas.Canvas(str(path), pagesize=(width, height))
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    for number, page in enumerate(pages, start=1):
        sheet.setFont(FONT, 9)
        for row, text in enumerate(page):
            _monospaced(sheet, text, 30, height - 40 - row * 12)
        sheet.showPage()
        if scanned_after == number:
            from PIL import Image

            image = Image.new("RGB", (400, 300), "white")
            sheet.drawImage(ImageReader(image), 50, 300, 400, 300)
            sheet.showPage()
    sheet.save()
    return path
