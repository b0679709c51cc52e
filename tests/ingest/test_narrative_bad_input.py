"""Files that are not a readable narrative give one located IngestError (exit 2), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from budgetcheck.ingest import load_document
from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import Limits
from budgetcheck.ingest.narrative import extract_path
from tests.cli.running import invoke_cli, run_cli
from tests.conftest import FIXTURES

SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")


def _error(path) -> IngestError:
    with pytest.raises(IngestError) as caught:
        extract_path(path)
    return caught.value


def test_an_empty_file_is_reported_as_empty(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert (_error(empty).code.id, _error(empty).line) == ("NARRATIVE-EMPTY", 1)
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\t\n", encoding="utf-8")
    assert _error(blank).code.id == "NARRATIVE-EMPTY"


def test_a_file_whose_only_text_is_an_unfinished_fragment_says_so_not_that_it_holds_no_text(tmp_path):
    """A contents line left with its Word field (…决算表 PAGEREF _Toc13285 h 22) is all the file holds: an unfinished
    stretch, taken for a cut fragment and not judged. It was reported as “文件没有任何文字”, which the file contradicts."""
    fragment = tmp_path / "fragment.txt"
    fragment.write_text("\n六、般公共预算财政拨款支出决算表 PAGEREF _Toc13285 h 22", encoding="utf-8")
    error = _error(fragment)
    assert (error.code.id, error.line, error.column) == ("NARRATIVE-FRAGMENT", 2, 1)
    assert "没有写完" in error.message_zh and "六、般公共预算财政拨款支出决算表" in error.message_zh and "没有任何文字" not in error.message_zh
    finished = tmp_path / "finished.txt"
    finished.write_text("六、一般公共预算财政拨款支出决算表\n", encoding="utf-8")  # a numbered table title ends a text whole
    assert extract_path(finished) is not None


def test_a_binary_file_is_reported_with_where_the_binary_content_starts(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = _error(binary)
    assert error.code.id == "NARRATIVE-BINARY" and (error.line, error.column) == (3, 1)


def test_bytes_that_are_neither_utf8_nor_gb18030_are_an_encoding_error_with_line_and_byte(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("一、部门职责\n".encode() + b"abc\xff\xfe\n")
    error = _error(bad)
    assert error.code.id == "NARRATIVE-ENCODING" and (error.line, error.column) == (2, 4)


def test_gb18030_text_is_detected_and_reads_like_the_utf8_original(tmp_path):
    utf8 = extract_path(FIXTURES / "xiguan-2019.txt")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SAMPLE.encode("gb18030"))
    extraction = extract_path(gbk)
    assert extraction.encoding == "gb18030"
    assert extraction.document.data["overview"] == utf8.document.data["overview"]
    assert extraction.document.positions == {k: v for k, v in utf8.document.positions.items()}


def test_utf8_with_a_byte_order_mark_keeps_the_first_line_columns(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    extraction = extract_path(bom)
    assert extraction.encoding == "utf-8"
    assert extraction.provenance["/metadata/title"].column == 1
    assert extraction.document.data["metadata"]["title"] == "山海关区西关街道办事处部门2019年部门预算公开说明"


def test_a_text_of_no_known_template_is_read_by_the_generic_reader_and_says_why_nothing_could_be_checked(tmp_path):
    """Once refused as NARRATIVE-UNRECOGNISED: a text with words is checked by the generic rules; without a figure,
    its diagnostic says there is no amount to check (no finding, so the status is that of a clean document)."""
    other = tmp_path / "minutes.txt"
    other.write_text("会议纪要\n\n一、会议议题\n讨论全年工作安排。\n\n二、参会人员\n张三、李四。\n", encoding="utf-8")
    extraction = extract_path(other)
    assert extraction.document.data["metadata"]["schema_version"] == "2016-generic"
    notes = [d for d in extraction.document.diagnostics if d.rule == "EXTRACT-GENERIC"]
    assert len(notes) == 1 and "未识别的模板" in notes[0].message_zh and "没有任何数字" in notes[0].message_zh
    assert "template not recognised" in notes[0].message_en
    result = invoke_cli("check", other)
    assert result.exit_code == 0 and "NARRATIVE-UNRECOGNISED" not in result.output


def test_plain_prose_with_a_figure_outside_any_sentence_that_can_be_read_says_so(tmp_path):
    prose = tmp_path / "prose.txt"
    prose.write_text("今天天气很好。\n我们去公园散步，走了3公里。\n", encoding="utf-8")
    notes = [d.message_zh for d in extract_path(prose).document.diagnostics if d.rule == "EXTRACT-GENERIC"]
    assert notes and "不在可读的陈述句中" in notes[0]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SAMPLE, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        extract_path(big, Limits(max_bytes=1000))
    assert caught.value.code.id == "INPUT-TOO-LARGE"


_MEASURE = """
import resource, sys, time
from pathlib import Path
from budgetcheck.ingest.narrative import extract_path
started = time.perf_counter()
extraction = extract_path(Path(sys.argv[1]))
elapsed = time.perf_counter() - started
data = extraction.document.data
status = Path("/proc/self/status")
# VmHWM is this process's own peak; ru_maxrss can carry the forking parent's peak across exec.
peak = next((int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM:")), None) if status.exists() else None
peak = peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak, data["overview"]["expenditure"]["total"], data["other_matters"]["text"].count("社区服务工作"))
"""


def test_a_two_hundred_page_narrative_extracts_in_bounded_time_and_memory(tmp_path):
    prose = "".join(f"第{n}项说明：社区服务工作按计划推进，居民反映良好，各项制度执行到位，档案资料整理归档。\n" for n in range(1, 40))
    padding = "\n".join(f"（第{p}页）\n{prose}本页所述专项资金{p}.{p % 100:02d}万元。\n" for p in range(1, 201))
    huge = tmp_path / "huge.txt"
    huge.write_text(SAMPLE.replace("无其他需要说明的事项。", "无其他需要说明的事项。\n" + padding), encoding="utf-8")
    assert os.path.getsize(huge) > 1_000_000
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(huge)], capture_output=True, text=True, timeout=120, check=True)
    elapsed, max_rss_kib, total, paragraphs = run.stdout.split()
    assert float(elapsed) < 20, f"{elapsed} s"
    assert int(max_rss_kib) < 400 * 1024, f"{int(max_rss_kib) // 1024} MiB"
    assert (total, int(paragraphs)) == ("329.37", 200 * 39)


def test_the_check_command_reports_bad_narratives_with_exit_2_and_no_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = invoke_cli("check", empty)
    assert result.exit_code == 2 and "NARRATIVE-EMPTY" in result.output and "Traceback" not in result.output


def test_the_extract_command_reports_bad_input_located_with_exit_2(tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"abc\x00def")
    result = invoke_cli("extract", binary)
    assert result.exit_code == 2
    assert f"{binary}:1:4: 错误 NARRATIVE-BINARY" in result.stderr
    assert invoke_cli("extract", tmp_path / "missing.txt").exit_code == 2
    code, _ = run_cli("extract", FIXTURES / "xiguan-2019.txt", "-o", tmp_path / "out.csv")
    assert code == 2


def test_load_document_names_the_narrative_types_when_a_suffix_is_unsupported(tmp_path):
    odd = tmp_path / "doc.rtf"
    odd.write_bytes(b"{\\rtf1}")
    with pytest.raises(IngestError) as caught:
        load_document(odd)
    assert ".txt" in caught.value.message_zh and ".docx" in caught.value.message_en


@pytest.mark.parametrize(
    ("name", "garble"),
    [
        ("gbk-read-as-latin1", lambda text: text.encode("gbk", errors="replace").decode("latin-1")),
        ("utf8-read-as-gbk", lambda text: text.encode("utf-8").decode("gbk", errors="replace")),
        ("utf8-read-as-cp1252", lambda text: text.encode("utf-8").decode("cp1252", errors="replace")),
    ],
)
def test_a_text_garbled_before_it_was_saved_cannot_be_checked(tmp_path, name, garble):
    """The sample's Chinese garbled once by a wrong encoding, then saved as UTF-8: it decodes, and was read as a text of
    no words that passed with bracket warnings. Now NARRATIVE-ENCODING at the first garbled line."""
    path = tmp_path / f"{name}.txt"
    path.write_text(garble(SAMPLE), encoding="utf-8")
    error = _error(path)
    assert error.code.id == "NARRATIVE-ENCODING" and "乱码" in error.message_zh and error.line == 1


def test_a_text_with_a_few_foreign_letters_or_rare_characters_is_read():
    from budgetcheck.ingest.narrative.mojibake import first_garbled_line

    assert first_garbled_line(SAMPLE) is None
    assert first_garbled_line(SAMPLE.replace("山海关区", "山海关区（Café Ñandú）", 3)) is None
    assert first_garbled_line("镕麒熵" * 5 + SAMPLE[:200]) is None  # a rare name or two among common words
    assert first_garbled_line("Ñ1.1ÍòÔª£»¹«") is None  # too short to judge


def test_a_mirror_sites_pinyin_glosses_are_no_garbled_letters():
    """A mirror site's copy glosses many characters with toned pinyin (經(jīng)費(fèi)): two real 三公 pages had a fifth of their
    letters so, and were refused as mojibake. The glosses are not counted; bytes read as Latin-1 still are."""
    from budgetcheck.ingest.narrative.mojibake import first_garbled_line

    glossed = "2017年“三公”经(jīng)费(fèi)预(yù)算(suàn)支出(chū)10万元，比上年减(jiǎn)少(shǎo)1万元，主要是严(yán)格(gé)执(zhí)行(xíng)规定。\n" * 3
    assert first_garbled_line(glossed) is None
    assert first_garbled_line(glossed.replace("(", "（").replace(")", "）")) is None  # full-width brackets (perturb21's hw2fw)
    assert first_garbled_line(glossed + "Ñ1.1ÍòÔª£»¹«Îñ½Ó´ý·Ñ" * 20) is not None
