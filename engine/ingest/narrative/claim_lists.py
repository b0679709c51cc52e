"""Ingest stage, narrative claims: inside a 其中 list, whose is a change (the whole's or the part's before it), and
which part is a part of another part (regroup).

总预算A元，其中：基本支出B元，项目支出C元，同比增加D元，增长E%: after a list of two parts or more that state no change of
their own, the change (and the percentage after it) is the whole's, when the whole has none yet. Right after the first
part (其中：公务接待费2.30万元，较上年减少1.5万元), in a list whose parts state their own changes, or when another part of the
list follows the change (…公务用车费2.80万元，比上年增加0.3万元，增长12%；公务接待费…), it is the part's. The last case is
known only when the next part is read: the change is lent to the whole and given back (Lent).

A claim here is claims.py's _Claim (`data`, `positions`, `precision`, `id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Lent:
    """A change (its comparison, percentage) given to the whole of a 其中 list after its part `part`, and what the whole
    held before it. Should another part of the list follow, the change was `part`'s: give_back moves it there."""

    whole: Any  # claims.py's _Claim
    part: Any
    data: set[str]
    positions: set[str]
    precision: set[str]

    def give_back(self) -> None:
        whole, part = self.whole, self.part
        for key in [key for key in whole.data if key not in self.data]:
            part.data.setdefault(key, whole.data.pop(key))
        for key in [key for key in whole.positions if key not in self.positions]:
            part.positions.setdefault(key, whole.positions.pop(key))
        for key in [key for key in whole.precision if key not in self.precision]:
            part.precision.setdefault(key, whole.precision.pop(key))


def after_list(made: list, whole: Any, target: Any) -> bool:
    """Whether a change read after the part `target` of a 其中 list is its whole's: it follows a list of two parts or
    more, none of which states a change of its own, and the whole has none yet (总预算A元，其中：基本支出B元，项目支出C元，
    同比增加D元). Right after the first part (其中：公务接待费2.30万元，较上年减少1.5万元) or in a list whose parts each
    say how they changed (基本支出B元，比上年增加…；项目支出C元，比上年减少…) it is the part's own."""
    if "direction" in whole.data or "direction" in target.data or target.data.get("part_of") != whole.id:
        return False
    parts = [claim for claim in made if claim.data.get("part_of") == whole.id]
    return len(parts) >= 2 and not any("direction" in part.data for part in parts)


# a kind of firm that is one of another: 小微企业 are 中小企业 (《政府采购促进中小企业发展管理办法》, 财库〔2020〕46号,
# 第二条: 中小企业 are 中型、小型、微型企业)
_SUBSETS = (("小微企业", "中小企业"),)


def regroup(claim: Any, made: list) -> None:
    """A part of a 其中 list that the text shows to be a part of another part of the list is that part's part, not its
    whole's sibling: its share is taken of that part (…授予小微企业合同金额30万元，占授予中小企业合同金额的65.79%), or its
    name is that part's with 小微企业 for 中小企业 (其中：授予中小企业合同金额45.6万元；授予小微企业合同金额30万元). The text
    names the part it belongs to; nothing is guessed. A share's name is that part's when the two are equal, or one holds
    the other and both have four characters or more (占中小企业合同金额的 for 授予中小企业合同金额)."""
    whole, subject = claim.data.get("part_of"), claim.data.get("subject", "")
    if not whole:
        return
    of = claim.data.get("share_of") or ""
    named = {subject.replace(part, including) for part, including in _SUBSETS if part in subject} - {subject}
    for other in reversed(made):
        name = other.data.get("subject", "")
        if other is claim or other.data.get("part_of") != whole or not name:
            continue
        if (of and (of == name or (min(len(of), len(name)) >= 4 and (of in name or name in of)))) or name in named:
            claim.data["part_of"] = other.id
            return
