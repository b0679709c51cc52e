"""Base: what checking returns. The report is a value: documents, their findings, their status; renderers only read it.

A batch can be far larger than memory allows to hold, so renderers take the documents as a
stream (`Report.documents` may be any iterable consumed once) and a `Summary` is built as they
pass; `Report` with a list is the small, in-memory case the library and the tests use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from budgetcheck.coverage import Coverage
from budgetcheck.findings import CellPlace, Finding, NotApplicable, PagePlace, Severity

PASS, FAIL, INVALID = "pass", "fail", "invalid"
STATUSES = (PASS, FAIL, INVALID)

# What every format calls a status and a severity, by language.
STATUS_LABELS = {
    "zh": {PASS: "通过", FAIL: "不通过", INVALID: "无法检查"},
    "en": {PASS: "pass", FAIL: "fail", INVALID: "invalid"},
}
SEVERITY_LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


@dataclass
class DocumentResult:
    source: str
    schema: str | None
    status: str
    findings: list[Finding] = field(default_factory=list)
    not_applicable: list = field(default_factory=list)  # engine.evaluate.NotApplicable
    department: str = ""  # metadata.department.name when the document has one
    fiscal_year: int | None = None
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)  # section key -> (title zh, title en)
    rules: tuple[str, ...] = ()  # ids of the pack's rules applied to this document, in pack order
    # what the tool noticed about its own reading of the document (EXTRACT-*, and schema findings under a
    # part it did not read): shown apart, never counted as findings, never changing the status
    diagnostics: list[Finding] = field(default_factory=list)
    coverage: Coverage | None = None  # what extraction read, part by part (None: the submission is the data)
    schema_name: tuple[str, str] = ("", "")  # the document type and version as a clerk reads it, (zh, en)
    kind: str = ""  # what was read: yaml, json, text or docx ("" when the file could not be read)

    @property
    def published(self) -> bool:
        """Whether the document is a published text (a narrative .txt or .docx) whose lines a clerk can find,
        rather than a structured submission whose JSON pointers name its places."""
        return self.kind in ("text", "docx", "pdf")

    @classmethod
    def unreadable(cls, source: str, finding: Finding) -> DocumentResult:
        return cls(source, None, INVALID, [finding])

    @classmethod
    def checked(cls, source: str, schema: str, findings: list[Finding], not_applicable: list[NotApplicable] | None = None) -> DocumentResult:
        status = FAIL if any(finding.severity is Severity.ERROR for finding in findings) else PASS
        return cls(source, schema, status, in_reading_order(findings), list(not_applicable or []))

    def summary(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        counts["not_applicable"] = len(self.not_applicable)
        counts["diagnostics"] = len(self.diagnostics)
        return counts

    def section_title(self, key: str, lang: str = "zh") -> str:
        titles = self.sections.get(key)
        if titles is None:
            return key or ("整份文档" if lang != "en" else "whole document")
        return titles[1] if lang == "en" else titles[0]

    def by_section(self) -> list[tuple[str, list[Finding]]]:
        """Findings grouped by the part of the document they concern, in the schema's order of parts."""
        order = {key: index for index, key in enumerate(self.sections)}
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.section, []).append(finding)
        return sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))

    def reason(self, lang: str = "zh") -> str:
        """Why an invalid document could not be checked: its first finding's message."""
        return self.findings[0].message(lang) if self.findings else ""

    def schema_label(self, lang: str = "zh") -> str:
        """The document type and version in words (部门预算公开说明（2016 版，上海区级预算模板）), never the $id."""
        zh, en = self.schema_name
        return (en or zh) if lang == "en" else zh

    def groups(self) -> list[FindingGroup]:
        """The findings, one entry per rule, in the order of each rule's first finding (errors first, then by position)."""
        groups: dict[tuple[str, str], FindingGroup] = {}
        for index, finding in enumerate(self.findings):
            key = (finding.rule, finding.severity.value)
            if key not in groups:
                groups[key] = FindingGroup(finding.rule, finding.severity, [])
            groups[key].indices.append(index)
            groups[key].findings.append(finding)
        return list(groups.values())


@dataclass
class FindingGroup:
    """The findings of one rule in one document, reported as one entry with its count and every place."""

    rule: str
    severity: Severity
    indices: list[int]  # positions in DocumentResult.findings
    findings: list[Finding] = field(default_factory=list)

    @property
    def first(self) -> Finding:
        return self.findings[0]

    @property
    def count(self) -> int:
        return len(self.findings)


