"""Report stage: one renderer per format, each `write(documents, out, meta, options) -> Summary`; renderers only read the result."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, Protocol

from budgetcheck.report.options import RenderOptions
from budgetcheck.result import DocumentResult, ReportMeta, Summary


class Renderer(Protocol):
    """A renderer module: writes the documents as they come and returns the Summary it built from them."""

    def write(self, documents: Iterable[DocumentResult], out: IO, meta: ReportMeta, options: RenderOptions, /) -> Summary: ...


# Each renderer is imported when first asked for: xlsx needs openpyxl, which is slow to import.
def _text() -> Renderer:
    from budgetcheck.report import text_report

    return text_report


def _json() -> Renderer:
    from budgetcheck.report import json_report

    return json_report


def _html() -> Renderer:
    from budgetcheck.report import html_report

    return html_report


def _junit() -> Renderer:
    from budgetcheck.report import junit_report

    return junit_report


def _xlsx() -> Renderer:
    from budgetcheck.report import xlsx_report

    return xlsx_report


_RENDERERS: dict[str, Callable[[], Renderer]] = {"text": _text, "json": _json, "html": _html, "junit": _junit, "xlsx": _xlsx}
FORMATS = tuple(_RENDERERS)
BINARY_FORMATS = frozenset({"xlsx"})
# The optional parts of a DocumentResult (budgetcheck.batch.OPTIONAL_PARTS) each format reads: junit
# makes a passing test case of every rule applied, xlsx names each finding's section. Worker processes
# send the parent only these (tests/batch/test_wire.py renders every format with and without them).
NEEDS: dict[str, frozenset[str]] = {
    "text": frozenset(), "json": frozenset(), "html": frozenset(), "junit": frozenset({"rules"}), "xlsx": frozenset({"sections"}),
}  # fmt: skip


def renderer(name: str) -> Renderer:
    """The renderer of format `name` (one of FORMATS)."""
    load = _RENDERERS.get(name)
    if load is None:
        raise ValueError(f"unknown report format {name!r}; known: {', '.join(FORMATS)}")
    return load()
