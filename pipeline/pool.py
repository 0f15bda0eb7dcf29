"""A process pool for papers (replaced by a fault-isolating pool in the batch issue)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from pipeline.batch import InputFile, RunOptions, process_paper
from pipeline.executors import Work
from pipeline.store import PaperRecords


class ProcessExecutor:
    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.pool = ProcessPoolExecutor(max_workers=options.workers)

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]:
        futures = {
            self.pool.submit(process_paper, str(item.path), item.doc_id, self.options.reader, digest): item
            for item, digest in work
        }
        for future in as_completed(futures):
            yield futures[future], future.result()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
