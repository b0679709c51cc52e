"""The rule language end to end: text -> parse -> static check -> closures -> findings on a document."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

import pytest

from budgetcheck.dsl.errors import RuleCheckError, RuleSyntaxError
from budgetcheck.evaluate import evaluate
from budgetcheck.rules import load_rule_file
from tests.conftest import REPO


@pytest.fixture
def run(tmp_path, registry, minimal):
    counter = iter(range(1000))

    def run(body: str, data: dict | None = None, **changes):
        path = tmp_path / f"r{next(counter)}.rules"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{body}\n}}\n', encoding="utf-8")
        rules = load_rule_file(path, registry)
        document = copy.deepcopy(minimal if data is None else data)
        for dotted, value in changes.items():
            *parents, last = dotted.split("__")
            node = document
            for part in parents:
                node = node[int(part)] if isinstance(node, list) else node[part]
            if value is None:
                del node[last]
            else:
                node[last] = value
        return evaluate(rules, document)

    return run


def test_an_identity_that_holds_gives_no_finding(run):
    findings, skipped = run('assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total\n message "m"')
    assert findings == [] and skipped == []


def test_a_broken_identity_reports_every_value_it_read_and_the_difference(run):
    findings, _ = run(
        'assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total\n'
        ' message "{overview.expenditure.basic.total} + {overview.expenditure.project.total} = {left} ≠ {right}，差 {abs(diff)}"',
        overview__expenditure__total=Decimal("10.01"),
    )
    assert len(findings) == 1
    assert findings[0].paths == ("/overview/expenditure/basic/total", "/overview/expenditure/project/total", "/overview/expenditure/total")
    assert findings[0].message_zh == "6.00 + 4.00 = 10.00 ≠ 10.01，差 0.01"


def test_money_equality_is_exact_decimal_not_float(run):
    data_change = {"operating_costs__items__0__amount": Decimal("0.1"), "operating_costs__items__1__amount": Decimal("0.2"), "operating_costs__total": Decimal("0.3")}
    findings, _ = run('assert sum(operating_costs.items[*].amount) == operating_costs.total\n message "m"', **data_change)
    assert findings == []


def test_within_tolerates_the_stated_amount_and_no_more(run):
    body = 'assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total within 0.01\n message "m"'
    assert run(body, overview__expenditure__total=Decimal("10.01"))[0] == []
    assert len(run(body, overview__expenditure__total=Decimal("10.02"))[0]) == 1


def test_rounded_allows_half_a_unit_of_the_last_printed_digit_per_figure_read(run):
    # three figures printed to 0.01 are read, so the intervals meet while the difference is at most 0.015
    body = 'assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total rounded\n message "m"'
    assert run(body, overview__expenditure__total=Decimal("10.01"))[0] == []
    assert len(run(body, overview__expenditure__total=Decimal("10.02"))[0]) == 1


def test_rounded_reads_each_figures_precision_from_its_digits(run):
    # 6 and 4 printed as whole numbers stand for ±0.5 each: the sum 10 meets 10.90 (±0.005), not 11.10
    body = 'assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total rounded\n message "m"'
    whole = {"overview__expenditure__basic__total": Decimal(6), "overview__expenditure__project__total": Decimal(4)}
    assert run(body, overview__expenditure__total=Decimal("10.90"), **whole)[0] == []
    assert len(run(body, overview__expenditure__total=Decimal("11.10"), **whole)[0]) == 1


def test_half_unit_is_half_the_last_printed_digit_and_exact_inside_rounded(run):
    # 13.2 printed to 0.1: half_unit 0.05, so 13.2 + half_unit(13.2) stands for 13.2–13.3 (cut off), not 13.2–13.35
    body = 'assert overview.expenditure.total + half_unit(overview.expenditure.total) == overview.income.total rounded\n message "m"'
    assert run(body, overview__expenditure__total=Decimal("13.2"), overview__income__total=Decimal("13.2999"))[0] == []
    assert len(run(body, overview__expenditure__total=Decimal("13.2"), overview__income__total=Decimal("13.3100"))[0]) == 1
    assert len(run(body, overview__expenditure__total=Decimal("13"), overview__income__total=Decimal("14.0100"))[0]) == 1
    assert run(body, overview__expenditure__total=Decimal("13"), overview__income__total=Decimal("13.9900"))[0] == []
    value = 'assert half_unit(overview.expenditure.total) == 0.005\n message "m"'
    assert run(value, overview__expenditure__total=Decimal("13.24"))[0] == []
    assert len(run(value, overview__expenditure__total=Decimal("13.2"))[0]) == 1


def test_a_printed_zero_is_exact(run):
    body = 'assert overview.expenditure.basic.total + overview.expenditure.project.total == overview.expenditure.total rounded\n message "m"'
    assert len(run(body, overview__expenditure__basic__total=Decimal(0), overview__expenditure__total=Decimal("4.02"))[0]) == 1


def test_a_figure_stated_again_must_agree_at_the_coarser_precision_not_within_the_sum_of_both(run):
    body = 'assert overview.income.total == overview.expenditure.total rounded\n message "m"'
    assert len(run(body, overview__income__total=Decimal("10.01"))[0]) == 1  # both to 0.01: printed alike or not at all
    assert run(body, overview__income__total=Decimal("10.0"))[0] == []  # 10.0 (±0.05) holds 10.00


def test_rounded_scales_an_interval_with_the_figure(run):
    # 10.00 万元 converted to 元 is 100,000 ± 50 元: 100,049 元 meets it, 100,051 元 does not
    body = 'assert overview.expenditure.total * 10000 == overview.income.total rounded\n message "m"'
    assert run(body, overview__income__total=Decimal(100049))[0] == []  # whole 元: ±0.5
    assert len(run(body, overview__income__total=Decimal("100051.00"))[0]) == 1


def test_a_percentage_passes_within_the_interval_its_own_digits_and_the_amounts_allow(run):
    # 4.00 of 10.00 is 40 %: 40.0 and 40 pass, 40.3 (±0.05) does not; 6 (±0.5) of 10.00 is 55–65 %: 60.4 passes
    body = 'assert overview.income.other == overview.expenditure.project.total / overview.expenditure.total * 100 rounded\n message "m"'
    assert run(body, overview__income__other=Decimal("40.0"))[0] == []
    assert run(body, overview__income__other=Decimal(40))[0] == []
    assert len(run(body, overview__income__other=Decimal("40.3"))[0]) == 1
    assert run(body, overview__income__other=Decimal("60.4"), overview__expenditure__project__total=Decimal(6))[0] == []


def test_extraction_precision_of_a_converted_figure_decides_over_its_digits(registry, minimal, tmp_path):
    """839万元 held in 元 is 8,390,000 with its last printed digit at 10^4 元: ±5,000 元, whatever its digits say."""
    from budgetcheck.dsl.runtime import DocumentContext

    path = tmp_path / "p.rules"
    path.write_text('schema "department-disclosure/2016"\nrule T-001 {\n title "t" severity error citation "c"\n'
                    'assert overview.income.total == overview.expenditure.total rounded\n message "m"\n}\n', encoding="utf-8")  # fmt: skip
    rules = load_rule_file(path, registry)
    document = copy.deepcopy(minimal)
    document["overview"]["income"]["total"] = Decimal(8390000)
    document["overview"]["expenditure"]["total"] = Decimal("8394321.00")
    assert len(evaluate(rules, document)[0]) == 1
    context = DocumentContext(document, precision={"/overview/income/total": 4})
    assert evaluate(rules, document, context)[0] == []


def test_an_absent_input_makes_the_rule_not_applicable_with_its_pointer(run):
    findings, skipped = run('assert overview.change.total == 0\n message "m"')
    assert findings == []
    assert [(s.rule, s.paths) for s in skipped] == [("T-001", ("/overview/change",))]
    assert "/overview/change" in skipped[0].reason_zh


def test_missing_as_zero_makes_an_optional_addend_count_as_nought(run):
    body = 'assert overview.income.general_public_budget + (overview.income.state_capital ?? 0) == overview.income.total\n message "m"'
    findings, skipped = run(body)
    assert findings == [] and skipped == []


def test_quantifiers_nest_and_see_the_enclosing_item(run):
    body = 'assert all d in performance.duties: all a in d.activities: a.budget <= d.budget\n message "m"'
    assert run(body)[0] == []
    findings, _ = run(body, performance__duties__0__activities__0__budget=Decimal(5))
    assert findings[0].paths == ("/performance/duties/0/activities/0/budget", "/performance/duties/0/budget")


def test_any_and_none_decide_on_one_member(run):
    assert run('assert any u in organisation.units: u.name ends with "办事处"\n message "m"')[0] == []
    findings, _ = run('assert none u in organisation.units: u.name contains "街道"\n message "m"')
    assert findings[0].paths == ("/organisation/units/0/name",)


def test_a_filter_selects_items_by_their_fields(run):
    body = 'assert sum(operating_costs.items[name == "公务接待费"][*].amount) == three_public.reception\n message "{left} {right}"'
    assert run(body)[0] == []
    findings, _ = run(body, three_public__reception=Decimal("0.5"))
    assert findings[0].message_zh == "0.40 0.5"
    assert findings[0].paths == ("/operating_costs/items/1/amount", "/three_public/reception")


def test_index_and_it_inside_a_filter(run):
    assert run('assert operating_costs.items[0].name == "办公费"\n message "m"')[0] == []
    body = 'assert count(duties.items[0].indicators[*].name[it ends with "率"]) == 1\n message "m"'
    assert run(body) == ([], [])
    assert len(run(body, duties__items__0__indicators__0__name="机关正常运转保障")[0]) == 1


def test_not_if_and_quantifiers_inside_a_filter_still_see_the_item(run):
    body = 'assert count(operating_costs.items[not (name contains "接待") and (if amount > 0.5 then true else false)]) == 1\n message "m"'
    assert run(body) == ([], [])


def test_a_wildcard_over_a_mapping_gives_its_values(run):
    findings, _ = run('for g in performance.duties[*].activities[*].indicators[*].grades[*]\n assert not (g contains "%")\n message "{g}"')
    assert [f.message_zh for f in findings] == ["≧90%", "90%-80%", "80%-70%", "≦70%"]
    assert findings[0].paths == ("/performance/duties/0/activities/0/indicators/0/grades/优",)


def test_let_and_if_then_else(run):
    body = 'let basic = overview.expenditure.basic.total\n assert (let twice = basic * 2 in if twice > 10 then twice == 12.00 else false)\n message "m"'
    assert run(body)[0] == []


def test_a_computed_let_passes_on_what_it_read_to_the_finding(run):
    body = 'let parts = overview.expenditure.basic.total + overview.expenditure.project.total\n assert parts == overview.expenditure.total\n message "{left} {right}"'
    findings, _ = run(body, overview__expenditure__total=Decimal("10.01"))
    assert findings[0].message_zh == "10.00 10.01"
    assert set(findings[0].paths) == {"/overview/expenditure/basic/total", "/overview/expenditure/project/total", "/overview/expenditure/total"}


def test_a_let_between_two_fors_is_worked_out_once_per_outer_element(run):
    body = (
        'for d in performance.duties\n let budget = d.budget\n for a in d.activities\n'
        ' assert a.budget < budget\n message "{a.name} {a.budget} {budget}"'
    )
    findings, _ = run(body)
    assert [(f.message_zh, f.paths) for f in findings] == [("综合事务 4.00 4.00", ("/performance/duties/0/activities/0/budget", "/performance/duties/0/budget"))]


def test_a_for_after_when_is_refused(run):
    with pytest.raises(RuleSyntaxError, match="when"):
        run(' when true\n for d in duties.items\n assert true\n message "m"')


def test_string_predicates(run):
    assert run('assert metadata.title matches "^示例.*说明$" and metadata.title contains "部门预算" and len(metadata.department.name) == 7\n message "m"')[0] == []
    assert len(run('assert metadata.title starts with "山海关"\n message "m"')[0]) == 1


def test_exists_and_emptiness(run):
    assert run('assert exists(overview.income.other) and not exists(overview.change) and procurement.rows is empty and organisation.units is not empty\n message "m"')[0] == []


def test_a_finding_that_something_is_missing_points_where_it_belongs(run):
    findings, _ = run('assert exists(overview.change) and exists(tables.budget_summary)\n message "m"', tables=None)
    assert findings[0].paths == ("/overview/change",)
    findings, _ = run('assert exists(tables.budget_summary)\n message "m"', tables=None)
    assert findings[0].paths == ("/tables/budget_summary",)
    findings, _ = run('assert exists(operating_costs.items[5].name)\n message "m"')  # an index: no one place
    assert findings[0].paths == ()


def test_exists_and_fallback_answer_absence_anywhere_in_a_path(run):
    body = (
        'assert not exists(operating_costs.items[5].name) and exists(operating_costs.items[1].name)'
        ' and not exists(performance.duties[*].activities[*].content)'
        ' and (operating_costs.items[5].amount ?? 7) == 7 and (operating_costs.items[0].amount ?? 7) == 0.60\n message "m"'
    )
    assert run(body) == ([], [])


def test_the_built_in_functions(run):
    body = (
        'assert round(2.345, 2) == 2.35 and min(operating_costs.items[*].amount) == 0.40 and max(operating_costs.items[*].amount) == 0.60'
        ' and abs(0 - 1.5) == 1.5 and one_of(metadata.kind, "预算", "决算") and not one_of(metadata.level, "省级")'
        ' and join(operating_costs.items[*].name, "/") == "办公费/公务接待费" and len(operating_costs.items) == 2'
        ' and count(difference(["a", "b"], ["b"])) == 1\n message "m"'
    )
    assert run(body) == ([], [])


def test_days_between_dates(run):
    body = 'assert days_between(metadata.approved_on, metadata.published_on) <= 20\n message "{left} 天，超出 {diff}"'
    findings, _ = run(body, metadata__approved_on="2019-01-10", metadata__published_on="2019-02-04")
    assert findings[0].message_zh == "25 天，超出 5"
    assert run(body, metadata__approved_on="2019-01-10", metadata__published_on="2019-01-30")[0] == []


def test_a_rule_outside_its_effective_years_is_not_applicable(run):
    findings, skipped = run(' effective from 2020 to 2025\n assert false\n message "m"')
    assert findings == [] and "生效期" in skipped[0].reason_zh
    assert len(run(' effective from 2016 to 2019\n assert false\n message "m"')[0]) == 1


def test_applicability_by_kind_level_and_region(run):
    assert run(' applies kind "决算"\n assert false\n message "m"')[0] == []
    assert len(run(' applies level "县级", "乡级"\n applies region "河北省"\n assert false\n message "m"')[0]) == 1


def test_for_each_gives_one_finding_per_item_at_that_item(run):
    findings, _ = run('for u in operating_costs.items\n assert u.amount < 0.5\n message "{u.name} {u.amount}"')
    assert [(f.message_zh, f.paths) for f in findings] == [("办公费 0.60", ("/operating_costs/items/0/amount",))]


def test_an_arithmetic_overflow_is_not_applicable_not_a_crash(run):
    findings, skipped = run('assert overview.income.total * overview.income.total * overview.income.total > 0\n message "m"', overview__income__total=Decimal("1e999999"))
    assert findings == [] and "无法计算" in skipped[0].reason_zh


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('assert metadata.title + 1 == 2\n message "m"', "需要数字"),
        ('assert summ(operating_costs.items[*].amount) == 1\n message "m"', "summ"),
        ('assert overview.income.total\n message "m"', "条件"),
        ('assert operating_costs.items.amount == 1\n message "m"', "[*]"),
        ('assert metadata.title matches "("\n message "m"', "正则"),
        ('assert overview.incom.total == 1\n message "m"', "income"),
        ('assert true\n message "{overview.nope}"', "nope"),
    ],
)
def test_static_checks_reject_a_rule_before_it_runs(run, body, needle):
    with pytest.raises(RuleCheckError) as caught:
        run(body)
    assert needle in caught.value.message_zh
    assert re.match(r".+\.rules:\d+:\d+: ", caught.value.message())


def test_a_syntax_error_has_line_column_and_a_caret(run):
    with pytest.raises(RuleSyntaxError) as caught:
        run('assert (overview.income.total == 1\n message "m"')
    assert caught.value.line == 5 and "^" in caught.value.message()


def test_no_eval_or_exec_anywhere_in_the_engine_but_the_audited_rule_module():
    """Issue 15 allows the exec of generated modules audited just before: the rule pack's (engine/dsl/codegen.py,
    Module.load; tests/dsl/test_compiled_pack.py holds the audit to its conditions) and its screens'
    (engine/dsl/screensource.py, Screens.load; tests/dsl/test_screen_source.py)."""
    offenders = [
        f"{path.relative_to(REPO).as_posix()}:{line.strip()}"
        for path in (REPO / "engine").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"(?<![.\w])(eval|exec|compile)\(", line) and not line.lstrip().startswith(("#", "def "))
    ]
    allowed = [
        'engine/dsl/codegen.py:return compile(source, FILENAME, "exec")',
        "engine/dsl/codegen.py:exec(code, namespace)  # noqa: S102 - audited above, or when its warm entry was kept; a kept code object is checked by sound",
        'engine/dsl/screensource.py:return compile(source, FILENAME, "exec")',
    ]  # generated code is run in codegen.run_audited only, for the pack's module and the screens'
    assert sorted(offenders) == sorted(allowed)
    codegen = (REPO / "engine" / "dsl" / "codegen.py").read_text(encoding="utf-8")
    run = codegen.split("exec(code, namespace)")[0].rsplit("def run_audited", 1)[1]
    assert run.index("audit(source)") < run.index("cache.compiled(source, build, sound)")  # compiled, or kept, only once audited
    # or the code of a warm entry (dsl/warm.py: written only from a module loaded here), of its source's shape
    assert "if warm is not None and kept_functions(warm, source, FILENAME) is not None:" in run
    screens = (REPO / "engine" / "dsl" / "screensource.py").read_text(encoding="utf-8")
    for module in (codegen, screens):
        load = module.split("def load", 1)[1].split("\ndef ", 1)[0]
        assert "run_audited(self.source(), audit, _compile_source, sound," in load  # its own audit and compile, through the one runner
        assert module.count("_compile_source") == 2  # defined, and handed to the runner: the source is compiled nowhere else


def test_index_lets_a_pairwise_rule_report_each_pair_once_at_the_later_member(run):
    body = (
        "for u in operating_costs.items\n"
        " let earlier = operating_costs.items[index(it) < index(u)]\n"
        " assert all e in earlier: e.amount == u.amount\n"
        ' message "{u.name}"'
    )
    findings, _ = run(body)
    assert [(f.message_zh, f.paths) for f in findings] == [("公务接待费", ("/operating_costs/items/0/amount", "/operating_costs/items/1/amount"))]


def test_index_of_a_value_that_is_not_a_list_member_makes_the_rule_not_applicable(run):
    findings, skipped = run(' assert index(operating_costs) == 0\n message "m"')
    assert findings == [] and "index()" in skipped[0].reason_zh


def test_a_let_that_cannot_be_worked_out_for_one_member_leaves_the_other_members_checked(run):
    body = 'for u in operating_costs.items\n let inverse = 1 / (u.amount - 0.6)\n assert inverse > 0\n message "{u.name}"'
    findings, skipped = run(body)
    assert [f.message_zh for f in findings] == ["公务接待费"]  # 1 / (0.40 - 0.6) < 0
    assert [s.rule for s in skipped] == ["T-001"] and "无法计算" in skipped[0].reason_zh  # 办公费: 0.60 - 0.6 = 0
