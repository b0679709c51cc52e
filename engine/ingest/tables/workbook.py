"""Ingest stage, tables: a workbook file read by what it holds, not by its name: an Office Open XML package (.xlsx, or
one saved under the name .xls) through openpyxl (xlsx.py), an Excel 97-2003 workbook (.xls) through xlrd (xls.py), a
web page saved as .xls through its tables (html.py). A file that is no workbook (a page or XML text without a table,
Excel 2003's XML spreadsheet, a damaged or truncated file) is an IngestError that says which, never a traceback: the reader's libraries raise
many kinds of exception for a broken file, and each becomes INPUT-WORKBOOK-INVALID with its reason."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from budgetcheck import codes
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.tables.grid import Grid

_ZIP = b"PK\x03\x04"  # an Office Open XML package
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: Excel 97-2003 (BIFF8); xlrd says when it holds no workbook
_MARKUP = (b"<", b"\xef\xbb\xbf<")  # a web page (HTML, or the XML spreadsheet of Excel 2003) saved as .xls
_TABLE = re.compile(rb"<table[\s>]", re.IGNORECASE)  # a web page's tables are read (html.py)
_XML_SPREADSHEET = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet\"|<Workbook[\s>]")  # Excel 2003 XML: not read


def workbook_grids(path: Path | str, vocab) -> list[Grid]:
    """Every non-empty sheet of the workbook at `path`, in workbook order (xlsx.grids_from_xlsx says how)."""
    path = Path(path)
    raw = path.read_bytes()
    reader = _reader(raw, path.name)
    try:
        return reader(raw, vocab)
    except IngestError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl, xlrd, zipfile, struct and xml raise many kinds for a damaged file
        reason = f"{type(error).__name__}: {error}"
        raise IngestError.of(codes.INPUT_WORKBOOK_INVALID, source=path.name, reason=reason[:200]) from None


def _reader(raw: bytes, name: str) -> Callable[[bytes, object], list[Grid]]:
    if raw.startswith(_ZIP):
        return _xlsx
    if raw.lstrip(b" \t\r\n").startswith(_MARKUP):
        if _TABLE.search(raw) and not _XML_SPREADSHEET.search(raw[:4096]):
            return _html
        reason = ("文件是网页或 XML 文本，其中没有表格；请在 Excel 中打开后另存为 .xlsx", "the file is a web page or XML text holding no table; open it in Excel and save it as .xlsx")
    elif raw.startswith(_OLE2):
        return _xls
    else:
        reason = ("文件开头不是 Excel 工作簿的标记，可能已损坏或不是工作簿", "the file does not begin as an Excel workbook does: damaged, or no workbook")
    code = codes.INPUT_WORKBOOK_INVALID  # each language its own reason; a name with braces in it is only a name
    raise IngestError(code, code.texts(source=name, reason=reason[0])[0], code.texts(source=name, reason=reason[1])[1])


def _xlsx(raw: bytes, vocab) -> list[Grid]:
    from budgetcheck.ingest.tables.xlsx import grids_from_xlsx

    return grids_from_xlsx(io.BytesIO(raw), vocab)  # a stream: openpyxl judges a file name by its extension


def _xls(raw: bytes, vocab) -> list[Grid]:
    from budgetcheck.ingest.tables.xls import grids_from_xls

    return grids_from_xls(raw, vocab)


def _html(raw: bytes, vocab) -> list[Grid]:
    from budgetcheck.ingest.tables.html import grids_from_html

    return grids_from_html(raw, vocab)
