"""Cold-start benchmark: `budgetcheck check` of one document from a fresh process, stage by stage, against the bare imports.

    python benchmarks/bench_cold_start.py                 # 9 interleaved rounds
    python benchmarks/bench_cold_start.py --repeat 15 --json
    python benchmarks/bench_cold_start.py --before /tmp/old # also another tree's engine, interleaved (before/after)
    python benchmarks/bench_cold_start.py --before /tmp/old --before-python /tmp/venv-old/bin/python  # with its own dependencies

Each round runs, in this order and each in a fresh process:
1. the baseline, `python -c "import yaml, jsonschema, lark"`;
2. `budgetcheck check fixtures/xiguan-2019.yaml --output FILE` (the installed CLI);
3. the same for fixtures/xiguan-2019.txt;
4. one process that times each stage of that command in turn: `import budgetcheck.cli`, the schema registry,
   the rule pack (split into reading the parsed rule files, the checker's notes from the rule cache, checking
   the rules (0 when the notes are kept), writing the closures, writing, auditing and compiling the generated
   module or taking its code from the cache, the classification tables)
   and checking and rendering the sample, with the collector paused and frozen as `check` does; plus which
   heavy modules the run imported (referencing and attrs among them: a check of a valid document needs neither);
5. one process that times typer from `app([...])` to the first line of the command's body (typer 0.29's parameter
   adapters imported pydantic there); and `python -c pass`, the interpreter's own start.

With `--before DIR` (a folder holding `budgetcheck`, e.g. a link to another worktree's engine/), the two checks
and the stages also run with that tree's engine first on sys.path, in the same rounds: before and after
measured together (each stage in CPU time of the process, `time.process_time`, which a shared machine's load
inflates less than wall time); `--before-python` runs them with another interpreter (a virtual environment holding that
tree's dependencies, e.g. another typer). Wall and CPU time (the child's user + system) per run; medians over the
rounds, and the ratio of each check to the baseline of the same rounds. The rule cache is the user's (a warm cache
is the ordinary case). Every command runs once before the rounds, not counted: it fills an empty rule cache and
Python's bytecode cache. The children run with Python's bytecode cache on, as an installed package runs (pip
compiles it at install): PYTHONDONTWRITEBYTECODE is taken out of their environment, since a process that
finds no bytecode compiles the package's ~60 modules from source on every start (about 100 ms; `--no-bytecode`
keeps the variable and measures that, where the trees have no __pycache__ yet). Nothing here is run by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"

STAGES = r"""
import gc, inspect, json, sys, time, collections
T = collections.Counter()
start = time.process_time()
import budgetcheck.cli
T["import budgetcheck.cli"] = time.process_time() - start
import budgetcheck
from budgetcheck import rules
from budgetcheck.dsl import cache, check, classification, codegen
# whether this tree's `check` freezes what it loaded inside the pause (since issue 15f) or after it
FROZEN_INSIDE = "frozen before the collector runs again" in open(budgetcheck.cli.__file__, encoding="utf-8").read()

def timed(owner, name, label):
    inner = getattr(owner, name, None)
    if inner is None:  # a stage this version of the code does not have
        return
    def run(*args, **kwargs):
        began = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            T[label] += time.process_time() - began
    setattr(owner, name, run)

timed(cache, "parsed", "pack: parsed rule files (AST cache)")
try:
    from budgetcheck.dsl import notes
    timed(notes, "read", "pack: checker's notes (rule cache)")
except ImportError:  # a tree from before the notes were kept
    pass
timed(check.RuleChecker, "rule", "pack: check (0 when the notes are kept)")
timed(classification, "load_table", "pack: of it, classification tables")
timed(rules, "_compile", "pack: closures")
timed(rules, "compile_rules", "pack: generated module (all)")
timed(codegen.Module, "function", "pack: of it, writing the source")
timed(codegen, "audit", "pack: of it, audit of the source")
timed(codegen, "_compile_source", "pack: of it, compile() (0 on a code cache hit)")
timed(cache, "compiled", "pack: of it, compile() or the code cache")
try:
    from budgetcheck.dsl import warm
    timed(warm, "read", "pack: of it, the kept module (dsl/warm.py)")
except ImportError:  # a tree from before the module was kept
    pass
try:
    from budgetcheck.dsl import textonce
    timed(textonce, "route", "pack: of it, the text rules' routes")
except ImportError:  # a tree from before the text rules' routes
    pass
# as `check` of one file loads it: without the screens, when this tree's load_pack can leave them out
ONE_FILE = {"screens": False} if "screens" in inspect.signature(rules.load_pack).parameters else {}
paused = getattr(rules, "gc_paused", None)
began = time.process_time()
if paused is not None:  # as `check` does since the collector is paused while loading (and frozen before it runs again)
    with paused():
        registry = budgetcheck.load_registry()
        T["schema registry"] = time.process_time() - began
        began = time.process_time()
        pack = rules.load_pack(registry, **ONE_FILE)
        if FROZEN_INSIDE:
            gc.freeze()
    gc.freeze()
else:
    registry = budgetcheck.load_registry()
    T["schema registry"] = time.process_time() - began
    began = time.process_time()
    pack = rules.load_pack(registry, **ONE_FILE)
