"""Ingest stage, narrative claims: a 其中 list a full stop cut short, resumed by the sentence after it.

2025年收入预算1282.73万元,其中:一般公共预算拨款1125.76万元,上年结转0.00万元。事业收入86.97万元,其他收入70.00万元。 (a real
2025 school budget; a 三公 list's third item after a 。 in a 2021 决算 too): read a sentence at a time, the list ended at
the stop, its parts fell 156.97 short of the whole (a CLM-SUM-003 warning) and the next sentence's items were items of
their own. The sentence goes on with the list only where nothing can be mistaken: the paragraph's last figure is a part
of the list, the parts fall short of their whole, and the next sentence opens with a run of names, each with its amount
alone, whose amounts give exactly what the list lacks. Any other sentence starts anew.

The same for a list of changes (…比2018年预算减少358万元。其中:因公出国(境)费用同比增加53万元,…;公务接待费同比减少897万元,…;
公务用车运行维护费同比减少462万元,下降7.99%。公务用车购置费同比增加948.5万元,…: the fourth item after a 。, a false
CLM-SUM-002 of -1306 against -358): every part of the list gives a change, and the next sentence opens with a name and
its change alone (同比增加948.5万元), which gives what the list lacks to within half a unit of the coarsest figure printed.

A list that ends with a part's own list does not stop the whole's: where the last part's list adds up to that part
exactly, the sentence may give what the whole's list lacks (…公务用车购置及运行维护费27.46万元。其中:公务用车购置费0万元;
公务用车运行维护费27.46万元。公务接待费22.59万元。).

A 其中 that opens a sentence after a sentence of a whole's parts lists the parts of one of those parts when the text shows
it (nested_restated): read as more parts of the whole, the two lists exceeded it (12.02 + 27.46 + 0 + 27.46 against a
三公 of 62.07, a false CLM-SUM-001), and their amounts give exactly one of the parts listed before.

A 其中 a paragraph break parted from its figure (an HTML page's paragraph a sentence, a PDF line that begins with 其中)
lists that figure's parts as if no break were there: …“三公”经费预算为3328万元。|其中,因公出国(境)费50万元,…。同口径比2018年
减少830万元 (the change the whole's: read as the last part's, a false CLM-PCT-001), and 2.项目支出0元…。|下降原因是…。|其中:|
商品和服务支出预算0元 (the 项目支出's part: read as a figure of its own, a false CLM-DUP-001 against 基本支出's 商品和服务支出).
Only the last figure read, in the paragraph right before, with nothing after its sentence (whole_before, bare_opening).

A claim here is claim_model.Claim (`data`, `id`, `precision`, `sentence`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from budgetcheck.ingest.narrative.claim_lists import adjacent
from budgetcheck.ingest.narrative.claim_words import AMOUNT, REASON, converted, is_change
from budgetcheck.ingest.narrative.items import SHARE

_CLAUSE = re.compile(r"[，,；;、]")
_NAMED = re.compile(r"\s*[\u4e00-\u9fff“”（）()]{2,20}?(?:为|是)?\s*$")
_NOT_A_PART = re.compile(r"合计|总计|总额|共计|累计|比|较|与|同比|上年|去年|增|减|降|差")  # a total, a comparison, a change


def resumed_whole(sentence: str, claims: list, unit: str) -> Any:
    """The whole of the list the paragraph's last figure is a part of, when `sentence` opens with the parts it lacks."""
    return _by_amounts(sentence, claims, unit) or _by_changes(sentence, claims, unit)


_CHANGED = re.compile(r"(?P<name>.*?)\s*(?:同比|比上年|较上年|比去年|较去年)?\s*(?P<dir>增加|减少)\s*(?:了\s*)?$")


