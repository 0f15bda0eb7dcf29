"""Timeline: every dated event in a paper, sorted by date.

Events, in the order they claim a date:

1. the decision: a taken decision's signed date (kind ``decision``), or the date a
   proposed or recommended decision is due ("Date of decision: ...", kind ``proposed``);
   the day it was published (``published``) and takes effect (``effective``), where given;
2. the committees that considered it (the decision's consultations, kind ``committee``);
3. a table of meeting dates ("Past committees": one column per committee);
4. any other date whose sentence matches a kind in ``patterns/decision_events.json``
   (inspection, contract, planned, committee, meeting, funding, agreement, history).

Not events: a date no rule matches (an indicator's period, "Apr-19" in a table), an
Act's year ("Children Act 2004"), a financial year labelling a figure.  One event is
kept per kind, date and committee.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date as _date
from functools import lru_cache

from pipeline.extract.nlp import Parsed

from pipeline.extract.common import sentence_span, source
from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.decisions.minutes import is_minutes
from pipeline.extract.decisions.minutes import title_case as _title_case
from pipeline.extract.decisions.signoff import find_signed_date
from pipeline.extract.sections import Span, labelled_value, load_rules, sections
from pipeline.structure import Structure, structure
from schemas.structure import BlockKind, ColumnRole, TableRow as Row, TableStructure
from pipeline.extract.nlp import entities_in
from pipeline.extract.timeline.text import (
    LABEL_CHARS,
    cut_label,
    clause,
    date_in,
    line_at,
    only_dates,
    range_end,
    sentence_around,
    sentence_label,
    without_list_mark,
    figure_date,
    year_in_name,
)
from schemas.records import (
    Consultation,
    Decision,
    DecisionStatus,
    Document,
    Precision,
    TimelineEvent,
)

_DUE_LABEL = re.compile(
    r"(?:date\s+of\s+decision|decision\s+date|decision\s+due(?:\s+date)?|(?:proposed|expected|earliest)\s+(?:decision\s+)?date"
    r"|date\s+(?:the\s+)?decision\s+(?:is\s+)?(?:to\s+be|will\s+be)\s+taken)\s*:",
    re.IGNORECASE,
)
_HEAD_CHARS = 1200
_MEETING_DATE_LABEL = re.compile(
    r"(?:date\s+of\s+(?:the\s+)?(?:meeting|committee)|meeting\s+date|date\s*(?:/|and)\s*time)\s*:", re.IGNORECASE
)
_REPORT_TO_LABEL = re.compile(r"(?:report\s+to|to|meeting|committee)\s*:", re.IGNORECASE)
_PAST_TABLE_HEADING = re.compile(r"\b(?:past|previous|earlier)\b", re.IGNORECASE)
_COMMITTEE_WORD = re.compile(
    r"\b(?:committee|scrutiny|panel|board|cabinet|council|HOSC)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class _Rule:
    kind: str
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], tuple[_Rule, ...]]:
    data = load_rules("decision_events.json")
    # a rule's patterns as one alternation: one search per rule, the same answer as any()
    rules = tuple(
        _Rule(rule["kind"], (re.compile("|".join(f"(?:{p})" for p in rule["any"]), re.IGNORECASE),))
        for rule in data["kinds"]
    )
    return re.compile(data["not_before"], re.IGNORECASE), rules


_TIMETABLE = re.compile(
    r"\b(?:milestones?|timetable|timeline|timescales?|key\s+dates|dates?|when|deadlines?|programme|stages?|"
    r"activit(?:y|ies)|actions?|tasks?|completion|target\s+date|by\s+when)\b",
    re.IGNORECASE,
)
_FIGURE_ROLES = frozenset(
    {ColumnRole.budget, ColumnRole.actual, ColumnRole.forecast, ColumnRole.variance, ColumnRole.variance_pct,
     ColumnRole.percent, ColumnRole.total, ColumnRole.amount}
)
_MONTH_NAMES = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# a timetable's column of dates ("Date", "Dates", "When", "Deadline", "Timescale")
_DATE_COLUMN = re.compile(r"\b(?:dates?|when|deadlines?|timescales?|timings?|target\s+date|by\s+when|completion)\b", re.IGNORECASE)
# a date left open at the end of a line, the rest on the next: a range ("26th March
# 2021 -", "13th June - 25th") or a day and month whose year follows ("16th December")
_OPEN_DATE = re.compile(
    rf"(?:[-\u2010-\u2014]|\bto|\buntil|[-\u2010-\u2014]\s*\d{{1,2}}(?:\s?(?:st|nd|rd|th))?"
    rf"|\b\d{{1,2}}(?:\s?(?:st|nd|rd|th))?\s+(?:{_MONTH_NAMES})[a-z]*)\s*$",
    re.IGNORECASE,
)
# a line whose date cell starts with a date, also one printed without its year
_DATE_START = re.compile(
    rf"^\s*(?:\d{{1,2}}(?:\s?(?:st|nd|rd|th))?\s+(?:of\s+)?(?:{_MONTH_NAMES})|(?:{_MONTH_NAMES})[a-z]*\s+\d|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|Q[1-4]\b|(?:19|20)\d\d\b)",
    re.IGNORECASE,
)


def _timetable_entries(table: TableStructure, rows: list[Row], date_columns: frozenset[int]) -> list[list[Row]]:
    """A timetable's rows as printed entries.  An unruled table that wraps its cells
    gives one row per printed line; a line continues the entry above unless it starts
    one: its label starts with a capital (or a quote or figure) and its date cell with
    a date, while the date above does not end in an open range."""
    entries: list[list[Row]] = []
    for row in rows:
        date_text = " ".join(c.text for c in row.cells if c.column in date_columns).strip()
        label = next((c.text.strip() for c in row.cells if c.column not in date_columns and c.text.strip()), "")
        above = " ".join(c.text for r in entries[-1] for c in r.cells if c.column in date_columns) if entries else ""
        starts_date = bool(_DATE_START.match(date_text) or find_dates(date_text))
        starts = starts_date and (not label or not label[0].islower()) and not _OPEN_DATE.search(above)
        if starts or not entries:
            entries.append([row])
        else:
            entries[-1].append(row)
    return entries


_QUARTER = re.compile(r"(?:Q|quarter)\s*[1-4]\b", re.IGNORECASE)
_WEEK_COMMENCING = re.compile(r"\b(?:w/c|w\.c\.|week\s+(?:commencing|beginning))\s", re.IGNORECASE)


def extract_timeline(
    doc: Document, parsed: Parsed, decisions: list[Decision], struct: Structure | None = None
) -> list[TimelineEvent]:
    text = doc.text
    if not text.strip():
        return []
    dates = find_dates(text)
    # the paper's own date: the first day printed in its head (the meeting it is for, its
    # date of issue), else the day of a decision it records, else its most printed year
    head = [d.iso for d in dates if d.precision == "day" and d.start < _HEAD_CHARS]
    taken = sorted(d.decision_date for d in decisions if d.decision_date)
    paper_day = head[0] if head else (taken[-1] if taken else None)
    years = Counter(d.iso[:4] for d in dates if d.precision == "day")
    year = int(paper_day[:4]) if paper_day else (int(years.most_common(1)[0][0]) if years else None)
    if year is not None:
        # a day and month printed without a year ("Monday 25th June", "w/c 3 June",
        # "the next meeting on 24th September"): see _yearless
        hinted = find_dates(text, year_hint=year)
        printed = {d.start for d in dates}
        consistent = not years or years.most_common(1)[0][0] == str(year)
        dates = sorted(
            [d for d in hinted if d.start in printed]
            + _yearless(text, [d for d in hinted if d.start not in printed], paper_day, consistent),
            key=lambda d: d.start,
        )
    builder = _Builder(doc, parsed, struct or structure(doc))
    builder.paper_day = paper_day
    builder.decision_events(decisions, dates)
    builder.publication_events(decisions, dates)
    builder.table_events(dates)
    builder.meeting_event(dates)
    builder.listed_meeting_events(dates)
    builder.sentence_events(dates)
    return sorted(builder.events, key=lambda e: (e.date, e.source.char_start))


# a line that gives a paper's date of issue: "Dated: 18 December 2017", "Publication Date:
# 12 January 2026", "Date: 16 May 2024", "Published on ..."
_PUBLISHED_LINE = re.compile(r"\s*(?:dated|date(?:\s+of\s+(?:publication|notice|issue))?|publication\s+date|published|issued)\b", re.IGNORECASE)
# a council named as printed: "County Council", "Tayport Community Council"
_COUNCIL_NAME = re.compile(
    r"(?:\b(?!(?i:report|to|from|the|of|for|at|by|meeting|agenda|minutes)\b)[A-Z][\w'’-]*[ \t]+){0,3}?\b(?i:County|District|Borough|City|Town|Parish|Community|Metropolitan)[ \t]+(?i:Council)\b"
)
_MINUTES = re.compile(r"\bminutes\b", re.IGNORECASE)
_WEEKDAY_NAME = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)
_PAST_CUE = re.compile(r"\b(?:was|were|had|took\s+place|has\s+been|have\s+been|last)\b", re.IGNORECASE)
_FUTURE_CUE = re.compile(r"\b(?:will|shall|next\s+year|is\s+to|are\s+to|forthcoming|due\s+to)\b", re.IGNORECASE)
# a listed paper: "[mark] Title, Body, " before its meeting's date
_LISTED_ITEM = re.compile(
    r"\s*(?P<mark>[•\-–*]\s+|\(?[a-z0-9]{1,3}[.)]\s+)?(?P<title>[^\n]{3,}?),\s*(?P<body>[^,\n]{3,80}?),\s*"
)
_BODY_WORD = re.compile(
    r"\b(?:Executive|Cabinet|Council|Committee|Sub-?Committee|Board|Panel|Scrutiny|Sub-?group|Forum|Commission|Assembly)\b"
)
_BACKGROUND_HEADING = re.compile(r"\s*(?:\d+(?:\.\d+)*\.?\s+)?background\s+(?:documents|papers|reports)\b", re.IGNORECASE)
_LISTED_LINE_CHARS = 300


def _yearless(text: str, found: list[DateMatch], paper_day: str | None, consistent: bool) -> list[DateMatch]:
    """Days printed without a year, each given its year: the year whose calendar puts
    the printed weekday on that day ("Saturday, 1 November" in a paper of November 2024
    is 2025), else the paper's own year, a year earlier for something the sentence says
    happened after the paper's date ("was published on 30th August"), a year later for
    something it says will happen before it ("next year ... on 1 November").  Without a
    weekday, only in a paper whose printed days are of its own year (a report dated
    2025 about 2024's events gives its yearless days no year)."""
    out: list[DateMatch] = []
    for date in found:
        day = _date.fromisoformat(date.iso)
        weekday = _WEEKDAY_NAME.match(date.text)
        if weekday:
            wanted = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(weekday.group(1).lower())
            fits = [y for y in (day.year, day.year + 1, day.year - 1) if _valid_day(y, day.month, day.day) and _date(y, day.month, day.day).weekday() == wanted]
            if not fits:
                continue
            year = fits[0]
        else:
            if not consistent:
                continue
            year = day.year
            if paper_day:
                # the verb that dates it: within the eight words before the date
                start, _ = sentence_span(text, date.start, date.end)
                before = " ".join(text[start : date.start].split()[-8:])
                if date.iso > paper_day and _PAST_CUE.search(before) and not _FUTURE_CUE.search(before):
                    year -= 1
                elif date.iso < paper_day[: len(date.iso)] and _FUTURE_CUE.search(before) and not _PAST_CUE.search(before):
                    year += 1
        if not _valid_day(year, day.month, day.day):
            continue
        iso = f"{year:04d}-{day.month:02d}-{day.day:02d}"
        out.append(DateMatch(date.start, date.end, date.text, iso, date.precision, date.end_iso, date.kind))
    return out


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        _date(year, month, day)
    except ValueError:
        return False
    return True


class _Builder:
    def __init__(self, doc: Document, parsed: Parsed, struct: Structure) -> None:
        self.doc = doc
        self.struct = struct
        self.text = doc.text
        self.parsed = parsed
        self.events: list[TimelineEvent] = []
        self.claimed: set[int] = set()
        self.keys: set[tuple[str, str, str | None]] = set()
        self.paper_day: str | None = None

    # ----------------------------------------------------------------- adding

    def add(
        self,
        date: DateMatch,
        kind: str,
        label: str,
        span: Span,
        *,
        decision: Decision | None = None,
        key: str | None = None,
        about_decision: bool = False,
    ) -> None:
        """Add an event, unless one of the same kind, date and key (committee, subject)
        is already there (a date printed twice is one event)."""
        self.claimed.add(date.start)
        identity = (kind, date.iso, key)
        if identity in self.keys:
            return
        self.keys.add(identity)
        self.events.append(
            TimelineEvent(
                date=date.iso,
                precision=Precision(date.precision),
                date_text=date.text,
                label=label,
                kind=kind,
                doc_id=self.doc.doc_id,
                decision_number=decision.decision_number if decision else None,
                decision_maker=decision.decision_maker if decision and about_decision else None,
                subject=decision.subject if decision and about_decision else None,
                end_date=date.end_iso if date.end_iso and len(date.end_iso) == len(date.iso) and date.end_iso > date.iso else None,
                source=source(self.doc, *span),
            )
        )

    # ----------------------------------------------------------------- 1, 2: the decision

    def decision_events(self, decisions: list[Decision], dates: list[DateMatch]) -> None:
        text = self.text
        minutes = is_minutes(self.struct)
        signed = find_signed_date(text) if not minutes else None
        for decision in decisions:
            maker = decision.decision_maker or "the decision maker"
            if decision.decision_number:
                what = f"Decision {decision.decision_number}"
            elif decision.subject:
                what = f"Decision on {decision.subject}"
            else:
                what = "Decision"
            if decision.status is DecisionStatus.taken and decision.decision_date:
                found = (
                    signed if signed is not None and signed.iso == decision.decision_date else None
                )
                found = found or next((d for d in dates if d.iso == decision.decision_date), None)
                if found is not None:
                    self.add(
                        found,
                        "decision",
                        f"{what} taken by the {maker}",
                        line_at(text, found.start),
                        decision=decision,
                        about_decision=True,
                        key=decision.subject,
                    )
            elif decision.status is not DecisionStatus.taken:
                due = labelled_value(self.struct, _DUE_LABEL, limit=4000)
                found = date_in(dates, *due[1]) if due else None
                if found and due:
                    self.add(
                        found,
                        "proposed",
                        f"{what} due to be taken by the {maker}",
                        due[1],
                        decision=decision,
                        about_decision=True,
                    )
            for consultation in decision.consultations:
                self._consultation_event(decision, consultation, dates, minutes)

    def publication_events(self, decisions: list[Decision], dates: list[DateMatch]) -> None:
        """The day a decision was published (kind ``published``) and the day it takes
        effect, once the call-in period ends (kind ``effective``): web pages print both
        ("Publication date:", "Date comes into force if not called in:", a list's
        "Effective from" column).  Each is the date printed in the decision's own span;
        where both are the same day, the effective date is its second printing."""
        published: set[tuple[str, str]] = set()
        for decision in decisions:
            span = (decision.source.char_start, decision.source.char_end)
            inside = [d for d in dates if span[0] <= d.start and d.end <= span[1]]
            what = f"Decision {decision.decision_number}" if decision.decision_number else (
                f"Decision on {decision.subject}" if decision.subject else "Decision"
            )
            used: set[int] = set()
            for iso, kind, label in (
                (decision.date_published, "published", f"{what} published"),
                (decision.effective_from, "effective", f"{what} takes effect" + (" (call-in period ends)" if decision.call_in else "")),
            ):
                found = [d for d in inside if d.iso == iso and d.start not in used] if iso else []
                if not found and kind == "published" and iso:
                    # a notice prints its date apart from what it decides ("Dated: 18
                    # December 2017" under the signature): one event for the paper, unless
                    # that printing already dates the decision itself
                    found = [d for d in dates if d.iso == iso and d.start not in used
                             and d.start not in self.claimed  # one printing, one event
                             and _PUBLISHED_LINE.match(self.text, *line_at(self.text, d.start))]
                    if found and ("published", iso) in published:
                        continue
                if not found and kind == "effective" and iso:
                    # a notice prints the day its order takes effect apart from what it
                    # decides ("DURATION: Starting on 20 June 2022"): that printing, unless
                    # a sentence saying so ("will come into force on ...") gives the event
                    found = [d for d in dates if d.iso == iso and d.start not in used and d.start not in self.claimed]
                    if any(self._sentence_kind(d) == "effective" for d in found):
                        continue
                if not found:
                    continue
                date = found[-1] if kind == "effective" else found[0]
                used.add(date.start)
                if kind == "published":
                    published.add((kind, iso))
                self.add(date, kind, label, line_at(self.text, date.start), decision=decision,
                         about_decision=True, key=decision.subject)

    def _sentence_kind(self, date: DateMatch) -> str | None:
        """The kind the timeline rules give the sentence (or clause) around a date."""
        _, rules = _rules()
        span = sentence_around(self.text, date)
        part = clause(self.text, span, date)
        return _kind(rules, self.text[part[0] : part[1]]) or _kind(rules, self.text[span[0] : span[1]])

    def _consultation_event(
        self, decision: Decision, consultation: Consultation, dates: list[DateMatch], minutes: bool
    ) -> None:
        if consultation.date is None or consultation.source is None:
            return
        text = self.text
        span = (consultation.source.char_start, consultation.source.char_end)
        found = date_in(dates, *span, iso=consultation.date)
        if found is None:
            return
        line_start = text.rfind("\n", 0, span[0]) + 1
        pathway = "pathway" in text[line_start : span[0]].lower()
        what = "the paper" if pathway else "the proposal" if minutes else "the proposed decision"
        label = f"{consultation.committee} considers {what}"
        if consultation.outcome:
            label += f" ({consultation.outcome})"
        self.add(found, "committee", label, span, decision=decision, key=consultation.committee)

    # ------------------------------------------------------- 2b: the meeting the paper goes to

    def meeting_event(self, dates: list[DateMatch]) -> None:
        """The meeting a report is for, from its header: "Date of meeting: 26 January
        2023" under "Report to: Adult Social Care Committee", "Report to Cabinet – 15
        February 2022", or "CABINET" over a line "14 December 2022"."""
        text = self.text
        head = min(len(text), _HEAD_CHARS)
        # a report names the council it goes to ("To: County Council, 13 March 2025");
        # minutes name the council whose meeting they record, a 'meeting' of their own
        councils = not _MINUTES.search(text, 0, head)
        labelled = labelled_value(self.struct, _MEETING_DATE_LABEL, limit=head)
        if labelled:
            date = date_in(dates, *labelled[1])
            to = labelled_value(self.struct, _REPORT_TO_LABEL, limit=head)
            body = self._body_in(*to[1], councils) if to else self._body_in(0, labelled[0][0], councils)
            if (
                date is not None
                and date.precision == "day"
                and body
                and date.start not in self.claimed
            ):
                self.add(date, "committee", f"{body} meeting", line_at(text, date.start), key=body)
                return
        for date in dates:
            if date.start >= head or date.precision != "day" or date.start in self.claimed:
                continue
            line_start, line_end = line_at(text, date.start)
            line = text[line_start:line_end]
            if len(line) > 100 or "pathway" in line.lower() or "date of" in line.lower():
                continue
            body = self._body_in(line_start, line_end, councils)
            if body is None and not _WEEKDAY_NAME.sub("", line.replace(date.text, "")).strip(" \t,–-"):
                above = len(text[:line_start].rstrip())  # the line above, past blank lines
                previous = text.rfind("\n", 0, above)
                body = self._body_in(
                    previous + 1, max(previous + 1, above), councils
                )  # "CABINET" over "14 December 2022"
            if body is not None:
                self.add(date, "committee", f"{body} meeting", (line_start, line_end), key=body)
                return

    def _body_in(self, start: int, end: int, councils: bool = False) -> str | None:
        """The committee or role named between ``start`` and ``end``; with ``councils``,
        else a council by its printed name ("County Council", "TAYPORT COMMUNITY COUNCIL
        MEETING")."""
        for ent in entities_in(self.parsed, start, end, ("COMMITTEE", "ROLE")):
            if (
                ent.start_char >= start
                and ent.end_char <= end
            ):
                return _title_case(
                    re.sub(r"^the\s+", "", " ".join(ent.text.split()), flags=re.IGNORECASE)
                )
        council = _COUNCIL_NAME.search(self.text, start, end) if councils else None
        return _title_case(" ".join(council.group(0).split())) if council else None

    # ----------------------------------------------------------------- 3: meeting-dates tables

    def table_events(self, dates: list[DateMatch]) -> None:
        """Dates in tables, read from the structure: a table whose header row names
        committees ("Past committees": "Childrens Cabinet Committee | HOSC", then rows of
        dates), and a timetable of milestones (one event per row, labelled by its row:
        "Public consultation | 1 July 2024", "Contract award | Q3 2024/25")."""
        for block, table in self.struct.tables:
            if block.char_start is None or not table.rows:
                continue
            committee_header = self._committee_columns(table)
            # a table of dated activities; a register of money or rates with a date per
            # row (investments and their maturity dates, grants and their payment
            # dates) lists holdings, not events a clerk keeps
            timetable = bool(_TIMETABLE.search(" ".join([*(c.header for c in table.columns), table.caption or ""]))) and not any(
                c.role in _FIGURE_ROLES for c in table.columns
            )
            if timetable and any(block.char_start <= at < (block.char_end or at) for at in self.claimed):
                timetable = False  # a list of decisions, already read one event per decision
            first_body = 1 if committee_header else table.header_rows
            date_columns = frozenset(c.index for c in table.columns if _DATE_COLUMN.search(c.header or ""))
            for row in table.rows[first_body:]:
                cells = [c for c in row.cells if c.char_start is not None and c.char_end is not None]
                dated = [(c, date_in(dates, c.char_start, c.char_end)) for c in cells]  # type: ignore[arg-type]
                dated = [(c, d) for c, d in dated if d is not None and d.start not in self.claimed and d.kind != "financial_year"]
                if not dated:
                    continue
                if committee_header and all(only_dates(c.text) for c in cells if c.text):
                    for cell, date in dated:
                        name = committee_header.get(cell.column)
                        if name and date.precision == "day":
                            past = bool(_PAST_TABLE_HEADING.search(table.caption or ""))
                            label = f"{name} considered an earlier paper" if past else f"{name} meeting"
                            self.add(date, "committee", label, (date.start, date.end), key=name)
                    continue
                if timetable and not date_columns:
                    self._timetable_entry(table, [row], dates, columns=None)
            if timetable and date_columns and not committee_header:
                for entry in _timetable_entries(table, table.rows[first_body:], date_columns):
                    self._timetable_entry(table, entry, dates, columns=date_columns)

    def _timetable_entry(
        self, table: TableStructure, rows: list[Row], dates: list[DateMatch], columns: frozenset[int] | None
    ) -> None:
        """One event for one printed entry of a timetable (one row, or the lines of an
        unruled table's entry): its date the first date of its date column (else of
        any cell), its label the other cells; an entry before the paper's own date is
        ``history`` unless a rule gives a kind, else ``planned``."""
        cells = [c for row in rows for c in row.cells if c.char_start is not None and c.char_end is not None]
        if columns is None:
            dated = [d for c in cells if (d := date_in(dates, c.char_start, c.char_end)) is not None]  # type: ignore[arg-type]
            dated = [d for d in dated if d.start not in self.claimed and d.kind != "financial_year"]
            if not dated or len(dated) > 2:
                return
            date = dated[0]
            words = " ".join(c.text for c in cells if not only_dates(c.text))
        else:
            in_column = [c for c in cells if c.column in columns and c.text.strip()]
            if not in_column:
                return
            printed = " ".join(" ".join(c.text for c in in_column).split())
            found = [d for d in find_dates(printed) if d.kind != "financial_year"]
            if not found or in_column[0].char_start in self.claimed:
                return
            first = found[0]
            start = in_column[0].char_start
            assert start is not None
            date = DateMatch(start, start + 1, first.text, first.iso, first.precision, first.end_iso, first.kind)
            # column by column: "First engagement with parish councils: Early evidence ..."
            by_column: dict[int, list[str]] = {}
            for cell in cells:
                if cell.column not in columns and cell.text.strip():
                    by_column.setdefault(cell.column, []).append(cell.text)
            words = ": ".join(" ".join(by_column[c]) for c in sorted(by_column))
        words = " ".join(words.split())
        if not words:
            return
        label = cut_label(words)
        rules = _rules()[1]
        header = " ".join(c.header for c in table.columns)
        kind = _kind(rules, label) or _kind(rules, f"{header} {table.caption or ''}")
        if kind is None:
            kind = "history" if self.paper_day and date.iso < self.paper_day[: len(date.iso)] else "planned"
        starts = [r.char_start for r in rows if r.char_start is not None]
        ends = [r.char_end for r in rows if r.char_end is not None]
        span = (min(starts, default=date.start), max(ends, default=date.end))
        self.add(date, kind, label, span)

    def _committee_columns(self, table: TableStructure) -> dict[int, str]:
        """The columns of a table whose first row names committees, over rows of dates
        only ("Childrens Cabinet Committee | HOSC"), by index."""
        first = {c.column: c.text.strip() for c in table.rows[0].cells if c.text.strip()}
        if not first or any(only_dates(name) for name in first.values()):
            return {}
        named = {i: name for i, name in first.items() if _COMMITTEE_WORD.search(name)}
        body = [c for row in table.rows[1:] for c in row.cells if c.text.strip()]
        if not named or not body or not all(only_dates(c.text) for c in body):
            return {}
        return first

    # ----------------------------------------------------------------- 3b: listed meetings

    def listed_meeting_events(self, dates: list[DateMatch]) -> None:
        """Earlier meetings listed as the papers a report rests on: a list item, or a
        line under a "Background documents/papers" heading, printed "Title, Body, Date"
        ("A Stimulus for Residential Growth, Executive, 24 June 2014") is the body's
        meeting that day (``committee``).  The line's other dates (a year in the title)
        are part of the title, not events."""
        text = self.text
        background = [
            section.body for section in sections(self.struct, _BACKGROUND_HEADING)
        ]
        for date in dates:
            if date.start in self.claimed or date.precision != "day":
                continue
            line_start = text.rfind("\n", 0, date.start) + 1
            line_end = text.find("\n", date.end)
            line_end = len(text) if line_end == -1 else line_end
            if text[date.end : line_end].strip(" \t.;") or date.end - line_start > _LISTED_LINE_CHARS:
                continue  # the date ends its line
            item = _LISTED_ITEM.fullmatch(text[line_start : date.start])
            if item is None or not _BODY_WORD.search(item["body"]):
                continue
            block = self.struct.block_at(line_start)
            listed = item["mark"] or (block is not None and block.kind is BlockKind.list_item)
            if not listed and not any(a <= line_start < b for a, b in background):
                continue
            body = " ".join(item["body"].split())
            title = " ".join(item["title"].split())
            span = (line_start + item.start("title"), line_end)
            self.add(date, "committee", cut_label(f"{body} meeting: {title}"), span, key=body)
            for other in dates:  # a year in the title ("Action Plan 2010 to 2020")
                if line_start <= other.start < date.start:
                    self.claimed.add(other.start)

    # ----------------------------------------------------------------- 4: sentences

    def sentence_events(self, dates: list[DateMatch]) -> None:
        text = self.text
        not_before, rules = _rules()
        for date in dates:
            if date.start in self.claimed:
                continue
            line_start = text.rfind("\n", 0, date.start) + 1
            if date.precision == "year" and (
                not_before.search(text[max(line_start, date.start - 40) : date.start])
                or year_in_name(text, date)
            ):
                continue
            span = sentence_around(text, date)
            part = clause(text, span, date)
            if figure_date(text, date, span):
                continue
            kind = _kind(rules, text[part[0] : part[1]]) or _kind(rules, text[span[0] : span[1]])
            if kind is None:
                continue
            if date.kind == "financial_year":
                continue  # a financial year labels figures; it is not an event
            if kind == "committee" and _QUARTER.match(date.text):
                continue  # "performance for Quarter 3 2022/23": the period a report covers
            committee = None
            span = without_list_mark(text, span)
            label = sentence_label(text, span, date)
            if kind == "committee":
                committee = self._committee_in(span)
                if committee and self._committee_is_subject(span, committee):
                    label = f"{committee} meeting"
            if kind == "contract" and date.kind == "range" and date.end_iso:
                self.add(date, kind, f"{label} (start)", span, key=committee)
                self.add(range_end(date), kind, f"{label} (end)", span, key=committee)
                continue
            self.add(date, kind, label, span, key=committee)

    def _committee_is_subject(self, span: Span, committee: str) -> bool:
        """Whether a sentence is about the committee's meeting (a short line naming it,
        or one that starts with it) rather than one that mentions it in passing."""
        sentence = self.text[span[0] : span[1]]
        return len(sentence) <= 80 or sentence.lstrip().lower().startswith(
            ("the " + committee.lower(), committee.lower())
        )

    def _committee_in(self, span: Span) -> str | None:
        for ent in entities_in(self.parsed, span[0], span[1], ("COMMITTEE",)):
            if ent.label_ == "COMMITTEE":
                return re.sub(r"^the\s+", "", " ".join(ent.text.split()), flags=re.IGNORECASE)
        return None


def _kind(rules: tuple[_Rule, ...], words: str) -> str | None:
    return next((rule.kind for rule in rules if any(p.search(words) for p in rule.patterns)), None)
