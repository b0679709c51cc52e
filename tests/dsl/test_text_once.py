"""Text rules match once per document (compiled evaluator): which patterns may, and that the joined search never
misses a string where the pattern matches alone."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.dsl import anchors, ast, listcount, numbering, patterns, searchable, text, textonce
from budgetcheck.dsl.functions import FUNCTIONS
from budgetcheck.dsl.runtime import DocumentContext, Env, Ref
from budgetcheck.rules import load_pack


@pytest.mark.parametrize("pattern", ["^a", "a$", r"\Aa", r"a\Z", r"\bx", r"\Gx", "(?<!x)y", "(?=x)y", "(?!x)y", "(?>ab)", "a++", "a*+", "(?i)a", "x{e<=1}", "[[:alpha:]]", "(?P<n>a)", "[a"])
def test_patterns_that_depend_on_what_comes_before_or_after_keep_the_per_string_route(pattern):
    assert not textonce.safe(pattern)


@pytest.mark.parametrize("pattern", ["[^a]b", "(?:a|b)[，]", "[]a]", "[$^]", r"\d+\s*[%％]", "[本我]单位", r"a\.b"])
def test_patterns_that_look_only_ahead_of_their_start_match_once(pattern):
    assert textonce.safe(pattern)


def test_the_pack_text_rules_that_take_the_joined_route():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id for rule in pack.rules if textonce.shape(rule.rule)}
    assert {"TXT-PUNCT-001", "TXT-SELF-001", "TXT-SELF-002"} <= shaped


ALPHABET = st.text(alphabet="ab，。 \n:%0", max_size=12)
PATTERNS = st.sampled_from(["a", "ab", "a[^b]{0,3}b", "[，。][，。]", "(?:a|ba)b*", "b*", ".", "a.{0,20}b", r"\s+", "[^a]+b", "0%|a:"])


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(ALPHABET, max_size=8), PATTERNS)
def test_the_joined_search_keeps_every_string_that_matches_alone(texts, pattern):
    assert textonce.safe(pattern)
    env = Env(DocumentContext({}))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, pattern)(env)
    matching = [ref for ref in refs if patterns.excerpts(ref.value, pattern)]
    assert all(any(ref is other for other in kept) for ref in matching)
    assert [ref.pointer for ref in kept] == sorted((ref.pointer for ref in kept), key=lambda p: int(p.rsplit("/", 1)[1]))


@pytest.mark.parametrize(
    ("pattern", "search"),
    [
        ("(?<![收缴付计])费费(?![用率标])", "费费"),
        ("(?<=[预决核])算算", "算算"),
        (r"(?:(?<=a)b|c)", "(?:b|c)"),
        (r"\(?<!x\)", r"\(?<!x\)"),  # an escaped bracket opens no lookaround
        ("[(?<!]x", "[(?<!]x"),  # nor does one inside a set
        ("a(?=(b))", None),  # a capture inside a lookaround: numbering would change
        ("a(?!b)*", None),  # a quantifier after one
        ("(?<!x", None),  # left open
        ("^(?!x)y$", "y" + searchable.END),  # anchors are assertions too; `$` ends a string: where its separator follows
        (r"^\s*(?:a|b)[：:]\s*$|c", r"\s*(?:a|b)[：:]\s*" + searchable.END + "|c"),
        ("(?:a$|b)c", "(?:a|b)c"),  # something may follow it: dropped
        ("a$\n", "a\n"),
        ("(?:(?:a$)|b)%", "(?:(?:a)|b)%"),
        ("(?:a$)+", "(?:a)+"),
        ("(?:a$|(?:b|[)]))", "(?:a" + searchable.END + "|(?:b|[)]))"),
        (r"\bx\B|\Ay\Z", "x|y"),
        ("^*a", None),
        ("[$^]a", "[$^]a"),  # in a set they are characters
        (r"\\b", r"\\b"),  # an escaped backslash, then b
    ],
)
def test_a_pattern_with_assertions_is_searched_for_without_them_where_that_is_plain(pattern, search):
    assert textonce.search_pattern(pattern) == search


def test_the_pack_text_rules_with_assertions_take_the_joined_route_by_their_pattern_without_them():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.shape(rule.rule) for rule in pack.rules if textonce.shape(rule.rule)}
    assert {"TXT-DUP-001", "TXT-TERM-001", "TXT-TPL-001", "TXT-PUNCT-004", "TXT-TPL-002", "TXT-RSN-001"} <= set(shaped)
    _, pattern, search = shaped["TXT-DUP-001"]
    assert "(?<!" in pattern and "(?<" not in search and "(?!" not in search


LOOKING = st.sampled_from(
    ["(?<!a)b", "(?<=a)b", "b(?!a)", "b(?=a)", "(?<![ab])a(?!%)", "(?<=[a，])[。%]", r"(a)(?!\1)b", r"(?<!\s)a", r"a(?!\s)", "(?<!a.)b", "^a", "b$", r"^\s*%+\s*$", r"\ba", r"a\B", r"\Ab|a\Z", "a(?:b|$)",
     "a$\n", r"(?:a$|b)\s", r"(?:(?:a\s*$)|b)%", r"b\s*$|^\s*a[：:]\s*$", "(?:a$)+", ".$", r"a[^b]*$"]
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(ALPHABET, max_size=8), LOOKING, st.booleans())
def test_the_search_without_assertions_keeps_exactly_the_strings_the_pattern_matches_alone(texts, pattern, split):
    """By every route: the leads (split), the whole search, the strings that hold a piece searched alone."""
    search = textonce.search_pattern(pattern)
    assert search is not None and search != pattern
    env = Env(DocumentContext({}))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, pattern, search, split=split)(env)
    assert kept == [ref for ref in refs if patterns.excerpts(ref.value, pattern)]  # the pattern itself settles each string found


@pytest.mark.parametrize("split", [True, False])
def test_a_string_that_ends_where_the_pattern_asks_is_found_among_many_that_hold_its_piece_elsewhere_or_not_at_all(split):
    """`$` is searched as the separator after a string (searchable.END): by the strings that hold a piece searched
    with their separator, too (joinedsearch._found), where few of many long strings hold one."""
    pattern = r"^\s*…{1,6}\s*$|某某"
    texts = ["正文" * 40] * 30 + ["……", "甲……乙", "……\n", " … ", "……。"] + ["正文" * 40] * 30
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.once(lambda env: refs, None, pattern, textonce.search_pattern(pattern), split=split)(Env(DocumentContext({})))
    assert [ref.value for ref in kept] == ["……", "……\n", " … "] == [ref.value for ref in refs if patterns.excerpts(ref.value, pattern)]


def test_a_string_the_search_without_assertions_finds_but_the_pattern_does_not_match_is_not_run():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    _, pattern, search = textonce.shape(next(rule.rule for rule in pack.rules if rule.rule.id == "TXT-TERM-001"))
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(["一般公共预算收入", "做好般公共预算", "（务用车）", "商务用车", "一 ，般公共预算"])]
    kept = textonce.once(lambda env: refs, None, pattern, search)(Env(DocumentContext({})))
    assert [ref.value for ref in kept] == ["做好般公共预算", "（务用车）"]


DUP = r"([\u4e00-\u9fff]{2,6})[：:]\s*\1[：:]|(其中|包括)\2|费费|算算"


def test_a_pattern_whose_match_starts_before_a_colon_is_tried_only_near_its_colons():
    plan = anchors.plan(DUP)
    assert plan is not None
    assert {(anchor.lo, anchor.hi) for anchor in plan} == {(0, 0), (2, 6)}
    assert anchors.plan("ab|cd") is None  # every alternative starts with its anchor: the search engine's own scan is as good
    assert anchors.plan("(?:增加|减少)[，,]") is None
    assert anchors.plan(r"\s*x|y") is None  # an alternative with nothing bounded before its anchor
    assert anchors.plan(r"\p{Han}{2}：") is None  # what Python's parser cannot read


@pytest.mark.parametrize(
    "texts",
    [
        ["其中：其中：", "b"],  # a match at a string's first character
        ["x", "一二三四五六：一二三四五六：尾"],  # the colon six characters after the start
        ["人员经费：\n 人员经费:", "预算算"],  # mixed colons, blanks between
        ["合计", "：合计："],  # a colon at a string's start: no match (the joined text does not reach back)
        ["收费费率", "其中其中"],
    ],
)
def test_the_anchored_search_keeps_the_strings_the_plain_search_keeps(texts):
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    env = Env(DocumentContext({}))
    kept = textonce.once(lambda env: refs, None, DUP)(env)
    matching = [ref for ref in refs if patterns.excerpts(ref.value, DUP)]
    assert kept == matching
    assert textonce._anchored(patterns.compiled(DUP), anchors.plan(DUP), *textonce.joined(texts), None) == textonce._searched(patterns.compiled(DUP), *textonce.joined(texts), None)


ANCHORED = st.sampled_from(
    [DUP, r"([^：]{1,3})：\s*\1：|(ab|ba)\2|ccc", r"[^，]{0,4}[，。]|：b", r"(?:a|b.)%|[^a]{2}c", r"[^a]{0,3}(?:%|：)\s*a", r"\s{0,3}：b|费.{1,2}算", r".{2}其中"]
)
CJK = st.text(alphabet="ab其中包括费算经：: \n，。%c", max_size=14)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(CJK, max_size=8), ANCHORED)
def test_the_anchored_search_finds_exactly_the_strings_the_plain_search_finds(texts, pattern):
    plan = anchors.plan(pattern)
    assert plan is not None and textonce.safe(pattern)
    compiled = patterns.compiled(pattern)
    joined, starts = textonce.joined(texts)
    assert textonce._anchored(compiled, plan, joined, starts, None) == textonce._searched(compiled, joined, starts, None)


def _starts(plan, text: str) -> list[int]:
    """Every position where a match can start by the plan, one by one (the reference of anchors.spans)."""
    out: set[int] = set()
    for anchor in plan:
        for piece in anchor.pieces:
            for found in (at for at in range(len(text)) if text.startswith(piece, at)):
                out.update(range(max(0, found - anchor.hi), found - anchor.lo + 1))
    return sorted(out)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(CJK, ANCHORED)
def test_the_runs_of_starts_are_every_start_the_anchors_allow_and_apart(text, pattern):
    plan = anchors.plan(pattern)
    runs = anchors.spans(plan, text)
    assert [at for first, last in runs for at in range(first, last + 1)] == _starts(plan, text)
    assert all(first <= last for first, last in runs)
    assert all(later[0] > earlier[1] + 1 for earlier, later in zip(runs, runs[1:], strict=False))


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(CJK, ANCHORED, st.integers(0, 14), st.integers(0, 40))
def test_a_pattern_tried_across_a_run_matches_where_it_matches_at_one_of_its_positions(text, pattern, first, spread):
    compiled, first = patterns.compiled(pattern), min(first, len(text))
    alone = any(compiled.match(text, at) is not None for at in range(first, min(first + spread, len(text)) + 1))
    assert (patterns.tried_across(pattern, spread).match(text, first) is not None) == alone


def test_a_run_of_starts_longer_than_one_call_takes_is_tried_in_parts():
    texts = ["：" * 80 + "其中：其中：", "：" * 40, "尾" * 40 + "一二三：一二三：", "费费"]
    compiled = patterns.compiled(DUP)
    assert max(last - first for first, last in anchors.spans(anchors.plan(DUP), textonce.joined(texts)[0])) > textonce.MAX_ACROSS
    assert textonce._anchored(compiled, anchors.plan(DUP), *textonce.joined(texts), None) == textonce._searched(compiled, *textonce.joined(texts), None) == [0, 2, 3]


def test_a_rule_that_tests_each_string_with_matches_runs_only_the_strings_whose_run_can_yield():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.matching_shape(rule.rule) for rule in pack.rules if textonce.matching_shape(rule.rule)}
    assert "TXT-PUNCT-002" in shaped
    _, formula = shaped["TXT-PUNCT-002"]
    assert textonce.necessary(formula) == {"[。！？；;]."}  # the `when`'s first pattern: its strings alone need a look
    texts = ["第一句。第二句", "一句。两句。", "2  XX所   预算不单列。并入本级", "单句", "问：答", "第一句；第二句”"]
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.where(lambda env: refs, formula)(Env(DocumentContext({})))
    assert [ref.value for ref in kept] == ["第一句。第二句", "第一句；第二句”"]


def test_formulas_of_other_shapes_keep_the_per_string_route():
    loop = ast.Binding("for", "t", ast.Call("prose", ()))
    matches = ast.Predicate("matches", ast.Name("t"), ast.String("a"))
    other = ast.Predicate("matches", ast.Name("u"), ast.String("a"))
    base = dict(id="X", file="x", span=None, title="x", severity="info", citation="", message=ast.Template("x", ("x",)))
    assert textonce.matching_shape(ast.Rule(**base, assertion=matches, bindings=(loop,))) is not None
    assert textonce.matching_shape(ast.Rule(**base, assertion=other, bindings=(loop,))) is None  # another variable
    assert textonce.matching_shape(ast.Rule(**base, assertion=matches, bindings=(loop, ast.Binding("let", "u", ast.Name("t"))))) is None
    assert textonce.matching_shape(ast.Rule(**base, assertion=matches, when=ast.Predicate("is_empty", ast.Name("t")), bindings=(loop,))) is None


def _formula(depth: int):
    leaf = st.tuples(st.just("matches"), st.sampled_from(["a", "b%", "[，。].", r"[^a]{2}$", r"^\s*:", "a.{0,3}b", "%$"]))
    if depth == 0:
        return leaf
    inner = _formula(depth - 1)
    return st.one_of(leaf, st.tuples(st.just("not"), inner), st.tuples(st.sampled_from(["and", "or"]), inner, inner))


def _holds(formula, text: str) -> bool:
    kind = formula[0]
    if kind == "matches":
        return patterns.search(text, formula[1])
    if kind == "not":
        return not _holds(formula[1], text)
    return (_holds(formula[1], text) and _holds(formula[2], text)) if kind == "and" else (_holds(formula[1], text) or _holds(formula[2], text))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(ALPHABET, max_size=8), _formula(3))
def test_the_strings_kept_are_exactly_those_where_the_formula_holds(texts, formula):
    refs = [Ref(text, f"/t/{index}") for index, text in enumerate(texts)]
    kept = textonce.where(lambda env: refs, formula)(Env(DocumentContext({})))
    assert list(kept) == [ref for ref in refs if _holds(formula, ref.value)]
    for pattern in textonce.necessary(formula):
        assert all(patterns.search(ref.value, pattern) for ref in kept)


def test_rules_that_check_each_string_with_a_function_that_declares_its_quiet_pattern_take_the_joined_route():
    pack = load_pack(budgetcheck.load_registry(), evaluator="closure")
    shaped = {rule.rule.id: textonce.shape(rule.rule) for rule in pack.rules if textonce.shape(rule.rule)}
    assert shaped["TXT-PAIR-001"][1] == text.UNBALANCED_QUIET and shaped["TXT-PCT-001"][1] == text.SHARE_QUIET
    assert shaped["TXT-LIST-001"][1] == listcount.COUNT_QUIET
    assert "TXT-PAIR-002" not in shaped  # over the claims' c.text: another shape


QUIET = st.text(alphabet="占比为12.5%％万元，。（）()“”《》【】[]〔〕「」‘’ab \x1c\u3000", max_size=30)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(QUIET)
def test_a_text_without_a_match_of_a_function_s_quiet_pattern_gives_its_empty_result(value):
    for name, function in FUNCTIONS.items():
        if function.quiet is not None and not patterns.search(value, function.quiet):
            assert function.impl(value) in ("", []), name


def test_a_share_whose_percent_sign_follows_a_mark_only_re_counts_as_a_space_is_still_checked():
    value = "收入200万元，支出100万元，占5\x1c%"
    assert text.share_mismatches(value)  # the function reads the share with `re`, for which \x1c is a space
    assert patterns.search(value, text.SHARE_QUIET)
    refs = [Ref(value, "/t/0")]
    kept = textonce.once(lambda env: refs, None, text.SHARE_QUIET, None, lambda string: bool(text.share_mismatches(string)))(Env(DocumentContext({})))
    assert kept == refs


@pytest.mark.parametrize(
    ("texts", "kept"),
    [
        (["一般公共预算（含", "收入100万元"], ["一般公共预算（含"]),  # an open bracket: TXT-PAIR-001 must run it
        (["支出50万元，占总支出20%，总支出100万元。", "无"], ["支出50万元，占总支出20%，总支出100万元。"]),
    ],
)
def test_the_strings_a_function_can_find_something_in_are_run(texts, kept):
    refs = [Ref(value, f"/t/{index}") for index, value in enumerate(texts)]
    for pattern in (text.UNBALANCED_QUIET, text.SHARE_QUIET):
        found = textonce.once(lambda env: refs, None, pattern, textonce.search_pattern(pattern))(Env(DocumentContext({})))
        assert {ref.value for ref in found} >= {value for value in kept if patterns.search(value, pattern)}
    assert [value for value in texts if text.unbalanced(value) or text.share_mismatches(value)] == kept


@functools.cache
def _closure_rules() -> dict:
    """The bundled pack's rules by id, loaded once for the whole property run (a load each example took a minute)."""
    return {rule.rule.id: rule.rule for rule in load_pack(budgetcheck.load_registry(), evaluator="closure").rules}


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(QUIET, max_size=8))
def test_a_function_rule_runs_exactly_the_strings_where_its_function_finds_something(texts):
    rules = _closure_rules()
    refs = [Ref(value, f"/t/{index}") for index, value in enumerate(texts)]
    for rule_id, function in (("TXT-PAIR-001", text.unbalanced), ("TXT-PCT-001", text.share_mismatches)):
        routed = textonce.route(rules[rule_id], [lambda env: refs], None)
        assert routed is not None and routed[0] == 0
        kept = routed[1](Env(DocumentContext({})))
        assert list(kept) == [ref for ref in refs if function(ref.value)]


