"""Ingest stage, PDF: one disclosure PDF as one checked document: its text (laid out like `pdftotext -layout`)
through the narrative extractor, its ruled tables through the shared table reader, one coverage; every place
a page and a box (a table value also its table, row and column labels). A scanned page is a diagnostic and
makes the parts that could be on it 'recognised, not read', never absent. An unusable PDF is a located
IngestError (exit 2)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from budgetcheck import codes
from budgetcheck.coverage import ABSENT, PARTLY_READ, READ, RECOGNISED_NOT_READ, Coverage, PartCoverage
from budgetcheck.findings import Finding, PagePlace
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import read_checked
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.ingest.pdf.grids import grids_of
from budgetcheck.ingest.pdf.lines import layout_text, locate
from budgetcheck.ingest.pdf.model import Document, PdfInputError
from budgetcheck.ingest.pdf.reader import Budget, read_pdf_guarded

_ERRORS = {
    "PDF-NOT-PDF": codes.INPUT_PDF_NOT_PDF,
    "PDF-BROKEN": codes.INPUT_PDF_BROKEN,
    "PDF-ENCRYPTED": codes.INPUT_PDF_ENCRYPTED,
    "PDF-EMPTY": codes.INPUT_PDF_EMPTY,
    "PDF-TOO-MANY-PAGES": codes.INPUT_PDF_BUDGET,
    "PDF-PAGE-BUDGET": codes.INPUT_PDF_BUDGET,
    "PDF-TIME-BUDGET": codes.INPUT_PDF_BUDGET,
    "PDF-MEMORY-BUDGET": codes.INPUT_PDF_BUDGET,
    "PDF-FAILED": codes.INPUT_PDF_FAILED,
}


def pdf_error(error: PdfInputError, source: str) -> IngestError:
    """The reader's error as a catalogued, located IngestError: the file, and the page when one is known."""
    name = Path(source).name
    return IngestError(_ERRORS[error.code], f"{error.message_zh}：{name}（{error.message}）", f"{error.message_en}: {name}")


def read_document(path: Path, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None) -> Document:
    """The PDF read in a killable child within its budget; every failure an IngestError."""
    data = read_checked(path, limits)
    try:
        return read_pdf_guarded(data, str(path), budget or Budget(seconds=limits.pdf_seconds))
    except PdfInputError as error:
        raise pdf_error(error, str(path)) from None


