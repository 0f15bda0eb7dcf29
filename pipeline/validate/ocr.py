"""A check cannot fail on a figure OCR was unsure of: it warns instead, saying why.

A misread digit in a scanned paper ("2.5" read as "25") would otherwise show the auditor
an error the council never made.  So a failing finding that used a money figure read by
OCR with confidence below :data:`pipeline.ingest.ocr.LOW_CONFIDENCE` (or, for an
indicator check, a quote read so) becomes a warning whose message names the doubtful
figure, its confidence and its page.  Findings on figures read with confidence, and
findings that pass, are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.ingest.ocr import LOW_CONFIDENCE
from pipeline.store import Corpus
from pipeline.validate.arithmetic import record_id
from schemas.findings import Finding, FindingStatus


def _doubt(finding: Finding, figures: dict[str, tuple[str, float, int]]) -> tuple[str, float, int] | None:
    """The least certain OCR reading the finding used: (what, confidence, page); None
    when it used none below the threshold.  Money checks look at each figure's own
    confidence; indicator checks (no figure records) at their quotes'."""
    doubts = [figures[r] for r in finding.record_ids if r in figures]
    if not doubts and any(":indicator:" in r for r in finding.record_ids):
        doubts = [
            (f'"{" ".join(s.quote.split())[:60]}"', s.confidence, s.page)
            for s in finding.sources
            if s.ocr and s.confidence is not None and s.confidence < LOW_CONFIDENCE
        ]
    return min(doubts, key=lambda d: d[1]) if doubts else None


def warn_on_ocr_doubts(findings: Sequence[Finding], corpus: Corpus) -> list[Finding]:
    """``findings`` with every failure that rests on a low-confidence OCR reading turned
    into a warning that says which figure and why (``Finding`` objects are copied, not
    changed)."""
    figures = {
        record_id(f): (f.amount_text, f.amount_confidence, f.source.page)
        for f in corpus.funding
        if f.amount_confidence is not None and f.amount_confidence < LOW_CONFIDENCE
    }
    out = []
    for finding in findings:
        doubt = _doubt(finding, figures) if finding.status is FindingStatus.fail else None
        if doubt is None:
            out.append(finding)
            continue
        what, confidence, page = doubt
        message = (
            f"{finding.message.rstrip('.')}; not counted as a failure: {what} on page {page} was read by "
            f"OCR with confidence {confidence:.0%} (below {LOW_CONFIDENCE:.0%}), so check it against the page image."
        )
        out.append(finding.model_copy(update={"status": FindingStatus.warn, "message": message}))
    return out
