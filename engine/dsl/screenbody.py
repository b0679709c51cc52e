"""Rule language: the statements of one screen function written as Python source (dsl/screensource.py writes the
functions and the module). Each node of a screen's `let`, loop source, `when` and assertion becomes the statements that
work it out as screenwriter.Writer's closure of the node does, in the same order, through the same helpers, its value
left in a local; a node it does not write is that closure, called from the source with the names bound at that point."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import TYPE_CHECKING

from budgetcheck.dsl import ast, index
from budgetcheck.dsl.annotations import Access, NameScope
from budgetcheck.dsl.compile import _COMPARE, _TOLERANT
from budgetcheck.dsl.functions import FUNCTIONS, TEXT_KINDS, argument_checks
from budgetcheck.dsl.screenwriter import ITEM, Writer

if TYPE_CHECKING:
    from budgetcheck.dsl.screensource import Screens


_PLAIN = (ast.Number, ast.String, ast.Bool, ast.Item, ast.Name, ast.Attr, ast.Wildcard, ast.Compare, ast.Not, ast.Logic, ast.If, ast.Predicate)


def _plain(node: ast.Expr) -> bool:
    """Whether a filter's condition holds only reads, constants, comparisons, logic and predicates other than `matches`:
    worked out on any element it raises nothing but what leaves the element out of the filter (Missing, a comparison's
    EvaluationError) or what sends the whole run to the reference (_Undecided), and runs no pattern that could time
    out. Then reading every element keeps the elements its bucket would keep (those outside it cannot satisfy the
    equality: dsl/index.py), and the screen's outcome is the same: a list of a few elements is read whole, for less
    than its buckets and a look-up cost (Body._bucket: at most FEW elements; BUD-X-006/007 look up an indicator's name
    among the four or so of a duty, a bucket per duty)."""
    if not isinstance(node, _PLAIN) or (isinstance(node, ast.Predicate) and node.op == "matches"):
        return False
    if isinstance(node, ast.Compare) and node.tolerance is not None and node.tolerance.kind != "within":
        return False
    return all(_plain(child) for child in _children(node))


def _children(node: ast.Expr) -> list[ast.Expr]:
    """The operands of a node of _PLAIN's kinds."""
    children = [getattr(node, name, None) for name in ("obj", "operand", "left", "right", "cond", "then", "otherwise", "subject", "arg")]
    return [child for child in children if isinstance(child, ast.Expr)]


def _rooted(node: ast.Expr, scopes: Callable) -> bool:
    """Whether a plain condition reads from the document root (a part not read raises _Undecided there)."""
    if isinstance(node, ast.Name) and scopes(node) is NameScope.ROOT:
        return True
    return any(_rooted(child, scopes) for child in _children(node))


# the comparisons _COMPARE makes with operator.eq and operator.ne, which do what `==` and `!=` written out do
_EQUALITY = tuple(op for op, test in (("==", operator.eq), ("!=", operator.ne)) if _COMPARE[op] is test)
_FIRST = "first"  # self.known's key of a two-field read's first field, not checked for None: ("first", local, field)


class _Loop:
    """An open loop of Body: the index of its header line, its indentation, the local it binds, and the temporaries
    of the fields of other locals read before it, by (local, *path)."""

    __slots__ = ("bound", "depth", "hoisted", "line")

    def __init__(self, line: int, depth: int, bound: str) -> None:
        self.line, self.depth, self.bound = line, depth, bound
        self.hoisted: dict[tuple, str] = {}


