"""Ingest stage, narrative claims: inside a 其中 list, whose is a change (the whole's or the part's before it), and
which part is a part of another part (regroup).

总预算A元，其中：基本支出B元，项目支出C元，同比增加D元，增长E%: after a list of two parts or more that state no change of
their own, the change (and the percentage after it) is the whole's, when the whole has none yet. Right after the first
part (其中：公务接待费2.30万元，较上年减少1.5万元), in a list whose parts state their own changes, or when another part of the
list follows the change (…公务用车费2.80万元，比上年增加0.3万元，增长12%；公务接待费…), it is the part's. The last case is
known only when the next part is read: the change is lent to the whole and given back (Lent).

A claim here is claim_model.Claim (`data`, `positions`, `precision`, `id`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetcheck.ingest.narrative.claim_words import AMOUNT, BREAKDOWN, BREAKDOWN_BEFORE, converted, is_change, read_subject
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.source import normalise


@dataclass
class Lent:
    """A change (its comparison, percentage) given to the whole of a 其中 list after its part `part`, and what the whole
    held before it. Should another part of the list follow, the change was `part`'s: give_back moves it there."""

    whole: Any  # claim_model.Claim
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
    if _changed(whole) or _changed(target) or target.data.get("part_of") != whole.id:
        return False
    parts = [claim for claim in made if claim.data.get("part_of") == whole.id]
    return len(parts) >= 2 and not any(_changed(part) for part in parts)


def unchanged(claim: Any) -> Any:
    """A claim whose comparison a layout may have put on the next line (…的资金。|较2022年度决算数增加…): it goes on there."""
    return claim if claim is not None and "amount" in claim.data and not {"direction", "change", "percent"} & claim.data.keys() else None


def later_year(made: list, target: Any) -> Any:
    """The claim a change said after two years' amounts of one subject belongs to (2023年…支出12万元，2022年…支出15万元，
    减少3万元，下降20%): the later year's, said before the earlier one, its percentage too; `target` (the claim last read)
    otherwise."""
    year = target.data.get("year")
    if not isinstance(year, int) or "direction" in target.data:
        return target
    for claim in reversed(made[:-1]):
        later = claim.data.get("year")
        if isinstance(later, int) and later > year and claim.data.get("subject") == target.data.get("subject"):
            return claim
    return target


def fill(claim: Any, sentence: Any) -> None:
    """Give a claim the year and the comparison its sentence stated before it."""
    if sentence.year and "year" not in claim.data:
        claim.data["year"] = sentence.year[0]
        claim.positions["/year"] = sentence.year[1]
    if sentence.pending is not None and "base_year" not in claim.data:
        claim.data.update(sentence.pending.data)
        claim.positions.update(sentence.pending.positions)


def _changed(claim: Any) -> bool:
    """Whether a claim already says how it changed: a direction, or a percentage alone (比上年下降1.2%)."""
    return "direction" in claim.data or "percent" in claim.data


# a kind of firm that is one of another: 小微企业 are 中小企业 (《政府采购促进中小企业发展管理办法》, 财库〔2020〕46号,
# 第二条: 中小企业 are 中型、小型、微型企业)
_SUBSETS = (("小微企业", "中小企业"),)
_SMALL = re.compile(r"小微企业|小微型企业|小型和微型企业|小型、微型企业")
# wholes the budget splits in two (支出 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费): one is never the other's part
_SIBLINGS = (("基本支出", "项目支出"), ("人员经费", "公用经费"))


def siblings(subject: str, parent: Any) -> bool:
    """Whether `subject` is the sibling of the list's whole `parent` (基本支出400万元，其中人员经费350万元；项目支出100万元:
    项目支出 is 基本支出's sibling, not a second part of it, a false CLM-SUM-001 of 450 against 400)."""
    whole = parent.data.get("subject", "")
    return any((one in subject and other in whole) or (other in subject and one in whole) for one, other in _SIBLINGS)


_GRAND_TOTAL = re.compile(r"^(?:本年度?|全年|当年|年度)?(收入|支出|收支)(?:预算|决算)?(合计|总计)$")


