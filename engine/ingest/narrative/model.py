"""Ingest stage, narratives: what extraction produces, the document, where each value was read, and what could not be placed."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.ingest.document import SourceDocument


@dataclass(frozen=True)
class Provenance:
    """The original snippet a value was read from; `unit` is the unit printed there when the value is money."""

    line: int
    column: int
    end_column: int
    text: str
    unit: str | None = None


@dataclass(frozen=True)
class ExtractionWarning:
    line: int
    column: int
    code: str
    message_zh: str
    message_en: str
    pointer: str = ""

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh


@dataclass(frozen=True)
class Extraction:
    document: SourceDocument
    provenance: dict[str, Provenance]
    warnings: list[ExtractionWarning] = field(default_factory=list)
    template: str = ""
    encoding: str = ""  # "utf-8" or "gb18030" for text; "" for .docx
