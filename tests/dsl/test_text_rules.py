"""Text quality: the string functions of the rule language, the narrative strings of a document, and
the TXT rules over the sample, the Shanghai documents and the blank template."""

from __future__ import annotations

import copy
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.dsl import text as text_module
from budgetcheck.dsl.errors import RuleCheckError
from budgetcheck.dsl.runtime import DocumentContext, Env, Missing, Ref
from budgetcheck.dsl.text import (
    MAX_PATTERN,
    excerpts,
    find_all,
    prose,
    prose_shape,
    publisher_kind,
    share_mismatches,
    unbalanced,
)
from budgetcheck.evaluate import evaluate
from budgetcheck.ingest import load_document
from budgetcheck.rules import load_rule_file
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaRegistry
from tests.conftest import DOCUMENT_2016, REAL, REPO, SAMPLE

# -- regular expressions written in rule files --------------------------------------------------------


def test_find_all_gives_every_match_and_excerpts_show_each_in_its_context():
    text = "收入增加（减少）5万元，支出增长（下降）3%。"
    assert find_all(text, "(增加|增长)（(减少|下降)）") == ["增加（减少）", "增长（下降）"]
    assert excerpts(text, "增长（下降）") == ["…少）5万元，支出增长（下降）3%。"]
    assert excerpts("abc", "x") == []


@pytest.fixture
def load(tmp_path, registry):
    def load(assertion: str, prelude: str = ""):
        path = tmp_path / "t.rules"
        path.write_text(f'schema "department-disclosure/2016"\nrule T-001 {{\n title "t" severity error citation "c"\n{prelude}\n assert {assertion}\n message "m"\n}}\n', encoding="utf-8")
        return load_rule_file(path, registry)

    return load


def test_a_pattern_must_be_written_in_the_rule_file(load):
    with pytest.raises(RuleCheckError) as caught:
        load('find_all(metadata.title, metadata.preamble) is empty')
    assert ":5:34:" in caught.value.message() and "正则表达式" in caught.value.message()


def test_an_invalid_pattern_is_refused_when_the_pack_loads_with_its_place(load):
    with pytest.raises(RuleCheckError) as caught:
        load('find_all(metadata.title, "(增加") is empty')
    assert ":5:34:" in caught.value.message() and "正则表达式有误" in caught.value.message()
    with pytest.raises(RuleCheckError) as caught:
        load('metadata.title matches "[本我"')
    assert ":5:32:" in caught.value.message() and "invalid regular expression" in caught.value.message("en")


def test_an_overlong_pattern_is_refused(load):
    with pytest.raises(RuleCheckError, match="too long"):
        load(f'find_all(metadata.title, "{"a" * (MAX_PATTERN + 1)}") is empty')
    load(f'find_all(metadata.title, "{"a" * MAX_PATTERN}") is empty')


def test_find_all_results_are_text_for_the_checker(load):
    load('all s in find_all(metadata.title, "部门") : s starts with "部"')
    with pytest.raises(RuleCheckError, match="sum must be listnum"):
        load('sum(find_all(metadata.title, "部门")) > 0')


# -- brackets and quotation marks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "因公出国（境）费0万元。",
        "《中华人民共和国预算法》、“两学一做”和‘一岗双责’（含（嵌套）括号）。",
        "1）加强学习；2）完善制度。",
        "增长80.84%1)国内接待费249.29万元2)公务用车运行费",  # a flattened table's items, numbered right after a figure
        "（一）部门职责",
        "",
    ],
)
def test_balanced_text_has_no_unmatched_mark(text):
    assert unbalanced(text) == ""


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("卫生健康支出（类）行政事业单位医疗（款)行政单位医疗（项）", "…事业单位医疗（款)行政单位医疗（项…"),
        ("公务用车运行费1.1万元)；公务接待费", "…运行费1.1万元)；公务接待费"),
        ("比上年增长5%)，主要", "比上年增长5%)，主要"),
        ("创造一个“经济繁荣、社会文明的生活环境。", "创造一个“经济繁荣、社会文…"),
        ("依据《预算法第十二条。", "依据《预算法第十二条。"),
        ("主要用于【办公费。", "主要用于【办公费。"),
    ],
)
def test_the_first_unmatched_mark_is_shown_in_its_context(text, shown):
    assert unbalanced(text) == shown


