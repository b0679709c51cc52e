"""The catalogue of finding codes no rule makes: one table that every place reporting such a code refers to."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import string

import pytest

import budgetcheck
from budgetcheck import codes
from budgetcheck.errors import BudgetcheckError
from budgetcheck.ingest.narrative import extract_text
from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES, REPO, TEST_DOCUMENTS

ENGINE = REPO / "engine"
CODE_AS_TEXT = re.compile(r"""["'](?:INPUT|SCHEMA|EXTRACT|AMOUNT|NARRATIVE|INTERNAL)-""")


def test_no_code_is_written_as_text_outside_the_catalogue():
    written = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted(ENGINE.rglob("*.py"))
        if path.name != "codes.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CODE_AS_TEXT.search(line)
    ]
    assert written == []


def _catalogue_references() -> set[str]:
    """Every `codes.NAME` the engine mentions."""
    found = set()
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "codes":
                found.add(node.attr)
    return found


def test_every_entry_the_engine_names_is_in_the_catalogue():
    helpers = {"BY_ID", "schema_code", "CATALOGUE", "SCHEMA_BY_KEYWORD"}
    named = _catalogue_references() - helpers
    assert named and {name for name in named if getattr(codes, name, None) not in codes.CATALOGUE} == set()


def test_every_code_a_check_of_the_fixtures_reports_besides_rule_ids_is_in_the_catalogue(fixtures_report):
    pack = budgetcheck.load_pack()
    rule_ids = {compiled.rule.id for compiled in pack.rules}
    report = budgetcheck.check_paths([TEST_DOCUMENTS, FIXTURES / "invalid"], pack=pack)
    reported = {rule for _source, rule, _severity, _paths in fixtures_report.flatten() + report.flatten()} - rule_ids
    assert reported and reported <= set(codes.BY_ID)
    assert {"INPUT-YAML-SYNTAX", "SCHEMA-UNKNOWN", "SCHEMA-UNKNOWN-FIELD", "AMOUNT-PRECISION"} <= reported


def test_every_extraction_warning_is_in_the_catalogue_and_reported_at_its_severity():
    sample = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
    text = sample.rstrip("\n") + "\n十、上级补助情况\n2019年上级补助项目12个，用于社区服务。\n另有一段说明文字。\n"
    extraction = extract_text(text, "extra.txt")
    warned = {warning.code for warning in extraction.warnings}
    assert {"EXTRACT-UNKNOWN-SECTION", "EXTRACT-UNMAPPED-NUMBER"} <= warned <= set(codes.BY_ID)
    assert {(finding.rule, finding.severity) for finding in extraction.document.diagnostics} <= {(code, codes.BY_ID[code].severity) for code in warned}


def test_a_failed_schema_keyword_without_wording_of_its_own_gets_its_catalogued_code():
    assert codes.schema_code("minItems").id == "SCHEMA-MINITEMS"
    assert codes.schema_code(None) is codes.SCHEMA_INVALID and codes.schema_code("x-unknown") is codes.SCHEMA_INVALID


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", codes.CATALOGUE, ids=[code.id for code in codes.CATALOGUE])
def test_each_entry_has_a_title_and_a_template_or_description_in_both_languages(code):
    assert re.fullmatch(r"[A-Z]+(?:-[A-Z0-9]+)+", code.id)
    assert code.title_zh and code.title_en and code.about("zh") and code.about("en")
    assert _fields(code.text_zh) == _fields(code.text_en)


def test_codes_are_unique():
    assert len(codes.BY_ID) == len(codes.CATALOGUE)


def test_a_code_is_reported_only_at_a_severity_the_catalogue_gives_it():
    assert codes.AMOUNT_PRECISION.finding("…", "…", severity=budgetcheck.Severity.ERROR).severity is budgetcheck.Severity.ERROR
    with pytest.raises(ValueError, match="never reported as warning"):
        codes.INPUT_EMPTY.finding("…", "…", severity=budgetcheck.Severity.WARNING)


def test_the_codes_command_lists_every_code_with_its_title_in_either_language():
    chinese, english = invoke_cli("codes"), invoke_cli("codes", "--lang", "en")
    assert chinese.exit_code == english.exit_code == 0
    rows = [line.split("\t") for line in english.stdout.splitlines()]
    assert [row[0] for row in rows] == [code.id for code in codes.CATALOGUE]
    assert "INPUT-NOT-FOUND\t错误\t找不到文件\t找不到文件：{source}" in chinese.stdout.splitlines()
    assert ["AMOUNT-PRECISION", "warning/error", "too many decimals"] == rows[[row[0] for row in rows].index("AMOUNT-PRECISION")][:3]


def _exception_classes() -> list[type]:
    found = []
    for module in pkgutil.walk_packages(budgetcheck.__path__, "budgetcheck."):
        if module.name.endswith("xlsx_report"):
            continue
        for _name, value in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(value, Exception) and value.__module__ == module.name:
                found.append(value)
    return found


def test_every_error_the_engine_raises_on_purpose_shares_one_way_of_giving_its_message():
    control_flow = {"Missing", "Unread", "NotInTables", "NoNamePath", "EvaluationError", "_NotSimple", "PatternTimeout", "_Unknown", "_Refused", "_Unscreened", "_Undecided", "_Other"}  # run-time outcomes, never shown as errors
    classes = _exception_classes()
    assert {cls.__name__ for cls in classes} >= {"IngestError", "RuleLoadError", "SchemaLoadError", "UnknownSchemaError", "ClassificationError", "PatternError", "ExamplesError"}
    assert [cls.__name__ for cls in classes if cls.__name__ not in control_flow and not issubclass(cls, BudgetcheckError)] == []


def test_an_error_message_says_where_then_what_then_shows_the_line():
    from budgetcheck.dsl.errors import RuleCheckError
    from budgetcheck.schema.registry import SchemaLoadError

    rule = RuleCheckError("a.rules", 2, 3, "未知字段", "unknown field", "x\n  y.z\n")
    assert rule.message("en") == "a.rules:2:3: unknown field\n      y.z\n      ^"
    assert rule.message() == "a.rules:2:3: 未知字段\n      y.z\n      ^" and str(rule) == "a.rules:2:3: unknown field"
    assert SchemaLoadError("s.json", "坏", "bad").message() == "s.json: 坏"
    assert codes.INPUT_EMPTY.texts() == ("文件为空，没有任何内容", "the file is empty")
