"""Ingest stage: JSON with positions.

The standard library's decoder gives no positions. A well-formed document is decoded by
`json.loads` (C; numbers with a fraction or exponent as Decimal, never float; a duplicate key,
NaN or Infinity, or a document over the limits sends it down the slow path), and the line and
column of each value are worked out only when first asked for, by one regex pass that trusts
the document is well-formed. Anything else goes through a small strict recursive-descent reader
(RFC 8259, reusing the library's string scanner) that records positions as it goes and raises
the located error.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from json.decoder import scanstring
from json.scanner import make_scanner

from budgetcheck import codes
from budgetcheck import pointer as jp
from budgetcheck.codes import Code
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.json_survey import _deeper_than, _survey  # noqa: F401 - _deeper_than: the tests' name for it here
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.money import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, within_bounds

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

    def fail(self, index: int, zh: str, en: str, code: Code = codes.INPUT_JSON_SYNTAX, pointer: str = "") -> IngestError:
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
            raise self.fail(index, f"值超过 {self.limits.max_nodes} 个", f"more than {self.limits.max_nodes} values", codes.INPUT_TOO_LARGE)
        if depth > self.limits.max_depth:
            raise self.fail(index, f"嵌套超过 {self.limits.max_depth} 层", f"nested deeper than {self.limits.max_depth} levels", codes.INPUT_TOO_DEEP)
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
            value = Decimal(raw) if number.group(1) or number.group(2) or len(raw) > 50 else int(raw)  # int() stops at 4,300 digits
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
                raise self.fail(key_at, f"键“{key}”重复出现", f"key '{key}' appears twice", codes.INPUT_DUPLICATE_KEY, child)
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


class _NotSimple(Exception):
    """The document needs the strict reader: a duplicate key, NaN or Infinity, or a limit reached."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotSimple
    return result


def _reject_constant(name: str) -> object:
    raise _NotSimple


_KEY_END = re.compile(r'"[ \t\n\r]*:')


def _no_repeated_key(text: str, keys: int) -> bool:
    """Whether the text writes no more keys than `keys`, the count its decoded mappings hold, proved by counts of
    the text that cannot fall short of the keys written: every key is followed by a colon (colons inside strings only
    add), and a key is a string followed by optional whitespace and a colon (such an end inside a string only adds)."""
    return text.count(":") == keys or len(_KEY_END.findall(text)) == keys


# A number written plainly (no exponent) in at most this many characters has no more digits than the bounds allow on
# either side of its point: within_bounds need not be asked (it costs some 0.4 us; a generated document has ~120 numbers).
_SHORT = min(MAX_INTEGER_DIGITS, MAX_FRACTION_DIGITS)


def _numbers_read(out_of_bounds: list[str], whole: list[str] | None = None) -> tuple[Callable[[str], Decimal], Callable[[str], int]]:
    """json.loads's parse_float and parse_int: Decimal and int, each number's text added to `out_of_bounds` where the
    number is not within_bounds (a short plain number is, _SHORT), and to `whole` where its Decimal may be a whole
    number (2019.0, 1e3: jsonschema-rs would take it for an integer, registry._StrictInteger). A text that ends in a
    digit other than 0 and writes no exponent has a fraction (parse_float is given only numbers with a point or an
    exponent): nearly every figure of a document, passed over in one test."""
    if whole is None:
        whole = []

    def parse_float(raw: str) -> Decimal:
        number = Decimal(raw)
        if raw[-1] == "0" or len(raw) > _SHORT or "e" in raw or "E" in raw:  # else short, plain and not whole: done
            plain = "e" not in raw and "E" not in raw
            if (len(raw) > _SHORT or not plain) and not within_bounds(number):
                out_of_bounds.append(raw)
            if not plain or raw.rstrip("0")[-1] == ".":
                whole.append(raw)
        return number

    def parse_int(raw: str) -> int:
        number = int(raw)  # over 4,300 digits: ValueError, as json.loads's own int() raises
        if len(raw) > _SHORT and not within_bounds(number):
            out_of_bounds.append(raw)
        return number

    return parse_float, parse_int


