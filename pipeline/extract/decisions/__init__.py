"""Decisions: one record per decision a paper records, proposes or recommends.

Read from the paper's structure, in the forms councils print:

* a record (or proposed record) of decision, or a report asking a decision maker to decide
  (:mod:`.record`): header fields, and the resolutions under its "Decision:" or
  "Recommendation(s):" heading or introduction;
* minutes and notes of meetings (:mod:`.minutes`): one decision per minuted item whose text
  resolves or agrees something;
* notices of orders (:mod:`.notices`): an order made (taken) or intended (proposed);
* a policy approved by a body, said in its header ("Approved at Council on 24th March 2021");
* web pages (:mod:`.webpage`), read first: decision details pages, meeting pages with
  many decisions, lists of decisions.

A record whose number, maker, date or resolutions cannot be placed is kept with what was
found, and ``missing`` says what is not there.
"""

from __future__ import annotations

from pipeline.extract.nlp import Parsed

from pipeline.extract.decisions.minutes import is_minutes, minuted_decisions
from pipeline.extract.decisions.notices import approval_decision, notice_decisions
from pipeline.extract.decisions.record import record_decision
from pipeline.extract.decisions.reported import reported_decisions
from pipeline.extract.decisions.webpage import web_decisions
from pipeline.structure import Structure, structure
from schemas.records import Decision, Document

__all__ = ["extract_decisions"]


def extract_decisions(doc: Document, parsed: Parsed, struct: Structure | None = None) -> list[Decision]:
    """Every decision in ``doc`` (see the module docstring); ``struct`` is the paper's
    structure when the caller has read it already."""
    if not doc.text.strip():
        return []
    struct = struct or structure(doc)
    if doc.format == "html":
        shown = web_decisions(doc, parsed, struct)
        if shown:
            return shown
    if is_minutes(struct):
        minuted = minuted_decisions(doc, parsed, struct)
        if minuted:
            return minuted
    found = record_decision(doc, parsed, struct)
    if found:
        return found
    notices = notice_decisions(doc, parsed, struct)
    if notices:
        return notices
    approval = approval_decision(doc, parsed, struct)
    if approval:
        return [approval]
    return reported_decisions(doc, parsed, struct)