@settings(max_examples=1500, deadline=None, derandomize=True, database=None)
@given(
    st.text(alphabet="（）()“”‘’《》【】[]〔〕「」1二a。 甲", max_size=16)
    | st.recursive(st.sampled_from(["甲", "1", "。", "）", ")", "“"]), lambda inner: st.tuples(st.sampled_from(["（）", "()", "“”", "《》", "【】", "「」", "(）"]), inner).map(lambda pair: pair[0][0] + pair[1] + pair[0][1]) | st.lists(inner, max_size=3).map("".join), max_leaves=8)
)
def test_the_marks_alone_tell_a_text_whose_brackets_pair_up_as_the_walk_with_their_places_does(value):
    assert unbalanced(value) == text_module._first_unpaired(value)
    assert not text_module._paired(value) or text_module._first_unpaired(value) == ""


# -- shares ---------------------------------------------------------------------------------------------

SHARES = "一般公共预算财政拨款支出 307.82 万元，主要用于以下方面：一般公共服务支出（类）264.87 万元，占 86.05%；社会保障和就业支出（类）10.82 万元，占 3.52%；卫生健康支出（类）2.71 万元，占 0.88%。"


def test_a_share_that_follows_from_an_amount_of_the_same_text_passes():
    assert share_mismatches("本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出202.24万元，占65.70%。") == []
    assert share_mismatches(SHARES) == []


def test_a_share_that_no_amount_gives_is_shown():
    assert share_mismatches("本年支出合计307.82万元，其中：基本支出105.58万元，占35.30%；项目支出202.24万元，占65.70%。") == ["…，其中：基本支出105.58万元，占35.30%；项目支出202…"]



def test_a_share_said_roughly_or_as_a_bound_is_not_checked():
    # 占约40%, 占60%左右, 超过60%: no figure to take from the amounts (占40% and 占60% of the same text are)
    rough = "“三公”经费支出12.00万元，其中公务接待费3.00万元，占约40%；公务用车运行维护费9.00万元，占60%左右。"
    assert share_mismatches(rough) == []
    assert share_mismatches(rough.replace("占约40%", "占40%").replace("占60%左右", "占60%")) == [
        "…，其中公务接待费3.00万元，占40%；公务用车运行维…",
        "…务用车运行维护费9.00万元，占60%。",
    ]

def test_shares_of_a_total_not_stated_are_checked_against_the_sum_of_their_parts():
    assert share_mismatches("一般公共服务支出264.87万元，占86.05%；社会保障和就业支出10.82万元，占3.52%；住房保障支出32.13万元，占10.44%。") == []
    assert share_mismatches("一般公共服务支出264.87万元，占80.05%；社会保障和就业支出10.82万元，占3.52%；住房保障支出32.13万元，占10.44%。") != []


def test_amounts_in_yuan_and_in_wanyuan_are_compared_in_one_unit():
    assert share_mismatches("支出合计3,078,200元，其中基本支出105.58万元，占34.30%。") == []


def test_a_share_with_nothing_to_take_it_from_is_not_judged():
    assert share_mismatches("基本支出105.58万元，占35.30%。") == []
    assert share_mismatches("完成率占90%以上。") == []


# -- the publisher -------------------------------------------------------------------------------------


def test_the_title_says_whether_the_publisher_is_a_department_or_a_unit():
    assert publisher_kind("山海关区西关街道办事处部门2019年部门预算公开说明") == "部门"
    assert publisher_kind("上海市XX研究所2024年度单位决算") == "单位"
    with pytest.raises(Missing):
        publisher_kind("2019年预算公开说明")


# -- the narrative strings of a document ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shape(registry):
    return prose_shape(SchemaNode.root(registry, DOCUMENT_2016))


def test_every_text_field_of_the_schema_is_prose_and_names_are_not(shape):
    pointers = {ref.pointer for ref in prose(DocumentContext(load_document(SAMPLE).data), shape)}
    assert {"/metadata/preamble", "/duties/summary", "/duties/items/0/objectives", "/three_public/change_reason", "/glossary/0/definition", "/other_matters/text", "/performance/duties/11/activities/0/content"} <= pointers
    assert not pointers & {"/metadata/title", "/duties/items/0/name", "/metadata/kind", "/metadata/source/note"}
    assert not any(pointer.startswith("/narrative/") for pointer in pointers)


def test_prose_keeps_the_value_at_each_pointer_and_skips_blank_text(shape):
    data = load_document(SAMPLE).data
    data["other_matters"]["text"] = "  "
    found = prose(DocumentContext(data), shape)
    assert "/other_matters/text" not in {ref.pointer for ref in found}
    for ref in found:
        node = data
        for token in ref.pointer.split("/")[1:]:
            node = node[int(token)] if isinstance(node, list) else node[token]
        assert node == ref.value


