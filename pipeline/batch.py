"""Batch runner: find papers, give them ids, process the new or changed ones, write outputs.

Only this module and the CLI touch files and processes.  ``process_paper`` is the unit of
work sent to an executor; it never raises, so one bad paper cannot stop a run.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pipeline
from pipeline.errors import (
    IngestError,
    PapertrailError,
    UnsupportedFormat,
    one_line,
)
from pipeline.ingest import SUPPORTED_SUFFIXES, file_sha256, ingest
from pipeline.ingest.pdf import Reader
from pipeline.store import TEXT_DIR, Corpus, PaperRecords, Store, atomic_write_text, write_jsonl_files
from schemas.records import DocStatus, Document

log = logging.getLogger("papertrail")

class NothingToRead(PapertrailError):
    """The inputs hold no papers while the output folder has some (an unmounted share?)."""

    code = "E401"


@dataclass(frozen=True)
class InputFile:
    path: Path
    doc_id: str


@dataclass
class RunOptions:
    out_dir: Path = Path("output")
    workers: int = 1
    executor: str = "local"
    force: bool = False
    reader: Reader = "fast"
    timeout: float = 120.0
    scheduler: str | None = None
    keep_missing: bool = False


@dataclass
class RunSummary:
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    unchanged: int = 0
    removed: int = 0
    records: int = 0
    findings: int = 0
    findings_by_status: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        parts = [
            f"papers ok {self.ok}",
            f"failed {self.failed}",
            f"skipped {self.skipped}",
        ]
        tail = [f"records {self.records}", f"findings {self.findings}"]
        if self.findings_by_status:
            tail[-1] += " (" + ", ".join(
                f"{self.findings_by_status.get(s, 0)} {s}" for s in ("pass", "warn", "fail")
            ) + ")"
        extra = []
        if self.unchanged:
            extra.append(f"{self.unchanged} unchanged")
        if self.removed:
            extra.append(f"{self.removed} removed")
        line = "papertrail: " + ", ".join(parts + tail)
        if extra:
            line += "; " + ", ".join(extra)
        return line


# --------------------------------------------------------------------------- discovery


def discover(inputs: Sequence[Path], out_dir: Path | None = None) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to read (recursively, sorted) and the skipped ones with a reason.  Hidden
    files, the output folder and any other papertrail output folder inside the inputs
    (one holding papertrail.sqlite) are left out: papertrail never reads its own output."""
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    exclude = {out_dir.resolve()} if out_dir is not None else set()
    for root in inputs:
        if root.is_dir():
            exclude |= {db.parent.resolve() for db in root.rglob("papertrail.sqlite")}
            candidates = sorted(p for p in root.rglob("*") if p.is_file())
        elif root.exists():
            candidates = [root]
        else:
            raise FileNotFoundError(f"no such file or folder: {root}")
        for path in candidates:
            if any(part.startswith(".") for part in path.relative_to(root if root.is_dir() else path.parent).parts):
                continue
            if root.is_dir() and exclude and any(parent in exclude for parent in path.resolve().parents):
                continue
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(path)
            else:
                skipped.append((str(path), f"unsupported file type {path.suffix or '(none)'}"))
    unique = list(dict.fromkeys(files))
    return unique, skipped


