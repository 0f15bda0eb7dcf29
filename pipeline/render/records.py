"""Records -> views: decisions, money figures, indicators and dated events."""

from __future__ import annotations

from decimal import Decimal

from pipeline.render.context import Lookups, quote_view
from pipeline.render.format import (
    MISSING_LABELS,
    PERIOD_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    annualised,
    format_event_date,
    format_gbp,
    format_iso_date,
    format_number,
    format_pct,
    funding_anchor,
    kind_label,
    quote_anchor,
    safe_anchor,
)
from pipeline.render.ranges import event_end
from pipeline.render.views import (
    ConsultationView,
    DecisionRef,
    DecisionView,
    EventView,
    IndicatorView,
    MoneyView,
    OptionView,
    ResolutionView,
)
from schemas.records import Decision, Funding, Indicator, IndicatorValue, TimelineEvent

# --------------------------------------------------------------------------- records -> views


def _resolution(label: str | None, verb: str | None, text: str) -> ResolutionView:
    """The verb once: 'AGREE' + 'AGREE that ...' shows as AGREE 'that ...'."""
    verb = verb or ""
    if verb and text[: len(verb)].upper() == verb.upper() and text[len(verb):len(verb) + 1] in ("", " ", ":"):
        text = text[len(verb):].lstrip(" :")
    return ResolutionView(label or "", verb, text)


def decision_view(d: Decision, index: int, lookups: Lookups, root: str) -> DecisionView:
    refs = tuple(
        DecisionRef(n, lookups.summary_href(lookups.decision_doc[n], root)
                    if n in lookups.decision_doc and lookups.decision_doc[n] != d.doc_id else None)
        for n in d.referenced_decisions
    )
    key = {True: "Yes", False: "No", None: "Not stated in the paper"}[d.key_decision]
    return DecisionView(
        anchor=f"D-{index}",
        number=d.decision_number,
        number_text=d.decision_number_text,
        status=d.status.value,
        status_label=STATUS_LABELS.get(d.status.value, d.status.value),
        maker=d.decision_maker,
        maker_name=d.decision_maker_name,
        subject=d.subject,
        key_decision=key,
        date=format_iso_date(d.decision_date) or "Not stated in the paper",
        classification=d.classification,
        divisions=tuple(d.electoral_divisions),
        resolutions=tuple(_resolution(r.label, r.verb, r.text) for r in d.resolutions),
        options=tuple(
            OptionView(o.number or "", o.title,
                       "recommended" if o.recommended else "rejected" if o.rejected else "",
                       o.reason or "")
            for o in d.options
        ),
        consultations=tuple(
            ConsultationView(
                c.committee, format_iso_date(c.date) or "", c.outcome or "",
                f"{c.votes_for} for, {c.votes_against} against"
                if c.votes_for is not None and c.votes_against is not None else "",
            )
            for c in d.consultations
        ),
        references=refs,
        missing=tuple(MISSING_LABELS.get(m, m.replace("_", " ")) for m in d.missing),
        quote=quote_view(d.source),
    )


def money_view(f: Funding) -> MoneyView:
    per_year, derived = annualised(f)
    exact = format_gbp(f.amount_gbp)
    if f.is_range and f.amount_max_gbp is not None:
        exact += f" to {format_gbp(f.amount_max_gbp)}"
    period = PERIOD_LABELS.get(f.period.value, f.period.value)
    if f.period_years:
        period += f" over {f.period_years} years"
    return MoneyView(
        anchor=funding_anchor(f),
        funding_id=f.id,
        as_printed=f.amount_text,
        exact=exact,
        period=period,
        per_year=format_gbp(per_year) if per_year is not None else None,
        per_year_derived=(f"derived: {exact} ÷ {f.period_years} years" if derived else None),
        financial_year=f.financial_year,
        role=ROLE_LABELS.get(f.role.value, f.role.value),
        payer=f.payer,
        purpose=f.purpose,
        stream=f.funding_stream,
        quote=quote_view(f.source),
    )


def _indicator_value(value: IndicatorValue, unit: str) -> str:
    if value.value is None:
        return value.text or "—"
    return _unit_value(value.value, unit)


def _unit_value(value: Decimal, unit: str) -> str:
    if unit == "percent":
        return format_pct(value)
    if unit == "gbp":
        return format_gbp(value)
    return format_number(value)


def indicator_view(i: Indicator, index: int) -> IndicatorView:
    stated = i.stated_change_text or "—"
    if not i.stated_change_text and i.stated_change_pct is not None:
        stated = format_pct(i.stated_change_pct, signed=True)
    computed = "—"
    if i.computed_change_pct is not None:
        computed = format_pct(i.computed_change_pct, signed=True)
    elif i.computed_change_points is not None:
        computed = format_number(i.computed_change_points) + " points"
    return IndicatorView(
        anchor=f"I-{index}",
        name=i.name,
        unit=i.unit,
        baseline=_indicator_value(i.baseline, i.unit),
        baseline_period=i.baseline.period or "",
        current=_indicator_value(i.current, i.unit),
        current_period=i.current.period or "",
        target=_unit_value(i.target, i.unit) if i.target is not None else "—",
        stated_change=stated,
        computed_change=computed,
        quote=quote_view(i.source),
    )


def norm_subject(text: str) -> str:
    return " ".join(text.split()).casefold()


def event_subject(e: TimelineEvent, lookups: Lookups) -> str | None:
    """The event's subject, else its decision's, else its paper's title."""
    if e.subject:
        return e.subject
    for d in lookups.decisions.get(e.doc_id, []):
        if d.subject and e.decision_number in (None, d.decision_number):
            return d.subject
    doc = lookups.docs.get(e.doc_id)
    return lookups.title(doc) if doc else None


def event_view(e: TimelineEvent, subject: str | None, subject_key: str, lookups: Lookups,
                root: str) -> EventView:
    href = lookups.summary_href(e.doc_id, root)
    anchor = quote_anchor(e.source.char_start, e.source.char_end)
    end = event_end(e)
    return EventView(
        date=e.date,
        date_display=format_event_date(e.date, e.precision.value),
        precision=e.precision.value,
        kind=e.kind,
        kind_label=kind_label(e.kind),
        label=e.label,
        decision_number=e.decision_number,
        decision_maker=e.decision_maker,
        subject=subject,
        subject_key=subject_key,
        doc_id=e.doc_id,
        summary_href=href,
        quote_anchor=anchor,
        quote_href=f"{href}#{anchor}" if href else None,
        page=e.source.page,
        anchor=safe_anchor("ev-", e.id),
        end_date=end,
        end_display=format_event_date(end, e.precision.value) if end else None,
    )