def _first_place(finding: Finding) -> tuple:
    """The earliest place of a finding: a line of the text before any table cell, the unlocated last."""
    located = [_order(location) for location in finding.locations if location is not None]
    return min(located) if located else (2, 1 << 30, 0, "", 0, "")


def _order(location: object) -> tuple:
    if isinstance(location, PagePlace):
        box = location.bbox or (0.0, 0.0, 0.0, 0.0)
        return (0, location.page, int(box[1]), "", int(box[0]), "")
    if isinstance(location, CellPlace):
        digits = location.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return (1, 0, 0, location.sheet, int(digits) if digits.isdigit() else 0, location.cell)
    return (0, location[0], location[1], "", 0, "")  # type: ignore[index]


def in_reading_order(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then info; within each, in the order of the document (first place
    written), the unlocated after the located, ties kept as found."""
    return sorted(findings, key=lambda finding: (finding.severity.rank, _first_place(finding)))


@dataclass(frozen=True)
class PackInfo:
    """Which rules produced a report: the pack's name, version and a hash of its rule files' contents."""

    name: str
    version: str
    content_hash: str
    rules: int


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: str
    title_zh: str
    title_en: str
    citation: str
    findings: int
    documents: int

    def title(self, lang: str = "zh") -> str:
        return (self.title_en or self.title_zh) if lang == "en" else self.title_zh


@dataclass
class Summary:
    """Counts across a batch, built one document at a time (nothing per document is kept)."""

    documents: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    severities: dict[str, int] = field(default_factory=lambda: {severity.value: 0 for severity in Severity})
    not_applicable: int = 0
    diagnostics: int = 0  # the tool's notes on its own reading: never findings, never in the exit status
    _rules: dict[str, list] = field(default_factory=dict)  # rule -> [severity, title zh, title en, citation, findings, documents]

    def add(self, document: DocumentResult) -> None:
        self.documents += 1
        self.statuses[document.status] += 1
        self.not_applicable += len(document.not_applicable)
        self.diagnostics += len(document.diagnostics)
        seen: set[str] = set()
        for finding in document.findings:
            self.severities[finding.severity.value] += 1
            entry = self._rules.setdefault(finding.rule, [finding.severity.value, finding.title_zh, finding.title_en, finding.citation, 0, 0])
            entry[4] += 1
            if finding.rule not in seen:
                seen.add(finding.rule)
                entry[5] += 1

    def rule_counts(self) -> list[RuleCount]:
        """Rules by how often they failed: most findings first, then by rule id (a stable order)."""
        counts = [RuleCount(rule, *entry) for rule, entry in self._rules.items()]
        return sorted(counts, key=lambda count: (-count.findings, count.rule))

    def exit_code(self, fail_on: str = "error") -> int:
        """0 clean, 1 findings at or above `fail_on`, 2 some input could not be checked; `never` is always 0."""
        if fail_on == "never":
            return 0
        if self.statuses[INVALID]:
            return 2
        if self.severities["error"] or (fail_on == "warning" and self.severities["warning"]):
            return 1
        return 0

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "status": dict(self.statuses),
            "findings": dict(self.severities),
            "not_applicable": self.not_applicable,
            "diagnostics": self.diagnostics,
            "rules": [
                {"rule": c.rule, "severity": c.severity, "title": c.title_zh, "title_en": c.title_en, "citation": c.citation,
                 "findings": c.findings, "documents": c.documents}
                for c in self.rule_counts()
            ],
        }  # fmt: skip

    @classmethod
    def of(cls, documents: Iterable[DocumentResult]) -> Summary:
        summary = cls()
        for document in documents:
            summary.add(document)
        return summary


@dataclass(frozen=True)
class ReportMeta:
    """What a report says about the run itself; `generated_at` only when asked (`--timestamp`)."""

    pack: PackInfo | None = None
    generated_at: str | None = None


@dataclass
class Report:
    documents: list[DocumentResult]
    meta: ReportMeta = field(default_factory=ReportMeta)

    @property
    def exit_code(self) -> int:
        """0 no error findings, 1 error findings, 2 some input could not be read."""
        return Summary.of(self.documents).exit_code()

    def summary(self) -> Summary:
        return Summary.of(self.documents)

    def flatten(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(source, rule, severity, paths) for every finding: the view tests assert on."""
        return [
            (document.source, finding.rule, finding.severity.value, finding.paths)
            for document in self.documents
            for finding in document.findings
        ]
