"""The schema tests' registry with the test-only version department-disclosure/2099-test."""

from __future__ import annotations

import pytest

from budgetcheck.schema.registry import SchemaRegistry
from tests.conftest import TEST_SCHEMAS


@pytest.fixture(scope="session")
def registry_with_test_version() -> SchemaRegistry:
    """The bundled schemas plus the test-only version department-disclosure/2099-test."""
    return SchemaRegistry.default([TEST_SCHEMAS])
