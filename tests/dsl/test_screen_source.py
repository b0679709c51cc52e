"""Screens written as Python source (dsl/screensource.py): each says, member by member, exactly what the closure screen
of the same rule (dsl/screenwriter.py, held to the reference runs by tests/dsl/test_screen.py) says — True, False or
the same exception — on the sample, the fixtures, a generated batch and fuzzed members; and the source holds no text
of a rule, is deterministic and refuses what its writer never writes."""

from __future__ import annotations

import dataclasses
import re
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
import budgetcheck.pipeline as pipeline
from budgetcheck.dsl import screen, screensource
from budgetcheck.dsl.screenwriter import FEW
from budgetcheck.dsl.errors import RuleFaultError
from budgetcheck.dsl.patterns import PatternTimeout
from budgetcheck.dsl.runtime import DocumentContext, Env, Missing, Ref, members
from budgetcheck.evaluate import _bindings, _unscreened
from budgetcheck.rules import load_pack, load_rule_file
from tests.conftest import FIXTURES, REPO, SAMPLE
from tests.dsl.test_screen import GRADES, INDICATORS, TEXTS, disclosures, tables_and_claims

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

REGISTRY = budgetcheck.load_registry()
CLOSURE = load_pack(REGISTRY, evaluator="closure")
COMPILED = load_pack(REGISTRY, evaluator="compiled")
SCREENED = [rule for rule in COMPILED.rules if rule.screen is not None or rule.inner_screen is not None]


def _says(function, *arguments) -> tuple:
    try:
        return ("passes", bool(function(*arguments)))
    except Exception as error:  # noqa: BLE001 - which exception is part of what is compared
        return ("raises", type(error).__name__)


def _closure_screens(rule):
    annotations = rule.compiler.annotations
    return screen.build(rule.rule, annotations), screen.build_inner(rule.rule, annotations)


CLOSURE_SCREENS = {rule.rule.id: _closure_screens(rule) for rule in SCREENED}


def _compared(data: dict, unread: dict | None = None, precision: dict | None = None, schema: str | None = None) -> int:
    """Every member of every screened rule's first loop, and every binding of its last loop, through both screens; and
    the members the generated sieve keeps are those evaluate._unscreened keeps with the closure screen."""
    compared = 0
    for rule in SCREENED:
        first, inner = CLOSURE_SCREENS[rule.rule.id]
        reference = CLOSURE.get(rule.rule.id)
        document = DocumentContext(data, unread, precision, schema)
        if rule.screen is not None:
            try:
                found = members(reference.bindings[0][2](Env(document)))
            except Exception:  # noqa: BLE001 - no list to screen
                found = []
            for member in found:
                if member.__class__ is Ref:
                    assert _says(rule.screen, member.value, document) == _says(first, member.value, document), (rule.rule.id, member)
                    compared += 1
            sieved, unscreened = _kept(rule.sieve, found, document), _kept(lambda found, document: _unscreened(first, found, document), found, document)
            assert sieved == unscreened, rule.rule.id
        if rule.inner_screen is not None:
            for env in _bindings(reference, Env(document)):
                if isinstance(env, Exception):
                    continue
                variables = dict(env.vars)
                member = variables[reference.bindings[-1][1]]
                generated, made = rule.inner_screen(variables, document), inner(variables, document)
                assert (generated is None) == (made is None), rule.rule.id
                if generated is not None and member.__class__ is Ref:
                    assert _says(generated, member.value, document) == _says(made, member.value, document), (rule.rule.id, member)
                    compared += 1
    return compared


def _kept(sieve, found: list, document: DocumentContext) -> tuple:
    """The members a sieve keeps (by identity), or the exception it lets through."""
    try:
        return ("kept", [id(member) for member in sieve(found, document)])
    except Exception as error:  # noqa: BLE001 - a regular expression out of time is let through, by both
        return ("raises", type(error).__name__)


def _recorded(paths, monkeypatch) -> int:
    """The documents as the pipeline hands them to the rules (their parts not read, precision, schema), compared."""
    calls = []
    evaluate = pipeline.evaluate

    def recorded(rules, data, context):
        calls.append((data, context.unread, context.precision, context.schema))
        return evaluate(rules, data, context)

    monkeypatch.setattr(pipeline, "evaluate", recorded)
    for path in paths:
        pipeline.check_path(path, REGISTRY, pack=COMPILED)
    return sum(_compared(*call) for call in calls)


