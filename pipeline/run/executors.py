"""Executors: where ``process_paper`` runs (this process, worker processes, or Dask).

An executor takes ``(paper, digest)`` pairs and yields ``(paper, records)`` as papers
finish, in any order.  This module and the two it may import (pool, dask_executor) know
nothing of the runner.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Protocol

from pipeline.run.options import InputFile, RunOptions, Work
from pipeline.run.worker import process_paper
from pipeline.store import PaperRecords


class Executor(Protocol):
    def prepare(self, work: Work) -> None:
        """Get ready for :meth:`map_papers` of ``work`` (the process executor builds the
        parsers here, so a broken install stops the run before anything is stored)."""
        ...

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]: ...

    def close(self) -> None: ...

    def peak_memory(self) -> int:
        """The largest resident memory (bytes) a worker reached, 0 if not measured."""
        ...


class LocalExecutor:
    """Every paper in this process, one after another (no timeout and no memory ceiling:
    use the process executor for those)."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options

    def prepare(self, work: Work) -> None:
        return None

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]:
        for item, digest in work:
            yield item, process_paper(str(item.path), item.doc_id, self.options.reader, digest, self.options.ocr)

    def close(self) -> None:
        return None

    def peak_memory(self) -> int:
        return 0


def make_executor(options: RunOptions) -> Executor:
    """The executor named by ``options.executor`` (process falls back to local where the
    system cannot fork)."""
    if options.executor == "local":
        return LocalExecutor(options)
    if options.executor == "process":
        if not hasattr(os, "fork"):  # pragma: no cover - Windows
            return LocalExecutor(options)
        from pipeline.run.pool import ProcessExecutor

        return ProcessExecutor(options)
    if options.executor == "dask":
        from pipeline.run.dask_executor import DaskExecutor

        return DaskExecutor(options)
    raise ValueError(f"unknown executor {options.executor!r}: use local, process or dask")