def test_the_text_rules_of_one_evaluation_share_one_every_text(monkeypatch):
    calls = []
    real = text._every_text
    monkeypatch.setattr(text, "_every_text", lambda document, shape: calls.append(1) or real(document, shape))
    document = DocumentContext({"narrative": {"claims": [{"text": "甲。"}]}})
    shape = {"narrative": {"*": True}}
    first, second = text.every_text(document, shape), text.every_text(document, shape)
    assert first == second and first is not second and len(calls) == 1
    again = text.every_text(DocumentContext(document.root), shape)  # another evaluation works it out again
    assert [(ref.value, ref.pointer) for ref in again] == [(ref.value, ref.pointer) for ref in first] == [("甲。", "/narrative/claims/0/text")]
    assert len(calls) == 2


ORDINALS = st.text(alphabet="。；;：: 第一二十三部分、（）()1203.．a\n", max_size=30)


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(ORDINALS)
def test_list_items_are_read_after_their_marks_as_a_scan_of_every_position_reads_them(value):
    def read(matches):
        return [(found.lastgroup, found.group(found.lastgroup) if found.lastgroup else None, found.end()) for found in matches]

    assert read(numbering._ordinals(value)) == read(re.finditer(numbering.ORDINAL, value))


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(st.lists(st.text(alphabet="。；;：: 第一二十三部分、（）()1203.．a\n\x00", max_size=12), max_size=6))
def test_list_items_of_the_texts_joined_are_those_of_each_text_read_alone(values):
    assert numbering._items_of(values) == [numbering._items(value) for value in values]


