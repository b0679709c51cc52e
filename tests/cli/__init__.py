"""Tests of the command line: exit status, located messages, no traceback."""
