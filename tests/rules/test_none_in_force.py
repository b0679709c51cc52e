"""A document of a year no rule of the pack is in force for is never a pass. Every national rule is in force from
2016; a 2015 三公 决算 (an unseen sweep held two) was checked by none of them and reported 通过 with 148 rules not
applicable. It is now an invalid row (PACK-NONE-IN-FORCE) naming the year, as a document of a schema no rule is for is."""

from __future__ import annotations

import budgetcheck
from tests.cli.running import invoke_cli

TEXT = "某县{year}年“三公”经费决算情况说明\n{year}年“三公”经费支出决算10.00万元,其中:公务接待费4.00万元,公务用车运行维护费6.00万元。\n"


def _write(tmp_path, year: int):
    path = tmp_path / f"note-{year}.txt"
    path.write_text(TEXT.format(year=year), encoding="utf-8")
    return path


def test_a_year_before_every_rules_period_is_invalid_not_a_pass(tmp_path):
    result = budgetcheck.check_paths([_write(tmp_path, 2015)]).documents[0]
    assert result.status == "invalid"
    assert result.findings[0].rule == "PACK-NONE-IN-FORCE" and "2015 年度" in result.findings[0].message_zh
    assert result.findings[0].locations == ((1, 3),)  # the year of the title


def test_a_year_some_rule_is_in_force_for_is_checked_as_before(tmp_path):
    result = budgetcheck.check_paths([_write(tmp_path, 2016)]).documents[0]
    assert result.status == "pass" and not [f for f in result.findings if f.rule.startswith("PACK-")]


def test_the_command_exits_2_for_it(tmp_path):
    outcome = invoke_cli("check", _write(tmp_path, 2015), "--lang", "en")
    assert outcome.exit_code == 2
    assert "PACK-NONE-IN-FORCE" in outcome.stdout and "in force for 2015" in outcome.stdout