@settings(max_examples=800, deadline=None, derandomize=True, database=None)
@given(st.lists(st.text(alphabet="。；：: 第一十部分、（）(1２٣.．甲\u3000\t\x00", max_size=12), max_size=6))
def test_list_items_of_the_texts_joined_are_found_after_any_space_or_digit_the_first_test_after_a_mark_lets_through(values):
    """The joined scan tests the character after a mark before it tries the kinds of item (\\s, 第, a numeral, a
    bracket, \\d): an ideographic space, a tab, a full-width or an Arabic-Indic digit begin an item as they did."""
    assert numbering._items_of(values) == [numbering._items(value) for value in values]


def test_the_rules_of_one_evaluation_take_the_strings_of_a_copy_of_the_same_list_once():
    document = DocumentContext({})
    refs = [Ref("甲", "/a"), Ref("乙", "/b")]
    first = textonce._members(document, list(refs))
    assert first[0] == refs and first[1] == ["甲", "乙"]
    assert textonce._members(document, list(refs))[0] is first[0]  # a fresh copy of the same Refs: worked out once
    other = textonce._members(document, [refs[0], Ref("乙", "/b")])  # a Ref alike, not the same one: worked out again
    assert other[0] is not first[0] and other[0][0] is refs[0] and other[0][1] is not refs[1] and other[1] == ["甲", "乙"]
    assert textonce._members(DocumentContext({}), list(refs))[0] is not first[0]  # another evaluation works it out again


