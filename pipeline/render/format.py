"""Formatting and labels: plain text for templates and exports.

Money is formatted from Decimals, never through float; dates are shown at their honest
precision; labels use the council's own words.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from schemas.records import Funding, FundingPeriod

# --------------------------------------------------------------------------- formatting

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
SEASONS = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}

KIND_LABELS = {
    "decision": "Decision taken",
    "taken": "Decision taken",
    "proposed": "Decision proposed",
    "recommendation": "Recommendation",
    "committee": "Committee",
    "meeting": "Meeting",
    "contract": "Contract",
    "contract_start": "Contract start",
    "contract_end": "Contract end",
    "funding": "Funding agreed",
    "agreement": "Agreement",
    "planned": "Planned review or report",
    "inspection": "Inspection",
    "consultation": "Consultation",
    "history": "Background",
}
KIND_ORDER = tuple(KIND_LABELS)

STATUS_LABELS = {"taken": "Decision taken", "proposed": "Proposed decision",
                 "recommendation": "Recommendation to a decision maker"}
DOC_TYPE_LABELS = {
    "record_of_decision": "Record of decision",
    "proposed_record_of_decision": "Proposed record of decision",
    "decision_report": "Decision report",
    "committee_report": "Committee report",
    "unknown": "Paper of unknown type",
}
PERIOD_LABELS = {"per_year": "per year", "total": "total", "one_off": "one-off",
                 "unspecified": "period not stated"}
ROLE_LABELS = {"component": "component", "total": "stated total", "threshold": "threshold",
               "reference": "reference"}
CHECK_LABELS = {
    "sum": "Parts add up to the total",
    "percent_change": "Percentage change",
    "period": "Per year or total",
    "precision": "Printed precision",
    "cross_document": "Same figure across papers",
    "table_sum": "Table adds up",
}
MISSING_LABELS = {
    "decision_number": "decision number",
    "decision_maker": "decision maker",
    "decision_maker_name": "decision maker's name",
    "decision_date": "decision date",
    "key_decision": "whether it is a key decision",
    "subject": "subject",
    "resolutions": "resolutions",
}
FINDING_STATUS_LABELS = {"pass": "Passed", "warn": "Warning", "fail": "Failed"}
PERCENT_CHECKS = frozenset({"percent_change"})
"""Checks whose expected/actual values are percentages, not pounds."""


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def check_label(check: str) -> str:
    return CHECK_LABELS.get(check, check.replace("_", " ").capitalize())


def _group_thousands(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"


def format_gbp(value: Decimal) -> str:
    """£2,728,288 (whole pounds) or £909,429.33; a minus sign before the pound sign."""
    sign = "-" if value < 0 else ""
    return f"{sign}£{_group_thousands(abs(value))}"


def format_signed_gbp(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_gbp(value)


def format_number(value: Decimal) -> str:
    """1,234 or 12.5 (at most two decimals, trailing zeros dropped)."""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}"
    return text.rstrip("0").rstrip(".")


def format_pct(value: Decimal, *, signed: bool = False, places: int = 1) -> str:
    """'+76.4%'; a small non-zero value keeps two places rather than show as 0%."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not rounded and value:
        rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format_number(rounded) + "%"
    return ("+" + text) if signed and rounded > 0 else text


def format_iso_date(text: str | None) -> str | None:
    """'2015-02-26' -> '26 February 2015'; other ISO prefixes at their precision."""
    if not text:
        return None
    parts = text.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return str(year)
        month = int(parts[1])
        if len(parts) == 2:
            return f"{MONTHS[month - 1]} {year}"
        return f"{int(parts[2])} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return text


def format_event_date(iso: str, precision: str) -> str:
    """'Autumn 2019', 'November 2018', '26 February 2015' or '2017'."""
    if precision == "season":
        try:
            year, month = (int(p) for p in iso.split("-")[:2])
        except ValueError:
            return iso
        season = SEASONS.get(month)
        return f"{season} {year}" if season else (format_iso_date(iso) or iso)
    if precision == "year":
        return iso[:4]
    if precision == "month":
        return format_iso_date(iso[:7]) or iso
    return format_iso_date(iso[:10]) or iso


def first_day(iso: str) -> date | None:
    """The first day an ISO prefix covers ('2019-09' -> 2019-09-01), or None."""
    parts = iso.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def safe_anchor(prefix: str, raw: str) -> str:
    """An HTML id (and URL fragment) safe form: 'F-' + '002_b0:F003' -> 'F-002_b0-F003'."""
    return prefix + (_UNSAFE.sub("-", raw).strip("-") or "x")


def funding_anchor(funding: Funding) -> str:
    raw = funding.id or f"{funding.doc_id}-{funding.source.char_start}-{funding.source.char_end}"
    return safe_anchor("F-", raw)


def quote_anchor(char_start: int, char_end: int) -> str:
    return f"q-{char_start}-{char_end}"


def annualised(funding: Funding) -> tuple[Decimal | None, bool]:
    """(amount per year, derived?): per_year as stated; a total over N years divided by N."""
    if funding.period == FundingPeriod.per_year:
        return funding.amount_gbp, False
    if funding.period == FundingPeriod.total and funding.period_years:
        return funding.amount_gbp / Decimal(funding.period_years), True
    return None, False
