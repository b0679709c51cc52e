"""Ingest stage, tables: the standard tables of budgets and final accounts. Grids of cells from an Excel
sheet or a Word table (and, later, a PDF) go through one reader: the title names the table, the unit
line its unit, the header words its columns (never their position), the rows their classification
codes; every value keeps its printed precision and its cell. What cannot be read is said, with why.

    vocabulary = load()
    readings = read_tables(grids_from_xlsx(path, vocabulary), ReadContext(vocabulary, year=2025))
    tables = assemble(readings, vocabulary)   # the document's `tables`, locations, coverage, diagnostics
"""

from importlib import import_module

# name -> the module that defines it, imported on first use (PEP 562): a narrative .txt needs the vocabulary
# (ingest/narrative/parts.py), not the reader, which a cold check of a .txt need not import (about 40 ms)
_FROM = {
    "Grid": "grid", "GridCell": "grid", "TextLine": "grid",
    "Column": "model", "Problem": "model", "Row": "model", "Status": "model", "TableReading": "model", "Unit": "model", "Value": "model",
    "ReadContext": "reader", "read_table": "reader", "read_tables": "reader",
    "Vocabulary": "vocabulary", "load": "vocabulary",
}  # fmt: skip

__all__ = sorted(_FROM)


def __getattr__(name: str) -> object:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
