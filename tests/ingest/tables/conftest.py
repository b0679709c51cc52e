"""The table reader's tests share one vocabulary and one reading context."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.tables import ReadContext, load


@pytest.fixture(scope="session")
def vocab():
    return load()


@pytest.fixture(scope="session")
def context(vocab):
    return ReadContext(vocab)
