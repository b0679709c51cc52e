"""TXT-LIST-001's function: a count said before the names it lists (设7个内设机构，分别是：…) against the names listed,
judged only where no reading of the list can give the count (dsl/listcount.py). Shapes seen in real disclosures,
with made-up names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.dsl import patterns
from budgetcheck.dsl.listcount import COUNT_QUIET, count_mismatches


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("本部门下设7个二级预算单位,分别是某镇人民政府(本级)、某镇便民服务中心(退役军人服务站)、某镇综合行政执法大队、某镇产业发展服务中心、某镇新时代文明实践服务中心、某镇村镇建设服务中心。", 6),
        ("设9个内设机构,分别为:办公室、投资促进股、区域协作股、招商股、信息统计股、政工人事股、政策法规股、项目服务股。", 8),
        ("本单位设三个科室，分别为：办公室、财务科、业务科、后勤科。", 4),
        ("内设十二个科室，具体包括：甲科、乙科。", 2),
        ("共有两个下属单位，即甲中心、乙站、丙所；", 3),
    ],
)
def test_a_count_no_reading_of_its_list_gives_is_found(text, listed):
    (found,) = count_mismatches(text)
    assert f"列出 {listed} 个" in found


@pytest.mark.parametrize(
    "text",
    [
        "由6个部室组成,即办公室、采编室、地方文献室、共享工程部、活动服务部,读者服务部。",  # the comma goes on with the list
        "内设5个,包括:第一检察部、第二检察部、第三检察部、办公室、政治部,司法警察大队单独设置。",  # the comma ends it
        "5个机构科室,分别是教育科研室、办公室和党建办公室、总务处、德育处。",  # 和 joins two names
        "9个内设机构,分别为办公室、教务处、总务处、德育处、体卫艺处、财务处、安稳办、课程发展中心、招生和技术装备中心。",  # 和 inside one
        "设10个内设机构，包括：",  # the names are on the lines after
        "设10个内设机构，包括：\n（一）秘书科。\n（二）组织人事科。",
        "下设4个科室，包括办公室、财务科等。",  # an open list
        "项目1个,分别是:1872万元。",  # figures, no names
        "6个,分别是:党建办、经济办、建设办、事务办、平安办襄州区某镇实有人数86人",  # a sentence run into the list
        "3个等级，分别为优、良、差。",  # one-character items are no names of bodies
        "单位无下属预算单位,下设0个处室,分别是:我单位无下设处室。",  # none, said as a name
        "下设1个科室，即：本单位未设科室",
        "设3个科室（分别是办公室、财务科",  # a bracket left open: the list goes on past the text
        "设立12个,分别为:一科、二科、三科、四科、五科、六科、七科、八科、九科、十科、十一科、十二科。",
    ],
)
def test_a_list_some_reading_of_which_gives_the_count_or_that_cannot_be_read_is_not_judged(text):
    assert count_mismatches(text) == []


LISTS = st.text(alphabet="个设7三两十分别是为包括即，,、：:。；\n（）()甲乙丙科办和等0", max_size=40)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(LISTS)
def test_a_text_without_a_match_of_the_quiet_pattern_gives_nothing(value):
    if not patterns.search(value, COUNT_QUIET):
        assert count_mismatches(value) == []
