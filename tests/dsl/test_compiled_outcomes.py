"""The property the generated evaluator is allowed under: on every document it gives exactly what the reference
closures give (findings with their messages, places and values; not-applicable outcomes with their reasons;
coverage; the rules applied), on the sample, the fixtures, generated batches with their defects, the fuzzers'
documents and every example of the rules."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from hypothesis import given

import budgetcheck
from budgetcheck.ingest import IngestError, SourceDocument, load_text
from budgetcheck.pipeline import check_loaded, check_path
from budgetcheck.ruletests import _patched, load_examples
from budgetcheck.resources import rules_dir
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES, REPO, SAMPLE
from tests.fuzz.fuzzing import budget
from tests.fuzz.test_fuzz_documents import LIMITS, mutated_text, retyped

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402

REGISTRY = budgetcheck.load_registry()
CLOSURE = load_pack(REGISTRY, evaluator="closure")
COMPILED = load_pack(REGISTRY, evaluator="compiled")
UNSCREENED = load_pack(REGISTRY, evaluator="compiled", screens=False)  # the pack `check` of one file loads


def same(check, unscreened: bool = True) -> int:
    """`check(pack)` under both evaluators, and (unless told not to) the generated one without its screens: the
    results equal; how many rule × document pairs were compared."""
    reference = check(CLOSURE)
    for pack in (COMPILED, UNSCREENED) if unscreened else (COMPILED,):
        result = check(pack)
        assert result == reference
        assert [finding.message_en for finding in result.findings] == [finding.message_en for finding in reference.findings]
    return len(reference.rules)


def test_the_sample_and_every_fixture():
    files = [SAMPLE, *sorted(path for path in FIXTURES.rglob("*") if path.is_file() and path.suffix in (".yaml", ".json", ".txt", ".docx", ".pdf", ".xlsx"))]
    pairs = sum(same(lambda pack, path=path: check_path(path, REGISTRY, pack=pack)) for path in files)
    assert pairs > 1_000


def test_generated_documents_with_their_defects(tmp_path):
    generate.generate(60, tmp_path / "json", seed=15, error_share=0.5, corrupt=0)
    generate.generate(20, tmp_path / "defects", seed=16, error_share=0.5, corrupt=0, keep_sample_defects=True)
    files = sorted(path for path in tmp_path.rglob("doc-*") if path.is_file())
    assert len(files) == 80
    pairs = sum(same(lambda pack, path=path: check_path(path, REGISTRY, pack=pack)) for path in files)
    assert pairs > 5_000


def test_every_example_of_the_rules():
    cache: dict = {}
    examples = load_examples([rules_dir()])
    assert len(examples) > 250
    for number, example in enumerate(examples):
        try:
            _patched(example, cache)
        except (IngestError, KeyError, IndexError, ValueError):
            continue
        # the pack without screens on every third example: the fixtures and generated batches run it on every document
        same(lambda pack, example=example: check_loaded(_patched(example, cache), REGISTRY, pack), unscreened=number % 3 == 0)


@budget(60)
@given(mutated_text())
def test_fuzzed_text(case):
    kind, text = case

    def check(pack):
        try:
            document = load_text(text, f"fuzz.{kind}", kind, LIMITS)
        except IngestError as error:
            return error.code.id
        return check_loaded(document, REGISTRY, pack, LIMITS)

    reference, compiled = check(CLOSURE), check(COMPILED)
    assert compiled == reference


@budget(60)
@given(retyped())
def test_fuzzed_values(data):
    def check(pack):
        return check_loaded(SourceDocument("fuzz.yaml", copy.deepcopy(data), "yaml"), REGISTRY, pack, LIMITS)

    assert check(COMPILED) == check(CLOSURE)


def test_the_pack_without_screens_has_none_and_the_other_has_them():
    assert not any(rule.screen or rule.sieve or rule.inner_screen for rule in UNSCREENED.rules)
    assert sum(rule.sieve is not None for rule in COMPILED.rules) >= 20
