"""Base: where the bundled schemas, rule packs and sample live, in a checkout or an installed wheel, and where the
cache of what an earlier run worked out is kept."""

from __future__ import annotations

import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _bundled(installed: str, folder: str) -> Path:
    """The checkout's folder when running from source, else the copy installed inside the package
    (pyproject.toml installs schemas/ as budgetcheck/_schemas, rules/ as budgetcheck/_rules and the
    sample of fixtures/ as budgetcheck/fixtures)."""
    candidate = _REPO / folder
    if (_REPO / "pyproject.toml").is_file() and candidate.is_dir():
        return candidate
    return Path(__file__).resolve().parent / installed


def schemas_dir() -> Path:
    return _bundled("_schemas", "schemas")


def rules_dir() -> Path:
    return _bundled("_rules", "rules")


def sample_path() -> Path:
    """The faithful 2019 sample disclosure (山海关区西关街道办事处), the document the bundled rule examples patch."""
    return _bundled("fixtures", "fixtures") / "xiguan-2019.yaml"


def cache_dir() -> Path | None:
    """The cache folder (the rule cache, dsl/cache.py; the schemas checked, schema/registry.py), or None when caching
    is off: $BUDGETCHECK_CACHE_DIR, else $XDG_CACHE_HOME/budgetcheck, else ~/.cache/budgetcheck; off when
    BUDGETCHECK_NO_CACHE is set (to anything but "" or "0")."""
    if os.environ.get("BUDGETCHECK_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("BUDGETCHECK_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "budgetcheck"
