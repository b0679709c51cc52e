"""The generated module of a rule pack: no rule or document text in its source, deterministic, audited,
and the same outcomes as the reference closures (tests/dsl/test_compiled_outcomes.py compares those)."""

from __future__ import annotations

import random
import tokenize

import pytest

import budgetcheck
from budgetcheck.dsl import screensource
from budgetcheck.dsl.codegen import HEADER, Lazy, _plain, audit, audit_tokens
from budgetcheck.dsl.errors import RuleFaultError
from budgetcheck.rules import chosen_evaluator, load_pack
from budgetcheck.dsl.errors import RuleLoadError
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_loaded
from tests.conftest import SAMPLE

REGISTRY = budgetcheck.load_registry()

HOSTILE = [
    "'; __import__('os').system('echo pwned') #",
    '\\"\\n\\t\\\\ \\u0041\\u4e2d',
    "\\u2028\\u2029 \\u0000 end",
    "__builtins__.eval",
    "西关街道办事处",
    "\\\\x41 \\\\N{BULLET} \\\\u00e9",
]
NUMBERS = ["1234567890123456789012345678901234567890", "0.0000000000000000000000000000000000001", "99999999999999999999"]


def _hostile_pack(tmp_path):
    checks = " or ".join(f'metadata.department.name == "{text}"' for text in HOSTILE)
    contains = " or ".join(f'metadata.department.name contains "{text}"' for text in HOSTILE)
    numbers = " or ".join(f"overview.income.total > {number}" for number in NUMBERS)
    rule = f"""schema "department-disclosure/2016"

rule ZZ-HOSTILE-001 {{
  title "敌意的规则文字 '; __import__(\\"os\\") \\n"
  severity warning
  citation "测试 \\\\ \\u0022"
  let bad = "{HOSTILE[0]}"
  when {checks} or bad == "x" or {contains}
  assert ({numbers}) and overview.income.total == overview.expenditure.total within 0.5 and (if {checks} then 1 else 2) + 3 * -4 / 5 != 7
  message "{{metadata.department.name}} '; __import__(\\"os\\") {{bad}}"
}}
"""
    (tmp_path / "hostile.rules").write_text(rule, encoding="utf-8")
    return load_pack(REGISTRY, [tmp_path], evaluator="compiled")


def test_no_literal_of_a_rule_reaches_the_generated_source(tmp_path):
    pack = _hostile_pack(tmp_path)
    source = pack.source
    assert source.isascii()  # no Chinese text, no escape decoded into it
    for token in tokenize.generate_tokens(iter(source.splitlines(keepends=True)).__next__):
        assert token.type != tokenize.STRING, token
        if token.type == tokenize.NUMBER:
            assert token.string.isdigit() and len(token.string) < 6, token  # table indices only
    for needle in ["__import__", "os", "system", "pwned", "eval", "\\", "'", '"', "ZZ", "HOSTILE", "bad", "department", "income", "0.5", "123456789", "99999"]:
        assert needle not in source.replace("budgetcheck", "").replace("closures", ""), needle
    # and the rule still runs: the literals come from the constants table
    result = check_loaded(load_document(SAMPLE), REGISTRY, pack)
    assert result.rules == ("ZZ-HOSTILE-001",)


def test_the_national_pack_compiles_to_ascii_without_literals():
    pack = load_pack(REGISTRY, evaluator="compiled")
    assert pack.source.isascii()
    assert '"' not in pack.source and "'" not in pack.source
    audit(pack.source)


def test_generated_source_is_deterministic():
    first = load_pack(REGISTRY, evaluator="compiled").source
    second = load_pack(REGISTRY, evaluator="compiled").source
    assert first == second and first.encode() == second.encode()


def _reference_table(pack) -> list:
    """The reference closures table F of a pack's generated module, read from its rules' generated functions."""
    tables = {id(table): table for rule in pack.rules for function in (rule.when, rule.assertion) if function is not None
              for table in [getattr(function, "__globals__", {}).get("F")] if table is not None}  # fmt: skip
    assert len(tables) == 1
    return next(iter(tables.values()))


def test_a_pack_for_one_file_builds_each_reference_closure_at_its_first_call():
    eager = load_pack(REGISTRY, evaluator="compiled")
    deferred = load_pack(REGISTRY, evaluator="compiled", screens=False)
    assert deferred.source == eager.source  # the same module: only when its closures are built differs
    table = _reference_table(deferred)
    assert isinstance(table, Lazy) and isinstance(_reference_table(eager), tuple)
    assert len(table) == 0 and len(table.recipes) == len(_reference_table(eager)) > 1_000  # none built yet
    document = load_document(SAMPLE)
    first = check_loaded(document, REGISTRY, deferred)
    assert 0 < len(table) < len(table.recipes) / 2  # the sample calls a fraction of them
    kept = dict(table)
    assert check_loaded(document, REGISTRY, deferred) == first == check_loaded(document, REGISTRY, eager)
    assert all(table[at] is built for at, built in kept.items())  # built once


