"""Errors that stop a rule pack from loading: always a file, a line, a column and the offending text."""

from __future__ import annotations


class RuleLoadError(Exception):
    def __init__(self, file: str, line: int, column: int, message_zh: str, message_en: str, source: str = "") -> None:
        super().__init__(f"{file}:{line}:{column}: {message_en}")
        self.file = file
        self.line = line
        self.column = column
        self.message_zh = message_zh
        self.message_en = message_en
        self.context = _context(source, line, column)

    def message(self, lang: str = "zh") -> str:
        text = self.message_en if lang == "en" else self.message_zh
        return f"{self.file}:{self.line}:{self.column}: {text}" + (f"\n{self.context}" if self.context else "")


class RuleSyntaxError(RuleLoadError):
    """The text does not follow the grammar."""


class RuleCheckError(RuleLoadError):
    """The text parses but cannot be right: unknown field, wrong type, unknown function, duplicate id."""


def _context(source: str, line: int, column: int) -> str:
    lines = source.splitlines()
    if not (1 <= line <= len(lines)):
        return ""
    text = lines[line - 1]
    # the caret sits under the character: count wide (CJK) characters twice
    width = sum(2 if ord(char) > 0x2E80 else 1 for char in text[: max(column - 1, 0)])
    return f"    {text}\n    {' ' * width}^"
