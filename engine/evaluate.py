"""Run compiled rules over one document; yield findings and not-applicable outcomes.

Each rule runs once per binding of its `for` clauses. Inputs that are absent
make that run "not applicable" with the reason, counted in the report, never a
silent pass. The pointers a failed assertion read become the finding's paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from engine.dsl.functions import EvaluationError
from engine.dsl.runtime import Env, Missing, Ref, members, show
from engine.findings import Finding, Severity
from engine.rules import CompiledRule


@dataclass(frozen=True)
class NotApplicable:
    rule: str
    reason_zh: str
    reason_en: str
    paths: tuple[str, ...] = ()

    def reason(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh


def _fiscal_date(metadata: dict) -> str:
    return str(metadata.get("published_on") or f"{metadata.get('fiscal_year', 0):04}-01-01")


def _outside(rule: CompiledRule, metadata: dict) -> NotApplicable | None:
    meta = rule.rule
    year = metadata.get("fiscal_year")
    for bound, later in ((meta.effective_from, False), (meta.effective_to, True)):
        if bound is None:
            continue
        current = str(year) if len(bound) == 4 else _fiscal_date(metadata)
        if (current > bound) if later else (current < bound):
            period = f"{meta.effective_from or ''}–{meta.effective_to or ''}"
            return NotApplicable(meta.id, f"不在规则生效期（{period}）内", f"outside the rule's effective period ({period})")
    region = metadata.get("region") or {}
    facts = {
        "kind": {metadata.get("kind")},
        "level": {metadata.get("level")},
        "region": {region.get("province"), region.get("city"), region.get("county")},
    }
    for facet, allowed in meta.applies:
        if not facts[facet] & set(allowed):
            return NotApplicable(meta.id, f"规则只适用于 {facet} 为 {'、'.join(allowed)} 的文档", f"the rule applies only where {facet} is {', '.join(allowed)}")
    return None


def _bindings(rule: CompiledRule, env: Env, depth: int = 0) -> Iterator[Env | Missing]:
    """Every combination of the rule's `for` variables; a branch whose source is absent yields its Missing."""
    if depth == len(rule.loops):
        yield env
        return
    name, source = rule.loops[depth]
    try:
        found = members(source(env))
    except Missing as missing:
        yield missing
        return
    for member in found:
        yield from _bindings(rule, env.bind(name, member), depth + 1)


def _render(parts: tuple, env: Env) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        try:
            out.append(show(part(env.with_reads([]))))
        except (Missing, EvaluationError):
            out.append("（缺失）")
    return "".join(out)


def evaluate(rules: list[CompiledRule], data: dict) -> tuple[list[Finding], list[NotApplicable]]:
    findings: list[Finding] = []
    skipped: list[NotApplicable] = []
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    for rule in rules:
        outside = _outside(rule, metadata)
        if outside is not None:
            skipped.append(outside)
            continue
        run_rule(rule, data, findings, skipped)
    return findings, skipped


def _missing(rule_id: str, missing: Missing) -> NotApplicable:
    return NotApplicable(rule_id, f"缺少数据：{missing.pointer}", f"missing input: {missing.pointer}", (missing.pointer,))


def run_rule(rule: CompiledRule, data: dict, findings: list[Finding], skipped: list[NotApplicable]) -> None:
    meta = rule.rule
    for env in _bindings(rule, Env(data)):
        if isinstance(env, Missing):
            skipped.append(_missing(meta.id, env))
            continue
        try:
            for name, value in rule.lets:
                env = env.bind(name, value(env))
            if rule.when is not None and not rule.when(env.with_reads([])):
                continue
            env = env.with_reads([])
            if rule.assertion(env):
                continue
        except Missing as missing:
            skipped.append(_missing(meta.id, missing))
            continue
        except (EvaluationError, ArithmeticError) as error:
            skipped.append(NotApplicable(meta.id, f"无法计算：{error}", f"cannot evaluate: {error}"))
            continue
        findings.append(_finding(rule, env))


def _finding(rule: CompiledRule, env: Env) -> Finding:
    """The failed assertion as a finding: the values it read are its paths; the message shows them."""
    meta = rule.rule
    paths = tuple(dict.fromkeys(pointer for pointer, _value in env.reads if pointer))
    if not paths:  # nothing read from the document: point at the item the rule was looking at
        paths = tuple(value.pointer for value in env.vars.values() if isinstance(value, Ref))[-1:]
    if env.compared is not None:
        left, right = env.compared
        difference = left - right if isinstance(left, Decimal) and isinstance(right, Decimal) else None
        env = env.bind("left", left).bind("right", right).bind("diff", difference)
    message = _render(rule.message, env)
    message_en = _render(rule.message_en, env) if rule.message_en else message
    if meta.hint:
        message += f"（建议：{meta.hint}）"
    if meta.hint_en or meta.hint:
        message_en += f" (hint: {meta.hint_en or meta.hint})"
    return Finding(meta.id, Severity(meta.severity), message, message_en, paths)
