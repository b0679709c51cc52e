"""`budgetcheck check` and `budgetcheck schemas` on good and bad input: exit status, located messages, no traceback.

Cases about what ingest or the schema says run with `--rules` on an empty
folder (the `no_rules` fixture), so that a rule of the national pack cannot
change their status; cases that stop before any rule runs use the bundled pack,
as a user would.
"""

from __future__ import annotations

import json
import re
import time

import jsonschema
import pytest

from budgetcheck import __version__
from budgetcheck.ingest import load_document
from budgetcheck.resources import schemas_dir
from tests.cli.running import invoke_cli, run_cli, run_json
from tests.conftest import (
    DOCUMENT_2016,
    FIXTURES,
    INVALID,
    MINIMAL,
    REPORT_SCHEMA,
)

CJK = re.compile(r"[\u3400-\u9fff]")
REPORT = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))


def check(*args: object) -> tuple[int, str]:
    """`budgetcheck check ARGS...`: exit code and stdout, after making sure nothing leaked to stderr as a traceback."""
    result = invoke_cli("check", *args)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def findings(report: dict, index: int = 0) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in report["documents"][index]["findings"]:
        found.setdefault(finding["rule"], []).append(finding)
    return found


def assert_report_is_well_formed(report: dict) -> None:
    jsonschema.validate(report, REPORT)
    for document in report["documents"]:
        for finding in document["findings"]:
            assert len(finding["locations"]) == len(finding["paths"])
            for path in finding["paths"]:
                assert path == "" or path.startswith("/")


# -- what cannot be read: exit 2 ------------------------------------------------


def test_a_missing_file_exits_2_naming_the_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    code, output = check(missing)
    assert code == 2
    assert f"INPUT-NOT-FOUND: 找不到文件：{missing}" in output
    assert f"{missing}: 无法检查" in output


def test_a_directory_with_no_documents_exits_2(tmp_path):
    (tmp_path / "notes.md").write_text("不是文档", encoding="utf-8")
    code, output = check(tmp_path)
    assert code == 2
    assert "INPUT-EMPTY-DIRECTORY" in output and str(tmp_path) in output


def test_a_directory_contributes_its_documents_in_sorted_order(tmp_path, no_rules):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "second.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "a.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "ignored.md").write_text("x", encoding="utf-8")
    code, report = run_json("check", tmp_path, "--rules", no_rules)
    assert code == 0
    assert [document["source"] for document in report["documents"]] == [str(tmp_path / "a.yaml"), str(tmp_path / "b" / "second.yaml")]


def test_invalid_yaml_is_reported_with_line_and_column():
    code, output = check(INVALID / "syntax-error.yaml")
    assert code == 2
    assert "INPUT-YAML-SYNTAX: YAML 语法错误（第 25 行第 14 列）" in output
    code, output = check(INVALID / "syntax-error.yaml", "--lang", "en")
    assert code == 2
    assert "YAML syntax error at line 25, column 14" in output


def test_invalid_json_is_reported_with_line_and_column():
    code, output = check(INVALID / "syntax-error.json")
    assert code == 2
    assert "INPUT-JSON-SYNTAX: JSON 错误（第 5 行第 3 列）" in output
    assert "位置：/（第 5 行第 3 列）" in output


@pytest.mark.parametrize(("name", "shape"), [("list-document.yaml", "列表"), ("scalar-document.yaml", "单个文字")])
def test_a_list_or_scalar_document_exits_2_at_its_first_value(name, shape):
    code, output = check(INVALID / name)
    assert code == 2
    assert f"INPUT-NOT-MAPPING: 文档顶层必须是映射（键: 值），这里却是{shape}" in output
    assert "位置：/（第 2 行第 1 列）" in output


def test_an_unknown_schema_version_exits_2_listing_the_known_versions():
    code, output = check(INVALID / "unknown-version.yaml")
    assert code == 2
    assert "SCHEMA-UNKNOWN: 未知的模式版本“2099”（文档类型 department-disclosure）；已知版本：2016" in output
    assert "/metadata/schema_version（第 4 行第 19 列）" in output


def test_a_document_over_the_size_limit_exits_2():
    size = MINIMAL.stat().st_size
    code, output = check(MINIMAL, "--max-bytes", size - 1, "--lang", "en")
    assert code == 2
    assert f"INPUT-TOO-LARGE: the file is {size} bytes, over the limit of {size - 1} bytes" in output


