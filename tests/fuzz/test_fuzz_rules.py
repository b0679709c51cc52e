"""Fuzzing the rule language: generated rules, mutated national rule files, deep nesting, long sums, odd escapes.

A pack either loads, and then checks the sample without INTERNAL-ERROR within its time, or fails with a
located RuleLoadError, never with a traceback nor a RuleFaultError (a fault of budgetcheck's own)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import budgetcheck
from budgetcheck import codes
from budgetcheck.dsl.errors import RuleFaultError, RuleLoadError
from budgetcheck.dsl.fields import field_catalogue
from budgetcheck.dsl.functions import FUNCTIONS
from budgetcheck.ingest.limits import Limits
from budgetcheck.resources import rules_dir
from budgetcheck.rules import load_pack
from budgetcheck.schema.navigation import SchemaNode
from tests.conftest import SAMPLE
from tests.fuzz.fuzzing import budget, no_fault, timed

REGISTRY = budgetcheck.load_registry()
ROOT = SchemaNode.root(REGISTRY, REGISTRY.find("department-disclosure/2016").id)
PATHS = [field.path.replace("[*]", "[*]") for field in field_catalogue(ROOT).fields]
NATIONAL = sorted((rules_dir() / "national").glob("*.rules"))
TEXTS = [path.read_text(encoding="utf-8") for path in NATIONAL]
FOLDER = Path(tempfile.mkdtemp(prefix="budgetcheck-fuzz-rules-"))
CHECK_LIMITS = Limits(timeout=10)

ESCAPES = ["\\\\", '\\"', "\\n", "\\t", "\\u4e2d", "\\q", "\\x41", "\\", "\\ud800", "\\uDC00", "\\u12", "\t", "\\/"]
PATTERNS = ["(a+)+$", "(a|aa)+$", "(.|.)+\\\\d{5}", "[本我]单位", "^(部门)?支出$", "(?=x)x", "\\\\S", "(", "[", "a{99999}", "(?P<n>x)(?P=n)", "\\\\p{Han}+", "(?i)率$"]

names = st.sampled_from(PATHS + ["nope", "overview.nope", "it", "c", "d", "x", "项目支出", "metadata.title.x"])
numbers = st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["0.01", "1" * 41, "1" * 40, "00", "3.14159"]))
strings = st.lists(st.one_of(st.sampled_from(ESCAPES), st.text(alphabet="ab中文{}%\"", max_size=4)), max_size=4).map(lambda parts: '"' + "".join(parts) + '"')
atoms = st.one_of(names, numbers, strings, st.sampled_from(["true", "false", "it", "[]", "[1, 2]", "prose()", "index(it)"]))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(st.sampled_from(["not ", "-", "abs(", "(", "exists("]), children).map(lambda t: t[0] + t[1] + (")" if t[0].endswith("(") else "")),
        st.tuples(children, st.sampled_from([" + ", " - ", " * ", " / ", " and ", " or ", " == ", " != ", " < ", " >= ", " ?? ", " contains ", " starts with "]), children).map("".join),
        st.tuples(children, st.sampled_from(["==", "<="]), children).map(lambda t: f"{t[0]} {t[1]} {t[2]} within 0.01"),
        st.tuples(children, children).map(lambda t: f"{t[0]} == {t[1]} rounded"),
        st.tuples(children, children, children).map(lambda t: f"if {t[0]} then {t[1]} else {t[2]}"),
        st.tuples(children, children).map(lambda t: f"let v = {t[0]} in {t[1]}"),
        st.tuples(st.sampled_from(["all", "any", "none"]), children, children).map(lambda t: f"{t[0]} q in {t[1]}: {t[2]}"),
        st.tuples(children, children).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(children, st.sampled_from(["[*]", "[0]", ".name", ".amount", " is empty", " is not empty"])).map("".join),
        st.tuples(children, st.sampled_from(PATTERNS)).map(lambda t: f'{t[0]} matches "{t[1]}"'),
        st.tuples(st.sampled_from(sorted(FUNCTIONS) + ["summ", "eval"]), st.lists(children, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
    )


expressions = st.recursive(atoms, _combine, max_leaves=12)
deep = st.one_of(
    st.integers(1, 400).map(lambda n: "not " * n + "true"),
    st.integers(1, 6000).map(lambda n: " + ".join(["1"] * n) + " == 1"),
    st.integers(1, 300).map(lambda n: "(" * n + "true" + ")" * n),
    st.integers(1, 3000).map(lambda n: "sum([" + ", ".join(["1"] * n) + "]) > 0"),
)


# Expressions of a known kind, built so that most of them pass the checker and run.
NUMS = ["overview.income.total", "overview.expenditure.total", "metadata.fiscal_year", "three_public.total", "c.amount", "c.change", "1", "0.5", "100000"]
STRS = ["metadata.title", "metadata.kind", "c.subject", "c.text", '"预算"', '"a\\\\b"', '"\\u4e2d"']
LISTS = ["narrative.claims", "performance.duties", "duties.items", "operating_costs.items", "prose()"]
NUM_LISTS = ["narrative.claims[*].amount", "operating_costs.items[*].amount", "[1, 2, 3]"]
ITEM_BOOLS = ["subject == c.subject", "text == c.text", '(part_of ?? "") == c.id', "index(it) < index(c)", "exists(amount)", "amount > 0", "it.subject == c.subject"]
SAFE_PATTERNS = ["[本我]单位", "(率|度)$", "\\\\S", "^(部门)?支出$", "(a|aa)+$", "[，。][，。]", "(?=[Xx])x"]


def _typed(kind: str, depth: int) -> st.SearchStrategy[str]:
    leaves = {"num": NUMS, "str": STRS, "bool": ["true", "false", "exists(c.amount)", "narrative.claims is empty"], "list": LISTS}[kind]
    if depth <= 0:
        return st.sampled_from(leaves)
    num, text, flag, many = (st.deferred(lambda kind=kind_: _typed(kind, depth - 1)) for kind_ in ("num", "str", "bool", "list"))
    choices = {
        "num": [
            st.tuples(num, st.sampled_from(["+", "-", "*", "/"]), num).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(st.sampled_from(["abs", "round"]), num).map(lambda t: f"{t[0]}({t[1]})"),
            many.map(lambda t: f"count({t})"), st.sampled_from(NUM_LISTS).map(lambda t: f"sum({t})"), text.map(lambda t: f"len({t})"),
            st.tuples(flag, num, num).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"), st.tuples(num, num).map(lambda t: f"({t[0]} ?? {t[1]})"),
        ],
        "str": [
            st.sampled_from(LISTS + NUM_LISTS).map(lambda t: f'join({t}, "、")'), text.map(lambda t: f"unbalanced({t})"),
            st.tuples(num, num).map(lambda t: f"classification_name({t[0]}, {t[1]})"), st.tuples(flag, text, text).map(lambda t: f"(if {t[0]} then {t[1]} else {t[2]})"),
        ],
        "bool": [
            st.tuples(num, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), num, st.sampled_from(["", " within 0.01", " rounded"])).map(lambda t: f"({t[0]} {t[1]} {t[2]}{t[3] if t[1] in ('==', '<=') else ''})"),
            st.tuples(text, st.sampled_from(SAFE_PATTERNS)).map(lambda t: f'({t[0]} matches "{t[1]}")'), flag.map(lambda t: f"not {t}"),
            st.tuples(flag, st.sampled_from(["and", "or"]), flag).map(lambda t: f"({t[0]} {t[1]} {t[2]})"), many.map(lambda t: f"({t} is not empty)"),
            st.tuples(many, flag).map(lambda t: f"(all q in {t[0]}: {t[1]})"), text.map(lambda t: f"grade_parses({t})"), st.tuples(text, text).map(lambda t: f"({t[0]} contains {t[1]})"),
        ],
        "list": [
            st.tuples(st.sampled_from(["narrative.claims"]), st.lists(st.sampled_from(ITEM_BOOLS), min_size=1, max_size=3)).map(lambda t: f"{t[0]}[{' and '.join(t[1])}]"),
            st.tuples(text, st.sampled_from(SAFE_PATTERNS)).map(lambda t: f'find_all({t[0]}, "{t[1]}")'), st.sampled_from(NUM_LISTS),
        ],
    }[kind]
    return st.one_of(st.sampled_from(leaves), *choices)


def _escaped(hole: str) -> str:
    """An expression written inside a message string: its quotes and backslashes escaped as in any string."""
    return hole.replace("\\", "\\\\").replace('"', '\\"')


@st.composite
def typed_rule_files(draw) -> str:
    """Rules over the claims whose parts have the kinds the checker wants: most load, and run."""
    lines = ['schema "department-disclosure/2016"']
    for number in range(draw(st.integers(1, 3))):
        body = [
            'title "t"', f"severity {draw(st.sampled_from(['error', 'warning', 'info']))}", 'citation "c"', "for c in narrative.claims",
            f"let v = {draw(_typed('num', 2))}", f"when {draw(_typed('bool', 2))}", f"assert {draw(_typed('bool', 3))}",
            f'message "{{v}} {{{_escaped(draw(_typed(draw(st.sampled_from(["num", "str"])), 2)))}}}"',
        ]
        lines += [f"rule T-TY-{number:03} {{", *("  " + field for field in body), "}"]
    return "\n".join(lines) + "\n"


@st.composite
def rule_files(draw) -> str:
    lines = [f'schema "{draw(st.sampled_from(["department-disclosure/2016", "department-disclosure/2099", "x"]))}"']
    for number in range(draw(st.integers(0, 3))):
        fields = ['title "t"', f"severity {draw(st.sampled_from(['error', 'warning', 'info', 'fatal']))}", 'citation "c"']
        if draw(st.booleans()):
            start, end = draw(st.sampled_from(["2016", "2030", "2019-02-30", "2019-07-01", "0000"])), draw(st.sampled_from(["", " to 2016", " to 2030", " to 2019-06-30"]))
            fields.append(f"effective from {start}{end}")
        if draw(st.booleans()):
            fields.append(f"applies {draw(st.sampled_from(['kind', 'level', 'region']))} {draw(strings)}")
        for _ in range(draw(st.integers(0, 2))):
            fields.append(f"{draw(st.sampled_from(['for', 'let']))} {draw(st.sampled_from(['c', 'd', 't', 'x']))} {'in' if draw(st.booleans()) else '='} {draw(expressions)}")
        if draw(st.booleans()):
            fields.append(f"when {draw(expressions)}")
        fields.append(f"assert {draw(st.one_of(expressions, deep))}")
        fields.append(f'message "m {{{draw(expressions)}}} {draw(strings)[1:-1]}"')
        lines += [f"rule T-FZ-{number:03} {{", *("  " + field for field in draw(st.permutations(fields))), "}"]
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(['"', "{", "}", "(", ")", "[", "]", "\\", "\\q", " not ", " + ", "#", "\n", "rule", "\x00", "😀", "2030"])) + text[at:]
        else:
            end = at + draw(st.integers(1, 200))
            text = text[:end] + text[at:end] + text[end:]
    return text


def _load_and_check(text: str) -> None:
    path = FOLDER / "fuzz.rules"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        pack = load_pack(REGISTRY, [path])
    except RuleFaultError as error:
        raise AssertionError(error.message("en")) from None
    except RuleLoadError as error:
        assert error.file and str(error), "a load error names its place"
        return
    result = budgetcheck.check_path(SAMPLE, registry=REGISTRY, pack=pack, limits=CHECK_LIMITS)
    if result.status == "invalid":  # fail closed: a file mutated or written for another schema (a Shanghai template) judges nothing here
        assert [finding.rule for finding in result.findings] == [codes.PACK_NO_RULES.id], result.findings[0].message_en
        return
    no_fault(result.findings)


@budget(150)
@given(rule_files())
def test_generated_rules_load_or_fail_located(text):
    timed(lambda: _load_and_check(text), "loading and running a generated rule file")


@budget(60)
@given(typed_rule_files())
def test_typed_rules_over_the_claims_load_and_run(text):
    timed(lambda: _load_and_check(text), "loading and running a typed rule file")


@budget(150)
@given(mutated())
def test_mutated_national_rule_files_load_or_fail_located(text):
    timed(lambda: _load_and_check(text), "loading and running a mutated national rule file")
