"""Command line: parse arguments, call the library (`import budgetcheck`), render, exit with a code taken from the report."""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

import budgetcheck
from budgetcheck.batch import default_jobs, expand_inputs
from budgetcheck.codes import CATALOGUE
from budgetcheck.dsl.errors import RuleLoadError
from budgetcheck.ingest import DOCUMENT_SUFFIXES, Pair
from budgetcheck.ingest.limits import DEFAULT_LIMITS, Limits
from budgetcheck.output import STDOUT, OutputError, open_output, refuse_input
from budgetcheck.report import BINARY_FORMATS, NEEDS
from budgetcheck.resources import rules_dir
from budgetcheck.result import SEVERITY_LABELS, Report, ReportMeta, Summary
from budgetcheck.rules import RulePack, gc_paused
from budgetcheck.schema.navigation import SchemaNode
from budgetcheck.schema.registry import SchemaLoadError, SchemaRegistry
from budgetcheck.version import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="budgetcheck：部门预算/决算公开文档的规则化检查工具 (rules-as-data checks for budget disclosures).",
)
schemas_app = typer.Typer(no_args_is_help=True, help="模式注册表：列出、查看模式及规则可用的字段 (the schema registry and the fields rules may use).")
app.add_typer(schemas_app, name="schemas")
rules_app = typer.Typer(no_args_is_help=True, help="规则包：列出、查看、检查规则 (rule packs).")
app.add_typer(rules_app, name="rules")


T = TypeVar("T")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    html = "html"
    junit = "junit"
    xlsx = "xlsx"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


SchemaDirs = Annotated[
    list[Path] | None,
    typer.Option("--schemas", help="额外的模式目录（可多次给出）/ extra schema folder, repeatable.", file_okay=False),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="消息语言 / message language.")]
RuleDirs = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="规则文件或目录，替代内置规则包（可多次给出）/ rule files or folders instead of the bundled pack."),
]


def _pack(registry: SchemaRegistry, roots: list[Path] | None, lang: Lang, screens: bool = True) -> RulePack:
    """Fail closed: a pack that does not load stops the command with exit 2, never a pass."""
    try:
        return budgetcheck.load_pack(registry, roots or None, screens=screens)
    except RuleLoadError as error:
        typer.echo(("规则包加载失败：\n" if lang is Lang.zh else "rule pack failed to load:\n") + error.message(lang.value), err=True)
        raise typer.Exit(2) from None


# _frozen_note: after the registry and the pack are loaded, `check` moves every object alive into the collector's
# permanent generation (gc.freeze): they live as long as the command, and no later collection walks them again
# while documents are checked (0.12 s -> 0.05 s for the sample from a cold start); forked workers share their
# pages instead of copying them when the collector would have touched them. They are frozen while the collector
# is still paused: enabling it first let one collection walk every object the load had made just before they were
# frozen (about 20 ms of a cold start, for nothing to free but the load's cycles). The cost: the cycles the load
# left for the collector (about 15,000 objects for the national pack) are kept too.


