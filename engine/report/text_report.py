"""The text report: what a person reads in a terminal, Chinese first."""

from __future__ import annotations

from engine.report.model import FAIL, INVALID, PASS, Report

_STATUS = {
    "zh": {PASS: "通过", FAIL: "不通过", INVALID: "无法检查"},
    "en": {PASS: "pass", FAIL: "fail", INVALID: "invalid"},
}
_SEVERITY = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}, "en": {"error": "error", "warning": "warning", "info": "info"}}


def _where(location: tuple[int, int] | None, lang: str) -> str:
    if location is None:
        return ""
    line, column = location
    return f"第 {line} 行第 {column} 列" if lang == "zh" else f"line {line}, column {column}"


def render(report: Report, lang: str = "zh") -> str:
    lang = "en" if lang == "en" else "zh"
    lines: list[str] = []
    for document in report.documents:
        lines.append(f"{document.source}: {_STATUS[lang][document.status]}")
        if document.schema:
            lines.append(("  模式：" if lang == "zh" else "  schema: ") + document.schema)
        counts = document.summary()
        if lang == "zh":
            lines.append(f"  错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项，不适用 {counts['not_applicable']} 项")
        else:
            lines.append(f"  {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info, {counts['not_applicable']} not applicable")
        for finding in document.findings:
            places = []
            for index, path in enumerate(finding.paths):
                location = finding.locations[index] if index < len(finding.locations) else None
                where = _where(location, lang)
                places.append(f"{path or '/'}" + (f"（{where}）" if where and lang == "zh" else f" ({where})" if where else ""))
            lines.append(f"  [{_SEVERITY[lang][finding.severity.value]}] {finding.rule}: {finding.message(lang)}")
            if places:
                lines.append(("    位置：" + "；".join(places)) if lang == "zh" else ("    at: " + "; ".join(places)))
        for skipped in document.not_applicable:
            label = "  [不适用]" if lang == "zh" else "  [n/a]"
            lines.append(f"{label} {skipped.rule}: {skipped.reason(lang)}")
    total = len(report.documents)
    by_status = {status: sum(1 for document in report.documents if document.status == status) for status in (PASS, FAIL, INVALID)}
    if lang == "zh":
        lines.append(f"共 {total} 份文档：通过 {by_status[PASS]}，不通过 {by_status[FAIL]}，无法检查 {by_status[INVALID]}")
    else:
        lines.append(f"{total} documents: {by_status[PASS]} pass, {by_status[FAIL]} fail, {by_status[INVALID]} invalid")
    return "\n".join(lines)
