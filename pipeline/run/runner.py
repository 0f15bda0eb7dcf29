"""The run: find papers, give them ids, read the new or changed ones, publish the outputs.

Only this package and the CLI touch files and processes.  The steps, under the output
folder's lock:

1. finish publishing a state a killed run had completely written (staging);
2. discover the inputs (regular files only; symlinks kept inside the inputs; unreadable
   folders reported, their papers kept) and give each paper its doc_id;
3. hash each paper (one that cannot be read fails alone: "cannot read: ..."); skip the
   unchanged ones; remove the papers no longer among the inputs;
4. read the rest through an executor; store each paper's records as it comes back;
5. write every output into the staging folder, then publish it at once.

A full disk stops the run with one line saying what is full; the outputs stay those of
the last complete run and the papers already read are kept for the next.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pipeline
from pipeline.errors import (
    CannotRead,
    NotRegularFile,
    PapertrailError,
    disk_full,
    is_disk_full,
    one_line,
    printable,
    store_error,
)
from pipeline.ingest import file_sha256
from pipeline.run import finish
from pipeline.run.executors import make_executor
from pipeline.run.inputs import Discovery, assign_doc_ids, discover
from pipeline.run.lock import OutputLock
from pipeline.run.options import InputFile, RunOptions, RunSummary
from pipeline.run.staging import Staging
from pipeline.ingest.ocr import OcrMode
from pipeline.run.worker import cache_key, failed_document, is_transient, rules_hash
from pipeline.store import DB_NAME, Corpus, PaperRecords, Store, one_sync_at_the_end
from schemas.records import DocStatus

log = logging.getLogger("papertrail")


class NothingToRead(PapertrailError):
    """The inputs hold no papers while the output folder has some (an unmounted share?)."""

    code = "E401"


class Progress(Protocol):
    """What the runner reports to: the number of papers, then each one as it is done
    (``records`` is None for a paper skipped as unchanged)."""

    def total(self, count: int) -> None: ...

    def update(self, records: PaperRecords | None, item: InputFile) -> None: ...


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


# --------------------------------------------------------------------------- counting


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


# --------------------------------------------------------------------------- papers


def _store_paper(store: Store, staging: Staging, records: PaperRecords, ocr: OcrMode = "auto") -> None:
    """Stage the paper's text, then replace its records in one transaction."""
    doc = records.document
    if doc.status is DocStatus.ok:
        doc.text_path = staging.write_text(doc.doc_id, doc.text)
    key = "" if is_transient(doc) else cache_key(doc.sha256, ocr)  # transient: try again next run
    try:
        store.replace_paper(records, key)
    except (ValueError, OverflowError, sqlite3.IntegrityError) as error:
        # a record the store cannot hold must not stop the run: the paper fails instead
        failed = failed_document(Path(doc.path), doc.doc_id, f"could not store its records: {one_line(error)}", doc.sha256)
        store.replace_paper(PaperRecords(document=failed), "")


def _unreadable(store: Store, item: InputFile, error: PapertrailError) -> PaperRecords | None:
    """The failed row of a paper that cannot be read, or None when the stored row says
    the same already (nothing changed)."""
    records = PaperRecords(document=failed_document(item.path, item.doc_id, str(error)))
    row = store.db.execute("SELECT status, error FROM documents WHERE doc_id = ?", (item.doc_id,)).fetchone()
    if row == (DocStatus.failed.value, records.document.error) and store.cached_path(item.doc_id) == item.path_text:
        return None
    return records


def _is_fresh(store: Store, staging: Staging, item: InputFile, digest: str, ocr: OcrMode = "auto") -> bool:
    if store.cached(item.doc_id) != (digest, cache_key(digest, ocr)):
        return False
    row = store.db.execute("SELECT status, text_path FROM documents WHERE doc_id = ?", (item.doc_id,)).fetchone()
    return bool(row) and (row[0] != "ok" or staging.has(row[1] or ""))


def _gone(store: Store, files: list[InputFile], found: Discovery) -> list[str]:
    """Stored papers no longer among the inputs, but for those recorded from a folder
    that could not be listed this time (unknown is not deleted)."""
    current = {f.doc_id for f in files}
    unlisted = found.unlisted
    gone = []
    for doc_id in store.doc_ids():
        if doc_id in current:
            continue
        recorded = Path(store.cached_path(doc_id) or "")
        if any(recorded == folder or folder in recorded.parents for folder in unlisted):
            continue
        gone.append(doc_id)
    return gone


# --------------------------------------------------------------------------- the run


