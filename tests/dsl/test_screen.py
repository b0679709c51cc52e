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
    assert all(rule.screen is None and rule.inner_screen is None for rule in CLOSURE.rules)


def test_rules_over_list_members_get_screens_and_others_do_not():
    assert {"PERF-IND-001", "PERF-IND-002", "PERF-IND-003", "PERF-IND-004", "PERF-IND-005", "TXT-PAIR-001", "TXT-PUNCT-002", "TXT-PCT-001"} <= set(SCREENED)
    # a let over a filter of the root then a second `for`; a quantifier over a filter of the root; a filter of the root
    assert {"BUD-X-006", "BUD-X-007", "PERF-STD-001", "BUD-X-005"} <= set(SCREENED)
    assert {rule.rule.id for rule in COMPILED.rules if rule.inner_screen is not None} >= {"BUD-X-006", "BUD-X-007"}
    assert "BUD-EXP-001" not in SCREENED  # no `for` at all


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


def test_a_walk_from_the_document_root_gets_no_screen_and_fields_of_the_root_are_read_as_the_reference_reads_them(tmp_path):
    assert _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert count(performance.duties[*]) == 4\n message "m"') is None
    titled = _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert i.name != metadata.title\n message "m"')
    assert titled({"name": "a"}, DocumentContext({"metadata": {"title": "b"}})) is True
    assert titled({"name": "b"}, DocumentContext({"metadata": {"title": "b"}})) is False
    with pytest.raises(Missing):
        titled({"name": "a"}, DocumentContext({"metadata": {}}))
    # a part not read: the reference run is not applicable (Unread), which nothing in the screen may take for an absence
    unread = DocumentContext({"metadata": {"title": "b"}}, unread={"performance": ("未读", "not read")})
    with pytest.raises(screen._Undecided):
        titled({"name": "a"}, unread)


def test_a_wildcard_of_the_member_reads_as_the_reference_reads_it(tmp_path):
    document = DocumentContext({})
    four = _screen_of(tmp_path, 'for i in performance.duties[*].activities[*].indicators[*]\n assert count(i.grades[*]) == 4\n message "m"')
    assert four({"grades": {"优": "a", "良": "b", "中": "c", "差": "d"}}, document) is True
    assert four({"grades": ["a", "b", "c", "d"]}, document) is True
    assert four({"grades": {"优": "a"}}, document) is False
    for absent in ({}, {"grades": "四档"}):  # no list or mapping to open: the reference run is not applicable
        with pytest.raises(Missing):
            four(absent, document)


# -- filters, quantifiers, exists and a second loop: whole documents, member by member ---------------------------------

NUMBERS = st.sampled_from([1, 2, 1, 2, 3, "1", None, [1]])
NAMES = st.sampled_from(["完成率", "满意度", "及时率", "党建", "完成率", "满意度", ""])
INDICATOR_LISTS = st.one_of(st.lists(st.one_of(st.fixed_dictionaries({"name": NAMES}), st.just({}), st.just({"name": None})), max_size=4), st.just("无"), st.just({}))


def _maybe(draw, key, strategy, into):
    value = draw(st.one_of(st.just(None), strategy))
    if value is not None:
        into[key] = value


@st.composite
def disclosures(draw):
    """Part one's duties and the performance table, drawn to agree, disagree, miss fields or hold the wrong types."""
    items = []
    for _ in range(draw(st.integers(0, 4))):
        item: dict = {}
        _maybe(draw, "number", NUMBERS, item)
        _maybe(draw, "name", NAMES, item)
        _maybe(draw, "indicators", INDICATOR_LISTS, item)
        _maybe(draw, "standard", st.sampled_from(["达到完成率90%为优", "党建工作", "", "满意度", "其他"]), item)
        items.append(item)
    duties = []
    for _ in range(draw(st.integers(0, 4))):
        duty: dict = {}
        _maybe(draw, "number", NUMBERS, duty)
        _maybe(draw, "name", NAMES, duty)
        _maybe(draw, "activities", st.one_of(st.lists(st.fixed_dictionaries({}, optional={"indicators": INDICATOR_LISTS}), max_size=3), st.just("无")), duty)
        duties.append(duty)
    data: dict = {"metadata": {}}
    if draw(st.booleans()) or items:
        data["duties"] = draw(st.sampled_from([{"items": items}, {"items": items}, {"items": items}, {}, {"items": "无"}]))
    if draw(st.booleans()) or duties:
        data["performance"] = draw(st.sampled_from([{"duties": duties}, {"duties": duties}, {"duties": duties}, {}, {"duties": "无"}]))
    return data


SHAPES = ["BUD-X-005", "BUD-X-006", "BUD-X-007", "PERF-STD-001"]


