"""A made-up department's 2026 budget in the per-item style, clean and then with one seeded defect of each kind
the issue lists: each defect is found by its rule at its line, and the clean text gives no finding at all.

The department (上海市普陀区青禾事务局) and its figures are invented; the classification codes and names are the
2026 list's (rules/classification/2026.yaml).
"""

from __future__ import annotations

import pytest

import budgetcheck
from budgetcheck.ingest.narrative import extract_text

CLEAN = """上海市普陀区2026年区级部门预算
  预算主管部门：上海市普陀区青禾事务局

                 上海市普陀区青禾事务局主要职能
  上海市普陀区青禾事务局负责本区青禾事务的统筹协调和日常管理。

               上海市普陀区青禾事务局机构设置
  本部门中，行政单位1家，事业单位1家，具体包括：上海市普陀区青禾事务局本部和上海市普陀区青禾服务中心。

                           名词解释
  （一）财政拨款收入：是本部门本年度从本级财政部门取得的财政拨款。

                           2026年部门预算编制说明
  2026年，上海市普陀区青禾事务局收入预算1,200.00万元，其中：财政拨款收入1,200.00万元。
  支出预算1,200.00万元，其中：财政拨款支出1,200.00万元，比2025年预算执行数增加150.00万元，增长14.29%。
  财政拨款支出增加的主要原因是人员增加。
  财政拨款支出1,200.00万元，主要内容如下：
  1、社会保障和就业支出（208类）行政事业单位养老支出（05款）机关事业单位基本养老保险缴费支出（05项）110.00万元，主要用于机关事业单位基本养老保险缴费。2025年当年预算执行数为100.00万元，2026年预算安排110.00万元，比2025年预算执行数增加10.00%。主要原因是：人员增加。
  2、社会保障和就业支出（208类）行政事业单位养老支出（05款）机关事业单位职业年金缴费支出（06项）55.00万元，主要用于机关事业单位职业年金缴费。2025年当年预算执行数为50.00万元，2026年预算安排55.00万元，比2025年预算执行数增加10.00%。主要原因是：人员增加。
  3、卫生健康支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）40.00万元，主要用于行政单位基本医疗保险缴费。2025年当年预算执行数为50.00万元，2026年预算安排40.00万元，比2025年预算执行数减少20.00%。主要原因是：人员减少。
  4、文化旅游体育与传媒支出（207类）文化和旅游（01款）行政运行（01项）80.00万元，主要用于机关运行。2025年当年预算执行数为80.00万元，2026年预算安排80.00万元，比2025年预算执行数持平。主要原因是：无变化。
  5、住房保障支出（221类）住房改革支出（02款）住房公积金（01项）915.00万元，主要用于住房公积金缴存。2025年当年预算执行数为870.00万元，2026年预算安排915.00万元，比2025年预算执行数增加5.17%。主要原因是：缴存基数调整。
  其中：住房保障支出（221类）住房改革支出（02款）住房公积金（01项）915.00万元由单位全额缴存。

                           其他相关情况说明
  （一）2026年“三公”经费预算情况说明
  2026年“三公”经费预算数为10.00万元，比2025年预算减少1.00万元，主要原因是压减公务接待。其中：因公出国（境）费2.00万元，与2025年预算持平；公务用车购置及运行费5.00万元（其中：公务用车购置费0万元，公务用车运行费5.00万元），与2025年预算持平；公务接待费3.00万元，比2025年预算减少1.00万元。
  （二）机关运行经费预算
  2026年本部门机关运行经费预算为30.00万元，其中：办公费10.00万元，水电费20.00万元。
  （三）政府采购预算情况
  本部门2026年没有政府采购预算，政府采购预算表为空表。
  （四）绩效目标设置情况
  本部门1个预算单位开展了2026年项目预算绩效目标编制工作，涉及项目预算资金100.00万元。
  （五）国有资产占有使用情况
  截至2025年8月31日，上海市普陀区青禾事务局共有车辆2辆。
  本部门共设内设机构5个，在编人员（含借调
人员）30人，负责青禾事务的日常管理（包括调研和统计）。
"""

