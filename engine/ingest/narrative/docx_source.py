"""Ingest stage, narratives: a .docx as blocks, paragraphs and table rows in document order (python-docx, body children).
A numbered paragraph's text begins with the number Word shows for it (docx_numbering: 一、 typed by Word's own numbering).

Line numbers of a .docx are block ordinals: every body paragraph (empty ones
included) and every table row counts one, from 1, in document order. A table
row's columns are those of its grid cells joined by tabs (a merged-over cell
counting as empty), so a cell's column is its offset in that joined row plus one.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from docx import Document
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import LxmlError

from budgetcheck import codes
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import read_checked
from budgetcheck.ingest.limits import Limits
from budgetcheck.ingest.narrative.docx_numbering import Numbering
from budgetcheck.ingest.narrative.normal import normal_line
from budgetcheck.ingest.narrative.source import Block, Cell, Row, paragraph
from budgetcheck.ingest.wordml import body_blocks

_PARAGRAPH = qn("w:p")
_TABLE = qn("w:tbl")


def _invalid(source: str, why_zh: str, why_en: str) -> IngestError:
    return IngestError(
        codes.NARRATIVE_DOCX_INVALID,
        f"不是可读取的 Word 文档（.docx）：{source}：{why_zh}",
        f"not a readable Word document (.docx): {source}: {why_en}",
        1,
        1,
    )


def _check_package(raw: bytes, source: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            members = {info.filename: info.file_size for info in package.infolist()}
    except (zipfile.BadZipFile, OSError):
        raise _invalid(source, "文件不是 zip 压缩包", "the file is not a zip package") from None
    if "word/document.xml" not in members:
        found = "、".join(sorted(members)[:5]) or "空"
        raise _invalid(source, f"压缩包里没有 word/document.xml（其中有：{found}）", f"the package has no word/document.xml (it holds: {found})")
    if sum(members.values()) > limits.max_bytes * 20:
        raise _invalid(source, "解压后过大", "it expands to too many bytes")


def docx_blocks(path: Path, limits: Limits, changed: dict[int, tuple[str, tuple[int, ...]]] | None = None) -> list[Block]:
    """The blocks of the normalised text (normal.py); each block ordinal whose text normalisation changed goes
    into `changed` with its original text (a row's cells joined by tabs) and each character's original index."""
    changed = {} if changed is None else changed
    raw = read_checked(path, limits)  # only a regular file is opened, and only once
    _check_package(raw, str(path), limits)
    try:
        document = Document(io.BytesIO(raw))
    except (OpcError, LxmlError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:  # a damaged member too
        raise _invalid(str(path), type(exc).__name__, f"{type(exc).__name__}: {exc}") from None
    blocks: list[Block] = []
    ordinal = 0
    numbering = Numbering(document)
    for child in body_blocks(document.element.body):
        if child.tag == _PARAGRAPH:
            ordinal += 1
            block = paragraph(ordinal, _normal(ordinal, numbering.label(Paragraph(child, document)) + shown_text(child), changed))
            if block is not None:
                blocks.append(block)
        elif child.tag == _TABLE:
            table = Table(child, document)
            for row in table.rows:
                ordinal += 1
                blocks.append(Row(_row_cells(ordinal, [_Cell(tc, table) for tc in row._tr.tc_lst], changed)))
    return blocks


_TEXT, _TAB, _BREAKS = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))
# what Word does not show as the paragraph's text once its tracked changes are accepted: deleted and moved-away runs,
# field codes, and text boxes and alternate renderings anchored in it (python-docx's .text also leaves out inserted runs)
_HIDDEN = frozenset({qn("w:del"), qn("w:moveFrom"), qn("w:instrText"), qn("w:delText"), qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback", qn("w:pPr"), qn("w:rPr")})


def shown_text(element) -> str:
    """The text of a paragraph (w:p) as Word shows it with its tracked changes accepted: every w:t in order, inserted
    (w:ins), moved-in, hyperlinked and content-control runs included; a tab as \t, a line break as \n."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag in _HIDDEN or not isinstance(tag, str):
                continue
            if tag == _TEXT:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in _BREAKS:
                out.append("\n")
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _row_cells(ordinal: int, cells: list[_Cell], changed: dict[int, tuple[str, tuple[int, ...]]]) -> tuple[Cell, ...]:
    """One Cell per grid column: a cell spanning columns is followed by empty ones, and the lower
    parts of a vertically merged cell are empty (python-docx would repeat the text in each)."""
    texts: list[str] = []
    for cell in cells:
        texts.append("" if cell._tc.vMerge == "continue" else "\n".join(shown_text(p) for p in cell._tc.iterchildren(_PARAGRAPH)))
        texts.extend("" for _ in range(cell._tc.grid_span - 1))
    out: list[Cell] = []
    column = 1
    index: list[int] = []  # per character of the normalised row (cells joined by one separator), its original index
    start, moved_any = 0, False
    for text in texts:
        clean, moved, _ = normal_line(text)
        moved_any = moved_any or moved is not None
        index.extend(start + at for at in (moved or range(len(text) + 1)))  # the last: the separator after the cell
        start += len(text) + 1
        lead = len(clean) - len(clean.lstrip())
        out.append(Cell.of(ordinal, column + lead, clean.strip()))
        column += len(clean) + 1
    if moved_any:
        changed[ordinal] = ("\t".join(texts), tuple(index))
    return tuple(out)


def _normal(ordinal: int, text: str, changed: dict[int, tuple[str, tuple[int, ...]]]) -> str:
    """The text as the readers see it (normal.py); a changed one is kept in `changed` to locate the original."""
    clean, index, _ = normal_line(text)
    if index is not None:
        changed[ordinal] = (text, index)
    return clean
