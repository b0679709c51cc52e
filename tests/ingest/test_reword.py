"""The same facts in other words read the same: amounts in 亿元 or with separators, other brackets, other words for a change.

tests/corpus/reword.py rewrites a text's prose without changing a fact (an amount keeps its value and precision, a
change its direction). Each wording of the two texts every checkout has must give no error the text itself does not
give; what a wording adds as a warning is listed by the sweep, to be judged.
"""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.rules import load_pack
from tests.conftest import FIXTURES
from tests.corpus.relayout import findings
from tests.corpus.reword import WORDINGS


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


@pytest.mark.parametrize("wording", sorted(WORDINGS))
@pytest.mark.parametrize("text", [FIXTURES / "xiguan-2019.txt", FIXTURES / "narrative" / "final-accounts-yuan.txt"], ids=["sample", "final-accounts"])
def test_no_wording_of_the_bundled_texts_adds_an_error(registry, pack, tmp_path, text, wording):
    reworded = tmp_path / f"{text.stem}.{wording}.txt"
    reworded.write_text(WORDINGS[wording](text.read_text(encoding="utf-8")), encoding="utf-8")
    base = findings(text, registry, pack)
    added = {key: message for key, message in findings(reworded, registry, pack).items() if key not in base and key[0] == "error"}
    assert not added


SAMPLE = (FIXTURES / "xiguan-2019.txt").read_text(encoding="utf-8")
CHANGE = "其中：基本支出减少50.34万元，主要为人员经费和日常公用经费较少支出；项目支出增加 0.04万元，主要为西关综合服务中心人员经费等项目支出。"


def _change(sentence: str) -> dict:
    assert CHANGE in SAMPLE
    return extract_text(SAMPLE.replace(CHANGE, sentence), "change.txt").document.data["overview"]["change"]


@pytest.mark.parametrize("parted_by", ["；", "，"])
def test_a_change_s_reason_ends_at_the_comma_before_the_next_figure(parted_by):
    """基本支出减少50.34万元，主要为…，项目支出增加0.04万元，主要为…: a writer who parts the two changes by a comma, not a
    semicolon, still gives the first its reason. The reason ran to the full stop, held the next figure and was dropped:
    BUD-CMP-007 said the change was not explained (a false warning)."""
    change = _change(CHANGE.replace("；", parted_by))
    assert (change["basic_reason"], change["project_reason"]) == ("主要为人员经费和日常公用经费较少支出", "主要为西关综合服务中心人员经费等项目支出")


def test_a_reason_that_holds_its_own_figure_is_no_reason_read():
    """…减少50.34万元，主要是公用经费减少6.00万元；: the clause holds a figure and no comma before it, so which of its words
    are the reason is not told; nothing is read (as before), and no other clause's words are taken for it."""
    change = _change("其中：基本支出减少50.34万元，主要是公用经费减少6.00万元；项目支出增加 0.04万元，主要为西关综合服务中心人员经费等项目支出。")
    assert change["basic"] < 0 and "basic_reason" not in change and change["project_reason"] == "主要为西关综合服务中心人员经费等项目支出"


@pytest.mark.parametrize("shu", ["", "数"])
def test_a_measure_with_shu_names_the_same_figure(shu):
    """年初预算数为, 全年预算数为, 支出决算数为 are 年初预算为… said with 数: the item is the one the sentence opened with. Read
    as measures only without 数, the 决算's figure became an item named 支出 (and 年初预算数 one named …支出年初), which
    the 年初预算's completion rate was then no longer checked against (CLM-PCT-002 lost on the socialwork 决算)."""
    text = (
        "某某单位2024年度单位决算\n\n"
        f"一般公共预算财政拨款支出年初预算{shu}为 100.00 万元，全年预算{shu}为 321.02 万元，支出决算{shu}为 307.82 万元，完成年初预算的 307.82%。\n"
    )
    claims = extract_text(text, "final.txt").document.data["narrative"]["claims"]
    assert [(claim["subject"], claim["measure"], claim["amount"]) for claim in claims] == [
        ("一般公共预算财政拨款支出", "年初预算", "100.00"),
        ("一般公共预算财政拨款支出", "全年预算", "321.02"),
        ("一般公共预算财政拨款支出", "支出决算", "307.82"),
    ]
