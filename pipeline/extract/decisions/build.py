"""A Decision record from what the form readers found, every part with its source."""

from __future__ import annotations

from pipeline.extract.common import source
from pipeline.extract.decisions.consultations import ConsultationFound
from pipeline.extract.decisions.header import DecisionNumber
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.options import OptionFound
from pipeline.extract.decisions.resolutions import Item
from pipeline.extract.sections import Span
from schemas.records import Consultation, Decision, DecisionStatus, Document, Option, Resolution


def decision_record(
    doc: Document,
    *,
    status: DecisionStatus,
    number: DecisionNumber | None,
    maker: Maker | None,
    subject: str | None,
    key_decision: bool | None,
    items: list[Item],
    span: Span,
    missing: list[str],
    classification: str | None = None,
    divisions: list[str] | None = None,
    decision_date: str | None = None,
    options: list[OptionFound] | None = None,
    recommended: str | None = None,
    consultations: list[ConsultationFound] | None = None,
    interests: str | None = None,
    referenced: list[str] | None = None,
    reference: str | None = None,
    **extra: object,
) -> Decision:
    """The Decision, with ``missing`` completed (maker, subject, resolutions not found)."""
    missing = list(missing)
    if maker is None or (maker.role is None and maker.name is None):
        missing.append("decision maker not found")
    if subject is None:
        missing.append("subject not found")
    if not items:
        missing.append("resolutions not found")
    printed_number = " ".join(number.printed.split()) if number else None
    return Decision(
        doc_id=doc.doc_id,
        decision_number=number.number if number else None,
        decision_number_text=printed_number,
        reference=reference if reference is not None else printed_number,
        status=status,
        decision_maker=maker.role if maker else None,
        decision_maker_name=maker.name if maker else None,
        decision_maker_honorific=maker.honorific if maker else None,
        subject=" ".join(subject.split()) if subject else None,
        key_decision=key_decision,
        classification=classification,
        electoral_divisions=divisions or [],
        decision_date=decision_date,
        resolutions=[Resolution(label=i.label, verb=i.verb, text=i.text, source=source(doc, *i.span)) for i in items],
        options=[
            Option(number=o.number, title=o.title, recommended=o.recommended, rejected=o.rejected, reason=o.reason, source=source(doc, *o.span))
            for o in options or []
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
            for c in consultations or []
        ],
        interests_declared=interests,
        referenced_decisions=referenced or [],
        missing=missing,
        source=source(doc, *span),
        **extra,  # type: ignore[arg-type]
    )
