"""Report stage: JUnit XML, one test case per (document, rule), so any CI system can show a batch.

Shape, valid against the common JUnit schema (windyroad JUnit.xsd, tests/data/junit/):
- `<testsuites>` holds one `<testsuite>` per document, named after its department and file,
  with its counts; the schema allows no attributes on `<testsuites>`, so the batch totals are
  in a comment at the top (the documents are spooled to a temporary file until they are known).
- A rule with findings at or above `--fail-on` (default: errors) is a test case with one
  `<failure>` whose `type` is the most serious severity among them; its text lists each
  finding: message, pointer, line:column, values, citation and fix hint. So the CI system's
  verdict agrees with budgetcheck's exit status. A rule whose findings are all below that
  level passes; those findings are listed in the suite's `<system-out>` (the schema allows no
  output inside one test case).
- A rule that was not applicable is `<skipped message="reason">`.
- An invalid document is one test case, named after its problem's code, with an `<error>`.
- A rule that ran and found nothing is a passing test case (`DocumentResult.rules` lists the
  rules applied). Test cases follow the pack's order; checks outside the pack (schema, amounts)
  come after, in the order of their findings.
- What the tool noticed about its own reading of a document (its diagnostics and coverage) is a
  suite of its own, after every document's suite, named after the document's with “抽取诊断” /
  “extraction diagnostics”: one passing case per diagnostic code, each diagnostic and the coverage
  in its `<system-out>`. It never fails: diagnostics are not findings.

Deterministic: the schema requires a timestamp and a host on each suite, so they are
`meta.generated_at` (else 1970-01-01T00:00:00) and `localhost`; times are 0; ids follow order.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from budgetcheck.findings import Finding, Severity
from budgetcheck.report.options import RenderOptions, counted, line_of
from budgetcheck.result import INVALID, DocumentResult, ReportMeta, Summary
from budgetcheck.version import __version__

EPOCH = "1970-01-01T00:00:00"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_LABELS = {
    "zh": {
        "severity": {"error": "错误", "warning": "警告", "info": "提示"},
        "at": "位置",
        "line": "第 {line} 行第 {column} 列",
        "values": "数值",
        "citation": "依据",
        "hint": "修改建议",
        "sep": "：",
        "list": "；",
        "many": "{n} 项问题，第一项：{message}",
        "not_applicable": "不适用：",
        "summary": "{source}：错误 {error} 项，警告 {warning} 项，提示 {info} 项，不适用 {not_applicable} 项",
        "totals": "共 {documents} 份文档（通过 {passed}，不通过 {failed}，无法检查 {invalid}）",
        "diagnostics": "{name} — 抽取诊断",
        "coverage": "coverage",
    },
    "en": {
        "severity": {"error": "error", "warning": "warning", "info": "info"},
        "at": "at",
        "line": "line {line}, column {column}",
        "values": "values",
        "citation": "citation",
        "hint": "how to fix",
        "sep": ": ",
        "list": "; ",
        "many": "{n} findings; the first: {message}",
        "not_applicable": "not applicable: ",
        "summary": "{source}: {errors}, {warnings}, {info} info, {not_applicable} not applicable",
        "totals": "{documents_counted} ({passed} pass, {failed} fail, {invalid} invalid)",
        "diagnostics": "{name} — extraction diagnostics",
        "coverage": "coverage",
    },
}


def _xml(text: object) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(text)))


def _attr(text: object) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", str(text)), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _comment(text: str) -> str:
    text = _NOT_XML.sub("\ufffd", text)
    while "--" in text:
        text = text.replace("--", "- -")
    return text


def _timestamp(generated_at: str | None) -> str:
    """The schema's timestamp form (no zone): `generated_at` in UTC, or the epoch when there is none."""
    if not generated_at:
        return EPOCH
    try:
        moment = datetime.fromisoformat(generated_at)
    except ValueError:
        return EPOCH
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _details(finding: Finding, lang: str, labels: dict) -> str:
    lines = [f"[{labels['severity'][finding.severity.value]}] {finding.message(lang)}"]
    places = []
    for index, path in enumerate(finding.paths):
        location = finding.location(index)
        where = (labels["line"].format(line=location[0], column=location[1]) if isinstance(location, tuple) else line_of(location, "zh")) if location else ""
        places.append(f"{path or '/'}" + (f" ({where})" if where else ""))
    if places:
        lines.append(f"  {labels['at']}{labels['sep']}" + labels["list"].join(places))
    if finding.values:
        lines.append(f"  {labels['values']}{labels['sep']}" + labels["list"].join(f"{pointer} = {value}" for pointer, value in finding.values))
    if finding.citation:
        lines.append(f"  {labels['citation']}{labels['sep']}{finding.citation}")
    if finding.hint(lang):
        lines.append(f"  {labels['hint']}{labels['sep']}{finding.hint(lang)}")
    return "\n".join(lines)


