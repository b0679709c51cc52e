"""Per-item explanations at scale: a made-up 2026 budget text with N per-item sentences (2,000 by default), each
one claim with its full code, this year's amount, the comparison year's figure, the change and the reason.
Times, once each after a warm-up, the extraction (text -> document with claims), then a check with the registry
and pack loaded beforehand, as a batch holds them (extraction, schema validation, rules, report entries; within
it the schema stage and the rules alone), then the whole check as `check_path(path, pack=pack)` makes it, which
also loads the bundled schemas again (about 0.5 s, the same for any document), and prints the figures; benchmarks/README.md records them. Not a test: pytest never collects it.

    python benchmarks/bench_item_claims.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import budgetcheck
from budgetcheck import pipeline
from budgetcheck.ingest.narrative import extract_path
from budgetcheck.schema.registry import SchemaValidator

HEAD = """上海市普陀区2026年区级部门预算
  预算主管部门：上海市普陀区青禾事务局

                 上海市普陀区青禾事务局主要职能
  上海市普陀区青禾事务局负责本区青禾事务的统筹协调和日常管理。

               上海市普陀区青禾事务局机构设置
  本部门中，行政单位1家，事业单位1家。

                           名词解释
  （一）财政拨款收入：是本部门本年度从本级财政部门取得的财政拨款。

                           2026年部门预算编制说明
  财政拨款支出主要内容如下：
"""
ITEM = (
    "  {n}、社会保障和就业支出（类）行政事业单位养老支出（款）第{n}项养老保险缴费支出（项）{a}.00万元，"
    "主要用于机关事业单位基本养老保险缴费。2025年当年预算执行数为{b}.00万元，2026年预算安排{a}.00万元，"
    "比2025年预算执行数增加{p}%。主要原因是：人员增加。\n"
)


def text(count: int) -> str:
    """`count` explanations of distinct items (named, without codes, as the Shanghai 2025 budgets write them), so
    that the one-item-one-amount rule has thousands of claims to group and none to compare."""
    lines = [HEAD]
    for n in range(1, count + 1):
        a, b = 100 + n, 100
        item = ITEM.format(n=n, a=a, b=b, p=f"{(a - b) / b * 100:.2f}")
        lines.append(item)
    return "".join(lines)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    registry = budgetcheck.load_registry()
    pack = budgetcheck.load_pack(registry)
    spent = {"rules": 0.0, "schema": 0.0}

    def timed(stage, function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - start

        return run

    pipeline.evaluate = timed("rules", pipeline.evaluate)  # the rules alone: the pipeline's call of evaluate()
    # the schema stage: jsonschema-rs and the explaining of its errors, then the findings made of them
    SchemaValidator.iter_errors = timed("schema", SchemaValidator.iter_errors)
    pipeline.schema_findings = timed("schema", pipeline.schema_findings)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.txt"
        path.write_text(text(count), encoding="utf-8")
        budgetcheck.check_path(path, pack=pack, registry=registry)  # warm-up: tables, schemas, compiled regexes
        start = time.perf_counter()
        claims = extract_path(path).document.data["narrative"]["claims"]
        extracted = time.perf_counter() - start
        spent.update(rules=0.0, schema=0.0)
        start = time.perf_counter()
        budgetcheck.check_path(path, pack=pack, registry=registry)
        reused = time.perf_counter() - start
        rules, schema = spent["rules"], spent["schema"]
        start = time.perf_counter()
        result = budgetcheck.check_path(path, pack=pack)
        checked = time.perf_counter() - start
    errors = [f.rule for f in result.findings if f.severity.value == "error" and not f.rule.startswith("SCHEMA-")]
    print(
        f"{count} item sentences -> {len(claims)} claims; extraction {extracted:.2f} s; schema {schema:.2f} s; rules {rules:.2f} s; "
        f"check with the registry loaded {reused:.2f} s; whole check {checked:.2f} s; {len(errors)} rule errors"
    )


if __name__ == "__main__":
    main()
