"""Ingest stage, tables: an Excel 97-2003 workbook (.xls, BIFF8) through xlrd, each sheet the grid an .xlsx sheet
gives (xlsx.sheet_grid): xlrd's cells are put in the few shapes of openpyxl's that the sheet reader reads (value,
row and column, number format, A1 coordinate; merged ranges), so both formats go through one reader.

Values: xlrd gives every number as a float, read as printed through its cell's number format as an .xlsx number is
(xlsx.to_decimal); a date as a datetime, a boolean as a boolean, an error as its text (#DIV/0!). A formula is read
through the result stored with it, which Excel and WPS write when they save; xlrd cannot tell a result that a program
writing .xls never calculated (it stores none, or 0) from a calculated one, as openpyxl can for an .xlsx."""

from __future__ import annotations

import xlrd

from budgetcheck.ingest.tables.grid import Grid
from budgetcheck.ingest.tables.sheetlike import Cell, Range, Sheet
from budgetcheck.ingest.tables.xlsx import sheet_grid


def grids_from_xls(source: bytes, vocab) -> list[Grid]:
    """Every non-empty sheet of the workbook, in workbook order."""
    book = xlrd.open_workbook(file_contents=source, formatting_info=True, on_demand=True)
    try:
        grids = []
        for index in range(book.nsheets):
            grid = sheet_grid(_sheet(book, book.sheet_by_index(index)), None, vocab)
            if grid is not None:
                grids.append(grid)
            book.unload_sheet(index)
        return grids
    finally:
        book.release_resources()


def _sheet(book, ws) -> Sheet:
    cells = {}
    for r in range(ws.nrows):
        for c, cell in enumerate(ws.row(r)):
            value = _value(book, cell)
            if value is not None:
                cells[(r + 1, c + 1)] = Cell(r + 1, c + 1, value, _format(book, cell.xf_index))
    ranges = [Range(r0 + 1, c0 + 1, r1, c1) for r0, r1, c0, c1 in ws.merged_cells]
    return Sheet(ws.name, cells, ranges)


def _value(book, cell) -> object:
    kind = cell.ctype
    if kind == xlrd.XL_CELL_NUMBER:
        return cell.value
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value if cell.value else None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value  # a number its format shows as a date that is none: the number, as Excel stores it
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR!")
    return None  # empty or blank (formatted, nothing in it)


def _format(book, xf_index: int | None) -> str:
    if xf_index is None or not 0 <= xf_index < len(book.xf_list):
        return "General"
    found = book.format_map.get(book.xf_list[xf_index].format_key)
    return found.format_str if found is not None and found.format_str else "General"
