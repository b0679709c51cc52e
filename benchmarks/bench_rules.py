"""Rule evaluation cost per document: the rule language against hand-written Python.

Run from the repository root (not a test; pytest never collects it):

    python benchmarks/bench_rules.py                 # text table
    python benchmarks/bench_rules.py --repeat 15     # more repeats on a noisy machine
    python benchmarks/bench_rules.py --json          # one JSON object on stdout
    python benchmarks/bench_rules.py --profile       # also cProfile the arithmetic subset

What is timed, per document, on the bundled sample (fixtures/xiguan-2019.yaml) once it has been
ingested, schema-matched and normalised (money as Decimal) exactly as `budgetcheck.pipeline.check_loaded`
does before it runs the rules:

  (a) full     `budgetcheck.evaluate.evaluate` with the whole national pack for the document's schema;
  (b) engine   the same call with only the 16 arithmetic identities (arithmetic.rules, and the
               performance and asset identities of performance.rules and assets.rules);
  (c) python   `handwritten_identities`: the same identities in plain Decimal arithmetic, each
               compared as `rounded` compares (intervals of the printed figures).

Before anything is timed, (b) and (c) must agree (failures with their paths, and the number of
not-applicable outcomes) on the sample, on a copy with overview.expenditure.total changed, and on
every case of rules/national/arithmetic.examples.yaml; the script stops if they do not.

(a) and (b) run the compiled pack (engine/dsl/codegen.py, the default evaluator); (a') and (b') the same
rules as the reference closures (BUDGETCHECK_EVALUATOR=closure), which must give the same outcomes.

The project's target (issue 15) is (b) within 2x of (c): ratio of medians (b)/(c) <= 2.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import gc
import io
import json
import math
import os
import platform
import pstats
import statistics
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import yaml

import budgetcheck
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document
from budgetcheck.rules import load_pack
from budgetcheck.schema.amounts import iter_amounts, normalise
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaRegistry


def _this_tree() -> None:
    """Measure this working tree, not an installed copy (checked when the benchmark runs, not on import: the test
    suite imports the hand-written identities and the cross-check wherever the package is installed)."""
    if Path(budgetcheck.__file__).resolve().parent != REPO / "engine":
        raise SystemExit(f"budgetcheck is imported from {Path(budgetcheck.__file__).parent}, not {REPO / 'engine'}: run pip install -e . in {REPO}")


SAMPLE = REPO / "fixtures" / "xiguan-2019.yaml"
ARITHMETIC_FILE = "arithmetic.rules"
# The identities: every rule of arithmetic.rules, and the sums of the 2016 profile's performance and asset tables.
IDENTITY_IDS = {"BUD-PERF-001", "BUD-PERF-002", "BUD-AST-001", "BUD-AST-002"}
EXAMPLES = REPO / "rules" / "national" / "arithmetic.examples.yaml"
TARGET_RATIO = 2.0  # issue 15: arithmetic rules within 2x of hand-written
ZERO = Decimal(0)


# ---------------------------------------------------------------------------------------------
# (c) The identities of rules/national/arithmetic.rules, written by hand.
# ---------------------------------------------------------------------------------------------

ARITHMETIC_RULES = 16  # rules in arithmetic.rules, all `effective from 2016`
INCOME_SOURCES = ("general_public_budget", "government_fund", "state_capital", "fiscal_special_account", "other")
INCOME_WHEN = ("general_public_budget", "government_fund", "fiscal_special_account", "other")  # state_capital is summed, not a trigger
CHANGE_PARTS = ("overseas_travel", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
ASSET_PARTS = ("houses", "vehicles", "equipment_over_200k", "other")


def _get(node: object, *keys: str) -> object:
    """The value under `keys`, or None when any step is absent, null or not a mapping (the DSL's Missing)."""
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
        if node is None:
            return None
    return node


def _half(value: Decimal) -> Decimal:
    """Half a unit of the last digit written (a written 0 is exact), as `rounded` reads a YAML figure."""
    if not value:
        return ZERO
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)


