"""A 其中 list whose first part names the whole its share is of (其中：人员经费700万元，占基本支出的87.5%；公用经费100万元，
占12.5%) lists the parts of that item when the text read it before, not of the figure just before the 其中 (项目支出400万元):
taken as 项目支出's parts they gave two false errors, CLM-SUM-001 (700 + 100 over 400) and CLM-GEN-004 (100 of 400 is not
12.5%). A list whose first part's share names its own whole, or names nothing, stays where it was."""

from __future__ import annotations

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

HEAD = "青溪镇2023年部门预算说明\n2023年支出预算1200.00万元。基本支出800.00万元，占66.67%；项目支出400.00万元，占33.33%。"
LIST = "其中：人员经费700.00万元，占基本支出的87.5%；公用经费100.00万元，占12.5%。\n"
SEPARATORS = ["", "\n"]  # the list in the same paragraph, or one of its own


def _claims(text: str) -> dict[str, dict]:
    return {claim["subject"]: claim for claim in extract_text(text, "share.txt").document.data["narrative"]["claims"]}


@pytest.mark.parametrize("separator", SEPARATORS)
def test_the_parts_go_to_the_item_the_first_share_names(separator):
    claims = _claims(HEAD + separator + LIST)
    assert claims["人员经费"]["part_of"] == claims["公用经费"]["part_of"] == claims["基本支出"]["id"]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_no_false_error_and_a_wrong_share_still_found(separator, registry):
    pack = load_pack(registry)

    def errors(text: str) -> list[str]:
        result = check_loaded(extract_text(text, "share.txt").document, registry, pack)
        return sorted(finding.rule for finding in result.findings if finding.severity.value == "error")

    assert errors(HEAD + separator + LIST) == []
    assert errors(HEAD + separator + LIST.replace("占12.5%", "占15%")) == ["CLM-GEN-004"]
    assert errors(HEAD + separator + LIST.replace("公用经费100.00万元", "公用经费150.00万元").replace("占12.5%", "占18.75%")) == ["CLM-SUM-001"]


def test_a_list_whose_share_names_its_own_whole_or_nothing_stays():
    own = _claims(HEAD + "其中：人员经费300.00万元，占项目支出的75%；公用经费100.00万元，占25%。\n")
    assert own["人员经费"]["part_of"] == own["项目支出"]["id"]
    bare = _claims(HEAD + "其中：人员经费300.00万元；公用经费100.00万元。\n")
    assert bare["人员经费"]["part_of"] == bare["项目支出"]["id"]
    unknown = _claims(HEAD + "其中：人员经费300.00万元，占部门支出的25%；公用经费100.00万元。\n")  # no item of that name read before
    assert unknown["人员经费"]["part_of"] == unknown["项目支出"]["id"]


def test_a_share_of_the_whole_above_the_lists_whole_stays():
    """授予小微企业 is a part of 授予中小企业, whose share is of the total as its own is: not a part of the total."""
    text = (
        "某单位2023年度部门决算公开说明\n2023年度政府采购支出总额500万元。授予中小企业合同金额300万元,占政府采购支出总额的60%,"
        "其中:授予小微企业合同金额120万元,占政府采购支出总额的24%。\n"
    )
    claims = _claims(text)
    assert claims["授予小微企业合同金额"]["part_of"] == claims["授予中小企业合同金额"]["id"]
