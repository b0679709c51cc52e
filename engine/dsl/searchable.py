"""Rule language: which regular expressions a text rule's joined search (dsl/textonce.py) may run over the strings of a
document joined, and what it runs instead of one that it may not.

The joined search finds every string where the pattern matches alone when the pattern's match at a position depends
only on the text from that position on: no anchors (`^`, `$`, `\\A`, `\\Z`, `\\b`, `\\G` …), no lookaround, no atomic group
or possessive quantifier, no inline flag or fuzzy count. `safe` checks that lexically and refuses anything it does not
know. A pattern with assertions is searched without them (`without_assertions`: what is left matches wherever the
pattern does), when that can be done plainly; else the rule keeps the per-string route.
"""

from __future__ import annotations

from collections.abc import Iterator

_ESCAPES = frozenset("dDsSwWntrfvpPuUx0123456789\\.^$*+?()[]{}|-/ ")  # what may follow a backslash outside a class
SEPARATOR = "\n\x00"  # after each string joined, the last too (`.` does not cross a newline: a pattern that ends in `.` finds no string by its last mark)
END = r"(?:\n?\n\x00)"  # the separator after a string, and the newline a string may end with: where `$` matches in it alone


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
            if char == "$" and _last(pattern, index + 1):  # the end of a string: where it ends in the joined text
                out.append(END)
            index += 1
            continue
        out.append(char)
        index += 1
    return None if in_class else "".join(out)


def _last(pattern: str, start: int) -> bool:
    """Whether nothing of a match can follow what ends at `start`: only `)` that close groups (with no quantifier) come
    after it in its alternative, and in each group it closes. A `$` there matches in a string alone exactly where END
    then matches the string joined (SEPARATOR follows every string): without_assertions writes END for it. Where
    something may follow (`a$\\n` matches "a\\n"), the `$` is dropped as before."""
    index, depth = start, 0  # depth: groups open within the alternatives being skipped (after a `|`), plus one
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" or char == "[":  # an escape or a set: something of a match, unless within skipped alternatives
            if not depth:
                return False
            index += 2 if char == "\\" else _set_end(pattern, index)
            continue
        if char == ")":
            depth -= depth > 0
            if not depth and pattern[index + 1 : index + 2] in _QUANTIFIERS:
                return False
        elif char == "|":
            depth = depth or 1  # the alternative ends here: skip the others, to the `)` that closes their group
        elif depth:
            depth += char == "("
        else:
            return False
        index += 1
    return True


def _set_end(pattern: str, index: int) -> int:
    """How many characters the set at `index` takes, its `]` included."""
    end = index + set_opening(pattern, index)
    while end < len(pattern) and pattern[end] != "]":
        end += 2 if pattern[end] == "\\" else 1
    return end + 1 - index


def set_opening(pattern: str, index: int) -> int:
    """The length of the opening of the set at `index`: [, [^, and a ] right after them, which the set takes literally."""
    width = 1 + (pattern[index + 1 : index + 2] == "^")
    return width + (pattern[index + width : index + width + 1] == "]")


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
            index += set_opening(pattern, index)
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
