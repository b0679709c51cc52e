"""Rule language: 政府收支分类科目 tables, code → official name per budget year, read from `rules/classification/<year>.yaml`
(支出功能分类: 类 2xx, 款, 项) and `rules/classification/economic/<year>.yaml` (部门预算支出经济分类: 类 3xx, 款), two
lists of their own kind, each with its own code pattern.

A lookup is by exact year, else the nearest earlier year whose table lists the code (names hold
until the 科目 of a later year change them; the tables list only the codes of the documents read,
so a later table may lack a code an earlier one has); a code no table up to that year lists has no name. Tables are read once
per folder and kept; a malformed table raises ClassificationError with file, line and column, and
no table of that folder is used (fail-closed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from budgetcheck.errors import BudgetcheckError
from budgetcheck.resources import rules_dir

CODE = re.compile(r"^2[0-9]{2}(?:[0-9]{2}){0,2}$")
ECONOMIC_CODE = re.compile(r"^3[0-9]{2}(?:[0-9]{2})?$")
# list kind -> (the folder under rules/classification, the code pattern, what a code of it is)
SCHEMES = {
    "function": ("", CODE, ("支出功能分类编码（类 3 位、款 5 位、项 7 位）", "a functional classification code (3, 5 or 7 digits)")),
    "economic": ("economic", ECONOMIC_CODE, ("支出经济分类编码（3xx 类 3 位、款 5 位）", "an economic classification code (3xx, 3 or 5 digits)")),
}
YEAR_FILE = re.compile(r"^(?:19|20|21)[0-9]{2}\.yaml$")
# libyaml's composer when PyYAML was built with it: the same nodes, tags and marks as the pure-Python SafeLoader,
# about ten times faster (the tables are most of what a cold start reads: tests/dsl/test_classification.py compares both)
LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


class ClassificationError(BudgetcheckError):
    def __init__(self, file: str, line: int, column: int, zh: str, en: str) -> None:
        super().__init__(zh, en, file=file, line=line, column=column)


@dataclass(frozen=True)
class Entry:
    name: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    year: int
    file: str
    sources: Mapping[str, str]
    codes: Mapping[str, Entry]


@dataclass(frozen=True)
class Found:
    code: str
    name: str
    year: int  # the year of the table that named it: the year asked for, or the nearest earlier one
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Tables:
    by_year: Mapping[int, Table]
    # year -> parent code -> its children (code, name): built on the first name-path lookup of that year
    _by_parent: dict[int, dict[str, list[tuple[str, str]]]] = field(default_factory=dict, compare=False, hash=False)

    def lookup(self, code: str, year: int) -> Found | None:
        """The name of `code` in `year`'s table, else in the nearest earlier table that lists it; None when none does."""
        years = sorted(self.by_year)
        for table_year in reversed(years[: bisect.bisect_right(years, year)]):
            table = self.by_year[table_year]
            entry = table.codes.get(code)
            if entry is not None:
                return Found(code, entry.name, table.year, tuple(table.sources.get(key, key) for key in entry.sources))
        return None


    def code_of_names(self, names: tuple[str, ...], year: int, key: Callable[[str], str]) -> str | None:
        """The code a full name path (类 name, then 款 under it, then 项 under that) has in `year`'s list (each code
        named as `lookup` names it); None when a level has no such name under its parent, or two. Never by the last
        name alone: 行政运行 is a 项 under many 款."""
        if not names or len(names) > 3:
            return None
        children = self._children(year)
        parent = ""
        for name in names:
            wanted = key(name)
            found = [code for code, official in children.get(parent, ()) if key(official) == wanted]
            if len(found) != 1:
                return None
            parent = found[0]
        return parent

    def _children(self, year: int) -> dict[str, list[tuple[str, str]]]:
        """parent code ("" for a 类) -> [(code, name in `year`)], over every table up to `year`."""
        cached = self._by_parent.get(year)
        if cached is None:
            codes = {code for table_year, table in self.by_year.items() if table_year <= year for code in table.codes}
            cached = {}
            for code in sorted(codes):
                found = self.lookup(code, year)
                if found is not None:
                    cached.setdefault(code[:-2] if len(code) > 3 else "", []).append((code, found.name))
            self._by_parent[year] = cached
        return cached


def default_folder(scheme: str = "function") -> Path:
    return rules_dir() / "classification" / SCHEMES[scheme][0]


