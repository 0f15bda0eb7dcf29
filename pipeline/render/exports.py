"""Timeline exports: CSV, iCalendar (through the icalendar library) and TimelineJS JSON.

Each event keeps its honest precision: a month, season or year event becomes an all-day
event on its first day, with the precision said in its summary and description.  UIDs
hash the paper and the quoted span, so re-importing a calendar updates, not duplicates.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from icalendar import Calendar, Event

from pipeline.render.format import first_day, format_event_date, kind_label
from pipeline.store import Corpus, atomic_write_text, timeline_key
from pipeline.validate.csv_report import spreadsheet_safe
from schemas.records import TimelineEvent

EXPORTS = (
    ("timeline.csv", "Timeline as CSV"),
    ("timeline.ics", "Timeline as iCalendar (for calendar programs)"),
    ("timeline.json", "Timeline as TimelineJS data"),
)
CSV_COLUMNS = (
    "date", "precision", "date_display", "kind", "kind_label", "label", "decision_number",
    "decision_maker", "subject", "doc_id", "page", "char_start", "char_end", "quote", "summary",
)
PRODID = "-//papertrail//decision timeline//EN"


def _events(corpus: Corpus) -> list[TimelineEvent]:
    return sorted(corpus.timeline, key=timeline_key)


def event_uids(events: Sequence[TimelineEvent]) -> list[str]:
    """Stable ids: a hash of the paper and the quoted span (and the kind, only where two
    events share one span)."""
    spans = Counter((e.doc_id, e.source.char_start, e.source.char_end) for e in events)
    uids = []
    for e in events:
        key = f"{e.doc_id}:{e.source.char_start}:{e.source.char_end}"
        if spans[(e.doc_id, e.source.char_start, e.source.char_end)] > 1:
            key += f":{e.kind}:{e.date}"
        uids.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    return uids


def _display(e: TimelineEvent) -> str:
    return format_event_date(e.date, e.precision.value)


def timeline_csv(events: Sequence[TimelineEvent]) -> str:
    """The CSV text, with a UTF-8 byte-order mark (so Excel shows "£" correctly); text
    cells a spreadsheet would read as a formula are prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for e in events:
        writer.writerow([
            cell if isinstance(cell, int) else spreadsheet_safe(cell)
            for cell in (
                e.date, e.precision.value, _display(e), e.kind, kind_label(e.kind), e.label,
                e.decision_number or "", e.decision_maker or "", e.subject or "", e.doc_id,
                e.source.page, e.source.char_start, e.source.char_end, e.source.quote,
                f"summaries/{e.doc_id}.html",
            )
        ])
    return "\ufeff" + buffer.getvalue()


def _description(e: TimelineEvent) -> list[str]:
    lines = [f"Date as the paper gives it: {_display(e)} (precision: {e.precision.value})."]
    if e.decision_number:
        lines.append(f"Decision {e.decision_number}.")
    if e.decision_maker:
        lines.append(f"Decision maker: {e.decision_maker}.")
    if e.subject:
        lines.append(f"Subject: {e.subject}")
    lines.append(f"Paper {e.doc_id}, page {e.source.page} (summaries/{e.doc_id}.html).")
    lines.append(f"Quote: “{e.source.quote}”")
    return lines


def timeline_ics(events: Sequence[TimelineEvent]) -> str:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "papertrail decision timeline")
    for e, uid in zip(events, event_uids(events)):
        day = first_day(e.date)
        if day is None:
            continue
        summary = f"{kind_label(e.kind)}: {e.label}"
        if e.precision.value != "day":
            summary += f" ({_display(e)}; {e.precision.value} only)"
        vevent = Event()
        vevent.add("uid", f"{uid}@papertrail")
        # No clock: the stamp is the event's own first day, so output stays reproducible.
        vevent.add("dtstamp", datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
        vevent.add("dtstart", day)
        vevent.add("dtend", day + timedelta(days=1))
        vevent.add("summary", summary)
        vevent.add("description", "\n".join(_description(e)))
        vevent.add("categories", [kind_label(e.kind)])
        vevent.add("transp", "TRANSPARENT")
        cal.add_component(vevent)
    return cal.to_ical().decode("utf-8")


def timeline_js(events: Sequence[TimelineEvent]) -> str:
    """TimelineJS data.  TimelineJS shows headline and text as HTML, so paper text is
    escaped here (escaping only: no markup is added)."""
    slides = []
    for e, uid in zip(events, event_uids(events)):
        day = first_day(e.date)
        if day is None:
            continue
        start: dict[str, int | str] = {"year": day.year}
        if e.precision.value in ("month", "season", "day"):
            start["month"] = day.month
        if e.precision.value == "day":
            start["day"] = day.day
        start["display_date"] = _display(e)
        slides.append({
            "unique_id": f"event-{uid}",
            "start_date": start,
            "display_date": _display(e),
            "group": kind_label(e.kind),
            "text": {
                "headline": html.escape(e.label),
                "text": html.escape(" ".join(_description(e))),
            },
        })
    papers = len({e.doc_id for e in events})
    data = {
        "title": {"text": {
            "headline": "Decision timeline",
            "text": html.escape(f"{len(slides)} dated events from {papers} papers, at the precision each paper gives."),
        }},
        "events": slides,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_exports(out_dir: Path, corpus: Corpus) -> None:
    events = _events(corpus)
    atomic_write_text(out_dir / "timeline.csv", timeline_csv(events))
    atomic_write_text(out_dir / "timeline.ics", timeline_ics(events))
    atomic_write_text(out_dir / "timeline.json", timeline_js(events))
