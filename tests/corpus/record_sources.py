"""Write tests/corpus/sources.yaml and tests/corpus/truth.yaml from a local copy of the corpus (issue 16).

    BUDGETCHECK_CORPUS=/work/scratch/corpus python -m tests.corpus.record_sources

The corpus texts are not in the repository (their publishers' terms and the search tool's note ask
that they not be copied verbatim): what is committed is where each came from (URL, title, province,
place, level, kind, year, retrieval note) and the hand-checked facts without quotes (file, line, kind
of check, figures, verdict). Quotes, recomputation notes and raw excerpts are left out.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.corpus.textcheck import CORPUS

HERE = Path(__file__).resolve().parent
_SOURCE_FIELDS = ("file", "province", "place", "department", "year", "kind", "level", "admin_level", "url", "title", "date_on_page", "completeness", "script", "publisher", "licence_category", "retrieved_from")
_FIGURE = set("0123456789.,-+% ")


def sources() -> list[dict]:
    entries = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))
    return [{key: entry[key] for key in _SOURCE_FIELDS if key in entry} for entry in entries]


def truth() -> list[dict]:
    out = []
    for path in sorted((CORPUS / "truth").glob("*.yaml")):
        facts = yaml.safe_load(path.read_text(encoding="utf-8"))
        for check in facts["checks"]:
            row = {"file": facts["file"], "id": check["id"], "line": check["line"], "kind": check["kind"], "verdict": check["verdict"]}
            figures = _figures(check.get("figures"))
            if figures:
                row["figures"] = figures
            out.append(row)
    return out


def _figures(value: object) -> object:
    """Only the numbers of a check's figures: a figure written as words is left out."""
    if isinstance(value, dict):
        kept = {key: _figures(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, [], {})}
    if isinstance(value, list):
        return [item for item in (_figures(item) for item in value) if item not in (None, [], {})]
    if isinstance(value, (int, float)) or (isinstance(value, str) and value and set(value) <= _FIGURE):
        return value
    return None


def main() -> None:
    header = "# Made by tests/corpus/record_sources.py from the local corpus; no text of the documents.\n"
    (HERE / "sources.yaml").write_text(header + yaml.safe_dump(sources(), allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    (HERE / "truth.yaml").write_text(header + yaml.safe_dump(truth(), allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")


if __name__ == "__main__":
    main()
