"""What is not a readable regular file is named, never opened for reading and never skipped: FIFOs, devices, sockets,
dangling links, loops of links, unreadable files and folders. UTF-16 and UTF-32 are read; a YAML control character is
located by line and column; --jobs never forks more workers than there are documents, nor without bound."""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import budgetcheck
from budgetcheck.batch import MAX_JOBS_PER_CORE, default_jobs, worker_count
from budgetcheck.ingest import IngestError, load_document, load_text
from tests.cli.running import invoke_cli, run_json
from tests.conftest import MINIMAL, SAMPLE

NARRATIVE = SAMPLE.with_suffix(".txt")
COMMAND = [sys.executable, "-c", "from budgetcheck.cli import main; main()"]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command in its own process, so that a regression that blocks on a FIFO fails the test instead of hanging it."""
    return subprocess.run([*COMMAND, *map(str, args)], capture_output=True, text=True, timeout=timeout, check=False)


def _rows(report: dict) -> dict[str, tuple[str, str, str]]:
    return {Path(document["source"]).name: (document["status"], document["findings"][0]["rule"], document["findings"][0]["message"]) for document in report["documents"] if document["status"] == "invalid"}


def test_a_fifo_given_as_input_is_refused_at_once_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "waiting.yaml"
    os.mkfifo(fifo)
    run = _run("check", fifo, "--format", "json", timeout=30)
    assert run.returncode == 2, run.stderr
    document = json.loads(run.stdout)["documents"][0]
    assert document["findings"][0]["rule"] == "INPUT-SPECIAL"
    assert "命名管道（FIFO）" in document["findings"][0]["message"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_in_a_folder_is_an_invalid_row_and_the_batch_goes_on(tmp_path):
    shutil.copy(MINIMAL, tmp_path / "a.yaml")
    os.mkfifo(tmp_path / "b.json")
    os.mkfifo(tmp_path / "c.txt")
    run = _run("check", tmp_path, "--format", "json", "--jobs", "2", timeout=60)
    assert run.returncode == 2, run.stderr
    report = json.loads(run.stdout)
    assert [(Path(d["source"]).name, d["status"]) for d in report["documents"]] == [("a.yaml", "pass"), ("b.json", "invalid"), ("c.txt", "invalid")]
    assert {name: row[1] for name, row in _rows(report).items()} == {"b.json": "INPUT-SPECIAL", "c.txt": "INPUT-SPECIAL"}


def test_a_device_and_a_socket_are_refused_without_being_read(tmp_path):
    device = tmp_path / "null.yaml"
    device.symlink_to("/dev/null")
    path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        for target, kind in ((device, "a character device"), (path, "a socket")):
            with pytest.raises(IngestError) as caught:
                load_document(target)
            assert caught.value.code.id == "INPUT-SPECIAL" and kind in caught.value.message_en
    finally:
        server.close()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dangling_links_loops_and_links_to_folders_in_a_folder_are_named_not_skipped(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(MINIMAL, folder / "a.yaml")
    (folder / "dangling.yaml").symlink_to(folder / "gone.yaml")
    (folder / "loop1.json").symlink_to(folder / "loop2.json")
    (folder / "loop2.json").symlink_to(folder / "loop1.json")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(MINIMAL, elsewhere / "x.yaml")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    code, report = run_json("check", folder)
    assert code == 2
    rows = _rows(report)
    assert rows["dangling.yaml"][1] == "INPUT-NOT-FOUND" and "符号链接指向的文件不存在" in rows["dangling.yaml"][2]
    assert rows["loop1.json"][1] == rows["loop2.json"][1] == "INPUT-UNREADABLE" and "符号链接构成循环" in rows["loop1.json"][2]
    assert rows["linked"][1] == "INPUT-IS-DIRECTORY" and "不跟随" in rows["linked"][2]
    assert [d["status"] for d in report["documents"] if d["source"].endswith("a.yaml")] == ["pass"]


def test_a_file_that_cannot_be_opened_is_an_invalid_row_naming_the_permission(tmp_path, monkeypatch):
    document = tmp_path / "locked.yaml"
    shutil.copy(MINIMAL, document)
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path) == document:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = budgetcheck.check_path(document)
    assert result.status == "invalid" and result.findings[0].rule == "INPUT-UNREADABLE"
    assert "没有读取权限" in result.findings[0].message_zh


@pytest.mark.skipif(AS_ROOT or sys.platform == "win32", reason="root reads files whatever their mode")
def test_an_unreadable_file_and_an_unreadable_folder_are_invalid_rows(tmp_path):
    shutil.copy(MINIMAL, tmp_path / "a.yaml")
    shutil.copy(MINIMAL, tmp_path / "locked.yaml")
    (tmp_path / "locked.yaml").chmod(0)
    (tmp_path / "closed").mkdir()
    shutil.copy(MINIMAL, tmp_path / "closed" / "x.yaml")
    (tmp_path / "closed").chmod(0)
    try:
        code, report = run_json("check", tmp_path)
    finally:
        (tmp_path / "closed").chmod(0o755)
    assert code == 2
    assert set(_rows(report)) == {"locked.yaml", "closed"}


# -- encodings ------------------------------------------------------------------------------------

WIDE = [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-32-be", b"\x00\x00\xfe\xff")]


@functools.cache
def _pack():
    return budgetcheck.load_pack()


def _findings(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    return [(finding.rule, finding.paths) for finding in budgetcheck.check_path(path, pack=_pack()).findings]


@functools.cache
def _original_findings(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    return _findings(path)


@pytest.mark.parametrize("with_bom", [True, False], ids=["with-bom", "without-bom"])
@pytest.mark.parametrize(("encoding", "bom"), WIDE, ids=[name for name, _ in WIDE])
def test_utf16_and_utf32_documents_are_read_like_their_utf8_original(tmp_path, encoding, bom, with_bom):
    for original in (MINIMAL, NARRATIVE):
        copy = tmp_path / original.name
        copy.write_bytes((bom if with_bom else b"") + original.read_text(encoding="utf-8").encode(encoding))
        assert _findings(copy) == _original_findings(original), (original.name, encoding)


def test_a_wide_file_whose_bytes_do_not_decode_is_named_as_such(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"\xff\xfe" + "metadata: 1\n".encode("utf-16-le") + b"\x00\xd8")  # a lone surrogate at the end
    with pytest.raises(IngestError) as caught:
        load_document(broken)
    assert caught.value.code.id == "INPUT-ENCODING" and "UTF-16-LE" in caught.value.message_en


def test_a_yaml_control_character_is_located_by_line_and_column():
    with pytest.raises(IngestError) as caught:
        load_text('metadata:\n  title: "ab\x01c"\n', "x.yaml", "yaml")
    assert (caught.value.line, caught.value.column) == (2, 13)
    assert "U+0001" in caught.value.message_zh and "第 2 行第 13 列" in caught.value.message_zh


# -- workers ---------------------------------------------------------------------------------------


def test_jobs_are_capped_at_the_documents_and_at_a_few_per_core():
    assert worker_count(10_000, 3) == 3
    assert worker_count(10_000, 10_000) == MAX_JOBS_PER_CORE * default_jobs()
    assert worker_count(1, 50) == 1 and worker_count(4, 0) == 1


def test_jobs_10000_on_three_documents_checks_them_all(tmp_path):
    for name in ("a", "b", "c"):
        shutil.copy(MINIMAL, tmp_path / f"{name}.yaml")
    result = invoke_cli("check", tmp_path, "--jobs", "10000", "--format", "json")
    assert result.exit_code == 0
    assert [document["status"] for document in json.loads(result.stdout)["documents"]] == ["pass", "pass", "pass"]


@pytest.mark.parametrize(("encoding", "bom"), WIDE[:2], ids=[name for name, _ in WIDE[:2]])
def test_utf16_text_from_the_command_line_is_checked_not_called_binary(tmp_path, encoding, bom):
    """The issue: UTF-16 text was called "binary". The sample narrative in UTF-16 gives the UTF-8 original's exit
    status and findings, and the file is left as it was."""
    copy = tmp_path / NARRATIVE.name
    copy.write_bytes(bom + NARRATIVE.read_text(encoding="utf-8").encode(encoding))
    before = copy.read_bytes()
    code, report = run_json("check", copy)
    original_code, original = run_json("check", NARRATIVE)
    assert code == original_code == 1
    rules = [finding["rule"] for finding in report["documents"][0]["findings"]]
    assert rules == [finding["rule"] for finding in original["documents"][0]["findings"]]
    assert not [rule for rule in rules if rule.startswith("INPUT-")]
    assert copy.read_bytes() == before


def test_a_yaml_control_character_from_the_command_line_exits_2_at_its_line_and_column(tmp_path):
    document = tmp_path / "doc.yaml"
    document.write_text(MINIMAL.read_text(encoding="utf-8").replace("  title: ", '  title: "ab\x01c"\n  x: ', 1), encoding="utf-8")
    before = document.read_bytes()
    code, report = run_json("check", document)
    assert code == 2
    finding = report["documents"][0]["findings"][0]
    line = before.decode().splitlines().index('  title: "ab\x01c"') + 1
    assert "U+0001" in finding["message"] and f"第 {line} 行第 13 列" in finding["message"]
    assert finding["locations"][0]["line"] == line and finding["locations"][0]["column"] == 13
    assert document.read_bytes() == before


def test_a_word_97_or_wps_file_in_a_folder_is_a_row_saying_what_to_do_and_one_holding_a_docx_is_read(tmp_path):
    """Bureaus' folders hold .doc and .wps narratives. They were passed over in silence (a folder yields only the
    types it reads), so a batch looked complete without them. A .doc or .wps holding a .docx (Word's format saved
    under the old name) is read as one, with its workbook; the binary formats are an invalid row that says to save
    the file as .docx."""
    from tests.conftest import FIXTURES

    tables = FIXTURES / "tables"
    shutil.copy(tables / "donghu-commerce-2025.docx", tmp_path / "a.doc")
    shutil.copy(tables / "donghu-commerce-2025.xlsx", tmp_path / "a.xlsx")
    (tmp_path / "b.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    first, second = budgetcheck.check_paths([tmp_path]).documents
    assert first.status == "pass" and first.coverage.summary().endswith("表格 8/8 已读")
    (finding,) = second.findings
    assert (second.status, finding.rule) == ("invalid", "INPUT-UNSUPPORTED") and "另存为 .docx" in finding.message_zh