def _differs(left: list, right: list, scale: Decimal = Decimal(1)) -> bool:
    """`sum(left) * scale == sum(right) rounded` fails: the intervals cannot meet (a figure stated again, one on each
    side, must agree at the coarser precision). A term (value, -1) is subtracted; `scale` is exact."""

    def side(terms: list) -> tuple[Decimal, Decimal, int]:
        pairs = [term if isinstance(term, tuple) else (term, 1) for term in terms]
        return sum((value * sign for value, sign in pairs), ZERO), sum((_half(value) for value, _sign in pairs), ZERO), len(pairs)

    (a, half_a, count_a), (b, half_b, count_b) = side(left), side(right)
    a, half_a = a * scale, half_a * abs(scale)
    slack = max(half_a, half_b) if count_a <= 1 and count_b <= 1 else half_a + half_b
    return abs(a - b) > slack


def _unit(data: dict, *keys: str | int) -> str:
    """`unit_of` of the value under `keys`: the `unit` (万元 or 元) of the nearest part holding it, else metadata.unit,
    else 万元."""
    holding, node = [], data
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else node[key] if isinstance(node, list) and isinstance(key, int) and key < len(node) else None
        if node is None:
            break
        holding.append(node)
    for part in reversed(holding):
        if isinstance(part, dict) and part.get("unit") in ("万元", "元"):
            return part["unit"]
    unit = _get(data, "metadata", "unit")
    return unit if unit in ("万元", "元") else "万元"


def _scale(unit: str, into: str) -> Decimal:
    """The factor of an amount in `unit` into `into` (BUD-OPC-002's and BUD-PERF-001's `if unit_of(…) …`)."""
    return Decimal(1) if unit == into else Decimal("0.0001") if unit == "元" else Decimal(10000)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))


