"""Rules stage: load every `*.rules` file of a pack, parse once, check against the schemas, compile once.

Loading is fail-closed: the first problem raises a RuleLoadError with file,
line and column, and the caller must not check any document with a pack that
did not load.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from budgetcheck.dsl import ast, cache, notes, paths, screen, screensource, textonce, warm
from budgetcheck.dsl.annotations import Access, Annotations, NameScope
from budgetcheck.dsl.codegen import RECIPES, Module
from budgetcheck.dsl.compile import Compiled, Compiler
from budgetcheck.dsl.screen import Prepared, Screen, Sieve
from budgetcheck.dsl.errors import RuleCheckError, RuleFaultError, RuleLoadError
from budgetcheck.dsl.runtime import escape
from budgetcheck.records import Record, record
from budgetcheck.resources import rules_dir
from budgetcheck.result import PackInfo
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaRegistry

RULE_SUFFIX = ".rules"
MANIFEST = "pack.yaml"


@record
class CompiledRule(Record):
    rule: ast.Rule
    schemas: tuple[str, ...]  # $ids of the document schemas the rule was checked against
    bindings: tuple[tuple[str, str, Compiled], ...]  # (kind "for" or "let", name, source)
    when: Compiled | None
    assertion: Compiled
    message: tuple[str | Compiled, ...]
    message_en: tuple[str | Compiled, ...] | None
    compiler: Compiler | None = field(default=None, compare=False, repr=False)  # what wrote the closures: the source compiler reuses it
    screen: Screen | None = field(default=None, compare=False, repr=False)  # the generated evaluator's test that a run passes (dsl/screen.py)
    inner_screen: Prepared | None = field(default=None, compare=False, repr=False)  # the same for the members of a last `for` after others
    sieve: Sieve | None = field(default=None, compare=False, repr=False)  # the members of the first `for` that `screen` cannot show to pass
    when_first: bool = False  # `for x …` then one `let`, and a `when` that does not name the let: the when is decided before the let is worked out
    # (key, pointer) of the top-level part of the document the first binding's source reads before anything else, when
    # that source is a path from the root: without the part, the rule's one outcome is "missing input: pointer"
    first_part: tuple[str, str] | None = None
    # the fields and [*] (None) from the root that a sieved rule's first `for` walks, when it is such a path with a [*],
    # and the sieve of its plain values (positions): evaluate screens the walk's plain values before it makes any Ref
    plain_first: tuple[tuple[str | None, ...], Callable[[list, object], list]] | None = field(default=None, compare=False, repr=False)
    nodes: list[object] | None = field(default=None, compare=False, repr=False)  # notes.walk(rule), when the rule cache decoded the rule in that order


@dataclass
class RulePack:
    rules: list[CompiledRule]
    files: list[str]
    info: PackInfo = field(default_factory=lambda: PackInfo("", "", "", 0))
    roots: tuple[Path, ...] = ()  # the rule files and folders it was loaded from: a worker process loads it again from them
    evaluator: str = "closure"  # "compiled": the rules run as the generated module `source`
    source: str = ""
    screens: str = ""  # the source of the screens (dsl/screensource.py) and the rule of each function, for review

    _by_schema: dict[str, list[CompiledRule]] = field(default_factory=dict, repr=False)
    _ids: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def for_schema(self, schema_id: str) -> list[CompiledRule]:
        if schema_id not in self._by_schema:
            self._by_schema[schema_id] = [rule for rule in self.rules if schema_id in rule.schemas]
        return self._by_schema[schema_id]

    def rule_ids(self, schema_id: str) -> tuple[str, ...]:
        """The ids of the rules for one schema, worked out once: every checked document records them."""
        if schema_id not in self._ids:
            self._ids[schema_id] = tuple(rule.rule.id for rule in self.for_schema(schema_id))
        return self._ids[schema_id]

    def get(self, rule_id: str) -> CompiledRule | None:
        return next((rule for rule in self.rules if rule.rule.id == rule_id), None)


MAX_RULE_FILE_BYTES = 1024 * 1024  # the national pack's largest file is under 20 KB


def rule_files(roots: Iterable[Path]) -> list[Path]:
    """Every rule file of the roots, in order. A root that does not exist, or a folder without a single
    rule file, is an error: a mistyped --rules must never become an empty pack that passes everything."""
    files: list[Path] = []
    for root in roots:
        if not root.exists():
            raise RuleLoadError(str(root), None, None, "规则文件或目录不存在", "no such rule file or folder")
        if root.is_dir():
            found = sorted(root.rglob(f"*{RULE_SUFFIX}"))
            if not found:
                raise RuleLoadError(str(root), None, None, f"目录中没有规则文件（*{RULE_SUFFIX}）", f"the folder holds no rule files (*{RULE_SUFFIX})")
            files.extend(found)
        else:
            files.append(root)
    return files


def _read_rule_file(path: Path) -> str:
    file = str(path)
    try:
        if not path.is_file():
            raise RuleLoadError(file, None, None, "不是普通文件，不能作为规则文件读取", "not a regular file, so not read as a rule file")
        size = path.stat().st_size
        if size > MAX_RULE_FILE_BYTES:
            raise RuleLoadError(file, None, None, f"规则文件过大（{size} 字节，上限 {MAX_RULE_FILE_BYTES}）", f"rule file too large ({size} bytes, at most {MAX_RULE_FILE_BYTES})")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleLoadError(file, None, None, f"无法读取规则文件：{error}", f"cannot read the rule file: {error}") from None


def load_rule_file(path: Path, registry: SchemaRegistry, closures: bool = True) -> list[CompiledRule]:
    """One file's rules, checked and compiled; any failure is a RuleLoadError naming the file, never another exception.
    With `closures` false, a file whose checked notes come from the rule cache gets no closures (compile_rules writes
    the rules' functions, calling the reference closures of the nodes it does not write out)."""
    try:
        return _load_rule_file(path, registry, closures)
    except RuleLoadError:
        raise
    except Exception as error:  # a fault of ours (RecursionError included) must still fail closed, with the file named
        raise RuleFaultError(
            str(path), None, None,
            f"加载规则文件时程序出错（{type(error).__name__}: {error}）；请将此文件报告给 budgetcheck 维护者",
            f"the checker failed loading this rule file ({type(error).__name__}: {error}); please report it to the budgetcheck maintainers",
        ) from error  # fmt: skip


def _load_rule_file(path: Path, registry: SchemaRegistry, closures: bool) -> list[CompiledRule]:
    file = str(path)
    source = _read_rule_file(path)
    walks: list[list[object]] = []  # each rule's nodes in the order of the notes' walk, when the AST came from the cache
    parsed = cache.parsed(file, source, lambda: _build(file, source), walks)
    if not parsed.schemas:
        raise RuleCheckError(file, 1, 1, "规则文件须先用 schema \"类型/版本\" 声明适用的文档模式", 'a rule file must first declare its document schema with schema "TYPE/VERSION"', source)
    schema_ids: list[str] = []
    for name in parsed.schemas:
        entry = registry.find(name)
        if entry is None or not entry.is_document:
            line = next((number for number, text in enumerate(source.splitlines(), 1) if name in text), 1)
            known = "、".join(f"{kind}/{version}" for kind, version in sorted(registry.documents))
            raise RuleCheckError(file, line, 1, f"未知的文档模式“{name}”；已知：{known}", f"unknown document schema '{name}'", source)
        schema_ids.append(entry.id)
    schemas = tuple(schema_ids)
    kept = notes.entry(file, source, registry)
    noted = notes.read(kept, parsed.rules, schemas, registry, walks or None)  # what checking this file against these schemas found before
    checked = noted if noted is not None else [_check(rule, schemas, registry, file, source) for rule in parsed.rules]
    compiled: list[CompiledRule] = []
    for number, (rule, annotations) in enumerate(zip(parsed.rules, checked, strict=True)):
        lets = {binding.name: binding.expr for binding in rule.bindings if binding.kind == "let"}
        compiler = Compiler(annotations, lets, file, source)
        nodes = walks[number] if walks else None
        compiled.append(_compile(rule, schemas, compiler, nodes) if noted is None or closures else _unbuilt(rule, schemas, compiler, nodes))
    if noted is None:  # kept only now: every rule of the file checked and compiled
        notes.write(kept, list(parsed.rules), schemas, checked)
    return compiled


def _check(rule: ast.Rule, schemas: tuple[str, ...], registry: SchemaRegistry, file: str, source: str) -> Annotations:
    """The checker's notes on one rule against every schema its file names; a problem raises a RuleCheckError."""
    from budgetcheck.dsl.check import RuleChecker  # noqa: PLC0415 - a pack whose notes are in the rule cache is not checked

    annotations = Annotations()
    for schema_id in schemas:
        checker = RuleChecker(SchemaNode.root(registry, schema_id), file, source)
        checker.rule(rule)
        annotations.update(checker.annotations)
    return annotations


def _build(file: str, source: str) -> ast.RuleFile:
    """Parse and build one rule file: lark and the parser are imported only when the cache has no entry for it."""
    from budgetcheck.dsl.build import build_file  # noqa: PLC0415 - lark's import is a cold start's cost
    from budgetcheck.dsl.parser import parse  # noqa: PLC0415

    return build_file(parse(source, file), file, source)


def _compile(rule: ast.Rule, schemas: tuple[str, ...], compiler: Compiler, nodes: list[object] | None = None) -> CompiledRule:
    def template(parts: ast.Template | None) -> tuple[str | Compiled, ...] | None:
        if parts is None:
            return None
        return tuple(part if isinstance(part, str) else compiler.value(part) for part in parts.parts)

    return CompiledRule(
        rule=rule,
        schemas=schemas,
        bindings=tuple((binding.kind, binding.name, compiler.compile(binding.expr)) for binding in rule.bindings),
        when=compiler.value(rule.when) if rule.when is not None else None,
        assertion=compiler.value(rule.assertion),
        message=template(rule.message),  # type: ignore[arg-type]
        message_en=template(rule.message_en),
        compiler=compiler,
        when_first=_when_first(rule),
        first_part=_first_part(rule, compiler),
        nodes=nodes,
    )


def _never_built(_env: object) -> object:
    raise AssertionError("a rule's closures were not built: compile_rules replaces them")  # noqa: EM101


def _unbuilt(rule: ast.Rule, schemas: tuple[str, ...], compiler: Compiler, nodes: list[object] | None = None) -> CompiledRule:
    """A rule whose file loaded from the rule cache before, for compile_rules: the checked rule and its compiler only
    (its closures would be thrown away; a load that kept the file's notes has compiled them all once)."""
    return CompiledRule(
        rule=rule,
        schemas=schemas,
        bindings=tuple((binding.kind, binding.name, _never_built) for binding in rule.bindings),
        when=_never_built if rule.when is not None else None,
        assertion=_never_built,
        message=(),
        message_en=None,
        compiler=compiler,
        when_first=_when_first(rule),
        first_part=_first_part(rule, compiler),
        nodes=nodes,
    )


def _first_part(rule: ast.Rule, compiler: Compiler) -> tuple[str, str] | None:
    """The top-level part (key, pointer) that the source of the rule's first binding reads first, when that source is
    fields, [*] and filters from the document root (paths.reader reads the root's part before any step; a filter
    works out its list before its condition; the generated code calls those closures): where the root holds no such
    part and no part is unread, that source raises Missing(pointer) before anything else runs."""
    if not rule.bindings:
        return None
    head, _steps = paths.split(rule.bindings[0].expr)
    while isinstance(head, ast.Subscript) and compiler.annotations.accesses.get(head) is Access.FILTER:
        head, _steps = paths.split(head.obj)
    if not isinstance(head, ast.Name) or compiler.annotations.scopes.get(head) is not NameScope.ROOT:
        return None
    return head.id, f"/{escape(head.id)}"


def _screens_of(screens: screensource.Screens, compiled: CompiledRule) -> tuple:
    """The screen functions written for a rule: its first level's (screen, sieve) names (the screen None where the rule
    has only the sieve of empty inner loops, Screens.empty_inner), its last loop's, and the path and name of its sieve of
    plain values where its first source is fields and [*] from the root (else None each)."""
    annotations = compiled.compiler.annotations  # type: ignore[union-attr]
    first, last = screens.first_level(compiled.rule, annotations), screens.last_loop(compiled.rule, annotations)
    path = _plain_first(compiled.rule, annotations) if first else None
    plain = (path, screens.plain_sieve(compiled.rule, annotations)) if path is not None else None
    if first is None and (empty := screens.empty_inner(compiled.rule, annotations)) is not None:
        first = (None, empty)  # a sieve without a screen: the members whose inner loop is empty left out
    return first, last, plain


_PLAIN_PATHS: dict[tuple, tuple] = {}  # one tuple per path, by which a document keeps its walk (DocumentContext.once)


def _plain_first(rule: ast.Rule, annotations: Annotations) -> tuple[str | None, ...] | None:
    """The steps of screenwriter._walk from the root (a field's name, None for [*]) that give the plain values of the
    members of the first binding's source, when it is fields and [*] from the root: the path itself where it has a [*],
    else the path and a [*] (the items of the list, or the values of the mapping, there: the order members() gives
    their Refs in); None for any other source. Rules that walk the same path get the same tuple."""
    if not rule.bindings or rule.bindings[0].kind != "for":
        return None
    head, steps = paths.split(rule.bindings[0].expr)
    if not isinstance(head, ast.Name) or annotations.scopes.get(head) is not NameScope.ROOT:
        return None
    path = (head.id, *(name if kind == paths.KEY else None for kind, name, _token in steps))
    path = path if None in path else (*path, None)
    return _PLAIN_PATHS.setdefault(path, path)


def _when_first(rule: ast.Rule) -> bool:
    """Whether the rule ends `for x in …` then `let y = …` and its `when` does not name y (quantifier and let
    variables count as named): then a member the when rules out is passed over without working out y."""
    bindings = rule.bindings
    if rule.when is None or len(bindings) < 2 or bindings[-2].kind != "for" or bindings[-1].kind != "let":
        return False
    return bindings[-1].name not in textonce._names(rule.when)


EVALUATORS = ("compiled", "closure")
EVALUATOR_VARIABLE = "BUDGETCHECK_EVALUATOR"


def chosen_evaluator(evaluator: str | None = None) -> str:
    """`evaluator`, else $BUDGETCHECK_EVALUATOR, else compiled; the closure evaluator is the reference."""
    chosen = evaluator or os.environ.get(EVALUATOR_VARIABLE) or EVALUATORS[0]
    if chosen not in EVALUATORS:
        raise RuleLoadError(EVALUATOR_VARIABLE, None, None, f"未知的求值方式“{chosen}”（可选 compiled、closure）", f"unknown evaluator '{chosen}' (compiled or closure)")
    return chosen


def _module(rules: list[CompiledRule], compilers: list[Compiler], found: warm.Kept | None, deferred: bool) -> tuple[Module, list[tuple], dict] | None:
    """The pack's generated module, its functions' names per rule and the functions: written now, or the one `found`
    kept (None when that one cannot serve: its code not of its source's shape, its source refused by the audit, or a
    function it should define missing; compile_rules then writes the module again)."""
    if found is None:
        module = Module(deferred=deferred)
    else:
        module = Module.warm(found.source, found.code, found.constants, [(compilers[rule], kind, node) for rule, kind, node in found.closures], deferred)
    names: list[tuple] = []
    for compiled, compiler in zip(rules, compilers, strict=True):
        rule = compiled.rule
        module.start_rule()

        def template(parts: ast.Template | None) -> tuple | None:
            if parts is None:
                return None
            return tuple(part if isinstance(part, str) else (module.function(compiler, part, plain=True),) for part in parts.parts)

        names.append((
            tuple((binding.kind, binding.name, module.function(compiler, binding.expr, plain=False)) for binding in rule.bindings),
            module.function(compiler, rule.when, plain=True) if rule.when is not None else None,
            module.function(compiler, rule.assertion, plain=True),
            template(rule.message),
            template(rule.message_en),
        ))  # fmt: skip
    if found is None:
        return module, names, module.load()
    try:
        functions = module.load()
    except RuleFaultError:  # a kept source the audit refuses: written again
        return None
    if module.code is not found.code:  # kept code not of its source's shape: the source was compiled instead, and is written again
        return None
    return (module, names, functions) if all(name in functions for name in _named(names)) else None


def _named(names: list[tuple]) -> Iterator[str]:
    """Every function name of `names` (compile_rules): the bindings', the when's, the assertion's, the message holes'."""
    for bindings, when, assertion, message, message_en in names:
        yield from (function for _kind, _name, function in bindings)
        yield from (name for name in (when, assertion) if name is not None)
        yield from (part[0] for part in (*(message or ()), *(message_en or ())) if isinstance(part, tuple))


def compile_rules(rules: list[CompiledRule], with_screens: bool = True, kept: Path | None = None) -> tuple[list[CompiledRule], str, str]:
    """The rules with their closures replaced by the functions of one generated module, and screens by those of
    another (dsl/screensource.py); the first module's source, and the second's for review. Without screens (a check
    of one file: writing them costs more than they save there) every run of a loop goes to the rule's own functions,
    which decide every outcome with or without them, and the text rules' joined searches run whole, not by their
    leads (dsl/leads.py: compiling those costs more than they save on one document too), and the reference closures of the
    nodes the module does not write out are built at their first call (one document calls about a fifth of them).
    `kept` is where the module of this pack is kept in the rule cache (dsl/warm.py): taken from there when it is sound,
    else written and kept there."""
    # its filters of strings by `matches` through the joined search (dsl/textonce.filtered); the closures stay the reference
    compilers = [compiled.compiler.routed(textonce.filtered) for compiled in rules]  # type: ignore[union-attr]
    found = warm.read(kept, [compiled.rule for compiled in rules], [compiled.nodes for compiled in rules], tuple(RECIPES)) if kept is not None else None
    loaded = _module(rules, compilers, found, deferred=not with_screens) if found is not None else None
    if loaded is None:
        loaded = _module(rules, compilers, None, deferred=not with_screens)
        assert loaded is not None  # a module written now either loads or raises
        module = loaded[0]
        assert module.code is not None  # set by its load
        warm.write(kept, module.source(), module.code, module.constants, module.recipes, [compiled.rule for compiled in rules])
    module, names, functions = loaded
    screens = screensource.Screens()
    written = [_screens_of(screens, compiled) if with_screens else (None, None, None) for compiled in rules]
    screen_functions = screens.load() if with_screens else {}

    def named(parts: tuple | None) -> tuple | None:
        return None if parts is None else tuple(functions[part[0]] if isinstance(part, tuple) else part for part in parts)

    out = []
    for compiled, (bindings, when, assertion, message, message_en), (first, last, plain) in zip(rules, names, written, strict=True):
        sources = [functions[function] for _kind, _name, function in bindings]
        text_route = textonce.route(compiled.rule, sources, functions[when] if when is not None else None, split=with_screens)
        if text_route is not None:  # only the strings whose run can yield: the pattern once over the joined strings (dsl/textonce.py)
            sources[text_route[0]] = text_route[1]
        out.append(
            dataclasses.replace(
                compiled,
                bindings=tuple((kind, name, source) for (kind, name, _function), source in zip(bindings, sources, strict=True)),
                when=functions[when] if when is not None else None,
                assertion=functions[assertion],
                message=named(message),
                message_en=named(message_en),
                screen=screen.build(compiled.rule, compiled.compiler.annotations, screen_functions[first[0]] if first and first[0] else None) if with_screens else None,  # type: ignore[union-attr]
                sieve=screen_functions[first[1]] if first else None,
                plain_first=(plain[0], screen_functions[plain[1]]) if plain else None,
                inner_screen=screen.build_inner(compiled.rule, compiled.compiler.annotations, screen_functions.get(last[0]) if last else None) if with_screens else None,  # type: ignore[union-attr]
            )
        )
    return out, module.source(), screens.review() if with_screens else ""


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a pack is built: loading makes some 10^5 long-lived objects (the AST, the
    closures, the generated functions), and every full collection on the way walked all of them again (about a
    third of a cold pack load). The collector's state is restored after; the cycles made meanwhile are collected then."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_pack(registry: SchemaRegistry, roots: Iterable[Path] | None = None, evaluator: str | None = None, screens: bool = True) -> RulePack:
    """The rule files of `roots` (the bundled pack by default) loaded, checked and compiled; `screens=False` leaves out
    the generated evaluator's screens, for a process that checks one file (compile_rules)."""
    with gc_paused():
        return _load_pack(registry, roots, evaluator, screens)


def _load_pack(registry: SchemaRegistry, roots: Iterable[Path] | None, evaluator: str | None, screens: bool = True) -> RulePack:
    roots = list(roots) if roots is not None else [rules_dir()]
    files = rule_files(roots)
    chosen = chosen_evaluator(evaluator)
    rules: list[CompiledRule] = []
    where: dict[str, ast.Rule] = {}
    for path in files:
        for compiled in load_rule_file(path, registry, closures=chosen != "compiled"):
            rule = compiled.rule
            if rule.id in where:
                first = where[rule.id]
                source = _read_rule_file(path)
                raise RuleCheckError(
                    rule.file, rule.span.line, rule.span.column,
                    f"规则编号 {rule.id} 重复（首次定义于 {first.file}:{first.span.line}）",
                    f"duplicate rule id {rule.id} (first defined at {first.file}:{first.span.line})",
                    source,
                )  # fmt: skip
            where[rule.id] = rule
            rules.append(compiled)
    if not rules:
        shown = "、".join(str(root) for root in roots) or "（无）"
        raise RuleLoadError(shown, None, None, "规则包中没有任何规则：没有规则的检查会让每份文档都通过", "the rule pack holds no rules: checking without rules would pass every document")
    source = review = ""
    info = pack_info(roots, files, len(rules))
    if chosen == "compiled":
        rules, source, review = compile_rules(rules, screens, warm.entry(info.content_hash, registry, tuple(RECIPES)))
    return RulePack(rules, [str(path) for path in files], info, tuple(roots), chosen, source, review)


def pack_info(roots: list[Path], files: list[Path], count: int) -> PackInfo:
    """Name and version from the first folder's pack.yaml (else the folder's name, "unversioned");
    the hash covers every rule file's name and bytes, so any edit to a rule shows in the report."""
    first = roots[0] if roots else Path("rules")
    folder = first if first.is_dir() else first.parent
    digest = hashlib.sha256()
    for path in files:
        name = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
        digest.update(name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    name, version = folder.name, "unversioned"
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise RuleLoadError(str(manifest), 1, 1, f"规则包清单无法读取：{error}", f"cannot read the pack manifest: {error}") from None
        if isinstance(data, dict):
            name, version = str(data.get("name", name)), str(data.get("version", version))
    if len(roots) > 1:
        name += f" (+{len(roots) - 1})"
    return PackInfo(name, version, "sha256:" + digest.hexdigest(), count)
