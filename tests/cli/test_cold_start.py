"""A check imports only what its documents need: a YAML, JSON or .txt check never loads the libraries of Word,
Excel or PDF files (python-docx, openpyxl, pypdfium2), which cost a cold start 100 ms and more between them,
nor, for a document jsonschema-rs finds valid, the Python jsonschema that explains schema errors (20-25 ms), nor pydantic
(typer 0.29 builds a pydantic adapter per parameter, about 70 ms of a cold start: pyproject.toml keeps typer below it)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, SAMPLE

HEAVY = ("docx", "openpyxl", "xlrd", "pypdfium2", "jsonschema", "pydantic")
PROBE = """
import sys
from budgetcheck.cli import app
try:
    app(["check", sys.argv[1], "--quiet", "--jobs", "1"])
except SystemExit as done:
    assert done.code == 1, done.code
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))), file=sys.stderr)
"""


@pytest.mark.parametrize("document", [SAMPLE, FIXTURES / "xiguan-2019.txt"], ids=lambda path: path.suffix)
def test_checking_a_structured_or_plain_text_document_loads_no_office_or_pdf_library(document):
    done = subprocess.run([sys.executable, "-c", PROBE, str(document), *HEAVY], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""


@pytest.mark.parametrize("document", [SAMPLE, FIXTURES / "xiguan-2019.txt"], ids=lambda path: path.suffix)
def test_checking_a_structured_or_plain_text_document_does_not_import_the_table_reader(document):
    """The table reader (budgetcheck.ingest.tables.document and reader, 30-40 ms of imports) is for .docx and
    workbooks; a .txt needs only the tables' vocabulary (ingest/tables/__init__.py imports on first use)."""
    probe = [sys.executable, "-c", PROBE.replace("name.split(\".\")[0]", "name"), str(document), "budgetcheck.ingest.tables.document", "budgetcheck.ingest.tables.reader"]
    done = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""


def test_a_check_whose_rule_files_are_cached_imports_neither_lark_nor_the_rule_parser(tmp_path):
    """Lark and the AST builder are for parsing a rule file the cache does not hold (about 15 ms of imports)."""
    environment = {**os.environ, "BUDGETCHECK_CACHE_DIR": str(tmp_path)}
    environment.pop("BUDGETCHECK_NO_CACHE", None)
    probe = [sys.executable, "-c", PROBE.replace("name.split(\".\")[0]", "name"), str(SAMPLE), "lark", "budgetcheck.dsl.build", "budgetcheck.dsl.parser"]
    first = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=False, env=environment)
    assert first.returncode == 0, first.stderr
    assert first.stderr.split() == ["budgetcheck.dsl.build", "budgetcheck.dsl.parser", "lark"]  # the cache was empty: the files were parsed
    second = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=False, env=environment)
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip() == ""


def test_a_check_of_a_valid_document_with_the_schemas_marked_imports_no_referencing(tmp_path):
    """referencing with attrs (25 ms of imports) is for jsonschema's validator and for the $refs schema/resolver.py
    hands it; the registry's $ref check on a first run (no mark for these schemas yet) needs it too."""
    environment = {**os.environ, "BUDGETCHECK_CACHE_DIR": str(tmp_path)}
    environment.pop("BUDGETCHECK_NO_CACHE", None)
    probe = [sys.executable, "-c", PROBE, str(SAMPLE), "referencing", "attr", "attrs"]
    first = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=False, env=environment)
    assert first.returncode == 0, first.stderr
    assert first.stderr.split() == ["attr", "attrs", "referencing"]  # the schemas were checked: no mark yet
    second = subprocess.run(probe, capture_output=True, text=True, timeout=120, check=False, env=environment)
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip() == ""


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_a_pack_pauses_the_garbage_collector_and_gives_back_its_state(enabled):
    import gc

    from budgetcheck.rules import gc_paused

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError), gc_paused():
            1 / 0  # noqa: B018
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_check_freezes_what_it_loaded_before_the_collector_runs_again(monkeypatch, tmp_path):
    """Enabling the collector first let one collection walk every object the load had made (about 20 ms of a cold
    start) just before `gc.freeze` took them out of its reach: check freezes them while it is still paused, and
    gives the collector back its state after."""
    import gc

    from tests.cli.running import run_cli

    seen: list[bool] = []
    real = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (seen.append(gc.isenabled()), real())[1])
    was = gc.isenabled()
    try:
        gc.enable()
        code, _out = run_cli("check", SAMPLE, "--quiet", "--jobs", "1", "--output", tmp_path / "report.txt")
        assert code == 1
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable() if was else gc.disable()
