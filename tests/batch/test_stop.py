"""A batch interrupted while results are on their way stops, even when the pool's own terminate cannot.

CPython's Pool.terminate() puts a sentinel on the result queue before it stops the workers; a worker blocked
writing a large result to that full queue holds the queue's lock, and terminate waits for ever. A Ctrl-C under
load hung so, with both workers alive (seen once in CI, once by hand). batch._stop gives terminate a few seconds
on a thread of its own, then kills the workers still alive."""

from __future__ import annotations

import multiprocessing
import threading
import time

from budgetcheck import batch


class _StuckPool:
    """A pool whose terminate never returns, as CPython's does in that deadlock."""

    def __init__(self) -> None:
        self.called = threading.Event()

    def terminate(self) -> None:
        self.called.set()
        threading.Event().wait()  # for ever


def _sleep() -> None:
    time.sleep(60)


def test_a_terminate_that_never_returns_is_left_behind_and_the_workers_are_killed(monkeypatch):
    monkeypatch.setattr(batch, "STOP_SECONDS", 0.3)
    context = multiprocessing.get_context("fork")
    worker = context.Process(target=_sleep, daemon=True)
    worker.start()
    pool = _StuckPool()
    began = time.monotonic()
    batch._stop(pool, multiprocessing)
    assert pool.called.is_set() and time.monotonic() - began < 3
    assert not worker.is_alive() and worker.exitcode is not None


def test_a_terminate_that_returns_leaves_the_workers_to_it(monkeypatch):
    monkeypatch.setattr(batch, "STOP_SECONDS", 5)
    context = multiprocessing.get_context("fork")
    worker = context.Process(target=_sleep, daemon=True)
    worker.start()

    class _Pool:
        def terminate(self) -> None:
            worker.terminate()
            worker.join()

    batch._stop(_Pool(), multiprocessing)
    assert worker.exitcode == -15  # SIGTERM from terminate, not a kill
