"""Rule language: a text rule's joined search (dsl/textonce.py) split into searches that each begin with a literal.

The search engine (the `regex` package) walks a text to a literal character that every match begins with at a
fraction of a nanosecond a character; a pattern that may begin with one of several (`[，。、；,;][，。、；：,;]`,
`(?:占|增长|下降|…)[，,、；;]…`, `\\s*…`) it tries at every position, several times that. `leads(search)` rewrites a
search as a few searches that each begin with one literal (TXT-PUNCT-005's as 占[，,、；;]…, 增长[，,、；;]… and so on),
such that a string alone holds a match of the search exactly when it holds a match of one of them. Each is run over
the joined strings as the search itself is (textonce._searched), and the strings they find together are those it finds:
every string where the pattern matches alone.

The rewriting, for a search whose match at a position depends on the text from there on alone (searchable.safe):
`A|B` gives the leads of A and those of B; `[abc]R` gives aR, bR, cR; `(?:A|B)R` the leads of AR and of BR; `X+R` those
of `X X*R`, `X{m,n}R` (m ≥ 1) those of `X X{m-1,n-1}R`; `X*R`, `X?R`, `X{0,n}R` those of R (a string holds a match of
`X*R` where R matches after the X's, and R's matches are `X*R`'s with no X); a literal begins a lead. Anything else at
the head of an alternative (`.`, `\\s`, a negated or wide set, a capturing group, whose number the rewriting would
change, a backreference), an alternative that can match nothing at all, more than MAX_LEADS leads, or a pattern that
Python's parser and the `regex` package may read apart (literals.parsed_plainly) gives no leads (None): the search runs
whole, as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

import regex as engine

from budgetcheck.dsl.literals import parsed_plainly, set_characters
from budgetcheck.dsl import patterns
from budgetcheck.dsl.patterns import MAX_PATTERN
from budgetcheck.dsl.searchable import _bare, _closing, safe, set_opening

try:  # Python 3.11 and later; before, the same module was sre_parse
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

MAX_LEADS = 24  # each lead costs a walk of the text (a few microseconds a document); the whole search, some twenty of them
MAX_SET = 12  # a set of more characters than this at a head is not spelled out
_CATEGORIES = frozenset("dDsSwWbBAZ")  # after a backslash: no one literal character
_QUANTIFIER = re.compile(r"(?:[*+?]|\{(\d*)(?:(,)(\d*))?\})(\??)")


class _Refused(Exception):
    """A head the rewriting does not read: the search runs whole."""


@lru_cache(maxsize=512)
def leads(search: str) -> tuple[str, ...] | None:
    """Searches that each begin with one literal, a string alone holding a match of one of them exactly when it holds a
    match of `search`, in a fixed order without repeats; None when there are none (see the module's note) or when
    `search` begins with a literal already (the search engine's own walk then finds its first character)."""
    if parsed_plainly(search) is None or _captures(search):
        return None
    out: list[str] = []
    try:
        for alternative in _alternatives(search):
            _lead(alternative, out, 0)
    except _Refused:
        return None
    out = _merged(_pruned(out))
    if out == [search] or any(len(lead) > MAX_PATTERN or not _compiles(lead) for lead in out):
        return None
    return tuple(out)


@lru_cache(maxsize=512)
def wider(search: str) -> str | None:
    """A search with leads that every string holding a match of `search` holds a match of too, where `search` has no
    leads of its own; None when it has, or when there is none such. Made from `search`'s syntax alone:

    - each backreference `\\N` read as the pattern of group N (what the group matched matches it), and every group
      made non-capturing;
    - in each alternative whose leads are refused, its first item (with its quantifier) left out, again until leads are
      found: a match of `XR` holds a match of `R`, in the same string.

    TXT-DUP-001's `([\\u4e00-\\u9fff]{2,6})[：:]\\s*\\1[：:]|(其中|包括)\\2|费费|算算` gives
    `[：:]\\s*(?:[\\u4e00-\\u9fff]{2,6})[：:]|(?:其中|包括)(?:其中|包括)|费费|算算`, whose leads begin with a colon, 其中,
    包括, 费 and 算, where the search's first group is tried at every Chinese character. The strings it finds are run
    with the rule's own pattern (textonce.once), so a string it finds wrongly is merely looked at."""
    if leads(search) is not None or parsed_plainly(search) is None:
        return None
    try:
        alternatives = [_led_from(alternative) for alternative in _alternatives(_decaptured(search))]
    except _Refused:
        return None
    out = "|".join(alternatives)
    if out == search or len(out) > MAX_PATTERN or not _compiles(out) or parsed_plainly(out) is None or not safe(out):
        return None
    return out if leads(out) is not None or _literal_head(out)[0] else None  # else its search is no cheaper


def _decaptured(search: str) -> str:
    """`search` with each capturing group made non-capturing and each backreference written as its group's pattern."""
    groups: list[tuple[int, int]] = []  # (where a capturing group opens, where it closes), numbered in order
    for index, char in _bare(search):
        if char == "(" and search[index + 1 : index + 2] != "?":
            close = _closing(search, index)
            if close is None:
                raise _Refused
            groups.append((index, close))
        elif char == "(" and search[index + 1 : index + 3] not in ("?:",):
            raise _Refused  # a named group, a lookaround, a flag: not read here
    out: list[str] = []
    index, in_class = 0, False
    while index < len(search):
        char = search[index]
        if char == "\\":
            follower = search[index + 1 : index + 2]
            if not in_class and follower.isdigit():
                number = int(follower)
                if follower == "0" or search[index + 2 : index + 3].isdigit() or number > len(groups):
                    raise _Refused  # an octal escape, a group past the ninth
                opening, close = groups[number - 1]
                if close > index or _REFERENCE.search(search, opening, close):
                    raise _Refused  # a reference within its own group or before it closes, or a group that refers
                out.append("(?:" + _decaptured(search[opening + 1 : close]) + ")")
            elif not in_class and follower in ("g", "k", "G"):
                raise _Refused
            else:
                out.append(search[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            width = set_opening(search, index)
            out.append(search[index : index + width])
            index += width
            continue
        elif char == "(" and search[index + 1 : index + 2] != "?":
            out.append("(?:")
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


_REFERENCE = re.compile(r"(?<!\\)(?:\\\\)*\\[0-9gk]")


def _led_from(alternative: str) -> str:
    """`alternative`, or what follows its first items, from the first item where leads begin."""
    rest = alternative
    while rest:
        try:
            _lead(rest, [], 0)
        except _Refused:
            _head_text, end = _head(rest)
            quantifier = _QUANTIFIER.match(rest, end)
            rest = rest[quantifier.end() if quantifier else end :]
            continue
        return rest
    raise _Refused


def _pruned(out: list[str]) -> list[str]:
    """The leads without repeats and without those a string can match only where it holds a literal that another lead
    is made of alone: a lead whose first characters are literals and whose rest can match nothing at all is those
    literals (`用于(?:[：:]?\\s*[。；;]|\\s*)`: 用于); one that begins with such a lead's literals, or with literals that
    hold them (`主要用于…`, `主要原因是[：:]…` beside 用于, 主要原因), is left out."""
    heads = [_literal_head(lead) for lead in out]
    whole = {head for head, rest_empty in heads if rest_empty and head}
    kept = [re.escape(head) for head in sorted(whole) if not any(other != head and other in head for other in whole)]
    for lead, (head, rest_empty) in zip(out, heads, strict=True):
        if (rest_empty and head) or any(other in head for other in whole):
            continue
        kept.append(lead)
    return list(dict.fromkeys(kept))


def _merged(out: list[str]) -> list[str]:
    """The leads that begin with the same character as one, `aR|aS` as `a(?:R|S)` at the place of the first: a string
    holds a match of it exactly where it holds one of either, and the search engine walks the text to `a` once, not
    once a lead (TXT-TPL-004's 增加…, 增长… as 增(?:加…|长…)). Kept apart when the one would be longer than a pattern may
    be (MAX_PATTERN), or would need a time limit that none of them needs (patterns.untimed)."""
    groups: dict[str, list[str]] = {}
    for lead in out:
        try:
            head, end = _head(lead)
        except _Refused:
            return out
        if lead[end : end + 1] in ("*", "+", "?", "{"):
            return out  # a quantified first item: no lead here begins so, and none is merged
        groups.setdefault(head, []).append(lead[end:])
    merged = []
    for head, rests in groups.items():
        one = head + "(?:" + "|".join(rests) + ")" if len(rests) > 1 else head + rests[0]
        if len(rests) > 1 and (len(one) > MAX_PATTERN or not patterns.untimed(one) and all(patterns.untimed(head + rest) for rest in rests)):
            merged.extend(head + rest for rest in rests)
        else:
            merged.append(one)
    return merged


def _literal_head(lead: str) -> tuple[str, bool]:
    """The literal characters a lead begins with, and whether what follows them can match nothing at all."""
    parsed = _parser.parse(lead)
    items = list(parsed.data)
    index = 0
    while index < len(items) and items[index][0] is _c.LITERAL:
        index += 1
    head = "".join(chr(value) for _op, value in items[:index])
    return head, _parser.SubPattern(parsed.state, items[index:]).getwidth()[0] == 0


def _compiles(pattern: str) -> bool:
    try:
        engine.compile(pattern)
    except Exception:  # noqa: BLE001 - regex.error and the like: the search runs whole
        return False
    return True


def _captures(pattern: str) -> bool:
    """Whether `pattern` opens a capturing group or refers back to one."""
    for index, char in _bare(pattern):
        if char == "(" and pattern[index + 1 : index + 2] != "?":
            return True
    return re.search(r"(?<!\\)(?:\\\\)*\\[1-9g]", pattern) is not None


def _alternatives(pattern: str) -> list[str]:
    """`pattern` cut at its top-level `|`."""
    out, depth, last = [], 0, 0
    for index, char in _bare(pattern):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(pattern[last:index])
            last = index + 1
    out.append(pattern[last:])
    return out


def _lead(sequence: str, out: list[str], depth: int) -> None:
    """Add to `out` the leads of one alternative (no top-level `|`)."""
    if depth > 8 or len(out) > MAX_LEADS:
        raise _Refused
    if not sequence:
        raise _Refused  # a match of nothing: every position starts one
    head, end = _head(sequence)
    quantifier = _QUANTIFIER.match(sequence, end)
    rest = sequence[quantifier.end() :] if quantifier else sequence[end:]
    if quantifier:
        low, high = _bounds(quantifier)
        if low == 0:  # X*R, X?R, X{0,n}R: a string holds a match where it holds one of R
            _lead(rest, out, depth + 1)
            return
        lazy = quantifier.group(4)
        if high is None:
            again = "*" if low == 1 else f"{{{low - 1},}}"
        elif low == high:
            again = "" if low == 1 else f"{{{low - 1}}}"
        else:
            again = f"{{{low - 1},{high - 1}}}"
        rest = (f"(?:{head}){again}{lazy}" if again else "") + rest
    if head.startswith("(?:"):
        for inner in _alternatives(head[3:-1]):
            _lead(inner + rest, out, depth + 1)
    elif head.startswith("["):
        for char in _characters(head):
            out.append(re.escape(char) + rest)
    elif head.startswith("\\") and head[1:2] in _CATEGORIES:
        raise _Refused
    elif head in (".", "(", ")", "^", "$"):
        raise _Refused
    else:
        out.append(head + rest)  # a literal, or an escaped one
    if len(out) > MAX_LEADS:
        raise _Refused


def _head(sequence: str) -> tuple[str, int]:
    """The first item of a sequence (a group, a set, an escape, a character) and where it ends."""
    char = sequence[0]
    if char == "(":
        if not sequence.startswith("(?:"):
            raise _Refused
        close = _closing(sequence, 0)
        if close is None:
            raise _Refused
        return sequence[: close + 1], close + 1
    if char == "[":
        index = 1 + (sequence[1:2] == "^")
        index += sequence[index : index + 1] == "]"  # a ] first in the set is taken literally
        while index < len(sequence) and sequence[index] != "]":
            index += 2 if sequence[index] == "\\" else 1
        if index >= len(sequence):
            raise _Refused
        return sequence[: index + 1], index + 1
    if char == "\\":
        letter = sequence[1:2]
        if letter in ("u", "x", "U"):
            width = {"u": 4, "x": 2, "U": 8}[letter]
            return sequence[: 2 + width], 2 + width
        if letter.isdigit():
            raise _Refused  # a backreference, an octal escape
        return sequence[:2], 2
    if char in "*+?{|)":
        raise _Refused
    return char, 1


def _bounds(quantifier: re.Match[str]) -> tuple[int, int | None]:
    """The least and most repeats a quantifier allows (None: no most)."""
    core = quantifier.group(0)[: len(quantifier.group(0)) - len(quantifier.group(4))]
    if core == "*":
        return 0, None
    if core == "+":
        return 1, None
    if core == "?":
        return 0, 1
    low = int(quantifier.group(1) or 0)
    if quantifier.group(2) is None:
        return low, low
    return low, int(quantifier.group(3)) if quantifier.group(3) else None


def _characters(head: str) -> list[str]:
    """The characters of a set at a head, in order, when it is a small set of literals and ranges."""
    try:
        parsed = _parser.parse(head)
    except (re.error, OverflowError, RecursionError, ValueError):
        raise _Refused from None
    items = list(parsed.data)
    if len(items) == 1 and items[0][0] is _c.LITERAL:
        return [chr(items[0][1])]
    if len(items) != 1 or items[0][0] is not _c.IN:
        raise _Refused
    chars = set_characters(items[0][1], MAX_SET)
    if not chars:
        raise _Refused
    return sorted(chars)


def compiled(search: str | None) -> list[tuple[object, bool, str]] | None:
    """What the joined search of `search` runs: its leads (or `search` itself, when it has none and `plain` takes it),
    each compiled (`plain`'s by Python's `re`) with whether it runs without a time limit (patterns.untimed) and the
    character every match of it begins with ("" for `search` itself: a set): a text without that character holds no
    match, which `in` tells at a fraction of the cost of the search's walk; None: the search itself, by the `regex`
    package, as before."""
    if search is None:
        return None
    found = leads(search)
    if found is None:
        return [(plain(search), True, "")] if plain(search) is not None else None
    return [(plain(lead) or patterns.compiled(lead), patterns.untimed(lead), _literal_head(lead)[0][:1]) for lead in found]


_SAME_IN_BOTH = frozenset({_c.LITERAL, _c.ANY, _c.IN, _c.BRANCH, _c.SUBPATTERN, _c.MAX_REPEAT, _c.MIN_REPEAT})
_SET_MEMBERS = frozenset({_c.LITERAL, _c.RANGE})


@lru_cache(maxsize=512)
def plain(search: str) -> re.Pattern[str] | None:
    """`search` compiled by Python's `re`, where that finds the same matches as the `regex` package faster: a search
    without a time limit (patterns.untimed: linear in the text), of literal characters, `.`, sets of literal characters
    and ranges, groups, alternatives and `?` only, read alike by both parsers (literals.parsed_plainly) and compared
    by code point in both, that begins with a set or one literal character (`re` walks to a first character of a set
    with a table, which the `regex` package tries at every position; it walks to a first string of two or more
    characters more slowly). Else None."""
    parsed = parsed_plainly(search)
    if parsed is None or not patterns.untimed(search) or not _same_in_both(list(parsed.data)):
        return None
    items = list(parsed.data)
    if len(items) >= 2 and items[0][0] is _c.LITERAL and items[1][0] is _c.LITERAL:
        return None
    return re.compile(search)


def _same_in_both(items: list) -> bool:
    for op, value in items:
        if op not in _SAME_IN_BOTH:
            return False
        if op is _c.IN and any(kind not in _SET_MEMBERS for kind, _member in value):
            return False
        if op is _c.SUBPATTERN and (value[1] or value[2] or not _same_in_both(list(value[3]))):
            return False
        if op is _c.BRANCH and not all(_same_in_both(list(branch)) for branch in value[1]):
            return False
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and not _same_in_both(list(value[2])):
            return False
    return True


def timed(split: list[tuple[object, bool, str]], document: object) -> list[tuple[object, float | None]]:
    """The leads of `compiled`, each with the time of one of its calls (patterns._budget: what the evaluation's
    `document` leaves of the rule's time; None: the default)."""
    seconds = document.pattern_seconds() if document is not None else None  # type: ignore[attr-defined]
    left = patterns.DEFAULT_SECONDS if seconds is None else max(seconds, 0.001)
    return [(lead, None if untimed else left) for lead, untimed, _head in split]