@lru_cache(maxsize=8)
def load_tables(folder: Path | None = None, scheme: str = "function") -> Tables:
    folder = folder if folder is not None else default_folder(scheme)
    by_year: dict[int, Table] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if not YEAR_FILE.match(path.name):
            raise ClassificationError(str(path), 1, 1, "分类科目表的文件名须是年度，如 2025.yaml", "a classification table is named by its year, e.g. 2025.yaml")
        table = load_table(path, scheme)
        by_year[table.year] = table
    return Tables(MappingProxyType(by_year))


def load_table(path: Path, scheme: str = "function", loader: type = LOADER) -> Table:
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=loader)
    except (OSError, UnicodeDecodeError) as error:
        raise ClassificationError(file, 1, 1, f"无法读取分类科目表：{error}", f"cannot read the classification table: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise ClassificationError(file, line, column, f"分类科目表不是有效的 YAML：{getattr(error, 'problem', error)}", f"the classification table is not valid YAML: {getattr(error, 'problem', error)}") from None
    return _Reader(file, scheme).table(root, path.stem)


class _Reader:
    def __init__(self, file: str, scheme: str = "function") -> None:
        self.file = file
        _folder, self.pattern, self.what = SCHEMES[scheme]

    def fail(self, node: Node | None, zh: str, en: str) -> ClassificationError:
        mark = node.start_mark if node is not None else None
        return ClassificationError(self.file, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, zh, en)

    def mapping(self, node: Node | None, what: str) -> dict[str, tuple[Node, Node]]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what}须是映射", f"{what} must be a mapping")
        out: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode) or key.tag not in (_STR, _INT):
                raise self.fail(key, f"{what}的键须是文字", f"the keys of {what} must be text")
            if key.tag == _INT and what == "codes":
                raise self.fail(key, f"科目编码 {key.value} 须加引号（写作 \"{key.value}\"）", f"quote the code {key.value} (\"{key.value}\")")
            if key.value in out:
                raise self.fail(key, f"{what}中“{key.value}”重复", f"'{key.value}' appears twice in {what}")
            out[key.value] = (key, value)
        return out

    def text(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != _STR or not node.value.strip():
            raise self.fail(node, f"{what}须是非空文字", f"{what} must be non-empty text")
        return node.value

    def table(self, root: Node | None, stem: str) -> Table:
        fields = self.mapping(root, "分类科目表")
        unknown = set(fields) - {"year", "sources", "codes"}
        if unknown:
            key, _value = fields[min(unknown)]
            raise self.fail(key, f"未知的键“{key.value}”", f"unknown key '{key.value}'")
        for required in ("year", "sources", "codes"):
            if required not in fields:
                raise self.fail(root, f"分类科目表缺少“{required}”", f"the classification table has no '{required}'")
        year_node = fields["year"][1]
        if not isinstance(year_node, ScalarNode) or year_node.tag != _INT or year_node.value != stem:
            raise self.fail(year_node, f"year 须是与文件名相同的年度 {stem}", f"year must be the file's year {stem}")
        sources = {key: self.text(value, f"来源“{key}”") for key, (_node, value) in self.mapping(fields["sources"][1], "sources").items()}
        codes: dict[str, Entry] = {}
        listed = self.mapping(fields["codes"][1], "codes")
        for code, (key, value) in listed.items():
            if not self.pattern.match(code):
                raise self.fail(key, f"“{code}”不是{self.what[0]}", f"'{code}' is not {self.what[1]}")
            codes[code] = self.entry(code, value, sources)
        for code in codes:
            parent = code[:-2]
            if len(code) > 3 and parent not in codes:
                raise self.fail(listed[code][0], f"科目 {code} 的上级 {parent} 不在表中", f"the parent {parent} of {code} is not in the table")
        return Table(int(year_node.value), self.file, MappingProxyType(sources), MappingProxyType(codes))

    def entry(self, code: str, node: Node, sources: dict[str, str]) -> Entry:
        fields = self.mapping(node, f"科目 {code}")
        if set(fields) != {"name", "source"}:
            raise self.fail(node, f"科目 {code} 须且只须有 name 和 source", f"code {code} needs exactly name and source")
        name = self.text(fields["name"][1], f"科目 {code} 的 name")
        listed = fields["source"][1]
        if not isinstance(listed, SequenceNode) or not listed.value:
            raise self.fail(listed, f"科目 {code} 的 source 须是来源键的列表", f"the source of {code} must be a list of source keys")
        keys = tuple(self.text(item, "来源键") for item in listed.value)
        for item, key in zip(listed.value, keys):
            if key not in sources:
                raise self.fail(item, f"来源“{key}”未在 sources 中列出", f"source '{key}' is not listed under sources")
        return Entry(name, keys)
