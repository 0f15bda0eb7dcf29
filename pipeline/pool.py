"""A fault-isolating process pool for papers.

Each worker is a process that builds the spaCy pipeline once and then takes one paper at
a time over a pipe.  The parent hands out papers, collects records as they finish, and:

* stops a worker whose paper runs past ``--timeout`` seconds (the paper fails with
  "paper timed out ..."), then starts a fresh worker;
* notices a worker that died (segfault, out of memory, killed): that paper alone fails
  with "worker crashed ...", and a fresh worker takes over.

Workers are forked from a parent that has already imported the heavy modules and frozen
its objects out of the garbage collector, so a worker starts in milliseconds.
"""

from __future__ import annotations

import faulthandler
import gc
import logging
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from pipeline.batch import InputFile, RunOptions, failed_document, process_paper
from pipeline.executors import Work
from pipeline.store import PaperRecords

log = logging.getLogger("papertrail")


def _warm_up() -> None:
    """Import and build what every paper needs, once, before workers are forked."""
    from pipeline.extract import decisions, funding, indicators, timeline  # noqa: F401
    from pipeline.extract.nlp import get_nlp

    get_nlp()
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401


def _worker_main(conn: Connection, reader: str, ocr: str = "auto") -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    faulthandler.disable()  # a crash is reported by the parent in one line, not a dump
    _warm_up()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, doc_id, digest = task
        records = process_paper(path, doc_id, reader, digest, ocr)  # type: ignore[arg-type]
        conn.send(records)


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[InputFile, str] | None = None
    started: float = 0.0


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
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.context = mp.get_context(method)
        if method == "fork":
            _warm_up()
            gc.freeze()
        self.workers: list[_Worker] = []

    def _start_worker(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main, args=(child, self.options.reader, self.options.ocr), daemon=True, name="papertrail-worker"
        )
        process.start()
        child.close()
        worker = _Worker(process=process, conn=parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        self.workers.remove(worker)

    def _dispatch(self, queue: deque[tuple[InputFile, str]]) -> None:
        """Give every idle worker its next paper."""
        for worker in list(self.workers):
            if worker.task is None and queue:
                item, digest = queue.popleft()
                try:
                    worker.conn.send((str(item.path), item.doc_id, digest))
                except (BrokenPipeError, OSError):
                    queue.appendleft((item, digest))
                    self._retire(worker, kill=True)
                    self._start_worker()
                    continue
                worker.task = (item, digest)
                worker.started = time.monotonic()

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]:
        queue = deque(work)
        size = max(1, min(self.options.workers, len(queue)))
        while len(self.workers) < size:
            self._start_worker()
        while queue or any(w.task for w in self.workers):
            self._dispatch(queue)
            busy = [w for w in self.workers if w.task]
            if not busy:
                continue
            deadline = min(w.started for w in busy) + self.options.timeout
            ready = wait(
                [w.conn for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, deadline - time.monotonic()),
            )
            done: list[tuple[InputFile, PaperRecords]] = []
            for worker in busy:
                assert worker.task is not None
                item, digest = worker.task
                if worker.conn in ready:
                    try:
                        records = worker.conn.recv()
                    except (EOFError, OSError):
                        records = None
                    if records is not None:
                        worker.task = None
                        done.append((item, records))
                        continue
                if worker.conn in ready or worker.process.sentinel in ready or not worker.process.is_alive():
                    worker.process.join(timeout=1)
                    cause = _signal_name(worker.process.exitcode)
                    log.warning("%s: the worker reading it crashed (%s)", item.doc_id, cause)
                    self._retire(worker, kill=True)
                    self._start_worker()
                    message = f"worker crashed ({cause}) while reading this paper: it may be damaged or too large"
                    done.append((item, PaperRecords(document=failed_document(item.path, item.doc_id, message, digest))))
                    continue
                if time.monotonic() - worker.started > self.options.timeout:
                    self._retire(worker, kill=True)
                    self._start_worker()
                    message = f"paper timed out after {self.options.timeout:g} s: the parser hung on it"
                    done.append((item, PaperRecords(document=failed_document(item.path, item.doc_id, message, digest))))
            # hand out the next papers before the caller stores these: workers never wait
            # on the parent's writing
            self._dispatch(queue)
            yield from done

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        for worker in list(self.workers):
            worker.process.join(timeout=2)
            self._retire(worker, kill=True)
        if gc.get_freeze_count():
            gc.unfreeze()


def worker_pids(executor: ProcessExecutor) -> list[int]:
    """Process ids of the live workers (for tests and the benchmark)."""
    return [w.process.pid for w in executor.workers if w.process.pid and w.process.is_alive()] or [os.getpid()]