def closes_list(subject: str, parent: Any) -> bool:
    """Whether a claim named `subject` is a total that no 其中 list of `parent` holds: 收入合计, 本年支出合计, 收支总计
    (…其中：财政拨款收入80万元，其他收入20万元，本年支出合计100万元 — the other side's total, not a third part; …;加上级补助
    收入…,收入合计514601万元 — the sum said at the end). Of a 收入总计, 本年收入合计 is a part (with 年初结转和结余)."""
    total = _GRAND_TOTAL.match(subject)
    if total is None:
        return False
    whole = _GRAND_TOTAL.match(parent.data.get("subject", ""))
    return whole is None or not (whole.group(2) == "总计" and total.group(2) == "合计" and whole.group(1) == total.group(1))


def _small_share(claim: Any) -> None:
    """预留给小微企业35万元，占35%: of the procurement or of the 中小企业 part, the text does not say; left unread."""
    if "share" in claim.data:
        del claim.data["share"]
        claim.positions.pop("/share", None)


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
    if not of and _SMALL.search(subject) and any(other.id == whole and "中小企业" in other.data.get("subject", "") for other in made):
        _small_share(claim)  # its share came after it was made the 中小 part's part
        return
    named = {subject.replace(part, including) for part, including in _SUBSETS if part in subject} - {subject}
    for other in reversed(made):
        name = other.data.get("subject", "")
        if other is claim or other.data.get("part_of") != whole or not name:
            continue
        if (of and (of == name or (min(len(of), len(name)) >= 4 and (of in name or name in of)))) or name in named:
            claim.data["part_of"] = other.id
            return
        if not of and _SMALL.search(subject) and "中小企业" in name and not _SMALL.search(name):
            claim.data["part_of"] = other.id  # 面向中小企业预留12万元；预留给小微企业12万元: 小微 ⊂ 中小 by the policy's definition
            _small_share(claim)
            return
    parent = next((other for other in made if other.id == whole), None)
    for other in reversed(made) if of and parent is not None and parent.data.get("share_of") != of else ():
        # …基本支出400万元，项目支出100万元，其中人员经费占基本支出的85%: a share of the whole's sibling named in full; not
        # a share taken of what the whole's own share is taken of (授予中小企业合同金额…，占政府采购支出总额的60%，其中：授予
        # 小微企业合同金额…，占政府采购支出总额的24%: both measured against the total, the second a part of the first)
        if other is not parent and other.data.get("part_of") == parent.data.get("part_of") and other.data.get("subject") == of:
            claim.data["part_of"] = other.id
            return


def in_sublist(parent: Any, claims: list, separator: str, figure: tuple[Decimal, int] | None) -> bool:
    """Whether a part whose name does not continue that of `parent` (refines) is still in the list a second 其中 opened
    under the part `parent` (基本支出400万元，其中人员经费350万元、公用经费50万元；项目支出…). The first part after that 其中 is
    (the word opens its list) unless a ； or 。 came first, so is one after 、 (the list's own comma); after ； or 。 the
    list has ended. After ，
    it is when its figure (value, exponent of its last printed digit) fits: with the parts already listed it does not
    exceed `parent`'s amount beyond their printed rounding. Else it is the whole's again, as 公务接待费 after
    公务用车购置及运行费，其中：公务用车购置费0万元，公务用车运行费6万元 is."""
    parts = [claim for claim in claims if claim.data.get("part_of") == parent.id]
    if separator == "、":
        return True
    if not parts:  # …公务接待费201.25万元,其中:国内公务接待4032批次,33409人次;公务用车…: a list of counts has ended at ；
        return separator not in ("；", ";", "。")
    if separator not in ("，", ",") or figure is None or "amount" not in parent.data:
        return False
    listed = [(Decimal(claim.data["amount"]), claim.precision.get("/amount", 0)) for claim in [parent, *parts] if "amount" in claim.data]
    slack = sum(Decimal(10) ** exponent / 2 for value, exponent in [*listed, figure] if value)  # a 0 is printed exact
    return sum(value for value, _ in listed[1:]) + figure[0] <= listed[0][0] + slack


_NAMED = re.compile(r"^\s*(?:在|其中)?\s*(?P<name>[^，,；;：:。\d]{2,20}?)\s*(?:中|之中|当中)\s*$")


