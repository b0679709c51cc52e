"""Bounded work per document: numbers out of range are located schema findings, reported fast; a list over the
limit, or a document over its time, is an invalid row naming the limit while the batch goes on; a rule's regular
expression that runs away makes that rule not applicable, with the reason."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetcheck
from budgetcheck import pipeline
from budgetcheck.dsl.patterns import MAX_STEPS, PatternTimeout, _budget, few_paths, find_all, search, single_path
from budgetcheck.ingest import load_document
from budgetcheck.ingest.limits import Limits
from tests.cli.running import invoke_cli, run_json
from tests.conftest import MINIMAL, SAMPLE
from tests.rules.test_rule_loading import rule_source, write_pack

DIGITS_5000 = "1" + "0" * 4999
HUGE = [
    ("1e999999999", "1E+999999999"),
    ("1e-999999999", "1E-999999999"),
    (DIGITS_5000, "10000000000000000000…（5000 位）"),
    (f'"{DIGITS_5000}"', "5000 位数字"),
]


def _with_income_total(tmp_path: Path, written: str, kind: str) -> Path:
    """The sample with its income total written as `written`, in YAML or in JSON (one value per line)."""
    if kind == "yaml":
        text = SAMPLE.read_text(encoding="utf-8").replace("    total: 329.37\n", f"    total: {written}\n", 1)
    else:
        data = load_document(SAMPLE).data
        data["overview"]["income"]["total"] = "@@"
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str).replace('"@@"', written)
    path = tmp_path / f"doc.{kind}"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["yaml", "json"])
@pytest.mark.parametrize(("written", "shown"), HUGE, ids=["1e999999999", "1e-999999999", "5000-digit-integer", "5000-digit-amount-text"])
def test_a_number_out_of_range_is_a_located_schema_finding_reported_fast(tmp_path, kind, written, shown):
    path = _with_income_total(tmp_path, written, kind)
    started = time.monotonic()
    result = invoke_cli("check", path, "--format", "json")
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    assert len(result.stdout) < 1_000_000  # no billion zeros
    document = json.loads(result.stdout)["documents"][0]
    found = [finding for finding in document["findings"] if finding["rule"] == "SCHEMA-NUMBER-SIZE"]
    assert len(found) == 1 and found[0]["paths"] == ["/overview/income/total"] and shown in found[0]["message"]
    assert found[0]["locations"][0]["line"] > 1
    assert not [finding for finding in document["findings"] if finding["rule"] == "INTERNAL-ERROR" or (finding["rule"].startswith("SCHEMA-") and finding is not found[0] and "/overview/income/total" in finding["paths"])]
    assert any(item["rule"] == "BUD-INC-001" and "/overview/income/total" in item["reason"] for item in document["not_applicable"])
    assert path.read_text(encoding="utf-8").count(written) == 1  # the file is left as it was


def test_a_list_over_the_limit_is_an_invalid_row_and_the_batch_goes_on(tmp_path):
    registry = budgetcheck.load_registry()
    results = list(budgetcheck.iter_check([SAMPLE, MINIMAL], registry=registry, limits=Limits(max_items=5)))
    sample, minimal = results
    assert sample.status == "invalid" and sample.findings[0].rule == "INPUT-TOO-MANY-ITEMS"
    assert "超过上限 5 项" in sample.findings[0].message_zh and sample.findings[0].locations[0] is not None
    assert minimal.status != "invalid" or minimal.findings[0].rule == "INPUT-TOO-MANY-ITEMS"


def test_a_narrative_with_more_claims_than_allowed_is_an_invalid_row_naming_the_list():
    result = budgetcheck.check_path(SAMPLE.with_suffix(".txt"), limits=Limits(max_items=15))
    assert result.status == "invalid" and result.findings[0].rule == "INPUT-TOO-MANY-ITEMS"
    assert result.findings[0].paths == ("/narrative/claims",)


def _slow(monkeypatch, seconds: float) -> None:
    check_loaded = pipeline.check_loaded

    def slow(document, *args, **kwargs):
        if Path(document.source).name == "slow.yaml":
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:  # Python code, as a runaway rule would be
                pass
        return check_loaded(document, *args, **kwargs)

    monkeypatch.setattr(pipeline, "check_loaded", slow)


def test_a_document_over_its_time_is_an_invalid_row_and_the_next_one_is_checked(tmp_path, monkeypatch):
    (tmp_path / "slow.yaml").write_bytes(MINIMAL.read_bytes())
    (tmp_path / "z.yaml").write_bytes(MINIMAL.read_bytes())
    _slow(monkeypatch, 30)
    started = time.monotonic()
    code, report = run_json("check", tmp_path, "--timeout", "0.5", "--jobs", "1")
    assert time.monotonic() - started < 10
    assert code == 2
    slow, other = report["documents"]
    assert slow["status"] == "invalid" and slow["findings"][0]["rule"] == "INPUT-TIMEOUT" and "0.5 秒" in slow["findings"][0]["message"]
    assert other["status"] == "pass"


def test_the_time_limit_puts_back_the_callers_alarm(tmp_path, monkeypatch):
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda *args: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        budgetcheck.check_path(MINIMAL, limits=Limits(timeout=1.0))
        remaining, _interval = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 5.0
        assert signal.getsignal(signal.SIGALRM) is not pipeline.Deadline._expire
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


@pytest.mark.parametrize("before", [signal.SIG_DFL, signal.SIG_IGN, "function"])
def test_the_time_limit_puts_back_the_handler_it_found_as_it_was(before):
    handler = (lambda *args: None) if before == "function" else before
    previous = signal.signal(signal.SIGALRM, handler)
    try:
        budgetcheck.check_path(MINIMAL, limits=Limits(timeout=1.0))
        found = signal.getsignal(signal.SIGALRM)
        assert found is handler if before == "function" else found == handler and isinstance(found, signal.Handlers)
    finally:
        signal.signal(signal.SIGALRM, previous)


# -- regular expressions of the pack ---------------------------------------------------------------------


def _title_pack(tmp_path: Path, pattern: str) -> Path:
    return write_pack(
        tmp_path / "rules",
        title=rule_source(assertion=f'not (metadata.title matches "{pattern}")', rule_id="T-RE-001")
        + rule_source(assertion="overview.income.total > 0", rule_id="T-OK-001").split("\n", 1)[1],
    )


def _with_title(tmp_path: Path, title: str) -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace("  title:", f'  title: "{title}"\n  x_title:', 1), encoding="utf-8")
    return path


def test_a_pattern_that_backtracks_without_end_makes_its_rule_not_applicable_with_the_reason(tmp_path):
    document = tmp_path / "doc.yaml"
    data = MINIMAL.read_text(encoding="utf-8")
    document.write_text(data, encoding="utf-8")
    pack = _title_pack(tmp_path, "(a|aa)+$")
    registry = budgetcheck.load_registry()
    loaded = budgetcheck.load_pack(registry, [pack])
    source = load_document(document)
    source.data["metadata"]["title"] = "a" * 41 + "b"
    started = time.monotonic()
    result = pipeline.check_loaded(source, registry, loaded)
    assert time.monotonic() - started < 5
    reasons = {item.rule: item.reason_en for item in result.not_applicable}
    assert "took more than 1 s" in reasons["T-RE-001"] and "(a|aa)+$" in reasons["T-RE-001"]
    assert "T-OK-001" not in reasons and not result.findings


def test_the_issues_pattern_on_a_41_character_string_is_answered_at_once(tmp_path):
    started = time.monotonic()
    assert find_all("a" * 41 + "b", "(a+)+$") == []
    registry = budgetcheck.load_registry()
    source = load_document(MINIMAL)
    source.data["metadata"]["title"] = "a" * 40 + "b"
    result = pipeline.check_loaded(source, registry, budgetcheck.load_pack(registry, [_title_pack(tmp_path, "(a+)+$")]))
    assert time.monotonic() - started < 3
    assert "T-RE-001" not in {item.rule for item in result.not_applicable} and not result.findings  # judged, and it holds


def test_the_sample_narrative_repeated_checks_in_time_growing_with_its_length_not_its_square(tmp_path):
    text = SAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
    registry = budgetcheck.load_registry()
    pack = budgetcheck.load_pack(registry)
    times = {}
    for copies in (4, 16):
        path = tmp_path / f"x{copies}.txt"
        path.write_text(text * copies, encoding="utf-8")
        started = time.monotonic()
        result = budgetcheck.check_path(path, registry=registry, pack=pack)
        times[copies] = time.monotonic() - started
        # checked, not an invalid row; a text repeated is partly read (its parts hold figures and sentences twice), so the
        # rules reading those parts are not applicable and it may pass: what is timed is the work, not the verdict
        assert result.status in ("pass", "fail") and result.rules
        assert not [finding for finding in result.findings if finding.rule.startswith(("INPUT-", "INTERNAL"))]
    assert times[16] < times[4] * 4 * 2, times  # four times the text: about four times the time (quadratic: sixteen)


def test_a_slow_pattern_over_many_strings_costs_its_rule_one_budget_not_one_per_string(tmp_path):
    text = 'schema "department-disclosure/2016"\n\nrule T-RE-002 {\n  title "t"\n  severity warning\n  citation "c"\n  for t in prose()\n  assert find_all(t, "(.|.)+\\\\d{5}") is empty\n  message "m"\n}\n'
    pack = write_pack(tmp_path / "rules", slow=text)
    started = time.monotonic()
    result = budgetcheck.check_path(SAMPLE, pack=budgetcheck.load_pack(budgetcheck.load_registry(), [pack]))
    assert time.monotonic() - started < 6
    assert [item.rule for item in result.not_applicable] == ["T-RE-002"] and not result.findings


def test_patterns_without_repetition_or_alternation_run_without_a_timeout_and_others_with_one():
    assert single_path("[本我]单位") and single_path("[，。、；,;][，。、；：,;]") and single_path("(?=[Xx])x") and single_path("a\\*")
    for pattern in ("(率|度)$", "x?", "a*", "a+", "a{2}", "(?i)a", "\\(?", "\\p{Han}", "(?R)", "[*]"):
        assert not single_path(pattern), pattern
    with pytest.raises(PatternTimeout):
        find_all("a" * 40 + "b", "(a|aa)+$", 0.05)


def test_a_search_given_what_answers_its_time_asks_it_only_for_a_timed_pattern_and_still_stops():
    """The evaluators pass DocumentContext.pattern_seconds itself: a linear pattern never reads the clock, short text or
    long; a timed one asks once per search, and what it answers stops a pattern that backtracks without end."""
    asked: list[float] = []

    def left() -> float:
        asked.append(0.05)
        return 0.05

    assert search("增长率", "(率|度)$", left) and not search("增长" * 100, "(率|度)$", left) and asked == []
    assert search("a" * 100 + "b", "a+b", left) and len(asked) == 1
    started = time.monotonic()
    with pytest.raises(PatternTimeout):
        search("a" * 40 + "b", "(a|aa)+$", left)
    assert time.monotonic() - started < 1 and len(asked) == 2
    assert search("ab", "a+b", lambda: None) and search("ab", "a+b", None) and search("ab", "a+b", 0.5)  # None: the default


@pytest.mark.parametrize(
    "pattern",
    ["(率|度)$", "(?:其中|如下|分别是|分别为|具体是|具体为|主要包括|包括)[。.]", "[ab]|c", "a?b?", "(?P<n>a|b)c\\1", "(?<=x)y|z", "[]a]b", "\\u4e00|\\x41"],
)
def test_patterns_with_few_ways_through_and_no_repetition_run_without_a_timeout(pattern):
    assert few_paths(pattern) and _budget(pattern, 0.5) is None


@pytest.mark.parametrize(
    "pattern",
    ["a*", "a+b", "(a|b){2}", "(a|aa)+$", "(?i)a", "a??", "a?+", "[[:alpha:]]", "\\p{Han}", "\\x{41}", "(a|b", "a)", "(a|b)" * 6, "(a|a)(a|a)(a|a)(a|a)(a|a)b"],
)
def test_repetition_unknown_syntax_or_too_many_ways_keep_the_timeout(pattern):
    assert not few_paths(pattern)
    assert single_path(pattern) or _budget(pattern, 0.5) == 0.5


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["a", "b", "(", ")", "|", "?", "[ab]", "(?:", ".", "\\d", "*", "+", "{2}"]), max_size=12))
def test_no_pattern_that_repeats_is_taken_for_one_with_few_ways(parts):
    pattern = "".join(parts)
    if few_paths(pattern):
        assert not any(mark in pattern for mark in "*+{")
        assert engine_compiles(pattern)
        assert pattern.count("|") + pattern.count("?") <= MAX_STEPS


def engine_compiles(pattern: str) -> bool:
    try:
        regex.compile(pattern)
    except regex.error:
        return False
    return True


@pytest.mark.parametrize(("pattern", "judged"), [("(a+)+$", True), ("(a|aa)+$", False)], ids=["the-issues-pattern", "one-that-backtracks"])
def test_a_pattern_of_the_pack_on_a_41_character_title_ends_the_command_at_once_and_leaves_the_files(tmp_path, pattern, judged):
    """The issue's `matches "(a+)+$"` ran for minutes on a 41-character string: from the command line, exit 0 in
    seconds; a pattern that does backtrack without end makes its rule not applicable, naming it."""
    document = tmp_path / "doc.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  title:"))
    document.write_text(text.replace(title, f'  title: "{"a" * 41}b"', 1), encoding="utf-8")
    pack = _title_pack(tmp_path, pattern)
    before = (document.read_bytes(), (pack / "title.rules").read_bytes())
    started = time.monotonic()
    code, report = run_json("check", document, "--rules", pack)
    assert time.monotonic() - started < 10
    assert code == 0 and report["documents"][0]["status"] == "pass"
    reasons = {item["rule"]: item["reason"] for item in report["documents"][0]["not_applicable"]}
    assert ("T-RE-001" not in reasons) if judged else (pattern in reasons["T-RE-001"] and "秒未完成" in reasons["T-RE-001"])
    assert (document.read_bytes(), (pack / "title.rules").read_bytes()) == before
