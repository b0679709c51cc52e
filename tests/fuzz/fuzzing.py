"""What the three fuzzers share: their budget, and what a case must never do.

In CI (and a plain `python -m pytest`) each fuzzer runs a small fixed number of cases, derandomized
and without a database, so a run is repeatable and quick (see CASES). For a long local run, set
BUDGETCHECK_FUZZ to the number of cases per fuzzer; the cases are then random (a new seed each run)
and the budget has no end but that count:

    BUDGETCHECK_FUZZ=34000 python -m pytest tests/fuzz -q -p no:cacheprovider

A case fails when it raises, when it reports INTERNAL-ERROR or a RuleFaultError (a fault of
budgetcheck's own), or when it takes longer than its limit. Every failure a fuzzer finds becomes a
regular test beside the others.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from hypothesis import HealthCheck, settings

LONG = int(os.environ.get("BUDGETCHECK_FUZZ", "0"))
SECONDS = 15.0  # a case over this is a failure: the engine's own limits must have stopped it sooner


def budget(ci_cases: int) -> settings:
    """The settings of one fuzzer: `ci_cases` repeatable cases, or BUDGETCHECK_FUZZ random ones."""
    if LONG:
        return settings(max_examples=LONG, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck))
    return settings(max_examples=ci_cases, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))


# A long run can write its progress here (one line per 1,000 cases of each fuzzer: what, how many, the slowest),
# so that a run stopped at a deadline still says how many cases it tried.
PROGRESS = os.environ.get("BUDGETCHECK_FUZZ_PROGRESS", "")
_tried: dict[str, list[float]] = {}


def timed(case: Callable[[], object], what: str) -> object:
    started = time.monotonic()
    result = case()
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS, f"{what} took {elapsed:.1f} s"
    if PROGRESS:
        _progress(what, elapsed)
    return result


def _progress(what: str, elapsed: float) -> None:
    counts = _tried.setdefault(what, [0, 0.0])
    counts[0] += 1
    counts[1] = max(counts[1], elapsed)
    if counts[0] % 1000 == 0:
        with open(PROGRESS, "a", encoding="utf-8") as out:
            out.write(f"{time.strftime('%H:%M:%S', time.gmtime())} {what}: {counts[0]} cases, slowest {counts[1]:.2f} s\n")


def no_fault(findings) -> None:
    faults = [finding for finding in findings if finding.rule == "INTERNAL-ERROR"]
    assert not faults, faults[0].message_en
