"""`sum(list)` in a `rounded` comparison is written out by the generated code (codegen's I_sum, dsl/figuresum.py):
its value, half width and figures, its error where a member is not a number or an addition fails, and the places and
values a finding shows are those of the reference closures, on documents with figures of every printing, zeros,
integers, exponents, texts and booleans among the members, figures whose printed precision extraction recorded, a
sum over a filtered `let` (whose reads count as the reference counts them), an empty list and an absent one."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate
from budgetcheck.rules import compile_rules, load_rule_file

RULES = [
    "assert sum(operating_costs.items[*].amount) == operating_costs.total rounded",
    "assert sum(operating_costs.items[*].amount) <= operating_costs.total rounded",
    "assert sum(operating_costs.items[*].amount) * 10000 == operating_costs.total * 10000 rounded",
    'let line = operating_costs.items[name == "公务接待费" or amount > 0.5]\n when line is not empty\n'
    "assert sum(line[*].amount) == three_public.reception rounded",
    "assert sum(performance.duties[*].activities[*].budget) - sum(performance.duties[*].budget) == 0 rounded",
    "for d in performance.duties\n assert sum(d.activities[*].budget) == d.budget rounded",
]

AMOUNTS = [
    [Decimal("0.60"), Decimal("0.40")],
    [Decimal("0.6"), Decimal("0.40"), Decimal("0")],
    [Decimal("0.00"), Decimal("1.0")],
    [Decimal("1E+1"), Decimal("-9.0")],
    [Decimal("0.6"), 1],
    [Decimal("0.6"), True],
    [Decimal("0.6"), "0.4"],
    [Decimal("9E+999999"), Decimal("9E+999999")],
    [Decimal("0.6"), Decimal("NaN")],
    [Decimal("1")],
    [],
    None,
]


def _documents(minimal: dict) -> list[tuple[dict, dict]]:
    out = []
    for amounts in AMOUNTS:
        document = copy.deepcopy(minimal)
        items, duty = document["operating_costs"]["items"], document["performance"]["duties"][0]
        activity = duty["activities"][0]
        if amounts is None:
            del document["operating_costs"]["items"], duty["activities"]
        else:
            document["operating_costs"]["items"] = [{"name": items[index % 2]["name"], "amount": amount} for index, amount in enumerate(amounts)]
            duty["activities"] = [{**activity, "budget": amount} for amount in amounts]
        out.append((document, {}))
        precision = {"/operating_costs/items/0/amount": 4, "/operating_costs/items/1/amount": -2, "/operating_costs/total": 4}
        out.append((document, {**precision, "/performance/duties/0/activities/1/budget": 2, "/performance/duties/0/budget": -1}))
    return out


def _outcomes(rules, document: dict, precision: dict) -> tuple:
    findings, skipped = evaluate(rules, document, DocumentContext(document, None, precision))
    return (
        [(finding.message_en, finding.paths, finding.values) for finding in findings],
        [(outcome.reason_en, outcome.paths) for outcome in skipped],
    )


@pytest.mark.parametrize("body", RULES)
def test_a_rounded_sum_written_out_gives_what_the_reference_gives(body, tmp_path, registry, minimal):
    path = tmp_path / "t.rules"
    path.write_text(
        f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{body}\n'
        ' message "{left} {right} {diff}"\n}\n',
        encoding="utf-8",
    )
    reference = load_rule_file(path, registry)
    compiled, source, _screens = compile_rules(reference)
    assert "I_sum(env, F[" in source
    seen = set()
    for document, precision in _documents(minimal):
        expected = _outcomes(reference, document, precision)
        assert _outcomes(compiled, document, precision) == expected
        seen.add(repr(expected))
    assert len(seen) > 3  # the documents make the rule hold, fail and not apply
