"""Ingest stage, narrative claims: a claim while it is read (Claim) and as found (FoundClaim).

claims.py reads them; the modules it calls on (claim_fields, claim_lists, claim_carry) take a Claim's `data`,
`positions`, `precision` and the sentences it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.findings import Position
from budgetcheck.ingest.narrative.claim_text import Text


@dataclass(frozen=True)
class FoundClaim:
    data: dict
    positions: dict[str, Position]
    span: tuple[int, int, int]
    text: str
    precision: dict[str, int] = field(default_factory=dict)  # relative pointer -> exponent of the last printed digit, in the document unit
    digits: tuple[Position, ...] = ()  # where the digits of its reason are written: read into the claim with it
    lines: tuple[int, ...] = ()  # the source lines of the sentences it was read from


UNNAMED = "（未写明事项）"  # the subject of a figure whose item was not read: rules name it (CLM-DUP-001 compares no two)


@dataclass
class Claim:
    data: dict
    positions: dict[str, Position]
    sentence: Text
    top: bool = True
    later: list[Text] = field(default_factory=list)
    precision: dict[str, int] = field(default_factory=dict)
    digits: list[Position] = field(default_factory=list)
    reason_key: str = "reason"  # where a reason's further clauses go: reason, or an item's purpose
    noted: bool = False  # read in brackets after its whole's figure (761.21万元(含上年结转5.01万元)): a note, no list

    @property
    def id(self) -> str:
        return self.data["id"]

    def read_from(self, sentence: Text | None) -> None:
        if sentence is not None and sentence is not self.sentence and all(sentence is not seen for seen in self.later):
            self.later.append(sentence)


def finish(claim: Claim) -> FoundClaim:
    """The claim as the document holds it: its fields in a fixed order, its text the sentences it was read from."""
    sentence = claim.sentence
    text = "".join(part.chars.strip() for part in [sentence, *claim.later])
    claim.data["text"] = text
    claim.positions["/text"] = sentence.at(len(sentence.chars) - len(sentence.chars.lstrip()))
    line, column = claim.positions[""]
    end = max(sentence.last_column_on(line), column + 1)
    data = {key: claim.data[key] for key in _ORDER if key in claim.data}
    lines = tuple(sorted({number for part in [sentence, *claim.later] for number in part.source_lines()}))
    return FoundClaim(data, dict(claim.positions), (line, column, end), text, dict(claim.precision), tuple(claim.digits), lines)


_ORDER = (
    "id", "part_of", "subject", "measure", "classification", "year", "amount", "restated_amount", "plan_kind", "plan_amount", "base_year", "base_kind", "base_amount",
    "direction", "change", "percent_direction", "percent", "completion_of", "completion_percent", "plan_direction", "plan_direction_of", "share", "share_of",
    "plan_change_direction", "plan_change", "plan_percent", "quantity", "quantity_unit", "purpose", "reason", "original_unit", "text",
)