def test_the_rules_of_one_evaluation_join_the_same_texts_once():
    document = DocumentContext({})
    first = textonce._joined(document, ["ab", "c"])
    assert first == ("ab" + textonce.SEPARATOR + "c" + textonce.SEPARATOR, [0, 2 + len(textonce.SEPARATOR)])
    assert textonce._joined(document, ["ab", "c"]) is first
    assert textonce._joined(document, ["ab", "d"]) is not first
    assert textonce._joined(DocumentContext({}), ["ab", "c"]) is not first
    texts = ["ab", "c"]
    assert textonce._joined(document, texts) is first and textonce._joined(document, texts) is first  # by identity, then


def test_an_item_is_made_once_per_style_and_numeral_and_read_as_before():
    assert numbering._made("cn", "十二") == ("cn", 12, "十二") and numbering._made("cnp", "二十") == ("cnp", 20, "二十")
    assert numbering._made("ar", "07") == ("ar", 7, "07") and numbering._made("ar", "0") is None and numbering._made("cn", "一一") is None
    assert numbering._made("arp", "3") is numbering._made("arp", "3")  # kept: a document writes the same few again and again


def _skips_walking_back(parts: dict[str, list[str]], place: dict[str, tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    """TXT-NUM-001's skips as numbering._previous finds them, every earlier item of a part walked back (the reference
    of the items still open that skipped_numbers keeps); the texts in the order of `place`, when given."""
    texts = [(f"/{name}/{at}", value) for name, values in parts.items() for at, value in enumerate(values) if value.strip()]
    if place is not None:
        texts.sort(key=lambda pair: place[pair[0]])
    everything = "\n".join(value for _pointer, value in texts)
    out, seen = [], {}
    for pointer, value in texts:
        earlier = seen.setdefault(pointer.split("/")[1], [])
        for item in numbering._items(value):
            previous = numbering._previous(earlier, item)
            if previous is not None and item.number > previous.number + 1 and item.style in numbering._LISTS:
                if not numbering._written(everything, item.style, previous.number, item.number):
                    out.append((f"{previous.shown} 之后是 {item.shown}", pointer))
            earlier.append(item)
    return out


_PIECES = ["1.", "2.", "3.", "5.", "2、", "（1）", "（3）", "(2)", "（二）", "（四）", "一、", "三、", "第二部分", "甲", "。", "：", " ", "\n"]
LIST_TEXTS = st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), max_size=5)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(LIST_TEXTS, LIST_TEXTS)
def test_skipped_numbers_keeps_the_items_still_open_and_finds_what_walking_back_over_every_item_finds(first, second):
    parts = {"a": first, "b": second}
    document = DocumentContext(parts)
    shape = {"a": {text.ANY_KEY: True}, "b": {text.ANY_KEY: True}}
    found = [(ref.value, ref.pointer) for ref in numbering.skipped_numbers(document, shape)]
    assert found == _skips_walking_back(parts)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(LIST_TEXTS, LIST_TEXTS, st.randoms(use_true_random=False))