@contextmanager
def _disk_full_is_one_line(out_dir: Path, staging: Staging) -> Iterator[None]:
    """A full disk (or quota) anywhere in the run becomes DiskFull; what the run was
    writing into the staging folder is dropped (the published outputs never changed)."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        if not is_disk_full(error):
            if isinstance(error, sqlite3.Error):
                raise store_error(error, out_dir / DB_NAME) from error
            raise
        try:
            staging.discard_outputs()
        except OSError:
            pass
        raise disk_full(error, out_dir) from error


def run(inputs: Sequence[Path], options: RunOptions, progress: Progress | None = None) -> RunSummary:
    """Process papers into ``options.out_dir``; return the summary the CLI prints.

    Raises OutputBusy (another run holds the folder), NothingToRead, InputNotFound,
    DiskFull, StoreError or BadMemorySize; every paper's own failure is in the summary."""
    started = time.perf_counter()
    out_dir = options.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Staging(out_dir)
    with OutputLock(out_dir), _disk_full_is_one_line(out_dir, staging):
        if staging.recover():
            log.info("finished publishing the outputs of a run that stopped while publishing them")
        summary = _run_locked(inputs, options, staging, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_locked(inputs: Sequence[Path], options: RunOptions, staging: Staging, progress: Progress | None) -> RunSummary:
    out_dir = options.out_dir
    summary = RunSummary()
    found = discover(inputs, out_dir, follow_symlinks=options.follow_symlinks)
    summary.skipped = len(found.skipped)
    summary.skipped_files = found.skipped
    summary.unreadable_folders = found.unreadable
    files = assign_doc_ids(found.files)
    if progress:
        progress.total(len(files))
    with Store(out_dir) as store:
        if store.migrated:
            log.warning("the output folder was made by another papertrail version: every paper is read again")
        if not files and store.doc_ids() and not options.keep_missing and not found.unreadable:
            raise NothingToRead(
                f"no papers found in the inputs; the {len(store.doc_ids())} papers already in "
                f"{printable(str(out_dir))} were kept (use --keep-missing, or a new --out folder)"
            )
        todo: list[tuple[InputFile, str]] = []
        changed = 0
        for item in files:
            try:
                digest = file_sha256(item.path)
            except (CannotRead, NotRegularFile) as error:
                records = _unreadable(store, item, error)
                if records is not None:
                    _store_paper(store, staging, records, options.ocr)
                    changed += 1
                if progress:
                    progress.update(records, item)
                continue
            if _is_fresh(store, staging, item, digest, options.ocr) and not options.force:
                if store.cached_path(item.doc_id) != item.path_text:
                    store.update_path(item.doc_id, item.path_text)  # moved, not changed
                summary.unchanged += 1
                if progress:
                    progress.update(None, item)
                continue
            todo.append((item, digest))
        # workers only when there is work (an unchanged re-run never loads the parsers),
        # and ready before anything is removed (a bad --max-memory or a broken install stops
        # the run first)
        executor = make_executor(options) if todo else None
        # the largest papers first, so that no worker is left with a long paper at the end
        # while the others wait (longest-first scheduling; file size stands for work)
        todo.sort(key=lambda entry: -_size(entry[0].path))
        if executor is not None:
            try:
                executor.prepare(todo)  # the parsers built before anything is removed
            except BaseException:
                executor.close()
                raise
        if not options.keep_missing:
            gone = _gone(store, files, found)
            if gone:
                log.info("removing %d paper(s) no longer among the inputs: %s", len(gone), ", ".join(gone))
                summary.removed = len(store.remove_papers(gone))
        if executor is not None:
            if len(todo) * BULK_SHARE >= len(todo) + store.paper_count():
                # many papers at once: the full-text indexes are rebuilt after the map
                # in one pass, not kept paper by paper (see Store.defer_search_index)
                store.defer_search_index()
            mapped = False
            try:
                for item, records in executor.map_papers(todo):
                    _store_paper(store, staging, records, options.ocr)
                    if progress:
                        progress.update(records, item)
                mapped = True
            finally:
                executor.close()
                if not mapped:  # a failed or stopped run: the indexes of what was stored
                    with contextlib.suppress(Exception):  # (else rebuilt when the store next opens)
                        store.rebuild_search_index()
            store.rebuild_search_index()
            summary.worker_peak_bytes = executor.peak_memory()
            summary.memory_ceiling = getattr(executor, "ceiling", 0) or 0
        _finish(store, staging, options, summary, changed=changed + len(todo) + summary.removed)
    return summary


BULK_SHARE = 10
"""A run that reads at least a tenth of the corpus's papers defers the full-text indexes:
rebuilding them costs about 0.7 ms a stored paper, keeping them row by row about 7 ms a
read one."""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _finish(store: Store, staging: Staging, options: RunOptions, summary: RunSummary, *, changed: int) -> None:
    out_dir = options.out_dir
    state = store.state_key(outputs_hash())
    if not changed and store.get_meta("finished") == state and outputs_present(out_dir, store) and not staging.path.exists():
        # nothing changed since the last complete run: its outputs stand as they are
        _count_from_store(store, summary)
        return
    with collector_paused():
        _finish_outputs(store, staging, options, summary, state)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while: loading, checking and rendering
    the corpus allocate hundreds of thousands of objects that live to the end and hold
    no cycles, and the collections they set off took half of the load and a third of
    the checks on the generated benchmark.  Memory is reclaimed by reference counting as
    usual; the collector is back on afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _finish_outputs(store: Store, staging: Staging, options: RunOptions, summary: RunSummary, state: str) -> None:
    out_dir = options.out_dir
    corpus = store.corpus(findings=False)  # checked again below: the stored ones are not read
    _count(corpus, summary)
    texts = {d.text_path for d in corpus.documents if d.status is DocStatus.ok and d.text_path}
    staged = staging.prepare(texts)
    # only a process run forks for rendering (Dask leaves threads behind; fork and
    # threads do not mix)
    processes = options.workers if options.executor == "process" else 1
    # every output goes into the staging folder: flushed to disk once, before publishing
    with one_sync_at_the_end():
        finish.finish_outputs(store, staged, corpus, summary, processes=processes, published=out_dir)
    staging.publish()
    store.set_meta("finished", state)


__all__ = ["NothingToRead", "Progress", "outputs_hash", "outputs_present", "run"]