def load_pdf(path: Path, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """The narrative and the tables of a disclosure PDF as one document."""
    from budgetcheck.ingest.disclosure import merge
    from budgetcheck.ingest.narrative import extract_text
    from budgetcheck.ingest.tables.document import read_grids

    pdf = read_document(path, limits)
    text, where = layout_text(pdf)
    scanned = [page.number for page in pdf.pages if page.scanned]
    try:
        document = extract_text(text, str(path)).document
    except IngestError as error:
        if scanned and not any(page.lines for page in pdf.pages):
            if all(page.undecodable for page in pdf.pages if page.scanned):
                raise IngestError(codes.INPUT_PDF_BROKEN, f"PDF 的文字无法解码（第 {'、'.join(map(str, scanned))} 页：字体缺少 Unicode 映射，读出的是私用区或替换字符），无法检查：{path.name}", f"the PDF's text cannot be decoded (pages {', '.join(map(str, scanned))}: its fonts have no usable Unicode map), it cannot be checked: {path.name}") from None
            if all(page.ocr for page in pdf.pages if page.scanned):
                raise IngestError(codes.INPUT_PDF_BROKEN, f"PDF 是扫描件，其文字层是识别（OCR）所得（第 {'、'.join(map(str, scanned))} 页），识别的数字不可靠，无法检查：{path.name}", f"the PDF is a scan whose text layer was recognised (OCR) (pages {', '.join(map(str, scanned))}); recognised figures are not reliable, it cannot be checked: {path.name}") from None
            raise IngestError(codes.INPUT_PDF_BROKEN, f"PDF 没有任何文字层（第 {'、'.join(map(str, scanned))} 页是扫描或图片页面），无法检查：{path.name}", f"the PDF has no text layer at all (pages {', '.join(map(str, scanned))} are scanned or images): {path.name}") from None
        raise _on_page(error, where) from None
    document.kind = "pdf"
    _drop_table_text(document, where)
    if scanned and document.coverage is not None:
        document.coverage = replace(document.coverage, parts=_spanning_scans(document.coverage, where, set(scanned)))
    document.positions = {pointer: _page_place(place, where) for pointer, place in document.positions.items()}
    document.diagnostics = [_relocated(finding, where) for finding in document.diagnostics]
    if document.coverage is not None:
        coverage = document.coverage
        document.coverage = replace(coverage, parts=tuple(_part_on_page(p, where) for p in coverage.parts), tables=tuple(_part_on_page(t, where) for t in coverage.tables))
    if pdf.tables:  # without ruled tables the narrative's own reading of its text stands, as for a .txt
        document = merge(document, read_grids(grids_of(pdf.tables, pdf.pages), year=_year(document)))
    ruled = {page for table in pdf.tables for page in table.pages}
    document.diagnostics = [note for note in document.diagnostics if not _layout_table_note(note, ruled)]
    if scanned:
        document = _with_scanned(document, scanned, {page.number: codes.EXTRACT_PDF_OCR if page.ocr else codes.EXTRACT_PDF_UNDECODABLE for page in pdf.pages if page.ocr or page.undecodable})
    if ruled and document.coverage is not None:
        document.coverage = replace(document.coverage, parts=tuple(_without_layout_tables(part) for part in document.coverage.parts))
    return document


def _drop_table_text(document: SourceDocument, where: list) -> None:
    """Text the narrative extractor left unplaced that begins on a line inside a ruled table is the table's (read by the
    table reader, or reported there as not read), not prose for the text rules: a header cell wrapped as 因公出国（ |
    境）费 gave TXT-PAIR-001 on a text of no known template, whose reader keeps every line it did not read."""
    texts = document.data.get("unplaced")
    if not isinstance(texts, list):
        return
    kept: dict[int, int] = {}
    for index in range(len(texts)):
        place = document.positions.get(f"/unplaced/{index}")
        line = where[place[0] - 1][1] if isinstance(place, tuple) and 1 <= place[0] <= len(where) else None
        if line is None or line.table is None:
            kept[index] = len(kept)
    if len(kept) == len(texts):
        return
    document.data["unplaced"] = [texts[index] for index in kept]
    for table in (document.positions, document.key_positions, document.precision):
        for key in [key for key in table if key.startswith("/unplaced/")]:
            head, _, rest = key[len("/unplaced/") :].partition("/")
            value = table.pop(key)
            if head.isdigit() and int(head) in kept:
                table["/unplaced/" + str(kept[int(head)]) + ("/" + rest if rest else "")] = value


_FED_ZH = re.compile(r"；?其数字还见于表格 .*?，表格未抽取")
_FED_EN = re.compile(r"(?:; )?its figures are also in \d+ table\(s\) from line \d+, not extracted")


def _spanning_scans(coverage: Coverage, where: list, scanned: set[int]) -> tuple[PartCoverage, ...]:
    """A part read from the text around a page without a text layer (from its heading to the next part's or table's)
    may go on there, as a text cut off may (coverage.cut_off): partly read, so rules do not speak of it (an empty
    政府采购 part whose text was on the scanned page; a list numbered 10. on one side and 24. on the other)."""
    starts = sorted({item.line for item in (*coverage.parts, *coverage.tables) if item.line is not None})
    out = []
    for part in coverage.parts:
        if part.state == READ and part.line is not None:
            end = next((line for line in starts if line > part.line), len(where) + 1)
            pages = sorted({where[line - 1][0] for line in range(part.line, min(end, len(where) + 1)) if where[line - 1][1] is None and where[line - 1][0] in scanned})
            if pages:
                shown = "、".join(map(str, pages))
                part = replace(part, state=PARTLY_READ, reason_zh=f"第 {shown} 页无文字层，此部分可能有内容在其上", reason_en=f"page(s) {', '.join(map(str, pages))} have no text layer; part of it may be there")
        out.append(part)
    return tuple(out)


def _without_layout_tables(part: PartCoverage) -> PartCoverage:
    """A part left partly read by figures it did not map keeps that reason alone: 'its figures are also in
    tables not extracted' speaks of the text layer's tables, which the PDF reader reads. A part partly read for that
    reason only stays so (what it leaves to the tables is not read from its text) and says the tables are read apart."""
    if not part.gaps:
        return replace(part, reason_zh=part.reason_zh.replace("，表格未抽取", "（表格另行读取）"), reason_en=part.reason_en.replace(", not extracted", ", read apart"))
    return replace(part, reason_zh=_FED_ZH.sub("", part.reason_zh), reason_en=_FED_EN.sub("", part.reason_en))


def _layout_table_note(note: Finding, ruled: set[int]) -> bool:
    """The narrative extractor's note that a table set as layout text was not read, on a page whose ruled table
    the PDF reader gave the table reader: that table is read (or its own reason given), the note would mislead."""
    place = note.location(0)
    return note.rule == codes.EXTRACT_SECTION_NOT_READ.id and isinstance(place, PagePlace) and place.page in ruled and "表格以版式文本排列" in note.message_zh


def _page_place(place: object, where: list) -> object:
    """A (line, column) of the layout text as the page and box it was read from."""
    if isinstance(place, tuple) and len(place) == 2 and all(isinstance(v, int) for v in place):
        line, column = place
        if 1 <= line <= len(where):
            page, box = locate(where, line, column)
            return PagePlace(page, tuple(round(v, 1) for v in box) if box else None)  # type: ignore[arg-type]
    return place


_LINE = re.compile(r"第 ?(\d+) ?行(?:起)?")
_LINE_EN = re.compile(r"\bline (\d+)")


def _relocated(finding: Finding, where: list) -> Finding:
    """A narrative diagnostic at its page; 'line N' of the layout text in its message becomes 'page P'."""

    def zh(match: re.Match) -> str:
        line = int(match.group(1))
        return f"第 {where[line - 1][0]} 页" if 1 <= line <= len(where) else match.group(0)

    def en(match: re.Match) -> str:
        line = int(match.group(1))
        return f"page {where[line - 1][0]}" if 1 <= line <= len(where) else match.group(0)

    moved = Finding(finding.rule, finding.severity, _LINE.sub(zh, finding.message_zh), _LINE_EN.sub(en, finding.message_en), finding.paths)
    return moved.located(tuple(_page_place(place, where) for place in finding.locations))  # type: ignore[misc]


def _part_on_page(part: PartCoverage, where: list) -> PartCoverage:
    def zh(match: re.Match) -> str:
        line = int(match.group(1))
        return f"第 {where[line - 1][0]} 页" if 1 <= line <= len(where) else match.group(0)

    part = replace(part, reason_zh=_LINE.sub(zh, part.reason_zh), reason_en=_LINE_EN.sub(lambda m: zh(m).replace("第 ", "page ").replace(" 页", ""), part.reason_en))
    if part.line is None or not 1 <= part.line <= len(where):
        return part
    return replace(part, line=None, place=f"第 {where[part.line - 1][0]} 页")


def _on_page(error: IngestError, where: list) -> IngestError:
    if error.line is None or not 1 <= error.line <= len(where):
        return error
    page = where[error.line - 1][0]
    return IngestError(error.code, f"{error.message_zh}（第 {page} 页）", f"{error.message_en} (page {page})", None, None, error.pointer)


def _with_scanned(document: SourceDocument, scanned: list[int], unusable: dict | None = None) -> SourceDocument:
    """Each page without a text layer (or with an OCR layer only, or text that cannot be decoded) as a diagnostic,
    its code from `unusable` by page; the parts and tables not found anywhere could be on those pages, so they are
    'recognised, not read' (never absent: that would make a completeness finding)."""
    pages = "、".join(map(str, scanned))
    notes = [
        (code := (unusable or {}).get(page, codes.EXTRACT_PDF_NO_TEXT)).finding(*code.texts(page=page), (), (PagePlace(page),))
        for page in scanned
    ]

    def unread(part: PartCoverage) -> PartCoverage:
        if part.state != ABSENT:
            return part
        return replace(part, state=RECOGNISED_NOT_READ, reason_zh=f"第 {pages} 页无文字层，可能在其上", reason_en=f"pages {', '.join(map(str, scanned))} have no text layer; it may be there", place=f"第 {scanned[0]} 页")

    coverage = document.coverage or Coverage(())
    tables = tuple(map(unread, coverage.tables)) + _unseen_tables(document, coverage, scanned)
    document.coverage = replace(coverage, parts=tuple(map(unread, coverage.parts)), tables=tables)
    document.diagnostics = notes + list(document.diagnostics)
    return document


def _unseen_tables(document: SourceDocument, coverage: Coverage, scanned: list[int]) -> tuple[PartCoverage, ...]:
    """The standard tables of the document's kind (预算/决算) that nothing was found of: they may be on the
    scanned pages, so they are not read, never absent (which would make a 'must be published' finding)."""
    from budgetcheck.ingest.tables.vocabulary import load

    metadata = document.data.get("metadata") if isinstance(document.data, dict) else None
    family = "final" if isinstance(metadata, dict) and metadata.get("kind") == "决算" else "budget"
    seen = {part.key for part in coverage.tables}
    pages = "、".join(map(str, scanned))
    return tuple(
        PartCoverage(f"tables/{key}", kind.name, RECOGNISED_NOT_READ, reason_zh=f"第 {pages} 页无文字层，可能在其上", reason_en=f"pages {', '.join(map(str, scanned))} have no text layer; it may be there", title_en=key.replace("_", " "), place=f"第 {scanned[0]} 页")
        for key, kind in load().kinds.items() if kind.national and kind.family == family and f"tables/{key}" not in seen
    )


def _year(document: SourceDocument) -> int | None:
    metadata = document.data.get("metadata") if isinstance(document.data, dict) else None
    year = metadata.get("fiscal_year") if isinstance(metadata, dict) else None
    return year if isinstance(year, int) else None
