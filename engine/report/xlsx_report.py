"""Report stage: Excel (openpyxl), a workbook a finance bureau can sort, filter and pass on.

Four sheets: a summary (one row per document, with what extraction read of it), the findings
(one row per finding, errors first and in the order of each document), the rule frequency (one
row per rule that failed, most findings first) and the diagnostics (the tool's notes on its own
reading of each document, never findings). Sheet names and headers
are Chinese unless `lang` is "en"; values (status, severity, messages) follow the language.

Written with a write-only workbook: each sheet streams its rows to its own temporary file, so
rows of the summary and findings sheets are appended as each document passes and memory stays
flat; the rule sheet is written at the end from the batch `Summary`.

Document text is untrusted: a cell is always a string, never a formula (text starting with "="
stays text), characters Excel cannot hold are replaced, and text is cut at Excel's cell limit.

As stable as a zip can be: the workbook's created/modified properties are `meta.generated_at`
(else 1980-01-01), and every zip member gets that fixed date instead of the clock, so the same
inputs give the same bytes.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from budgetcheck.findings import Finding
from budgetcheck.report.options import RenderOptions, line_and_column
from budgetcheck.result import (
    INVALID,
    SEVERITY_LABELS,
    STATUS_LABELS,
    DocumentResult,
    ReportMeta,
    Summary,
)

FIXED_TIME = datetime(1980, 1, 1)
_CELL_LIMIT = 32767

_SHEETS = {
    "zh": ("汇总", "问题", "规则统计", "诊断"),
    "en": ("Summary", "Findings", "Rule frequency", "Diagnostics"),
}
# (header, width) per column
_COLUMNS = {
    "zh": (
        (("文件", 40), ("部门", 28), ("年度", 8), ("状态", 10), ("错误", 8), ("警告", 8), ("提示", 8), ("不适用", 8), ("无法检查的原因", 60),
         ("文档类型", 40), ("抽取覆盖", 50), ("诊断", 8)),
        (("文件", 40), ("部门", 28), ("规则", 16), ("严重程度", 10), ("规则名称", 30), ("问题说明", 70), ("部分", 18),
         ("位置（JSON 指针）", 45), ("行", 7), ("列", 7), ("所用数值", 50), ("依据", 40), ("修改建议", 50)),
        (("规则", 16), ("严重程度", 10), ("规则名称", 36), ("依据", 44), ("问题数", 10), ("涉及文档", 10)),
        (("文件", 40), ("部门", 28), ("代码", 26), ("说明", 80), ("部分", 18), ("行", 7), ("列", 7)),
    ),
    "en": (
        (("File", 40), ("Department", 28), ("Fiscal year", 10), ("Status", 10), ("Errors", 8), ("Warnings", 10), ("Info", 8),
         ("Not applicable", 14), ("Why it could not be checked", 60), ("Document type", 40), ("Extraction coverage", 50), ("Diagnostics", 10)),
        (("File", 40), ("Department", 28), ("Rule", 16), ("Severity", 10), ("Title", 30), ("Finding", 70), ("Section", 18),
         ("Where (JSON pointer)", 45), ("Line", 7), ("Column", 7), ("Values used", 50), ("Citation", 40), ("How to fix", 50)),
        (("Rule", 16), ("Severity", 10), ("Title", 36), ("Citation", 44), ("Findings", 10), ("Documents", 10)),
        (("File", 40), ("Department", 28), ("Code", 26), ("Note", 80), ("Section", 18), ("Line", 7), ("Column", 7)),
    ),
}  # fmt: skip
_STATUS, _SEVERITY = STATUS_LABELS, SEVERITY_LABELS
_TITLE = {"zh": "部门预算公开检查报告", "en": "Budget disclosure check report"}


class _Cells:
    """Turns a row of plain values into write-only cells: text is always text, numbers stay numbers."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet

    def row(self, values: Iterable[object]) -> list[WriteOnlyCell | str | int | None]:
        return [self._cell(value) for value in values]

    def _cell(self, value: object) -> WriteOnlyCell | str | int | None:
        if value is None or isinstance(value, int):
            return value
        text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))[:_CELL_LIMIT]
        if not text.startswith("="):
            return text
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"
        return cell


