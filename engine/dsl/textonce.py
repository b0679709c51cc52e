"""Rule language: a text rule's pattern run once over all the strings of a document, then string by string only
where it can match (the compiled evaluator; the closure evaluator keeps the per-string route as the reference).

It applies to the shape of the pack's text rules:

    for t in prose()                        (any source; any bindings before it)
    let found = excerpts(t, "PATTERN")      (the last binding)
    when CONDITION                          (optional; naming neither t nor found)
    assert found is empty

or, with no `when`, `let found = FUNCTION(t)` and `assert found is empty` (or `found == ""`) where the function takes
one text alone (no document, places or prepared note): it is called straight on each string, and only the strings
where it finds something (or fails) are run. A function may declare a `quiet` pattern (dsl/functions.py: a text
without a match gives the empty result and no failure, as for unbalanced and share_mismatches); that pattern is then
PATTERN below, and the function is called only on the strings the joined search finds.

`for t in …` as the last binding with `when`/`assert` made of `t matches "…"`, `not`, `and`, `or`: see the note
before matching_shape.

A string where PATTERN has no match gives `found` empty, so its run holds (or its `when` is false): it yields
nothing. Only the strings where the pattern can match need a run. `when` names neither variable, so it has one
value for all the runs; it is worked out first, once. When it cannot be worked out every string is run as the
reference runs it (whatever it yields is then the reference's own); when it is false no string is run if the
pattern cannot time out (patterns.single_path), else every string is, as the reference runs them.

Which strings can match is found by one search over the strings joined with a separator, restarted at the start
of the next string after each match, so that a match running into the next string hides nothing. This finds
every string where the pattern matches alone when the pattern's match at a position depends only on the text
from that position on: no anchors (`^`, `$`, `\\A`, `\\Z`, `\\b`, `\\G` …), no lookaround, no atomic group or
possessive quantifier, no inline flag or fuzzy count. `safe` checks that lexically and refuses anything it does
not know; a refused pattern keeps the per-string route. A string where the joined search sees a match that the
string alone does not have is merely run: its run gives what the reference gives. Where the pattern needs one of a few
strings (dsl/literals.py) that few strings hold, those strings are found with `str.find` and searched alone instead
(_found); where its matches start near a literal, only there (dsl/anchors.py); where a match may begin with one of
several characters, by searches that each begin with one (dsl/leads.py), which the search engine walks to at a
fraction of the cost.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable

from budgetcheck.dsl import anchors, ast, firsts, leads, literals, patterns
from budgetcheck.dsl.endings import endings
from budgetcheck.dsl.functions import FUNCTIONS
from budgetcheck.dsl.joinedsearch import (  # noqa: F401 - textonce.joined, _searched … as before (tests)
    CALL,
    MAX_ACROSS,
    SCAN,
    SEPARATOR,
    _anchored,
    _found,
    _joined,
    _led,
    _members,
    _searched,
    _strings,
    joined,
)
from budgetcheck.dsl.runtime import Env, RefList
from budgetcheck.dsl.searchable import safe, search_pattern, without_assertions  # noqa: F401 - textonce.safe … as before


def shape(rule: ast.Rule) -> tuple[int, str | None, str | None] | None:
    """(the index of the rule's `for` binding, its pattern (a function's quiet pattern, if it declares one), what the
    joined search looks for) when the rule has the shape above, else None."""
    if len(rule.bindings) < 2:
        return None
    loop, last = rule.bindings[-2], rule.bindings[-1]
    value = last.expr
    if loop.kind != "for" or last.kind != "let" or not isinstance(value, ast.Call) or not value.args or value.args[0] != ast.Name(loop.name):
        return None
    if value.func == "excerpts" and len(value.args) == 2 and isinstance(value.args[1], ast.String):
        pattern: str | None = value.args[1].value
        if not _is_empty(rule.assertion, last.name):
            return None
    elif len(value.args) == 1 and _plain(value.func) and rule.when is None:
        # a function's let, unlike excerpts, is not known not to fail where `when` is false: only rules without one
        if _quiet(rule) is None:
            return None
        pattern = FUNCTIONS[value.func].quiet
    else:
        return None
    if rule.when is not None and _names(rule.when) & {loop.name, last.name}:
        return None
    search = search_pattern(pattern) if pattern is not None else None
    if last.name == loop.name or (pattern is not None and search is None):
        return None
    return len(rule.bindings) - 2, pattern, search


def _plain(name: str) -> bool:
    """Whether the function `name` is a function of one text alone (no document, no places, nothing prepared)."""
    function = FUNCTIONS.get(name)
    return function is not None and function.params == ("str",) and not (function.document or function.places or function.variadic) and function.prepare is None


def _quiet(rule: ast.Rule) -> Callable[[object], bool] | None:
    """For a rule of the function shape: whether a result of its function makes the assertion hold (`x is empty`: "" or
    []; `x == ""`: "")."""
    name = rule.bindings[-1].name
    if _is_empty(rule.assertion, name):
        return lambda result: result == "" or result == []
    if rule.assertion == ast.Compare("==", ast.Name(name), ast.String("")):
        return lambda result: type(result) is str and result == ""
    return None


def route(rule: ast.Rule, sources: list, when: Callable[[Env], object] | None, split: bool = True) -> tuple[int, Callable[[Env], object]] | None:
    """(the index of the rule's `for` binding, its source giving only the strings whose run can yield) for a rule of
    one of the shapes here, else None (the rule runs every string). `split`: whether its joined searches may run as
    their leads (dsl/leads.py: compiling them costs a pack some 20 ms, more than they save on one document)."""
    found = shape(rule)
    if found is not None:
        at, pattern, search = found
        call = rule.bindings[-1].expr
        keep = None
        if call.func != "excerpts":  # type: ignore[attr-defined]
            impl, quiet = FUNCTIONS[call.func].impl, _quiet(rule)  # type: ignore[attr-defined]
            keep = lambda text: _yields(impl, quiet, text)  # noqa: E731
        return at, once(sources[at], when, pattern, search, keep, split)
    tested = matching_shape(rule)
    if tested is not None:
        return tested[0], where(sources[tested[0]], tested[1], split)
    return None


def _yields(impl: Callable[[str], object], quiet: Callable[[object], bool], text: str) -> bool:
    """Whether the run of a string can yield: its function's result breaks the assertion, or the function fails."""
    try:
        return not quiet(impl(text))
    except Exception:  # noqa: BLE001 - the run meets it too and says what it is
        return True


def _is_empty(assertion: ast.Expr, name: str) -> bool:
    return isinstance(assertion, ast.Predicate) and assertion.op == "is_empty" and assertion.subject == ast.Name(name)


def _names(node: object) -> set[str]:
    """Every name written in an expression (quantifier and let variables too: a shadowing name counts as used)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.Name):
            found.add(item.id)
        if isinstance(item, (ast.Let, ast.Quantifier)):
            found.add(item.name if isinstance(item, ast.Let) else item.var)
        if isinstance(item, tuple):
            stack.extend(item)
            continue
        names = _FIELDS.get(type(item))
        if names is not None:
            stack.extend(getattr(item, name) for name in names)
        elif dataclasses.is_dataclass(item):
            stack.extend(getattr(item, field.name) for field in dataclasses.fields(item) if field.name != "span")
    return found


# each AST class's fields but its span, worked out once (dataclasses.fields builds a tuple on every call)
_FIELDS = {
    cls: tuple(field.name for field in dataclasses.fields(cls) if field.name != "span")
    for cls in vars(ast).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}


def once(
    source: Callable[[Env], object],
    when: Callable[[Env], object] | None,
    pattern: str | None,
    search: str | None = None,
    keep: Callable[[str], bool] | None = None,
    split: bool = True,
) -> Callable[[Env], object]:
    """The `for` source of a rule of this shape, giving only the members whose strings can match: where `search`
    (the pattern, or the pattern without its assertions: search_pattern) matches in the joined search (by its leads
    when `split`), and of those the strings where the pattern with its assertions matches (`excerpts`) or `keep` holds
    (a function's let; no pattern: every string where it holds)."""

    linear = pattern is None or patterns.single_path(pattern)  # never times out: skipping its runs cannot hide a PatternTimeout
    search = pattern if search is None else search
    if split and search is not None:  # a wider search with leads, its strings then run with the pattern (leads.wider)
        search = leads.wider(search) or search
    anchored = anchors.plan(search) if search is not None else None  # where a match can start, when that is worth knowing
    pieces = literals.needed(pattern) if pattern is not None and anchored is None and not _led(search) else None  # a match of the rule's pattern holds one
    wide = search is not None and literals.dear(search)
    lead = leads.compiled(search) if split and anchored is None else None  # searches that each begin with a literal (dsl/leads.py)
    untimed = search is not None and patterns.untimed(search)  # its calls take no time limit: the time left is not read

    def run(env: Env) -> object:
        found = source(env)
        every, texts = _members(env.document, found)
        if not texts:
            return found
        if when is not None:
            try:
                holds = when(env.with_reads([]))
            except Exception:  # noqa: BLE001 - every run meets the same failure: the reference route says what it is
                return found
            if not holds:  # every run: `found` of a string, then `when` false, nothing yielded
                return RefList() if linear else found
        if search is None:
            return RefList(every[at] for at in range(len(texts)) if keep is None or keep(texts[at]))
        joined, starts = _joined(env.document, texts)
        compiled = patterns.compiled(search)
        budget = None if untimed else patterns._budget(search, env.document.pattern_seconds())
        try:
            at_least = _anchored(compiled, anchored, joined, starts, budget) if anchored else _found(compiled, pieces, texts, joined, starts, budget, wide, lead, env.document)
            if at_least and keep is None and search != pattern:  # found without the pattern's assertions: the pattern itself, on each string
                whole = patterns.compiled(pattern)  # type: ignore[arg-type]
                spent = patterns._budget(pattern, env.document.pattern_seconds())  # type: ignore[arg-type]
                at_least = [at for at in at_least if whole.search(texts[at], timeout=spent) is not None]
        except TimeoutError:
            return found  # the reference route meets the pattern string by string, and its own time
        return RefList(every[at] for at in at_least if keep is None or keep(texts[at]))

    return run


# -- rules that test each string with `matches` ---------------------------------------------------------------------
#
#     for t in prose()                          (the last binding; any before it)
#     when <formula>                            (optional)
#     assert <formula>
#
# where a formula is `t matches "PATTERN"`, `not`, `and` and `or` of formulas. A run yields something only where
# `when` holds and the assertion does not (else `_run` returns None), and a string's run can fail only by running out
# of pattern time. So the strings to run are those where `when and not assertion` holds: each formula is worked out
# per string straight from the patterns, and only strings where a pattern the formula needs (necessary) is found by
# the joined search are looked at; a string whose last character settles the formula false (ending, from
# dsl/endings.py: TXT-PUNCT-002's strings ending in 。) is not, and where few strings are left they are tested without
# the joined search. Any timeout gives every string back to the reference route.

Formula = tuple  # ("matches", pattern) | ("not", f) | ("and", f, g) | ("or", f, g)


def matching_shape(rule: ast.Rule) -> tuple[int, Formula] | None:
    """(the index of the rule's last binding, the formula of a string whose run yields something) when the rule has
    the shape above, else None."""
    if not rule.bindings or rule.bindings[-1].kind != "for":
        return None
    name = rule.bindings[-1].name
    failing = _formula(rule.assertion, ast.Name(name))
    if failing is None:
        return None
    wanted: Formula = ("not", failing)
    if rule.when is not None:
        when = _formula(rule.when, ast.Name(name))
        if when is None:
            return None
        wanted = ("and", wanted, when)  # the assertion first: it holds for most strings, so it settles most at once
    return len(rule.bindings) - 1, wanted


def _formula(node: object, subject: ast.Expr) -> Formula | None:
    """`node` as a formula of `subject` (a `for` variable's name, or a filter's `it`); None where it is anything else."""
    if isinstance(node, ast.Predicate) and node.op == "matches" and node.subject == subject and isinstance(node.arg, ast.String):
        return ("matches", node.arg.value)
    if isinstance(node, ast.Not):
        inner = _formula(node.operand, subject)
        return None if inner is None else ("not", inner)
    if isinstance(node, ast.Logic) and node.op in ("and", "or"):
        left, right = _formula(node.left, subject), _formula(node.right, subject)
        return None if left is None or right is None else (node.op, left, right)
    return None


def necessary(formula: Formula, positive: bool = True) -> set[str]:
    """Patterns that match in every string where `formula` holds (is false, when not `positive`)."""
    kind = formula[0]
    if kind == "matches":
        return {formula[1]} if positive else set()
    if kind == "not":
        return necessary(formula[1], not positive)
    if (kind == "and") == positive:  # a and b holds, or a or b is false: both sides say
        return necessary(formula[1], positive) | necessary(formula[2], positive)
    return set()


def ending(formula: Formula, positive: bool = True) -> frozenset[str]:
    """Last characters of a string that make `formula` hold (make it false, when not `positive`): each pattern it
    asks `matches` of matches every string ending in one of its endings (dsl/endings.py)."""
    kind = formula[0]
    if kind == "matches":
        return endings(formula[1]) if positive else frozenset()
    if kind == "not":
        return ending(formula[1], not positive)
    left, right = ending(formula[1], positive), ending(formula[2], positive)
    return left | right if (kind == "or") == positive else left & right  # a or b holds, a and b is false: either side says


def where(source: Callable[[Env], object], formula: Formula, split: bool = True) -> Callable[[Env], object]:
    """The `for` source of a rule of this shape, giving only the members whose strings make `formula` hold. The
    strings whose last character makes it false (`ending`: TXT-PUNCT-002's strings ending in 。) are passed over
    first, and the side of an `and` that settled them is tested last on the others (they mostly pass it); the joined
    searches of the patterns it needs run only where they cost less than testing the strings left one by one."""
    searches = [(search, anchors.plan(search), None if _led(search) else literals.needed(pattern)) for pattern in sorted(necessary(formula)) if (search := search_pattern(pattern))]
    splits = [None if plan or not split else leads.compiled(search) for search, plan, _pieces in searches]
    failing = ending(formula, positive=False)
    holds = _tester(_settled_last(formula))

    def run(env: Env) -> object:
        found = source(env)
        every, texts = _members(env.document, found)
        if not texts:
            return found
        document = env.document
        try:
            candidates: list[int] | range = range(len(texts))
            if failing:
                candidates = [at for at, text in enumerate(texts) if text[-1:] not in failing]
            joined, starts = _joined(document, texts) if searches else ("", [])
            if searches and (not failing or sum(len(texts[at]) + CALL for at in candidates) > len(joined)):
                for (search, plan, pieces), lead in zip(searches, splits, strict=True):
                    compiled = patterns.compiled(search)
                    budget = patterns._budget(search, document.pattern_seconds())
                    at_least = _anchored(compiled, plan, joined, starts, budget) if plan else _found(compiled, pieces, texts, joined, starts, budget, split=lead, document=document)
                    candidates = sorted(set(at_least).intersection(candidates))
            return RefList(every[at] for at in candidates if holds(texts[at], document))
        except TimeoutError:
            return found  # the reference route meets the pattern string by string, and its own time

    return run


def filtered(node: ast.Subscript, source: Callable[[Env], object], reference: Callable[[Env], object]) -> Callable[[Env], object] | None:
    """The filter `node` (`list[condition]`) where its condition is a formula of `it` as above (`it matches "…"`, `not`,
    `and`, `or`: TXT-SELF-001's `prose()[it matches "^…单位(?:基本情况|…)"]`), for the compiled evaluator: the elements
    whose strings make it hold, in order, tested in one loop by the formula's tester (the strings each pattern needs
    first, then the search within the rule's time), without the reference's five closure calls an element; None for
    any other condition. `source` is the filter's list, `reference` the filter itself (compile.Compiler._filter), which
    answers wherever this cannot: an element not a string (the reference leaves out one it cannot test), a pattern out
    of time (tests/dsl/test_filter_route.py holds the two equal). No joined search of the pattern: it is tried on each
    string as the reference tries it (TXT-SELF-001's, `^` dropped, would be tried at every position of the joined text);
    but the strings that hold a piece each pattern the formula needs must hold (literals.needed) are found in the joined
    text by `str.find`, once per piece, rather than asked string by string (some 120 strings a generated document)."""
    formula = _formula(node.index, ast.Item())
    if formula is None:
        return None
    failing = ending(formula, positive=False)
    holds = _tester(_settled_last(formula))
    needs = [pieces for pattern in sorted(necessary(formula)) if (pieces := literals.needed(pattern)) is not None and not any(mark in piece for piece in pieces for mark in SEPARATOR)]

    def run(env: Env) -> object:
        document = env.document
        every, texts = _members(document, source(env))
        if not texts:
            return reference(env)
        candidates: range | list[int] = range(len(texts))
        if needs:
            joined, starts = _joined(document, texts)
            for pieces in needs:
                candidates = _holding(pieces, joined, starts, candidates)
        try:
            return RefList(every[at] for at in candidates if (text := texts[at])[-1:] not in failing and holds(text, document))
        except TimeoutError:
            return reference(env)  # the reference meets the pattern string by string, and its own time

    return run


def _holding(pieces: tuple[str, ...], joined: str, starts: list[int], among: range | list[int]) -> list[int]:
    """The indices of `among` whose strings (joined, starting at `starts`) hold one of `pieces` (none of which holds a
    character of SEPARATOR, so that each piece found lies within one string), in order."""
    held: set[int] = set()
    last = len(starts) - 1
    for piece in pieces:
        if piece not in joined:
            continue
        at = joined.find(piece)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            held.add(index)
            at = joined.find(piece, starts[index + 1]) if index < last else -1
    return [at for at in among if at in held]


def _settled_last(formula: Formula) -> Formula:
    """`formula` with the side of a top `and` that its endings make false tested after the other side."""
    if formula[0] == "and" and ending(formula[1], positive=False) and not ending(formula[2], positive=False):
        return ("and", formula[2], formula[1])
    return formula


def _tester(formula: Formula) -> Callable[[str, object], bool]:
    """`formula` as a function of a string and the evaluation's DocumentContext (whose pattern time it takes)."""
    kind = formula[0]
    if kind == "matches":
        return _matches(formula[1])
    if kind == "not":
        inner = _tester(formula[1])
        return lambda text, document: not inner(text, document)
    left, right = _tester(formula[1]), _tester(formula[2])
    if kind == "and":
        return lambda text, document: left(text, document) and right(text, document)
    return lambda text, document: left(text, document) or right(text, document)


def _matches(pattern: str) -> Callable[[str, object], bool]:
    """`text matches pattern` as patterns.search answers it (the strings it needs first, then the search within the
    rule's time unless the pattern is linear), with what does not depend on the text worked out once; a pattern
    anchored at the start is not searched in a string whose first character no match begins with (dsl/firsts.py)."""
    search = patterns.compiled(pattern).search
    pieces = literals.needed(pattern)
    untimed = patterns.untimed(pattern)
    opens = firsts.opening(pattern)

    def test(text: str, document: object) -> bool:
        if opens is not None and not opens(text):
            return False
        if pieces is not None and not literals.holds_one(text, pieces):
            return False
        if untimed:
            return search(text) is not None
        seconds = document.pattern_seconds()  # type: ignore[attr-defined]
        return search(text, timeout=patterns.DEFAULT_SECONDS if seconds is None else seconds) is not None

    return test