def test_generated_screens_say_what_the_closure_screens_say_on_the_sample_and_the_fixtures(monkeypatch):
    files = [SAMPLE, *sorted(path for path in FIXTURES.rglob("*") if path.is_file() and path.suffix in (".yaml", ".json", ".txt"))]
    assert _recorded(files, monkeypatch) > 1_000


def test_generated_screens_say_what_the_closure_screens_say_on_a_generated_batch(tmp_path, monkeypatch):
    generate.generate(40, tmp_path, seed=21, error_share=0.5, corrupt=0)
    assert _recorded(sorted(tmp_path.glob("doc-*")), monkeypatch) > 10_000


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.one_of(disclosures(), tables_and_claims()), st.sampled_from([None, "performance", "narrative", "metadata"]))
def test_generated_screens_say_what_the_closure_screens_say_on_fuzzed_documents(data, unread):
    _compared(data, {unread: ("未读", "not read")} if unread else None)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sampled_from([rule for rule in SCREENED if rule.screen is not None]), st.one_of(TEXTS, GRADES, INDICATORS, st.none(), st.integers()))
def test_generated_screens_say_what_the_closure_screens_say_on_fuzzed_members(rule, value):
    document = DocumentContext({"metadata": {"fiscal_year": 2019, "kind": "预算"}, "duties": {"items": [{"number": 1, "name": "完成率"}]}})
    assert _says(rule.screen, value, document) == _says(CLOSURE_SCREENS[rule.rule.id][0], value, document)


def _written() -> screensource.Screens:
    screens = screensource.Screens()
    for rule in COMPILED.rules:
        screens.first_level(rule.rule, rule.compiler.annotations)
        screens.last_loop(rule.rule, rule.compiler.annotations)
    return screens


def test_the_screens_source_is_deterministic_and_holds_no_text_of_a_rule():
    source = _written().source()
    assert source == _written().source()
    assert "'" not in source and '"' not in source and "#" not in source.split("\n", 1)[1]
    assert all(ord(character) < 128 for character in source)
    screensource.audit(source)
    assert len(SCREENED) >= 30 and all(rule.screen is None or rule.screen.__code__.co_filename == rule.sieve.__code__.co_filename == screensource.FILENAME for rule in SCREENED)


@pytest.mark.parametrize("foreign", ["    return K[0] == 'x'", "    return open(K[0])", "    return K[0] + 1", "    return __import__", "    return K[0]  # note"])
def test_the_audit_refuses_what_the_writer_never_writes(foreign):
    source = _written().source() + "\ndef s999(v0, document):\n" + foreign + "\n"
    with pytest.raises(RuleFaultError):
        screensource.audit(source)


@pytest.mark.parametrize(("raised", "kept"), [(PatternTimeout("(率|度)$", 1.0), None), (ValueError("?"), 1), (Missing(""), 1)])
def test_a_sieve_lets_a_pattern_out_of_time_through_and_leaves_any_other_exception_to_the_reference(monkeypatch, raised, kept):
    def search(*_arguments):
        raise raised

    monkeypatch.setitem(screensource.HELPERS, "SEARCH", search)
    rule = COMPILED.get("PERF-IND-006")
    screens = screensource.Screens()
    _screen, sieve = screens.first_level(rule.rule, rule.compiler.annotations)
    found = [Ref({"name": "完成率"}, "/i/0")]
    if kept is None:
        with pytest.raises(PatternTimeout):
            screens.load()[sieve](found, DocumentContext({}))
    else:
        assert screens.load()[sieve](found, DocumentContext({})) == found


def test_a_kept_code_object_is_used_only_with_the_shape_of_the_audited_source():
    source = _written().source()
    code = compile(source, screensource.FILENAME, "exec")
    assert screensource.sound(code, source)
    name = source.split("\ndef ", 2)[1].split("(", 1)[0]
    changed = source.replace(f"def {name}(v0, document):\n", f"def {name}(v0, document):\n    LISTDICT = K[0]\n", 1)  # a helper rebound
    assert not screensource.sound(compile(changed, screensource.FILENAME, "exec"), source)
    other = source.replace("K[1])", "K[999])", 1)  # an index the source does not hold
    assert not screensource.sound(compile(other, screensource.FILENAME, "exec"), source)
    elsewhere = compile(source, "<elsewhere>", "exec")
    assert not screensource.sound(elsewhere, source)
    assert not screensource.sound(compile(source + "\ndef s999(v0, document):\n    return v0\n", screensource.FILENAME, "exec"), source)