def named_part(chars: str, made: list) -> Any:
    """The part a clause of its name and 中 alone opens the list of (…，项目支出100万元；基本支出中，人员经费350万元…):
    a part of a 其中 list of the same sentence, by its exact name; else None."""
    found = _NAMED.match(chars)
    if found is None:
        return None
    return next((claim for claim in reversed(made) if claim.data.get("part_of") and claim.data.get("subject") == found.group("name")), None)


def list_complete(parent: Any, claims: list, separator: str) -> bool:
    """Whether the 其中 list of `parent` has ended before a clause after ；: its parts already add up to `parent`'s amount
    exactly (其中：货物类40万元，工程类0万元，服务类60万元；面向中小企业预留30万元 — the reserved share
    is said of the procurement, not a fourth kind of it). A list that does not add up yet goes on (a district's 三公 list
    that goes on with 会议费、培训费 is its own), so a list that overshoots its whole is still found."""
    if separator not in ("；", ";") or "amount" not in parent.data:
        return False
    parts = [claim for claim in claims if claim.data.get("part_of") == parent.id and "amount" in claim.data]
    return len(parts) >= 2 and sum(Decimal(claim.data["amount"]) for claim in parts) == Decimal(parent.data["amount"])


def list_ended(parent: Any, claims: list, separator: str, subject: str) -> bool:
    """Whether a clause naming `subject` is no longer a part of the 其中 list of `parent`: the list is complete before it,
    or it names `parent`'s sibling."""
    return list_complete(parent, claims, separator) or siblings(subject, parent)


def pair_roles(made: list, claims: list) -> None:
    """A 其中 list whose items each state several figures of the whole's sentence's kinds pairs them by kind, not as one
    list of parts: 支出2.05万元，年初预算为2.95万元，差值为0.9万元。其中：因公出国（境）支出0万元，年初预算为0万元，差值为0万元；
    公务接待费支出2.05万元，年初预算为2万元，差值为0.05万元. Read flat, every figure was a part of the whole named last
    (差值 0.9), and they added up to 6.00. Such a list is known by a name said again with the same kind in two items or
    more (差值), or by an item named with two kinds (支出 and 年初预算). Then each item's figure is a part of the whole's
    figure of its kind (the claim of the same measure in the whole's sentence, of the name the whole has or, where that
    is the repeated name, of the name last before it; 决算, 支出决算 and 决算数 are one measure): the 支出 add up to the
    支出, the 年初预算 to the 年初预算. A repeated name's figure is the item's own (a difference, stated
    without its sign: 0.95 under and 0.05 over the budget make 0.9, not 1.0): it is made part of its item, no whole's
    part, so no sum is judged on it. An item whose kind the whole's sentence does not state is nobody's part."""
    for whole_id in dict.fromkeys(claim.data["part_of"] for claim in made if claim.data.get("part_of")):
        listed = [claim for claim in made if claim.data.get("part_of") == whole_id and "amount" in claim.data]
        kinds = [(claim.data["subject"], claim.data.get("measure", "")) for claim in listed]
        repeated = {subject for subject, measure in kinds if kinds.count((subject, measure)) >= 2 and not _written_twice(listed, kinds, (subject, measure))}
        measured = {subject for subject, _ in set(kinds) if sum(1 for other, _ in set(kinds) if other == subject) >= 2}
        if len(listed) < 4 or not (repeated or len(measured) >= 2):
            continue
        whole = next((claim for claim in claims if claim.id == whole_id), None)
        if whole is None:
            continue
        ids = {id(claim) for claim in listed}
        said = [claim for claim in claims if claim.sentence is whole.sentence and "amount" in claim.data and id(claim) not in ids]
        at = next((index for index, claim in enumerate(said) if claim is whole), None)
        named = [claim for claim in said[: at + 1] if claim.data["subject"] not in repeated] if at is not None else []
        heads: dict = {}
        for claim in said:
            if named and claim.data["subject"] == named[-1].data["subject"]:
                heads.setdefault(measure_kind(claim), claim)
        item = None
        for claim in listed:
            if claim.data["subject"] in repeated:
                if item is None:
                    claim.data.pop("part_of")
                else:
                    claim.data["part_of"] = item.id
                continue
            item = claim if item is None or claim.data["subject"] != item.data["subject"] else item
            head = heads.get(measure_kind(claim))
            if head is None:
                claim.data.pop("part_of")
            else:
                claim.data["part_of"] = head.id


