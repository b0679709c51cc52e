"""Reword sweep: check texts as other writers put the same facts and list the findings each wording adds (tests only).

    python -m tests.corpus.reword TEXT...             # every wording of each text
    python -m tests.corpus.reword --only yuan,yi TEXT...

Units write the same figure in 元, 万元 or 亿元, with or without thousands separators, with full- or half-width
brackets and percent signs, and the same change as 较上年增加, 比上年增长 or 下降. Each wording here rewrites the
text's prose (a table's lines stay as they are) without changing a fact: an amount keeps its value exactly and
its precision (329.37万元 is 3293700元, which the reader takes as read to the 元, finer than the 万元's cent), a
change keeps its direction. A finding a wording adds to what the text itself gives is the reader's, not the
document's: each is printed with its wording, to be turned into a test (as the relayout sweep, `relayout.py`).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from decimal import Decimal

from tests.corpus.relayout import _prose_lines, sweep

# an amount in 万元 as the narrative writes it: digits (maybe grouped by commas), a fraction, maybe a space, the unit
_WAN = re.compile(r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?( ?)万元")


def _wan(change: Callable[[Decimal], str]) -> Callable[[str], str]:
    def rewrite(line: str) -> str:
        return _WAN.sub(lambda m: change(Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))) + m.group(3), line)

    return _prose_lines(rewrite)


def _group_amounts(line: str) -> str:
    """Thousands separators in every amount of at least 1,000 followed by a unit of money."""
    return re.sub(r"(?<![0-9.,])([0-9]{4,})(?=(?:\.[0-9]+)? ?(?:亿元|万元|元))", lambda m: f"{int(m.group(1)):,}", line)


_CHANGE_AND_RATE = r"(?P<change>(?:增加|减少)\s*[0-9][0-9,.]*\s*(?:万元|元))\s*[，,]\s*(?P<rate>(?:增长|下降)\s*[0-9][0-9.]*\s*[%％])"
_COMPARE = {"较上年": "比上年", "较上一年": "比上年", "增加": "增长", "减少": "下降"}

WORDINGS: dict[str, Callable[[str], str]] = {
    # 329.37万元 → 0.032937亿元, 1.00万元 → 0.000100亿元: the same value and precision (the 万元's cent is 10**-6 亿元)
    "yi": _wan(lambda value: format(value.scaleb(-4), "f") + "亿元"),
    "grouped": _prose_lines(_group_amounts),
    "ungrouped": _prose_lines(lambda line: re.sub(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))", "", line)),
    "percent-full": _prose_lines(lambda line: line.replace("%", "％")),
    "brackets-half": _prose_lines(lambda line: line.replace("（", "(").replace("）", ")")),
    "brackets-full": _prose_lines(lambda line: line.replace("(", "（").replace(")", "）")),
    "compare-words": _prose_lines(lambda line: re.sub("|".join(_COMPARE), lambda m: _COMPARE[m.group(0)], line)),
    "compare-year": _prose_lines(lambda line: re.sub(r"(较|比)(20[0-9]{2})年", r"\1上年", line)),
    "compare-bi": _prose_lines(lambda line: re.sub(r"较(?=20[0-9]{2}年|上年|去年)", "比", line)),
    "direction-words": _prose_lines(lambda line: line.replace("增加", "上升").replace("减少", "降低")),
    "wan": _prose_lines(lambda line: re.sub(r"(?<=[0-9])( ?)万元", r"\1万", line)),
    "no-wei": _prose_lines(lambda line: re.sub(r"(?<=[\u4e00-\u9fff])为(?=[0-9])", "", line)),
    "qizhong-comma": _prose_lines(lambda line: line.replace("其中：", "其中，").replace("其中:", "其中，")),
    "semicolon-comma": _prose_lines(lambda line: line.replace("；", "，")),
    # 、 between two words (not an ordinal's: 1、 一、)
    "enumeration-comma": _prose_lines(lambda line: re.sub(r"(?<=[\u4e00-\u9fff”）])(?<![一二三四五六七八九十])、(?=[\u4e00-\u9fff“（])", "，", line)),
    "zhuyao": _prose_lines(lambda line: line.replace("主要是", "主要为")),
    "year-du": _prose_lines(lambda line: re.sub(r"((?:19|20)[0-9]{2})年(?![度末初底])", r"\1年度", line)),
    "qizhong-sentence": _prose_lines(lambda line: re.sub(r"[，,]\s*其中[：:]", "。其中：", line)),
    "heading-part": _prose_lines(lambda line: re.sub(r"^(\s*)([一二三四五六七八九十]+)、", r"\1第\2部分 ", line)),
    "heading-dot": _prose_lines(lambda line: re.sub(r"^(\s*)([一二三四五六七八九十]+)、", r"\1\2. ", line)),
    "heji": _prose_lines(lambda line: line.replace("共计", "合计")),
    "zhanbi": _prose_lines(lambda line: re.sub(r"占(?=\s*[0-9])", "占比", line)),
    "shu-wei": _prose_lines(lambda line: re.sub(r"(预算|决算)为", r"\1数为", line)),
    "wancheng-wei": _prose_lines(lambda line: re.sub(r"完成((?:年初|全年|调整)?预算数?的)", r"为\1", line)),
    "yuanyin-shi": _prose_lines(lambda line: re.sub(r"原因[：:]", "原因是", line)),
    "zengfu": _prose_lines(lambda line: re.sub(r"增长(?=\s*[0-9.]+\s*[%％])", "增幅为", line)),
    "qizhong-bare": _prose_lines(lambda line: re.sub(r"其中[：:]", "其中", line)),
    # 增加 307.82 万元，增长 100.00% → 增长 100.00%，增加 307.82 万元 / 增加 307.82 万元（增长 100.00%）
    # (over the whole text: a PDF's layer wraps such a sentence anywhere; the figures' clauses are prose's, no table's)
    "rate-first": lambda text: re.sub(_CHANGE_AND_RATE, r"\g<rate>，\g<change>", text),
    # “一般公共服务支出（类）…（项）”科目43.83万元 → …（项）科目43.83万元 / …”科目预算安排43.83万元
    "kemu-unquoted": lambda text: re.sub(r"“([^“”]*?（项）)”\s*科目", r"\1科目", text),
    "kemu-anpai": lambda text: re.sub(r"(”\s*科目)(?=\s*[0-9])", r"\1预算安排", text),
    "rate-bracketed": lambda text: re.sub(_CHANGE_AND_RATE, r"\g<change>（\g<rate>）", text),
}


def main(argv: list[str] | None = None) -> int:
    return sweep(argv, WORDINGS, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
