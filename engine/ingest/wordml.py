"""Ingest stage: a Word document's body as its readers walk it (the narrative's paragraphs and rows, the tables' grids).

The body's paragraphs (w:p) and tables (w:tbl) in document order, those inside block-level content controls (w:sdt,
a bureau's fill-in template) and custom XML (w:customXml) included: python-docx's body children stop at them, and
their text was not read at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.oxml.ns import qn

PARAGRAPH = qn("w:p")
TABLE = qn("w:tbl")
_WRAPPERS = (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"))


def body_blocks(body) -> Iterator:
    """Each w:p and w:tbl of `body` (a w:body) in document order, through content controls and custom XML."""
    for child in body.iterchildren():
        if child.tag in (PARAGRAPH, TABLE):
            yield child
        elif child.tag in _WRAPPERS:
            yield from body_blocks(child)