def _written_twice(listed: list, kinds: list, kind: tuple) -> bool:
    """Whether a name said again in a list is one item written twice in a row, its name written out both times
    (一般公共服务支出1402.08万元,一般公共服务支出760.16万元,社会保障和就业支出…), not a role said once in each item
    (…差值…；…差值…), two figures of one item (因公出国(境)费预算数为0万元,决算支出数为0万元) or a run of masked names."""
    places = [index for index, other in enumerate(kinds) if other == kind]
    text = listed[places[0]].sentence.chars
    return len(places) == 2 and places[1] == places[0] + 1 and text.count(kind[0]) >= 2


def list_opened(whole: Any, sentence: Any, nested: bool) -> None:
    """A 其中 list opened for a whole (`sentence`: the claims reader's sentence state). A whole whose figure a bracket
    noted a part of (年初预算数761.21万元(含上年结转5.01万元),其中:一般公共预算拨款761.21万元,…) has the list for its
    parts, the bracket's figure one of them said again (or of another breakdown), no further part to add to them. A
    whole a change was lent to (…,公务接待费0万元；与2023年预算相比增长16.75%,其中因公出国(境)费增加0万元,…) keeps it: the
    new list is its parts' changes, not the old list going on (which would give the change back to its last part)."""
    if nested:
        return
    for claim in sentence.made:
        if claim.noted and claim.data.get("part_of") == whole.id:
            claim.data.pop("part_of")
    if sentence.lent is not None and sentence.lent.whole is whole:
        sentence.lent = None


def merge_target(subject: str, undirected: dict[str, Any], scopes: list, not_before: int | None = None, claims: Sequence = ()) -> Any:
    """The latest claim of the paragraph about `subject` (`undirected`: its claims by subject) that does not yet say how
    it changed (claims.py: an item stated by its change).

    Inside a "其中" list the change belongs to that list's whole: a claim of the same name that is
    part of another whole ("较上年减少2万元，其中：公务用车运行费减少1万元" after 公务用车运行费 was
    listed under 公务用车购置及运行费) is not the one meant, and the change becomes a part of its own. Nor is a claim of a
    year before `not_before`, its own or its whole's (among `claims`): a change against 上年 in a text of that year
    (2021年度“三公”经费…,其中:…公务用车运行费用7.73万元。2022年度…。公务用车运行费用较上年同期增加2.27万元) is that
    year's change, not 2021's.
    """
    claim = undirected.get(subject)
    if claim is None and subject.endswith(("费", "费支出")):  # 公务接待费支出7.8万元…。公务接待费支出决算比2021年减少…: one item
        claim = undirected.get(subject[:-2] if subject.endswith("支出") else subject + "支出")
    if claim is None or "direction" in claim.data or (not_before is not None and _year_of(claim, claims, not_before) < not_before):
        return None
    if scopes and claim.data.get("part_of") != scopes[-1].parent.id:
        return None
    return claim


def continues_use(claim: Any, chars: str, unit: str) -> bool:
    """Whether a clause after a use or reason that broke `claim`'s figure into parts with figures (基本支出445.80万元,主要用于
    人员经费400.00万元,|公用经费45.80万元;项目支出…) names a further such part: a name and its amount alone, the parts so far
    with it within the figure, and a name not of the figure's own kind (项目支出 after 基本支出 is its sibling, not its part)."""
    said = claim.data.get(claim.reason_key, "")
    found = AMOUNT.search(chars)
    if "amount" not in claim.data or found is None or chars[found.end() :].strip(" 。") or not _PART_NAME.fullmatch(chars[: found.start()].strip()):
        return False
    if any(is_change(text, max(0, match.start() - 6), match) for text in (chars, said) for match in AMOUNT.finditer(text)):
        return False  # 主要是一般公共预算拨款增加12万元,其他收入增加18万元: the changes the reason names, no breakdown of the figure
    parts = [Decimal(converted(match.group("num"), match.group("unit"), unit)) for match in AMOUNT.finditer(said)]
    name, subject = chars[: found.start()].strip(), claim.data.get("subject", "")
    this = Decimal(converted(found.group("num"), found.group("unit"), unit))
    return bool(parts) and sum(parts) + this <= Decimal(claim.data["amount"]) and name[-2:] != subject[-2:]


