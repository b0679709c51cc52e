"""The claims rules and a large narrative: how rule time grows with the claims, and the 4 MB text end to end.

    python benchmarks/bench_claims.py              # both, about 2 minutes here
    python benchmarks/bench_claims.py --no-text    # the scaling table alone

(1) Scaling: the sample document with N generated claims, every subject and sentence its own (the
realistic case), evaluated by the claims rules (CLM-*, TXT-PUNCT-003, TXT-PAIR-002, whose filters
`narrative.claims[…]` run once per claim); best of 3 per N. Linear growth doubles the time when N
doubles. (2) The sample narrative `fixtures/xiguan-2019.txt` written 128 times into one 4 MB file and
checked by the installed command (`budgetcheck check FILE -q`), median of 3 wall times. Every
claim there is repeated 128 times, so a rule that compares each claim with every earlier claim
of the same subject (CLM-DUP-001) still does work in proportion to those pairs: that is what the
rule asks, not the filter.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import budgetcheck
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document

SAMPLE = REPO / "fixtures" / "xiguan-2019.yaml"
NARRATIVE = REPO / "fixtures" / "xiguan-2019.txt"
CLAIMS_RULES = ("CLM-", "TXT-PUNCT-003", "TXT-PAIR-002")


def _claims_pack():
    pack = budgetcheck.load_pack()
    pack.rules = [rule for rule in pack.rules if rule.rule.id.startswith(CLAIMS_RULES)]
    pack._by_schema.clear()
    return pack


def scaling(counts: list[int]) -> None:
    pack = _claims_pack()
    schema = budgetcheck.load_registry().for_document(load_document(SAMPLE).data).id
    base = load_document(SAMPLE).data
    print(f"{len(pack.rules)} claims rules; best of 3 per row")
    print("| claims | rule time | per claim |")
    print("|---:|---:|---:|")
    for count in counts:
        data = copy.deepcopy(base)
        data["narrative"] = {
            "claims": [
                {"id": f"{n}:1", "subject": f"项目{n}", "text": f"项目{n}支出{n}万元，比上年增加1万元。", "amount": Decimal(n), "change": Decimal(1), "direction": "增加"}
                for n in range(count)
            ]
        }
        best = float("inf")
        for _ in range(3):
            copied = copy.deepcopy(data)
            started = time.perf_counter()
            evaluate(pack.for_schema(schema), copied)
            best = min(best, time.perf_counter() - started)
        print(f"| {count} | {best:.3f} s | {best / count * 1e6:.0f} µs |")


def large_text(repeat: int) -> None:
    text = NARRATIVE.read_text(encoding="utf-8") * repeat
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        times = []
        for _ in range(3):
            started = time.perf_counter()
            run = subprocess.run(["budgetcheck", "check", str(path), "-q"], capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - started)
            print(f"  exit {run.returncode}: {run.stdout.strip()} ({times[-1]:.2f} s)")
    print(f"{size} bytes ({repeat} × the sample): median {statistics.median(times):.2f} s of {', '.join(f'{t:.2f}' for t in times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[440, 880, 1760, 3520])
    parser.add_argument("--repeat", type=int, default=128)
    parser.add_argument("--no-text", action="store_true")
    options = parser.parse_args()
    scaling(options.counts)
    if not options.no_text:
        large_text(options.repeat)


if __name__ == "__main__":
    main()
