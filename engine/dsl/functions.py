"""Rule language: the built-in functions, one small function each, with its signature.

A signature lists argument kinds ("num", "str", "list", "any", "listnum", "regex") and the
result kind ("num", "str", "bool", "list", "liststr"); the static checker enforces both, so a rule
can never call an unknown function or pass text where a number is needed. A "regex" argument
must be a string literal: the checker compiles it when the pack loads and rejects a bad one there.

A function may have a `prepare` step that the checker runs with the schema root when a rule calls
it: it loads what the function needs (a broken table stops the pack loading) and its result is
noted for the call. A function marked `document` reads the whole document: it is called with the
evaluation's DocumentContext (the root, and what the rules of one evaluation share) and that note,
and what it returns keeps each value's pointer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, DecimalException
from functools import lru_cache

from budgetcheck import pointer as jp
from budgetcheck.dsl import listcount, numbering, patterns, text
from budgetcheck.dsl.runtime import DocumentContext, Missing
from budgetcheck.dsl.thresholds import Threshold
from budgetcheck.dsl.thresholds import parse_threshold as _parse_threshold
from budgetcheck.money import half_unit, printed_exponent
from budgetcheck.records import Record, record

# The same few grade strings recur hundreds of times per document; Threshold is immutable.
parse_threshold = lru_cache(maxsize=4096)(_parse_threshold)


class EvaluationError(Exception):
    """A value that a rule cannot use at run time (a malformed date, division by zero)."""


@record
class Function(Record):
    params: tuple[str, ...]
    result: str
    impl: Callable
    variadic: bool = False
    min_args: int | None = None
    document: bool = False
    prepare: Callable | None = None  # run by the checker with the schema root; its result is the call's note
    places: bool = False  # receives its arguments as document references (value and JSON pointer), not plain values
    # A pattern (rule syntax) that every text the function finds something in holds: on a text without a match it returns
    # its empty result ("" or []) and does not fail. A text rule that only asserts that result empty then runs only the
    # strings where the pattern is found (dsl/textonce.py); a property test holds each function to its pattern.
    quiet: str | None = None


def _index(place: object) -> Decimal:
    """Where a list member stands in its list (0-based), from its JSON pointer: `index(it) < index(c)`
    lets a rule that compares the members of one list pairwise report each pair once."""
    pointer = getattr(place, "pointer", None)
    last = pointer.rsplit("/", 1)[-1] if isinstance(pointer, str) and pointer else ""
    if not last.isdigit():
        raise EvaluationError("index() 只用于列表成员（如 it 或 for 变量）")
    return Decimal(int(last))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise EvaluationError(f"“{text}”不是日期") from None


def _days_between(start: str, end: str) -> Decimal:
    return Decimal((_date(end) - _date(start)).days)


def _round(value: Decimal | int, places: Decimal = Decimal(0)) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)  # an integer field (a year) is a number too


def _min(values: list) -> Decimal:
    if not values:
        raise EvaluationError("min() 的列表为空")
    return min(values)


def _max(values: list) -> Decimal:
    if not values:
        raise EvaluationError("max() 的列表为空")
    return max(values)


def _bounds(threshold: Threshold) -> tuple[Decimal | None, Decimal | None]:
    return threshold.lower, threshold.upper


@lru_cache(maxsize=4096)  # a pure function of two grade texts, and the same few pairs recur in every document
def _overlaps(first: str, second: str) -> bool:
    """True when two grade bands, as parsed, share a value (e.g. ≧90% and 90%-80% both hold 90)."""
    a, b = parse_threshold(first), parse_threshold(second)
    if not (a.parsed and b.parsed):
        return False
    low = max((x for x in (a.lower, b.lower) if x is not None), default=None)
    high = min((x for x in (a.upper, b.upper) if x is not None), default=None)
    if low is None or high is None:
        return True
    if low < high:
        return True
    return low == high and a.contains(low) and b.contains(low)


@lru_cache(maxsize=4096)  # as _overlaps
def _ordered(higher: str, lower: str) -> bool:
    """True when band `higher` sits at or above band `lower` at both ends (open ends count as infinite)."""
    a, b = parse_threshold(higher), parse_threshold(lower)
    if not (a.parsed and b.parsed):
        return True
    a_low, a_high = _bounds(a)
    b_low, b_high = _bounds(b)
    low_ok = a_low is None and b_low is None or (a_low is not None and (b_low is None or a_low >= b_low))
    high_ok = a_high is None or (b_high is not None and a_high >= b_high)
    return low_ok and high_ok


@lru_cache(maxsize=4096)  # as _overlaps: PERF-IND-002 asks it of each of a document's ~180 thresholds, a few texts
def _grade_parses(text: str) -> bool:
    return parse_threshold(text).parsed


def _difference(first: list, second: list) -> list:
    seen = set(second)
    out: list = []
    for value in first:
        if value not in seen and value not in out:
            out.append(value)
    return out


def _join(values: list, separator: str = "、") -> str:
    return separator.join(str(value) for value in values)


def _one_of(value: object, *options: object) -> bool:
    return value in options


def _whole_number(value: object, what: str) -> str:
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool) and value == int(value) and value >= 0:
        return str(int(value))
    raise EvaluationError(f"“{value}”不是{what}")


def _classification():
    """dsl/classification.py, imported on a classification function's first call or prepare step: its tables and
    YAML composer are a few milliseconds of a cold start whose documents and rules may never ask."""
    from budgetcheck.dsl import classification  # noqa: PLC0415 - see the docstring

    return classification


class NotInTables(Missing):
    """A classification code (or year) that no table lists: rules asking for its name are not applicable, and say why."""

    def __init__(self, code: str, year: int) -> None:
        super().__init__("", f"政府收支分类科目表中 {year} 年及以前没有科目 {code}", f"no classification table up to {year} lists code {code}")


def _classification_name(code: object, year: object) -> str:
    digits, fiscal_year = _whole_number(code, "科目编码"), int(_whole_number(year, "年度"))
    classification = _classification()
    try:
        found = classification.load_tables().lookup(digits, fiscal_year)
    except classification.ClassificationError as error:
        raise EvaluationError(error.message()) from None
    if found is None:
        raise NotInTables(digits, fiscal_year)
    return found.name


def _find_all(document: DocumentContext, _prepared: object, value: str, pattern: str) -> list[str]:
    """find_all within what is left of the rule's time for patterns on this document."""
    return patterns.find_all(value, pattern, document.pattern_seconds())


