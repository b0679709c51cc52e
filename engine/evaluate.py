"""Evaluate stage: run compiled rules over one document; yield findings and not-applicable outcomes.

Each rule runs once per binding of its `for` clauses. Inputs that are absent
make that run "not applicable" with the reason, counted in the report, never a
silent pass. The pointers a failed assertion read become the finding's paths.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import is_not
from typing import TYPE_CHECKING

from budgetcheck.dsl.functions import EvaluationError
from budgetcheck.dsl.patterns import PatternTimeout
from budgetcheck.dsl.screenwriter import _walk
from budgetcheck.dsl.runtime import (
    Derived,
    DocumentContext,
    Env,
    Missing,
    Ref,
    Unread,
    flat,
    members,
    show,
)
from budgetcheck.findings import OUT_OF_PERIOD, Finding, NotApplicable, Severity
from budgetcheck.rules import CompiledRule

if TYPE_CHECKING:
    from budgetcheck.dsl.compile import Compiled
    from budgetcheck.dsl.screen import Screen


@dataclass(frozen=True)
class _Facts:
    """What applicability and effective periods are judged on, read once per document. A fact whose value is
    not of its kind (a `kind` written as a list) is None, and the rules that depend on it are not applicable."""

    year: str | None
    date: str | None
    facets: dict[str, set | None]
    undated: bool = False  # neither a year nor a date is stated (absent, not malformed): a blank template's XX年

    @classmethod
    def of(cls, metadata: dict) -> _Facts:
        fiscal_year = metadata.get("fiscal_year")
        year = f"{fiscal_year:04}" if type(fiscal_year) is int and 0 < fiscal_year < 10_000 else None
        published = metadata.get("published_on")
        if published is None or published == "":
            date = f"{year}-01-01" if year else None
        else:
            date = published if isinstance(published, str) else None
        facets = {
            "kind": _scalars(metadata.get("kind")),
            "level": _scalars(metadata.get("level")),
            "region": _region(metadata.get("region")),
        }
        undated = fiscal_year is None and (published is None or published == "")
        return cls(year, date, facets, undated)


def _scalars(*values: object) -> set | None:
    """The values as a set of texts (None kept: absent), or None when one of them is not text."""
    if any(value is not None and not isinstance(value, str) for value in values):
        return None
    return set(values)


def _region(region: object) -> set | None:
    if region is None:
        return {None}
    if not isinstance(region, dict):
        return None
    return _scalars(region.get("province"), region.get("city"), region.get("county"))


_FACT_NAMES = {"kind": "metadata.kind", "level": "metadata.level", "region": "metadata.region"}


def _start(bound: str) -> str:
    """An effective-from bound as a date (a year starts on 1 January), so that years and dates compare."""
    return bound if len(bound) != 4 else f"{bound}-01-01"


def _first_start(rules: list[CompiledRule]) -> str | None:
    """The earliest date from which any rule of the pack is in force: the start of what the pack knows."""
    starts = [_start(rule.rule.effective_from) for rule in rules if rule.rule.effective_from is not None]
    return min(starts) if starts else None


def _outside(rule: CompiledRule, facts: _Facts, first: str | None = None) -> NotApplicable | None:
    meta = rule.rule
    start, end = meta.effective_from, meta.effective_to
    if start is not None or end is not None:
        bounds = [bound for bound in (start, end) if bound is not None]
        needed = [facts.year if len(bound) == 4 else facts.date for bound in bounds]
        if None in needed and facts.undated:
            # a text that names no year (a blank template's XX年): a rule in force in every year the pack knows
            # applies whatever its year; one in force only from a later year, or until one, cannot be judged
            if end is not None or start is None or _start(start) != first:
                period = f"{start or ''}–{end or ''}"
                return NotApplicable(
                    meta.id,
                    f"文档未写明年度：规则只在 {period} 生效，无法判断是否适用",
                    f"the document names no year: the rule is in force only {period}, so whether it applies cannot be judged",
                )
        elif None in needed:
            what = "metadata.fiscal_year" if any(len(bound) == 4 for bound in bounds) and facts.year is None else "metadata.published_on"
            return NotApplicable(meta.id, f"{what} 不是有效的年度或日期，无法判断规则生效期", f"{what} is not a valid year or date, so the rule's effective period cannot be judged")
        elif (start is not None and needed[0] < start) or (end is not None and needed[-1] > end):  # type: ignore[operator]
            period = f"{start or ''}–{end or ''}"
            return NotApplicable(meta.id, f"不在规则生效期（{period}）内", f"{OUT_OF_PERIOD} ({period})")
    for facet, allowed in meta.applies:
        found = facts.facets[facet]
        if found is None:
            name = _FACT_NAMES[facet]
            return NotApplicable(meta.id, f"{name} 不是文字，无法判断规则是否适用", f"{name} is not text, so whether the rule applies cannot be judged")
        if found.isdisjoint(allowed):
            return NotApplicable(meta.id, f"规则只适用于 {facet} 为 {'、'.join(allowed)} 的文档", f"the rule applies only where {facet} is {', '.join(allowed)}")
    return None


def _bindings(rule: CompiledRule, env: Env, depth: int = 0) -> Iterator[Env | Exception]:
    """Every combination of the rule's `for` variables, with its `let`s worked out at their level.

    A branch whose source is absent or cannot be computed yields that exception instead of an Env.
    One Env per loop depth is reused, its variable rebound for each member: a run keeps nothing of
    its Env once it has produced its finding or outcome.
    """
    if depth == len(rule.bindings):
        yield env
        return
    kind, name, source = rule.bindings[depth]
    reads: list = []
    try:
        if depth == 0 and rule.plain_first is not None:
            found = _plain_sieved(rule, source, env)
        else:
            found = source(env.with_reads(reads))
        if kind == "for" and found.__class__ is not _Sieved:
            found = members(found)
            if depth == 0 and rule.sieve is not None:  # _unscreened with the screen written into its loop
                found = rule.sieve(found, env.document)
            elif depth == 0 and rule.screen is not None:
                found = _unscreened(rule.screen, found, env.document)
            elif rule.inner_screen is not None and depth + 1 == len(rule.bindings):
                found = _inner_unscreened(rule, found, env)
        elif reads:  # a computed let: whoever uses it has read what it read
            found = Derived(found, reads)
    except (Missing, Unread, EvaluationError, ArithmeticError) as error:
        yield error.with_traceback(None)  # kept past its handler: no traceback, so no cycle through this frame
        return
    last = depth + 1 == len(rule.bindings)  # the innermost level yields its Envs itself: one generator less per run
    if kind == "let":
        if last:
            yield env.bind(name, found)
        else:
            yield from _bindings(rule, env.bind(name, found), depth + 1)
        return
    if not found:  # a loop over nothing (most sieved rules: every member passes): no Env to bind
        return
    inner = env.bind(name, None)
    if depth + 2 == len(rule.bindings) and rule.bindings[depth + 1][0] == "let":
        yield from _for_then_let(rule, inner, name, found, depth + 1)
        return
    for member in found:
        inner.vars[name] = member
        if last:
            yield inner
        else:
            yield from _bindings(rule, inner, depth + 1)


class _Sieved(list):
    """The members _plain_sieved kept: the sieve's own result."""


