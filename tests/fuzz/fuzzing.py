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


def timed(case: Callable[[], object], what: str) -> object:
    started = time.monotonic()
    result = case()
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS, f"{what} took {elapsed:.1f} s"
    return result


def no_fault(findings) -> None:
    faults = [finding for finding in findings if finding.rule == "INTERNAL-ERROR"]
    assert not faults, faults[0].message_en