def handwritten_identities(data: dict) -> tuple[list[tuple[str, tuple[str, ...]]], int]:
    """Check the arithmetic identities of rules/national/arithmetic.rules on normalised data.

    Returns (failures, not_applicable): each failure is (rule id, the JSON pointers the identity
    read, in reading order), like the engine's Finding.rule / Finding.paths; not_applicable counts
    identities that could not be checked because an input is absent, like the engine's skipped list.
    Written for schema-valid documents (lists are lists, amounts are Decimal), which is what the
    engine sees after `check_loaded` has validated and normalised a document.
    """
    failures: list[tuple[str, tuple[str, ...]]] = []
    na = 0
    metadata = data.get("metadata")
    if not isinstance(metadata, dict):
        metadata = {}
    if str(metadata.get("fiscal_year")) < "2016":  # every rule: effective from 2016 (the engine compares text)
        return failures, ARITHMETIC_RULES

    overview = data.get("overview")
    income = _get(overview, "income")
    expenditure = _get(overview, "expenditure")
    basic = _get(expenditure, "basic")
    project = _get(expenditure, "project")
    change = _get(overview, "change")

    # BUD-INC-001 total income = sum of its sources (absent sources count 0)
    if any(_get(income, key) is not None for key in INCOME_WHEN):
        total = _get(income, "total")
        if total is None:
            na += 1
        else:
            parts = [(key, _get(income, key)) for key in INCOME_SOURCES]
            present = [(key, value) for key, value in parts if value is not None]
            if _differs([total], [value for _key, value in present]):
                failures.append(("BUD-INC-001", ("/overview/income/total", *(f"/overview/income/{key}" for key, _value in present))))

    # BUD-BAL-001 total income = total expenditure, when the document is not a 决算 (whose 合计s differ by the year's
    # balance): its `when` false, the rule is passed over, neither a finding nor not applicable
    income_total, expenditure_total = _get(income, "total"), _get(expenditure, "total")
    if (metadata.get("kind") or "") == "决算":
        pass
    elif income_total is None or expenditure_total is None:
        na += 1
    elif _differs([income_total], [expenditure_total]):
        failures.append(("BUD-BAL-001", ("/overview/income/total", "/overview/expenditure/total")))

    # BUD-EXP-001 basic + project = total expenditure
    basic_total, project_total = _get(basic, "total"), _get(project, "total")
    if basic_total is None or project_total is None or expenditure_total is None:
        na += 1
    elif _differs([basic_total, project_total], [expenditure_total]):
        failures.append(("BUD-EXP-001", ("/overview/expenditure/basic/total", "/overview/expenditure/project/total", "/overview/expenditure/total")))

    # BUD-EXP-002 personnel + public operating = basic
    personnel, public_operating = _get(basic, "personnel"), _get(basic, "public_operating")
    if personnel is None or public_operating is None or basic_total is None:
        na += 1
    elif _differs([personnel, public_operating], [basic_total]):
        failures.append(("BUD-EXP-002", ("/overview/expenditure/basic/personnel", "/overview/expenditure/basic/public_operating", "/overview/expenditure/basic/total")))

    # BUD-CHG-001 change of basic + change of project = change of total
    change_basic, change_project, change_total = _get(change, "basic"), _get(change, "project"), _get(change, "total")
    if change_basic is None or change_project is None or change_total is None:
        na += 1
    elif _differs([change_basic, change_project], [change_total]):
        failures.append(("BUD-CHG-001", ("/overview/change/basic", "/overview/change/project", "/overview/change/total")))

    # BUD-CHG-002 last year + change = this year
    previous_total = _get(change, "previous_total")
    if previous_total is None or change_total is None or expenditure_total is None:
        na += 1
    elif _differs([previous_total, change_total], [expenditure_total]):
        failures.append(("BUD-CHG-002", ("/overview/change/previous_total", "/overview/change/total", "/overview/expenditure/total")))

    # BUD-OPC-001 operating cost lines add up to their total (when there are lines)
    operating = data.get("operating_costs")
    items = _get(operating, "items")
    if not _blank(items):
        operating_total = _get(operating, "total")
        if not isinstance(items, list) or operating_total is None:
            na += 1
        else:
            lines = [(index, item["amount"]) for index, item in enumerate(items) if isinstance(item, dict) and item.get("amount") is not None]
            if _differs([amount for _index, amount in lines], [operating_total]):
                failures.append(("BUD-OPC-001", (*(f"/operating_costs/items/{index}/amount" for index, _amount in lines), "/operating_costs/total")))

    # BUD-OPC-002 operating costs = public operating costs, where the document says so
    if _get(operating, "equals_public_operating"):
        operating_total = _get(operating, "total")
        if operating_total is None or public_operating is None:
            na += 1
        elif _differs([operating_total], [public_operating], _scale(_unit(data, "operating_costs", "total"), _unit(data, "overview", "expenditure", "basic", "public_operating"))):
            failures.append(("BUD-OPC-002", ("/operating_costs/total", "/overview/expenditure/basic/public_operating")))

    three = data.get("three_public")
    vehicles = _get(three, "vehicles")
    three_total, vehicles_total = _get(three, "total"), _get(vehicles, "total")
    three_change = _get(three, "change")
    three_change_total = _get(three_change, "total")

    # BUD-3PUB-001 overseas + vehicles + reception = total
    overseas, reception = _get(three, "overseas_travel"), _get(three, "reception")
    if overseas is None or vehicles_total is None or reception is None or three_total is None:
        na += 1
    elif _differs([overseas, vehicles_total, reception], [three_total]):
        failures.append(("BUD-3PUB-001", ("/three_public/overseas_travel", "/three_public/vehicles/total", "/three_public/reception", "/three_public/total")))

    # BUD-3PUB-002 vehicle purchase + operation = vehicle costs (one absent part counts 0; neither given: not checked)
    purchase, operation = _get(vehicles, "purchase"), _get(vehicles, "operation")
    if purchase is None and operation is None:
        pass  # the rule's `when` is false: it holds
    elif vehicles_total is None:
        na += 1
    else:
        if _differs([value for value in (purchase, operation) if value is not None], [vehicles_total]):
            read = [f"/three_public/vehicles/{key}" for key, value in (("purchase", purchase), ("operation", operation)) if value is not None]
            failures.append(("BUD-3PUB-002", (*read, "/three_public/vehicles/total")))

    # BUD-3PUB-003 this year - last year = stated change
    three_previous = _get(three, "previous_total")
    if three_total is None or three_previous is None or three_change_total is None:
        na += 1
    elif _differs([three_total, (three_previous, -1)], [three_change_total]):
        failures.append(("BUD-3PUB-003", ("/three_public/total", "/three_public/previous_total", "/three_public/change/total")))

    # BUD-3PUB-004 changes of the parts add up to the change of the total: vehicles' change as one figure, else its
    # purchase and operation; checked when a part's change is stated and every part with an amount states its change
    changes = {key: _get(three_change, key) for key in CHANGE_PARTS}
    vehicle_changes = ("vehicles", "vehicle_purchase", "vehicle_operation")
    stated = any(value is not None for value in changes.values())
    for amount, keys in ((overseas, ("overseas_travel",)), (vehicles_total, vehicle_changes), (reception, ("reception",))):
        if amount is not None and amount != 0 and all(changes[key] is None for key in keys):
            stated = False  # a part with an amount whose change was not read: not judged
    if stated:
        read = ["overseas_travel"] if changes["overseas_travel"] is not None else []
        read += ["vehicles"] if changes["vehicles"] is not None else [key for key in vehicle_changes[1:] if changes[key] is not None]
        read += ["reception"] if changes["reception"] is not None else []
        if three_change_total is None:
            na += 1
        elif _differs([changes[key] for key in read], [three_change_total]):
            failures.append(("BUD-3PUB-004", (*(f"/three_public/change/{key}" for key in read), "/three_public/change/total")))

    duties = _get(data, "performance", "duties")

    # BUD-PERF-001 duty budgets add up to project expenditure (when any duty has a budget)
    if isinstance(duties, list):
        budgets = [(index, duty["budget"]) for index, duty in enumerate(duties) if isinstance(duty, dict) and duty.get("budget") is not None]
        if budgets:
            if project_total is None:
                na += 1
            elif _differs([budget for _index, budget in budgets], [project_total], _scale(_unit(data, "performance", "duties", budgets[0][0], "budget"), _unit(data, "overview", "expenditure", "project", "total"))):
                failures.append(("BUD-PERF-001", (*(f"/performance/duties/{index}/budget" for index, _budget in budgets), "/overview/expenditure/project/total")))

    # BUD-PERF-002 for each duty: its budget = sum of its activities' budgets, when every activity has one
    if not isinstance(duties, list):
        na += 1  # the rule's `for d in performance.duties` has nothing to run over
    else:
        for index, duty in enumerate(duties):
            budget = _get(duty, "budget")
            activities = _get(duty, "activities")
            if budget is None or _blank(activities):
                continue
            if not isinstance(activities, list):
                na += 1
                continue
            lines = [(number, activity["budget"]) for number, activity in enumerate(activities) if isinstance(activity, dict) and activity.get("budget") is not None]
            if len(lines) != len(activities):
                continue
            if _differs([amount for _number, amount in lines], [budget]):
                failures.append(("BUD-PERF-002", (*(f"/performance/duties/{index}/activities/{number}/budget" for number, _amount in lines), f"/performance/duties/{index}/budget")))

    assets = data.get("assets")
    fixed_total = _get(assets, "fixed_assets_total")

    # BUD-AST-001 houses + vehicles + equipment + other = fixed assets total (absent parts count 0)
    asset_parts = [(key, _get(assets, key, "value")) for key in ASSET_PARTS]
    present = [(key, value) for key, value in asset_parts if value is not None]
    if present:
        if fixed_total is None:
            na += 1
        elif _differs([value for _key, value in present], [fixed_total]):
            failures.append(("BUD-AST-001", (*(f"/assets/{key}/value" for key, _value in present), "/assets/fixed_assets_total")))

    # BUD-AST-002 asset table total row = fixed assets total in the text
    table_total = _get(assets, "table_total", "value")
    if table_total is None or fixed_total is None:
        na += 1
    elif _differs([table_total], [fixed_total]):
        failures.append(("BUD-AST-002", ("/assets/table_total/value", "/assets/fixed_assets_total")))

    return failures, na


