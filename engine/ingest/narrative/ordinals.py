"""Ingest stage, narratives: ordinals as documents write them, 一、 一. （一） 1、 1. 1． 第一部分 (Chinese or Arabic numerals)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"[0-9]+|[一二三四五六七八九十〇零两]+"

# (style, pattern) in the order they are tried; the text may be normalised (（ -> (, ． -> .) or as written (the claims
# reader's lines: （一）因公出国费用 is the same heading as (一)因公出国费用)
_STYLES = (
    ("part", re.compile(rf"^第({_NUMERAL})(?:部分|章)[、.:．：\s]*")),
    ("paren", re.compile(rf"^[(（]({_NUMERAL})[)）][、.．\s]*")),
    ("comma", re.compile(rf"^({_NUMERAL})、\s*")),
    ("comma", re.compile(r"^([一二三四五六七八九十〇零两]+)[.．](?![0-9])\s*")),  # 一. / 一． written for 一、
    ("dot", re.compile(r"^([0-9]+)[.．](?![0-9０-９])\s*")),
)


@dataclass(frozen=True)
class Ordinal:
    style: str  # "part", "paren", "comma" or "dot"
    chinese: bool
    number: int
    length: int  # characters the ordinal takes, separator included


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (十, 十二, 二十, 二十三)."""
    if not text or any(ch not in _DIGIT and ch != "十" for ch in text):
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _DIGIT[ch]
        return value
    tens, _, units = text.partition("十")
    if "十" in units:
        return None
    return (_DIGIT.get(tens, 0) if tens else 1) * 10 + (_DIGIT[units] if units else 0)


def read_ordinal(norm: str) -> Ordinal | None:
    text = norm.lstrip()
    lead = len(norm) - len(text)
    for style, pattern in _STYLES:
        match = pattern.match(text)
        if match is None:
            continue
        numeral = match.group(1)
        chinese = not numeral.isdigit()
        number = chinese_number(numeral) if chinese else int(numeral)
        if number is None:
            return None
        return Ordinal(style, chinese, number, lead + match.end())
    return None