def test_skipped_numbers_reads_the_texts_in_the_order_they_are_written_where_the_source_says_so(first, second, random):
    """Lists whose numbers follow on in each text are passed without a walk (numbering._consecutive); the others are
    walked in the order `locate` gives, as the reference walks them."""
    parts = {"a": first, "b": second}
    pointers = [f"/{name}/{at}" for name, values in parts.items() for at in range(len(values))]
    lines = list(range(len(pointers)))
    random.shuffle(lines)
    place = {pointer: (line, 0) for pointer, line in zip(pointers, lines, strict=True)}
    document = DocumentContext(parts, locate=place.get)
    shape = {"a": {text.ANY_KEY: True}, "b": {text.ANY_KEY: True}}
    found = [(ref.value, ref.pointer) for ref in numbering.skipped_numbers(document, shape)]
    assert found == _skips_walking_back(parts, place)


def test_lists_whose_numbers_follow_on_in_each_text_are_not_walked():
    found = numbering._items_at(["1、甲。2、乙。（1）丙。（2）丁", "甲", "1.甲；2.乙", "一、甲。三、乙"])
    assert numbering._consecutive(found)  # sections (一、 三、) are never reported
    assert not numbering._consecutive(numbering._items_at(["1、甲。2、乙", "3、丙"]))  # a list going on in the next text: walked
    assert not numbering._consecutive(numbering._items_at(["1、甲。（1）乙。2、丙"]))  # a sub-item between: walked
    assert not numbering._consecutive(numbering._items_at(["1、甲。3、乙"]))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(list(numbering._RANK)), max_size=12))