def _excerpts(document: DocumentContext, _prepared: object, value: str, pattern: str) -> list[str]:
    return patterns.excerpts(value, pattern, document.pattern_seconds())


class NoNamePath(Missing):
    """A 类-款-项 name path the year's list does not resolve: rules needing its code are not applicable, and say why."""

    def __init__(self, names: tuple[str, ...], year: int) -> None:
        path = "-".join(names)
        super().__init__("", f"政府收支分类科目表中 {year} 年及以前找不到名称路径“{path}”对应的唯一科目（按类、款、项逐级查找），未定编码", f"no classification table up to {year} resolves the name path '{path}' to one code (looked up 类, then 款, then 项)")


def _code_of_names(names: object, year: object) -> str:
    """The code of a 类-款-项 name path in the year's list: each name looked up under the one before it."""
    if not isinstance(names, (list, tuple)) or not all(isinstance(name, str) for name in names):
        raise EvaluationError(f"“{names}”不是名称列表")
    fiscal_year = int(_whole_number(year, "年度"))
    classification = _classification()
    try:
        code = classification.load_tables().code_of_names(tuple(names), fiscal_year, _name_key)
    except classification.ClassificationError as error:
        raise EvaluationError(error.message()) from None
    if code is None:
        raise NoNamePath(tuple(names), fiscal_year)
    return code


_NAME_WIDTH = str.maketrans(
    {"(": "（", ")": "）", "[": "【", "]": "】", "，": "、", ",": "、"}
    | {chr(code): chr(code - 0xFEE0) for code in range(ord("０"), ord("ｚ") + 1) if chr(code - 0xFEE0).isalnum()}
)
_NAME_NOISE = re.compile(r"[\s“”\"‘’'「」]")


def _name_key(name: object) -> str:
    """A name as names are compared: full- and half-width brackets, digits and letters alike, 、 and ， alike between
    the words of a list, spaces and quotation marks left out (sources print 维修(护)费 and 维修（护）费 for one code, and
    one indicator as 价值观、文明礼仪宣传率 in the text and 价值观，文明礼仪宣传率 in its table)."""
    if not isinstance(name, str):
        raise EvaluationError(f"“{name}”不是名称")
    return _NAME_NOISE.sub("", name.translate(_NAME_WIDTH))


def _economic_name(code: object, year: object) -> str:
    """The name of a 支出经济分类 code (类 3xx, 款 5 digits) in that year's economic list, else the nearest earlier one."""
    digits, fiscal_year = _whole_number(code, "科目编码"), int(_whole_number(year, "年度"))
    classification = _classification()
    try:
        found = classification.load_tables(scheme="economic").lookup(digits, fiscal_year)
    except classification.ClassificationError as error:
        raise EvaluationError(error.message()) from None
    if found is None:
        raise NotInTables(digits, fiscal_year)
    return found.name


