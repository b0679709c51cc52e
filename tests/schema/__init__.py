"""Tests of the schema stage: the registry, validation findings, amounts."""
