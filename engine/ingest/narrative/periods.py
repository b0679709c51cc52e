"""Ingest stage, narratives: the year a budget's figures are of, where the heading they stand under names an earlier
year's outturn.

A district's report on last year's execution and this year's draft budget (…2023年预算执行情况和2024年预算草案的报告)
is the 2024 budget, and its first part states 2023's outturn under headings that say so (一、2023年预算执行情况 /
（一）2023年一般公共预算收支情况 / 全区一般公共预算收入…，比2022年增长9.1%): the sentences name no year, or 2023, and no
measure, so the year rules read them as this budget's figures compared with the wrong year (CLM-YEAR-001) or as last
year's figures copied unchanged (CLM-YEAR-002). Such a figure takes the heading's year, and the measure the heading
names (执行数, 决算数), as if its sentence had said them (2023年全区一般公共预算收入执行数…): the rules that judge this
year's figures leave it alone, and CLM-YEAR-002 lets a budget state an earlier year's outturn.

Only in a budget (a 决算 that heads its part with the year before is a heading left unchanged, for the rules to judge as
they did), only for a year before the document's, and only where a heading above names the outturn (执行, 决算): a budget's
heading of an earlier year that names no outturn (一、2023年部门预算收支情况 in a 2024 budget) may be last year's left
unchanged, and its figures stay this year's; nor where the sentence names a budget's figure (2023年“三公”经费预算15万元
under 一、2023年预算执行情况 is a budget's sentence of last year left unchanged, for CLM-YEAR-002).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from budgetcheck.ingest.narrative.claim_model import FoundClaim
from budgetcheck.ingest.narrative.metadata import KIND_BUDGET, titled_year, year_number
from budgetcheck.ingest.narrative.scopes import numbered_headings, standing_under
from budgetcheck.ingest.narrative.source import normalise

_OUTTURN = re.compile(r"执行|决算")


def outturn_years(lines: Sequence[tuple[int, str]], claims: Sequence[FoundClaim], fiscal_year: int | None, kind: str | None) -> None:
    """Give each of `claims` standing under an earlier year's outturn heading in
    `lines` that year and that measure, where its sentence named no other."""
    if fiscal_year is None or kind != "预算":
        return
    headings = sorted(numbered_headings(lines) + _year_parts(lines))
    starts = [line for line, *_ in headings]
    for claim in claims:
        above = headings[: bisect.bisect_right(starts, claim.span[0])]
        found = _outturn_heading(above, fiscal_year)
        if found is None:
            continue
        year, measure, line = found
        data, positions = claim.data, claim.positions
        if data.get("year", year) != year or _names_a_budget(data):
            continue  # the sentence names a year of its own, or a budget's figure (2023年“三公”经费预算…: last year's text copied)
        if "year" not in data:
            data["year"] = year
            positions["/year"] = (line, 1)
        if "measure" not in data:
            data["measure"] = measure
            positions["/measure"] = (line, 1)


# a line alone that opens a part of the report with its year, unnumbered (2023年预算执行情况 / 2024年预算草案)
_YEAR_PART = re.compile(r"^(?:19|20)[0-9]{2}\s*年度?[^\d。，,；;：:%、]{1,20}?(?:情况|草案|安排|报告|说明|计划)$")


def _year_parts(lines: Sequence[tuple[int, str]]) -> list[tuple[int, bool, str, tuple[str, bool]]]:
    """The lines that head a part of the report by its year alone, unnumbered (上海市黄浦区2023年预算执行情况和2024年预算
    草案的报告: 2023年预算执行情况, later 2024年预算草案), as numbered_headings gives a part (第一部分 …)."""
    out = []
    for line, text in lines:
        title = normalise(text).strip()
        if len(title) <= 24 and _YEAR_PART.match(title):
            out.append((line, True, title, ("part", True)))
    return out


def _outturn_heading(above: Sequence[tuple[int, bool, str, tuple[str, bool]]], fiscal_year: int) -> tuple[int, str, int] | None:
    """(year, measure, line) of the nearest heading above that names a year, when that year is before `fiscal_year` and
    that heading or one above it names the outturn; else None."""
    chain = list(standing_under(above, parts=True))
    for index, (line, _, title) in enumerate(chain):
        named = titled_year(title)
        if named is None:
            continue
        year = year_number(named.group(1))
        said = next((found for _, _, upper in chain[index:] if (found := _OUTTURN.search(upper))), None)
        if year >= fiscal_year or said is None:
            return None
        return year, "执行数" if said.group() == "执行" else "决算数", line
    return None


def _names_a_budget(data: dict) -> bool:
    """Whether the claim's sentence calls its figure a budget's, in its subject or the words after it up to the figure
    (“三公”经费预算15.00万元: the reader keeps 预算 out of the subject); 一般公共预算收入 and 调入预算稳定调节基金 name
    funds, not a budget."""
    text, subject = data.get("text", ""), data.get("subject", "")
    at = text.find(subject)
    words = re.match(r"[^0-9]*", text[at + len(subject) :]).group() if at >= 0 else ""  # type: ignore[union-attr]
    return bool(KIND_BUDGET.search((subject + words).replace("预算稳定调节基金", "")))  # a fund's name, as 一般公共预算 is
