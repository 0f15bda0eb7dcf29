"""A fault-isolating process pool for papers (``--executor process``).

Each worker is forked from this process once it has built the language pipeline, then
takes one paper at a time over a pipe.  The parent hands out papers, collects records as
they finish, and:

* stops a worker whose paper runs past ``--timeout`` seconds (the paper fails with
  "paper timed out ..."), then starts a fresh worker;
* notices a worker that died (segfault, abort, killed): that paper alone fails, with
  "out of memory: ..." when the worker had used most of its ceiling, else "worker
  crashed ...", and a fresh worker takes over;
* reaps every worker itself (``wait4``), so it knows each one's exit status and peak
  resident memory.

Workers run under a memory ceiling (``--max-memory``) and die with the parent, even when
it is killed with ``kill -9`` (see :mod:`pipeline.run.limits`).

While the parent builds the language pipeline (about a second, on one core), a read-ahead
process (:class:`_ReadAhead`, two workers or more) reads the smallest papers on the other
core: only their ingest stage, each Document left in a file for the worker that extracts
its records.  It stops when the workers are there (after the paper in hand); a paper it
did not finish, or could not read, is read by a worker as usual.
"""

from __future__ import annotations

import faulthandler
import gc
import logging
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline.errors import size_text
from pipeline.run.limits import (
    apply_memory_ceiling,
    check_ceiling,
    default_memory_ceiling,
    die_with_parent,
    peak_resident,
)
from pipeline.run.options import InputFile, RunOptions, Work
from pipeline.run.worker import failed_document, process_paper, read_only
from pipeline.store import PaperRecords
from schemas.records import Document

log = logging.getLogger("papertrail")

#: A worker killed by one of these after using this share of its ceiling ran out of memory
#: (C libraries abort or fault when an allocation fails; the kernel's OOM killer kills).
MEMORY_SIGNALS = {signal.SIGKILL, signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP}
MEMORY_SHARE = 0.4
OUT_OF_MEMORY = "out of memory"
READ_AHEAD_PREFIX = ".papertrail-read-ahead-"
"""The read-ahead's folder (in the output folder, else the temporary one)."""


def _warm_up() -> None:
    """Import and build what every paper needs, once, before workers are forked."""
    from pipeline.extract import decisions, funding, indicators, timeline  # noqa: F401
    from pipeline.extract.nlp import get_nlp

    get_nlp()
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401


#: The cyclic collector's thresholds in a process that reads papers: a paper allocates
#: hundreds of thousands of objects that die young by reference counting, and Python's
#: default (a collection every 700 more container objects) spent 2% of a worker's CPU
#: traversing them; every 20,000 cuts that to 0.5%, the cyclic garbage of a paper or two
#: waiting for it (peak memory on the long papers unchanged, tested in the benchmark).
WORKER_GC_THRESHOLDS = (20_000, 20, 10)


