"""The field catalogue: every path a rule may use, listed by `budgetcheck schemas fields`, and the path the
static checker suggests when a rule names a field by its Chinese title or nearly by its name."""

from __future__ import annotations

import pytest

from budgetcheck.dsl.errors import RuleCheckError
from budgetcheck.dsl.fields import field_catalogue
from budgetcheck.rules import load_rule_file
from budgetcheck.schema.navigation import SchemaNode
from tests.cli.running import invoke_cli
from tests.conftest import DOCUMENT_2016, TEST_SCHEMAS

HEAD = 'schema "department-disclosure/2016"\n\n'


def _rule(number: int, body: str) -> str:
    return f'rule FLD-{number:03} {{\n  title "t"\n  severity error\n  citation "c"\n{body}\n  message "m"\n}}\n'


@pytest.fixture(scope="module")
def catalogue(registry):
    return field_catalogue(SchemaNode.root(registry, DOCUMENT_2016))


def test_the_fields_command_lists_each_path_with_its_title_type_and_the_unit_of_an_amount():
    result = invoke_cli("schemas", "fields", "department-disclosure/2016")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and lines[0].startswith("# department-disclosure/2016")
    assert "overview.expenditure.basic.total\t基本支出\t金额\toverview.unit，缺省为 metadata.unit" in lines
    assert "metadata.fiscal_year\t预算年度\t数字" in lines
    assert "performance.duties[*].budget\t年度预算数\t金额\tperformance.unit，缺省为 metadata.unit" in lines
    english = invoke_cli("schemas", "fields", "--lang", "en").stdout.splitlines()
    assert "overview.expenditure.basic.total\t基本支出\tamount\toverview.unit, else metadata.unit" in english


def test_the_fields_command_lists_every_document_schema_without_an_argument_and_refuses_an_unknown_one():
    every = invoke_cli("schemas", "fields", "--schemas", TEST_SCHEMAS).stdout
    assert "# department-disclosure/2016" in every and "# department-disclosure/2099-test" in every
    unknown = invoke_cli("schemas", "fields", "department-disclosure/1999")
    assert unknown.exit_code == 2 and "department-disclosure/2016" in unknown.stderr


def test_every_path_the_catalogue_lists_is_one_the_static_checker_accepts(catalogue, registry, tmp_path):
    paths = [field.path for field in catalogue.fields]
    assert len(paths) > 150 and len(set(paths)) == len(paths)
    rules = tmp_path / "every.rules"
    rules.write_text(HEAD + "".join(_rule(number, f"  assert exists({path})") for number, path in enumerate(paths, 1)), encoding="utf-8")
    assert len(load_rule_file(rules, registry)) == len(paths)


def _error(registry, tmp_path, body: str) -> RuleCheckError:
    rules = tmp_path / "wrong.rules"
    rules.write_text(HEAD + _rule(1, body), encoding="utf-8")
    with pytest.raises(RuleCheckError) as caught:
        load_rule_file(rules, registry)
    return caught.value


def test_a_field_named_by_its_chinese_title_gets_the_path_to_write(registry, tmp_path):
    error = _error(registry, tmp_path, "  assert 项目支出 == overview.expenditure.total")
    assert "您是不是要写 overview.expenditure.project.total？" in error.message_zh
    assert "did you mean overview.expenditure.project.total?" in error.message_en


def test_a_chinese_title_after_a_dot_is_completed_from_what_the_rule_wrote(registry, tmp_path):
    error = _error(registry, tmp_path, "  assert overview.expenditure.项目支出 == overview.expenditure.total")
    assert "您是不是要写 overview.expenditure.project.total？" in error.message_zh
    error = _error(registry, tmp_path, "  for d in performance.duties\n  assert d.绩效目标 is not empty")
    assert "您是不是要写 d.goal？" in error.message_zh


def test_a_near_miss_of_a_title_or_a_name_gets_the_nearest_path(registry, tmp_path):
    assert "您是不是要写 three_public.reception？" in _error(registry, tmp_path, "  assert 公务接待 >= 0").message_zh
    assert "您是不是要写 overview.change.project_reason？" in _error(registry, tmp_path, "  assert project_reasons is empty").message_zh
    assert "您是不是要写" not in _error(registry, tmp_path, "  assert 天气 >= 0").message_zh


def test_a_value_is_preferred_to_the_section_of_the_same_title(catalogue):
    assert catalogue.suggest("项目支出") == "overview.expenditure.project.total"
    assert catalogue.suggest("项目支出", "overview.expenditure") == "project.total"
