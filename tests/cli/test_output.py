"""`--output` never destroys what its path names: a regular file is replaced atomically, a link keeps being a link,
a device or a FIFO is written as it is, an input is never overwritten; Ctrl-C and a closed pipe end quietly.

Device-like targets are made in tmp_path (a FIFO, links); the one real device used is /dev/null, and only
through the safe writer, and each such test checks that it is still a character device afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from budgetcheck.output import OutputError, open_output
from tests.cli.running import invoke_cli
from tests.conftest import SAMPLE

NARRATIVE = SAMPLE.with_suffix(".txt")


def _report_ok(result, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def _no_partials(folder: Path) -> None:
    assert not [path.name for path in folder.iterdir() if path.name.endswith(".partial")]


def test_a_regular_file_is_replaced_whole_and_keeps_its_permissions(tmp_path):
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    _report_ok(invoke_cli("check", SAMPLE, "--format", "json", "--output", report))
    assert report.read_text(encoding="utf-8").startswith("{") and stat.S_IMODE(report.stat().st_mode) == 0o640
    _no_partials(tmp_path)


def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_report(tmp_path):
    target = tmp_path / "real.html"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    _report_ok(invoke_cli("check", SAMPLE, "--format", "html", "--output", link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    _no_partials(tmp_path)


def test_a_dangling_link_creates_its_target_and_stays_a_link(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    _report_ok(invoke_cli("check", SAMPLE, "--format", "json", "--output", link))
    assert link.is_symlink() and (tmp_path / "made.json").read_text(encoding="utf-8").startswith("{")


def test_a_fifo_is_written_as_it_is_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    _report_ok(invoke_cli("check", SAMPLE, "--format", "json", "--output", fifo))
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith("{")
    _no_partials(tmp_path)


@pytest.mark.parametrize("output_format", ["json", "xlsx"])
def test_dev_null_is_written_through_and_stays_a_character_device(output_format):
    _report_ok(invoke_cli("check", SAMPLE, "--format", output_format, "--output", "/dev/null"))
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dev_full_is_a_write_error_with_exit_2_and_stays_a_character_device():
    result = invoke_cli("check", SAMPLE, "--format", "json", "--output", "/dev/full")
    assert result.exit_code == 2 and "无法写入报告" in result.stderr and "Traceback" not in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_dash_writes_the_report_to_standard_output(tmp_path):
    result = invoke_cli("check", SAMPLE, "--format", "json", "--output", "-")
    _report_ok(result)
    assert result.stdout.startswith("{")
    assert not Path("-").exists()


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), open_output(report) as out:
        out.write("half a report")
        raise RuntimeError("the renderer broke")
    assert report.read_text(encoding="utf-8") == "old"
    _no_partials(tmp_path)


def test_a_directory_or_a_socket_is_refused(tmp_path):
    import socket

    with pytest.raises(OutputError, match="a directory"), open_output(tmp_path):
        pass
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(OutputError, match="a socket"), open_output(path):
            pass
    finally:
        server.close()
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


# -- the output is never one of the inputs ---------------------------------------------------------


def _refused(result, kept: Path, before: bytes) -> None:
    assert result.exit_code == 2, result.output
    assert "输出文件" in result.stderr and "Traceback" not in result.output
    assert kept.read_bytes() == before


def test_an_output_equal_to_the_input_file_is_refused_and_the_input_kept(tmp_path):
    document = tmp_path / "doc.yaml"
    shutil.copy(SAMPLE, document)
    before = document.read_bytes()
    _refused(invoke_cli("check", document, "--format", "json", "-o", document), document, before)
    _refused(invoke_cli("check", document, "-o", tmp_path / "." / "doc.yaml"), document, before)


def test_an_output_that_links_to_an_input_is_refused(tmp_path):
    document = tmp_path / "doc.yaml"
    shutil.copy(SAMPLE, document)
    before = document.read_bytes()
    (tmp_path / "soft.yaml").symlink_to(document)
    os.link(document, tmp_path / "hard.json")
    _refused(invoke_cli("check", document, "-o", tmp_path / "soft.yaml"), document, before)
    _refused(invoke_cli("check", document, "-o", tmp_path / "hard.json"), document, before)


def test_an_output_among_the_documents_of_an_input_folder_is_refused(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "a.yaml")
    before = (folder / "a.yaml").read_bytes()
    _refused(invoke_cli("check", folder, "-f", "json", "-o", folder / "a.yaml"), folder / "a.yaml", before)
    result = invoke_cli("check", folder, "-f", "json", "-o", folder / "report.json")  # the next run would read it as a document
    _refused(result, folder / "a.yaml", before)
    assert not (folder / "report.json").exists()
    _report_ok(invoke_cli("check", folder, "-f", "html", "-o", folder / "report.html"))  # not a document: allowed


def test_a_folder_with_a_narrative_and_its_workbook_is_checked_over_an_existing_report_and_neither_file_is_overwritten(tmp_path):
    """A pair (a .docx with its .xlsx) among the inputs: an existing report is replaced as usual (this crashed with a
    TypeError: the pair was handed to the overwrite check as a path), and the workbook itself is refused as the output."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    tables = SAMPLE.parent / "tables"
    for name in ("donghu-commerce-2025.docx", "donghu-commerce-2025.xlsx"):
        shutil.copy(tables / name, folder / name)
    report = tmp_path / "report.html"
    report.write_text("old", encoding="utf-8")
    result = invoke_cli("check", folder, "-f", "html", "-o", report)
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
    assert report.read_text(encoding="utf-8") != "old"
    workbook = folder / "donghu-commerce-2025.xlsx"
    before = workbook.read_bytes()
    _refused(invoke_cli("check", folder, "-f", "xlsx", "-o", workbook), workbook, before)


