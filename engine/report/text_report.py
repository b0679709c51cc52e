"""Report stage: text, what a person reads in a terminal, Chinese first.

Per document: its status and counts, then its findings grouped by the part of the document
they concern, each with severity, rule, message (values and difference), where (JSON pointer and
source line), the regulation cited and the fix hint. Colour only when asked (the CLI asks when
writing to a terminal). `quiet` prints only the closing summary line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from budgetcheck.findings import Finding
from budgetcheck.report.options import RenderOptions
from budgetcheck.result import (
    FAIL,
    INVALID,
    PASS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    DocumentResult,
    ReportMeta,
    Summary,
)

_STATUS, _SEVERITY = STATUS_LABELS, SEVERITY_LABELS
_LABELS = {
    "zh": {"schema": "模式", "at": "位置", "basis": "依据", "fix": "建议", "values": "数值", "na": "不适用", "department": "部门"},
    "en": {"schema": "schema", "at": "at", "basis": "basis", "fix": "fix", "values": "values", "na": "n/a", "department": "department"},
}
_COLOURS = {"error": "31", "warning": "33", "info": "36", PASS: "32", FAIL: "31", INVALID: "35", "dim": "2", "bold": "1"}


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if self.enabled else text


def _where(location: tuple[int, int] | None, lang: str) -> str:
    if location is None:
        return ""
    line, column = location
    return f"第 {line} 行第 {column} 列" if lang == "zh" else f"line {line}, column {column}"


def _places(finding: Finding, lang: str) -> str:
    places = []
    for index, path in enumerate(finding.paths):
        where = _where(finding.location(index), lang)
        places.append(f"{path or '/'}" + (f"（{where}）" if where and lang == "zh" else f" ({where})" if where else ""))
    return ("；" if lang == "zh" else "; ").join(places)


def _finding_lines(finding: Finding, lang: str, paint: _Paint) -> list[str]:
    labels = _LABELS[lang]
    colon = "：" if lang == "zh" else ": "
    severity = paint(f"[{_SEVERITY[lang][finding.severity.value]}]", finding.severity.value)
    lines = [f"    {severity} {finding.rule}: {finding.message(lang)}"]
    places = _places(finding, lang)
    if places:
        lines.append(paint(f"      {labels['at']}{colon}{places}", "dim"))
    basis = "；".join(part for part in (finding.title(lang), finding.citation) if part) if lang == "zh" else "; ".join(part for part in (finding.title(lang), finding.citation) if part)
    if basis:
        lines.append(paint(f"      {labels['basis']}{colon}{basis}", "dim"))
    hint = finding.hint(lang)
    if hint:
        lines.append(f"      {labels['fix']}{colon}{hint}")
    return lines


def _document_lines(document: DocumentResult, lang: str, paint: _Paint) -> list[str]:
    labels = _LABELS[lang]
    colon = "：" if lang == "zh" else ": "
    lines = [paint(document.source, "bold") + ": " + paint(_STATUS[lang][document.status], document.status)]
    if document.department:
        lines.append(f"  {labels['department']}{colon}{document.department}" + ((f"（{document.fiscal_year}）" if lang == "zh" else f" ({document.fiscal_year})") if document.fiscal_year else ""))
    if document.schema:
        lines.append(f"  {labels['schema']}{'：' if lang == 'zh' else ': '}{document.schema}")
    counts = document.summary()
    if lang == "zh":
        lines.append(f"  错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项，不适用 {counts['not_applicable']} 项")
    else:
        lines.append(f"  {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info, {counts['not_applicable']} not applicable")
    for section, findings in document.by_section():
        lines.append(f"  【{document.section_title(section, lang)}】" if lang == "zh" else f"  [{document.section_title(section, lang)}]")
        for finding in sorted(findings, key=lambda item: item.severity.rank):
            lines.extend(_finding_lines(finding, lang, paint))
    for skipped in document.not_applicable:
        lines.append(paint(f"  [{labels['na']}] {skipped.rule}{'：' if lang == 'zh' else ': '}{skipped.reason(lang)}", "dim"))
    return lines


def summary_line(summary: Summary, lang: str) -> str:
    by_status, severities = summary.statuses, summary.severities
    if lang == "zh":
        return (
            f"共 {summary.documents} 份文档：通过 {by_status[PASS]}，不通过 {by_status[FAIL]}，无法检查 {by_status[INVALID]}；"
            f"错误 {severities['error']} 项，警告 {severities['warning']} 项，提示 {severities['info']} 项"
        )
    return (
        f"{summary.documents} documents: {by_status[PASS]} pass, {by_status[FAIL]} fail, {by_status[INVALID]} invalid; "
        f"{severities['error']} errors, {severities['warning']} warnings, {severities['info']} info"
    )


def _rule_lines(summary: Summary, lang: str, limit: int = 10) -> list[str]:
    counts = summary.rule_counts()
    if summary.documents < 2 or not counts:
        return []
    head = "最常见的问题（规则：问题数 / 涉及文档数）：" if lang == "zh" else "most frequent findings (rule: findings / documents):"
    return [head] + [f"  {count.rule} {count.title(lang)}: {count.findings} / {count.documents}" for count in counts[:limit]]


def write(documents: Iterable[DocumentResult], out: TextIO, meta: ReportMeta, options: RenderOptions) -> Summary:
    lang = "en" if options.lang == "en" else "zh"
    paint = _Paint(options.color)
    summary = Summary()
    for document in documents:
        summary.add(document)
        if not options.quiet:
            out.write("\n".join(_document_lines(document, lang, paint)) + "\n")
    if not options.quiet:
        out.writelines(line + "\n" for line in _rule_lines(summary, lang))
        if meta.pack is not None:
            pack = meta.pack
            line = (
                f"规则包 {pack.name} {pack.version}（{pack.rules} 条规则，{pack.content_hash[:19]}）"
                if lang == "zh"
                else f"rule pack {pack.name} {pack.version} ({pack.rules} rules, {pack.content_hash[:19]})"
            )
            out.write(paint(line, "dim") + "\n")
    out.write(summary_line(summary, lang) + "\n")
    return summary