T["rule pack"] = time.process_time() - began
import io
began = time.process_time()
report = budgetcheck.check_paths([sys.argv[1]], registry=registry, pack=pack)
budgetcheck.render(report, "text", "zh", io.StringIO())
T["check and render the sample"] = time.process_time() - began
T["total in process"] = time.process_time() - start
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"typer", "jsonschema", "lark", "docx", "openpyxl", "pypdfium2", "opencc", "pydantic", "referencing", "attrs"})
print(json.dumps({"stages": T, "imported": heavy}))
"""

TYPER = r"""
import json, sys, time
import budgetcheck.cli as cli
entered = {}
real = cli._registry
def registry(*args, **kwargs):
    entered["at"] = time.process_time()
    return real(*args, **kwargs)
cli._registry = registry
began = time.process_time()
try:
    cli.app(["check", sys.argv[1], "--quiet", "--jobs", "1", "--output", sys.argv[2]])
except SystemExit:
    pass
print(json.dumps({"typer": entered["at"] - began}))
"""


ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _run(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one child process, and its standard output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO, env=ENVIRONMENT)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="interleaved rounds")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--before", type=Path, help="a folder holding another tree's budgetcheck package, run in the same rounds")
    parser.add_argument("--before-python", type=Path, help="the interpreter for --before (default: this one)")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE in the children's environment")
    args = parser.parse_args()
    if args.no_bytecode:
        ENVIRONMENT["PYTHONDONTWRITEBYTECODE"] = "1"
    before_python = str(args.before_python or sys.executable)
    executable = Path(sys.executable)
    cli = str(executable.parent / "budgetcheck")
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as scratch:
        report = str(Path(scratch) / "report.txt")
        commands = {
            "baseline: import yaml, jsonschema, lark": [sys.executable, "-c", "import yaml, jsonschema, lark"],
            "python -c pass": [sys.executable, "-c", "pass"],
            "check .yaml": [cli, "check", str(FIXTURES / "xiguan-2019.yaml"), "--jobs", "1", "--output", report],
            "check .txt": [cli, "check", str(FIXTURES / "xiguan-2019.txt"), "--jobs", "1", "--output", report],
        }
        variants = {"": ""}
        if args.before is not None:
            variants["before: "] = f"import sys; sys.path.insert(0, {str(args.before.resolve())!r}); "
            launch = variants["before: "] + "sys.argv[0] = 'budgetcheck'; from budgetcheck.cli import main; main()"
            for name in ("check .yaml", "check .txt"):
                commands[f"before: {name}"] = [before_python, "-c", launch, *commands[name][1:]]
        for command in commands.values():
            _run(command)  # fills an empty rule cache and the bytecode cache; not counted
        for label, prefix in variants.items():
            python = before_python if label else sys.executable
            _run([python, "-c", prefix + STAGES, str(FIXTURES / "xiguan-2019.yaml")])
            _run([python, "-c", prefix + TYPER, str(FIXTURES / "xiguan-2019.yaml"), report])
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        stages: dict[str, list[float]] = {}
        imported: set[str] = set()
        load = os.getloadavg()[0]
        for _round in range(args.repeat):
            for name, command in commands.items():
                wall, cpu, _out = _run(command)
                walls[name].append(wall)
                cpus[name].append(cpu)
            for label, prefix in variants.items():
                python = before_python if label else sys.executable
                _wall, _cpu, out = _run([python, "-c", prefix + STAGES, str(FIXTURES / "xiguan-2019.yaml")])
                found = json.loads(out)
                for stage, seconds in found["stages"].items():
                    stages.setdefault(label + stage, []).append(seconds)
                if not label:
                    imported.update(found["imported"])
                _wall, _cpu, out = _run([python, "-c", prefix + TYPER, str(FIXTURES / "xiguan-2019.yaml"), report])
                stages.setdefault(label + "typer: app() to the command body", []).append(json.loads(out)["typer"])
    base = statistics.median(walls["baseline: import yaml, jsonschema, lark"])
    base_cpu = statistics.median(cpus["baseline: import yaml, jsonschema, lark"])
    result = {
        "python": platform.python_version(),
        "bytecode": not args.no_bytecode,
        "repeat": args.repeat,
        "load_average": [load, os.getloadavg()[0]],
        "runs": {
            name: {
                "median_wall": statistics.median(walls[name]),
                "median_cpu": statistics.median(cpus[name]),
                "wall_ratio": statistics.median(walls[name]) / base,
                "cpu_ratio": statistics.median(cpus[name]) / base_cpu,
            }
            for name in commands
        },
        "stages_median_ms": {stage: round(statistics.median(values) * 1000, 1) for stage, values in stages.items()},
        "imported_by_a_yaml_check": sorted(imported),
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    print(f"Python {result['python']}, bytecode cache {'on' if result['bytecode'] else 'off'}, {args.repeat} interleaved rounds, load average {load:.2f} -> {result['load_average'][1]:.2f}")
    for name, figures in result["runs"].items():
        print(f"  {name:42} wall {figures['median_wall'] * 1000:7.0f} ms ({figures['wall_ratio']:.2f}x)   CPU {figures['median_cpu'] * 1000:7.0f} ms ({figures['cpu_ratio']:.2f}x)")
    print("stages of one `check .yaml` in process (medians, CPU ms):")
    for stage, ms in result["stages_median_ms"].items():
        print(f"  {stage:58} {ms:8.1f}")
    print("heavy modules imported:", ", ".join(result["imported_by_a_yaml_check"]) or "none")


if __name__ == "__main__":
    main()
