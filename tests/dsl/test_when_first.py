"""A `when` that does not name the rule's last `let` is decided before the let is worked out (issue 15): a member the
when rules out costs nothing more and says nothing, even where its let could not be worked out; the same under both
evaluators."""

from __future__ import annotations

import copy

import pytest

from budgetcheck.evaluate import evaluate
from budgetcheck.rules import compile_rules, load_rule_file


@pytest.fixture(params=["closure", "compiled"])
def run(request, tmp_path, registry, minimal):
    def run(body: str, budget: bool = True):
        path = tmp_path / "t.rules"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{body}\n}}\n', encoding="utf-8")
        rules = load_rule_file(path, registry)
        if request.param == "compiled":
            rules, _source, _screens = compile_rules(rules)
        document = copy.deepcopy(minimal)
        if not budget:  # the let below cannot be worked out: not applicable where the rule looks at the member
            del document["performance"]["duties"][0]["budget"]
        return rules[0], evaluate(rules, document)

    return run


LOOP = "for d in performance.duties\n let b = d.budget + 1\n"


def test_a_when_that_rules_the_member_out_spares_its_let(run):
    rule, (findings, skipped) = run(LOOP + ' when d.name == "另一项"\n assert b > 0\n message "m"', budget=False)
    assert rule.when_first
    assert (findings, skipped) == ([], [])  # the let would have been not applicable: the member is not the rule's


def test_a_when_that_holds_still_meets_the_let(run):
    rule, (findings, skipped) = run(LOOP + ' when d.name == "综合管理"\n assert b > 0\n message "m"', budget=False)
    assert rule.when_first and not findings
    assert [outcome.reason_en for outcome in skipped] == ["missing input: /performance/duties/0/budget"]


def test_a_when_that_names_the_let_waits_for_it(run):
    rule, (findings, skipped) = run('for d in performance.duties\n let b = d.budget + 1\n when b > 100\n assert b > 0\n message "m"')
    assert not rule.when_first
    assert (findings, skipped) == ([], [])
    rule, (findings, skipped) = run(LOOP + " when b > 100\n assert b > 0\n message \"m\"", budget=False)
    assert not rule.when_first
    assert [outcome.reason_en for outcome in skipped] == ["missing input: /performance/duties/0/budget"]


def test_a_finding_after_a_when_first_shows_the_let_and_its_places(run):
    rule, (findings, skipped) = run('for d in performance.duties\n let b = d.budget + 1\n when d.name == "综合管理"\n assert b > 100\n message "{d.name}: {b}"')
    assert rule.when_first and not skipped
    assert [(finding.message_zh, finding.paths) for finding in findings] == [("综合管理: 5.00", ("/performance/duties/0/budget",))]
