"""Rule language: a count said before the names it lists (设7个内设机构，分别是：办公室、…) against the names listed.

`count_mismatches(text)` gives each such list whose names cannot be the number said, however the list is read. The
reading is never guessed: a list is judged only when it counts some (not 0个) and its items are plain names (2 to 30
characters; no figure, 等, 在内 or 无…), and the number of names is taken as a range — the names before the first comma
(a comma may end the list: …政治部,司法警察大队单独设置) up to every comma-separated piece as a name too (or continue it:
…活动服务部,读者服务部), with a name joined by 和/及/与 counted once or twice (办公室和党建办公室 is two; 招生和技术装备中心
one). Only a count outside that range is a finding: 7个二级预算单位 with six names, 3个科室 with four.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_NUMERAL = r"[0-9]{1,3}|[一二三四五六七八九十两]{1,3}"
# the count, what is counted (a short noun: 内设机构, 二级预算单位; no clause), then the word that opens the names
_COUNTED = re.compile(
    rf"(?P<n>{_NUMERAL})个(?P<what>[^，,。；;：:、（）()\s0-9]{{0,12}}?)\s*(?:组成)?\s*[，,]?\s*(?:具体)?(?:分别是|分别为|包括|即)[ \t　]*[：:]?[ \t　]*(?P<names>[^。；;\n：:\s][^。；;\n]*)"
)
# every finding holds this: the text-once route (dsl/textonce.py) runs the function only on texts that match it
COUNT_QUIET = r"个[^，,。；;：:、（）()\s0-9]{0,12}?\s*(?:组成)?\s*[，,]?\s*(?:具体)?(?:分别是|分别为|包括|即)"
_OPEN = re.compile(r"等|在内|以及其他|其他|[0-9%％]|万元|元|^(?:我|本)?(?:单位|部门)?(?:无|没有|暂无|未设)")  # …0个处室,分别是:我单位无下设处室
_JOIN = re.compile(r"和|及|与")
_PAIRS = {"（": "）", "(": ")", "“": "”", "《": "》"}


def count_mismatches(text: str) -> list[str]:
    """Each list of `text` whose names cannot be as many as the count said before them, with the count and the names."""
    out = []
    for match in _COUNTED.finditer(text):
        said = _number(match.group("n"))
        pieces = _split(match.group("names"), "，,")
        if not said or not pieces or any(not piece for piece in pieces):
            continue
        first = _split(pieces[0], "、")
        every = [name for piece in pieces for name in _split(piece, "、")]
        if any(not 2 <= len(name) <= 30 or _OPEN.search(name) for name in every):
            continue
        fewest, most = len(first), len(every) + sum(len(_JOIN.findall(name)) for name in every)
        if fewest <= said <= most:
            continue
        listed = fewest if said < fewest else len(every)
        names = match.group("names")
        out.append(f"{match.group('n')}个{match.group('what')}，列出 {listed} 个：{names if len(names) <= 80 else names[:80] + '…'}")
    return out


def _number(numeral: str) -> int | None:
    """A count written in figures (7, 12) or in Chinese numerals up to 99 (七, 十二, 两); None for anything else."""
    if numeral.isdigit():
        return int(numeral)
    numeral = numeral.replace("两", "二")
    tens, ten, units = numeral.partition("十")
    if not ten:
        return _DIGITS.index(numeral) if len(numeral) == 1 and numeral in _DIGITS else None
    if len(tens) > 1 or len(units) > 1 or (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(units) if units else 0)


def _split(text: str, marks: str) -> list[str]:
    """`text` cut at each of `marks` outside brackets and quotation marks, each piece stripped; [] when a bracket
    is left open (the list runs on past what this text holds)."""
    pieces, current, closing = [], [], []
    for char in text:
        if closing and char == closing[-1]:
            closing.pop()
        elif char in _PAIRS:
            closing.append(_PAIRS[char])
        elif not closing and char in marks:
            pieces.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    if closing:
        return []
    pieces.append("".join(current).strip())
    return pieces
