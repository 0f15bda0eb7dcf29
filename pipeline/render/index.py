"""The index page: every report, export, data file and paper."""

from __future__ import annotations

from pathlib import Path

from pipeline.render import exports
from pipeline.render.context import DATA_FILES, Assets, Lookups, meta, summary_path
from pipeline.render.findings import counts
from pipeline.render.format import DOC_TYPE_LABELS
from pipeline.render.views import Count, IndexPage, Link, PaperRow
from pipeline.store import Corpus


def build_index(out_dir: Path, corpus: Corpus, lookups: Lookups, assets: Assets) -> IndexPage:
    papers = tuple(
        PaperRow(
            doc_id=d.doc_id,
            title=lookups.title(d),
            doc_type=DOC_TYPE_LABELS.get(d.doc_type.value, d.doc_type.value),
            pages=d.pages,
            ok=d.doc_id in lookups.ok_ids,
            error=d.error,
            summary_html=lookups.summary_href(d.doc_id, ""),
            summary_md=summary_path(d.doc_id, ".md") if d.doc_id in lookups.ok_ids else None,
            decisions=len(lookups.decisions.get(d.doc_id, [])),
            funding=len(lookups.funding.get(d.doc_id, [])),
            indicators=len(lookups.indicators.get(d.doc_id, [])),
            events=len(lookups.events.get(d.doc_id, [])),
            findings=len(lookups.findings.get(d.doc_id, [])),
        )
        for d in sorted(corpus.documents, key=lambda d: d.doc_id)
    )
    records = (
        Count("Decisions", len(corpus.decisions)),
        Count("Money figures", len(corpus.funding)),
        Count("Indicators", len(corpus.indicators)),
        Count("Timeline events", len(corpus.timeline)),
    )
    reports = (
        Link("timeline.html", "Decision timeline"),
        Link("reconciliation.html", "Reconciliation report"),
        *(Link(name, text) for name, text in exports.EXPORTS),
    )
    return IndexPage(
        meta=meta("papertrail output", "", "index.html", assets),
        papers_ok=len(lookups.ok_ids),
        papers_failed=sum(1 for d in corpus.documents if d.doc_id not in lookups.ok_ids),
        records=records,
        records_total=sum(c.value for c in records),
        findings=counts(corpus.findings),
        reports=reports,
        data_files=tuple(Link(n, n) for n in DATA_FILES if (out_dir / n).exists()),
        papers=papers,
    )