# -- nodes the bundled pack's screens do not use, in rules written for the test ---------------------------------------
BODIES = [
    'for i in performance.duties[*].activities[*].indicators[*]\n assert i.name starts with "完成" and not (i.name ends with "度")',
    "for d in duties.items\n assert if exists(d.standard) then d.standard ends with d.name else d.number >= 1",
    "for d in duties.items\n assert d.number < 2 within 0.5",
    'for d in duties.items\n assert (d.number > 1 and d.name == "完成") or d.name ends with "度" or (exists(d.standard) and d.standard contains d.name)',
    'for d in duties.items\n assert any i in d.indicators: i.name contains "率"',
    "for d in duties.items\n assert all i in d.indicators: not (i.name is empty)",
    "for d in duties.items\n assert duties.items[exists(it.name) and it.name != d.name] is not empty",
    "for d in duties.items\n let others = duties.items[number != d.number]\n assert none o in others: o.name == d.name",
    "for d in duties.items\n let same = duties.items[name == d.name]\n assert count(same) == 1 or (all o in same: o.number == d.number)",
    "for d in duties.items\n when d.name is not empty\n assert count(d.indicators[*]) >= 1 and d.number < 3",
    "for d in performance.duties\n for i in d.activities[*].indicators[*]\n assert i.name != d.name and exists(metadata.title)",
    "for d in duties.items\n let table = performance.duties[number == d.number][*].activities[*].indicators[*]\n for i in d.indicators\n when table is not empty\n assert table[name == i.name and name != d.name] is not empty",
    # fields of a name bound outside a loop, read once before it (the check for None staying in the loop), and `==`,
    # `!=` written as operators: one field, two fields, and loops within loops bound by each other's members
    "for d in duties.items\n when exists(d.standard)\n assert none o in duties.items[number != d.number]: d.standard contains o.name",
    "for i in performance.duties[*].activities[*].indicators[*]\n assert any o in duties.items: o.name == i.grades.优 or o.name != i.grades.差",
    "for d in duties.items\n assert all o in duties.items: any p in duties.items[number == o.number]: p.name != d.name or o.standard == d.standard",
    # what the right side of an `and` (an `or`) read, known where it is true (false): in an outer one's right side, and
    # below a `when`; fields of two, checks of a kind, an `or` within an `and` (the member read again there)
    'for i in performance.duties[*].activities[*].indicators[*]\n assert (i.grades.优 ends with "%" and i.grades.良 ends with i.grades.优) and i.grades.良 != i.grades.差',
    'for i in performance.duties[*].activities[*].indicators[*]\n assert not ((i.grades.优 contains "%" or i.grades.中 contains i.grades.优) or i.grades.中 == i.grades.差)',
    'for i in performance.duties[*].activities[*].indicators[*]\n assert (i.name ends with "率" or i.grades.优 ends with "%") and i.grades.优 != i.name',
    'for d in duties.items\n when d.number > 0 and d.name ends with "完成"\n assert d.name != d.standard and (d.number < 3 or d.name starts with d.standard)',
    "for d in performance.duties\n for i in d.activities[*].indicators[*]\n when i.name != d.name and d.number >= 1\n assert d.number < 3 and i.name ends with d.name",
    # a field of two whose first field was read before, in the same block and in blocks within it
    'for i in performance.duties[*].activities[*].indicators[*]\n assert i.grades.优 == i.grades.良 or exists(i.grades.中) or i.grades.差 contains i.grades.优',
    'for i in performance.duties[*].activities[*].indicators[*]\n assert if exists(i.grades.优) then i.grades.良 ends with "%" else i.grades.差 is empty',
    # `is empty` of a filter: stopped at the first element kept where the condition is plain and reads no root
    "for d in duties.items\n assert duties.items[number == d.number and number < 3] is not empty",
    'for d in duties.items\n assert duties.items[number == d.number and metadata.title == "标题"] is empty',
]


