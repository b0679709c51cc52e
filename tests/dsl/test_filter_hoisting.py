"""A filter comparing an item's field with a value fixed outside it reads that value once and selects as before."""

from __future__ import annotations

import copy

import pytest

from budgetcheck.dsl.compile import Compiler
from budgetcheck.evaluate import evaluate
from budgetcheck.rules import load_rule_file

RULES = {
    "var on the right": 'for d in duties.items\n assert performance.duties[number == d.number] is not empty\n message "{d.name}"',
    "var on the left, !=": 'for d in duties.items\n assert count(performance.duties[d.number != number]) == 0\n message "{d.name}"',
    "root value": 'assert operating_costs.items[amount == three_public.reception] is not empty\n message "m"',
    "absent fixed side": 'assert operating_costs.items[name == metadata.approved_on] is not empty\n message "m"',
    "item side absent on some": 'assert count(performance.duties[budget == overview.expenditure.project.total]) == 2\n message "m"',
}


def _outcomes(path, registry, data, monkeypatch, hoist: bool):
    with monkeypatch.context() as patch:
        if not hoist:
            patch.setattr(Compiler, "_item_against_fixed", lambda self, condition: None)
        rules = load_rule_file(path, registry)
    findings, skipped = evaluate(rules, copy.deepcopy(data))
    return [(f.rule, f.paths, f.message_zh, f.values) for f in findings], [(s.rule, s.reason_zh, s.paths) for s in skipped]


def _variants(minimal: dict) -> list[dict]:
    two = copy.deepcopy(minimal)
    two["performance"]["duties"].append({**copy.deepcopy(two["performance"]["duties"][0]), "number": 2})
    del two["performance"]["duties"][1]["budget"]
    no_number = copy.deepcopy(minimal)
    del no_number["duties"]["items"][0]["number"]
    return [minimal, two, no_number]


@pytest.mark.parametrize("name", sorted(RULES))
def test_hoisting_the_fixed_side_changes_no_finding_and_no_outcome(name, tmp_path, registry, minimal, monkeypatch):
    path = tmp_path / "t.rules"
    path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{RULES[name]}\n}}\n', encoding="utf-8")
    results = []
    for data in _variants(minimal):
        hoisted = _outcomes(path, registry, data, monkeypatch, hoist=True)
        assert hoisted == _outcomes(path, registry, data, monkeypatch, hoist=False)
        results.append(hoisted)
    assert any(findings or skipped for findings, skipped in results) or name == "root value"
