"""Rule language: what the static checker learned about a rule file, kept in the rule cache, so that a run whose
rule files, schemas and engine are those of an earlier run need not check the pack again (a third of a cold start).

An entry is written only after every rule of its file was checked against every schema the file names and
compiled to closures without an error: a file that fails to load is never kept, and a kept entry stands for a
load that succeeded. It is named by the hash of all it depends on: the engine (its version and the source of
every module of the rule language, the schema navigation and the rules stage; Python's and `regex`'s versions), the schemas (SchemaRegistry.digest:
each file's path and text), the classification tables the checker reads, the rule file's path and its bytes.
A changed schema, table, rule or engine therefore never finds an old entry.

It holds plain JSON (no code, nothing that decodes to an object of ours) with the SHA-256 of the payload beside
it: the schema $ids the file's rules were checked against, and per rule the notes by the position of their node
in a fixed walk of the rule's AST (how each name resolves, whether each subscript indexes or filters, which
schemas each call with a prepare step was prepared for). An entry that does not decode, whose digest does not
match, that names a node of the wrong type, a scope or access that does not exist, a function without a prepare
step or a schema the file did not name, or that notes another number of rules, is ignored: the file is checked
again and the entry written again.

A prepared note (e.g. where a schema keeps narrative text, the classification tables) is not kept: it is made
again from the schema on its first use (annotations.Prepared), for the schemas the run's documents name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from budgetcheck.dsl import ast, cache, patterns
from budgetcheck.dsl.annotations import Access, Annotations, NameScope, Prepared
from budgetcheck.dsl.functions import FUNCTIONS
from budgetcheck.resources import rules_dir
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaRegistry

FORMAT = "budgetcheck notes 1"
_ENGINE = Path(__file__).resolve().parent.parent
_SOURCES = ("dsl", "schema")  # every module of these folders, and rules.py, can change what the checker notes
_KEY: str | None = None
_TABLES: str | None = None
_SCOPES = {scope.value: scope for scope in NameScope}
_ACCESSES = {access.value: access for access in Access}


def walk(rule: ast.Rule) -> list[object]:
    """Every node of a rule, in one fixed order: depth first, fields in declaration order (spans left out)."""
    out: list[object] = []

    def visit(value: object) -> None:
        if type(value) is tuple:
            for item in value:  # type: ignore[attr-defined]
                visit(item)
            return
        names = _FIELDS.get(type(value))
        if names is None:
            return  # a leaf: text, a number, None
        out.append(value)
        for name in names:
            visit(getattr(value, name))

    visit(rule)
    return out


_FIELDS = {
    cls: tuple(item.name for item in dataclasses.fields(cls) if item.name != "span")
    for cls in vars(ast).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls is not ast.Span
}


def _engine_key() -> str:
    global _KEY
    if _KEY is None:
        # the checker compiles each pattern with `regex` (patterns.check_pattern): a kept file skips that too
        digest = hashlib.sha256(f"{FORMAT}\0{cache._engine_key()}\0{sys.version}\0{patterns.engine.__version__}".encode())
        for folder in _SOURCES:
            for path in sorted((_ENGINE / folder).glob("*.py")):
                digest.update(f"\0{folder}/{path.name}\0".encode() + path.read_bytes())
        digest.update(b"\0rules.py\0" + (_ENGINE / "rules.py").read_bytes())
        _KEY = digest.hexdigest()
    return _KEY


def _tables_key() -> str:
    """The classification tables' files (the checker prepares the calls that look codes up with them)."""
    global _TABLES
    if _TABLES is None:
        digest = hashlib.sha256()
        folder = rules_dir() / "classification"
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes() + b"\0")
        _TABLES = digest.hexdigest()
    return _TABLES


def entry(file: str, source: str, registry: SchemaRegistry) -> Path | None:
    folder = cache.directory()
    if folder is None:
        return None
    key = hashlib.sha256(f"{_engine_key()}\0{registry.digest}\0{_tables_key()}\0{file}\0".encode() + source.encode("utf-8")).hexdigest()
    return folder / "notes" / f"{key}.json"