def _plain_sieved(rule: CompiledRule, source: Compiled, env: Env) -> object:
    """What the first `for` of a sieved rule whose source is fields and [*] from the root (rule.plain_first) runs over:
    the members its screen cannot show to pass, as the sieve keeps them (its screen and the sieves say the same of every
    member: tests/dsl/test_screen_source.py). The screen is run first, by the sieve of plain values, on the values of the path's walk
    (screenwriter._walk: paths._walk without pointers, kept per document for the rules that walk the same path); the
    walk of Refs and pointers (paths.reader) is made only when a member is kept, and those members are taken from it.
    A walk that meets an absence, or a document with a part not read (paths.reader leaves members out or raises
    Unread), leaves everything to the source, which gives what it gives."""
    document = env.document
    path, sieve = rule.plain_first  # type: ignore[misc]
    try:
        if document.unread is not None:
            raise Missing("")
        values = document.once(path, lambda: _walk(document.root, path))
    except Missing:
        return source(env.with_reads([]))
    kept = sieve(values, document)  # the positions of the values the screen cannot show to pass (screensource.plain_sieve)
    if not kept:
        return _Sieved()
    found = members(source(env.with_reads([])))
    return _Sieved(found[position] for position in kept)


def _inner_unscreened(rule: CompiledRule, found: list, env: Env) -> list:
    """The members of a last loop after others that its inner screen, made from the names bound before it, cannot
    show to pass; all of them when it cannot be made (dsl/screen.build_inner)."""
    try:
        screen = rule.inner_screen(env.vars, env.document)  # type: ignore[misc]
    except Exception:  # noqa: BLE001 - whatever the screen cannot decide, the reference runs decide
        return found
    return found if screen is None else _unscreened(screen, found, env.document)


