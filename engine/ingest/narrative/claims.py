"""Claims: figures a narrative states in sentences, read into structured data that rules recompute.

A claim is one stated figure: its subject (and classification, when given), this year's amount,
and what the sentence says about its change against a comparison year (base amount, direction
word, change amount, percentage, reason). "其中" opens sub-claims that name their whole through
`part_of`. Amounts are converted explicitly to the document unit; every field keeps the
(line, column) it was read from.

`find_claims` joins source lines into paragraphs first: a wrapped line (not indented, after a line
that does not end a sentence) continues its paragraph, so a sentence broken by a PDF's layout is
read whole; a heading (an ordinal and a short title without a figure) is a paragraph of its own.
`find_claims_in` takes paragraphs already known (the extractor's), each as the pieces of the
source lines it covers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from budgetcheck.findings import Position
from budgetcheck.money import UNITS, Money

Piece = tuple[int, int, str]
"""Part of a paragraph on one source line: (line, 1-based column of its first character, text)."""

_WIDE = str.maketrans(
    {**{chr(0xFF10 + d): str(d) for d in range(10)}, "．": ".", "％": "%", "\u3000": " ", "－": "-"}
)
_SECTION_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)]|第[一二三四五六七八九十\d]{1,3}部分)")
_HEADING_WIDTH = 24  # a title; a longer numbered line is a list item, perhaps wrapped
_THOUSANDS = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT = re.compile(rf"(?P<num>{_NUMBER})\s*(?P<unit>万元|元)")
_YEAR = r"(?P<{0}>\d{{4}})\s*年度?"
_KIND = r"(?P<kind>预算执行数|预算执行|执行数|决算数|决算|预算数|预算)"
_DIRECTION = r"(?P<dir>增加|减少|基本持平|持平|无变化|没有变化|(?:增长|上升|下降|降低)(?=\s*-?\d[\d,]*(?:\.\d+)?\s*万?元))"
_COMPARISON = re.compile(
    r"(?:比|较|与|同比)\s*(?:" + _YEAR.format("by") + r"|上年度?|上一年度?|去年)\s*" + _KIND + r"?"
    r"\s*(?P<base>" + _NUMBER + r")?\s*(?P<baseunit>万元|元)?\s*(?:相比|比较)?"
    r"(?=\s*(?:[，,]|$|增加|减少|持平|基本持平|无变化|没有变化|增长|下降|上升|降低))"
)
_CHANGE = re.compile(_DIRECTION + rf"\s*(?:(?P<chg>{_NUMBER})\s*(?P<chgunit>万元|元))?")
_PERCENT = re.compile(rf"(?P<pdir>增长|下降|增加|减少|上升)了?\s*(?P<pct>{_NUMBER})\s*%")
_COMPLETION = re.compile(rf"完成(?P<of>年初预算|全年预算|调整预算|预算)数?的\s*(?P<pct>{_NUMBER})\s*%")
_YEAR_PREFIX = re.compile(r"^\s*" + _YEAR.format("year") + r"(?![0-9]|\s*[0-9]+\s*月)\s*")
_LEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+\s*[、.．]\s*|其中|例如|比如|另外|此外|同时|经|共)\s*")
_ORGANISATION = re.compile(
    r"^(?:本|我)(?:部门|单位)|^[^，。；“”]*?[省市区县委][^，。；“”]*?(?:办公室|委员会|办事处|工作部|局|部门)(?:（部门）|\(部门\))?"
)
_SUBJECT_WINDOW = 120  # a subject is a phrase; a longer run before a figure is layout debris, and the patterns below are quadratic in it
_LINK_TAIL = re.compile(r"(?:为|是|达到|达)+$")
_VERB_TAIL = re.compile(r"(?:共计安排|预算安排|安排|共计|预算数|预算)+$")
_MEASURES = ("年初预算", "全年预算", "调整预算", "支出决算", "决算数", "决算", "执行数")
_REASON = re.compile(r"^\s*(?:[^，；。]{0,20}?的)?(?:主要原因是|主要原因为|主要原因|原因是|主要是|主要为|主要用于|用于|主要包括)[：:]?\s*")
_THRESHOLD = re.compile(r"\s*(?:[（(]含[）)])?\s*(?:以上|以下|以内)")
_CODE_BRACKET = re.compile(r"[（(]\s*(?P<code>\d{2,7})\s*(?P<level>类|款|项)\s*[）)]")
_CODE_LEADING = re.compile(r"^(?P<code>\d{3,7})\s+(?P<name>\S.*)$")
_QUOTED_ITEM = re.compile(r"^“(?P<name>[^”]+)”(?:科目)?$")
_NAMED_LEVELS = re.compile(r"（类）|（款）|（项）|\(类\)|\(款\)|\(项\)")
_CLAUSE_SPLIT = re.compile(r"[，；：,;:]|(?<=元)、|[（(](?=其中)")
_SENTENCE_END = "。！？!?"
_KIND_NAMES = {"预算执行数": "执行数", "预算执行": "执行数", "执行数": "执行数", "决算数": "决算数", "决算": "决算数", "预算数": "预算数", "预算": "预算数"}
_DIRECTION_NAMES = {"基本持平": "持平", "没有变化": "无变化", "增长": "增加", "上升": "增加", "下降": "减少", "降低": "减少"}


@dataclass(frozen=True)
class FoundClaim:
    data: dict
    positions: dict[str, Position]
    span: tuple[int, int, int]
    text: str


@dataclass(frozen=True)
class _Line:
    """Where a source line's text starts in its paragraph, and at which line and column."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class _Text:
    """A run of paragraph text (from `base` in the paragraph) that knows the source position of each character."""

    chars: str
    lines: tuple[_Line, ...]
    base: int = 0

    def at(self, index: int) -> Position:
        offset = self.base + max(0, min(index, len(self.chars) - 1))
        found = self.lines[bisect.bisect_right(self.lines, offset, key=lambda part: part.offset) - 1]
        return found.line, found.column + offset - found.offset

    def cut(self, start: int, end: int) -> _Text:
        return _Text(self.chars[start:end], self.lines, self.base + start)

    def last_column_on(self, line: int) -> int:
        """The column just after this text's last character on source line `line` (1 when it has none there)."""
        end = self.base + len(self.chars)
        columns = [
            part.column + min(end, following) - part.offset
            for part, following in zip(self.lines, [*(p.offset for p in self.lines[1:]), end])
            if part.line == line and part.offset < end and following > self.base
        ]
        return max(columns, default=1)


