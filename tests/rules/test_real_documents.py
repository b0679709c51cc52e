"""The real Shanghai disclosures (../shared/reference/real/, text layers): the report speaks about a document only where
the tool has read it. Skipped where the reference documents are not on this machine."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

import budgetcheck
from budgetcheck.result import Report
from tests.conftest import REAL, SAMPLE

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="the reference documents are not on this machine")

BUDGETS = ("putuo-govoffice-2025-budget", "putuo-commerce-2025-budget", "putuo-wanli-street-2025-budget")
# Not applicable for a reason the documents give themselves: none states its approval date (批复日期), and a 三公
# total said to be 与2024年预算持平 states no previous total; and the table rules that go over every table find no
# table read in a text layer (its tables are recognised, not read; the PDF reads them).
HONEST = {
    "缺少数据：/metadata/approved_on",
    "缺少数据：/three_public/previous_total",
    "缺少数据：/tables",
    "规则只适用于 kind 为 决算 的文档",  # a 决算's totals against its parts (CLM-TOT-006/007): no budget's concern
}


@pytest.fixture(scope="module")
def pack():
    return budgetcheck.load_pack()


@pytest.fixture(scope="module")
def checked(pack):
    results: dict = {}

    def check(name: str):
        if name not in results:
            results[name] = budgetcheck.check_path(REAL / f"{name}.txt", pack=pack)
        return results[name]

    return check


@pytest.mark.parametrize("name", BUDGETS)
def test_a_shanghai_budget_has_no_error_and_no_extraction_notice_among_its_findings(checked, name):
    result = checked(name)
    assert result.schema.endswith("/2016-shanghai-budget/document.schema.json")
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []
    assert not any(f.rule.startswith("EXTRACT-") for f in result.findings)
    assert result.diagnostics and all(note.rule.startswith(("EXTRACT-", "SCHEMA-")) for note in result.diagnostics)


@pytest.mark.parametrize("name", BUDGETS)
def test_every_rule_not_applicable_to_a_shanghai_budget_names_the_part_not_read_or_what_the_text_does_not_say(checked, name):
    result = checked(name)
    reasons = Counter(outcome.reason_zh for outcome in result.not_applicable)
    assert reasons and all(reason.startswith("未抽取：") or reason in HONEST for reason in reasons), reasons
    assert any(reason.startswith("未抽取：收支总体情况（部分读取") for reason in reasons)  # basic and project are in the tables


def test_the_commerce_budget_still_gets_its_six_brackets_closed_by_the_other_width(checked):
    result = checked("putuo-commerce-2025-budget")
    assert Counter(f.rule for f in result.findings) == {"TXT-PAIR-002": 6}
    assert all("（款)" in f.message_zh or "（类)" in f.message_zh for f in result.findings)


def test_the_unit_budget_has_no_error_either(checked):
    result = checked("putuo-govoffice-2025-unit-budget")
    assert [f.rule for f in result.findings if f.severity.value == "error"] == []


def test_the_socialwork_accounts_keep_their_completion_rate_defect_and_lose_the_rounding_and_bracket_false_errors(checked):
    result = checked("putuo-socialwork-2024-final")
    assert result.schema.endswith("/2016-shanghai-final/document.schema.json")
    assert [(f.rule, f.severity.value) for f in result.findings] == [("CLM-PCT-002", "error")]
    assert "完成年初预算的 95.89%，而年初预算为 0 万元" in result.findings[0].message_zh
    assert not any(f.rule in ("CLM-SUM-001", "TXT-PAIR-002") for f in result.findings)


def test_the_blank_final_accounts_template_is_told_of_its_placeholders_alternatives_and_instructions_each_located(checked):
    """The text rules read every paragraph, placed in a field or not (/unplaced, the prose of the parts left unread
    included) and every sentence read into claims: the template's placeholders, its unresolved alternatives and its
    instructions are each found at their line. Counted on the reference text: 174 placeholder runs (XX, XXX, ××, …)
    on 107 lines (the issue counted 62 “XX”; by any reading of this text there are more: 93 exactly XX, 54 XXX,
    27 longer). All 171 outside the contents page are in the texts reported: the four in the cover and headings,
    which no prose field holds (上海市 XX 局 at line 1, 第一部分 上海市 XX 局概况 …), the two in notes under empty
    tables (说明：上海市 XX 局本年度没有…, on the tables' pages), and the sentences no field and no claim holds beside
    a claim (上海市 XX 局 2024 年度收入支出总计 XXX 万元。 before 与 2023 年度相比…) or ending on a claim's line
    (…占本年支出合计的|XX%。) included. The contents page's three (lines 6, 12, 32) list the part headings, each
    reported at the heading itself."""
    from budgetcheck import pointer as jp
    from budgetcheck.ingest.narrative import extract_path

    result = checked("template-final-accounts")
    counts = Counter(f.rule for f in result.findings)
    assert set(counts) <= {"TXT-TPL-001", "TXT-TPL-002", "TXT-TPL-003", "TXT-PUNCT-001", "TXT-PUNCT-002"}
    # 45 paragraphs hold them: “…支出 XXX 万元，主要用于：” runs on into the wrapped line after its colon, one paragraph;
    # the 三公 sentence at line 489, which two claims read, is reported once (it was twice, from claims 4 and 6)
    assert (counts["TXT-TPL-002"], counts["TXT-TPL-001"], counts["TXT-TPL-003"]) == (47, 12, 16)
    assert all(f.locations and f.locations[0][0] > 0 for f in result.findings)
    assert all("XX" in f.message_zh for f in result.findings if f.rule == "TXT-TPL-002")
    (duties,) = [f for f in result.findings if f.rule == "TXT-TPL-003" and "由主管部门" in f.message_zh]
    assert duties.locations[0][0] == 62
    assert any(f.rule == "TXT-TPL-001" and "增加（减少）" in f.message_zh for f in result.findings)
    placeholder = re.compile(r"X{2,}|×{2,}")
    data = extract_path(REAL / "template-final-accounts.txt").document.data
    reported = [jp.resolve(data, path) for f in result.findings if f.rule == "TXT-TPL-002" for path in f.paths]
    assert sum(len(placeholder.findall(text)) for text in reported) == 171
    lines = {f.locations[0][0] for f in result.findings if f.rule == "TXT-TPL-002"}
    assert {1, 56, 97, 371, 354, 370} <= lines  # the cover, three headings, the two notes under empty tables
    assert {377, 404, 414} <= lines  # a sentence beside a claim, and one ending on a claim's line
    file = (REAL / "template-final-accounts.txt").read_text(encoding="utf-8").split("\n")
    assert sum(len(placeholder.findall(line)) for line in file) == 174
    assert [number for number, line in enumerate(file, 1) if number < 56 and placeholder.search(line)] == [1, 6, 12, 32]


@pytest.mark.parametrize("name", [*BUDGETS, "putuo-govoffice-2025-unit-budget", "putuo-socialwork-2024-final", "template-final-accounts"])
def test_the_json_report_of_a_real_document_follows_the_contract_and_carries_its_coverage(checked, name, registry):
    import jsonschema

    from tests.conftest import REPORT_SCHEMA

    report = json.loads(budgetcheck.render(Report([checked(name)]), "json"))
    jsonschema.validate(report, json.loads(REPORT_SCHEMA.read_text(encoding="utf-8")))
    (document,) = report["documents"]
    assert document["coverage"]["summary"].startswith("抽取覆盖：正文数字") and document["diagnostics"]
    assert document["schema_name"].startswith(("部门预算公开说明（2016 版，上海区级预算模板）", "部门决算公开说明（2016 版，上海区级决算模板）"))


def test_the_samples_overlapping_grades_are_one_grouped_entry_in_json(pack):
    report = json.loads(budgetcheck.render(budgetcheck.check_paths([SAMPLE], pack=pack), "json"))
    (document,) = report["documents"]
    (group,) = [group for group in document["groups"] if group["rule"] == "PERF-IND-005"]
    assert group["count"] == 47 and len(group["places"]) == 94 and len(group["findings"]) == 47
    assert sum(finding["rule"] == "PERF-IND-005" for finding in document["findings"]) == 47  # findings keep one entry each
    assert document["groups"][0]["severity"] == "error"


def test_the_unit_budget_names_its_unit_from_its_预算单位_line(checked):
    assert checked("putuo-govoffice-2025-unit-budget").department == "上海市普陀区人民政府办公室"
