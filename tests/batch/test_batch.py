"""Batch checking: folders and many files, worker processes, order, invalid rows, exit status, determinism."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES, MINIMAL, REPO, REPORT_SCHEMA

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate

SAMPLE = FIXTURES / "xiguan-2019.yaml"
REPORT = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))


def check(*args: object) -> tuple[int, str, str]:
    result = invoke_cli("check", *args)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Six documents in nested folders, one of them unreadable, one clean."""
    root = tmp_path / "batch"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    shutil.copy(SAMPLE, root / "a" / "1.yaml")
    shutil.copy(SAMPLE, root / "b" / "2.yaml")
    shutil.copy(MINIMAL, root / "b" / "deep" / "3.yaml")
    (root / "b" / "4.json").write_text('{"metadata": ', encoding="utf-8")
    shutil.copy(SAMPLE, root / "5.yaml")
    (root / "notes.md").write_text("not a document", encoding="utf-8")
    return root


def test_a_folder_is_checked_recursively_in_sorted_order_with_the_unreadable_file_as_an_invalid_row(folder):
    code, output, _ = check(folder, "--format", "json", "--jobs", "1")
    report = json.loads(output)
    jsonschema.validate(report, REPORT)
    sources = [Path(document["source"]).relative_to(folder).as_posix() for document in report["documents"]]
    assert sources == ["5.yaml", "a/1.yaml", "b/2.yaml", "b/4.json", "b/deep/3.yaml"]
    invalid = report["documents"][3]
    assert invalid["status"] == "invalid" and invalid["findings"][0]["rule"] == "INPUT-JSON-SYNTAX"
    assert invalid["findings"][0]["locations"][0]["line"] == 1
    assert [document["status"] for document in report["documents"]] == ["fail", "fail", "fail", "invalid", "pass"]
    assert code == 2


def test_the_batch_summary_counts_statuses_severities_and_failures_per_rule(folder):
    _, output, _ = check(folder, "--format", "json", "--jobs", "1")
    report = json.loads(output)
    summary = report["summary"]
    assert summary["documents"] == 5
    assert summary["status"] == {"pass": 1, "fail": 3, "invalid": 1}
    for severity in ("error", "warning", "info"):
        assert summary["findings"][severity] == sum(document["summary"][severity] for document in report["documents"])
    by_rule = {entry["rule"]: entry for entry in summary["rules"]}
    assert by_rule["BUD-CMP-001"]["documents"] == 3 and by_rule["BUD-CMP-001"]["findings"] == 3
    assert by_rule["PERF-IND-005"]["findings"] == sum(
        1 for document in report["documents"] for finding in document["findings"] if finding["rule"] == "PERF-IND-005"
    )
    counts = [entry["findings"] for entry in summary["rules"]]
    assert counts == sorted(counts, reverse=True)
    assert report["rule_pack"]["name"] == "national" and report["rule_pack"]["hash"].startswith("sha256:")


def test_json_output_is_byte_identical_with_one_or_two_workers(folder, tmp_path):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert check(folder, "--format", "json", "--jobs", "1", "--output", one)[0] == 2
    assert check(folder, "--format", "json", "--jobs", "2", "--output", two)[0] == 2
    assert one.read_bytes() == two.read_bytes()
    assert "generated_at" not in json.loads(one.read_text(encoding="utf-8"))


def test_a_timestamp_is_written_only_when_asked(tmp_path):
    _, output, _ = check(MINIMAL, "--format", "json", "--timestamp")
    assert json.loads(output)["generated_at"].endswith("+00:00")


def test_fail_on_sets_which_findings_make_the_exit_status_one(tmp_path):
    # the minimal fixture has warnings but no error
    assert check(MINIMAL, "-q")[0] == 0
    assert check(MINIMAL, "-q", "--fail-on", "warning")[0] == 1
    assert check(SAMPLE, "-q", "--fail-on", "never")[0] == 0
    assert check(SAMPLE, "-q", "--fail-on", "error")[0] == 1


def test_quiet_prints_only_the_summary_line(folder):
    _, output, _ = check(folder, "--quiet", "--jobs", "1")
    assert output.splitlines() == [output.strip()]
    # three BUD-CMP-001, three times the eight tables missing (TAB-REQ-001…008), and the unreadable file
    assert output.startswith("共 5 份文档：通过 1，不通过 3，无法检查 1；错误 28 项")