@dataclass
class _Claim:
    data: dict
    positions: dict[str, Position]
    sentence: _Text
    top: bool = True
    later: list[_Text] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.data["id"]

    def read_from(self, sentence: _Text | None) -> None:
        if sentence is not None and sentence is not self.sentence and all(sentence is not seen for seen in self.later):
            self.later.append(sentence)


@dataclass
class _Paragraph:
    unit: str
    fiscal_year: int | None = None
    claims: list[_Claim] = field(default_factory=list)
    context: str | None = None
    sentence: _Text | None = None
    last_top: _Claim | None = None
    undirected: dict[str, _Claim] = field(default_factory=dict)


def find_claims(
    lines: Sequence[tuple[int, str]], fiscal_year: int | None, unit: str, headings: Collection[int] = ()
) -> list[FoundClaim]:
    """Every figure stated in a sentence of `lines`, with its comparison, change, percentage and reason.

    The lines numbered in `headings` (headings the caller has recognised) are left out, and no
    paragraph runs across one.
    """
    return _find(_paragraphs(lines, frozenset(headings)), fiscal_year, unit)


def find_claims_in(paragraphs: Iterable[Sequence[Piece]], fiscal_year: int | None, unit: str) -> list[FoundClaim]:
    """As find_claims, over paragraphs already known: no line is joined to another paragraph."""
    return _find((_joined(pieces) for pieces in paragraphs if any(text.strip() for _, _, text in pieces)), fiscal_year, unit)


def _joined(pieces: Sequence[Piece]) -> _Text:
    chars: list[str] = []
    parts: list[_Line] = []
    size = 0
    for line, column, raw in pieces:
        text = _THOUSANDS.sub(",", raw.translate(_WIDE)).rstrip()
        lead = len(text) - len(text.lstrip()) if not chars else 0
        parts.append(_Line(size, line, column + lead))
        chars.append(text[lead:])
        size += len(text) - lead
    return _Text("".join(chars), tuple(parts))


def _find(paragraphs: Iterable[_Text], fiscal_year: int | None, unit: str) -> list[FoundClaim]:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    found: list[_Claim] = []
    context: str | None = None
    for paragraph in paragraphs:
        state = _Paragraph(unit, fiscal_year, context=context)
        for sentence in _sentences(paragraph):
            _read_sentence(sentence, state)
        context = state.context
        found.extend(state.claims)
    return [_finish(claim) for claim in found]


