"""Ingest stage, narratives: the numbers Word writes in front of its numbered paragraphs (自动编号).

A heading typed as 部门职责 with Word's numbering shows “一、部门职责”, but the paragraph's text holds no 一、:
without it the template's numbered headings are not seen (the sample so numbered read as an unknown template,
0 of 10 parts). Each paragraph's number is worked out as Word does for the formats a disclosure uses: its
numbering (the paragraph's own, else its style's, along the style's basedOn chain), the level's start, format
and text (“%1、”, “（%1）”, “%1.”, “第%1部分”), counted per list (numId), a level's count starting again after
any higher level of the same list; a list's startOverride is honoured. Bullets and formats not listed give no
number (the text stays as written).
"""

from __future__ import annotations

from collections.abc import Callable

from docx.oxml.ns import qn

_DIGITS = "零一二三四五六七八九"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(number: int) -> str:
    """一 … 九十九 (十, 十二, 二十, 二十三); larger numbers in digits (no disclosure numbers a list so far)."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    return (("" if tens == 1 else _DIGITS[tens]) + "十" if tens else "") + (_DIGITS[ones] if ones else "")


def _roman(number: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + numeral, number - value
    return out


def _letter(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1) if number > 0 else ""


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalHalfWidth": str,
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "chineseLegalSimplified": _chinese,
    "taiwaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "ideographTraditional": lambda n: _HEAVENLY[n - 1] if 0 < n <= len(_HEAVENLY) else str(n),
    "decimalEnclosedCircle": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "decimalEnclosedCircleChinese": lambda n: _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n),
    "lowerLetter": _letter,
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


def _val(element, tag: str) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


class Numbering:
    """The numbers of one document's numbered paragraphs, asked for in document order (`label`)."""

    def __init__(self, document) -> None:
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            part = None
        root = part.element if part is not None else None
        self._abstract = {item.get(qn("w:abstractNumId")): item for item in (root.findall(qn("w:abstractNum")) if root is not None else [])}
        self._nums = {item.get(qn("w:numId")): item for item in (root.findall(qn("w:num")) if root is not None else [])}
        self._styles = {style.get(qn("w:styleId")): style for style in document.styles.element.findall(qn("w:style"))}
        self._counts: dict[str, list[int | None]] = {}

    def label(self, paragraph) -> str:
        """The number Word shows in front of `paragraph` (with its separator), or "" when it has none."""
        num_id, level = self._numbering(paragraph)
        if not num_id or num_id == "0":
            return ""
        num = self._nums.get(num_id)
        abstract = self._abstract.get(_val(num, "w:abstractNumId")) if num is not None else None
        if abstract is None:
            return ""
        levels = {int(item.get(qn("w:ilvl"), "0")): item for item in abstract.findall(qn("w:lvl"))}
        lvl = levels.get(level)
        if lvl is None:
            return ""
        counts = self._counts.setdefault(num_id, [None] * 9)
        start = self._start(num, lvl, level)
        counts[level] = start if counts[level] is None else counts[level] + 1  # type: ignore[operator]
        for lower in range(level + 1, 9):
            counts[lower] = None  # a lower level starts again after this one
        text = _val(lvl, "w:lvlText") or ""
        if _val(lvl, "w:numFmt") in (None, "bullet", "none"):
            return ""
        for index in range(9):
            token = f"%{index + 1}"
            if token in text:
                fmt = _val(levels.get(index), "w:numFmt") or "decimal"
                shown = _FORMATS.get(fmt)
                value = counts[index] if counts[index] is not None else self._start(num, levels.get(index), index)
                if shown is None:
                    return ""  # a format not read: better no number than a wrong one
                text = text.replace(token, shown(value))
        suffix = _val(lvl, "w:suff") or "tab"
        return text + ("" if suffix == "nothing" else " ")

    def _start(self, num, lvl, level: int) -> int:
        if num is not None:
            for override in num.findall(qn("w:lvlOverride")):
                if override.get(qn("w:ilvl")) == str(level):
                    value = _val(override, "w:startOverride")
                    if value is not None and value.lstrip("-").isdigit():
                        return int(value)
        value = _val(lvl, "w:start") if lvl is not None else None
        return int(value) if value is not None and value.lstrip("-").isdigit() else 1

    def _numbering(self, paragraph) -> tuple[str | None, int]:
        """(numId, level) of the paragraph's own numPr, else of its style's, along basedOn."""
        ppr = paragraph._p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style_id = ppr.find(qn("w:pStyle")).get(qn("w:val")) if ppr is not None and ppr.find(qn("w:pStyle")) is not None else None
        seen: set[str] = set()
        while num_pr is None and style_id and style_id not in seen:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            style_ppr = style.find(qn("w:pPr"))
            num_pr = style_ppr.find(qn("w:numPr")) if style_ppr is not None else None
            style_id = _val(style, "w:basedOn")
        if num_pr is None:
            return None, 0
        level = _val(num_pr, "w:ilvl")
        return _val(num_pr, "w:numId"), int(level) if level is not None and level.isdigit() and int(level) < 9 else 0
