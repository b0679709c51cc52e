"""CPU of the rules stage per document, and of chosen rules alone, on generated documents.

    python benchmarks/bench_rule_stage.py                      # 200 documents (seed 0, as bench_batch.py), the stage
    python benchmarks/bench_rule_stage.py --rules BUD-X-006,PERF-STD-001 --folder DIR
    python benchmarks/bench_rule_stage.py --by-rule --top 30     # each rule's share of the whole stage

Each document goes through `check_path` once, which records the arguments of its `evaluate()` call (the rules of its
schema, its data, its context); then `evaluate()` is timed over all of them with `time.process_time`, 5 passes after
one warm-up, and the median pass is printed per document. A rule named with --rules is timed alone the same way
(`run_rule` with a fresh context per document, so a `[*]` walk the rule shares with others in a whole run is its own
here). Compare two commits by running this alternately from each; the machine is shared, so take medians of rounds.

--by-rule times every rule within the whole stage instead (by_rule): each `run_rule` call evaluate makes is timed with
`time.perf_counter` (a clock read costs some 30 ns where the process's CPU clock is a system call; wall time, so a pass
the machine interrupts counts too: the median pass is taken per rule), summed per rule over the documents. What rules
share (the document's prose, walks of one path kept by `DocumentContext.once`) is paid by the first rule that asks for
it, in the pack's order: the figures are what each rule adds to a whole run in that order, not its cost alone. Rules
are grouped into families by the first part of their id (TXT-, BUD-, PERF-, TAB-, CLM-).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import budgetcheck
import budgetcheck.evaluate as evaluation
import budgetcheck.pipeline as pipeline
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate, run_rule
from budgetcheck.rules import load_pack

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402


def recorded_calls(paths: list[Path], registry, pack) -> list:
    """The arguments of each document's evaluate() call as check_path makes it: (its rules, its data, (the parts not
    read, the printed precision, the schema)), to time evaluate() alone over them."""
    calls = []

    def recorded(rules, data, context):
        calls.append((rules, data, (context.unread, context.precision, context.schema)))
        return evaluate(rules, data, context)

    pipeline.evaluate = recorded  # type: ignore[assignment]
    try:
        for path in paths:
            pipeline.check_path(path, registry, pack=pack)
    finally:
        pipeline.evaluate = evaluate  # type: ignore[assignment]
    return calls


def by_rule(calls: list, passes: int) -> tuple[dict[str, float], float]:
    """Microseconds per document of each rule within whole runs of the stage over `calls` (recorded_calls), the median
    of `passes` passes after one warm-up pass; and the median pass of the stage itself, so timed (the rules' sum falls
    short of it by evaluate's own loop, the rules it passes over without running them, and the timing). evaluate()
    finds `run_rule` among its module's names at each call, so it is replaced there for the passes and put back after."""
    spent: dict[str, float] = {}
    clock = time.perf_counter
    original = evaluation.run_rule

    def timed(rule, *args) -> None:  # noqa: ANN001 - run_rule's own arguments, passed on
        start = clock()
        try:
            original(rule, *args)
        finally:
            rule_id = rule.rule.id
            spent[rule_id] = spent.get(rule_id, 0.0) + clock() - start

    evaluation.run_rule = timed  # type: ignore[assignment]
    runs: list[dict[str, float]] = []
    wholes: list[float] = []
    try:
        for _ in range(passes + 1):
            spent.clear()
            start = clock()
            for rules, data, (unread, precision, schema) in calls:
                evaluation.evaluate(rules, data, DocumentContext(data, unread, precision, schema))
            wholes.append(clock() - start)
            runs.append(dict(spent))
    finally:
        evaluation.run_rule = original  # type: ignore[assignment]
    runs, wholes = runs[1:], wholes[1:]  # the warm-up pass fills the per-process caches
    every = sorted({rule_id for run in runs for rule_id in run})
    costs = {rule_id: statistics.median(run.get(rule_id, 0.0) for run in runs) / len(calls) * 1e6 for rule_id in every}
    return costs, statistics.median(wholes) / len(calls) * 1e6


def by_rule_table(costs: dict[str, float], whole: float, top: int) -> str:
    """The families' sums, then the `top` dearest rules, each with its share of the rules' sum."""
    total = sum(costs.values())
    families: dict[str, tuple[int, float]] = {}
    for rule_id, cost in costs.items():
        family = rule_id.split("-", 1)[0]
        count, summed = families.get(family, (0, 0.0))
        families[family] = (count + 1, summed + cost)
    lines = [
        f"the rules run sum to {total:,.1f} us a document of the {whole:,.1f} us the timed passes took (medians)",
        "| family | rules run | us per document | share |",
        "|---|---:|---:|---:|",
    ]
    for family, (count, summed) in sorted(families.items(), key=lambda item: -item[1][1]):
        lines.append(f"| {family} | {count} | {summed:,.1f} | {summed / total:.0%} |")
    lines += ["", f"the {min(top, len(costs))} dearest of {len(costs)} rules", "| rule | us per document | share |", "|---|---:|---:|"]
    for rule_id, cost in sorted(costs.items(), key=lambda item: (-item[1], item[0]))[:top]:
        lines.append(f"| {rule_id} | {cost:,.1f} | {cost / total:.1%} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents to generate when no --folder is given")
    parser.add_argument("--folder", type=Path, help="generated documents (doc-*.json) to use instead")
    parser.add_argument("--rules", default="", help="rule ids to time alone, comma-separated")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--by-rule", action="store_true", help="each rule's time within the whole stage (by_rule)")
    parser.add_argument("--top", type=int, default=40, help="with --by-rule: how many of the dearest rules to list")
    args = parser.parse_args()
    registry = budgetcheck.load_registry()
    pack = load_pack(registry)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder
        if folder is None:
            folder = Path(scratch)
            generate.generate(args.n, folder, seed=0, error_share=0.2, corrupt=0)
        calls = recorded_calls(sorted(folder.glob("doc-*.json"))[: args.n], registry, pack)

    def timed(run) -> float:
        run()
        passes = []
        for _ in range(args.passes):
            start = time.process_time()
            run()
            passes.append((time.process_time() - start) / len(calls) * 1000)
        return statistics.median(passes)

    def stage() -> None:
        for rules, data, (unread, precision, schema) in calls:
            evaluate(rules, data, DocumentContext(data, unread, precision, schema))

    print(f"{len(calls)} documents, evaluator {pack.evaluator}: rules stage {timed(stage):.3f} ms CPU per document (median of {args.passes})")
    if args.by_rule:
        print(by_rule_table(*by_rule(calls, args.passes), args.top))
    for rule_id in filter(None, args.rules.split(",")):
        rule = pack.get(rule_id)
        if rule is None:
            print(f"  {rule_id}: no such rule")
            continue

        def alone(rule=rule) -> None:
            for _rules, data, (unread, precision, schema) in calls:
                run_rule(rule, DocumentContext(data, unread, precision, schema), [], [])

        print(f"  {rule_id} {timed(alone):.3f} ms")


if __name__ == "__main__":
    main()
