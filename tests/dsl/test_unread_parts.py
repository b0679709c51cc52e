"""A rule that reads a part extraction did not read is not applicable, naming the part: never an error, never a pass.

Run with the closure evaluator over the minimal document, with a DocumentContext that says which parts
were not read; YAML and JSON documents carry no such list and are judged as before.
"""

from __future__ import annotations

import copy

import pytest

from budgetcheck.coverage import (
    PARTLY_READ,
    RECOGNISED_NOT_READ,
    Coverage,
    PartCoverage,
)
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack, load_rule_file
from tests.conftest import MINIMAL

ORGANISATION = PartCoverage("organisation", "机构设置", RECOGNISED_NOT_READ, 44, title_en="organisation")
OVERVIEW = PartCoverage("overview", "收支总体情况", PARTLY_READ, 69, title_en="income and expenditure overview")


@pytest.fixture
def judge(tmp_path, registry, minimal):
    counter = iter(range(1000))

    def judge(body: str, *parts: PartCoverage):
        path = tmp_path / f"r{next(counter)}.rules"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{body}\n message "m"\n}}\n', encoding="utf-8")
        data = copy.deepcopy(minimal)
        unread = {part.key: part.not_extracted() for part in parts} or None
        return evaluate(load_rule_file(path, registry), data, DocumentContext(data, unread))

    return judge


@pytest.mark.parametrize(
    "body",
    [
        "assert organisation.units is not empty",  # a value that is there
        "assert exists(organisation.description)",  # exists() would say false
        'assert (organisation.description ?? "") matches "\\\\S"',  # ?? would fall back
        "assert organisation.description is empty",  # is empty would say true
        "assert count(organisation.units[unit_type == \"事业单位\"]) == 0",  # a filter would skip
        "when exists(organisation.heading)\n assert true",  # a precondition reads it too
    ],
)
def test_any_read_of_a_part_not_read_is_not_applicable_with_the_part_named(judge, body):
    findings, skipped = judge(body, ORGANISATION)
    assert findings == []
    assert [(s.rule, s.reason_zh, s.paths, s.unread) for s in skipped] == [("T-001", "未抽取：机构设置（已识别、未读取，第 44 行起）", ("/organisation",), True)]
    assert skipped[0].reason_en == "not extracted: organisation (recognised, not read, from line 44)"


def test_a_part_read_partly_makes_even_a_value_that_was_read_not_applicable(judge):
    findings, skipped = judge("assert overview.income.total == overview.expenditure.total", OVERVIEW)
    assert findings == [] and [s.reason_zh for s in skipped] == ["未抽取：收支总体情况（部分读取，第 69 行起）"]


def test_a_rule_over_parts_that_were_read_is_judged_as_before(judge):
    findings, skipped = judge("assert overview.income.total == 11.00", ORGANISATION)
    assert len(findings) == 1 and skipped == []


def test_a_run_per_item_meets_an_unread_part_once_per_rule(judge):
    findings, skipped = judge("for i in operating_costs.items\n assert i.amount <= overview.expenditure.total", OVERVIEW)
    assert findings == [] and len(skipped) == 1


def test_without_a_coverage_nothing_is_unread_and_absence_is_missing_as_before(judge):
    findings, skipped = judge("assert exists(organisation.description)")
    assert len(findings) == 1 and skipped == []


def test_a_message_that_reads_a_part_not_read_says_so_instead_of_failing(judge):
    findings, _ = judge('assert overview.income.total == 11.00\n message_en "{organisation.description}"', ORGANISATION)
    assert findings[0].message_en == "（未抽取）"


def test_schema_findings_about_a_part_not_read_become_diagnostics_and_an_absent_part_stays_a_finding(registry):
    pack = load_pack(registry)
    document = load_document(MINIMAL)
    del document.data["organisation"], document.data["glossary"]
    absent = PartCoverage("glossary", "名词解释", "absent", None)
    document.coverage = Coverage((ORGANISATION, absent))
    result = check_loaded(document, registry, pack)
    required = {finding.paths for finding in result.findings if finding.rule == "SCHEMA-REQUIRED"}
    assert required == {("/glossary",)}
    (note,) = [note for note in result.diagnostics if note.rule == "SCHEMA-REQUIRED"]
    assert note.paths == ("/organisation",) and "未抽取：机构设置" in note.message_zh and "不作判断" in note.message_zh
    assert result.status == "fail" and not any(finding.rule == "BUD-CMP-001" for finding in result.findings)
    assert any(outcome.rule == "BUD-CMP-001" and outcome.reason_zh.startswith("未抽取：机构设置") for outcome in result.not_applicable)


