"""The faithful Xiguan 2019 sample: every number is held, and the national pack finds exactly its defects."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import jsonschema
import pytest

from budgetcheck.ingest import SourceDocument, load_document
from budgetcheck.pipeline import check_loaded, check_path
from budgetcheck.rules import load_pack
from budgetcheck.ruletests import load_examples
from budgetcheck.schema.amounts import iter_amounts
from budgetcheck.schema.navigation import SchemaNode
from tests.cli.running import run_json
from tests.conftest import FIXTURES, GOLDEN, REPO, SAMPLE

NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
# Numbers of the text that are labels, not facts: the row label "单价在20万元以上设备" is the key equipment_over_200k.
EXCLUDED = {"20"}


def _numbers_in(value: object, out: set[Decimal]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            _numbers_in(item, out)
    elif isinstance(value, list):
        for item in value:
            _numbers_in(item, out)
    elif isinstance(value, str):
        out.update(Decimal(token) for token in NUMBER.findall(value))
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        out.add(abs(Decimal(value)))  # a decrease (减少 50.30) is held as the signed change -50.30


def test_every_number_in_the_sample_text_appears_in_the_fixture():
    text = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
    held: set[Decimal] = set()
    _numbers_in(load_document(SAMPLE).data, held)
    missing = sorted({token for token in NUMBER.findall(text) if token not in EXCLUDED and Decimal(token) not in held})
    assert missing == []


def test_every_amount_in_wanyuan_in_the_text_is_a_structured_amount(registry):
    text = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
    document = load_document(SAMPLE)
    entry = registry.for_document(document.data)
    amounts = {abs(site.money.amount) for site in iter_amounts(document.data, SchemaNode.root(registry, entry.id))}
    stated = {Decimal(token) for token in re.findall(r"([0-9]+(?:\.[0-9]+)?) ?万元", text) if token not in EXCLUDED}
    assert stated - amounts == set()


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


EXPECTED = json.loads((GOLDEN / "xiguan-2019-findings.json").read_text(encoding="utf-8"))


def test_the_national_pack_finds_exactly_the_known_defects_of_the_sample(registry, pack):
    result = check_path(SAMPLE, registry, pack=pack)
    found = sorted([finding.rule, finding.severity.value, pointer] for finding in result.findings for pointer in finding.paths)
    assert found == sorted(EXPECTED)
    assert not any(f.rule.startswith(("BUD-INC", "BUD-BAL", "BUD-EXP", "BUD-CHG", "BUD-OPC", "BUD-3PUB", "BUD-PERF", "BUD-AST")) for f in result.findings)


def test_findings_show_the_values_and_the_difference(registry, pack):
    document = load_document(SAMPLE)
    document.data["overview"]["expenditure"]["total"] = "329.40"
    result = check_loaded(document, registry, pack)
    messages = [f.message_zh for f in result.findings if f.rule == "BUD-EXP-001"]
    assert messages == ["基本支出 141.78 + 项目支出 187.59 = 329.37，与支出合计 329.40 不符（差 0.03 万元）"]


def test_a_yuan_document_is_told_its_difference_in_yuan(registry, pack):
    document = load_document(SAMPLE)
    document.data["metadata"]["unit"] = "元"
    expenditure = document.data["overview"]["expenditure"]
    expenditure["basic"]["total"], expenditure["project"]["total"], expenditure["total"] = "1417800.00", "1875900.00", "3293700.34"
    messages = [f.message_zh for f in check_loaded(document, registry, pack).findings if f.rule == "BUD-EXP-001"]
    assert messages == ["基本支出 1417800.00 + 项目支出 1875900.00 = 3293700.00，与支出合计 3293700.34 不符（差 0.34 元）"]


def _identity_amounts(registry) -> list[str]:
    document = load_document(SAMPLE)
    entry = registry.for_document(document.data)
    sites = [site.pointer for site in iter_amounts(document.data, SchemaNode.root(registry, entry.id))]
    # 60.95 named as a main project is a figure quoted in the text, not an addend of any identity.
    return [pointer for pointer in sites if not pointer.startswith("/overview/expenditure/project/main_projects")]


def test_changing_any_amount_in_an_identity_beyond_its_rounding_makes_an_error_at_that_amount(registry, pack):
    base = load_document(SAMPLE)
    for pointer in _identity_amounts(registry):
        document = load_document(SAMPLE)
        parts = pointer.strip("/").split("/")
        parent = document.data
        for token in parts[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent[token]
        key = int(parts[-1]) if isinstance(parent, list) else parts[-1]
        parent[key] = str(Decimal(parent[key]) + Decimal("1.00"))  # beyond the rounding of any identity's figures
        result = check_loaded(SourceDocument(base.source, document.data, "yaml", base.positions), registry, pack)
        errors = [f for f in result.findings if f.severity.value == "error" and pointer in f.paths]
        assert errors, f"changing {pointer} went unnoticed"


def test_the_json_report_on_the_sample_follows_the_contract():
    code, report = run_json("check", SAMPLE)
    assert code == 1
    schema = json.loads((REPO / "schemas/report/1/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)


def test_a_decimal_number_in_an_examples_file_patches_in_an_exact_decimal(tmp_path):
    examples = tmp_path / "x.examples.yaml"
    examples.write_text(f"- rule: BUD-EXP-001\n  base: {SAMPLE}\n  set: {{/overview/expenditure/total: 329.380}}\n  expect: []\n", encoding="utf-8")
    (example,) = load_examples([examples])
    assert example.set_values == {"/overview/expenditure/total": Decimal("329.380")}
