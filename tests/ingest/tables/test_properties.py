"""Properties: a table reads the same whatever the order of its rows and columns and whichever vocabulary
wording its headers use; a header the vocabulary does not know never gets a canonical name."""

from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from budgetcheck.ingest.tables import ReadContext, Status, load, read_table
from budgetcheck.ingest.tables.cells import amount
from budgetcheck.ingest.tables.grid import GridCell
from budgetcheck.ingest.tables.vocabulary import norm_label
from tests.ingest.tables import department as dept
from tests.ingest.tables.synthetic import grid

VOCAB = load()
KIND = VOCAB.kinds["general_budget_expenditure"]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _variants(key: str, length: int = 1) -> list[tuple[str, ...]]:
    """Every wording of a column as a header path of the given length (from the vocabulary itself)."""
    out = []
    for path in KIND.columns[key].paths:
        if len(path) == length:
            out += [tuple(x) for x in _product([sorted(options) for options in path])]
    return out


def _product(lists):
    if not lists:
        return [()]
    return [(a,) + rest for a in lists[0] for rest in _product(lists[1:])]


def _money(value: Decimal, grouped: bool) -> str:
    if value == 0:
        return ""
    return f"{value:,.2f}" if grouped else f"{value:.2f}"


@st.composite
def tables(draw):
    """A 一般公共预算支出表 grid: columns (a split or joined code block, name, 合计/基本/项目) in any order, any
    vocabulary wording, body rows in any order, amounts with or without thousands separators."""
    split = draw(st.booleans())
    value_keys = draw(st.permutations(["total", "basic", "project"]))
    blocks = [("code", None), ("name", None)] + [(k, None) for k in value_keys]
    order = draw(st.permutations(blocks))
    header0, header1, merges, columns = [], [], [], []
    for key, _ in order:
        c = len(header0)
        if key == "code" and split:
            word = draw(st.sampled_from(sorted({p[0] for p in _variants("code_class", 2)})))
            parts = draw(st.permutations(["类", "款", "项"]))
            header0 += [word, "", ""]
            header1 += list(parts)
            merges.append((0, c, 1, 3))
            columns += [("part", p) for p in parts]
            continue
        label = draw(st.sampled_from(_variants(key)))[0]
        header0.append(label)
        header1.append("")
        merges.append((0, c, 2, 1))
        columns.append((key, None))
    grouped = draw(st.booleans())
    rows = [(c, n, t, b, p) for c, n, t, b, p in dept.function_rows()] + [("合计", "合计", *dept.totals())]
    rows = draw(st.permutations(rows))
    body = []
    for code, name, total, basic, project in rows:
        values = {"total": total, "basic": basic, "project": project}
        line = []
        for key, part in columns:
            if code == "合计":
                line.append("合计" if (key == "part" and part == "类") or (key == "code" and not split) else "")
            elif key == "part":
                line.append({"类": code[:3], "款": code[3:5], "项": code[5:7]}[part])
            elif key == "code":
                line.append(code)
            elif key == "name":
                line.append(name)
            else:
                line.append(_money(values[key], grouped))
        body.append(line)
    return grid([header0, header1] + body, merges)


def _facts(reading):
    return sorted((r.kind, r.code or "", r.key or "", r.name, tuple(sorted((k, v.amount) for k, v in r.values.items())))
                  for r in reading.rows)


EXPECTED = None


@SETTINGS
@given(tables())
def test_row_order_column_order_and_wording_do_not_change_the_reading(table):
    global EXPECTED
    reading = read_table(table, ReadContext(VOCAB))
    assert reading.status is Status.READ, reading.reasons()
    facts = _facts(reading)
    if EXPECTED is None:
        EXPECTED = facts
    assert facts == EXPECTED
    assert len(reading.items) == len(dept.function_rows())


ALPHABET = "合计基本项目支出人员公用经费预算决算数金额科目编码名称类款项其他收入财政拨款事业经营上年结转小计备注说明单位合同"


@SETTINGS
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=8), st.sampled_from(sorted(VOCAB.kinds)), st.sampled_from([None, 2024, 2025]))
def test_a_header_not_in_the_vocabulary_never_gets_a_canonical_name(label, kind_key, year):
    kind = VOCAB.kinds[kind_key]
    label = norm_label(label)
    assume(label and label not in kind.words())
    assert kind.match_column((label,), year) is None
    for group in [g for g in kind.groups][:3]:
        assert kind.match_column((group, label), year) is None


@SETTINGS
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=8))
def test_an_unknown_header_in_a_real_grid_is_reported_not_named(label):
    assume(norm_label(label) and norm_label(label) not in KIND.words())
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出", label],
            ["201", "一般公共服务支出", "30.00", "20.00", "10.00", "5.00"]]
    reading = read_table(grid(rows), ReadContext(VOCAB))
    assert reading.columns[5].name is None
    assert reading.status is Status.PARTLY_READ and reading.problems[-1].code == "TABLE-UNKNOWN-COLUMN"
    assert set(reading.items[0].values) == {"total", "basic", "project"}


@SETTINGS
@given(st.decimals(min_value=0, max_value=Decimal("99999999999.99"), places=2, allow_nan=False, allow_infinity=False),
       st.booleans(), st.booleans())
def test_amounts_printed_with_or_without_separators_come_back_exactly(value, grouped, negative):
    value = -value if negative else value
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    got = amount(GridCell(0, 0, text=text), False, None)
    assert got.amount == value and got.places == 2 and str(got.amount) == f"{value:.2f}"