def test_what_extraction_could_not_determine_of_the_metadata_is_a_diagnostic_not_a_finding(registry):
    document = load_document(MINIMAL)
    del document.data["metadata"]["level"]
    document.coverage = Coverage((), undetermined=("/metadata/level",))
    result = check_loaded(document, registry, load_pack(registry))
    assert not any(finding.paths == ("/metadata/level",) for finding in result.findings)
    assert any(note.paths == ("/metadata/level",) and "未能从文中确定" in note.message_zh for note in result.diagnostics)


TABLE_B = PartCoverage("tables/general_budget_basic", "一般公共预算基本支出表", PARTLY_READ, None, reason_zh="数字栏中是文字", title_en="general budget basic")


def test_a_loop_over_the_tables_leaves_out_a_table_not_read_whole_and_judges_the_others(judge, minimal):
    """for t in tables[*] went over a table read in part (a figure cell left unread as text) as over any: the sum of
    its rows lacked the unread figure, a false TAB-HIER-001 (1,231.00 against 810.50). A table not read whole is
    left out of such a loop; the others are judged."""
    from decimal import Decimal

    minimal["tables"] = {
        "general_budget_expenditure": {"name": "一般公共预算支出表", "rows": [{"total": Decimal("5")}, {"total": Decimal("6")}]},
        "general_budget_basic": {"name": "一般公共预算基本支出表", "rows": [{"total": Decimal("7")}]},
    }
    body = "for t in tables[*][exists(rows)]\n assert sum(t.rows[*].total) == 100"
    findings, skipped = judge(body, TABLE_B)
    assert [f.paths[0].split("/")[2] for f in findings] == ["general_budget_expenditure"] and skipped == []
    findings, skipped = judge(body)
    assert sorted(f.paths[0].split("/")[2] for f in findings) == ["general_budget_basic", "general_budget_expenditure"]


def test_a_field_extraction_saw_named_but_could_not_read_is_never_taken_for_absent(tmp_path, registry, minimal):
    """公务接待|费 10000 元 cut by a line break the reader did not join: the 三公 part was read, 公务接待费 named but its figure
    not read (undetermined). `three_public.reception ?? 0` took it for nothing, and BUD-3PUB-004 added the parts' changes
    without its -2000: a false error. A field so left is not applicable wherever a rule reads it, deep or not; the
    document's facts about itself (/metadata) keep the rules' own defaults; the fields beside it are judged."""
    coverage = Coverage((), undetermined=("/metadata/level", "/three_public/reception", "/overview/expenditure/basic"))
    unread = coverage.unread_fields()
    assert unread == {
        "three_public/reception": ("未能从文中确定：/three_public/reception", "could not be determined from the text: /three_public/reception"),
        "overview/expenditure/basic": ("未能从文中确定：/overview/expenditure/basic", "could not be determined from the text: /overview/expenditure/basic"),
    }
    data = copy.deepcopy(minimal)
    del data["three_public"]["reception"], data["overview"]["expenditure"]["basic"]

    def judge(body: str) -> tuple[list, list]:
        path = tmp_path / f"r{abs(hash(body))}.rules"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{body}\n message "m"\n}}\n', encoding="utf-8")
        return evaluate(load_rule_file(path, registry), data, DocumentContext(data, unread))

    for body, field in (
        ("assert (three_public.reception ?? 0) == 1", "/three_public/reception"),
        ("assert exists(three_public.reception)", "/three_public/reception"),
        ("when exists(overview.expenditure.basic.total)\n assert false", "/overview/expenditure/basic"),
        ("assert (overview.expenditure.basic.personnel ?? 0) == 1", "/overview/expenditure/basic"),
    ):
        findings, skipped = judge(body)
        assert findings == [] and [(s.reason_zh, s.unread) for s in skipped] == [(f"未能从文中确定：{field}", True)], body
    findings, skipped = judge("assert (three_public.overseas_travel ?? 1) == 1 and exists(metadata.level)")
    assert len(findings) == 1 and skipped == []

