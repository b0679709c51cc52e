"""Ingest stage: what ingest produces, the data plus where each value came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.coverage import Coverage
from budgetcheck.findings import Location, Position
from budgetcheck.ingest.limits import Limits


@dataclass
class SourceDocument:
    source: str
    data: object
    kind: str  # "yaml", "json", "text" or "docx"
    positions: dict[str, Location] = field(default_factory=dict)
    key_positions: dict[str, Location] = field(default_factory=dict)
    # what ingest noticed about its own reading and the report shows apart from the findings (e.g.
    # narrative sentences with unmapped numbers): engine.findings.Finding values, already located
    diagnostics: list = field(default_factory=list)
    # what extraction read of the document, part by part; None for YAML and JSON, whose data is the submission
    coverage: Coverage | None = None
    # per JSON pointer of a figure read from printed text: the exponent of its last printed digit in the
    # unit the value is held in (839万元 held in 元 is 4: ±5,000 元); YAML and JSON take it from the digits
    precision: dict[str, int] = field(default_factory=dict)
    # the limits whose lists and numbers the reader found the data within, when it walked the data anyway (JSON):
    # bounds.bound need not walk it again; None when not known
    bounded: Limits | None = None
    # every Decimal of the data is known to have a fraction (none is a whole number such as 2019.0, which jsonschema-rs
    # would take for an integer): the reader saw each as it read it (JSON); False when not known. The schema stage
    # then needs no strict-integer keyword (schema/registry.py, SchemaValidator.iter_errors)
    fractional: bool = False

    def location(self, pointer: str, *, key: bool = False) -> Location | None:
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
