"""Ingest stage, tables: the JSON shape of read tables inside a disclosure document (see MODEL.md): `tables.<kind>` for the data
rules address, `coverage.tables.<kind>` for what was read, and the provenance of every value kept beside
the data, keyed by JSON pointer. Amounts stay Decimal here; `dumps` writes them as JSON numbers with
their printed places (66410000.00)."""

from __future__ import annotations

import json
from decimal import Decimal

from budgetcheck.ingest.tables.model import Effect, Row, Status, TableReading
from budgetcheck.ingest.tables.rows import segments
from budgetcheck.ingest.tables.vocabulary import Vocabulary

_COVERAGE = {
    Status.READ: "read",
    Status.PARTLY_READ: "partly_read",
    Status.RECOGNISED_NOT_READ: "recognised_not_read",
}


def _where(where) -> dict:
    """The place as data, and the place itself under "place" (the document keeps it as a location)."""
    return (where.as_dict() if hasattr(where, "as_dict") else {}) | ({"place": where} if where is not None else {})


def _aliases(reading: TableReading) -> dict:
    """One name per meaning: the figure of a row is `total` whether its header says 预算数, 金额 or 合计. A side
    (or panel) printing one figure column under 预算数/金额/决算数 (`amount`) and no 合计 names it `total`, so
    that rules say `total` on every side of every table (MODEL.md)."""
    aliases = {}
    for seg in segments(list(reading.columns)):
        names = {c.name for c in seg.columns}
        renamed = {name: "total" + name[len("amount"):] for name in names if name and name.startswith("amount") and "total" + name[len("amount"):] not in names}
        if renamed:
            aliases[(seg.side, seg.panel)] = renamed
    return aliases


def _label(row: Row) -> str:
    return row.code + " " + row.name if row.code else row.name


def _values(reading: TableReading, row: Row, pointer: str, provenance: dict, aliases: dict) -> dict:
    out: dict = {}
    labels = {c.name: c.label for c in reading.columns if c.name}
    renamed = aliases.get((row.side, row.panel), {})
    for original, value in row.values.items():
        name = renamed.get(original, original)
        out[name] = value.amount
        provenance[f"{pointer}/{name}"] = dict(
            _where(value.where), table=reading.title.text if reading.title else None,
            row_label=_label(row), column_label=labels.get(original, original),
            printed=value.text, places=value.places, blank=value.blank, **({"dash": True} if value.dash else {}))
    out.update(row.texts)
    return out


def _row(reading: TableReading, row: Row, pointer: str, provenance: dict, aliases: dict) -> dict:
    head = {"code": row.code, "level": row.level, "parent": row.parent, "name": row.name} if row.code else {
        "name": row.name, "ordinal": row.ordinal, "depth": row.depth, "parent": row.parent, "under": row.under}
    if row.side:
        head["side"] = row.side
    if row.panel is not None:
        head["panel"] = row.panel
    provenance[pointer] = dict(_where(row.where), table=reading.title.text if reading.title else None, row_label=_label(row), grid_row=row.index)
    for key, where in row.places.items():  # a finding about a name or a code points at the cell printing it
        if key in head:
            provenance[f"{pointer}/{key}"] = dict(_where(where), table=reading.title.text if reading.title else None, row_label=_label(row))
    return head | _values(reading, row, pointer, provenance, aliases)


