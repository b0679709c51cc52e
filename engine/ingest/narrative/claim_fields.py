"""Ingest stage, narrative claims: putting what a clause states into its claim, each field with the (line, column) it
was read from and, for a figure, the exponent of its last printed digit in the document unit.

A claim here is anything with `data`, `positions` and `precision` (claim_model.Claim); `state` is what the reader
knows of the document (its `fiscal_year` and `unit`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from budgetcheck.ingest.narrative.claim_text import Text
from budgetcheck.ingest.narrative.claim_words import (
    CHANGE,
    DIRECTION_NAMES,
    KIND_NAMES,
    PRIOR,
    converted,
    decimal,
    exponent_in,
)
from budgetcheck.ingest.narrative.items import (
    ACTUAL,
    AGAIN,
    BASE,
    BUDGET_DIRECTION,
    BUDGET_DIRECTIONS,
    FULL_YEAR,
    INITIAL,
    ROLE_AHEAD,
    Role,
)


def _unit(printed: str) -> str:
    """万 printed alone is 万元."""
    return "万元" if printed == "万" else printed


def put_amount(claim: Any, match: re.Match, clause: Text, unit: str) -> None:
    printed = _unit(match.group("unit"))
    claim.data["amount"] = converted(match.group("num"), printed, unit).lstrip("-")
    claim.data.setdefault("original_unit", printed)
    claim.positions["/amount"] = clause.at(match.start("num"))
    claim.precision["/amount"] = exponent_in(match.group("num"), printed, unit)


def figure_of(match: re.Match, unit: str) -> tuple[Decimal, int]:
    """An amount's value in the document unit and the exponent of its last printed digit, as put_amount writes them."""
    printed = _unit(match.group("unit"))
    return Decimal(converted(match.group("num"), printed, unit).lstrip("-")), exponent_in(match.group("num"), printed, unit)


def put_comparison(claim: Any, match: re.Match, clause: Text, state: Any) -> None:
    """比2024年… names the year; 比上年… means the year before the claim's own (2015年…同比下降 in a 2016 text: 2014),
    the document's when the claim names none and that is known."""
    stated = claim.data.get("year")
    if match.group("by"):
        claim.data["base_year"] = int(match.group("by"))
        claim.positions["/base_year"] = clause.at(match.start("by"))
    elif isinstance(stated, int) or state.fiscal_year is not None:
        claim.data["base_year"] = (stated if isinstance(stated, int) else state.fiscal_year) - 1
        claim.positions["/base_year"] = clause.at(match.start() + 1)
    if match.group("kind"):
        claim.data["base_kind"] = KIND_NAMES[match.group("kind")]
        claim.positions["/base_kind"] = clause.at(match.start("kind"))
    if match.group("base") and match.group("baseunit") and not match.group("base").startswith("-"):  # no base is negative
        printed = _unit(match.group("baseunit"))
        claim.data["base_amount"] = converted(match.group("base"), printed, state.unit)
        claim.data.setdefault("original_unit", printed)
        claim.positions["/base_amount"] = clause.at(match.start("base"))
        claim.precision["/base_amount"] = exponent_in(match.group("base"), printed, state.unit)


def put_change(claim: Any, match: re.Match, clause: Text, unit: str) -> None:
    word = re.sub(r"\s+", "", match.group("dir"))
    if word == "基本持平":
        return  # “basically flat” allows a small change (减少0.01万元，基本持平; 12.00 against 12.01): no direction to judge
    direction = DIRECTION_NAMES.get(word, word)
    negative = direction in _RISES and (match.group("chg") or "").startswith("-")
    claim.data["direction"] = _RISES[direction] if negative else direction
    claim.positions["/direction"] = clause.at(match.start("dir"))
    if match.group("chg"):
        claim.data["change"] = converted(match.group("chg")[negative:], match.group("chgunit"), unit)
        claim.data.setdefault("original_unit", match.group("chgunit"))
        claim.positions["/change"] = clause.at(match.start("chg"))
        claim.precision["/change"] = exponent_in(match.group("chg"), match.group("chgunit"), unit)


def put_percent(claim: Any, match: re.Match, clause: Text) -> None:
    word = _PERCENT_WORDS.get(match.group("pdir"), match.group("pdir"))
    negative = word in _RISES and match.group("pct").startswith("-")
    claim.data["percent_direction"] = _RISES[word] if negative else word
    claim.data["percent"] = decimal(match.group("pct")[negative:])
    claim.positions["/percent"] = clause.at(match.start("pct"))
    claim.positions["/percent_direction"] = clause.at(match.start("pdir"))


