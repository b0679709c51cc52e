"""The command line run in-process, for any stage's tests that go through it.

typer 0.29 (with its own copy of click) keeps a CliRunner result's `stdout`
and `stderr` apart and puts both, interleaved, in `output`. Reports go to
stdout; registry, rule-pack and usage errors go to stderr.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner, Result

from budgetcheck.cli import app


def invoke_cli(*args: object) -> Result:
    """Run `budgetcheck ARGS...`; an exception escaping the command fails the test instead of passing for exit 1."""
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"budgetcheck {' '.join(map(str, args))} raised {result.exception!r}") from result.exception
    return result


def run_cli(*args: object) -> tuple[int, str]:
    """(exit code, standard output) of `budgetcheck ARGS...`."""
    result = invoke_cli(*args)
    return result.exit_code, result.stdout


def run_json(*args: object) -> tuple[int, dict]:
    code, output = run_cli(*args, "--format", "json")
    return code, json.loads(output)