def _message(findings: list[Finding], lang: str, labels: dict) -> str:
    first = findings[0].message(lang)
    return first if len(findings) == 1 else labels["many"].format(n=len(findings), message=first)


def _case(rule: str, classname: str, body: str = "") -> str:
    head = f"    <testcase name={_attr(rule)} classname={_attr(classname)} time=\"0\""
    return f"{head}>\n{body}    </testcase>\n" if body else f"{head}/>\n"


def _failure(rule: str, classname: str, findings: list[Finding], lang: str, labels: dict) -> str:
    worst = min(findings, key=lambda finding: finding.severity.rank).severity.value
    text = "\n".join(_details(finding, lang, labels) for finding in findings)
    body = f"      <failure type={_attr(worst)} message={_attr(_message(findings, lang, labels))}>{_xml(text)}</failure>\n"
    return _case(rule, classname, body)


def _skipped(rule: str, classname: str, reasons: list[str], labels: dict) -> str:
    return _case(rule, classname, f"      <skipped message={_attr(labels['list'].join(reasons))}/>\n")


def _suite_name(document: DocumentResult) -> str:
    department = document.department.strip()
    return f"{department} ({document.source})" if department else document.source


def _cases(document: DocumentResult, classname: str, options: RenderOptions, labels: dict) -> tuple[list[str], dict[str, int], list[Finding]]:
    """The document's test cases, its counts (tests, failures, errors, skipped) and the findings below the failing level."""
    lang = options.lang
    if document.status == INVALID:
        rule = document.findings[0].rule if document.findings else "INVALID"
        text = "\n".join(_details(finding, lang, labels) for finding in document.findings)
        body = f"      <error type={_attr(rule)} message={_attr(document.reason(lang))}>{_xml(text)}</error>\n"
        return [_case(rule, classname, body)], {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}, []
    found: dict[str, list[Finding]] = {}
    passing: list[Finding] = []
    ran: set[str] = set()
    for finding in document.findings:
        ran.add(finding.rule)
        if options.fails(finding):
            found.setdefault(finding.rule, []).append(finding)
        else:
            passing.append(finding)
    skipped: dict[str, list[str]] = {}
    for outcome in document.not_applicable:
        skipped.setdefault(outcome.rule, []).append(outcome.reason(lang))
    rules = list(dict.fromkeys([*document.rules, *(finding.rule for finding in document.findings), *skipped]))
    cases = []
    for rule in rules:
        if rule in found:
            cases.append(_failure(rule, classname, found[rule], lang, labels))
        elif rule in skipped and rule not in ran:
            cases.append(_skipped(rule, classname, skipped[rule], labels))
        else:
            cases.append(_case(rule, classname))
    counts = {"tests": len(rules), "failures": len(found), "errors": 0, "skipped": len(skipped.keys() - ran)}
    return cases, counts, passing


def _properties(document: DocumentResult, meta: ReportMeta) -> str:
    pairs = [("source", document.source), ("status", document.status)]
    if document.department:
        pairs.append(("department", document.department))
    if document.fiscal_year is not None:
        pairs.append(("fiscal_year", document.fiscal_year))
    if document.schema:
        pairs.append(("schema", document.schema))
    if meta.pack is not None:
        pairs += [("rule_pack", meta.pack.name), ("rule_pack_version", meta.pack.version), ("rule_pack_hash", meta.pack.content_hash)]
    items = "".join(f"      <property name={_attr(name)} value={_attr(value)}/>\n" for name, value in pairs)
    return f"    <properties>\n{items}    </properties>\n"


