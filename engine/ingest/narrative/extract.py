"""Ingest stage, narratives: extract a schema document, blocks -> sections -> one mapper per section -> warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from budgetcheck import codes
from budgetcheck.findings import Finding
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import checked_size, read_checked
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.claims import find_claims, find_claims_in
from budgetcheck.ingest.narrative.docx_source import docx_blocks
from budgetcheck.ingest.narrative.metadata import map_metadata
from budgetcheck.ingest.narrative.model import Extraction, ExtractionWarning
from budgetcheck.ingest.narrative.numbers import find_money
from budgetcheck.ingest.narrative.sections import Split, headings_seen, split
from budgetcheck.ingest.narrative.source import Block, Para, decode, text_blocks
from budgetcheck.ingest.narrative.templates import MAPPERS, TEMPLATES, Context
from budgetcheck.ingest.narrative.unmapped import cells_of, warn_unmapped, warn_unplaced


def extract_path(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extraction:
    """Read a .txt or .docx narrative; every failure is an IngestError with a location."""
    source = str(path)
    if path.suffix.lower() == ".docx":
        return extract_docx(path, limits)
    raw = read_checked(path, limits)
    if not raw:
        raise _empty(source)
    text, encoding = decode(raw, source)
    return _extract(text_blocks(text), source, "text", encoding)


def extract_text(text: str, source: str) -> Extraction:
    return _extract(text_blocks(text), source, "text", "utf-8")


def extract_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extraction:
    _check_file(path, limits)
    return _extract(docx_blocks(path, limits), str(path), "docx", "")


def _check_file(path: Path, limits: Limits) -> None:
    if checked_size(path, limits) == 0:
        raise _empty(str(path))


def _empty(source: str) -> IngestError:
    return IngestError(codes.NARRATIVE_EMPTY, f"文件是空的：{source}", f"the file is empty: {source}", 1, 1)


def _document_unit(blocks: Sequence[Block]) -> str:
    units = Counter(money.unit for cell in cells_of(blocks) for money in find_money(cell.norm))
    return units.most_common(1)[0][0] if units and units.most_common(1)[0][0] in ("万元", "元") else "万元"


def _unrecognised(blocks: Sequence[Block], source: str) -> IngestError:
    seen = headings_seen(blocks)
    if not blocks:
        raise IngestError(codes.NARRATIVE_EMPTY, f"文件没有任何文字：{source}", f"the file holds no text: {source}", 1, 1)
    found_zh = "；找到的标题：" + "、".join(f"“{h}”" for h in seen) if seen else "；没有找到任何编号标题"
    found_en = "; headings found: " + ", ".join(f"'{h}'" for h in seen) if seen else "; no numbered headings found"
    return IngestError(
        codes.NARRATIVE_UNRECOGNISED,
        f"未识别为部门预算公开说明：没有找到至少 3 个已知部分的标题（如“部门预算安排的总体情况”“三公经费”“名词解释”）{found_zh}",
        f"not recognised as a 部门预算公开说明 (department budget disclosure): fewer than 3 known section headings{found_en}",
        blocks[0].line,
        1,
    )


def _extract(blocks: list[Block], source: str, kind: str, encoding: str) -> Extraction:
    parts = split(blocks, TEMPLATES)
    if parts is None:
        raise _unrecognised(blocks, source)
    builder = Builder(unit=_document_unit(_main_blocks(parts)))
    map_metadata(builder, parts.preamble, "\n".join(cell.norm for cell in cells_of(blocks)), source)
    context = Context(builder.get("/metadata/fiscal_year") if builder.has("/metadata/fiscal_year") else None)  # type: ignore[arg-type]
    for section in parts.sections:
        assert section.heading is not None
        builder.consume(section.heading.cell, 0, len(section.heading.cell.raw))
        if not section.key:
            builder.warn(
                section.heading.cell,
                0,
                codes.EXTRACT_UNKNOWN_SECTION,
                f"第 {section.heading.line} 行的部分“{section.title}”不属于{parts.template.name}模板，其内容未抽取",
                f"line {section.heading.line}: section '{section.title}' is not part of the {parts.template.name} template; its content was not extracted",
            )
            continue
        MAPPERS[section.key](builder, section, context)
    for para in parts.duplicates:
        builder.consume(para.cell, 0, len(para.cell.raw))
        builder.warn(
            para.cell,
            0,
            codes.EXTRACT_DUPLICATE_SECTION,
            f"第 {para.line} 行重复了已出现的标题“{para.cell.raw}”，其内容并入前一个同名部分",
            f"line {para.line}: the heading '{para.cell.raw}' repeats an earlier one; its content was merged into that section",
        )
    _claims(builder, blocks, _headings(parts), context.fiscal_year, kind)
    warn_unmapped(builder, blocks)
    warn_unplaced(builder, blocks)
    warnings = sorted(_in_sections(builder.warnings, parts, builder), key=lambda w: (w.line, w.column))
    document = SourceDocument(source, builder.data, kind, dict(builder.positions))
    document.diagnostics = [_finding(warning) for warning in warnings]
    return Extraction(document, dict(builder.provenance), warnings, parts.template.name, encoding)


_SECTION_ROOTS = {key: f"/{key}" for key in MAPPERS if not key.startswith("sh_")} | {"sh_notes": "/overview"}


def _in_sections(warnings: list[ExtractionWarning], parts: Split, builder: Builder) -> list[ExtractionWarning]:
    """Each warning names the section its line lies in (when the document holds that section), for the report to group by."""
    owner: dict[int, str] = {}
    for section in parts.sections:
        root = _SECTION_ROOTS.get(section.key, "")
        if not root or not builder.has(root):
            continue
        blocks = [section.heading, *section.blocks] if section.heading else section.blocks
        for cell in cells_of(blocks):
            for line, _, _ in cell.spans(0, max(len(cell.raw), 1)):
                owner[line] = root
    return [replace(w, pointer=owner.get(w.line, "")) if not w.pointer else w for w in warnings]


def _claims(builder: Builder, blocks: Sequence[Block], headings: set[Para], fiscal_year: int | None, kind: str) -> None:
    """Figures stated in sentences, read by budgetcheck.ingest.narrative.claims; never from a heading.

    A Word paragraph is a paragraph. The paragraphs of a text file are not known for certain (a
    PDF's text layer wraps lines of any width), so its lines are handed over for the claims reader
    to join, with the headings' lines to keep apart.
    """
    paragraphs = [block for block in blocks if isinstance(block, Para)]
    if kind == "docx":
        pieces = [[(line, 1, text) for line, text in para.cell.source_lines()] for para in paragraphs if para not in headings]
        found = find_claims_in(pieces, fiscal_year, builder.unit)
    else:
        lines = [line for para in paragraphs for line in para.cell.source_lines()]
        found = find_claims(lines, fiscal_year, builder.unit, {para.line for para in headings})
    if not found:
        return
    claims: list[dict] = []
    builder.data["narrative"] = {"claims": claims}
    for index, claim in enumerate(found):
        claims.append(claim.data)
        base = f"/narrative/claims/{index}"
        builder.positions[base] = claim.span[:2]
        for relative, position in claim.positions.items():
            builder.positions[base + relative] = position
    builder.positions["/narrative"] = builder.positions["/narrative/claims"] = builder.positions["/narrative/claims/0"]


def _headings(parts: Split) -> set[Para]:
    """The paragraphs that head a section or repeat a heading."""
    return {section.heading for section in parts.sections if section.heading is not None} | set(parts.duplicates)


def _main_blocks(parts: Split) -> list[Block]:
    overview = [block for section in parts.sections if section.key == "overview" for block in section.blocks]
    return overview or [block for section in parts.sections for block in section.blocks]


def _finding(warning: ExtractionWarning) -> Finding:
    paths = (warning.pointer,) if warning.pointer else ()
    return codes.BY_ID[warning.code].finding(warning.message_zh, warning.message_en, paths, ((warning.line, warning.column),))
