"""The on-disk cache of parsed rule files: used when sound, rebuilt when stale, corrupt, truncated or foreign,
and the results the same either way."""

from __future__ import annotations

import marshal
import shutil

import pytest

import budgetcheck
from budgetcheck.dsl import ast, cache
from budgetcheck.dsl.build import build_file
from budgetcheck.dsl.parser import parse
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_loaded
from budgetcheck.resources import rules_dir
from budgetcheck.rules import load_pack
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()


def _result(folder):
    return check_loaded(load_document(SAMPLE), REGISTRY, load_pack(REGISTRY, [folder]))


def _entries(tmp_path):
    return sorted((tmp_path / "cache" / "ast").glob("*.bin"))


def test_the_cached_ast_equals_the_parsed_one_spans_included():
    path = next(rules_dir().rglob("*.rules"))
    source = path.read_text(encoding="utf-8")
    tree = build_file(parse(source, str(path)), str(path), source)
    again = cache.decode(marshal.loads(marshal.dumps(cache.encode(tree))))
    assert again == tree
    assert [rule.span for rule in again.rules] == [rule.span for rule in tree.rules]
    assert repr(again) == repr(tree)  # every field, spans and Decimals' exponents too


def test_a_corrupt_truncated_or_forged_entry_is_rebuilt_with_the_same_results(pack_dir, tmp_path):
    first = _result(pack_dir)
    entries = _entries(tmp_path)
    assert len(entries) == len(list(pack_dir.rglob("*.rules")))
    assert _result(pack_dir) == first  # from the cache
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # truncated
    data = entries[1].read_bytes()
    assert b"error" in data
    entries[1].write_bytes(data.replace(b"error", b"warni", 1))  # changed without its digest
    entries[2].write_bytes(_sound(marshal.dumps((999, "x"))))  # a class that is not the AST's, digest matching
    entries[3].write_bytes(b"\xff\xfe not marshal")
    entries[4].write_bytes(_sound(marshal.dumps(compile("x = 1", "x", "exec"))))  # code, digest matching
    entries[5].write_bytes(_sound(marshal.dumps(0.5)))  # a float, digest matching
    assert _result(pack_dir) == first
    for path in entries[:6]:  # written again, sound
        assert isinstance(cache._read(path), ast.RuleFile)


def _sound(payload: bytes) -> bytes:
    """An AST entry around `payload` whose digest matches: only decoding can refuse it."""
    return cache.AST_FORMAT + cache._sha(payload) + payload


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


# -- the code object of the generated module ------------------------------------------------------------------
def _code_entries(tmp_path):
    return sorted((tmp_path / "cache" / "code").glob("*.bin"))


@pytest.fixture
def compiles(monkeypatch):
    """How many times the generated source was compiled (not taken from the cache)."""
    from budgetcheck.dsl import codegen

    calls: list[str] = []
    real = codegen._compile_source
    monkeypatch.setattr(codegen, "_compile_source", lambda source: calls.append(source) or real(source))
    return calls


def test_the_code_of_the_generated_module_is_kept_and_used_when_sound(pack_dir, tmp_path, compiles):
    first = _result(pack_dir)
    assert len(compiles) == 1 and len(_code_entries(tmp_path)) == 2  # the pack's module and its screens' (dsl/screensource.py)
    assert _result(pack_dir) == first
    assert len(compiles) == 1  # the second load ran the kept code object
    closures = check_loaded(load_document(SAMPLE), REGISTRY, load_pack(REGISTRY, [pack_dir], evaluator="closure"))
    assert first.findings == closures.findings and first.not_applicable == closures.not_applicable


def _forged(source: str, edit) -> bytes:
    """An entry whose digests all match, holding the code of an edited source: only sound() can refuse it."""
    import marshal

    from budgetcheck.dsl.codegen import FILENAME

    payload = marshal.dumps(compile(edit(source), FILENAME, "exec"))
    return cache.CODE_FORMAT + cache._sha(source.encode()) + cache._sha(payload) + payload


def _last_function_dropped(source: str) -> str:
    return source.rsplit("\ndef ", 1)[0] + "\n"


TAMPERINGS = {
    "changed bytes": lambda data, source: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:],
    "truncated": lambda data, source: data[: len(data) // 2],
    "another format": lambda data, source: b"budgetcheck code 0\n" + data[len(cache.CODE_FORMAT) :],
    "the entry of another source (wrong key)": lambda data, source: cache.CODE_FORMAT + cache._sha(b"def r0_0(env):\n    return K[0]\n") + data[len(cache.CODE_FORMAT) + 64 :],
    "not marshal, digests matching": lambda data, source: cache.CODE_FORMAT + cache._sha(source.encode()) + cache._sha(b"\xff\x00junk") + b"\xff\x00junk",
    "not a code object, digests matching": lambda data, source: cache.CODE_FORMAT + cache._sha(source.encode()) + cache._sha(b"N") + b"N",
    "code with a foreign name": lambda data, source: _forged(source, lambda text: text.replace("    return ", "    return open or ", 1)),
    "code with a literal": lambda data, source: _forged(source, lambda text: text.replace("K[0]", "K[0] if 'x' else K[0]", 1)),
    "code reading another table entry": lambda data, source: _forged(source, lambda text: text.replace("K[0]", "K[99999]", 1)),
    "code calling another helper": lambda data, source: _forged(source, lambda text: text.replace("C_eq(", "C_ne(", 1)),
    "code missing a function": lambda data, source: _forged(source, _last_function_dropped),
    "code with an extra argument": lambda data, source: _forged(source, lambda text: text.replace("(env):", "(env, K=K):", 1)),
}