def test_an_alias_bomb_exits_2_quickly():
    started = time.monotonic()
    code, output = check(INVALID / "alias-bomb.yaml")
    assert time.monotonic() - started < 10
    assert code == 2
    assert "INPUT-TOO-LARGE" in output and "（第 2 行" in output


def test_a_file_that_is_not_utf8_exits_2_with_the_place(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("metadata:\n  unit: 万元\n".encode("gbk"))
    code, output = check(path)
    assert code == 2
    assert "INPUT-ENCODING" in output and "第 2 行" in output


def test_an_unsupported_file_type_exits_2(tmp_path):
    path = tmp_path / "disclosure.rtf"  # (a .pdf is read since issue 12)
    path.write_bytes(b"{\\rtf1}")
    code, output = check(path)
    assert code == 2
    assert "INPUT-UNSUPPORTED" in output and ".rtf" in output and ".pdf" in output


# -- what the schema finds: exit 1 ---------------------------------------------


def test_a_word_where_an_amount_belongs_is_a_located_amount_error(no_rules):
    code, report = run_json("check", INVALID / "amount-not-a-number.yaml", "--rules", no_rules)
    assert code == 1
    assert report["documents"][0]["status"] == "fail"
    [finding] = findings(report)["SCHEMA-AMOUNT"]
    assert finding["severity"] == "error"
    assert finding["paths"] == ["/overview/income/total"]
    assert finding["locations"] == [{"line": 24, "column": 19}]
    assert "收入合计" in finding["message"] and "“abc”" in finding["message"]


def test_a_negative_amount_is_a_located_error(no_rules):
    code, report = run_json("check", INVALID / "negative-amount.yaml", "--rules", no_rules)
    assert code == 1
    [finding] = findings(report)["SCHEMA-NEGATIVE"]
    assert finding["paths"] == ["/overview/expenditure/basic/personnel"]
    assert finding["locations"] == [{"line": 27, "column": 37}]
    assert "人员经费" in finding["message"] and "-5.00" in finding["message"]


def test_an_unknown_field_is_named_located_at_its_key_and_the_intended_field_suggested(no_rules):
    code, output = check(INVALID / "unknown-field.yaml", "--rules", no_rules)
    assert code == 1
    assert "SCHEMA-UNKNOWN-FIELD: 基本支出（/overview/expenditure/basic） 中有未知字段“publc_operating”；您是不是要写“public_operating”（日常公用经费）？" in output
    assert "位置：/overview/expenditure/basic/publc_operating（第 27 行第 43 列）" in output


def test_a_missing_section_is_named_by_its_chinese_title(no_rules):
    code, report = run_json("check", INVALID / "missing-section.yaml", "--rules", no_rules)
    assert code == 1
    [finding] = findings(report)["SCHEMA-REQUIRED"]
    assert finding["paths"] == ["/three_public"]
    assert "财政拨款“三公”经费" in finding["message"]


def test_an_amount_with_more_than_two_decimals_in_wanyuan_is_a_warning_only(no_rules):
    code, report = run_json("check", INVALID / "too-precise.yaml", "--rules", no_rules)
    assert code == 0
    document = report["documents"][0]
    assert document["status"] == "pass"
    assert document["summary"]["error"] == 0 and document["summary"]["warning"] == 2
    precise = findings(report)["AMOUNT-PRECISION"]
    assert [(finding["severity"], finding["paths"], finding["locations"]) for finding in precise] == [
        ("warning", ["/operating_costs/items/0/amount"], [{"line": 32, "column": 27}]),
        ("warning", ["/operating_costs/items/1/amount"], [{"line": 33, "column": 29}]),
    ]


def test_an_amount_finer_than_a_fen_in_yuan_is_an_error(tmp_path, no_rules):
    path = tmp_path / "yuan.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace("  total: 1.00\n  items:", "  unit: 元\n  total: 1.00\n  items:").replace("amount: 0.60", "amount: 0.605").replace("amount: 0.40", "amount: 0.395"), encoding="utf-8")
    code, report = run_json("check", path, "--rules", no_rules)
    assert code == 1
    assert {finding["severity"] for finding in findings(report)["AMOUNT-PRECISION"]} == {"error"}


def test_an_amount_of_more_digits_than_the_decimal_context_holds_does_not_crash(tmp_path, no_rules):
    path = tmp_path / "large.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace("reception: 0.40", 'reception: "12345678901234567890123456789.50"'), encoding="utf-8")
    code, report = run_json("check", path, MINIMAL, "--rules", no_rules)
    assert code == 0
    assert [document["status"] for document in report["documents"]] == ["pass", "pass"]


def test_the_minimal_fixture_passes_its_schema(no_rules):
    code, output = check(MINIMAL, "--rules", no_rules)
    assert code == 0
    assert f"{MINIMAL}: 通过" in output and "文档：部门预算公开说明（2016 版，规程所列九部分）" in output and DOCUMENT_2016 not in output
    assert "共 1 份文档：通过 1，不通过 0，无法检查 0" in output


# -- batches ---------------------------------------------------------------------


def test_one_bad_file_in_a_batch_does_not_stop_the_others(tmp_path, no_rules):
    files = [MINIMAL, INVALID / "syntax-error.yaml", INVALID / "negative-amount.yaml", tmp_path / "nope.yaml", INVALID / "alias-bomb.yaml", INVALID / "too-precise.yaml"]
    code, report = run_json("check", *files, "--rules", no_rules)
    assert code == 2
    assert [document["source"] for document in report["documents"]] == [str(path) for path in files]
    assert [document["status"] for document in report["documents"]] == ["pass", "invalid", "fail", "invalid", "invalid", "pass"]
    assert [document["schema"] for document in report["documents"]] == [DOCUMENT_2016, None, DOCUMENT_2016, None, None, DOCUMENT_2016]
    assert_report_is_well_formed(report)


def test_a_batch_summary_counts_each_status(tmp_path, no_rules):
    code, output = check(MINIMAL, INVALID / "negative-amount.yaml", tmp_path / "nope.json", "--rules", no_rules)
    assert code == 2
    assert output.splitlines()[-1] == "共 3 份文档：通过 1，不通过 1，无法检查 1；错误 2 项，警告 0 项，提示 0 项"


def test_a_batch_of_readable_files_exits_1_when_one_fails_and_0_when_none_does(no_rules):
    assert check(MINIMAL, INVALID / "negative-amount.yaml", "--rules", no_rules)[0] == 1
    assert check(MINIMAL, INVALID / "too-precise.yaml", "--rules", no_rules)[0] == 0


# -- the JSON report -------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "status"),
    [
        (["minimal.yaml"], 0),
        (["invalid/unknown-field.yaml"], 1),
        (["invalid/syntax-error.json"], 2),
        (["minimal.yaml", "invalid/amount-not-a-number.yaml", "invalid/list-document.yaml", "invalid/unknown-version.yaml"], 2),
    ],
    ids=["good", "bad", "unreadable", "batch"],
)
def test_the_json_report_follows_its_published_schema(names, status):
    code, report = run_json("check", *(FIXTURES / name for name in names))
    assert code == status
    assert report["tool"] == {"name": "budgetcheck", "version": __version__}
    assert len(report["documents"]) == len(names)
    assert_report_is_well_formed(report)


