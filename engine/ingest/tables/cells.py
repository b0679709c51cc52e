"""Ingest stage, tables: one cell at a time: an amount (Decimal with its printed places), a classification code, an ordinal.
Nothing here guesses: a cell that is not what its column needs comes back as a reason."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from budgetcheck.ingest.tables.grid import GridCell
from budgetcheck.ingest.tables.model import Value

_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")
_DASH = re.compile(r"^[-—–─―‐]+$")
_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_EMBEDDED = re.compile(r"^\[?(\d{3}(?:\d{2}){0,2})\]?(?:[\s\-—:：、.．]+|(?=[^\d\s]))(\S.*)$")
_ORDINAL = re.compile(r"^(?:([一二三四五六七八九十]+)、|(\d+)[、.．](?!\d)|[（(]([一二三四五六七八九十]+)[)）]|[（(](\d+)[)）])")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")

FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
ECONOMY_LEVELS = {3: "类", 5: "款"}


@dataclass(frozen=True)
class CellReason:
    code: str
    message: str


def clean(text: str) -> str:
    """Cell text for values: NFKC (full-width digits, commas and points), no white space, − as -."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).replace("−", "-")


def name_text(text: str) -> str:
    """A name as printed, without the gaps a PDF's justified or wrapped cell puts between CJK characters."""
    return _CJK_GAP.sub("", text.strip())


def is_number_text(text: str) -> bool:
    return bool(_NUMBER.match(clean(text)))


def is_code_text(text: str) -> bool:
    return bool(_CODE.match(clean(text)))


def amount(cell: GridCell | None, dash_as_blank: bool, where: object) -> Value | CellReason:
    """The amount a value cell prints: blank is zero (marked blank), a number is itself with its places,
    a dash is zero only where the template uses it so; anything else is a reason, never zero."""
    if cell is not None and cell.number is not None:
        return Value(cell.number, cell.places or 0, text=cell.text, where=where)
    if cell is not None and "formula_uncached" in cell.flags:
        return CellReason("CELL-FORMULA", "a formula with no stored result: its value was never calculated")
    text = clean(cell.text) if cell is not None else ""
    if not text:
        return Value(Decimal(0), 0, blank=True, where=where)
    if several_figures(cell.text):
        return CellReason("CELL-SEVERAL", f"'{cell.text.strip()}' holds more than one figure (cells run together where a rule is not drawn, or digits set apart): not read")
    hit = _NUMBER.match(text)
    if hit:
        return Value(Decimal(text.replace(",", "")), len(hit.group(1) or ""), text=cell.text, where=where)
    if _DASH.match(text):
        if dash_as_blank:
            return Value(Decimal(0), 0, blank=True, dash=True, text=cell.text, where=where)
        return CellReason("CELL-DASH", f"'{cell.text}' in a numeric column: this template does not print a dash for zero")
    return CellReason("CELL-TEXT", f"text '{cell.text.strip()}' in a numeric column is not a number (not read as zero)")


def several_figures(text: str) -> bool:
    """'1097073 3609125': parts apart from each other, each a whole figure. Two cells' figures run together (a rule
    not drawn, a wrapped cell holding two lines), never one figure: a figure wrapped in its cell breaks into a part
    that is no figure by itself ('2,345,67' | '8.50')."""
    parts = unicodedata.normalize("NFKC", text).replace("−", "-").split()
    return len(parts) > 1 and all(_NUMBER.match(part) for part in parts)


_ASIDE = re.compile(r"[（(](?![一二三四五六七八九十0-9]+[）)])[^（）()]*[）)]")  # not an ordinal's: （二）


def several_items(text: str) -> bool:
    """'三、卫生健康支出四、住房保障支出': a label holding a second item numbered as it is (two rows' labels run together);
    not one whose aside in brackets numbers things (二、项目支出（含一、二类）)."""
    _, style, rest = ordinal(text)
    rest = _ASIDE.sub("", rest)
    return style is not None and any(ordinal(rest[i:])[1] == style for i in range(len(rest)))


def split_code(parts: list[tuple[str, str, bool]]) -> tuple[str | None, CellReason | None]:
    """The full code from 类/款/项 parts [(part, text, numeric)]: 201 | 03 | 01 -> 2010301. A numeric
    款/项 cell that lost its leading zero in Excel (3 for 03) is padded; a gap (款 without 类) is a reason."""
    widths = {"class": 3, "section": 2, "item": 2}
    code = ""
    gap = False
    for part, text, numeric in parts:
        t = clean(text)
        if not t:
            gap = True
            continue
        if gap:
            return None, CellReason("CODE-GAP", f"code part '{t}' follows an empty higher part (类/款/项)")
        if numeric and t.isdigit() and len(t) < widths[part]:
            t = t.zfill(widths[part])
        if not (t.isdigit() and len(t) == widths[part]):
            return None, CellReason("CODE-BAD", f"'{text}' is not a {widths[part]}-digit {part} code")
        code += t
    return (code or None), None


def joined_code(text: str) -> tuple[str | None, CellReason | None]:
    t = clean(text)
    if not t:
        return None, None
    if _CODE.match(t):
        return t, None
    return None, CellReason("CODE-BAD", f"'{text}' is not a 3-, 5- or 7-digit classification code")


def embedded_code(text: str) -> tuple[str | None, str]:
    """'201 一般公共服务支出' / '2010301行政运行' / '[201]一般公共服务支出' -> (code, name); (None, text) otherwise."""
    hit = _EMBEDDED.match(text.strip())
    return (hit.group(1), hit.group(2).strip()) if hit else (None, text)


def level_of(code: str, scheme: str | None) -> str | None:
    return (ECONOMY_LEVELS if scheme == "economy" else FUNCTION_LEVELS).get(len(code))


def parent_of(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def ordinal(text: str) -> tuple[str | None, str | None, str]:
    """(ordinal as printed, its style, the rest): '一、财政拨款收入' -> ('一、', 'cn', '财政拨款收入')."""
    t = text.strip()
    hit = _ORDINAL.match(t)
    if not hit:
        return None, None, t
    style = ("cn", "arabic", "cn_paren", "arabic_paren")[next(i for i, g in enumerate(hit.groups()) if g)]
    return hit.group(0), style, t[hit.end():].strip()
