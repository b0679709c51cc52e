"""Ingest stage, tables: the table vocabulary (vocabulary.yaml) compiled for matching: table titles to kinds, header paths to
canonical columns, row labels to special rows. Data lives in the YAML; this module only indexes it."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from budgetcheck.resources import schemas_dir


_QUOTES = str.maketrans("", "", "“”\"‘’'「」『』")
_SPACE = re.compile(r"\s+")
_WHEREOF = re.compile(r"^其中[:]?")


# the variant of a title whose table's layout no reference shows (vocabulary.yaml): recognised, never read
UNSEEN = "unseen"

# a classification named after the title: 一般公共预算基本支出明细表（按经济分类）, …（按功能分类科目）
_QUALIFIER = re.compile(r"\((?:按)?(?:支出)?(?:经济|功能)分类(?:科目)?\)$")


def norm(text: str) -> str:
    """The form every vocabulary comparison uses: NFKC, no white space, no quotation marks."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


def norm_label(text: str) -> str:
    """A header label: norm, without a leading 其中:."""
    return _WHEREOF.sub("", norm(text))


@dataclass(frozen=True)
class ColumnDef:
    key: str
    type: str  # code, code_class, code_section, code_item, name, item, text, amount
    paths: tuple[tuple[frozenset[str], ...], ...]

    def matches(self, path: tuple[str, ...]) -> bool:
        return any(len(p) == len(path) and all(label in options for label, options in zip(path, p)) for p in self.paths)


@dataclass(frozen=True)
class TitleMatch:
    kind: str
    variant: str
    core: str  # the normalised part of the title that named the kind
    year: int | None
    entity: str | None  # 部门 / 单位 when the title says so


@dataclass(frozen=True)
class ColumnMatch:
    key: str
    type: str
    side: str | None
    measure: str  # "current" unless a label said otherwise


