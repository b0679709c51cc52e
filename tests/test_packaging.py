"""The installed package must carry every module and data file the source tree has, under the name `budgetcheck`."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_engine_package_is_listed_for_installation_as_budgetcheck():
    listed = set(_config()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("budgetcheck", *path.parent.relative_to(REPO / "engine").parts))
        for path in (REPO / "engine").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert found - listed == set()


def test_the_engine_folder_is_installed_as_budgetcheck_and_nothing_as_engine():
    config = _config()
    assert config["tool"]["setuptools"]["package-dir"]["budgetcheck"] == "engine"
    assert not [name for name in config["tool"]["setuptools"]["packages"] if name.split(".")[0] != "budgetcheck"]
    assert config["project"]["scripts"]["budgetcheck"] == "budgetcheck.cli:main"


def test_the_grammar_schemas_and_rules_are_package_data():
    config = _config()
    data = config["tool"]["setuptools"]["package-data"]
    assert "*.lark" in data["budgetcheck.dsl"]
    assert config["tool"]["setuptools"]["package-dir"]["budgetcheck._schemas"] == "schemas"
    assert config["tool"]["setuptools"]["package-dir"]["budgetcheck._rules"] == "rules"
    assert any(pattern.endswith(".rules") for pattern in data["budgetcheck._rules"])


def test_every_data_folder_with_a_python_name_is_listed_for_installation():
    listed = set(_config()["tool"]["setuptools"]["packages"])
    wanted = set()
    for top, package in (("schemas", "budgetcheck._schemas"), ("rules", "budgetcheck._rules")):
        for folder in (REPO / top).rglob("*"):
            parts = folder.relative_to(REPO / top).parts
            if folder.is_dir() and all(part.isidentifier() for part in parts) and "__pycache__" not in parts:
                wanted.add(".".join((package, *parts)))
    assert wanted - listed == set()
