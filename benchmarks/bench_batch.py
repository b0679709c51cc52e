"""Batch benchmark: documents per second of `budgetcheck check`, peak memory, where the time goes, two baselines.

    python benchmarks/bench_batch.py                      # 10,000 generated JSON documents, 3 repeats
    python benchmarks/bench_batch.py --n 2000 --repeat 5  # smaller and quicker
    python benchmarks/bench_batch.py --profile            # also cProfile the library path

1. Generates N documents with benchmarks/generate.py (seed 0, 20 % with one defect, 10 corrupt)
   into --dir, or reuses them when --dir already holds that batch.
2. Runs the installed CLI, `budgetcheck check DIR --format json --output FILE --jobs J`, for each J,
   --repeat times, interleaved: wall time, documents per second, the largest single process
   (ru_maxrss of the children) and the largest sum of resident memory over the process tree
   (sampled from /proc), CPU seconds of the whole process tree (the wrapper's RUSAGE_CHILDREN) and of
   the parent process alone (its own utime + stime, sampled from /proc: reading results from the
   workers and rendering the report). The floor runs in the same rounds, interleaved with the checks:
   a fresh Python process that reads every file and `json.loads` it, nothing else. The start-up cost
   (the same command on one document) is measured too, and the cold start of `check` of the sample
   (fixtures/xiguan-2019.yaml) against `python -c "import yaml, jsonschema, lark"`, interleaved.
3. Library path over the first --stage-docs documents, with the stages of
   budgetcheck.pipeline.check_loaded copied here and timed separately: load (read + parse with
   positions), schema (pick the schema, validate, turn errors into findings), amounts (find,
   normalise, precision), rules (evaluate the pack), locate (line and column for each finding).
4. Baselines on the same documents, already loaded: (a) jsonschema alone with a cached validator
   (`registry.validator(id).python.iter_errors`), and jsonschema-rs alone (`.fast.is_valid`);
   (b) the hand-written arithmetic identities of benchmarks/bench_rules.py, alone and end to end
   (read + json.loads + identities).

Medians over repeats; ratios are medians over medians. Nothing here is run by pytest.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import generate
from bench_rules import handwritten_identities

from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import IngestError, load_document
from budgetcheck.rules import load_pack
from budgetcheck.schema.amounts import iter_amounts, normalise, precision_findings
from budgetcheck.schema.findings import schema_findings
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import (
    SchemaRegistry,
    UnknownSchemaError,
    jsonschema_rs,
)

SEED, ERROR_SHARE, CORRUPT = 0, 0.2, 10
STAGES = ("load", "schema", "amounts", "rules", "locate")


# -- the documents ---------------------------------------------------------------------------


def ensure_documents(n: int, folder: Path, keep_sample_defects: bool = False) -> tuple[list[Path], float | None]:
    """The batch in `folder`, generated unless the manifest says it is already there."""
    manifest = folder / "manifest.jsonl"
    wanted = {"n": n, "seed": SEED, "error_share": ERROR_SHARE, "corrupt": CORRUPT, "keep_sample_defects": keep_sample_defects}
    stamp = folder / "batch.params"
    if manifest.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return sorted(folder / json.loads(line)["file"] for line in manifest.read_text(encoding="utf-8").splitlines()), None
    started = time.perf_counter()
    batch = generate.generate(n, folder, seed=SEED, error_share=ERROR_SHARE, corrupt=CORRUPT, keep_sample_defects=keep_sample_defects)
    stamp.write_text(json.dumps(wanted))
    return batch.paths, time.perf_counter() - started


# -- the CLI ---------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found, frontier = [], [pid]
    table: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            table.setdefault(int(fields[1]), []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    while frontier:
        current = frontier.pop()
        found.append(current)
        frontier.extend(table.get(current, []))
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _own_cpu_seconds(pid: int) -> float:
    """utime + stime of the process itself, without its children."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


class TreeMemory(threading.Thread):
    """Samples the summed resident memory of a process and its descendants, and the own CPU time of the
    wrapper's child (the command's parent process)."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.parent_cpu = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            tree = _children(self.pid)
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in tree))
            if len(tree) > 1:
                self.parent_cpu = max(self.parent_cpu, _own_cpu_seconds(tree[1]))


_WRAPPER = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - started, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)
"""

# The floor: what any checker must do with these files, in a fresh process (its start-up included, as the CLI's is).
_FLOOR = """
import json, sys
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("doc-*.json")):
    try:
        json.loads(path.read_bytes())
    except ValueError:
        pass
"""