class _Decoder:
    """A JSONDecoder made once with _numbers_read's hooks, and the two lists they fill (cleared for each text): json.loads
    given hooks makes a decoder, its scanner and the hooks at every call (some 5 us a document)."""

    __slots__ = ("decode", "out_of_bounds", "whole")

    def __init__(self) -> None:
        self.out_of_bounds: list[str] = []
        self.whole: list[str] = []
        parse_float, parse_int = _numbers_read(self.out_of_bounds, self.whole)
        self.decode = json.JSONDecoder(parse_float=parse_float, parse_int=parse_int, parse_constant=_reject_constant).decode


_IDLE: list[_Decoder] = []  # decoders not in use: _decode takes one (a thread its own: pop and append are atomic)
_MAX_IDLE = 4


def _decode(text: str, limits: Limits) -> tuple[object, bool, bool]:
    """json.loads, refusing what the strict reader would refuse (_NotSimple when unsure); whether every list and
    number of the data is within the bounds (bounds.bound need not walk it again): the numbers judged as json.loads
    reads them (_numbers_read), the lists by the walk that checks the depth; and whether no Decimal of the data is a
    whole number (SourceDocument.fractional).

    No key repeats when the mappings of the data hold as many keys as the text writes (json.loads keeps one of two
    equal keys): a count of the text that cannot fall short proves it, with the same walk that checks the depth. Only
    where it does not (a string holding `":`) is the text decoded again, each mapping's
    keys checked as it is built."""
    # every value but the root follows a '[', '{' or ',', so this bounds the count from above; so does the length of
    # the text, which spares the three counts of a text shorter than the limit
    if len(text) >= limits.max_nodes and 1 + text.count(",") + text.count("[") + text.count("{") > limits.max_nodes:
        raise _NotSimple
    try:
        decoder = _IDLE.pop()
    except IndexError:  # none idle (the first text, or every one in use by other threads)
        decoder = _Decoder()
    try:
        decoder.out_of_bounds.clear()
        decoder.whole.clear()
        try:
            data = decoder.decode(text)  # json.loads's own work: a text opening with a BOM fails here as it fails there
        except (ValueError, RecursionError):
            raise _NotSimple from None
        out_of_bounds, whole = bool(decoder.out_of_bounds), bool(decoder.whole)
    finally:
        if len(_IDLE) < _MAX_IDLE:
            _IDLE.append(decoder)
    deeper, keys, within = _survey(data, limits.max_depth, limits.max_items, numbers=False)
    if deeper:
        raise _NotSimple
    if not _no_repeated_key(text, keys):
        try:
            json.loads(text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError):
            raise _NotSimple from None
    return data, within and not out_of_bounds, not whole


_TOKEN = re.compile(r'[ \t\n\r,:]*(?:("[^"\\]*(?:\\.[^"\\]*)*")|([{\[])|([}\]])|([^ \t\n\r,:\]}]+))')
_OPEN, _CLOSE = 2, 3