@pytest.mark.parametrize(
    "line",
    [
        "def r0_0(env):\n    return __import__\n",
        "def r0_0(env):\n    return 'text'\n",
        "def r0_0(env):\n    return K[1] + 17\n",
        "def r0_0(env):\n    return K[0x1]\n",
        "def r0_0(env):\n    return env.__class__\n",
        "def r0_0(env):\n    return open\n",
        "def 西(env):\n    return K[0]\n",
        "# header\ndef r0_0(env):\n    return K[0]  # a comment\n",
    ],
)
def test_the_audit_refuses_anything_but_the_modules_own_tokens(line):
    with pytest.raises(RuleFaultError) as raised:
        audit(line)
    assert raised.value.line is not None  # located
    assert not _plain(line)
    with pytest.raises(RuleFaultError):
        audit_tokens(line)


INSERTS = [
    "'", '"', "#", "\\", "\t", "西", "+", "*", "@", "=", ";", "0", "7", ".5", "e5", "0x1", "_1", "1if", " # c", "__import__",
    "item", "open", "lambda", "(", ")", "[", "]", ",", ":", "-", " ", "\n", "\n    ", "K", "F", "env", "r1_2", "def", "'a'",
    "b''", "f'{env}'", "K[1]", "[0]", "1_0", "\\\n", "\u00e9", "\x00", "!", "<", "==", ".__class__",
]  # fmt: skip


def test_the_fast_audit_passes_only_what_the_token_audit_passes_on_mutated_sources():
    """`audit` checks the pack's characters and names at once; it must never pass what the token-by-token audit refuses."""
    body = load_pack(REGISTRY, evaluator="compiled").source.split("\n\n")[1:40]
    source = HEADER + "\n\n" + "\n\n".join(body) + "\n"
    assert _plain(source)
    audit_tokens(source)
    chance = random.Random(15)
    passed = 0
    for _ in range(1500):
        mutated = source
        for _edit in range(chance.randint(1, 3)):
            at = chance.randrange(len(mutated) + 1)
            if chance.random() < 0.2:  # a deletion
                mutated = mutated[:at] + mutated[at + chance.randint(1, 4) :]
            else:
                mutated = mutated[:at] + chance.choice(INSERTS) + mutated[at:]
        if _plain(mutated):
            passed += 1
            try:
                audit_tokens(mutated)
            except (RuleFaultError, tokenize.TokenError, IndentationError, SyntaxError) as error:
                if isinstance(error, RuleFaultError):
                    raise AssertionError(f"the fast audit passed what the token audit refuses: {mutated!r}") from error
        else:
            with pytest.raises(RuleFaultError):
                audit(mutated)
    assert passed > 100  # harmless edits (names swapped for names, brackets moved) were tried too


def test_the_evaluator_is_chosen_by_option_or_environment(monkeypatch):
    monkeypatch.delenv("BUDGETCHECK_EVALUATOR", raising=False)
    assert chosen_evaluator() == "compiled"
    monkeypatch.setenv("BUDGETCHECK_EVALUATOR", "closure")
    assert chosen_evaluator() == "closure"
    assert chosen_evaluator("compiled") == "compiled"
    monkeypatch.setenv("BUDGETCHECK_EVALUATOR", "fast")
    with pytest.raises(RuleLoadError):
        chosen_evaluator()


def test_rules_compile_dumps_the_source_through_the_safe_writer(tmp_path):
    from typer.testing import CliRunner

    from budgetcheck.cli import app

    target = tmp_path / "pack.py"
    result = CliRunner().invoke(app, ["rules", "compile", "--dump", "--output", str(target), "--lang", "en"])
    assert result.exit_code == 0, result.output
    pack = load_pack(REGISTRY, evaluator="compiled")
    dumped = target.read_text(encoding="utf-8")
    source, _, index = dumped.partition("\n# --- not part of the compiled module: the rule of each function ---\n")
    index, _, screens = index.partition("\n# --- a module of its own: the screens (dsl/screensource.py) ---\n")
    assert screens.startswith(screensource.HEADER) and screens.partition("\n\n# --- the rule of each screen function ---\n")[0] == pack.screens.partition("\n\n# ---")[0]
    assert source.rstrip("\n") == pack.source.rstrip("\n")  # the module as compiled, then an index for the reviewer
    assert index.splitlines()[0].startswith(f"# r0_* = {pack.rules[0].rule.id} (") and len(index.splitlines()) == len(pack.rules)
    assert f"\ndef r{len(pack.rules) - 1}_0(env):" in source
    assert "rules compiled to" in result.output
    shown = CliRunner().invoke(app, ["rules", "compile", "--dump"])
    assert shown.exit_code == 0 and shown.output.startswith("# budgetcheck: a rule pack compiled to Python")
    refused = CliRunner().invoke(app, ["rules", "compile", "--dump", "--output", str(tmp_path)])
    assert refused.exit_code == 2