# Every command runs with Python's bytecode cache on, as an installed package does (pip compiles it at install): a
# sandbox or CI that sets PYTHONDONTWRITEBYTECODE would otherwise make each start compile our ~70 modules (~100 ms).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_wrapped(command: list[str], jobs: int) -> dict:
    """One command in a fresh wrapper process, so ru_maxrss and the CPU times are this run's alone."""
    process = subprocess.Popen([sys.executable, "-c", _WRAPPER, *command], stdout=subprocess.PIPE, text=True, env=ENVIRONMENT)
    sampler = TreeMemory(process.pid, interval=0.05 if jobs == 0 else 0.2)
    sampler.start()
    out, _ = process.communicate()
    sampler.stopped.set()
    sampler.join()
    wall, maxrss, code, cpu = out.split()
    return {
        "jobs": jobs, "seconds": float(wall), "max_process_kib": int(maxrss), "tree_peak_kib": sampler.peak_kib, "exit": int(code),
        "cpu_seconds": float(cpu), "parent_cpu_seconds": sampler.parent_cpu,
    }  # fmt: skip


# the command on PATH, else the one installed beside this Python (a venv not activated): no PATH set up by hand
BUDGETCHECK = shutil.which("budgetcheck") or str(Path(sys.executable).with_name("budgetcheck"))


def run_cli(target: Path, jobs: int, output: Path) -> dict:
    return run_wrapped([BUDGETCHECK, "check", str(target), "--format", "json", "--output", str(output), "--jobs", str(jobs)], jobs)


def run_floor(folder: Path) -> dict:
    return run_wrapped([sys.executable, "-c", _FLOOR, str(folder)], 0)


def measure_cold_start(repeat: int) -> dict:
    """`budgetcheck check` of the sample against importing the three libraries it cannot do without, interleaved."""
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as scratch:
        output = Path(scratch) / "report.txt"
        check = [BUDGETCHECK, "check", str(REPO / "fixtures" / "xiguan-2019.yaml"), "--output", str(output), "--jobs", "1"]
        imports = [sys.executable, "-c", "import yaml, jsonschema, lark"]
        runs: dict[str, list[dict]] = {"check": [], "imports": []}
        run_wrapped(check, 0), run_wrapped(imports, 0)  # not counted: fills the rule cache and the bytecode cache
        for round_ in range(repeat):
            for name in (("check", "imports") if round_ % 2 == 0 else ("imports", "check")):
                runs[name].append(run_wrapped(check if name == "check" else imports, 0))
    return {
        name: {"median_seconds": statistics.median(run["seconds"] for run in mine), "median_cpu_seconds": statistics.median(run["cpu_seconds"] for run in mine)}
        for name, mine in runs.items()
    }


def report_summary(output: Path) -> dict:
    """The report's top-level summary, read from the end of the (large) file."""
    size = output.stat().st_size
    with output.open("rb") as handle:
        handle.seek(max(0, size - 400_000))
        tail = handle.read().decode("utf-8", errors="ignore")
    return json.loads("{" + tail[tail.rfind('"summary"') :])["summary"]


def measure_cli(folder: Path, count: int, jobs: list[int], repeat: int) -> dict:
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        output = Path(scratch) / "report.json"
        single = Path(scratch) / "one"
        single.mkdir()
        (single / "doc.json").write_bytes(next(path for path in sorted(folder.glob("doc-*.json"))).read_bytes())
        startup = [run_cli(single, 1, output, )["seconds"] for _ in range(repeat)]
        summary, report_bytes = None, 0
        kinds = [0, *jobs]  # 0: the floor
        for round_ in range(repeat):
            order = kinds[round_ % len(kinds) :] + kinds[: round_ % len(kinds)]
            for job in order:
                run = run_floor(folder) if job == 0 else run_cli(folder, job, output)
                run["docs_per_s"] = count / run["seconds"]
                runs.append(run)
                if summary is None and job:
                    summary, report_bytes = report_summary(output), output.stat().st_size
    by_jobs = {}
    for job in kinds:
        mine = [run for run in runs if run["jobs"] == job]
        seconds = statistics.median(run["seconds"] for run in mine)
        cpu = statistics.median(run["cpu_seconds"] for run in mine)
        by_jobs[job] = {
            "runs": mine,
            "median_seconds": seconds,
            "median_docs_per_s": count / seconds,
            "docs_per_s_without_startup": count / max(seconds - statistics.median(startup), 1e-9),
            "median_cpu_ms_per_doc": cpu / count * 1000,
            "median_parent_cpu_ms_per_doc": statistics.median(run["parent_cpu_seconds"] for run in mine) / count * 1000,
            "max_process_mib": max(run["max_process_kib"] for run in mine) / 1024,
            "tree_peak_mib": max(run["tree_peak_kib"] for run in mine) / 1024,
        }
    floor = by_jobs.pop(0)
    for row in by_jobs.values():
        row["wall_over_floor"] = row["median_seconds"] / floor["median_seconds"]
        row["cpu_over_floor"] = row["median_cpu_ms_per_doc"] / floor["median_cpu_ms_per_doc"]
    return {"startup_seconds": statistics.median(startup), "floor": floor, "by_jobs": by_jobs, "summary": summary, "report_bytes": report_bytes}


