"""The pack's generated module kept in the rule cache (dsl/warm.py): a warm start takes it instead of writing the module
again, and decides exactly what a written one decides; an entry that is corrupt, foreign or does not fit the pack is
ignored and written again; a module the audit refuses is never kept."""

from __future__ import annotations

import hashlib
import marshal

import pytest

import budgetcheck
from budgetcheck.dsl import codegen, warm
from budgetcheck.dsl.errors import RuleFaultError
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()


def _entries(cache_dir):
    return sorted((cache_dir / "module").glob("*.bin"))


def _outcome(pack):
    """The sample's result (findings, values, not-applicable reasons and all)."""
    return check_loaded(load_document(SAMPLE), REGISTRY, pack)


def _no_writing(monkeypatch):
    """Make writing the pack's module fail the test: a warm start must not write one."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the module was written again")

    monkeypatch.setattr(codegen, "_Writer", refuse)


@pytest.mark.parametrize("screens", [False, True])
def test_a_warm_start_takes_the_kept_module_and_decides_as_the_written_one(pack_dir, fresh_cache, monkeypatch, screens):
    cold = load_pack(REGISTRY, [pack_dir], screens=screens)
    [entry] = _entries(fresh_cache)
    with monkeypatch.context() as patched:
        _no_writing(patched)
        audited = []
        patched.setattr(codegen, "audit", lambda source: audited.append(source))
        again = load_pack(REGISTRY, [pack_dir], screens=screens)
    assert audited == []  # the kept module is not audited again (the screens' module has an audit of its own)
    assert again.source == cold.source and _entries(fresh_cache) == [entry]
    assert _outcome(again) == _outcome(cold) == _outcome(load_pack(REGISTRY, [pack_dir], evaluator="closure"))


def test_a_warm_pack_for_one_file_builds_its_closures_as_it_calls_them(pack_dir, fresh_cache):
    load_pack(REGISTRY, [pack_dir], screens=False)
    pack = load_pack(REGISTRY, [pack_dir], screens=False)
    table = next(function.__globals__["F"] for rule in pack.rules for function in (rule.assertion,) if hasattr(function, "__globals__"))
    assert isinstance(table, codegen.Lazy) and len(table) == 0 and len(table.recipes) > 1_000
    _outcome(pack)
    assert 0 < len(table) < len(table.recipes) / 2


def _rewrite(path, change):
    """The entry at `path` with its payload changed by `change` and its digest made to match again."""
    data = path.read_bytes()
    source, code, constants, closures = marshal.loads(data[len(warm.FORMAT) + 64 :])
    payload = marshal.dumps(change(source, code, constants, closures))
    path.write_bytes(warm.FORMAT + hashlib.sha256(payload).hexdigest().encode("ascii") + payload)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(path.read_bytes()[:1000]),  # truncated
        lambda path: path.write_bytes(path.read_bytes().replace(b"r1_0", b"r1_1", 1)),  # changed without its digest
        lambda path: _rewrite(path, lambda s, c, k, f: (s, c, k, [(0, "no such kind", 0), *f[1:]])),
        lambda path: _rewrite(path, lambda s, c, k, f: (s, c, k, [(10**6, f[0][1], 0), *f[1:]])),  # no such rule
        lambda path: _rewrite(path, lambda s, c, k, f: (s, c, k, [(f[0][0], f[0][1], 10**6), *f[1:]])),  # no such node
        lambda path: _rewrite(path, lambda s, c, k, f: (s, c, k, [(f[0][0], f[0][1], 0), *f[1:]])),  # the rule itself, not an expression
        lambda path: _rewrite(path, lambda s, c, k, f: (s, compile("x = 1", "x", "exec"), k, f)),  # code of another shape: the source is audited and compiled
        lambda path: _rewrite(path, lambda s, c, k, f: (s, c, [*k, 0.5], f)),  # a float among the constants
        lambda path: _rewrite(path, lambda s, c, k, f: (s + "\ndef r999999_0(env):\n    return open\n", c, k, f)),  # a source the audit refuses
    ],
)
def test_a_spoilt_entry_is_written_again_and_the_pack_decides_the_same(pack_dir, fresh_cache, spoil):
    cold = load_pack(REGISTRY, [pack_dir], screens=False)
    [entry] = _entries(fresh_cache)
    sound = entry.read_bytes()
    spoil(entry)
    again = load_pack(REGISTRY, [pack_dir], screens=False)
    assert again.source == cold.source and _outcome(again) == _outcome(cold)
    assert _entries(fresh_cache) == [entry] and entry.read_bytes() == sound  # written again, as it was


def test_a_changed_rule_file_keys_another_entry(pack_dir, fresh_cache):
    load_pack(REGISTRY, [pack_dir], screens=False)
    first = _entries(fresh_cache)
    path = next(pack_dir.rglob("*.rules"))
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    load_pack(REGISTRY, [pack_dir], screens=False)
    assert len(_entries(fresh_cache)) == 2 and first[0] in _entries(fresh_cache)


def test_a_module_the_audit_refuses_is_never_kept(pack_dir, fresh_cache, monkeypatch):
    def refuse(_source):
        raise RuleFaultError("<generated rule pack>", 1, 1, "拒绝", "refused")

    monkeypatch.setattr(codegen, "audit", refuse)
    with pytest.raises(RuleFaultError):
        load_pack(REGISTRY, [pack_dir], screens=False)
    assert _entries(fresh_cache) == []


def test_code_of_another_shape_handed_in_as_warm_is_audited_and_compiled(monkeypatch):
    source = codegen.HEADER + "\n\ndef r0_0(env):\n    return K[0]\n"
    audited = []
    monkeypatch.setattr(codegen, "cache", type("NoCache", (), {"compiled": staticmethod(lambda text, build, _sound: build(text))}))
    functions, code = codegen.run_audited(
        source, audited.append, codegen._compile_source, codegen.sound, {"K": (7,)}, codegen.FUNCTION_NAME, warm=compile("x = 1", "x", "exec")
    )
    assert audited == [source] and functions["r0_0"](None) == 7 and code.co_filename == codegen.FILENAME


@pytest.mark.parametrize("name", ["xiguan-2019.yaml", "xiguan-2019.txt"])
def test_the_command_gives_the_same_report_from_a_warm_start(fresh_cache, monkeypatch, name):
    """`check` of one file, end to end: the first run writes the module (and the other entries), the second takes it
    (a deferred module whose closures are built as they are called); the reports are the same, byte for byte."""
    from tests.cli.running import run_cli

    writes = []
    real = warm.write
    monkeypatch.setattr(warm, "write", lambda *args: writes.append(args[0]) or real(*args))
    first = run_cli("check", SAMPLE.parent / name, "--format", "json")
    [entry] = _entries(fresh_cache)
    assert writes == [entry]
    second = run_cli("check", SAMPLE.parent / name, "--format", "json")
    assert second == first and first[0] == 1
    assert writes == [entry] and _entries(fresh_cache) == [entry]  # taken, not written again
