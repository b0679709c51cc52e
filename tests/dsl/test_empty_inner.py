"""A rule without a first-level screen whose second `for` loops over fields of the first one's member (`for t in
tables[*][exists(rows)] / for r in t.rows`: TAB-ROW-001, TAB-ROW-002, TAB-HIER-001, TAB-EMPTY-001) gets a sieve
(screensource.Screens.empty_inner) that leaves out the members whose inner list is empty: the reference makes no run
of them. Each member it leaves out gives no outcome in the reference run of that member alone, every member whose run
gives one is kept, and whole documents give under the generated evaluator what they give under the reference, with
tables drawn loose (rows empty, a mapping, text, absent) and with tables not read."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref, RefList, members
from budgetcheck.evaluate import evaluate, run_rule
from budgetcheck.rules import load_pack

REGISTRY = budgetcheck.load_registry()
CLOSURE = load_pack(REGISTRY, evaluator="closure")
COMPILED = load_pack(REGISTRY, evaluator="compiled")
EMPTY_INNER = ["TAB-EMPTY-001", "TAB-HIER-001", "TAB-ROW-001", "TAB-ROW-002"]


def test_the_rules_over_the_rows_of_tables_get_the_sieve_of_empty_inner_loops_and_no_screen():
    sieved = sorted(rule.rule.id for rule in COMPILED.rules if rule.sieve is not None and rule.screen is None)
    assert sieved == EMPTY_INNER
    assert COMPILED.get("TAB-CODE-001").screen is not None  # a rule with a screen keeps its own sieve


def _kept_and_held(rule_id: str, data: dict, unread: dict | None = None) -> tuple[int, int]:
    """The members of the rule's first loop the sieve leaves out give no outcome in the reference run of that member
    alone; (members left out, members with an outcome)."""
    reference, compiled = CLOSURE.get(rule_id), COMPILED.get(rule_id)
    kind, name, source = reference.bindings[0]
    try:
        found = members(source(Env(DocumentContext(data, unread))))
    except Exception:  # noqa: BLE001 - the first loop's source itself is absent: no member to sieve
        return 0, 0
    kept = {id(member) for member in compiled.sieve(found, DocumentContext(data, unread))}
    left_out = outcomes = 0
    for member in found:
        one = dataclasses.replace(reference, bindings=((kind, name, lambda env, member=member: RefList([member])), *reference.bindings[1:]))
        findings: list = []
        skipped: list = []
        run_rule(one, DocumentContext(data, unread), findings, skipped)
        outcome = bool(findings or skipped)
        assert not (id(member) not in kept and outcome), f"{rule_id} left out a member with an outcome: {member.value!r}"
        left_out += id(member) not in kept
        outcomes += outcome
    return left_out, outcomes


ROW = st.fixed_dictionaries({}, optional={"code": st.sampled_from(["201", "20101", None]), "parent": st.sampled_from(["201", None]), "total": st.integers(0, 3), "basic": st.integers(0, 3), "project": st.integers(0, 3), "personnel": st.integers(0, 3), "public": st.integers(0, 3)})
ROWS = st.one_of(st.just([]), st.just({}), st.lists(ROW, max_size=3), st.dictionaries(st.sampled_from(["a", "b"]), ROW, max_size=2), st.just("无"), st.just(0))


@st.composite
def loose_tables(draw):
    tables: dict = {}
    for table in draw(st.lists(st.sampled_from(["expenditure_summary", "general_budget_expenditure", "budget_summary", "gov_fund_expenditure"]), max_size=4, unique=True)):
        value: dict = {"name": table}
        if draw(st.booleans()):
            value["rows"] = draw(ROWS)
        if draw(st.booleans()):
            value["empty_note"] = draw(st.sampled_from(["本表无数据", "", " ", 3]))
        tables[table] = draw(st.sampled_from([value, value, value, "无", []]))
    return {"metadata": {}, "tables": tables}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(EMPTY_INNER), loose_tables(), st.sampled_from([None, {"tables/expenditure_summary": ("未读", "not read")}]))
def test_a_member_left_out_gives_no_outcome_in_the_reference_and_whole_documents_give_the_same(rule_id, data, unread):
    _kept_and_held(rule_id, data, unread)
    rules = [COMPILED.get(rule_id)], [CLOSURE.get(rule_id)]
    generated, reference = (evaluate(chosen, data, DocumentContext(data, unread)) for chosen in rules)
    assert generated == reference
    assert [finding.message_en for finding in generated[0]] == [finding.message_en for finding in reference[0]]


@pytest.mark.parametrize(
    ("rows", "left_out", "outcomes"),
    [
        ([], 1, 0),  # no row: no run, left out
        ({}, 1, 0),  # a mapping of no rows: the same
        ([{"total": 1}], 0, 0),  # a row: kept, its runs are the reference's (here its when is false)
        ([{"total": 1, "basic": 1, "project": 3}], 0, 1),  # 1 + 3 is not 1: the finding, kept
        ("无", 0, 1),  # text where rows are: not applicable in the reference, kept
    ],
)
def test_an_empty_list_of_rows_is_left_out_and_anything_else_is_kept_for_the_reference(rows, left_out, outcomes):
    data = {"metadata": {}, "tables": {"expenditure_summary": {"name": "表", "rows": rows}}}
    assert _kept_and_held("TAB-ROW-001", data) == (left_out, outcomes)
    not_a_value = COMPILED.get("TAB-ROW-001").sieve([Ref({"rows": []}, "/tables/x"), {"rows": []}], DocumentContext(data))
    assert len(not_a_value) == 1 and not_a_value[0] == {"rows": []}  # only a document value (a Ref) is looked at
