"""What a worker process sends the parent (batch.to_wire / from_wire): smaller, and every report the same.

Each format reads only `report.NEEDS[format]` of a result's optional parts; a result sent without the
others must render byte for byte as the whole one, and the not-applicable outcomes must come back equal.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import budgetcheck
from budgetcheck.batch import OPTIONAL_PARTS, DocumentChecker, from_wire, to_wire
from budgetcheck.findings import NotApplicable
from budgetcheck.report import FORMATS, NEEDS
from budgetcheck.result import Report, ReportMeta
from tests.cli.running import invoke_cli
from tests.conftest import FIXTURES, MINIMAL, SAMPLE


@pytest.fixture(scope="module")
def checked() -> tuple[list, ReportMeta]:
    registry = budgetcheck.load_registry()
    pack = budgetcheck.load_pack(registry)
    checker = DocumentChecker(registry, pack)
    files, problems = budgetcheck.batch.expand_inputs([FIXTURES])
    return problems + [checker.check(path) for path in files], ReportMeta(pack.info)


def test_every_format_names_only_optional_parts():
    assert set(NEEDS) == set(FORMATS)
    assert all(needs <= OPTIONAL_PARTS for needs in NEEDS.values())


def test_a_result_sent_whole_comes_back_equal(checked):
    results, _ = checked
    assert any(result.not_applicable for result in results)
    for result in results:
        assert from_wire(pickle.loads(pickle.dumps(to_wire(result, None)))) == result


def test_outcomes_with_other_reasons_are_sent_whole(checked):
    results, _ = checked
    outcomes = [outcome for result in results for outcome in result.not_applicable]
    kinds = {type(compact) for compact in map(budgetcheck.batch._compact, outcomes)}
    assert tuple in kinds and len(kinds) == 2  # some "missing input" (compacted) and some others (sent whole)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_renders_a_slim_result_byte_for_byte_as_the_whole_one(checked, name):
    results, meta = checked
    slim = [from_wire(pickle.loads(pickle.dumps(to_wire(result, NEEDS[name])))) for result in results]
    for lang in ("zh", "en"):
        for quiet, diagnostics in ((False, False), (False, True), (True, False)):
            options = {"quiet": quiet, "diagnostics": diagnostics, "verbose": True}
            assert budgetcheck.render(Report(slim, meta), name, lang, **options) == budgetcheck.render(Report(results, meta), name, lang, **options)


def test_the_slim_result_of_a_document_with_few_findings_is_much_smaller(checked):
    results, _ = checked  # most of a batch's documents have few findings: there the rest of a result weighed most
    quiet = min((result for result in results if result.status != "invalid"), key=lambda result: len(result.findings))
    whole, slim = len(pickle.dumps(quiet)), len(pickle.dumps(to_wire(quiet, NEEDS["json"])))
    assert slim < whole * 0.6, (quiet.source, whole, slim)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_is_byte_identical_with_one_or_two_workers(tmp_path, name):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "a.yaml")
    shutil.copy(MINIMAL, folder / "sub" / "b.yaml")
    shutil.copy(FIXTURES / "xiguan-2019.txt", folder / "c.txt")
    (folder / "d.json").write_text('{"metadata": ', encoding="utf-8")
    one, two = tmp_path / f"one.{name}", tmp_path / f"two.{name}"
    for jobs, out in (("1", one), ("2", two)):
        result = invoke_cli("check", folder, "--format", name, "--jobs", jobs, "--output", out)
        assert result.exit_code == 2, result.output
    assert one.read_bytes() == two.read_bytes()
    assert Path(one).stat().st_size > 0


class _Outcome(NotApplicable):
    pass


@pytest.mark.parametrize(
    "outcome",
    [
        NotApplicable("R", "缺少数据：/a/b", "missing input: /a/b", ("/a/b",)),
        NotApplicable("R", "缺少数据：/a/b", "missing input: /a/b", ("/a/b",), unread=True),
        NotApplicable("R", "缺少数据：", "missing input: ", ("",)),
        NotApplicable("R", "缺少数据：/a/b", "missing input: /a/b", ["/a/b"]),  # type: ignore[arg-type]
        NotApplicable("R", "缺少数据：/a/b", "missing input: /a", ("/a/b",)),
        NotApplicable("R", "缺少数据：/a", "missing input: /a/b", ("/a/b",)),
        NotApplicable("R", "缺少数据：/a/b", "missing input: /a/b", ("/a/b", "/c")),
        NotApplicable("R", "缺少数据：/a/b", "missing input: /a/b"),
        _Outcome("R", "缺少数据：/a/b", "missing input: /a/b", ("/a/b",)),
    ],
)
def test_an_outcome_is_compacted_exactly_when_the_parent_rebuilds_it_equal(outcome):
    rebuilt_equal = len(outcome.paths) == 1 and budgetcheck.batch._missing(outcome.rule, outcome.paths[0], outcome.unread) == outcome
    compact = budgetcheck.batch._compact(outcome)
    assert isinstance(compact, tuple) == rebuilt_equal
    if isinstance(compact, tuple):
        assert budgetcheck.batch._missing(*compact) == outcome


def test_results_restored_with_the_outcomes_known_so_far_are_equal_and_share_them(checked):
    results, _ = checked
    known: dict = {}
    twice = [from_wire(pickle.loads(pickle.dumps(to_wire(result, None))), known) for result in [*results, *results]]
    assert twice == [*results, *results]
    assert known and all(isinstance(outcome, NotApplicable) for outcome in known.values())
    first, again = twice[: len(results)], twice[len(results) :]
    for one, other in zip(first, again, strict=True):
        shared = [a is b for a, b in zip(one.not_applicable, other.not_applicable, strict=True) if type(budgetcheck.batch._compact(a)) is tuple]
        assert all(shared)


def test_outcomes_compacted_once_by_their_id_are_sent_as_compacted_afresh(checked, monkeypatch):
    results, _ = checked
    compacted: dict = {}
    for result in [*results, *results]:
        assert pickle.dumps(to_wire(result, None, compacted)) == pickle.dumps(to_wire(result, None))
    assert compacted and all(id(outcome) == key for key, (outcome, _) in compacted.items())
    monkeypatch.setattr(budgetcheck.batch, "MAX_COMPACTED", 1)  # full: the outcomes not kept are compacted each time
    full: dict = {}
    for result in results:
        assert pickle.dumps(to_wire(result, NEEDS["json"], full)) == pickle.dumps(to_wire(result, NEEDS["json"]))
    assert len(full) == 1


def test_the_documents_of_a_folder_are_sorted_as_their_paths_compare(tmp_path):
    names = ["b.json", "a-b/x.yaml", "a/x.yaml", "a.b/y.json", "B.json", "a/a b.json", "é.json", "a/.z.yaml", "_.json", "a0/x.json"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    found, problems = budgetcheck.batch._documents_in(tmp_path)
    assert not problems
    assert found == sorted(tmp_path / name for name in names)
    assert found != sorted(found, key=str)  # the order of the parts, not of the text ('a-b/x' sorts after 'a/x')
