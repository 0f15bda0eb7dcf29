"""How records lie in SQLite: one table per record kind, its columns, and records <-> rows.

Derived from the pydantic schema, so a new field gets a column by itself:

* scalar fields are columns of their own (enums as their value, booleans as 0/1);
* ``source`` is four columns, ``page, char_start, char_end, quote`` (its ``doc_id`` is
  the record's own);
* a nested model (an indicator's ``baseline``, a finding's ``review``) is one column per
  field, named ``<field>_<subfield>`` (``baseline_value``, ``review_status``);
* lists and dicts are JSON text, numbers staying JSON numbers.

Exact money: figures are stored as SQLite numbers (whole pounds as integers, pence as
reals) and read back through ``Decimal(repr(value))``.  That is exact because papertrail
refuses figures of more than 15 significant digits (``schemas.records.Number``), and a
double holds 15 significant digits exactly.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel

from schemas import RECORD_KINDS
from schemas.provenance import Source

SOURCE_COLUMNS = ("page", "char_start", "char_end", "quote", "ocr", "confidence")
_SOURCE_TYPES = {"page": "INTEGER", "char_start": "INTEGER", "char_end": "INTEGER", "quote": "TEXT", "ocr": "INTEGER", "confidence": "REAL"}
PAPER_KINDS = ("decisions", "funding", "indicators", "timeline")
STREAM_COLUMN_SOURCE = "funding_stream_source"
PRIMARY_KEY = {"documents": "doc_id"}  # every other record table: "id"
FTS_COLUMNS = {
    "decisions": ("quote", "subject"),
    "funding": ("quote", "purpose", "payer"),
    "indicators": ("quote", "name"),
    "timeline": ("quote", "label"),
    "findings": ("message",),
}
"""Full-text search (FTS5) over the quotes and the words people search for."""


@dataclass(frozen=True)
class Column:
    """One SQLite column of a record table."""

    name: str
    sql_type: str  # TEXT, INTEGER (numbers: integers stay integers, decimals stay reals)
    field: str  # the model field it holds (or part of)
    part: str | None  # sub-field of a nested model or source; None for the field itself
    form: str  # "plain", "number", "bool", "enum", "json", "source", "nested"
    description: str


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the type inside Optional/Annotated, whether None is allowed)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) != 1:
                return annotation, optional
            annotation = args[0]
        else:
            return annotation, optional


def _form(annotation: Any) -> tuple[str, str]:
    inner, _ = _unwrap(annotation)
    origin = typing.get_origin(inner)
    if origin in (list, dict) or inner in (list, dict):
        return "json", "TEXT"
    if isinstance(inner, type):
        if issubclass(inner, Source):
            return "source", ""
        if issubclass(inner, BaseModel):
            return "nested", ""
        if issubclass(inner, Enum):
            return "enum", "TEXT"
        if issubclass(inner, bool):
            return "bool", "INTEGER"
        if issubclass(inner, (int, Decimal)):
            return "number", "INTEGER"
    return "plain", "TEXT"


def columns_of(model: type[BaseModel]) -> list[Column]:
    """The columns of a model's table, in field order."""
    out: list[Column] = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        form, sql_type = _form(info.annotation)
        description = info.description or ""
        if form == "source":
            for part in SOURCE_COLUMNS:
                sub = Source.model_fields[part]
                out.append(Column(part, _SOURCE_TYPES[part], name, part, "source", sub.description or ""))
        elif form == "nested":
            nested, _ = _unwrap(info.annotation)
            for part, sub in nested.model_fields.items():
                sub_form, sub_type = _form(sub.annotation)
                if sub_form in ("nested", "source"):
                    sub_form, sub_type = "json", "TEXT"
                out.append(Column(f"{name}_{part}", sub_type, name, part, sub_form,
                                  f"{description}: {sub.description or part}"))
        else:
            out.append(Column(name, sql_type, name, None, form, description))
    return out


COLUMNS = {kind: columns_of(model) for kind, model in RECORD_KINDS.items()}


def _sql(value: Any, form: str) -> Any:
    if value is None:
        return None
    if form == "enum":
        return value.value
    if form == "bool":
        return int(value)
    if form == "number":
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value
    return value


_JSON_FIELDS = {kind: frozenset(c.field for c in cols if c.form == "json") for kind, cols in COLUMNS.items()}


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps makes on each call