_PART_NAME = re.compile(r"[\u4e00-\u9fff（）()“”]{2,20}")


def _year_of(claim: Any, claims: Sequence, default: int) -> int:
    """The year a claim states, or the year of the whole it is a part of; `default` when neither says."""
    whole = next((other for other in claims if other.id == claim.data.get("part_of")), None) if "year" not in claim.data else None
    return int(claim.data.get("year") or (whole.data.get("year", default) if whole is not None else default))


def end_breakdown(prior: str, chars: str, scopes: list, made: list) -> None:
    """A breakdown by a classification, opening the clause or just before it (`prior`, the sentence before the clause),
    ends a list of the same whole already given parts (…其中:按支出项目类别:基本支出…,项目支出130万元.按支出功能分类科目:
    一般公共服务支出…): two breakdowns of one total are not one list (they added up to twice the total). The parts after
    it are no whole's parts."""
    if not scopes or scopes[-1].nested or not (BREAKDOWN.match(chars) or BREAKDOWN_BEFORE.search(prior)):
        return
    if any(claim.data.get("part_of") == scopes[-1].parent.id for claim in made):
        scopes.clear()


def measure_kind(claim: Any) -> str:
    """A claim's measure, the outturn's words taken as one (决算, 支出决算, 决算数, 执行数, as CLM-SUM-001 takes them)."""
    measure = claim.data.get("measure", "")
    return "决算" if re.search("决算|执行|实际", measure) else measure


_BOTH = re.compile(r"收入?(?:总计|总预算|总决算)?[、和与及]?支出?(?:总计|总预算|总决算|总体)?[各均]?")  # 收支, 收、支总计各, 收入总计、支出总计均, 收、支总预算各
_JOINT = re.compile(r"收入?(?:总计|总预算|总决算)?[、和与及]?支")  # a name of both totals at once (收支, 收、支总预算), not of one
_INCOME_TOTAL = re.compile(r"(?:本年度?)?收入总计")
_EXPENDITURE_TOTAL = re.compile(r"(?:本年度?)?支出总计")


def both_totals(claims: list, earlier: Sequence = ()) -> None:
    """收入总计2,463.74万元，支出总计2,463.74万元。收支较上年决算数减少306.3万元、下降11.1% (Chongqing's 决算): 收支 names
    both totals the paragraph has just stated. Where they are one figure, the change is that figure's, and the claim
    takes it as its amount (read where the income total was), so its change and percentage are checked; totals that
    differ leave it without one (which of them is meant is not known). Totals stated at once with one figure (Sichuan's
    收、支总预算1180.22万元。与2023年相比，收、支总预算各减少86.49万元) give theirs the same way. `earlier`: the claims of the
    paragraphs just before, where a layout states each total on a line of its own (收入总计434.72万元…|支出总计434.72万元…|
    收入支出总体与上年相比增加58.21万元)."""
    for index, claim in enumerate(claims):
        data = claim.data
        if not _BOTH.fullmatch(data.get("subject", "")) or "amount" in data or not ("change" in data or "percent" in data):
            continue
        at = claim.positions.get("", (0, 0))  # the paragraph's pairs (收、支总计均为…) are read after its sentences: by place
        stated = [*claims[:index], *(other for other in claims[index + 1 :] if other.positions.get("", at) < at)]
        before = [other for other in [*earlier, *stated] if "amount" in other.data and not other.data.get("part_of")]
        incomes = [other for other in before if _INCOME_TOTAL.fullmatch(other.data["subject"])]
        expenditures = [other for other in before if _EXPENDITURE_TOTAL.fullmatch(other.data["subject"])]
        joint = [other for other in before if _BOTH.fullmatch(other.data["subject"]) and _JOINT.match(other.data["subject"])]
        if incomes and expenditures and Decimal(incomes[-1].data["amount"]) == Decimal(expenditures[-1].data["amount"]):
            total = incomes[-1]
        elif joint and not incomes and not expenditures:  # 收、支总预算1180.22万元。…收、支总预算各减少86.49万元: one figure for both
            total = joint[-1]
        else:
            continue
        data["amount"] = total.data["amount"]
        data.setdefault("original_unit", total.data.get("original_unit"))
        claim.positions["/amount"] = total.positions["/amount"]
        if "/amount" in total.precision:
            claim.precision["/amount"] = total.precision["/amount"]


