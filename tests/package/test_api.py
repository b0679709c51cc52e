"""The public API: `import budgetcheck` loads, checks and renders; README's example runs as written, away from the checkout."""

from __future__ import annotations

import io
import json

import pytest

import budgetcheck
from budgetcheck.codes import INPUT_NOT_FOUND
from budgetcheck.dsl.errors import RuleLoadError
from budgetcheck.schema.registry import SchemaLoadError
from tests.conftest import FIXTURES, MINIMAL, SAMPLE, TEST_SCHEMAS, always_holding_pack
from tests.package.running import readme_example, run_python


def test_the_readme_example_is_five_lines_and_runs_outside_the_checkout(tmp_path):
    example = readme_example()
    assert len(example.splitlines()) == 5 and example.startswith("import budgetcheck\n")
    done = run_python(example, tmp_path)
    assert done.returncode == 0, done.stderr
    # the sample's errors: the eight standard tables it does not publish (TAB-REQ-001…008) and its empty organisation
    assert done.stdout.startswith("1 ['TAB-REQ-001'") and "0 pass, 1 fail, 0 invalid; 9 errors," in done.stdout


def test_outside_the_checkout_there_is_no_package_called_engine(tmp_path):
    done = run_python("import engine", tmp_path)
    assert done.returncode != 0 and "No module named 'engine'" in done.stderr


def test_importing_the_api_and_the_command_line_leaves_openpyxl_unloaded(tmp_path):
    done = run_python("import sys, budgetcheck, budgetcheck.cli; print('openpyxl' in sys.modules)", tmp_path)
    assert done.stdout.strip() == "False", done.stderr


def test_the_api_exports_the_values_it_returns():
    for name in ("Report", "DocumentResult", "Finding", "Severity", "NotApplicable", "Money", "SAMPLE", "__version__"):
        assert hasattr(budgetcheck, name), name
    assert set(budgetcheck.__all__) <= set(dir(budgetcheck))


@pytest.fixture(scope="module")
def pack():
    return budgetcheck.load_pack()


def test_check_path_gives_the_result_the_command_line_gives(pack):
    result = budgetcheck.check_path(SAMPLE, pack=pack)
    assert result.status == "fail" and result.schema and result.rules == pack.rule_ids(result.schema)
    unreadable = budgetcheck.check_path(FIXTURES / "no-such-file.yaml", pack=pack)
    assert unreadable.status == "invalid" and unreadable.findings[0].rule == INPUT_NOT_FOUND.id


def test_check_paths_reads_folders_in_order_and_names_the_pack(pack):
    report = budgetcheck.check_paths([FIXTURES / "invalid", MINIMAL], pack=pack)
    sources = [document.source for document in report.documents]
    assert sources[-1] == str(MINIMAL) and sources[:-1] == sorted(sources[:-1])
    assert report.meta.pack == pack.info and report.exit_code == 2


def test_iter_check_yields_the_same_results_one_at_a_time(pack):
    streamed = list(budgetcheck.iter_check([FIXTURES / "invalid"], pack=pack, jobs=2))
    assert [document.findings for document in streamed] == [document.findings for document in budgetcheck.check_paths([FIXTURES / "invalid"], pack=pack).documents]


def test_render_returns_text_or_bytes_and_writes_to_a_stream_returning_the_summary(pack):
    report = budgetcheck.check_paths([SAMPLE], pack=pack)
    assert json.loads(budgetcheck.render(report, "json"))["documents"][0]["status"] == "fail"
    assert budgetcheck.render(report, "xlsx")[:2] == b"PK"
    assert budgetcheck.render(report).endswith("错误 9 项，警告 68 项，提示 4 项\n")
    out = io.StringIO()
    summary = budgetcheck.render(report, "junit", "en", out, fail_on="warning")
    assert out.getvalue().startswith("<?xml") and summary.exit_code("warning") == 1
    with pytest.raises(ValueError, match="unknown report format"):
        budgetcheck.render(report, "pdf")


def test_load_registry_and_load_pack_take_other_schemas_and_rules_and_fail_closed(tmp_path):
    registry = budgetcheck.load_registry([TEST_SCHEMAS])
    assert ("department-disclosure", "2099-test") in registry.documents
    with pytest.raises(RuleLoadError):  # a pack without rules would pass everything
        budgetcheck.load_pack(registry, [tmp_path])
    pack = budgetcheck.load_pack(registry, [always_holding_pack(tmp_path / "rules", "department-disclosure/2099-test")])
    assert [rule.rule.id for rule in pack.rules] == ["TEST-TRUE-001"] and pack.roots == (tmp_path / "rules",)
    with pytest.raises(RuleLoadError):
        budgetcheck.load_pack(registry, [tmp_path / "missing"])
    (tmp_path / "bad.schema.json").write_text("{", encoding="utf-8")
    with pytest.raises(SchemaLoadError):
        budgetcheck.load_registry([tmp_path])
