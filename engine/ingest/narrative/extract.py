"""Ingest stage, narratives: extract a schema document, blocks -> sections -> one mapper per section -> warnings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from budgetcheck import codes
from budgetcheck.coverage import cut_off
from budgetcheck.findings import Finding
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.files import checked_size, read_checked
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.claims import find_claims, find_claims_in, read_paragraphs
from budgetcheck.ingest.narrative.generic import GENERIC, cut_head, drop_ordinal_name, generic_note, generic_split, likely_year, seen_parts, title_lines
from budgetcheck.ingest.narrative.metadata import is_title, map_metadata
from budgetcheck.ingest.narrative.model import Extraction, ExtractionWarning
from budgetcheck.ingest.narrative.normal import Origin, normal_text
from budgetcheck.ingest.narrative.numbers import find_money
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.pagebreaks import pages_apart
from budgetcheck.ingest.narrative.parts import coverage
from budgetcheck.ingest.narrative.relocate import relocated
from budgetcheck.ingest.narrative.periods import outturn_years
from budgetcheck.ingest.narrative.scopes import scopes, subject_scopes
from budgetcheck.ingest.narrative.sections import (
    Split,
    contents_page,
    split,
)
from budgetcheck.ingest.narrative.source import Block, Para, carried, decode, has_leaders, normalise, text_blocks, text_lines
from budgetcheck.ingest.narrative.templates import MAPPERS, TEMPLATES, Context
from budgetcheck.ingest.narrative.unmapped import cells_of, warn_unmapped, warn_unplaced
from budgetcheck.ingest.narrative.unplaced import put_unplaced


def extract_path(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extraction:
    """Read a .txt or .docx narrative; every failure is an IngestError with a location. A .doc or .wps is read when it
    holds a .docx (Word's own format saved under the old name); Word 97-2003's and WPS's binary formats are refused,
    with what to do, rather than read as text or passed over in a folder."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return extract_docx(path, limits)
    raw = read_checked(path, limits)
    if suffix in (".doc", ".wps"):
        if raw.startswith(b"PK\x03\x04"):
            return extract_docx(path, limits)
        raise IngestError(
            codes.INPUT_UNSUPPORTED,
            f"Word 97-2003 文档（.doc）或 WPS 文字文档（.wps）的二进制格式不能读取：{path.name}；请在 Word 或 WPS 中另存为 .docx（或导出 PDF）后再检查",
            f"the binary format of a Word 97-2003 (.doc) or WPS (.wps) document cannot be read: {path.name}; save it as .docx (or export a PDF) in Word or WPS and check that",
        )
    if not raw:
        raise _empty(source)
    text, encoding = decode(raw, source)
    return extract_text(text, source, encoding)


def extract_text(text: str, source: str, encoding: str = "utf-8") -> Extraction:
    """Every reader works on the normalised text (normal.py); the extraction's locations and snippets are the original's,
    its lines counted with a page break after text on its line as that line's end (pagebreaks.py)."""
    text = pages_apart(text)
    normal, origin = normal_text(text)
    blocks = text_blocks(normal, text)
    if not blocks and origin.cut is not None:  # the whole text is the sentence it stops in: text, but none to judge
        line, column, cut = origin.cut
        snippet = cut if len(cut) <= 40 else cut[:39] + "…"
        raise IngestError.of(codes.NARRATIVE_FRAGMENT, (line, column), line=line, snippet=snippet.replace("\n", " "), source=source)
    return relocated(_extract(blocks, source, "text", encoding, origin.cut[0] if origin.cut else None), origin)


def extract_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extraction:
    from budgetcheck.ingest.narrative.docx_source import docx_blocks  # python-docx: 0.1 s to import, for .docx alone

    _check_file(path, limits)
    changed: dict[int, tuple[str, tuple[int, ...]]] = {}
    blocks = docx_blocks(path, limits, changed)
    return relocated(_extract(blocks, str(path), "docx", ""), Origin.of(changed))


def _check_file(path: Path, limits: Limits) -> None:
    if checked_size(path, limits) == 0:
        raise _empty(str(path))


def _empty(source: str) -> IngestError:
    return IngestError(codes.NARRATIVE_EMPTY, f"文件是空的：{source}", f"the file is empty: {source}", 1, 1)


def _document_unit(blocks: Sequence[Block]) -> str:
    units = Counter(money.unit for cell in cells_of(blocks) for money in find_money(cell.norm))
    return units.most_common(1)[0][0] if units and units.most_common(1)[0][0] in ("万元", "元") else "万元"


def _says_budget(parts: Split) -> bool:
    """Whether the document's title (its first line naming a year and what it is) says 预算 and not 决算."""
    title = next((block.cell.norm for block in parts.preamble if isinstance(block, Para) and is_title(block.cell)), "")
    return "预算" in title and "决算" not in title


def _national(version: str, builder: Builder, whole_text: str) -> str:
    """A 决算 in the Shanghai district template's shape that is not Shanghai's (its province, or where none is read its
    text, does not say 上海) is the national template's, which the Shanghai 决算 follows: the same parts, under a profile
    that names it so."""
    if version != "2016-shanghai-final":
        return version
    province = str(builder.get("/metadata/region/province")) if builder.has("/metadata/region/province") else None
    return version if "上海" in (province if province is not None else whole_text) else "2016-national-final"


def _extract(blocks: list[Block], source: str, kind: str, encoding: str, cut_line: int | None = None) -> Extraction:
    page = contents_page(blocks)
    contents_blocks = [block for index, block in enumerate(blocks) if index in page]
    body = [block for index, block in enumerate(blocks) if index not in page]
    parts = split(body, TEMPLATES)
    if parts is not None and parts.template.schema_version == parts.template.schema_version_final and _says_budget(parts):
        # a template of 决算 only (Shanghai's 决算) for a text whose title says 预算: another template, or none
        parts = split(body, [template for template in TEMPLATES if template.schema_version != template.schema_version_final])
    if parts is None:
        if not blocks:
            raise IngestError(codes.NARRATIVE_EMPTY, f"文件没有任何文字：{source}", f"the file holds no text: {source}", 1, 1)
        parts = generic_split(body)
    if contents_blocks:  # the contents page is part of what comes before the first section, in its place
        before = {id(block) for block in [*contents_blocks, *parts.preamble]}
        parts = Split(parts.template, [block for block in blocks if id(block) in before], parts.sections, parts.duplicates)
    builder = Builder(unit=_document_unit(_main_blocks(parts) if parts.template is not GENERIC else body))
    listed = {id(block) for block in contents_blocks}
    template = parts.template
    opening = [block for block in parts.preamble if id(block) not in listed]
    whole_text = "\n".join(cell.norm for cell in cells_of(blocks))
    map_metadata(builder, opening if template is not GENERIC else title_lines(body), whole_text, source)
    if template is GENERIC:
        drop_ordinal_name(builder)
    if template is GENERIC and not builder.has("/metadata/fiscal_year") and likely_year(whole_text) is not None:
        builder.put_fixed("/metadata/fiscal_year", likely_year(whole_text))  # no title: the year the text names most
    disclosed = builder.get("/metadata/kind") if builder.has("/metadata/kind") else "预算"
    builder.put_fixed("/metadata/schema_version", _national(template.version(str(disclosed)), builder, whole_text))
    contents = _contents(builder, parts.preamble, contents_blocks)
    context = Context(builder.get("/metadata/fiscal_year") if builder.has("/metadata/fiscal_year") else None, tuple(parts.duplicates))  # type: ignore[arg-type]
    _own(builder, parts)
    for section in parts.sections:
        assert section.heading is not None
        builder.consume(section.heading.cell, 0, len(section.heading.cell.raw))
        if template is GENERIC:
            continue  # no mapper: what a part of an unknown template holds is not known
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
    _headings_as_text(builder, parts, {block.line for block in contents_blocks})
    cut = cut_head(blocks) if template is GENERIC else set()
    titles = {block for block in title_lines(body) if isinstance(block, Para)} if template is GENERIC else set()  # a title is no sentence
    stated = _claims(builder, blocks, _headings(parts) | titles, context.fiscal_year, kind, cut, loose=template is GENERIC) | cut
    warn_unmapped(builder, blocks)
    warn_unplaced(builder, blocks, stated)
    put_unplaced(builder, blocks, stated, cut=cut)
    warnings = sorted(_in_parts(builder.warnings, builder), key=lambda w: (w.line, w.column))
    document = SourceDocument(source, builder.data, kind, dict(builder.positions))
    document.diagnostics = [_finding(warning) for warning in warnings]
    document.coverage = replace(coverage(builder, parts, blocks, warnings, contents), undetermined=_undetermined(builder))
    if cut_line is not None and template is not GENERIC:  # a text cut mid-sentence: what it does not reach is not judged
        document.coverage = replace(document.coverage, parts=cut_off(document.coverage.parts, cut_line, _cut_in(parts, cut_line)))
    if template is GENERIC:
        document.coverage = replace(document.coverage, parts=seen_parts(parts))
        document.diagnostics.insert(0, _finding(generic_note(document.coverage, len(builder.data.get("narrative", {}).get("claims", [])), blocks, builder.has("/metadata/fiscal_year"))))
    document.precision = dict(builder.precision)
    return Extraction(document, dict(builder.provenance), warnings, template.name, encoding)


# What a disclosure says about itself, looked for in its title, opening and wording (metadata.py).
_SELF_DESCRIPTION = ("/metadata/title", "/metadata/fiscal_year", "/metadata/kind", "/metadata/department", "/metadata/level", "/metadata/region/province")


def _undetermined(builder: Builder) -> tuple[str, ...]:
    unread = sorted(pointer for pointer in builder.undetermined if not builder.has(pointer))
    return tuple(pointer for pointer in _SELF_DESCRIPTION if not builder.has(pointer)) + tuple(unread)


def _own(builder: Builder, parts: Split) -> None:
    """Each section's lines are the text of the part it holds (the Shanghai 其他相关情况说明 names its sub-parts later)."""
    template = parts.template
    for section in parts.sections:
        part = template.part_of_section.get(section.key, section.key)
        blocks = [section.heading, *section.blocks] if section.heading else section.blocks
        builder.own(cells_of(blocks), part if part in template.parts else "")


_PROSE_METADATA = ("/metadata/preamble",)  # the one metadata field that is prose: the text rules read it there


def _headings_as_text(builder: Builder, parts: Split, page: set[int]) -> None:
    """The lines read as structure that no prose field holds are still text for the text rules (/unplaced): a
    section heading (“第三部分 上海市 XX 局 2024 年度部门决算情况说明”) and the cover (“上海市 XX 局”), whose
    words metadata reads but holds as names. A heading a prose field holds (a part's `heading`) is checked there;
    the contents page (`page`, and entries with leaders) repeats the headings and is left out."""
    held = {record.line for pointer, record in builder.provenance.items() if pointer in _PROSE_METADATA or not pointer.startswith("/metadata/")}
    headings = [section.heading.cell for section in parts.sections if section.heading is not None]
    cover = [b.cell for b in parts.preamble if isinstance(b, Para) and b.line not in page and not has_leaders(b.cell.norm)]
    for cell in [*headings, *cover]:
        lines = [line for line, _, _ in cell.spans(0, max(len(cell.raw), 1))]
        if not held.intersection(lines):
            builder.set_aside.update(lines)
            builder.alone.update(lines)


def _contents(builder: Builder, preamble: Sequence[Block], page: Sequence[Block]) -> set[int]:
    """A contents page (sections.contents_page), or in the preamble lines with leaders and the numbered short
    titles after them: read as such, its lines consumed; their numbers are not figures of the text."""
    lines: set[int] = set()
    listed = {id(block) for block in page}
    for block in preamble:
        if not isinstance(block, Para):
            continue
        norm = block.cell.norm.strip()
        if id(block) in listed or has_leaders(norm) or (lines and _entry(norm)):
            builder.consume(block.cell, 0, len(block.cell.raw))
            lines.update(line for line, _, _ in block.cell.spans(0, max(len(block.cell.raw), 1)))
    return lines




def _entry(norm: str) -> bool:
    """A contents entry: an ordinal and a short title, no sentence."""
    return read_ordinal(norm) is not None and len(norm) <= 40 and "。" not in norm


def _cut_in(parts: Split, line: int) -> str | None:
    """The part whose text the cut at `line` falls in: the section holding the last line before it (a section's lines
    include those under a heading repeated further on, merged into it)."""
    best: tuple[int, str] | None = None
    for section in parts.sections:
        lines = [block.line for block in ([section.heading] if section.heading else []) + section.blocks if block.line <= line]
        if lines and section.key and (best is None or max(lines) > best[0]):
            best = (max(lines), section.key)
    return parts.template.part_of_section.get(best[1], best[1]) if best else None


def _in_parts(warnings: list[ExtractionWarning], builder: Builder) -> list[ExtractionWarning]:
    """Each warning names the part its line is the text of (when the document holds that part), for the report to group by."""
    out = []
    for warning in warnings:
        owner = builder.owners.get(warning.line, "")
        pointer = f"/{owner}" if owner and builder.has(f"/{owner}") else ""
        out.append(replace(warning, pointer=pointer) if not warning.pointer else warning)
    return out


def _claims(builder: Builder, blocks: Sequence[Block], headings: set[Para], fiscal_year: int | None, kind: str, cut: set[int] = frozenset(), loose: bool = False) -> set[int]:  # type: ignore[assignment]
    """Figures stated in sentences, read by budgetcheck.ingest.narrative.claims; never from a heading.

    A Word paragraph is a paragraph. The paragraphs of a text file are not known for certain (a
    PDF's text layer wraps lines of any width), so its lines are handed over for the claims reader
    to join, with the headings' lines to keep apart. Returns the lines of the sentences claims were read from.
    """
    paragraphs = [block for block in blocks if isinstance(block, Para)]
    every_line = [line for para in paragraphs for line in para.cell.source_lines()]
    texts = None
    if kind == "docx":
        pieces = [[(line, 1, text) for line, text in para.cell.source_lines()] for para in paragraphs if para not in headings]
        found = find_claims_in(pieces, fiscal_year, builder.unit, loose=loose, headings={para.line for para in headings})
    else:
        texts = read_paragraphs(every_line, {para.line for para in headings}, carried(paragraphs), text_lines(blocks))
        found = find_claims(every_line, fiscal_year, builder.unit, {para.line for para in headings}, loose=loose, texts=texts)
    found = [claim for claim in found if not cut.intersection(claim.lines)]  # the sentence a fragment is cut in
    if not found:
        return set()
    # the paragraphs the claims were read in, for their funds (scopes)
    read = [(para.cell.norm, para.cell.at) for para in paragraphs] if texts is None else [(normalise(text.chars), text.at) for text in texts]
    heading = scopes(every_line, [claim.span[0] for claim in found])
    for claim, scope in zip(found, subject_scopes(read, [claim.span[:2] for claim in found], heading)):
        if scope is not None:
            claim.data["scope"] = scope
    outturn_years(every_line, found, fiscal_year, builder.get("/metadata/kind") if builder.has("/metadata/kind") else None)  # type: ignore[arg-type]
    claims: list[dict] = []
    builder.data["narrative"] = {"claims": claims}
    for index, claim in enumerate(found):
        claims.append(claim.data)
        base = f"/narrative/claims/{index}"
        builder.positions[base] = claim.span[:2]
        for relative, position in claim.positions.items():
            builder.positions[base + relative] = position
            if relative in _FIGURES:  # a figure read into a claim went somewhere
                line, column = position
                builder.consumed.setdefault(line, []).append((column, column + 1))
        for relative, exponent in claim.precision.items():
            builder.precision[base + relative] = exponent
        for line, column in claim.digits:
            builder.consumed.setdefault(line, []).append((column, column + 1))
    builder.positions["/narrative"] = builder.positions["/narrative/claims"] = builder.positions["/narrative/claims/0"]
    return {line for claim in found for line in claim.lines}  # the text rules read these sentences through the claims


_FIGURES = ("/amount", "/restated_amount", "/plan_amount", "/base_amount", "/change", "/percent", "/completion_percent", "/share", "/quantity", "/plan_change", "/plan_percent")


def _headings(parts: Split) -> set[Para]:
    """The paragraphs that head a section or repeat a heading."""
    return {section.heading for section in parts.sections if section.heading is not None} | set(parts.duplicates)


def _main_blocks(parts: Split) -> list[Block]:
    overview = [block for section in parts.sections if section.key == "overview" for block in section.blocks]
    return overview or [block for section in parts.sections for block in section.blocks]


def _finding(warning: ExtractionWarning) -> Finding:
    paths = (warning.pointer,) if warning.pointer else ()
    return codes.BY_ID[warning.code].finding(warning.message_zh, warning.message_en, paths, ((warning.line, warning.column),))