def test_output_goes_to_the_file_and_nothing_to_standard_output(tmp_path):
    target = tmp_path / "report.txt"
    code, output, _ = check(SAMPLE, "--output", target)
    assert code == 1 and output == ""
    text = target.read_text(encoding="utf-8")
    assert "BUD-CMP-001: 机构设置为空" in text and "\x1b[" not in text
    assert not list(tmp_path.glob("*.partial"))


def test_a_binary_format_needs_an_output_file():
    code, _, error = check(SAMPLE, "--format", "xlsx")
    assert code == 2 and "--output" in error


def test_the_text_report_leads_with_the_error_and_shows_its_place_citation_and_hint():
    _, output, _ = check(SAMPLE)
    findings = [line for line in output.splitlines() if line.startswith("    [")]
    errors = [line for line in findings if line.startswith("    [错误]")]
    assert findings[: len(errors)] == errors  # errors first, whatever part they concern
    assert "    [错误] BUD-CMP-001: 机构设置为空：既未列出机构，也没有文字说明" in errors and "    [错误] TAB-REQ-001: 未公开部门收支总表：部门预算须公开八张表，无数据的表也须以空表公开并说明" in errors
    block = output[output.index("[错误] BUD-CMP-001") :]
    assert "依据：机构设置须公开；《地方预决算公开操作规程》第十条" in block
    assert "建议：列出本部门机关及所属事业单位" in block
    assert "位置：/organisation/units（第 159 行" in block  # a YAML submission: the pointer names the place


def test_the_text_report_of_a_published_text_gives_the_line_first_and_the_pointer_only_when_verbose():
    text = FIXTURES / "xiguan-2019.txt"
    _, plain, _ = check(text)
    assert "位置：第 153 行第 1 列\n" in plain and "/organisation/units" not in plain
    _, verbose, _ = check(text, "--verbose")
    assert "位置：第 153 行第 1 列（/organisation/units）" in verbose


def test_the_findings_of_one_rule_are_one_entry_with_their_count_and_every_place():
    _, output, _ = check(FIXTURES / "xiguan-2019.txt")
    assert output.count("PERF-IND-005") == 1
    header = next(line for line in output.splitlines() if "PERF-IND-005" in line)
    assert header.startswith("    [警告] PERF-IND-005 ×47: ")
    block = output[output.index(header) :].split("\n    [")[0]
    assert block.count("\n      - 第 ") == 47


def test_a_thousand_generated_documents_with_ten_corrupt_files_give_ten_invalid_rows_and_the_same_bytes_with_any_jobs(tmp_path):
    batch = generate(1000, tmp_path / "docs", seed=7, error_share=0.2, corrupt=10)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert check(tmp_path / "docs", "--format", "json", "--jobs", "1", "--output", one, "--fail-on", "never")[0] == 0
    assert check(tmp_path / "docs", "--format", "json", "--jobs", "2", "--output", two, "--fail-on", "never")[0] == 0
    assert one.read_bytes() == two.read_bytes()
    report = json.loads(one.read_text(encoding="utf-8"))
    assert report["summary"]["documents"] == 1000
    invalid = [document["source"] for document in report["documents"] if document["status"] == "invalid"]
    assert sorted(invalid) == sorted(str(item.path) for item in batch.corrupt)
    assert len(invalid) == 10


def test_the_progress_bar_redraws_one_line_on_standard_error_and_ends_it(capsys):
    from budgetcheck.cli import _Progress

    progress = _Progress("zh")
    for done in range(1, 4):
        progress(done, 3)
    progress.close()
    error = capsys.readouterr().err
    assert error.startswith("\r检查中 [") and error.endswith("3/3\n")
    assert "\n" not in error[:-1]  # one line, redrawn with carriage returns


def test_no_progress_bar_when_standard_error_is_not_a_terminal(folder):
    _, _, error = check(folder, "--jobs", "1", "-q")
    assert "检查中" not in error


def test_spawned_workers_load_the_same_schemas_and_pack_and_give_the_same_results(folder, monkeypatch, tmp_path):
    """Where processes cannot fork, each worker builds its checker from the parent's recipe (schema and rule folders)."""
    import multiprocessing  # budgetcheck.batch imports it when it starts workers

    import budgetcheck

    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules" / "national", rules)
    registry = budgetcheck.load_registry()
    pack = budgetcheck.load_pack(registry, [rules])
    serial = budgetcheck.check_paths([folder], registry=registry, pack=pack)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spawned = budgetcheck.check_paths([folder], registry=registry, pack=pack, jobs=2)
    assert spawned.flatten() == serial.flatten() and spawned.meta == serial.meta
