"""Shares whose whole is not named, stated side by side in one sentence (a real Sichuan 决算, corpus19/24: 公务用车购置及运行
维护费支出决算1.4万元,占0.02%;公务接待费支出决算0.28万元,占0.95%), written here with made-up figures: each item's
amount ÷ share must land on one whole (CLM-GEN-015). And a share is never put over another one of the same claim: a
PDF that breaks a figure (…1,972.01万元,占86.37%;文化旅游体育与传媒支出9. 03万元,占0.4%, corpus19b/35) leaves the second
share without its amount, and it is no second share of the item before (before: 86.37% was replaced by 0.4%)."""

from __future__ import annotations

from functools import cache

import budgetcheck
from budgetcheck.ingest.narrative import extract_text

TITLE = "某县某局2023年度部门决算公开\n\n"
ONE_WHOLE = "2023年“三公”经费财政拨款支出决算中,因公出国(境)费支出决算0万元,占0%;公务用车购置及运行维护费支出决算1.40万元,占0.14%;公务接待费支出决算0.28万元,占0.03%。\n"
TWO_WHOLES = ONE_WHOLE.replace("占0.03%", "占0.95%")
BROKEN = "2023年度财政拨款支出2,000.00万元,主要用于以下方面:一般公共服务支出1,800.00万元,占90%;文化旅游体育与传媒支出9. 00万元,占0.45%;住房保障支出191.00万元,占9.55%。\n"


@cache
def _pack():
    return budgetcheck.load_pack()


def _findings(tmp_path, text: str) -> list[str]:
    path = tmp_path / "probe.txt"
    path.write_text(TITLE + text, encoding="utf-8")
    result = budgetcheck.check_paths([path], pack=_pack()).documents[0]
    return sorted(finding.rule for finding in result.findings if finding.severity.value in ("error", "warning"))


def test_shares_of_one_unnamed_whole_give_no_finding(tmp_path):
    assert _findings(tmp_path, ONE_WHOLE) == []  # 1.40/0.14% and 0.28/0.03% both about 1000


def test_shares_that_imply_two_wholes_are_an_error(tmp_path):
    assert "CLM-GEN-015" in _findings(tmp_path, TWO_WHOLES)  # 1.40/0.14% is 1000, 0.28/0.95% is 29.5


def test_a_share_left_without_its_amount_does_not_replace_the_share_before():
    claims = extract_text(TITLE + BROKEN, "probe.txt").document.data["narrative"]["claims"]
    general = next(claim for claim in claims if claim["subject"].endswith("一般公共服务支出"))
    assert str(general["share"]) == "90"


def test_a_broken_figure_gives_no_false_error(tmp_path):
    assert not [rule for rule in _findings(tmp_path, BROKEN) if rule.startswith("CLM-GEN-0")]
