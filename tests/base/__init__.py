"""Tests of the base: the value types and the catalogue of finding codes every stage shares."""
