"""Tests of the rule packs: loading fail-closed, the national pack on the sample and its examples."""