def _registry(extra: list[Path] | None, lang: Lang) -> SchemaRegistry:
    try:
        return budgetcheck.load_registry(extra)
    except SchemaLoadError as error:
        typer.echo(("模式加载失败：" if lang is Lang.zh else "schema registry failed to load: ") + error.message(lang.value), err=True)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"budgetcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本 / show the version.")] = False,
) -> None:
    """budgetcheck 命令行。"""


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="要检查的文档或目录（目录递归检查）/ documents or folders (recursive) to check.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="报告格式 / report format.")] = OutputFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="报告写入文件，- 为标准输出（xlsx 必须给出）/ write the report to FILE (- for standard output).", dir_okay=False, allow_dash=True)] = None,
    lang: LangOption = Lang.zh,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="并行进程数，默认为本机核数 / worker processes (default: the machine's cores).")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="何种问题使退出码为 1 / which findings make the exit status 1.")] = FailOn.error,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只输出汇总行（text 格式）/ print only the summary line (text format).")] = False,
    timestamp: Annotated[bool, typer.Option("--timestamp", help="在报告中写入生成时间（默认不写，以便结果可逐字节比对）/ record when the report was made.")] = False,
    schemas: SchemaDirs = None,
    rules: RuleDirs = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="单个文件大小上限（字节）/ size limit per file.")] = DEFAULT_LIMITS.max_bytes,
    timeout: Annotated[float, typer.Option("--timeout", min=0, help="单个文档检查时间上限（秒，0 为不限）/ seconds of wall time per document (0: no limit).")] = DEFAULT_LIMITS.timeout,
    diagnostics: Annotated[bool, typer.Option("--diagnostics", help="列出每条抽取诊断（默认只给覆盖情况和条数）/ list every extraction diagnostic.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="在行号旁给出 JSON 指针 / show JSON pointers beside line numbers.")] = False,
) -> None:
    """检查公开文档（可为目录或多个文件）：按其声明的模式版本校验、运行规则并输出报告。

    退出码：0 无达到 --fail-on 级别的问题；1 有；2 有文档无法读取，或用法、规则包错误；130 被 Ctrl-C 中断。
    """
    name = output_format.value
    if name in BINARY_FORMATS and output is None:
        typer.echo(f"{name} 格式须用 --output 指定输出文件" if lang is Lang.zh else f"the {name} format needs --output FILE", err=True)
        raise typer.Exit(2)
    with _interruptible(lang):
        if output is not None:
            _refuse_input(output, files, lang)
        with gc_paused():
            registry = _registry(schemas, lang)
            pack = _pack(registry, rules, lang, screens=not (len(files) == 1 and files[0].is_file()))  # one file: screens cost more than they save
            gc.freeze()  # what is loaded lives as long as the command, frozen before the collector runs again: see _frozen_note
        progress = _Progress(lang.value) if sys.stderr.isatty() and not quiet else None
        documents = budgetcheck.iter_check(files, registry=registry, pack=pack, limits=Limits(max_bytes=max_bytes, timeout=timeout), jobs=jobs or default_jobs(), progress=progress, keep=NEEDS[name])
        report = Report(documents, ReportMeta(pack.info, datetime.now(UTC).isoformat(timespec="seconds") if timestamp else None))
        to_terminal = output is None or str(output) == STDOUT
        color = to_terminal and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        try:
            summary = _write(report, name, output, lang.value, fail_on=fail_on.value, color=color, quiet=quiet, verbose=verbose, diagnostics=diagnostics)
        except OutputError as error:
            typer.echo(("无法写入报告：" if lang is Lang.zh else "cannot write the report: ") + error.message(lang.value), err=True)
            raise typer.Exit(2) from None
        except BrokenPipeError:
            raise _pipe_closed() from None
        except OSError as error:
            typer.echo((f"无法写入报告：{error}" if lang is Lang.zh else f"cannot write the report: {error}"), err=True)
            raise typer.Exit(2) from None
        finally:
            documents.close()  # a batch stopped early (a closed pipe, Ctrl-C) stops its worker processes now
            if progress:
                progress.close()
    raise typer.Exit(summary.exit_code(fail_on.value))


def _write(report: Report, name: str, output: Path | None, lang: str, **options) -> Summary:
    if output is None:
        summary = budgetcheck.render(report, name, lang, sys.stdout, **options)
        sys.stdout.flush()  # a closed pipe shows here, while it can still be answered quietly
        return summary
    with open_output(output, binary=name in BINARY_FORMATS) as out:  # never replaces a device, a FIFO or a link
        return budgetcheck.render(report, name, lang, out, **options)


def _refuse_input(output: Path, files: list[Path], lang: Lang) -> None:
    """An output that is one of the inputs, or would be read as one by the next run, is refused before anything is checked."""
    inputs, _problems = expand_inputs(files)
    paths = [part for item in inputs for part in ((item.narrative, item.workbook) if isinstance(item, Pair) else (item,))]  # both files of a pair
    folders = [path for path in files if path.is_dir()]
    try:
        refuse_input(output, paths, folders, DOCUMENT_SUFFIXES)
    except OutputError as error:
        typer.echo(("无法写入报告：" if lang is Lang.zh else "cannot write the report: ") + error.message(lang.value), err=True)
        raise typer.Exit(2) from None


PIPE_CLOSED = 128 + 13  # SIGPIPE, as a shell reports a filter whose reader went away


def _pipe_closed() -> typer.Exit:
    """Standard output's reader has gone (`| head`): stop quietly, with the status of a filter ended by SIGPIPE.
    Standard output is pointed at the null device so that Python's last flush finds nothing to complain about."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass
    return typer.Exit(PIPE_CLOSED)


INTERRUPTED = 128 + 2  # SIGINT


@contextmanager
def _interruptible(lang: Lang) -> Iterator[None]:
    """Ctrl-C: one line on stderr and exit 130, no traceback; what was being written has been removed by then."""
    try:
        yield
    except KeyboardInterrupt:
        typer.echo("\n已中断" if lang is Lang.zh else "\ninterrupted", err=True)
        raise typer.Exit(INTERRUPTED) from None


class _Progress:
    """A one-line progress bar on stderr, redrawn at most every 0.1 s."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        label = "检查中" if self.lang == "zh" else "checking"
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


@schemas_app.command("list")
def schemas_list(schemas: SchemaDirs = None, lang: LangOption = Lang.zh) -> None:
    """列出注册表中的全部模式：文档类型、版本、$id、标题。"""
    registry = _registry(schemas, lang)
    documents = sorted(registry.documents.items())
    typer.echo("文档模式 (document schemas):" if lang is Lang.zh else "document schemas:")
    for (document_type, version), entry in documents:
        regulation = entry.contents.get("x-budgetcheck", {}).get("regulation", "")
        typer.echo(f"  {document_type}/{version}  {entry.title}  {regulation}")
        typer.echo(f"      {entry.id}")
    typer.echo("组成部分 (section and shared schemas):" if lang is Lang.zh else "section and shared schemas:")
    for schema_id, entry in sorted(registry.entries.items()):
        if not entry.is_document:
            typer.echo(f"  {schema_id}  {entry.title}")


@schemas_app.command("show")
def schemas_show(
    schema_id: Annotated[str, typer.Argument(metavar="ID", help="$id，或 类型/版本（如 department-disclosure/2016）")],
    schemas: SchemaDirs = None,
    lang: LangOption = Lang.zh,
) -> None:
    """显示一个模式的全文（按 $id 或 类型/版本）。"""
    registry = _registry(schemas, lang)
    entry = registry.find(schema_id)
    if entry is None:
        known = ", ".join([f"{kind}/{version}" for kind, version in sorted(registry.documents)])
        message = f"未找到模式“{schema_id}”；可用：{known}，或 `budgetcheck schemas list` 中的任一 $id" if lang is Lang.zh else f"no schema '{schema_id}'; known: {known}, or any $id from `budgetcheck schemas list`"
        typer.echo(message, err=True)
        raise typer.Exit(2)
    typer.echo(f"# {entry.path}")
    typer.echo(json.dumps(entry.contents, ensure_ascii=False, indent=2))


@schemas_app.command("fields")
def schemas_fields(
    schema_id: Annotated[str | None, typer.Argument(metavar="[TYPE/VERSION]", help="文档模式（如 department-disclosure/2016）；省略则列出每个文档模式")] = None,
    schemas: SchemaDirs = None,
    lang: LangOption = Lang.zh,
) -> None:
    """列出规则可用的每个字段路径：中文标题、类型，金额还列出其单位由哪个字段说明。"""
    registry = _registry(schemas, lang)
    entries = [entry for _key, entry in sorted(registry.documents.items())]
    if schema_id is not None:
        entries = [entry for entry in entries if schema_id in (entry.id, f"{entry.document_type}/{entry.version}")]
    if not entries:
        known = ", ".join(f"{kind}/{version}" for kind, version in sorted(registry.documents))
        typer.echo(f"未找到文档模式“{schema_id}”；可用：{known}" if lang is Lang.zh else f"no document schema '{schema_id}'; known: {known}", err=True)
        raise typer.Exit(2)
    from budgetcheck.dsl.fields import field_catalogue  # noqa: PLC0415 - a check does not need it (with dsl/types.py, 2-3 ms of a cold start)

    for entry in entries:
        typer.echo(f"# {entry.document_type}/{entry.version}  {entry.title}")
        for field in field_catalogue(SchemaNode.root(registry, entry.id)).fields:
            typer.echo("\t".join((field.path, field.title, field.kind(lang.value), field.unit_source(lang.value))).rstrip("\t"))


def _examples(load: Callable[[], T], lang: Lang) -> T:
    """Examples files fail closed like rule files: a broken one stops the command with exit 2."""
    try:
        return load()
    except RuleLoadError as error:
        typer.echo(("示例文件加载失败：\n" if lang is Lang.zh else "examples file failed to load:\n") + error.message(lang.value), err=True)
        raise typer.Exit(2) from None


@rules_app.command("lint")
def rules_lint(rules: RuleDirs = None, schemas: SchemaDirs = None, lang: LangOption = Lang.zh) -> None:
    """加载并静态检查全部规则（语法、路径、类型、编号唯一）。"""
    registry = _registry(schemas, lang)
    pack = _pack(registry, rules, lang)
    typer.echo(f"{len(pack.rules)} 条规则，{len(pack.files)} 个文件，全部通过检查" if lang is Lang.zh else f"{len(pack.rules)} rules in {len(pack.files)} files: all checks pass")
    for (document_type, version), entry in sorted(registry.documents.items()):
        if not pack.for_schema(entry.id):  # fail closed: say so before a batch finds out
            typer.echo(
                f"注意：模式 {document_type}/{version} 没有任何规则，这类文档将判为无法检查（PACK-NO-RULES）"
                if lang is Lang.zh
                else f"note: no rule is for the schema {document_type}/{version}; documents of that type will be invalid rows (PACK-NO-RULES)"
            )


@rules_app.command("list")
def rules_list(rules: RuleDirs = None, schemas: SchemaDirs = None, lang: LangOption = Lang.zh) -> None:
    """列出规则：编号、级别、标题、依据、生效期。"""
    registry = _registry(schemas, lang)
    for compiled in _pack(registry, rules, lang).rules:
        rule = compiled.rule
        title = rule.title_en if lang is Lang.en and rule.title_en else rule.title
        period = f"{rule.effective_from or ''}–{rule.effective_to or ''}"
        typer.echo(f"{rule.id}\t{rule.severity}\t{title}\t{rule.citation}\t{period}")


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(metavar="ID")], rules: RuleDirs = None, schemas: SchemaDirs = None, lang: LangOption = Lang.zh) -> None:
    """显示一条规则的原文及其示例。"""
    from budgetcheck.ruletests import examples_for

    registry = _registry(schemas, lang)
    pack = _pack(registry, rules, lang)
    compiled = pack.get(rule_id)
    if compiled is None:
        typer.echo(f"没有规则 {rule_id}" if lang is Lang.zh else f"no rule {rule_id}", err=True)
        raise typer.Exit(2)
    typer.echo(f"# {compiled.rule.file}:{compiled.rule.span.line}")
    typer.echo(compiled.rule.source_text)
    for example in _examples(lambda: examples_for(rule_id, rules or [rules_dir()]), lang):
        typer.echo(f"\n# 示例 {example.name}（{example.file}）: 期望 {example.describe()}")


