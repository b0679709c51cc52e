"""Ingest stage, tables: the standard tables of budgets and final accounts. Grids of cells from an Excel
sheet or a Word table (and, later, a PDF) go through one reader: the title names the table, the unit
line its unit, the header words its columns (never their position), the rows their classification
codes; every value keeps its printed precision and its cell. What cannot be read is said, with why.

    vocabulary = load()
    readings = read_tables(grids_from_xlsx(path, vocabulary), ReadContext(vocabulary, year=2025))
    tables = assemble(readings, vocabulary)   # the document's `tables`, locations, coverage, diagnostics
"""

from budgetcheck.ingest.tables.grid import Grid, GridCell, TextLine
from budgetcheck.ingest.tables.model import Column, Problem, Row, Status, TableReading, Unit, Value
from budgetcheck.ingest.tables.reader import ReadContext, read_table, read_tables
from budgetcheck.ingest.tables.vocabulary import Vocabulary, load

__all__ = [
    "Column", "Grid", "GridCell", "Problem", "ReadContext", "Row", "Status", "TableReading", "TextLine",
    "Unit", "Value", "Vocabulary", "load", "read_table", "read_tables",
]  # fmt: skip
