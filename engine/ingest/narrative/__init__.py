"""Narrative disclosures (部门预算公开说明 as .txt or .docx): extract a schema document, every value tied to its source line."""
