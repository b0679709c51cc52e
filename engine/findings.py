"""Findings are data: a stable rule id, a severity, a message in each language, and the places concerned."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from engine.ingest.document import Position


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label_zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message_zh: str
    message_en: str
    paths: tuple[str, ...] = ()
    locations: tuple[Position | None, ...] = field(default=(), compare=False)

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def located(self, locations: tuple[Position | None, ...]) -> "Finding":
        return Finding(self.rule, self.severity, self.message_zh, self.message_en, self.paths, locations)
