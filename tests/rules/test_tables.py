"""The made-up 东湖区商务委员会 disclosure (fixtures/tables/): its Word narrative and Excel workbook are what
fixtures/tables/build.py writes, and its YAML (the base of the table rules' examples) is the two read as one."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from budgetcheck.ingest.tables.document import read_workbook
from tests.conftest import FIXTURES

TABLES = FIXTURES / "tables"
STEM = "donghu-commerce-2025"


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("fixtures_tables_build", TABLES / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_committed_yaml_is_the_committed_narrative_and_workbook_read_as_one(build):
    assert (TABLES / f"{STEM}.yaml").read_text(encoding="utf-8") == build.base_yaml(TABLES), "run python fixtures/tables/build.py"


def test_the_committed_files_are_what_the_script_builds(build, tmp_path):
    from budgetcheck.ingest.narrative import extract_path

    build.build(tmp_path)
    narratives = [extract_path(folder / f"{STEM}.docx").document.data for folder in (tmp_path, TABLES)]
    for data in narratives:
        data["metadata"].pop("source", None)  # where the file lies
    assert narratives[0] == narratives[1]
    built, committed = (read_workbook(folder / f"{STEM}.xlsx", year=2025, file=f"{STEM}.xlsx") for folder in (tmp_path, TABLES))
    assert built.data == committed.data
    assert {k: str(v) for k, v in built.positions.items()} == {k: str(v) for k, v in committed.positions.items()}


@pytest.fixture(scope="module")
def paired():
    from budgetcheck.ingest import Pair, load_document

    return load_document(Pair(TABLES / f"{STEM}.docx", TABLES / f"{STEM}.xlsx"))


def _failing_table_examples():
    from budgetcheck.ruletests import load_examples
    from budgetcheck.resources import rules_dir

    for example in load_examples([rules_dir() / "national" / "tables.examples.yaml"]):
        if example.base.name != f"{STEM}.yaml" or any(key.endswith("/rows") for key in example.set_values):
            continue  # the sample's, and the 元 examples that put other rows in
        for wanted in example.expect:
            yield example.rule, example.name, wanted["path"]


def test_every_failing_table_example_is_located_at_a_cell_of_the_workbook_or_a_line_of_the_text(paired):
    cases = list(_failing_table_examples())
    assert len(cases) >= 20
    for rule, name, path in cases:
        place = paired.positions.get(path)
        assert place is not None, (rule, name, path)
        if path.startswith("/tables/"):
            assert place.sheet and place.cell, (rule, name, path, place)
