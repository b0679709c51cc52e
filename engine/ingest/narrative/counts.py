"""Ingest stage, narrative claims: counts stated with their parts, 购置公务用车0辆，其中：执法执勤用车1辆、….

A count (辆, 台, 个) followed by “其中” and its parts becomes a claim with `quantity` and `quantity_unit`, and
each part a claim of its own naming the whole through `part_of`, so that a rule can add the parts up. A count
without parts says nothing to check and is left as it is (a figure of the text, not a claim).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT = r"(?P<unit>辆|台|个)"
# Spaces around an optional word are written `\s*(?:word\s*)?`, never `\s*(?:word)?\s*`: the two runs of spaces of
# the second form split a run k spaces long k ways at every start, and a PDF's table text has runs of 30 or more
# (0.6 s for one 7,500-character table line, 2.3 s for a 31-page disclosure). Both forms match the same strings.
_WHOLE = re.compile(rf"(?P<subject>[^，,。；;：:、()（）\d]{{2,20}}?)\s*(?:(?:为|是|共|共计)\s*)?(?P<n>\d+)\s*{_UNIT}\s*(?:[，,]\s*)?(?:[（(]\s*)?其中\s*(?:[：:，,]\s*)?")
_PART = re.compile(rf"\s*(?P<subject>[^，,。；;：:、()（）\d]{{2,20}}?)\s*(?:(?:为|是)\s*)?(?P<n>\d+)\s*{_UNIT}\s*(?P<sep>[、，,；;]|[)）。]|$)")
_UNFILLED = re.compile(rf"\s*[^，,。；;：:、()（）\d]{{2,20}}?\s*(?:[*＊×xX]+|某|若干)\s*{_UNIT}")  # 参照公务员法管理的事业单位**个
_LEAD = re.compile(r"\s*(?:其中\s*)?(?:年度?\s*)?")
# a figure after a direction word is a change (共有车辆5辆，比上年减少1辆，其中：…): no whole of the parts after it
_CHANGED = re.compile(r"(?:增加|减少|增长|下降|上升|降低)了?\s*$")
# the fuel of a vehicle cuts across its use: 执法执勤用车2辆，新能源汽车2辆 are not two kinds of the same 2 vehicles
_FUEL = re.compile(r"新能源|纯电动|混合动力|插电|燃油|燃料电池")


@dataclass(frozen=True)
class Count:
    """A counted whole or one of its parts: claim fields and where each was read (offsets into the text)."""

    data: dict
    offsets: dict[str, int]
    part_of: int | None = None  # the index, in the list returned, of the whole it is a part of


def read_counts(text: str) -> list[Count]:
    """Each count with its parts in `text`, the whole first and its parts after it."""
    out: list[Count] = []
    if "其中" not in text or not ("辆" in text or "台" in text or "个" in text):
        return out  # _WHOLE needs both: no text without them is searched
    for whole in _WHOLE.finditer(text):
        parts = []
        at = whole.end()
        while True:
            part = _PART.match(text, at)
            if part is None or part.group("unit") != whole.group("unit"):
                break
            parts.append(part)
            at = part.end()
            if part.group("sep") not in ("、", "，", ",", "；", ";"):
                break
        fuels = [part for part in parts if _FUEL.search(part.group("subject"))]
        if fuels and len(fuels) < len(parts):
            parts = [part for part in parts if part not in fuels]
        if not parts or _CHANGED.search(whole.group("subject")) or _UNFILLED.match(text, at):
            continue  # (…事业单位**个,其他事业单位5个: a count left unfilled; the parts after it unread, the list is not whole)
        index = len(out)
        out.append(_count(whole))
        out.extend(_count(part, index) for part in parts)
    return out


def _count(match: re.Match, part_of: int | None = None) -> Count:
    # What comes before the name: spaces, a leading 其中 (the word, not its two characters: 其他用车, 中共…
    # keep theirs) and the 年/年度 of a year the subject class stopped at (2025年部门预算安排购置车辆).
    raw = match.group("subject")
    lead = _LEAD.match(raw).end()
    subject = re.sub(r"\s+", "", raw[lead:])
    start = match.start("subject") + lead
    data = {"subject": subject, "quantity": int(match.group("n")), "quantity_unit": match.group("unit")}
    offsets = {"": start, "/subject": start, "/quantity": match.start("n")}
    return Count(data, offsets, part_of)