def _paragraphs(lines: Sequence[tuple[int, str]], headings: frozenset[int]) -> list[_Text]:
    out: list[_Text] = []
    chars: list[str] = []
    parts: list[_Line] = []
    size, last = 0, ""

    def close() -> None:
        nonlocal chars, parts, size, last
        if chars:
            out.append(_Text("".join(chars), tuple(parts)))
        chars, parts, size, last = [], [], 0, ""

    for number, raw in lines:
        text = _THOUSANDS.sub(",", raw.translate(_WIDE)).rstrip()
        if number in headings:
            close()
            continue
        if not text.strip():
            continue
        heading = _heading(text)
        if heading or _indented(text) or last in _SENTENCE_END + "：:":
            close()
        start = len(text) - len(text.lstrip()) if not chars else 0
        parts.append(_Line(size, number, start + 1))
        chars.append(text[start:])
        size += len(text) - start
        last = text[-1]
        if heading:
            close()
    close()
    return out


def _heading(text: str) -> bool:
    """A section heading (一、… without a full stop), or an ordinal and a short title with no sentence
    and no figure (“3、比上年增减情况”, “（一）收入说明”, “第四部分 …”)."""
    title = text.strip()
    if _SECTION_HEADING.match(title) and "。" not in title:
        return True
    return (
        len(title) <= _HEADING_WIDTH
        and _HEADING.match(title) is not None
        and not any(mark in title for mark in "。；;，,")
        and _AMOUNT.search(title) is None
        and _NAMED_LEVELS.search(title) is None
    )


def _indented(text: str) -> bool:
    """A paragraph's first line: indented by two spaces or more, or by a tab (a wrapped line may carry one stray space)."""
    return text.startswith(("  ", "\t", " \t"))


def _sentences(paragraph: _Text) -> list[_Text]:
    out, start = [], 0
    for index, char in enumerate(paragraph.chars):
        if char in _SENTENCE_END:
            out.append(paragraph.cut(start, index + 1))
            start = index + 1
    if start < len(paragraph.chars):
        out.append(paragraph.cut(start, len(paragraph.chars)))
    return [sentence for sentence in out if sentence.chars.strip(" " + _SENTENCE_END)]


def _clauses(sentence: _Text) -> list[tuple[_Text, str]]:
    """(clause, the separator before it) pairs; the separator is '' for the first."""
    out, start, before = [], 0, ""
    for match in _CLAUSE_SPLIT.finditer(sentence.chars):
        if _inside_number(sentence.chars, match.start()):
            continue
        out.append((sentence.cut(start, match.start()), before))
        before, start = match.group(), match.end()
    out.append((sentence.cut(start, len(sentence.chars)), before))
    return out


def _inside_number(chars: str, index: int) -> bool:
    return chars[index] == "," and 0 < index < len(chars) - 3 and chars[index - 1].isdigit() and chars[index + 1 : index + 4].isdigit()


@dataclass
class _Scope:
    parent: _Claim
    nested: bool


@dataclass
class _Sentence:
    """What reading one sentence keeps between its clauses."""

    text: _Text
    made: list[_Claim] = field(default_factory=list)
    scopes: list[_Scope] = field(default_factory=list)
    year: tuple[int, Position] | None = None
    pending: _Claim | None = None
    reason: _Claim | None = None
    known: set[int] = field(default_factory=set)
    last_top: _Claim | None = None


def _read_sentence(text: _Text, state: _Paragraph) -> None:
    state.sentence = text
    sentence = _Sentence(text)
    for clause, before in _clauses(text):
        chars = clause.chars.rstrip(_SENTENCE_END + " ")
        if not chars.strip():
            if before and before in "（(":
                _open_scope(sentence, state, nested=True)
            continue
        if sentence.reason is not None and (before == "、" or (before and before in "，,：:" and not _has_figure(chars))):
            _extend_reason(sentence.reason, clause, chars, before)
            continue
        sentence.reason = None
        reason = _REASON.match(chars)
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


def _has_figure(chars: str) -> bool:
    return bool(_AMOUNT.search(chars) or _COMPARISON.search(chars) or _PERCENT.search(chars) or _COMPLETION.search(chars))


