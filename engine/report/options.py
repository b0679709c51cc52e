"""Report stage: how to render a report (language, colour, quiet, the severity that fails a junit case)."""

from __future__ import annotations

from dataclasses import dataclass

from budgetcheck.findings import Finding


@dataclass(frozen=True)
class RenderOptions:
    """How to render: message language; colour and quiet apply to the text format only; `fail_on`
    (error, warning, never) is the severity from which a finding fails its junit test case."""

    lang: str = "zh"
    color: bool = False
    quiet: bool = False
    fail_on: str = "error"

    def fails(self, finding: Finding) -> bool:
        return self.fail_on != "never" and finding.severity.rank <= (1 if self.fail_on == "warning" else 0)
