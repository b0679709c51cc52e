"""Rule packs load fail-closed through the command line: every mistake is located, and a pack that did not load never checks a document."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import Result

import budgetcheck.rules
from budgetcheck.resources import rules_dir
from tests.cli.running import invoke_cli, run_cli
from tests.conftest import SAMPLE

NATIONAL = rules_dir() / "national"
LOCATION = re.compile(r":(\d+):(\d+): ")


def rule_source(
    *,
    assertion: str = "1 == 1",
    before: tuple[str, ...] = (),
    severity: str = "severity error",
    message: str = 'message "m"',
    schema: str = "department-disclosure/2016",
    rule_id: str = "T-001",
) -> str:
    """A one-rule file in ASCII (so that a caret sits one column per character), with the given parts."""
    lines = [f'schema "{schema}"', "", f"rule {rule_id} {{", '  title "t"', f"  {severity}", '  citation "c"']
    lines += [f"  {line}" for line in before]
    lines += [f"  assert {assertion}", f"  {message}", "}", ""]
    return "\n".join(lines)


def write_pack(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.rules").write_text(text, encoding="utf-8")
    return folder


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of `needle` in `text`."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def assert_located(result: Result, path: Path, text: str, line: int, column: int) -> None:
    """The output names file:line:column, repeats the offending line and puts a caret under the column."""
    assert f"{path}:{line}:{column}: " in result.output
    offending = text.splitlines()[line - 1]
    if len(offending) <= 100:
        assert f"    {offending}\n    {' ' * (column - 1)}^" in result.output
        return
    lines = result.output.splitlines()  # a long line is shown in part, around the place, its cuts marked …
    shown = next(index for index, line in enumerate(lines) if line.startswith("    ") and line.strip("…").strip() and line.strip(" …") in offending)
    assert lines[shown + 1].strip() == "^"


# (case id, rule file text, the text the error must point at, a phrase of the English message)
BROKEN = [
    ("misspelt-field-key", rule_source(severity="severty error"), "severty", "did you mean 'severity'?"),
    ("misspelt-document-path", rule_source(assertion="overview.expenditre.total == 1"), "expenditre", "did you mean 'expenditure'?"),
    ("arithmetic-on-text", rule_source(assertion="metadata.title + 1 == 2"), "metadata.title", "'+' needs numbers"),
    ("unknown-function", rule_source(assertion="summ(overview.expenditure.basic.total) == 1"), "summ", "unknown function 'summ'; did you mean 'sum'?"),
    ("when-is-a-number", rule_source(before=("when overview.income.total",)), "overview.income.total", "'when' must be a condition"),
    ("assert-is-a-number", rule_source(assertion="overview.income.total"), "overview.income.total", "'assert' must be a condition"),
    ("field-of-a-list-without-wildcard", rule_source(assertion="count(performance.duties.activities) == 1"), "performance.duties", "is a list: write [*]"),
    (
        "field-of-a-list-variable-without-wildcard",
        rule_source(before=("for d in performance.duties",), assertion="d.activities.name is not empty"),
        "d.activities",
        "is a list: write [*]",
    ),
    ("invalid-regex", rule_source(assertion='metadata.title matches "(abc"'), '"(abc"', "invalid regular expression"),
    ("unknown-path-in-message-hole", rule_source(message='message "x {overview.nope}"'), "nope", "unknown field 'nope'"),
    ("unknown-path-after-an-escape-in-message", rule_source(message='message "\\"x\\" {overview.nope}"'), "nope", "unknown field 'nope'"),
    ("unknown-schema", rule_source(schema="department-disclosure/2099"), 'schema "department-disclosure/2099"', "unknown document schema 'department-disclosure/2099'"),
    ("escape-json-does-not-have", rule_source(message='message "bad \\q escape"'), "\\q", "invalid string literal (Invalid \\escape)"),
    ("escape-in-a-regex-written-once", rule_source(assertion='metadata.title matches "\\d+"'), "\\d", "a backslash in a regular expression is written \\\\"),
    ("lone-surrogate", rule_source(message='message "\\ud800"'), '"\\ud800"', "lone surrogate"),
    ("number-with-too-many-digits", rule_source(assertion="1" * 41 + " == 1"), "1" * 41, "number too long (41 digits, at most 40)"),
    ("inverted-effective-period", rule_source(before=("effective from 2030 to 2016",)), "effective", "the effective period is inverted: from 2030 to 2016"),
    ("inverted-effective-dates", rule_source(before=("effective from 2019-07-01 to 2019-06-30",)), "effective", "inverted"),
    ("effective-date-that-does-not-exist", rule_source(before=("effective from 2019-02-30",)), "effective", "2019-02-30 does not exist"),
    ("expression-nested-too-deep", rule_source(assertion="not " * 20_000 + "true"), "assert", "nests deeper than 100 levels"),
    ("sum-of-50000-terms", rule_source(assertion=" + ".join(["1"] * 50_000) + " == 1"), "assert", "write a long sum as sum([a, b, c])"),
    ("message-hole-nested-too-deep", rule_source(message='message "{' + "-" * 150 + '1}"'), "-" * 150, "nests deeper than 100 levels"),
]


@pytest.mark.parametrize(("text", "needle", "phrase"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_rule_file_fails_lint_with_exit_2_at_the_offending_place(tmp_path, text, needle, phrase):
    pack = write_pack(tmp_path / "rules", broken=text)
    result = invoke_cli("rules", "lint", "--rules", pack, "--lang", "en")
    assert result.exit_code == 2
    assert "rule pack failed to load" in result.stderr
    assert phrase in result.stderr
    assert_located(result, pack / "broken.rules", text, *position(text, needle))
    assert (pack / "broken.rules").read_text(encoding="utf-8") == text  # left as it was


@pytest.mark.parametrize(("text", "needle"), [case[1:3] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_pack_makes_check_exit_2_and_print_no_report(tmp_path, text, needle):
    pack = write_pack(tmp_path / "rules", broken=text)
    for output_format in ("text", "json"):
        result = invoke_cli("check", SAMPLE, "--rules", pack, "--format", output_format)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert "规则包加载失败" in result.stderr
        assert_located(result, pack / "broken.rules", text, *position(text, needle))


def test_a_misspelt_field_key_is_answered_in_chinese_with_the_key_it_meant(tmp_path):
    text = rule_source(severity="severty error")
    pack = write_pack(tmp_path, broken=text)
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert result.exit_code == 2
    assert "未知的规则字段“severty”；您是不是要写“severity”？" in result.stderr
    assert_located(result, pack / "broken.rules", text, 5, 3)


def test_a_misspelt_path_is_located_at_the_misspelt_name_not_at_the_start_of_the_path(tmp_path):
    text = rule_source(assertion="overview.expenditre.total == 1")
    pack = write_pack(tmp_path, broken=text)
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert result.exit_code == 2
    assert "未知字段“expenditre”；您是不是要写“expenditure”？" in result.stderr
    assert f"broken.rules:7:{len('  assert overview.') + 1}: " in result.stderr


SYNTAX = [
    # (case id, rule file text, the lines where the parser may first notice the mistake)
    ("unclosed-parenthesis", rule_source(assertion="(overview.income.total == 1"), {7, 8}),
    ("comparison-without-right-side", rule_source(assertion="overview.income.total =="), {7, 8}),
    ("unclosed-string", rule_source().replace('title "t"', 'title "t'), {4}),
    ("unclosed-rule", rule_source().rstrip().removesuffix("}"), {8}),
]


@pytest.mark.parametrize(("text", "lines"), [case[1:] for case in SYNTAX], ids=[case[0] for case in SYNTAX])
def test_a_syntax_error_exits_2_with_line_column_and_a_caret(tmp_path, text, lines):
    pack = write_pack(tmp_path, broken=text)
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert result.exit_code == 2
    found = LOCATION.search(result.stderr)
    assert found is not None and str(pack / "broken.rules") in result.stderr
    line, column = int(found[1]), int(found[2])
    assert line in lines
    assert_located(result, pack / "broken.rules", text, line, column)


def test_an_unclosed_string_is_located_at_its_opening_quote(tmp_path):
    text = rule_source().replace('title "t"', 'title "t')
    pack = write_pack(tmp_path, broken=text)
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert_located(result, pack / "broken.rules", text, 4, 9)


def test_a_rule_left_unclosed_says_that_a_closing_brace_is_expected(tmp_path):
    pack = write_pack(tmp_path, broken=rule_source().rstrip().removesuffix("}"))
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert result.exit_code == 2
    assert "此处不应出现文件结尾" in result.stderr
    assert "右花括号 }" in result.stderr


def test_a_rule_id_defined_in_two_files_names_both_places(tmp_path):
    text = rule_source(rule_id="T-DUP-001")
    pack = write_pack(tmp_path, first=text, second=text)
    result = invoke_cli("rules", "lint", "--rules", pack)
    assert result.exit_code == 2
    assert "T-DUP-001" in result.stderr
    assert f"{pack / 'second.rules'}:3:1: " in result.stderr
    assert f"{pack / 'first.rules'}:3" in result.stderr
    code, output = run_cli("check", SAMPLE, "--rules", pack)
    assert (code, output) == (2, "")


def test_a_rules_path_that_does_not_exist_is_a_failed_load_not_an_empty_pack(tmp_path):
    missing = tmp_path / "no-such-folder"
    for args in (("rules", "lint"), ("check", SAMPLE)):
        result = invoke_cli(*args, "--rules", missing)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert str(missing) in result.stderr


# -- the bundled pack -----------------------------------------------------------

BUNDLED_IDS = sorted(re.findall(r"^rule ([A-Z0-9-]+) \{", "\n".join(path.read_text(encoding="utf-8") for path in NATIONAL.glob("*.rules")), re.MULTILINE))


def test_the_bundled_pack_lints_clean():
    code, output = run_cli("rules", "lint")
    assert code == 0
    assert output.startswith(f"{len(BUNDLED_IDS)} 条规则")


def test_rules_list_shows_every_rule_with_severity_citation_and_effective_period():
    code, output = run_cli("rules", "list")
    assert code == 0
    rows = [line.split("\t") for line in output.splitlines()]
    assert sorted(row[0] for row in rows) == BUNDLED_IDS
    for rule_id, severity, title, citation, period in rows:
        assert severity in ("error", "warning", "info"), rule_id
        assert title and citation.startswith("《"), rule_id
        assert re.fullmatch(r"\d{4}(-\d\d-\d\d)?–(\d{4}(-\d\d-\d\d)?)?", period), rule_id
    assert ["BUD-TIME-001", "error", "部门预算应在批复后 20 日内公开", "《中华人民共和国预算法》第十四条第二款", "2016–"] in rows


def test_rules_show_prints_the_rule_text_and_its_examples():
    code, output = run_cli("rules", "show", "BUD-EXP-001")
    assert code == 0
    assert f"# {NATIONAL / 'arithmetic.rules'}:" in output
    assert "rule BUD-EXP-001 {" in output
    assert "  assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total" in output
    assert "示例 样本：支出合计 = 基本 + 项目" in output and "期望 无发现（通过）" in output
    assert "示例 支出合计改为 329.40" in output and "期望 error /overview/expenditure/total" in output


def test_rules_show_of_an_unknown_id_exits_2():
    result = invoke_cli("rules", "show", "NOPE")
    assert result.exit_code == 2
    assert "NOPE" in result.stderr
    assert result.stdout == ""


def test_rules_test_passes_on_the_bundled_pack_and_leaves_no_rule_uncovered():
    code, output = run_cli("rules", "test")  # every example of the pack (the only test that runs them all)
    assert code == 0, [line for line in output.splitlines() if line.startswith(("失败", "未覆盖"))] or output[-2000:]
    assert re.search(r"^\d+ passed, 0 failed$", output, re.MULTILINE)
    assert "未覆盖" not in output


def _pack_with_examples(folder: Path, examples: str) -> Path:
    folder.mkdir()
    shutil.copy(NATIONAL / "arithmetic.rules", folder)
    (folder / "arithmetic.examples.yaml").write_text(examples, encoding="utf-8")
    return folder


def test_rules_test_exits_1_when_an_example_expects_the_wrong_findings(tmp_path):
    pack = _pack_with_examples(
        tmp_path / "rules",
        f"- rule: BUD-EXP-001\n  name: 错误的期望\n  base: {SAMPLE}\n  expect: []\n  set: {{/overview/expenditure/total: '329.40'}}\n"
        f"- rule: BUD-EXP-001\n  name: 正确的期望\n  base: {SAMPLE}\n  expect: []\n",
    )
    code, output = run_cli("rules", "test", "--rules", pack)
    assert code == 1
    assert "失败  BUD-EXP-001  错误的期望" in output
    assert "通过  BUD-EXP-001  正确的期望" in output
    assert output.rstrip().endswith("1 passed, 1 failed")


@pytest.mark.parametrize(
    "examples",
    ["- rule: BUD-EXP-001\n  name: [unclosed\n", "- name: 没有 rule 和 base\n", "rule: BUD-EXP-001\n", "- rule: BUD-EXP-001\n  base: x.yaml\n  expect: error\n"],
    ids=["invalid-yaml", "missing-keys", "not-a-list", "expect-not-a-list"],
)
def test_a_malformed_examples_file_exits_2_naming_the_file(tmp_path, examples):
    pack = _pack_with_examples(tmp_path / "rules", examples)
    for args in (("rules", "test"), ("rules", "show", "BUD-EXP-001")):
        result = invoke_cli(*args, "--rules", pack)
        assert result.exit_code == 2
        assert f"{pack / 'arithmetic.examples.yaml'}:" in result.stderr


# -- parse once per batch -------------------------------------------------------


def test_a_batch_parses_each_rule_file_once_not_once_per_document(tmp_path, monkeypatch):
    pack = tmp_path / "rules"
    pack.mkdir()
    for path in NATIONAL.glob("*.rules"):
        shutil.copy(path, pack)
    documents = tmp_path / "documents"
    documents.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(SAMPLE, documents / f"{name}.yaml")

    loaded: list[str] = []
    parsed: list[str] = []
    import budgetcheck.dsl.parser

    load_rule_file, parse = budgetcheck.rules.load_rule_file, budgetcheck.dsl.parser.parse
    monkeypatch.setattr(budgetcheck.rules, "load_rule_file", lambda path, registry, **options: loaded.append(path.name) or load_rule_file(path, registry, **options))
    monkeypatch.setattr(budgetcheck.dsl.parser, "parse", lambda text, file, *args, **kwargs: parsed.append(Path(file).name) or parse(text, file, *args, **kwargs))

    code, output = run_cli("check", documents, "--rules", pack)
    assert code == 1
    assert all(f"{documents / name}.yaml" in output for name in ("a", "b", "c"))
    files = sorted(path.name for path in pack.glob("*.rules"))
    assert sorted(loaded) == files
    assert sorted(parsed) == files