class Body:
    """The statements of one screen function: each node's statements appended, its value returned as a local or a
    table entry, in the order the closure screen works them out."""

    def __init__(self, screens: Screens, writer: Writer) -> None:
        self.screens = screens
        self.writer = writer
        self.lines: list[str] = []
        self.depth = 1
        self.scope: dict[str, str] = {}  # a bound name -> its local
        # what is known at the current statement (dropped at the end of the block that learnt it): the temporaries that
        # hold fields already read (a local's or the root's, by path; the first field of two, by _FIRST), the checks
        # already passed, the values that are bool
        self.known: dict[tuple, str] = {}
        self.checked: set[tuple[str, str]] = set()
        self.bools: set[str] = set()
        self._given: dict[tuple[str, bool], tuple[dict, set]] = {}  # (a logic's local, its value) -> known there (_logic)
        self._locals = 0
        self._temps = 0
        self._emitted = 0  # lines emitted in place (not those inserted before a loop): whether a block wrote anything
        # the loops open at the current statement, outermost first: where each one's header is, its indentation, the
        # locals it binds, and the reads of other locals' fields written before it (see Body._hoisted)
        self.loops: list[_Loop] = []
        # a sieve's statements before its loop over the members (None in any other function): the document's fields
        # its members' statements read, read once there (Body._root_read)
        self.prelude: list[str] | None = None
        self._prelude_reads: dict[tuple, str] = {}

    def emit(self, text: str) -> None:
        added = ["    " * self.depth + line for line in text.split("\n")]
        self.lines.extend(added)
        self._emitted += len(added)

    def local(self) -> str:
        self._locals += 1
        return f"v{self._locals - 1}"

    def temp(self) -> str:
        self._temps += 1
        return f"t{self._temps - 1}"

    def block(self, head: str, write: Callable[[], None]) -> None:
        """`head:` and the statements `write` appends, indented (`pass` when it appends none)."""
        self.emit(head + ":")
        self.depth += 1
        count, known, checked = self._emitted, dict(self.known), set(self.checked)
        write()
        if self._emitted == count:
            self.emit("pass")
        self.depth -= 1
        self.known, self.checked = known, checked

    def loop(self, head: str, bound: str, write: Callable[[], None]) -> None:
        """`head:` (a `for` binding the local `bound`) and its statements, as `block`; a field of a local bound outside
        the loop that they read is read once before it (Body._hoisted)."""
        self.loops.append(_Loop(len(self.lines), self.depth, bound))
        try:
            self.block(head, write)
        finally:
            self.loops.pop()

    def _hoisted(self, local: str, path: tuple) -> str | None:
        """The temporary holding the fields `path` (one or two) of `local`, read before the outermost open loop in which
        `local` does not change, where the statement reading them is in such a loop; else None. The read written there
        (`.get` of a plain mapping, None where a step is not one) raises nothing and its value is the same at every
        pass of the loop: the check for None, which raises Missing, stays where the read was (its caller writes it), so
        the statements do what they did, in the same order, a dict look-up less per pass."""
        loops = self.loops
        if not loops or loops[-1].bound == local:
            return None
        at = next((position + 1 for position in range(len(loops) - 1, -1, -1) if loops[position].bound == local), 0)
        target = loops[at]
        key = (local, *path)
        out = target.hoisted.get(key)
        if out is not None:
            return out
        reads, value = [], local
        for step in path:
            value, before = self.temp(), value
            reads.append("    " * target.depth + f"{value} = {before}.get({self.screens.constant(step)}) if isinstance({before}, dict) else None")
        self.lines[target.line : target.line] = reads
        for inner in loops[at:]:  # the headers at or after the insertion point move down
            inner.line += len(reads)
        target.hoisted[key] = value
        return value

    def _root_read(self, known: tuple) -> str:
        """The temporary holding the fields `known[1:]` of the document root (after the check of parts not read). In a
        sieve they are read once, before its loop over the members, None where DOWN raises Missing (it never gives None),
        and each member's statements raise that Missing where they read them: the same for every member, since the
        document does not change while the sieve runs."""
        path = self.screens.constant(known[1:])
        if self.prelude is None:
            return self.assign(f"DOWN(document.root, {path})")
        held = self._prelude_reads.get(known)
        if held is None:
            held = self._prelude_reads[known] = self.temp()
            self.prelude += ["    try:", f"        {held} = DOWN(document.root, {path})", "    except Missing:", f"        {held} = None"]
        self.block(f"if {held} is None", lambda: self.emit(f"raise Missing({self.screens.constant('')})"))
        return held

    def truth(self, value: str) -> str:
        return value if value in self.bools else f"bool({value})"

    def boolean(self, text: str) -> str:
        out = self.assign(text)
        self.bools.add(out)
        return out

    def passes(self, rule: ast.Rule, skip: str, decide: str) -> None:
        """screen.passes: `when` false -> `skip`; else `decide` with the assertion's value."""
        if rule.when is not None:
            when = self.value(rule.when)
            self.block(f"if not {when}", lambda: self.emit(skip))
            self.learn(when, True)  # skipped where it is false
        if decide.startswith("return"):
            self.emit(decide.format(self.truth(self.value(rule.assertion))))
            return
        self.emit(decide.format(self.value(rule.assertion)))  # `return {}` is given the truth of the value, `if` its value

    def _logic(self, node: ast.Logic) -> str:
        """`a and b` / `a or b`: where an `and` is true (an `or` false) b was worked out whole, and what it read and checked
        is known, in the b of an outer one (PERF-IND-004/005 read 中 once) and below a `when` (Body.passes, Body.learn)."""
        left = self.truth(self.value(node.left))
        out, decided = self.boolean(left), node.op == "and"  # where `out` is `decided`, b was worked out
        learnt: list[tuple[dict, set]] = []

        def right() -> None:
            self.learn(left, decided)
            self.emit(f"{out} = {self.truth(self.value(node.right))}")
            learnt.append((dict(self.known), set(self.checked)))

        self.block(f"if {'' if decided else 'not '}{out}", right)
        self._given[(out, decided)] = learnt[0]
        return out

    def learn(self, value: str, truth: bool) -> None:  # what is known where `value` (_logic's local) is `truth`, known here
        given = self._given.get((value, truth))
        if given is not None:
            self.known.update(given[0])
            self.checked |= given[1]

    def closure(self, made: Callable) -> str:
        """The value of the closure screenwriter made for a node (in the writer's current state), from the names bound."""
        names = ", ".join(f"{self.screens.constant(name)}: {local}" for name, local in self.scope.items())
        out = self.temp()
        self.emit(f"{out} = {self.screens.callable(made)}({{{names}}}, document)")
        return out

    def assign(self, text: str) -> str:
        out = self.temp()
        self.emit(f"{out} = {text}")
        return out

    # -- nodes -------------------------------------------------------------------------------------------------
    def value(self, node: ast.Expr) -> str:  # noqa: PLR0911 - one branch per node type written out
        if isinstance(node, (ast.Number, ast.String, ast.Bool)):
            return self.screens.constant(node.value)
        if isinstance(node, (ast.Name, ast.Attr, ast.Wildcard, ast.Item)):
            return self._path(node)
        if isinstance(node, ast.Not):
            return self.boolean(f"not {self.value(node.operand)}")
        if isinstance(node, ast.Logic):
            return self._logic(node)
        if isinstance(node, ast.If):
            out, cond = self.temp(), self.value(node.cond)
            self.block(f"if {cond}", lambda: self.emit(f"{out} = {self.value(node.then)}"))
            self.block("else", lambda: self.emit(f"{out} = {self.value(node.otherwise)}"))
            return out
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.Predicate):
            return self._predicate(node)
        if isinstance(node, ast.Call) and node.func == "exists":
            return self._exists(node)
        if isinstance(node, ast.Call) and node.func in FUNCTIONS:
            return self._call(node)
        if isinstance(node, ast.Quantifier):
            return self._quantifier(node)
        if isinstance(node, ast.Subscript) and self.writer.annotations.accesses.get(node) is Access.FILTER:
            return self._filter(node)
        return self.closure(self.writer.value(node))  # a call of a function of the document

    def _path(self, node: ast.Expr) -> str:
        """screenwriter.Writer._path: the same reads, fields of plain mappings inline."""
        steps: list[str | None] = []
        head = node
        while isinstance(head, (ast.Attr, ast.Wildcard)):
            steps.append(head.name if isinstance(head, ast.Attr) else None)
            head = head.obj
        steps.reverse()
        path = tuple(steps)
        writer = self.writer
        scope = writer.annotations.scopes.get(head) if isinstance(head, ast.Name) else None
        if isinstance(head, ast.Subscript) and writer.annotations.accesses.get(head) is Access.FILTER:
            kept = self._filter(head)
            return self.assign(f"WALK_KEPT({kept}, {self.screens.constant(path)})")
        if isinstance(head, ast.Item) and writer.in_filter:
            local = self.scope[ITEM]
        elif scope is NameScope.ITEM and writer.in_filter:
            local, path = self.scope[ITEM], (head.id, *path)  # type: ignore[attr-defined]
        elif scope is NameScope.ROOT and None not in path:
            known = ("document", head.id, *path)  # type: ignore[attr-defined]
            if known not in self.known:
                self.block("if document.unread is not None", lambda: self.emit("raise Undecided()"))
                self.known[known] = self._root_read(known)
            return self.known[known]
        elif scope is NameScope.VAR and head.id in self.scope and (not path or head.id in writer.fields):  # type: ignore[attr-defined]
            local = self.scope[head.id]  # type: ignore[attr-defined]
        else:
            return self.closure(writer.value(node))  # raises _Unscreened where the closure screen's build did
        if not path:
            return local
        if None in path:
            return self.assign(f"WALK({local}, {self.screens.constant(path)})")
        known = (local, *path)
        if known in self.known:  # a field of a plain value read again: the value read before
            return self.known[known]
        if len(path) > 2:
            self.known[known] = self.assign(f"DOWN({local}, {self.screens.constant(path)})")
            return self.known[known]
        out, steps = local, path
        if len(path) == 2:  # its first field read before (`i.grades` of `i.grades.优` and `i.grades.良`): from there
            before = self.known.get((local, path[0])) or self.known.get((_FIRST, local, path[0]))
            if before is not None:
                out, steps = before, path[1:]
        hoisted = self._hoisted(local, path) if steps is path else None
        if hoisted is not None:  # read before the loop: `d.standard` of a quantifier over the other duties
            out, steps = hoisted, ()
        for step in steps:
            out, value = self.temp(), out
            self.emit(f"{out} = {value}.get({self.screens.constant(step)}) if isinstance({value}, dict) else None")
            if value == local and len(path) == 2:  # the first field's value, None or not, as the same read gives it
                self.known[(_FIRST, local, step)] = out
        self.block(f"if {out} is None", lambda: self.emit(f"raise Missing({self.screens.constant('')})"))
        self.known[known] = out
        return out

    def members(self, node: ast.Expr) -> tuple[str, bool]:
        """screenwriter.Writer.members: a list (or a mapping, whose values are the members), and whether it is the same
        object on every call for the same document and names (so that an index of it holds)."""
        annotations = self.writer.annotations
        if isinstance(node, ast.Subscript) and annotations.accesses.get(node) is Access.FILTER:
            return self._filter(node), False
        if isinstance(node, ast.Name) and node.id in self.writer.lists and annotations.scopes.get(node) is NameScope.VAR:
            self.writer.opened.add(node.id)
            return self.scope[node.id], True
        head, wildcard = node, False
        while isinstance(head, (ast.Attr, ast.Wildcard)):
            wildcard = wildcard or isinstance(head, ast.Wildcard)
            head = head.obj
        if head is node and isinstance(head, ast.Name) and head.id not in self.writer.fields:
            return self.closure(self.writer.members(node)[0]), True  # raises _Unscreened, as the closure screen's build did
        found = self.value(node)
        if wildcard or isinstance(head, ast.Subscript):
            return found, False
        self.block(f"if not isinstance({found}, LISTDICT)", lambda: self.emit(f"raise Missing({self.screens.constant('')})"))
        return found, True

    def _filter(self, node: ast.Subscript, first: bool = False) -> str:
        """screenwriter.Writer._filter: the elements on which the condition is true, in order, those on which it cannot
        be evaluated left out; where an equality of the condition indexes the list, only its bucket's elements. With
        `first`, the first of them only (for `is empty`, which asks no more)."""
        writer = self.writer
        if writer.in_filter:
            return self.closure(writer._filter(node))  # raises _Unscreened, as the closure screen's build did
        base, stable = self.members(node.obj)
        elements, chosen, kept, item = self.temp(), self.temp(), self.temp(), self.local()
        self.emit(f"{elements} = list({base}.values()) if isinstance({base}, dict) else {base}\n{chosen} = {elements}\n{kept} = None")
        writer.in_filter = True
        self.scope[ITEM] = item
        try:
            found = index.plan(node.index, writer.annotations.scopes.get, lambda side: side)  # the sides' nodes
            if found is not None and (found.before is not None or not isinstance(found.terms, index.Key)):
                return self.closure(writer._filter(node))  # raises _Unscreened, as the closure screen's build did
            learnt: tuple[dict, set] = ({}, set())
            if found is not None and stable:
                few = _plain(node.index)  # then a list of a few elements is read whole (Body._bucket)
                self.block(f"if {elements}", lambda: self._bucket(found.terms, base, elements, chosen, kept, few, learnt))  # type: ignore[arg-type, union-attr]

            def keep() -> None:
                # the loop runs over an element only where the other side was worked out whole (else `kept` is []): its
                # reads are known in it (`i.name` of `table[name == i.name]` is not read again per element)
                self.known.update(learnt[0])
                self.checked |= learnt[1]
                self.emit(f"{kept} = []")
                self.loop(f"for {item} in {chosen}", item, lambda: self._kept(node.index, kept, item, first))

            self.block(f"if {kept} is None", keep)
        finally:
            writer.in_filter = False
            del self.scope[ITEM]
        return kept

    def _bucket(self, key: index.Key, base: str, elements: str, chosen: str, kept: str, few: bool, learnt: tuple[dict, set]) -> None:
        """The bucket of the other side's value (screenwriter._Buckets, kept per document, list and filter), or no
        element at all where that side cannot be worked out; with `few` (a plain condition), a list of a few elements
        whole. `learnt`: what working out the other side read and checked, known once it has been worked out."""
        other = self.temp()

        def work_out() -> None:
            self.emit(f"{other} = {self.value(key.other)}")  # type: ignore[arg-type]
            learnt[0].update(self.known)
            learnt[1].update(self.checked)

        self.block("try", work_out)
        self.block("except UNDECIDED", lambda: self.emit(f"{kept} = []"))
        element = self.screens.callable(self.writer.value(key.element))  # type: ignore[arg-type]
        bucketed = f"BUCKETS({self.screens.callable(key)}, {base}, {elements}, {element}, document, {other})"
        if few:  # a list of a few elements whole, else its bucket
            bucketed = f"{elements} if len({elements}) in FEW_SIZES else {bucketed}"
        self.block("else", lambda: self.emit(f"{chosen} = {bucketed}"))

    def _kept(self, condition: ast.Expr, kept: str, item: str, first: bool = False) -> None:
        held = self.temp()
        self.block("try", lambda: self.emit(f"{held} = {self.value(condition)}"))
        self.block("except UNDECIDED", lambda: self.emit("continue"))
        self.block(f"if {held} is True", lambda: self.emit(f"{kept}.append({item})" + ("\nbreak" if first else "")))

    def _quantifier(self, node: ast.Quantifier) -> str:
        var, kind, writer = node.var, node.kind, self.writer
        if var in writer.names:
            return self.closure(writer.value(node))  # raises _Unscreened, as the closure screen's build did
        found, _stable = self.members(node.source)
        out, local = self.temp(), self.local()
        self.emit(f"{out} = {kind != 'any'}")
        self.bools.add(out)
        writer.names.add(var)
        writer.fields.add(var)
        self.scope[var] = local
        every = kind == "all"

        def loop() -> None:
            decided = self.value(node.body)
            self.block(f"if {'not ' if every else ''}{decided}", lambda: self.emit(f"{out} = {kind == 'any'}\nbreak"))  # bool(body) != every

        try:
            self.loop(f"for {local} in ({found}.values() if isinstance({found}, dict) else {found})", local, loop)
        finally:
            writer.names.discard(var)
            writer.fields.discard(var)
            del self.scope[var]
        return out

    def _exists(self, node: ast.Call) -> str:
        (path,) = node.args
        named = isinstance(path, ast.Name) and self.writer.in_filter and self.writer.annotations.scopes.get(path) is NameScope.ITEM
        if not isinstance(path, ast.Attr) and not named:
            return self.closure(self.writer.value(node))
        out = self.temp()
        self.bools.add(out)
        self.block("try", lambda: self.value(path))
        self.block("except Missing", lambda: self.emit(f"{out} = False"))
        self.block("else", lambda: self.emit(f"{out} = True"))
        return out

    def _compare(self, node: ast.Compare) -> str:
        tolerance = node.tolerance
        if tolerance is not None and tolerance.kind == "rounded":
            self.writer.value(node)  # raises _Unscreened where the closure screen's build did (screenwriter.Writer._rounded)
            left, right = self.assign(f"N({self.value(node.left)})"), self.assign(f"N({self.value(node.right)})")
            self.block(f"if not ({left} == {right} and {left}.is_finite())", lambda: self.emit("raise Undecided()"))
            return self.boolean("True")
        if tolerance is not None and tolerance.kind != "within":
            return self.closure(self.writer.value(node))  # raises _Unscreened, as the closure screen's build did
        left = self.value(node.left)
        right = self.value(node.right)
        if tolerance is None and node.op in _EQUALITY:  # _COMPARE's operator.eq / operator.ne, written as the operator
            return self.assign(f"{left} {node.op} {right}")
        if tolerance is None:
            return self.assign(f"{self.screens.callable(_COMPARE[node.op])}({left}, {right})")
        near = self.screens.callable(_TOLERANT[node.op])
        return self.assign(f"{near}(N({left}), N({right}), {self.screens.constant(tolerance.amount)})")

    def _predicate(self, node: ast.Predicate) -> str:
        op = node.op
        if op in ("is_empty", "is_not_empty"):
            out, held, want = self.temp(), self.temp(), op == "is_empty"
            self.bools.add(out)
            subject, scopes = node.subject, self.writer.annotations.scopes.get
            if isinstance(subject, ast.Subscript) and self.writer.annotations.accesses.get(subject) is Access.FILTER and not self.writer.in_filter:
                # `table[name == i.name] is not empty`: whether the filter keeps anything is known at the first element it
                # keeps, where its condition is plain and reads no root (on the elements after it, it could raise only
                # what leaves an element out)
                first = _plain(subject.index) and not _rooted(subject.index, scopes)
                self.block("try", lambda: self.emit(f"{held} = {self._filter(subject, first)}"))
            else:
                self.block("try", lambda: self.emit(f"{held} = {self.value(subject)}"))
            self.block("except Missing", lambda: self.emit(f"{out} = {want}"))
            # BLANK's answer for a list (the commonest subject: a filter's result) written out: whether it is empty
            blank = f"not {held}" if want else f"bool({held})"
            self.block("else", lambda: self.emit(f"{out} = {blank} if {held}.__class__ is list else BLANK({held}) == {want}"))
            return out
        subject = self.value(node.subject)
        if op == "matches":
            return self.assign(f"SEARCH(T({subject}), {self.screens.constant(node.arg.value)}, document.pattern_seconds)")  # type: ignore[union-attr]
        if op == "contains":  # CONTAINS's answer for two texts (its first case) written out; anything else goes to it
            part = self.value(node.arg)  # type: ignore[arg-type]
            texts = f"{subject}.__class__ is str" if isinstance(node.arg, ast.String) else f"{subject}.__class__ is str and {part}.__class__ is str"
            return self.assign(f"{part} in {subject} if {texts} else CONTAINS({subject}, {part})")
        text = self.assign(f"T({subject})")
        method = "startswith" if op == "starts_with" else "endswith"
        return self.assign(f"{text}.{method}(T({self.value(node.arg)}))")  # type: ignore[arg-type]

    def _call(self, node: ast.Call) -> str:
        spec = FUNCTIONS[node.func]
        if spec.places:
            return self.closure(self.writer.value(node))  # raises _Unscreened, as the closure screen's build did
        args = [self.value(arg) for arg in node.args]
        offset = 2 if spec.document else 0
        if spec.document:  # the document and the rule's note for it come first, as in screenwriter's call
            notes = self.writer.annotations.prepared.get(node) or {}
            args = ["document", self.assign(f"PREPARED({self.screens.callable(notes)}, document.schema)"), *args]
        checks = argument_checks(spec.params, spec.variadic, len(node.args), offset=offset)
        if len(node.args) == 2:  # screenwriter's call_two: the first argument's checks, then the second's
            checks = sorted(checks, key=lambda check: check[0])
        constant = self.screens.constant
        for position, check, kind in checks:
            if kind in TEXT_KINDS or kind == "list":  # a text's or a list's test written out, without a call of it
                test = ("isinstance", args[position]) if kind in TEXT_KINDS else ("list", args[position])
                written = f"isinstance({args[position]}, {'str' if kind in TEXT_KINDS else 'list'})"
            else:
                test = (self.screens.callable(check), args[position])
                written = f"{test[0]}({test[1]})"
            if test in self.checked:  # the same test of the same value passed before
                continue
            wrong = f"WRONG({constant(node.func)}, {constant(position)}, {constant(kind)}, {args[position]}, {constant(offset)})"
            self.block(f"if not {written}", lambda wrong=wrong: self.emit(wrong))
            self.checked.add(test)
        if node.func == "count":  # count()'s Decimal(len(values)) written out (PERF-IND-001: one a member), its list tested above
            return self.assign(f"DEC(len({args[0]}))")
        return self.assign(f"{self.screens.callable(spec.impl)}({', '.join(args)})")