def test_the_items_still_open_hold_the_one_walking_back_finds(styles):
    items = [numbering._Item(style, number, str(number)) for number, style in enumerate(styles, 1)]  # each its own number
    for end in range(len(items)):
        earlier, item = items[:end], items[end]
        kept = [before for before in numbering._open(earlier) if numbering._RANK[before.style] <= numbering._RANK[item.style]]
        assert numbering._previous(earlier, item) == (kept[-1] if kept and kept[-1].style == item.style else None)


def _every_text_field_by_field(fields: list[str], claims: list[dict]) -> list[tuple[str, str]]:
    """every_text()'s claims' sentences as it found them before, each sentence tested against each field in turn (the
    reference of its test against the fields joined)."""
    out, seen = [], set()
    top = [(index, claim) for index, claim in enumerate(claims) if "part_of" not in claim]
    parts = [(index, claim) for index, claim in enumerate(claims) if "part_of" in claim]
    for index, claim in [*top, *parts]:
        sentence = claim["text"]
        if not sentence.strip() or sentence in seen:
            continue
        if "part_of" in claim and any(text._same_sentence(sentence, other) for other in seen):
            continue
        seen.add(sentence)
        if any(sentence in field for field in fields):
            continue
        for field in fields:
            if len(field) > 1 and field in sentence:
                sentence = sentence.replace(field, "…")
        if sentence.strip("… "):
            out.append((sentence, f"/narrative/claims/{index}/text"))
    return out


_WORDS = st.text(alphabet="甲乙丙。\x00 ", max_size=6)


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.lists(_WORDS, max_size=5), st.lists(st.tuples(_WORDS, st.booleans()), max_size=6))
def test_a_claims_sentence_that_a_field_holds_whole_is_found_in_the_fields_joined_as_field_by_field(fields, sentences):
    claims = [{"text": sentence, **({"part_of": "x"} if part else {})} for sentence, part in sentences]
    document = DocumentContext({"a": fields, "narrative": {"claims": claims}})
    listed = text.every_text(document, {"a": {text.ANY_KEY: True}})
    kept = [field for field in fields if field.strip()]
    assert [(ref.value, ref.pointer) for ref in listed] == [(field, f"/a/{at}") for at, field in enumerate(fields) if field.strip()] + _every_text_field_by_field(kept, claims)
