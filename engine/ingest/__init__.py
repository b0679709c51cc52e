"""Ingest stage: read a submitted file into data with provenance (line and column per JSON pointer)."""

from __future__ import annotations

from pathlib import Path

from budgetcheck import codes
from budgetcheck.findings import Position
from budgetcheck.ingest.disclosure import Pair, load_pair, unpaired, with_docx_tables
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import (
    byte_position,
    decode_wide,
    read_checked,
    wide_encoding,
)
from budgetcheck.ingest.json_source import load_json
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.ingest.yaml_source import load_yaml

DOCUMENT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".txt": "text", ".docx": "docx", ".pdf": "pdf", ".xlsx": "workbook", ".xls": "workbook", ".doc": "docx", ".wps": "docx"}  # .doc/.wps: a .docx saved so, else refused
NARRATIVE_KINDS = {"text", "docx"}

__all__ = ["DOCUMENT_SUFFIXES", "IngestError", "Limits", "Pair", "Position", "SourceDocument", "load_document", "load_text"]


def load_text(text: str, source: str, kind: str, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    loader = load_json if kind == "json" else load_yaml
    document = loader(text, source, limits)
    if not isinstance(document.data, dict):
        shape = {list: ("列表", "a list"), str: ("单个文字", "a single string")}.get(
            type(document.data), ("单个值", "a single value")
        )
        line, column = document.positions.get("", (1, 1))
        raise IngestError(
            codes.INPUT_NOT_MAPPING,
            f"文档顶层必须是映射（键: 值），这里却是{shape[0]}",
            f"the top level of a document must be a mapping (key: value), not {shape[1]}",
            line,
            column,
        )
    return document


def load_document(path: Path | Pair, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    """Read one YAML, JSON, .txt or .docx file (the last two extracted from the narrative, a .docx with the
    standard tables it holds), or a narrative with its workbook; every failure is an IngestError with a location."""
    if isinstance(path, Pair):
        return load_pair(path, limits)
    source = str(path)
    kind = DOCUMENT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise IngestError(
            codes.INPUT_UNSUPPORTED,
            f"不支持的文件类型“{path.suffix or '无扩展名'}”；请提交 .yaml、.yml、.json、.txt、.docx 或 .pdf 文件（.xlsx 或 .xls 与同名说明一起）",
            f"unsupported file type '{path.suffix or 'no extension'}'; submit .yaml, .yml, .json, .txt, .docx or .pdf (an .xlsx or .xls with its narrative)",
        )
    if kind == "workbook":
        raise unpaired(path, "工作簿只含表格，须与其说明（同名的 .txt 或 .docx）一起检查", "a workbook holds only the tables; check it with its narrative (a .txt or .docx of the same name)")
    if kind == "pdf":
        from budgetcheck.ingest.pdf.document import load_pdf

        return load_pdf(path, limits)
    if kind in NARRATIVE_KINDS:
        from budgetcheck.ingest.narrative import extract_path

        document = extract_path(path, limits).document
        return with_docx_tables(document, path) if kind == "docx" else document
    raw = read_checked(path, limits)
    return load_text(decode(raw), source, kind, limits)


def decode(raw: bytes) -> str:
    """UTF-8 (a BOM allowed), or UTF-16 or UTF-32 (with a BOM, or recognised without one)."""
    wide = wide_encoding(raw)
    if wide is not None:
        text = decode_wide(raw, *wide)
        if text is None and wide[1]:  # marked by a BOM, yet not valid: say so (a mere guess falls through to UTF-8)
            raise IngestError(
                codes.INPUT_ENCODING,
                f"文件看似 {wide[0].upper()} 编码，但无法按此读取；请另存为 UTF-8",
                f"the file looks like {wide[0].upper()} but does not decode as such; save it as UTF-8",
            )
        if text is not None:
            return text
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(raw, exc.start)
        raise IngestError.of(codes.INPUT_ENCODING, (line, column), line=line, column=column) from None