@pytest.mark.parametrize("name", ["amount-not-a-number.yaml", "unknown-field.yaml", "missing-section.yaml", "too-precise.yaml"])
def test_json_locations_are_aligned_with_paths_and_point_into_the_source(no_rules, name):
    source = INVALID / name
    _code, report = run_json("check", source, "--rules", no_rules)
    document = load_document(source)
    checked = 0
    for finding in report["documents"][0]["findings"]:
        for path, location in zip(finding["paths"], finding["locations"], strict=True):
            expected = document.location(path, key=finding["rule"] == "SCHEMA-UNKNOWN-FIELD")
            assert location == {"line": expected[0], "column": expected[1]}
            checked += 1
    assert checked >= 1


ONE_RULE = """\
schema "department-disclosure/2016"

rule T-BASIC-001 {
  title "基本支出 = 人员经费 + 日常公用经费"
  severity error
  citation "测试"
  effective from 2016
  assert overview.expenditure.basic.personnel + overview.expenditure.basic.public_operating == overview.expenditure.basic.total
  message "基本支出不符"
}
"""


def test_json_locations_of_a_finding_with_several_paths_follow_each_path(tmp_path):
    (tmp_path / "one.rules").write_text(ONE_RULE, encoding="utf-8")
    _code, report = run_json("check", INVALID / "negative-amount.yaml", "--rules", tmp_path)
    [finding] = findings(report)["T-BASIC-001"]
    assert finding["paths"] == ["/overview/expenditure/basic/personnel", "/overview/expenditure/basic/public_operating", "/overview/expenditure/basic/total"]
    assert finding["locations"] == [{"line": 27, "column": 37}, {"line": 27, "column": 62}, {"line": 27, "column": 20}]


