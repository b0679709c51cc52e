"""Schema stage: a mark, in the cache folder, that these very schema files passed the registry's checks (each a
valid Draft 2020-12 schema, every regular expression compiling, every $ref resolving inside the registry), so that
a later run of the same files and the same engine need not check them again (about 11 ms of a cold start).

A mark is an empty-looking file named by the hash of what the verdict depends on: this format, the engine's
version, the source of the registry module (its checks), whether jsonschema-rs judged the meta-schema and the
size and time of its installed module, and SchemaRegistry.digest (every schema file's path and text). It holds
that hash again: a mark whose content is not its own name (truncated, emptied, another file renamed) is no mark.
It is written only when every schema was judged by jsonschema-rs and all checks passed; a changed schema, engine
or library therefore finds no mark and is checked again. Like the rule cache, this trusts the user's cache folder
not to be forged by someone who can write to it (who could as well edit the installed package).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from budgetcheck.resources import cache_dir
from budgetcheck.version import __version__

FORMAT = "budgetcheck schemas checked 1"
KEEP = 64  # marks kept (a few bytes each)
_REGISTRY = Path(__file__).resolve().parent / "registry.py"


def _library() -> str:
    try:
        import jsonschema_rs  # noqa: PLC0415 - imported already by the registry when installed
    except ImportError:
        return "no jsonschema-rs"
    try:
        found = os.stat(jsonschema_rs.__file__ or "")
    except (OSError, TypeError):
        return "jsonschema-rs of unknown build"
    return f"{jsonschema_rs.__file__}\0{found.st_size}\0{found.st_mtime_ns}"


def marker(digest: str, rust_judges: bool) -> Path | None:
    """Where the mark of these schema files would be, or None when caching is off or jsonschema-rs does not judge."""
    folder = cache_dir()
    if folder is None or not rust_judges:
        return None
    try:
        source = _REGISTRY.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(f"{FORMAT}\0{__version__}\0{_library()}\0{digest}\0".encode() + source).hexdigest()
    return folder / "schemas" / key


def seen(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        found = path.read_text(encoding="ascii") == path.name
    except (OSError, ValueError):
        return False
    if found:
        try:
            os.utime(path)  # used: kept by pruning
        except OSError:
            pass
    return found


def mark(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(path.name)
        os.replace(temporary, path)
        _prune(path.parent)
    except OSError:  # a mark that cannot be written only costs the next run the checks
        return


def _prune(folder: Path) -> None:
    """Keep the KEEP marks used last; remove the rest."""
    with os.scandir(folder) as found:
        marks = sorted(((item.stat().st_mtime, item.path) for item in found if item.is_file()), reverse=True)
    for _mtime, path in marks[KEEP:]:
        try:
            os.remove(path)
        except OSError:
            continue