@pytest.mark.parametrize("tamper", list(TAMPERINGS), ids=list(TAMPERINGS))
def test_a_tampered_code_entry_is_compiled_again_with_the_same_results(pack_dir, tmp_path, compiles, tamper):
    from budgetcheck.dsl import codegen

    first = _result(pack_dir)
    source = load_pack(REGISTRY, [pack_dir]).source
    entry = cache.code_entry(source)  # the module's (the screens' is the other)
    assert entry in _code_entries(tmp_path)
    compiles.clear()
    entry.write_bytes(TAMPERINGS[tamper](entry.read_bytes(), source))
    shutil.rmtree(tmp_path / "cache" / "module")  # else the warm start's entry (dsl/warm.py) is taken before the code entry
    assert _result(pack_dir) == first
    assert len(compiles) == 1  # refused, compiled again from the audited source
    kept = cache._read_code(entry, source)
    assert kept is not None and codegen.sound(kept, source)  # and written again, sound


def test_the_code_entry_depends_on_the_source_and_pythons_bytecode_version(monkeypatch, tmp_path):
    monkeypatch.setenv("BUDGETCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BUDGETCHECK_NO_CACHE", raising=False)
    source = "def r0_0(env):\n    return K[0]\n"
    first = cache.code_entry(source)
    assert cache.code_entry(source + "\n") != first
    monkeypatch.setattr(cache, "MAGIC_NUMBER", b"\x00\x00\r\n")
    assert cache.code_entry(source) != first


def test_the_cache_folder_keeps_the_entries_used_last_and_drops_the_rest(pack_dir, tmp_path, monkeypatch):
    """Each write keeps the KEEP_AST / KEEP_CODE / warm.KEEP entries used last (an entry used is touched) and removes the others
    and temporary files a killed run left; an entry of the pack just loaded is never the one removed."""
    import os
    import time

    from budgetcheck.dsl import warm

    monkeypatch.setattr(cache, "KEEP_AST", 20)
    monkeypatch.setattr(cache, "KEEP_CODE", 2)
    monkeypatch.setattr(warm, "KEEP", 2)
    old = time.time() - 7200
    for folder, suffix in (("ast", ".bin"), ("code", ".bin"), ("module", ".bin")):
        (tmp_path / "cache" / folder).mkdir(parents=True)
        for number in range(30):
            path = tmp_path / "cache" / folder / f"{number:064x}{suffix}"
            path.write_bytes(b"old")
            os.utime(path, (old + number, old + number))
        stale = tmp_path / "cache" / folder / f".tmp-left{suffix}"
        stale.write_bytes(b"")
        os.utime(stale, (old, old))
    load_pack(REGISTRY, [pack_dir])  # misses: writes the pack's entries, then prunes
    ast_files = sorted(path.name for path in (tmp_path / "cache" / "ast").iterdir())
    code_files = sorted(path.name for path in (tmp_path / "cache" / "code").iterdir())
    assert len(ast_files) == 20 and len(code_files) == 2
    assert not any(name.startswith(".tmp-") for name in ast_files + code_files)
    fresh = [path.name for path in _entries(tmp_path) if path.read_bytes() != b"old"]
    assert len(fresh) >= len(list(pack_dir.rglob("*.rules")))  # every rule file's entry is among those kept
    assert sum((tmp_path / "cache" / "code" / name).read_bytes() != b"old" for name in code_files) == 2  # the module's and the screens'
    module_files = sorted(path.name for path in (tmp_path / "cache" / "module").iterdir())
    assert len(module_files) == 2 and sum((tmp_path / "cache" / "module" / name).read_bytes() != b"old" for name in module_files) == 1  # the pack's kept module'
    assert _result(pack_dir).findings  # and the kept entries serve the next load


EDITS = {
    "a field too many": lambda rule: (*rule, None),
    "a field too few": lambda rule: rule[:-1],
    "a class number out of range": lambda rule: (len(cache._NAMES), *rule[1:]),
    "a negative class number": lambda rule: (-1, *rule[1:]),
    "a tuple for a list": lambda rule: tuple(tuple(item) if isinstance(item, list) else item for item in rule),
    "a float": lambda rule: (rule[0], 0.5, *rule[2:]),
    "a dict": lambda rule: (rule[0], {"$": "Rule"}, *rule[2:]),
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_a_decoded_node_must_carry_exactly_its_fields_and_plain_values(edit):
    """Nodes are made without their __init__ (cache.decode): what __init__ would refuse is refused before, and
    nothing but the AST's classes, tuples, text, integers, booleans, None and decimals comes back."""
    path = next(rules_dir().rglob("*.rules"))
    source = path.read_text(encoding="utf-8")
    data = cache.encode(build_file(parse(source, str(path)), str(path), source))
    assert isinstance(cache.decode(data), ast.RuleFile)
    rules = data[cache._LAYOUT[data[0]][1].index("rules") + 1]
    rules[0] = EDITS[edit](rules[0])
    with pytest.raises((KeyError, TypeError, IndexError)):
        cache.decode(marshal.loads(marshal.dumps(data)))