def _read_clause(clause: _Text, chars: str, before: str, sentence: _Sentence, state: _Paragraph) -> None:
    offset = 0
    lead = _LEAD.match(chars)
    opens = lead is not None and lead.group().strip().startswith("其中")
    if (before and before in "（(") or opens:
        _open_scope(sentence, state, nested=bool(before) and before in "（(")
    example = lead is not None and lead.group().strip() in ("例如", "比如")
    if lead:
        offset = lead.end()
    prefix_year = _YEAR_PREFIX.match(chars, offset)
    if prefix_year:
        sentence.year = (int(prefix_year.group("year")), clause.at(prefix_year.start("year")))
        offset = prefix_year.end()
    scopes = [] if example else sentence.scopes
    comparison = _COMPARISON.search(chars, offset)
    amount = _stated_amount(chars, offset, comparison.start() if comparison else len(chars))
    change = None
    if amount is None or _is_change(chars, offset, amount):
        amount = None
        change = _CHANGE.search(chars, comparison.end() if comparison else offset)
    percent = _PERCENT.search(chars, offset)
    completion = _COMPLETION.search(chars, offset)
    if amount is not None:
        claim = _new_claim(clause, chars[offset : amount.start()], offset, sentence, scopes, state)
        _put_amount(claim, amount, clause, state.unit)
    elif change is not None and not comparison and chars[offset : change.start()].strip():
        subject_text = chars[offset : change.start()]
        if not _names_an_item(subject_text):
            return
        claim = _merge_target(_subject(subject_text)[0], state, scopes) or _new_claim(clause, subject_text, offset, sentence, scopes, state)
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
    after = change or (_CHANGE.match(chars, comparison.end()) if comparison else None)
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


def _names_an_item(text: str) -> bool:
    words = text.strip()
    return "与" not in words and not words.startswith(("（如", "(如")) and len(words) >= 2


def _stated_amount(chars: str, start: int, stop: int) -> re.Match | None:
    for match in _AMOUNT.finditer(chars, start, stop):
        if not _THRESHOLD.match(chars, match.end()):
            return match
    return None


def _is_change(chars: str, start: int, amount: re.Match) -> bool:
    change = _CHANGE.search(chars, start, amount.end())
    return change is not None and change.group("chg") is not None and change.start("chg") == amount.start("num")


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


def _new_claim(clause: _Text, subject_text: str, offset: int, sentence: _Sentence, scopes: list[_Scope], state: _Paragraph) -> _Claim:
    subject, measure, classification = _subject(subject_text)
    if not subject:
        inherited = sentence.made[-1].data["subject"] if sentence.made else state.context
        written = re.sub(r"\s+", "", _YEAR_PREFIX.sub("", _LEAD.sub("", subject_text.strip(), count=1), count=1))
        subject = inherited or _LINK_TAIL.sub("", written) or "（未写明事项）"
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


def _subject(text: str) -> tuple[str, str | None, dict | None]:
    words = _LEAD.sub("", text.strip()[-_SUBJECT_WINDOW:], count=1)
    words = _YEAR_PREFIX.sub("", words, count=1)
    words = _ORGANISATION.sub("", words, count=1).strip(" ，,、")
    words = _YEAR_PREFIX.sub("", words, count=1)
    words = _LINK_TAIL.sub("", words).strip()
    measure = next((candidate for candidate in _MEASURES if words.endswith(candidate)), None)
    if measure:
        words = words[: -len(measure)].strip()
    words = _VERB_TAIL.sub("", words).strip()
    words, classification = _classification(words)
    return re.sub(r"\s+", "", words), measure, classification


def _classification(words: str) -> tuple[str, dict | None]:
    brackets = list(_CODE_BRACKET.finditer(words))
    if brackets:
        last = brackets[-1]
        start = brackets[-2].end() if len(brackets) > 1 else 0
        name = (words[start : last.start()] + words[last.end() :]).strip()
        names = [words[a.end() if a else 0 : b.start()].strip() for a, b in zip([None, *brackets], brackets)]
        subject = "-".join(part for part in names if part) if len(brackets) > 1 else name
        code = {"code": last.group("code"), "level": last.group("level")}
        return subject, {**code, "name": name} if name else code
    leading = _CODE_LEADING.match(words)
    if leading:
        return leading.group("name"), {"code": leading.group("code"), "name": leading.group("name")}
    quoted = _QUOTED_ITEM.match(words)
    if quoted:
        return quoted.group("name"), {"name": quoted.group("name")}
    if _NAMED_LEVELS.search(words):
        return words, {"name": words}
    return words, None


