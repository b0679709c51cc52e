"""Benchmark (not a test): read a generated 9-sheet workbook of 300 coded body rows per sheet, median of 5 runs.

    python benchmarks/bench_tables.py [--rows 300] [--runs 5]

Each sheet is a coded table the way departments fill them (merged title, 单位：万元 line, two-line header,
codes split 类/款/项 or joined, amounts with '#,##0.00', some blank, a 合计 row). Times: openpyxl load
alone; sheets -> grids (incl. the load); grids -> readings; and `read_workbook`, the whole path a paired
workbook takes (grids, readings, the document's tables with a sheet!cell for every value, coverage).
It measures this working tree: it stops unless budgetcheck is imported from its engine/ folder."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

import budgetcheck
from budgetcheck.ingest.tables import ReadContext, Status, load, read_tables
from budgetcheck.ingest.tables.document import read_workbook
from budgetcheck.ingest.tables.xlsx import grids_from_xlsx

REPO = Path(__file__).resolve().parent.parent
if Path(budgetcheck.__file__).resolve().parent != REPO / "engine":
    sys.exit(f"budgetcheck is imported from {budgetcheck.__file__}, not this working tree (pip install -e .)")

TITLES = ["2025年部门收入总表", "2025年部门支出总表", "2025年一般公共预算支出表", "2025年政府性基金预算支出表",
          "2025年国有资本经营预算支出功能分类预算表", "2025年部门支出预算总表", "收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表"]
HEADERS = {0: ["合计", "一般公共预算拨款", "事业收入"], 6: ["本年收入合计", "财政拨款收入", "其他收入"]}


def _codes(n: int):
    """n classification codes in 类/款/项 order: 201, 20101, 2010101 …"""
    out = []
    cls, sec, item = 201, 1, 1
    while len(out) < n:
        out.append(f"{cls}")
        for sec in range(1, 6):
            out.append(f"{cls}{sec:02d}")
            for item in range(1, 6):
                out.append(f"{cls}{sec:02d}{item:02d}")
        cls += 1
    return out[:n]


def build(path: Path, rows: int) -> None:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for s, title in enumerate(TITLES):
        ws = book.create_sheet(f"Sheet{s + 1}")
        split = s % 2 == 0
        values = HEADERS.get(s, ["合计", "基本支出", "项目支出"])
        labels = (["类", "款", "项"] if split else ["科目编码"]) + ["科目名称"]
        ncols = len(labels) + len(values)
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.cell(2, 1, "编制单位：东湖区文化和旅游局")
        ws.cell(2, ncols, "单位：万元")
        if split:
            ws.cell(3, 1, "科目编码")
            ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=3)
            for c, label in enumerate(["类", "款", "项"], 1):
                ws.cell(4, c, label)
        for c, label in enumerate(labels[-1:] + values, len(labels)):
            ws.cell(3, c, label)
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
        if not split:
            ws.cell(3, 1, "科目编码")
            ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
        for i, code in enumerate(_codes(rows)):
            r = 5 + i
            parts = [code[:3], code[3:5], code[5:7]] if split else [code]
            for c, part in enumerate(parts, 1):
                if part:
                    ws.cell(r, c, part)
            ws.cell(r, len(labels), f"科目{code}")
            for c in range(len(labels) + 1, ncols + 1):
                if (i + c) % 4:
                    ws.cell(r, c, (i * 37 + c * 11) % 100000 / 100).number_format = "#,##0.00"
        r = 5 + rows
        ws.cell(r, 1, "合计")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(labels))
    book.save(path)


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    vocab = load()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlsx"
        build(path, args.rows)
        loads, grids_t, reads, wholes = [], [], [], []
        for _ in range(args.runs):
            loads.append(_timed(lambda: openpyxl.load_workbook(path))[0])
            t_grids, grids = _timed(lambda: grids_from_xlsx(path, vocab))
            t_read, readings = _timed(lambda: read_tables(grids, ReadContext(vocab)))
            t_whole, tables = _timed(lambda: read_workbook(path, vocab, year=2025, file=path.name))
            grids_t.append(t_grids)
            reads.append(t_read)
            wholes.append(t_whole)
        assert len(readings) == 9 and all(r.status is Status.READ for r in readings), [(r.kind, r.reasons()[:2]) for r in readings]
        assert all(len(r.items) == args.rows for r in readings)
        cells = sum(1 for place in tables.positions.values() if getattr(place, "cell", None))
        ms = lambda xs: f"{statistics.median(xs) * 1000:.0f} ms"  # noqa: E731
        print(f"9 sheets x {args.rows} rows, {path.stat().st_size // 1024} KB, median of {args.runs}:")
        print(f"  openpyxl.load_workbook alone : {ms(loads)}")
        print(f"  grids_from_xlsx (incl. load) : {ms(grids_t)}")
        print(f"  read_tables (9 grids)        : {ms(reads)}")
        print(f"  read_workbook (whole path)   : {ms(wholes)}  (runs: {', '.join(f'{t * 1000:.0f}' for t in wholes)} ms; "
              f"{len(tables.data)} tables in the document, {cells} values located at a cell)")


if __name__ == "__main__":
    main()
