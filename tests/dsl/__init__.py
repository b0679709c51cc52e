"""Tests of the rule language: parse, check, compile, evaluate; its functions and the field catalogue."""
