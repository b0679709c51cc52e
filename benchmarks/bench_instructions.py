"""Instructions per document, counted by valgrind: a measure this shared, noisy machine does not move.

    python benchmarks/bench_instructions.py                       # the rules stage and check_path, 20 documents
    python benchmarks/bench_instructions.py --stage rules --rules TXT-
    python benchmarks/bench_instructions.py --stage rules --rules '!TXT-SELF-001'   # the text rules but one

CPU time on this machine swings by a third from one minute to the next, and by 2x between sessions; a change of a
few per cent cannot be seen in it. The instructions a run executes do not depend on the machine's load: counted by
valgrind's cachegrind (no cache simulation), two runs of the same code differ by less than 0.01 %.

Each figure is the difference of two runs under valgrind, the same setup (the registry, the pack, the documents read
and recorded, as bench_rule_stage.py records them) followed by one pass and by three passes over the documents,
divided by two passes and the documents: the setup cancels out. The stages:

- rules: evaluate() over the recorded calls (a fresh DocumentContext each), the rules chosen by --rules: prefixes of
  rule ids, comma-separated (`TXT-,CLM-`), or `!ID,ID` for the text rules (TXT-) without those (a rule's marginal cost
  in the run it shares with the others);
- check: pipeline.check_path of each file (read, schema, amounts, rules, locate).

The hash seed is fixed (PYTHONHASHSEED=0) and the rule cache is filled by a run outside valgrind first, so that
neither counted run parses the pack. What it does not count: time in the kernel (the regex package's timed searches
read the process CPU clock by a system call, `strace -c -e trace=clock_gettime` counts those), waiting, and the cost of
an instruction (a cache miss costs more than a hit). Compare commits by running this from each worktree.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))


def _child(folder: Path, docs: int, passes: int, stage: str, rules: str) -> None:
    """The counted run: setup, then `passes` passes over the documents."""
    import budgetcheck
    import budgetcheck.pipeline as pipeline
    from budgetcheck.dsl.runtime import DocumentContext
    from budgetcheck.evaluate import evaluate
    from budgetcheck.rules import load_pack

    registry = budgetcheck.load_registry()
    pack = load_pack(registry)
    paths = sorted(folder.glob("doc-*.json"))[:docs]
    if stage == "check":
        for _ in range(passes):
            for path in paths:
                pipeline.check_path(path, registry, pack=pack)
        return
    from bench_rule_stage import recorded_calls

    calls = recorded_calls(paths, registry, pack)
    chosen = [(tuple(rule for rule in rules_ if _picked(rule.rule.id, rules)), data, context) for rules_, data, context in calls]
    for _ in range(passes):
        for rules_, data, (unread, precision, schema) in chosen:
            evaluate(rules_, data, DocumentContext(data, unread, precision, schema))


def _picked(rule_id: str, rules: str) -> bool:
    if rules.startswith("!"):
        return rule_id.startswith("TXT-") and rule_id not in rules[1:].split(",")
    return any(rule_id.startswith(prefix) for prefix in rules.split(","))


def _counted(folder: Path, docs: int, passes: int, stage: str, rules: str, env: dict) -> int:
    command = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=" + os.devnull,
        sys.executable, str(HERE), "--child", "--folder", str(folder), "--docs", str(docs), "--passes", str(passes), "--stage", stage, "--rules", rules,
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"valgrind run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20, help="documents (default 20; valgrind runs some 50x slower)")
    parser.add_argument("--folder", type=Path, help="generated documents (doc-*.json); default: generate.py's first --docs, seed 0")
    parser.add_argument("--stage", choices=["rules", "check", "both"], default="both")
    parser.add_argument("--rules", default="", help="for the rules stage: id prefixes, comma-separated, or !ID,… (the text rules without those)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--passes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.folder, args.docs, args.passes, args.stage, args.rules)
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix="bench-instr-") as scratch:
        folder = args.folder
        if folder is None:
            import generate

            folder = Path(scratch)
            generate.generate(args.docs, folder, seed=0, error_share=0.2, corrupt=0)
        stages = ["rules", "check"] if args.stage == "both" else [args.stage]
        for stage in stages:
            warm = [sys.executable, str(HERE), "--child", "--folder", str(folder), "--docs", "1", "--passes", "0", "--stage", stage, "--rules", args.rules]
            subprocess.run(warm, env=env, check=True)  # fills the rule cache outside the counted runs
            one = _counted(folder, args.docs, 1, stage, args.rules, env)
            three = _counted(folder, args.docs, 3, stage, args.rules, env)
            what = f"rules {args.rules}" if stage == "rules" and args.rules else stage
            print(f"{what}: {(three - one) / 2 / args.docs:,.0f} instructions a document ({args.docs} documents; runs of 1 and 3 passes: {one:,} and {three:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
