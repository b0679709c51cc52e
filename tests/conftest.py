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


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (rule files, checker's notes, schema marks), on whatever the environment says."""
    monkeypatch.setenv("BUDGETCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BUDGETCHECK_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture(scope="session")
def registry() -> SchemaRegistry:
    return SchemaRegistry.default()


ALWAYS_HOLDS = """schema "{schema}"
rule TEST-TRUE-001 {{
  title "总是成立"
  severity info
  citation "测试"
  assert true
  message "不会出现"
}}
"""


def always_holding_pack(folder: Path, *schemas: str) -> Path:
    """A rule folder whose one rule (per schema) always holds, to judge documents by their schema alone:
    a pack without rules does not load, and a document no rule is for is never a pass."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, schema in enumerate(schemas or ("department-disclosure/2016",)):
        text = ALWAYS_HOLDS.format(schema=schema).replace("TEST-TRUE-001", f"TEST-TRUE-{number + 1:03}")
        (folder / f"always-{number + 1}.rules").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def no_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rule folder whose one rule always holds: `check --rules` on it judges documents by their schema alone."""
    return always_holding_pack(tmp_path_factory.mktemp("no-rules"))


@pytest.fixture(scope="session")
def fixtures_report():
    """Every document of fixtures/ checked with the national pack, as `budgetcheck check fixtures/` would."""
    import budgetcheck

    return budgetcheck.check_paths([FIXTURES])
