"""The installed package must carry every module and data file the source tree has."""

from __future__ import annotations

import tomllib

from tests.conftest import REPO


def test_every_engine_package_is_listed_for_installation():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "engine").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert found - listed == set()


def test_the_grammar_schemas_and_rules_are_package_data():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    assert "*.lark" in data["engine.dsl"]
    assert config["tool"]["setuptools"]["package-dir"]["engine._schemas"] == "schemas"
    assert config["tool"]["setuptools"]["package-dir"]["engine._rules"] == "rules"
    assert any(pattern.endswith(".rules") for pattern in data["engine._rules"])


def test_every_data_folder_with_a_python_name_is_listed_for_installation():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    wanted = set()
    for top, package in (("schemas", "engine._schemas"), ("rules", "engine._rules")):
        for folder in (REPO / top).rglob("*"):
            parts = folder.relative_to(REPO / top).parts
            if folder.is_dir() and all(part.isidentifier() for part in parts) and "__pycache__" not in parts:
                wanted.add(".".join((package, *parts)))
    assert wanted - listed == set()
