"""Timeline: every dated event in a paper, sorted by date.

Events, in the order they claim a date:

1. the decision: a taken decision's signed date (kind ``decision``), or the date a
   proposed or recommended decision is due ("Date of decision: ...", kind ``proposed``);
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
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.extract.common import sentence_span, source
from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.decision_header import find_signed_date
from pipeline.extract.decision_sections import Span, labelled_value, load_rules
from schemas.records import Decision, DecisionStatus, Document, Precision, TimelineEvent

_LABEL_CHARS = 110
_DUE_LABEL = re.compile(
    r"(?:date\s+of\s+decision|decision\s+date|decision\s+due(?:\s+date)?|(?:proposed|expected|earliest)\s+(?:decision\s+)?date"
    r"|date\s+(?:the\s+)?decision\s+(?:is\s+)?(?:to\s+be|will\s+be)\s+taken)\s*:",
    re.I,
)
_LIST_MARK = re.compile(r"(?:[•\-–*]\s+)?(?:\(?(?:[a-zA-Z]|[ivx]{1,5}|\d{1,2})\)\s+|\d{1,2}(?:\.\d{1,2})*\.?\s+)?")
_PAST_TABLE_HEADING = re.compile(r"\b(?:past|previous|earlier)\b", re.I)
_COMMITTEE_WORD = re.compile(r"\b(?:committee|scrutiny|panel|board|cabinet|council|HOSC)\b", re.I)


@dataclass(frozen=True)
class _Rule:
    kind: str
    patterns: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern[str], tuple[_Rule, ...]]:
    data = load_rules("decision_events.json")
    rules = tuple(
        _Rule(rule["kind"], tuple(re.compile(p, re.I) for p in rule["any"])) for rule in data["kinds"]
    )
    return re.compile(data["not_before"], re.I), rules


def extract_timeline(doc: Document, parsed: Doc, decisions: list[Decision]) -> list[TimelineEvent]:
    text = doc.text
    if not text.strip():
        return []
    dates = find_dates(text)
    builder = _Builder(doc, parsed)
    decision = decisions[0] if decisions else None
    if decision is not None:
        builder.decision_events(decision, dates)
    builder.table_events(dates)
    builder.sentence_events(dates)
    return sorted(builder.events, key=lambda e: (e.date, e.source.char_start))


class _Builder:
    def __init__(self, doc: Document, parsed: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.parsed = parsed
        self.events: list[TimelineEvent] = []
        self.claimed: set[int] = set()
        self.keys: set[tuple[str, str, str | None]] = set()

    # ----------------------------------------------------------------- adding

    def add(
        self,
        date: DateMatch,
        kind: str,
        label: str,
        span: Span,
        *,
        decision: Decision | None = None,
        committee: str | None = None,
        about_decision: bool = False,
    ) -> None:
        self.claimed.add(date.start)
        key = (kind, date.iso, committee)
        if key in self.keys:
            return
        self.keys.add(key)
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
                source=source(self.doc, *span),
            )
        )

    # ----------------------------------------------------------------- 1, 2: the decision

    def decision_events(self, decision: Decision, dates: list[DateMatch]) -> None:
        text = self.text
        maker = decision.decision_maker or "the decision maker"
        number = f" {decision.decision_number}" if decision.decision_number else ""
        if decision.status is DecisionStatus.taken:
            signed = find_signed_date(text)
            if signed is not None:
                line = _line(text, signed.start)
                self.add(signed, "decision", f"Decision{number} taken by the {maker}", line, decision=decision, about_decision=True)
        else:
            due = labelled_value(text, _DUE_LABEL, limit=4000)
            if due:
                found = _date_in(dates, *due[1])
                if found:
                    self.add(found, "proposed", f"Decision{number} due to be taken by the {maker}", due[1], decision=decision, about_decision=True)
        for consultation in decision.consultations:
            if consultation.date is None or consultation.source is None:
                continue
            span = (consultation.source.char_start, consultation.source.char_end)
            found = _date_in(dates, *span, iso=consultation.date)
            if found is None:
                continue
            pathway = text.rfind(":", text.rfind("\n", 0, span[0]) + 1, span[0]) >= 0 and "pathway" in text[
                text.rfind("\n", 0, span[0]) : span[0]
            ].lower()
            what = "the paper" if pathway else "the proposed decision"
            label = f"{consultation.committee} considers {what}"
            if consultation.outcome:
                label += f" ({consultation.outcome})"
            self.add(found, "committee", label, span, decision=decision, committee=consultation.committee)

    # ----------------------------------------------------------------- 3: meeting-dates tables

    def table_events(self, dates: list[DateMatch]) -> None:
        """Dates in the cells of a table whose header row names committees ("Past
        committees": "Childrens Cabinet Committee<TAB>HOSC", then rows of dates)."""
        text = self.text
        for date in dates:
            if date.start in self.claimed or date.precision != "day":
                continue
            line_start, line_end = _line(text, date.start)
            cells = text[line_start:line_end].split("\t")
            if not all(_only_dates(cell) for cell in cells):
                continue
            header = self._table_header(line_start)
            if header is None:
                continue
            header_cells, heading = header
            column = text.count("\t", line_start, date.start)
            if column >= len(header_cells) or not header_cells[column].strip():
                continue
            name = header_cells[column].strip()
            if not (_COMMITTEE_WORD.search(name) or _COMMITTEE_WORD.search(heading)):
                continue
            past = bool(_PAST_TABLE_HEADING.search(heading))
            label = f"{name} considered an earlier paper" if past else f"{name} meeting"
            self.add(date, "committee", label, (date.start, date.end), committee=name)

    def _table_header(self, line_start: int) -> tuple[list[str], str] | None:
        text = self.text
        position = line_start
        for _ in range(30):
            if position <= 0:
                return None
            previous_start = text.rfind("\n", 0, position - 1) + 1
            line = text[previous_start:position - 1]
            position = previous_start
            if not line.strip():
                return None
            cells = line.split("\t")
            if all(_only_dates(cell) for cell in cells):
                continue
            heading_end = previous_start - 1
            heading_start = text.rfind("\n", 0, max(0, heading_end - 1)) + 1
            while heading_start > 0 and not text[heading_start:heading_end].strip():
                heading_end = heading_start - 1
                heading_start = text.rfind("\n", 0, max(0, heading_end - 1)) + 1
            return cells, text[heading_start:max(heading_start, heading_end)]
        return None

    # ----------------------------------------------------------------- 4: sentences

    def sentence_events(self, dates: list[DateMatch]) -> None:
        text = self.text
        not_before, rules = _rules()
        for date in dates:
            if date.start in self.claimed:
                continue
            line_start = text.rfind("\n", 0, date.start) + 1
            if date.precision == "year" and not_before.search(text[max(line_start, date.start - 40):date.start]):
                continue
            span = sentence_span(text, date.start, date.end)
            sentence = text[span[0]:span[1]]
            kind = next((rule.kind for rule in rules if any(p.search(sentence) for p in rule.patterns)), None)
            if kind is None:
                continue
            if date.kind == "financial_year" and (kind not in ("planned", "contract", "inspection") or "£" in sentence):
                continue
            committee = None
            span = _without_list_mark(text, span)
            label = _sentence_label(text, span, date)
            if kind == "committee":
                committee = self._committee_in(span)
                if committee:
                    label = f"{committee} meeting"
            self.add(date, kind, label, span, committee=committee)

    def _committee_in(self, span: Span) -> str | None:
        chars = self.parsed.char_span(span[0], span[1], alignment_mode="expand")
        if chars is None:
            return None
        for ent in chars.ents:
            if ent.label_ == "COMMITTEE":
                return re.sub(r"^the\s+", "", " ".join(ent.text.split()), flags=re.I)
        return None


def _line(text: str, offset: int) -> Span:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _date_in(dates: list[DateMatch], start: int, end: int, iso: str | None = None) -> DateMatch | None:
    for date in dates:
        if start <= date.start and date.end <= end and (iso is None or date.iso == iso):
            return date
    return None


def _only_dates(cell: str) -> bool:
    cell = cell.strip()
    if not cell:
        return True
    found = find_dates(cell)
    return len(found) == 1 and found[0].text.strip() == cell


def _without_list_mark(text: str, span: Span) -> Span:
    mark = _LIST_MARK.match(text, span[0], span[1])
    return (mark.end(), span[1]) if mark and mark.end() < span[1] else span


def _sentence_label(text: str, span: Span, date: DateMatch) -> str:
    """A short line for an event: its sentence or, when that is long, the words
    leading up to its date and after it, cut at words."""
    start, end = span
    label = " ".join(text[start:end].split()).rstrip(" ;,")
    if len(label) <= _LABEL_CHARS or date.end - start <= _LABEL_CHARS - 10:
        return _cut(text[start:end])
    space = text.find(" ", date.end - (_LABEL_CHARS - 15), date.start)
    window_start = space + 1 if space >= 0 else date.start
    return "…" + _cut(text[window_start:end], _LABEL_CHARS - 1)


def _cut(text: str, limit: int = _LABEL_CHARS) -> str:
    label = " ".join(text.split()).rstrip(" ;,")
    if len(label) <= limit:
        return label
    cut = label.rfind(" ", 0, limit)
    return label[: cut if cut > 40 else limit].rstrip(" ,;:(") + "…"
