"""prose() walks a document by its ProseShape (per node: the escaped token and shape of each property, made once per
schema): the strings and pointers a plain walk of the shape as a mapping gives, in document order."""

from __future__ import annotations

from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.dsl import text
from budgetcheck.dsl.runtime import DocumentContext, escape

KEYS = st.sampled_from(["a", "b", "*", "x/y", "m~n", "text"])


def _reference(value, pointer, shape, out):
    """The walk of a shape as a mapping, one call per value (how prose() read it before ProseShape)."""
    if shape is True:
        if isinstance(value, str) and value.strip():
            out.append((value, pointer))
    elif isinstance(value, dict):
        for key, item in value.items():
            sub = shape.get(key, shape.get(text.ANY_KEY))
            if sub is not None and item is not None:
                _reference(item, f"{pointer}/{escape(key)}", sub, out)
    elif isinstance(value, list):
        sub = shape.get(text.ANY_KEY)
        if sub is not None:
            for index, item in enumerate(value):
                _reference(item, f"{pointer}/{index}", sub, out)
    return out


shapes = st.recursive(st.just(True), lambda inner: st.dictionaries(KEYS, inner, max_size=3).map(MappingProxyType), max_leaves=8)
values = st.recursive(
    st.one_of(st.none(), st.integers(0, 3), st.sampled_from(["", " ", "甲", "乙。", "\n"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(values, shapes)
def test_the_walk_by_the_prose_shape_gives_what_the_walk_of_the_mapping_gives(value, shape):
    if shape is True:
        shape = MappingProxyType({"a": True})
    found = [(ref.value, ref.pointer) for ref in text.prose(DocumentContext(value), text.ProseShape(shape))]
    assert found == _reference(value, "", shape, [])
    assert found == [(ref.value, ref.pointer) for ref in text.prose(DocumentContext(value), shape)]  # a mapping is read first


def test_a_key_with_a_slash_or_tilde_is_escaped_in_the_pointer_and_a_list_of_texts_is_read():
    shape = text.ProseShape(MappingProxyType({"x/y": True, "m~n": MappingProxyType({"*": True}), "*": MappingProxyType({"t": True})}))
    document = {"x/y": "甲", "m~n": ["乙", 3, " ", None, "丙"], "other": {"t": "丁"}, "num": 5}
    assert [(ref.value, ref.pointer) for ref in text.prose(DocumentContext(document), shape)] == [
        ("甲", "/x~1y"), ("乙", "/m~0n/0"), ("丙", "/m~0n/4"), ("丁", "/other/t"),
    ]  # fmt: skip
