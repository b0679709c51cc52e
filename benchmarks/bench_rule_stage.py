"""CPU of the rules stage per document, and of chosen rules alone, on generated documents.

    python benchmarks/bench_rule_stage.py                      # 200 documents (seed 0, as bench_batch.py), the stage
    python benchmarks/bench_rule_stage.py --rules BUD-X-006,PERF-STD-001 --folder DIR

Each document goes through `check_path` once, which records the arguments of its `evaluate()` call (the rules of its
schema, its data, its context); then `evaluate()` is timed over all of them with `time.process_time`, 5 passes after
one warm-up, and the median pass is printed per document. A rule named with --rules is timed alone the same way
(`run_rule` with a fresh context per document, so a `[*]` walk the rule shares with others in a whole run is its own
here). Compare two commits by running this alternately from each; the machine is shared, so take medians of rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import budgetcheck
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="documents to generate when no --folder is given")
    parser.add_argument("--folder", type=Path, help="generated documents (doc-*.json) to use instead")
    parser.add_argument("--rules", default="", help="rule ids to time alone, comma-separated")
    parser.add_argument("--passes", type=int, default=5)
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
