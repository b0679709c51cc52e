"""Tests of the report stage: one renderer per format."""