@dataclass(frozen=True, eq=False)
class Kind:
    key: str
    name: str
    family: str
    national: bool
    layout: str  # rows, two_sided, panels
    row_key: str  # code, item, measure
    code_scheme: str | None
    groups: dict  # normalised label -> side or None
    side_words: dict  # normalised label -> (side, column key)
    columns: dict  # key -> ColumnDef
    required: dict  # side or "all" -> tuple of keys
    required_any: dict  # side or "all" -> tuple of keys, one of which must be present
    special: dict  # side or None -> {normalised label: key}
    panel_columns: tuple[str, ...]
    dash_as_blank: bool
    measures: dict  # normalised label -> measure
    year_measure: re.Pattern | None

    @property
    def sides(self) -> tuple[str, ...]:
        return ("income", "expenditure") if self.layout == "two_sided" else ()

    def words(self) -> frozenset[str]:
        """Every header word this kind knows: groups, side words, measures and each column label variant."""
        out = set(self.groups) | set(self.side_words) | set(self.measures)
        for col in self.columns.values():
            for path in col.paths:
                for options in path:
                    out |= options
        return frozenset(out)

    def special_key(self, label: str, side: str | None) -> str | None:
        table = self.special.get(side) or {}
        return table.get(label) or (self.special.get(None) or {}).get(label)

    def match_column(self, path: tuple[str, ...], year: int | None) -> ColumnMatch | None:
        """The canonical column a header path names (labels already normalised), or None. A label a layout wrapped over
        two header rows (功能分类 | 科目编码, each a row of its own in a PDF's grid) is that label: where the path names no
        column, two labels one above the other are read as one, when every such reading names the same column."""
        found = self._match(path, year)
        if found is not None or len(path) < 2:
            return found
        joined = {self._match(path[:i] + (path[i] + path[i + 1],) + path[i + 2 :], year) for i in range(len(path) - 1)} - {None}
        return joined.pop() if len(joined) == 1 else None

    def _match(self, path: tuple[str, ...], year: int | None) -> ColumnMatch | None:
        side, rest = self._strip_groups(tuple(self._own_year(label, year) for label in path))
        if len(rest) == 1 and rest[0] in self.side_words:
            side, key = self.side_words[rest[0]]
            return ColumnMatch(key, self.columns[key].type, side, "current")
        found = self._exact(rest)
        if found:
            return ColumnMatch(found.key, found.type, side, "current")
        measure, rest = self._strip_measures(rest, year)
        if measure is None:
            return None
        found = self._exact(rest)
        return ColumnMatch(found.key, found.type, side, measure) if found else None

    def measure_of(self, label: str, year: int | None) -> str | None:
        """current / last_year / budget / final … for a label like 预算数, 上年, 2024年预算数; None otherwise."""
        if label in self.measures:
            return self.measures[label]
        hit = self.year_measure.match(label) if self.year_measure else None
        if hit is None or year is None:
            return None
        said = int(hit.group(1))
        if self.family == "final":
            return "final" if said == year else None
        return {year: "current", year - 1: "last_year"}.get(said)

    def _own_year(self, label: str, year: int | None) -> str:
        """A budget's group or column label headed by its own year (2024年“三公”经费预算数, 2024年机关运行经费预算数 in
        a 2024 budget) is that label; another year's (2023年…) is left whole, and so matches nothing."""
        hit = _YEAR_PREFIX.match(label) if year is not None and self.family == "budget" else None
        if hit is None or int(hit.group(1)) != year:
            return label
        rest = hit.group(2)
        return rest if rest in self.groups or self._exact((rest,)) is not None else label

    def _strip_groups(self, path: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
        side = None
        rest = []
        for label in path:
            if label in self.groups:
                side = self.groups[label] or side
            else:
                rest.append(label)
        if not rest and path:
            rest = [path[-1]]  # a group word standing alone names a column (项目 over embedded codes)
        return side, tuple(rest)

    def _strip_measures(self, path: tuple[str, ...], year: int | None) -> tuple[str | None, tuple[str, ...]]:
        measures = [self.measure_of(label, year) for label in path]
        found = [m for m in measures if m is not None]
        if len(found) != 1:
            return None, path  # none, or two measures in one path: not a column we know
        return found[0], tuple(label for label, m in zip(path, measures) if m is None)

    def _exact(self, path: tuple[str, ...]) -> ColumnDef | None:
        hits = [col for col in self.columns.values() if col.matches(path)]
        return hits[0] if len(hits) == 1 else None


_YEAR_PREFIX = re.compile(r"^(\d{4})年度?(.+)$")


@dataclass(frozen=True, eq=False)
class Vocabulary:
    kinds: dict
    units: dict
    unit_line: re.Pattern
    unit_in_header: re.Pattern
    title_numbering: re.Pattern
    title_prefix: re.Pattern
    titles: tuple  # (kind, variant, compiled core pattern)
    placeholders: tuple[re.Pattern, ...]
    empty_notes: tuple[re.Pattern, ...]
    column_numbers_row: re.Pattern

    @functools.cached_property
    def national_words(self) -> frozenset[str]:
        """Every header word of the tables every disclosure publishes (Kind.words of each national kind): what a table
        whose title was lost shows if it is one of them."""
        return frozenset().union(*(kind.words() for kind in self.kinds.values() if kind.national))

    def match_title(self, text: str) -> TitleMatch | None:
        """The kind a title names: the longest core pattern ending the title, with an allowed prefix."""
        title = self.title_numbering.sub("", _QUALIFIER.sub("", self.unit_line.sub("", norm(text))).rstrip("()"))
        best: list[tuple[int, str, str, re.Match]] = []
        for kind, variant, pattern in self.titles:
            hit = pattern.search(title)
            if hit and self.title_prefix.match(title[: hit.start()]):
                best.append((hit.end() - hit.start(), kind, variant, hit))
        if not best:
            return None
        best.sort(key=lambda b: -b[0])
        if len(best) > 1 and best[1][0] == best[0][0] and best[1][1] != best[0][1]:
            return None  # two kinds claim the title equally: not recognised
        _, kind, variant, hit = best[0]
        year = re.search(r"(\d{4})\s*年", title[: hit.start()])
        entity = re.search(r"(部门|单位)", title)
        return TitleMatch(kind, variant, hit.group(0), int(year.group(1)) if year else None, entity.group(1) if entity else None)

    def find_title(self, lines) -> tuple[object | None, TitleMatch | None]:
        """(line, match): the nearest line above a table naming a standard table; else (the nearest line
        ending in 表, None); else (None, None). Lines are nearest-last."""
        for line in reversed(lines):
            match = self.match_title(line.text)
            if match is not None:
                return line, match
        for line in reversed(lines):
            if self.unit_line.sub("", norm(line.text)).rstrip("()").endswith("表"):
                return line, None
        return None, None

    def unit_of(self, text: str) -> str | None:
        hit = self.unit_line.search(norm(text))
        return hit.group(1) if hit else None

    def is_placeholder(self, text: str) -> bool:
        t = norm(text)
        return bool(t) and any(p.search(t) for p in self.placeholders)

    def is_empty_note(self, text: str) -> bool:
        t = norm(text)
        return any(p.search(t) for p in self.empty_notes)


def _variants(label: str) -> frozenset[str]:
    return frozenset(norm_label(v) for v in str(label).split("|"))


def _column(key: str, raw: dict) -> ColumnDef:
    return ColumnDef(key, raw["type"], tuple(tuple(_variants(label) for label in path) for path in raw["paths"]))


def _special(raw) -> dict:
    if not raw:
        return {}
    sided = all(isinstance(v, dict) for v in raw.values())
    if not sided:
        return {None: {norm(label): key for key, labels in raw.items() for label in labels}}
    return {side: {norm(label): key for key, labels in table.items() for label in labels} for side, table in raw.items()}


def _required(raw) -> dict:
    if raw is None:
        return {}
    if isinstance(raw, list):
        return {"all": tuple(raw)}
    return {side: tuple(keys) for side, keys in raw.items()}


def _kind(key: str, raw: dict, columns: dict, families: dict) -> Kind:
    family = families[raw["family"]]
    return Kind(
        key=key,
        name=raw["name"],
        family=raw["family"],
        national=bool(raw.get("national")),
        layout=raw["layout"],
        row_key=raw["row_key"],
        code_scheme=raw.get("code_scheme"),
        groups={norm_label(k): v for k, v in (raw.get("groups") or {}).items()},
        side_words={norm_label(k): tuple(v) for k, v in (raw.get("side_words") or {}).items()},
        columns={c: columns[c] for c in raw["columns"]},
        required=_required(raw.get("required")),
        required_any=_required(raw.get("required_any")),
        special=_special(raw.get("special")),
        panel_columns=tuple(raw.get("panel_columns") or ()),
        dash_as_blank=bool(raw.get("dash_as_blank", False)),
        measures={norm_label(k): v for k, v in family["measures"].items()},
        year_measure=re.compile(family["year_measure"]) if family.get("year_measure") else None,
    )


def build(raw: dict) -> Vocabulary:
    columns = {key: _column(key, value) for key, value in raw["columns"].items()}
    kinds = {key: _kind(key, value, columns, raw["families"]) for key, value in raw["kinds"].items()}
    titles = tuple(
        (key, variant, re.compile("(?:" + norm(p) + ")$"))
        for key, value in raw["kinds"].items()
        for variant, patterns in value["titles"].items()
        for p in patterns
    )
    return Vocabulary(
        kinds=kinds,
        units={k: int(v) for k, v in raw["units"].items()},
        unit_line=re.compile(raw["unit_line"]),
        unit_in_header=re.compile(raw["unit_in_header"]),
        title_numbering=re.compile(raw["title_numbering"]),
        title_prefix=re.compile(raw["title_prefix"]),
        titles=titles,
        placeholders=tuple(re.compile(p) for p in raw["placeholders"]),
        empty_notes=tuple(re.compile(p) for p in raw["empty_notes"]),
        column_numbers_row=re.compile(raw["column_numbers_row"]),
    )


def vocabulary_path() -> Path:
    """The bundled vocabulary: data beside the table schemas generated from it."""
    return schemas_dir() / "department-disclosure" / "tables" / "vocabulary.yaml"


_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same data as SafeLoader, in C (0.43 s -> 0.03 s)


@functools.lru_cache(maxsize=1)
def bundled_vocabulary() -> Vocabulary:
    """The bundled vocabulary, compiled once per process (it is frozen): for the narrative extractor, which
    names the tables it recognises in a text and cannot read."""
    return load()


def load(path: str | None = None) -> Vocabulary:
    """The vocabulary from a YAML file (the bundled one by default). Callers keep it and pass it on (no
    process-wide cache): a test or a pack can use its own."""
    with open(path or vocabulary_path(), encoding="utf-8") as handle:
        return build(yaml.load(handle, Loader=_LOADER))  # noqa: S506 - a safe loader: libyaml's when installed
