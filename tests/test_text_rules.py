"""Text quality: the string functions of the rule language, the narrative strings of a document, and
the TXT rules over the sample, the Shanghai documents and the blank template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.dsl.errors import RuleCheckError
from engine.dsl.runtime import Missing, Ref
from engine.dsl.text import (
    MAX_PATTERN,
    excerpts,
    find_all,
    prose,
    prose_shape,
    publisher_kind,
    share_mismatches,
    unbalanced,
)
from engine.ingest import load_document
from engine.registry import SchemaRegistry
from engine.rules import load_rule_file
from engine.schemanav import SchemaNode
from tests.conftest import DOCUMENT_2016, SAMPLE

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "real"


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
        ("创造一个“经济繁荣、社会文明的生活环境。", "创造一个“经济繁荣、社会文…"),
        ("依据《预算法第十二条。", "依据《预算法第十二条。"),
        ("主要用于【办公费。", "主要用于【办公费。"),
    ],
)
def test_the_first_unmatched_mark_is_shown_in_its_context(text, shown):
    assert unbalanced(text) == shown


# -- shares ---------------------------------------------------------------------------------------------

SHARES = "一般公共预算财政拨款支出 307.82 万元，主要用于以下方面：一般公共服务支出（类）264.87 万元，占 86.05%；社会保障和就业支出（类）10.82 万元，占 3.52%；卫生健康支出（类）2.71 万元，占 0.88%。"


def test_a_share_that_follows_from_an_amount_of_the_same_text_passes():
    assert share_mismatches("本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出202.24万元，占65.70%。") == []
    assert share_mismatches(SHARES) == []


def test_a_share_that_no_amount_gives_is_shown():
    assert share_mismatches("本年支出合计307.82万元，其中：基本支出105.58万元，占35.30%；项目支出202.24万元，占65.70%。") == ["…，其中：基本支出105.58万元，占35.30%；项目支出202…"]


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
    pointers = {ref.pointer for ref in prose(Ref(load_document(SAMPLE).data, ""), shape)}
    assert {"/metadata/preamble", "/duties/summary", "/duties/items/0/objectives", "/three_public/change_reason", "/glossary/0/definition", "/other_matters/text", "/performance/duties/11/activities/0/content"} <= pointers
    assert not pointers & {"/metadata/title", "/duties/items/0/name", "/metadata/kind", "/metadata/source/note"}
    assert not any(pointer.startswith("/narrative/") for pointer in pointers)


def test_prose_keeps_the_value_at_each_pointer_and_skips_blank_text(shape):
    data = load_document(SAMPLE).data
    data["other_matters"]["text"] = "  "
    found = prose(Ref(data, ""), shape)
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
    assert [(ref.pointer, ref.value) for ref in prose(Ref(data, ""), shape)] == [("/story", "s"), ("/label", "l"), ("/items/0/body", "b")]


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
    assert [ref.pointer for ref in prose(Ref({"story": "s", "label": "l"}, ""), shape)] == ["/label"]
