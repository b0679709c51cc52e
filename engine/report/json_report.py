"""The JSON report: a stable contract (see schemas/report/); extend it, never break it."""

from __future__ import annotations

import json

from engine import __version__
from engine.report.model import Report


def to_dict(report: Report, lang: str = "zh") -> dict:
    return {
        "tool": {"name": "budgetcheck", "version": __version__},
        "documents": [
            {
                "source": document.source,
                "schema": document.schema,
                "status": document.status,
                "summary": document.summary(),
                "findings": [
                    {
                        "rule": finding.rule,
                        "severity": finding.severity.value,
                        "message": finding.message(lang),
                        "paths": list(finding.paths),
                        "locations": [
                            {"line": location[0], "column": location[1]} if location else None for location in finding.locations
                        ]
                        or [None] * len(finding.paths),
                    }
                    for finding in document.findings
                ],
                "not_applicable": [
                    {"rule": skipped.rule, "reason": skipped.reason(lang), "paths": list(skipped.paths)}
                    for skipped in document.not_applicable
                ],
            }
            for document in report.documents
        ],
    }


def render(report: Report, lang: str = "zh") -> str:
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=2)
