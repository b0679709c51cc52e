"""Report stage: JSON, a stable contract (see schemas/report/); extend it, never break it.

Contract 1.1 adds, compatibly: `contract` (the version), and per document `schema_name` (the document
type and version in words), `groups` (the findings one entry per rule: count and every place, the
indices of its findings), `diagnostics` (the tool's notes on its own reading, never findings) and
`coverage` (what extraction read, part by part; null for YAML and JSON). `findings` keeps its meaning:
every finding, one entry each, now errors first and in the order of the document.

Written as a stream: the header, then each document as it is checked, then the batch summary.
The bytes are exactly those of `json.dumps(whole, indent=2)` (written by report/jsonindent.py, faster), so a batch too large to hold in
memory and a small in-memory report are written alike, and the same inputs give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from budgetcheck.findings import Finding
from budgetcheck.report import jsonindent
from budgetcheck.report.options import RenderOptions, place_fields
from budgetcheck.result import (
    DocumentResult,
    FindingGroup,
    PackInfo,
    ReportMeta,
    Summary,
)
from budgetcheck.version import __version__

CONTRACT = "1.3"


def _finding(finding: Finding, lang: str) -> dict:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message(lang),
        "paths": list(finding.paths),
        "locations": [place_fields(location) if location else None for location in finding.locations]
        or [None] * len(finding.paths),
        "section": finding.section,
        "title": finding.title(lang),
        "citation": finding.citation,
        "hint": finding.hint(lang),
        "values": [{"pointer": pointer, "value": value} for pointer, value in finding.values],
    }


def _group(group: FindingGroup, lang: str) -> dict:
    first = group.first
    return {
        "rule": group.rule,
        "severity": group.severity.value,
        "title": first.title(lang),
        "count": group.count,
        "message": first.message(lang),
        "findings": group.indices,
        "places": [
            {"path": path, **place_fields(location)}
            for finding in group.findings
            for path, location in zip(finding.paths, finding.locations or [None] * len(finding.paths))
        ],
    }


def _diagnostic(note: Finding, lang: str) -> dict:
    location = note.location(0)
    return {
        "code": note.rule,
        "message": note.message(lang),
        "paths": list(note.paths),
        **place_fields(location),
        "section": note.section,
    }


def document_dict(document: DocumentResult, lang: str = "zh", shared: dict | None = None) -> dict:
    """The document's entry of the report. With `shared` (a dict the caller keeps for one report), each not-applicable
    outcome is a jsonindent.Shared kept there by its rule, reason and pointers: written once, its text reused by every
    document of the batch that has the same outcome."""
    return {
        "source": document.source,
        "schema": document.schema,
        "schema_name": document.schema_label(lang),
        "status": document.status,
        "department": document.department,
        "fiscal_year": document.fiscal_year,
        "summary": document.summary(),
        "findings": [_finding(finding, lang) for finding in document.findings],
        "groups": [_group(group, lang) for group in document.groups()],
        "not_applicable": _outcomes(document, lang) if shared is None else _shared_outcomes(document, lang, shared),
        "diagnostics": [_diagnostic(note, lang) for note in document.diagnostics],
        "coverage": document.coverage.as_dict(lang) if document.coverage is not None else None,
    }


def _outcomes(document: DocumentResult, lang: str) -> list[dict]:
    return [{"rule": skipped.rule, "reason": skipped.reason(lang), "paths": list(skipped.paths)} for skipped in document.not_applicable]


MAX_SHARED = 20_000  # outcomes kept for one report (a generated batch of 10,000 documents has a few hundred kinds)


# Where `shared` keeps the outcomes met so far by their id, each with the entry written for it: most of a batch's are
# objects shared between its documents (batch.from_wire, evaluate), found so without a key tuple made and hashed.
_BY_ID = object()
MAX_BY_ID = 4_096


def _shared_outcomes(document: DocumentResult, lang: str, shared: dict) -> list:
    out: list = []
    by_id = shared.get((_BY_ID, lang))  # by language: an entry holds the reason in one
    if by_id is None:
        by_id = shared[_BY_ID, lang] = {}
    for skipped in document.not_applicable:
        known = by_id.get(id(skipped))
        if known is not None and known[0] is skipped:  # the entry holds the outcome: its id names no other meanwhile
            out.append(known[1])
            continue
        reason, paths = skipped.reason(lang), skipped.paths
        key: tuple | None = (skipped.rule, reason, paths) if paths.__class__ is tuple else None
        try:
            found = shared.get(key)
        except TypeError:  # a part that cannot be a key (never one of the pipeline's outcomes): written as it is
            found = key = None
        if found is None:
            found = {"rule": skipped.rule, "reason": reason, "paths": list(paths)}
            if key is not None and len(shared) < MAX_SHARED:
                found = shared[key] = jsonindent.Shared(found)
        if found.__class__ is jsonindent.Shared and len(by_id) < MAX_BY_ID:
            by_id[id(skipped)] = (skipped, found)
        out.append(found)
    return out


def _pack(pack: PackInfo | None) -> dict | None:
    if pack is None:
        return None
    return {"name": pack.name, "version": pack.version, "hash": pack.content_hash, "rules": pack.rules}


def _member(key: str, value: object) -> str:
    """One member of the top-level object, indented as json.dumps(indent=2) would place it."""
    return f"  {json.dumps(key)}: " + jsonindent.dumps(value, "  ")


def write(documents: Iterable[DocumentResult], out: TextIO, meta: ReportMeta, options: RenderOptions) -> Summary:
    summary = Summary()
    head = {"tool": {"name": "budgetcheck", "version": __version__}, "contract": CONTRACT, "rule_pack": _pack(meta.pack)}
    if meta.generated_at:
        head["generated_at"] = meta.generated_at
    out.write("{\n" + ",\n".join(_member(key, value) for key, value in head.items()) + ',\n  "documents": [')
    first = True
    shared: dict = {}
    for document in documents:
        summary.add(document)
        text = jsonindent.dumps(document_dict(document, options.lang, shared), "    ")
        out.write(("\n    " if first else ",\n    ") + text)
        first = False
    out.write("]" if first else "\n  ]")
    out.write(",\n" + _member("summary", summary.as_dict()) + "\n}\n")
    return summary
