"""The table schemas are generated from the vocabulary and committed: one source of truth for table kinds,
column names and total rows."""

from __future__ import annotations

from budgetcheck.ingest.tables import load
from budgetcheck.ingest.tables.schemagen import generate
from budgetcheck.ingest.tables.vocabulary import vocabulary_path


def test_the_committed_table_schemas_are_what_the_vocabulary_generates():
    folder = vocabulary_path().parent
    stale = [name for name, text in generate().items() if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m budgetcheck.ingest.tables.schemagen` after editing vocabulary.yaml: {stale}"


def test_every_table_kind_of_the_vocabulary_has_a_schema_the_document_schemas_reach(registry):
    vocabulary = load()
    for family in ("budget", "final"):
        entry = registry.get(f"https://budgetcheck.invalid/schemas/department-disclosure/tables/{family}.schema.json")
        assert set(entry.contents["properties"]) == {key for key, kind in vocabulary.kinds.items() if kind.family == family}
