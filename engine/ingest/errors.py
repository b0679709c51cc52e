"""The one error type ingest raises: a located, bilingual message, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestError(Exception):
    code: str
    message_zh: str
    message_en: str
    line: int | None = None
    column: int | None = None
    pointer: str = ""

    def __str__(self) -> str:
        return self.message_en

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh
