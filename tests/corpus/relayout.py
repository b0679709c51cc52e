"""Relayout sweep: check texts as other layouts set them and list the findings each layout adds (tests only).

    python -m tests.corpus.relayout TEXT...             # every layout of each text
    python -m tests.corpus.relayout --only wrap40,pages TEXT...

Each layout's added (+) and lost (-) errors and warnings are printed, and the claims of the narrative it loses.

The same disclosure reaches the checker as a PDF's layer at its page's width, a word processor's text with a paragraph
to a line, a web page's copy with or without blank lines. A finding that one of these layouts adds to what the text
itself gives is the reader's, not the document's: each is printed with its layout, to be turned into a test. The
layouts keep every character of the text (they move line breaks, blank, page furniture and the width of marks):
none of them changes a figure, a word or a sentence.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from budgetcheck.findings import Severity
from budgetcheck.ingest import load_document
from budgetcheck.pipeline import check_path
from budgetcheck.rules import load_pack
from budgetcheck.schema.registry import SchemaRegistry


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def wrap_at(text: str, columns: int) -> list[str]:
    """`text` cut into lines of at most `columns` (a Chinese character two, any other one), as a PDF's layer wraps."""
    out, current, used = [], "", 0
    for char in text:
        if used + _columns(char) > columns and current:
            out.append(current)
            current, used = "", 0
        current, used = current + char, used + _columns(char)
    return [*out, current]


def _split(line: str, width: int) -> list[str]:
    """`line` set on a page `width` Chinese characters wide."""
    return wrap_at(line, 2 * width)


def _table(line: str) -> bool:
    """A table's line: cells parted by a tab, or a layout's columns parted by two spaces or more."""
    return "\t" in line or re.search(r"\S {2,}\S", line.strip()) is not None


