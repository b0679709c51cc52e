"""Ingest stage: what ingest produces, the data plus where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.findings import Position


@dataclass
class SourceDocument:
    source: str
    data: object
    kind: str  # "yaml", "json", "text" or "docx"
    positions: dict[str, Position] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)
    # what ingest itself noticed and the report must show (e.g. narrative sentences with unmapped
    # numbers); engine.findings.Finding values, paths already located through `positions`
    findings: list = field(default_factory=list)

    def location(self, pointer: str, *, key: bool = False) -> Position | None:
        """Where the value at `pointer` (or its key) is written; walks up to the nearest known ancestor."""
        table = self.key_positions if key else self.positions
        if key and pointer in table:
            return table[pointer]
        probe = pointer
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None
            probe = probe.rsplit("/", 1)[0]
