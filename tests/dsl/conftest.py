"""Fixtures shared by the rule-language tests."""

from __future__ import annotations

import pytest

from budgetcheck.ingest import load_document
from budgetcheck.schema.amounts import iter_amounts, normalise
from budgetcheck.schema.navigation import SchemaNode
from tests.conftest import MINIMAL


@pytest.fixture(scope="module")
def minimal(registry) -> dict:
    """fixtures/minimal.yaml, its amounts normalised to Decimal as the pipeline does before the rules run."""
    document = load_document(MINIMAL)
    root = SchemaNode.root(registry, registry.for_document(document.data).id)
    normalise(document.data, list(iter_amounts(document.data, root)))
    return document.data
