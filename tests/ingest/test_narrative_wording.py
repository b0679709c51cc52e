"""The national template's 收支 and 比上年增减 parts in other words than the sample's: what the text says is read,
what it does not say is never made up (probes of the sample text reworded, each a false error before)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.ingest.narrative import extract_text
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack
from tests.conftest import REPO

TEXT = (REPO / "fixtures" / "xiguan-2019.txt").read_text(encoding="utf-8")
EXPENDITURE = "2019年预算支出为329.37万元，其中：基本支出141.78万元，主要是人员经费128.45万元和日常公用经费13.33万元；项目支出187.59万元，主要为社区管理工作、综合业务事务管理工作，例如综合业务事务管理项目安排60.95万元。"
CHANGE = "2019年预算支出安排329.37万元，较2018年预算减少50.30万元，其中：基本支出减少50.34万元，主要为人员经费和日常公用经费较少支出；项目支出增加 0.04万元，主要为西关综合服务中心人员经费等项目支出。"
THREE = "公务接待费0.05万元。较2018年减少0.01万元。"


def _data(old: str, new: str) -> dict:
    assert old in TEXT
    return extract_text(TEXT.replace(old, new, 1), "probe.txt").document.data


@pytest.fixture(scope="module")
def pack(registry):
    return load_pack(registry)


def _new_findings(registry, pack, old: str, new: str) -> list[tuple[str, str]]:
    def found(text: str) -> set[tuple[str, str]]:
        result = check_loaded(extract_text(text, "probe.txt").document, registry, pack)
        return {(finding.rule, finding.message_zh) for finding in result.findings if finding.severity.value in ("error", "warning")}

    return sorted(found(TEXT.replace(old, new, 1)) - found(TEXT))


def test_a_change_right_after_last_years_amount_is_the_change_of_the_amount_named_first():
    """比2018年预算379.67万元减少50.30万元: the change was left unread (its label was only 减少) and the schema's required
    支出增减 gave a false SCHEMA-REQUIRED error; last year's amount is not taken for a figure of its own."""
    change = _data(CHANGE, "2019年预算支出329.37万元，比2018年预算379.67万元减少50.30万元，下降13.25%，主要原因是人员调整。")["overview"]["change"]
    assert (change["total"], change["previous_total"], change["previous_year"]) == (Decimal("-50.30"), Decimal("379.67"), 2018)


def test_last_years_amount_of_a_three_public_item_is_not_its_amount_or_the_total():
    three = _data(THREE, "公务接待费0.05万元，比2018年0.06万元减少0.01万元。")["three_public"]
    assert three["reception"] == Decimal("0.05") and three["change"]["reception"] == Decimal("-0.01")
    assert three["total"] == Decimal("1.15")


def test_同比_alone_compares_with_last_year():
    change = _data(CHANGE, "2019年预算支出329.37万元，同比减少50.30万元，降幅13.25%，主要原因是人员调整。")["overview"]["change"]
    assert (change["total"], change["previous_year"]) == (Decimal("-50.30"), 2018)


def test_包括_lists_the_parts_of_the_part_before_it(registry, pack):
    """基本支出141.78万元，包括人员经费128.45万元、日常公用经费13.33万元；项目支出187.59万元: the two were taken for parts of
    the whole 支出 beside 基本支出 (a false CLM-SUM-001, 471.15 against 329.37)."""
    new = "2019年预算支出为329.37万元，其中：基本支出141.78万元，包括人员经费128.45万元、日常公用经费13.33万元；项目支出187.59万元。"
    assert _new_findings(registry, pack, EXPENDITURE, new) == []
    wrong = new.replace("13.33万元", "23.33万元")
    assert [rule for rule, _ in _new_findings(registry, pack, EXPENDITURE, wrong)] == ["BUD-EXP-002", "CLM-SUM-001"]
