"""Report stage: how to render a report (language, colour, quiet, verbosity, diagnostics in full, the severity
that fails a junit case), and the words every renderer shares (counts with English plurals, places)."""

from __future__ import annotations

from dataclasses import dataclass

from budgetcheck.findings import CellPlace, Finding, Location, PagePlace


@dataclass(frozen=True)
class RenderOptions:
    """How to render: message language; colour and quiet apply to the text format only; `fail_on`
    (error, warning, never) is the severity from which a finding fails its junit test case;
    `verbose` shows each finding's JSON pointers beside its line; `diagnostics` lists every note
    of the tool on its own reading (else their count and the coverage summary)."""

    lang: str = "zh"
    color: bool = False
    quiet: bool = False
    fail_on: str = "error"
    verbose: bool = False
    diagnostics: bool = False

    def fails(self, finding: Finding) -> bool:
        return self.fail_on != "never" and finding.severity.rank <= (1 if self.fail_on == "warning" else 0)


_PLURALS = {"info": "info", "not applicable": "not applicable"}


def counted(number: int, word: str, lang: str = "en") -> str:
    """“1 error”, “2 errors” in English (info and not applicable do not take an s); “错误 2 项” in Chinese."""
    if lang != "en":
        return f"{word} {number} 项"
    if number == 1 or word in _PLURALS:
        return f"{number} {word}"
    return f"{number} {word}es" if word.endswith(("s", "sh", "ch", "x")) else f"{number} {word}s"


def line_of(location: Location | None, lang: str, column: bool = True) -> str:
    """Where a clerk finds it in the published text: 第 12 行第 3 列 / line 12, column 3; in a table, its
    sheet and cell (收支总表!C12), after the workbook's name when it is another file than the document's."""
    if location is None:
        return ""
    if isinstance(location, PagePlace):
        return location.text(lang)
    if isinstance(location, CellPlace):
        return f"{location.file} {location}" if location.file else str(location)
    line, col = location
    if lang == "en":
        return f"line {line}, column {col}" if column else f"line {line}"
    return f"第 {line} 行第 {col} 列" if column else f"第 {line} 行"


def place_fields(location: Location | None) -> dict:
    """A location as the JSON report writes it: line and column, or (in a table) a null line and column with
    the sheet, the cell and the file."""
    if location is None:
        return {"line": None, "column": None}
    if isinstance(location, PagePlace):
        return {"line": None, "column": None, **location.as_dict()}
    if isinstance(location, CellPlace):
        return {"line": None, "column": None, **location.as_dict()}
    return {"line": location[0], "column": location[1]}


def line_and_column(location: Location | None) -> tuple[object, object]:
    """Two spreadsheet cells: the line and column, or the table place and nothing."""
    if location is None:
        return None, None
    if isinstance(location, CellPlace | PagePlace):
        return line_of(location, "zh"), None
    return location[0], location[1]