def _by_changes(sentence: str, claims: list, unit: str) -> Any:
    last = claims[-1]
    whole = next((claim for claim in claims if claim.id == last.data.get("part_of")), None)
    if whole is None or "change" not in last.data or not _signed(whole.data):
        return None
    parts = [claim for claim in claims if claim.data.get("part_of") == whole.id]
    if not all(_signed(part.data) for part in parts):
        return None
    first = _CLAUSE.split(sentence, maxsplit=1)[0]
    amount = AMOUNT.search(first)
    said = _CHANGED.fullmatch(first[: amount.start()]) if amount is not None and not first[amount.end() :].strip() else None
    if said is None or not _NAMED.fullmatch(said.group("name")) or _NOT_A_PART.search(said.group("name")):
        return None
    written = converted(amount.group("num"), amount.group("unit"), unit)
    change = Decimal(written) * (1 if said.group("dir") == "增加" else -1)
    lacking = _signed(whole.data) - sum((_signed(part.data) for part in parts), Decimal(0))  # type: ignore[misc]
    slack = max(_half_unit(figure) for figure in [whole.data["change"], written, *(part.data["change"] for part in parts)])
    return whole if lacking and abs(lacking - change) <= slack else None


def _signed(data: dict) -> Decimal | None:
    """A claim's change with its sign, where it says 增加 or 减少 and how much."""
    if "change" not in data or data.get("direction") not in ("增加", "减少"):
        return None
    return Decimal(data["change"]) * (1 if data["direction"] == "增加" else -1)


def _half_unit(figure: str) -> Decimal:
    """Half a unit of the last digit `figure` prints (948.5: 0.05; 358: 0.5)."""
    places = len(figure.partition(".")[2])
    return Decimal(5).scaleb(-places - 1)


def _by_amounts(sentence: str, claims: list, unit: str) -> Any:
    last = next((claim for claim in reversed(claims) if "amount" in claim.data), None)
    whole, lacking = last, Decimal(0)
    for _level in range(4):  # a part's list that adds up exactly has ended: the list of its whole may lack something
        whole = next((claim for claim in claims if claim.id == whole.data.get("part_of")), None) if whole is not None else None
        if whole is None or "amount" not in whole.data:
            return None
        listed = sum((Decimal(claim.data["amount"]) for claim in claims if claim.data.get("part_of") == whole.id and "amount" in claim.data), Decimal(0))
        lacking = Decimal(whole.data["amount"]) - listed
        if lacking:
            break
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


_OPENS_LIST = re.compile(r"\s*其中\s*[：:，,]?")


def nested_restated(sentence: str, made: list, claims: list) -> None:
    """The parts a sentence opening with 其中 gave the whole of the sentence before's list go to the one part of that list
    whose amount they give (to the rounding of the figures printed), where the two lists together exceed the whole:
    支出合计100万元，其中：基本支出60万元，项目支出40万元。其中：人员经费50万元，公用经费10万元 (60 of 基本支出). Where two
    parts have that amount, the list is no part of anything (which it lists, the text does not say). Anywhere else nothing
    moves: lists that together fit their whole may be one list a full stop cut."""
    if not _OPENS_LIST.match(sentence):
        return
    mine = {id(claim) for claim in made}
    for whole_id in dict.fromkeys(claim.data["part_of"] for claim in made if claim.data.get("part_of")):
        whole = next((claim for claim in claims if claim.id == whole_id and id(claim) not in mine), None)
        listed = [claim for claim in made if claim.data.get("part_of") == whole_id]
        earlier = [claim for claim in claims if claim.data.get("part_of") == whole_id and id(claim) not in mine]
        if whole is None or not earlier or not all("amount" in claim.data for claim in [whole, *listed, *earlier]):
            continue
        given, slack = _sum(listed)
        before, spread = _sum(earlier)
        if given + before <= Decimal(whole.data["amount"]) + slack + spread + _half(whole.data["amount"]):
            continue
        fits = [part for part in earlier if abs(given - Decimal(part.data["amount"])) <= slack + _half(part.data["amount"])]
        for claim in listed if fits else ():  # of two parts it could be, the text does not say which: of none
            if len(fits) == 1:
                claim.data["part_of"] = fits[0].id
            else:
                del claim.data["part_of"]


