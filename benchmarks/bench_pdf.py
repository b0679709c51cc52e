"""PDF benchmark: budgetcheck on the reference disclosure PDFs, in the same run as `pdftotext -layout` on the same
files (where poppler-utils is installed), with the ratio.

    python benchmarks/bench_pdf.py [--runs 7] [--reference ../shared/reference/real] [--copies 3]

Per document (median of --runs, the rule pack loaded once, as in a batch): pdftotext -layout (a subprocess,
so its process start is counted), the PDF read alone (PDFium in its guarded child: characters, lines, hidden
text, ruled tables), and the whole check (read, narrative extraction, table reader, schema, rules). Then a
batch: `budgetcheck check DIR --format json --output F` on --copies copies of the PDFs, with --jobs 1 and 2.
A benchmark, not a test: this machine is shared and noisy."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _median(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--reference", type=Path, default=REPO.parent / "shared" / "reference" / "real")
    args = parser.parse_args(argv)
    import budgetcheck
    from budgetcheck.ingest.pdf.reader import read_pdf_guarded

    pdfs = sorted(args.reference.glob("*.pdf"))
    if not pdfs:
        print(f"no PDF in {args.reference}", file=sys.stderr)
        return 2
    registry = budgetcheck.load_registry()
    pack = budgetcheck.load_pack(registry)
    pdftotext = shutil.which("pdftotext")
    print("| document | pages | pdftotext -layout ms | read ms (ms/page) | check ms (ms/page) | check / pdftotext |")
    print("|---|---:|---:|---:|---:|---:|")
    per_page, ratios, checks = [], [], []
    for path in pdfs:
        data = path.read_bytes()
        document = read_pdf_guarded(data, str(path))
        pages = len(document.pages)
        text_s = _median(args.runs, lambda: subprocess.run([pdftotext, "-layout", str(path), "-"], capture_output=True, check=True)) if pdftotext else None
        read_s = _median(args.runs, lambda: read_pdf_guarded(data, str(path)))
        check_s = _median(args.runs, lambda: budgetcheck.check_path(path, registry=registry, pack=pack))
        per_page.append(check_s / pages)
        checks.append(check_s)
        ratio = f"{check_s / text_s:.1f}×" if text_s else "—"
        if text_s:
            ratios.append(check_s / text_s)
        shown = f"{text_s * 1000:.0f}" if text_s else "—"
        print(f"| {path.stem} | {pages} | {shown} | {read_s * 1000:.0f} ({read_s * 1000 / pages:.1f}) | {check_s * 1000:.0f} ({check_s * 1000 / pages:.1f}) | {ratio} |")
    print(f"\nmedian check per document {statistics.median(checks) * 1000:.0f} ms, per page {statistics.median(per_page) * 1000:.1f} ms"
          + (f", median ratio to pdftotext -layout {statistics.median(ratios):.1f}×" if ratios else ", pdftotext not installed"))
    with tempfile.TemporaryDirectory() as root:
        folder = Path(root) / "pdfs"  # the report is written beside the folder: `check` refuses an output inside its input
        folder.mkdir()
        for copy in range(args.copies):
            for path in pdfs:
                shutil.copy(path, folder / f"{copy}-{path.name}")
        count = args.copies * len(pdfs)
        for jobs in (1, 2):
            output = Path(root) / "report.json"
            started = time.perf_counter()
            command = [sys.executable, "-c", "from budgetcheck.cli import main; main()"]
            subprocess.run([*command, "check", str(folder), "--format", "json", "--output", str(output), "--jobs", str(jobs), "--fail-on", "never"], check=True)
            wall = time.perf_counter() - started
            report = json.loads(output.read_text(encoding="utf-8"))
            statuses = sorted({document["status"] for document in report["documents"]})
            print(f"batch of {count} PDFs, --jobs {jobs}: {wall:.2f} s wall ({wall / count * 1000:.0f} ms per document, process start and pack load included; statuses {statuses})")
            output.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