def _suite(document: DocumentResult, number: int, package: str, stamp: str, meta: ReportMeta, options: RenderOptions) -> tuple[str, dict[str, int]]:
    lang = options.lang
    labels = _LABELS[lang]
    name = _suite_name(document)
    cases, counts, passing = _cases(document, name, options, labels)
    tally = document.summary()
    words = {"errors": counted(tally["error"], "error"), "warnings": counted(tally["warning"], "warning")}
    out = "\n".join([labels["summary"].format(source=document.source, **tally, **words), *(_details(finding, lang, labels) for finding in passing)])
    head = (
        f"  <testsuite name={_attr(name)} package={_attr(package)} id=\"{number}\" timestamp=\"{stamp}\" hostname=\"localhost\""
        f" tests=\"{counts['tests']}\" failures=\"{counts['failures']}\" errors=\"{counts['errors']}\" skipped=\"{counts['skipped']}\" time=\"0\">\n"
    )  # fmt: skip
    text = head + _properties(document, meta) + "".join(cases) + f"    <system-out>{_xml(out)}</system-out>\n    <system-err/>\n  </testsuite>\n"
    return text, counts


def _diagnostics_suite(document: DocumentResult, number: int, package: str, stamp: str, lang: str) -> str:
    """The tool's notes on its reading of one document: a suite that never fails, one passing case per code."""
    labels = _LABELS[lang]
    name = labels["diagnostics"].format(name=_suite_name(document))
    codes = list(dict.fromkeys(note.rule for note in document.diagnostics)) or [labels["coverage"]]
    lines = [document.coverage.summary(lang)] if document.coverage is not None else []
    for part in document.coverage.parts if document.coverage is not None else ():
        if not part.judged:
            lines.append(f"{part.name(lang)}{labels['sep']}{part.label(lang)}{labels['sep']}{part.reason(lang)}")
    for note in document.diagnostics:
        location = note.location(0)
        where = (labels["line"].format(line=location[0], column=location[1]) if isinstance(location, tuple) else line_of(location, "zh")) if location else ""
        lines.append(f"{note.rule}" + (f" ({where})" if where else "") + f"{labels['sep']}{note.message(lang)}")
    head = (
        f"  <testsuite name={_attr(name)} package={_attr(package)} id=\"{number}\" timestamp=\"{stamp}\" hostname=\"localhost\""
        f" tests=\"{len(codes)}\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
    )
    properties = f"    <properties>\n      <property name=\"source\" value={_attr(document.source)}/>\n      <property name=\"kind\" value=\"diagnostics\"/>\n    </properties>\n"
    cases = "".join(_case(code, name) for code in codes)
    return head + properties + cases + f"    <system-out>{_xml(chr(10).join(lines))}</system-out>\n    <system-err/>\n  </testsuite>\n"


def write(documents: Iterable[DocumentResult], out: TextIO, meta: ReportMeta, options: RenderOptions) -> Summary:
    lang = "en" if options.lang == "en" else "zh"
    options = RenderOptions(lang, options.color, options.quiet, options.fail_on, options.verbose, options.diagnostics)
    labels = _LABELS[lang]
    stamp = _timestamp(meta.generated_at)
    package = f"budgetcheck.{meta.pack.name}" if meta.pack is not None and meta.pack.name else "budgetcheck"
    summary = Summary()
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="") as spool, tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="") as notes:
        for number, document in enumerate(documents):
            summary.add(document)
            text, counts = _suite(document, number, package, stamp, meta, options)
            for key, value in counts.items():
                totals[key] += value
            spool.write(text)
            if document.diagnostics or document.coverage is not None:
                notes.write(_diagnostics_suite(document, -1, package, stamp, lang))
        documents_line = labels["totals"].format(
            documents=summary.documents, documents_counted=counted(summary.documents, "document"),
            passed=summary.statuses["pass"], failed=summary.statuses["fail"], invalid=summary.statuses["invalid"],
        )  # fmt: skip
        pack = f"{meta.pack.name} {meta.pack.version} {meta.pack.content_hash}" if meta.pack is not None else "-"
        comment = (
            f"budgetcheck {__version__}; rule pack {pack}; {documents_line}; "
            f"tests={totals['tests']} failures={totals['failures']} errors={totals['errors']} skipped={totals['skipped']}"
            + "".join(f" {severity.value}={summary.severities[severity.value]}" for severity in Severity)
        )
        if meta.generated_at:
            comment += f"; generated at {meta.generated_at}"
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {_comment(comment)} -->\n<testsuites>\n')
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        notes.seek(0)
        number = summary.documents  # the diagnostics suites follow the documents' and are numbered after them
        for line in notes:
            if line.startswith("  <testsuite ") and ' id="-1" ' in line:
                line = line.replace(' id="-1" ', f' id="{number}" ', 1)
                number += 1
            out.write(line)
        out.write("</testsuites>\n")
    return summary
