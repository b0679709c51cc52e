"""Ingest stage: the bounds every document is held to once read, whatever its kind, before any schema or rule sees it.

A list longer than the limit (a table of a hundred thousand rows, a narrative with more claims
than any disclosure states) makes the document unreadable, naming the list and the limit: every
rule over such a list would cost more than a batch can give one document. A number too large or
too small to mean money (`1e999999999`, `1e-999999999`, an integer of 5,000 digits) is taken out
of the document (set to null) and reported where it stands: printing `1e-999999999` in full would
write a billion zeros, and arithmetic on it overflows. Nothing here recurses: the walk keeps its
own stack.
"""

from __future__ import annotations

from decimal import Decimal

from budgetcheck import codes
from budgetcheck import pointer as jp
from budgetcheck.findings import Finding
from budgetcheck.ingest.document import SourceDocument
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import Limits
from budgetcheck.money import MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, within_bounds


def shown(number: Decimal | int, lang: str = "zh") -> str:
    """A number as a message shows it, cut when long: its first digits and how many there are."""
    exact = Decimal(number)  # str() of an int of more than 4,300 digits raises; Decimal's does not
    text = str(exact)
    if len(text) <= 40:
        return text
    digits = len(exact.as_tuple().digits)
    return f"{text[:20]}…（{digits} 位）" if lang == "zh" else f"{text[:20]}… ({digits} digits)"


def bound(document: SourceDocument, limits: Limits) -> list[Finding]:
    """Raise IngestError for a list over `limits.max_items`; set every number out of bounds to None and
    return a finding for each (SCHEMA-NUMBER-SIZE, at its pointer, located)."""
    if document.bounded == limits or _within(document.data, limits):  # the usual case, decided without building a single pointer
        return []
    findings: list[Finding] = []
    stack: list[tuple[object, str]] = [(document.data, "")]
    while stack:
        value, pointer = stack.pop()
        if type(value) is dict:
            stack.extend((item, jp.join(pointer, key)) for key, item in value.items())
        elif type(value) is list:
            if len(value) > limits.max_items:
                where = document.location(pointer)
                raise IngestError(
                    codes.INPUT_TOO_MANY_ITEMS,
                    f"列表 {pointer or '/'} 有 {len(value)} 项，超过上限 {limits.max_items} 项",
                    f"the list {pointer or '/'} holds {len(value)} items, more than the limit of {limits.max_items}",
                    *(where or (None, None)),
                    pointer,
                )
            stack.extend((item, f"{pointer}/{index}") for index, item in enumerate(value))
        elif type(value) in _NUMBERS and not within_bounds(value):  # type: ignore[arg-type]
            findings.append(_out_of_bounds(document, pointer, value))  # type: ignore[arg-type]
    return sorted(findings, key=lambda finding: finding.paths)


_NUMBERS = (int, Decimal)


def _within(data: object, limits: Limits) -> bool:
    """Whether every list and number of `data` is within bounds."""
    stack = [data] if type(data) in (dict, list) else []
    while stack:
        value = stack.pop()
        items = value.values() if type(value) is dict else value
        if type(value) is list and len(value) > limits.max_items:
            return False
        for item in items:  # type: ignore[union-attr]
            kind = type(item)
            if kind is dict or kind is list:
                stack.append(item)
            elif (kind is int or kind is Decimal) and not within_bounds(item):
                return False
    return True


def _out_of_bounds(document: SourceDocument, pointer: str, number: Decimal | int) -> Finding:
    parent_pointer, _, token = pointer.rpartition("/")
    parent = jp.resolve(document.data, parent_pointer)
    parent[int(token) if isinstance(parent, list) else jp.unescape(token)] = None  # type: ignore[index]
    code = codes.SCHEMA_NUMBER_SIZE
    return code.finding(
        f"{pointer} 的数值 {shown(number)} 超出可处理的范围（整数部分至多 {MAX_INTEGER_DIGITS} 位、小数至多 {MAX_FRACTION_DIGITS} 位），未予检查",
        f"{pointer}: the number {shown(number, 'en')} is out of range (at most {MAX_INTEGER_DIGITS} digits before the point and {MAX_FRACTION_DIGITS} after); it was not checked",
        (pointer,),
        (document.location(pointer),),
    )
