"""Ingest stage: sane limits that keep one hostile or broken file from exhausting a batch run."""

from __future__ import annotations

from budgetcheck.records import Record, record


@record
class Limits(Record):
    max_bytes: int = 10 * 1024 * 1024  # a full disclosure with nine tables is well under 1 MiB (its PDF 1-3 MiB)
    max_nodes: int = 500_000  # values after alias expansion
    max_depth: int = 64
    max_items: int = 10_000  # items of one list (table rows, claims); the sample's longest list has 22
    # Seconds of wall time per document (0: no limit). The sample takes 0.05 s, a 4 MB narrative (the sample
    # 128 times) 10 s on a 2-core machine: the limit stops runaway work, not large documents under load.
    timeout: float = 30.0
    pdf_seconds: float = 10.0  # reading one PDF (PDFium in a child process, killed past it)


DEFAULT_LIMITS = Limits()