def rewrap(text: str, width: int) -> str:
    """Each paragraph (a line that fills the text's widest prose lines runs on into the next, unless that one is blank,
    indented, a table's or the sentence ended) set again at `width` Chinese characters a line; tables, blank lines and
    lines that fit stay as they are."""
    lines = text.split("\n")
    prose = sorted(len(line.rstrip()) for line in lines if line.strip() and not _table(line))
    full = prose[len(prose) * 9 // 10] - 4 if prose else 0
    out: list[str] = []
    held: str | None = None

    def flush() -> None:
        nonlocal held
        if held is not None:
            out.extend(_split(held.rstrip(), width))
            held = None

    for raw in lines:
        line = raw.rstrip(" ")
        if held is not None:
            if not line.strip() or _table(line) or len(line) - len(line.lstrip()) > 1 or held.endswith(("。", "：", "；")):
                flush()
            else:
                held += line.strip()
                if len(line) < full:
                    flush()
                continue
        if line.strip() and not _table(line) and len(line) >= full:
            held = line
        elif line.strip() and not _table(line) and sum(map(_columns, line)) > 2 * width:
            out.extend(_split(line, width))
        else:
            out.append(line)
    flush()
    return "\n".join(out)


def paginate(text: str, every: int) -> str:
    """A blank line, a page's number and a page break after every `every` lines, wherever they fall."""
    out: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        out.append(line)
        if number % every == 0:
            out += ["", f"{' ' * 35}- {number // every} -", "\f"]
    return "\n".join(out)


def _prose_lines(change: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: "\n".join(line if _table(line) else change(line) for line in text.split("\n"))


LAYOUTS: dict[str, Callable[[str], str]] = {
    "wrap30": lambda text: rewrap(text, 30),
    "wrap40": lambda text: rewrap(text, 40),
    "wrap47": lambda text: rewrap(text, 47),
    "wrap80": lambda text: rewrap(text, 80),
    "wrap40-no-blank": lambda text: "\n".join(line for line in rewrap(text, 40).split("\n") if line.strip(" ")),
    "no-blank": lambda text: "\n".join(line for line in text.split("\n") if line.strip(" ")),
    "double-spaced": lambda text: text.replace("\n", "\n\n"),
    "pages": lambda text: paginate(text, 47),
    "no-indent": _prose_lines(str.lstrip),
    "ideographic-indent": _prose_lines(lambda line: re.sub(r"^ {2,4}(?=\S)", "\u3000\u3000", line)),
    "space-before-unit": lambda text: re.sub(r"([0-9])(年|万元|元|%)", r"\1 \2", text),
    "full-width-digits": _prose_lines(lambda line: line.translate(str.maketrans("0123456789", "０１２３４５６７８９"))),
    "ascii-colon": lambda text: text.replace("：", ":"),
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "trailing-blank": lambda text: "\n".join(line + "  " if line.strip() else line for line in text.split("\n")),
    "column-gaps-2": lambda text: "\n".join(re.sub(r"(?<=\S) {3,}(?=\S)", "  ", line) for line in text.split("\n")),
    "column-gaps-tab": lambda text: "\n".join(re.sub(r"(?<=\S) {3,}(?=\S)", "\t", line) for line in text.split("\n")),
}


def findings(path: Path, registry: SchemaRegistry, pack) -> dict[tuple[str, str, tuple[str, ...]], str]:  # noqa: ANN001 - a RulePack
    """The errors and warnings of checking `path`, by what they are about (severity, rule, JSON pointers: a layout moves
    lines and columns, and the figures a message quotes keep the spaces it was given), with their messages."""
    result = check_path(path, registry, pack=pack)
    return {(finding.severity.value, finding.rule, tuple(finding.paths)): finding.message_zh for finding in result.findings if finding.severity != Severity.INFO}


def claims(path: Path) -> Counter:
    """The narrative claims the reader takes from `path`, by subject, measure and amount."""
    data = load_document(path).data
    listed = data.get("narrative", {}).get("claims", []) if isinstance(data, dict) else []
    return Counter((claim.get("subject"), claim.get("measure"), str(claim.get("amount"))) for claim in listed)


def sweep(argv: list[str] | None, variants: dict[str, Callable[[str], str]], description: str) -> int:
    """Check each text given in `argv` as each of `variants` (`--only` picks some) sets it: print the findings a variant
    adds (+) and loses (-), and the claims it loses; exit status 1 when a variant adds an error."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("texts", nargs="+", type=Path)
    parser.add_argument("--only", help="variants to try, comma-separated (default: all)")
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(variants)
    registry = SchemaRegistry.default()
    pack = load_pack(registry)
    added_errors = 0
    with tempfile.TemporaryDirectory() as folder:
        for source in args.texts:
            text = source.read_text(encoding="utf-8")
            base, read = findings(source, registry, pack), claims(source)
            print(f"== {source}: {sum(1 for key in base if key[0] == 'error')} errors, {sum(1 for key in base if key[0] == 'warning')} warnings")
            for name in chosen:
                varied = Path(folder) / f"{source.stem}.{name}.txt"
                varied.write_text(variants[name](text), encoding="utf-8")
                found = findings(varied, registry, pack)
                added = sorted((key, message) for key, message in found.items() if key not in base)
                gone = sorted((key, message) for key, message in base.items() if key not in found)
                lost = read - claims(varied)
                added_errors += sum(1 for (severity, _, _), _ in added if severity == "error")
                print(f"  {name}: {len(added)} added, {len(gone)} gone")
                for sign, changes in (("+", added), ("-", gone)):
                    print("".join(f"    {sign} {severity} {rule} {pointers} {message[:140]}\n" for (severity, rule, pointers), message in changes), end="")
                if lost:
                    shown = "; ".join(f"{subject} {measure or ''} {amount}" for subject, measure, amount in sorted(lost, key=str)[:8])
                    print(f"    claims lost: {sum(lost.values())} of {sum(read.values())}: {shown}")
    return 1 if added_errors else 0


def main(argv: list[str] | None = None) -> int:
    return sweep(argv, LAYOUTS, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
