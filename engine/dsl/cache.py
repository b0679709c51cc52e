"""Rule language: the parsed AST of a rule file kept on disk, so that a run need not build the LALR tables and
parse the pack again.

Where: $BUDGETCHECK_CACHE_DIR, else $XDG_CACHE_HOME/budgetcheck, else ~/.cache/budgetcheck; off when
BUDGETCHECK_NO_CACHE is set (to anything but "" or "0"). One file per rule file, named by the hash of what
the AST depends on: the engine's version, the grammar, the AST and builder modules, the rule file's path
and its bytes. A changed pack or engine therefore never finds an old entry.

The AST is kept as plain data in marshal's format (tuples, lists, text, integers, bytes; no code object),
decoded into the frozen dataclasses of dsl/ast.py only (a class not in that module, a field too many or too
few, or a value of another type is refused), with the SHA-256 of the payload beside it; the name also hashes
Python's bytecode magic number and version, whose marshal format it is. An entry that does not decode, whose
digest does not match, or that names a foreign class is ignored and written again; the AST read back still goes
through the checker like a fresh one, or takes the checker's notes kept under the same inputs (dsl/notes.py).
The checker's notes are kept as JSON with their digest (read_payload, write_payload).

The generated module of the pack, once written from the checked AST, audited and run, is kept whole for the next
load of the same pack (dsl/warm.py, in `module/`: its source, code, constants and where each reference closure's
node is). When that entry is missing or unsound, the module is written again and audited (dsl/codegen.py), and
its code object is kept apart too (compiling 70 KB of source is 35-40 ms of a cold start), in `code/`, named by the
hash of the engine key, Python's bytecode magic number and version, and the audited source itself; the
entry repeats the source's digest and carries the digest of its marshal bytes. An entry is used only
when both digests match and the code object passes codegen's structural check (the functions the
source defines, one argument `env`, only the module's own names, only table indices as constants);
anything else is compiled again from the source and written again. Like Python's own __pycache__, this
trusts the user's cache folder not to be forged by someone who can write to it: the digests catch
corruption and staleness, not a forger (who could as well edit the installed package).

The folder stays bounded: an entry used is touched, and each write keeps the most recently used KEEP_AST
rule-file entries and KEEP_CODE code entries (a pack is about a dozen files; a code entry about 0.3 MB), removing
the rest and any temporary file a killed run left behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

from budgetcheck.dsl import ast
from budgetcheck.resources import cache_dir
from budgetcheck.version import __version__

_CLASSES = {name: value for name, value in vars(ast).items() if isinstance(value, type) and dataclasses.is_dataclass(value)}
_HERE = Path(__file__).resolve().parent
_ENGINE_KEY: str | None = None


def directory() -> Path | None:
    """The cache folder, or None when caching is off (resources.cache_dir)."""
    return cache_dir()


def _engine_key() -> str:
    global _ENGINE_KEY
    if _ENGINE_KEY is None:
        digest = hashlib.sha256(__version__.encode())
        for name in ("grammar.lark", "ast.py", "build.py", "parser.py", "cache.py"):
            digest.update(b"\0" + (_HERE / name).read_bytes())
        _ENGINE_KEY = digest.hexdigest()
    return _ENGINE_KEY


def entry(file: str, source: str) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    key = hashlib.sha256(f"{_engine_key()}\0{MAGIC_NUMBER.hex()}\0{sys.version}\0{file}\0".encode() + source.encode("utf-8")).hexdigest()
    return folder / "ast" / f"{key}.bin"


def parsed(file: str, source: str, build: Callable[[], ast.RuleFile], walks: list[list[object]] | None = None) -> ast.RuleFile:
    """The AST of one rule file: from the cache when a sound entry is there, else built and kept. When it comes from
    the cache and `walks` is given, `walks` receives each rule's nodes in the order of notes.walk (decode made them in
    that order), so that the checker's notes need not walk the rules again."""
    path = entry(file, source)
    if path is not None:
        order: list[object] | None = [] if walks is not None else None
        found = _read(path, order)
        if isinstance(found, ast.RuleFile) and found.path == file:
            touch(path)
            if walks is not None:
                walks.extend(_by_rule(order, found.rules))  # type: ignore[arg-type]
            return found
    tree = build()
    if path is not None:
        _write(path, tree)
        prune(path.parent, KEEP_AST)
    return tree