def _runs(rule_id: str, data: dict, unread: dict | None = None):
    """Each run of the reference closures (its Env, its outcome) and, per member of the first loop, that member's
    outcomes alone: what the screens of `rule_id` are held to."""
    from budgetcheck.evaluate import _bindings, _run
    from budgetcheck.dsl.runtime import Env, members

    reference = CLOSURE.get(rule_id)
    document = DocumentContext(data, unread)
    kind, name, source = reference.bindings[0]
    try:
        found = members(source(Env(document)))
    except Exception:  # noqa: BLE001 - the first loop's source itself is absent: no member to screen
        found = []
    for member in found:
        one = dataclasses.replace(reference, bindings=((kind, name, lambda env, member=member: RefList([member])), *reference.bindings[1:]))
        findings: list = []
        skipped: list = []
        run_rule(one, DocumentContext(data, unread), findings, skipped)
        yield "member", member, bool(findings or skipped)
    if reference.inner_screen is None and COMPILED.get(rule_id).inner_screen is not None:
        for env in _bindings(reference, Env(document)):
            if isinstance(env, Exception):
                continue
            inner = env.vars[reference.bindings[-1][1]]
            yield "inner", (dict(env.vars), inner), _run(reference, env) is not None


def _held(rule_id: str, data: dict, unread: dict | None = None) -> tuple[int, int]:
    """Every run the screens of `rule_id` skip gives nothing in the reference; (runs skipped, runs with an outcome)."""
    compiled = COMPILED.get(rule_id)
    skipped = outcomes = 0
    for level, member, outcome in _runs(rule_id, data, unread):
        document = DocumentContext(data, unread)
        try:
            if level == "member":
                says = compiled.screen(member.value, document)
            else:
                variables, inner = member
                prepared = compiled.inner_screen(variables, document)
                says = prepared is not None and inner.__class__ is Ref and prepared(inner.value, document)
        except Exception:  # noqa: BLE001 - the reference decides
            says = False
        assert not (says and outcome), f"{rule_id} {level} screen skipped a run with an outcome: {member!r} in {data!r}"
        skipped += bool(says)
        outcomes += outcome
    return skipped, outcomes


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(SHAPES), disclosures(), st.booleans())
def test_screens_of_filters_quantifiers_and_second_loops_skip_only_runs_the_reference_passes(rule_id, data, unread):
    _held(rule_id, data, {"performance": ("未读", "not read")} if unread else None)


def _duty(number, indicators, standard=None):
    item = {"number": number, "name": f"职责{number}", "indicators": [{"name": name} for name in indicators]}
    if standard is not None:
        item["standard"] = standard
    return item


def _table(number, indicators):
    return {"number": number, "name": f"职责{number}", "activities": [{"indicators": [{"name": name} for name in indicators]}]}


AGREE = {"duties": {"items": [_duty(1, ["完成率"]), _duty(2, ["满意度", "及时率"])]}, "performance": {"duties": [_table(1, ["完成率"]), _table(2, ["及时率", "满意度"])]}}


@pytest.mark.parametrize(
    ("rule_id", "data", "unread", "skipped", "outcomes"),
    [
        ("BUD-X-006", AGREE, None, 2 + 3, 0),  # both duties, and all three indicators (the inner screen)
        ("BUD-X-007", AGREE, None, 2 + 3, 0),
        ("BUD-X-005", AGREE, None, 2, 0),
        # a finding: duty 2 lists 及时率, which its row of the table lacks; duty 1 is still skipped
        ("BUD-X-006", {**AGREE, "performance": {"duties": [_table(1, ["完成率"]), _table(2, ["满意度"])]}}, None, 1 + 2, 2),
        # an empty table: `when table is not empty` is false, nothing to report, skipped
        ("BUD-X-006", {**AGREE, "performance": {"duties": [_table(1, []), _table(2, [])]}}, None, 2 + 3, 0),
        # no row for duty 2: BUD-X-005's finding, not skipped
        ("BUD-X-005", {**AGREE, "performance": {"duties": [_table(1, ["完成率"])]}}, None, 1, 1),
        # a Missing: duty 2 has no indicators list, the reference run is not applicable
        ("BUD-X-006", {**AGREE, "duties": {"items": [_duty(1, ["完成率"]), {"number": 2, "name": "职责2"}]}}, None, 1 + 1, 1),
        # a let that cannot be computed: a row's activities are text, which `[*]` cannot open
        ("BUD-X-006", {**AGREE, "performance": {"duties": [_table(1, ["完成率"]), {"number": 2, "activities": "无"}]}}, None, 1 + 1, 1),
        # a part not read: every run the reference's Unread makes not applicable goes to it
        ("BUD-X-006", AGREE, {"performance": ("未读", "not read")}, 0, 2),
        ("PERF-STD-001", {"duties": {"items": [_duty(1, [], "达到完成率90%为优"), _duty(2, [], "职责1的内容")]}}, None, 1, 1),
    ],
)
def test_the_new_screens_skip_passing_runs_and_leave_findings_absences_and_unread_parts_to_the_reference(rule_id, data, unread, skipped, outcomes):
    assert _held(rule_id, {"metadata": {}, **data}, unread) == (skipped, outcomes)


