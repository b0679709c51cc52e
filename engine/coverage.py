"""Base: coverage, what an extraction read of a document, part by part, before anything is judged.

Each part (a top-level section of the document schema; later each table) is in one state:

- `read`: its values were mapped, and every figure and sentence of its text went somewhere
  (into the part, or into the claims read from the narrative);
- `partly_read`: values were mapped, but some figures or sentences of its text were not (the
  gaps list them with their line, column and text);
- `recognised_not_read`: its heading or title was found (where, and why its content was not read);
- `absent`: no heading variant of the part appears anywhere in the text;
- `cut_off`: no heading of it in a text that stops mid-sentence (an excerpt, a cut page): it may be in what was
  cut off, so its absence says nothing about the document.

A rule reading a part that is neither read nor absent is not applicable ("未抽取：…"), never an
error and never a pass; only an absent part makes a completeness finding (a part cut off does not). A YAML or JSON
submission has no coverage (None): its data is the submission itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from budgetcheck.pointer import parts as pointer_parts
from budgetcheck.records import Record, record

READ, PARTLY_READ, RECOGNISED_NOT_READ, ABSENT, CUT_OFF = "read", "partly_read", "recognised_not_read", "absent", "cut_off"
STATES = (READ, PARTLY_READ, RECOGNISED_NOT_READ, ABSENT, CUT_OFF)
STATE_LABELS = {
    "zh": {READ: "已读取", PARTLY_READ: "部分读取", RECOGNISED_NOT_READ: "已识别、未读取", ABSENT: "未找到", CUT_OFF: "不在节选内（文本截断）"},
    "en": {READ: "read", PARTLY_READ: "partly read", RECOGNISED_NOT_READ: "recognised, not read", ABSENT: "absent", CUT_OFF: "not in the excerpt (the text is cut)"},
}


@record
class Gap(Record):
    """A figure or a sentence of a part's text that was not mapped: where it is, and its text."""

    line: int
    column: int
    snippet: str