# ---------------------------------------------------------------------------------------------
# Setup and cross-checks
# ---------------------------------------------------------------------------------------------


def normalised(data: dict, registry: SchemaRegistry) -> tuple[str, dict]:
    """(schema id, data) with every amount a Decimal, as check_loaded prepares a document for the rules."""
    entry = registry.for_document(data)
    root = SchemaNode.root(registry, entry.id)
    normalise(data, list(iter_amounts(data, root)))
    return entry.id, data


def engine_outcome(rules: list, data: dict) -> tuple[list[tuple[str, tuple[str, ...]]], int]:
    findings, skipped = evaluate(rules, data)
    return [(finding.rule, tuple(finding.paths)) for finding in findings], len(skipped)


def _parent(data: object, pointer: str) -> tuple[object, str | int]:
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]
    node = data
    for token in tokens[:-1]:
        node = node[int(token)] if isinstance(node, list) else node[token]  # type: ignore[index]
    last = tokens[-1]
    return node, int(last) if isinstance(node, list) else last


# Patches of the sample that reach the not-applicable and `when` branches the examples leave alone.
EXTRA_CASES: list[dict] = [
    {"rule": "*", "name": "no overview", "remove": ["/overview"]},
    {"rule": "*", "name": "no performance, assets or three_public", "remove": ["/performance", "/assets", "/three_public"]},
    {"rule": "*", "name": "no operating cost lines", "set": {"/operating_costs/items": []}},
    {"rule": "*", "name": "operating costs said to equal public operating, but differ", "set": {"/operating_costs/equals_public_operating": True, "/operating_costs/total": "13.34"}},
    {"rule": "*", "name": "no vehicle purchase, no change of reception", "remove": ["/three_public/vehicles/purchase", "/three_public/change/reception"]},
    {"rule": "*", "name": "activity budget off", "set": {"/performance/duties/10/activities/0/budget": "126.00"}},
    {"rule": "*", "name": "previous totals given and wrong", "set": {"/overview/change/previous_total": "379.00", "/three_public/previous_total": "1.00", "/assets/table_total/value": "64.90"}},
    {"rule": "*", "name": "fiscal year 2015", "set": {"/metadata/fiscal_year": 2015}},
]