@rules_app.command("compile")
def rules_compile(
    dump: Annotated[bool, typer.Option("--dump", help="输出生成的 Python 源码以供审阅 / print the generated Python source for review.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而非标准输出 / write to a file instead of standard output.")] = None,
    rules: RuleDirs = None,
    schemas: SchemaDirs = None,
    lang: LangOption = Lang.zh,
) -> None:
    """把规则包编译成 Python 源码（只含常量表下标与运行时函数名）；--dump 输出源码（及筛查函数的源码）。"""
    import hashlib

    from budgetcheck import rules as rule_stage
    from budgetcheck.output import write_output

    registry = _registry(schemas, lang)
    try:
        pack = rule_stage.load_pack(registry, rules or None, evaluator="compiled")
    except RuleLoadError as error:
        typer.echo(("规则包加载失败：\n" if lang is Lang.zh else "rule pack failed to load:\n") + error.message(lang.value), err=True)
        raise typer.Exit(2) from None
    digest = hashlib.sha256(pack.source.encode("utf-8")).hexdigest()
    if dump:
        # which rule each r<n>_<part> function belongs to: after the source, as comments, for the reviewer (the module
        # compiled is pack.source alone: its audit refuses any comment after the header)
        index = "".join(f"# r{number}_* = {compiled.rule.id} ({compiled.rule.file}:{compiled.rule.span.line})\n" for number, compiled in enumerate(pack.rules))
        shown = pack.source.rstrip("\n") + "\n\n# --- not part of the compiled module: the rule of each function ---\n" + index
        shown += "\n# --- a module of its own: the screens (dsl/screensource.py) ---\n" + pack.screens
        try:
            write_output(str(output) if output is not None else STDOUT, shown)
        except OutputError as error:
            typer.echo(("无法写入：" if lang is Lang.zh else "cannot write: ") + error.message(lang.value), err=True)
            raise typer.Exit(2) from None
        if output is None:
            return
    lines = pack.source.count("\n")
    typer.echo(
        f"{len(pack.rules)} 条规则编译为 {lines} 行 Python 源码（sha256:{digest}）"
        if lang is Lang.zh
        else f"{len(pack.rules)} rules compiled to {lines} lines of Python source (sha256:{digest})"
    )


