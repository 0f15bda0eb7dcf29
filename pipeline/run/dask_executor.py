"""``--executor dask``: the per-paper stages on a Dask cluster (dask.distributed).

With ``--scheduler tcp://HOST:PORT`` papers go to that cluster (its workers need
papertrail installed and the input files reachable at the same paths, e.g. a shared
mount; their memory limits are the cluster's own); without it a LocalCluster of
``--workers`` single-threaded processes is started on this machine, each with
``--max-memory`` as its Dask memory limit (Dask's nanny restarts a worker that passes
it; its paper fails alone).  Records come back to this process, which writes every
output exactly as the local executors do, so the results are identical.  Dask's worker
processes watch their parent and stop when it dies.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from pipeline.errors import PapertrailError
from pipeline.run.limits import default_memory_ceiling
from pipeline.run.options import InputFile, RunOptions, Work
from pipeline.run.worker import failed_document, process_paper
from pipeline.store import PaperRecords

log = logging.getLogger("papertrail")


class DaskUnavailable(PapertrailError):
    code = "E400"


class DaskExecutor:
    def __init__(self, options: RunOptions) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as error:  # pragma: no cover - depends on the extra
            raise DaskUnavailable(
                "the dask executor needs the optional extra: pip install 'papertrail[dask]'"
            ) from error
        import dask

        dask.config.set({"distributed.worker.daemon": False, "distributed.admin.tick.limit": "60s"})
        self.options = options
        self.cluster: Any = None
        self.ceiling = options.max_memory if options.max_memory is not None else default_memory_ceiling(options.workers)
        if options.scheduler:
            self.client = Client(options.scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(
                n_workers=max(1, options.workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                memory_limit=self.ceiling or None,
            )
            self.client = Client(self.cluster)

    def prepare(self, work: Work) -> None:
        return None

    def map_papers(self, work: Work) -> Iterator[tuple[InputFile, PaperRecords]]:
        from dask.distributed import as_completed

        if not work:
            return
        futures = {}
        for item, digest in work:
            future = self.client.submit(
                process_paper, str(item.path), item.doc_id, self.options.reader, digest, self.options.ocr,
                key=f"paper-{item.doc_id}-{digest[:12]}", pure=False, retries=0,
            )
            futures[future] = (item, digest)
        for future in as_completed(list(futures)):
            item, digest = futures[future]
            try:
                records = future.result(timeout=self.options.timeout)
            except Exception as error:  # a worker lost or a task error: this paper fails
                log.debug("%s: dask task failed", item.doc_id, exc_info=True)
                message = f"worker crashed while reading this paper ({error.__class__.__name__}): it may be damaged or too large"
                records = PaperRecords(document=failed_document(item.path, item.doc_id, message, digest))
            yield item, records

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def peak_memory(self) -> int:
        return 0
