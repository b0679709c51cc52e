"""Ingest stage, narrative claims: figures a narrative states in sentences, read into structured data that rules recompute.

A claim is one stated figure: its subject (and classification, when given), this year's amount,
and what the sentence says about its change against a comparison year (base amount, direction
word, change amount, percentage, reason). "其中" opens sub-claims that name their whole through
`part_of`. Amounts are converted explicitly to the document unit; every field keeps the
(line, column) it was read from.

`find_claims` reads source lines, joined into paragraphs (claim_text.py); `find_claims_in` takes
paragraphs already known (the extractor's), each as the pieces of the source lines it covers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from budgetcheck.findings import Position
from budgetcheck.ingest.narrative.claim_text import (
    SENTENCE_END,
    Piece,
    Text,
    clauses,
    joined,
    paragraphs,
    sentences,
)
from budgetcheck.ingest.narrative.claim_words import (
    AMOUNT,
    CHANGE,
    CODE_BRACKET,
    COMPARISON,
    COMPLETION,
    DIRECTION_NAMES,
    KIND_NAMES,
    LEAD,
    LINK_TAIL,
    NAMED_LEVELS,
    PERCENT,
    REASON,
    YEAR_PREFIX,
    converted,
    decimal,
    exponent_in,
    has_figure,
    is_change,
    names_an_item,
    read_subject,
    stated_amount,
)
from budgetcheck.money import UNITS


@dataclass(frozen=True)
class FoundClaim:
    data: dict
    positions: dict[str, Position]
    span: tuple[int, int, int]
    text: str
    precision: dict[str, int] = field(default_factory=dict)  # relative pointer -> exponent of the last printed digit, in the document unit
    digits: tuple[Position, ...] = ()  # where the digits of its reason are written: read into the claim with it


@dataclass
class _Claim:
    data: dict
    positions: dict[str, Position]
    sentence: Text
    top: bool = True
    later: list[Text] = field(default_factory=list)
    precision: dict[str, int] = field(default_factory=dict)
    digits: list[Position] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.data["id"]

    def read_from(self, sentence: Text | None) -> None:
        if sentence is not None and sentence is not self.sentence and all(sentence is not seen for seen in self.later):
            self.later.append(sentence)


@dataclass
class _Paragraph:
    unit: str
    fiscal_year: int | None = None
    claims: list[_Claim] = field(default_factory=list)
    context: str | None = None
    sentence: Text | None = None
    last_top: _Claim | None = None
    undirected: dict[str, _Claim] = field(default_factory=dict)


def find_claims(
    lines: Sequence[tuple[int, str]], fiscal_year: int | None, unit: str, headings: Collection[int] = ()
) -> list[FoundClaim]:
    """Every figure stated in a sentence of `lines`, with its comparison, change, percentage and reason.

    The lines numbered in `headings` (headings the caller has recognised) are left out, and no
    paragraph runs across one.
    """
    return _find(paragraphs(lines, frozenset(headings)), fiscal_year, unit)


def find_claims_in(paragraphs: Iterable[Sequence[Piece]], fiscal_year: int | None, unit: str) -> list[FoundClaim]:
    """As find_claims, over paragraphs already known: no line is joined to another paragraph."""
    return _find((joined(pieces) for pieces in paragraphs if any(text.strip() for _, _, text in pieces)), fiscal_year, unit)


def _find(paragraphs: Iterable[Text], fiscal_year: int | None, unit: str) -> list[FoundClaim]:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    found: list[_Claim] = []
    context: str | None = None
    for paragraph in paragraphs:
        state = _Paragraph(unit, fiscal_year, context=context)
        for sentence in sentences(paragraph):
            _read_sentence(sentence, state)
        context = state.context
        found.extend(state.claims)
    return [_finish(claim) for claim in found]


@dataclass
class _Scope:
    parent: _Claim
    nested: bool


@dataclass
class _Sentence:
    """What reading one sentence keeps between its clauses."""

    text: Text
    made: list[_Claim] = field(default_factory=list)
    scopes: list[_Scope] = field(default_factory=list)
    year: tuple[int, Position] | None = None
    pending: _Claim | None = None
    reason: _Claim | None = None
    known: set[int] = field(default_factory=set)
    last_top: _Claim | None = None


def _read_sentence(text: Text, state: _Paragraph) -> None:
    state.sentence = text
    sentence = _Sentence(text)
    for clause, before in clauses(text):
        chars = clause.chars.rstrip(SENTENCE_END + " ")
        if not chars.strip():
            if before and before in "（(":
                _open_scope(sentence, state, nested=True)
            continue
        if sentence.reason is not None and (before == "、" or (before and before in "，,：:" and not has_figure(chars))):
            _extend_reason(sentence.reason, clause, chars, before)
            continue
        sentence.reason = None
        reason = REASON.match(chars)
        if reason:
            sentence.reason = (sentence.made[-1] if sentence.made else _paragraph_target(state)) or _Claim({}, {}, clause)
            sentence.reason.read_from(text)
            _set_reason(sentence.reason, clause, reason.end(), chars)
            continue
        _read_clause(clause, chars, before, sentence, state)
        _update_context(chars, state)
        if sentence.scopes and sentence.scopes[-1].nested and chars.count("）") + chars.count(")") > chars.count("（") + chars.count("("):
            sentence.scopes.pop()


def _paragraph_target(state: _Paragraph) -> _Claim | None:
    return state.last_top


def _open_scope(sentence: _Sentence, state: _Paragraph, nested: bool) -> None:
    if nested:
        parent = sentence.made[-1] if sentence.made else _paragraph_target(state)
    else:
        parent = sentence.last_top or _paragraph_target(state)
    if parent is not None:
        sentence.scopes.append(_Scope(parent, nested))


def _read_clause(clause: Text, chars: str, before: str, sentence: _Sentence, state: _Paragraph) -> None:
    offset = 0
    lead = LEAD.match(chars)
    opens = lead is not None and lead.group().strip().startswith("其中")
    if (before and before in "（(") or opens:
        _open_scope(sentence, state, nested=bool(before) and before in "（(")
    example = lead is not None and lead.group().strip() in ("例如", "比如")
    if lead:
        offset = lead.end()
    prefix_year = YEAR_PREFIX.match(chars, offset)
    if prefix_year:
        sentence.year = (int(prefix_year.group("year")), clause.at(prefix_year.start("year")))
        offset = prefix_year.end()
    scopes = [] if example else sentence.scopes
    comparison = COMPARISON.search(chars, offset)
    amount = stated_amount(chars, offset, comparison.start() if comparison else len(chars))
    change = None
    if amount is None or is_change(chars, offset, amount):
        amount = None
        change = CHANGE.search(chars, comparison.end() if comparison else offset)
    percent = PERCENT.search(chars, offset)
    completion = COMPLETION.search(chars, offset)
    if amount is not None:
        claim = _new_claim(clause, chars[offset : amount.start()], offset, sentence, scopes, state)
        _put_amount(claim, amount, clause, state.unit)
    elif change is not None and not comparison and chars[offset : change.start()].strip():
        subject_text = chars[offset : change.start()]
        if not names_an_item(subject_text):
            return
        claim = _merge_target(read_subject(subject_text)[0], state, scopes) or _new_claim(clause, subject_text, offset, sentence, scopes, state)
    elif comparison or change or percent or completion:
        target = sentence.made[-1] if sentence.made else None if sentence.pending else _paragraph_target(state)
        if target is None:
            sentence.pending = _Claim({}, {}, clause)
            if comparison:
                _put_comparison(sentence.pending, comparison, clause, state)
            return
        claim = target
    else:
        return
    _fill(claim, sentence)
    if comparison:
        _put_comparison(claim, comparison, clause, state)
    after = change or (CHANGE.match(chars, comparison.end()) if comparison else None)
    if after:
        _put_change(claim, after, clause, state.unit)
    if percent:
        _put_percent(claim, percent, clause)
    if completion:
        _put_completion(claim, completion, clause)
    claim.read_from(sentence.text)
    if id(claim) not in sentence.known:
        sentence.known.add(id(claim))
        sentence.made.append(claim)
        if claim.top:
            sentence.last_top = claim
    sentence.year, sentence.pending = None, None


def _fill(claim: _Claim, sentence: _Sentence) -> None:
    """Give a claim the year and the comparison its sentence stated before it."""
    if sentence.year and "year" not in claim.data:
        claim.data["year"] = sentence.year[0]
        claim.positions["/year"] = sentence.year[1]
    if sentence.pending is not None and "base_year" not in claim.data:
        claim.data.update(sentence.pending.data)
        claim.positions.update(sentence.pending.positions)


def _merge_target(subject: str, state: _Paragraph, scopes: list[_Scope]) -> _Claim | None:
    """The latest claim of the paragraph about `subject` that does not yet say how it changed.

    Inside a "其中" list the change belongs to that list's whole: a claim of the same name that is
    part of another whole ("较上年减少2万元，其中：公务用车运行费减少1万元" after 公务用车运行费 was
    listed under 公务用车购置及运行费) is not the one meant, and the change becomes a part of its own.
    """
    claim = state.undirected.get(subject)
    if claim is None or "direction" in claim.data:
        return None
    if scopes and claim.data.get("part_of") != scopes[-1].parent.id:
        return None
    return claim


def _new_claim(clause: Text, subject_text: str, offset: int, sentence: _Sentence, scopes: list[_Scope], state: _Paragraph) -> _Claim:
    subject, measure, classification = read_subject(subject_text)
    if not subject:
        inherited = sentence.made[-1].data["subject"] if sentence.made else state.context
        written = re.sub(r"\s+", "", YEAR_PREFIX.sub("", LEAD.sub("", subject_text.strip(), count=1), count=1))
        subject = inherited or LINK_TAIL.sub("", written) or "（未写明事项）"
    line, column = clause.at(offset)
    found = clause.chars.find(subject, offset)
    data: dict = {"id": f"{line}:{column}", "subject": subject}
    if measure:
        data["measure"] = measure
    if classification:
        data["classification"] = classification
    if scopes:
        data["part_of"] = scopes[-1].parent.id
    positions = {"": (line, column), "/subject": clause.at(found) if found >= 0 else (line, column)}
    claim = _Claim(data, positions, sentence.text, top=not scopes)
    state.claims.append(claim)
    state.undirected[subject] = claim
    if claim.top:
        state.last_top = claim
    return claim


def _update_context(chars: str, state: _Paragraph) -> None:
    if NAMED_LEVELS.search(chars) or CODE_BRACKET.search(chars):
        name = read_subject(chars.split("。")[0])[0]
        if name and not AMOUNT.search(name):
            state.context = name


def _put_amount(claim: _Claim, match: re.Match, clause: Text, unit: str) -> None:
    claim.data["amount"] = converted(match.group("num"), match.group("unit"), unit).lstrip("-")
    claim.data.setdefault("original_unit", match.group("unit"))
    claim.positions["/amount"] = clause.at(match.start("num"))
    claim.precision["/amount"] = exponent_in(match.group("num"), match.group("unit"), unit)


def _put_comparison(claim: _Claim, match: re.Match, clause: Text, state: _Paragraph) -> None:
    """比2024年… names the year; 比上年… means the year before the document's, when that is known."""
    if match.group("by"):
        claim.data["base_year"] = int(match.group("by"))
        claim.positions["/base_year"] = clause.at(match.start("by"))
    elif state.fiscal_year is not None:
        claim.data["base_year"] = state.fiscal_year - 1
        claim.positions["/base_year"] = clause.at(match.start() + 1)
    if match.group("kind"):
        claim.data["base_kind"] = KIND_NAMES[match.group("kind")]
        claim.positions["/base_kind"] = clause.at(match.start("kind"))
    if match.group("base") and match.group("baseunit"):
        claim.data["base_amount"] = converted(match.group("base"), match.group("baseunit"), state.unit)
        claim.data.setdefault("original_unit", match.group("baseunit"))
        claim.positions["/base_amount"] = clause.at(match.start("base"))
        claim.precision["/base_amount"] = exponent_in(match.group("base"), match.group("baseunit"), state.unit)


