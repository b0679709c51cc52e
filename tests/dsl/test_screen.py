"""Screens (dsl/screen.py): the generated evaluator skips a run over a list member only where the reference run of
that member gives nothing. The property test over whole documents is tests/dsl/test_compiled_outcomes.py; here each
screened rule of the pack is held, member by member, to the reference closures' run of the same member."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import screen
from budgetcheck.dsl.runtime import DocumentContext, Missing, Ref, RefList
from budgetcheck.evaluate import run_rule
from budgetcheck.rules import load_pack, load_rule_file

REGISTRY = budgetcheck.load_registry()
CLOSURE = load_pack(REGISTRY, evaluator="closure")
COMPILED = load_pack(REGISTRY, evaluator="compiled")
SCREENED = sorted(rule.rule.id for rule in COMPILED.rules if rule.screen is not None)


def test_the_closure_evaluator_never_screens():
    assert all(rule.screen is None for rule in CLOSURE.rules)


def test_rules_over_list_members_get_screens_and_others_do_not():
    assert {"PERF-IND-001", "PERF-IND-002", "PERF-IND-003", "PERF-IND-004", "PERF-IND-005", "TXT-PAIR-001", "TXT-PUNCT-002", "TXT-PCT-001"} <= set(SCREENED)
    # a let over the document's root with a second `for`; a quantifier over a filter of the root; no `for` at all
    assert not {"BUD-X-006", "BUD-X-007", "PERF-STD-001", "BUD-EXP-001"} & set(SCREENED)


def _reference_outcomes(rule_id: str, value: object) -> tuple[list, list]:
    """The reference closures' run of `rule_id` over one member holding `value`."""
    rule = CLOSURE.get(rule_id)
    kind, name, _source = rule.bindings[0]
    one = dataclasses.replace(rule, bindings=((kind, name, lambda env: RefList([Ref(value, "/member/0")])), *rule.bindings[1:]))
    findings: list = []
    skipped: list = []
    run_rule(one, DocumentContext({"metadata": {}}), findings, skipped)
    return findings, skipped


def _screen_says(rule_id: str, value: object) -> bool | None:
    """True: the run passes; False or an exception (None): the reference decides."""
    try:
        return bool(COMPILED.get(rule_id).screen(value, DocumentContext({"metadata": {}})))
    except Exception:  # noqa: BLE001 - an exception sends the run to the reference, as in evaluate._unscreened
        return None


TEXTS = st.text(alphabet="预算收入支出万元增长减少%％（）()“”，。、；：:;!?！？XX×123 \n", max_size=40)
TEXT_RULES = [rule_id for rule_id in SCREENED if rule_id.startswith("TXT-")]


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(TEXT_RULES), TEXTS)
def test_a_text_rule_screen_passes_only_what_the_reference_run_passes(rule_id, text):
    findings, skipped = _reference_outcomes(rule_id, text)
    if _screen_says(rule_id, text):
        assert (findings, skipped) == ([], []), f"{rule_id} screened {text!r} yet its reference run gives an outcome"


GRADES = st.one_of(st.sampled_from(["≥90%", "80%-89%", "90%%", "<70%", "70%以下", "优秀", "", "100%", "≥90％％"]), st.text(alphabet="≥≤<>-%％0123456789.以上下", max_size=8))
INDICATORS = st.fixed_dictionaries(
    {"name": st.sampled_from(["完成率", "满意度", "完成", "质量"])},
    optional={"grades": st.one_of(st.dictionaries(st.sampled_from(["优", "良", "中", "差"]), GRADES, max_size=4), st.lists(GRADES, max_size=5), GRADES)},
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.sampled_from([rule_id for rule_id in SCREENED if rule_id.startswith("PERF-")]), st.one_of(INDICATORS, GRADES))
def test_a_performance_rule_screen_passes_only_what_the_reference_run_passes(rule_id, value):
    findings, skipped = _reference_outcomes(rule_id, value)
    if _screen_says(rule_id, value):
        assert (findings, skipped) == ([], []), f"{rule_id} screened {value!r} yet its reference run gives an outcome"


@pytest.mark.parametrize(
    ("rule_id", "value", "passes"),
    [
        ("PERF-IND-003", "≥90%", True),
        ("PERF-IND-003", "≥90%%", False),
        ("PERF-IND-002", "80%-89%", True),
        ("PERF-IND-002", "优秀", False),
        ("TXT-PAIR-001", "（一）收入预算。", True),
        ("TXT-PAIR-001", "（一收入预算。", False),
    ],
)
def test_a_screen_decides_the_plain_cases_itself(rule_id, value, passes):
    assert _screen_says(rule_id, value) is passes
    findings, skipped = _reference_outcomes(rule_id, value)
    assert (not findings and not skipped) is passes


def _screen_of(tmp_path, body: str):
    path = tmp_path / "t.rules"
    path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{body}\n}}\n', encoding="utf-8")
    (rule,) = load_rule_file(path, REGISTRY)
    return screen.build(rule.rule, rule.compiler.annotations)


def test_an_absent_field_is_left_to_the_reference_except_where_is_empty_asks(tmp_path):
    document = DocumentContext({})
    named = _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert i.name ends with "率"\n message "m"')
    assert named({"name": "完成率"}, document) is True
    assert named({"name": "完成"}, document) is False
    with pytest.raises(Missing):  # the reference run is not applicable there: the screen leaves it to it
        named({}, document)
    blank = _screen_of(tmp_path, "for i in performance.duties[*].activities[*].indicators[*]\n assert i.name is empty\n message \"m\"")
    assert blank({}, document) is True  # `is empty` of an absent field holds in the reference too


def test_a_rule_reading_the_document_root_in_its_assertion_gets_no_screen(tmp_path):
    assert _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert i.name != metadata.title\n message "m"') is None
    assert _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert count(performance.duties[*]) == 4\n message "m"') is None


def test_a_wildcard_of_the_member_reads_as_the_reference_reads_it(tmp_path):
    document = DocumentContext({})
    four = _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert count(i.grades[*]) == 4\n message "m"')
    assert four({"grades": {"优": "a", "良": "b", "中": "c", "差": "d"}}, document) is True
    assert four({"grades": ["a", "b", "c", "d"]}, document) is True
    assert four({"grades": {"优": "a"}}, document) is False
    for absent in ({}, {"grades": "四档"}):  # no list or mapping to open: the reference run is not applicable
        with pytest.raises(Missing):
            four(absent, document)