def _unscreened(screen: Screen, found: list, document: DocumentContext) -> list:
    """The members whose runs the rule's screen cannot show to pass (dsl/screen.py): only they are run."""
    kept = []
    for member in found:
        if member.__class__ is Ref:
            try:
                if screen(member.value, document):
                    continue
            except PatternTimeout:
                raise
            except Exception:  # noqa: BLE001, S110 - whatever the screen cannot decide, the reference run decides
                pass
        kept.append(member)
    return kept


def _for_then_let(rule: CompiledRule, inner: Env, name: str, found: list, depth: int) -> Iterator[Env | Exception]:
    """`for x in …` followed by one last `let`, the shape of most per-item rules: the let is worked out
    in the loop, into one reused Env, instead of through a generator and a new Env per member. A `when` that
    does not name the let (rule.when_first) is decided before it: a member it rules out costs no let."""
    _kind, let_name, source = rule.bindings[depth]
    outer = inner.bind(let_name, None)
    scratch = inner.with_reads([])  # what the let reads: one Env for the loop, a new list of reads per member
    when = rule.when if rule.when_first else None
    for member in found:
        inner.vars[name] = member
        outer.vars[name] = member
        if when is not None:  # decided before the let, on the Env the run goes on with (_run then skips it)
            outer.compared = None
            outer.reads.clear()
            try:
                applies = when(outer)
            except (Missing, Unread, EvaluationError, ArithmeticError) as error:
                yield error.with_traceback(None)
                continue
            if not applies:
                continue
        reads: list = []
        scratch.reads, scratch.compared = reads, None
        try:
            value = source(scratch)
        except (Missing, Unread, EvaluationError, ArithmeticError) as error:
            yield error.with_traceback(None)
            continue
        outer.vars[let_name] = Derived(value, reads) if reads else value
        if when is None:
            outer.compared = None
        yield outer


def _render(parts: tuple, env: Env) -> str:
    out: list[str] = []
    scratch = env.with_reads([])  # what a placeholder reads is not the finding's: one list, cleared per placeholder
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        scratch.reads.clear()
        try:
            out.append(show(part(scratch)))
        except (Missing, EvaluationError):
            out.append("（缺失）")
        except Unread:
            out.append("（未抽取）")
    return "".join(out)


_UNJUDGED = object()  # a period and facets not judged yet for this document

# A rule's outcome when its first part is absent, by (rule, part): it says nothing of the document but that, so every
# document without the part shares one (a NotApplicable is frozen; a batch's parent shares them too, batch.from_wire),
# instead of some forty made a generated document. Bounded for a process that loads pack after pack.
_ABSENT: dict[tuple[str, tuple[str, str]], NotApplicable] = {}
MAX_ABSENT = 20_000


class _Planned:
    """What evaluate reads of one rule before it runs it, worked out once per list of rules (_plan): the index of its
    period and facets among the list's distinct ones, its first part, and its outcome where that part is absent
    (made on first need)."""

    __slots__ = ("absent", "part", "period", "rule")

    def __init__(self, rule: CompiledRule, period: int) -> None:
        self.rule = rule
        self.period = period
        self.part = rule.first_part
        self.absent: NotApplicable | None = None

    def absent_outcome(self) -> NotApplicable:
        if self.absent is None:
            meta, part = self.rule.rule, self.part
            key = (meta.id, part)
            found = _ABSENT.get(key)  # type: ignore[arg-type]
            if found is None:
                pointer = sys.intern(part[1])  # type: ignore[index]  # one object for the rules of one part: a worker's pickle of a result writes it once
                found = NotApplicable(meta.id, f"缺少数据：{pointer}", f"missing input: {pointer}", (pointer,))
                if len(_ABSENT) < MAX_ABSENT:
                    _ABSENT[key] = found  # type: ignore[index]
            self.absent = found
        return self.absent


