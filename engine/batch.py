"""Batch stage: many documents, in input order, in worker processes when asked, one result at a time.

The caller receives results as a stream in the order of the input files whatever the scheduling,
so a report written from it is the same byte for byte with one worker or many, and nothing per
document outlives its place in the report. A document that breaks the checker itself becomes an
"invalid" result with the reason; the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from budgetcheck import codes
from budgetcheck.ingest import DOCUMENT_SUFFIXES, Pair
from budgetcheck.ingest.disclosure import NARRATIVE_SUFFIXES, WORKBOOK_SUFFIXES, pair_files
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.pipeline import check_path
from budgetcheck.result import DocumentResult
from budgetcheck.rules import RulePack, load_pack
from budgetcheck.schema.registry import SchemaRegistry


@dataclass(frozen=True)
class Setup:
    """How a worker builds its own registry and pack when it cannot inherit the parent's (spawn):
    the schema folders, the rule files or folders (None: no rules), the limits."""

    schema_roots: tuple[Path, ...]
    rule_roots: tuple[Path, ...] | None
    limits: Limits = DEFAULT_LIMITS


@dataclass(frozen=True)
class DocumentChecker:
    """One registry, one rule pack (None: the schema alone) and the limits, applied to one path at a time."""

    registry: SchemaRegistry
    pack: RulePack | None
    limits: Limits = DEFAULT_LIMITS

    @classmethod
    def build(cls, setup: Setup) -> DocumentChecker:
        registry = SchemaRegistry(setup.schema_roots)
        pack = load_pack(registry, list(setup.rule_roots)) if setup.rule_roots is not None else None
        return cls(registry, pack, setup.limits)

    @property
    def setup(self) -> Setup:
        return Setup(tuple(self.registry.roots), self.pack.roots if self.pack is not None else None, self.limits)

    def check(self, path: Path | Pair) -> DocumentResult:
        try:
            return check_path(path, self.registry, self.limits, self.pack)
        except Exception as error:  # noqa: BLE001 — a checker fault on one file must not stop the batch
            fault = codes.INTERNAL_ERROR
            return DocumentResult.unreadable(str(path), fault.finding(*fault.texts(name=type(error).__name__, error=error)))


# The checker of a worker process. A pool's tasks can only reach their process's state through a
# module global: the parent sets it just before forking (the workers inherit the loaded pack, which
# cannot be pickled) and clears it when the pool closes; a spawned worker builds its own in _start.
_WORKER: DocumentChecker | None = None


def _start(setup: Setup) -> None:
    global _WORKER
    if _WORKER is None:
        _WORKER = DocumentChecker.build(setup)


def _check(path: Path | Pair) -> DocumentResult:
    assert _WORKER is not None
    return _WORKER.check(path)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def expand_inputs(inputs: Iterable[Path]) -> tuple[list[Path | Pair], list[DocumentResult]]:
    """Documents to check, in order; a directory contributes its documents, recursively and sorted. A narrative
    and its workbook are one document (engine/ingest/disclosure.py says how they pair); a workbook that pairs
    with nothing is an invalid row with the reason."""
    files: list[Path | Pair] = []
    problems: list[DocumentResult] = []
    for path in inputs:
        if not path.is_dir():
            files.append(_beside(path))
            continue
        found = sorted(child for child in path.rglob("*") if child.is_file() and child.suffix.lower() in DOCUMENT_SUFFIXES)
        if not found:
            empty = codes.INPUT_EMPTY_DIRECTORY
            problems.append(DocumentResult.unreadable(str(path), empty.finding(*empty.texts(path=path))))
        paired, left = pair_files(found)
        files.extend(paired)
        problems.extend(DocumentResult.unreadable(str(book), error.finding()) for book, error in left)
    unique = list(dict.fromkeys(files))
    return [item for item in unique if not (isinstance(item, Path) and any(isinstance(other, Pair) and item in (other.narrative, other.workbook) for other in unique))], problems


def _beside(path: Path) -> Path | Pair:
    """A file named on the command line, with its partner of the same name beside it: a narrative's workbook,
    a workbook's one narrative."""
    suffix = path.suffix.lower()
    if suffix in NARRATIVE_SUFFIXES:
        book = next((path.with_suffix(s) for s in WORKBOOK_SUFFIXES if path.with_suffix(s).is_file()), None)
        return Pair(path, book) if book is not None else path
    if suffix in WORKBOOK_SUFFIXES:
        texts = [path.with_suffix(s) for s in NARRATIVE_SUFFIXES if path.with_suffix(s).is_file()]
        return Pair(texts[0], path) if len(texts) == 1 else path
    return path


def iter_results(
    inputs: Iterable[Path],
    checker: DocumentChecker,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[DocumentResult]:
    """Results in input order (directories expanded, sorted); `progress(done, total)` after each."""
    files, problems = expand_inputs(inputs)
    total = len(files) + len(problems)
    done = 0
    for problem in problems:
        done += 1
        if progress:
            progress(done, total)
        yield problem
    for result in _results(files, checker, jobs):
        done += 1
        if progress:
            progress(done, total)
        yield result


def _results(files: list[Path | Pair], checker: DocumentChecker, jobs: int) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(files) <= 1:
        yield from map(checker.check, files)
        return
    global _WORKER
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _WORKER = checker if context.get_start_method() == "fork" else None
    jobs = min(jobs, len(files))
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    try:
        with context.Pool(jobs, initializer=_start, initargs=(checker.setup,)) as pool:
            yield from pool.imap(_check, files, chunksize=chunk)
    finally:
        _WORKER = None