def _listed(code: object, year: object) -> bool:
    """Whether the year's list (or an earlier one) holds the code: a 2xx code in the 功能分类 list, a 3xx code in
    the 经济分类 list. The lists are partial (only codes printed in sourced documents): a code not listed is a
    question for the department, never an error."""
    digits, fiscal_year = _whole_number(code, "科目编码"), int(_whole_number(year, "年度"))
    scheme = "economic" if digits.startswith("3") else "function"
    classification = _classification()
    try:
        return classification.load_tables(scheme=scheme).lookup(digits, fiscal_year) is not None
    except classification.ClassificationError as error:
        raise EvaluationError(error.message()) from None


_UNITS = ("万元", "元")


def _unit_of(document: object, _prepared: object, place: object) -> str:
    """The unit the amount at `place` is in: the `unit` of the nearest part holding it that names one, else the
    document's metadata.unit, else 万元 (as the schema's amounts are read: schema/amounts.py). Of a list read
    through [*] (`line[*].amount`, members of one part), the unit of its first member."""
    if isinstance(place, list):
        place = place[0] if place else None
    pointer = getattr(place, "pointer", None)
    if not isinstance(document, DocumentContext) or not isinstance(pointer, str) or not pointer:
        raise Missing("")
    if pointer[0] != "/":
        return _unit_at(document.root, pointer)  # not a JSON pointer: pointer.parts raises
    # the unit depends only on the parts holding the value: kept by the pointer of the one holding it, which its
    # siblings share (the document does not change while it is evaluated)
    known: dict[str, str] = document.once(_unit_of, dict)
    holder = pointer[: pointer.rfind("/")]
    unit = known.get(holder)
    if unit is None:
        unit = known[holder] = _unit_at(document.root, pointer)
    return unit


def _unit_at(root: object, pointer: str) -> str:
    """_unit_of's unit of the value at `pointer`: the parts holding it are read in one walk down (jp.resolve's steps,
    each part as jp.resolve of its own pointer gives it; where one is absent, so are those below it), then looked at
    from the nearest up."""
    holding: list[object] = []
    node = root
    # jp.parts, whose unescape changes nothing in a pointer without "~" (the commonest): its tokens are the split
    tokens = pointer[1:].split("/") if pointer[:1] == "/" and "~" not in pointer else jp.parts(pointer)
    for token in tokens[:-1]:
        try:
            if isinstance(node, list):
                node = node[int(token)]
            elif isinstance(node, dict):
                node = node[token]
            else:
                break
        except (KeyError, IndexError, ValueError):
            break
        holding.append(node)
    for node in reversed(holding):
        if isinstance(node, dict) and node.get("unit") in _UNITS:
            return str(node["unit"])
    metadata = root.get("metadata") if isinstance(root, dict) else None
    unit = metadata.get("unit") if isinstance(metadata, dict) else None
    return str(unit) if unit in _UNITS else "万元"


def _half_unit(document: object, _prepared: object, place: object) -> Decimal:
    """Half a unit of the last printed digit of the figure at `place`: 0.6 -> 0.05, 13.24 -> 0.005, 13 -> 0.5 (as
    extraction recorded it from the printed text, else as the figure's own digits say). `p + half_unit(p)` is the
    middle of what `p` is when its digits were cut off rather than rounded: [p, p + one unit]. In a `rounded`
    comparison it is exact (how a figure is printed, not a figure)."""
    value = getattr(place, "value", place)
    if not _is_number(value):
        raise EvaluationError(f"“{value}”不是数字")
    pointer = getattr(place, "pointer", None)
    recorded = document.precision.get(pointer) if isinstance(document, DocumentContext) and pointer else None
    return half_unit(recorded if recorded is not None else printed_exponent(Decimal(value)))


def _is_number(value: object) -> bool:
    return isinstance(value, (Decimal, int)) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    return isinstance(value, str)


TEXT_KINDS = frozenset({"str", "regex"})  # the kinds whose test is _is_text: generated screens write it inline
_KIND_TESTS: dict[str, tuple[Callable[[object], bool], str]] = {
    "num": (_is_number, "数字"),
    "str": (_is_text, "文字"),
    "regex": (_is_text, "文字"),
    "list": (lambda value: isinstance(value, list), "列表"),
    "listnum": (lambda value: isinstance(value, list) and all(_is_number(item) for item in value), "数字列表"),
}


def argument_checks(params: tuple[str, ...], variadic: bool, count: int, offset: int) -> list[tuple[int, Callable[[object], bool], str]]:
    """(position among the call's values, test, kind) for each argument whose kind is not "any": the checker proved the
    kinds against the schema, but a document that breaks its schema can still hand a function a list where it takes text."""
    checks = []
    for position in range(count):
        expected = params[min(position, len(params) - 1)] if not variadic or position == 0 else "any"
        if expected in _KIND_TESTS:
            test, _zh = _KIND_TESTS[expected]
            checks.append((position + offset, test, expected))
    return checks