def _rule(tmp_path, number: int, body: str):
    """One rule of `body` (its `for`, `let`, `when` and `assert` lines), loaded as a pack loads it."""
    path = tmp_path / f"t{number}.rules"
    path.write_text(f'schema "department-disclosure/2016"\nrule T-{number:03} {{\n title "t" severity error citation "c"\n{body}\n message "m"\n}}\n', encoding="utf-8")
    (rule,) = load_rule_file(path, REGISTRY)
    return rule


def _both(tmp_path, number: int, body: str):
    rule = _rule(tmp_path, number, body)
    screens = screensource.Screens()
    first, inner = screens.first_level(rule.rule, rule.compiler.annotations), screens.last_loop(rule.rule, rule.compiler.annotations)
    functions = screens.load()
    closures = _closure_screens(rule)
    written = (
        screen.build(rule.rule, rule.compiler.annotations, functions[first[0]]) if first else None,
        screen.build_inner(rule.rule, rule.compiler.annotations, functions[inner[0]]) if inner else None,
    )
    return rule, closures, written, functions[first[1]] if first else None


def test_rules_written_for_the_test_get_generated_screens(tmp_path):
    for number, body in enumerate(BODIES):
        _rule, closures, written, _sieve = _both(tmp_path, number, body)
        assert (closures[0] is None, closures[1] is None) == (written[0] is None, written[1] is None), body
        assert written[0] is not None or written[1] is not None, body


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.integers(0, len(BODIES) - 1), disclosures(), st.sampled_from([None, "performance", "metadata"]), st.sampled_from([None, "标题"]))
def test_generated_screens_of_other_nodes_say_what_the_closure_screens_say(tmp_path_factory, number, data, unread, title):
    rule, (first, inner), (written, written_inner), sieve = _both(tmp_path_factory.mktemp("rules"), number, BODIES[number])
    if title is not None:
        data = {**data, "metadata": {"title": title}}
    document = DocumentContext(data, {unread: ("未读", "not read")} if unread else None)
    reference = dataclasses.replace(rule, screen=None, inner_screen=None)
    try:
        found = members(reference.bindings[0][2](Env(document)))
    except Exception:  # noqa: BLE001 - no list to screen
        found = []
    if written is not None:
        for member in found:
            if member.__class__ is Ref:
                assert _says(written, member.value, document) == _says(first, member.value, document), (BODIES[number], member)
        assert _kept(sieve, found, document) == _kept(lambda found, document: _unscreened(first, found, document), found, document)
    if written_inner is not None:
        for env in _bindings(reference, Env(document)):
            if isinstance(env, Exception):
                continue
            variables = dict(env.vars)
            member = variables[reference.bindings[-1][1]]
            generated, made = written_inner(variables, document), inner(variables, document)
            assert (generated is None) == (made is None)
            if generated is not None and member.__class__ is Ref:
                assert _says(generated, member.value, document) == _says(made, member.value, document), (BODIES[number], member)


MEMBERS = [
    {"name": "完成率", "number": 1, "standard": "提高完成率", "indicators": [{"name": "完成率"}, {"name": "完成度"}]},
    {"name": "完成", "number": 2, "standard": "完成", "indicators": [{"name": ""}, {}]},
    {"name": "满意度", "number": Decimal("1.6"), "indicators": []},
    {"name": "完成度", "number": "2", "indicators": "无"},
    {"name": None, "number": 3},
    {"activities": [{"indicators": [{"name": "完成率"}, {"name": "满意度"}]}], "number": 1, "name": "完成率"},
    {},
    "完成率",
    None,
    [1],
]
MEMBER_DOCUMENT = {
    "metadata": {"title": "标题"},
    "duties": {"items": MEMBERS[:6]},
    "performance": {"duties": [{"number": 1, "name": "完成", "activities": [{"indicators": [{"name": "完成率"}]}]}, {"number": 2, "activities": "无"}]},
}