@dataclass(frozen=True)
class PartCoverage:
    key: str  # the document schema's top-level field ("overview"), or a table's name
    title: str  # what a clerk calls it (机构设置, 部门支出预算总表)
    state: str
    line: int | None = None  # where its heading or title was found (None when absent)
    reason_zh: str = ""  # why it was not (fully) read
    reason_en: str = ""
    gaps: tuple[Gap, ...] = ()
    title_en: str = ""
    place: str = ""  # a table's place when it has no line: its title's sheet and cell (收支总表!A1)

    @property
    def judged(self) -> bool:
        """Whether rules may speak about this part: it was read, or it is not in the document at all."""
        return self.state in (READ, ABSENT)

    def name(self, lang: str = "zh") -> str:
        return (self.title_en or self.title) if lang == "en" else self.title

    def label(self, lang: str = "zh") -> str:
        return STATE_LABELS["en" if lang == "en" else "zh"][self.state]

    def reason(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh

    def not_extracted(self) -> tuple[str, str]:
        """Why a rule that needs this part is not applicable: 未抽取：机构设置（已识别、未读取，第 44 行起）."""
        where_zh = f"，第 {self.line} 行起" if self.line else f"，{self.place}" if self.place else ""
        where_en = f", from line {self.line}" if self.line else f", {self.place}" if self.place else ""
        return (
            f"未抽取：{self.title}（{self.label('zh')}{where_zh}）",
            f"not extracted: {self.name('en')} ({self.label('en')}{where_en})",
        )


def cut_off(parts: tuple[PartCoverage, ...], line: int, within: str | None) -> tuple[PartCoverage, ...]:
    """The parts of a text that stops mid-sentence at `line` (an excerpt, a cut page): a part with no heading in it may
    be in what was cut off (cut_off), and the part the cut falls in (`within`) was not seen whole (partly read);
    neither says anything about the document."""
    out = []
    for part in parts:
        if part.state == ABSENT:
            part = replace(part, state=CUT_OFF, reason_zh=f"文本在第 {line} 行截断，此部分可能在截去的内容中", reason_en=f"the text is cut at line {line}; this part may be in what was cut off")
        elif part.key == within and part.state == READ:
            part = replace(part, state=PARTLY_READ, reason_zh=f"文本在此部分中（第 {line} 行）截断", reason_en=f"the text is cut inside this part (line {line})")
        out.append(part)
    return tuple(out)


@dataclass(frozen=True)
class Coverage:
    parts: tuple[PartCoverage, ...]
    tables: tuple[PartCoverage, ...] = ()
    figures: int = 0  # figures found in the text outside the tables
    figures_mapped: int = 0
    # what a document says about itself that extraction could not find in its text (e.g. /metadata/level
    # where no sentence names the budget level): a schema finding there is about the reading, not the document
    undetermined: tuple[str, ...] = ()

    def part(self, key: str) -> PartCoverage | None:
        return next((part for part in self.parts if part.key == key), None)

    def determined(self, pointer: str) -> bool:
        """Whether extraction looked for the value at `pointer` and could tell (a value it could not find is not the document's fault)."""
        return not any(pointer == gap or pointer.startswith(gap + "/") for gap in self.undetermined)

    def unread(self) -> dict[str, PartCoverage]:
        """The parts rules must not speak about, by key: neither read nor absent; a standard table is a part of
        its own (`tables/<kind>`)."""
        found = {part.key: part for part in self.parts if not part.judged}
        found.update((table.key, table) for table in self.tables if not table.judged and table.key.startswith("tables/"))
        return found

    def unread_fields(self) -> dict[str, tuple[str, str]]:
        """The fields outside /metadata that extraction saw named but could not read (公务接待费 whose figure a line break cut
        from its name), by key (`three_public/reception`), with why: a rule must not take them for absent (`?? 0` would
        judge the figure as nothing). What a document says of itself (its level, its province) keeps the rules' defaults."""
        return {
            "/".join(pointer_parts(pointer)): (f"未能从文中确定：{pointer}", f"could not be determined from the text: {pointer}")
            for pointer in self.undetermined
            if pointer != "/metadata" and not pointer.startswith("/metadata/")
        }

    def with_tables(self, tables: tuple[PartCoverage, ...]) -> Coverage:
        """The same coverage with the tables of another reading (the workbook paired with a narrative, a .docx's or a
        PDF's tables), and each standard table the text shows (set as layout text, or named by its contents) that the
        other reading gave no entry: it is in the document, unread, not missing (TAB-REQ would call it unpublished)."""
        found = {table.key for table in tables if table.state != ABSENT}
        shown = {table.key: table for table in self.tables if table.key.startswith("tables/") and table.state != ABSENT and table.key not in found}
        merged = tuple(shown.pop(table.key) if table.key in shown else table for table in tables)  # “没有此表” gives way
        return Coverage(self.parts, merged + tuple(shown.values()), self.figures, self.figures_mapped, self.undetermined)

    def counts(self) -> dict[str, int]:
        return {state: sum(part.state == state for part in self.parts) for state in STATES}

    def summary(self, lang: str = "zh") -> str:
        """One line: 抽取覆盖：正文数字 212/240，部分 7/11 已读，表格 0/9 已读."""
        present = [part for part in self.parts if part.state not in (ABSENT, CUT_OFF)]
        read = sum(part.state == READ for part in present)
        tables_read = sum(table.state == READ for table in self.tables)
        if lang == "en":
            line = f"extraction coverage: figures in the text {self.figures_mapped}/{self.figures}, parts read {read}/{len(present)}"
            return line + (f", tables read {tables_read}/{len(self.tables)}" if self.tables else "")
        line = f"抽取覆盖：正文数字 {self.figures_mapped}/{self.figures}，部分 {read}/{len(present)} 已读"
        return line + (f"，表格 {tables_read}/{len(self.tables)} 已读" if self.tables else "")

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "summary": self.summary(lang),
            "figures": {"total": self.figures, "mapped": self.figures_mapped},
            "parts": [_part_dict(part, lang) for part in self.parts],
            "tables": [_part_dict(table, lang) for table in self.tables],
            "undetermined": list(self.undetermined),
        }


def _part_dict(part: PartCoverage, lang: str) -> dict:
    return {
        "key": part.key,
        "title": part.name(lang),
        "state": part.state,
        "line": part.line,
        **({"place": part.place} if part.place else {}),
        "reason": part.reason(lang),
        "gaps": [{"line": gap.line, "column": gap.column, "text": gap.snippet} for gap in part.gaps],
    }


def gaps_by_line(gaps: Iterable[Gap]) -> tuple[Gap, ...]:
    return tuple(sorted(gaps, key=lambda gap: (gap.line, gap.column)))
