"""Timeline exports: CSV, iCalendar (through the icalendar library) and TimelineJS JSON.

* ``timeline.csv``: one row per dated event, with its paper's readable title and the
  subject and decision maker of the decision it is about (from the event, else from its
  paper's decision; a paper without a decision gives its title as the subject); every
  cell guarded against spreadsheet formulas.
* ``timeline.ics``: one all-day event per event (``DTSTART;VALUE=DATE``); a range spans
  its days; a month, season or year event sits on its first day with the precision said in
  its SUMMARY ("(November 2018; month only)"); DTSTAMP is the run time; URL is the paper's
  summary; the same meeting printed in two papers is one event (its description names
  both).  UIDs hash the paper and the quoted span, so re-importing updates, not duplicates.
* ``timeline.json`` (TimelineJS): plain text (no HTML entities; ``<`` and ``>``, which
  TimelineJS would read as markup, are written as ‹ and ›), end dates for ranges, and an
  era per financial year the timeline covers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from icalendar import Calendar, Event

from pipeline.render.chains import DECIDED_KINDS
from pipeline.render.context import Lookups, summary_path
from pipeline.render.format import first_day, format_event_date, kind_label
from pipeline.render.ranges import event_end, last_day
from pipeline.store import Corpus, atomic_write_text, timeline_key
from pipeline.validate.csv_report import csv_cell
from schemas.records import TimelineEvent

EXPORTS = (
    ("timeline.csv", "Timeline as CSV"),
    ("timeline.ics", "Timeline as iCalendar (for calendar programs)"),
    ("timeline.json", "Timeline as TimelineJS data"),
)
CSV_COLUMNS = (
    "date", "precision", "date_display", "end_date", "kind", "kind_label", "label",
    "decision_number", "decision_maker", "subject", "doc_id", "paper_title", "page",
    "char_start", "char_end", "quote", "summary",
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


# --------------------------------------------------------------------------- rows with context


@dataclass(frozen=True)
class EventRow:
    """An event with what its paper adds: readable title, subject, decision maker."""

    event: TimelineEvent
    paper_title: str
    subject: str | None
    decision_maker: str | None
    summary: str | None  # path of the paper's summary, relative to the output folder


def event_rows(events: Sequence[TimelineEvent], lookups: Lookups | None = None) -> list[EventRow]:
    rows = []
    for e in events:
        subject, maker, title = e.subject, e.decision_maker, e.doc_id
        summary: str | None = summary_path(e.doc_id)
        if lookups is not None:
            decision = lookups.decision_of(e)
            subject = subject or (decision.subject if decision else None)
            if decision is not None and (e.kind in DECIDED_KINDS or (e.decision_number and e.decision_number == decision.decision_number)):
                maker = maker or decision.decision_maker  # only for the decision itself, not background
            doc = lookups.docs.get(e.doc_id)
            title = lookups.title(doc) if doc else e.doc_id
            summary = summary_path(e.doc_id) if e.doc_id in lookups.ok_ids else None
            subject = subject or title  # as on the timeline page: what the paper is about
        rows.append(EventRow(e, title, subject, maker, summary))
    return rows


def timeline_csv(events: Sequence[TimelineEvent], lookups: Lookups | None = None) -> str:
    """The CSV text, with a UTF-8 byte-order mark (so Excel shows "£" correctly); every
    text cell a spreadsheet would read as a formula is prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in event_rows(events, lookups):
        e = row.event
        writer.writerow([csv_cell(cell) for cell in (
            e.date, e.precision.value, _display(e), event_end(e) or "", e.kind, kind_label(e.kind),
            e.label, e.decision_number or "", row.decision_maker or "", row.subject or "",
            e.doc_id, row.paper_title, e.source.page, e.source.char_start, e.source.char_end,
            e.source.quote, row.summary or "",
        )])
    return "\ufeff" + buffer.getvalue()


# --------------------------------------------------------------------------- calendar


def _meeting_key(e: TimelineEvent) -> tuple[str, str, str, str]:
    words = re.findall(r"[a-z0-9]+", e.label.casefold().replace("’", "'"))
    return (e.date, e.precision.value, e.kind, " ".join(w for w in words if w != "meeting"))


def _groups(rows: Sequence[EventRow], uids: Sequence[str]) -> list[tuple[str, list[EventRow]]]:
    """Events that are one happening printed in several papers (same date, precision,
    kind and label) as one group, under the first paper's UID."""
    groups: dict[tuple[str, str, str, str], tuple[str, list[EventRow]]] = {}
    for row, uid in zip(rows, uids):
        groups.setdefault(_meeting_key(row.event), (uid, []))[1].append(row)
    return list(groups.values())


def _description(rows: Sequence[EventRow]) -> list[str]:
    e = rows[0].event
    lines = [f"Date as the paper gives it: {_display(e)} (precision: {e.precision.value})."]
    end = event_end(e)
    if end:
        lines.append(f"Until {format_event_date(end, e.precision.value)}.")
    if e.decision_number:
        lines.append(f"Decision {e.decision_number}.")
    if rows[0].decision_maker:
        lines.append(f"Decision maker: {rows[0].decision_maker}.")
    if rows[0].subject:
        lines.append(f"Subject: {rows[0].subject}")
    for row in rows:
        where = f" ({row.summary})" if row.summary else ""
        lines.append(f"Paper: {row.paper_title} [{row.event.doc_id}], page {row.event.source.page}{where}.")
        lines.append(f"Quote: “{row.event.source.quote}”")
    return lines


def timeline_ics(events: Sequence[TimelineEvent], lookups: Lookups | None = None, *,
                 stamp: datetime | None = None, base_url: str | None = None) -> str:
    """The iCalendar text.  ``stamp`` is the run time (DTSTAMP; default now, UTC);
    ``base_url`` the output folder's URL, for each event's URL to its summary."""
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "papertrail decision timeline")
    rows = event_rows(events, lookups)
    for uid, group in _groups(rows, event_uids(events)):
        e = group[0].event
        day = first_day(e.date)
        if day is None:
            continue
        end = event_end(e)
        until = last_day(end) if end and e.precision.value != "season" else None
        summary = f"{kind_label(e.kind)}: {e.label}"
        if e.precision.value != "day":
            summary += f" ({_display(e)}; {e.precision.value} only)"
        vevent = Event()
        vevent.add("uid", f"{uid}@papertrail")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", day)
        vevent.add("dtend", (until if until and until >= day else day) + timedelta(days=1))
        vevent.add("summary", summary)
        vevent.add("description", "\n".join(_description(group)))
        vevent.add("categories", [kind_label(e.kind)])
        vevent.add("transp", "TRANSPARENT")
        if base_url and group[0].summary:
            vevent.add("url", base_url.rstrip("/") + "/" + group[0].summary)
        cal.add_component(vevent)
    return cal.to_ical().decode("utf-8")


# --------------------------------------------------------------------------- TimelineJS


def plain(text: str) -> str:
    """Text for TimelineJS, which shows it as HTML: no entities, and no markup (< and >
    become ‹ and ›)."""
    return " ".join(text.replace("<", "‹").replace(">", "›").split())


def _tl_date(iso: str, precision: str, display: str | None = None) -> dict[str, int | str]:
    parts = [int(p) for p in iso.split("-")]
    out: dict[str, int | str] = {"year": parts[0]}
    if len(parts) > 1 and precision in ("month", "season", "day"):
        out["month"] = parts[1]
    if len(parts) > 2 and precision == "day":
        out["day"] = parts[2]
    if display:
        out["display_date"] = display
    return out


def financial_year_eras(events: Sequence[TimelineEvent]) -> list[dict[str, object]]:
    """One era per financial year (1 April to 31 March) the events span."""
    days = [d for e in events if (d := first_day(e.date))]
    if not days:
        return []
    first = min(days).year - (1 if min(days).month < 4 else 0)
    last = max(days).year - (1 if max(days).month < 4 else 0)
    return [
        {
            "start_date": {"year": y, "month": 4, "day": 1},
            "end_date": {"year": y + 1, "month": 3, "day": 31},
            "text": {"headline": f"{y}-{(y + 1) % 100:02d}", "text": f"Financial year {y}-{(y + 1) % 100:02d}"},
        }
        for y in range(first, last + 1)
    ]


def timeline_js(events: Sequence[TimelineEvent], lookups: Lookups | None = None) -> str:
    """TimelineJS data: plain text, ranges with end dates, financial years as eras."""
    slides = []
    rows = event_rows(events, lookups)
    for uid, group in _groups(rows, event_uids(events)):
        e = group[0].event
        if first_day(e.date) is None:
            continue
        slide: dict[str, object] = {
            "unique_id": f"event-{uid}",
            "start_date": _tl_date(e.date, e.precision.value, _display(e)),
            "display_date": _display(e),
            "group": kind_label(e.kind),
            "text": {"headline": plain(e.label), "text": plain(" ".join(_description(group)))},
        }
        end = event_end(e)
        if end:
            slide["end_date"] = _tl_date(end, e.precision.value)
            slide["display_date"] = f"{_display(e)} to {format_event_date(end, e.precision.value)}"
        slides.append(slide)
    papers = len({e.doc_id for e in events})
    data = {
        "title": {"text": {
            "headline": "Decision timeline",
            "text": f"{len(slides)} dated events from {papers} papers, at the precision each paper gives.",
        }},
        "events": slides,
        "eras": financial_year_eras(events),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_exports(out_dir: Path, corpus: Corpus, lookups: Lookups | None = None, *,
                  stamp: datetime | None = None, base_url: str | None = None) -> None:
    """Write timeline.csv, timeline.ics and timeline.json into ``out_dir``."""
    events = _events(corpus)
    lookups = lookups or Lookups.of(corpus)
    if base_url is None:
        base_url = out_dir.resolve().as_uri()
    atomic_write_text(out_dir / "timeline.csv", timeline_csv(events, lookups))
    atomic_write_text(out_dir / "timeline.ics", timeline_ics(events, lookups, stamp=stamp, base_url=base_url))
    atomic_write_text(out_dir / "timeline.json", timeline_js(events, lookups))
