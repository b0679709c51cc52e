"""Where the bundled schemas and rule packs live, in a checkout or an installed wheel."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _bundled(package: str, folder: str) -> Path:
    """The checkout's folder when running from source, else the copy installed inside the package."""
    candidate = _REPO / folder
    if (_REPO / "pyproject.toml").is_file() and candidate.is_dir():
        return candidate
    return Path(str(resources.files(package)))


def schemas_dir() -> Path:
    return _bundled("engine._schemas", "schemas")


def rules_dir() -> Path:
    return _bundled("engine._rules", "rules")