def _json_text(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, without the call for an empty list or
    object (most list columns are empty), through one encoder."""
    if not value and type(value) in (list, dict):
        return "[]" if type(value) is list else "{}"
    return _ENCODE(value)


def to_row(kind: str, record: BaseModel) -> dict[str, Any]:
    """The SQLite row of a record (column name -> value SQLite stores as it is)."""
    json_fields = _JSON_FIELDS[kind]
    # only the fields stored as JSON text are dumped in JSON mode (exact numbers as JSON numbers)
    as_json = record.model_dump(mode="json", include=json_fields) if json_fields else {}
    row: dict[str, Any] = {}
    for col in COLUMNS[kind]:
        value = getattr(record, col.field)
        if col.form == "source":
            part = getattr(value, col.name)
            row[col.name] = int(part) if isinstance(part, bool) else part
        elif col.part is not None:  # a nested model's field
            sub = getattr(value, col.part) if value is not None else None
            if col.form == "json":
                sub = None if value is None else _json_text(as_json[col.field][col.part])
            row[col.name] = _sql(sub, col.form)
        elif col.form == "json":
            row[col.name] = _json_text(as_json[col.name])
        else:
            row[col.name] = _sql(value, col.form)
    return row


_EMPTY_JSON = {"[]": list, "{}": dict}
_DECODE = json.JSONDecoder(parse_float=Decimal).decode  # one decoder, not one per value


def _nested_plan(kind: str) -> dict[str, tuple[bool, bool]]:
    """Each nested field of a kind: (whether None is allowed, whether it is the source)."""
    model = RECORD_KINDS[kind]
    return {
        col.field: (_unwrap(model.model_fields[col.field].annotation)[1],
                    _form(model.model_fields[col.field].annotation)[0] == "source")
        for col in COLUMNS[kind] if col.form == "source" or col.part is not None
    }


_NESTED = {kind: _nested_plan(kind) for kind in COLUMNS}


def _number(raw: Any) -> Decimal:
    return Decimal(raw) if isinstance(raw, int) else Decimal(repr(raw))


def _json_value(raw: str) -> Any:
    empty = _EMPTY_JSON.get(raw)  # most list columns are empty: no parse
    return empty() if empty is not None else _DECODE(raw)


_CONVERT: dict[str, Callable[[Any], Any] | None] = {
    "plain": None, "enum": None, "source": None, "json": _json_value, "number": _number, "bool": bool,
}


def row_reader(kind: str, names: Sequence[str], *, blank: Mapping[str, tuple[str, Any]] | None = None) -> Callable[[Sequence[Any]], Any]:
    """A reader of ``kind``'s rows as a cursor with columns ``names`` returns them
    (tuples): row -> record, the inverse of :func:`to_row`.  The plan (which value goes
    where, how it is converted) is made once here, not once a row.  A column of the kind
    missing from ``names`` reads as NULL.  ``blank``: field -> (column, value): the
    field reads as None where that column holds that value (a funding stream a check
    assigned is not part of the record)."""
    index = {name: i for i, name in enumerate(names)}
    flat: list[tuple[str, int | None, Callable[[Any], Any] | None]] = []
    parts: dict[str, list[tuple[str, int | None, Callable[[Any], Any] | None]]] = {}
    for col in COLUMNS[kind]:
        at, convert = index.get(col.name), _CONVERT[col.form]
        if col.form == "source":
            parts.setdefault(col.field, []).append((col.name, at, None))
        elif col.part is not None:
            parts.setdefault(col.field, []).append((col.part, at, convert))
        else:
            flat.append((col.name, at, convert))
    plan = _NESTED[kind]
    nested = [(name, entries, *plan[name]) for name, entries in parts.items()]
    blanks = [(field, index[column], value) for field, (column, value) in (blank or {}).items() if column in index]
    validate = RECORD_KINDS[kind].model_validate

    def read(values: Sequence[Any]) -> Any:
        data: dict[str, Any] = {}
        for key, at, convert in flat:
            raw = None if at is None else values[at]
            data[key] = raw if raw is None or convert is None else convert(raw)
        for name, entries, optional, is_source in nested:
            found: dict[str, Any] = {}
            for key, at, convert in entries:
                raw = None if at is None else values[at]
                found[key] = raw if raw is None or convert is None else convert(raw)
            if optional and all(v is None for v in found.values()):
                data[name] = None
            elif is_source:
                found["ocr"] = bool(found.get("ocr"))
                found["doc_id"] = data["doc_id"]
                data[name] = found  # validated once, as the record's field
            else:
                data[name] = found
        for field, at, value in blanks:
            if values[at] == value:
                data[field] = None
        return validate(data)

    return read


def from_row(kind: str, row: Mapping[str, Any]) -> Any:
    """The record a row (column name -> value) holds: the inverse of :func:`to_row`."""
    return row_reader(kind, list(row))(list(row.values()))


def check_source(kind: str, record: BaseModel) -> None:
    """A record's source lies in its own paper (the table keeps one doc_id for both)."""
    source = getattr(record, "source", None)
    if isinstance(source, Source) and source.doc_id != getattr(record, "doc_id", None):
        raise ValueError(f"a {kind} record of {getattr(record, 'doc_id', '?')} quotes another paper")


# --------------------------------------------------------------------------- Datasette metadata

METADATA_NAME = "metadata.yml"
OTHER_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "texts": ("Each paper's normalised text, page by page: what every record's char_start and "
              "char_end count into (full-text searchable).", {
                  "doc_id": "the paper (documents.doc_id)",
                  "page": "1-based page number",
                  "text": "the page's normalised text"}),
    "finding_records": ("Which records each finding used: one row per finding and record.", {
        "finding_id": "the finding (findings.id)",
        "record_kind": "the record's table: funding or indicators (null when not found)",
        "record_id": "the record's id in its table",
        "funding_id": "the money figure used (funding.id), for a funding record",
        "indicator_id": "the indicator used (indicators.id), for an indicator record"}),
    "finding_documents": ("Which papers each finding's figures come from.", {
        "finding_id": "the finding (findings.id)",
        "doc_id": "the paper (documents.doc_id)"}),
    "reviews": ("Auditors' reviews of findings, kept across runs (papertrail review).", {
        "finding_id": "the finding reviewed (findings.id)",
        "status": "explained, accepted or open",
        "note": "the auditor's note",
        "fingerprint": "hash of the figures the finding had when reviewed",
        "reviewer": "who reviewed, or null",
        "at": "when the review was recorded (ISO date and time, UTC)"}),
    "cache": ("What each paper was read from, for incremental runs.", {
        "doc_id": "the paper (documents.doc_id)",
        "path": "the input file",
        "sha256": "SHA-256 of the input file when it was read",
        "cache_key": "content hash and papertrail's rules hash; empty to read again",
        "status": "ok or failed"}),
    "meta": ("papertrail's own bookkeeping (layout version, last finished run).", {
        "key": "name", "value": "value"}),
}


