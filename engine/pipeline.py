"""Pipeline stage: one document, ingest -> schema -> evaluate -> locate.

A document that cannot be read or matched to a schema is a result with status "invalid" and the
reason, never an exception: the caller (a batch) goes on with the next file.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Self

from budgetcheck import codes
from budgetcheck.coverage import Coverage
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate
from budgetcheck.findings import Finding, NotApplicable, out_of_period
from budgetcheck.ingest import (
    IngestError,
    Limits,
    Pair,
    SourceDocument,
    load_document,
)
from budgetcheck.ingest.bounds import bound
from budgetcheck.ingest.limits import DEFAULT_LIMITS
from budgetcheck.result import INVALID, DocumentResult
from budgetcheck.rules import RulePack
from budgetcheck.schema.amounts import (
    amounts_out_of_bounds,
    iter_amounts,
    normalise,
    precision_findings,
)
from budgetcheck.schema.findings import schema_findings
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaEntry, SchemaRegistry, UnknownSchemaError


def check_loaded(document: SourceDocument, registry: SchemaRegistry, pack: RulePack | None = None, limits: Limits = DEFAULT_LIMITS) -> DocumentResult:
    """One document already read: held to the bounds, its schema chosen, validated, its money normalised, the rules run,
    every finding located."""
    try:
        out_of_bounds = bound(document, limits)
    except IngestError as error:
        return DocumentResult.unreadable(document.source, error.finding())
    try:
        entry = registry.for_document(document.data)
    except UnknownSchemaError as error:
        return DocumentResult.unreadable(document.source, error.finding().located((document.location(error.pointer),)))
    if pack is not None and not pack.for_schema(entry.id):  # fail closed: a document no rule judges never passes
        fault = codes.PACK_NO_RULES
        where = document.location("/metadata/schema_version")
        return DocumentResult.unreadable(document.source, fault.finding(*fault.texts(pack=pack.info.name, schema=entry.id), ("/metadata/schema_version",), (where,)))
    root = SchemaNode.root(registry, entry.id)
    sites = list(iter_amounts(document.data, root))
    too_long = amounts_out_of_bounds(document.data, sites, bounded=True)  # bound() has run; before validation: the null left in their place is what it sees
    taken = {finding.paths[0] for finding in out_of_bounds + too_long}  # reported already: the schema's word on that null is noise
    findings = too_long + [finding for finding in schema_findings(registry.validator(entry.id).iter_errors(document.data, document.fractional), root) if not taken.intersection(finding.paths)]
    if taken:
        sites = [site for site in sites if site.pointer not in taken]
    normalise(document.data, sites)
    findings.extend(precision_findings(sites))
    findings, unjudged = _judged(findings, document.coverage)
    skipped: list[NotApplicable] = []
    if pack is not None:
        # where each text is written matters for a narrative's running text only; asking a JSON document would make it
        # work out every position (a pass over its tokens kept for findings)
        locate = document.location if document.kind in ("text", "docx") else None
        context = DocumentContext(document.data, _unread(document.coverage), document.precision, entry.id, locate)
        rule_findings, skipped = evaluate(pack.for_schema(entry.id), document.data, context)
        findings.extend(rule_findings)
        skipped.extend(_template_bound(pack, registry, entry))
    result = DocumentResult.checked(document.source, entry.id, out_of_bounds + _located(findings, document), skipped)
    if pack is not None and _none_in_force(pack, entry, skipped):  # fail closed: a 2015 text under rules from 2016 never passes
        fault, year = codes.PACK_NONE_IN_FORCE, (document.data.get("metadata") or {}).get("fiscal_year")
        zh, en = fault.texts(pack=pack.info.name, count=len(pack.for_schema(entry.id)), year=year)
        result.status, result.findings = INVALID, [fault.finding(zh, en, ("/metadata/fiscal_year",), (document.location("/metadata/fiscal_year"),)), *result.findings]
    result.diagnostics = list(document.diagnostics) + _located(unjudged, document)
    result.coverage = document.coverage
    result.kind = document.kind
    _describe(result, document.data, root, entry)
    if pack is not None:
        result.rules = pack.rule_ids(entry.id)
    return result


def _none_in_force(pack: RulePack, entry: SchemaEntry, skipped: list[NotApplicable]) -> bool:
    """Whether every rule of the pack for the document's schema was left out for its effective period."""
    rules = {rule.rule.id for rule in pack.for_schema(entry.id)}
    return bool(rules) and rules <= {outcome.rule for outcome in skipped if out_of_period(outcome)}


GENERIC_VERSION = "2016-generic"  # a text of no known template (ingest/narrative/generic.py)


def _template_bound(pack: RulePack, registry: SchemaRegistry, entry: SchemaEntry) -> list[NotApplicable]:
    """A text of no known template is checked by the rules that need none; every rule bound to a template (its
    parts, their completeness, its tables) is not applicable, and says why, rather than left out in silence."""
    if entry.version != GENERIC_VERSION or entry.document_type is None:
        return []
    own = set(pack.rule_ids(entry.id))
    bound: dict[str, None] = {}
    for version in registry.versions(entry.document_type):
        other = registry.find(f"{entry.document_type}/{version}")
        if other is not None and other.id != entry.id:
            bound.update((rule, None) for rule in pack.rule_ids(other.id) if rule not in own)
    zh, en = "模板未识别：此规则依模板所列的部分或表格判断，不适用于按通用规则检查的文本", "template not recognised: the rule judges the parts or tables of a template, and does not apply to a text checked by the generic rules"
    return [NotApplicable(rule, zh, en) for rule in bound]


