"""budgetcheck, the public API: load a registry and a rule pack, check paths, render the report.

The pipeline runs one way: ingest -> schema -> rules -> evaluate -> report. A library user loads
a registry and a rule pack once, checks paths, and renders the report:

    import budgetcheck
    pack = budgetcheck.load_pack()
    report = budgetcheck.check_paths([budgetcheck.SAMPLE], pack=pack)
    print(budgetcheck.render(report, "text", lang="en"))

Without a registry or a pack, each call loads the bundled ones (a pack takes about 0.15 s to load).
The command line (`budgetcheck.cli`) is a thin layer over these functions.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import IO, overload

from budgetcheck import pipeline, rules
from budgetcheck.batch import DocumentChecker, iter_results
from budgetcheck.findings import Finding, NotApplicable, Severity
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.money import Money
from budgetcheck.report import BINARY_FORMATS, FORMATS, renderer
from budgetcheck.report.options import RenderOptions
from budgetcheck.resources import sample_path
from budgetcheck.result import DocumentResult, Report, ReportMeta, Summary
from budgetcheck.rules import RulePack
from budgetcheck.schema.registry import SchemaRegistry
from budgetcheck.version import __version__

__all__ = [
    "FORMATS", "SAMPLE", "DocumentResult", "Finding", "Limits", "Money", "NotApplicable", "Report", "ReportMeta", "RulePack",
    "SchemaRegistry", "Severity", "Summary", "__version__", "check_path", "check_paths", "iter_check", "load_pack",
    "load_registry", "render",
]  # fmt: skip

PathArg = str | PathLike[str]

SAMPLE: Path = sample_path()
"""The bundled sample disclosure (YAML), to try the API on."""


def load_registry(extra_dirs: Iterable[PathArg] | None = None) -> SchemaRegistry:
    """The bundled schemas and those under `extra_dirs`; a schema that cannot be used raises SchemaLoadError."""
    return SchemaRegistry.default([Path(folder) for folder in extra_dirs or ()])


def load_pack(registry: SchemaRegistry | None = None, roots: Iterable[PathArg] | None = None, *, screens: bool = True) -> RulePack:
    """The bundled national rule pack, or the rule files and folders `roots`, checked against the registry's
    schemas (the bundled ones by default); a pack that does not load raises RuleLoadError (fail closed).
    `screens=False` loads faster and checks a single document as fast; the results are the same either way."""
    return rules.load_pack(registry if registry is not None else load_registry(), [Path(root) for root in roots] if roots is not None else None, screens=screens)


def check_path(
    path: PathArg, *, registry: SchemaRegistry | None = None, pack: RulePack | None = None, limits: Limits = DEFAULT_LIMITS
) -> DocumentResult:
    """One document (YAML, JSON, or a narrative .txt or .docx) against its schema and the rule pack (the bundled
    one unless given). A document that cannot be read is a result with status "invalid", not an exception."""
    registry = registry if registry is not None else load_registry()
    return pipeline.check_path(Path(path), registry, limits, pack if pack is not None else load_pack(registry))


def iter_check(
    paths: Iterable[PathArg],
    *,
    registry: SchemaRegistry | None = None,
    pack: RulePack | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    keep: Iterable[str] | None = None,
) -> Iterator[DocumentResult]:
    """The results for files and folders (searched recursively, sorted), in input order, one at a time,
    checked in `jobs` worker processes; `progress(done, total)` after each. For batches too large to hold.
    `keep`: the optional parts of a result (`rules`, `sections`) to bring back from worker processes, all
    by default; a report format needs only `budgetcheck.report.NEEDS[format]`."""
    registry = registry if registry is not None else load_registry()
    checker = DocumentChecker(registry, pack if pack is not None else load_pack(registry), limits, frozenset(keep) if keep is not None else None)
    return iter_results([Path(path) for path in paths], checker, jobs, progress)


def check_paths(
    paths: Iterable[PathArg],
    *,
    registry: SchemaRegistry | None = None,
    pack: RulePack | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int = 1,
) -> Report:
    """The report for files and folders, in memory: every document's result, and the pack that judged them."""
    registry = registry if registry is not None else load_registry()
    pack = pack if pack is not None else load_pack(registry)
    documents = list(iter_check(paths, registry=registry, pack=pack, limits=limits, jobs=jobs))
    return Report(documents, ReportMeta(pack.info))


@overload
def render(
    report: Report, output_format: str = ..., lang: str = ..., out: None = None, *, fail_on: str = ..., color: bool = ..., quiet: bool = ...,
    verbose: bool = ..., diagnostics: bool = ...,
) -> str | bytes: ...


@overload
def render(
    report: Report, output_format: str, lang: str, out: IO, *, fail_on: str = ..., color: bool = ..., quiet: bool = ...,
    verbose: bool = ..., diagnostics: bool = ...,
) -> Summary: ...


def render(
    report: Report,
    output_format: str = "text",
    lang: str = "zh",
    out: IO | None = None,
    *,
    fail_on: str = "error",
    color: bool = False,
    quiet: bool = False,
    verbose: bool = False,
    diagnostics: bool = False,
) -> str | bytes | Summary:
    """The report as text, json, html, junit or xlsx (one of FORMATS), in Chinese or English (`lang` "en").

    Without `out`, the rendered report: str, or bytes for xlsx. With `out` (a text stream; binary for
    xlsx), the report is written there document by document (report.documents may then be any
    iterable, consumed once) and the batch Summary is returned: its exit_code(fail_on) is the
    command line's exit status. `fail_on` (error, warning, never) is the severity from which a
    finding fails its junit test case; `color` and `quiet` apply to the text format; `verbose` shows
    the JSON pointer beside each line of a published text; `diagnostics` lists every note of the
    tool on its own reading of a document in text and HTML (else their count and the coverage).
    """
    options = RenderOptions(lang, color=color, quiet=quiet, fail_on=fail_on, verbose=verbose, diagnostics=diagnostics)
    writer = renderer(output_format)
    if out is not None:
        return writer.write(report.documents, out, report.meta, options)
    buffer: IO = io.BytesIO() if output_format in BINARY_FORMATS else io.StringIO()
    writer.write(report.documents, buffer, report.meta, options)
    return buffer.getvalue()
