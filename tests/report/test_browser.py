"""The HTML report in a real browser (headless Chromium), when one is installed; skipped otherwise."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium on this machine")


def headless(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", *args], capture_output=True, timeout=120, check=False)


def test_a_browser_renders_the_report_of_the_fixtures_with_the_chinese_findings(tmp_path):
    page = tmp_path / "report.html"
    assert invoke_cli("check", FIXTURES, "--format", "html", "--output", page, "--jobs", "1").exit_code == 2
    dom = headless("--dump-dom", page.as_uri()).stdout.decode("utf-8")
    assert "机构设置为空：既未列出机构，也没有文字说明" in dom
    assert "部门预算公开检查报告" in dom
    shot = tmp_path / "report.png"
    headless("--window-size=1280,2000", f"--screenshot={shot}", page.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
