"""Rule examples: each rule's passing and failing documents, run as `budgetcheck rules test` and by pytest.

An examples file (`*.examples.yaml`, beside the rules) lists cases:

    - rule: BUD-EXP-001
      name: 支出合计多 0.01
      base: ../../fixtures/xiguan-2019.yaml     # relative to the examples file
      set: {/overview/expenditure/total: "329.38"}   # JSON pointer -> new value
      remove: [/overview/change]                  # JSON pointers to delete
      expect: [{severity: error, path: /overview/expenditure/total}]

`expect: []` is a passing example. A case passes when the findings of its rule
match `expect` one for one (severity, and the path among the finding's paths).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from budgetcheck import pointer as jp
from budgetcheck.dsl.errors import RuleLoadError
from budgetcheck.ingest import IngestError, SourceDocument, load_document
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import RulePack
from budgetcheck.schema.registry import SchemaRegistry

EXAMPLES_SUFFIX = ".examples.yaml"


class ExamplesError(RuleLoadError):
    """An examples file that cannot be read as a list of cases."""


@dataclass
class Example:
    rule: str
    name: str
    file: str
    base: Path
    expect: list[dict]
    set_values: dict = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)

    @property
    def failing(self) -> bool:
        return bool(self.expect)

    def describe(self) -> str:
        return "无发现（通过）" if not self.expect else "、".join(f"{item.get('severity')} {item.get('path', '')}" for item in self.expect)


def load_examples(roots: Iterable[Path]) -> list[Example]:
    examples: list[Example] = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob(f"*{EXAMPLES_SUFFIX}"))
        for path in files:
            if not path.name.endswith(EXAMPLES_SUFFIX):
                continue
            examples.extend(_read_examples(path))
    return examples


class _ExamplesLoader(yaml.SafeLoader):
    """Safe YAML whose decimal numbers stay exact: `set: {/x: 13.25}` patches in Decimal("13.25"), as a document would hold it."""


def _exact_number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    text = loader.construct_scalar(node)
    try:
        return Decimal(text.replace("_", ""))
    except ArithmeticError:
        return loader.construct_yaml_float(node)


_ExamplesLoader.add_constructor("tag:yaml.org,2002:float", _exact_number)


def _read_examples(path: Path) -> list[Example]:
    """The cases of one examples file; a file that is not a list of cases raises ExamplesError, never a traceback."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        cases = yaml.load(text, Loader=_ExamplesLoader) or []
    except (OSError, UnicodeDecodeError) as error:
        raise ExamplesError(file, 1, 1, f"无法读取示例文件：{error}", f"cannot read the examples file: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = getattr(error, "problem", None) or error
        raise ExamplesError(file, line, column, f"示例文件不是有效的 YAML：{problem}", f"the examples file is not valid YAML: {problem}", text) from None
    if not isinstance(cases, list):
        raise ExamplesError(file, 1, 1, "示例文件须是示例的列表", "an examples file must be a list of cases", text)
    examples: list[Example] = []
    for number, case in enumerate(cases, 1):
        if not isinstance(case, dict) or not all(isinstance(case.get(key), str) for key in ("rule", "base")):
            raise ExamplesError(file, 1, 1, f"第 {number} 个示例须是含 rule 和 base 的映射", f"case {number} must be a mapping with 'rule' and 'base'", text)
        shapes = (("expect", list), ("set", dict), ("remove", list))
        wrong = next((key for key, kind in shapes if not isinstance(case.get(key) or kind(), kind)), None)
        if wrong is not None:
            raise ExamplesError(file, 1, 1, f"第 {number} 个示例（{case['rule']}）的 {wrong} 格式不对", f"case {number} ({case['rule']}): '{wrong}' has the wrong shape", text)
        examples.append(
            Example(
                rule=case["rule"],
                name=str(case.get("name", "")),
                file=file,
                base=(path.parent / case["base"]).resolve(),
                expect=list(case.get("expect") or []),
                set_values=dict(case.get("set") or {}),
                remove=list(case.get("remove") or []),
            )
        )
    return examples


def examples_for(rule_id: str, roots: Iterable[Path]) -> list[Example]:
    return [example for example in load_examples(roots) if example.rule == rule_id]


def _patched(example: Example, cache: dict[Path, SourceDocument]) -> SourceDocument:
    if example.base not in cache:
        cache[example.base] = load_document(example.base)
    base = cache[example.base]
    data = copy.deepcopy(base.data)
    for pointer, value in example.set_values.items():
        parent_pointer, _, token = pointer.rpartition("/")
        parent = jp.resolve(data, parent_pointer)
        key = int(jp.unescape(token)) if isinstance(parent, list) else jp.unescape(token)
        parent[key] = value  # type: ignore[index]
    for pointer in example.remove:
        parent_pointer, _, token = pointer.rpartition("/")
        parent = jp.resolve(data, parent_pointer)
        del parent[int(token) if isinstance(parent, list) else jp.unescape(token)]  # type: ignore[arg-type]
    return SourceDocument(f"{example.file}#{example.name}", data, base.kind, base.positions, base.key_positions)


def run_example(example: Example, pack: RulePack, registry: SchemaRegistry, cache: dict | None = None) -> str | None:
    """None when the example behaves as expected, else what went wrong."""
    try:
        document = _patched(example, {} if cache is None else cache)
    except (IngestError, KeyError, IndexError, ValueError) as error:
        return f"示例无法构造：{error}"
    result = check_loaded(document, registry, pack)
    found = [finding for finding in result.findings if finding.rule == example.rule]
    if len(found) != len(example.expect):
        return f"期望 {len(example.expect)} 项发现，实际 {len(found)} 项：" + "；".join(f"{f.severity.value} {f.paths}" for f in found)
    unmatched = list(found)
    for wanted in example.expect:
        match = next(
            (f for f in unmatched if f.severity.value == wanted.get("severity", f.severity.value) and ("path" not in wanted or wanted["path"] in f.paths)),
            None,
        )
        if match is None:
            return f"没有符合 {wanted} 的发现；实际：" + "；".join(f"{f.severity.value} {f.paths}" for f in unmatched)
        unmatched.remove(match)
    return None


@dataclass
class Outcome:
    results: list[tuple[Example, str | None]]
    uncovered: list[tuple[str, str]]  # (rule id, what is missing)

    @property
    def ok(self) -> bool:
        """Every example behaves as expected and every rule has a passing and a failing example."""
        return not self.uncovered and all(problem is None for _example, problem in self.results)

    def lines(self, lang: str = "zh") -> list[str]:
        out = []
        for example, problem in self.results:
            status = ("通过" if lang == "zh" else "ok") if problem is None else ("失败" if lang == "zh" else "FAILED")
            out.append(f"{status}  {example.rule}  {example.name}" + (f"\n      {problem}" if problem else ""))
        for rule_id, missing in self.uncovered:
            out.append(f"未覆盖  {rule_id}：缺少{missing}" if lang == "zh" else f"uncovered  {rule_id}: no {missing}")
        passed = sum(1 for _example, problem in self.results if problem is None)
        failed = len(self.results) - passed
        out.append(f"{passed} passed, {failed} failed")
        return out


def run_examples(pack: RulePack, registry: SchemaRegistry, roots: Iterable[Path]) -> Outcome:
    examples = load_examples(roots)
    cache: dict = {}
    results = [(example, run_example(example, pack, registry, cache)) for example in examples]
    uncovered: list[tuple[str, str]] = []
    for compiled in pack.rules:
        rule_id = compiled.rule.id
        mine = [example for example in examples if example.rule == rule_id]
        if not any(example.failing for example in mine):
            uncovered.append((rule_id, "不通过示例"))
        if not any(not example.failing for example in mine):
            uncovered.append((rule_id, "通过示例"))
    return Outcome(results, uncovered)
