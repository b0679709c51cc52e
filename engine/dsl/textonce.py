"""Rule language: a text rule's pattern run once over all the strings of a document, then string by string only
where it can match (the compiled evaluator; the closure evaluator keeps the per-string route as the reference).

It applies to the shape of the pack's text rules:

    for t in prose()                        (any source; any bindings before it)
    let found = excerpts(t, "PATTERN")      (the last binding)
    when CONDITION                          (optional; naming neither t nor found)
    assert found is empty

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
string alone does not have is merely run: its run gives what the reference gives.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterator

from budgetcheck.dsl import anchors, ast, patterns
from budgetcheck.dsl.runtime import Env, RefList, members

SEPARATOR = "\x00\n"
_ESCAPES = frozenset("dDsSwWntrfvpPuUx0123456789\\.^$*+?()[]{}|-/ ")  # what may follow a backslash outside a class


def safe(pattern: str) -> bool:
    """Whether `pattern` matches at a position on the text from there on only (see the module's note)."""
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            following = pattern[index + 1 : index + 2]
            if not in_class and following not in _ESCAPES:
                return False  # \A \Z \z \b \B \G \m \M and anything this scan does not know
            index += 2
            continue
        if in_class:
            if char == "[":  # a nested set (regex's V1) or a POSIX class: not known here
                return False
            if char == "]":
                in_class = False
            index += 1
            continue
        if char == "[":
            in_class = True
            index += 1
            if pattern[index : index + 1] == "^":  # a negated set
                index += 1
            if pattern[index : index + 1] == "]":  # a ] first in the set is taken literally
                index += 1
            continue
        if char in "^$":
            return False
        if char == "(" and pattern[index + 1 : index + 2] == "?" and pattern[index + 2 : index + 3] != ":":
            return False  # lookaround, atomic group, inline flags, conditionals, named groups
        if char in "*+?}" and pattern[index + 1 : index + 2] == "+":
            return False  # possessive
        if char == "{" and pattern[index + 1 : index + 2].isalpha():
            return False  # fuzzy matching {e<=1}
        index += 1
    return not in_class


_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_ANCHORS = frozenset("AZzbB")  # after a backslash: zero-width
_QUANTIFIERS = frozenset("*+?{")


def without_assertions(pattern: str) -> str | None:
    """`pattern` with its zero-width assertions taken out (lookarounds, `^`, `$`, `\\A`, `\\Z`, `\\z`, `\\b`, `\\B`), or
    None when that cannot be done plainly (a capturing group inside a lookaround, a quantifier after an assertion, a
    group left open). An assertion only forbids matches: wherever `pattern` matches a string, what is left matches it
    too, so the strings it finds hold every string `pattern` matches; the rule's own pattern still decides each of
    them. `(?<![收缴付计])费费` searches for 费费, `^\\s*…+\\s*$` for `\\s*…+\\s*`."""
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            if not in_class and pattern[index + 1 : index + 2] in _ANCHORS:
                if pattern[index + 2 : index + 3] in _QUANTIFIERS:
                    return None
                index += 2
                continue
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
            index += 1
            continue
        if char == "[":
            end = index + 1 + (pattern[index + 1 : index + 2] == "^")
            end += pattern[end : end + 1] == "]"  # a ] first in the set is taken literally
            out.append(pattern[index:end])
            in_class, index = True, end
            continue
        if char == "(" and pattern.startswith(_LOOKAROUND, index):
            end = _closing(pattern, index)
            if end is None or _captures(pattern[index + 1 : end]) or pattern[end + 1 : end + 2] in _QUANTIFIERS:
                return None
            index = end + 1
            continue
        if char in "^$":
            if pattern[index + 1 : index + 2] in _QUANTIFIERS:
                return None
            index += 1
            continue
        out.append(char)
        index += 1
    return None if in_class else "".join(out)


def _bare(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, character) of each character of `pattern` from `start` that is syntax: neither escaped nor in a set."""
    index, in_class = start, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            index += 1 + (pattern[index + 1 : index + 2] == "^")
            index += pattern[index : index + 1] == "]"  # a ] first in the set is taken literally
            continue
        else:
            yield index, char
        index += 1


def _closing(pattern: str, start: int) -> int | None:
    """The index of the `)` that closes the group opened at `start`."""
    depth = 0
    for index, char in _bare(pattern, start):
        depth += (char == "(") - (char == ")")
        if char == ")" and depth == 0:
            return index
    return None


def _captures(body: str) -> bool:
    """Whether a group's body opens a capturing group (a `(` not escaped, outside a set, not followed by `?`)."""
    return any(char == "(" and body[index + 1 : index + 2] != "?" for index, char in _bare(body))


def search_pattern(pattern: str) -> str | None:
    """What the joined search looks for: the pattern itself when it is `safe`, else the pattern without its
    assertions when that is; None when neither is (the per-string route)."""
    if safe(pattern):
        return pattern
    stripped = without_assertions(pattern)
    return stripped if stripped is not None and safe(stripped) else None


def shape(rule: ast.Rule) -> tuple[int, str, str] | None:
    """(the index of the rule's `for` binding, its pattern, what the joined search looks for) when the rule has the
    shape above, else None."""
    if len(rule.bindings) < 2:
        return None
    loop, last = rule.bindings[-2], rule.bindings[-1]
    value = last.expr
    if loop.kind != "for" or last.kind != "let" or not isinstance(value, ast.Call) or value.func != "excerpts" or len(value.args) != 2:
        return None
    subject, pattern = value.args
    if not (isinstance(subject, ast.Name) and subject.id == loop.name and isinstance(pattern, ast.String)):
        return None
    assertion = rule.assertion
    if not (isinstance(assertion, ast.Predicate) and assertion.op == "is_empty" and assertion.subject == ast.Name(last.name)):
        return None
    if rule.when is not None and _names(rule.when) & {loop.name, last.name}:
        return None
    search = search_pattern(pattern.value)
    if last.name == loop.name or search is None:
        return None
    return len(rule.bindings) - 2, pattern.value, search


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
        elif dataclasses.is_dataclass(item):
            stack.extend(getattr(item, field.name) for field in dataclasses.fields(item) if field.name != "span")
    return found


def once(source: Callable[[Env], object], when: Callable[[Env], object] | None, pattern: str, search: str | None = None) -> Callable[[Env], object]:
    """The `for` source of a rule of this shape, giving only the members whose strings can match: where `search`
    (the pattern, or the pattern without its assertions: search_pattern) matches in the joined search."""

    linear = patterns.single_path(pattern)  # never times out: skipping its runs cannot hide a PatternTimeout
    search = pattern if search is None else search
    anchored = anchors.plan(search)  # where a match can start, when that is worth knowing

    def run(env: Env) -> object:
        found = source(env)
        every = members(found)
        texts = [member.value for member in every]
        if not texts or not all(type(text) is str for text in texts):
            return found
        if when is not None:
            try:
                holds = when(env.with_reads([]))
            except Exception:  # noqa: BLE001 - every run meets the same failure: the reference route says what it is
                return found
            if not holds:  # every run: `found` of a string, then `when` false, nothing yielded
                return RefList() if linear else found
        starts, offset = [], 0
        for text in texts:
            starts.append(offset)
            offset += len(text) + len(SEPARATOR)
        joined = SEPARATOR.join(texts)
        compiled = patterns.compiled(search)
        budget = patterns._budget(search, env.document.pattern_seconds())
        try:
            at_least = _anchored(compiled, anchored, joined, starts, budget) if anchored else _searched(compiled, joined, starts, budget)
        except TimeoutError:
            return found  # the reference route meets the pattern string by string, and its own time
        return RefList(every[at] for at in at_least)

    return run


def _searched(compiled: object, joined: str, starts: list[int], budget: float | None) -> list[int]:
    """The index of each string where a match starts: the leftmost match from a string's start, then on from the next
    string's."""
    out: list[int] = []
    position = 0
    while position <= len(joined):
        match = compiled.search(joined, position, timeout=budget)  # type: ignore[attr-defined]
        if match is None:
            break
        at = bisect.bisect_right(starts, match.start()) - 1
        out.append(at)
        if at + 1 >= len(starts):
            break
        position = starts[at + 1]
    return out


def _anchored(compiled: object, plan: tuple[anchors.Anchor, ...], joined: str, starts: list[int], budget: float | None) -> list[int]:
    """The same as _searched, the pattern tried only at the starts its anchors allow (dsl/anchors.py)."""
    out: list[int] = []
    following = 0  # where the string after the last one kept starts: nothing before it need be tried
    for position in anchors.starts(plan, joined, budget):
        if position < following:
            continue
        if compiled.match(joined, position, timeout=budget) is not None:  # type: ignore[attr-defined]
            at = bisect.bisect_right(starts, position) - 1
            out.append(at)
            following = starts[at + 1] if at + 1 < len(starts) else len(joined) + 1
    return out

    return run
