"""Ingest stage, narrative claims: a change stated in the paragraph after the one that states the item's amount.

A 决算 often gives an item's figures a paragraph each: …“三公”经费支出预算为24.5万元,支出决算为11.96万元,…其中:因公出国(境)费
支出决算为0万元;…|2023年度…“三公”经费支出决算数比2022年减少0.41万元,下降3.34%。其中:因公出国(境)费支出决算增加0万元,…
(a real Yunnan 决算); 经汇总,…“三公”经费支出合计40.14万元。其中,…|经比较,…“三公”经费较上年减少2.97万元,下降6.89% (a real
Chongqing 决算). Read a paragraph at a time, the change is a claim of its own with no amount, so its percentage cannot be
checked. `carry_changes` reads it as the sentence would be read inside the paragraph before: the change goes to that
paragraph's claim of the item (and each part's change to that claim's part of the same name), as claims.py's
_merge_target does within a paragraph.

Only where nothing can be mistaken: the paragraph comes right after the other (claim_lists.adjacent); the change names
its item (no part of a list) and has no amount; the paragraph before states exactly one amount of that item of the same
measure (决算, 支出决算, 决算数 alike; no measure with no measure: a budget figure of a 决算 is never the base of its
outturn's change), for the same year, with no change yet; the two say nothing different of any other field; and every
part the change lists finds one part of that name, with no change, in the list of the paragraph before. Else nothing is
moved: a change left unchecked is better than one set against the wrong figure.

A claim here is claim_model.Claim (`data`, `positions`, `precision`, `digits`, `sentence`, `later`, `read_from`).
"""

from __future__ import annotations

import re
from typing import Any

from budgetcheck.ingest.narrative.claim_lists import adjacent, measure_kind
from budgetcheck.ingest.narrative.claim_model import UNNAMED
from budgetcheck.ingest.narrative.claim_text import SENTENCE_END
from budgetcheck.ingest.narrative.claim_words import same_item
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.source import normalise

_CHANGED = ("direction", "change", "percent", "percent_direction", "base_amount", "plan_change")
_OWN = frozenset(("id", "subject", "part_of", "measure", "original_unit", "text"))  # the target keeps its own
_TOTAL_WORDS = re.compile(r"(?<=费)(?:支出)?(?:合计|总计|总额)?$")  # 公务接待费支出, “三公”经费支出合计: the item 公务接待费
_UNIT_AND_YEAR = re.compile(r"^[^0-9，,。；;：:]{0,30}?[0-9]{4}年度?")  # 青松街道2023年度一般公共预算…: the unit and year said first


def carry_changes(window: list[tuple[Any, list]], paragraph: Any, headings: frozenset[int], claims: list, fiscal_year: int | None) -> None:
    """Move each change of `claims` (the claims of `paragraph`) that belongs to an amount stated in one of the paragraphs
    of `window` (the two before, oldest first, each with its claims) onto that claim, with its list's parts; the claims
    moved are taken out of `claims`. The nearest paragraph that states an amount of the item decides; a paragraph is
    looked in only when it comes right before the one after it (claim_lists.adjacent: no heading between), and past
    only when it is a sentence of other things (_passed_over)."""
    for claim in [claim for claim in claims if _a_change(claim)]:
        target, after = None, paragraph
        for before, earlier in reversed(window):
            if not adjacent(before, after, headings):
                break
            target, after = _target(claim, earlier, fiscal_year), before
            if target is not None or _stated(claim, earlier) or not _passed_over(before):
                break
        if target is None:
            continue
        parts = [other for other in claims if other.data.get("part_of") == claim.id]
        pairs = _pairs(parts, [other for other in earlier if other.data.get("part_of") == target.id])
        if pairs is None or any(_conflict(part, whole) for part, whole in pairs):
            continue
        for part, whole in [(claim, target), *pairs]:
            _move(part, whole)
            claims.remove(part)


def _passed_over(paragraph: Any) -> bool:
    """Whether a paragraph that states no amount of the item may be looked past: sentences (…团组数0个；…105批次。), not
    a line that reads as a heading the reader did not know (二、增减变化情况: no sentence mark at its end, or a number first)."""
    chars = paragraph.chars.strip()
    return chars.endswith(tuple(SENTENCE_END)) and read_ordinal(normalise(chars[:8])) is None


def _a_change(claim: Any) -> bool:
    data = claim.data
    return not data.get("part_of") and "change" in data and "direction" in data and "amount" not in data and "restated_amount" not in data


def _item(subject: str) -> str:
    """The item a subject names: the unit and year it may begin with and the words of a figure's total left off
    (_UNIT_AND_YEAR, _TOTAL_WORDS), 运维 written out."""
    return _TOTAL_WORDS.sub("", _UNIT_AND_YEAR.sub("", subject).replace("运维", "运行维护"))


def _stated(claim: Any, earlier: list) -> list:
    """The claims of `earlier` that state an amount of the item `claim` names (no part of a list)."""
    item = _item(claim.data.get("subject", ""))
    return [other for other in earlier if not other.data.get("part_of") and "amount" in other.data and _item(other.data["subject"]) == item]