KEEP_AST = 512  # rule-file entries kept: some forty versions of a pack of a dozen files
KEEP_CODE = 32  # code entries kept: a pack's module (about 0.3 MB) and its screens' (dsl/screensource.py), for some sixteen packs
_STALE_SECONDS = 3600  # a temporary file older than this was left by a run that died while writing


def touch(path: Path) -> None:
    """Mark an entry used, so that pruning keeps it (the file's modification time is its last use)."""
    try:
        os.utime(path)
    except OSError:
        return


def prune(folder: Path, keep: int) -> None:
    """Keep the `keep` most recently used entries of `folder`; remove the others and stale temporary files."""
    try:
        with os.scandir(folder) as found:
            files = [(item.stat().st_mtime, item.name, item.path) for item in found if item.is_file()]
    except OSError:
        return
    now = time.time()
    entries = sorted(((mtime, path) for mtime, name, path in files if not name.startswith(".tmp-")), reverse=True)
    doomed = [path for _, path in entries[keep:]]
    doomed += [path for mtime, name, path in files if name.startswith(".tmp-") and now - mtime > _STALE_SECONDS]
    for path in doomed:
        try:
            os.remove(path)
        except OSError:  # another run removed it, or it is not ours to remove
            continue


def read_payload(path: Path) -> str | None:
    """The JSON text kept in an entry, when the entry is there and its digest matches it."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        payload = stored["payload"]
        if not isinstance(payload, str) or hashlib.sha256(payload.encode("utf-8")).hexdigest() != stored["sha256"]:
            return None
        return payload
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):  # absent, truncated, corrupt, foreign
        return None


def write_bytes(path: Path, data: bytes) -> None:
    """Keep an entry's bytes, written whole or not at all (a temporary file renamed); a cache that cannot be written
    only costs the next run the work it would have saved."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".bin")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        return


