"""Ingest stage: the one error type ingest raises: a catalogued code and a located, bilingual message, never a traceback."""

from __future__ import annotations

from budgetcheck.codes import Code
from budgetcheck.errors import BudgetcheckError
from budgetcheck.findings import Finding, Position


class IngestError(BudgetcheckError):
    def __init__(
        self, code: Code, message_zh: str, message_en: str, line: int | None = None, column: int | None = None, pointer: str = ""
    ) -> None:
        super().__init__(message_zh, message_en, line=line, column=column)
        self.code = code
        self.pointer = pointer

    @classmethod
    def of(cls, code: Code, where: Position | None = None, pointer: str = "", **fields: object) -> IngestError:
        """The error at `where` (line, column) with the message of the code's templates filled with `fields`."""
        line, column = where if where is not None else (None, None)
        return cls(code, *code.texts(**fields), line, column, pointer)

    def finding(self) -> Finding:
        """The error as the finding of a document that could not be read: at its pointer, located where it was found."""
        location = (self.line, self.column) if self.line is not None else None
        return self.code.finding(self.message_zh, self.message_en, (self.pointer,), (location,))
