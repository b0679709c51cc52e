"""Reports: the report value (model) and one renderer per format, each `write(documents, out, meta, options) -> Summary`."""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS = ("text", "json", "html", "junit", "xlsx")
BINARY_FORMATS = frozenset({"xlsx"})


def renderer(name: str) -> ModuleType:
    """The module that writes format `name`; imported on demand (xlsx needs openpyxl, which is slow to import)."""
    if name not in FORMATS:
        raise ValueError(f"unknown report format {name!r}")
    return importlib.import_module(f"budgetcheck.report.{name}_report")