@pytest.mark.parametrize("number", range(len(BODIES)))
def test_generated_screens_of_other_nodes_say_what_the_closure_screens_say_on_chosen_members(tmp_path, number):
    _rule, (first, _inner), (written, _written_inner), sieve = _both(tmp_path, number, BODIES[number])
    for unread in (None, {"metadata": ("未读", "not read")}):
        document = DocumentContext(MEMBER_DOCUMENT, unread)
        for value in MEMBERS if written is not None else ():
            assert _says(written, value, document) == _says(first, value, document), (BODIES[number], value)
        found = [Ref(value, f"/m/{position}") for position, value in enumerate(MEMBERS * 2)]  # each member after each other
        if written is not None:
            assert _kept(sieve, found, document) == _kept(lambda found, document: _unscreened(first, found, document), found, document)


def _screen_source(tmp_path, number: int, body: str) -> tuple:
    """The screens of a rule of `body` (its first loop's) and their Python source."""
    rule = _rule(tmp_path, number, body)
    screens = screensource.Screens()
    assert screens.first_level(rule.rule, rule.compiler.annotations)
    return screens, screens.source()


def test_a_first_field_read_before_is_not_read_again(tmp_path):
    """`i.grades.优 == i.grades.良 or exists(i.grades.中) …`: each screen function reads `i.grades` from `i` once, the
    other fields from what that read gave (the same value: the document does not change while a screen runs)."""
    screens, source = _screen_source(tmp_path, 999, BODIES[-4])
    grades = f"K[{screens.constants.index('grades')}]"
    for function in source.split("\ndef ")[1:]:
        assert function.count(f"v0.get({grades})") == 1, function


def test_what_the_right_side_of_an_and_read_is_not_read_again_where_the_and_is_true(tmp_path):
    """`(优 ends with "%" and 良 ends with 优) and 良 != 差` reads 良 once, and `(… or 中 contains 优) or 中 == 差` 中 once,
    in each screen function (the outcomes against the closure screens: BODIES above)."""
    for body, field in ((BODIES[-9], "良"), (BODIES[-8], "中")):
        screens, source = _screen_source(tmp_path, 998, body)
        read = f".get(K[{screens.constants.index(field)}])"
        for function in source.split("\ndef ")[1:]:
            assert function.count(read) == 1, function


def test_a_field_of_a_name_bound_outside_a_loop_is_read_before_it_and_checked_in_it(tmp_path):
    """`none o in duties.items[number != d.number]: d.standard contains o.name`: `d.number` and `d.standard` are read
    from `d` once, each on the line before the loop that reads it (the filter's, the quantifier's), and checked for
    None in the loop where they were read; `!=` is the operator, not a call. The outcomes against the closure screens:
    BODIES above, and the pack's PERF-STD-001 on the generated batch."""
    body = "for d in duties.items\n when exists(d.standard)\n assert none o in duties.items[number != d.number]: d.standard contains o.name"
    rule = _rule(tmp_path, 996, body)
    screens = screensource.Screens()
    assert screens.first_level(rule.rule, rule.compiler.annotations)
    for field in ("number", "standard"):
        read = f"= v0.get(K[{screens.constants.index(field)}])"
        for function in screens.source().split("\ndef ")[1:]:
            lines = function.split("\n")
            inside = [position for position, line in enumerate(lines) if read in line and "for " in lines[position + 1]]
            assert len(inside) == 1, (field, function)
            header = lines[inside[0] + 1]
            assert header.startswith(lines[inside[0]][: len(lines[inside[0]]) - len(lines[inside[0]].lstrip())] + "for "), function
            assert sum(read in line for line in lines if field == "number") <= 1 + (field == "standard"), function
            assert " != " in function and "F[" not in function.split("for ", 1)[1].split("\n", 2)[1], function


def test_a_sieve_reads_the_documents_fields_once_before_its_loop_over_the_members(tmp_path):
    """`duties.items[…]` read by each member's statements: a sieve (k, p) reads it once before its loop over the
    members, and each member's statements check the parts not read, then raise Missing where the read did; a screen of
    one member (s) reads it in place. The kept members against the closure screens: BODIES above (with parts not read)."""
    body = "for d in duties.items\n assert duties.items[number == d.number and name != d.name] is empty"
    rule = _rule(tmp_path, 995, body)
    screens = screensource.Screens()
    assert screens.first_level(rule.rule, rule.compiler.annotations)
    screens.plain_sieve(rule.rule, rule.compiler.annotations)
    for function in screens.source().split("\ndef ")[1:]:
        lines = function.split("\n")
        reads = [position for position, line in enumerate(lines) if "DOWN(document.root" in line]
        assert len(reads) == 1, function
        if function[0] == "s":
            assert "raise Undecided()" in lines[reads[0] - 1], function
            continue
        loop = next(position for position, line in enumerate(lines) if line.lstrip().startswith("for ") and "(found)" in line or " in found:" in line)
        assert reads[0] < loop and lines[reads[0] + 1] == "    except Missing:", function
        assert "if document.unread is not None" in "\n".join(lines[loop:]), function


