"""What the text rules' timed searches cost on generated documents, with their timeout and without it.

    python benchmarks/bench_pattern_time.py --folder /tmp/bc10k --n 40

Each document goes through `check_path` once, which records its `evaluate()` call; then every rule is evaluated once
more with the joined searches of the text rules (dsl/joinedsearch.py) recorded: the compiled pattern, the text and
the arguments of each call. The calls that the `regex` package runs with a `timeout` (patterns the pack cannot show
to be linear: patterns.untimed) are then timed again, all of them in a row, with that timeout and without it (the same
matches: a timeout only stops a search). The difference is the price of the timeout itself, which on Linux the package
pays as two `clock_gettime` system calls a call (`strace -c`), not per character: a few microseconds a search on a
machine whose system calls are slow. A pattern shown linear runs without it (patterns.few_paths, single_path).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

import regex

import budgetcheck
import budgetcheck.pipeline as pipeline
from budgetcheck.dsl import joinedsearch
from budgetcheck.dsl.runtime import DocumentContext
from budgetcheck.evaluate import evaluate
from budgetcheck.rules import load_pack

sys.path.insert(0, str(Path(__file__).resolve().parent))


class _Recorded:
    """A compiled pattern whose `search` calls are recorded (pattern, positional arguments, keyword arguments)."""

    def __init__(self, compiled: object, calls: list) -> None:
        self.compiled, self.calls = compiled, calls

    def search(self, *args, **kwargs):
        self.calls.append((self.compiled, args, kwargs))
        return self.compiled.search(*args, **kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.compiled, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True, help="generated documents (doc-*.json)")
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    registry = budgetcheck.load_registry()
    pack = load_pack(registry)
    documents = []

    def recorded(rules, data, context):
        documents.append((rules, data, (context.unread, context.precision, context.schema)))
        return evaluate(rules, data, context)

    pipeline.evaluate = recorded  # type: ignore[assignment]
    for path in sorted(args.folder.glob("doc-*.json"))[: args.n]:
        pipeline.check_path(path, registry, pack=pack)

    calls: list = []
    found, searched = joinedsearch._found, joinedsearch._searched
    joinedsearch._found = lambda compiled, *rest, **kw: found(_Recorded(compiled, calls), *rest, **kw)  # type: ignore[assignment]
    joinedsearch._searched = lambda compiled, *rest, **kw: searched(compiled if isinstance(compiled, _Recorded) else _Recorded(compiled, calls), *rest, **kw)  # type: ignore[assignment]
    for rules, data, (unread, precision, schema) in documents:
        evaluate(rules, data, DocumentContext(data, unread, precision, schema))
    joinedsearch._found, joinedsearch._searched = found, searched
    timed = [(compiled, rest, kwargs["timeout"]) for compiled, rest, kwargs in calls if kwargs.get("timeout") is not None and isinstance(compiled, regex.Pattern)]
    count = len(documents)

    def run(with_timeout: bool) -> float:
        start = time.process_time()
        for compiled, rest, timeout in timed:
            if with_timeout:
                compiled.search(*rest, timeout=timeout)
            else:
                compiled.search(*rest)
        return (time.process_time() - start) / count * 1e6

    passes: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.passes):
        for with_timeout in (True, False):
            passes[with_timeout].append(run(with_timeout))
    by_pattern = collections.Counter(compiled.pattern for compiled, _rest, _timeout in timed)
    print(f"{count} documents: {len(calls) / count:.1f} joined searches a document, {len(timed) / count:.1f} of them with a timeout")
    print(f"  those with their timeout {statistics.median(passes[True]):.1f} us a document, without it {statistics.median(passes[False]):.1f} (CPU, median of {args.passes})")
    for pattern, times in by_pattern.most_common(8):
        print(f"  {times / count:4.1f} a document  {pattern[:90]}")


if __name__ == "__main__":
    main()
