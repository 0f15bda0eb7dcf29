"""After the papers: validate, write the JSONL files and render the reports."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.store import Corpus, Store, write_findings_jsonl

if TYPE_CHECKING:
    from pipeline.run.options import RunSummary


def finish_outputs(
    store: Store, out_dir: Path, corpus: Corpus, summary: RunSummary | None = None, *, processes: int = 1,
    published: Path | None = None,
) -> Corpus:
    """Re-run the checks over all records, store the findings, rewrite every output in
    ``out_dir`` (a run passes its staging folder: the database is never read from there,
    only through ``store``).  ``published`` is the folder the outputs will be published
    to (the calendar's links point there, not into the staging folder)."""
    from pipeline.render import Exporting, Rendering
    from pipeline.validate import check
    from pipeline.validate.csv_report import write_reconciliation_csv

    now = datetime.now(timezone.utc).replace(microsecond=0)  # one clock for the pages and the calendar
    base_url = (published or out_dir).resolve().as_uri()
    # with processes > 1: the records' JSONL and the exports are written by a forked child
    # while the checks run here; then the summaries start (in another child) while the
    # findings are stored and their JSONL and CSV written here
    with Exporting(out_dir, corpus, processes=processes, now=now, base_url=base_url) as exporting:
        corpus.findings = check(corpus, store.reviews())
        with Rendering(out_dir, corpus, processes=processes, now=now, base_url=base_url, exports=False) as rendering:
            store.replace_findings(corpus.findings)
            write_findings_jsonl(out_dir, corpus)
            write_reconciliation_csv(out_dir, corpus.findings)
            exporting.complete()  # before the index, which links the data files there are
            rendering.complete()
    if summary is not None:
        summary.findings = len(corpus.findings)
        summary.findings_by_status = Counter(f.status.value for f in corpus.findings)
    return corpus