def _sum(claims: list) -> tuple[Decimal, Decimal]:
    """The amounts of `claims` added up, and half a unit of the last digit of each (a 0 is printed exact)."""
    amounts = [claim.data["amount"] for claim in claims]
    return sum((Decimal(amount) for amount in amounts), Decimal(0)), sum((_half(amount) for amount in amounts), Decimal(0))


def _half(amount: str) -> Decimal:
    """_half_unit, but none for a 0: a 0 is printed exact."""
    return Decimal(0) if Decimal(amount) == 0 else _half_unit(amount)


_OPENS_PARAGRAPH = re.compile(r"\s*其中\s*[：:，,]\s*\S")  # 其中 and the list's first part
_BARE_OPENING = re.compile(r"\s*(?:其中|包括)\s*[：:]\s*")  # 其中： alone, its parts in the paragraphs after


def whole_before(window: list, paragraph: Any, headings: frozenset[int], unit: str) -> Any:
    """The figure a paragraph that opens with 其中 and its first part lists the parts of (_last_figure), else None; None
    too when the first part's amount is more than that figure, beyond their printed rounding (…决算4.00万元，…。其中：
    基本支出决算300.00万元…: the parts of another figure, not of the one the paragraph before ended with)."""
    last = _last_figure(window, paragraph, headings, top=True) if _OPENS_PARAGRAPH.match(paragraph.chars) else None
    first = AMOUNT.search(paragraph.chars)
    if last is None or first is None or is_change(paragraph.chars, 0, first):
        return last
    part = converted(first.group("num"), first.group("unit"), unit)
    if _fits(part, last):
        return last
    share = SHARE.match(paragraph.chars, first.end() + 1) if paragraph.chars[first.end() : first.end() + 1] in ("，", ",") else None
    named = re.sub(r"\s+", "", share.group("of")) if share is not None else ""  # 其中：人员经费700万元，占基本支出的87.5%
    found = [claim for _, claims in window for claim in claims if named and claim.data.get("subject") == named and "amount" in claim.data]
    return found[-1] if found and _fits(part, found[-1]) else None


def _fits(part: str, whole: Any) -> bool:
    """Whether a part's amount is no more than the whole's, beyond their printed rounding."""
    return Decimal(part) <= Decimal(whole.data["amount"]) + _half_unit(part) + _half_unit(whole.data["amount"])


def bare_opening(window: list, paragraph: Any, headings: frozenset[int]) -> Any:
    """The figure a paragraph of 其中： alone opens the list of (_last_figure, a part's own list too), else None. `window`:
    the paragraph before it alone (read after it, when the window has moved on)."""
    return _last_figure(window, paragraph, headings, top=False) if _BARE_OPENING.fullmatch(paragraph.chars) else None


def _last_figure(window: list, paragraph: Any, headings: frozenset[int], top: bool) -> Any:
    """The last claim read, when it states an amount (with no whole, if `top`), its last sentence (its reason's, when
    one came after it) ends the paragraph right before, or the one before that with a reason of words alone between
    (下降原因是…。), and no heading comes between. `window`: the paragraphs before (two, or the one right before), with
    their claims."""
    before = [(text, claims) for text, claims in window if text is not None]
    between = before.pop()[0] if len(before) == 2 and not before[-1][1] and REASON.match(before[-1][0].chars) and not _DIGIT.search(before[-1][0].chars) else None
    last = before[-1][1][-1] if before and before[-1][1] else None
    if last is None or "amount" not in last.data or (top and last.data.get("part_of")):
        return None
    sentence = (last.later or [last.sentence])[-1]  # its reason's, when one came after it (in the paragraph between, if read there)
    own = before[-1][0]
    if not adjacent(own, between or paragraph, headings) or (between is not None and not adjacent(between, paragraph, headings)):
        return None
    holder = between if between is not None and sentence.lines is between.lines else own
    if sentence.lines is not holder.lines or holder.chars[sentence.base - holder.base + len(sentence.chars) :].strip(" 。.；;\u3000"):
        return None
    return last


_DIGIT = re.compile(r"[0-9０-９]")
