"""The `budgetcheck` command ends its process without Python's teardown when nothing is left to do at exit (cli._end):
the same report, status and streams as the usual end, in a real process; the usual end wherever an exit handler, a
thread or a profiler is there. Whether Python's own end ran shows by threading._shutdown, which it calls first (the
objects of a check are frozen, gc.freeze, so a __del__ would not tell)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.running import invoke_cli
from tests.conftest import SAMPLE

# Python's end calls threading._shutdown before the exit handlers and the teardown: it writes a line; `before` runs first.
SCRIPT = """
import sys, threading
_shutdown = threading._shutdown
def shutdown():
    sys.stderr.write("teardown\\n")
    _shutdown()
threading._shutdown = shutdown
{before}
from budgetcheck.cli import main
main()
"""


def _run(*args: object, before: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(before=before), *map(str, args)], capture_output=True, text=True, timeout=120, check=False)


def test_a_check_ends_without_the_teardown_with_the_usual_report_and_status():
    done = _run("check", SAMPLE, "--format", "json")
    assert done.returncode == 1, done.stderr
    assert "teardown" not in done.stderr
    assert done.stdout == invoke_cli("check", SAMPLE, "--format", "json").stdout  # the whole report, flushed


@pytest.mark.parametrize(
    "before",
    [
        "import atexit; atexit.register(lambda: sys.stderr.write('handler\\n'))",
        "import threading, time; threading.Thread(target=time.sleep, args=(1,)).start()",
        "sys.setprofile(lambda *args: None)",
    ],
    ids=["an-exit-handler", "another-thread", "a-profiler"],
)
def test_the_usual_end_where_something_is_left_to_do_at_exit(before):
    done = _run("check", SAMPLE, "--format", "json", before=before)
    assert done.returncode == 1, done.stderr
    assert "teardown" in done.stderr
    assert ("handler" in done.stderr) == ("atexit" in before)
    assert done.stdout == invoke_cli("check", SAMPLE, "--format", "json").stdout


def test_the_status_of_a_usage_error_and_of_help_are_kept():
    # typer's rich help registers an exit handler, so these take Python's usual end: their status and text are the same
    usage = _run("check")
    assert usage.returncode == 2 and "Missing argument" in usage.stderr
    shown = _run("--help")
    assert shown.returncode == 0 and "check" in shown.stdout
    assert _run("codes").returncode == 0


def test_a_closed_pipe_keeps_its_status_and_says_nothing():
    process = subprocess.Popen([sys.executable, "-c", SCRIPT.format(before=""), "check", str(SAMPLE), "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # the reader goes away, as `| head -c 10` does
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert stderr == "" or stderr == "teardown\n"  # no complaint; which end it takes depends on when the pipe breaks


def test_a_run_started_without_standard_output_writes_its_report_and_ends_quietly(tmp_path):
    report = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(before=""), "check", str(SAMPLE), "--format", "json", "--output", str(report)],
        stderr=subprocess.PIPE, text=True, timeout=120, check=False, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert report.read_text(encoding="utf-8") == invoke_cli("check", SAMPLE, "--format", "json").stdout
