"""Fuzzing the narrative extractor: truncated, cut, garbled and reordered texts, and broken .docx packages.

Extraction either gives a document, which is then checked without INTERNAL-ERROR, or stops with a located
IngestError; never a traceback, always within its time. (The project has no PDF reader: a PDF's text
layer reaches it as a .txt, which these cases cover, wrapped lines and page breaks included.)"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import budgetcheck
from budgetcheck.ingest import IngestError
from budgetcheck.ingest.limits import Limits
from budgetcheck.ingest.narrative import extract_docx, extract_text
from budgetcheck.pipeline import check_loaded
from tests.conftest import FIXTURES, SAMPLE
from tests.fuzz.fuzzing import budget, no_fault, timed

REGISTRY = budgetcheck.load_registry()
PACK = budgetcheck.load_pack(REGISTRY)
LIMITS = Limits(timeout=10)
TEXTS = [SAMPLE.with_suffix(".txt").read_text(encoding="utf-8"), (FIXTURES / "narrative" / "final-accounts-yuan.txt").read_text(encoding="utf-8")]
DOCX = (FIXTURES / "narrative" / "street-budget-tables.docx").read_bytes()
FOLDER = Path(tempfile.mkdtemp(prefix="budgetcheck-fuzz-narrative-"))
GARBLE = ["万元", "元", "%", "％", "增加", "减少", "持平", "比2018年", "其中：", "。", "，", "（", "）", "\t", "\n", "\f", "\r", "１２", "0.00", "9" * 30, "1e999", "一、", "（一）", "第", "年", " ", "\u3000", "\ufeff", "\x00", "...", "……"]


def _extract_and_check(text: str) -> None:
    try:
        extraction = extract_text(text, "fuzz.txt")
    except IngestError as error:
        assert error.code.id.startswith(("NARRATIVE-", "INPUT-")), error.code.id
        return
    result = check_loaded(extraction.document, REGISTRY, PACK, LIMITS)
    no_fault(result.findings)


@st.composite
def garbled(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["truncate", "cut", "insert", "replace", "duplicate-line", "swap-lines"]))
        if action == "truncate":
            text = text[:at] if draw(st.booleans()) else text[at:]
        elif action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 500)) :]
        elif action == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(GARBLE), st.text(max_size=6))) + text[at:]
        elif action == "replace":
            width = draw(st.integers(1, 20))
            text = text[:at] + draw(st.sampled_from(GARBLE)) * draw(st.integers(1, 3)) + text[at + width :]
        else:
            lines = text.split("\n")
            first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "duplicate-line":
                lines.insert(second, lines[first])
            else:
                lines[first], lines[second] = lines[second], lines[first]
            text = "\n".join(lines)
    return text


@st.composite
def broken_docx(draw) -> bytes:
    raw = bytearray(DOCX)
    action = draw(st.sampled_from(["truncate", "flip", "document"]))
    if action == "truncate":
        return bytes(raw[: draw(st.integers(0, len(raw)))])
    if action == "flip":
        for _ in range(draw(st.integers(1, 20))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return bytes(raw)
    source = zipfile.ZipFile(io.BytesIO(DOCX))
    xml = source.read("word/document.xml").decode("utf-8")
    at = draw(st.integers(0, len(xml)))
    xml = xml[:at] + draw(st.sampled_from(["<", ">", "</w:p>", "<w:tbl>", "&", "\x00", "<w:t>1e999999999万元</w:t>"])) + xml[at + draw(st.integers(0, 40)) :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name in source.namelist():
            package.writestr(name, xml.encode("utf-8", "surrogatepass") if name == "word/document.xml" else source.read(name))
    return out.getvalue()


@budget(150)
@given(garbled())
def test_truncated_and_garbled_narratives_give_a_document_or_a_located_error(text):
    timed(lambda: _extract_and_check(text), "a garbled narrative")


def _docx(raw: bytes) -> None:
    path = FOLDER / "fuzz.docx"
    path.write_bytes(raw)
    try:
        extraction = extract_docx(path, LIMITS)
    except IngestError as error:
        assert error.code.id.startswith(("NARRATIVE-", "INPUT-")), error.code.id
        return
    no_fault(check_loaded(extraction.document, REGISTRY, PACK, LIMITS).findings)


@budget(60)
@given(broken_docx())
def test_broken_docx_packages_give_a_document_or_a_located_error(raw):
    timed(lambda: _docx(raw), "a broken .docx")
