"""Every fault the fuzzers found, kept as a regular test: each failed before its fix."""

from __future__ import annotations

from tests.fuzz.test_fuzz_rules import _load_and_check


def test_round_of_an_integer_field_is_a_number_not_a_fault():
    _load_and_check(
        'schema "department-disclosure/2016"\nrule T-TY-000 {\n  title "t"\n  severity error\n  citation "c"\n'
        "  for c in narrative.claims\n  let v = round(metadata.fiscal_year)\n  when true\n  assert v == 2019\n  message \"{v}\"\n}\n"
    )


def test_a_docx_whose_compressed_document_is_damaged_is_named_not_a_fault(tmp_path):
    import io
    import zipfile

    import pytest

    from budgetcheck.ingest import IngestError
    from budgetcheck.ingest.narrative import extract_docx
    from tests.conftest import FIXTURES

    raw = bytearray((FIXTURES / "narrative" / "street-budget-tables.docx").read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as package:
        member = package.getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra)
    for offset in range(start + 10, start + 60):  # inside the deflated stream: zlib.error, not a zip error
        raw[offset] ^= 0xFF
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(raw))
    with pytest.raises(IngestError) as caught:
        extract_docx(path)
    assert caught.value.code.id == "NARRATIVE-DOCX-INVALID"