def _update_context(chars: str, state: _Paragraph) -> None:
    if _NAMED_LEVELS.search(chars) or _CODE_BRACKET.search(chars):
        name = _subject(chars.split("。")[0])[0]
        if name and not _AMOUNT.search(name):
            state.context = name


def _decimal(text: str) -> Decimal:
    return Decimal(re.sub(r"[\s,]", "", text))


def _converted(number: str, printed_unit: str, unit: str) -> str:
    return str(Money(_decimal(number), printed_unit).to(unit).amount)


def _put_amount(claim: _Claim, match: re.Match, clause: _Text, unit: str) -> None:
    claim.data["amount"] = _converted(match.group("num"), match.group("unit"), unit).lstrip("-")
    claim.data.setdefault("original_unit", match.group("unit"))
    claim.positions["/amount"] = clause.at(match.start("num"))


def _put_comparison(claim: _Claim, match: re.Match, clause: _Text, state: _Paragraph) -> None:
    """比2024年… names the year; 比上年… means the year before the document's, when that is known."""
    if match.group("by"):
        claim.data["base_year"] = int(match.group("by"))
        claim.positions["/base_year"] = clause.at(match.start("by"))
    elif state.fiscal_year is not None:
        claim.data["base_year"] = state.fiscal_year - 1
        claim.positions["/base_year"] = clause.at(match.start() + 1)
    if match.group("kind"):
        claim.data["base_kind"] = _KIND_NAMES[match.group("kind")]
        claim.positions["/base_kind"] = clause.at(match.start("kind"))
    if match.group("base") and match.group("baseunit"):
        claim.data["base_amount"] = _converted(match.group("base"), match.group("baseunit"), state.unit)
        claim.data.setdefault("original_unit", match.group("baseunit"))
        claim.positions["/base_amount"] = clause.at(match.start("base"))


def _put_change(claim: _Claim, match: re.Match, clause: _Text, unit: str) -> None:
    word = match.group("dir")
    claim.data["direction"] = _DIRECTION_NAMES.get(word, word)
    claim.positions["/direction"] = clause.at(match.start("dir"))
    if match.group("chg"):
        claim.data["change"] = _converted(match.group("chg"), match.group("chgunit"), unit)
        claim.data.setdefault("original_unit", match.group("chgunit"))
        claim.positions["/change"] = clause.at(match.start("chg"))


def _put_percent(claim: _Claim, match: re.Match, clause: _Text) -> None:
    claim.data["percent_direction"] = {"上升": "增长"}.get(match.group("pdir"), match.group("pdir"))
    claim.data["percent"] = _decimal(match.group("pct"))
    claim.positions["/percent"] = clause.at(match.start("pct"))
    claim.positions["/percent_direction"] = clause.at(match.start("pdir"))


def _put_completion(claim: _Claim, match: re.Match, clause: _Text) -> None:
    claim.data["completion_of"] = match.group("of")
    claim.data["completion_percent"] = _decimal(match.group("pct"))
    claim.positions["/completion_of"] = clause.at(match.start("of"))
    claim.positions["/completion_percent"] = clause.at(match.start("pct"))


def _set_reason(claim: _Claim, clause: _Text, start: int, chars: str) -> None:
    claim.data["reason"] = chars[start:].strip()
    claim.positions["/reason"] = clause.at(start)


def _extend_reason(claim: _Claim, clause: _Text, chars: str, separator: str) -> None:
    so_far = claim.data.get("reason", "")
    claim.data["reason"] = (so_far + separator if so_far else "") + chars.strip()
    if not so_far:
        claim.positions["/reason"] = clause.at(len(clause.chars) - len(clause.chars.lstrip()))


def _finish(claim: _Claim) -> FoundClaim:
    sentence = claim.sentence
    text = "".join(part.chars.strip() for part in [sentence, *claim.later])
    claim.data["text"] = text
    claim.positions["/text"] = sentence.at(len(sentence.chars) - len(sentence.chars.lstrip()))
    line, column = claim.positions[""]
    end = max(sentence.last_column_on(line), column + 1)
    data = {key: claim.data[key] for key in _ORDER if key in claim.data}
    return FoundClaim(data, dict(claim.positions), (line, column, end), text)


_ORDER = (
    "id", "part_of", "subject", "measure", "classification", "year", "amount", "base_year", "base_kind",
    "base_amount", "direction", "change", "percent_direction", "percent", "completion_of", "completion_percent",
    "reason", "original_unit", "text",
)