def call_of(name: str, function: Callable, args: list, checks: list, offset: int) -> Callable:
    """The compiled call of a function of one to three arguments (compile.Compiler._call's `call` without its list
    comprehension, a call each): the arguments worked out in order, their kinds checked, then the function called, its
    arithmetic and type errors turned into EvaluationError."""
    first, second, third = (*args, None, None)[:3]
    count = len(args)

    def checked(values: tuple) -> None:
        for position, test, kind in checks:
            if not test(values[position]):
                raise EvaluationError(wrong_kind(name, position, kind, values[position], offset=offset))

    if count == 1 and not checks:

        def call(env: object) -> object:
            value = first(env)
            try:
                return function(value)
            except (DecimalException, TypeError, ValueError) as error:
                raise EvaluationError(f"{name}(): {error}") from None

        return call

    def call_many(env: object) -> object:
        values = (first(env),) if count == 1 else (first(env), second(env)) if count == 2 else (first(env), second(env), third(env))
        if checks:
            checked(values)
        try:
            return function(*values)
        except (DecimalException, TypeError, ValueError) as error:
            raise EvaluationError(f"{name}(): {error}") from None

    return call_many


def wrong_kind(function: str, position: int, kind: str, value: object, offset: int) -> str:
    shown = type(value).__name__ if isinstance(value, (list, dict)) else f"“{value}”"
    return f"{function}() 的第 {position - offset + 1} 个参数应为{_KIND_TESTS[kind][1]}，文档中是 {shown}"


FUNCTIONS: dict[str, Function] = {
    "sum": Function(("listnum",), "num", lambda values: sum(values, Decimal(0))),
    "count": Function(("list",), "num", lambda values: Decimal(len(values))),
    "min": Function(("listnum",), "num", _min),
    "max": Function(("listnum",), "num", _max),
    "abs": Function(("num",), "num", abs),
    "round": Function(("num", "num"), "num", _round, min_args=1),
    "len": Function(("any",), "num", lambda value: Decimal(len(value))),
    "exists": Function(("any",), "bool", None),  # special form: compiled by the compiler
    "days_between": Function(("str", "str"), "num", _days_between),
    "overlaps": Function(("str", "str"), "bool", _overlaps),
    "ordered": Function(("str", "str"), "bool", _ordered),
    "grade_parses": Function(("str",), "bool", _grade_parses),
    "difference": Function(("list", "list"), "list", _difference),
    "join": Function(("list", "str"), "str", _join, min_args=1),
    "one_of": Function(("any",), "bool", _one_of, variadic=True),
    "index": Function(("any",), "num", _index, places=True),
    "find_all": Function(("str", "regex"), "liststr", _find_all, document=True),
    "excerpts": Function(("str", "regex"), "liststr", _excerpts, document=True),
    "unbalanced": Function(("str",), "str", text.unbalanced, quiet=text.UNBALANCED_QUIET),
    "share_mismatches": Function(("str",), "liststr", text.share_mismatches, quiet=text.SHARE_QUIET),
    "count_mismatches": Function(("str",), "liststr", listcount.count_mismatches, quiet=listcount.COUNT_QUIET),
    "publisher_kind": Function(("str",), "str", text.publisher_kind),
    "prose": Function((), "liststr", text.prose, document=True, prepare=text.prose_shape),
    "every_text": Function((), "liststr", text.every_text, document=True, prepare=text.prose_shape),
    "in_prose": Function(("str",), "bool", text.in_prose, document=True, prepare=text.prose_shape),
    "skipped_numbers": Function((), "liststr", numbering.skipped_numbers, document=True, prepare=text.prose_shape),
    "unit_of": Function(("any",), "str", _unit_of, document=True, places=True),
    "half_unit": Function(("any",), "num", _half_unit, document=True, places=True),
    "name_key": Function(("str",), "str", _name_key),
    "classification_name": Function(("any", "num"), "str", _classification_name, prepare=lambda _root: _classification().load_tables()),
    "economic_name": Function(("any", "num"), "str", _economic_name, prepare=lambda _root: _classification().load_tables(scheme="economic")),
    "code_of_names": Function(("list", "num"), "str", _code_of_names, prepare=lambda _root: _classification().load_tables()),
    "classification_listed": Function(("any", "num"), "bool", _listed, prepare=lambda _root: (_classification().load_tables(), _classification().load_tables(scheme="economic"))),
}
