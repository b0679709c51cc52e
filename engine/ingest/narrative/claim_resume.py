"""Ingest stage, narrative claims: a 其中 list a full stop cut short, resumed by the sentence after it.

2025年收入预算1282.73万元,其中:一般公共预算拨款1125.76万元,上年结转0.00万元。事业收入86.97万元,其他收入70.00万元。 (a real
2025 school budget; a 三公 list's third item after a 。 in a 2021 决算 too): read a sentence at a time, the list ended at
the stop, its parts fell 156.97 short of the whole (a CLM-SUM-003 warning) and the next sentence's items were items of
their own. The sentence goes on with the list only where nothing can be mistaken: the paragraph's last figure is a part
of the list, the parts fall short of their whole, and the next sentence opens with a run of names, each with its amount
alone, whose amounts give exactly what the list lacks. Any other sentence starts anew.

A claim here is claim_model.Claim (`data`, `id`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from budgetcheck.ingest.narrative.claim_words import AMOUNT, converted, is_change

_CLAUSE = re.compile(r"[，,；;、]")
_NAMED = re.compile(r"\s*[\u4e00-\u9fff“”（）()]{2,20}?(?:为|是)?\s*$")
_NOT_A_PART = re.compile(r"合计|总计|总额|共计|累计|比|较|与|同比|上年|去年|增|减|降|差")  # a total, a comparison, a change


def resumed_whole(sentence: str, claims: list, unit: str) -> Any:
    """The whole of the list the paragraph's last figure is a part of, when `sentence` opens with the parts it lacks."""
    last = next((claim for claim in reversed(claims) if "amount" in claim.data), None)
    if last is None or not last.data.get("part_of"):
        return None
    whole = next((claim for claim in claims if claim.id == last.data["part_of"]), None)
    if whole is None or "amount" not in whole.data:
        return None
    listed = sum((Decimal(claim.data["amount"]) for claim in claims if claim.data.get("part_of") == whole.id and "amount" in claim.data), Decimal(0))
    lacking = Decimal(whole.data["amount"]) - listed
    if lacking <= 0:
        return None
    found = Decimal(0)
    for clause in _CLAUSE.split(sentence.rstrip("。 ")):
        amount = AMOUNT.search(clause)
        name = clause[: amount.start()] if amount is not None else ""
        if amount is None or clause[amount.end() :].strip() or not _NAMED.fullmatch(name) or _NOT_A_PART.search(name) or is_change(clause, 0, amount):
            return None
        found += Decimal(converted(amount.group("num"), amount.group("unit"), unit))
        if found == lacking:
            return whole
        if found > lacking:
            return None
    return None
