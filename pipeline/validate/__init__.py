"""Validate stage: cross-check figures within and across papers -> findings.

``check(corpus, reviews)`` reads only the records in ``corpus`` (funding, indicators,
decisions, timeline, documents): no paper is parsed again and no file is read, which is
what lets ``papertrail validate`` re-run the checks on stored records.

* ``sums``: every printed total against its printed parts (table totals, balances, sums
  in words), within one paper, and tables whose money unit is in doubt;
* ``arithmetic``: printed precision, periods, percent changes, within one paper;
* ``reconcile``: funding streams linked across papers and their changes, in date order;
* ``reviews``: stable ids, fingerprints, and auditors' marks kept or dropped;
* ``csv_report``: ``reconciliation.csv``.

Passes are findings too, so the report shows what was checked, not only what failed.
"""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.store import Corpus
from pipeline.validate.arithmetic import (
    Context,
    percent_findings,
    period_findings,
    precision_findings,
)
from pipeline.validate.ocr import warn_on_ocr_doubts
from pipeline.validate.reconcile import cross_document_findings, link_streams
from pipeline.validate.reviews import apply_reviews
from pipeline.validate.sums import sum_findings, unit_findings
from schemas.findings import Finding, FindingCheck, Review

CHECK_ORDER = {
    FindingCheck.sum: 0,
    FindingCheck.table_sum: 1,
    FindingCheck.balance: 1,
    FindingCheck.unit: 1,
    FindingCheck.precision: 2,
    FindingCheck.period: 3,
    FindingCheck.percent_change: 4,
    FindingCheck.cross_document: 5,
}


def check(corpus: Corpus, reviews: Mapping[str, Review] | None = None) -> list[Finding]:
    """Run every check over the corpus; passes are findings too.

    Findings come back in a stable order (paper, check, id), each with its auditor's
    review attached when there is one (marked stale when the figures have changed).
    """
    streams = link_streams(corpus)
    ctx = Context(corpus, streams.keys, streams.names, streams.payers, streams.own_words)
    findings = [
        *sum_findings(ctx),
        *unit_findings(ctx),
        *precision_findings(ctx),
        *period_findings(ctx),
        *percent_findings(ctx),
        *cross_document_findings(ctx),
    ]
    findings = warn_on_ocr_doubts(findings, corpus)  # a low-confidence OCR figure cannot fail a check
    unique = {f.id: f for f in findings}
    ordered = sorted(unique.values(), key=lambda f: (f.doc_ids[:1], CHECK_ORDER.get(f.check, 9), f.id))
    return apply_reviews(ordered, reviews)


__all__ = ["check"]
