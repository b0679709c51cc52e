"""Rule language: errors that stop a rule pack from loading, always with a file, a line, a column and the offending text."""

from __future__ import annotations

from budgetcheck.errors import BudgetcheckError


class RuleLoadError(BudgetcheckError):
    def __init__(self, file: str, line: int, column: int, message_zh: str, message_en: str, source: str = "") -> None:
        super().__init__(message_zh, message_en, file=file, line=line, column=column, context=_context(source, line, column))


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