# -- the library path, stage by stage ----------------------------------------------------------


def stage_pass(paths: list[Path], registry: SchemaRegistry, pack, baselines: bool) -> dict:
    """One pass over `paths`: seconds per stage (check_loaded's steps) and per baseline, summed."""
    totals = dict.fromkeys(STAGES, 0.0)
    base = {"jsonschema": 0.0, "jsonschema_rs": 0.0, "identities": 0.0, "identities_end_to_end": 0.0}
    checked = 0
    clock = time.perf_counter
    for path in paths:
        t0 = clock()
        try:
            document = load_document(path)
        except IngestError:
            totals["load"] += clock() - t0
            continue
        t1 = clock()
        try:
            entry = registry.for_document(document.data)
        except UnknownSchemaError:
            continue
        root = SchemaNode.root(registry, entry.id)
        validator = registry.validator(entry.id)
        findings = schema_findings(validator.iter_errors(document.data), root)
        t2 = clock()
        sites = list(iter_amounts(document.data, root))
        normalise(document.data, sites)
        findings.extend(precision_findings(sites))
        t3 = clock()
        rule_findings, _skipped = evaluate(pack.for_schema(entry.id), document.data)
        findings.extend(rule_findings)
        t4 = clock()
        [finding.located(tuple(document.location(pointer) for pointer in finding.paths)) for finding in findings]
        t5 = clock()
        for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            totals[stage] += seconds
        checked += 1
        if not baselines:
            continue
        data = document.data
        t0 = clock()
        list(validator.python.iter_errors(data))
        t1 = clock()
        if validator.fast is not None:
            validator.fast.is_valid(data)
        t2 = clock()
        handwritten_identities(data)
        t3 = clock()
        handwritten_identities(json.loads(path.read_bytes(), parse_float=Decimal))
        t4 = clock()
        base["jsonschema"] += t1 - t0
        base["jsonschema_rs"] += t2 - t1
        base["identities"] += t3 - t2
        base["identities_end_to_end"] += t4 - t3
    return {"checked": checked, "stages": totals, "baselines": base}


def measure_library(paths: list[Path], repeat: int) -> dict:
    registry = SchemaRegistry.default()
    pack = load_pack(registry)
    stage_pass(paths[:20], registry, pack, baselines=True)  # warm caches: schema roots, validators, parsers
    passes = [stage_pass(paths, registry, pack, baselines=True) for _ in range(repeat)]
    checked = passes[0]["checked"]

    def per_doc(key: str, name: str) -> float:
        return statistics.median(one[key][name] for one in passes) / checked

    stages = {stage: per_doc("stages", stage) for stage in STAGES}
    baselines = {name: per_doc("baselines", name) for name in passes[0]["baselines"]}
    pipeline = statistics.median(sum(one["stages"].values()) for one in passes) / checked
    return {"documents": len(paths), "checked": checked, "per_doc_s": stages, "pipeline_per_doc_s": pipeline, "baselines_per_doc_s": baselines}


def profile_library(paths: list[Path], top: int) -> str:
    from budgetcheck.pipeline import check_path

    registry = SchemaRegistry.default()
    pack = load_pack(registry)
    for path in paths[:10]:
        check_path(path, registry, pack=pack)
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        check_path(path, registry, pack=pack)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


# -- report ----------------------------------------------------------------------------------


def environment() -> dict:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "jsonschema_rs": getattr(jsonschema_rs, "__version__", "installed") if jsonschema_rs is not None else "absent",
        "load_average": os.getloadavg(),
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.3f} ms"