@rules_app.command("test")
def rules_test(rules: RuleDirs = None, schemas: SchemaDirs = None, lang: LangOption = Lang.zh) -> None:
    """运行每条规则的通过/不通过示例，并列出没有示例覆盖的规则。"""
    from budgetcheck.ruletests import run_examples

    registry = _registry(schemas, lang)
    roots = rules or [rules_dir()]
    pack = _pack(registry, roots, lang)
    outcome = _examples(lambda: run_examples(pack, registry, roots), lang)
    for line in outcome.lines(lang.value):
        typer.echo(line)
    raise typer.Exit(0 if outcome.ok else 1)


@app.command("codes")
def codes_list(lang: LangOption = Lang.zh) -> None:
    """列出规则以外的发现代码（读取、抽取、模式、金额、程序错误）：代码、级别（抽取诊断不是发现）、标题、消息模板或说明。"""
    for code in CATALOGUE:
        severities = ("诊断" if lang is Lang.zh else "diagnostic") if code.diagnostic else "/".join(SEVERITY_LABELS[lang.value][severity.value] for severity in code.severities)
        typer.echo(f"{code.id}\t{severities}\t{code.title(lang.value)}\t{code.about(lang.value)}")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="部门预算公开说明（.txt、.docx 或 .pdf），或其表格工作簿（.xlsx、.xls）/ the narrative disclosure (a PDF with its tables), or the workbook of its tables.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="输出 .yaml 或 .json；省略则输出到屏幕 / write to FILE.")] = None,
    lang: LangOption = Lang.zh,
) -> None:
    """从公开说明原文抽取结构化文档（每个数值附原文行号；PDF 附页码与位置框），或读取工作簿中的标准表格（每个数值附工作表!单元格）。退出码 0 成功，2 无法识别或读取。"""
    if file.suffix.lower() == ".pdf":
        from budgetcheck.ingest.pdf.command import run_extract_pdf

        raise typer.Exit(run_extract_pdf(file, output, lang.value))
    if file.suffix.lower() in (".xlsx", ".xls"):
        from budgetcheck.ingest.tables.command import run_extract_tables

        raise typer.Exit(run_extract_tables(file, output, lang.value))
    from budgetcheck.ingest.narrative.command import run_extract

    raise typer.Exit(run_extract(file, output, lang.value))


