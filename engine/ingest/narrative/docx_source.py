"""Ingest stage, narratives: a .docx as blocks, paragraphs and table rows in document order (python-docx, body children).

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
from budgetcheck.ingest.narrative.source import Block, Cell, Row, paragraph

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


def _row_cells(ordinal: int, cells: list[_Cell]) -> tuple[Cell, ...]:
    """One Cell per grid column: a cell spanning columns is followed by empty ones, and the lower
    parts of a vertically merged cell are empty (python-docx would repeat the text in each)."""
    out: list[Cell] = []
    column = 1
    for cell in cells:
        text = "" if cell._tc.vMerge == "continue" else cell.text
        lead = len(text) - len(text.lstrip())
        out.append(Cell.of(ordinal, column + lead, text.strip()))
        column += len(text) + 1
        for _ in range(cell._tc.grid_span - 1):
            out.append(Cell.of(ordinal, column, ""))
            column += 1
    return tuple(out)


def docx_blocks(path: Path, limits: Limits) -> list[Block]:
    raw = read_checked(path, limits)  # only a regular file is opened, and only once
    _check_package(raw, str(path), limits)
    try:
        document = Document(io.BytesIO(raw))
    except (OpcError, LxmlError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:  # a damaged member too
        raise _invalid(str(path), type(exc).__name__, f"{type(exc).__name__}: {exc}") from None
    blocks: list[Block] = []
    ordinal = 0
    for child in document.element.body.iterchildren():
        if child.tag == _PARAGRAPH:
            ordinal += 1
            block = paragraph(ordinal, Paragraph(child, document).text)
            if block is not None:
                blocks.append(block)
        elif child.tag == _TABLE:
            table = Table(child, document)
            for row in table.rows:
                ordinal += 1
                blocks.append(Row(_row_cells(ordinal, [_Cell(tc, table) for tc in row._tr.tc_lst])))
    return blocks
