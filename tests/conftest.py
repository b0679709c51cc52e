from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.cli import app
from engine.registry import SchemaRegistry

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SAMPLE = FIXTURES / "xiguan-2019.yaml"


@pytest.fixture(scope="session")
def registry() -> SchemaRegistry:
    return SchemaRegistry.default()


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.output


def run_json(*args: str) -> tuple[int, dict]:
    code, output = run_cli(*args, "--format", "json")
    return code, json.loads(output)
