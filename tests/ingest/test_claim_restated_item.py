"""A change whose clause names its item again: 2024年机关运行经费预算50万元,较2023年机关运行经费预算增加5万元,增长20% (a 2025
budget of an unseen sweep wrote so) and 收入总计2,519.13万元,收入较上年决算数减少106.71万元,下降4.1% (a 决算). Read as a claim
of its own (较2023年机关运行经费, 收入) the change had no amount to be checked against, and a wrong rate passed."""

from __future__ import annotations

import pytest

from tests.ingest.claimtext import claims, error_rules


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("2024年机关运行经费预算50.00万元,较2023年机关运行经费预算增加5.00万元,增长11.11%。", "机关运行经费"),
        ("2024年机关运行经费50.00万元,比上年机关运行经费决算数增加5.00万元,增长11.11%。", "机关运行经费"),
        ("2022年度收入总计2,519.13万元,收入较上年决算数减少106.71万元,下降4.1%。", "收入总计"),
    ],
)
def test_the_change_is_the_claims_whose_item_it_names_again(text, subject):
    read = [claim for claim in claims(text, 2024 if "2024" in text else 2022) if claim["subject"] == subject]
    assert len(read) == 1 and "amount" in read[0] and "change" in read[0] and "percent" in read[0]


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        ("2024年机关运行经费预算50.00万元,较2023年机关运行经费预算增加5.00万元,增长11.11%。", []),
        ("2024年机关运行经费预算50.00万元,较2023年机关运行经费预算增加5.00万元,增长20.00%。", ["CLM-PCT-001"]),
        ("2022年度收入总计2,519.13万元,收入较上年决算数减少106.71万元,下降4.1%。", []),
        ("2022年度收入总计2,519.13万元,收入较上年决算数减少106.71万元,下降5.1%。", ["CLM-PCT-001"]),
        # a middle school's 2017 三公 budget (corpus20b/06): the item, in quotes, inside the claim's longer subject
        ("某中学2017年“三公”经费财政拨款预算安排4.97万元,较2016年“三公”经费预算数增加0.11万元,增长2.26%。", []),
        ("某中学2017年“三公”经费财政拨款预算安排4.97万元,较2016年“三公”经费预算数增加0.11万元,增长6%。", ["CLM-PCT-001"]),
    ],
)
def test_its_rate_is_checked(tmp_path, text, errors):
    assert error_rules(tmp_path, text) == errors


def test_another_items_comparison_is_not_given_to_the_claim_before():
    read = claims("2024年公用经费预算50.00万元,较2023年机关运行经费预算增加5.00万元,增长20.00%。", 2024)
    first = next(claim for claim in read if claim["subject"] == "公用经费")
    assert "change" not in first and "percent" not in first
