"""What the claim tests ask of a made-up text: the rules of its error findings when checked, its claims, and the whole
each claim with an amount was read as a part of."""

from __future__ import annotations

from functools import cache

import budgetcheck
from budgetcheck.ingest.narrative.claims import find_claims


@cache
def _pack():
    return budgetcheck.load_pack()


def error_rules(tmp_path, text: str) -> list[str]:
    return found_rules(tmp_path, text, ("error",))


def found_rules(tmp_path, text: str, severities: tuple[str, ...] = ("error", "warning")) -> list[str]:
    """The rules of the findings of those severities a text gives, checked as a .txt (never an invalid row)."""
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    assert result.status != "invalid", result
    return sorted(f.rule for f in result.findings if f.severity.value in severities)


def claims(text: str, year: int = 2023) -> list[dict]:
    return [found.data for found in find_claims(list(enumerate(text.split("\n"), 1)), year, "万元")]


def wholes(text: str, year: int = 2023) -> dict[str, str | None]:
    """The subject of each claim with an amount, and the subject of its whole (None for none); a later claim of a
    subject stands for both."""
    read = claims(text, year)
    names = {claim["id"]: claim["subject"] for claim in read}
    return {claim["subject"]: names.get(claim.get("part_of", "")) for claim in read if "amount" in claim}
