"""A record of decision, a proposed record, or a report asking a decision maker to decide.

Status comes from the paper's type: a record of decision is ``taken``, a proposed record
``proposed``, a report asking a decision maker (or a committee) to decide a
``recommendation``.  A report whose recommendations only ask to note, consider or comment
records no decision.
"""

from __future__ import annotations

import re

from pipeline.extract.nlp import Parsed

from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.consultations import find_consultations
from pipeline.extract.decisions.header import (
    find_classification,
    find_decision_number,
    find_divisions,
    find_key_decision,
    find_referenced_decisions,
)
from pipeline.extract.decisions.maker import Maker, find_maker, role_in
from pipeline.extract.decisions.options import find_options
from pipeline.extract.decisions.resolutions import Anchor, dedupe, find_anchors
from pipeline.extract.decisions.signoff import find_interests, find_signed_date
from pipeline.extract.decisions.verbs import note_only_verbs, verbs_in
from pipeline.extract.sections import Span, labelled_value
from pipeline.ingest.doctype import find_title
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, DocType, Document

_PROPOSED_RECORD = re.compile(r"\bproposed\s+record\s+of\s+(?:\w+\s+){0,3}decision\b", re.IGNORECASE)
_RECORD = re.compile(r"\brecord\s+of\s+(?:\w+\s+){0,3}decision\b", re.IGNORECASE)
_STATUS = {
    DocType.record_of_decision: DecisionStatus.taken,
    DocType.proposed_record_of_decision: DecisionStatus.proposed,
}
_KINDS = ("decision", "recommendation", "intro", "resolved")
_GENERIC_BODIES = {"committee", "panel", "board", "cabinet committee", "sub-committee"}
_SUBJECT_LABEL = re.compile(
    r"(?:subject(?:\s+matter)?(?:\s*/\s*title\s+of\s+decision)?|(?:report\s+)?title(?:\s+of\s+(?:decision|report))?)\s*[:.]?$",
    re.IGNORECASE,
)


def strongest_anchors(struct: Structure) -> list[Anchor]:
    """The anchors of the strongest kind that yields resolutions (so a committee's
    "RESOLVED" quoted in a record does not displace its decision), nested ones dropped."""
    found = find_anchors(struct)
    for kind in _KINDS:
        chosen = [a for a in found if a.kind == kind]
        kept: list[Anchor] = []
        for anchor in sorted(chosen, key=lambda a: a.span[0]):
            if kept and anchor.span[0] < kept[-1].span[1]:
                continue
            kept.append(anchor)
        if kept:
            return kept
    return []


def record_decision(doc: Document, parsed: Parsed, struct: Structure) -> list[Decision]:
    text = doc.text
    anchors = strongest_anchors(struct)
    items = dedupe([item for anchor in anchors for item in anchor.items])
    number = find_decision_number(struct)
    asks = any(anchor.kind in ("recommendation", "intro", "decision") for anchor in anchors)
    status = decision_status(
        doc, [i.verb for i in items], has_number=bool(number and number.number), asks=asks,
        also=tuple(i.text for i in items),
    )
    if status is None:
        return []
    missing: list[str] = []
    maker = _maker(struct, parsed, status, anchors)
    subject_span = _subject(struct)
    key = find_key_decision(struct)
    classification = find_classification(struct)
    divisions = find_divisions(struct)
    interests = find_interests(struct)
    options, recommended = find_options(struct)
    consultations = find_consultations(struct, parsed)
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
    span = anchors[0].span if anchors else number.span if number else subject_span or _first_line(struct)
    return [
        decision_record(
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
            span=span,
        )
    ]


def _first_line(struct: Structure) -> Span:
    for block in struct.blocks:
        if block.char_start is not None and block.char_end is not None:
            return block.char_start, block.char_end
    return 0, 0


def decision_status(
    doc: Document, verbs: list[str | None], *, has_number: bool, asks: bool = False, also: tuple[str, ...] = ()
) -> DecisionStatus | None:
    """taken / proposed / recommendation, or None when the paper decides nothing.

    ``asks``: the resolutions were read under a Decision or Recommendation heading or an
    "is (asked|recommended) to" line, so a paper of unknown type still counts as a report
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
    decides = any(verb not in note_only for verb in verbs) or any(
        v not in note_only for text in also for v in verbs_in(text)
    )
    if doc.doc_type is DocType.decision_report:
        return DecisionStatus.recommendation if decides or not verbs else None
    if doc.doc_type is DocType.committee_report:
        return DecisionStatus.recommendation if decides else None
    return DecisionStatus.recommendation if decides and (has_number or asks) else None


def _maker(struct: Structure, parsed: Parsed, status: DecisionStatus, anchors: list[Anchor]) -> Maker | None:
    """The maker from the header ("Decision taken by", "To:"); for a report, the body or
    role its recommendation asks ("Cabinet is asked to:", "That Cabinet:"), keeping the
    header's name only when the header names that same role."""
    text = struct.doc.text
    reports = status is DecisionStatus.recommendation
    maker = find_maker(struct, parsed, reports=reports)
    intro = role_in(text, parsed, *anchors[0].intro) if anchors else None
    if intro is None and anchors:
        block = anchors[0].block
        if block.char_start is not None and block.char_end is not None:
            intro = role_in(text, parsed, block.char_start, block.char_end)
    if maker is None or maker.role is None:
        if intro is not None:
            return Maker(intro.role, maker.name if maker else None, maker.honorific if maker else None, intro.span, intro.role_span)
        return maker
    generic = intro is not None and (intro.role or "").lower() in _GENERIC_BODIES
    if reports and intro is not None and intro.role != maker.role and not generic:
        return intro  # "Cabinet is asked to:" in a report whose header names the portfolio member
    return maker


def _subject(struct: Structure) -> Span | None:
    doc = struct.doc
    found = labelled_value(struct, _SUBJECT_LABEL, limit=4000)
    if found:
        start, end = found[1]
        value = doc.text[start:end]
        first = value.split("\n")[0].rstrip()
        if first.endswith(".") and ". " not in first:
            first = first[:-1].rstrip()  # a title printed with a full stop
        if first:
            return start, start + len(first)
    if doc.title:
        title = find_title(doc.text)
        if title and doc.text[title[0] : title[1]] == doc.title:
            return title
        at = doc.text.find(doc.title)
        if at >= 0:
            return at, at + len(doc.title)
    return find_title(doc.text)