def _worker_main(conn: Connection, reader: str, ceiling: int, parent: int, ocr: str = "auto") -> None:
    die_with_parent(parent)
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()  # a crash is reported by the parent in one line, not a dump
    apply_memory_ceiling(ceiling)
    import resource

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, doc_id, digest, pre_read = task
        records = process_paper(path, doc_id, reader, digest, ocr, memory_limit=ceiling,  # type: ignore[arg-type]
                                document=_load_pre_read(pre_read))
        peak = peak_resident(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        try:
            conn.send((records, peak))
        except MemoryError:  # the records themselves do not fit: the paper fails, small
            message = f"{OUT_OF_MEMORY}: its records needed more than the {size_text(ceiling)} a worker may use (--max-memory)"
            records = PaperRecords(document=failed_document(Path(path), doc_id, message, digest))
            conn.send((records, peak))
        if (records.document.error or "").startswith(OUT_OF_MEMORY):
            return  # a worker that ran out of memory is not trusted with another paper


def _load_pre_read(file: str | None) -> Document | None:
    """The Document a read-ahead left in ``file`` (removed once loaded), or None."""
    if file is None:
        return None
    try:
        with open(file, "rb") as handle:
            document = pickle.load(handle)
        os.unlink(file)
    except Exception:  # noqa: BLE001 - unreadable: the paper is read again
        return None
    return document if isinstance(document, Document) else None


def _read_ahead_main(ahead: "_ReadAhead", reader: str, ceiling: int, parent: int, ocr: str) -> None:
    """The read-ahead's loop: claim the last paper not yet claimed, read it, leave its
    Document in a file; until the parent says stop or none is left."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    faulthandler.disable()
    apply_memory_ceiling(ceiling)
    gc.set_threshold(*WORKER_GC_THRESHOLDS)
    while (index := ahead.claim()) is not None:
        path, doc_id, digest = ahead.tasks[index]
        document = read_only(path, doc_id, reader, digest, ocr)  # type: ignore[arg-type]
        if document is not None:
            part = ahead.folder / f"{index}.part"
            with open(part, "wb") as handle:
                pickle.dump(document, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(part, ahead.file(index))
        ahead.started.value = 0.0


class _ReadAhead:
    """The read-ahead process and what it shares with the parent: the papers (in the
    queue's order: it claims from the end, the smallest), how many it has claimed, the
    stop flag and when it began its current paper (0: between papers)."""

    def __init__(self, work: list[tuple[InputFile, str]], folder: Path) -> None:
        self.items = list(work)
        self.tasks = [(str(item.path), item.doc_id, digest) for item, digest in work]
        self.lock = multiprocessing.Lock()
        self.taken = multiprocessing.Value("l", 0, lock=False)
        self.stopped = multiprocessing.Value("b", 0, lock=False)
        self.started = multiprocessing.Value("d", 0.0, lock=False)
        self.folder = folder
        self.pid = 0
        self.gone = -1  # read end of a pipe only the read-ahead holds open

    def file(self, index: int) -> Path:
        return self.folder / f"{index}.pickle"

    def claim(self) -> int | None:
        """(In the read-ahead) the index of the next paper to read, or None: stop."""
        with self.lock:
            if self.stopped.value or self.taken.value >= len(self.tasks):
                return None
            self.taken.value += 1
            self.started.value = time.monotonic()
            return len(self.tasks) - self.taken.value

    def stop(self) -> int:
        """(In the parent) no more claims; how many papers, from the end, are claimed."""
        with self.lock:
            self.stopped.value = 1
            return int(self.taken.value)

    def entry(self, index: int) -> tuple[InputFile, str, str | None]:
        """A claimed paper as the queue holds it: with the file of its Document, None
        where the read-ahead did not read it (a worker reads it)."""
        file = self.file(index)
        return (*self.items[index], str(file) if file.exists() else None)

    def timed_out(self, timeout: float) -> bool:
        started = self.started.value
        return bool(started) and time.monotonic() - started > timeout


def _fork(child: Callable[[], None]) -> tuple[int, int]:
    """Fork a process that runs ``child()`` and exits (status 70 if it raised), never
    returning into this process's code: (its pid, the read end of a pipe only it holds
    open, readable once it has exited)."""
    gone_read, gone_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(gone_read)
            child()
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(gone_write)
    return pid, gone_read


def _wait(pid: int, *, kill: bool) -> tuple[int, int] | None:
    """Reap a child (killed first when ``kill``): its exit code (negative: the signal that
    killed it) and peak resident memory in bytes; None if it was reaped elsewhere."""
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        _, status, usage = os.wait4(pid, 0)
    except ChildProcessError:  # pragma: no cover - reaped elsewhere
        return None
    return os.waitstatus_to_exitcode(status), peak_resident(usage.ru_maxrss)


@dataclass
class _Worker:
    pid: int
    conn: Connection
    gone: int  # read end of a pipe only the worker holds open: readable once it has exited
    task: tuple[InputFile, str] | None = None
    started: float = 0.0
    status: int | None = None  # exit code once reaped (negative: killed by that signal)
    peak: int = 0  # its peak resident memory, bytes, once reaped


def _signal_name(exitcode: int | None) -> str:
    if exitcode is None:
        return "unknown cause"
    if exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


class ProcessExecutor:
    """``--executor process``: papers in N worker processes, each paper isolated."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.ceiling = options.max_memory if options.max_memory is not None else default_memory_ceiling(options.workers)
        check_ceiling(self.ceiling)
        self.parent = os.getpid()
        self.workers: list[_Worker] = []
        self.peak = 0
        self.ahead: _ReadAhead | None = None
        self.read_ahead_folders: list[Path] = []
        self.prepared: list[tuple[InputFile, str]] | None = None
        self.warm = False

    def prepare(self, work: Work) -> None:
        """Start the read-ahead (two workers or more, and more papers than workers) and
        build the language pipeline: before the run stores or removes anything, so a
        broken install stops it first.  Without shared memory or a folder for the
        read-ahead, papers are read as usual."""
        work = list(work)
        if self.ahead is not None:  # an earlier map's, not closed: its papers are not these
            self._end_read_ahead(kill=True)
        size = max(1, min(self.options.workers, len(work)))
        if not self.warm and size >= 2 and len(work) > size:
            try:
                self._start_read_ahead(work)
            except Exception as error:  # noqa: BLE001 - no /dev/shm, a folder not writable, ...
                log.debug("papers are not read ahead: %s", " ".join(str(error).split()))
        self._warm_up()
        self.prepared = work

    def _warm_up(self) -> None:
        if not self.warm:
            # what is made here lives as long as the process: the cyclic collector has no
            # garbage to find in it (its passes took 0.17 s of the 1.1 s)
            enabled = gc.isenabled()
            gc.disable()
            try:
                _warm_up()
            finally:
                if enabled:
                    gc.enable()
            gc.freeze()  # forked workers then share these objects' pages instead of copying them
            self.warm = True

    # ----------------------------------------------------------------------- read-ahead

    def _start_read_ahead(self, work: list[tuple[InputFile, str]]) -> None:
        # the Documents (the papers' texts) go beside the outputs, where a later run
        # removes what a killed one left (the output folder's lock is held)
        where = self.options.out_dir if self.options.out_dir.is_dir() else None
        if where is not None:
            for stale in where.glob(f"{READ_AHEAD_PREFIX}*"):
                shutil.rmtree(stale, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix=READ_AHEAD_PREFIX, dir=where))
        self.read_ahead_folders.append(folder)
        ahead = _ReadAhead(work, folder)
        ahead.pid, ahead.gone = _fork(
            lambda: _read_ahead_main(ahead, self.options.reader, self.ceiling, self.parent, self.options.ocr))
        self.ahead = ahead

    def _end_read_ahead(self, *, kill: bool) -> list[tuple[InputFile, str, str | None]]:
        """Reap the read-ahead; the paper it claimed last (the one it may have been
        reading when it stopped), as the queue holds it; [] if it claimed none."""
        ahead, self.ahead = self.ahead, None
        assert ahead is not None
        waited = _wait(ahead.pid, kill=kill)
        if waited is not None:
            self.peak = max(self.peak, waited[1])
        os.close(ahead.gone)
        taken = int(ahead.taken.value)
        return [ahead.entry(len(ahead.items) - taken)] if taken else []

    # ----------------------------------------------------------------------- workers

    def _start_worker(self) -> _Worker:
        parent_end, child_end = Pipe()

        def work() -> None:
            parent_end.close()
            for other in self.workers:
                other.conn.close()
                os.close(other.gone)
            if self.ahead is not None:
                os.close(self.ahead.gone)
            _worker_main(child_end, self.options.reader, self.ceiling, self.parent, self.options.ocr)

        pid, gone = _fork(work)
        child_end.close()
        worker = _Worker(pid=pid, conn=parent_end, gone=gone)
        self.workers.append(worker)
        return worker

    def _reap(self, worker: _Worker, *, kill: bool) -> None:
        if worker.status is not None:
            return
        waited = _wait(worker.pid, kill=kill)
        if waited is None:  # pragma: no cover - reaped elsewhere
            worker.status = 0
            return
        worker.status, worker.peak = waited
        self.peak = max(self.peak, worker.peak)

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        self._reap(worker, kill=kill)
        worker.conn.close()
        os.close(worker.gone)
        self.workers.remove(worker)

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        self._retire(worker, kill=kill)
        self._start_worker()

    def _dispatch(self, queue: deque[tuple[InputFile, str, str | None]]) -> None:
        """Give every idle worker its next paper (with the file of its Document where the
        read-ahead read it)."""
        for worker in list(self.workers):
            if worker.task is None and queue:
                item, digest, pre_read = queue.popleft()
                try:
                    worker.conn.send((str(item.path), item.doc_id, digest, pre_read))
                except (BrokenPipeError, OSError):
                    queue.appendleft((item, digest, pre_read))
                    self._replace(worker, kill=True)
                    continue
                worker.task = (item, digest)
                worker.started = time.monotonic()

    def _died(self, worker: _Worker, item: InputFile, digest: str) -> PaperRecords:
        self._reap(worker, kill=True)
        cause = _signal_name(worker.status)
        killed = worker.status is not None and worker.status < 0 and -worker.status in MEMORY_SIGNALS
        if self.ceiling and killed and worker.peak >= MEMORY_SHARE * self.ceiling:
            log.warning("%s: the worker reading it ran out of memory (%s)", item.doc_id, cause)
            message = f"{OUT_OF_MEMORY}: reading it needed more than the {size_text(self.ceiling)} a worker may use (--max-memory)"
        else:
            log.warning("%s: the worker reading it crashed (%s)", item.doc_id, cause)
            message = f"worker crashed ({cause}) while reading this paper: it may be damaged or too large"
        self._replace(worker, kill=True)
        return PaperRecords(document=failed_document(item.path, item.doc_id, message, digest))

    # ----------------------------------------------------------------------- the run

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]:
        work = list(work)
        if self.prepared != work:
            self.prepare(work)
        self.prepared = None
        queue: deque[tuple[InputFile, str, str | None]] = deque((item, digest, None) for item, digest in work)
        size = max(1, min(self.options.workers, len(queue)))
        while len(self.workers) < size:
            self._start_worker()
        if self.ahead is not None:
            # the papers it claimed (from the end) are read but the last, which may be in
            # its hands: that one waits for it to stop
            taken = self.ahead.stop()
            for _ in range(taken):
                queue.pop()
            queue.extend(self.ahead.entry(index) for index in range(len(work) - taken + 1, len(work)))
        while queue or any(w.task for w in self.workers) or self.ahead is not None:
            if self.ahead is not None and self.ahead.timed_out(self.options.timeout):
                queue.extend(self._end_read_ahead(kill=True))  # a worker reads (and times) it again
            self._dispatch(queue)
            busy = [w for w in self.workers if w.task]
            if not busy and self.ahead is None:
                continue
            starts = [w.started for w in busy] + ([self.ahead.started.value or time.monotonic()] if self.ahead else [])
            deadline = min(starts) + self.options.timeout
            ready = wait(
                [w.conn for w in busy] + [w.gone for w in busy] + ([self.ahead.gone] if self.ahead else []),
                timeout=max(0.0, deadline - time.monotonic()),
            )
            if self.ahead is not None and self.ahead.gone in ready:
                queue.extend(self._end_read_ahead(kill=False))
                self._dispatch(queue)
            done: list[tuple[InputFile, PaperRecords]] = []
            for worker in busy:
                assert worker.task is not None
                item, digest = worker.task
                if worker.conn in ready:
                    try:
                        records, peak = worker.conn.recv()
                    except (EOFError, OSError):
                        records = None
                    if records is not None:
                        worker.task = None
                        self.peak = max(self.peak, peak)
                        done.append((item, records))
                        if (records.document.error or "").startswith(OUT_OF_MEMORY):
                            self._replace(worker, kill=False)  # it exits by itself
                        continue
                if worker.conn in ready or worker.gone in ready:
                    done.append((item, self._died(worker, item, digest)))
                    continue
                if time.monotonic() - worker.started > self.options.timeout:
                    self._replace(worker, kill=True)
                    message = f"paper timed out after {self.options.timeout:g} s: the parser hung on it"
                    done.append((item, PaperRecords(document=failed_document(item.path, item.doc_id, message, digest))))
            # hand out the next papers before the caller stores these: workers never wait
            # on the parent's writing
            self._dispatch(queue)
            yield from done

    def close(self) -> None:
        if self.ahead is not None:  # a run stopped while it read
            self._end_read_ahead(kill=True)
        for folder in self.read_ahead_folders:  # with any Document no worker took
            shutil.rmtree(folder, ignore_errors=True)
        self.read_ahead_folders.clear()
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        deadline = time.monotonic() + 2
        waiting = [w.gone for w in self.workers]
        while waiting and time.monotonic() < deadline:
            exited = wait(waiting, timeout=max(0.0, deadline - time.monotonic()))
            waiting = [fd for fd in waiting if fd not in exited]
        for worker in list(self.workers):
            self._retire(worker, kill=worker.gone in waiting)
        if gc.get_freeze_count():
            gc.unfreeze()

    def peak_memory(self) -> int:
        return self.peak

    def pids(self) -> list[int]:
        """Process ids of the workers (for tests and the benchmark)."""
        return [w.pid for w in self.workers if w.status is None]