_JOINT_END = re.compile(r"收入?(?:总计|总预算|总决算)?[、和与及]?支出?(?:总计|总预算|总决算)?$")  # (财政拨款)收支总预算
_NAMED_LIST = re.compile(r"\s*(?P<name>收入|支出)(?:主要)?(?:包括|包含)\s*")  # a clause of its own: the list follows its colon


def lists_parts_of(chars: str, whole: dict) -> bool:
    """财政拨款收支总预算1100.22万元。收入全部为一般公共预算拨款；支出包括：A、B、C (Sichuan's template): a clause that
    begins by naming the spending (or the income) of the total just stated lists its parts, as 其中 does. Of a total of
    both (收支总预算), only the spending's list is taken for its parts: a list of each would be summed as one."""
    named = _NAMED_LIST.fullmatch(chars)
    if named is None or "amount" not in whole or whole.get("part_of"):
        return False
    subject = whole.get("subject", "")
    if _JOINT_END.search(subject):
        return named.group("name") == "支出"
    return subject.endswith(named.group("name"))


# a paragraph that begins with a part: its name (after a list number) and at once its figure (公用经费46.89万元,…;
# （一）因公出国（境）费0万元,…)
_PART_START = re.compile(
    r"\s*(?:[0-9]{1,2}\s*[.、．]|[（(][0-9一二三四五六七八九十]{1,2}[)）])?\s*"
    r"(?P<name>(?:[^0-9，,。；;：:（）()“”\"\s]|[（(][^0-9（）()，,。]{1,3}[)）]){2,16}?)(?:为|是)?\s*[0-9]"
)
_OPENS = re.compile(r"(?:其中|包括)\s*[：:]\s*$")  # a paragraph that ends by opening a list


def adjacent(previous: Any, paragraph: Any, headings: frozenset[int]) -> bool:
    """Whether `paragraph` comes right after `previous`: no heading or text between (one blank line at most unless known)."""
    if previous is None or not previous.lines or not paragraph.lines:
        return False
    last, first = previous.lines[-1].line, paragraph.lines[0].line
    near = paragraph.after == last if paragraph.after else 0 < first - last <= 2
    return near and not any(number in headings for number in range(last + 1, first))


def goes_on_list(previous: Any, paragraph: Any, headings: frozenset[int], whole: Any, claims: list, unit: str) -> bool:
    """Whether `paragraph` goes on with the 其中 list of `whole` the paragraph before ended in: 基本支出911.7万元,其中:|人员经费
    489.18万元,主要包括:…。|公用经费46.89万元,主要包括:… (a real Sichuan 决算, an item a paragraph). It must come right
    after it (a blank line between at most, no heading), the list must not add up to its whole yet (nor more than it
    with the paragraph's figure: a list across paragraphs is never found to overshoot), and the paragraph must begin
    with a name and its sum of money: a name of the kind of the part before (ending as it does: 人员经费, 公用经费;
    not 支出预算… after 财政拨款收入) that the list has not had (1.因公出国… 2.公务接待费… after a sentence that listed them
    restate them, one by one), numbered as the list goes on (no number after parts without one; (二) after (一); the
    first part's 1 or (一) after the whole) and not the next number of the list the whole is itself an item of
    ((一)基本支出…,其中:人员经费…|(二)项目支出…). Whether the name is a part or the whole's sibling is then judged as
    within a sentence (list_ended)."""
    if "amount" not in whole.data or not adjacent(previous, paragraph, headings):
        return False
    start = _PART_START.match(paragraph.chars)
    if start is None:
        return False
    figure = AMOUNT.match(paragraph.chars, start.end() - 1)
    parts = [claim for claim in claims if claim.data.get("part_of") == whole.id and "amount" in claim.data]
    listed = sum((Decimal(claim.data["amount"]) for claim in parts), Decimal(0))
    if figure is None or (parts and listed == Decimal(whole.data["amount"])):
        return False  # no sum of money (…3辆), or the list is complete
    if listed + Decimal(converted(figure.group("num"), figure.group("unit"), unit)) > Decimal(whole.data["amount"]):
        return False  # a figure that would make the parts more than the whole belongs to something else
    here, there = read_ordinal(normalise(previous.chars[:8])), read_ordinal(normalise(paragraph.chars[:8]))
    if whole.sentence.lines and whole.sentence.lines[0].line >= previous.lines[0].line or _OPENS.match(previous.chars.strip()):  # the whole is in the paragraph before, or 其中： is
        if here is not None and there is not None and (here.style, here.chinese) == (there.style, there.chinese):
            return False  # the whole is an item of a numbered list, the paragraph its next item
        if there is not None and there.number != len(parts) + 1:
            return False
    elif (here is None) != (there is None) or here is not None and there is not None and ((here.style, here.chinese, here.number + 1) != (there.style, there.chinese, there.number)):
        return False
    name = read_subject(start.group("name"))[0] or start.group("name")  # 商品和服务支出预算: the item 商品和服务支出
    names = [claim.data["subject"] for claim in parts]
    return (not names or name[-1] == names[-1][-1]) and not any(name in part or part in name for part in names)


