"""Ingest stage, narratives: `budgetcheck extract FILE [-o OUT.yaml|OUT.json]`, the document, its provenance record, the warnings.

With -o, the provenance goes beside the output as OUT.provenance.json: for each
JSON pointer the source line, column span, original snippet and printed unit,
plus the template, the encoding read and the warnings. Without -o, the document
is printed as YAML and no provenance file is written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path

import yaml

from budgetcheck.ingest.errors import IngestError
from budgetcheck.ingest.limits import DEFAULT_LIMITS
from budgetcheck.ingest.narrative.extract import extract_path
from budgetcheck.ingest.narrative.model import Extraction
from budgetcheck.output import OutputError, refuse_input, write_output


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)


def to_yaml(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def to_json(data: object) -> str:
    """The document as json.dumps(data, ensure_ascii=False, indent=2) lays it out, every Decimal written as a JSON number
    with its own digits (60.50 stays 60.50: the digits a figure is printed with are its precision), as the YAML output
    writes it and as `check` reads it back (a Decimal): a percentage or a ratio written as a string ("43") is not the
    number its schema asks for."""
    out: list[str] = []
    _write_json(data, "\n", out)
    return "".join(out) + "\n"


def _write_json(value: object, newline: str, out: list[str]) -> None:
    if isinstance(value, Decimal):
        out.append(format(value, "f"))
    elif isinstance(value, dict) and value:
        inner = newline + "  "
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"cannot write a key of type {type(key).__name__}")
            out.append(("," if index else "") + inner + json.dumps(key, ensure_ascii=False) + ": ")
            _write_json(item, inner, out)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)) and value:
        inner = newline + "  "
        out.append("[")
        for index, item in enumerate(value):
            out.append(("," if index else "") + inner)
            _write_json(item, inner, out)
        out.append(newline + "]")
    else:  # a string, a number that is not a Decimal, a boolean, null, an empty container: json's own spelling
        out.append(json.dumps(value, ensure_ascii=False))


def provenance_record(extraction: Extraction) -> dict:
    return {
        "source": extraction.document.source,
        "template": extraction.template,
        "encoding": extraction.encoding,
        "values": {pointer: asdict(item) for pointer, item in extraction.provenance.items()},
        "warnings": [asdict(warning) for warning in extraction.warnings],
    }


def provenance_path(output: Path) -> Path:
    return output.with_name(output.stem + ".provenance.json")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def run_extract(file: Path, output: Path | None, lang: str) -> int:
    en = lang == "en"
    if output is not None and output.suffix.lower() not in (".yaml", ".yml", ".json"):
        _say(f"{output}: " + ("the output must end in .yaml, .yml or .json" if en else "输出文件须以 .yaml、.yml 或 .json 结尾"))
        return 2
    try:
        extraction = extract_path(file, DEFAULT_LIMITS)
    except IngestError as error:
        where = f":{error.line}:{error.column}" if error.line is not None else ""
        _say(f"{file}{where}: {'error' if en else '错误'} {error.code.id}: {error.message(lang)}")
        return 2
    for warning in extraction.warnings:
        _say(f"{file}:{warning.line}:{warning.column}: {'warning' if en else '警告'} {warning.code}: {warning.message(lang)}")
    read = f"{extraction.template}, {extraction.encoding or 'docx'}"
    _say(f"{file}: {'template' if en else '模板'} {read}; {len(extraction.provenance)} {'values' if en else '个值'}, {len(extraction.warnings)} {'warnings' if en else '条警告'}")
    return write_extracted(file, output, extraction.document.data, lambda: provenance_record(extraction), lang)


def write_extracted(file: Path, output: Path | None, data: dict, record: Callable[[], dict], lang: str) -> int:
    """An extracted document to standard output, or with -o to OUTPUT and its provenance record beside it, each
    through the safe writer (atomic over a regular file, never replacing a device or a link, never the input)."""
    en = lang == "en"
    if output is None:
        sys.stdout.write(to_yaml(data))
        return 0
    text = to_json(data) if output.suffix.lower() == ".json" else to_yaml(data)
    try:
        for target in (output, provenance_path(output)):  # neither may overwrite the file it was read from
            refuse_input(target, [file])
        write_output(output, text)
        write_output(provenance_path(output), to_json(record()))
    except OutputError as error:
        _say(error.message(lang))
        return 2
    except OSError as exc:
        _say(f"{output}: {'cannot write' if en else '无法写入'}: {exc.strerror}")
        return 2
    return 0