def _put_change(claim: _Claim, match: re.Match, clause: Text, unit: str) -> None:
    word = match.group("dir")
    claim.data["direction"] = DIRECTION_NAMES.get(word, word)
    claim.positions["/direction"] = clause.at(match.start("dir"))
    if match.group("chg"):
        claim.data["change"] = converted(match.group("chg"), match.group("chgunit"), unit)
        claim.data.setdefault("original_unit", match.group("chgunit"))
        claim.positions["/change"] = clause.at(match.start("chg"))
        claim.precision["/change"] = exponent_in(match.group("chg"), match.group("chgunit"), unit)


def _put_percent(claim: _Claim, match: re.Match, clause: Text) -> None:
    claim.data["percent_direction"] = {"上升": "增长"}.get(match.group("pdir"), match.group("pdir"))
    claim.data["percent"] = decimal(match.group("pct"))
    claim.positions["/percent"] = clause.at(match.start("pct"))
    claim.positions["/percent_direction"] = clause.at(match.start("pdir"))


def _put_completion(claim: _Claim, match: re.Match, clause: Text) -> None:
    claim.data["completion_of"] = match.group("of")
    claim.data["completion_percent"] = decimal(match.group("pct"))
    claim.positions["/completion_of"] = clause.at(match.start("of"))
    claim.positions["/completion_percent"] = clause.at(match.start("pct"))


