"""An amount said roughly (约201万元, 大约201万元, 约为201万元, 201万元左右, 201万元上下) is no figure to add up or compare,
as one said as a bound (超过201万元) is not: read as exact, 事业收入约201万元 made a 其中 list 1 万元 over its whole (a false
CLM-SUM-001), and 比上年减少201万元左右 a change that gave a false CLM-PCT-001. The item is still stated: it is read
as a claim without an amount, so that what the sentence goes on to say of it (…约201万元，占收入合计的20%; a 其中 list
of its parts) is its own, never the claim's before it; a list one of whose parts has no amount is not summed short
(CLM-SUM-003). The same sentences said exactly are read and checked, so each case also shows the check it would have
made."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetcheck.dsl.text import share_mismatches
from budgetcheck.ingest.narrative import extract_text
from budgetcheck.ingest.narrative.claim_words import rough_amount, stated_amount
from budgetcheck.pipeline import check_loaded
from budgetcheck.rules import load_pack

ROUGH = ["约{}", "大约{}", "约为{}", "约计{}", "共约{}", "大概{}", "{}左右", "{}上下", "{}有余"]
LIST = "青溪镇2023年部门决算说明\n2023年度收入合计1200.00万元，其中：财政拨款收入1000.00万元，事业收入{}，其他收入1.00万元。\n"
WHOLE = "青溪镇2023年部门决算说明\n2023年度收入合计1200.00万元。2023年度支出合计{}，其中：基本支出1000.00万元，项目支出200.00万元。\n"
CHANGE = "青溪镇2023年部门决算说明\n2023年度支出合计1000.00万元，比上年减少{}，下降20%。\n"
SHARE = "青溪镇2023年部门决算说明\n2023年度收入合计1200.00万元。事业收入{}，占收入合计的20%。\n"


def _claims(text: str) -> list[dict]:
    return extract_text(text, "rough.txt").document.data["narrative"]["claims"]


def _errors(registry, pack, text: str) -> list[str]:
    result = check_loaded(extract_text(text, "rough.txt").document, registry, pack)
    return sorted(finding.rule for finding in result.findings if finding.severity.value == "error")


@pytest.mark.parametrize("form", ROUGH)
def test_a_rough_part_is_an_item_without_an_amount_and_its_exact_twin_has_one(form):
    rough = _claims(LIST.format(form.format("201万元")))
    assert [(claim["subject"], claim.get("amount"), claim.get("part_of")) for claim in rough] == [
        ("收入合计", "1200.00", None), ("财政拨款收入", "1000.00", rough[0]["id"]), ("事业收入", None, rough[0]["id"]), ("其他收入", "1.00", rough[0]["id"]),
    ]  # fmt: skip
    exact = _claims(LIST.format("201万元"))
    assert [(claim["subject"], claim.get("amount")) for claim in exact][2] == ("事业收入", "201")


@pytest.mark.parametrize("form", ROUGH)
def test_the_parts_of_a_rough_whole_are_its_own(form):
    claims = _claims(WHOLE.format(form.format("1201万元")))
    whole = next(claim for claim in claims if claim["subject"] == "支出合计")
    assert "amount" not in whole
    assert [claim["subject"] for claim in claims if claim.get("part_of") == whole["id"]] == ["基本支出", "项目支出"]


@pytest.mark.parametrize("form", ["{}左右", "{}上下", "{}有余"])
def test_a_change_said_roughly_is_a_direction_without_a_figure(form):
    (rough,) = _claims(CHANGE.format(form.format("201万元")))
    assert rough["direction"] == "减少" and "change" not in rough
    (exact,) = _claims(CHANGE.format("201万元"))
    assert exact["change"] == "201"


@pytest.mark.parametrize("form", [*ROUGH, "超过{}", "近{}"])
def test_a_share_after_a_rough_amount_is_the_rough_items(form):
    (shared,) = [claim for claim in _claims(SHARE.format(form.format("201万元"))) if "share" in claim]
    assert shared["subject"] == "事业收入" and "amount" not in shared
    (shared,) = [claim for claim in _claims(SHARE.format("201万元")) if "share" in claim]
    assert (shared["subject"], shared["amount"]) == ("事业收入", "201")


def test_rough_amounts_give_no_error_where_their_exact_twins_do(registry):
    pack = load_pack(registry)
    for template, rule in ((LIST, "CLM-SUM-001"), (CHANGE, "CLM-PCT-001"), (SHARE, "CLM-GEN-004"), (WHOLE, "CLM-SUM-001")):
        assert rule in _errors(registry, pack, template.format("201万元"))
        for form in ROUGH:
            assert _errors(registry, pack, template.format(form.format("201万元"))) == [], (template, form)


def test_a_list_with_a_rough_part_is_not_summed_short(registry):
    pack = load_pack(registry)
    for form in ["约{}", "{}左右", "超过{}"]:
        result = check_loaded(extract_text(LIST.format(form.format("199万元")), "rough.txt").document, registry, pack)
        assert [finding.rule for finding in result.findings if finding.severity.value in ("error", "warning")] == [], form
    short = check_loaded(extract_text(LIST.format("99万元"), "rough.txt").document, registry, pack)
    assert [finding.rule for finding in short.findings if finding.severity.value == "warning"] == ["CLM-SUM-003"]


@pytest.mark.parametrize(
    ("words", "rough"),
    [
        ("事业收入约12.00万元", True),
        ("事业收入大约12.00万元", True),
        ("事业收入12.00万元左右", True),
        ("事业收入近12.00万元", True),
        ("公用经费节约12.00万元", False),  # 节约: saved, a figure
        ("受资金制约12.00万元", False),  # 制约 is a word of its own
        ("事业收入12.00万元", False),
        ("平均每辆2.00万元", False),  # a rate, no item's figure at all
        ("单价50万元以上", False),  # a threshold
    ],
)
def test_which_amounts_are_said_roughly(words, rough):
    assert (rough_amount(words, 0, len(words)) is not None) is rough
    if rough:
        assert stated_amount(words, 0, len(words)) is None

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "xiguan-2019.txt"
EXACT = "其中：基本支出141.78万元，主要是人员经费128.45万元和日常公用经费13.33万元"


@pytest.mark.parametrize("form", ["约{}", "{}左右"])
def test_a_template_text_leaves_a_rough_figure_unread_and_keeps_what_explains_it(form):
    text = SAMPLE.read_text(encoding="utf-8")
    assert EXACT in text
    exact = extract_text(text, "xiguan.txt").document.data
    rough = extract_text(text.replace(EXACT, EXACT.replace("141.78万元", form.format("141.78万元"))), "xiguan.txt").document.data
    assert str(exact["overview"]["expenditure"]["basic"]["total"]) == "141.78"
    assert "total" not in rough["overview"]["expenditure"].get("basic", {})
    line = {claim["id"].split(":")[0] for claim in exact["narrative"]["claims"] if claim.get("amount") == "141.78"}
    for data, amount in ((exact, "141.78"), (rough, None)):
        said = {claim["subject"]: claim for claim in data["narrative"]["claims"] if claim["id"].split(":")[0] in line}
        assert said["基本支出"].get("amount") == amount and said["基本支出"]["reason"].startswith("人员经费")
        assert "reason" not in said["预算支出"]  # the reason is the item's, whose figure is unread, not the whole's


def test_a_share_of_a_rough_figure_is_not_checked_by_the_text_rule():
    exact = "2023年度收入合计1200.00万元。事业收入201万元，占收入合计的20%。"
    assert share_mismatches(exact) != []
    for form in [*ROUGH, "超过{}"]:
        assert share_mismatches(exact.replace("201万元", form.format("201万元"))) == [], form
