"""Shared paths, the bundled schema registry, and the command line run in-process.

typer 0.29 (with its own copy of click) keeps a CliRunner result's `stdout`
and `stderr` apart and puts both, interleaved, in `output`. Reports go to
stdout; registry, rule-pack and usage errors go to stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from budgetcheck.cli import app
from budgetcheck.schema.registry import SchemaRegistry

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
INVALID = FIXTURES / "invalid"
MINIMAL = FIXTURES / "minimal.yaml"
SAMPLE = FIXTURES / "xiguan-2019.yaml"
SCHEMAS = REPO / "schemas"
REPORT_SCHEMA = SCHEMAS / "report" / "1" / "report.schema.json"
TEST_SCHEMAS = REPO / "tests" / "schemas"
TEST_DOCUMENTS = REPO / "tests" / "documents"

DOCUMENT_2016 = "https://budgetcheck.invalid/schemas/department-disclosure/2016/document.schema.json"
DOCUMENT_2099 = "https://budgetcheck.invalid/schemas/department-disclosure/2099-test/document.schema.json"


def invoke_cli(*args: object) -> Result:
    """Run `budgetcheck ARGS...`; an exception escaping the command fails the test instead of passing for exit 1."""
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"budgetcheck {' '.join(map(str, args))} raised {result.exception!r}") from result.exception
    return result


def run_cli(*args: object) -> tuple[int, str]:
    """(exit code, standard output) of `budgetcheck ARGS...`."""
    result = invoke_cli(*args)
    return result.exit_code, result.stdout


def run_json(*args: object) -> tuple[int, dict]:
    code, output = run_cli(*args, "--format", "json")
    return code, json.loads(output)


@pytest.fixture(scope="session")
def registry() -> SchemaRegistry:
    return SchemaRegistry.default()


@pytest.fixture(scope="session")
def registry_with_test_version() -> SchemaRegistry:
    """The bundled schemas plus the test-only version department-disclosure/2099-test."""
    return SchemaRegistry.default([TEST_SCHEMAS])


@pytest.fixture(scope="session")
def no_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty rule folder: `check --rules` on it judges documents by their schema alone."""
    return tmp_path_factory.mktemp("no-rules")


@pytest.fixture(scope="session")
def fixtures_report():
    """Every document of fixtures/ checked with the national pack, as `budgetcheck check fixtures/` would."""
    import budgetcheck

    return budgetcheck.check_paths([FIXTURES])
