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
    format_number,
    format_pct,
    format_signed_gbp,
    funding_anchor,
    quote_anchor,
    safe_anchor,
)
from pipeline.render.views import FigureLink, FindingView, ReviewView, StatusCounts
from schemas.findings import Finding

STATUS_ORDER = {"fail": 0, "warn": 1, "pass": 3}  # any other status (e.g. unsure): 2


def status_value(f: Finding) -> str:
    """The finding's status as text; a status this version does not know is kept as is."""
    return str(getattr(f.status, "value", f.status))


UNIT_NAMES = {"gbp": "GBP", "percent": "percent", "points": "percentage points"}
HEADINGS = {
    # check -> (heading of expected, heading of actual): what each figure is for that check
    "sum": ("Sum of parts", "Stated total"),
    "table_sum": ("Sum of parts", "Stated total"),
    "percent_change": ("Computed %", "Stated %"),
    "period": ("Per year × years", "Stated total"),
    "precision": ("Precise figure", "Rounded figure"),
    "cross_document": ("Earlier paper", "Later paper"),
}


def headings(check: str, unit: str = "gbp") -> tuple[str, str]:
    """Column headings for a check's expected and actual figures."""
    if check == "percent_change" and unit == "points":
        return ("Computed change (points)", "Stated change (points)")
    return HEADINGS.get(check, ("Expected", "Actual"))


def amount(value: Decimal | None, unit: str, signed: bool = False) -> str:
    """A figure with its unit: £2,650,000, 76.4%, 0.2 points; a percentage's difference
    is in points."""
    if value is None:
        return "—"
    if unit == "percent":
        text = format_pct(value, signed=signed)
        return text.replace("%", " points") if signed else text
    if unit == "points":
        return format_number(value) + " points" if not signed or value <= 0 else "+" + format_number(value) + " points"
    return format_signed_gbp(value) if signed else format_gbp(value)


def _unit(f: Finding) -> str:
    return "percent" if f.unit == "gbp" and f.check.value in PERCENT_CHECKS else f.unit


def _link(lookups: Lookups, doc_id: str, anchor: str, root: str) -> str | None:
    href = lookups.summary_href(doc_id, root)
    return f"{href}#{anchor}" if href else None


def _figures(f: Finding, lookups: Lookups, root: str) -> tuple[FigureLink, ...]:
    """Every figure the check used, one link each: its records (a money figure links to
    its row, an indicator to its quote), then any source no record accounts for."""
    out: list[FigureLink] = []
    covered: set[tuple[str, int, int]] = set()
    for rid in f.record_ids:
        funding = lookups.funding_by_id.get(rid)
        if funding is not None:
            s = funding.source
            out.append(FigureLink(_link(lookups, s.doc_id, funding_anchor(funding), root),
                                  funding.amount_text, s.doc_id, s.page))
            covered.add((s.doc_id, s.char_start, s.char_end))
            continue
        indicator = lookups.indicator_by_key.get(rid)
        if indicator is not None:
            s = indicator.source
            out.append(FigureLink(_link(lookups, s.doc_id, quote_anchor(s.char_start, s.char_end), root),
                                  indicator.name, s.doc_id, s.page))
            covered.add((s.doc_id, s.char_start, s.char_end))
    used = set(f.values or f.amounts_gbp)
    for s in f.sources:
        span = (s.doc_id, s.char_start, s.char_end)
        if span in covered:
            continue
        # a quote holding several figures: every one of them the check used
        figures = [g for g in lookups.funding_at.get(span, []) if g.amount_gbp in used] or lookups.funding_at.get(span, [])[:1]
        for g in figures:
            out.append(FigureLink(_link(lookups, s.doc_id, funding_anchor(g), root), g.amount_text, s.doc_id, s.page))
        if figures:
            continue
        text = s.quote if len(s.quote) <= 60 else s.quote[:57] + "…"
        out.append(FigureLink(_link(lookups, s.doc_id, quote_anchor(s.char_start, s.char_end), root),
                              text, s.doc_id, s.page))
    return tuple(out)


def finding_view(f: Finding, lookups: Lookups, root: str) -> FindingView:
    check = f.check.value
    status = status_value(f)
    review = None
    if f.review is not None:
        r = f.review
        if r.stale:
            review = ReviewView("stale", "review dropped: figures changed", r.note, r.reviewer)
        else:
            review = ReviewView(r.status.value, r.status.value.capitalize(), r.note, r.reviewer)
    anchor = safe_anchor("finding-", f.id)
    unit = _unit(f)
    size = abs(f.difference_pct) if f.difference_pct is not None else abs(f.difference or Decimal(0))
    return FindingView(
        id=f.id,
        anchor=anchor,
        check=check,
        check_label=check_label(check),
        status=status,
        status_label=FINDING_STATUS_LABELS.get(status, status.replace("_", " ").capitalize()),
        message=f.message,
        stream=f.funding_stream,
        doc_ids=tuple(f.doc_ids),
        expected=amount(f.expected, unit),
        actual=amount(f.actual, unit),
        difference=amount(f.difference, unit, signed=True),
        difference_pct=(format_pct(f.difference_pct, signed=True, places=2)
                        if f.difference_pct is not None else "—"),
        amounts=tuple(amount(a, unit) for a in (f.values or f.amounts_gbp)),
        figures=_figures(f, lookups, root),
        review=review,
        report_href=f"{root}reconciliation.html#{anchor}",
        unit=UNIT_NAMES.get(unit, unit),
        size=f"{size:f}",
        order=STATUS_ORDER.get(status, 2),
    )


def finding_order(f: Finding) -> tuple[int, str, str]:
    return (STATUS_ORDER.get(status_value(f), 2), f.check.value, f.id)


def counts(findings: Iterable[Finding]) -> StatusCounts:
    c = Counter(status_value(f) for f in findings)
    return StatusCounts(c["pass"], c["warn"], c["fail"], sum(c.values()) - c["pass"] - c["warn"] - c["fail"])
