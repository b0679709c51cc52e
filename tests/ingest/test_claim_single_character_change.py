"""较上年增17.1万元, 较上年减0.04万元: a change written with the single character 增 or 减 right after the year
compared (as 多 and 少 are), seen in real Yunnan 2018 budget notes (corpus19b/10 and 25, written here with made-up
figures). It is the claim's change, not its amount: before, 17.1 was read as the amount of 基本支出 and the direction
was lost, so 较上年减0.04万元,增0.01% (two opposite words) went unreported."""

from __future__ import annotations

from functools import cache

import budgetcheck
from budgetcheck.ingest.narrative import extract_text

TITLE = "某市某局2018年部门预算公开\n\n"
NOTE = (
    "2018年基本支出预算较上年增20.00万元,增幅25.00% 。主要变动原因如下:\n"
    "1.工资福利支出较上年增18.00万元,增30.00%。主要原因是:新增人员。\n"
    "2.商品和服务支出较上年减0.50万元,减2.50%。主要原因是:厉行节约。\n"
)


@cache
def _pack():
    return budgetcheck.load_pack()


def _claims(text: str) -> dict[str, dict]:
    claims = extract_text(TITLE + text, "probe.txt").document.data["narrative"]["claims"]
    return {claim["subject"]: claim for claim in claims}


def _findings(tmp_path, text: str) -> list[str]:
    path = tmp_path / "probe.txt"
    path.write_text(TITLE + text, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    return sorted(finding.rule for finding in result.findings if finding.severity.value in ("error", "warning"))


def test_a_single_character_change_after_the_year_compared_is_the_change():
    claims = _claims(NOTE)
    basic, goods = claims["基本支出"], claims["商品和服务支出"]
    assert "amount" not in basic and (basic["direction"], basic["change"]) == ("增加", "20.00")
    assert (goods["direction"], goods["change"], goods["percent_direction"]) == ("减少", "0.50", "下降")


def test_a_consistent_note_gives_no_finding(tmp_path):
    assert _findings(tmp_path, NOTE) == []


def test_opposite_words_for_one_change_are_an_error(tmp_path):
    wrong = NOTE.replace("减0.50万元,减2.50%", "减0.50万元,增2.50%")
    assert "CLM-DIR-003" in _findings(tmp_path, wrong)