def render(result: dict) -> str:
    out = io.StringIO()
    env = result["environment"]
    out.write(f"commit {env['commit']}{' (dirty)' if env['dirty'] else ''}, Python {env['python']}, {env['cpus']} CPUs, jsonschema-rs {env['jsonschema_rs']}\n")
    out.write(f"load average before {env['load_average']}, after {result['load_average_after']}\n")
    out.write("documents: the sample's own defects kept (--keep-sample-defects)\n" if result.get("keep_sample_defects") else "documents: clean apart from the injected defects\n")
    if result.get("generated_seconds"):
        out.write(f"generated {result['n']} documents in {result['generated_seconds']:.1f} s\n")
    cli = result.get("cli")
    if cli:
        out.write(f"\nCLI, {result['n']} JSON documents, medians of {result['repeat']} runs (start-up on one document: {cli['startup_seconds']:.2f} s)\n")
        out.write(
            "| --jobs | wall (median) | documents/s | documents/s without start-up | CPU per document (tree) | of it, the parent | wall / floor | CPU / floor | largest process | process tree peak |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        )
        floor = cli["floor"]
        out.write(
            f"| floor: read + json.loads | {floor['median_seconds']:.1f} s | {floor['median_docs_per_s']:,.0f} | | {floor['median_cpu_ms_per_doc']:.3f} ms | | 1 | 1 | {floor['max_process_mib']:.0f} MiB | |\n"
        )
        for job, row in cli["by_jobs"].items():
            out.write(
                f"| {job} | {row['median_seconds']:.1f} s | {row['median_docs_per_s']:,.0f} | {row['docs_per_s_without_startup']:,.0f} | {row['median_cpu_ms_per_doc']:.2f} ms | "
                f"{row['median_parent_cpu_ms_per_doc']:.2f} ms | {row['wall_over_floor']:.1f}x | {row['cpu_over_floor']:.1f}x | {row['max_process_mib']:.0f} MiB | {row['tree_peak_mib']:.0f} MiB |\n"
            )
        jobs = sorted(cli["by_jobs"])
        if len(jobs) > 1:
            speedup = cli["by_jobs"][jobs[-1]]["median_docs_per_s"] / cli["by_jobs"][jobs[0]]["median_docs_per_s"]
            out.write(f"speed-up --jobs {jobs[-1]} over --jobs {jobs[0]}: {speedup:.2f}x\n")
        if cli["summary"]:
            out.write(f"report summary: {json.dumps(cli['summary']['status'])}, findings {json.dumps(cli['summary']['findings'])}\n")
            out.write(f"report size: {cli['report_bytes'] / 1e6:,.1f} MB\n")
    cold = result.get("cold_start")
    if cold:
        check, imports = cold["check"], cold["imports"]
        out.write(
            f"\ncold start, medians of {result['repeat_cold']}: `budgetcheck check fixtures/xiguan-2019.yaml` {check['median_seconds']:.2f} s wall, {check['median_cpu_seconds']:.2f} s CPU; "
            f"`python -c \"import yaml, jsonschema, lark\"` {imports['median_seconds']:.2f} s wall, {imports['median_cpu_seconds']:.2f} s CPU ({check['median_seconds'] / imports['median_seconds']:.1f}x)\n"
        )
    library = result["library"]
    pipeline = library["pipeline_per_doc_s"]
    out.write(f"\nLibrary path, {library['checked']} readable documents of {library['documents']}, per document, medians of {result['repeat']} passes\n")
    out.write("| stage | per document | share |\n|---|---:|---:|\n")
    for stage, seconds in library["per_doc_s"].items():
        out.write(f"| {stage} | {_ms(seconds)} | {seconds / pipeline:.0%} |\n")
    out.write(f"| **all** | **{_ms(pipeline)}** ({1 / pipeline:,.0f} documents/s) | |\n")
    out.write("\nBaselines on the same documents, per document\n| baseline | per document | check pipeline / baseline |\n|---|---:|---:|\n")
    names = {
        "jsonschema": "(a) jsonschema iter_errors alone, cached validator, document already loaded",
        "jsonschema_rs": "(a') jsonschema-rs is_valid alone, document already loaded",
        "identities": "(b) hand-written arithmetic identities, document already loaded",
        "identities_end_to_end": "(b') read + json.loads + hand-written identities",
    }
    for name, seconds in library["baselines_per_doc_s"].items():
        if seconds:
            out.write(f"| {names[name]} | {_ms(seconds)} | {pipeline / seconds:,.1f}x |\n")
    if result.get("profile"):
        out.write("\n" + result["profile"])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="documents in the batch (default 10,000)")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "budgetcheck-bench", help="where the batch is generated or found")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--stage-docs", type=int, default=500, help="documents for the stage split and the baselines")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI runs (library path only)")
    parser.add_argument("--repeat-cold", type=int, default=7, help="cold starts of check and of the bare imports, each")
    parser.add_argument("--profile", action="store_true", help="cProfile check_path over --profile-docs documents")
    parser.add_argument("--profile-docs", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the tables")
    parser.add_argument("--keep-sample-defects", action="store_true", help="documents that keep the sample's own ~60 warnings (the generator's old behaviour)")
    args = parser.parse_args(argv)

    result: dict = {"n": args.n, "repeat": args.repeat, "keep_sample_defects": args.keep_sample_defects, "environment": environment()}
    paths, result["generated_seconds"] = ensure_documents(args.n, args.dir, args.keep_sample_defects)
    if not args.no_cli:
        result["cold_start"], result["repeat_cold"] = measure_cold_start(args.repeat_cold), args.repeat_cold
        result["cli"] = measure_cli(args.dir, args.n, args.jobs, args.repeat)
    stage_paths = paths[: args.stage_docs]
    result["library"] = measure_library(stage_paths, args.repeat)
    if args.profile:
        result["profile"] = profile_library(stage_paths[: args.profile_docs], 25)
    result["load_average_after"] = os.getloadavg()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print(render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
