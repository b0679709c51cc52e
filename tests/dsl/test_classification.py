"""政府收支分类科目 tables and the rule function classification_name(code, year)."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from budgetcheck.dsl import classification
from budgetcheck.dsl.classification import LOADER, ClassificationError, default_folder, load_table, load_tables
from budgetcheck.dsl.errors import RuleCheckError
from budgetcheck.dsl.functions import FUNCTIONS, NotInTables
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document
from budgetcheck.rules import load_rule_file
from tests.conftest import REAL, SAMPLE

T5_ROW = re.compile(r"^\s*(2\d\d)(?:\s+(\d\d))?(?:\s+(\d\d))?\s+([^\s\d][^\s]*)")


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_the_bundled_tables_cover_2019_and_2024_to_2026(tables):
    assert sorted(tables.by_year) == [2019, 2024, 2025, 2026]
    assert {year: len(table.codes) for year, table in tables.by_year.items()} == {2019: 1, 2024: 84, 2025: 116, 2026: 61}


@pytest.mark.parametrize(
    ("code", "year", "name"),
    [
        ("201", 2025, "一般公共服务支出"),
        ("20103", 2025, "政府办公厅（室）及相关机构事务"),
        ("2010301", 2025, "行政运行"),
        ("20139", 2024, "社会工作事务"),
        ("2080505", 2024, "机关事业单位基本养老保险缴费支出"),
        ("201", 2019, "一般公共服务支出"),
    ],
)
def test_a_code_is_named_as_in_that_years_table(tables, code, year, name):
    found = tables.lookup(code, year)
    assert (found.name, found.year) == (name, year)


def test_names_that_changed_between_years_are_told_apart(tmp_path):
    _write(tmp_path, GOOD.replace("2030", "2019") + '  "208": {name: 社会保障和就业支出, source: [doc]}\n  "20805": {name: 旧名, source: [doc]}\n', "2019.yaml")
    _write(tmp_path, GOOD.replace("2030", "2024") + '  "208": {name: 社会保障和就业支出, source: [doc]}\n  "20805": {name: 新名, source: [doc]}\n', "2024.yaml")
    tables = load_tables.__wrapped__(tmp_path)
    assert [tables.lookup("20805", year).name for year in (2019, 2023, 2024, 2025)] == ["旧名", "旧名", "新名", "新名"]


def test_a_code_no_public_2019_text_prints_has_no_2019_name(tables):
    assert tables.lookup("20805", 2019) is None
    assert tables.lookup("20805", 2025).name == "行政事业单位养老支出"


def test_a_year_without_a_table_takes_the_nearest_earlier_table_that_lists_the_code(tables):
    assert (tables.lookup("201", 2023).name, tables.lookup("201", 2023).year) == ("一般公共服务支出", 2019)
    assert tables.lookup("20139", 2026).year == 2024  # neither the 2025 nor the 2026 table lists 20139


def test_a_code_or_year_no_table_covers_has_no_name(tables):
    assert tables.lookup("2010301", 2018) is None
    assert tables.lookup("2999999", 2025) is None
    assert tables.lookup("20139", 2023) is None  # 社会工作事务 first appears in the 2024 table


def test_every_entry_names_its_source(tables):
    for table in tables.by_year.values():
        for entry in table.codes.values():
            assert entry.sources and all(key in table.sources for key in entry.sources)


@pytest.mark.skipif(not REAL.is_dir(), reason="the reference documents are not on this machine")
def test_the_2025_table_holds_every_code_the_reference_budgets_print_with_the_name_they_print(tables):
    table = tables.by_year[2025]
    printed: dict[str, str] = {}
    for path in sorted(REAL.glob("*2025-budget.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = T5_ROW.match(line)
            if match:
                printed["".join(part for part in match.groups()[:3] if part)] = match.group(4)
    assert printed
    # the table also holds the codes of other 2025 documents (决算 of three streets and a bureau)
    assert {code: table.codes[code].name for code in printed if code in table.codes} == printed


# -- malformed tables fail with a located error ---------------------------------------------------

GOOD = 'year: 2030\nsources:\n  doc: "a source"\ncodes:\n  "201": {name: 一般公共服务支出, source: [doc]}\n'


def _write(tmp_path: Path, text: str, name: str = "2030.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LOADERS = sorted({LOADER, yaml.SafeLoader}, key=lambda loader: loader.__name__)


def test_a_well_formed_table_loads(tmp_path):
    table = load_table(_write(tmp_path, GOOD))
    assert (table.year, table.codes["201"].name, table.sources["doc"]) == (2030, "一般公共服务支出", "a source")


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (GOOD.replace('"201"', "201"), 5, 3, "须加引号"),
        (GOOD.replace("source: [doc]", "source: [other]"), 5, 36, "未在 sources 中列出"),
        (GOOD.replace("year: 2030", "year: 2031"), 1, 7, "与文件名相同"),
        (GOOD.replace('"201"', '"2011"'), 5, 3, "不是支出功能分类编码"),
        (GOOD + '  "20101": {name: 人大事务, source: [doc]}\n  "2010201": {name: 行政运行, source: [doc]}\n', 7, 3, "上级 20102 不在表中"),
        (GOOD + '  "201": {name: 重复, source: [doc]}\n', 6, 3, "重复"),
        (GOOD.replace("{name: 一般公共服务支出, source: [doc]}", "{name: '', source: [doc]}"), 5, 17, "非空文字"),
        (GOOD.replace("sources:", "source:"), 2, 1, "未知的键"),
        (GOOD + "  - not a mapping\n", 6, 3, ""),
    ],
)
@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_a_malformed_table_is_refused_with_its_line_and_column(tmp_path, text, line, column, words, loader):
    with pytest.raises(ClassificationError) as caught:
        load_table(_write(tmp_path, text), loader=loader)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message_zh


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_a_table_that_is_not_yaml_is_refused_at_the_same_place_by_either_loader(tmp_path, loader):
    with pytest.raises(ClassificationError) as caught:
        load_table(_write(tmp_path, GOOD + '  "202": {name: [unclosed, source: [doc]}\n'), loader=loader)
    assert (caught.value.line, caught.value.column) == (6, 41)  # the "}" where "]" was expected
    assert "不是有效的 YAML" in caught.value.message_zh


def test_libyaml_reads_every_bundled_table_as_the_pure_python_loader_does():
    """The tables are read with libyaml's composer when PyYAML has it (a cold start's largest YAML); the
    pure-Python SafeLoader stays the fallback, and both must give the same tables."""
    assert LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    paths = sorted(default_folder("function").glob("*.yaml")) + sorted(default_folder("economic").glob("*.yaml"))
    assert len(paths) >= 4
    for path in paths:
        scheme = "economic" if path.parent.name == "economic" else "function"
        assert load_table(path, scheme, loader=LOADER) == load_table(path, scheme, loader=yaml.SafeLoader), path


def test_a_table_not_named_by_its_year_is_refused(tmp_path):
    _write(tmp_path, GOOD, "latest.yaml")
    with pytest.raises(ClassificationError, match="named by its year"):
        load_tables.__wrapped__(tmp_path)


# -- the rule function ------------------------------------------------------------------------------


@pytest.fixture
def check(tmp_path, registry):
    sample = load_document(SAMPLE).data

    def check(assertion: str, **metadata):
        path = tmp_path / "c.rules"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n assert {assertion}\n message "m"\n}}\n', encoding="utf-8")
        document = copy.deepcopy(sample)
        document["metadata"].update(metadata)
        return evaluate(load_rule_file(path, registry), document)

    return check


def test_classification_name_gives_the_name_for_the_documents_year(check):
    assert check('classification_name("20805", metadata.fiscal_year) == "行政事业单位养老支出"', fiscal_year=2025) == ([], [])
    findings, _ = check('classification_name("20805", metadata.fiscal_year) == "行政事业单位离退休"', fiscal_year=2025)
    assert [finding.rule for finding in findings] == ["T-001"]
    findings, skipped = check('classification_name("20805", metadata.fiscal_year) == "行政事业单位养老支出"')
    assert findings == [] and [outcome.rule for outcome in skipped] == ["T-001"]


def test_classification_name_takes_a_code_written_as_a_number(check):
    assert check('classification_name(2010301, 2025) == "行政运行"') == ([], [])


def test_an_unlisted_code_makes_the_rule_not_applicable_and_falls_back_with_the_default(check):
    findings, skipped = check('classification_name("2999999", 2025) == "行政运行"')
    assert findings == [] and [outcome.rule for outcome in skipped] == ["T-001"]
    with pytest.raises(NotInTables) as caught:
        FUNCTIONS["classification_name"].impl("2999999", Decimal(2025))
    assert caught.value.reason_zh == "政府收支分类科目表中 2025 年及以前没有科目 2999999"
    assert check('(classification_name("2999999", 2025) ?? "无") == "无"') == ([], [])
    assert check('not exists(classification_name("20139", 2019))') == ([], [])


def test_a_broken_table_stops_the_rule_pack_loading_at_the_tables_line(tmp_path, registry, monkeypatch):
    folder = tmp_path / "classification"
    folder.mkdir()
    _write(folder, GOOD.replace('"201"', "201"))
    monkeypatch.setattr(classification, "default_folder", lambda *_: folder)
    load_tables.cache_clear()
    rules = tmp_path / "c.rules"
    rules.write_text('schema "department-disclosure/2016"\nrule T-001 {\n title "t" severity error citation "c"\n assert classification_name("201", 2030) == "x"\n message "m"\n}\n', encoding="utf-8")
    try:
        with pytest.raises(RuleCheckError) as caught:
            load_rule_file(rules, registry)
    finally:
        load_tables.cache_clear()
    assert str(folder / "2030.yaml") in str(caught.value) and ":5:3:" in str(caught.value)


def test_a_code_no_table_lists_is_not_applicable_with_that_reason_in_the_report():
    from budgetcheck.ingest import load_document
    from budgetcheck.pipeline import check_loaded
    from budgetcheck.rules import load_pack
    from budgetcheck.schema.registry import SchemaRegistry
    from tests.conftest import FIXTURES

    registry = SchemaRegistry.default()
    document = load_document(FIXTURES / "xiguan-2019.yaml")
    document.data["narrative"]["claims"][6]["classification"] = {"code": "99999", "level": "款", "name": "不存在的科目"}
    result = check_loaded(document, registry, load_pack(registry))
    reasons = [skipped.reason("zh") for skipped in result.not_applicable if skipped.rule == "CLM-CLS-001"]
    assert reasons == ["政府收支分类科目表中 2019 年及以前没有科目 99999"]


@pytest.mark.parametrize(
    ("names", "year", "code"),
    [
        (("一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"), 2025, "2010301"),
        (("一般公共服务支出", "商贸事务", "行政运行"), 2025, "2011301"),  # the same 项 name, another 款: another code
        (("一般公共服务支出", "政府办公厅(室)及相关机构事务", "事业运行"), 2025, "2010350"),  # bracket width alike
        (("一般公共服务支出", "商贸事务"), 2025, "20113"),
        (("一般公共服务支出",), 2025, "201"),
    ],
)
def test_a_full_name_path_resolves_to_its_code_level_by_level(tables, names, year, code):
    from budgetcheck.dsl.functions import _name_key

    assert tables.code_of_names(names, year, _name_key) == code


@pytest.mark.parametrize(
    "names",
    [
        ("行政运行",),  # a 项 name alone is no path: never guessed
        ("一般公共服务支出", "行政运行"),  # a 项 name where a 款 should be
        ("一般公共服务支出", "没有这个款", "行政运行"),
        ("社会保障和就业支出", "商贸事务", "行政运行"),  # a 款 under another 类
    ],
)
def test_a_name_path_the_list_does_not_resolve_has_no_code(tables, names):
    from budgetcheck.dsl.functions import _name_key

    assert tables.code_of_names(names, 2025, _name_key) is None


def test_code_of_names_unresolved_is_not_applicable_with_the_path_in_the_reason():
    from budgetcheck.dsl.functions import NoNamePath, _code_of_names

    assert _code_of_names(["一般公共服务支出", "商贸事务", "行政运行"], Decimal(2025)) == "2011301"
    with pytest.raises(NoNamePath) as raised:
        _code_of_names(["一般公共服务支出", "行政运行"], Decimal(2025))
    assert "一般公共服务支出-行政运行" in raised.value.reason_zh and "2025" in raised.value.reason_zh


@pytest.mark.skipif(not REAL.exists(), reason="reference documents absent")
def test_every_named_item_of_the_reference_budgets_resolves_by_its_name_path(tables):
    """The three Shanghai 2025 budgets print items by names only (“类-款-项”科目): each path resolves to one code of
    the 2025 list, and that code's own 款 is the name printed; except wanli line 120, “卫生健康支出（类）卫生健康支出
    （款）计划生育事务（项）”, whose 款 is printed as the 类's name (its table prints 210 07 计划生育事务): unresolved,
    so a rule needing its code is not applicable, never guessed from the 项 name."""
    from budgetcheck.dsl.functions import _name_key
    from budgetcheck.ingest.narrative import extract_path

    for name in ("putuo-govoffice-2025-budget", "putuo-commerce-2025-budget", "putuo-wanli-street-2025-budget"):
        claims = extract_path(REAL / f"{name}.txt").document.data["narrative"]["claims"]
        paths = [tuple(level["name"] for level in c["classification"]["levels"]) for c in claims if len(c.get("classification", {}).get("levels", [])) == 3]
        assert paths, name
        for path in paths:
            if path == ("卫生健康支出", "卫生健康支出", "计划生育事务"):
                assert tables.code_of_names(path, 2025, _name_key) is None
                continue
            code = tables.code_of_names(path, 2025, _name_key)
            assert code is not None and len(code) == 7, (name, path)
            assert _name_key(tables.lookup(code[:5], 2025).name) == _name_key(path[1]), (name, path)