def _description(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split())


def datasette_metadata() -> dict[str, Any]:
    """Datasette metadata: every table's and column's description, from the schema."""
    tables: dict[str, Any] = {}
    for kind, model in RECORD_KINDS.items():
        columns = {c.name: c.description for c in COLUMNS[kind]}
        if kind == "funding":
            columns[STREAM_COLUMN_SOURCE] = (
                "record: funding_stream is the figure's own; findings: a check assigned it")
        entry: dict[str, Any] = {"description": _description(model), "columns": columns}
        if kind == "documents":
            entry["label_column"] = "title"
        tables[kind] = entry
    for name, (description, columns) in OTHER_TABLES.items():
        tables[name] = {"description": description, "columns": dict(columns)}
    return {
        "title": "papertrail",
        "description": ("Records read from council papers, each with the page and quote it "
                        "came from, and the checks run on their figures."),
        "databases": {"papertrail": {"tables": tables}},
    }


def _yaml(value: Any, indent: int = 0) -> str:
    pad = "  " * indent
    lines = []
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines.append(_yaml(item, indent + 1))
        else:
            lines.append(f"{pad}{key}: {json.dumps(item, ensure_ascii=False)}")
    return "\n".join(lines)


def metadata_yaml() -> str:
    """``metadata.yml`` text (YAML; strings double-quoted, JSON-style)."""
    return "# Datasette metadata, written by papertrail from its schema.\n" + _yaml(datasette_metadata()) + "\n"


def write_metadata(out_dir: Path) -> None:
    """Write ``metadata.yml`` beside the database when it differs."""
    from pipeline.store import atomic_write_text

    path = out_dir / METADATA_NAME
    text = metadata_yaml()
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    atomic_write_text(path, text)