# kind -> (text in CLEAN, what it becomes, the rule that must find it, text whose line the finding must name)
DEFECTS = {
    "percentage": ("增加10.00%。主要原因是：人员增加。\n  2、", "增加12.00%。主要原因是：人员增加。\n  2、", "CLM-PCT-001", "增加12.00%"),
    "direction word": ("比2025年预算执行数减少20.00%", "比2025年预算执行数增加20.00%", "CLM-DIR-001", "增加20.00%"),
    "comparison year": ("2025年当年预算执行数为870.00万元，2026年预算安排915.00万元，比2025年", "2024年当年预算执行数为870.00万元，2026年预算安排915.00万元，比2024年", "CLM-YEAR-001", "比2024年"),
    "item amount disagreeing across sentences": ("（01项）915.00万元由单位", "（01项）951.00万元由单位", "CLM-DUP-001", "951.00"),
    "outdated classification name": ("文化旅游体育与传媒支出（207类）", "文化体育与传媒支出（207类）", "CLM-CLS-002", "文化体育与传媒支出（207类）"),
    "code/name mismatch": ("职业年金缴费支出（06项）", "职业年金缴费支出（05项）", "CLM-CLS-002", "职业年金缴费支出（05项）"),
    "base-kind switch": ("比2025年预算执行数减少20.00%", "比2025年预算数减少20.00%", "CLM-BASE-001", "比2025年预算数减少"),
    "totals in words disagreeing": ("财政拨款支出1,200.00万元，主要内容", "财政拨款支出1,250.00万元，主要内容", "CLM-FIS-001", "1,250.00"),
    "totals in words: income and expenditure": ("财政拨款收入1,200.00万元。", "财政拨款收入1,100.00万元。", "CLM-FIS-002", "1,100.00"),
    "doubled punctuation": ("统筹协调和日常管理", "统筹协调，，和日常管理", "TXT-PUNCT-001", "，，"),
    "unbalanced bracket across a line break": ("人员）30人", "人员30人", "TXT-PAIR-001", "（含借调"),
    "option-pair residue": ("是本部门本年度", "是本部门（单位）本年度", "TXT-TPL-001", "本部门（单位）"),
    "placeholder": ("共设内设机构5个", "共设内设机构XX个", "TXT-TPL-002", "XX个"),
    "instruction left in": ("具体包括：上海市", "具体包括（如有）：上海市", "TXT-TPL-003", "（如有）"),
    "empty reason": ("主要原因是压减公务接待。", "主要原因是：。", "TXT-RSN-001", "主要原因是：。"),
    "wrong self-kind": ("本部门中，行政单位1家", "本单位中，行政单位1家", "TXT-SELF-001", "本单位中"),
}


@pytest.fixture(scope="module")
def pack():
    return budgetcheck.load_pack()


def _check(tmp_path, pack, text: str):
    path = tmp_path / "qinghe-2026-budget.txt"
    path.write_text(text, encoding="utf-8")
    return budgetcheck.check_path(path, pack=pack)


def test_the_clean_document_gives_no_finding(tmp_path, pack):
    result = _check(tmp_path, pack, CLEAN)
    # The text is a narrative alone: findings about the standard tables it does not carry (TAB-*) are not its defects.
    assert [(f.rule, f.message_zh) for f in result.findings if not f.rule.startswith("TAB-")] == []
    claims = extract_text(CLEAN, "qinghe.txt").document.data["narrative"]["claims"]
    items = [claim for claim in claims if "levels" in claim.get("classification", {})]
    assert len(items) == 6  # five explanations and the 住房公积金 named again under 其中
    assert [item["classification"]["code"] for item in items[:5]] == ["2080505", "2080506", "2101101", "2070101", "2210201"]


@pytest.mark.parametrize("kind", sorted(DEFECTS))
def test_each_seeded_defect_is_found_by_its_rule_at_its_line(tmp_path, pack, kind):
    before, after, rule, marker = DEFECTS[kind]
    assert CLEAN.count(before) == 1, kind
    text = CLEAN.replace(before, after)
    line = text[: text.index(marker)].count("\n") + 1
    found = [finding for finding in _check(tmp_path, pack, text).findings if finding.rule == rule]
    assert found, f"{kind}: no {rule} finding"
    assert any(line in [location[0] for location in finding.locations if location] for finding in found), (kind, line, [f.locations for f in found])
