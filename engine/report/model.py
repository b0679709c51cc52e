"""The report is a value: documents, their findings, their status; renderers only read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.findings import Finding, Severity

PASS, FAIL, INVALID = "pass", "fail", "invalid"


@dataclass
class DocumentResult:
    source: str
    schema: str | None
    status: str
    findings: list[Finding] = field(default_factory=list)
    not_applicable: list = field(default_factory=list)  # engine.evaluate.NotApplicable

    @classmethod
    def unreadable(cls, source: str, finding: Finding) -> "DocumentResult":
        return cls(source, None, INVALID, [finding])

    @classmethod
    def checked(cls, source: str, schema: str, findings: list[Finding], not_applicable: list | None = None) -> "DocumentResult":
        status = FAIL if any(finding.severity is Severity.ERROR for finding in findings) else PASS
        return cls(source, schema, status, findings, list(not_applicable or []))

    def summary(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        counts["not_applicable"] = len(self.not_applicable)
        return counts


@dataclass
class Report:
    documents: list[DocumentResult]

    @property
    def exit_code(self) -> int:
        """0 no error findings, 1 error findings, 2 some input could not be read."""
        if any(document.status == INVALID for document in self.documents):
            return 2
        if any(document.status == FAIL for document in self.documents):
            return 1
        return 0

    def flatten(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(source, rule, severity, paths) for every finding: the view tests assert on."""
        return [
            (document.source, finding.rule, finding.severity.value, finding.paths)
            for document in self.documents
            for finding in document.findings
        ]
