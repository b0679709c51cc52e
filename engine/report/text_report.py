"""Report stage: text, what a person reads in a terminal, Chinese first.

Per document: its status, department, what kind of document it was checked as (in words, never the
schema's $id), the counts, then its findings, most serious first and in the order of the document,
one entry per rule: the rule's title, regulation and fix hint said once, then each place with its
message. A place in a published text is its line (第 N 行), which a clerk can find; the JSON pointer
follows only with `verbose`, or first for a structured submission. After the findings, a short
coverage block says what extraction read (every diagnostic in full with `diagnostics`), then the
rules that were not applicable. Colour only when asked (the CLI asks when writing to a terminal).
`quiet` prints only the closing summary line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from budgetcheck.findings import Finding
from budgetcheck.report.options import RenderOptions, counted, line_of
from budgetcheck.result import (
    FAIL,
    INVALID,
    PASS,
    SEVERITY_LABELS,
    STATUS_LABELS,
    DocumentResult,
    FindingGroup,
    ReportMeta,
    Summary,
)

_STATUS, _SEVERITY = STATUS_LABELS, SEVERITY_LABELS
_LABELS = {
    "zh": {"schema": "文档", "at": "位置", "basis": "依据", "fix": "建议", "na": "不适用", "department": "部门", "diagnostics": "诊断", "more": "{n} 条（加 --diagnostics 列出）"},
    "en": {"schema": "document", "at": "at", "basis": "basis", "fix": "fix", "na": "n/a", "department": "department", "diagnostics": "diagnostics", "more": "{n} (add --diagnostics to list them)"},
}
_COLOURS = {"error": "31", "warning": "33", "info": "36", PASS: "32", FAIL: "31", INVALID: "35", "dim": "2", "bold": "1"}


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if self.enabled else text


def _places(finding: Finding, document: DocumentResult, lang: str, verbose: bool) -> str:
    """Each place of a finding: its line first in a published text (the pointer after it only when verbose);
    the pointer with its line in a structured submission."""
    places = []
    for index, path in enumerate(finding.paths):
        where = line_of(finding.location(index), lang)
        pointer = path or "/"
        if document.published and where:
            places.append(f"{where}（{pointer}）" if verbose and lang == "zh" else f"{where} ({pointer})" if verbose else where)
        else:
            places.append(pointer + (f"（{where}）" if where and lang == "zh" else f" ({where})" if where else ""))
    unique = list(dict.fromkeys(places))
    return ("；" if lang == "zh" else "; ").join(unique)


def _one_line(message: str) -> str:
    """A message quoting several lines of the document, on one line of the report."""
    return " ".join(message.split("\n"))


def _group_lines(group: FindingGroup, document: DocumentResult, options: RenderOptions, paint: _Paint) -> list[str]:
    lang = "en" if options.lang == "en" else "zh"
    labels = _LABELS[lang]
    colon = "：" if lang == "zh" else ": "
    first = group.first
    severity = paint(f"[{_SEVERITY[lang][first.severity.value]}]", first.severity.value)
    count = f" ×{group.count}" if group.count > 1 else ""
    title = first.title(lang)
    if group.count == 1:
        lines = [f"    {severity} {first.rule}: {_one_line(first.message(lang))}"]
        places = _places(first, document, lang, options.verbose)
        if places:
            lines.append(paint(f"      {labels['at']}{colon}{places}", "dim"))
    else:
        lines = [f"    {severity} {first.rule}{count}" + (f": {title}" if title else "")]
        for finding in group.findings:
            places = _places(finding, document, lang, options.verbose)
            lines.append(f"      - {places}{colon if places else ''}{_one_line(finding.message(lang))}")
    separator = "；" if lang == "zh" else "; "
    basis = separator.join(part for part in ((title if group.count == 1 else ""), first.citation) if part)
    if basis:
        lines.append(paint(f"      {labels['basis']}{colon}{basis}", "dim"))
    hint = first.hint(lang)
    if hint:
        lines.append(f"      {labels['fix']}{colon}{hint}")
    return lines


def _counts(document: DocumentResult, lang: str) -> str:
    counts = document.summary()
    if lang == "zh":
        return f"  错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项，不适用 {counts['not_applicable']} 项"
    words = (("error", "error"), ("warning", "warning"), ("info", "info"), ("not_applicable", "not applicable"))
    return "  " + ", ".join(counted(counts[key], word) for key, word in words)


def _coverage_lines(document: DocumentResult, options: RenderOptions, paint: _Paint) -> list[str]:
    """What extraction read, in one line (and the parts not read), then the diagnostics: every one with `diagnostics`, else their count."""
    lang = "en" if options.lang == "en" else "zh"
    labels = _LABELS[lang]
    colon = "：" if lang == "zh" else ": "
    lines: list[str] = []
    coverage = document.coverage
    if coverage is not None:
        lines.append(paint(f"  {coverage.summary(lang)}", "dim"))
        for part in coverage.parts:
            if part.judged:
                continue
            where = line_of((part.line, 1), lang, column=False) if part.line else ""
            reason = part.reason(lang)
            lines.append(paint(f"    {part.name(lang)}{colon}{part.label(lang)}" + (f"（{where}）" if where and lang == "zh" else f" ({where})" if where else "") + (f"{'，' if lang == 'zh' else ', '}{reason}" if reason else ""), "dim"))
    if not document.diagnostics:
        return lines
    if not options.diagnostics:
        lines.append(paint(f"  {labels['diagnostics']}{colon}" + labels["more"].format(n=len(document.diagnostics)), "dim"))
        return lines
    lines.append(paint(f"  {labels['diagnostics']}{colon}", "dim"))
    for note in document.diagnostics:
        where = line_of(note.location(0), lang)
        lines.append(paint(f"    {note.rule}" + (f" {where}" if where else "") + f"{colon}{note.message(lang)}", "dim"))
    return lines


def _document_lines(document: DocumentResult, options: RenderOptions, paint: _Paint) -> list[str]:
    lang = "en" if options.lang == "en" else "zh"
    labels = _LABELS[lang]
    colon = "：" if lang == "zh" else ": "
    lines = [paint(document.source, "bold") + ": " + paint(_STATUS[lang][document.status], document.status)]
    if document.department:
        lines.append(f"  {labels['department']}{colon}{document.department}" + ((f"（{document.fiscal_year}）" if lang == "zh" else f" ({document.fiscal_year})") if document.fiscal_year else ""))
    name = document.schema_label(lang)
    if name:
        lines.append(f"  {labels['schema']}{colon}{name}")
    lines.append(_counts(document, lang))
    for group in document.groups():
        lines.extend(_group_lines(group, document, options, paint))
    lines.extend(_coverage_lines(document, options, paint))
    for skipped in document.not_applicable:
        lines.append(paint(f"  [{labels['na']}] {skipped.rule}{colon}{skipped.reason(lang)}", "dim"))
    return lines


def summary_line(summary: Summary, lang: str) -> str:
    by_status, severities = summary.statuses, summary.severities
    if lang == "zh":
        return (
            f"共 {summary.documents} 份文档：通过 {by_status[PASS]}，不通过 {by_status[FAIL]}，无法检查 {by_status[INVALID]}；"
            f"错误 {severities['error']} 项，警告 {severities['warning']} 项，提示 {severities['info']} 项"
        )
    return (
        f"{counted(summary.documents, 'document')}: {by_status[PASS]} pass, {by_status[FAIL]} fail, {by_status[INVALID]} invalid; "
        f"{counted(severities['error'], 'error')}, {counted(severities['warning'], 'warning')}, {counted(severities['info'], 'info')}"
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
            out.write("\n".join(_document_lines(document, options, paint)) + "\n")
    if not options.quiet:
        out.writelines(line + "\n" for line in _rule_lines(summary, lang))
        if meta.pack is not None:
            pack = meta.pack
            line = (
                f"规则包 {pack.name} {pack.version}（{pack.rules} 条规则，{pack.content_hash[:19]}）"
                if lang == "zh"
                else f"rule pack {pack.name} {pack.version} ({counted(pack.rules, 'rule')}, {pack.content_hash[:19]})"
            )
            out.write(paint(line, "dim") + "\n")
    out.write(summary_line(summary, lang) + "\n")
    return summary
