"""Ingest stage: sane limits that keep one hostile or broken file from exhausting a batch run."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024  # a full disclosure with nine tables is well under 1 MiB (its PDF 1-3 MiB)
    max_nodes: int = 500_000  # values after alias expansion
    max_depth: int = 64
    pdf_seconds: float = 10.0  # reading one PDF (PDFium in a child process, killed past it)


DEFAULT_LIMITS = Limits()
