"""A worker raises the collector's first threshold once its checker is in place (batch.WORKER_GC_ALLOCATIONS); so does the batch while its results are read."""

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


def test_the_batch_raises_the_threshold_while_its_results_are_read_and_puts_it_back(monkeypatch) -> None:
    before = gc.get_threshold()
    seen = []

    class Checker:
        def check(self, path):
            seen.append(gc.get_threshold())
            return path

    results = batch._results(["a", "b"], Checker(), 1)  # type: ignore[arg-type]
    assert next(results) == "a"
    assert gc.get_threshold() == (max(before[0], batch.WORKER_GC_ALLOCATIONS), *before[1:])
    results.close()  # a reader that stops early (Ctrl-C, a closed output) puts it back too
    assert gc.get_threshold() == before
    assert list(batch._results(["c"], Checker(), 1)) == ["c"]  # type: ignore[arg-type]
    assert gc.get_threshold() == before
    assert seen == [(max(before[0], batch.WORKER_GC_ALLOCATIONS), *before[1:])] * 2
