"""The folder tree shows the pipeline: every module says its stage, imports only its own stage or lower ones,
never imports by a string, and stays under 500 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

ENGINE = REPO / "engine"
MAX_LINES = 500

# Lowest first: a module may import from its own stage and from those before it, never from a later one.
STAGES = ("base", "ingest", "schema", "dsl", "rules", "evaluate", "pipeline", "ruletests", "batch", "report", "api", "cli")
_STAGE_OF_MODULE = {
    "budgetcheck": "api",
    "budgetcheck.cli": "cli",
    "budgetcheck.batch": "batch",
    "budgetcheck.ruletests": "ruletests",
    "budgetcheck.pipeline": "pipeline",
    "budgetcheck.evaluate": "evaluate",
    "budgetcheck.rules": "rules",
}
_STAGE_OF_PACKAGE = {"budgetcheck.report": "report", "budgetcheck.dsl": "dsl", "budgetcheck.schema": "schema", "budgetcheck.ingest": "ingest"}
BASE = {"findings", "money", "result", "codes", "errors", "version", "pointer", "resources", "output", "coverage", "records"}
# What the first line of a module's docstring starts with, by stage.
LABELS = {
    "base": "Base:", "ingest": "Ingest stage", "schema": "Schema stage:", "dsl": "Rule language:", "rules": "Rules stage:",
    "evaluate": "Evaluate stage:", "pipeline": "Pipeline stage:", "ruletests": "Rule examples:", "batch": "Batch stage:",
    "report": "Report stage:", "api": "budgetcheck, the public API", "cli": "Command line:",
}  # fmt: skip


def _module(path: Path) -> str:
    parts = path.relative_to(ENGINE).with_suffix("").parts
    return ".".join(("budgetcheck", *(parts[:-1] if parts[-1] == "__init__" else parts)))


MODULES = {_module(path): path for path in sorted(ENGINE.rglob("*.py"))}


def stage(module: str) -> str:
    if module in _STAGE_OF_MODULE:
        return _STAGE_OF_MODULE[module]
    for package, name in _STAGE_OF_PACKAGE.items():
        if module == package or module.startswith(package + "."):
            return name
    if module.split(".")[1] in BASE and module.count(".") == 1:
        return "base"
    raise AssertionError(f"{module} belongs to no stage: add it to tests/test_layout.py")


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every budgetcheck module `path` imports, at any depth (function-local imports count), by line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            if node.module and node.module.split(".")[0] == "budgetcheck":
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    found.append((node.lineno, submodule if submodule in MODULES else node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == "budgetcheck")
    return found


def test_every_module_belongs_to_a_stage_in_the_order_of_the_pipeline():
    assert {stage(module) for module in MODULES} == set(STAGES)


def test_no_module_imports_from_a_later_stage():
    upward = [
        f"{path.relative_to(REPO)}:{line}: {stage(module)} imports {target} ({stage(target)})"
        for module, path in MODULES.items()
        for line, target in _imported(path)
        if STAGES.index(stage(target)) > STAGES.index(stage(module))
    ]
    assert upward == []


def test_the_layering_check_sees_function_local_imports_and_tells_a_submodule_from_a_name(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import budgetcheck\nfrom budgetcheck import codes, render\n\n\ndef f():\n    from budgetcheck.report import renderer\n", encoding="utf-8")
    assert sorted(_imported(sample)) == [(1, "budgetcheck"), (2, "budgetcheck"), (2, "budgetcheck.codes"), (6, "budgetcheck.report")]
    assert [stage(target) for _line, target in sorted(_imported(sample))] == ["api", "api", "base", "report"]


def test_nothing_is_imported_by_a_string():
    pattern = re.compile(r"\bimportlib\b|__import__|import_module")
    # the bytecode magic number (the code cache's key, dsl/cache.py) is read from importlib, nothing imported by it
    harmless = {"from importlib.util import MAGIC_NUMBER"}
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in MODULES.values()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and line.strip() not in harmless
    ]
    assert found == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_is_short_and_its_docstring_names_its_stage(module):
    path = MODULES[module]
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_LINES
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring and docstring.splitlines()[0].startswith(LABELS[stage(module)])
