"""A `[*]` walk of a path (dsl/paths.py) and the members of a list or mapping (runtime.members) make their Refs through
runtime.refs, in loops rather than a comprehension per list opened: the values and pointers, in order, are those of a
plain walk that makes each Ref by calling the class. unit_of walks down once to the parts holding a value: the unit
each part's own pointer gave."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck import pointer as jp
from budgetcheck.dsl import paths
from budgetcheck.dsl.functions import FUNCTIONS
from budgetcheck.dsl.runtime import DocumentContext, Env, Missing, Projection, Ref, RefList, escape, members, refs
from budgetcheck.dsl.screenwriter import _walk, _walk_kept

KEYS = st.sampled_from(["a", "b", "x/y", "m~n", "优"])
values = st.recursive(
    st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["", "甲"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=16,
)
STEPS = st.lists(st.one_of(st.just(None), KEYS), min_size=1, max_size=5)


def _reference(value: object, steps: list) -> tuple[list, bool] | None:
    """(value, pointer) pairs of the path from the root, and whether a `[*]` was passed; None where it is Missing."""
    pairs, many = [(value, "")], False
    for step in steps:
        if step is None:
            opened = []
            for item, pointer in pairs:
                if isinstance(item, list):
                    opened += [(sub, f"{pointer}/{index}") for index, sub in enumerate(item)]
                elif isinstance(item, dict):
                    opened += [(sub, f"{pointer}/{escape(key)}") for key, sub in item.items()]
                else:
                    return None
            pairs, many = opened, True
        elif not many:
            item, pointer = pairs[0]
            found = item.get(step) if isinstance(item, dict) else None
            if found is None:
                return None
            pairs = [(found, f"{pointer}/{escape(step)}")]
        else:
            pairs = [(item[step], f"{pointer}/{escape(step)}") for item, pointer in pairs if isinstance(item, dict) and item.get(step) is not None]
    return pairs, many


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(values, STEPS)
def test_a_walk_through_wildcards_gives_the_values_and_pointers_of_a_plain_walk(value, steps):
    compiled = [(paths.ALL, "", "") if step is None else (paths.KEY, step, escape(step)) for step in steps]
    expected = _reference({"r": value}, ["r", *steps])
    for record in (False, True):
        env = Env(DocumentContext({"r": value}))
        try:
            found = paths.reader(None, [(paths.KEY, "r", "r"), *compiled], record)(env)
        except Missing:
            assert expected is None
            continue
        assert expected is not None
        pairs, many = expected
        if record:
            assert env.reads == [(pointer, item) for item, pointer in pairs]
        elif many:
            assert isinstance(found, Projection)
            assert all(ref.__class__ is Ref for ref in found)
            assert [(ref.value, ref.pointer) for ref in found] == pairs
        else:
            assert found.__class__ is Ref and (found.value, found.pointer) == pairs[0]


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(values, STEPS, st.lists(values, max_size=3))
def test_the_screens_walks_without_pointers_give_the_values_of_a_plain_walk(value, steps, kept):
    """screenwriter._walk (from one value) and _walk_kept (from a filter's elements: a first `[*]` opens nothing), which
    read a field and the `[*]` after it in one loop: the values of the plain walk, or Missing where it is."""
    expected = _reference(value, steps)
    try:
        found = _walk(value, tuple(steps))
    except Missing:
        assert expected is None
    else:
        assert expected is not None and found == ([item for item, _pointer in expected[0]] if expected[1] else expected[0][0][0])
    rest = steps[1:] if steps[0] is None else steps
    expected = _reference(kept, [None, *rest])
    try:
        found = _walk_kept(kept, tuple(steps))
    except Missing:
        assert expected is None
    else:
        assert expected is not None and found == [item for item, _pointer in expected[0]]


def _outcome(read, env: Env) -> tuple:
    try:
        found = read(env)
    except Exception as error:  # noqa: BLE001 - which exception, and where, is part of what is compared
        return ("raises", type(error).__name__, error.args)
    shown = (found.value, found.pointer) if found.__class__ is Ref else found
    return ("gives", shown, list(env.reads))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(values, st.lists(KEYS, min_size=1, max_size=3), st.sampled_from([None, "r", "r/a", "r/a/b"]), st.booleans(), st.booleans())
def test_a_read_of_two_or_three_fields_from_the_root_unrolled_gives_what_the_loop_gives(value, steps, unread, record, missing_ok):
    """paths._unrolled, the read of two or three fields from the root without a loop, against the loop's read (its walk):
    the same value, Ref, ABSENT or exception (Missing at the same place, Unread of the same part), the same reads."""
    compiled = [(paths.KEY, "r", "r"), *((paths.KEY, step, escape(step)) for step in steps)]
    document = DocumentContext({"r": value}, {unread: ("未读", "not read")} if unread else None)
    unrolled = paths.reader(None, compiled, record, missing_ok)
    unroll = paths._unrolled
    paths._unrolled = lambda _fixed, pointer, walk, record: lambda env: paths._recorded(env, walk(env), pointer, record)
    try:
        looped = paths.reader(None, compiled, record, missing_ok)
    finally:
        paths._unrolled = unroll
    assert _outcome(unrolled, Env(document)) == _outcome(looped, Env(document))


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(values)
def test_the_members_of_a_list_or_mapping_are_refs_to_each_of_its_items(value):
    base = Ref(value, "/r/x~1y")
    if isinstance(value, list):
        expected = [(item, f"/r/x~1y/{index}") for index, item in enumerate(value)]
    elif isinstance(value, dict):
        expected = [(item, f"/r/x~1y/{escape(key)}") for key, item in value.items()]
    else:
        try:
            members(base)
        except Missing:
            return
        raise AssertionError("a scalar has no members")
    found = members(base)
    assert all(ref.__class__ is Ref for ref in found)
    assert [(ref.value, ref.pointer) for ref in found] == expected
    assert not isinstance(found, RefList)


def test_refs_of_pairs_are_the_refs_the_class_makes():
    made = refs([(1, "/a"), (None, "/b")])
    assert [(ref.__class__, ref.value, ref.pointer) for ref in made] == [(Ref, 1, "/a"), (Ref, None, "/b")]
    assert [(ref.value, ref.pointer) for ref in refs({"a/b": 1}.items(), "/p", escape)] == [(1, "/p/a~1b")]
    assert [(ref.value, ref.pointer) for ref in refs(enumerate("xy"), "")] == [("x", "/0"), ("y", "/1")]


def _unit_by_prefixes(root: object, pointer: str) -> str:
    """unit_of as it was written before: each part holding the value resolved from the root by its own pointer."""
    tokens = jp.parts(pointer)[:-1]
    while tokens:
        try:
            node = jp.resolve(root, jp.from_parts(tokens))
        except (KeyError, IndexError, ValueError):
            node = None
        if isinstance(node, dict) and node.get("unit") in ("万元", "元"):
            return str(node["unit"])
        tokens.pop()
    metadata = root.get("metadata") if isinstance(root, dict) else None
    unit = metadata.get("unit") if isinstance(metadata, dict) else None
    return str(unit) if unit in ("万元", "元") else "万元"


UNITS = st.sampled_from(["万元", "元", "亿元", None])
PARTS = st.recursive(
    st.one_of(st.integers(0, 3), st.sampled_from(["", "甲"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(st.dictionaries(st.sampled_from(["a", "x/y", "m~n", "unit", "-1"]), inner, max_size=3), UNITS).map(
            lambda pair: {**pair[0], "unit": pair[1]} if pair[1] else pair[0]
        ),
    ),
    max_leaves=14,
)
POINTER_TOKENS = st.lists(st.sampled_from(["a", "x~1y", "m~0n", "0", "1", "-1", "01", "unit", "b"]), min_size=1, max_size=5)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(PARTS, UNITS, UNITS, st.data())
def test_unit_of_reads_the_parts_holding_a_value_in_one_walk_as_it_read_each_by_its_own_pointer(tree, inner, top, data):
    root = {"metadata": {"unit": top}, "a": tree if not isinstance(tree, dict) else {**tree, "unit": inner}}
    tokens, node = ["a"], root["a"]
    while isinstance(node, (list, dict)) and node and data.draw(st.booleans()):  # down an existing path, mostly
        key = data.draw(st.sampled_from(list(range(len(node))) if isinstance(node, list) else list(node)))
        tokens.append(str(key) if isinstance(node, list) else jp.escape(key))
        node = node[key]
    tokens += data.draw(POINTER_TOKENS)[: data.draw(st.integers(0, 2))]  # and on, where the document may hold nothing
    pointer = "/" + "/".join(tokens)
    place = Ref(0, pointer)
    document = DocumentContext(root)
    expected = _unit_by_prefixes(root, pointer)
    assert FUNCTIONS["unit_of"].impl(document, None, place) == expected
    assert FUNCTIONS["unit_of"].impl(document, None, [place]) == expected  # again: kept for the document


def test_unit_of_is_that_of_the_nearest_part_holding_the_value_that_names_one():
    root = {"metadata": {"unit": "元"}, "a": {"unit": "元", "b": {"unit": "万元", "c": [{"x": 1}]}, "d": {"e": 2}}}
    unit_of = FUNCTIONS["unit_of"].impl
    document = DocumentContext(root)
    assert [unit_of(document, None, Ref(0, pointer)) for pointer in ("/a/b/c/0/x", "/a/d/e", "/a/b/q/r", "/z/y")] == ["万元", "元", "万元", "元"]