def test_an_inner_screen_is_not_made_where_its_let_is_not_a_list_the_reference_opens_alike():
    prepare = COMPILED.get("BUD-X-006").inner_screen
    document = DocumentContext({})
    assert prepare({"d": Ref({}, "/d"), "table": Ref([{"name": "完成率"}], "/t")}, document) is None  # a Ref's list: not a filter's or a [*]'s
    held = prepare({"d": Ref({}, "/d"), "table": RefList([Ref({"name": "完成率"}, "/t/0")])}, document)
    assert held({"name": "完成率"}, document) is True
    assert held({"name": "满意度"}, document) is False
    assert held({}, document) is False  # no name: the filter keeps nothing, the reference run reports it


CODES = st.sampled_from(["201", "20101", "2010101", "2080505", "999", "30101", 201, "", None])
YEARS = st.sampled_from([2019, 2024, 2010, "2019", None])


@st.composite
def tables_and_claims(draw):
    """Tables with coded rows and narrative claims with years, amounts and completion rates, drawn loose."""
    tables: dict = {}
    for name in draw(st.lists(st.sampled_from(["expenditure_summary", "general_budget_expenditure", "basic_expenditure"]), max_size=3, unique=True)):
        rows = draw(st.one_of(st.lists(st.fixed_dictionaries({}, optional={"code": CODES, "total": st.integers(0, 9)}), max_size=4), st.just("无")))
        tables[name] = draw(st.sampled_from([{"rows": rows}, {"rows": rows}, {}]))
    claims = draw(
        st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "year": YEARS,
                    "base_year": YEARS,
                    "completion_percent": st.sampled_from([99, 100, 101, "百"]),
                    "plan_direction": st.sampled_from(["超过", "低于", "等于", 3]),
                    "classification": st.fixed_dictionaries({}, optional={"code": CODES, "name": st.sampled_from(["一般公共服务支出", "人大事务", "行政运行", ""])}),
                },
            ),
            max_size=4,
        )
    )
    metadata: dict = {}
    _maybe(draw, "fiscal_year", YEARS, metadata)
    return {"metadata": metadata, "tables": tables, "narrative": {"claims": claims}}


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(["TAB-CODE-001", "CLM-YEAR-002", "CLM-GEN-003", "CLM-CLS-001"]), tables_and_claims(), st.booleans())
def test_screens_of_a_loop_over_a_loop_and_of_claims_with_the_root_skip_only_runs_the_reference_passes(rule_id, data, unread):
    _held(rule_id, data, {"narrative": ("未读", "not read")} if unread else None)


@pytest.mark.parametrize(
    ("rule_id", "data", "unread", "skipped", "outcomes"),
    [
        # 99 % yet 超过: a finding; 百: not a number, not applicable; 101 % and 超过: skipped
        ("CLM-GEN-003", {"narrative": {"claims": [{"completion_percent": 99, "plan_direction": "超过"}, {"completion_percent": "百", "plan_direction": "超过"}, {"completion_percent": 101, "plan_direction": "超过"}]}}, None, 1, 2),
        # a year that is not the document's: a finding; the document's: skipped; metadata not read: to the reference
        ("CLM-YEAR-002", {"metadata": {"fiscal_year": 2019}, "narrative": {"claims": [{"year": 2018, "base_year": 2017}, {"year": 2019, "base_year": 2018}]}}, None, 1, 1),
        ("CLM-YEAR-002", {"metadata": {"fiscal_year": 2019}, "narrative": {"claims": [{"year": 2019, "base_year": 2018}]}}, {"metadata": ("未读", "not read")}, 0, 1),
        # rows of one table: a listed code skipped (and its table); an unlisted one reported, its table not skipped
        ("TAB-CODE-001", {"metadata": {"fiscal_year": 2019}, "tables": {"expenditure_summary": {"rows": [{"code": "201"}]}}}, None, 1 + 1, 0),
        ("TAB-CODE-001", {"metadata": {"fiscal_year": 2019}, "tables": {"expenditure_summary": {"rows": [{"code": "201"}, {"code": "999"}]}}}, None, 1, 1 + 1),
    ],
)
def test_screens_of_claims_and_of_a_loop_over_a_loop_leave_findings_and_unread_parts_to_the_reference(rule_id, data, unread, skipped, outcomes):
    assert _held(rule_id, {"metadata": {}, **data}, unread) == (skipped, outcomes)
