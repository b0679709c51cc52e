"""Pipeline stage: one document, ingest -> schema -> evaluate -> locate.

A document that cannot be read or matched to a schema is a result with status "invalid" and the
reason, never an exception: the caller (a batch) goes on with the next file.
"""

from __future__ import annotations

from pathlib import Path

from budgetcheck import codes
from budgetcheck.evaluate import evaluate
from budgetcheck.findings import Finding, NotApplicable
from budgetcheck.ingest import (
    IngestError,
    Limits,
    SourceDocument,
    load_document,
)
from budgetcheck.ingest.limits import DEFAULT_LIMITS
from budgetcheck.result import DocumentResult
from budgetcheck.rules import RulePack
from budgetcheck.schema.amounts import iter_amounts, normalise, precision_findings
from budgetcheck.schema.findings import schema_findings
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaRegistry, UnknownSchemaError


def check_loaded(document: SourceDocument, registry: SchemaRegistry, pack: RulePack | None = None) -> DocumentResult:
    """One document already read: its schema chosen, validated, its money normalised, the rules run, every finding located."""
    try:
        entry = registry.for_document(document.data)
    except UnknownSchemaError as error:
        return DocumentResult.unreadable(document.source, error.finding().located((document.location(error.pointer),)))
    if pack is not None and not pack.for_schema(entry.id):  # fail closed: a document no rule judges never passes
        fault = codes.PACK_NO_RULES
        where = document.location("/metadata/schema_version")
        return DocumentResult.unreadable(document.source, fault.finding(*fault.texts(pack=pack.info.name, schema=entry.id), ("/metadata/schema_version",), (where,)))
    root = SchemaNode.root(registry, entry.id)
    findings = schema_findings(registry.validator(entry.id).iter_errors(document.data), root)
    sites = list(iter_amounts(document.data, root))
    normalise(document.data, sites)
    findings.extend(precision_findings(sites))
    skipped: list[NotApplicable] = []
    if pack is not None:
        rule_findings, skipped = evaluate(pack.for_schema(entry.id), document.data)
        findings.extend(rule_findings)
    result = DocumentResult.checked(document.source, entry.id, list(document.findings) + _located(findings, document), skipped)
    _describe(result, document.data, root)
    if pack is not None:
        result.rules = pack.rule_ids(entry.id)
    return result


def _located(findings: list[Finding], document: SourceDocument) -> list[Finding]:
    """Each finding with the line and column of its places; an unknown field is located at its key."""
    return [
        finding.located(tuple(document.location(path, key=finding.rule == codes.SCHEMA_UNKNOWN_FIELD.id) for path in finding.paths))
        for finding in findings
    ]


def _describe(result: DocumentResult, data: dict, root: SchemaNode) -> None:
    """What a report says of the document besides its findings: department, fiscal year, its parts' titles."""
    metadata = data.get("metadata")
    if isinstance(metadata, dict):
        department = metadata.get("department")
        result.department = str(department.get("name") or "") if isinstance(department, dict) else ""
        result.fiscal_year = metadata.get("fiscal_year") if isinstance(metadata.get("fiscal_year"), int) else None
    result.sections = root.derived(section_titles)


def section_titles(root: SchemaNode) -> dict[str, tuple[str, str]]:
    """The document schema's parts in order: key -> (Chinese title, English name), for grouping findings;
    worked out once per schema root."""
    properties = root.contents.get("properties", {})
    return {key: (str(spec.get("title") or key), key.replace("_", " ")) for key, spec in properties.items() if isinstance(spec, dict)}


def check_path(path: Path, registry: SchemaRegistry, limits: Limits = DEFAULT_LIMITS, pack: RulePack | None = None) -> DocumentResult:
    try:
        document = load_document(path, limits)
    except IngestError as error:
        return DocumentResult.unreadable(str(path), error.finding())
    return check_loaded(document, registry, pack)
