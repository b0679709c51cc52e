"""Rule language: the generated module of a pack kept in the rule cache, so that a warm start need not write it again.

A cold load writes the pack's module from the checked AST (dsl/codegen.py): its source, its constants table K and
its reference closures F, each F[n] the closure the reference compiler builds for one node of one rule. All three
depend only on what the checker's notes depend on (dsl/notes.py: the engine's rule-language, schema and rules-stage
modules, Python's and `regex`'s versions, the schemas, the classification tables) and on the pack's rule files in
their order (the pack's content hash, rules.pack_info). This entry keeps them under the hash of exactly that: the
source and its code object, the constants as plain data (text, integers, booleans, None, tuples; a Decimal as the
bytes of its text), and per F[n] the rule (its index in the pack), the kind of closure (codegen.RECIPES) and the
node's position in the rule's fixed walk (notes.walk, the order the AST cache decodes in). A warm load takes them
instead of writing the module, and the functions are named again in the writer's order.

An entry is written only from a module that went through codegen.run_audited: its source audited (no literal, no
foreign name) and its code compiled from it, or kept and found `sound`. Read back, the code is run when it has its
source's shape at module level (codegen.kept_functions: the source's functions in its order, nothing else), without
auditing the source and checking each function against it again (~11 ms of a cold start): the entry's digest stands
for both, and like Python's own __pycache__ the cache trusts its folder not to be forged (dsl/cache.py). Code of
another shape sends the source through the audit and the compiler, and the entry is written again.

Like the other entries (dsl/cache.py): marshal's format of plain data only, the SHA-256 of the payload beside it, the
name hashing Python's bytecode magic number and version; an entry that does not decode, whose digest does not match,
that names an unknown kind, a rule or a position out of range or a node that is not an expression, is ignored, and
the module is written again and kept again.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Sequence
from decimal import Decimal
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

from budgetcheck.dsl import ast, cache, notes
from budgetcheck.schema.registry import SchemaRegistry

FORMAT = b"budgetcheck module 1\n"
KEEP = 16  # module entries kept: some sixteen packs (an entry is about 0.6 MB, most of it the code object)
_LEAVES = (str, int, bool, type(None))


def entry(content_hash: str, registry: SchemaRegistry, kinds: Sequence[str]) -> Path | None:
    """Where the module of the pack whose rule files hash to `content_hash` (rules.pack_info: each file's name and
    bytes, in the pack's order) is kept, or None when caching is off. `kinds` are codegen.RECIPES' names: a writer
    with others keys apart."""
    folder = cache.directory()
    if folder is None:
        return None
    key = f"{notes._engine_key()}\0{registry.digest}\0{notes._tables_key()}\0{MAGIC_NUMBER.hex()}\0{sys.version}\0{','.join(kinds)}\0{content_hash}"
    return folder / "module" / f"{hashlib.sha256(FORMAT + key.encode()).hexdigest()}.bin"


class Kept:
    """A module read back: its source and code, its constants, and per F[n] (rule index, kind, node)."""

    def __init__(self, source: str, code: CodeType, constants: list[object], closures: list[tuple[int, str, ast.Expr]]) -> None:
        self.source = source
        self.code = code
        self.constants = constants
        self.closures = closures


def read(path: Path | None, rules: Sequence[ast.Rule], nodes: Sequence[Sequence[object] | None], kinds: Sequence[str]) -> Kept | None:
    """The module kept at `path` for the pack of `rules`, whose walks are `nodes` (None: a rule whose walk is not at
    hand, made here by notes.walk), when the entry is sound and every closure names a node that is an expression."""
    payload = cache.read_framed(path, FORMAT) if path is not None else None
    if payload is None:
        return None
    try:
        source, code, constants, closures = marshal.loads(payload)
        decoded = [_decode(value) for value in constants]
        found = _found(closures, rules, nodes, kinds)
    except (ValueError, EOFError, TypeError, ArithmeticError, RecursionError):
        return None
    if type(source) is not str or type(code) is not CodeType or found is None:
        return None
    cache.touch(path)
    return Kept(source, code, decoded, found)


def _found(closures: list, rules: Sequence[ast.Rule], nodes: Sequence[Sequence[object] | None], kinds: Sequence[str]) -> list[tuple[int, str, ast.Expr]] | None:
    """Each kept (rule, kind, position) with the node at that position of the rule's walk, or None when one does not fit."""
    walks: dict[int, Sequence[object]] = {}
    out = []
    for rule, kind, position in closures:
        if type(rule) is not int or not 0 <= rule < len(rules) or kind not in kinds or type(position) is not int or position < 0:
            return None
        walk = walks.get(rule)
        if walk is None:
            walk = walks[rule] = nodes[rule] or notes.walk(rules[rule])
        if position >= len(walk) or not isinstance(walk[position], ast.Expr):
            return None
        out.append((rule, kind, walk[position]))
    return out


def write(path: Path | None, source: str, code: CodeType, constants: list[object], closures: list[tuple[int, str, object]], rules: Sequence[ast.Rule]) -> None:
    """Keep a module just written, audited and run (codegen.run_audited gave `code`): each closure's node by its
    position in its rule's walk. Nothing is kept when a node is not found there once (by identity), or a constant is
    not plain data."""
    if path is None:
        return
    positions: dict[int, dict[int, int]] = {}
    kept = []
    for rule, kind, node in closures:
        where = positions.get(rule)
        if where is None:
            walk = notes.walk(rules[rule])
            where = positions[rule] = {id(item): at for at, item in enumerate(walk)}
            if len(where) != len(walk):
                return  # a node reached twice: its position would not name one node
        at = where.get(id(node))
        if at is None:
            return
        kept.append((rule, kind, at))
    try:
        payload = marshal.dumps((source, code, [_encode(value) for value in constants], kept))
        cache.write_framed(path, FORMAT, payload)
    except (TypeError, ValueError):
        return
    cache.prune(path.parent, KEEP)


def _encode(value: object) -> object:
    kind = type(value)
    if kind is Decimal:
        return str(value).encode("ascii")
    if kind is tuple:
        return [_encode(item) for item in value]  # type: ignore[attr-defined]
    if kind in _LEAVES:
        return value
    raise TypeError(f"cannot keep {kind.__name__} among the constants")


def _decode(value: object) -> object:
    kind = type(value)
    if kind is bytes:
        return Decimal(value.decode("ascii"))  # type: ignore[union-attr]
    if kind is list:
        return tuple(_decode(item) for item in value)  # type: ignore[attr-defined]
    if kind in _LEAVES:
        return value
    raise TypeError(f"{kind.__name__} among the constants")