def test_prose_without_the_document_is_absent_rather_than_empty(shape):
    with pytest.raises(Missing):
        prose()


def test_a_schema_can_mark_a_field_prose_or_leave_a_subtree_out(tmp_path):
    common = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://t.invalid/p/common.schema.json", "$defs": {"text": {"type": "string"}}}
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://t.invalid/p/document.schema.json",
        "x-budgetcheck": {"document_type": "prose-test", "version": "1"},
        "type": "object",
        "properties": {
            "story": {"$ref": "common.schema.json#/$defs/text"},
            "label": {"type": "string", "x-prose": True},
            "notes": {"type": "object", "x-prose": False, "properties": {"text": {"$ref": "common.schema.json#/$defs/text"}}},
            "items": {"type": "array", "items": {"type": "object", "properties": {"body": {"$ref": "common.schema.json#/$defs/text"}, "name": {"type": "string"}}}},
        },
    }
    for name, schema in (("common", common), ("document", document)):
        (tmp_path / f"{name}.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    registry = SchemaRegistry([tmp_path])
    shape = prose_shape(SchemaNode.root(registry, "https://t.invalid/p/document.schema.json"))
    data = {"story": "s", "label": "l", "notes": {"text": "n"}, "items": [{"body": "b", "name": "x"}]}
    assert [(ref.pointer, ref.value) for ref in prose(DocumentContext(data), shape)] == [("/story", "s"), ("/label", "l"), ("/items/0/body", "b")]


def test_a_schema_family_without_the_common_text_definition_marks_prose_by_keyword_only(tmp_path):
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://t.invalid/q/document.schema.json",
        "x-budgetcheck": {"document_type": "prose-test-2", "version": "1"},
        "type": "object",
        "properties": {"story": {"type": "string"}, "label": {"type": "string", "x-prose": True}},
    }
    (tmp_path / "document.schema.json").write_text(json.dumps(document), encoding="utf-8")
    shape = prose_shape(SchemaNode.root(SchemaRegistry([tmp_path]), "https://t.invalid/q/document.schema.json"))
    assert [ref.pointer for ref in prose(DocumentContext({"story": "s", "label": "l"}), shape)] == ["/label"]


# -- the TXT rules ---------------------------------------------------------------------------------------

TEXT_RULES = REPO / "rules" / "national" / "text.rules"


@pytest.fixture(scope="module")
def text_rules(registry):
    return load_rule_file(TEXT_RULES, registry)


@pytest.fixture(scope="module")
def sample_data():
    return load_document(SAMPLE).data


def _run(rules, data, *ids):
    chosen = [rule for rule in rules if not ids or rule.rule.id in ids]
    return evaluate(chosen, data)


def _with_text(data: dict, text: str) -> dict:
    changed = copy.deepcopy(data)
    changed["other_matters"]["text"] = text
    return changed


def test_the_compiler_hands_a_document_function_the_document_and_the_checkers_note(text_rules, sample_data):
    """prose() is called with the evaluation's document context and the narrative fields the checker found in the schema
    (engine/dsl/compile.py, Compiler._call: a Function with document=True gets env.document and the prepared note)."""
    punct = next(rule for rule in text_rules if rule.rule.id == "TXT-PUNCT-001")
    _kind, _name, source = punct.bindings[0]
    found = source(Env(DocumentContext(sample_data)))
    assert isinstance(found, list) and len(found) > 100 and all(isinstance(ref, Ref) and ref.pointer for ref in found)


def test_the_text_rules_of_one_evaluation_share_one_walk_of_the_document(text_rules, sample_data, monkeypatch):
    walks = []
    walk = text_module._strings
    monkeypatch.setattr(text_module, "_strings", lambda root, shape: walks.append(root) or walk(root, shape))
    evaluate(text_rules, sample_data)
    evaluate(text_rules, sample_data)
    assert len(walks) == 2 and len([rule for rule in text_rules if "prose()" in rule.rule.source_text]) > 2


def test_a_document_changed_between_two_evaluations_is_walked_again(text_rules, sample_data):
    changed = copy.deepcopy(sample_data)
    before = {finding.paths for finding in evaluate(text_rules, changed)[0] if finding.rule == "TXT-PUNCT-002"}
    changed["other_matters"]["text"] = "无其他需要说明的事项。另有一事没有句号"
    after = {finding.paths for finding in evaluate(text_rules, changed)[0] if finding.rule == "TXT-PUNCT-002"}
    assert after - before == {("/other_matters/text",)}


