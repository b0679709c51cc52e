"""Ingest stage, narratives: figures in a sentence, each amount with the words before it (its label) and whether it is a change.

A label runs from the last clause boundary (or the previous figure) to the
figure; a label ending in 增加/减少… makes the figure a signed change. Labels
are matched against a section's table of patterns, so each section's mapping
is data, not code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.numbers import Money, find_money, said_roughly
from budgetcheck.ingest.narrative.source import Cell

_BOUNDARY = re.compile(r"[,;。:、!?]")
_DIRECTION = re.compile(r"(增加|增长|上升|提高|减少|下降|降低|减)了?\s*$")
_NEGATIVE = {"减少", "下降", "降低", "减"}
_ZERO_CHANGE = re.compile(r"([^,;。:、]*?)(无变化|没有变化|未发生变化|未变化|无变动|没有变动|未变动|无增减(?:变化)?|没有增减(?:变化)?|未增减|持平|不变)")
# 与上年一致 / 与2024年预算相同: agreement is no change only where it is with an earlier year's figure (与预算一致 and
# 与上年口径一致 are not)
_SAME_AS_BEFORE = re.compile(r"([^,;。:、]*?(?:与|和|同)(?:上年|去年|上一年|上年度|\d{4}\s*年度?)(?:预算数?|预算安排数?|执行数|决算数)?(?:相比|比较)?)((?:基本)?(?:一致|相同))")
_ZERO_LEVEL = re.compile(r"([^,;。:、]*?费)(?:为)?(无|零)(?=[,;。)]|$)")
_REASON_START = re.compile(r"(?:主要|原因|系|用于)")
_RATE_CLAUSE = re.compile(r"(?:同比)?(?:增长|增加|上升|提高|下降|减少|降低|增幅|降幅|减幅)(?:了|为)?\s*\d+(?:\.\d+)?\s*%(?=[,;])")


@dataclass(frozen=True)
class Figure:
    money: Money
    label: str
    label_start: int
    sign: int | None  # None: an amount; 1 or -1: a stated change; 0: stated unchanged


@dataclass(frozen=True)
class Label:
    """`level` receives the amount, `change` the signed change; a pointer ending in /- appends {name, amount}."""

    pattern: re.Pattern[str]
    level: str | None = None
    change: str | None = None
    reason: str | None = None


def figures(norm: str, unit: str) -> list[Figure]:
    found: list[Figure] = []
    previous = 0
    for money in find_money(norm):
        if not said_roughly(norm, money.start, money.end):  # 约201万元, 201万元左右: no figure to place
            found.append(_figure(norm, money, previous))
        previous = money.end
    for pattern, sign in ((_ZERO_CHANGE, 0), (_SAME_AS_BEFORE, 0), (_ZERO_LEVEL, None)):
        for match in pattern.finditer(norm):
            if any(f.money.start <= match.start(2) < f.money.end for f in found):
                continue
            money = Money(Decimal(0), unit, match.start(2), match.end(2))
            label = match.group(1).strip()
            found.append(Figure(money, label, match.start(1) + len(match.group(1)) - len(match.group(1).lstrip()), sign))
    return sorted(found, key=lambda f: f.money.start)


def _figure(norm: str, money: Money, previous: int) -> Figure:
    start = previous
    for boundary in _BOUNDARY.finditer(norm, previous, money.start):
        start = boundary.end()
    raw_label = norm[start : money.start]
    label = raw_label.strip()
    start += len(raw_label) - len(raw_label.lstrip())
    direction = _DIRECTION.search(label)
    sign = None if direction is None else (-1 if direction.group(1) in _NEGATIVE else 1)
    return Figure(money, label, start, sign)


def match(labels: Sequence[Label], figure: Figure, builder: Builder) -> tuple[Label, str] | None:
    """The first label whose pattern fits decides: its target when that is still free, else nothing."""
    for label in labels:
        if not label.pattern.search(figure.label):
            continue
        target = label.level if figure.sign is None else label.change
        if target is not None and (target.endswith("/-") or not builder.has(target)):
            return label, target
        return None
    return None


def place(builder: Builder, cell: Cell, figure: Figure, target: str, unit: str | None = None) -> str:
    """Put `figure` at `target`, held in `unit` (the unit of the part it belongs to; None: the document's)."""
    sign = -1 if figure.sign == -1 else 1
    if not target.endswith("/-"):
        builder.put_money(target, figure.money, cell, figure.label_start, sign, unit)
        return target
    listing = target[:-2]
    if not builder.has(listing):
        builder.mark(listing, [], cell)
    items = builder.get(listing)
    item = f"{listing}/{len(items)}"  # type: ignore[arg-type]
    builder.mark(item, {}, cell)
    name = re.sub(r"^(?:例如|如|其中|主要用于|包括|和|及|、)+", "", figure.label)
    name = re.sub(r"(?:安排|为|共|计)+$", "", name).strip()
    offset = figure.label_start + figure.label.find(name) if name else figure.label_start
    builder.put(f"{item}/name", cell.raw[offset : offset + len(name)], cell, offset, offset + len(name))
    builder.put_money(f"{item}/amount", figure.money, cell, figure.label_start, sign, unit)
    return item


def clause_after(norm: str, end: int, stops: str) -> tuple[int, int] | None:
    """The clause right after a figure when it reads as an explanation (主要…/原因…), as (start, end) offsets."""
    start = end
    while start < len(norm) and norm[start] in ",;: ":
        start += 1
    rate = _RATE_CLAUSE.match(norm, start)  # …减少0.01万元，下降16.67%，主要原因是…: the rate first
    if rate is not None:
        start = rate.end()
        while start < len(norm) and norm[start] in ",;: ":
            start += 1
    if not _REASON_START.match(norm, start):
        return None
    stop = start
    while stop < len(norm) and norm[stop] not in stops:
        stop += 1
    money = find_money(norm[start:stop])
    if money:
        # 基本支出减少50.34万元，主要为人员减少，项目支出增加0.04万元…: a writer who parts the figures by commas only ends the
        # reason at the comma before the next figure's clause; a reason without that comma holds the figure itself
        stop = norm.rfind(",", start, start + money[0].start)
        if stop < 0:
            return None
    return start, stop


def map_figures(
    builder: Builder, cell: Cell, labels: Sequence[Label], found: Sequence[Figure] | None = None, unit: str | None = None
) -> list[Figure]:
    """Place every figure a label claims, held in `unit` (the part's own unit; None: the document's); return the ones
    no label claimed."""
    left = []
    subject: Figure | None = None
    base: Figure | None = None  # 比2018年预算379.67万元: the comparison's figure, after the subject's
    for figure in figures(cell.norm, builder.unit) if found is None else found:
        if subject is not None and "。" in cell.norm[subject.money.end : figure.money.start]:
            subject = None
        if figure.sign is None and subject is not None and _COMPARISON_ONLY.match(figure.label):
            base = figure  # last year's amount of the subject, not a figure of its own: left unmapped
            left.append(figure)
            continue
        figure = _with_subject(figure, subject, base if _DIRECTION_ONLY.match(figure.label) else None)
        base = None
        if figure.sign is None:
            subject = figure
        hit = match(labels, figure, builder)
        if hit is None:
            left.append(figure)
            continue
        label, target = hit
        place(builder, cell, figure, target, unit)
        if label.reason and not builder.has(label.reason):
            span = clause_after(cell.norm, figure.money.end, ";。" if figure.sign is not None else ",;。")
            if span is not None:
                builder.put(label.reason, cell.raw[span[0] : span[1]], cell, *span)
    return left


_COMPARISON_ONLY = re.compile(r"^(?:较|与|比|同比|比上年|较上年)")
_DIRECTION_ONLY = re.compile(r"^(?:增加|增长|上升|提高|减少|下降|降低)了?$")


def _with_subject(figure: Figure, subject: Figure | None, base: Figure | None = None) -> Figure:
    """A change stated only against a year (……839万元，与2024年预算持平) or by its direction alone (…0.05万元，减少0.01万元)
    is a change of the amount just named; so is one right after last year's amount (支出329.37万元，比2018年预算379.67万元
    减少50.30万元: `base`)."""
    if figure.sign is None or subject is None:
        return figure
    if base is not None:
        return Figure(figure.money, subject.label + base.label + figure.label, figure.label_start, figure.sign)
    if not (_COMPARISON_ONLY.match(figure.label) or _DIRECTION_ONLY.match(figure.label)):  # 公务接待费0.05万元，减少0.01万元
        return figure
    return Figure(figure.money, subject.label + figure.label, figure.label_start, figure.sign)
