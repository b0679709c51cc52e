"""The checker's notes kept in the rule cache (dsl/notes.py): a run whose rule files, schemas and engine are those of an
earlier run takes them instead of checking the pack again; a stale, corrupt, truncated or forged entry is never
trusted (the file is checked again, with the same results); a file that fails to load is never kept."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

import budgetcheck
from budgetcheck.dsl import notes
from budgetcheck.dsl.check import RuleChecker
from budgetcheck.dsl.errors import RuleLoadError
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_loaded
from budgetcheck.resources import rules_dir, schemas_dir
from budgetcheck.rules import load_pack
from budgetcheck.schema.registry import SchemaRegistry
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()


@pytest.fixture
def checks(monkeypatch):
    """How many rules the static checker walked (against any schema)."""
    calls: list[str] = []
    real = RuleChecker.rule
    monkeypatch.setattr(RuleChecker, "rule", lambda self, rule: calls.append(rule.id) or real(self, rule))
    return calls


def _result(folder, registry=REGISTRY, evaluator=None):
    return check_loaded(load_document(SAMPLE), registry, load_pack(registry, [folder], evaluator=evaluator))


def _entries(tmp_path):
    return sorted((tmp_path / "cache" / "notes").glob("*.json"))


def _files(folder):
    return len(list(folder.rglob("*.rules")))


@pytest.mark.parametrize("evaluator", ["compiled", "closure"])
def test_a_second_load_takes_the_notes_and_checks_nothing_with_the_same_results(pack_dir, tmp_path, checks, evaluator):
    first = _result(pack_dir, evaluator=evaluator)
    assert checks and len(_entries(tmp_path)) == _files(pack_dir)
    checks.clear()
    again = _result(pack_dir, evaluator=evaluator)
    assert checks == []
    assert again == first


def test_the_compiled_pack_from_kept_notes_agrees_with_the_closures_checked_afresh(pack_dir, tmp_path, monkeypatch):
    _result(pack_dir)
    compiled = _result(pack_dir, evaluator="compiled")  # notes from the cache, closures built on demand
    monkeypatch.setenv("BUDGETCHECK_NO_CACHE", "1")
    closures = _result(pack_dir, evaluator="closure")  # checked afresh
    assert compiled.findings == closures.findings and compiled.not_applicable == closures.not_applicable


def _rewrite(payload: str, edit) -> str:
    data = json.loads(payload)
    edit(data)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return json.dumps({"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "payload": text}, ensure_ascii=False)


def _first_rule_with(data, key):
    return next(rule for rule in data["rules"] if rule[key])


def _set_scope(data, at):
    _first_rule_with(data, "scopes")["scopes"][0][0] = at


TAMPERINGS = {
    "changed bytes": lambda text: text.replace('\\"var\\"', '\\"root\\"', 1),  # the digest no longer matches
    "truncated": lambda text: text[: len(text) // 2],
    "not JSON": lambda text: "\x00 not json",
    "a node of another type at a noted place": lambda text: _rewrite(json.loads(text)["payload"], lambda data: _set_scope(data, 0)),
    "a place outside the rule": lambda text: _rewrite(json.loads(text)["payload"], lambda data: _set_scope(data, 10**6)),
    "a negative place": lambda text: _rewrite(json.loads(text)["payload"], lambda data: _set_scope(data, -1)),
    "a scope that does not exist": lambda text: _rewrite(json.loads(text)["payload"], lambda data: _first_rule_with(data, "scopes")["scopes"][0].__setitem__(1, "global")),
    "another schema": lambda text: _rewrite(json.loads(text)["payload"], lambda data: data.__setitem__("schemas", ["https://example.org/other.json"])),
    "a rule fewer": lambda text: _rewrite(json.loads(text)["payload"], lambda data: data["rules"].pop()),
    "another format": lambda text: _rewrite(json.loads(text)["payload"], lambda data: data.__setitem__("format", "budgetcheck notes 0")),
}


@pytest.mark.parametrize("tamper", list(TAMPERINGS), ids=list(TAMPERINGS))
def test_a_tampered_entry_is_not_trusted_the_file_is_checked_again_with_the_same_results(pack_dir, tmp_path, checks, tamper):
    first = _result(pack_dir)
    entries = _entries(tmp_path)
    target = next(path for path in entries if '"var"' in json.loads(path.read_text(encoding="utf-8"))["payload"])  # a file with a variable noted
    text = target.read_text(encoding="utf-8")
    target.write_text(TAMPERINGS[tamper](text), encoding="utf-8")
    assert target.read_text(encoding="utf-8") != text
    checks.clear()
    assert _result(pack_dir) == first
    assert checks  # that file was checked again
    kept = json.loads(target.read_text(encoding="utf-8"))  # and its entry written again, sound
    assert hashlib.sha256(kept["payload"].encode("utf-8")).hexdigest() == kept["sha256"]
    checks.clear()
    assert _result(pack_dir) == first and checks == []


def test_the_entry_of_another_rule_file_under_this_name_is_not_trusted(pack_dir, tmp_path, checks):
    first = _result(pack_dir)
    entries = _entries(tmp_path)
    for path in entries:  # every entry swapped with the next one's: each is a sound entry of another file
        path.with_suffix(".keep").write_bytes(path.read_bytes())
    for path, other in zip(entries, entries[1:] + entries[:1], strict=True):
        path.write_bytes(other.with_suffix(".keep").read_bytes())
    checks.clear()
    assert _result(pack_dir) == first
    assert checks


def test_an_edited_rule_file_or_another_engine_misses_its_entry(pack_dir, tmp_path, monkeypatch):
    path = pack_dir / "national" / "arithmetic.rules"
    source = path.read_text(encoding="utf-8")
    first = notes.entry(str(path), source, REGISTRY)
    assert notes.entry(str(path), source + "\n", REGISTRY) != first
    assert notes.entry(str(path) + "x", source, REGISTRY) != first
    monkeypatch.setattr(notes, "_KEY", "another engine")
    assert notes.entry(str(path), source, REGISTRY) != first


def test_a_changed_schema_is_checked_again_and_a_rule_it_breaks_fails_the_pack(pack_dir, tmp_path, checks):
    """Same folder, same file names: only the schema's text changed. The notes of the old schema are not used,
    and the rules that read the field the change removed fail the whole pack, as they would without a cache."""
    schemas = tmp_path / "schemas"
    shutil.copytree(schemas_dir(), schemas)
    before = SchemaRegistry([schemas])
    first = _result(pack_dir, before)
    checks.clear()
    assert _result(pack_dir, SchemaRegistry([schemas])) == first and checks == []  # same text: the notes serve
    changed = [path for path in schemas.rglob("*.json") if '"fiscal_special_account"' in path.read_text(encoding="utf-8")]
    assert changed
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8").replace('"fiscal_special_account"', '"fiscal_special_acct"'), encoding="utf-8")
    after = SchemaRegistry([schemas])
    assert after.digest != before.digest
    with pytest.raises(RuleLoadError, match="fiscal_special_account"):
        load_pack(after, [pack_dir])
    with pytest.raises(RuleLoadError, match="fiscal_special_account"):  # and again: nothing of the failed load was kept
        load_pack(after, [pack_dir])


def test_a_rule_file_that_fails_to_load_is_never_kept(pack_dir, tmp_path):
    broken = pack_dir / "national" / "zz-broken.rules"
    broken.write_text('schema "department-disclosure/2016"\n\nrule ZZ-001 {\n  title "x"\n  severity error\n  citation "x"\n  message "x"\n  assert overview.no_such_field == 1\n}\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleLoadError):
            load_pack(REGISTRY, [pack_dir])
    source = broken.read_text(encoding="utf-8")
    assert not notes.entry(str(broken), source, REGISTRY).exists()


def test_a_restored_prepared_note_is_made_only_for_the_schema_asked_and_reads_like_a_dict():
    from budgetcheck.dsl.annotations import Prepared, prepared_for

    made: list[str] = []
    notes = Prepared({"a": lambda: made.append("a") or "note a", "b": lambda: made.append("b") or "note b"})
    assert prepared_for(notes, "b") == "note b" and made == ["b"]
    assert prepared_for(notes, "b") == "note b" and made == ["b"]  # made once
    assert prepared_for(notes, None) == "note a" and made == ["b", "a"]  # no schema: the first schema's
    assert "a" in notes and "c" not in notes and len(notes) == 2
    assert notes.get("c", "x") == "x" and list(notes.values()) == ["note a", "note b"] and dict(notes) == {"a": "note a", "b": "note b"}
    assert prepared_for({}, "a") is None


def test_the_nodes_the_ast_cache_decodes_are_in_the_order_of_the_notes_walk_for_every_rule_of_the_pack(tmp_path, monkeypatch):
    """notes.decode takes each rule's nodes from cache.parsed instead of walking the rule again: the same nodes, the
    same order, rule by rule, for every file of the national pack read back from the cache."""
    from budgetcheck.dsl import cache  # noqa: PLC0415
    from budgetcheck.rules import _build, rule_files  # noqa: PLC0415

    monkeypatch.setenv("BUDGETCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BUDGETCHECK_NO_CACHE", raising=False)
    files = rule_files([rules_dir()])
    for path in files:
        file, source = str(path), path.read_text(encoding="utf-8")
        built: list = []
        cache.parsed(file, source, lambda file=file, source=source: _build(file, source), built)
        assert built == []  # built, not read back: the notes walk the rules themselves
        walks: list = []
        tree = cache.parsed(file, source, lambda: pytest.fail("read back from the cache"), walks)
        assert len(walks) == len(tree.rules)
        for rule, nodes in zip(tree.rules, walks, strict=True):
            walked = notes.walk(rule)
            assert len(nodes) == len(walked) and all(a is b for a, b in zip(nodes, walked, strict=True))
