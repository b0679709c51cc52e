"""Ingest stage, narratives (部门预算公开说明 as .txt or .docx): extract a schema document, every value tied to its source line."""

from budgetcheck.ingest.narrative.extract import (
    extract_docx,
    extract_path,
    extract_text,
)
from budgetcheck.ingest.narrative.model import Extraction, ExtractionWarning, Provenance

__all__ = ["Extraction", "ExtractionWarning", "Provenance", "extract_docx", "extract_path", "extract_text"]
