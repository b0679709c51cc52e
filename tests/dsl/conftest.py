"""Fixtures shared by the rule-language tests."""

from __future__ import annotations

import shutil

import pytest

from budgetcheck.ingest import load_document
from budgetcheck.resources import rules_dir
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


@pytest.fixture
def pack_dir(tmp_path, fresh_cache):
    """A copy of the national pack in the test's folder, with a cache of the test's own."""
    folder = tmp_path / "pack"
    shutil.copytree(rules_dir(), folder)
    return folder
