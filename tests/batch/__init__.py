"""Tests of the batch stage: many documents, in order, in workers; the benchmark generator."""
