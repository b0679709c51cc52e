"""Rule language: screens, a cheap test that one run of a rule over a list member passes.

Most runs of a rule over a list pass: the 184 grade thresholds of a document, its 120 paragraphs. The reference
run of each (evaluate._run) rebinds an Env, records every value it reads with its JSON pointer so that a finding
can point at them, and goes through a closure per node. A screen works the rule's `let`, `when` and assertion
out from the member's plain value alone, with the reference's own operators and functions, and says True only
where the reference run would give nothing: its `when` false, or its assertion true, without an exception.
Everything else — False, any exception, a member that is not a document value — leaves the run to the
reference, which decides its outcome (a finding, a not-applicable reason); a regular expression that runs out
of the rule's time is passed on, as the reference would. So a screen can only skip runs, and only runs that
give no outcome: the findings, their order and the not-applicable outcomes stay the reference's.

A rule gets a screen when its bindings are `for x in S`, then at most one `let`, then at most one more `for`
(`for d in duties.items / let table = … / for i in d.indicators`: the screen of d works the let out and runs every
member of the inner loop), and every node of its `let`, the inner loop's source, `when` and assertion is one the
screen writes out (dsl/screenwriter.py): constants; the bound names and the fields and `[*]` of list members (a
loop's, a quantifier's, a filter's element); fields of the document root (a document with a part not read goes
to the reference); not/and/or, `if`; comparisons (exact or `within`); the predicates; calls of functions that
take plain values; `exists` of a path of fields; filters (through the same buckets as the reference's index,
dsl/index.py) and the fields and `[*]` of their elements; quantifiers over them. Any other node (a `[*]` walk from
the root, an index, `??`, `rounded`, functions of document places) leaves the rule without a screen.

A member of S whose screen fails goes to the reference, and the members of its inner loop then get screens of
their own (`build_inner`), made once per binding from the reference's values of the names before the loop (its
`let` worked out by the reference). Only the generated evaluator uses screens; the closure evaluator, the
reference, never does, and tests/dsl/test_compiled_outcomes.py (whole documents) and tests/dsl/test_screen.py
(member by member) hold the two equal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from budgetcheck.dsl import ast
from budgetcheck.dsl.annotations import Access, Annotations
from budgetcheck.dsl.runtime import Derived, DocumentContext, Ref, RefList
from budgetcheck.dsl.screenwriter import Writer, _Undecided, _Unscreened

__all__ = ["Prepared", "Screen", "Sieve", "_Undecided", "build", "build_inner"]

Screen = Callable[[object, DocumentContext], bool]
Sieve = Callable[[list, DocumentContext], list]  # the members whose runs a screen cannot show to pass (dsl/screensource.py)
Prepared = Callable[[dict, DocumentContext], Screen | None]  # an inner loop's screen, made once per binding of the outer names


def build(rule: ast.Rule, annotations: Annotations, generated: Screen | None = None) -> Screen | None:
    """The rule's screen, or None when its shape or one of its nodes is outside what screens write out. Shapes:
    `for x in S`, then at most one `let`, then at most one more `for` (`for d in S / let t = E / for i in d.F`): the
    screen of a member of S works out the let and runs every member of the inner loop, and passes only if all pass.
    `generated`: the same screen written as source (dsl/screensource.py), returned instead of the closures."""
    bindings = rule.bindings
    kinds = tuple(binding.kind for binding in bindings)
    if kinds not in (("for",), ("for", "let"), ("for", "for"), ("for", "let", "for")):
        return None
    all_names = [binding.name for binding in bindings]
    if len(set(all_names)) != len(all_names):
        return None
    loop = all_names[0]
    let = bindings[1] if kinds[1:2] == ("let",) else None
    inner = bindings[-1] if len(kinds) > 1 and kinds[-1] == "for" else None
    lists = {let.name} if let is not None else set()
    writer = Writer(annotations, {loop} | ({inner.name} if inner is not None else set()), set(all_names), lists)
    try:
        bound = writer.value(let.expr) if let is not None else None
        source = writer.members(inner.expr)[0] if inner is not None else None
        when = writer.value(rule.when) if rule.when is not None else None
        assertion = writer.value(rule.assertion)
    except _Unscreened:
        return None
    if let is not None and let.name in writer.opened and not _listed(let.expr, annotations):
        return None  # opened as a list, the let must hold the reference's list of members (a filter's, a [*] walk's)
    if generated is not None:
        return generated
    let_name = let.name if let is not None else None
    inner_name = inner.name if inner is not None else None

    def passes(names: dict, document: DocumentContext) -> bool:
        if when is not None and not when(names, document):
            return True
        return bool(assertion(names, document))

    if bound is None and source is None and when is None:  # `for x in S assert A`, most screened rules: one call less a run
        return lambda value, document: bool(assertion({loop: value}, document))

    def screen(value: object, document: DocumentContext) -> bool:
        names = {loop: value}
        if bound is not None:
            names[let_name] = bound(names, document)  # type: ignore[index]
        if source is None:
            return passes(names, document)
        found = source(names, document)
        for member in found.values() if isinstance(found, dict) else found:
            names[inner_name] = member  # type: ignore[index]
            if not passes(names, document):
                return False
        return True

    return screen


def _listed(node: ast.Expr, annotations: Annotations) -> bool:
    """Whether the reference's value of `node` is a list of members whose plain values are its value: a filter, or a
    path with a `[*]` or from a filter (a RefList or a Projection)."""
    wildcard = False
    while isinstance(node, (ast.Attr, ast.Wildcard)):
        wildcard = wildcard or isinstance(node, ast.Wildcard)
        node = node.obj
    return wildcard or (isinstance(node, ast.Subscript) and annotations.accesses.get(node) is Access.FILTER)


def _first_level(rule: ast.Rule) -> bool:
    """`for x in S` with at most one `let` after it: the shape `build` screens at the first level."""
    bindings = rule.bindings
    return bool(bindings) and bindings[0].kind == "for" and (len(bindings) == 1 or (len(bindings) == 2 and bindings[1].kind == "let"))


def build_inner(rule: ast.Rule, annotations: Annotations, generated: Callable[..., bool] | None = None) -> Prepared | None:
    """For a rule whose last binding is a `for` after others (`for d in S / let t = E / for i in d.F`), the screen of
    that last loop's members, made once per binding of the names before it from their values in the run's Env: the
    `for` names are list members (their fields are read), a `let` is its plain value, and a `let` the screen opens as
    a list (filters over it, quantifiers) must hold the members of a list of the document, else that binding's members
    all go to the reference. The `let`s themselves are the reference's, worked out before the loop. `generated`: the
    screen written as source (dsl/screensource.py), whose leading arguments are those names' values (the outer loops'
    members, then the lets), bound per binding instead of the closures'."""
    bindings = rule.bindings
    if len(bindings) < 2 or bindings[-1].kind != "for" or _first_level(rule):
        return None
    all_names = [binding.name for binding in bindings]
    if len(set(all_names)) != len(all_names):
        return None
    loop = bindings[-1].name
    outer_fors = [binding.name for binding in bindings[:-1] if binding.kind == "for"]
    lets = [binding.name for binding in bindings if binding.kind == "let"]
    writer = Writer(annotations, {loop, *outer_fors}, set(all_names), set(lets))
    try:
        when = writer.value(rule.when) if rule.when is not None else None
        assertion = writer.value(rule.assertion)
    except _Unscreened:
        return None
    opened = writer.opened

    def prepare(variables: dict, document: DocumentContext) -> Screen | None:
        names: dict = {}
        for name in outer_fors:
            member = variables[name]
            if member.__class__ is not Ref:
                return None
            names[name] = member.value
        for name in lets:
            value = variables[name]
            while isinstance(value, Derived):
                value = value.value
            if isinstance(value, RefList):
                names[name] = [ref.value for ref in value]
            elif name in opened:  # opened as a list by the screen, it must be one the reference opens the same way
                return None
            else:
                names[name] = value.value if isinstance(value, Ref) else value
        if generated is not None:
            return partial(generated, *names.values())

        def screen(value: object, document: DocumentContext) -> bool:
            names[loop] = value
            if when is not None and not when(names, document):
                return True
            return bool(assertion(names, document))

        return screen

    return prepare
