"""A pack never passes a document by accident: no rules, a missing folder, a rule too deep to walk, a fault while
loading: each stops the command with exit 2 and a message naming the place, and no document is checked."""

from __future__ import annotations

import sys
import time

import pytest

import budgetcheck
from budgetcheck.dsl import check as dsl_check
from budgetcheck.dsl.build import build_file
from budgetcheck.dsl.compile import ROUNDED_TERMS
from budgetcheck.dsl.errors import RuleFaultError, RuleSyntaxError
from budgetcheck.dsl.parser import MAX_NESTING, parse
from budgetcheck.rules import load_pack
from tests.cli.running import invoke_cli
from tests.conftest import SAMPLE, TEST_SCHEMAS
from tests.rules.test_rule_loading import rule_source, write_pack


def _unchanged(path, before: bytes) -> None:
    assert path.read_bytes() == before


def test_check_with_an_empty_rules_folder_exits_2_and_passes_nothing(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    before = SAMPLE.read_bytes()
    result = invoke_cli("check", SAMPLE, "--rules", empty)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{empty}: 目录中没有规则文件（*.rules）" in result.stderr
    _unchanged(SAMPLE, before)


def test_rules_lint_on_an_empty_folder_says_it_holds_no_rules_and_exits_2(tmp_path):
    result = invoke_cli("rules", "lint", "--rules", tmp_path, "--lang", "en")
    assert result.exit_code == 2
    assert "the folder holds no rule files (*.rules)" in result.stderr
    assert "all checks pass" not in result.output and "全部通过检查" not in result.output


def test_a_pack_whose_files_hold_no_rule_is_a_load_error(tmp_path):
    pack = write_pack(tmp_path / "rules", only_schema='schema "department-disclosure/2016"\n')
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert result.exit_code == 2
    assert "规则包中没有任何规则" in result.stderr
    assert invoke_cli("check", SAMPLE, "--rules", pack).exit_code == 2


def test_one_empty_folder_among_rule_folders_is_still_a_load_error(tmp_path):
    good = write_pack(tmp_path / "good", one=rule_source())
    (tmp_path / "empty").mkdir()
    result = invoke_cli("check", SAMPLE, "--rules", good, "--rules", tmp_path / "empty")
    assert result.exit_code == 2 and result.stdout == ""


def test_rules_lint_names_a_document_schema_no_rule_is_for(no_rules):
    result = invoke_cli("rules", "lint", "--rules", no_rules, "--schemas", TEST_SCHEMAS, "--lang", "en")
    assert result.exit_code == 0
    assert "note: no rule is for the schema department-disclosure/2099-test" in result.stdout
    notes = result.stdout.split("all checks pass", 1)[1]
    assert "the schema department-disclosure/2016;" not in notes  # the one schema the pack has a rule for
    assert "the schema department-disclosure/2016-shanghai-budget;" in notes  # a template profile is a schema of its own


@pytest.mark.parametrize("command", [("check", SAMPLE), ("rules", "lint"), ("schemas", "list")], ids=["check", "rules-lint", "schemas-list"])
def test_a_schemas_folder_that_does_not_exist_is_a_load_error_not_ignored(tmp_path, command):
    missing = tmp_path / "no-such-schemas"
    result = invoke_cli(*command, "--schemas", missing)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"{missing}: 模式目录不存在" in result.stderr


def test_a_fault_while_loading_a_rule_file_is_a_located_load_error_not_a_traceback(tmp_path, monkeypatch):
    pack = write_pack(tmp_path / "rules", one=rule_source())

    def broken(self, node, scope, item):
        raise KeyError("a fault of budgetcheck's own")

    monkeypatch.setattr(dsl_check.RuleChecker, "_Number", broken)
    with pytest.raises(RuleFaultError) as caught:
        load_pack(budgetcheck.load_registry(), [pack])
    assert caught.value.file == str(pack / "one.rules") and "KeyError" in caught.value.message_en
    result = invoke_cli("check", SAMPLE, "--rules", pack)
    assert result.exit_code == 2 and result.stdout == ""
    assert "加载规则文件时程序出错" in result.stderr and "Traceback" not in result.output


# Every shape of nesting, as deep as the language allows: loading and running them must never reach
# Python's recursion limit, even when called from a deep stack (a test runner, a web framework).
SHAPES = {
    "not": lambda n: ("not " * n + "true", None),
    "sum": lambda n: (" + ".join(["1"] * n) + " > 0", None),
    "parentheses-and-or": lambda n: ("(" * n + "true" + " and true)" * n, None),
    "abs": lambda n: ("abs(" * n + "1" + ")" * n + " == 1", None),
    "if": lambda n: ("if true then " * n + "true" + " else false" * n, None),
    "let": lambda n: ("".join(f"let v{i} = {i} in " for i in range(n)) + "true", None),
    "quantifiers": lambda n: ("".join(f"all q{i} in [1]: " for i in range(n)) + "true", None),
    "filters": lambda n: ("exists(" + "[1][exists(" * n + "true" + ")]" * n + ")", None),
    "message-hole": lambda n: ("true", "-" * n + "1"),
}


def _deepest(shape) -> str:
    """The rule of this shape with the largest count that still loads."""
    for count in range(MAX_NESTING, 0, -1):
        assertion, hole = shape(count)
        text = rule_source(assertion=assertion, message=f'message "{{{hole}}}"' if hole else 'message "m"')
        try:
            build_file(parse(text, "x"), "x", text)
        except RuleSyntaxError:
            continue
        return text
    raise AssertionError("no depth loads")


def _from_deep_stack(depth: int, call):
    return call() if depth == 0 else _from_deep_stack(depth - 1, call)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_deepest_rule_the_language_allows_loads_and_runs_from_a_deep_stack(tmp_path, shape):
    text = _deepest(SHAPES[shape])
    pack_dir = write_pack(tmp_path / "rules", deep=text)
    registry = budgetcheck.load_registry()
    headroom = sys.getrecursionlimit() // 4  # frames already used by whoever calls budgetcheck
    pack = _from_deep_stack(headroom, lambda: load_pack(registry, [pack_dir]))
    result = _from_deep_stack(headroom, lambda: budgetcheck.check_path(SAMPLE, registry=registry, pack=pack))
    assert result.status in ("pass", "fail")
    assert not [finding for finding in result.findings if finding.rule in ("INTERNAL-ERROR", "T-001")]


def _let_chain(links: int, doubled: bool) -> str:
    """`let a1 = a0 + a0`, … : a `rounded` comparison works every let out again where it is named."""
    lets = ["let a0 = overview.income.total + overview.income.total"]
    lets += [f"let a{k} = a{k - 1} + " + (f"a{k - 1}" if doubled else "1") for k in range(1, links)]
    return rule_source(before=tuple(lets), assertion=f"a{links - 1} == 0 rounded")


def test_a_rounded_comparison_over_a_chain_of_lets_that_doubles_is_a_located_load_error_at_once(tmp_path):
    # Found merging issue 10's rounding intervals: 20 such lets took 102 s to load (2^20 intervals), 3,000 linked
    # once each ended in a RecursionError; both are now stopped at a fixed number of terms and levels.
    for links, doubled in ((20, True), (3000, False)):
        pack = write_pack(tmp_path / f"rules-{links}", chain=_let_chain(links, doubled))
        before = SAMPLE.read_bytes()
        started = time.monotonic()
        result = invoke_cli("check", SAMPLE, "--rules", pack, "--lang", "en")
        assert time.monotonic() - started < 10
        assert result.exit_code == 2 and result.stdout == "" and "Traceback" not in result.output
        line = 6 + links + 1  # the assert, after the header and the lets
        assert f"chain.rules:{line}:10: a 'rounded' comparison works each of its lets out again" in result.stderr
        assert f"more than {ROUNDED_TERMS} terms or {MAX_NESTING} levels" in result.stderr
        _unchanged(SAMPLE, before)


def test_a_rounded_comparison_over_a_short_chain_of_lets_still_loads_and_runs(tmp_path):
    pack = write_pack(tmp_path / "rules", chain=_let_chain(8, doubled=True))
    result = budgetcheck.check_path(SAMPLE, pack=load_pack(budgetcheck.load_registry(), [pack]))
    assert "T-001" in {finding.rule for finding in result.findings}  # 2^8 × the total is not 0