def test_on_the_sample_the_text_rules_find_the_unfinished_paragraphs_and_the_unit_calling_itself_so(text_rules, sample_data):
    findings, skipped = _run(text_rules, sample_data)
    assert sorted((f.rule, f.paths) for f in findings) == [
        ("TXT-PAIR-002", ("/narrative/claims/13/text",)),
        ("TXT-PUNCT-002", ("/duties/items/0/objectives",)),
        ("TXT-PUNCT-002", ("/performance/duties/0/goal",)),
        ("TXT-PUNCT-002", ("/performance/duties/9/activities/0/content",)),
        ("TXT-SELF-001", ("/narrative/claims/21/text",)),
        ("TXT-SELF-001", ("/three_public/change_reason",)),
    ]
    assert skipped == []
    self_finding = next(f for f in findings if f.rule == "TXT-SELF-001" and f.paths == ("/three_public/change_reason",))
    assert "我单位" in self_finding.message_zh and "主要是我单位按照上级部门要求" in self_finding.message_zh


def test_a_title_that_says_neither_department_nor_unit_makes_the_self_reference_rules_not_applicable(text_rules, sample_data):
    changed = copy.deepcopy(sample_data)
    changed["metadata"]["title"] = "山海关区西关街道办事处2019年预算公开说明"
    findings, skipped = _run(text_rules, changed, "TXT-SELF-001", "TXT-SELF-002")
    assert findings == [] and sorted((outcome.rule, outcome.paths) for outcome in skipped) == [("TXT-SELF-001", ("/metadata/title",)), ("TXT-SELF-002", ("/metadata/title",))]


def test_each_finding_points_at_the_field_that_holds_the_defect(text_rules, sample_data):
    changed = copy.deepcopy(sample_data)
    changed["glossary"][2]["definition"] = "指XXX。。"
    findings, _ = _run(text_rules, changed, "TXT-PUNCT-001", "TXT-TPL-002")
    assert sorted((f.rule, f.paths) for f in findings) == [("TXT-PUNCT-001", ("/glossary/2/definition",)), ("TXT-TPL-002", ("/glossary/2/definition",))]


@pytest.mark.skipif(not (REAL / "template-final-accounts.txt").is_file(), reason="the reference documents are not on this machine")
def test_every_placeholder_and_alternative_of_the_blank_template_is_caught(text_rules, sample_data):
    lines = [line.strip() for line in (REAL / "template-final-accounts.txt").read_text(encoding="utf-8").splitlines()]
    placeholders = [line for line in lines if re.search(r"XX|××", line)]
    alternatives = [line for line in lines if re.search(r"(增加|增长)（(减少|下降)）", line)]
    instructions = [line for line in lines if re.search(r"（如[^）]*表述）|由主管部门.*填写", line)]
    assert len(placeholders) > 100 and len(alternatives) >= 7 and len(instructions) > 5
    for rule, chosen in (("TXT-TPL-002", placeholders), ("TXT-TPL-001", alternatives), ("TXT-TPL-003", instructions)):
        for line in chosen:
            findings, _ = _run(text_rules, _with_text(sample_data, line), rule)
            assert [f.paths for f in findings] == [("/other_matters/text",)], line


@pytest.mark.skipif(not REAL.is_dir(), reason="the reference documents are not on this machine")
def test_in_the_shanghai_documents_only_the_brackets_closed_by_the_other_width_are_unbalanced(text_rules, sample_data):
    flagged: list[str] = []
    for path in sorted(REAL.glob("putuo-*-2025-budget.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"“.*（类[）)].*”", line):
                findings, _ = _run(text_rules, _with_text(sample_data, line.strip()), "TXT-PAIR-001")
                if findings:
                    flagged.append(line.strip())
    assert len(flagged) == 6
    assert all(re.search(r"（[类款项]\)", line) for line in flagged)


def test_a_share_beside_amounts_it_cannot_come_from_is_reported_with_the_figures(text_rules, sample_data):
    text = "本年支出合计307.82万元，其中：基本支出105.58万元，占35.30%；项目支出202.24万元，占65.70%。"
    findings, _ = _run(text_rules, _with_text(sample_data, text), "TXT-PCT-001")
    assert [f.paths for f in findings] == [("/other_matters/text",)]
    assert "105.58万元，占35.30%" in findings[0].message_zh
