"""Ingest stage, PDF: a published disclosure PDF read with PDFium (pypdfium2): its visible text as lines with
page and box, its ruled tables as grids for the shared table reader, its scanned pages; `document.py` makes one
checked document of them (narrative through the narrative extractor, tables through the table reader)."""
