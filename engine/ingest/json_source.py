"""JSON ingest with positions.

The standard library's decoder gives no positions, so this is a small strict
recursive-descent reader (RFC 8259) that reuses the library's string scanner.
Numbers with a fraction or exponent become Decimal, never float.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from json.decoder import scanstring

from engine import pointer as jp
from engine.ingest.document import SourceDocument
from engine.ingest.errors import IngestError
from engine.ingest.limits import DEFAULT_LIMITS, Limits

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LITERALS = {"true": True, "false": False, "null": None}


class _Reader:
    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.count = 0
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        self.positions: dict[str, tuple[int, int]] = {}
        self.key_positions: dict[str, tuple[int, int]] = {}

    def where(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_left(self.newlines, index)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, index - start + 1

    def fail(self, index: int, zh: str, en: str, code: str = "INPUT-JSON-SYNTAX", pointer: str = "") -> IngestError:
        line, column = self.where(index)
        return IngestError(
            code,
            f"JSON 错误（第 {line} 行第 {column} 列）：{zh}",
            f"JSON error at line {line}, column {column}: {en}",
            line,
            column,
            pointer,
        )

    def skip(self, index: int) -> int:
        return _WHITESPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def value(self, index: int, pointer: str, depth: int) -> tuple[object, int]:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self.fail(index, f"值超过 {self.limits.max_nodes} 个", f"more than {self.limits.max_nodes} values", "INPUT-TOO-LARGE")
        if depth > self.limits.max_depth:
            raise self.fail(index, f"嵌套超过 {self.limits.max_depth} 层", f"nested deeper than {self.limits.max_depth} levels", "INPUT-TOO-DEEP")
        index = self.skip(index)
        self.positions[pointer] = self.where(index)
        char = self.text[index : index + 1]
        if char == "{":
            return self.object(index + 1, pointer, depth)
        if char == "[":
            return self.array(index + 1, pointer, depth)
        if char == '"':
            return self.string(index)
        number = _NUMBER.match(self.text, index)
        if number:
            raw = number.group(0)
            value = Decimal(raw) if number.group(1) or number.group(2) else int(raw)
            return value, number.end()
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, index):
                return literal, index + len(word)
        if not char:
            raise self.fail(index, "内容意外结束，缺少值", "unexpected end of input, a value is missing")
        raise self.fail(index, f"此处应为值，却是“{char}”", f"expected a value, found '{char}'")

    def string(self, index: int) -> tuple[str, int]:
        try:
            return scanstring(self.text, index + 1, True)
        except ValueError as exc:
            position = getattr(exc, "pos", index)
            reason = str(getattr(exc, "msg", exc)).removesuffix(" at").strip()  # json's messages end in "at"; the position is ours
            raise self.fail(position, f"字符串无效：{reason}", f"invalid string: {reason}") from None

    def object(self, index: int, pointer: str, depth: int) -> tuple[dict[str, object], int]:
        result: dict[str, object] = {}
        index = self.skip(index)
        if self.text.startswith("}", index):
            return result, index + 1
        while True:
            index = self.skip(index)
            if not self.text.startswith('"', index):
                raise self.fail(index, "此处应为用双引号括起的键", "expected a key in double quotes")
            key_at = index
            key, index = self.string(index)
            child = jp.join(pointer, key)
            if key in result:
                raise self.fail(key_at, f"键“{key}”重复出现", f"key '{key}' appears twice", "INPUT-DUPLICATE-KEY", child)
            self.key_positions[child] = self.where(key_at)
            index = self.skip(index)
            if not self.text.startswith(":", index):
                raise self.fail(index, "键后应为冒号", "expected ':' after the key")
            result[key], index = self.value(index + 1, child, depth + 1)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index += 1
                continue
            if self.text.startswith("}", index):
                return result, index + 1
            raise self.fail(index, "此处应为逗号或右花括号 }", "expected ',' or '}'")

    def array(self, index: int, pointer: str, depth: int) -> tuple[list[object], int]:
        result: list[object] = []
        index = self.skip(index)
        if self.text.startswith("]", index):
            return result, index + 1
        while True:
            item, index = self.value(index, jp.join(pointer, len(result)), depth + 1)
            result.append(item)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index += 1
                continue
            if self.text.startswith("]", index):
                return result, index + 1
            raise self.fail(index, "此处应为逗号或右方括号 ]", "expected ',' or ']'")


def load_json(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    reader = _Reader(text, limits)
    if not text.strip():
        raise IngestError("INPUT-EMPTY", "文件为空，没有任何内容", "the file is empty", 1, 1)
    data, end = reader.value(0, "", 0)
    end = reader.skip(end)
    if end != len(text):
        raise reader.fail(end, "文档结束后还有多余内容", "extra content after the document")
    return SourceDocument(source, data, "json", reader.positions, reader.key_positions)
