"""What every stage's tests share: paths, the bundled schema registry, an empty rule folder, a report of fixtures/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from budgetcheck.schema.registry import SchemaRegistry

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
INVALID = FIXTURES / "invalid"
MINIMAL = FIXTURES / "minimal.yaml"
SAMPLE = FIXTURES / "xiguan-2019.yaml"
SCHEMAS = REPO / "schemas"
REPORT_SCHEMA = SCHEMAS / "report" / "1" / "report.schema.json"
TEST_SCHEMAS = REPO / "tests" / "data" / "schemas"
TEST_DOCUMENTS = REPO / "tests" / "data" / "documents"
GOLDEN = REPO / "tests" / "golden"
# The real Shanghai disclosures, when present: ../shared/reference/real beside the checkout, or the folder
# BUDGETCHECK_REFERENCE names (a worktree or a clone elsewhere than beside ../shared).
REAL = Path(os.environ.get("BUDGETCHECK_REFERENCE") or REPO.parent / "shared" / "reference") / "real"

DOCUMENT_2016 = "https://budgetcheck.invalid/schemas/department-disclosure/2016/document.schema.json"
DOCUMENT_2099 = "https://budgetcheck.invalid/schemas/department-disclosure/2099-test/document.schema.json"


@pytest.fixture(scope="session")
def registry() -> SchemaRegistry:
    return SchemaRegistry.default()


@pytest.fixture(scope="session")
def no_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty rule folder: `check --rules` on it judges documents by their schema alone."""
    return tmp_path_factory.mktemp("no-rules")


@pytest.fixture(scope="session")
def fixtures_report():
    """Every document of fixtures/ checked with the national pack, as `budgetcheck check fixtures/` would."""
    import budgetcheck

    return budgetcheck.check_paths([FIXTURES])
