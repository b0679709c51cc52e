"""Batch stage: many documents, in input order, in worker processes when asked, one result at a time.

The caller receives results as a stream in the order of the input files whatever the scheduling,
so a report written from it is the same byte for byte with one worker or many, and nothing per
document outlives its place in the report. A document that breaks the checker itself becomes an
"invalid" result with the reason; the batch goes on.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from operator import attrgetter
from pathlib import Path, PosixPath

from budgetcheck import codes
from budgetcheck.findings import Finding, NotApplicable
from budgetcheck.ingest import DOCUMENT_SUFFIXES, Pair
from budgetcheck.ingest.disclosure import NARRATIVE_SUFFIXES, WORKBOOK_SUFFIXES, pair_files
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.pipeline import check_path
from budgetcheck.records import Record, record
from budgetcheck.result import DocumentResult
from budgetcheck.rules import RulePack, load_pack
from budgetcheck.schema.registry import SchemaRegistry


@record
class Setup(Record):
    """How a worker builds its own registry and pack when it cannot inherit the parent's (spawn):
    the schema folders, the rule files or folders (None: no rules), the limits, and which of a result's
    optional parts the parent needs (`DocumentChecker.keep`)."""

    schema_roots: tuple[Path, ...]
    rule_roots: tuple[Path, ...] | None
    limits: Limits = DEFAULT_LIMITS
    keep: frozenset[str] | None = None


@record
class DocumentChecker(Record):
    """One registry, one rule pack (None: the schema alone) and the limits, applied to one path at a time.

    `keep` names the optional parts of a result (`OPTIONAL_PARTS`) that whoever reads the results needs
    (a report format's `report.NEEDS`); None keeps everything. Only results sent from a worker process
    to the parent are slimmed: the others cost nothing to keep."""

    registry: SchemaRegistry
    pack: RulePack | None
    limits: Limits = DEFAULT_LIMITS
    keep: frozenset[str] | None = None

    @classmethod
    def build(cls, setup: Setup) -> DocumentChecker:
        registry = SchemaRegistry(setup.schema_roots)
        pack = load_pack(registry, list(setup.rule_roots)) if setup.rule_roots is not None else None
        return cls(registry, pack, setup.limits, setup.keep)

    @property
    def setup(self) -> Setup:
        return Setup(tuple(self.registry.roots), self.pack.roots if self.pack is not None else None, self.limits, self.keep)

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
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to answer: it stops the pool, once
    if _WORKER is None:
        _WORKER = DocumentChecker.build(setup)
    gc.freeze()  # the checker lives as long as the worker: no collection need walk it (forked: the parent froze it already)
    gc.set_threshold(WORKER_GC_ALLOCATIONS, *gc.get_threshold()[1:])


# The collector's first threshold in a worker. A document's objects are freed by their reference counts, but with
# the default (700 more container objects alive than at the last collection) a worker collected about once per
# generated document, some 60 us (1.8 % of its CPU), and freed nothing (measured over 400 documents, gc.callbacks);
# at 10,000 none ran. A check leaves no cycles (tests/batch/test_no_cyclic_garbage.py); one that did would still be
# collected, once 10,000 objects have built up.
WORKER_GC_ALLOCATIONS = 10_000


def _check(path: Path | Pair) -> Wire:
    assert _WORKER is not None
    return to_wire(_WORKER.check(path), _WORKER.keep, _COMPACTED)


# A worker's outcomes compacted so far, by id: (the outcome, its wire form). Most of a document's fifty-odd outcomes
# are objects evaluate() shares between the documents that have them (1,000 generated documents: 55,212 outcomes, 2,565
# objects), so one is compacted once, not once a document (some 0.2 us each). The entry holds the outcome, so its id
# names no other object while it is kept; at most MAX_COMPACTED are (those made for one document only fill it).
_COMPACTED: dict[int, tuple[NotApplicable, NotApplicable | tuple[str, str, bool]]] = {}
MAX_COMPACTED = 4_096


# -- what a worker sends the parent ---------------------------------------------------------------
# A result pickled whole is about 6.4 kB on the generated batch (benchmarks/README.md): 3.9 kB of
# not-applicable outcomes, 1.6 kB of the ids of the rules applied, 0.6 kB of section titles. The
# parent needs the rule ids only for junit and the section titles only for xlsx; a "missing input"
# outcome is its rule and pointer, its two reasons spelled from the pointer. So a worker sends the
# result without them, and the outcomes as (rule, pointer, unread) where that rebuilds them exactly
# (checked outcome by outcome: any other reason goes whole). The parent's result equals the worker's,
# but for the parts no one asked to keep.

OPTIONAL_PARTS = frozenset({"rules", "sections"})
Wire = tuple[DocumentResult, list]


def _missing(rule: str, pointer: str, unread: bool) -> NotApplicable:
    return NotApplicable(rule, f"缺少数据：{pointer}", f"missing input: {pointer}", (pointer,), unread)


def _compact(outcome: NotApplicable) -> NotApplicable | tuple[str, str, bool]:
    """(rule, pointer, unread) where `_missing` rebuilds the outcome equal to it, else the outcome; decided field by
    field, as NotApplicable's equality compares them, without building the outcome to compare."""
    paths = outcome.paths
    if outcome.__class__ is NotApplicable and paths.__class__ is tuple and len(paths) == 1 and paths[0].__class__ is str:
        pointer = paths[0]
        if outcome.reason_zh == "缺少数据：" + pointer and outcome.reason_en == "missing input: " + pointer:
            return (outcome.rule, pointer, outcome.unread)
    return outcome


def to_wire(result: DocumentResult, keep: frozenset[str] | None, compacted: dict | None = None) -> Wire:
    """The result as a worker sends it: the optional parts not in `keep` (None: all kept) left empty, the
    not-applicable outcomes compacted; `from_wire` restores them. `compacted` (kept by the caller, `_COMPACTED`) holds
    the outcomes compacted so far by their id, with the outcome itself."""
    dropped = {} if keep is None else {part: type(getattr(result, part))() for part in OPTIONAL_PARTS - keep}
    slim = replace(result, not_applicable=[], **dropped)
    if compacted is None:
        return slim, [_compact(outcome) for outcome in result.not_applicable]
    outcomes = []
    for outcome in result.not_applicable:
        entry = compacted.get(id(outcome))
        if entry is None or entry[0] is not outcome:
            entry = (outcome, _compact(outcome))
            if len(compacted) < MAX_COMPACTED:
                compacted[id(outcome)] = entry
        outcomes.append(entry[1])
    return slim, outcomes


def from_wire(wire: Wire, known: dict | None = None) -> DocumentResult:
    """The result a worker sent. `known` (kept by the caller for one batch) holds the outcomes rebuilt so far by their
    (rule, pointer, unread): a NotApplicable is frozen, so the documents of a batch that have the same outcome (most
    of some fifty each) share one object instead of building it again (at most MAX_KNOWN kept)."""
    result, outcomes = wire
    if known is None:
        result.not_applicable = [_missing(*outcome) if isinstance(outcome, tuple) else outcome for outcome in outcomes]
        return result
    restored = []
    for outcome in outcomes:
        if outcome.__class__ is tuple:
            found = known.get(outcome)
            if found is None:
                found = _missing(*outcome)
                if len(known) < MAX_KNOWN:
                    known[outcome] = found
            outcome = found
        restored.append(outcome)
    result.not_applicable = restored
    return result


MAX_KNOWN = 20_000  # outcomes kept for one batch (a generated batch of 10,000 documents has a few hundred kinds)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def expand_inputs(inputs: Iterable[Path]) -> tuple[list[Path | Pair], list[DocumentResult]]:
    """Documents to check, in order; a directory contributes its documents, recursively and sorted. A narrative
    and its workbook are one document (engine/ingest/disclosure.py says how they pair); a workbook that pairs
    with nothing is an invalid row with the reason.

    Every entry of a folder named like a document is checked, whatever it is: a FIFO, a dangling
    link, a loop of links or an unreadable file becomes an invalid row with its reason when checked,
    never a silent skip. A subfolder that cannot be read, and a link to a folder (not followed, so
    that no loop can arise), are invalid rows too."""
    files: list[Path | Pair] = []
    problems: list[DocumentResult] = []
    for path in inputs:
        if not path.is_dir():
            files.append(_beside(path))
            continue
        found, faults = _documents_in(path)
        if not found and not faults:
            empty = codes.INPUT_EMPTY_DIRECTORY
            faults.append(DocumentResult.unreadable(str(path), empty.finding(*empty.texts(path=path))))
        paired, left = pair_files(found)
        files.extend(paired)
        problems.extend(faults)
        problems.extend(DocumentResult.unreadable(str(book), error.finding()) for book, error in left)
    unique = list(dict.fromkeys(files))
    paired = {part for item in unique if isinstance(item, Pair) for part in (item.narrative, item.workbook)}
    return [item for item in unique if not (isinstance(item, Path) and item in paired)], problems


def _beside(path: Path) -> Path | Pair:
    """A file named on the command line, with its partner of the same name beside it: a narrative's workbook,
    a workbook's one narrative."""
    suffix = path.suffix.lower()
    if suffix in NARRATIVE_SUFFIXES:
        books = [path.with_suffix(s) for s in WORKBOOK_SUFFIXES if path.with_suffix(s).is_file()]
        return Pair(path, books[0]) if len(books) == 1 else path  # X.xlsx and X.xls beside it: which is not guessed
    if suffix in WORKBOOK_SUFFIXES:
        texts = [path.with_suffix(s) for s in NARRATIVE_SUFFIXES if path.with_suffix(s).is_file()]
        return Pair(texts[0], path) if len(texts) == 1 else path
    return path


def _documents_in(folder: Path) -> tuple[list[Path], list[DocumentResult]]:
    found: list[Path] = []
    faults: list[tuple[Path, Finding]] = []

    def cannot_read(error: OSError) -> None:
        where = Path(error.filename or folder)
        zh, en = ("没有读取权限", "permission denied") if isinstance(error, PermissionError) else (error.strerror or "", error.strerror or "")
        faults.append((where, codes.INPUT_UNREADABLE.finding(f"无法读取目录：{zh}：{where}", f"cannot read the folder: {en}: {where}")))

    for top, folders, names in os.walk(folder, onerror=cannot_read):
        here = Path(top)
        for name in folders:
            if (here / name).is_symlink():
                faults.append((here / name, codes.INPUT_IS_DIRECTORY.finding(
                    f"指向目录的符号链接不跟随（以免循环）；要检查其中的文档，请直接给出该目录：{here / name}",
                    f"a symbolic link to a folder is not followed (so that no loop can arise); give the folder itself to check its documents: {here / name}",
                )))  # fmt: skip
        found.extend(here / name for name in names if Path(name).suffix.lower() in DOCUMENT_SUFFIXES)
    return sorted(found, key=_ORDER), [DocumentResult.unreadable(str(where), finding) for where, finding in sorted(faults, key=lambda fault: fault[0])]


# The order of sorted(paths), by a key: a POSIX path compares as the list of its parts, so the tuple of them (Path.parts)
# orders paths alike, compared in C (pathlib's __lt__, a Python call a comparison, took 0.1 s of a folder of 10,000
# documents for the parent). A path of another flavour (Windows: its parts compared case-folded) sorts by itself.
_ORDER = attrgetter("parts") if type(Path()) is PosixPath else None

MAX_JOBS_PER_CORE = 4  # more workers than this only add memory and start-up time


def worker_count(jobs: int, files: int) -> int:
    """Worker processes for a batch: never more than its documents, nor than MAX_JOBS_PER_CORE per core."""
    return max(1, min(jobs, files, MAX_JOBS_PER_CORE * default_jobs()))


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
    """Results in order, the collector's first threshold raised to WORKER_GC_ALLOCATIONS meanwhile: the parent reading
    a worker's results, as a worker checking documents, frees a document's objects by their reference counts, and at
    the default threshold it collected every five or six generated documents for nothing (2,000 documents, --jobs 2:
    about 360 collections, 30 ms of the parent's 0.46 s; 4 at 10,000)."""
    first, *rest = gc.get_threshold()
    gc.set_threshold(max(first, WORKER_GC_ALLOCATIONS), *rest)
    try:
        yield from _checked(files, checker, jobs)
    finally:
        gc.set_threshold(first, *rest)


def _checked(files: list[Path | Pair], checker: DocumentChecker, jobs: int) -> Iterator[DocumentResult]:
    jobs = worker_count(jobs, len(files))
    if jobs <= 1:
        yield from map(checker.check, files)
        return
    import multiprocessing  # noqa: PLC0415 - only a batch of several documents starts workers (3 ms of a cold start)

    global _WORKER
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _WORKER = checker if context.get_start_method() == "fork" else None
    chunk = max(1, min(32, len(files) // (jobs * 8)))
    try:
        pool = context.Pool(jobs, initializer=_start, initargs=(checker.setup,))
        try:
            known: dict = {}
            for wire in pool.imap(_check, files, chunksize=chunk):
                yield from_wire(wire, known)
        except BaseException:  # Ctrl-C, a closed output, an error downstream: results may still be on their way
            _stop(pool, multiprocessing)
            raise
        pool.terminate()  # every result read: nothing is on its way
    finally:
        _WORKER = None


STOP_SECONDS = 5.0  # how long a pool interrupted mid-batch may take to stop before its workers are killed


def _stop(pool: object, multiprocessing: object) -> None:
    """Stop the workers of a batch interrupted while results are on their way. Pool.terminate() puts a sentinel on
    the result queue before it stops the workers, and a worker blocked writing a large result to that full queue
    holds the queue's lock: terminate then waits for ever (CPython's Pool; seen under load, a Ctrl-C that hung with
    both workers alive). It runs on a thread of its own for STOP_SECONDS; the workers still alive then are killed,
    and the thread, if still blocked, is left behind (a daemon: the command is ending)."""
    import threading  # noqa: PLC0415 - only an interrupted batch needs it

    stopper = threading.Thread(target=pool.terminate, name="budgetcheck-stop", daemon=True)  # type: ignore[attr-defined]
    stopper.start()
    stopper.join(STOP_SECONDS)
    if stopper.is_alive():
        for child in multiprocessing.active_children():  # type: ignore[attr-defined]
            child.kill()
            child.join(1)
