"""rules/README.md's "How to add a rule" works as written: its rule and its examples lint and pass, its search finds the path."""

from __future__ import annotations

import re
import shutil

from tests.cli.running import invoke_cli
from tests.conftest import REPO, SAMPLE

GUIDE = (REPO / "rules" / "README.md").read_text(encoding="utf-8").split("## How to add a rule\n", 1)[1].split("\n## ", 1)[0]


def _blocks() -> list[str]:
    """The indented code blocks of the guide, as written (a list item's block is indented seven spaces)."""
    return ["".join(line[7:] + "\n" for line in block.splitlines()) for block in re.findall(r"\n\n((?:       .*\n)+)", GUIDE)]


def test_the_guides_rule_and_examples_lint_and_pass_in_a_folder_of_their_own(tmp_path):
    _search, rule, examples = _blocks()
    folder = tmp_path / "rules" / "hebei"
    folder.mkdir(parents=True)
    (tmp_path / "fixtures").mkdir()
    shutil.copy(SAMPLE, tmp_path / "fixtures" / SAMPLE.name)
    (folder / "local.rules").write_text('schema "department-disclosure/2016"\n\n' + rule, encoding="utf-8")
    (folder / "local.examples.yaml").write_text(examples, encoding="utf-8")
    assert invoke_cli("rules", "lint", "--rules", folder).exit_code == 0
    tested = invoke_cli("rules", "test", "--rules", folder)
    assert tested.exit_code == 0 and "2 passed, 0 failed" in tested.stdout


def test_the_guides_field_search_shows_what_the_catalogue_prints():
    search = _blocks()[0].splitlines()
    fields = invoke_cli("schemas", "fields").stdout.splitlines()
    assert search[0] == "budgetcheck schemas fields | grep 项目支出" and search[1] in fields


def test_the_guides_chinese_title_answer_is_the_checkers(tmp_path):
    rule = _blocks()[1].replace("assert overview.expenditure.project.total", "assert 项目支出")
    (tmp_path / "local.rules").write_text('schema "department-disclosure/2016"\n\n' + rule, encoding="utf-8")
    linted = invoke_cli("rules", "lint", "--rules", tmp_path / "local.rules")
    assert linted.exit_code == 2 and "您是不是要写 overview.expenditure.project.total？" in linted.stderr
    assert "“您是不是要写 overview.expenditure.project.total？”" in GUIDE
