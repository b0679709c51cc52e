"""Ingest stage, narratives: a page break after text on its line ends that line.

pdftotext ends every page with a newline and then a form feed, so a page always begins a line of its own, the form
feed at its head. A text whose pages were joined by a form feed alone (`"\\f".join(pages)`, as scripts write the page
texts of pdfplumber or pypdf) ran a page's last line into the next page's first, since a form feed was no line end:
“…日常公用经费支出。” and “2026年部门预算编制说明” became one line, then one paragraph with the 编制说明's first
sentence, and its 收入预算 was read as the 机关运行经费 (CLM-TOT-004, a false error); a cover's last line took the
contents page's 目 录 into the body's name. Such a form feed ends its line, as Unicode's line breaking has it (a
mandatory break, UAX #14) and as str.splitlines reads it: lines are counted so, and a text without one (pdftotext's)
keeps every line number it had.
"""

from __future__ import annotations

import re

# a form feed after anything but blanks (or other form feeds) on its line
_INSIDE = re.compile(r"(?<=[^\n \t\u3000\r\f])([ \t\u3000\r]*)\f")


def pages_apart(text: str) -> str:
    """`text` with a line break before each form feed that follows text on its line."""
    return _INSIDE.sub(lambda found: found.group(1) + "\n\f", text) if "\f" in text else text