def table_json(reading: TableReading, vocab: Vocabulary, base: str) -> tuple[dict, dict]:
    """(data, provenance) of one recognised table; pointers start at `base` (e.g. /tables/three_public)."""
    provenance: dict = {}
    kind = vocab.kinds[reading.kind]
    aliases = _aliases(reading)
    data: dict = {
        "name": kind.name,
        "title": reading.title.text if reading.title else None,
        "variant": reading.variant,
        "year": reading.year,
        "unit": reading.unit.name if reading.unit else None,
        "columns": list(dict.fromkeys(aliases.get((c.side, c.panel), {}).get(c.name, c.name) for c in reading.columns if c.type == "amount")),
        "empty": reading.empty,
        "empty_note": reading.empty_note.text if reading.empty_note else None,
        "notes": [n.text for n in reading.notes],
    }
    if reading.unit is not None:
        provenance[f"{base}/unit"] = _where(reading.unit.where)
    if reading.title is not None:
        provenance[f"{base}/title"] = _where(reading.title.where)
    if reading.empty_note is not None:
        provenance[f"{base}/empty_note"] = _where(reading.empty_note.where)
    sides = ("income", "expenditure")
    items = sorted((r for r in reading.rows if r.kind == "item"), key=lambda r: (sides.index(r.side) if r.side else 0, r.index))
    if kind.row_key == "measure":
        for row in items:
            data[row.measure] = _values(reading, row, f"{base}/{row.measure}", provenance, aliases)
    else:
        data["rows"] = [_row(reading, r, f"{base}/rows/{i}", provenance, aliases) for i, r in enumerate(items)]
    data["totals"] = {r.key: _values(reading, r, f"{base}/totals/{r.key}", provenance, aliases) for r in reading.rows if r.kind == "total"}
    return data, provenance


def _not_read(reading: TableReading) -> list[dict]:
    return [dict({"code": p.code, "message": p.message}, **({"where": _where(p.where)} if p.where else {}))
            for p in reading.problems if p.effect is not Effect.INFO]


def document_tables(readings: list[TableReading], vocab: Vocabulary) -> dict:
    """{tables, coverage, provenance, unrecognised} for one document: every standard kind of the vocabulary
    has a coverage state; a kind printed twice is not read (which one would rules mean?)."""
    by_kind: dict = {}
    for reading in readings:
        if reading.kind is not None:
            by_kind.setdefault(reading.kind, []).append(reading)
    tables, provenance, coverage = {}, {}, {}
    for key, kind in vocab.kinds.items():
        found = by_kind.get(key, [])
        if not found:
            coverage[key] = {"state": "absent", "family": kind.family, "national": kind.national}
            continue
        reading = found[0]
        state = _COVERAGE[reading.status] if len(found) == 1 else "recognised_not_read"
        reasons = _not_read(reading) if len(found) == 1 else [{"code": "TABLE-TWICE", "message": f"{len(found)} tables titled as {kind.name}"}]
        coverage[key] = {"state": state, "family": kind.family, "national": kind.national, "not_read": reasons}
        if state in ("read", "partly_read"):
            tables[key], more = table_json(reading, vocab, f"/tables/{key}")
            provenance |= more
    unrecognised = [{"title": r.title.text if r.title else None, "where": _where(r.where), "reasons": _not_read(r)}
                    for r in readings if r.kind is None]
    return {"tables": tables, "coverage": coverage, "provenance": provenance, "unrecognised": unrecognised}


def dumps(data, indent: int | None = None) -> str:
    """JSON with every Decimal written as printed (91016775.35, 66410000.00, 0); json's own encoder would
    go through float."""
    return _dump(data, indent, 0)


def _dump(data, indent: int | None, depth: int) -> str:
    return _WRITERS.get(type(data), _scalar)(data, indent, depth)


def _decimal(data, indent, depth) -> str:
    return format(data, "f")


def _mapping(data, indent, depth) -> str:
    items = [json.dumps(str(k), ensure_ascii=False) + ": " + _dump(v, indent, depth + 1) for k, v in data.items()]
    return _join("{", items, "}", indent, depth)


def _sequence(data, indent, depth) -> str:
    return _join("[", [_dump(v, indent, depth + 1) for v in data], "]", indent, depth)


def _scalar(data, indent, depth) -> str:
    return json.dumps(data, ensure_ascii=False)


_WRITERS = {Decimal: _decimal, dict: _mapping, list: _sequence, tuple: _sequence}


def _join(left: str, items: list[str], right: str, indent: int | None, depth: int) -> str:
    if not items:
        return left + right
    if indent is None:
        return left + ", ".join(items) + right
    pad, inner = " " * (indent * depth), " " * (indent * (depth + 1))
    return left + "\n" + ",\n".join(inner + i for i in items) + "\n" + pad + right
