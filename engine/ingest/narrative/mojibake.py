"""Ingest stage, narratives: a text file whose words are mojibake (乱码), Chinese saved under the wrong encoding once.

A file decodes (UTF-8 or GB18030 are read strictly) yet its Chinese may have been garbled before it was saved:
GBK or UTF-8 bytes read as Latin-1 (…Ñ1.1ÍòÔª)£»…) or UTF-8 bytes read as GBK (灞辨捣鍏…). Read as it is, it is a
text of no recognisable words: it passed with warnings about its brackets. Such a file cannot be checked; the error
says so at the first garbled line. The tests are of the letters alone: Latin-1 and Latin Extended letters among a
Chinese text's letters, or Chinese characters mostly outside the 3,755 common ones (GB2312 level 1), which a budget
text hardly leaves (its names and terms are common characters).
"""

from __future__ import annotations

from budgetcheck.ingest.narrative.normal import GLOSS

_MIN = 40  # letters a text must have before its share is judged (a short note is never judged)
_LINE_MIN = 6


def _latin(char: str) -> bool:
    return "\u00a0" <= char <= "\u024f"


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _common(char: str) -> bool:
    """One of GB2312's level-1 characters (its first byte 0xB0–0xD7): the common characters of modern Chinese."""
    try:
        first = char.encode("gb2312")[0]
    except UnicodeEncodeError:
        return False
    return 0xB0 <= first <= 0xD7


def _garbled(text: str) -> bool:
    text = GLOSS.sub("", text)  # a mirror site's pinyin glosses (經(jīng)費) are toned Latin letters, not garbled bytes
    latin = sum(1 for char in text if _latin(char))
    cjk = [char for char in text if _cjk(char)]
    if latin + len(cjk) < _MIN:
        return False
    if latin * 5 >= latin + len(cjk):  # a fifth of the letters are Latin-1: Chinese bytes read one by one
        return True
    sample = cjk[:: max(1, len(cjk) // 2000)]  # a long text is judged on about 2,000 of its characters
    return len(cjk) >= _MIN and sum(map(_common, sample)) * 2 < len(sample)  # most characters rare: UTF-8 read as GBK


def first_garbled_line(text: str) -> int | None:
    """The number of the first line that reads as mojibake, when the text as a whole does; None otherwise."""
    if not _garbled(text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        letters = sum(1 for char in line if _latin(char) or _cjk(char))
        if letters >= _LINE_MIN and _garbled(line * (_MIN // letters + 1)):
            return number
    return 1
