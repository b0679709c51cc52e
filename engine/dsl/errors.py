"""Rule language: errors that stop a rule pack from loading, always with a file, a line, a column and the offending text."""

from __future__ import annotations

from budgetcheck.errors import BudgetcheckError


class RuleLoadError(BudgetcheckError):
    """A pack that must not be used; `line` None for what has no line (a folder, a whole file)."""

    def __init__(self, file: str, line: int | None, column: int | None, message_zh: str, message_en: str, source: str = "") -> None:
        context = _context(source, line, column or 1) if line is not None else ""
        super().__init__(message_zh, message_en, file=file, line=line, column=column, context=context)


class RuleSyntaxError(RuleLoadError):
    """The text does not follow the grammar."""


class RuleCheckError(RuleLoadError):
    """The text parses but cannot be right: unknown field, wrong type, unknown function, duplicate id."""


class RuleFaultError(RuleLoadError):
    """Loading failed in a way no check foresaw (a fault of budgetcheck's own): the pack still does not load,
    and the message says which file and what broke. The fuzzers hold that this never happens."""


_LONG = 100  # a line longer than this is shown in part, around the place
_WINDOW = 60


def _context(source: str, line: int, column: int) -> str:
    lines = source.splitlines()
    if not (1 <= line <= len(lines)):
        return ""
    text = lines[line - 1]
    before = max(column - 1, 0)
    start, end = 0, len(text)
    if len(text) > _LONG:
        start = max(0, before - _WINDOW // 2)
        end = min(len(text), start + _WINDOW)
    shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    # the caret sits under the character: count wide (CJK) characters twice
    width = sum(2 if ord(char) > 0x2E80 else 1 for char in shown[: before - start + (1 if start else 0)])
    return f"    {shown}\n    {' ' * width}^"