# The plans of the lists of rules evaluated (a pack's for_schema: a few), by the list's identity; each is checked
# against the list, rule by rule, before use, so a list changed since is planned again. Bounded.
_PLANS: dict[int, tuple[list[CompiledRule], tuple[CompiledRule, ...], list[_Planned], int]] = {}
MAX_PLANS = 64


def _plan(rules: list[CompiledRule]) -> tuple[list[_Planned], int]:
    """The rules as evaluate reads them, and how many distinct periods and facets they have: the period tuple of each
    rule built and hashed once, not once a document (some 15 us of a generated document's 133 rules). The list is
    compared with the rules it held when planned, object by object (in C: ~3 us)."""
    found = _PLANS.get(id(rules))
    if found is not None and found[0] is rules and len(found[1]) == len(rules) and not any(map(is_not, rules, found[1])):
        return found[2], found[3]
    periods: dict[tuple, int] = {}
    planned = []
    for rule in rules:
        meta = rule.rule
        planned.append(_Planned(rule, periods.setdefault((meta.effective_from, meta.effective_to, meta.applies), len(periods))))
    if len(_PLANS) >= MAX_PLANS:
        _PLANS.clear()
    _PLANS[id(rules)] = (rules, tuple(rules), planned, len(periods))
    return planned, len(periods)


def evaluate(rules: list[CompiledRule], data: dict, document: DocumentContext | None = None) -> tuple[list[Finding], list[NotApplicable]]:
    """Every rule over one document; `document` carries what is known of it besides its data (the
    parts extraction did not read, the printed precision of its figures), else a plain context."""
    findings: list[Finding] = []
    skipped: list[NotApplicable] = []
    document = document if document is not None else DocumentContext(data)
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    facts = _Facts.of(metadata)
    first = _first_start(rules) if facts.undated else None
    planned, periods = _plan(rules)
    judged: list = [_UNJUDGED] * periods  # by a rule's period and facets: a pack has a few of them
    root = document.root if isinstance(document.root, dict) else {}
    whole = document.unread is None  # a part not read is the reader's to report (Unread), never taken for absent
    base = Env(document)  # the Env every rule's runs start from (run_rule)
    for plan in planned:
        rule = plan.rule
        outside = judged[plan.period]
        if outside is _UNJUDGED:
            outside = judged[plan.period] = _outside(rule, facts, first)
        elif outside is not None:
            outside = NotApplicable(rule.rule.id, outside.reason_zh, outside.reason_en)
        if outside is not None:
            skipped.append(outside)
            continue
        part = plan.part
        if part is not None and whole and root.get(part[0]) is None:  # the first source's outcome, without its run
            skipped.append(plan.absent if plan.absent is not None else plan.absent_outcome())
            continue
        run_rule(rule, document, findings, skipped, PATTERN_SECONDS, base)
    return findings, skipped


PATTERN_SECONDS = 1.0  # the time a rule's regular expressions may take on one document, all its runs together


def run_rule(
    rule: CompiledRule,
    document: DocumentContext,
    findings: list[Finding],
    skipped: list[NotApplicable],
    pattern_seconds: float = PATTERN_SECONDS,
    env: Env | None = None,
) -> None:
    """Every run of one rule; a regular expression of the rule that runs out of time makes the whole rule not
    applicable to this document (what its earlier runs found is withdrawn), with the reason.

    `env`, an Env of `document` with no variables, is where the runs start: evaluate passes one for all the rules of a
    document rather than make one a rule (some ninety a generated document). Nothing writes its variables (a binding
    makes a new Env, Env.bind; a filter's scratch Env is new too); what a run leaves in it, its reads and its last
    comparison, is cleared here and by each run (_run)."""
    found, passed = len(findings), len(skipped)
    document.start_rule(pattern_seconds)
    if env is None:
        env = Env(document)
    else:
        env.reads.clear()
        env.compared = None
    try:
        if not rule.bindings:  # one run (a third of the rules a generated document runs): no loop, no set of parts
            outcome = _run(rule, env)
            if outcome is not None:
                (findings if isinstance(outcome, Finding) else skipped).append(outcome)
            return
        unread: set[str] | None = None
        for run in _bindings(rule, env):
            outcome = _run(rule, run)
            if isinstance(outcome, Finding):
                findings.append(outcome)
            elif outcome is not None:
                if outcome.unread:  # one outcome per part not read, however many runs met it
                    if unread is None:
                        unread = set()
                    elif outcome.reason_zh in unread:
                        continue
                    unread.add(outcome.reason_zh)
                skipped.append(outcome)
    except PatternTimeout as timeout:
        del findings[found:], skipped[passed:]
        pattern = timeout.pattern if len(timeout.pattern) <= 40 else timeout.pattern[:39] + "…"
        skipped.append(
            NotApplicable(
                rule.rule.id,
                f"正则表达式“{pattern}”在本文档上超过 {pattern_seconds:g} 秒未完成，规则不适用",
                f"the regular expression '{pattern}' took more than {pattern_seconds:g} s on this document; the rule does not apply",
            )
        )