def write_payload(path: Path, payload: str) -> None:
    """Keep JSON text with its digest, written whole or not at all (write_bytes)."""
    write_bytes(path, json.dumps({"sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(), "payload": payload}, ensure_ascii=False).encode("utf-8"))


AST_FORMAT = b"budgetcheck ast 2\n"


def _by_rule(order: list[object], rules: tuple[ast.Rule, ...]) -> list[list[object]]:
    """The nodes decode made, cut at each rule: each rule's own, itself first (the file's node before them left out)."""
    starts = [at for at, node in enumerate(order) if type(node) is ast.Rule]
    if len(starts) != len(rules) or any(order[at] is not rule for at, rule in zip(starts, rules)):
        return []  # never for a tree decode made; the notes then walk the rules themselves
    return [order[start:end] for start, end in zip(starts, [*starts[1:], len(order)])]


def read_framed(path: Path, form: bytes) -> bytes | None:
    """The payload of an entry write_framed kept under the format line `form`; None when it cannot be read, is of
    another format, or its bytes were changed or cut (the digest beside them does not match)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, at = len(form), len(form) + _DIGEST
    payload = data[at:]
    return payload if data[:head] == form and data[head:at] == _sha(payload) else None


def write_framed(path: Path, form: bytes, payload: bytes) -> None:
    """Keep `payload` under the format line `form` with its SHA-256, written whole or not at all (write_bytes)."""
    write_bytes(path, form + _sha(payload) + payload)


def _read(path: Path, order: list[object] | None = None) -> object:
    payload = read_framed(path, AST_FORMAT)
    if payload is None:
        return None
    try:
        return decode(marshal.loads(payload), order)
    except (ValueError, EOFError, KeyError, TypeError, IndexError, ArithmeticError, RecursionError):  # not plain data, or not the AST's
        return None


def _write(path: Path, tree: ast.RuleFile) -> None:
    try:
        payload = marshal.dumps(encode(tree))
    except (ValueError, RecursionError):  # a tree that cannot be kept only costs the next run its parse
        return
    write_framed(path, AST_FORMAT, payload)


CODE_FORMAT = b"budgetcheck code 1\n"
_DIGEST = 64  # hex characters of a SHA-256


def code_entry(source: str) -> Path | None:
    folder = directory()
    if folder is None:
        return None
    key = hashlib.sha256(f"{_engine_key()}\0{MAGIC_NUMBER.hex()}\0{sys.version}\0".encode() + source.encode("utf-8")).hexdigest()
    return folder / "code" / f"{key}.bin"


def compiled(source: str, build: Callable[[str], CodeType], sound: Callable[[CodeType, str], bool]) -> CodeType:
    """The code object of the generated (and already audited) `source`: from the cache when its entry is sound
    and `sound(code, source)` holds, else `build(source)`, kept for the next run."""
    path = code_entry(source)
    if path is not None:
        found = _read_code(path, source)
        if found is not None and sound(found, source):
            touch(path)
            return found
    code = build(source)
    if path is not None:
        _write_code(path, source, code)
        prune(path.parent, KEEP_CODE)
    return code


def _read_code(path: Path, source: str) -> CodeType | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, at = len(CODE_FORMAT), len(CODE_FORMAT) + 2 * _DIGEST
    if data[:head] != CODE_FORMAT or data[head : head + _DIGEST] != _sha(source.encode("utf-8")):
        return None  # another format, or the entry of another source under this name
    payload = data[at:]
    if data[head + _DIGEST : at] != _sha(payload):
        return None  # changed or truncated bytes
    try:
        code = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _write_code(path: Path, source: str, code: CodeType) -> None:
    try:
        payload = marshal.dumps(code)
    except ValueError:  # a code object that cannot be kept only costs the next run its compiling
        return
    write_bytes(path, CODE_FORMAT + _sha(source.encode("utf-8")) + _sha(payload) + payload)


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).hexdigest().encode("ascii")


# The AST as plain data for marshal: a node is a tuple of its class's number (in the order of _NAMES) and its
# fields in declaration order; a tuple of the AST is a list; a Decimal is the bytes of its text; text, integers,
# booleans and None are themselves. Nothing else is written or read back.
_NAMES = sorted(_CLASSES)
_NUMBER = {_CLASSES[name]: at for at, name in enumerate(_NAMES)}
_LAYOUT = [(_CLASSES[name], tuple(field.name for field in dataclasses.fields(_CLASSES[name]))) for name in _NAMES]
_LEAVES = (str, int, bool, type(None))


def encode(value: object) -> object:
    kind = type(value)
    number = _NUMBER.get(kind)  # type: ignore[arg-type]
    if number is not None:
        return (number, *[encode(getattr(value, name)) for name in _LAYOUT[number][1]])
    if kind is tuple:
        return [encode(item) for item in value]  # type: ignore[attr-defined]
    if kind is Decimal:
        return str(value).encode("ascii")
    if kind in _LEAVES:
        return value
    raise TypeError(f"cannot keep {kind.__name__} in the rule cache")


def decode(value: object, order: list | None = None) -> object:
    """The AST of `encode`'s data. A node is made without its __init__ (which sets each field of a frozen dataclass
    one by one: a third of reading the pack) and must carry exactly its class's fields; a class number out of range,
    a field too many or too few, or a value of any other type is refused. With `order`, every node but the spans is
    appended to it as it is made: depth first, fields in declaration order, the order of dsl/notes.py's walk."""
    kind = type(value)
    if kind is tuple:
        number = value[0]  # type: ignore[index]
        if type(number) is not int or not 0 <= number < len(_LAYOUT):
            raise TypeError("not a class of the AST")
        cls, names = _LAYOUT[number]
        if len(names) != len(value) - 1:  # type: ignore[arg-type]
            raise TypeError(f"the fields of {cls.__name__} do not match")
        node = _new(cls)
        if order is not None and cls is not _SPAN:
            order.append(node)
        fields = node.__dict__
        for name, item in zip(names, value[1:]):  # type: ignore[index]
            kind = type(item)
            if kind in _LEAVES:
                fields[name] = item
            elif kind in _NESTED:
                fields[name] = decode(item, order)
            else:
                raise TypeError(f"{kind.__name__} in the AST")
        return node
    if kind is list:
        return tuple([item if type(item) in _LEAVES else decode(item, order) for item in value])  # type: ignore[attr-defined]
    if kind is bytes:
        return Decimal(value.decode("ascii"))  # type: ignore[union-attr]
    if kind not in _LEAVES:
        raise TypeError(f"{kind.__name__} in the AST")
    return value


_NESTED = (tuple, list, bytes)
_SPAN = ast.Span
_new = object.__new__