def cross_check(raw: dict, registry: SchemaRegistry, arithmetic: list) -> dict:
    """Stop unless (b) and (c) agree; (c) must pass the sample and catch a changed expenditure total."""

    def agree(label: str, data: dict) -> tuple[list, int]:
        mine, theirs = handwritten_identities(data), engine_outcome(arithmetic, data)
        if mine != theirs:
            raise SystemExit(f"bench_rules: hand-written and engine disagree on {label}:\n  python: {mine}\n  engine: {theirs}")
        return mine

    _id, sample = normalised(copy.deepcopy(raw), registry)
    failures, na = agree("the sample", sample)
    if failures:
        raise SystemExit(f"bench_rules: the sample should pass every arithmetic identity, got {failures}")

    changed = copy.deepcopy(sample)
    changed["overview"]["expenditure"]["total"] += Decimal("0.10")  # beyond the three figures' rounding (± 0.015)
    changed_failures, changed_na = agree("the sample with expenditure.total + 0.10", changed)
    if "BUD-EXP-001" not in [rule for rule, _paths in changed_failures]:
        raise SystemExit(f"bench_rules: a changed expenditure total must fail BUD-EXP-001, got {changed_failures}")

    cases = [case for case in yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")) or [] if (EXAMPLES.parent / case["base"]).resolve() == SAMPLE.resolve()]
    for case in cases + EXTRA_CASES:
        data = copy.deepcopy(raw)
        for pointer, value in (case.get("set") or {}).items():
            parent, key = _parent(data, pointer)
            parent[key] = value  # type: ignore[index]
        for pointer in case.get("remove") or []:
            parent, key = _parent(data, pointer)
            del parent[key]  # type: ignore[arg-type]
        _id, data = normalised(data, registry)
        agree(f"example {case['rule']} {case.get('name', '')}", data)
    return {
        "sample": {"failures": failures, "not_applicable": na},
        "changed_expenditure_total": {"failures": [rule for rule, _paths in changed_failures], "not_applicable": changed_na},
        "examples_agreeing": len(cases),
        "extra_variants_agreeing": len(EXTRA_CASES),
    }


# ---------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------


def run_batch(function, data: dict, count: int) -> int:
    """Nanoseconds for `count` calls, with the garbage collector off (as timeit does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter_ns()
        for _ in range(count):
            function(data)
        return time.perf_counter_ns() - start
    finally:
        gc.enable()


def measure(candidates: dict, data: dict, repeat: int, batch: int, min_batch_seconds: float) -> dict:
    sizes: dict[str, int] = {}
    for name, function in candidates.items():  # warm-up batch, then size batches to last >= min_batch_seconds
        elapsed = run_batch(function, data, batch)
        per_call = elapsed / batch
        sizes[name] = max(batch, math.ceil(min_batch_seconds * 1e9 / per_call / 100) * 100)
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    names = list(candidates)
    for index in range(repeat):  # interleave the candidates and rotate their order, so drift hits all alike
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(run_batch(candidates[name], data, sizes[name]) / sizes[name])
    return {
        name: {
            "batch": sizes[name],
            "median_ns": statistics.median(values),
            "min_ns": min(values),
            "max_ns": max(values),
            "per_repeat_ns": values,
        }
        for name, values in samples.items()
    }


def time_pack_loads(registry: SchemaRegistry, loads: int) -> dict:
    values = []
    for _ in range(loads):
        gc.collect()
        start = time.perf_counter_ns()
        load_pack(registry)
        values.append(time.perf_counter_ns() - start)
    return {"loads": loads, "first_ns": values[0], "median_ns": statistics.median(values), "min_ns": min(values)}


def peak_memory(rules: list, data: dict, documents: int) -> dict:
    """tracemalloc peak above the loaded pack and sample while evaluating `documents` documents.

    The results are kept, as `check_paths` keeps every document's result for its report; the working
    peak of a single evaluation (results dropped) is measured on its own.
    """
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        evaluate(rules, data)
        single_peak = tracemalloc.get_traced_memory()[1] - base
        gc.collect()
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        kept = [evaluate(rules, data) for _ in range(documents)]
        current, peak = tracemalloc.get_traced_memory()
        del kept
    finally:
        tracemalloc.stop()
    return {
        "documents": documents,
        "peak_bytes_results_kept": peak - base,
        "retained_bytes_per_document": (current - base) / documents,
        "peak_bytes_one_document_results_dropped": single_peak,
    }


def profile(function, data: dict, calls: int, top: int) -> dict:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        function(data)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (file, line, name), (primitive, total_calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = os.path.relpath(file, REPO) if file.startswith(str(REPO)) else file
        rows.append({"function": f"{where}:{line}({name})", "calls_per_doc": total_calls / calls, "tottime_us_per_doc": tottime / calls * 1e6, "cumtime_us_per_doc": cumtime / calls * 1e6})
    by_tottime = sorted(rows, key=lambda row: row["tottime_us_per_doc"], reverse=True)[:top]
    by_cumtime = sorted(rows, key=lambda row: row["cumtime_us_per_doc"], reverse=True)[:top]
    total = sum(row["tottime_us_per_doc"] for row in rows)
    return {"calls": calls, "total_us_per_doc": total, "by_tottime": by_tottime, "by_cumtime": by_cumtime}


def environment() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.rstrip("\n")
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "uncommitted_engine_files": [line[3:] for line in git("status", "--porcelain", "--", "engine").splitlines()],
    }


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=9, help="timed batches per candidate (default 9)")
    parser.add_argument("--batch", type=int, default=200, help="minimum evaluations per batch (default 200)")
    parser.add_argument("--min-batch-seconds", type=float, default=0.05, help="grow a batch until it lasts this long (default 0.05)")
    parser.add_argument("--loads", type=int, default=5, help="pack loads to time (default 5)")
    parser.add_argument("--memory-documents", type=int, default=1000, help="documents for the tracemalloc peak (default 1000)")
    parser.add_argument("--profile", action="store_true", help="cProfile the engine's arithmetic subset (b) and the full pack (a)")
    parser.add_argument("--top", type=int, default=15, help="profile rows to show (default 15)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    _this_tree()
    if args.repeat < 1 or args.batch < 1 or args.loads < 1 or args.memory_documents < 1:
        parser.error("--repeat, --batch, --loads and --memory-documents must be at least 1")

    start = time.perf_counter_ns()
    registry = SchemaRegistry.default()
    registry_ns = time.perf_counter_ns() - start
    pack = load_pack(registry, evaluator="compiled")
    reference = load_pack(registry, evaluator="closure")
    raw = load_document(SAMPLE).data
    schema_id, data = normalised(copy.deepcopy(raw), registry)
    full = pack.for_schema(schema_id)
    full_closure = reference.for_schema(schema_id)
    arithmetic = [rule for rule in full if rule.rule.file.endswith(ARITHMETIC_FILE) or rule.rule.id in IDENTITY_IDS]
    arithmetic_closure = [rule for rule in full_closure if rule.rule.file.endswith(ARITHMETIC_FILE) or rule.rule.id in IDENTITY_IDS]
    if evaluate(full, data) != evaluate(full_closure, data):
        raise SystemExit("bench_rules: the compiled and closure evaluators disagree on the sample")
    if len(arithmetic) != ARITHMETIC_RULES:
        raise SystemExit(f"bench_rules: expected {ARITHMETIC_RULES} rules in {ARITHMETIC_FILE}, found {len(arithmetic)}; update handwritten_identities")
    checks = cross_check(raw, registry, arithmetic)

    candidates = {
        "full": partial(evaluate, full),
        "full_closure": partial(evaluate, full_closure),
        "engine_arithmetic": partial(evaluate, arithmetic),
        "engine_arithmetic_closure": partial(evaluate, arithmetic_closure),
        "handwritten": handwritten_identities,
    }
    timings = measure(candidates, data, args.repeat, args.batch, args.min_batch_seconds)
    engine, python = timings["engine_arithmetic"], timings["handwritten"]
    ratio = engine["median_ns"] / python["median_ns"]
    paired = statistics.median(b / c for b, c in zip(engine["per_repeat_ns"], python["per_repeat_ns"]))
    result = {
        "sample": str(SAMPLE.relative_to(REPO)),
        "schema": schema_id,
        "rules": {"full": len(full), "arithmetic": len(arithmetic)},
        "outcome_per_document": {
            "full": dict(zip(("findings", "not_applicable"), map(len, evaluate(full, data)))),
            "engine_arithmetic": dict(zip(("findings", "not_applicable"), map(len, evaluate(arithmetic, data)))),
        },
        "cross_check": checks,
        "repeat": args.repeat,
        "timings": timings,
        "ratio_engine_over_handwritten": {
            "of_medians": ratio,
            "of_mins": engine["min_ns"] / python["min_ns"],
            "median_of_paired_repeats": paired,
            "target": TARGET_RATIO,
            "met": ratio <= TARGET_RATIO,
        },
        "registry_load_ns": registry_ns,
        "pack_load": time_pack_loads(registry, args.loads),
        "memory_full_pack": peak_memory(full, data, args.memory_documents),
        "environment": environment(),
    }
    if args.profile:
        calls = max(200, timings["engine_arithmetic"]["batch"] // 4)
        result["profile_engine_arithmetic"] = profile(candidates["engine_arithmetic"], data, calls, args.top)
        result["profile_full"] = profile(candidates["full"], data, 200, args.top)

    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
    else:
        print(render(result))
    return 0


def _us(ns: float) -> str:
    return f"{ns / 1000:,.1f} µs"


def render(result: dict) -> str:
    out = io.StringIO()
    env = result["environment"]
    print(f"budgetcheck rule benchmark  ({env['implementation']} {env['python']}, {env['cpus']} CPUs, {env['platform']}, commit {env['commit']}"
          + (f", uncommitted engine changes: {', '.join(env['uncommitted_engine_files'])}" if env["uncommitted_engine_files"] else "") + ")", file=out)
    outcome = result["outcome_per_document"]
    print(f"sample {result['sample']}: full pack {result['rules']['full']} rules -> {outcome['full']['findings']} findings, "
          f"{outcome['full']['not_applicable']} not applicable; arithmetic {result['rules']['arithmetic']} rules -> "
          f"{outcome['engine_arithmetic']['findings']} findings, {outcome['engine_arithmetic']['not_applicable']} not applicable", file=out)
    checks = result["cross_check"]
    print(f"cross-check: engine arithmetic == hand-written on the sample, on expenditure.total + 0.10 "
          f"({', '.join(checks['changed_expenditure_total']['failures'])}) on {checks['examples_agreeing']} cases of arithmetic.examples.yaml and {checks['extra_variants_agreeing']} more variants", file=out)
    print(file=out)
    labels = {
        "full": "(a) full pack, compiled",
        "full_closure": "(a') full pack, closures",
        "engine_arithmetic": "(b) arithmetic, compiled",
        "engine_arithmetic_closure": "(b') arithmetic, closures",
        "handwritten": "(c) hand-written Python",
    }
    print(f"{'per document':32} {'median':>12} {'min':>12} {'max':>12} {'batch':>7}   ({result['repeat']} repeats)", file=out)
    for name, label in labels.items():
        timing = result["timings"][name]
        print(f"{label:32} {_us(timing['median_ns']):>12} {_us(timing['min_ns']):>12} {_us(timing['max_ns']):>12} {timing['batch']:>7}", file=out)
    ratio = result["ratio_engine_over_handwritten"]
    print(file=out)
    print(f"(b)/(c): {ratio['of_medians']:.2f}x of medians, {ratio['of_mins']:.2f}x of mins, {ratio['median_of_paired_repeats']:.2f}x median of paired repeats "
          f"-> target <= {ratio['target']:.0f}x {'MET' if ratio['met'] else 'NOT MET'}", file=out)
    load = result["pack_load"]
    print(f"pack load (parse + check + compile, {load['loads']} loads): median {load['median_ns'] / 1e6:,.1f} ms, min {load['min_ns'] / 1e6:,.1f} ms, first {load['first_ns'] / 1e6:,.1f} ms; "
          f"schema registry {result['registry_load_ns'] / 1e6:,.1f} ms", file=out)
    memory = result["memory_full_pack"]
    print(f"tracemalloc, (a) over {memory['documents']:,} documents keeping every result: peak {memory['peak_bytes_results_kept'] / 1024 / 1024:,.1f} MiB "
          f"({memory['retained_bytes_per_document'] / 1024:,.1f} KiB retained per document); one document, result dropped: peak {memory['peak_bytes_one_document_results_dropped'] / 1024:,.0f} KiB", file=out)
    for key, title in (("profile_engine_arithmetic", "(b) engine, arithmetic.rules"), ("profile_full", "(a) full national pack")):
        if key not in result:
            continue
        prof = result[key]
        print(f"\ncProfile of {title}, {prof['calls']} documents, {prof['total_us_per_doc']:,.1f} µs per document under the profiler; by own time:", file=out)
        print(f"  {'own µs/doc':>10} {'cum µs/doc':>10} {'calls/doc':>9}  function", file=out)
        for row in prof["by_tottime"]:
            print(f"  {row['tottime_us_per_doc']:>10.1f} {row['cumtime_us_per_doc']:>10.1f} {row['calls_per_doc']:>9.1f}  {row['function']}", file=out)
    return out.getvalue().rstrip()


if __name__ == "__main__":
    sys.exit(main())
