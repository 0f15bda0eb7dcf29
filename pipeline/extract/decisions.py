"""Decisions: one record per paper that records, proposes or recommends a decision.

Status comes from the paper's type: a record of decision is ``taken``, a proposed
record ``proposed``, a report asking a decision maker (or a committee) to decide a
``recommendation``.  A report whose recommendations only ask to note, consider or
comment records no decision.  A record whose number, maker, date or resolutions cannot
be placed is kept with what was found, and ``missing`` says what is not there.

The header fields are read by :mod:`decision_header`, the resolutions by
:mod:`resolutions`, options and committee consultation by :mod:`consultations`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.extract.common import source
from pipeline.extract.consultations import find_consultations, find_options
from pipeline.extract.decision_header import (
    Maker,
    find_classification,
    find_decision_number,
    find_divisions,
    find_interests,
    find_key_decision,
    find_maker,
    find_referenced_decisions,
    find_signed_date,
    role_in,
)
from pipeline.extract.decision_sections import Span, next_nonblank_line
from pipeline.extract.resolutions import Block, dedupe, find_blocks, note_only_verbs
from pipeline.ingest.doctype import find_title
from schemas.records import (
    Consultation,
    Decision,
    DecisionStatus,
    Document,
    DocType,
    Option,
    Resolution,
)

_STATUS = {
    DocType.record_of_decision: DecisionStatus.taken,
    DocType.proposed_record_of_decision: DecisionStatus.proposed,
}


def extract_decisions(doc: Document, parsed: Doc) -> list[Decision]:
    text = doc.text
    if not text.strip():
        return []
    blocks = find_blocks(text)
    items = dedupe([item for block in blocks for item in block.items])
    number = find_decision_number(text)
    status = decision_status(doc, [i.verb for i in items], has_number=bool(number and number.number))
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
            "decision number not yet allocated" if number.unallocated else f"decision number not read from {number.printed!r}"
        )
    if maker is None or maker.role is None:
        missing.append("decision maker not found")
    if subject_span is None:
        missing.append("subject not found")
    if not items:
        missing.append("resolutions not found")

    return [
        Decision(
            doc_id=doc.doc_id,
            decision_number=number.number if number else None,
            decision_number_text=" ".join(number.printed.split()) if number else None,
            status=status,
            decision_maker=maker.role if maker else None,
            decision_maker_name=maker.name if maker else None,
            decision_maker_honorific=maker.honorific if maker else None,
            subject=text[subject_span[0]:subject_span[1]] if subject_span else None,
            key_decision=key[0] if key else None,
            classification=classification[0] if classification else None,
            electoral_divisions=divisions[0] if divisions else [],
            decision_date=decision_date,
            resolutions=[
                Resolution(label=i.label, verb=i.verb, text=i.text, source=source(doc, *i.span)) for i in items
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
            interests_declared=interests[0] if interests else None,
            referenced_decisions=find_referenced_decisions(text, number.number if number else None),
            missing=missing,
            source=source(doc, *_decision_span(text, blocks, number, subject_span)),
        )
    ]


def decision_status(doc: Document, verbs: list[str | None], *, has_number: bool) -> DecisionStatus | None:
    """taken / proposed / recommendation, or None when the paper decides nothing."""
    if doc.doc_type in _STATUS:
        return _STATUS[doc.doc_type]
    note_only = note_only_verbs()
    decides = any(verb not in note_only for verb in verbs)
    if doc.doc_type is DocType.decision_report:
        return DecisionStatus.recommendation if decides or not verbs else None
    if doc.doc_type is DocType.committee_report:
        return DecisionStatus.recommendation if decides else None
    return DecisionStatus.recommendation if decides and has_number else None


def _maker(text: str, parsed: Doc, status: DecisionStatus, blocks: list[Block]) -> Maker | None:
    """The maker from the header; for a report addressed to a committee, the role its
    recommendation names ("The Cabinet Member for ... is asked to:") when there is one."""
    reports = status is DecisionStatus.recommendation
    maker = find_maker(text, parsed, reports=reports)
    intro = role_in(text, parsed, *blocks[0].intro) if blocks else None
    if maker is None or maker.role is None:
        if intro is not None:
            return Maker(intro.role, maker.name if maker else None, maker.honorific if maker else None, intro.span, intro.role_span)
        return maker
    if reports and intro is not None and maker.role_span is not None:
        named_committee = any(
            ent.label_ == "COMMITTEE" for ent in parsed.char_span(*maker.role_span, alignment_mode="expand").ents
        )
        if named_committee and intro.role != maker.role:
            return Maker(intro.role, None, None, intro.span, intro.role_span)
    return maker


def _subject(doc: Document) -> Span | None:
    if doc.title:
        found = find_title(doc.text)
        if found and doc.text[found[0]:found[1]] == doc.title:
            return found
        at = doc.text.find(doc.title)
        if at >= 0:
            return at, at + len(doc.title)
    return find_title(doc.text)


def _decision_span(text: str, blocks: list[Block], number: object, subject: Span | None) -> Span:
    """The decision's key span: its Decision/Recommendation block, else its number,
    subject or first line."""
    if blocks:
        return blocks[0].span
    if number is not None:
        return number.span  # type: ignore[attr-defined]
    if subject is not None:
        return subject
    return next_nonblank_line(text, 0, max_blank=50) or (0, 0)