# 增长-20%, 增加-3万元: a rise by a negative figure is the fall by its size (统计公报 write 比上年增长-2.1%); the claim
# holds 下降 20, as the text means it. A fall by a negative figure (减少-5万元) is not read the other way round: the sign
# may be the writer's repeated minus or a rise, which is not known, and CLM-DIR-002 reports the word against the sign.
_RISES = {"增加": "减少", "增长": "下降"}
_PERCENT_WORDS = {"负增长": "下降", "上升": "增长", "提高": "增长", "降低": "下降", "增幅": "增长", "涨幅": "增长", "降幅": "下降", "减幅": "下降", "增": "增长", "减": "下降"}


def put_bare_percent(claim: Any, match: re.Match, clause: Text) -> None:
    """较上年减少1.5万元(42.86%): the change's percentage with no word of its own (percent_direction stays unwritten)."""
    claim.data["percent"] = decimal(match.group("pct"))
    claim.positions["/percent"] = clause.at(match.start("pct"))


def put_completion(claim: Any, match: re.Match, clause: Text, unit: str = "万元") -> None:
    """完成年初预算的96.33%; 完成全年预算84.82万元的73.2% also gives the budget; 预算完成率为95% (claim_words.COMPLETION)."""
    of, pct = ("of", "pct") if match.group("of") else ("of2", "pct2")
    kept = claim.data.get("completion_of")
    if kept is not None and kept == claim.data.get("plan_kind") and match.group(of) != kept:
        return  # 完成年初预算的105%，完成调整预算的100%: the rate of the budget the sentence states is kept (checked)
    if match.group("plan") and "plan_amount" not in claim.data:
        printed = _unit(match.group("planunit"))
        claim.data["plan_kind"] = match.group("of")  # the rate is of the figure it states, by the word it names it by
        claim.data["plan_amount"] = converted(match.group("plan"), printed, unit).lstrip("-")
        claim.positions["/plan_kind"] = clause.at(match.start("of"))
        claim.positions["/plan_amount"] = clause.at(match.start("plan"))
        claim.precision["/plan_amount"] = exponent_in(match.group("plan"), printed, unit)
    claim.data["completion_of"] = match.group(of)
    claim.data["completion_percent"] = decimal(match.group(pct))
    claim.positions["/completion_of"] = clause.at(match.start(of))
    claim.positions["/completion_percent"] = clause.at(match.start(pct))


def put_role(claim: Any, found: Role, match: re.Match, clause: Text, unit: str) -> None:
    """A figure of an item's explanation, put where its role says: the comparison base, this year's figure
    (again), the 决算's budget (年初预算 / 全年预算) or the 决算 itself."""
    printed = _unit(match.group("unit"))
    number = converted(match.group("num"), printed, unit).lstrip("-")
    exponent = exponent_in(match.group("num"), printed, unit)
    if found.role == BASE:
        key = "base_amount"
        claim.data["base_kind"] = found.kind
        claim.positions["/base_kind"] = clause.at(match.start())
        if found.year is not None:
            claim.data["base_year"] = found.year
            claim.positions["/base_year"] = clause.at(0)
    elif found.role in (AGAIN, ACTUAL):
        key = "amount" if "amount" not in claim.data else "restated_amount"
        if found.year is not None and "year" not in claim.data:
            claim.data["year"] = found.year
            claim.positions["/year"] = clause.at(0)
    else:
        key = "plan_amount"
        claim.data["plan_kind"] = "年初预算" if found.role == "initial_budget" else "全年预算"
        claim.positions["/plan_kind"] = clause.at(0)
    claim.data[key] = number
    claim.data.setdefault("original_unit", printed)
    claim.positions[f"/{key}"] = clause.at(match.start("num"))
    claim.precision[f"/{key}"] = exponent


def put_share(claim: Any, match: re.Match, clause: Text) -> None:
    claim.data["share"] = decimal(match.group("share"))
    claim.positions["/share"] = clause.at(match.start("share"))
    named = re.sub(r"\s+", "", match.group("of") or "")
    if len(named) >= 2:
        claim.data["share_of"] = named
        claim.positions["/share_of"] = clause.at(match.start("of"))


_ALTERNATIVE = re.compile(r"\s*[（(]\s*或[^（）()]{0,12}?(?:大于|小于|高于|低于|超过|持平|相等|一致)[^（）()]{0,4}[）)]")


