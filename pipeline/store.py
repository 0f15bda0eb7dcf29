"""Output store: SQLite as the store of record, JSONL and text files written atomically.

SQLite (WAL mode) keeps one table per record kind, with the record's scalar fields as
columns (nested ones as JSON text) and the whole record in ``record_json``.  A paper's
records are replaced in one transaction, so an interrupted run leaves every paper either
wholly old or wholly new; the JSONL files are then rewritten from SQLite, each through a
temporary file and a rename.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from schemas import RECORD_KINDS
from schemas.findings import Finding, Review
from schemas.records import Decision, Document, Funding, Indicator, TimelineEvent

SCHEMA_VERSION = 1
DB_NAME = "papertrail.sqlite"
TEXT_DIR = "texts"
PAPER_KINDS = ("decisions", "funding", "indicators", "timeline")

M = TypeVar("M", bound=BaseModel)


@dataclass
class PaperRecords:
    """Everything extracted from one paper."""

    document: Document
    decisions: list[Decision] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Any]:
        return list(getattr(self, kind))


@dataclass
class Corpus:
    """All records in an output folder (what validation and rendering read)."""

    documents: list[Document] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def texts(self, out_dir: Path) -> dict[str, str]:
        return {
            d.doc_id: (out_dir / d.text_path).read_text(encoding="utf-8")
            for d in self.documents
            if d.text_path and (out_dir / d.text_path).exists()
        }


# --------------------------------------------------------------------------- atomic files


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()  # what open() would give: readable by a web server or Datasette


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_jsonl(records: Iterable[BaseModel]) -> str:
    return "".join(r.model_dump_json() + "\n" for r in records)


def read_jsonl(path: Path, model: type[M]) -> list[M]:
    """Read records back exactly: JSON numbers become Decimals, never floats."""
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                out.append(model.model_validate(json.loads(line, parse_float=Decimal)))
    return out


# --------------------------------------------------------------------------- SQLite


def _column_type(annotation: Any) -> str:
    text = str(annotation)
    if "list" in text or "dict" in text:
        return "TEXT"  # JSON
    if "bool" in text:
        return "INTEGER"
    if "int" in text and "list" not in text:
        return "INTEGER"
    if "Decimal" in text:
        return "NUMERIC"
    if "float" in text:  # OCR confidences
        return "REAL"
    return "TEXT"


def _columns(model: type[BaseModel]) -> list[tuple[str, str]]:
    cols = []
    for name, info in model.model_fields.items():
        if info.exclude:
            continue
        cols.append((name, _column_type(info.annotation)))
    return cols


def _sql_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return json.dumps(
        [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
        if isinstance(value, list)
        else value,
        ensure_ascii=False,
        default=str,
    )


class Store:
    """The SQLite store of record for one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / DB_NAME
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._create()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> bool:
        """Drop record tables whose columns are not the current schema's (an output folder
        made by another papertrail version): their papers are read again.  Reviews stay."""
        stale = False
        for kind, model in RECORD_KINDS.items():
            have = [r[1] for r in self.db.execute(f'PRAGMA table_info("{kind}")')]
            if have and have != ["rowid", *(n for n, _ in _columns(model)), "record_json"]:
                stale = True
        if stale:
            with self.transaction() as db:
                for kind in RECORD_KINDS:
                    db.execute(f'DROP TABLE IF EXISTS "{kind}"')
                db.execute("DROP TABLE IF EXISTS cache")
                db.execute("DELETE FROM meta WHERE key = 'finished'")
        return stale

    def _create(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.migrated = self._migrate()
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS cache (doc_id TEXT PRIMARY KEY, path TEXT, "
                "sha256 TEXT, cache_key TEXT, status TEXT)"
            )
            db.execute(
                "CREATE TABLE IF NOT EXISTS reviews (finding_id TEXT PRIMARY KEY, record_json TEXT)"
            )
            for kind, model in RECORD_KINDS.items():
                cols = ", ".join(f'"{n}" {t}' for n, t in _columns(model))
                db.execute(f'CREATE TABLE IF NOT EXISTS "{kind}" (rowid INTEGER PRIMARY KEY, {cols}, record_json TEXT)')
                if "doc_id" in model.model_fields:
                    db.execute(f'CREATE INDEX IF NOT EXISTS "{kind}_doc" ON "{kind}" (doc_id)')
            db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    def _insert(self, db: sqlite3.Connection, kind: str, records: Sequence[BaseModel]) -> None:
        if not records:
            return
        model = RECORD_KINDS[kind]
        names = [n for n, _ in _columns(model)]
        placeholders = ", ".join("?" for _ in range(len(names) + 1))
        quoted = ", ".join(f'"{n}"' for n in names)
        rows = []
        for record in records:
            as_json = record.model_dump(mode="json")
            row = []
            for name in names:
                value = getattr(record, name)
                if isinstance(value, (list, dict, BaseModel)):
                    row.append(json.dumps(as_json[name], ensure_ascii=False))  # numbers stay numbers
                else:
                    row.append(_sql_value(value))
            row.append(record.model_dump_json())
            rows.append(row)
        db.executemany(f'INSERT INTO "{kind}" ({quoted}, record_json) VALUES ({placeholders})', rows)

    # ----------------------------------------------------------------------- run state

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def state_key(self, code: str) -> str:
        """A hash of what the outputs are made from: every paper's content and rules key,
        every review, and the code that renders them."""
        digest = hashlib.sha256(code.encode())
        for row in self.db.execute("SELECT doc_id, path, sha256, cache_key, status FROM cache ORDER BY doc_id"):
            digest.update(repr(row).encode())
        for row in self.db.execute("SELECT finding_id, record_json FROM reviews ORDER BY finding_id"):
            digest.update(repr(row).encode())
        return digest.hexdigest()

    # ----------------------------------------------------------------------- papers

    def update_path(self, doc_id: str, path: str) -> None:
        """A paper moved (same content): record where it is now."""
        with self.transaction() as db:
            db.execute("UPDATE cache SET path = ? WHERE doc_id = ?", (path, doc_id))
            row = db.execute("SELECT record_json FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
            if row:
                record = json.loads(row[0])
                record["path"] = path
                db.execute(
                    "UPDATE documents SET path = ?, record_json = ? WHERE doc_id = ?",
                    (path, json.dumps(record, ensure_ascii=False, separators=(",", ":")), doc_id),
                )

    def cached_path(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT path FROM cache WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def cached(self, doc_id: str) -> tuple[str, str] | None:
        row = self.db.execute("SELECT sha256, cache_key FROM cache WHERE doc_id = ?", (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def replace_paper(self, records: PaperRecords, cache_key: str) -> None:
        """Replace one paper's records in a single transaction."""
        doc = records.document
        with self.transaction() as db:
            for kind in ("documents", *PAPER_KINDS):
                db.execute(f'DELETE FROM "{kind}" WHERE doc_id = ?', (doc.doc_id,))
            self._insert(db, "documents", [doc])
            for kind in PAPER_KINDS:
                self._insert(db, kind, records.of_kind(kind))
            db.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?, ?)",
                (doc.doc_id, doc.path, doc.sha256, cache_key, doc.status.value),
            )

    def remove_papers(self, doc_ids: Iterable[str]) -> list[str]:
        removed = []
        with self.transaction() as db:
            for doc_id in doc_ids:
                for kind in ("documents", *PAPER_KINDS):
                    db.execute(f'DELETE FROM "{kind}" WHERE doc_id = ?', (doc_id,))
                db.execute("DELETE FROM cache WHERE doc_id = ?", (doc_id,))
                removed.append(doc_id)
        return removed

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]

    def replace_findings(self, findings: Sequence[Finding]) -> None:
        with self.transaction() as db:
            db.execute('DELETE FROM "findings"')
            self._insert(db, "findings", findings)

    # ----------------------------------------------------------------------- reviews

    def reviews(self) -> dict[str, Review]:
        return {
            r[0]: Review.model_validate_json(r[1])
            for r in self.db.execute("SELECT finding_id, record_json FROM reviews")
        }

    def save_review(self, review: Review) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO reviews VALUES (?, ?)", (review.finding_id, review.model_dump_json())
            )

    # ----------------------------------------------------------------------- reading

    def load(self, kind: str) -> list[Any]:
        model = RECORD_KINDS[kind]
        order = "doc_id, rowid" if "doc_id" in model.model_fields else "rowid"
        return [
            model.model_validate(json.loads(r[0], parse_float=Decimal))
            for r in self.db.execute(f'SELECT record_json FROM "{kind}" ORDER BY {order}')
        ]

    def corpus(self) -> Corpus:
        return Corpus(
            documents=self.load("documents"),
            decisions=self.load("decisions"),
            funding=self.load("funding"),
            indicators=self.load("indicators"),
            timeline=sorted(self.load("timeline"), key=timeline_key),
            findings=self.load("findings"),
        )


def timeline_key(event: TimelineEvent) -> tuple[str, str, int, str]:
    return (event.date, event.doc_id, event.source.char_start, event.kind)


def write_jsonl_files(out_dir: Path, corpus: Corpus) -> None:
    """Rewrite every JSONL file from the corpus, each atomically."""
    for kind in RECORD_KINDS:
        atomic_write_text(out_dir / f"{kind}.jsonl", to_jsonl(getattr(corpus, kind)))
