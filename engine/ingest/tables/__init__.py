"""Ingest stage, tables: the standard tables of budgets and final accounts. Grids of cells from an Excel
sheet or a Word table (and, later, a PDF) go through one reader: the title names the table, the unit
line its unit, the header words its columns (never their position), the rows their classification
codes; every value keeps its printed precision and its cell. What cannot be read is said, with why.

    vocabulary = load()
    readings = read_tables(grids_from_xlsx(path, vocabulary), ReadContext(vocabulary, year=2025))
    tables = assemble(readings, vocabulary)   # the document's `tables`, locations, coverage, diagnostics
"""

# Each name is imported from its module on first use (PEP 562): a narrative .txt needs the vocabulary
# (ingest/narrative/parts.py), not the reader, which a cold check of a .txt need not import (30-40 ms).
_GRID = ("Grid", "GridCell", "TextLine")
_MODEL = ("Column", "Problem", "Row", "Status", "TableReading", "Unit", "Value")
_READER = ("ReadContext", "read_table", "read_tables")
_VOCABULARY = ("Vocabulary", "load")

__all__ = sorted(_GRID + _MODEL + _READER + _VOCABULARY)


def __getattr__(name: str) -> object:
    if name in _GRID:
        from budgetcheck.ingest.tables import grid as module
    elif name in _MODEL:
        from budgetcheck.ingest.tables import model as module
    elif name in _READER:
        from budgetcheck.ingest.tables import reader as module
    elif name in _VOCABULARY:
        from budgetcheck.ingest.tables import vocabulary as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value
