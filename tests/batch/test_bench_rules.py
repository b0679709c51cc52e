"""The arithmetic benchmark's hand-written identities (benchmarks/bench_rules.py) agree with the rules as they are:
its cross-check, which must pass before it times anything, had stopped it when the rules gained unit factors and
conditions its Python did not follow. Nothing here is timed."""

from __future__ import annotations

import copy
import sys
from decimal import Decimal

import pytest

from budgetcheck.ingest import load_document
from budgetcheck.rules import load_pack
from tests.conftest import REPO, SAMPLE

sys.path.insert(0, str(REPO / "benchmarks"))
import bench_rules


@pytest.fixture(scope="module")
def arithmetic(registry):
    pack = load_pack(registry, evaluator="compiled")
    schema_id, _data = bench_rules.normalised(copy.deepcopy(load_document(SAMPLE).data), registry)
    rules = [rule for rule in pack.for_schema(schema_id) if rule.rule.file.endswith(bench_rules.ARITHMETIC_FILE) or rule.rule.id in bench_rules.IDENTITY_IDS]
    assert len(rules) == bench_rules.ARITHMETIC_RULES
    return rules


def test_the_hand_written_identities_agree_with_the_engine_on_the_sample_and_every_example(registry, arithmetic):
    checks = bench_rules.cross_check(load_document(SAMPLE).data, registry, arithmetic)
    assert checks["sample"]["failures"] == [] and checks["changed_expenditure_total"]["failures"] == ["BUD-BAL-001", "BUD-EXP-001"]
    assert checks["examples_agreeing"] >= 40


@pytest.mark.parametrize(
    ("unit", "total", "fails"),
    [("万元", "13.33", False), ("元", "133300", False), ("元", "13.33", True)],
)
def test_the_unit_factor_is_the_one_unit_of_reads(registry, arithmetic, unit, total, fails):
    """BUD-OPC-002 with the operating costs said to equal the public operating costs (13.33 万元) and printed in
    their own unit: 133,300 元 is 13.33 万元, 13.33 元 is not; the factor comes from the unit the part declares."""
    data = copy.deepcopy(load_document(SAMPLE).data)
    data["operating_costs"]["equals_public_operating"] = True
    data["operating_costs"]["unit"] = unit
    data["operating_costs"]["total"] = Decimal(total)
    _schema, normal = bench_rules.normalised(data, registry)
    mine, theirs = bench_rules.handwritten_identities(normal), bench_rules.engine_outcome(arithmetic, normal)
    assert mine == theirs
    assert ("BUD-OPC-002" in [rule for rule, _paths in mine[0]]) is fails