def _run(rule: CompiledRule, env: Env | Exception) -> Finding | NotApplicable | None:
    """One run of a rule: a finding, a not-applicable outcome, or None when it holds or its `when` is false."""
    if isinstance(env, Exception):  # a source or let that could not be worked out: its outcome, not raised again
        return _not_applicable(rule, env)
    try:
        env.reads.clear()  # the runs of a loop share one list of reads
        if rule.when is not None and not rule.when_first:
            applies = rule.when(env)
            env.reads.clear()  # the precondition's reads are not the finding's places
            if not applies:
                return None
        if rule.assertion(env):
            return None
    except (Unread, Missing, EvaluationError, ArithmeticError) as error:
        return _not_applicable(rule, error)
    return _finding(rule, env)


def _not_applicable(rule: CompiledRule, error: Exception) -> NotApplicable:
    """The outcome of a run that met an absent or unread input, or a value it cannot compute."""
    meta = rule.rule
    if isinstance(error, Unread):
        return NotApplicable(meta.id, error.reason_zh, error.reason_en, (error.pointer,), unread=True)
    if isinstance(error, Missing):
        if error.reason_zh:  # an absence that says why (e.g. a code no classification table lists)
            return NotApplicable(meta.id, error.reason_zh, error.reason_en or error.reason_zh, (error.pointer,) if error.pointer else ())
        key = (meta.id, error.pointer)
        missing = _MISSING.get(key)
        if missing is None:
            missing = NotApplicable(meta.id, f"缺少数据：{error.pointer}", f"missing input: {error.pointer}", (error.pointer,))
            if len(_MISSING) < MAX_ABSENT:
                _MISSING[key] = missing
        return missing
    return NotApplicable(meta.id, f"无法计算：{error}", f"cannot evaluate: {error}")


# A run's "missing input" outcome by (rule, pointer), shared as _ABSENT's are: some ten a generated document, most of
# them the same in every document (0.07 us to find against 0.48 to make). Bounded alike.
_MISSING: dict[tuple[str, str], NotApplicable] = {}


def _finding(rule: CompiledRule, env: Env) -> Finding:
    """The failed assertion as a finding: the values it read are its paths; the message shows them."""
    meta = rule.rule
    paths = tuple(dict.fromkeys(pointer for pointer, _value in flat(env.reads) if pointer))
    if not paths:  # nothing read from the document: point at the item the rule was looking at
        paths = tuple(value.pointer for value in env.vars.values() if isinstance(value, Ref))[-1:]
    if env.compared is not None:
        left, right = env.compared
        difference = left - right if isinstance(left, Decimal) and isinstance(right, Decimal) else None
        env = Env(env.document, {**env.vars, "left": left, "right": right, "diff": difference}, env.reads, env.item)
    message = _render(rule.message, env)
    message_en = _render(rule.message_en, env) if rule.message_en else message
    values = tuple((pointer, _shown(value)) for pointer, value in dict(flat(env.reads)).items() if pointer)
    return Finding(
        meta.id, Severity(meta.severity), message, message_en, paths,
        title_zh=meta.title, title_en=meta.title_en, citation=meta.citation,
        hint_zh=meta.hint, hint_en=meta.hint_en, values=values,
    )  # fmt: skip


def _shown(value: object, limit: int = 120) -> str:
    """A value the rule read, as a report shows it beside the message; long texts are cut."""
    text = show(value.value if isinstance(value, (Ref, Derived)) else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
