"""Ingest stage, narrative claims: figures a narrative states in sentences, read into structured data that rules recompute.

A claim is one stated figure: its subject (and classification, when given), this year's amount, and what the
sentence says about its change against a comparison year (base amount, direction word, change amount, percentage,
reason). "其中" opens sub-claims that name their whole through `part_of`. Amounts are converted explicitly to the
document unit; every field keeps the (line, column) it was read from.

`find_claims` reads source lines, joined into paragraphs (claim_text.py); `find_claims_in` takes paragraphs already known.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from budgetcheck.findings import Position
from budgetcheck.ingest.narrative.claim_carry import carry_changes, named_whole, this_years
from budgetcheck.ingest.narrative.claim_fields import (
    extend_reason, figure_of, figures_after_reason, put_against_plan, put_amount, put_bare_percent, put_budget_direction, put_change, put_comparison,
    put_completion, put_percent, put_plan_change, put_plan_change_after, put_plan_percent, put_plan_rate, put_prior_base, put_role, put_share, reason_field, set_reason, states_a_figure,
)
from budgetcheck.ingest.narrative.claim_lists import (
    Lent, after_list, both_totals, closes_list, continues_use, end_breakdown, fill, goes_on_list, in_sublist, later_year, list_ended, list_opened, lists_parts_of, merge_target, named_part,
    open_whole, pair_roles, regroup, unchanged, unlink_short,
)
from budgetcheck.ingest.narrative.claim_model import UNNAMED, Claim, FoundClaim, finish
from budgetcheck.ingest.narrative.claim_resume import bare_opening, nested_restated, resumed_whole, whole_before
from budgetcheck.ingest.narrative.claim_text import SENTENCE_END, Piece, Text, clauses, joined, left_margin, paragraphs, sentences
from budgetcheck.ingest.narrative.claim_words import (
    AGAINST_PLAN_ONLY, AMOUNT_ONLY, BARE_PERCENT, CAUSE, CHANGE, COMPARED, COMPARISON, COMPLETION, DIFFERENCE_ONLY, ITEM_COMPARISON, LEAD, LINK_TAIL, PERCENT, PLAN_AFTER, PLAN_BEFORE, REASON,
    RESTATED, YEAR_PREFIX, bracket_prior, has_figure, is_change, kind_only, line_title, names_an_item, opening_title, prior_figure, read_subject, refines, share_subject,
    announces_breakdown, rate_word, rough_amount, rough_subject, same_item, shared_qualifier, stated_amount, unread_whole, update_context, verb_only,
)
from budgetcheck.ingest.narrative.counts import read_counts
from budgetcheck.ingest.narrative.items import BUDGET_DIRECTION, SHARE, Designation, continues_item, designation, role
from budgetcheck.ingest.narrative.ordinals import read_ordinal
from budgetcheck.ingest.narrative.respectively import read_named, read_pairs, read_respective, states_pairs
from budgetcheck.money import UNITS


@dataclass
class _Paragraph:
    unit: str
    fiscal_year: int | None = None
    loose: bool = False  # 万 printed alone is 万元 (a text of no known template)
    claims: list[Claim] = field(default_factory=list)
    context: str | None = None
    sentence: Text | None = None
    last_top: Claim | None = None
    undirected: dict[str, Claim] = field(default_factory=dict)
    item: Claim | None = None  # the per-item explanation being read: its figures are its own, whatever words precede them
    listing: Claim | None = None  # the whole of a 其中 list the paragraph before left open: its first sentence goes on with it
    earlier: list[Claim] = field(default_factory=list)  # the two paragraphs' claims before, when it opens with the list of their last (whole_before)
    title: str | None = None  # the numbered heading the paragraph opens with ((一)因公出国费用。): the item of a kind-only subject
    announced: bool = False  # the sentence before stated no figure and announced a breakdown (按…类型,分为…): a 其中 next lists its parts


def find_claims(lines: Sequence[tuple[int, str]], fiscal_year: int | None, unit: str, headings: Collection[int] = (), loose: bool = False, texts: Sequence[Text] | None = None) -> list[FoundClaim]:
    """Every figure stated in a sentence of `lines`, with its comparison, change, percentage and reason.

    The lines numbered in `headings` (headings the caller has recognised) are left out, and no paragraph runs across one.
    `texts`: those lines' paragraphs when the caller has joined them already (read_paragraphs).
    """
    return _find(read_paragraphs(lines, headings) if texts is None else texts, fiscal_year, unit, carry=True, loose=loose, headings=frozenset(headings))


def read_paragraphs(lines: Sequence[tuple[int, str]], headings: Collection[int] = (), carried: Collection[int] = (), filled: Collection[int] = ()) -> list[Text]:
    """The paragraphs find_claims reads `lines` in (claim_text.paragraphs, at the text's left margin; `carried`: the
    lines that go on their paragraph past a sentence's end; `filled`: the lines that hold the text's text)."""
    return paragraphs(lines, frozenset(headings), left_margin(lines), frozenset(carried), sorted(filled))


def find_claims_in(paragraphs: Iterable[Sequence[Piece]], fiscal_year: int | None, unit: str, loose: bool = False, headings: Collection[int] = ()) -> list[FoundClaim]:
    """As find_claims, over paragraphs already known: no line is joined to another paragraph (`headings`: the lines of
    the headings left out, that no list goes on across)."""
    known = (joined(pieces) for pieces in paragraphs if any(text.strip() for _, _, text in pieces))
    return _find(known, fiscal_year, unit, loose=loose, headings=frozenset(headings))


def _find(paragraphs: Iterable[Text], fiscal_year: int | None, unit: str, carry: bool = False, loose: bool = False, headings: frozenset[int] = frozenset()) -> list[FoundClaim]:
    """`carry`: the paragraphs were guessed from a text's lines, where a layout puts an item's purpose and figures
    on lines of their own (a PDF's 决算): an explanation goes on into a paragraph that reads as its continuation.
    Paragraphs known for certain (a Word document's) are each their own. In both, a 其中 list goes on into the next
    paragraph that begins with its next part (claim_lists.goes_on_list)."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    found: list[Claim] = []
    context: str | None = None
    item: Claim | None = None
    listing: Claim | None = None
    previous: Text | None = None
    across: dict[int, tuple[Claim, list[Claim]]] = {}  # the parts each list took in paragraphs after its own
    window: list[tuple[Text | None, list[Claim]]] = [(None, []), (None, [])]
    titled: str | None = None
    for paragraph in paragraphs:
        if not paragraph.chars.strip(" " + SENTENCE_END):
            continue  # a full stop a layout left on a line of its own: the explanation goes on after it
        state = _Paragraph(unit, fiscal_year, loose, context=context, item=item if carry and continues_item(paragraph.chars) else None, last_top=(opened := whole_before(window, paragraph, headings, unit)), earlier=[claim for _, claims in window for claim in claims] if opened else [])
        state.listing = carried = listing if listing is not None and goes_on_list(previous, paragraph, headings, listing, found, unit) else None
        state.title = opening_title(paragraph.chars) or titled  # (一)因公出国(境)费: or a line of its own just before
        for index, sentence in enumerate(sentences(paragraph)):
            if states_pairs(sentence.chars, paragraph.chars):
                _named(sentence, state)  # 收、支总计各… is read below, as pairs
                continue
            _read_sentence(sentence, state)
            if index == 0 and not state.claims:
                state.title = line_title(sentence.chars) or state.title
        titled = line_title(paragraph.chars) if not state.claims else None
        state.claims.extend([*_pairs(paragraph, unit), *_counts(paragraph)])
        both_totals(state.claims, [claim for _, claims in window for claim in claims])
        carry_changes(window, paragraph, headings, state.claims, fiscal_year)  # …支出决算为11.96万元。|…比2022年减少0.41万元
        window = [window[-1], (paragraph, state.claims)]  # the two paragraphs before: totals stated a line each, their change after
        context, item = state.context, state.item or (unchanged(state.last_top) if carry else None)
        found.extend(state.claims)
        listing, previous = open_whole(paragraph, state.claims, found) or bare_opening(window[:1], paragraph, headings), paragraph
        if carried is not None:
            across.setdefault(id(carried), (carried, []))[1].extend(claim for claim in state.claims if claim.data.get("part_of") == carried.id)
    unlink_short(across.values(), found)
    wholes = {claim.data.get("part_of") for claim in found}
    return [finish(claim) for claim in found if states_a_figure(claim.data) or claim.id in wholes]


def _pairs(paragraph: Text, unit: str) -> list[Claim]:
    """收、支总计各是X,Y万元 …: a claim for each of the two subjects (respectively.py)."""
    at = [(pair, {key: paragraph.at(offset) for key, offset in pair.offsets.items()}) for pair in read_pairs(paragraph.chars, unit)]
    return [Claim({"id": "{}:{}".format(*where[""]), **pair.data}, where, paragraph, precision=dict(pair.precision)) for pair, where in at]


def _named(sentence: Text, state: _Paragraph) -> None:
    """基本支出和项目支出分别为120万元、80万元: the words before the names read as a sentence is, a claim per name, the
    parts of the whole those words end with (…200万元，其中：); nothing when read_named cannot read the list."""
    named = read_named(sentence.chars, state.unit)
    if named is None:
        respective, before = read_respective(sentence.chars, state.unit), len(state.claims)
        if respective is not None:  # 基本支出…，项目支出…，分别比上年增加5万元、减少2万元: the items stated one by one first
            head = sentence.cut(0, respective.start)
            _read_sentence(head, state)
            respective.give(state.claims[before:], head, sentence)
        return
    head, before = sentence.cut(0, named.start), len(state.claims)
    if has_figure(head.chars):
        _read_sentence(head, state)
    whole = next((claim for claim in reversed(state.claims[before:]) if claim.top), None) if named.within or _WHOLE_BEFORE.search(head.chars) else None
    for pair in named.pairs:
        where = {key: sentence.at(offset) for key, offset in pair.offsets.items()}
        data = {"id": "{}:{}".format(*where[""]), **({"part_of": whole.data["id"]} if whole is not None else {}), **pair.data}
        state.claims.append(Claim(data, where, sentence, top=whole is None, precision=dict(pair.precision)))


_WHOLE_BEFORE = re.compile(r"其中\s*[：:]?\s*$")


def _counts(paragraph: Text) -> list[Claim]:
    """购置公务用车0辆，其中：执法执勤用车1辆…: the count and each of its parts (counts.py)."""
    out: list[Claim] = []
    for count in read_counts(paragraph.chars):
        where = {key: paragraph.at(offset) for key, offset in count.offsets.items()}
        whole = {"part_of": out[count.part_of].id} if count.part_of is not None else {}
        out.append(Claim({"id": "{}:{}".format(*where[""]), **whole, **count.data}, where, paragraph, top=count.part_of is None))
    return out


@dataclass
class _Scope:
    parent: Claim
    nested: bool
    refined: bool = False  # a 其中 inside a list of parts: its parts are named after the part they refine
    ordinal: tuple[str, bool] | None = None  # the style of the item (二、…) the list opened in: an item of that style (三、…) is the next (_next_item)


@dataclass
class _Sentence:
    """What reading one sentence keeps between its clauses."""

    text: Text
    made: list[Claim] = field(default_factory=list)
    scopes: list[_Scope] = field(default_factory=list)
    year: tuple[int, Position] | None = None
    pending: Claim | None = None
    reason: Claim | None = None
    known: set[int] = field(default_factory=set)
    last_top: Claim | None = None
    plan_last: bool = False  # the change read last was against the budget (较年初预算数减少…): a bare percentage next is its
    lent: Lent | None = None  # a change given to a 其中 list's whole, until a further part shows it was the last part's
    changed: Claim | None = None  # the claim the clause just read gave a change to (its bracket may hold the percentage)
    second: bool = False  # a second comparison was left unread: a bare change or percentage after it is its own
    before: str = ""  # the separator before the clause being read
    ordinal: tuple[str, bool] | None = None  # the style of the last numbered clause (一、 1. （1）)
    explained: bool = False  # a reason was read after the last figure: a 其中 now lists what the reason names


def _read_sentence(text: Text, state: _Paragraph) -> None:
    state.sentence = text
    listing, state.listing = state.listing or (resumed_whole(text.chars, state.claims, state.unit) if state.claims else None), None
    sentence = _Sentence(text, scopes=[_Scope(listing, False)] if listing is not None else [])
    for clause, before in clauses(text):
        chars = clause.chars.rstrip(SENTENCE_END + " ")
        changed, sentence.changed, sentence.before = sentence.changed, None, before
        named = named_part(chars, sentence.made)
        if named is not None:  # …；基本支出中，人员经费…: the parts of 基本支出 follow
            sentence.scopes.append(_Scope(named, nested=False, refined=True))
            continue
        bare = BARE_PERCENT.match(clause.chars) if changed is not None and before.strip() in ("(", "（") else None
        if bare and "percent" not in changed.data:  # type: ignore[union-attr]
            put_bare_percent(changed, bare, clause)  # 较上年减少1.5万元(42.86%): the change's percentage
            continue
        if not chars.strip():
            if before and before in "（(":
                _open_scope(sentence, state, nested=True)
            continue
        if sentence.reason is not None and (before == "、" or (before and before in "，,：:" and (not has_figure(chars) or continues_use(sentence.reason, chars, state.unit)))):
            extend_reason(sentence.reason, clause, chars, before)
            continue
        sentence.reason = None
        reason = REASON.match(chars)
        if reason and designation(chars) is None:
            target = (sentence.lent.whole if sentence.lent else sentence.made[-1] if sentence.made else _paragraph_target(state)) or Claim({}, {}, clause)
            target.read_from(text)
            rest = figures_after_reason(chars, reason.end()) if target is state.item else None
            sentence.reason, sentence.explained = target, True
            set_reason(target, clause, reason.end(), chars[:rest] if rest else chars, reason_field(target, state, reason.group()))
            put_budget_direction(target, clause, chars)
            if rest is None:
                continue
            sentence.reason = None
            clause, chars = clause.cut(rest, len(clause.chars)), chars[rest:]
        if state.item is not None and BUDGET_DIRECTION.search(chars):
            put_budget_direction(state.item, clause, chars)
            state.item.read_from(text)
        _read_clause(clause, chars, before, sentence, state)
        update_context(chars, state)
        if sentence.scopes and sentence.scopes[-1].nested and chars.count("）") + chars.count(")") > chars.count("（") + chars.count("("):
            parent = sentence.scopes.pop().parent
            if any(made is parent for made in sentence.made):  # what follows the bracket is said of the whole it lists
                sentence.made = [made for made in sentence.made if made is not parent] + [parent]
    pair_roles(sentence.made, [*state.earlier, *state.claims])  # a whole the paragraph before stated: its sentence's figures are there
    nested_restated(text.chars, sentence.made, state.claims)  # …。其中：… the parts of a part listed before
    state.announced = not sentence.made and announces_breakdown(text.chars)
    if listing is not None and state.last_top is None:  # the part a paragraph begins with is what its next sentences speak of
        state.last_top = next((made for made in sentence.made if made.data.get("part_of") == listing.id), None)


def _paragraph_target(state: _Paragraph) -> Claim | None:
    return state.last_top or state.item


def _open_scope(sentence: _Sentence, state: _Paragraph, nested: bool, clause: Text | None = None) -> None:
    if nested:
        parent = sentence.made[-1] if sentence.made else _paragraph_target(state)
    elif sentence.scopes and sentence.made and sentence.made[-1] is not sentence.scopes[-1].parent and sentence.lent is None:
        sentence.scopes.append(_Scope(sentence.made[-1], nested, refined=True, ordinal=sentence.ordinal))  # a second 其中 refines the part just listed
        return
    elif sentence.explained:  # …主要原因是降本增效;项目资金压减,其中职工…项目压减7.00万元: the cause's parts, not the figure's
        parent = None
    else:
        before = sentence.text.chars[: clause.base - sentence.text.base] if clause is not None and not sentence.last_top else ""
        parent = sentence.last_top or (None if unread_whole(before) or (state.announced and not before.strip()) else _paragraph_target(state))
    if parent is not None:
        list_opened(parent, sentence, nested)  # 761.21万元(含上年结转5.01万元),其中:…: the list is the parts
        sentence.scopes.append(_Scope(parent, nested, ordinal=sentence.ordinal))


def _next_item(chars: str, sentence: _Sentence) -> None:
    """A clause numbered in the style of the item a 其中 list was opened in is the next item, and the list has ended
    (a web page's one line: 二、公务用车购置及运行费预算150万元,其中公务用车运行费150万元,…,公务用车购置费0万元,…,三、公务接待费
    预算200万元 — not a third part of 150). Parts numbered in a style of their own (其中：1.人员经费…；2.公用经费…) go on."""
    ordinal = read_ordinal(chars)
    if ordinal is None:
        return
    style = (ordinal.style, ordinal.chinese)
    ended = next((index for index, scope in enumerate(sentence.scopes) if scope.ordinal == style), None)
    if ended is not None:
        del sentence.scopes[ended:]
    sentence.ordinal = style


def _read_clause(clause: Text, chars: str, before: str, sentence: _Sentence, state: _Paragraph) -> None:
    offset = 0
    _next_item(chars, sentence)
    end_breakdown(sentence.text.chars[: clause.base - sentence.text.base], chars, sentence.scopes, sentence.made)
    lead = LEAD.match(chars)
    opens = lead is not None and lead.group().strip().startswith(("其中", "包括", "包含", "具体"))  # 包括, 具体是 list parts as 其中 does
    if (before and before in "（(") or opens:
        _open_scope(sentence, state, nested=bool(before) and before in "（(", clause=clause)
    elif before in ("", "；", ";") and not sentence.scopes and (parent := sentence.last_top or state.last_top) is not None and lists_parts_of(chars, parent.data):
        sentence.scopes.append(_Scope(parent, False, ordinal=sentence.ordinal))  # …收支总预算1100.22万元。…；支出包括：A、B、C
    example = lead is not None and lead.group().strip() in ("例如", "比如")
    if lead is not None and lead.group().strip() in ("加", "此外", "另外"):  # …;加上级补助收入…, …;此外,年初结转和结余…: besides
        sentence.scopes[:] = [scope for scope in sentence.scopes if scope.nested]  # the figure before (a balance), no part of its list
    if lead:
        offset = lead.end()
    if CAUSE.match(chars, offset) and not has_figure(chars):
        return
    if BUDGET_DIRECTION.match(chars, offset) and (sentence.made or _paragraph_target(state)):
        put_budget_direction(sentence.made[-1] if sentence.made else _paragraph_target(state), clause, chars)
        return  # 完成年初预算100%，决算数大于预算数55.93万元: how the claim before compares with its budget
    item = designation(chars, offset)
    if item is not None:
        state.item = _new_item(clause, item, state)
        offset = item.end
    lead_end = offset
    prefix_year = YEAR_PREFIX.match(chars, offset)
    if prefix_year:
        sentence.year = (int(prefix_year.group("year")), clause.at(prefix_year.start("year")))
        offset = prefix_year.end()
    scopes = [] if example else sentence.scopes
    comparison = COMPARISON.search(chars, offset)
    if sentence.made and (comparison is None or comparison.start() > offset):
        restated = ITEM_COMPARISON.match(chars, offset)  # …,较2023年机关运行经费预算增加5万元: the claim before's comparison
        if restated is not None and same_item(read_subject(restated.group("item"))[0], sentence.made[-1].data.get("subject", "")):
            comparison = restated
    amount = stated_amount(chars, offset, stop := comparison.start() if comparison else len(chars), state.loose)
    change = rough = None
    if amount is None or is_change(chars, offset, amount):
        rough, amount, change = rough_amount(chars, offset, stop) if amount is None else None, None, CHANGE.search(chars, comparison.end() if comparison else offset)
    percent = PERCENT.search(chars, offset)
    completion = COMPLETION.search(chars, offset)
    if amount is not None and ((completion is not None and completion.start() <= amount.start() < completion.end()) or PLAN_BEFORE.search(chars, 0, amount.start())):
        amount = None  # 完成全年预算84.82万元的73.2% (完成预算0万元的--%): the budget of the claim before, not a claim of its own
    if amount is not None and completion is not None and completion.end() <= amount.start() and names_an_item(chars[completion.end() : amount.start()]):
        lead_end = offset = completion.end()  # …63.22亿元,完成预算的99.74%企业所得税35.19亿元: the rate of the figure before (its stop lost), never this one's
        completion = None
    share = SHARE.search(chars, offset)
    if share is not None and completion is not None and completion.start() <= share.start() < completion.end():
        share = None  # 占年初预算的83.33%: a completion (claim_words.COMPLETION), not a share of a whole
    figure_role = role(chars[lead_end : amount.start()], state.fiscal_year) if amount is not None else None
    if item is not None:
        claim = state.item
        if amount is not None and figure_role is not None:
            put_role(claim, figure_role, amount, clause, state.unit)
        elif amount is not None:
            put_amount(claim, amount, clause, state.unit)
    elif amount is not None and figure_role is not None and state.item is not None:  # a figure of the item's explanation
        claim = state.item
        put_role(claim, figure_role, amount, clause, state.unit)
        sentence.year = None  # the year of a base figure is the comparison year, not the item's
    elif amount is not None and sentence.made and before in ("，", ",", "；", ";") and put_prior_base(sentence.made[-1], chars[lead_end : amount.start()], lead_end, amount, clause, state):
        sentence.year = None  # …2016年预算8万元,2015年预算12.5万元: the comparison amount of the claim before
        return
    elif amount is not None and ((scopes or sentence.made or state.claims) and RESTATED.match(chars[0 if lead else offset : amount.start()]) or sentence.made and prior_figure(chars[lead_end : amount.start()], state.fiscal_year, before) or sentence.made and before in ("：", ":") and not chars[lead_end : amount.start()].strip() and bracket_prior(sentence.text.chars[: clause.base - sentence.text.base - 1], state.fiscal_year) or AGAINST_PLAN_ONLY.search(chars[lead_end : amount.start()]) or DIFFERENCE_ONLY.match(chars[lead_end : amount.start()]) or put_against_plan(sentence, chars[lead_end : amount.start()], amount, chars, clause, state.unit)):
        sentence.year = None  # （2022年为1100万元）: the year said was that figure's, not the next claim's
        return  # …，合计1170.00万 (the whole said again), …，共计支出4.00万元, …万元（上年11,491.20万元）: no claim of its own
    elif amount is not None and sentence.made and "share" in sentence.made[-1].data and "amount" not in sentence.made[-1].data and AMOUNT_ONLY.match(chars[offset : amount.start()]):
        claim = sentence.made[-1]  # 基本支出占80.00%，为400.00万元: the amount of the item whose share was just read
        put_amount(claim, amount, clause, state.unit)
    elif amount is not None:
        claim = _new_claim(clause, chars[offset : amount.start()], offset, sentence, scopes, state, figure_of(amount, state.unit))
        put_amount(claim, amount, clause, state.unit)
    elif rough is not None and not change and names_an_item(subject_text := rough_subject(chars[offset : rough.start()])) and not prior_figure(chars[lead_end : rough.start()], state.fiscal_year, before):
        claim = _new_claim(clause, subject_text, offset, sentence, scopes, state)  # 事业收入约201万元: the item, its figure unread
    elif share is not None and not (comparison or change or completion) and share_subject(chars[offset : share.start()]):
        claim = _new_claim(clause, chars[offset : share.start()], offset, sentence, scopes, state)  # 其中人员经费占基本支出的85%
    elif change is not None and not comparison and chars[offset : change.start()].strip():
        subject_text = chars[offset : change.start()]
        if not names_an_item(subject_text):
            plan_target = sentence.made[-1] if sentence.made else _paragraph_target(state)
            if plan_target is not None and put_plan_change(plan_target, subject_text, change, clause, state.unit):
                plan_target.read_from(sentence.text)  # 较年初预算数减少4万元: the change against the budget
                sentence.plan_last = True
            return
        plan = PLAN_AFTER.search(subject_text)  # 公务接待费支出决算比预算无增减变化: the item's change against its budget, not last year's
        subject_text = subject_text[: plan.start()] if plan else subject_text
        claim = merge_target(read_subject(subject_text)[0], state.undirected, scopes) or _new_claim(clause, subject_text, offset, sentence, scopes, state)
        if plan is not None:
            sentence.plan_last, change = put_plan_change(claim, plan.group(), change, clause, state.unit), None
    elif (said := comparison or (None if change or completion or share or COMPARED.match(chars, offset) else percent)) and names_an_item(chars[offset : said.start()]) and read_subject(chars[offset : said.start()])[0]:
        subject_text = chars[offset : said.start()]  # 公务接待费较上年减少12.39万元, …支出决算增长3.45%,增加0.01万元: an item stated by its change
        named = read_subject(subject_text)[0]  # 收入总计2519.13万元,收入较上年决算数减少…: the total, named again by its start
        restated = sentence.made[-1] if sentence.made and sentence.made[-1].top and "direction" not in sentence.made[-1].data else None
        relative = state.fiscal_year if comparison is not None and not comparison.group("by") else None  # 较上年: of the text's year
        claim = merge_target(named, state.undirected, scopes, relative, state.claims) or (restated if restated is not None and same_item(named, restated.data.get("subject", "")) else None)
        claim = claim or _new_claim(clause, subject_text, offset, sentence, scopes, state)
    elif comparison or change or percent or completion or share:
        target = later_year(sentence.made, sentence.made[-1]) if sentence.made else None if sentence.pending else _paragraph_target(state)
        if target is None:
            sentence.pending = Claim({}, {}, clause)
            if comparison:
                put_comparison(sentence.pending, comparison, clause, state)
            return
        whole = sentence.scopes[-1].parent if sentence.scopes and not sentence.scopes[-1].nested else None
        if (comparison or change) and whole is not None and target is not whole and after_list(sentence.made, whole, target):
            sentence.lent = Lent(whole, target, set(whole.data), set(whole.positions), set(whole.precision))
            target = whole  # 总预算A元，其中：基本支出B元，项目支出C元，同比增加D元: the change of the whole, which has none yet
        elif percent and not (comparison or change or completion or share) and sentence.lent is not None and sentence.lent.whole is not target:
            target = sentence.lent.whole  # …项目支出C元，同比增加D元，增长E%: the percentage of the change the whole took
        if (target := this_years(target, comparison, sentence.year, [*state.claims, *sentence.made], state.fiscal_year)) is None:
            return  # 2015年预算数160万元，2016年预算比2015年预算下降68.8%: the change is 2016's figure's, against 2015's
        if comparison and "direction" in target.data:  # a second comparison (…比2019年决算数减少…): a claim holds one
            if percent and "percent" not in target.data and not comparison.group("by"):
                put_percent(target, percent, clause)  # …减少533万元，同比下降11.2%: the percentage of the change just read
            sentence.second = not percent or "percent" in target.data or bool(comparison.group("by"))
            return
        if sentence.second and not comparison and (change or percent) and not (completion or share):
            return  # …；比2019年决算数减少24.87万元，降低28.6%: the percentage of the comparison left unread, not the claim's
        if change and not (comparison or percent) and sentence.plan_last and put_plan_change_after(target, change, clause, state.unit):
            return  # …较年初预算数下降24%,减少26.65万元: the change of the rate against the budget just read
        if change and change.group("chg") and not comparison and "change" in target.data:
            return  # …减少106.71万元,主要原因是(1)…较上年决算数下降4.4%,减少112.6万元: another's change (a reason's), never a second one
        if percent and not comparison and (not change or rate_word(change, percent)) and not completion and not share and ("percent" in target.data or (sentence.plan_last and "plan_change" in target.data)):
            sentence.plan_last = put_plan_rate(target, chars[offset : percent.start()], percent, clause) or sentence.plan_last  # 较年初预算数下降24%,…
            put_plan_percent(target, percent, clause)  # …较年初预算数减少4万元，下降2.2%: that change's (before or after 较上年…)
            return
        if share and "share" in target.data and not (comparison or change or percent or completion):
            return  # …1,972.01万元,占86.37%;…支出9. 03万元,占0.4% (a figure a PDF broke): another item's share, not a second one
        claim = target
    else:
        return
    fill(claim, sentence)
    sentence.explained = False
    sentence.plan_last = sentence.plan_last and not (comparison or change)
    if comparison:
        put_comparison(claim, comparison, clause, state)
    after = change or (CHANGE.match(chars, comparison.end()) if comparison else None)
    if after and not (percent and rate_word(after, percent)):  # 增加13%: the rate's word, as 增长13% is
        put_change(claim, after, clause, state.unit)
        sentence.changed = claim
    if percent:
        put_percent(claim, percent, clause)
    if completion:
        put_completion(claim, completion, clause, state.unit)
    if share:
        put_share(claim, share, clause)
    regroup(claim, sentence.made)  # 授予小微企业合同金额…，占授予中小企业合同金额的…: a part of that part
    if sentence.scopes and (named := named_whole(claim, sentence.scopes[-1].parent, [*state.earlier, *state.claims, *sentence.made])) is not None:
        claim.data["part_of"], sentence.scopes[-1].parent = named.id, named  # …其中：人员经费…，占基本支出的87.5%: 基本支出's list
    claim.read_from(sentence.text)
    if id(claim) not in sentence.known:
        sentence.known.add(id(claim))
        sentence.made.append(claim)
        if claim.top:
            sentence.last_top = claim
    sentence.year, sentence.pending, sentence.second = None, None, False


def _new_claim(
    clause: Text, subject_text: str, offset: int, sentence: _Sentence, scopes: list[_Scope], state: _Paragraph, figure: tuple | None = None
) -> Claim:
    subject, measure, classification = read_subject(subject_text)
    while scopes and closes_list(subject, scopes[-1].parent):
        scopes.pop()  # …，本年支出合计100万元 after the income's list: a total is no part of it
    while scopes and scopes[-1].refined and subject and not refines(subject, scopes[-1].parent.data.get("subject", "")):
        if in_sublist(scopes[-1].parent, state.claims, sentence.before.strip(), figure):
            break
        scopes.pop()  # the list of the part refined has ended: 公务接待费 is the whole's again
    if scopes and not scopes[-1].nested and list_ended(scopes[-1].parent, state.claims, sentence.before.strip(), subject):
        scopes.pop()  # …服务类60万元；面向中小企业预留30万元 (the list adds up to its whole), …；项目支出 after 基本支出's list: no part of it
    if not subject:
        inherited = sentence.made[-1].data["subject"] if sentence.made else state.context
        written = re.sub(r"\s+", "", YEAR_PREFIX.sub("", LEAD.sub("", subject_text.strip(), count=1), count=1))
        written = LINK_TAIL.sub("", written)
        subject = inherited or (UNNAMED if verb_only(written) else written) or UNNAMED  # 预算安排0万元 names no item
    elif state.title is not None and not scopes and kind_only(subject):
        subject = state.title  # (一)因公出国费用。2021年预算支出为0万元: the heading's item, not 预算支出 of every item
    elif not scopes and sentence.made and sentence.made[-1].top:
        subject = shared_qualifier(sentence.made[-1].data["subject"], subject)
    line, column = clause.at(offset)
    found = clause.chars.find(subject, offset)
    data: dict = {"id": f"{line}:{column}", "subject": subject}
    data.update((key, value) for key, value in (("measure", measure), ("classification", classification)) if value)
    if scopes:
        data["part_of"] = scopes[-1].parent.id
    inherited_year = scopes[-1].parent if state.loose and scopes and "year" in scopes[-1].parent.data and not sentence.year else None
    positions = {"": (line, column), "/subject": clause.at(found) if found >= 0 else (line, column)}
    if inherited_year is not None:  # a part of 2021年…合计807.95万元，其中… is a 2021 figure too (generic texts, which compare years)
        data["year"] = inherited_year.data["year"]
        positions["/year"] = inherited_year.positions["/year"]
    claim = Claim(data, positions, sentence.text, top=not scopes, noted=bool(scopes) and scopes[-1].nested)
    if sentence.lent is not None and data.get("part_of") == sentence.lent.whole.id and (figure or not sentence.explained):
        sentence.lent.give_back()  # the list goes on after the change: it was the part's before it (…B元，比上年增加D元；C…), not a reason's part
        sentence.lent = None
    state.claims.append(claim)
    state.undirected[subject] = claim
    if claim.top:
        state.last_top = claim
    return claim


def _new_item(clause: Text, item: Designation, state: _Paragraph) -> Claim:
    """The claim of a per-item explanation: the item by its levels' names, and its full code when printed."""
    first, last = item.levels[0], item.levels[-1]
    line, column = clause.at(first.name_at)
    classification: dict = {"level": last.level, "name": last.name}
    positions = {"": (line, column), "/subject": (line, column), "/classification/name": clause.at(last.name_at)}
    if last.code:
        classification["code"] = last.code
        positions["/classification/code"] = clause.at(last.code_at or last.name_at)
    levels = []
    for index, level in enumerate(item.levels):
        entry = {"level": level.level, "name": level.name, **({"code": level.code} if level.code else {})}
        levels.append(entry)
        positions[f"/classification/levels/{index}"] = positions[f"/classification/levels/{index}/name"] = clause.at(level.name_at)
        if level.code:
            positions[f"/classification/levels/{index}/code"] = clause.at(level.code_at or level.name_at)
    classification["levels"] = levels
    claim = Claim({"id": f"{line}:{column}", "subject": item.subject, "classification": classification}, positions, state.sentence or clause)
    state.claims.append(claim)
    state.undirected[item.subject] = claim
    state.last_top = claim
    return claim
