"""Findings -> views: one row of the reconciliation report (and of a summary's findings)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from pipeline.render.context import Lookups
from pipeline.render.format import (
    FINDING_STATUS_LABELS,
    PERCENT_CHECKS,
    check_label,
    format_gbp,
    format_pct,
    format_signed_gbp,
    funding_anchor,
    quote_anchor,
    safe_anchor,
)
from pipeline.render.views import FigureLink, FindingView, ReviewView, StatusCounts
from schemas.findings import Finding, FindingStatus
from schemas.provenance import Source

STATUS_ORDER = {"fail": 0, "warn": 1, "pass": 2}


def _finding_value(value: Decimal | None, check: str, signed: bool = False) -> str:
    if value is None:
        return "—"
    if check in PERCENT_CHECKS:
        text = format_pct(value, signed=signed)
        return text.replace("%", " points") if signed else text
    return format_signed_gbp(value) if signed else format_gbp(value)


def _figure(s: Source, lookups: Lookups, root: str) -> FigureLink:
    funding = lookups.funding_at.get((s.doc_id, s.char_start, s.char_end))
    anchor = funding_anchor(funding) if funding else quote_anchor(s.char_start, s.char_end)
    text = funding.amount_text if funding else (s.quote if len(s.quote) <= 60 else s.quote[:57] + "…")
    href = lookups.summary_href(s.doc_id, root)
    return FigureLink(f"{href}#{anchor}" if href else None, text, s.doc_id, s.page)


def finding_view(f: Finding, lookups: Lookups, root: str) -> FindingView:
    check = f.check.value
    review = None
    if f.review is not None:
        r = f.review
        if r.stale:
            review = ReviewView("stale", "review dropped: figures changed", r.note, r.reviewer)
        else:
            review = ReviewView(r.status.value, r.status.value.capitalize(), r.note, r.reviewer)
    anchor = safe_anchor("finding-", f.id)
    return FindingView(
        id=f.id,
        anchor=anchor,
        check=check,
        check_label=check_label(check),
        status=f.status.value,
        status_label=FINDING_STATUS_LABELS[f.status.value],
        message=f.message,
        stream=f.funding_stream,
        doc_ids=tuple(f.doc_ids),
        expected=_finding_value(f.expected, check),
        actual=_finding_value(f.actual, check),
        difference=_finding_value(f.difference, check, signed=True),
        difference_pct=(format_pct(f.difference_pct, signed=True, places=2)
                        if f.difference_pct is not None else "—"),
        amounts=tuple(format_gbp(a) for a in f.amounts_gbp),
        figures=tuple(_figure(s, lookups, root) for s in f.sources),
        review=review,
        report_href=f"{root}reconciliation.html#{anchor}",
    )


def finding_order(f: Finding) -> tuple[int, str, str]:
    return (STATUS_ORDER[f.status.value], f.check.value, f.id)


def counts(findings: Iterable[Finding]) -> StatusCounts:
    c = Counter(f.status for f in findings)
    return StatusCounts(c[FindingStatus.passed], c[FindingStatus.warn], c[FindingStatus.fail])


