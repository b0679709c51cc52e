"""The benchmark's document generator: deterministic, identities true on clean documents, defects found where recorded."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.findings import Severity
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_path
from budgetcheck.result import INVALID, PASS
from budgetcheck.rules import load_pack
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate

ARITHMETIC = {"BUD-INC-001", "BUD-BAL-001", "BUD-EXP-001", "BUD-EXP-002", "BUD-CHG-001", "BUD-CHG-002", "BUD-OPC-001", "BUD-OPC-002",
              "BUD-3PUB-001", "BUD-3PUB-002", "BUD-3PUB-003", "BUD-3PUB-004", "BUD-PERF-001", "BUD-PERF-002", "BUD-AST-001", "BUD-AST-002"}  # fmt: skip


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


def _bytes(paths: list[Path]) -> list[bytes]:
    return [path.read_bytes() for path in paths]


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path):
    first = generate.generate(10, tmp_path / "a", seed=7, corrupt=2)
    second = generate.generate(10, tmp_path / "b", seed=7, corrupt=2)
    other = generate.generate(10, tmp_path / "c", seed=8, corrupt=2)
    assert [path.name for path in first.paths] == [f"doc-{index:06d}.json" for index in range(10)]
    assert _bytes(first.paths) == _bytes(second.paths)
    assert (tmp_path / "a" / "manifest.jsonl").read_bytes() == (tmp_path / "b" / "manifest.jsonl").read_bytes()
    assert _bytes(first.paths) != _bytes(other.paths)


def test_a_document_depends_on_its_seed_and_position_not_on_the_batch_size(tmp_path):
    small = generate.generate(3, tmp_path / "small", seed=1)
    large = generate.generate(6, tmp_path / "large", seed=1)
    assert _bytes(small.paths) == _bytes(large.paths[:3])


def _described(findings) -> list[str]:
    return [f"{finding.rule} {finding.severity.value} {finding.paths}: {finding.message()}" for finding in findings]


def test_a_clean_document_gets_no_finding_at_all_from_the_national_pack(tmp_path, registry, pack):
    batch = generate.generate(60, tmp_path, seed=11, error_share=0)
    assert len(batch.clean) == 60
    found = {document.path.name: _described(check_path(document.path, registry, pack=pack).findings) for document in batch.clean}
    assert {name: findings for name, findings in found.items() if findings} == {}
    departments = {load_document(document.path).data["metadata"]["department"]["name"] for document in batch.clean}
    assert len(departments) > 10


def test_clean_documents_differ_in_their_grade_bands_standards_and_reasons(tmp_path):
    batch = generate.generate(30, tmp_path, seed=12, error_share=0)
    documents = [load_document(path).data for path in batch.paths]
    grade_sets = {
        tuple(indicator["grades"].values())
        for data in documents
        for duty in data["performance"]["duties"]
        for activity in duty["activities"]
        for indicator in activity["indicators"]
    }
    assert len(grade_sets) >= 8
    assert len({data["three_public"]["change_reason"] for data in documents}) >= 4
    for data in documents:
        standards = [duty["standard"] for duty in data["duties"]["items"]]
        assert len(set(standards)) == len(standards)
        assert all(standard.endswith("。") for standard in standards)


def test_a_clean_document_lists_the_same_indicators_in_part_one_and_in_the_performance_table(tmp_path):
    batch = generate.generate(10, tmp_path, seed=13, error_share=0)
    for path in batch.paths:
        data = load_document(path).data
        for duty, row in zip(data["duties"]["items"], data["performance"]["duties"], strict=True):
            table = {indicator["name"] for activity in row["activities"] for indicator in activity["indicators"]}
            assert {indicator["name"] for indicator in duty["indicators"]} == table


def test_keep_sample_defects_gives_every_document_the_samples_own_warnings_and_no_error(tmp_path, registry, pack):
    batch = generate.generate(6, tmp_path, seed=11, error_share=0, keep_sample_defects=True)
    seen = set()
    for document in batch.clean:
        result = check_path(document.path, registry, pack=pack)
        rules = {finding.rule for finding in result.findings}
        assert result.status == PASS, _described(finding for finding in result.findings if finding.severity is Severity.ERROR)
        assert {"PERF-IND-005", "BUD-X-007", "TXT-SELF-001"} <= rules
        assert len(result.findings) > 40
        assert not rules & ARITHMETIC
        seen |= rules
    assert {"PERF-IND-003", "PERF-IND-006", "PERF-STD-001", "BUD-X-004", "BUD-X-006", "TXT-PUNCT-002"} <= seen


def test_the_command_line_passes_keep_sample_defects_through(tmp_path):
    assert generate.main(["2", str(tmp_path / "clean"), "--error-share", "0"]) == 0
    assert generate.main(["2", str(tmp_path / "kept"), "--error-share", "0", "--keep-sample-defects"]) == 0
    clean = (tmp_path / "clean" / "doc-000000.json").read_text(encoding="utf-8")
    kept = (tmp_path / "kept" / "doc-000000.json").read_text(encoding="utf-8")
    assert "我单位" in kept and "我单位" not in clean
    assert "%%" in kept and "%%" not in clean


def test_clean_documents_exercise_the_identities_rather_than_skip_them(tmp_path, registry, pack):
    batch = generate.generate(10, tmp_path, seed=2, error_share=0)
    skipped = set()
    for document in batch.clean:
        skipped |= {outcome.rule for outcome in check_path(document.path, registry, pack=pack).not_applicable}
    always_applicable = ARITHMETIC - {"BUD-OPC-002", "BUD-CHG-002", "BUD-3PUB-003", "BUD-AST-002"}
    assert not skipped & always_applicable


def test_amounts_are_json_numbers_written_to_the_cent(tmp_path):
    batch = generate.generate(1, tmp_path, seed=3, error_share=0)
    data = json.loads(batch.paths[0].read_text(encoding="utf-8"), parse_float=Decimal)
    income = data["overview"]["income"]
    assert isinstance(income["total"], Decimal)
    assert income["total"] == income["general_public_budget"] + income["government_fund"] + income["other"] + income["fiscal_special_account"]
    assert all(isinstance(item["amount"], Decimal) for item in data["operating_costs"]["items"])


CONSEQUENCES = {  # a second identity or pairing that the injected defect breaks as well
    "/duties/items/0/number": {"BUD-X-005"},  # a duty numbered "一" no longer pairs with the performance table's 1
    "/overview/expenditure/project/total": {"BUD-PERF-001"},  # nor matches the performance budgets
    "/assets/fixed_assets_total": {"BUD-AST-002"},  # nor the asset table's total, where there is one
    "/operating_costs/items": {"SCHEMA-REQUIRED"},  # emptied with its total (a total alone discloses the part)
}


def test_every_kind_of_injected_defect_is_reported_by_check_at_the_recorded_place_and_nothing_else(tmp_path, registry, pack):
    batch = generate.generate(60, tmp_path, seed=5, error_share=1)
    assert len(batch.defective) == 60
    assert {document.defect.kind for document in batch.defective} == set(generate.DEFECTS)
    for document in batch.defective:
        defect = document.defect
        result = check_path(document.path, registry, pack=pack)
        found = [finding for finding in result.findings if finding.rule == defect.rule]
        assert any(defect.pointer in finding.paths for finding in found), (document.path.name, defect, _described(result.findings))
        expected = {defect.rule} | CONSEQUENCES.get(defect.pointer, set())
        assert _described(finding for finding in result.findings if finding.rule not in expected) == [], (document.path.name, defect)


def test_defects_are_recorded_in_the_manifest(tmp_path):
    batch = generate.generate(12, tmp_path, seed=4, error_share=0.5, corrupt=1)
    rows = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["file"] for row in rows] == [path.name for path in batch.paths]
    assert [row.get("defect", {}).get("rule") for row in rows] == [d.defect.rule if d.defect else None for d in batch.documents]
    assert [row["status"] for row in rows].count("corrupt") == 1


def test_corrupt_files_sit_at_fixed_places_and_check_reports_each_as_invalid(tmp_path, registry, pack):
    batch = generate.generate(16, tmp_path, seed=9, corrupt=4)
    assert [document.index for document in batch.corrupt] == generate.corrupt_slots(16, 4) == [2, 6, 10, 14]
    assert {document.corruption for document in batch.corrupt} == set(generate.CORRUPTIONS)
    statuses = {document.index: check_path(document.path, registry, pack=pack).status for document in batch.documents}
    assert [index for index, status in statuses.items() if status == INVALID] == [2, 6, 10, 14]


def test_yaml_output_holds_the_same_document_as_json(tmp_path, registry, pack):
    as_json = generate.generate(3, tmp_path / "json", seed=6, error_share=0.5, corrupt=1)
    as_yaml = generate.generate(3, tmp_path / "yaml", seed=6, error_share=0.5, corrupt=1, fmt="yaml")
    for json_doc, yaml_doc in zip(as_json.documents, as_yaml.documents):
        assert yaml_doc.path.suffix == ".yaml"
        assert (json_doc.status, json_doc.defect) == (yaml_doc.status, yaml_doc.defect)
        if json_doc.status == generate.CORRUPT:
            assert check_path(yaml_doc.path, registry, pack=pack).status == INVALID
            continue
        assert load_document(json_doc.path).data == load_document(yaml_doc.path).data
