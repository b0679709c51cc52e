"""A worker raises the collector's first threshold once its checker is in place (batch.WORKER_GC_ALLOCATIONS)."""

from __future__ import annotations

import gc
import signal

from budgetcheck import batch


def test_worker_start_sets_the_threshold(monkeypatch) -> None:
    before, handler = gc.get_threshold(), signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(batch, "_WORKER", object())  # as after a fork: the checker is inherited, not built
    try:
        batch._start(None)  # type: ignore[arg-type]
        assert gc.get_threshold() == (batch.WORKER_GC_ALLOCATIONS, *before[1:])
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
        signal.signal(signal.SIGINT, handler)
