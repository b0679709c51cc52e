"""The rules stage's cost by rule (benchmarks/bench_rule_stage.py --by-rule): it times the rules evaluate() really
runs, every one of them, leaves evaluate()'s outcomes as they are, and puts run_rule back. Nothing here asserts a
time but that each is positive and the rules' sum is within the whole."""

from __future__ import annotations

import sys
from collections import Counter

import pytest

import budgetcheck.evaluate as evaluation
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.rules import load_pack
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import bench_rule_stage
import generate


@pytest.fixture(scope="module")
def calls(registry, tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    generate.generate(4, folder, seed=0, error_share=0.5, corrupt=0)
    return bench_rule_stage.recorded_calls(sorted(folder.glob("doc-*.json")), registry, load_pack(registry))


def _outcomes(calls) -> list:
    out = []
    for rules, data, (unread, precision, schema) in calls:
        findings, skipped = evaluation.evaluate(rules, data, DocumentContext(data, unread, precision, schema))
        out.append(([(finding.rule, finding.message_zh, finding.paths, finding.values) for finding in findings], [(one.rule, one.reason_zh, one.paths) for one in skipped]))
    return out


def test_every_rule_run_is_timed_and_run_rule_is_put_back(calls, monkeypatch):
    ran: list[str] = []
    original = evaluation.run_rule

    def counted(rule, *args):
        ran.append(rule.rule.id)
        return original(rule, *args)

    monkeypatch.setattr(evaluation, "run_rule", counted)
    costs, whole = bench_rule_stage.by_rule(calls, passes=1)
    assert evaluation.run_rule is counted  # put back
    assert set(costs) == set(ran)
    assert all(count % 2 == 0 for count in Counter(ran).values())  # the warm-up pass and the timed one ran the same rules
    assert len(costs) > 50 and all(cost > 0 for cost in costs.values())
    assert 0 < sum(costs.values()) <= whole
    assert {"TXT", "BUD", "PERF", "TAB", "CLM"} <= {rule_id.split("-", 1)[0] for rule_id in costs}


def test_the_timed_runs_decide_as_the_untimed(calls, monkeypatch):
    before = _outcomes(calls)
    seen: list = []
    original = evaluation.evaluate

    def kept(rules, data, document=None):
        result = original(rules, data, document)
        seen.append(([(finding.rule, finding.message_zh, finding.paths, finding.values) for finding in result[0]], [(one.rule, one.reason_zh, one.paths) for one in result[1]]))
        return result

    monkeypatch.setattr(evaluation, "evaluate", kept)
    bench_rule_stage.by_rule(calls, passes=1)
    assert seen == before * 2  # the warm-up pass and the timed one
    assert any(findings for findings, _skipped in before)  # the generated documents have defects to find


def test_the_table_sums_families_and_lists_the_dearest():
    table = bench_rule_stage.by_rule_table({"TXT-A-1": 30.0, "TXT-B-1": 10.0, "BUD-C-1": 60.0}, 120.0, top=2)
    lines = table.splitlines()
    assert lines[0] == "the rules run sum to 100.0 us a document of the 120.0 us the timed passes took (medians)"
    assert lines[3:5] == ["| BUD | 1 | 60.0 | 60% |", "| TXT | 2 | 40.0 | 40% |"]
    assert lines[-2:] == ["| BUD-C-1 | 60.0 | 60.0% |", "| TXT-A-1 | 30.0 | 30.0% |"]