def _unread(coverage: Coverage | None) -> dict[str, tuple[str, str]] | None:
    """The parts (and the fields extraction could not determine) rules must not speak about, with why; None when there
    are none (YAML and JSON pay nothing)."""
    if coverage is None:
        return None
    return {**coverage.unread_fields(), **{key: part.not_extracted() for key, part in coverage.unread().items()}} or None


def _judged(findings: list[Finding], coverage: Coverage | None) -> tuple[list[Finding], list[Finding]]:
    """The schema's findings about parts extraction read (or that are absent), and, as diagnostics, those
    about parts it did not read: a required field missing there says nothing about the document."""
    if coverage is None:
        return findings, []
    unread = coverage.unread()
    kept, dropped = [], []
    for finding in findings:
        part = unread.get(finding.section)
        if part is not None:
            zh, en = part.not_extracted()
        elif finding.paths and not coverage.determined(finding.paths[0]):
            zh, en = "未能从文中确定此项", "extraction could not find this in the text"
        else:
            kept.append(finding)
            continue
        dropped.append(Finding(finding.rule, finding.severity, f"{finding.message_zh}（{zh}，不作判断）", f"{finding.message_en} ({en}; not judged)", finding.paths))
    return kept, dropped


def _located(findings: list[Finding], document: SourceDocument) -> list[Finding]:
    """Each finding with the line and column of its places; an unknown field is located at its key."""
    return [
        finding.located(tuple(document.location(path, key=finding.rule == codes.SCHEMA_UNKNOWN_FIELD.id) for path in finding.paths))
        for finding in findings
    ]


def _describe(result: DocumentResult, data: dict, root: SchemaNode, entry: SchemaEntry) -> None:
    """What a report says of the document besides its findings: department, fiscal year, its parts' titles,
    the document type and version in words."""
    metadata = data.get("metadata")
    if isinstance(metadata, dict):
        department = metadata.get("department")
        result.department = str(department.get("name") or "") if isinstance(department, dict) else ""
        result.fiscal_year = metadata.get("fiscal_year") if isinstance(metadata.get("fiscal_year"), int) else None
    result.sections = root.derived(section_titles)
    result.schema_name = entry.name


def section_titles(root: SchemaNode) -> dict[str, tuple[str, str]]:
    """The document schema's parts in order: key -> (Chinese title, English name), for grouping findings;
    worked out once per schema root."""
    properties = root.contents.get("properties", {})
    return {key: (str(spec.get("title") or key), key.replace("_", " ")) for key, spec in properties.items() if isinstance(spec, dict)}


def check_path(path: Path | Pair, registry: SchemaRegistry, limits: Limits = DEFAULT_LIMITS, pack: RulePack | None = None) -> DocumentResult:
    """One file, read and checked within `limits.timeout` seconds of wall time; past them, an invalid result saying so."""
    try:
        with Deadline(limits.timeout):
            try:
                document = load_document(path, limits)
            except IngestError as error:
                return DocumentResult.unreadable(str(path), error.finding())
            return check_loaded(document, registry, pack, limits)
    except DocumentTimeout:
        code = codes.INPUT_TIMEOUT
        return DocumentResult.unreadable(str(path), code.finding(*code.texts(seconds=f"{limits.timeout:g}")))


# signal.signal is the C function _signal.signal wrapped to give back a Handlers enum: the wrapper tries Handlers(value)
# for the handler it replaces, and for a Python function (the one Deadline puts back) that raises and catches a
# ValueError, some 3 us of the 4 a document spent on its two calls. The C function takes and gives plain values
# (SIG_DFL and SIG_IGN as the ints Handlers equal), and Deadline passes back only what it was given. A private module
# of CPython's: where it is missing, the public wrapper does the same, slower.
try:
    from _signal import signal as _set_handler
except ImportError:  # pragma: no cover - CPython has it
    _set_handler = signal.signal


class DocumentTimeout(BaseException):
    """The document's time is up. A BaseException, like KeyboardInterrupt, so that no `except Exception` on
    the way (a rule's, the batch's) can take it for an ordinary failure and carry on."""


class Deadline:
    """Wall time for one document: SIGALRM after `seconds` raises DocumentTimeout in whatever Python code is running.

    A signal handler runs between Python bytecodes, so work in C (a regular expression of Python's `re`
    excepted, which checks for signals) finishes its call first: that work is bounded by the input
    limits instead (size, items, digits). Only the main thread can receive signals; elsewhere, and where
    there is no setitimer, no time limit applies. A timer already set (by the caller) is put back."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        self.previous: tuple[object, tuple[float, float]] | None = None

    def __enter__(self) -> Self:
        if self.armed:
            handler = _set_handler(signal.SIGALRM, self._expire)
            self.previous = (handler, signal.setitimer(signal.ITIMER_REAL, self.seconds))
            self.started = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is None:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)  # first of all: no alarm after this point
        handler, (delay, interval) = self.previous
        _set_handler(signal.SIGALRM, handler if handler is not None else signal.SIG_DFL)  # type: ignore[arg-type]  # None: set outside Python
        if delay:
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - self.started), 1e-3), interval)

    @staticmethod
    def _expire(signum: int, frame: object) -> None:
        raise DocumentTimeout
