"""Decisions: one record per paper that records, proposes or recommends a decision.

Status comes from the paper's type: a record of decision is ``taken``, a proposed
record ``proposed``, a report asking a decision maker (or a committee) to decide a
``recommendation``.  A report whose recommendations only ask to note, consider or
comment records no decision.  A record whose number, maker, date or resolutions cannot
be placed is kept with what was found, and ``missing`` says what is not there.

The header fields are read by :mod:`decision_header` and :mod:`decision_maker`, the
resolutions by :mod:`resolutions`, the signed date and interests by
:mod:`decision_signoff`, options by :mod:`decision_options`, committee consultation by
:mod:`consultations`, and minuted decisions by :mod:`minutes`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extract.common import source
from pipeline.extract.consultations import ConsultationFound, find_consultations
from pipeline.extract.decision_header import (
    DecisionNumber,
    find_classification,
    find_decision_number,
    find_divisions,
    find_key_decision,
    find_referenced_decisions,
)
from pipeline.extract.decision_maker import Maker, find_maker, role_in
from pipeline.extract.decision_options import OptionFound, find_options
from pipeline.extract.decision_sections import Span, next_nonblank_line
from pipeline.extract.decision_signoff import find_interests, find_signed_date
from pipeline.extract.minutes import interests_for, is_minutes, read_meeting
from pipeline.extract.resolution_verbs import note_only_verbs
from pipeline.extract.resolutions import Block, Item, dedupe, find_blocks
from pipeline.ingest.doctype import find_title
from schemas.records import (
    Consultation,
    Decision,
    DecisionStatus,
    DocType,
    Document,
    Option,
    Resolution,
)

_PROPOSED_RECORD = re.compile(
    r"\bproposed\s+record\s+of\s+(?:\w+\s+){0,3}decision\b", re.IGNORECASE
)
_RECORD = re.compile(r"\brecord\s+of\s+(?:\w+\s+){0,3}decision\b", re.IGNORECASE)
_STATUS = {
    DocType.record_of_decision: DecisionStatus.taken,
    DocType.proposed_record_of_decision: DecisionStatus.proposed,
}


def extract_decisions(doc: Document, parsed: Doc) -> list[Decision]:
    text = doc.text
    if not text.strip():
        return []
    if is_minutes(text):
        minuted = _minuted_decisions(doc, parsed)
        if minuted:
            return minuted
    blocks = find_blocks(text)
    items = dedupe([item for block in blocks for item in block.items])
    number = find_decision_number(text)
    asks = any(block.kind in ("recommendation", "intro") for block in blocks)
    status = decision_status(
        doc, [i.verb for i in items], has_number=bool(number and number.number), asks=asks
    )
    if status is None:
        return []
    missing: list[str] = []
    maker = _maker(text, parsed, status, blocks)
    subject_span = _subject(doc)
    key = find_key_decision(text)
    classification = find_classification(text)
    divisions = find_divisions(text)
    interests = find_interests(text)
    options, recommended = find_options(text)
    consultations = find_consultations(text, parsed)

    decision_date = None
    if status is DecisionStatus.taken:
        signed = find_signed_date(text)
        if signed is not None:
            decision_date = signed.iso
        else:
            missing.append("decision date not found: the record is not signed and dated")
    if number is None:
        missing.append("decision number not found")
    elif number.number is None:
        missing.append(
            "decision number not yet allocated"
            if number.unallocated
            else f"decision number not read from {number.printed!r}"
        )
    return [
        _decision(
            doc,
            status=status,
            number=number,
            maker=maker,
            subject=text[subject_span[0] : subject_span[1]] if subject_span else None,
            key_decision=key[0] if key else None,
            classification=classification[0] if classification else None,
            divisions=divisions[0] if divisions else [],
            decision_date=decision_date,
            items=items,
            options=options,
            recommended=recommended,
            consultations=consultations,
            interests=interests[0] if interests else None,
            referenced=find_referenced_decisions(text, number.number if number else None),
            missing=missing,
            span=_decision_span(text, blocks, number, subject_span),
        )
    ]


def _minuted_decisions(doc: Document, parsed: Doc) -> list[Decision]:
    """One decision per minuted item whose RESOLVED block decides something."""
    text = doc.text
    meeting = read_meeting(text, parsed)
    maker = (
        Maker(meeting.body, None, None, meeting.body_span or (0, 0), meeting.body_span)
        if meeting.body
        else None
    )
    note_only = note_only_verbs()
    decisions: list[Decision] = []
    for item in meeting.items:
        blocks = [b for b in find_blocks(text, *item.body) if b.span[0] < item.body[1]]
        items = dedupe([i for b in blocks for i in b.items])
        if not items or all(i.verb in note_only for i in items):
            continue
        resolved = blocks[0].span
        key = find_key_decision(text[item.body[0] : item.body[1]])
        options, recommended = find_options(text, *item.body)
        consultations = [
            c
            for c in find_consultations(text, parsed, *item.body, anywhere=True)
            if not (resolved[0] <= c.span[0] < resolved[1])
        ]
        interests = interests_for(text, meeting, item)
        missing = ["decision number not found"]
        if meeting.date is None:
            missing.append("decision date not found: the minutes give no meeting date")
        decisions.append(
            _decision(
                doc,
                status=DecisionStatus.taken,
                number=None,
                maker=maker,
                subject=item.title,
                key_decision=item.key_decision
                if item.key_decision is not None
                else (key[0] if key else None),
                classification=None,
                divisions=[],
                decision_date=meeting.date.iso if meeting.date else None,
                items=items,
                options=options,
                recommended=recommended,
                consultations=consultations,
                interests=interests[0] if interests else None,
                referenced=find_referenced_decisions(text[item.body[0] : item.body[1]], None),
                missing=missing,
                span=resolved,
            ).model_copy(update={"minute": item.number})
        )
    return decisions


def _decision(
    doc: Document,
    *,
    status: DecisionStatus,
    number: DecisionNumber | None,
    maker: Maker | None,
    subject: str | None,
    key_decision: bool | None,
    classification: str | None,
    divisions: list[str],
    decision_date: str | None,
    items: list[Item],
    options: list[OptionFound],
    recommended: str | None,
    consultations: list[ConsultationFound],
    interests: str | None,
    referenced: list[str],
    missing: list[str],
    span: Span,
) -> Decision:
    missing = list(missing)
    if maker is None or maker.role is None:
        missing.append("decision maker not found")
    if subject is None:
        missing.append("subject not found")
    if not items:
        missing.append("resolutions not found")
    return Decision(
        doc_id=doc.doc_id,
        decision_number=number.number if number else None,
        decision_number_text=" ".join(number.printed.split()) if number else None,
        status=status,
        decision_maker=maker.role if maker else None,
        decision_maker_name=maker.name if maker else None,
        decision_maker_honorific=maker.honorific if maker else None,
        subject=subject,
        key_decision=key_decision,
        classification=classification,
        electoral_divisions=divisions,
        decision_date=decision_date,
        resolutions=[
            Resolution(label=i.label, verb=i.verb, text=i.text, source=source(doc, *i.span))
            for i in items
        ],
        options=[
            Option(
                number=o.number,
                title=o.title,
                recommended=o.recommended,
                rejected=o.rejected,
                reason=o.reason,
                source=source(doc, *o.span),
            )
            for o in options
        ],
        recommended_option=recommended,
        consultations=[
            Consultation(
                committee=c.committee,
                date=c.date.iso if c.date else None,
                outcome=c.outcome,
                votes_for=c.votes_for,
                votes_against=c.votes_against,
                source=source(doc, *c.span),
            )
            for c in consultations
        ],
        interests_declared=interests,
        referenced_decisions=referenced,
        missing=missing,
        source=source(doc, *span),
    )


def decision_status(
    doc: Document, verbs: list[str | None], *, has_number: bool, asks: bool = False
) -> DecisionStatus | None:
    """taken / proposed / recommendation, or None when the paper decides nothing.

    ``asks``: the resolutions were read under a Recommendation heading or an "is
    (asked|recommended) to" line, so a paper of unknown type still counts as a report
    asking for a decision."""
    if doc.doc_type in _STATUS:
        return _STATUS[doc.doc_type]
    if doc.doc_type is DocType.unknown:
        head = doc.text[:3000]
        if _PROPOSED_RECORD.search(head):
            return DecisionStatus.proposed
        if _RECORD.search(head):
            return DecisionStatus.taken
    note_only = note_only_verbs()
    decides = any(verb not in note_only for verb in verbs)
    if doc.doc_type is DocType.decision_report:
        return DecisionStatus.recommendation if decides or not verbs else None
    if doc.doc_type is DocType.committee_report:
        return DecisionStatus.recommendation if decides else None
    return DecisionStatus.recommendation if decides and (has_number or asks) else None


def _maker(text: str, parsed: Doc, status: DecisionStatus, blocks: list[Block]) -> Maker | None:
    """The maker from the header ("Decision taken by", "To:"); for a report, the body or
    role its recommendation asks ("Cabinet is asked to:", "That Cabinet:"), keeping the
    header's name only when the header names that same role."""
    reports = status is DecisionStatus.recommendation
    maker = find_maker(text, parsed, reports=reports)
    intro = role_in(text, parsed, *blocks[0].intro) if blocks else None
    if maker is None or maker.role is None:
        if intro is not None:
            return Maker(
                intro.role,
                maker.name if maker else None,
                maker.honorific if maker else None,
                intro.span,
                intro.role_span,
            )
        return maker
    generic = intro is not None and (intro.role or "").lower() in _GENERIC_BODIES
    if reports and intro is not None and intro.role != maker.role and not generic:
        return intro  # "Cabinet is asked to:" in a report whose header names the portfolio member
    return maker


_GENERIC_BODIES = {"committee", "panel", "board", "cabinet committee", "sub-committee"}


def _subject(doc: Document) -> Span | None:
    if doc.title:
        found = find_title(doc.text)
        if found and doc.text[found[0] : found[1]] == doc.title:
            return found
        at = doc.text.find(doc.title)
        if at >= 0:
            return at, at + len(doc.title)
    return find_title(doc.text)


def _decision_span(
    text: str, blocks: list[Block], number: DecisionNumber | None, subject: Span | None
) -> Span:
    """The decision's key span: its Decision/Recommendation block, else its number,
    subject or first line."""
    if blocks:
        return blocks[0].span
    if number is not None:
        return number.span
    if subject is not None:
        return subject
    return next_nonblank_line(text, 0, max_blank=50) or (0, 0)
