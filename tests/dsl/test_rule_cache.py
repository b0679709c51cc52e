"""The on-disk cache of parsed rule files: used when sound, rebuilt when stale, corrupt, truncated or foreign,
and the results the same either way."""

from __future__ import annotations

import json
import shutil

import pytest

import budgetcheck
from budgetcheck.dsl import cache
from budgetcheck.dsl.build import build_file
from budgetcheck.dsl.parser import parse
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_loaded
from budgetcheck.resources import rules_dir
from budgetcheck.rules import load_pack
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()


@pytest.fixture
def pack_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BUDGETCHECK_NO_CACHE", raising=False)
    folder = tmp_path / "pack"
    shutil.copytree(rules_dir(), folder)
    return folder


def _result(folder):
    return check_loaded(load_document(SAMPLE), REGISTRY, load_pack(REGISTRY, [folder]))


def _entries(tmp_path):
    return sorted((tmp_path / "cache" / "ast").glob("*.json"))


def test_the_cached_ast_equals_the_parsed_one_spans_included():
    path = next(rules_dir().rglob("*.rules"))
    source = path.read_text(encoding="utf-8")
    tree = build_file(parse(source, str(path)), str(path), source)
    again = cache.decode(json.loads(json.dumps(cache.encode(tree))))
    assert again == tree
    assert [rule.span for rule in again.rules] == [rule.span for rule in tree.rules]
    assert repr(again) == repr(tree)  # every field, spans and Decimals' exponents too


def test_a_corrupt_truncated_or_forged_entry_is_rebuilt_with_the_same_results(pack_dir, tmp_path):
    first = _result(pack_dir)
    entries = _entries(tmp_path)
    assert len(entries) == len(list(pack_dir.rglob("*.rules")))
    assert _result(pack_dir) == first  # from the cache
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # truncated
    stored = json.loads(entries[1].read_text(encoding="utf-8"))
    stored["payload"] = stored["payload"].replace('"error"', '"warning"')  # changed without its digest
    entries[1].write_text(json.dumps(stored), encoding="utf-8")
    forged = json.dumps({"$": "Popen", "args": "x"})  # a class that is not the AST's, digest matching
    entries[2].write_text(json.dumps({"sha256": __import__("hashlib").sha256(forged.encode()).hexdigest(), "payload": forged}), encoding="utf-8")
    entries[3].write_bytes(b"\xff\xfe not json")
    assert _result(pack_dir) == first
    for path in entries[:4]:  # written again, sound
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert cache._read(path) is not None and stored["payload"].startswith('{"$":"RuleFile"')


def test_a_changed_rule_file_misses_the_cache(pack_dir, tmp_path):
    _result(pack_dir)
    before = set(_entries(tmp_path))
    arithmetic = pack_dir / "national" / "arithmetic.rules"
    arithmetic.write_text(arithmetic.read_text(encoding="utf-8").replace("severity error", "severity warning", 1), encoding="utf-8")
    changed = _result(pack_dir)
    assert len(set(_entries(tmp_path)) - before) == 1
    assert changed == check_loaded(load_document(SAMPLE), REGISTRY, load_pack(REGISTRY, [pack_dir]))


def test_the_cache_can_be_turned_off(pack_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETCHECK_NO_CACHE", "1")
    _result(pack_dir)
    assert not (tmp_path / "cache").exists()


def test_the_cache_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("BUDGETCHECK_CACHE_DIR", raising=False)
    monkeypatch.delenv("BUDGETCHECK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "budgetcheck"