def open_whole(paragraph: Any, claims: list, found: list) -> Any:
    """The whole of the 其中 list a paragraph ends in, else None: the paragraph ends with 其中： after the whole's figure,
    or its last figure is a part, with nothing after its sentence but words of explanation (主要原因是…保持不变。; not
    具体情况如下：, which announces what follows, nor further figures). A list of a part's parts gives the outer list
    ((二)公务用车购置及运行费0万元…其中：公务用车购置费…；公务用车运行费…|(三)公务接待费…: the next paragraph goes on with
    the list (二) is in)."""
    last = next((claim for claim in reversed(claims) if "amount" in claim.data), None)
    if last is None:
        return None
    after = paragraph.chars[last.sentence.base + len(last.sentence.chars) :].strip()  # 其中： may be a sentence of its own
    if not last.data.get("part_of"):
        return last if _OPENS.search(paragraph.chars) and (not after or _OPENS.fullmatch(after)) else None
    if after and (re.search(r"[0-9]|如下", after) or after.endswith((":", "："))):
        return None  # a sentence after the part that is more than its explanation (具体情况如下：, further figures)
    whole, seen = last, 0
    while whole is not None and whole.data.get("part_of") and seen < 4:
        whole, seen = next((claim for claim in reversed(found) if claim.id == whole.data["part_of"]), None), seen + 1
    return whole


def _defined(subject: str, names: str) -> bool:
    """Whether parts named `names` are every part of a whole the budget defines (as CLM-SUM-001 takes them)."""
    return (
        ("三公" in subject and all(word in names for word in ("出国", "车", "接待")))
        or ("购置" in subject and "运行" in subject and "购置" in names and "运行" in names)
        or ("基本支出" in subject and "人员" in names and "公用" in names)
        or ("支出" in subject and "基本支出" in names and "项目支出" in names)
    )


def _half(amount: str) -> Decimal:
    return Decimal(1).scaleb(Decimal(amount).as_tuple().exponent) / 2  # type: ignore[arg-type]


def unlink_short(lists: Iterable[tuple[Any, list]], claims: list) -> None:
    """The parts a 其中 list took in paragraphs after its own are kept when the list then adds up to its whole (to the
    rounding of the figures printed) or names every part of a whole the budget defines (三公, 公务用车购置及运行,
    基本支出, 支出: there a shortfall is the text's fault); else they are no parts: an incomplete list over paragraphs
    cannot be told from paragraphs that only follow it, and a shortfall it showed would be a false warning."""
    for whole, continued in lists:
        if "amount" not in whole.data or not continued:
            continue
        parts = [claim for claim in claims if claim.data.get("part_of") == whole.id and "amount" in claim.data]
        amounts = [claim.data["amount"] for claim in parts]
        gap = abs(sum((Decimal(amount) for amount in amounts), Decimal(0)) - Decimal(whole.data["amount"]))
        if gap <= sum((_half(amount) for amount in amounts), _half(whole.data["amount"])) or _defined(whole.data.get("subject", ""), "".join(claim.data["subject"] for claim in parts)):
            continue
        for claim in continued:
            del claim.data["part_of"]