def test_an_unreadable_file_has_a_null_schema_and_its_error_location_in_json(tmp_path):
    code, report = run_json("check", INVALID / "syntax-error.json", tmp_path / "nope.yaml")
    assert code == 2
    unreadable, missing = report["documents"]
    assert unreadable["schema"] is None and unreadable["status"] == "invalid"
    assert unreadable["findings"][0]["paths"] == [""] and unreadable["findings"][0]["locations"] == [{"line": 5, "column": 3}]
    assert missing["findings"][0]["rule"] == "INPUT-NOT-FOUND" and missing["findings"][0]["locations"] == [None]


# -- languages -------------------------------------------------------------------


def test_english_messages_carry_no_chinese_apart_from_field_titles(no_rules):
    code, output = check(INVALID / "unknown-field.yaml", "--rules", no_rules, "--lang", "en")
    assert code == 1
    assert "SCHEMA-UNKNOWN-FIELD: unknown field 'publc_operating' in /overview/expenditure/basic; did you mean 'public_operating' (日常公用经费)?" in output
    assert "at: /overview/expenditure/basic/publc_operating (line 27, column 43)" in output
    assert "1 document: 0 pass, 1 fail, 0 invalid; 1 error, 0 warnings, 0 info" in output
    assert CJK.findall(output.replace("日常公用经费", "").replace("示例街道办事处", "")) == []  # field title and department name are data


def test_english_json_messages_for_schema_findings_are_english(no_rules):
    code, report = run_json("check", INVALID / "negative-amount.yaml", INVALID / "missing-section.yaml", "--rules", no_rules, "--lang", "en")
    assert code == 1
    messages = [finding["message"] for document in report["documents"] for finding in document["findings"]]
    assert messages == ["/overview/expenditure/basic/personnel must not be negative, got -5.00", "required field missing: /three_public"]


# -- the schemas commands, the version, misuse ------------------------------------


def test_version_prints_the_package_version():
    assert run_cli("--version") == (0, f"budgetcheck {__version__}\n")


def test_schemas_list_shows_the_2016_disclosure_and_its_sections():
    code, output = run_cli("schemas", "list")
    assert code == 0
    assert "department-disclosure/2016  部门预算公开说明  《地方预决算公开操作规程》（财预〔2016〕143号）" in output
    assert DOCUMENT_2016 in output
    assert "https://budgetcheck.invalid/schemas/department-disclosure/2016/overview.schema.json  部门预算安排的总体情况" in output


@pytest.mark.parametrize("name", ["department-disclosure/2016", DOCUMENT_2016])
def test_schemas_show_prints_the_schema_json(name):
    code, output = run_cli("schemas", "show", name)
    assert code == 0
    heading, _, body = output.partition("\n")
    path = schemas_dir() / "department-disclosure" / "2016" / "document.schema.json"
    assert heading == f"# {path}"
    assert json.loads(body) == json.loads(path.read_text(encoding="utf-8"))


def test_schemas_show_of_an_unknown_schema_exits_2_listing_what_exists():
    result = invoke_cli("schemas", "show", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "未找到模式“nope”" in result.stderr and "department-disclosure/2016" in result.stderr


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["check"], "Missing argument"),
        (["check", MINIMAL, "--format", "xml"], "--format"),
        (["check", MINIMAL, "--lang", "fr"], "--lang"),
        (["check", MINIMAL, "--max-bytes", "0"], "--max-bytes"),
        (["check", MINIMAL, "--colour"], "--colour"),
        (["schemas", "show"], "Missing argument"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_misuse_exits_2_with_a_usage_message(args, complaint):
    result = invoke_cli(*args)
    assert result.exit_code == 2
    assert complaint in result.stderr
    assert result.stdout == ""
