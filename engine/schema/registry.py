"""Schema stage: the registry of JSON Schemas.

Loads every `*.schema.json` under one or more roots, indexes them by `$id`
and, for document schemas (those carrying `x-budgetcheck`), by (document type,
version). `$ref`s resolve only inside the registry: the retrieve hook refuses
every URI it does not hold, and every `$ref` is checked when the registry is
built, so a remote reference fails loudly at load time, not while validating.
Validators are compiled once per schema and cached.

Validation is the slowest step of a check, and almost every document of a batch is valid.
When jsonschema-rs is installed, a validator first asks it (compiled Rust, the same schemas
and the same refusing registry) whether a document is valid at all. For a document it rejects,
its errors say where to look, and jsonschema runs only the failed keywords there (`explain.py`):
the errors, and so the findings, are jsonschema's, at a cost that follows what is wrong, not the
document's size. Where jsonschema-rs cannot read the document or jsonschema does not confirm an
error it points at, jsonschema's `iter_errors` walks the whole document, as it does for every
document when jsonschema-rs is not installed. jsonschema-rs is trusted to say "valid" and to
find every place jsonschema would: where the two libraries differ, the Rust side is made
stricter (see `_StrictInteger`) or stricter already.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin

from budgetcheck import codes
from budgetcheck.errors import BudgetcheckError
from budgetcheck.findings import Finding
from budgetcheck.records import Record, record
from budgetcheck.resources import schemas_dir
from budgetcheck.schema import checked
from budgetcheck.schema.resolver import Resolver

if TYPE_CHECKING:  # jsonschema (the Python one) is imported where a document's errors are explained, or a schema rejected
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry, Resource

try:
    import jsonschema_rs
except ImportError:  # optional: without it every document goes through jsonschema, with the same findings
    jsonschema_rs = None

SCHEMA_SUFFIX = ".schema.json"
# the keyword beside every "type": "integer" of the schemas given to jsonschema-rs (_StrictInteger); explain.py reads it back
STRICT_INTEGER = "x-budgetcheck-strict-integer"


class SchemaLoadError(BudgetcheckError):
    """A schema file that cannot be used; carries the file and what is wrong."""

    def __init__(self, path: Path | str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en, file=str(path))
        self.path = str(path)


def _kind_zh(value: object) -> str:
    return {list: "列表", dict: "映射", bool: "真假值"}.get(type(value), "数字" if isinstance(value, (int, Decimal)) else "其他值")


class UnknownSchemaError(BudgetcheckError):
    """A document whose metadata names no schema of the registry (SCHEMA-UNKNOWN), at the pointer that says so."""

    def __init__(self, message_zh: str, message_en: str, pointer: str = "") -> None:
        super().__init__(message_zh, message_en)
        self.pointer = pointer

    def finding(self) -> Finding:
        return codes.SCHEMA_UNKNOWN.finding(self.message_zh, self.message_en, (self.pointer,))


@record
class SchemaEntry(Record):
    id: str
    path: Path
    contents: dict
    document_type: str | None = None
    version: str | None = None

    @property
    def title(self) -> str:
        return str(self.contents.get("title", ""))

    @property
    def is_document(self) -> bool:
        return self.document_type is not None

    @property
    def name(self) -> tuple[str, str]:
        """What a clerk calls a document schema, in Chinese and in English: its title and its edition
        (`x-budgetcheck.edition`, else the version): 部门预算公开说明（2016 版）."""
        meta = self.contents.get("x-budgetcheck") or {}
        edition = meta.get("edition") if isinstance(meta.get("edition"), dict) else {}
        zh = str(edition.get("zh") or f"{self.version} 版")
        en = str(edition.get("en") or f"{self.version} edition")
        title_en = str(meta.get("title_en") or self.document_type or "")
        return f"{self.title}（{zh}）", f"{title_en} ({en})"


def _refuse(uri: str) -> Resource:
    from referencing.exceptions import NoSuchResource  # noqa: PLC0415 - see SchemaRegistry.registry

    raise NoSuchResource(ref=uri)


def _iter_refs(node: object, base: str) -> Iterator[tuple[str, str]]:
    """(base URI in force, $ref) for every $ref below `node`."""
    if isinstance(node, dict):
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield base, ref
        for key, value in node.items():
            if key not in ("const", "enum", "examples", "default"):
                yield from _iter_refs(value, base)
    elif isinstance(node, list):
        for item in node:
            yield from _iter_refs(item, base)


class _StrictInteger:
    """jsonschema counts an int (or an integral float) as an integer but never a Decimal, so 2019.0
    read as Decimal("2019.0") is a type error there; jsonschema-rs would accept it. This keyword,
    added beside every `"type": "integer"` of the schemas given to jsonschema-rs, makes it agree."""

    def __init__(self, parent_schema: dict, value: object, schema_path: list) -> None:
        pass

    def validate(self, instance: object) -> None:
        if isinstance(instance, Decimal):
            raise TypeError("a Decimal is not an integer for jsonschema")


def _strict_integers(node: object) -> object:
    """A copy of a schema with STRICT_INTEGER beside every type that admits integers."""
    if isinstance(node, list):
        return [_strict_integers(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: value if key in ("const", "enum", "examples", "default") else _strict_integers(value) for key, value in node.items()}
    declared = node.get("type")
    if declared == "integer" or (isinstance(declared, list) and "integer" in declared):
        copied[STRICT_INTEGER] = True
    return copied


def _refuse_rust(uri: str) -> object:
    raise ValueError(f"remote schemas are never fetched: {uri}")


@record
class SchemaValidator(Record):
    """jsonschema's validator for one schema, with jsonschema-rs (when installed) deciding validity first.
    jsonschema's is built (and jsonschema imported, 20-25 ms) the first time a document is not valid for
    jsonschema-rs: a cold check of a valid document never needs it."""

    schema: dict
    owner: SchemaRegistry  # its referencing registry, built with jsonschema's validator
    fast: object | None = None

    @property
    def registry(self) -> Registry:
        return self.owner.registry

    @cached_property
    def python(self) -> Draft202012Validator:
        from jsonschema import Draft202012Validator  # noqa: PLC0415 - see the class

        return Draft202012Validator(self.schema, registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER)

    @cached_property
    def lenient(self) -> object | None:
        """jsonschema-rs on the same schemas without _StrictInteger (built on first use, some 1.5 ms), at some two
        thirds of the cost (the keyword calls Python at every integer of a document). Where a document holds no whole
        Decimal, its "valid" is jsonschema's: the keyword only makes jsonschema-rs refuse a Decimal it would take for
        an integer, and it takes none with a fraction (it reads a Decimal exactly: 1.00000000000000000001 is none),
        as jsonschema takes no Decimal at all (tests/schema/test_lenient_validation.py)."""
        return self.owner._fast_validator(self.schema, strict=False) if self.fast is not None else None

    def _fast_says_valid(self, instance: object, validator: object | None = None) -> bool:
        validator = validator if validator is not None else self.fast
        if validator is None:
            return False
        try:
            return bool(validator.is_valid(instance))  # type: ignore[attr-defined]
        except (ValueError, TypeError, OverflowError):  # a value jsonschema-rs cannot represent: let jsonschema judge
            return False

    def is_valid(self, instance: object) -> bool:
        return self._fast_says_valid(instance) or self.python.is_valid(instance)

    def iter_errors(self, instance: object, fractional: bool = False) -> Iterator[ValidationError]:
        """jsonschema's errors for `instance`. `fractional`: no Decimal of it is a whole number (the reader knows,
        SourceDocument.fractional), so the lenient validator may say it is valid."""
        if self.fast is None:
            return self.python.iter_errors(instance)
        if (fractional and self._fast_says_valid(instance, self.lenient)) or self._fast_says_valid(instance):
            return iter(())
        from budgetcheck.schema.explain import explain  # noqa: PLC0415 - imports jsonschema

        explained = explain(self.python, self.fast, instance)
        return iter(explained) if explained is not None else self.python.iter_errors(instance)


DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


@cache
def _rust_meta() -> bool:
    """Whether jsonschema-rs's meta-schema check asks jsonschema's question: jsonschema checks the URIs of $id and
    $ref only where a URI library it knows is installed (rfc3987, else rfc3986-validator: jsonschema/_format.py
    imports them just so), and jsonschema-rs never does. Asked of those libraries rather than of jsonschema's
    FORMAT_CHECKER, so that loading the registry does not import jsonschema (test_meta_check.py compares the two)."""
    if jsonschema_rs is None:
        return False
    try:
        import rfc3987  # noqa: F401, PLC0415
    except ImportError:
        try:
            from rfc3986_validator import validate_rfc3986  # noqa: F401, PLC0415
        except ImportError:
            return True
    return False


def _schema_problem(contents: dict, asked: list[str] | None = None) -> tuple[tuple[object, ...], str] | None:
    """None when `contents` is a valid Draft 2020-12 schema, else where and what jsonschema's SchemaError says
    (given back, not raised, so that the registry imports jsonschema only for a schema jsonschema-rs did not pass).

    jsonschema's `check_schema` costs about 13 ms a schema (0.54 s for the 42 bundled ones, the
    largest part of a cold start); jsonschema-rs checks them all in 2 ms. Its verdict is taken only
    where it asks the same question: the schema names Draft 2020-12 or no draft (jsonschema-rs would
    otherwise check it against the draft it names, jsonschema always against 2020-12), and every
    regular expression in it compiles (jsonschema also checks the meta-schema's `format: regex`,
    jsonschema-rs does not). Anything else, and every schema it rejects, goes to jsonschema, whose
    error is the one reported. A test asserts the two agree on the bundled schemas and broken ones."""
    if _rust_meta() and contents.get("$schema", DRAFT_2020_12) == DRAFT_2020_12 and _patterns_compile(contents):
        try:
            if jsonschema_rs.meta.is_valid(contents):
                return None
        except Exception:  # noqa: BLE001 (a schema jsonschema-rs cannot judge is jsonschema's to judge)
            pass
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - only for a schema jsonschema-rs did not pass
    from jsonschema.exceptions import SchemaError  # noqa: PLC0415

    if asked is not None:
        asked.append("jsonschema")

    try:
        Draft202012Validator.check_schema(contents)
    except SchemaError as error:
        return tuple(error.path), error.message
    return None


def _patterns_compile(node: object) -> bool:
    """Every string under a `pattern` key and every key of a `patternProperties` map compiles with `re`, as
    jsonschema's `regex` format demands; a `pattern` that is not a string is left to the meta-schema."""
    if isinstance(node, list):
        return all(_patterns_compile(item) for item in node)
    if not isinstance(node, dict):
        return True
    for key, value in node.items():
        candidates = [value] if key == "pattern" and isinstance(value, str) else list(value) if key == "patternProperties" and isinstance(value, dict) else []
        for text in candidates:
            try:
                re.compile(text)
            except (re.error, TypeError):
                return False
        if not _patterns_compile(value):
            return False
    return True


