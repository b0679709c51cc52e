"""The text rules over every paragraph of a corpus text, whatever its template (tests only).

The corpus documents come from provinces whose templates budgetcheck does not know, and many are
fragments: until the generic reader (issue 16) reads them, the extractor gives up on most. The text
rules need no template: each paragraph of the normalised text (joined as the claims reader joins a
PDF's wrapped lines) is put under /unplaced of a minimal document, and the TXT-* rules that read
prose run over it. A finding at /unplaced/N is located at the source lines of paragraph N.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from budgetcheck.ingest import SourceDocument
from budgetcheck.ingest.narrative.claim_text import paragraphs
from budgetcheck.ingest.narrative.normal import normal_text
from budgetcheck.pipeline import check_loaded
from tests.conftest import MINIMAL

CORPUS = Path(os.environ.get("BUDGETCHECK_CORPUS", "/work/scratch/corpus"))
# Rules that judge the publisher's name for itself against the title: the minimal document's title is not the corpus text's.
NOT_TEXT_ONLY = ("TXT-SELF-",)


@dataclass(frozen=True)
class TextFinding:
    rule: str
    severity: str
    lines: tuple[int, ...]  # the source lines of the paragraph it is about
    message: str


def corpus_docs() -> list[Path]:
    return sorted((CORPUS / "docs").glob("*.txt"))


def text_findings(text: str, registry, pack, last_cut: bool = True) -> list[TextFinding]:
    normal, _ = normal_text(text)
    lines = [(number, line.replace("\f", "")) for number, line in enumerate(normal.split("\n"), start=1)]
    found = paragraphs(lines, frozenset())
    data = copy.deepcopy(yaml.safe_load(MINIMAL.read_text(encoding="utf-8")))
    data["unplaced"] = [paragraph.chars.strip() for paragraph in found]
    document = SourceDocument("corpus", data, "yaml", {})
    result = check_loaded(document, registry, pack)
    out = []
    for finding in result.findings:
        if not finding.rule.startswith("TXT-") or finding.rule.startswith(NOT_TEXT_ONLY):
            continue
        for path in finding.paths:
            if path.startswith("/unplaced/"):
                index = int(path.split("/")[2])
                out.append(TextFinding(finding.rule, finding.severity.value, tuple(found[index].source_lines()), finding.message_zh))
    return out
