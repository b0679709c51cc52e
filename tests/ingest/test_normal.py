"""Normalisation (issue 16, item 4): traditional characters, full-width forms and pinyin glosses are read
as simplified ASCII-digit text, while every location and snippet points at the original characters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.normal import normal_line, normal_text, traditional
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES

opencc = pytest.importorskip("opencc")

SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
_DIGITS = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})


def _traditional_twin(text: str) -> str:
    """The sample as a mirror site prints it: traditional characters, glosses after two words, full-width digits."""
    twin = opencc.OpenCC("s2t").convert(text)
    return twin.replace("經費", "經(jīng)費").replace("預算", "預(yù)算").translate(_DIGITS)


def make_traditional() -> str:
    """The characters the installed OpenCC's t2s changes on their own (the content of traditional.txt)."""
    convert = opencc.OpenCC("t2s").convert
    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF)]
    return "".join(chr(cp) for first, last in ranges for cp in range(first, last + 1) if convert(chr(cp)) != chr(cp))


def test_a_gloss_after_a_han_character_is_removed_and_each_character_keeps_its_original_index():
    clean, index, glosses = normal_line("經(jīng)費預(yù)算")
    assert (clean, glosses) == ("经费预算", 2)
    assert index == (0, 7, 8, 13, 14)


def test_a_gloss_in_full_width_brackets_is_removed_too():
    """经（jīng）费 (perturb21's hw2fw-pinyin): the glosses in full-width brackets were kept, so 公务（wù）用车… was an item
    of its own (a false CLM-SUM-001), and a text of many was taken for garbled bytes (NARRATIVE-ENCODING, invalid)."""
    clean, index, glosses = normal_line("經（jīng）費預(yù)算")
    assert (clean, glosses) == ("经费预算", 2)
    assert index == (0, 7, 8, 13, 14)


def test_only_toned_pinyin_after_a_han_character_is_a_gloss():
    for kept in ("附件(a)所列", "Word(doc)", "经费(万元)", "(jīng)开头", "项目(一)", "附件（a）所列", "（jīng）开头", "经费（万元）"):
        assert normal_line(kept)[0] == kept


def test_full_width_digits_letters_and_percent_become_ascii_while_chinese_punctuation_stays():
    clean, index, _ = normal_line("１２３．４５萬元，占ＡＢ類（１２％）；“三公”《說明》　完")
    assert clean == "123.45万元，占AB类（12%）；“三公”《说明》 完"
    assert index is not None and len(index) == len(clean) + 1


def test_a_full_width_point_is_a_decimal_point_only_between_digits():
    assert normal_line("第１．２项．说明")[0] == "第1.2项．说明"


def test_a_simplified_ascii_text_is_returned_as_it_is_without_loading_opencc():
    plain = SAMPLE.replace("\u3000", " ")
    text, origin = normal_text(plain)
    assert text is plain and not origin.lines and not origin.traditional
    probe = "import sys; from budgetcheck.ingest.narrative.normal import normal_text; normal_text(open(sys.argv[1], encoding='utf-8').read()); print('opencc' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe, str(FIXTURES / "xiguan-2019.txt")], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_the_table_of_traditional_characters_is_what_the_installed_opencc_changes():
    import budgetcheck.ingest.narrative.normal as normal

    stored = (Path(normal.__file__).parent / "traditional.txt").read_text(encoding="utf-8").split()[-1]
    assert stored == make_traditional()
    assert "經" in traditional() and "经" not in traditional()


def test_a_conversion_that_would_change_a_lines_length_goes_character_by_character(monkeypatch):
    import budgetcheck.ingest.narrative.normal as normal

    class Longer:
        def convert(self, text: str) -> str:
            return text + "X" if len(text) > 1 else {"經": "经", "費": "费"}.get(text, text)

    monkeypatch.setattr(normal, "_converter", lambda: Longer())
    assert normal.normal_line("經費")[0] == "经费"


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry=registry)


def _check(registry, pack, text: str):
    extraction = extract_text(text, "sample.txt")
    return extraction, check_loaded(extraction.document, registry, pack)


def test_the_traditional_twin_of_the_sample_reads_to_the_same_document_and_the_same_findings(registry, pack):
    plain, plain_result = _check(registry, pack, SAMPLE)
    twin, twin_result = _check(registry, pack, _traditional_twin(SAMPLE))
    assert twin.document.data == plain.document.data
    assert [(f.rule, f.paths, f.message_zh) for f in twin_result.findings] == [(f.rule, f.paths, f.message_zh) for f in plain_result.findings]