def _offsets(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """Offset of every value and of every key, by JSON pointer, in a document json.loads accepted."""
    values: dict[str, int] = {}
    keys: dict[str, int] = {}
    stack: list[list] = []  # [pointer, next index] for a list; [pointer, key pointer or None] for a mapping
    for match in _TOKEN.finditer(text):
        kind = match.lastindex
        if kind == _CLOSE:
            stack.pop()
            continue
        start = match.start(kind)
        if stack:
            frame = stack[-1]
            if frame[1].__class__ is int:
                pointer = f"{frame[0]}/{frame[1]}"
                frame[1] += 1
            elif frame[1] is None:
                raw = match.group(kind)
                frame[1] = jp.join(frame[0], json.loads(raw) if "\\" in raw else raw[1:-1])
                keys[frame[1]] = start
                continue
            else:
                pointer, frame[1] = frame[1], None
        else:
            pointer = ""
        values[pointer] = start
        if kind == _OPEN:
            stack.append([pointer, None if text[start] == "{" else 0])
    return values, keys


_SPACE = re.compile(r"[ \t\n\r]*")
_SKIP = make_scanner(json.JSONDecoder())  # the library's C scanner: the end of the value at an index (the value is dropped)


class _Located:
    """Offsets of one document, worked out on first use and shared by its two position tables.

    A position asked for is found by going down the pointer from the root: each list or mapping on the way is read
    once, member by member (a key by the library's string scanner, a value skipped by its C scanner), and kept by
    its offset, so a document with a few findings costs a few containers, not a pass over every token. The whole
    table (_offsets) is made only to list every position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tables: tuple[dict[str, int], dict[str, int]] | None = None
        self.newlines: list[int] | None = None
        self.asked = 0
        self.members: dict[int, dict[str, tuple[int, int | None]]] = {}

    def table(self, which: int) -> dict[str, int]:
        if self.tables is None:
            self.tables = _offsets(self.text)
        return self.tables[which]

    def find(self, pointer: object, which: int) -> int | None:
        """The offset of the value at `pointer` (which 0) or of its key (which 1), None where there is none: what
        `table(which).get(pointer)` gives."""
        if pointer.__class__ is not str:
            return None
        try:
            tokens = jp.parts(pointer)  # type: ignore[arg-type]
        except ValueError:
            return None
        text = self.text
        index = _SPACE.match(text).end()  # type: ignore[union-attr]
        key: int | None = None
        for token in tokens:
            if text[index] not in "{[":
                return None
            found = self._members(index).get(token)
            if found is None:
                return None
            index, key = found
        return index if which == 0 else key

    def _members(self, start: int) -> dict[str, tuple[int, int | None]]:
        """The list or mapping at `start`: each member's pointer token -> (offset of its value, offset of its key or None)."""
        found = self.members.get(start)
        if found is not None:
            return found
        text, space, skip = self.text, _SPACE.match, _SKIP
        found = {}
        index = space(text, start + 1).end()  # type: ignore[union-attr]
        if text[start] == "{":
            while text[index] != "}":
                name, end = scanstring(text, index + 1)
                key = index
                index = space(text, space(text, end).end() + 1).end()  # type: ignore[union-attr]  # past the colon
                found[name] = (index, key)
                index = space(text, skip(text, index)[1]).end()  # type: ignore[union-attr]
                if text[index] == ",":
                    index = space(text, index + 1).end()  # type: ignore[union-attr]
        else:
            count = 0
            while text[index] != "]":
                found[str(count)] = (index, None)
                count += 1
                index = space(text, skip(text, index)[1]).end()  # type: ignore[union-attr]
                if text[index] == ",":
                    index = space(text, index + 1).end()  # type: ignore[union-attr]
        self.members[start] = found
        return found

    def where(self, index: int) -> tuple[int, int]:
        """Line and column of an offset: counted in the text for the first few asked (a document's findings), from a
        table of its line ends after that."""
        if self.newlines is None:
            self.asked += 1
            if self.asked <= _COUNTED:
                return self.text.count("\n", 0, index) + 1, index - self.text.rfind("\n", 0, index)
            self.newlines = [match.start() for match in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self.newlines, index)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, index - start + 1


_COUNTED = 16  # a count over the text costs about a tenth of the table of line ends


class LazyPositions(Mapping):
    """JSON pointer -> (line, column), read from the text only when a position is first asked for."""

    def __init__(self, located: _Located, which: int) -> None:
        self._located = located
        self._which = which

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        index = self._located.find(pointer, self._which)
        if index is None:
            raise KeyError(pointer)
        return self._located.where(index)

    def __contains__(self, pointer: object) -> bool:
        return self._located.find(pointer, self._which) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._located.table(self._which))

    def __len__(self) -> int:
        return len(self._located.table(self._which))

    def __repr__(self) -> str:
        return f"LazyPositions({dict(self.items())!r})"


def load_json(text: str, source: str, limits: Limits = DEFAULT_LIMITS) -> SourceDocument:
    if not text.strip():
        raise IngestError.of(codes.INPUT_EMPTY, (1, 1))
    try:
        data, within, fractional = _decode(text, limits)
    except _NotSimple:
        return _read_strictly(text, source, limits)
    located = _Located(text)
    positions, key_positions = LazyPositions(located, 0), LazyPositions(located, 1)
    return SourceDocument(source, data, "json", positions, key_positions, bounded=limits if within else None, fractional=fractional)  # type: ignore[arg-type]


def _read_strictly(text: str, source: str, limits: Limits) -> SourceDocument:
    reader = _Reader(text, limits)
    data, end = reader.value(0, "", 0)
    end = reader.skip(end)
    if end != len(text):
        raise reader.fail(end, "文档结束后还有多余内容", "extra content after the document")
    return SourceDocument(source, data, "json", reader.positions, reader.key_positions)