def put_budget_direction(claim: Any, clause: Text, chars: str) -> None:
    """决算数小于全年预算数 / 决算数与全年预算数持平: how the 决算 says it compares with the budget."""
    found = BUDGET_DIRECTION.search(chars)
    if found is None or _ALTERNATIVE.match(chars, found.end()):
        return  # 决算数小于预算数（或与预算数持平）: a template's two choices left in, neither read
    word = found.group("dir") or found.group("flat")
    claim.data["plan_direction"] = BUDGET_DIRECTIONS[word]
    claim.data["plan_direction_of"] = found.group("of") or found.group("of2")
    claim.positions["/plan_direction"] = clause.at(found.start("dir") if found.group("dir") else found.start("flat"))
    claim.positions["/plan_direction_of"] = clause.at(found.start("of") if found.group("of") else found.start("of2"))


_AGAINST_PLAN = re.compile(r"^\s*(?:比|较|与)\s*(?:年初|全年|调整)?预算数?\s*$")


def put_plan_change(claim: Any, words: str, match: re.Match, clause: Text, unit: str) -> bool:
    """较年初预算数减少4万元, said of the claim before: its change against the budget, apart from the change against
    last year; False when the words before the change are not such a comparison, or the claim has one already."""
    if not _AGAINST_PLAN.match(words) or "plan_change" in claim.data or not match.group("chg"):
        return False
    _put_plan_change(claim, match, clause, unit)
    return True


def put_plan_rate(claim: Any, words: str, match: re.Match, clause: Text) -> bool:
    """较年初预算数下降24%, said of the claim before: the rate against the budget written before its change (which the
    next clause gives: put_plan_change_after); False when the words are not such a comparison, or it has one already."""
    if not _AGAINST_PLAN.match(words) or "plan_change" in claim.data or "plan_percent" in claim.data:
        return False
    claim.data["plan_percent"] = decimal(match.group("pct"))
    claim.positions["/plan_percent"] = clause.at(match.start("pct"))
    return True


def put_plan_change_after(claim: Any, match: re.Match, clause: Text, unit: str) -> bool:
    """…较年初预算数下降24%,减少26.65万元: the change after a rate against the budget (put_plan_rate) is that comparison's,
    not the claim's change against last year."""
    if "plan_percent" not in claim.data or "plan_change" in claim.data or not match.group("chg"):
        return False
    _put_plan_change(claim, match, clause, unit)
    return True


def _put_plan_change(claim: Any, match: re.Match, clause: Text, unit: str) -> None:
    word = re.sub(r"\s+", "", match.group("dir"))
    direction = DIRECTION_NAMES.get(word, word)
    negative = direction in _RISES and match.group("chg").startswith("-")  # 较年初预算增（减）-4万元: a fall of 4
    claim.data["plan_change_direction"] = _RISES[direction] if negative else direction
    claim.data["plan_change"] = converted(match.group("chg")[negative:], match.group("chgunit"), unit)
    claim.positions["/plan_change_direction"] = clause.at(match.start("dir"))
    claim.positions["/plan_change"] = clause.at(match.start("chg"))
    claim.precision["/plan_change"] = exponent_in(match.group("chg"), match.group("chgunit"), unit)


_PLAN_COMPARED = re.compile(r"^\s*(?P<cmp>比|较|与)?\s*(?P<of>年初|全年|调整后?)?预算数?\s*(?:为|是)?\s*$")


def put_against_plan(sentence: Any, words: str, amount: re.Match, chars: str, clause: Text, unit: str) -> bool:
    """…支出决算8.50万元，比年初预算10.00万元减少1.50万元 (or …决算10.23万元，年初预算12.00万元): the budget the claim
    before is compared with, and the change against it (a 比预算 that does not say which budget leaves the figure
    unread); False when the words before the figure are not such a comparison. Never a claim of its own (it was one,
    “比” with the list after it as its parts, or a second claim of the subject that took the completion rate)."""
    found = _PLAN_COMPARED.match(words)
    if found is None or not sentence.made:
        return False
    claim, of = sentence.made[-1], found.group("of")
    if not found.group("cmp") and not of:
        sentence.second = True  # 基本支出445.80万元,预算数450万元: the budget of the figure before (which one unsaid), unread
        return True
    if not found.group("cmp") and "决算" not in claim.data.get("measure", ""):
        return False  # 年初预算12.00万元 without 比 is the plan only of an outturn (…决算10.23万元，年初预算12.00万元)
    if of and "plan_amount" not in claim.data:
        put_role(claim, Role(INITIAL if of == "年初" else FULL_YEAR), amount, clause, unit)
        start = amount.end()
        while start < len(chars) and chars[start] in " ，,":
            start += 1
        change = CHANGE.match(chars, start)
        if change is not None and put_plan_change(claim, f"比{of}预算", change, clause, unit):
            sentence.plan_last = True  # the percentage next is of this change
            return True
    sentence.second = True  # 较预算数1237万元下降8%,减少103万元: the change after a comparison left unread is its, not the claim's
    return True


