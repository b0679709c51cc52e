"""Report stage: HTML, one self-contained page a department can read, print or send.

No network assets and no script: inline CSS only. The page opens with a summary band (counts,
rule pack), then for a batch an index with one row per document linking to `#doc-N`, the rules
that failed most, and each document in a `<details>` (closed when it passes, so a page of
thousands of documents stays light): the document type in words, its findings most serious first
and in the order of the document, one `<details>` per rule with its count (open for errors and
single findings), the line of a published text first (the JSON pointer only when verbose), then
what extraction read (coverage) and the count of diagnostics (each one with `diagnostics`).

Written as a stream: the index and totals must precede the documents, so each document's index
row and part are rendered as it passes into two temporary files, and nothing of it is kept in
memory; the head, the spooled index and the spooled parts are then written in that order. Ids follow document
order and nothing depends on the clock unless `meta.generated_at` is set, so the same inputs
give the same bytes. Every text taken from a document or a rule is escaped.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from html import escape
from typing import TextIO

from budgetcheck.findings import Finding, Severity
from budgetcheck.report.options import RenderOptions, line_of
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
from budgetcheck.version import __version__

_LABELS = {
    "zh": {
        "title": "部门预算公开检查报告",
        "documents": "检查文档",
        "count": "{n} 份",
        "statuses": "结果",
        "findings": "问题",
        "not_applicable": "不适用",
        "pack": "规则包",
        "version": "版本",
        "hash": "内容散列",
        "tool": "工具",
        "generated_at": "生成时间",
        "index": "文档索引",
        "department": "部门",
        "source": "文件",
        "status": "状态",
        "rules_title": "问题最多的规则",
        "rule": "规则",
        "severity": "严重程度",
        "rule_findings": "问题数",
        "rule_documents": "涉及文档",
        "citation": "依据",
        "message": "问题说明",
        "values": "所用数值",
        "where": "位置",
        "hint": "修改建议",
        "schema": "文档",
        "fiscal_year": "年度",
        "reason": "无法检查的原因",
        "na_title": "不适用的规则",
        "na_reason": "原因",
        "no_findings": "未发现问题。",
        "line": "第 {line} 行第 {column} 列",
        "none": "无",
        "no_pack": "未加载规则包",
        "sep": "：",
        "coverage": "抽取覆盖",
        "diagnostics": "诊断",
        "diagnostics_count": "{n} 条（加 --diagnostics 列出）",
        "code": "代码",
        "line_only": "第 {line} 行",
    },
    "en": {
        "title": "Budget disclosure check report",
        "documents": "Documents checked",
        "count": "{n}",
        "statuses": "Results",
        "findings": "Findings",
        "not_applicable": "not applicable",
        "pack": "Rule pack",
        "version": "version",
        "hash": "content hash",
        "tool": "Tool",
        "generated_at": "Generated at",
        "index": "Documents",
        "department": "Department",
        "source": "File",
        "status": "Status",
        "rules_title": "Rules failed most often",
        "rule": "Rule",
        "severity": "Severity",
        "rule_findings": "Findings",
        "rule_documents": "Documents",
        "citation": "Citation",
        "message": "Finding",
        "values": "Values used",
        "where": "Where",
        "hint": "How to fix",
        "schema": "Document",
        "fiscal_year": "Fiscal year",
        "reason": "Why it could not be checked",
        "na_title": "Rules not applicable",
        "na_reason": "Reason",
        "no_findings": "No findings.",
        "line": "line {line}, column {column}",
        "none": "none",
        "no_pack": "no rule pack loaded",
        "sep": ": ",
        "coverage": "Extraction coverage",
        "diagnostics": "Diagnostics",
        "diagnostics_count": "{n} (add --diagnostics to list them)",
        "code": "Code",
        "line_only": "line {line}",
    },
}
_STATUS, _SEVERITY = STATUS_LABELS, SEVERITY_LABELS

_CSS = """
:root{--error:#b3261e;--warning:#8a5a00;--info:#1f5fa8;--pass:#1e7b34;--line:#d0d4d9;--muted:#5b6470}
*{box-sizing:border-box}
body{font:14px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:1200px;padding:1em;color:#1b1f24}
h1{font-size:1.5em;margin:.2em 0}
h2{font-size:1.2em;margin:1.2em 0 .4em}
h3{font-size:1.05em;margin:1em 0 .3em}
.band{border:1px solid var(--line);border-radius:6px;padding:.6em 1em;background:#f6f8fa}
.band dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.4em 0}
.band dt{color:var(--muted)}
.band dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.3em 0}
th,td{border:1px solid var(--line);padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
mark{background:#ffe58a;padding:0 .15em}
.sev,.status{display:inline-block;border-radius:3px;padding:0 .4em;color:#fff;font-size:.9em;white-space:nowrap}
.sev.error,.status.fail,.status.invalid{background:var(--error)}
.sev.warning{background:var(--warning)}
.sev.info{background:var(--info)}
.status.pass{background:var(--pass)}
.doc{margin:.8em 0;border:1px solid var(--line);border-radius:6px;content-visibility:auto;contain-intrinsic-size:auto 3em}
.doc>summary{cursor:pointer;padding:.45em .8em;background:#f6f8fa;font-weight:600}
.doc>.body{padding:0 .8em .6em}
.meta{color:var(--muted);margin:.4em 0}
.reason{border-left:4px solid var(--error);padding:.3em .6em;background:#fdf0ef}
.hint,.cite{font-weight:400;color:var(--muted)}
tr.rule th{background:#f3f4f6;border-top:2px solid var(--line)}
table.findings td:first-child{width:45%}
details.group{margin:.5em 0;border-left:3px solid var(--line);padding-left:.5em}
details.group.error{border-left-color:var(--error)}
details.group.warning{border-left-color:var(--warning)}
details.group>summary{cursor:pointer}
.coverage{color:var(--muted)}
ul.values{list-style:none;margin:0;padding:0}
@media print{
 body{max-width:none;padding:0;font-size:10.5pt}
 .doc{break-inside:auto;content-visibility:visible}
 .doc>summary{background:none;border-bottom:1px solid var(--line)}
 thead{display:table-header-group}
 tr{break-inside:avoid}
 .sev,.status{color:#000;border:1px solid #000;background:none!important}
 mark{background:none;font-weight:700;text-decoration:underline}
 a{color:inherit;text-decoration:none}
}
@media print{details::details-content{content-visibility:visible;display:block}}
"""


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _where(location, labels: dict[str, str]) -> str:
    if location is not None and not isinstance(location, tuple):
        return line_of(location, "zh")  # a table cell: 收支总表!C12 in either language
    return labels["line"].format(line=location[0], column=location[1]) if location else ""


def _named(value: str, message: str) -> bool:
    """Whether the message shows the value itself: "0.6" is in "0.6 万元", "0" is not in "10.00"."""
    return bool(value) and re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.]?\d)", message) is not None


def _value_cell(finding: Finding) -> str:
    """Each value the rule read; the ones the message names (all of them for an error) are marked."""
    if not finding.values:
        return ""
    message = finding.message_zh + "\n" + finding.message_en
    items = []
    for pointer, value in finding.values:
        shown = _text(value)
        if value and (finding.severity is Severity.ERROR or _named(value, message)):
            shown = f"<mark>{shown}</mark>"
        items.append(f"<li><code>{_text(pointer)}</code> = {shown}</li>")
    return '<ul class="values">' + "".join(items) + "</ul>"


def _places(finding: Finding, labels: dict[str, str], published: bool = False, verbose: bool = False) -> str:
    """Each place: in a published text its line (the pointer after it when verbose); else the pointer and its line."""
    places = []
    for index, path in enumerate(finding.paths):
        where = _where(finding.location(index), labels)
        if published and where:
            places.append(_text(where) + (f"<br><code>{_text(path or '/')}</code>" if verbose else ""))
        else:
            places.append(f"<code>{_text(path or '/')}</code>" + (f"<br>{_text(where)}" if where else ""))
    return "<br>".join(dict.fromkeys(places))


def _group(group: FindingGroup, document: DocumentResult, options: RenderOptions, labels: dict[str, str]) -> str:
    """One rule's findings in the document: severity, id, title and count in the summary line, citation and fix
    hint said once, then each finding with its values and places; open for an error or a single finding."""
    lang = "en" if options.lang == "en" else "zh"
    first = group.first
    severity = first.severity.value
    title, hint, sep = first.title(lang), first.hint(lang), labels["sep"]
    opened = " open" if first.severity is Severity.ERROR or group.count == 1 else ""
    summary = (
        f'<summary><span class="sev {severity}">{_text(_SEVERITY[lang][severity])}</span> <code>{_text(first.rule)}</code>'
        + (f" {_text(title)}" if title else "") + (f" <small>×{group.count}</small>" if group.count > 1 else "")
        + (f" — {_text(first.message(lang))}" if group.count == 1 else "") + "</summary>"
    )  # fmt: skip
    about = (f'<div class="cite">{_text(labels["citation"])}{sep}{_text(first.citation)}</div>' if first.citation else "") + (
        f'<div class="hint">{_text(labels["hint"])}{sep}{_text(hint)}</div>' if hint else ""
    )
    head = "".join(f"<th>{_text(labels[name])}</th>" for name in ("message", "values", "where"))
    rows = "".join(
        f"<tr><td>{_text(finding.message(lang))}</td><td>{_value_cell(finding)}</td>"
        f"<td>{_places(finding, labels, document.published, options.verbose)}</td></tr>"
        for finding in group.findings
    )
    return f'<details class="group {severity}"{opened}>{summary}{about}<table class="findings"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>'


def _coverage(document: DocumentResult, options: RenderOptions, labels: dict[str, str]) -> str:
    """What extraction read, the parts it did not read, and the diagnostics: their count, or each with `diagnostics`."""
    lang = "en" if options.lang == "en" else "zh"
    sep = labels["sep"]
    parts: list[str] = []
    coverage = document.coverage
    if coverage is not None:
        parts.append(f"<p>{_text(coverage.summary(lang))}</p>")
        unread = [
            f"<li>{_text(part.name(lang))}{sep}{_text(part.label(lang))}"
            + (f"（{_text(labels['line_only'].format(line=part.line))}）" if part.line and lang == "zh" else f" ({_text(labels['line_only'].format(line=part.line))})" if part.line else "")
            + (f"{sep}{_text(part.reason(lang))}" if part.reason(lang) else "") + "</li>"
            for part in coverage.parts if not part.judged
        ]  # fmt: skip
        if unread:
            parts.append("<ul>" + "".join(unread) + "</ul>")
    if document.diagnostics and not options.diagnostics:
        parts.append(f"<p>{_text(labels['diagnostics'])}{sep}{_text(labels['diagnostics_count'].format(n=len(document.diagnostics)))}</p>")
    elif document.diagnostics:
        head = "".join(f"<th>{_text(labels[name])}</th>" for name in ("code", "message", "where"))
        rows = "".join(
            f"<tr><td><code>{_text(note.rule)}</code></td><td>{_text(note.message(lang))}</td><td>{_text(_where(note.location(0), labels))}</td></tr>"
            for note in document.diagnostics
        )
        parts.append(f"<h4>{_text(labels['diagnostics'])} <small>({len(document.diagnostics)})</small></h4><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    if not parts:
        return ""
    return f'<section class="coverage"><h3>{_text(labels["coverage"])}</h3>{"".join(parts)}</section>'



def _not_applicable(document: DocumentResult, lang: str, labels: dict[str, str]) -> str:
    if not document.not_applicable:
        return ""
    rows = "".join(
        f"<tr><td><code>{_text(skipped.rule)}</code></td><td>{_text(skipped.reason(lang))}</td>"
        f"<td>{'<br>'.join(f'<code>{_text(path)}</code>' for path in skipped.paths)}</td></tr>"
        for skipped in document.not_applicable
    )
    head = "".join(f"<th>{_text(labels[name])}</th>" for name in ("rule", "na_reason", "where"))
    return (
        f"<h3>{_text(labels['na_title'])} <small>({len(document.not_applicable)})</small></h3>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _counts_text(counts: dict[str, int], lang: str, labels: dict[str, str]) -> str:
    parts = [f"{_SEVERITY[lang][severity.value]} {counts[severity.value]}" for severity in Severity]
    parts.append(f"{labels['not_applicable']} {counts['not_applicable']}")
    return " · ".join(parts)


def _reason(document: DocumentResult, lang: str, labels: dict[str, str]) -> str:
    """Why the document could not be checked, with the problem's code and where it was met."""
    first = document.findings[0] if document.findings else None
    where = _where(first.location(0), labels) if first else ""
    return (
        f'<p class="reason"><strong>{_text(labels["reason"])}</strong>{labels["sep"]}{_text(document.reason(lang))}'
        + (f" <code>{_text(first.rule)}</code>" if first else "")
        + (f" ({_text(where)})" if where else "")
        + "</p>"
    )


def _document(document: DocumentResult, number: int, options: RenderOptions, labels: dict[str, str]) -> str:
    lang = "en" if options.lang == "en" else "zh"
    status = document.status
    name = document.department or document.source
    opened = "" if status == PASS else " open"
    sep = labels["sep"]
    meta = [f"{_text(labels['source'])}{sep}<code>{_text(document.source)}</code>"]
    if document.schema:
        meta.append(f"{_text(labels['schema'])}{sep}{_text(document.schema_label(lang) or document.schema)}")
    if document.fiscal_year is not None:
        meta.append(f"{_text(labels['fiscal_year'])}{sep}{document.fiscal_year}")
    parts = [
        (
            f'<details class="doc" id="doc-{number}"{opened}><summary><span class="status {status}">{_text(_STATUS[lang][status])}</span> '
            f"{_text(name)} <small>({_text(_counts_text(document.summary(), lang, labels))})</small></summary>"
        ),
        f'<div class="body"><p class="meta">{" · ".join(meta)}</p>',
    ]
    if status == INVALID:
        parts.append(_reason(document, lang, labels))
    elif not document.findings:
        parts.append(f"<p>{_text(labels['no_findings'])}</p>")
    if status != INVALID or len(document.findings) > 1:
        parts.extend(_group(group, document, options, labels) for group in document.groups())
    parts.append(_coverage(document, options, labels))
    parts.append(_not_applicable(document, lang, labels))
    parts.append("</div></details>\n")
    return "".join(parts)


def _band(summary: Summary, meta: ReportMeta, lang: str, labels: dict[str, str]) -> str:
    statuses = " · ".join(
        f'<span class="status {status}">{_text(_STATUS[lang][status])}</span> {summary.statuses[status]}' for status in (PASS, FAIL, INVALID)
    )
    severities = " · ".join(
        f'<span class="sev {severity.value}">{_text(_SEVERITY[lang][severity.value])}</span> {summary.severities[severity.value]}'
        for severity in Severity
    )
    if meta.pack is not None:
        pack = (
            f"{_text(meta.pack.name)} · {_text(labels['version'])} {_text(meta.pack.version)} · "
            f"{_text(labels['hash'])} <code>{_text(meta.pack.content_hash)}</code>"
        )
    else:
        pack = _text(labels["no_pack"])
    rows = [
        (labels["documents"], _text(labels["count"].format(n=summary.documents))),
        (labels["statuses"], statuses),
        (labels["findings"], f"{severities} · {_text(labels['not_applicable'])} {summary.not_applicable}"),
        (labels["pack"], pack),
        (labels["tool"], f"budgetcheck {_text(__version__)}"),
    ]
    if meta.generated_at:
        rows.append((labels["generated_at"], _text(meta.generated_at)))
    items = "".join(f"<dt>{_text(term)}</dt><dd>{value}</dd>" for term, value in rows)
    return f'<header class="band"><h1>{_text(labels["title"])}</h1><dl>{items}</dl></header>\n'


def _index_row(document: DocumentResult, number: int, lang: str) -> str:
    counts = document.summary()
    return (
        f'<tr><td class="n">{number}</td><td><a href="#doc-{number}">{_text(document.department or document.source)}</a></td>'
        f"<td><code>{_text(document.source)}</code></td>"
        f'<td><span class="status {document.status}">{_text(_STATUS[lang][document.status])}</span></td>'
        + "".join(f'<td class="n">{counts[severity.value]}</td>' for severity in Severity)
        + "</tr>\n"
    )


def _index_head(lang: str, labels: dict[str, str]) -> str:
    head = (
        f'<tr><th class="n">#</th><th>{_text(labels["department"])}</th><th>{_text(labels["source"])}</th>'
        f"<th>{_text(labels['status'])}</th>"
        + "".join(f'<th class="n">{_text(_SEVERITY[lang][severity.value])}</th>' for severity in Severity)
        + "</tr>"
    )
    return f'<nav><h2>{_text(labels["index"])}</h2><table class="index"><thead>{head}</thead><tbody>\n'


def _rule_table(summary: Summary, lang: str, labels: dict[str, str]) -> str:
    counts = summary.rule_counts()
    if not counts:
        return ""
    head = "".join(f"<th>{_text(labels[name])}</th>" for name in ("rule", "severity", "citation"))
    head += "".join(f'<th class="n">{_text(labels[name])}</th>' for name in ("rule_findings", "rule_documents"))
    body = "".join(
        f"<tr><td><code>{_text(count.rule)}</code>" + (f" {_text(count.title(lang))}" if count.title(lang) else "") + "</td>"
        f'<td><span class="sev {_text(count.severity)}">{_text(_SEVERITY[lang].get(count.severity, count.severity))}</span></td>'
        f'<td class="cite">{_text(count.citation)}</td><td class="n">{count.findings}</td><td class="n">{count.documents}</td></tr>'
        for count in counts
    )  # fmt: skip
    return f"<h2>{_text(labels['rules_title'])}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"


def write(documents: Iterable[DocumentResult], out: TextIO, meta: ReportMeta, options: RenderOptions) -> Summary:
    lang = "en" if options.lang == "en" else "zh"
    labels = _LABELS[lang]
    summary = Summary()
    with _spool() as index, _spool() as bodies:
        for number, document in enumerate(documents, 1):
            summary.add(document)
            index.write(_index_row(document, number, lang))
            bodies.write(_document(document, number, options, labels))
        out.write(
            f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_text(labels['title'])}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        )
        out.write(_band(summary, meta, lang, labels))
        if summary.documents > 1:
            out.write(_index_head(lang, labels))
            _copy(index, out)
            out.write("</tbody></table></nav>\n")
            out.write(_rule_table(summary, lang, labels))
        out.write("<main>\n")
        _copy(bodies, out)
        out.write("</main>\n</body>\n</html>\n")
    return summary


def _spool() -> TextIO:
    return tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="")


def _copy(spool: TextIO, out: TextIO) -> None:
    spool.seek(0)
    shutil.copyfileobj(spool, out)