FEW_BODIES = [  # a filter's equality on a stable list of the document: its plain condition, then one with a pattern
    "for d in duties.items\n assert duties.items[number == d.number and name != d.name] is empty",
    'for d in duties.items\n assert duties.items[number == d.number and name matches "率$"] is empty',
]
FEW_VALUES = [1, Decimal("1"), 1.0, "1", 2, [1], None, True]


@pytest.mark.parametrize("size", [0, 1, 2, FEW - 1, FEW, FEW + 1, 2 * FEW + 3])
def test_a_list_of_a_few_elements_is_read_whole_only_under_a_plain_condition_and_keeps_what_its_bucket_keeps(tmp_path, size):
    """A plain condition (screenbody._plain) reads a list of at most FEW elements whole, not through its bucket, and its
    sieve keeps exactly the members the closure screen's (which always goes through the bucket) keeps, whatever the
    numbers (equal values of other types, one that cannot be looked up, one absent); a condition with a pattern, which
    could run out of time on an element outside the bucket, keeps to the bucket."""
    for number, body in enumerate(FEW_BODIES):
        rule, (first, _inner), (written, _written_inner), sieve = _both(tmp_path, 100 + number, body)
        assert written is not None
        screens = screensource.Screens()
        screens.first_level(rule.rule, rule.compiler.annotations)
        assert ("FEW_SIZES" in screens.source()) == (number == 0), body
        items = [{"number": FEW_VALUES[(size + position) % len(FEW_VALUES)], "name": "完成率" if position % 3 else "完成"} for position in range(size)]
        document = DocumentContext({"duties": {"items": items}})
        found = [Ref(item, f"/duties/items/{position}") for position, item in enumerate(items)]
        assert _kept(sieve, found, document) == _kept(lambda found, document: _unscreened(first, found, document), found, document), (body, size)
        for item in items:
            assert _says(written, item, document) == _says(first, item, document), (body, item)


def test_the_other_side_of_a_filters_equality_is_read_once_not_again_per_element(tmp_path):
    """`table[name == i.name]` over a list of the document: `i.name`, worked out for the bucket, is not read again in
    the loop over the elements (the loop runs only where it was worked out whole); the closure screen, which reads it
    per element, says the same of every member (BODIES and FEW_BODIES above)."""
    body = "for d in duties.items\n assert duties.items[number == d.number and name != d.name] is empty"
    rule = _rule(tmp_path, 998, body)
    screens = screensource.Screens()
    assert screens.first_level(rule.rule, rule.compiler.annotations)
    number = f"K[{screens.constants.index('number')}]"
    for function in screens.source().split("\ndef ")[1:]:
        assert function.count(f"v0.get({number})") == 1, function


@pytest.mark.parametrize(
    ("condition", "stops"),
    [("number == d.number and number < 3", True), ('number == d.number and metadata.title == "标题"', False), ('number == d.number and name matches "率$"', False)],
)
def test_is_empty_of_a_filter_stops_at_its_first_element_only_where_nothing_after_it_could_change_the_outcome(tmp_path, condition, stops):
    """The loop over a filter's elements under `is empty` breaks at the first one kept where the condition is plain and
    reads no root; with a root read (a part not read: the reference's say) or a pattern (a time limit), it reads them
    all. The outcomes against the closure screens: BODIES above."""
    body = f"for d in duties.items\n assert duties.items[{condition}] is not empty"
    rule = _rule(tmp_path, 997, body)
    screens = screensource.Screens()
    assert screens.first_level(rule.rule, rule.compiler.annotations)
    assert bool(re.search(r"\.append\(v[0-9]+\)\n *break\n", screens.source())) == stops, screens.source()
