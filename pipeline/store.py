"""Output store: SQLite as the store of record, JSONL and text files written atomically.

SQLite (WAL mode, built with sqlite-utils) keeps one table per record kind keyed by the
record's stable id (documents by ``doc_id``), every ``doc_id`` a foreign key to
``documents``, provenance as columns (``page, char_start, char_end, quote``), the papers'
text page by page in ``texts``, findings linked to the records and papers they used
(``finding_records``, ``finding_documents``), and full-text search over texts, quotes and
messages.  ``metadata.yml`` beside it describes every table and column for Datasette.
The layout is in :mod:`pipeline.store_tables`.

A paper's records are replaced in one transaction, so an interrupted run leaves every
paper either wholly old or wholly new; the JSONL files (the exact records) are then
rewritten from SQLite, each through a temporary file and a rename.
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
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from pipeline.store_tables import (
    COLUMNS,
    FTS_COLUMNS,
    PAPER_KINDS,
    PRIMARY_KEY,
    STREAM_COLUMN_SOURCE,
    check_source,
    row_reader,
    to_row,
    write_metadata,
)
from schemas import RECORD_KINDS
from schemas.findings import Finding, Review
from schemas.records import Decision, Document, Funding, Indicator, TimelineEvent

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 3
DB_NAME = "papertrail.sqlite"
TEXT_DIR = "texts"

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

    def for_storage(self) -> PaperRecords:
        """These records without the document's reading-only fields (:data:`READING_ONLY`),
        which nothing after extraction uses; the records themselves are shared, not copied."""
        if not any(getattr(self.document, name) for name in READING_ONLY):
            return self
        document = self.document.model_copy(update={name: [] for name in READING_ONLY})
        return PaperRecords(document, self.decisions, self.funding, self.indicators, self.timeline)


READING_ONLY = ("lines", "furniture", "links", "ocr_runs")
"""A document's fields that only the structure stage and the extractors read (never
stored or written): each printed line's span and geometry, the running headers and
footers, a web page's links, OCR word runs.  They were two thirds of the bytes a worker
sent back for a paper, and most of the time spent pickling and unpickling them."""


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


_SYNC_DEFERRED = False


@contextmanager
def one_sync_at_the_end() -> Iterator[None]:
    """Within: :func:`atomic_write_text` does not flush each file to disk; leaving (even
    by an exception) flushes them all at once (``os.sync``).  For writing many files into a
    folder that is published only afterwards (a run's staging folder): a file per flush
    made the 400 pages of a 200-paper run wait on the disk 400 times.  Forked children
    inherit the setting; their files are flushed with the rest when the parent leaves."""
    global _SYNC_DEFERRED
    before = _SYNC_DEFERRED
    _SYNC_DEFERRED = True
    try:
        yield
    finally:
        _SYNC_DEFERRED = before
        if not before:
            # also after a failure: what was written may stay staged for the next run
            # to publish, so it is flushed like the rest
            os.sync()


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (flushed to disk
    before the rename, or, inside :func:`one_sync_at_the_end`, when that ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if not _SYNC_DEFERRED:
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

LINK_TABLES = ("finding_records", "finding_documents")
SEARCH_TABLES = (*FTS_COLUMNS, "texts")
"""Tables with a full-text index (``<table>_fts``), kept by sqlite-utils' triggers
``<table>_ai``, ``_ad`` and ``_au`` on every insert, delete and update."""
SEARCH_DEFERRED = "search_index_deferred"  # meta key: the dropped triggers, while deferred
STREAM_FROM = STREAM_COLUMN_SOURCE  # "record": the figure's own; "findings": assigned by a check


def _table_columns(kind: str) -> dict[str, str]:
    cols = {c.name: c.sql_type for c in COLUMNS[kind]}
    if kind == "funding":
        cols[STREAM_FROM] = "TEXT"
    return cols


TABLES = frozenset({"meta", "cache", "reviews", *RECORD_KINDS, "texts", "finding_records", "finding_documents"})
"""The tables :meth:`Store._create_tables` makes where they are missing."""


class Store:
    """The SQLite store of record for one output folder, laid out for Datasette and
    sqlite-utils (see ``pipeline.store_tables`` and ``metadata.yml``)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / DB_NAME
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA recursive_triggers=on")  # as sqlite-utils sets it, whether or not it is used
        self._sql: sqlite_utils.Database | None = None
        self._create()

    @property
    def sql(self) -> sqlite_utils.Database:
        """sqlite-utils over the connection, for making tables and upserting reviews; it is
        imported on first use, since a store whose tables all exist needs none of it (an
        unchanged re-run: 0.2 s of its 0.8 s was importing it and the NumPy it imports)."""
        if self._sql is None:
            import sqlite_utils

            self._sql = sqlite_utils.Database(self.db, execute_plugins=False)
        return self._sql

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

    # ----------------------------------------------------------------------- layout

    def _stale_layout(self) -> bool:
        if self.get_meta("schema_version") not in (None, str(SCHEMA_VERSION)):
            return True
        for kind in RECORD_KINDS:
            have = [r[1] for r in self.db.execute(f'PRAGMA table_info("{kind}")')]
            if have and have != list(_table_columns(kind)):
                return True
        return False

    def _migrate(self) -> bool:
        """Drop the tables of an output folder made by another papertrail version (its
        papers are read again); auditors' reviews are kept, in the current layout."""
        if not self._stale_layout():
            return False
        reviews = self._old_reviews()
        with self.transaction() as db:
            names = [r[0] for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY name LIKE '%\\_fts' ESCAPE '\\' DESC")]
            for name in names:
                if name != "meta":
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
            # the tables are made again, with their triggers: no deferred index is left
            db.execute("DELETE FROM meta WHERE key IN ('finished', 'schema_version', ?)", (SEARCH_DEFERRED,))
        self._create_tables()
        for review in reviews:
            self.save_review(review)
        return True

    def _old_reviews(self) -> list[Review]:
        cols = [r[1] for r in self.db.execute('PRAGMA table_info("reviews")')]
        if cols == ["finding_id", "record_json"]:
            return [Review.model_validate_json(r[0]) for r in self.db.execute("SELECT record_json FROM reviews")]
        if cols:
            return list(self.reviews().values())
        return []

    def _create_tables(self) -> None:
        with self.transaction():
            present = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not TABLES <= present:  # each is made only where it is missing
                self._make_tables()
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _make_tables(self) -> None:
        """Make the tables that are missing (within the caller's transaction)."""
        sql = self.sql
        sql.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
        sql.table("cache").create({"doc_id": str, "path": str, "sha256": str, "cache_key": str, "status": str},
                                  pk="doc_id", if_not_exists=True)
        sql.table("reviews").create({"finding_id": str, "status": str, "note": str, "fingerprint": str,
                                     "reviewer": str, "at": str}, pk="finding_id", if_not_exists=True)
        for kind in RECORD_KINDS:
            if sql.table(kind).exists():
                continue
            fks = [("doc_id", "documents", "doc_id")] if kind in PAPER_KINDS else []
            sql.table(kind).create(_table_columns(kind), pk=PRIMARY_KEY.get(kind, "id"), foreign_keys=fks)
            if kind in PAPER_KINDS:
                sql.table(kind).create_index(["doc_id"])
            if kind in FTS_COLUMNS:
                sql.table(kind).enable_fts(FTS_COLUMNS[kind], create_triggers=True)
        if not sql.table("texts").exists():
            sql.table("texts").create({"doc_id": str, "page": int, "text": str}, pk=("doc_id", "page"),
                                      foreign_keys=[("doc_id", "documents", "doc_id")])
            sql.table("texts").enable_fts(["text"], create_triggers=True)
        if not sql.table("finding_records").exists():
            sql.table("finding_records").create(
                {"finding_id": str, "record_kind": str, "record_id": str, "funding_id": str,
                 "indicator_id": str},
                pk=("finding_id", "record_id"),
                foreign_keys=[("finding_id", "findings", "id"), ("funding_id", "funding", "id"),
                              ("indicator_id", "indicators", "id")],
            )
        if not sql.table("finding_documents").exists():
            sql.table("finding_documents").create(
                {"finding_id": str, "doc_id": str}, pk=("finding_id", "doc_id"),
                foreign_keys=[("finding_id", "findings", "id"), ("doc_id", "documents", "doc_id")],
            )

    def _create(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self.migrated = self._migrate()
        self._create_tables()
        self.rebuild_search_index()  # a run stopped while the indexes were deferred
        write_metadata(self.out_dir)

    # ----------------------------------------------------------------------- full-text indexes

    def _search_triggers(self, db: sqlite3.Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
        names = [f"{table}_{event}" for table in tables for event in ("ai", "ad", "au")]
        marks = ", ".join("?" * len(names))
        return [(r[0], r[1]) for r in db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}) ORDER BY name", names)]

    @staticmethod
    def _rebuild(db: sqlite3.Connection, tables: Sequence[str], triggers: Iterable[tuple[str, str]]) -> None:
        for table in tables:
            db.execute(f'INSERT INTO "{table}_fts"("{table}_fts") VALUES (\'rebuild\')')
        for name, sql in triggers:
            db.execute(f'DROP TRIGGER IF EXISTS "{name}"')  # made again by a migration meanwhile
            db.execute(sql)

    def defer_search_index(self) -> None:
        """Stop keeping the full-text indexes row by row until :meth:`rebuild_search_index`
        (their triggers are dropped), for storing many papers in a row: FTS5 rebuilds an
        index in one pass about twenty times faster than it takes the same rows one
        transaction at a time (0.03 s against 0.5 s for 13,000 funding rows of 200
        papers).  Recorded in ``meta``: a run stopped before the rebuild has it done when
        the store is next opened."""
        if self.get_meta(SEARCH_DEFERRED) is not None:
            return
        with self.transaction() as db:
            triggers = self._search_triggers(db, SEARCH_TABLES)
            for name, _ in triggers:
                db.execute(f'DROP TRIGGER "{name}"')
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SEARCH_DEFERRED, json.dumps(triggers)))

    def rebuild_search_index(self) -> None:
        """Rebuild the full-text indexes deferred by :meth:`defer_search_index` from their
        tables and restore their triggers, in one transaction (nothing when none is
        deferred)."""
        stored = self.get_meta(SEARCH_DEFERRED)
        if stored is None:
            return
        with self.transaction() as db:
            self._rebuild(db, SEARCH_TABLES, [tuple(t) for t in json.loads(stored)])  # type: ignore[misc]
            db.execute("DELETE FROM meta WHERE key = ?", (SEARCH_DEFERRED,))

    def _insert(self, kind: str, records: Sequence[BaseModel]) -> None:
        if not records:
            return
        key = PRIMARY_KEY.get(kind, "id")
        rows, seen = [], set()
        for record in records:
            check_source(kind, record)
            row = to_row(kind, record)
            base, n = row[key], 1
            while row[key] in seen:  # two records read from one span: both kept
                n += 1
                row[key] = f"{base}~{n}"
            seen.add(row[key])
            if kind == "funding":
                row[STREAM_FROM] = "record" if row["funding_stream"] else None
            rows.append(row)
        self._insert_rows(kind, rows)

    def _insert_rows(self, table: str, rows: Iterable[dict[str, Any]]) -> None:
        """Insert rows whose values SQLite stores as they are (to_row's), in one
        prepared statement (sqlite-utils made the tables; its per-value conversion is not
        needed here).  A duplicate key raises sqlite3.IntegrityError."""
        rows = list(rows)
        if not rows:
            return
        names = list(rows[0])
        statement = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
            table, ", ".join(f'"{n}"' for n in names), ", ".join("?" * len(names)))
        self.db.executemany(statement, [tuple(row[n] for n in names) for row in rows])

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
        for row in self.db.execute("SELECT * FROM reviews ORDER BY finding_id"):
            digest.update(repr(row).encode())
        return digest.hexdigest()

    # ----------------------------------------------------------------------- papers

    def update_path(self, doc_id: str, path: str) -> None:
        """A paper moved (same content): record where it is now."""
        with self.transaction() as db:
            db.execute("UPDATE cache SET path = ? WHERE doc_id = ?", (path, doc_id))
            db.execute("UPDATE documents SET path = ? WHERE doc_id = ?", (path, doc_id))

    def cached_path(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT path FROM cache WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def cached(self, doc_id: str) -> tuple[str, str] | None:
        row = self.db.execute("SELECT sha256, cache_key FROM cache WHERE doc_id = ?", (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def _delete_paper(self, db: sqlite3.Connection, doc_id: str) -> None:
        for kind in ("documents", *PAPER_KINDS, "texts"):
            db.execute(f'DELETE FROM "{kind}" WHERE doc_id = ?', (doc_id,))

    def replace_paper(self, records: PaperRecords, cache_key: str) -> None:
        """Replace one paper's records (and its text, page by page) in one transaction."""
        doc = records.document
        with self.transaction() as db:
            self._delete_paper(db, doc.doc_id)
            self._insert("documents", [doc])
            for kind in PAPER_KINDS:
                self._insert(kind, records.of_kind(kind))
            pages = _pages(doc)
            if pages:
                self._insert_rows("texts", (
                    {"doc_id": doc.doc_id, "page": n, "text": text} for n, text in enumerate(pages, 1)))
            db.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?, ?)",
                (doc.doc_id, doc.path, doc.sha256, cache_key, doc.status.value),
            )

    def remove_papers(self, doc_ids: Iterable[str]) -> list[str]:
        removed = []
        with self.transaction() as db:
            for doc_id in doc_ids:
                self._delete_paper(db, doc_id)
                db.execute("DELETE FROM cache WHERE doc_id = ?", (doc_id,))
                removed.append(doc_id)
        return removed

    def paper_count(self) -> int:
        """How many papers are stored (read or failed)."""
        return int(self.db.execute("SELECT COUNT(*) FROM cache").fetchone()[0])

    def doc_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT doc_id FROM documents ORDER BY doc_id")]

    def replace_findings(self, findings: Sequence[Finding]) -> None:
        """Store the findings, link each to the records and papers it used, and fill
        ``funding.funding_stream`` from the findings that assign streams (a figure's own
        stream, where its record carries one, stays)."""
        with self.transaction() as db:
            # the findings are replaced whole: their index is rebuilt once, not kept per row
            triggers = self._search_triggers(db, ["findings"])
            for name, _ in triggers:
                db.execute(f'DROP TRIGGER "{name}"')
            for table in ("findings", *LINK_TABLES):
                db.execute(f'DELETE FROM "{table}"')
            db.execute(f"UPDATE funding SET funding_stream = NULL, {STREAM_FROM} = NULL "
                       f"WHERE {STREAM_FROM} = 'findings'")
            self._insert("findings", findings)
            funding_ids = {r[0] for r in db.execute("SELECT id FROM funding")}
            indicator_ids = self._indicator_keys()
            links, papers = {}, {}
            streams: list[tuple[str, str]] = []
            for f in findings:
                for doc_id in f.doc_ids:
                    papers[(f.id, doc_id)] = {"finding_id": f.id, "doc_id": doc_id}
                for rid in f.record_ids:
                    kind = "funding" if rid in funding_ids else "indicators" if rid in indicator_ids else None
                    record_id = indicator_ids.get(rid, rid)
                    links[(f.id, record_id)] = {
                        "finding_id": f.id, "record_kind": kind, "record_id": record_id,
                        "funding_id": record_id if kind == "funding" else None,
                        "indicator_id": record_id if kind == "indicators" else None,
                    }
                    if kind == "funding" and f.funding_stream:
                        streams.append((f.funding_stream, record_id))
            # in the findings' order: the first check to name a figure's stream gives it
            db.executemany(
                f"UPDATE funding SET funding_stream = ?, {STREAM_FROM} = 'findings' "
                "WHERE id = ? AND funding_stream IS NULL",
                streams,
            )
            self._insert_rows("finding_records", links.values())
            self._insert_rows("finding_documents", papers.values())
            if triggers:
                self._rebuild(db, ["findings"], triggers)

    def _indicator_keys(self) -> dict[str, str]:
        """The validator's id of each indicator (paper, name and rank among its namesakes,
        in stored order) -> the indicator's own id."""
        from pipeline.validate.arithmetic import indicator_id  # the validator's naming

        keys: dict[str, str] = {}
        seen: dict[tuple[str, str], int] = {}
        for rid, doc_id, name in self.db.execute("SELECT id, doc_id, name FROM indicators ORDER BY doc_id, rowid"):
            index = seen.get((doc_id, name), 0)
            seen[(doc_id, name)] = index + 1
            keys[indicator_id(_Named(doc_id, name), index)] = rid  # type: ignore[arg-type]
        return keys

    # ----------------------------------------------------------------------- reviews

    def reviews(self) -> dict[str, Review]:
        cursor = self.db.execute("SELECT * FROM reviews")
        names = [d[0] for d in cursor.description]
        return {r[0]: Review.model_validate(dict(zip(names, r))) for r in cursor}

    def save_review(self, review: Review) -> None:
        row = review.model_dump(mode="json", exclude={"stale"})
        with self.transaction():
            self.sql.table("reviews").upsert(row, pk="finding_id")

    # ----------------------------------------------------------------------- reading

    def load(self, kind: str) -> list[Any]:
        """Every stored record of ``kind``, in the order :meth:`rows` gives."""
        order = "doc_id, rowid" if kind in PAPER_KINDS or kind == "documents" else "rowid"
        cursor = self.db.execute(f'SELECT * FROM "{kind}" ORDER BY {order}')
        # a funding stream a check assigned is not part of the record
        blank = {"funding_stream": (STREAM_FROM, "findings")} if kind == "funding" else None
        read = row_reader(kind, [d[0] for d in cursor.description], blank=blank)
        return [read(values) for values in cursor]

    def corpus(self, *, findings: bool = True) -> Corpus:
        """Every stored record.  ``findings=False``: without the stored findings (an empty
        list), for a caller about to check the records again (a third of the load on the
        generated benchmark)."""
        return Corpus(
            documents=self.load("documents"),
            decisions=self.load("decisions"),
            funding=self.load("funding"),
            indicators=self.load("indicators"),
            timeline=sorted(self.load("timeline"), key=timeline_key),
            findings=self.load("findings") if findings else [],
        )


@dataclass(frozen=True)
class _Named:
    doc_id: str
    name: str


def _pages(doc: Document) -> list[str]:
    """The paper's normalised text, page by page (empty when it was not read now)."""
    if not doc.text:
        return []
    starts = [s for s in doc.page_starts if 0 <= s <= len(doc.text)] or [0]
    if starts[0] != 0:
        starts = [0, *starts]
    ends = [*starts[1:], len(doc.text)]
    return [doc.text[a:b] for a, b in zip(starts, ends)]

def timeline_key(event: TimelineEvent) -> tuple[str, str, int, str]:
    return (event.date, event.doc_id, event.source.char_start, event.kind)


def write_jsonl_files(out_dir: Path, corpus: Corpus) -> None:
    """Rewrite every JSONL file from the corpus, each atomically."""
    write_record_jsonl(out_dir, corpus)
    write_findings_jsonl(out_dir, corpus)


def write_record_jsonl(out_dir: Path, corpus: Corpus) -> None:
    """Rewrite the JSONL files of the papers and their records (every kind but the
    findings), each atomically."""
    for kind in RECORD_KINDS:
        if kind != "findings":
            atomic_write_text(out_dir / f"{kind}.jsonl", to_jsonl(getattr(corpus, kind)))


def write_findings_jsonl(out_dir: Path, corpus: Corpus) -> None:
    """Rewrite ``findings.jsonl`` atomically."""
    atomic_write_text(out_dir / "findings.jsonl", to_jsonl(corpus.findings))
