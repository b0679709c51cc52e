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
