"""The sample narrative extracts to its hand transcription, and every value points back at its line."""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.ingest import load_document
from budgetcheck.ingest.narrative import extract_path, extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from budgetcheck.schema.amounts import iter_amounts
from budgetcheck.schema.navigation import SchemaNode
from tests.cli.running import invoke_cli, run_cli, run_json
from tests.conftest import FIXTURES, SAMPLE

TEXT = FIXTURES / "xiguan-2019.txt"
# Not printed in the text (fixtures/README.md, judgement call 1) or about the transcription itself.
NOT_IN_TEXT = ("/metadata/region/city", "/metadata/region/code", "/metadata/source")
IMPLIED = ("/metadata/document_type", "/metadata/schema_version", "/metadata/unit", "/metadata/level", "/metadata/source")


def _drop(data: dict, pointers: tuple[str, ...]) -> dict:
    data = copy.deepcopy(data)
    for pointer in pointers:
        *parents, last = pointer.strip("/").split("/")
        node = data
        for token in parents:
            node = node[token]
        node.pop(last, None)
    return data


def _leaves(value: object, pointer: str = ""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{pointer}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{pointer}/{index}")
    else:
        yield pointer, value


def _numbers_as_decimals(value: object) -> object:
    if isinstance(value, dict):
        return {key: _numbers_as_decimals(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_as_decimals(item) for item in value]
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", value):
        return Decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


@pytest.fixture(scope="module")
def extraction():
    return extract_path(TEXT)


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


def test_the_sample_text_extracts_to_its_transcription_on_every_field_the_text_prints(extraction):
    transcribed = _drop(load_document(SAMPLE).data, NOT_IN_TEXT)
    transcribed.pop("narrative", None)
    extracted = _drop(extraction.document.data, NOT_IN_TEXT)
    extracted.pop("narrative", None)
    extracted.pop("unplaced", None)  # the title and headings, text no field holds: read by the text rules only
    assert extracted == transcribed
    assert extraction.template == "hebei-2016"
    assert extraction.encoding == "utf-8"


def test_amounts_are_decimals_with_the_printed_digits_and_decreases_are_negative(extraction):
    overview = extraction.document.data["overview"]
    assert overview["change"]["total"] == Decimal("-50.30") and str(overview["change"]["total"]) == "-50.30"
    assert overview["change"]["project"] == Decimal("0.04")
    assert str(extraction.document.data["operating_costs"]["items"][0]["amount"]) == "0.5"
    assert all(not isinstance(value, float) for _, value in _leaves(extraction.document.data))


def test_the_claims_read_from_the_text_equal_the_transcribed_claims(extraction):
    transcribed = load_document(SAMPLE).data.get("narrative")
    if transcribed is None:
        pytest.skip("the transcription holds no claims yet")
    assert _numbers_as_decimals(extraction.document.data["narrative"]) == _numbers_as_decimals(transcribed)


def test_the_sample_extracts_without_warnings_because_every_figure_is_placed(extraction):
    assert [(w.line, w.code) for w in extraction.warnings] == []
    assert extraction.document.diagnostics == []


def test_every_extracted_value_has_a_position_and_a_provenance_that_is_the_original_text(extraction):
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    checked = 0
    for pointer, value in _leaves(extraction.document.data):
        if pointer.startswith(IMPLIED + ("/narrative",)):
            continue
        assert pointer in extraction.document.positions, pointer
        if pointer.startswith("/unplaced/"):  # a paragraph joined from its lines, located where it starts
            line, column = extraction.document.positions[pointer]
            assert lines[line - 1][column - 1 :].strip() and value.startswith(lines[line - 1][column - 1 :].strip()[:4]), pointer
            continue
        record = extraction.provenance[pointer]
        assert (record.line, record.column) == extraction.document.positions[pointer]
        assert lines[record.line - 1][record.column - 1 : record.end_column - 1] == record.text, pointer
        if isinstance(value, str) and pointer not in ("/metadata/kind", "/assets/as_of"):
            assert record.text == value, pointer
        checked += 1
    assert checked > 500


def test_money_provenance_keeps_the_printed_unit(extraction):
    record = extraction.provenance["/overview/expenditure/basic/total"]
    assert (record.line, record.text, record.unit) == (164, "141.78万元", "万元")
    assert extraction.provenance["/overview/change/total"].text == "50.30万元"


def test_checking_the_text_gives_the_same_findings_as_checking_the_transcription_located_on_text_lines(extraction):
    code_text, report_text = run_json("check", TEXT)
    code_yaml, report_yaml = run_json("check", SAMPLE)
    assert code_text == code_yaml == 1

    def found(report: dict) -> list:
        return sorted((f["rule"], f["severity"], tuple(f["paths"])) for f in report["documents"][0]["findings"])

    assert found(report_text) == found(report_yaml)
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    for finding in report_text["documents"][0]["findings"]:
        for pointer, location in zip(finding["paths"], finding["locations"]):
            if finding["rule"].startswith("TAB-REQ-"):
                assert location is None  # a table not published has no place in the text
                continue
            assert location is not None, (finding["rule"], pointer)
            assert location == dict(zip(("line", "column"), extraction.document.location(pointer))), pointer
            assert 1 <= location["line"] <= len(lines)
    first = next(f for f in report_text["documents"][0]["findings"] if f["rule"] == "BUD-CMP-001")
    assert lines[first["locations"][0]["line"] - 1].startswith("机构设置")


def _identity_pointers(registry, document) -> list[str]:
    entry = registry.for_document(document.data)
    sites = iter_amounts(document.data, SchemaNode.root(registry, entry.id))
    # As in tests/test_sample.py: a main project's 60.95 is a quoted figure, not an addend; claims are checked by their own rules.
    return [s.pointer for s in sites if not s.pointer.startswith(("/overview/expenditure/project/main_projects", "/narrative"))]


def _edited(text: str, line: int, column: int, end_column: int) -> str:
    lines = text.split("\n")
    row = lines[line - 1]
    snippet = row[column - 1 : end_column - 1]
    number = re.match(r"[0-9.]+", snippet)
    if number is None:  # 无变化 / 持平: state a change instead
        replacement = "增加1.00万元"
    else:
        digits = number.group()
        bumped = Decimal(digits) + Decimal("1.00")  # beyond the rounding of any identity's printed figures
        replacement = str(bumped) + snippet[number.end() :]
    lines[line - 1] = row[: column - 1] + replacement + row[end_column - 1 :]
    return "\n".join(lines)


def test_editing_any_amount_of_an_identity_in_the_text_gives_an_error_located_on_the_edited_line(registry, pack, extraction):
    text = TEXT.read_text(encoding="utf-8")
    pointers = _identity_pointers(registry, extraction.document)
    assert len(pointers) >= 40
    for pointer in pointers:
        record = extraction.provenance[pointer]
        edited = extract_text(_edited(text, record.line, record.column, record.end_column), str(TEXT))
        result = check_loaded(edited.document, registry, pack)
        errors = [f for f in result.findings if f.severity.value == "error" and any(loc and loc[0] == record.line for loc in f.locations)]
        assert errors, f"editing {pointer} ({record.text} on line {record.line}) gave no error located on that line"


def test_the_example_edit_of_basic_expenditure_is_reported_on_line_164(registry, pack):
    text = TEXT.read_text(encoding="utf-8").replace("基本支出141.78万元", "基本支出141.87万元")
    result = check_loaded(extract_text(text, "edited.txt").document, registry, pack)
    errors = [f for f in result.findings if f.severity.value == "error" and (164, 99) in f.locations]
    assert {f.rule for f in errors if "141.87" in f.message_zh} == {"BUD-EXP-001", "BUD-EXP-002"}


def test_the_extract_command_writes_yaml_json_and_the_provenance_record(tmp_path: Path, extraction):
    out = tmp_path / "out.yaml"
    code, stdout = run_cli("extract", TEXT, "-o", out)
    assert code == 0 and stdout == ""
    assert load_document(out).data == extraction.document.data
    assert "total: -50.30" in out.read_text(encoding="utf-8")
    record = json.loads((tmp_path / "out.provenance.json").read_text(encoding="utf-8"))
    assert record["template"] == "hebei-2016" and record["encoding"] == "utf-8"
    assert record["values"]["/overview/expenditure/basic/total"] == {"line": 164, "column": 99, "end_column": 107, "text": "141.78万元", "unit": "万元"}
    out_json = tmp_path / "out.json"
    assert run_cli("extract", TEXT, "-o", out_json)[0] == 0
    written = json.loads(out_json.read_text(encoding="utf-8"), parse_float=Decimal)
    assert written["overview"]["change"]["total"] == Decimal("-50.30") and '"total": -50.30' in out_json.read_text(encoding="utf-8")
    assert load_document(out_json).data == extraction.document.data


def test_the_extracted_json_is_valid_against_its_schema_and_checks_as_the_text_does(tmp_path: Path):
    """`extract -o X.json` wrote every Decimal as a string: money may be one, but a percentage, a share or a completion
    rate is a number in the schema, so checking the extracted JSON gave SCHEMA-TYPE errors (完成率 应为数字，实际为
    “39.86”), and CLM-DIR-002 took the string "0" of 减少0万元，降低0% for a change that is not nothing. Every Decimal is
    now written as a JSON number with its own digits (60.50 keeps its 0), as the YAML output writes it."""
    source = tmp_path / "made.txt"
    source.write_text(
        "某区某局2025年度“三公”经费支出决算情况说明\n"
        "某区某局2025年度“三公”经费财政拨款支出年初预算为20.00万元，支出决算为12.10万元，完成预算的60.50%。\n"
        "2025年度“三公”经费财政拨款支出决算数比2024年度减少0.30万元，降低2.42%，其中：因公出国（境）费支出决算减少0万元，"
        "降低0%；公务接待费支出决算减少0.30万元，降低10.00%。\n",
        encoding="utf-8",
    )
    out_json = tmp_path / "made.json"
    assert run_cli("extract", source, "-o", out_json)[0] == 0
    text = out_json.read_text(encoding="utf-8")
    assert '"completion_percent": 60.50' in text and '"percent": 0' in text
    _code, from_text = run_json("check", source)
    _code, from_json = run_json("check", out_json)
    rules = lambda report: sorted(f["rule"] for f in report["documents"][0]["findings"] if not f["rule"].startswith("SCHEMA-REQUIRED"))  # noqa: E731
    assert rules(from_json) == rules(from_text) == []


def test_the_extract_command_prints_yaml_to_stdout_without_an_output_file():
    code, stdout = run_cli("extract", TEXT)
    assert code == 0
    assert "fixed_assets_total: 64.92" in stdout


def test_the_extract_command_prints_each_warning_with_its_line_in_the_chosen_language(tmp_path):
    source = tmp_path / "stray.txt"
    source.write_text(TEXT.read_text(encoding="utf-8").replace("等日常运行支出。\n", "等日常运行支出。\n另有结转项目3个。\n"), encoding="utf-8")
    result = invoke_cli("extract", source, "-o", tmp_path / "out.json")
    assert result.exit_code == 0
    assert f"{source}:173:7: 警告 EXTRACT-UNMAPPED-NUMBER: 第 173 行的数字 3" in result.stderr
    english = invoke_cli("extract", source, "--lang", "en")
    assert f"{source}:173:7: warning EXTRACT-UNMAPPED-NUMBER: line 173: the figure(s) 3" in english.stderr
    assert "template hebei-2016, utf-8" in english.stderr
    record = json.loads((tmp_path / "out.provenance.json").read_text(encoding="utf-8"))
    assert record["warnings"][0]["line"] == 173 and record["warnings"][0]["pointer"] == "/operating_costs"


def test_a_classification_code_the_text_names_with_its_level_is_not_a_figure():
    from budgetcheck.ingest.narrative.unmapped import _not_figures

    text = "一般公共服务支出（201类）1261.00万元，商贸事务( 20113款)，共3项"
    assert _not_figures(text) == {text.index("201"), text.index("20113")}