class SchemaRegistry:
    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = [Path(root) for root in roots]
        self.entries: dict[str, SchemaEntry] = {}
        self.documents: dict[tuple[str, str], SchemaEntry] = {}
        digest = hashlib.sha256()
        files = [(path, self._text(path)) for root in self.roots for path in self._schema_files(root)]
        for path, text in files:
            digest.update(f"{path}\0".encode() + text.encode("utf-8") + b"\0")
        # what the schemas say, file by file: a rule file's checked notes are kept in the rule cache under it (dsl/notes.py)
        self.digest = digest.hexdigest()
        marker = checked.marker(self.digest, _rust_meta())
        known = checked.seen(marker)  # these very files passed the checks below in an earlier run
        asked: list[str] = []
        for path, text in files:
            self._add(self._read(path, text, check=not known, asked=asked))
        if not known:
            self._check_refs()
            if not asked:  # every schema judged by jsonschema-rs, whose build the marker's name holds
                checked.mark(marker)
        self._validators: dict[str, SchemaValidator] = {}
        self._fast_registry: object | None = None
        # derived views of the schemas, built on first use (engine.schemanav keeps schema roots here)
        self.navigation: dict[str, object] = {}
        # (base URI, $ref) -> where it resolves, for schema navigation: a pack's checker follows the same refs thousands of times
        self.resolved_refs: dict[tuple[str, str], object] = {}

    @cached_property
    def registry(self) -> Registry:
        """The schemas as a `referencing` registry that refuses every URI it does not hold: what jsonschema validates
        with, and what `resolver` asks of whatever it does not resolve itself. Built on first use (importing
        referencing and attrs is 25 ms of a cold start): a check of a valid document never needs it."""
        from referencing import Registry  # noqa: PLC0415 - see the docstring
        from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

        return Registry(retrieve=_refuse).with_resources(
            (entry.id, DRAFT202012.create_resource(entry.contents)) for entry in self.entries.values()
        ).crawl()

    def resolver(self, base_uri: str = "") -> Resolver:
        """A resolver of $refs against these schemas, from `base_uri` (schema/resolver.py)."""
        return Resolver(self, base_uri)

    @classmethod
    def default(cls, extra_roots: Iterable[Path] = ()) -> SchemaRegistry:
        return cls([schemas_dir(), *extra_roots])

    # -- loading -------------------------------------------------------
    @staticmethod
    def _schema_files(root: Path) -> list[Path]:
        """A folder's schema files; a folder that is missing or holds none is an error (a mistyped --schemas is never ignored)."""
        if not root.is_dir():
            reason = ("不是目录", "not a folder") if root.exists() else ("目录不存在", "no such folder")
            raise SchemaLoadError(root, f"模式{reason[0]}", f"schema folder: {reason[1]}")
        found = sorted(root.rglob(f"*{SCHEMA_SUFFIX}"))
        if not found:
            raise SchemaLoadError(root, f"目录中没有模式文件（*{SCHEMA_SUFFIX}）", f"the folder holds no schema files (*{SCHEMA_SUFFIX})")
        return found

    @staticmethod
    def _text(path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SchemaLoadError(path, f"无法读取：{exc.strerror}", f"cannot read: {exc.strerror}") from None

    @staticmethod
    def _read(path: Path, text: str | None = None, check: bool = True, asked: list[str] | None = None) -> SchemaEntry:
        try:
            contents = json.loads(SchemaRegistry._text(path) if text is None else text)
        except json.JSONDecodeError as exc:
            raise SchemaLoadError(
                path, f"JSON 错误（第 {exc.lineno} 行第 {exc.colno} 列）：{exc.msg}", f"JSON error at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        if not isinstance(contents, dict) or not isinstance(contents.get("$id"), str):
            raise SchemaLoadError(path, "模式文件必须是带 $id 的 JSON 对象", "a schema file must be a JSON object with an $id")
        problem = _schema_problem(contents, asked) if check else None
        if problem is not None:
            at, message = problem
            where = "/" + "/".join(str(part) for part in at)
            raise SchemaLoadError(path, f"不是有效的 JSON Schema（{where}）：{message}", f"not a valid JSON Schema at {where}: {message}")
        meta = contents.get("x-budgetcheck")
        if meta is not None:
            if not (isinstance(meta, dict) and isinstance(meta.get("document_type"), str) and isinstance(meta.get("version"), str)):
                raise SchemaLoadError(path, "x-budgetcheck 须给出 document_type 和 version（文字）", "x-budgetcheck must give document_type and version as strings")
            return SchemaEntry(contents["$id"], path, contents, meta["document_type"], meta["version"])
        return SchemaEntry(contents["$id"], path, contents)

    def _add(self, entry: SchemaEntry) -> None:
        if entry.id in self.entries:
            raise SchemaLoadError(entry.path, f"$id 与 {self.entries[entry.id].path} 重复：{entry.id}", f"$id duplicates {self.entries[entry.id].path}: {entry.id}")
        self.entries[entry.id] = entry
        if entry.is_document:
            key = (entry.document_type, entry.version)
            if key in self.documents:
                other = self.documents[key].path
                raise SchemaLoadError(entry.path, f"文档类型 {key[0]} 版本 {key[1]} 已由 {other} 定义", f"document type {key[0]} version {key[1]} is already defined by {other}")
            self.documents[key] = entry  # type: ignore[index]

    def _check_refs(self) -> None:
        """Every $ref resolves inside the registry: one outside is refused before anything is validated. Each (base
        URI, $ref) is judged once (its verdict depends on nothing else), at its first place in the files' order."""
        judged: set[tuple[str, str]] = set()
        for entry in self.entries.values():
            for base, ref in _iter_refs(entry.contents, entry.id):
                if (base, ref) in judged:
                    continue
                judged.add((base, ref))
                target, _fragment = urldefrag(urljoin(base, ref))
                if target and target not in self.entries:
                    raise SchemaLoadError(
                        entry.path,
                        f"$ref “{ref}” 指向注册表之外的模式 {target}；不会通过网络获取远程模式",
                        f"$ref '{ref}' points outside the registry to {target}; remote schemas are never fetched",
                    )
                try:
                    self.registry.resolver(base).lookup(ref)
                except Exception as exc:  # noqa: BLE001 (referencing raises several unrelated Unresolvable kinds)
                    raise SchemaLoadError(entry.path, f"$ref “{ref}” 无法解析：{exc}", f"$ref '{ref}' does not resolve: {exc}") from None

    # -- lookup --------------------------------------------------------
    def get(self, schema_id: str) -> SchemaEntry:
        return self.entries[schema_id]

    def find(self, text: str) -> SchemaEntry | None:
        """By $id, or by 'TYPE/VERSION'."""
        if text in self.entries:
            return self.entries[text]
        document_type, _, version = text.partition("/")
        return self.documents.get((document_type, version))

    def versions(self, document_type: str) -> list[str]:
        return sorted(version for kind, version in self.documents if kind == document_type)

    def document_types(self) -> list[str]:
        return sorted({kind for kind, _ in self.documents})

    def for_document(self, data: object) -> SchemaEntry:
        """The document schema a document declares in metadata.document_type / schema_version."""
        metadata = data.get("metadata") if isinstance(data, dict) else None
        if not isinstance(metadata, dict):
            raise UnknownSchemaError(
                "文档缺少 metadata（文档信息），无法确定应使用的模式；请写明 metadata.document_type 和 metadata.schema_version",
                "the document has no metadata, so its schema cannot be chosen; give metadata.document_type and metadata.schema_version",
                "/metadata",
            )
        document_type = metadata.get("document_type")
        version = metadata.get("schema_version")
        known_types = self.document_types()
        for pointer, value in (("/metadata/document_type", document_type), ("/metadata/schema_version", version)):
            if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
                raise UnknownSchemaError(
                    f"{pointer[10:]} 应为文字，实际为{_kind_zh(value)}，无法确定应使用的模式",
                    f"{pointer[10:]} must be text, not {type(value).__name__}, so the document's schema cannot be chosen",
                    pointer,
                )
        if document_type not in known_types:
            raise UnknownSchemaError(
                f"未知的文档类型“{document_type}”；已知类型：{'、'.join(known_types)}",
                f"unknown document type '{document_type}'; known types: {', '.join(known_types)}",
                "/metadata/document_type",
            )
        known = self.versions(document_type)
        version = str(version) if isinstance(version, (str, int)) and not isinstance(version, bool) else version
        if (document_type, version) not in self.documents:
            raise UnknownSchemaError(
                f"未知的模式版本“{version}”（文档类型 {document_type}）；已知版本：{'、'.join(known)}",
                f"unknown schema version '{version}' for document type {document_type}; known versions: {', '.join(known)}",
                "/metadata/schema_version",
            )
        return self.documents[(document_type, version)]

    def validator(self, schema_id: str) -> SchemaValidator:
        cached = self._validators.get(schema_id)
        if cached is None:
            contents = self.entries[schema_id].contents
            cached = self._validators[schema_id] = SchemaValidator(contents, self, self._fast_validator(contents))
        return cached

    def _fast_validator(self, contents: dict, strict: bool = True) -> object | None:
        """jsonschema-rs's validator of a schema of the registry; not `strict`: STRICT_INTEGER is left in the schemas
        but not given its keyword class, so jsonschema-rs passes it over as it does any unknown keyword."""
        if jsonschema_rs is None:
            return None
        try:
            if self._fast_registry is None:
                self._fast_registry = jsonschema_rs.Registry(
                    [(entry.id, _strict_integers(entry.contents)) for entry in self.entries.values()], retriever=_refuse_rust
                )
            return jsonschema_rs.Draft202012Validator(
                _strict_integers(contents),
                registry=self._fast_registry,
                retriever=_refuse_rust,
                validate_formats=True,
                **({"keywords": {STRICT_INTEGER: _StrictInteger}} if strict else {}),
            )
        except (ValueError, TypeError, jsonschema_rs.ReferencingError):  # a schema or a version it cannot take: jsonschema alone
            return None
