"""What the renderer tests share: a stream of fresh documents and a memory probe (the fixtures_report fixture is in conftest)."""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections.abc import Callable, Iterator

from budgetcheck.result import DocumentResult


def fresh_documents(template: DocumentResult, count: int) -> Iterator[DocumentResult]:
    """`count` documents like `template`, each with findings of its own (a renderer that kept them would grow)."""
    for number in range(count):
        findings = [dataclasses.replace(finding, message_zh=f"{finding.message_zh}（{number}）") for finding in template.findings[:20]]
        yield dataclasses.replace(template, source=f"batch/{number:05}.yaml", findings=findings)


def peak_memory(render: Callable[[Iterator[DocumentResult]], object], documents: Iterator[DocumentResult]) -> int:
    tracemalloc.start()
    try:
        render(documents)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