def test_extract_never_overwrites_the_narrative_it_reads(tmp_path):
    narrative = tmp_path / "n.txt"
    shutil.copy(NARRATIVE, narrative)
    before = narrative.read_bytes()
    os.link(narrative, tmp_path / "n.yaml")
    result = invoke_cli("extract", narrative, "-o", tmp_path / "n.yaml")
    assert result.exit_code == 2 and "输出文件" in result.output
    assert narrative.read_bytes() == before


# -- Ctrl-C and a closed pipe, in a real process ---------------------------------------------------

COMMAND = [sys.executable, "-c", "from budgetcheck.cli import main; main()"]


def _batch(folder: Path, count: int) -> Path:
    folder.mkdir()
    for index in range(count):
        shutil.copy(NARRATIVE, folder / f"n{index:03}.txt")
    return folder


def _terminal_signals() -> None:
    """Ctrl-C as a command at a terminal receives it: a suite started in the background (`pytest &`, a CI runner)
    passes SIGINT on as ignored, and Python then never raises KeyboardInterrupt (both tests failed so)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _gone(group: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("to_group", [True, False], ids=["ctrl-c-at-a-terminal", "sigint-to-the-main-process"])
def test_ctrl_c_during_an_xlsx_batch_stops_the_workers_removes_the_partial_file_and_exits_130(tmp_path, to_group):
    documents = _batch(tmp_path / "documents", 40)
    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.xlsx"
    report.write_bytes(b"the report of yesterday")
    process = subprocess.Popen(
        [*COMMAND, "check", documents, "--format", "xlsx", "--output", report, "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_terminal_signals,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(path.name.endswith(".partial") for path in out.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)  # the workers are busy by now
    assert process.poll() is None, "the batch ended before it could be interrupted"
    if to_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip() == "已中断" and stdout == ""
    assert report.read_bytes() == b"the report of yesterday"
    _no_partials(out)
    assert _gone(process.pid), "worker processes are left running"


def test_a_closed_standard_output_ends_the_batch_quietly(tmp_path):
    documents = _batch(tmp_path / "documents", 30)
    process = subprocess.Popen([*COMMAND, "check", documents, "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert process.stdout is not None and process.stdout.readline()  # `| head -1`
    process.stdout.close()
    _stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 141, stderr
    assert b"Broken pipe" not in stderr and b"Traceback" not in stderr and b"Exception ignored" not in stderr
    assert _gone(process.pid)