def _target(claim: Any, earlier: list, fiscal_year: int | None) -> Any:
    stated, kind = _stated(claim, earlier), measure_kind(claim)
    fitting = [other for other in stated if measure_kind(other) == kind]
    if len(fitting) != 1 or (not kind and len(stated) != 1):
        return None  # no amount, two of the measure, or an item stated with no measure beside others: which is meant is not known
    target = fitting[0]
    year, stated_year = claim.data.get("year"), target.data.get("year", fiscal_year)
    if year is not None and year != stated_year or any(key in target.data for key in _CHANGED) or _conflict(claim, target):
        return None
    return target


def _pairs(parts: list, listed: list) -> list[tuple[Any, Any]] | None:
    """Each part of the change's list with the part of the same name of the amount's list; None when one has none (or
    two), has an amount of its own, or already says how it changed."""
    pairs = []
    for part in parts:
        same = [other for other in listed if _item(other.data["subject"]) == _item(part.data["subject"]) and measure_kind(other) == measure_kind(part)]
        if len(same) != 1 or "amount" in part.data or any(key in same[0].data for key in _CHANGED) or any(same[0] is whole for _, whole in pairs):
            return None
        pairs.append((part, same[0]))
    return pairs


def _conflict(claim: Any, target: Any) -> bool:
    """Whether the two claims say something different of one field (a reason each, two classifications)."""
    return any(key not in _OWN and key != "year" and key in target.data and target.data[key] != value for key, value in claim.data.items())


def _move(claim: Any, target: Any) -> None:
    """The fields `target` lacks, where `claim` read them, and the sentences they were read from."""
    moved = {key for key in claim.data if key not in _OWN and key not in target.data}
    for key in moved:
        target.data[key] = claim.data[key]
    for pointer, position in claim.positions.items():
        if pointer.split("/")[1:2] and pointer.split("/")[1] in moved:
            target.positions.setdefault(pointer, position)
    for pointer, digits in claim.precision.items():
        if pointer.split("/")[1:2] and pointer.split("/")[1] in moved:
            target.precision.setdefault(pointer, digits)
    target.digits.extend(claim.digits)
    for sentence in [claim.sentence, *claim.later]:
        target.read_from(sentence)


def this_years(target: Any, comparison: re.Match | None, said: tuple | None, claims: list, fiscal_year: int | None) -> Any:
    """The claim a comparison written with its own year (2016年预算比2015年预算下降68.8%, 2018年比2017年减少563.21万元) is of,
    when the claim read just before is the base year's figure (2015年预算数160万元): not that claim (it would be compared
    with its own year) but the latest top claim of the year said (`said`, the sentence's year) of the same item (or the
    figure before names none), which takes the base's amount; None when there is no such claim, or it has a comparison
    already: the comparison is then left unread. Any other comparison stays with `target`."""
    by = comparison.group("by") if comparison is not None else None
    if by is None or target.data.get("year") != int(by) or said is None or said[0] == int(by):
        return target  # the base year's item may have no amount: said roughly (2017年基本支出约1197.92万元), it gives none
    named = target.data.get("subject", "")
    current = next(
        (
            claim
            for claim in reversed(claims)
            if claim is not target and claim.top and "amount" in claim.data and claim.data.get("year", fiscal_year) == said[0]
            and (named == UNNAMED or named in claim.data.get("subject", "") or claim.data.get("subject", "") in named)
        ),
        None,
    )
    if current is None or any(key in current.data for key in _CHANGED):
        return None
    if "amount" not in target.data:
        return current
    current.data["base_amount"] = target.data["amount"]
    current.positions["/base_amount"] = target.positions["/amount"]
    if "/amount" in target.precision:
        current.precision["/base_amount"] = target.precision["/amount"]
    return current


def named_whole(claim: Any, parent: Any, claims: list) -> Any:
    """The item a 其中 list's first part names as the whole of its share (其中：人员经费700万元，占基本支出的87.5%；公用经费…)
    when that is not the list's whole (`parent`, the figure before the 其中: 项目支出400万元) but an item read before it, the
    latest of that name with an amount: the list is that item's, its later parts too. None otherwise: a share of the
    list's own whole, of no item read, of a whole the list's whole is itself a part or a share of (授予中小企业合同金额300万元，
    占政府采购支出总额的60%，其中：授予小微企业合同金额120万元，占政府采购支出总额的24%: both against the total), or a later
    part's (regroup reads those)."""
    of = claim.data.get("share_of")
    if not of or claim.data.get("part_of") != parent.id or same_item(of, parent.data.get("subject", "")) or parent.data.get("share_of") == of:
        return None
    by_id, seen, above = {other.id: other for other in claims}, {parent.id}, parent
    while (above := by_id.get(above.data.get("part_of", ""))) is not None and above.id not in seen:
        seen.add(above.id)
        if above.data.get("subject") == of:
            return None
    if any(other is not claim and other.data.get("part_of") == parent.id for other in claims):
        return None
    return next((other for other in reversed(claims) if other is not parent and other is not claim and other.data.get("subject") == of and "amount" in other.data), None)
