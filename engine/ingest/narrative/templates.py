"""Ingest stage, narratives: the templates the extractor knows, their section headings, and the mapper of each section."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from budgetcheck.ingest.narrative.builder import Builder
from budgetcheck.ingest.narrative.sections import Section, Template
from budgetcheck.ingest.narrative.source import Para
from budgetcheck.ingest.narrative.shanghai import (
    NATIONAL_BUDGET,
    SHANGHAI,
    SHANGHAI_FINAL,
    map_final_fund,
    map_final_three_public,
    map_notes,
    map_other,
    map_statement,
    not_read,
)
from budgetcheck.ingest.narrative.tables import (
    map_assets,
    map_performance,
    map_procurement,
)
from budgetcheck.ingest.narrative.text_sections import (
    map_duties,
    map_glossary,
    map_operating_costs,
    map_organisation,
    map_other_matters,
    map_overview,
    map_three_public,
)


@dataclass(frozen=True)
class Context:
    fiscal_year: int | None
    # the headings that repeat one already seen (a contents list read as headings, then the body): their sections' blocks
    # hold what follows them, and a section of several accounts (a 决算's 八 and 九) needs to know where each repeat stood
    duplicates: tuple[Para, ...] = ()


Mapper = Callable[[Builder, Section, Context], None]

# The national 规程 list as the Hebei narrative sets it out: nine parts under numbered headings, tried in this
# order (“部门职责及机构设置情况” is duties). The patterns are the template's own, narrower than the heading
# vocabulary (headings.py): a broader one would let this template claim the Shanghai 决算's table titles.
HEBEI = Template(
    "hebei-2016",
    (
        ("operating_costs", re.compile(r"机关运行")),
        ("three_public", re.compile(r"三公")),
        ("procurement", re.compile(r"政府采购")),
        ("assets", re.compile(r"国有资产|资产")),
        ("performance", re.compile(r"绩效")),
        ("glossary", re.compile(r"名词解释|名词")),
        ("other_matters", re.compile(r"其他需要说明|其他事项|其他说明")),
        ("duties", re.compile(r"职责|职能")),
        ("organisation", re.compile(r"机构设置|机构情况")),
        ("overview", re.compile(r"总体情况|收支|预算安排|决算安排")),
    ),
    schema_version="2016",
    parts=("duties", "organisation", "overview", "operating_costs", "three_public", "performance", "procurement", "assets", "glossary", "other_matters"),
)

MAPPERS: dict[str, Mapper] = {
    "duties": lambda b, s, c: map_duties(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "organisation": lambda b, s, c: map_organisation(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "overview": lambda b, s, c: map_overview(b, s.blocks, s.heading.cell, c.fiscal_year),  # type: ignore[union-attr]
    "operating_costs": lambda b, s, c: map_operating_costs(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "three_public": lambda b, s, c: map_three_public(b, s.blocks, s.heading.cell, c.fiscal_year),  # type: ignore[union-attr]
    "performance": lambda b, s, c: map_performance(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "procurement": lambda b, s, c: map_procurement(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "assets": lambda b, s, c: map_assets(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "glossary": lambda b, s, c: map_glossary(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "other_matters": lambda b, s, c: map_other_matters(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "sh_notes": lambda b, s, c: map_notes(b, s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "sh_other": lambda b, s, c: map_other(b, s.blocks, s.heading.cell, c.fiscal_year),  # type: ignore[union-attr]
    "sh_tables": lambda b, s, c: not_read(b, s),
    "sh_projects": lambda b, s, c: not_read(b, s),
    "sh_organisation": lambda b, s, c: map_statement(b, "/organisation", s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "sh_duties": lambda b, s, c: map_statement(b, "/duties", s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "sh_performance": lambda b, s, c: map_statement(b, "/performance", s.blocks, s.heading.cell),  # type: ignore[union-attr]
    "sh_three_public": lambda b, s, c: map_final_three_public(b, s, c.fiscal_year),
    "sh_fund": lambda b, s, c: not_read(b, s),
    "sh_final_fund": lambda b, s, c: map_final_fund(b, s, c.fiscal_year, c.duplicates),
}

TEMPLATES = (HEBEI, SHANGHAI, SHANGHAI_FINAL, NATIONAL_BUDGET)