def put_plan_percent(claim: Any, match: re.Match, clause: Text) -> None:
    """The percentage right after a change against the budget (…较年初预算数减少4万元，下降2.2%)."""
    if "plan_change" in claim.data and "plan_percent" not in claim.data:
        claim.data["plan_percent"] = decimal(match.group("pct"))
        claim.positions["/plan_percent"] = clause.at(match.start("pct"))


def set_reason(claim: Any, clause: Text, start: int, chars: str, key: str = "reason") -> None:
    claim.reason_key = key
    claim.data[key] = chars[start:].strip()
    claim.positions[f"/{key}"] = clause.at(start)
    _note_digits(claim, clause, start, len(chars))


def extend_reason(claim: Any, clause: Text, chars: str, separator: str) -> None:
    key = claim.reason_key
    so_far = claim.data.get(key, "")
    claim.data[key] = (so_far + separator if so_far else "") + chars.strip()
    if not so_far:
        claim.positions[f"/{key}"] = clause.at(len(clause.chars) - len(clause.chars.lstrip()))
    _note_digits(claim, clause, 0, len(chars))


def _note_digits(claim: Any, clause: Text, start: int, end: int) -> None:
    """The figures of a reason (新增1辆…) go into the claim with it: where their digits are written."""
    claim.digits.extend(clause.at(index) for index in range(start, end) if clause.chars[index].isdigit())


def figures_after_reason(chars: str, start: int) -> int | None:
    """Where a figure of the item's explanation begins inside its purpose, no full stop between (“主要用于…2025年当年预算执行数为A万元”)."""
    found = ROLE_AHEAD.search(chars, start)
    return found.start() if found and chars[start : found.start()].strip() else None


def reason_field(claim: Any, state: Any, lead: str) -> str:
    """An item's explanation says what the money is for (主要用于…) and why it changed (主要原因是…): two fields."""
    return "purpose" if claim is state.item and "用于" in lead or "包括" in lead and claim is state.item else "reason"


_ITEM_FIGURES = ("amount", "plan_amount", "base_amount", "change", "percent", "completion_percent", "share", "direction")


def states_a_figure(data: dict) -> bool:
    """An item named without any figure (a blank template's “XX（类）XX（款）XX（项）”, its amounts XXX) is no claim."""
    return "levels" not in data.get("classification", {}) or any(key in data for key in _ITEM_FIGURES)


_SUBJECT_YEAR = re.compile(r"(\d{4})\s*年度?$")
_PRIOR_KIND = (("决算", "决算数"), ("执行", "执行数"), ("预算", "预算数"))


def put_prior_base(claim: Any, words: str, at: int, match: re.Match, clause: Text, state: Any) -> bool:
    """公务接待费2016年预算8万元,2015年预算12.5万元;对比减少4.35万元: the earlier year's figure, in a clause of its own
    right after the claim's amount, is the claim's comparison amount (its base); False when the claim already has a
    base or a change, or the words name no earlier year than the claim's."""
    found = PRIOR.match(words)
    if found is None or "amount" not in claim.data or any(key in claim.data for key in ("base_amount", "direction", "change", "percent")):
        return False
    named = _SUBJECT_YEAR.search(claim.data.get("subject", ""))  # 公务接待费2016年 (a part's year, not its whole's)
    stated = int(named.group(1)) if named else claim.data.get("year") if isinstance(claim.data.get("year"), int) else state.fiscal_year
    if found.group("year"):
        year = int(found.group("year"))
        if stated is None or year >= stated:
            return False
    elif stated is None:
        return False
    else:
        year = stated - 1
    if named and claim.data.get("year") != stated:  # a year inherited from the list's whole gives way to the part's own
        claim.data["year"] = stated
        claim.positions["/year"] = claim.positions.get("/subject", claim.positions.get("", clause.at(0)))
    claim.data["base_year"] = year
    claim.positions["/base_year"] = clause.at(at + found.start("year") if found.group("year") else at)
    kind = next((name for word, name in _PRIOR_KIND if word in words), None)
    if kind is not None:
        claim.data["base_kind"] = kind
        claim.positions["/base_kind"] = clause.at(at)
    printed = _unit(match.group("unit"))
    claim.data["base_amount"] = converted(match.group("num"), printed, state.unit).lstrip("-")
    claim.data.setdefault("original_unit", printed)
    claim.positions["/base_amount"] = clause.at(match.start("num"))
    claim.precision["/base_amount"] = exponent_in(match.group("num"), printed, state.unit)
    return True
