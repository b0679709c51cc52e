"""A filter of strings by `matches` (`prose()[it matches "…"]`) taken by the compiled evaluator in one loop of the
formula's tester (dsl/textonce.filtered) keeps exactly the elements the reference filter (compile.Compiler._filter)
keeps, in order, and leaves to it whatever it cannot decide: an element not a string, a pattern out of time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import textonce
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref
from budgetcheck.rules import load_rule_file

REGISTRY = budgetcheck.load_registry()

# a let per formula shape: `matches` (with anchors, a class of spaces, a literal it needs), `not`, `and`, `or`
LETS = [
    'duties.items[*].name[it matches "^\\\\s*[一二（(\\\\d]{1,3}[、.)）]?\\\\s*单位(?:概况|职责)"]',
    'duties.items[*].name[not (it matches "率$")]',
    'duties.items[*].name[it matches "单位" and not (it matches "^本")]',
    'duties.items[*].name[it matches "。$" or it matches "a+b"]',
    'duties.items[*].standard[it matches "[本我]单位"]',
]
NAMES = st.one_of(
    st.text(alphabet="一二（(1)、.单位概况职责本率。ab \u3000\n\x00", max_size=12),
    st.sampled_from(["一、单位概况", " (1) 单位职责", "本单位", "完成率", "单位。", "aab"]),
    st.integers(0, 3),  # not a string: the reference leaves it out, the route gives the list back to it
)


@pytest.fixture(scope="module")
def rules(tmp_path_factory) -> list:
    folder = tmp_path_factory.mktemp("rules")
    out = []
    for number, let in enumerate(LETS):
        path = folder / f"t{number}.rules"
        body = f"for d in duties.items\n let found = {let}\n assert count(found) == 0"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-{number:03} {{\n title "t" severity error citation "c"\n{body}\n message "m"\n}}\n', encoding="utf-8")
        (rule,) = load_rule_file(path, REGISTRY)
        out.append(rule)
    return out


def _kept(filter_, document: DocumentContext) -> object:
    try:
        return [(ref.pointer, ref.value) for ref in filter_(Env(document))]
    except Exception as error:  # noqa: BLE001 - both must fail alike
        return type(error)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.integers(0, len(LETS) - 1), st.lists(st.tuples(NAMES, NAMES), max_size=8))
def test_the_route_keeps_exactly_what_the_reference_filter_keeps(rules, number, items):
    rule = rules[number]
    expr = rule.rule.bindings[1].expr
    reference, routed = rule.compiler.compile(expr), rule.compiler.routed(textonce.filtered).compile(expr)
    assert routed is not reference
    data = {"duties": {"items": [{"name": name, "standard": standard} for name, standard in items]}}
    assert _kept(routed, DocumentContext(data)) == _kept(reference, DocumentContext(data))


def test_a_filter_of_another_condition_or_with_a_first_element_taken_keeps_the_reference(rules):
    compiler = rules[0].compiler.routed(textonce.filtered)
    calls = []
    assert textonce.filtered(rules[0].rule.bindings[1].expr, lambda env: [], lambda env: calls.append(1)) is not None
    for other in (textonce.ast.Compare("==", textonce.ast.Item(), textonce.ast.String("a")), textonce.ast.Predicate("contains", textonce.ast.Item(), textonce.ast.String("a"))):
        node = textonce.ast.Subscript(rules[0].rule.bindings[1].expr.obj, other)
        assert textonce.filtered(node, lambda env: [], lambda env: []) is None
    assert compiler.filter_route is not None and rules[0].compiler.filter_route is None  # the reference's stays without


def test_a_pattern_out_of_time_gives_the_filter_back_to_the_reference(rules, monkeypatch):
    def out_of_time(_pattern):
        def test(_text, _document):
            raise TimeoutError

        return test

    monkeypatch.setattr(textonce, "_matches", out_of_time)
    expr = rules[0].rule.bindings[1].expr
    routed = rules[0].compiler.routed(textonce.filtered).compile(expr)
    data = {"duties": {"items": [{"name": "一、单位概况"}, {"name": "其他"}]}}
    assert _kept(routed, DocumentContext(data)) == [("/duties/items/0/name", "一、单位概况")]


def test_strings_are_chosen_by_the_route_itself(rules):
    def reference(_env):
        raise AssertionError("the route decides a list of strings itself")

    refs = [Ref(text, f"/t/{at}") for at, text in enumerate(["一、单位概况", "单位概况", "(2)单位职责", "二 单位概况。"])]
    chosen = textonce.filtered(rules[0].rule.bindings[1].expr, lambda env: refs, reference)
    assert chosen(Env(DocumentContext({}))) == [refs[0], refs[2], refs[3]]  # `{1,3}` of a numeral needs one


def test_the_pack_s_filter_by_a_pattern_takes_the_route_in_the_compiled_pack_only():
    from tests.dsl.test_compiled_outcomes import CLOSURE, COMPILED  # the packs that module loads anyway

    (reference,) = (rule for rule in CLOSURE.rules if rule.rule.id == "TXT-SELF-001")
    (generated,) = (rule for rule in COMPILED.rules if rule.rule.id == "TXT-SELF-001")
    assert reference.compiler.filter_route is None
    data = {"other_matters": {"text": "一、单位基本情况"}, "metadata": {"title": "某局2024年部门预算"}}
    for rule in (reference, generated):
        document = DocumentContext(data, schema="department-disclosure/2016")
        assert rule.bindings[1][2](Env(document)) == 1