def main() -> None:
    """The `budgetcheck` command: typer's app, then the process ends at once where nothing is left to do (_end): a
    caller in the same process gets no SystemExit back then. The library is `import budgetcheck`; tests in process call
    `app`."""
    try:
        app()
    except SystemExit as done:
        _end(done.code)
        raise


def _end(code: object) -> None:
    """End the process now with `code` when nothing is left for Python's own exit but freeing the run's objects one by
    one (the pack's ASTs, closures and module; a narrative's readers): some 25 ms of the 0.3 s a check of the sample
    takes, as much of a check of its text (benchmarks/README.md, perf27). Only for a status 0-255, with no exit
    handler registered (a batch's worker pool, a finalizer of a temporary folder, a coverage tool, typer's rich help:
    then Python ends as usual), no other thread running, no trace or profile function set, and standard output and
    error flushed without error (a failed flush is left to Python, which reports it as it always has). Every file the
    run wrote is closed by then (open_output, the rule cache's write_bytes)."""
    status = 0 if code is None else code
    pending = getattr(atexit, "_ncallbacks", None)  # CPython's count of exit handlers; without it, the usual exit
    threads = sys.modules.get("threading")
    if type(status) is not int or not 0 <= status <= 255 or pending is None or pending() or (threads is not None and threads.active_count() > 1):
        return
    if sys.gettrace() is not None or sys.getprofile() is not None:  # a profiler or coverage tool reports after the run
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the descriptor was closed when Python started (`>&-`)
                stream.flush()
    except Exception:  # noqa: BLE001 - whatever a flush meets, Python's own end meets and reports as it always has
        return
    os._exit(status)