def assign_doc_ids(paths: Sequence[Path]) -> list[InputFile]:
    """doc_id = file name without extension; where names collide, every colliding file
    gets ``_<ext>`` added (a.pdf -> a_pdf, a.txt -> a_txt), and where that still collides
    (the same name in two folders) also ``_`` and 8 hex digits of a hash of its path."""
    by_stem: dict[str, list[Path]] = {}
    for path in paths:
        by_stem.setdefault(path.stem, []).append(path)
    result: dict[Path, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            result[group[0]] = stem
            continue
        by_ext: dict[str, list[Path]] = {}
        for path in group:
            by_ext.setdefault(f"{stem}_{path.suffix.lower().lstrip('.')}", []).append(path)
        for name, same in by_ext.items():
            for path in same:
                if len(same) == 1:
                    result[path] = name
                else:
                    digest = hashlib.sha1(path.as_posix().encode("utf-8")).hexdigest()[:8]
                    result[path] = f"{name}_{digest}"
    return [InputFile(path=p, doc_id=result[p]) for p in paths]


# --------------------------------------------------------------------------- the unit of work


_RULES_HASH: str | None = None


def rules_hash() -> str:
    """A hash of papertrail's version and of the code and pattern data that make records:
    any change to them invalidates the cache."""
    global _RULES_HASH
    if _RULES_HASH is None:
        digest = hashlib.sha256(pipeline.__version__.encode())
        root = Path(pipeline.__file__).parent
        for sub in ("ingest", "extract"):
            for path in sorted((root / sub).rglob("*")):
                if path.suffix in {".py", ".json", ".jsonl"} and path.is_file():
                    digest.update(path.relative_to(root).as_posix().encode())
                    digest.update(path.read_bytes())
        _RULES_HASH = digest.hexdigest()[:16]
    return _RULES_HASH


TRANSIENT_PREFIXES = ("paper timed out", "worker crashed")  # messages of PaperTimeout, WorkerCrashed


def failed_document(path: Path, doc_id: str, message: str, sha256: str = "") -> Document:
    size = path.stat().st_size if path.exists() else 0
    return Document(
        doc_id=doc_id,
        path=str(path),
        sha256=sha256,
        pages=0,
        status=DocStatus.failed,
        error=message,
        format=path.suffix.lower().lstrip("."),
        size_bytes=size,
    )


def process_paper(path: str, doc_id: str, reader: Reader = "fast", sha256: str | None = None) -> PaperRecords:
    """Ingest and extract one paper.  Never raises: a failure is a failed Document."""
    from pipeline.extract import extract_all

    file = Path(path)
    digest = sha256 or ""
    try:
        digest = digest or file_sha256(file)
        doc = ingest(file, doc_id, reader=reader, sha256=digest)
        return extract_all(doc)
    except IngestError as error:
        return PaperRecords(document=failed_document(file, doc_id, str(error), digest))
    except UnsupportedFormat:
        raise
    except Exception as error:  # a bug or a parser crash: this paper fails, the run goes on
        log.debug("paper %s failed", doc_id, exc_info=True)
        return PaperRecords(document=failed_document(file, doc_id, one_line(error), digest))


# --------------------------------------------------------------------------- the run


class Progress(Protocol):
    """What the runner reports to: the number of papers, then each one as it is done
    (``records`` is None for a paper skipped as unchanged)."""

    def total(self, count: int) -> None: ...

    def update(self, records: PaperRecords | None, item: InputFile) -> None: ...


def _finish_paper(store: Store, out_dir: Path, records: PaperRecords, summary: RunSummary) -> None:
    doc = records.document
    if doc.status is DocStatus.ok:
        text_path = f"{TEXT_DIR}/{doc.doc_id}.txt"
        atomic_write_text(out_dir / text_path, doc.text)
        doc.text_path = text_path
    key = f"{doc.sha256}:{rules_hash()}"
    if doc.status is DocStatus.failed and any(doc.error and doc.error.startswith(p) for p in TRANSIENT_PREFIXES):
        key = ""  # transient: try again next run
    try:
        store.replace_paper(records, key)
    except (ValueError, OverflowError, sqlite3.IntegrityError) as error:
        # a record the store cannot hold must not stop the run: the paper fails instead
        failed = failed_document(Path(doc.path), doc.doc_id, f"could not store its records: {one_line(error)}", doc.sha256)
        store.replace_paper(PaperRecords(document=failed), "")


FINISHED_FILES = (
    "documents.jsonl", "decisions.jsonl", "funding.jsonl", "indicators.jsonl", "findings.jsonl",
    "timeline.jsonl", "reconciliation.csv", "reconciliation.html", "timeline.html", "index.html",
    "timeline.csv", "timeline.ics", "timeline.json", "papertrail.sqlite",
)


def outputs_present(out_dir: Path, store: Store) -> bool:
    """Whether every output of a finished run is there (a deleted page is rebuilt)."""
    if not all((out_dir / name).exists() for name in FINISHED_FILES):
        return False
    for (doc_id,) in store.db.execute("SELECT doc_id FROM documents WHERE status = 'ok'"):
        for suffix in (".html", ".md"):
            if not (out_dir / "summaries" / f"{doc_id}{suffix}").exists():
                return False
    return True


_OUTPUTS_HASH: str | None = None


def outputs_hash() -> str:
    """A hash of everything that shapes the outputs (code, templates, pattern data)."""
    global _OUTPUTS_HASH
    if _OUTPUTS_HASH is None:
        import schemas
        import templates

        digest = hashlib.sha256(rules_hash().encode())
        for package in (pipeline, schemas, templates):
            root = Path(package.__file__).parent
            for path in sorted(root.rglob("*")):
                if path.suffix in {".py", ".j2", ".css", ".js", ".json", ".jsonl"} and path.is_file():
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        _OUTPUTS_HASH = digest.hexdigest()[:16]
    return _OUTPUTS_HASH


def _count(corpus: Corpus, summary: RunSummary) -> None:
    for doc in corpus.documents:
        if doc.status is DocStatus.ok:
            summary.ok += 1
            summary.pages += doc.pages
        else:
            summary.failed += 1
            summary.failures.append((doc.doc_id, doc.error or "failed"))
    summary.records = sum(len(getattr(corpus, k)) for k in ("decisions", "funding", "indicators", "timeline"))


def _count_from_store(store: Store, summary: RunSummary) -> None:
    db = store.db
    for doc_id, status, pages, error in db.execute("SELECT doc_id, status, pages, error FROM documents ORDER BY doc_id"):
        if status == DocStatus.ok.value:
            summary.ok += 1
            summary.pages += pages or 0
        else:
            summary.failed += 1
            summary.failures.append((doc_id, error or "failed"))
    summary.records = sum(db.execute(f'SELECT count(*) FROM "{k}"').fetchone()[0] for k in ("decisions", "funding", "indicators", "timeline"))
    statuses = Counter(dict(db.execute("SELECT status, count(*) FROM findings GROUP BY status").fetchall()))
    summary.findings = sum(statuses.values())
    summary.findings_by_status = statuses


def run(inputs: Sequence[Path], options: RunOptions, progress: Progress | None = None) -> RunSummary:
    """Process papers into ``options.out_dir``; return the summary the CLI prints."""
    from pipeline.executors import make_executor
    from pipeline.finish import finish_outputs

    started = time.perf_counter()
    summary = RunSummary()
    paths, skipped = discover(inputs, options.out_dir)
    summary.skipped = len(skipped)
    summary.skipped_files = skipped
    files = assign_doc_ids(paths)
    out_dir = options.out_dir
    if progress:
        progress.total(len(files))
    with Store(out_dir) as store:
        if store.migrated:
            log.warning("the output folder was made by another papertrail version: every paper is read again")
        if not files and store.doc_ids() and not options.keep_missing:
            raise NothingToRead(
                f"no papers found in the inputs; the {len(store.doc_ids())} papers already in "
                f"{out_dir} were kept (use --keep-missing, or a new --out folder)"
            )
        todo: list[tuple[InputFile, str]] = []
        for item in files:
            digest = file_sha256(item.path)
            cached = store.cached(item.doc_id)
            fresh = cached == (digest, f"{digest}:{rules_hash()}")
            text_ok = True
            if fresh:
                doc_rows = store.db.execute(
                    "SELECT status, text_path FROM documents WHERE doc_id = ?", (item.doc_id,)
                ).fetchone()
                text_ok = bool(doc_rows) and (doc_rows[0] != "ok" or (out_dir / (doc_rows[1] or "")).exists())
            if fresh and text_ok and not options.force:
                if store.cached_path(item.doc_id) != str(item.path):
                    store.update_path(item.doc_id, str(item.path))  # moved, not changed
                summary.unchanged += 1
                if progress:
                    progress.update(None, item)
                continue
            todo.append((item, digest))
        if not options.keep_missing:
            current = {f.doc_id for f in files}
            gone = [d for d in store.doc_ids() if d not in current]
            if gone:
                log.info("removing %d paper(s) no longer among the inputs: %s", len(gone), ", ".join(gone))
                summary.removed = len(store.remove_papers(gone))
                for doc_id in gone:
                    for stale in (out_dir / TEXT_DIR / f"{doc_id}.txt", out_dir / "summaries" / f"{doc_id}.html", out_dir / "summaries" / f"{doc_id}.md"):
                        stale.unlink(missing_ok=True)
        if todo:  # an unchanged re-run starts no workers (their warm-up imports spaCy)
            executor = make_executor(options)
            try:
                for item, records in executor.map_papers(todo):
                    _finish_paper(store, out_dir, records, summary)
                    if progress:
                        progress.update(records, item)
            finally:
                executor.close()
        state = store.state_key(outputs_hash())
        if not todo and not summary.removed and store.get_meta("finished") == state and outputs_present(out_dir, store):
            # nothing changed since the last complete run: its outputs stand as they are
            _count_from_store(store, summary)
        else:
            corpus = store.corpus()
            _count(corpus, summary)
            # only a process run forks for rendering (Dask leaves threads behind; fork and
            # threads do not mix)
            processes = options.workers if options.executor == "process" else 1
            finish_outputs(store, out_dir, corpus, summary, processes=processes)
            store.set_meta("finished", state)
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = [
    "InputFile",
    "RunOptions",
    "RunSummary",
    "assign_doc_ids",
    "discover",
    "process_paper",
    "run",
    "write_jsonl_files",
]