def _set_reason(claim: _Claim, clause: Text, start: int, chars: str) -> None:
    claim.data["reason"] = chars[start:].strip()
    claim.positions["/reason"] = clause.at(start)
    _note_digits(claim, clause, start, len(chars))


def _extend_reason(claim: _Claim, clause: Text, chars: str, separator: str) -> None:
    so_far = claim.data.get("reason", "")
    claim.data["reason"] = (so_far + separator if so_far else "") + chars.strip()
    if not so_far:
        claim.positions["/reason"] = clause.at(len(clause.chars) - len(clause.chars.lstrip()))
    _note_digits(claim, clause, 0, len(chars))


def _note_digits(claim: _Claim, clause: Text, start: int, end: int) -> None:
    """The figures of a reason (新增1辆…) go into the claim with it: where their digits are written."""
    claim.digits.extend(clause.at(index) for index in range(start, end) if clause.chars[index].isdigit())


def _finish(claim: _Claim) -> FoundClaim:
    sentence = claim.sentence
    text = "".join(part.chars.strip() for part in [sentence, *claim.later])
    claim.data["text"] = text
    claim.positions["/text"] = sentence.at(len(sentence.chars) - len(sentence.chars.lstrip()))
    line, column = claim.positions[""]
    end = max(sentence.last_column_on(line), column + 1)
    data = {key: claim.data[key] for key in _ORDER if key in claim.data}
    return FoundClaim(data, dict(claim.positions), (line, column, end), text, dict(claim.precision), tuple(claim.digits))


_ORDER = (
    "id", "part_of", "subject", "measure", "classification", "year", "amount", "base_year", "base_kind",
    "base_amount", "direction", "change", "percent_direction", "percent", "completion_of", "completion_percent",
    "reason", "original_unit", "text",
)