def test_the_twins_locations_point_at_the_same_characters_in_the_original(registry, pack):
    twin_text = _traditional_twin(SAMPLE)
    plain, plain_result = _check(registry, pack, SAMPLE)
    twin, twin_result = _check(registry, pack, twin_text)
    plain_lines, twin_lines = SAMPLE.split("\n"), twin_text.split("\n")
    back = opencc.OpenCC("t2s").convert
    digits = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})

    def char(lines: list[str], place: tuple[int, int]) -> str:
        return back(lines[place[0] - 1][place[1] - 1 : place[1]]).translate(digits)

    moved = 0
    for pointer, place in plain.document.positions.items():
        there = twin.document.positions[pointer]
        assert there[0] == place[0], pointer
        assert char(twin_lines, there) == char(plain_lines, place), pointer
        moved += there != place
    assert moved > 50  # glosses before a value on its line move it to the right
    for pointer, record in twin.provenance.items():
        line = twin_lines[record.line - 1]
        assert line[record.column - 1 : record.end_column - 1] == record.text or record.text not in line, pointer


def test_a_snippet_shows_the_original_characters_with_their_glosses():
    twin = extract_text(_traditional_twin(SAMPLE), "sample.txt")
    snippets = [record.text for record in twin.provenance.values()]
    assert any("經(jīng)費" in text for text in snippets)
    assert any(any(chr(0xFF10 + d) in text for d in range(10)) for text in snippets)


def test_the_diagnostics_say_once_that_traditional_characters_and_glosses_were_normalised():
    twin = extract_text(_traditional_twin(SAMPLE), "twin.txt")
    notes = [f for f in twin.document.diagnostics if f.rule == "EXTRACT-NORMALISED"]
    assert len(notes) == 1 and "繁体字" in notes[0].message_zh and "拼音注音" in notes[0].message_zh
    wide_only = extract_text(SAMPLE.translate(_DIGITS), "wide.txt")
    assert not [f for f in wide_only.document.diagnostics if f.rule == "EXTRACT-NORMALISED"]


def test_full_width_digits_alone_give_the_same_claims_at_the_same_columns():
    plain = extract_text(SAMPLE, "sample.txt")
    wide = extract_text(SAMPLE.translate(_DIGITS), "sample.txt")
    assert wide.document.data == plain.document.data
    assert wide.document.positions == plain.document.positions


def test_thousands_set_apart_by_spaces_are_closed_up_and_located_at_their_own_characters(registry, pack):
    """本年支出合计12 345 678.90元 (thousands set apart by spaces, a thin one too): read as 12 345 | 678.90元 it was an
    item named 本年支出合计12345 of 678.90 元, a figure the text never states. Closed up, the figure is read whole and
    a finding points at its first digit; a year before its 年 (2024 年) and a number of four digits are not groups."""
    assert normal_line("合计12 345 678.90元，增加1\u2009234.5元")[0] == "合计12345678.90元，增加1234.5元"
    assert normal_line("2024 年支出 100 万元")[0] == "2024 年支出 100 万元" and normal_line("共2024 100元")[0] == "共2024 100元"
    text = "2024年度部门决算\n一、支出决算情况说明\n本年支出合计12 345 678.90元，比上年增加1 234 567.89元，增长12.11%。\n"
    extraction = extract_text(text, "groups.txt")
    (claim,) = extraction.document.data["narrative"]["claims"]
    assert (claim["subject"], claim["amount"], claim["change"]) == ("本年支出合计", "12345678.90", "1234567.89")
    result = check_loaded(extraction.document, registry, pack)
    (finding,) = [f for f in result.findings if f.rule == "CLM-PCT-001"]
    line = text.split("\n")[2]
    assert (3, line.index("12.11") + 1) in [location[:2] for location in finding.locations]


def test_a_short_last_line_that_ends_a_wrapped_line_of_prose_is_an_unfinished_sentence():
    """A cut page's layer wrapped at 23 characters (perturb21's wrap23): …下降7.1%,主 | 要原因是 ended the text; the last
    line alone was short and without marks, taken for a signature, so the empty 主要原因是 was a false TXT-RSN-001.
    A signature or a date after a finished sentence, or under a short line, still ends the text as it is."""
    from budgetcheck.ingest.narrative.normal import cut_tail

    wrapped = "3.支出情况。2022年度支出合计3266.78万\n元,较上年决算数减少249.29万元、下降7.1%,主\n要原因是"
    blanked, cut = cut_tail(wrapped)
    assert cut is not None and cut[:2] == (1, 8) and cut[2].endswith("主\n要原因是")
    assert blanked.split("\n")[0] == "3.支出情况。" + " " * len("2022年度支出合计3266.78万")
    for whole in ("全部结转下年使用。\n某某县财政局\n2023年1月5日", "某某县财政局\n2023年1月5日", "上述收支相抵，年终结余10万元。\n详见附表"):
        assert cut_tail(whole) == (whole, None)