def encode(rules: list[ast.Rule], schema_ids: tuple[str, ...], annotations: list[Annotations]) -> dict:
    out = []
    for rule, notes in zip(rules, annotations, strict=True):
        scopes, accesses, prepared = [], [], []
        for at, node in enumerate(walk(rule)):
            scope = notes.scopes.get(node) if isinstance(node, ast.Name) else None
            if scope is not None:
                scopes.append([at, scope.value])
            access = notes.accesses.get(node) if isinstance(node, ast.Subscript) else None
            if access is not None:
                accesses.append([at, access.value])
            made = notes.prepared.get(node) if isinstance(node, ast.Call) else None
            if made is not None:
                prepared.append([at, list(made)])
        out.append({"scopes": scopes, "accesses": accesses, "prepared": prepared})
    return {"format": FORMAT, "schemas": list(schema_ids), "rules": out}


def decode(
    payload: object, rules: tuple[ast.Rule, ...], schema_ids: tuple[str, ...], registry: SchemaRegistry, walks: list[list[object]] | None = None
) -> list[Annotations] | None:
    """Each rule's annotations from a kept entry, or None when the entry does not fit these rules exactly. `walks`, when
    given, is each rule's `walk` already made (cache.parsed: the nodes in the order the AST cache decoded them)."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT or payload.get("schemas") != list(schema_ids):
        return None
    kept = payload.get("rules")
    if not isinstance(kept, list) or len(kept) != len(rules):
        return None
    out = []
    if walks is not None and len(walks) != len(rules):
        walks = None
    for number, (rule, notes) in enumerate(zip(rules, kept, strict=True)):
        nodes = walks[number] if walks is not None else walk(rule)
        annotations = Annotations()
        for at, value in notes["scopes"]:
            node = _node(nodes, at, ast.Name)
            if node is None:
                return None
            annotations.scopes.put(node, _SCOPES[value])
        for at, value in notes["accesses"]:
            node = _node(nodes, at, ast.Subscript)
            if node is None:
                return None
            annotations.accesses.put(node, _ACCESSES[value])
        for at, schemas in notes["prepared"]:
            node = _node(nodes, at, ast.Call)
            if node is None or node.func not in FUNCTIONS or FUNCTIONS[node.func].prepare is None:
                return None
            if not schemas or not all(isinstance(schema, str) and schema in schema_ids for schema in schemas):
                return None
            prepare = FUNCTIONS[node.func].prepare
            annotations.prepared.put(node, Prepared({schema: _preparing(prepare, registry, schema) for schema in schemas}))
        out.append(annotations)
    return out


def _node(nodes: list[object], at: object, cls: type) -> object | None:
    """The node at a kept position, when the position is one and the node there is of the type noted."""
    if type(at) is not int or not 0 <= at < len(nodes) or not isinstance(nodes[at], cls):
        return None
    return nodes[at]


def _preparing(prepare, registry: SchemaRegistry, schema: str):
    return lambda: prepare(SchemaNode.root(registry, schema))


def read(
    path: Path | None, rules: tuple[ast.Rule, ...], schema_ids: tuple[str, ...], registry: SchemaRegistry, walks: list[list[object]] | None = None
) -> list[Annotations] | None:
    """The annotations kept for a rule file, or None (no entry, or one that is corrupt, stale or does not fit)."""
    if path is None:
        return None
    payload = cache.read_payload(path)
    try:
        found = decode(json.loads(payload), rules, schema_ids, registry, walks) if payload is not None else None
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return None
    if found is not None:
        cache.touch(path)
    return found


def write(path: Path | None, rules: list[ast.Rule], schema_ids: tuple[str, ...], annotations: list[Annotations]) -> None:
    if path is None:
        return
    cache.write_payload(path, json.dumps(encode(rules, schema_ids, annotations), ensure_ascii=False, separators=(",", ":")))
    cache.prune(path.parent, cache.KEEP_AST)