def _sheet(workbook: Workbook, title: str, columns: tuple[tuple[str, int], ...]) -> tuple[WriteOnlyWorksheet, _Cells]:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, (_, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
        header.append(cell)
    sheet.append(header)
    return sheet, _Cells(sheet)


def _finding_row(document: DocumentResult, finding: Finding, lang: str) -> list[object]:
    location = finding.location(0)
    return [
        document.source,
        document.department,
        finding.rule,
        _SEVERITY[lang][finding.severity.value],
        finding.title(lang),
        finding.message(lang),
        document.section_title(finding.section, lang),
        "\n".join(path or "/" for path in finding.paths),
        *line_and_column(location),
        "\n".join(f"{pointer} = {value}" for pointer, value in finding.values),
        finding.citation,
        finding.hint(lang),
    ]


def _summary_row(document: DocumentResult, lang: str) -> list[object]:
    counts = document.summary()
    return [
        document.source,
        document.department,
        document.fiscal_year,
        _STATUS[lang][document.status],
        counts["error"],
        counts["warning"],
        counts["info"],
        counts["not_applicable"],
        document.reason(lang) if document.status == INVALID else "",
        document.schema_label(lang),
        document.coverage.summary(lang) if document.coverage is not None else "",
        counts["diagnostics"],
    ]


def _diagnostic_row(document: DocumentResult, note: Finding, lang: str) -> list[object]:
    location = note.location(0)
    return [
        document.source,
        document.department,
        note.rule,
        note.message(lang),
        document.section_title(note.section, lang) if note.section else "",
        *line_and_column(location),
    ]


def _moment(generated_at: str | None) -> datetime:
    if generated_at:
        try:
            moment = datetime.fromisoformat(generated_at)
        except ValueError:
            return FIXED_TIME
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return FIXED_TIME


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry one given date, so saving twice gives the same bytes."""

    def __init__(self, file: BinaryIO, moment: datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.date_time = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name), data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        with open(filename, "rb") as source, self.open(self._info(arcname or str(filename)), "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1 << 16)


def _discard(*sheets: WriteOnlyWorksheet) -> None:
    """Finish each write-only sheet's XML stream and remove its temporary file."""
    for sheet in sheets:
        try:
            sheet.close()
            sheet._writer.cleanup()
        except Exception:  # noqa: BLE001, S110 — best effort on the way out of an interrupted report
            pass


def _rows(documents: Iterable[DocumentResult], summary: Summary, lang: str, summaries: tuple, findings: tuple, notes: tuple) -> tuple[int, int]:
    """One summary row per document, one row per finding and one per diagnostic, as the documents come; the
    findings and diagnostics sheets' row counts."""
    (summary_sheet, summary_cells), (findings_sheet, finding_cells), (notes_sheet, note_cells) = summaries, findings, notes
    rows = notes_rows = 1
    for document in documents:
        summary.add(document)
        summary_sheet.append(summary_cells.row(_summary_row(document, lang)))
        for finding in document.findings:
            findings_sheet.append(finding_cells.row(_finding_row(document, finding, lang)))
            rows += 1
        for note in document.diagnostics:
            notes_sheet.append(note_cells.row(_diagnostic_row(document, note, lang)))
            notes_rows += 1
    return rows, notes_rows


def write(documents: Iterable[DocumentResult], out: BinaryIO, meta: ReportMeta, options: RenderOptions) -> Summary:
    lang = "en" if options.lang == "en" else "zh"
    moment = _moment(meta.generated_at)
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "budgetcheck"
    workbook.properties.title = _TITLE[lang]
    if meta.pack is not None:
        workbook.properties.subject = f"{meta.pack.name} {meta.pack.version}"
        workbook.properties.keywords = meta.pack.content_hash
    workbook.properties.created = workbook.properties.modified = moment
    names, columns = _SHEETS[lang], _COLUMNS[lang]
    summary_sheet, summary_cells = _sheet(workbook, names[0], columns[0])
    findings_sheet, finding_cells = _sheet(workbook, names[1], columns[1])
    rules_sheet, rule_cells = _sheet(workbook, names[2], columns[2])
    notes_sheet, note_cells = _sheet(workbook, names[3], columns[3])
    summary = Summary()
    try:
        rows, notes = _rows(documents, summary, lang, (summary_sheet, summary_cells), (findings_sheet, finding_cells), (notes_sheet, note_cells))
        for count in summary.rule_counts():
            rules_sheet.append(
                rule_cells.row([count.rule, _SEVERITY[lang].get(count.severity, count.severity), count.title(lang), count.citation, count.findings, count.documents])
            )
        summary_sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns[0]))}{summary.documents + 1}"
        findings_sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns[1]))}{rows}"
        notes_sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns[3]))}{notes}"
        with _FixedTimeZip(out, moment) as archive:
            ExcelWriter(workbook, archive).save()
    except BaseException:  # Ctrl-C, a failed batch, a closed pipe: close the sheets' streams now, not noisily when collected
        _discard(summary_sheet, findings_sheet, rules_sheet, notes_sheet)
        raise
    return summary
