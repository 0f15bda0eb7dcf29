"""Date ranges of timeline events: where a range ends, and the last day a date covers."""

from __future__ import annotations

import calendar
from datetime import date

from schemas.records import TimelineEvent


def event_end(e: TimelineEvent) -> str | None:
    """The end of a range ("1 April 2025 to 31 March 2026" -> "2026-03-31"): the event's
    own ``end_date``, else read from the date as printed; None for a single date."""
    if e.end_date:
        return e.end_date
    if not e.date_text:
        return None
    from pipeline.extract.dates import parse_date  # the extractor's own date reader

    found = parse_date(e.date_text)
    if found is None or not found.end_iso or found.end_iso <= found.iso:
        return None
    if not (found.iso.startswith(e.date) or e.date.startswith(found.iso)):
        return None
    return found.end_iso


def last_day(iso: str) -> date | None:
    """The last day an ISO prefix covers ('2019-02' -> 2019-02-28), or None."""
    parts = iso.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 12
        day = int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1]
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


