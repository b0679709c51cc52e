"""Tests of the ingest stage: YAML and JSON with positions, and narrative extraction (.txt, .docx)."""
