"""Executors: where ``process_paper`` runs (this process, a process pool, or Dask)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from pipeline.batch import InputFile, RunOptions, process_paper
from pipeline.store import PaperRecords

Work = Sequence[tuple[InputFile, str]]


class Executor(Protocol):
    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Every paper in this process, one after another (no timeout: use process for that)."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]:
        for item, digest in work:
            yield item, process_paper(str(item.path), item.doc_id, self.options.reader, digest, self.options.ocr)

    def close(self) -> None:
        return None


def make_executor(options: RunOptions) -> Executor:
    """The executor named by ``options.executor``."""
    if options.executor == "local":
        return LocalExecutor(options)
    if options.executor == "process":
        from pipeline.pool import ProcessExecutor

        return ProcessExecutor(options)
    if options.executor == "dask":
        from pipeline.dask_executor import DaskExecutor

        return DaskExecutor(options)
    raise ValueError(f"unknown executor {options.executor!r}: use local, process or dask")
