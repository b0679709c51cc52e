"""Base: the one shape of every error the engine raises on purpose: a message in each language, located when it can be."""

from __future__ import annotations


class BudgetcheckError(Exception):
    """What every error class shares; leaf classes only say what they know (a file, a line, a column,
    the offending text). `message(lang)` is the one way any of them is shown: "file:line:column: text",
    then the offending line with a caret when there is one; str() is the English message without it."""

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        file: str = "",
        line: int | None = None,
        column: int | None = None,
        context: str = "",
    ) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        self.file = file
        self.line = line
        self.column = column
        self.context = context
        super().__init__(self._where() + message_en)

    def _where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}:{self.column}: " if self.line is not None else f"{self.file}: "

    def text(self, lang: str = "zh") -> str:
        """The message alone, without where it happened."""
        return self.message_en if lang == "en" else self.message_zh

    def message(self, lang: str = "zh") -> str:
        return self._where() + self.text(lang) + (f"\n{self.context}" if self.context else "")

    def __str__(self) -> str:
        return self._where() + self.message_en
