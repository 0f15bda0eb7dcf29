"""Progress: a bar on a terminal (rich), plain log lines otherwise.  Pages read by OCR
are counted apart (they take seconds each, not milliseconds)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pipeline.run.options import InputFile
from pipeline.store import PaperRecords

log = logging.getLogger("papertrail")


class Reporter:
    """Counts papers, pages and failures; shows them as a bar or as log lines."""

    def __init__(self, bar: Any | None = None, task: Any | None = None, quiet: bool = False) -> None:
        self.bar, self.task, self.quiet = bar, task, quiet
        self.papers = self.pages = self.failed = self.ocr_pages = 0
        self.started = time.perf_counter()

    def update(self, records: PaperRecords | None, item: InputFile) -> None:
        self.papers += 1
        if records is not None:
            doc = records.document
            self.pages += doc.pages
            self.ocr_pages += len(doc.ocr_pages)
            if doc.status.value == "failed":
                self.failed += 1
        elapsed = max(1e-6, time.perf_counter() - self.started)
        if self.bar is not None:
            self.bar.update(
                self.task,
                advance=1,
                description=f"{self.papers / elapsed:.1f} papers/s {_rate(self.pages / elapsed)} pages/s"
                + (f" ({self.ocr_pages} OCR)" if self.ocr_pages else "")
                + f" failed {self.failed}",
            )
        elif not self.quiet:
            state = "unchanged" if records is None else records.document.status.value
            ocr = f", {len(records.document.ocr_pages)} page(s) OCR" if records is not None and records.document.ocr_pages else ""
            log.info("%s: %s%s (%d done, %.1f papers/s)", item.doc_id, state, ocr, self.papers, self.papers / elapsed)

    def total(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(self.task, total=count)


def _rate(per_second: float) -> str:
    """A rate as a person reads it: 0.4 (OCR pages), 77 (text pages)."""
    return f"{per_second:.1f}" if per_second < 10 else f"{per_second:.0f}"


@contextmanager
def make_progress(show_bar: bool, quiet: bool) -> Iterator[Reporter]:
    if not show_bar:
        yield Reporter(quiet=quiet)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    with Progress(
        TextColumn("[bold]papertrail"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task("starting", total=None)
        yield Reporter(bar, task, quiet)
