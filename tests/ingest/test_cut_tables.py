"""A table of cells one a line (a word processor's table saved as text) that the reader cannot read whole is left unread:
a row cut short, figures that lost their cells, a table the text points to and that is not there. None of them is
reported as the document's fault (a duty without activities, an empty procurement table without its note)."""

from __future__ import annotations

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES

TEXT = (FIXTURES / "narrative" / "final-accounts-yuan.txt").read_text(encoding="utf-8")


def _checked(registry, text: str):
    extraction = extract_text(text, "tables.txt")
    result = check_loaded(extraction.document, registry, load_pack(registry))
    errors = sorted((finding.rule, finding.message_zh) for finding in result.findings if finding.severity == "error")
    return extraction.document, errors, result


def _part(document, key: str) -> dict:
    return next(part for part in document.coverage.as_dict()["parts"] if part["key"] == key)


def test_a_page_break_inside_the_performance_table_leaves_the_cut_rows_unread(registry):
    """A page's end (a blank line, its number, the break) inside the performance table cut its header and a duty's row
    in two: the pieces were read as duties named 职责活动 and 绩效目标 and a duty without activities, two false
    SCHEMA-REQUIRED errors. A row with fewer cells than the table's rows hold is left unread, its text unmapped."""
    start = TEXT.index("第五部分")
    lines = TEXT[start:].split("\n")
    cuts = [index for index, line in enumerate(lines) if line.startswith("\t") and index % 7 == 3][:3]  # inside rows
    for index in reversed(cuts):
        lines[index:index] = ["", "                                   - 3 -", "\f"]
    paged = TEXT[:start] + "\n".join(lines)
    _, base_errors, _ = _checked(registry, TEXT)
    document, errors, _ = _checked(registry, paged)
    assert errors == base_errors == []
    performance = _part(document, "performance")
    assert performance["state"] == "partly_read" and performance["gaps"]


def test_figures_that_lost_their_cells_and_a_table_referred_to_but_not_read_leave_procurement_unread(registry):
    """The procurement table's cells set off by blank (spaces before each cell's tab, as a copy may have them) are no
    table: the reader consumed each short line as if it were a caption (单位：元), its figures went unseen, and the
    table read as empty: BUD-CMP-003, an empty table without its note (an error). A line holding a figure is no caption;
    and a text that says where its table is (见下表, 详见附表) with no row read leaves the rows undetermined."""
    start, end = TEXT.index("第六部分"), TEXT.index("第七部分")
    shifted = TEXT[:start] + TEXT[start:end].replace("\n\t", "\n     \t") + TEXT[end:]
    document, errors, result = _checked(registry, shifted)
    assert errors == []
    procurement = _part(document, "procurement")
    assert procurement["state"] == "partly_read" and "8,000,000.00" in [gap["text"] for gap in procurement["gaps"]]
    assert "/procurement/rows" in document.coverage.undetermined
    assert "BUD-CMP-003" in {outcome.rule for outcome in result.not_applicable}


def test_a_procurement_part_with_neither_table_nor_note_nor_reference_is_still_an_empty_table_without_its_note(registry):
    """The guard above is no way out of the rule: a procurement part that states no table, points to none and says
    nothing of an empty one is reported (BUD-CMP-003), and one that says its table is empty is not."""
    start, end = TEXT.index("第六部分"), TEXT.index("第七部分")
    bare = TEXT[:start] + "第六部分 政府采购情况\n2020年，我部门政府采购支出情况说明如后。\n\n" + TEXT[end:]
    _, errors, _ = _checked(registry, bare)
    assert "BUD-CMP-003" in {rule for rule, _ in errors}
    noted = TEXT[:start] + "第六部分 政府采购情况\n本部门2020年无政府采购支出，故本表为空表。\n\n" + TEXT[end:]
    _, errors, _ = _checked(registry, noted)
    assert "BUD-CMP-003" not in {rule for rule, _ in errors}
