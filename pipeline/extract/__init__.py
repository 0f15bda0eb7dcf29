"""Extract stage: a Document's normalised text -> typed records.

Each extractor is a pure function of the Document and its spaCy parse (no I/O);
``extract_all`` parses once and runs them all.  An extractor module that is missing or
raises does not stop the others: the paper is kept with a warning.
"""

from __future__ import annotations

import logging

from pipeline.store import PaperRecords
from schemas.records import DocStatus, Document

log = logging.getLogger("papertrail")


def extract_all(doc: Document) -> PaperRecords:
    """Every record kind for one ingested paper."""
    from pipeline.extract import decisions, indicators, money, timeline
    from pipeline.extract.nlp import parse
    from pipeline.structure import structure

    records = PaperRecords(document=doc)
    if doc.status is not DocStatus.ok:
        return records
    parsed = parse(doc.text)
    struct = structure(doc)
    records.decisions = decisions.extract_decisions(doc, parsed, struct)
    records.funding = money.extract_funding(doc, parsed, struct)
    records.indicators = indicators.extract_indicators(doc, parsed, struct)
    records.timeline = timeline.extract_timeline(doc, parsed, records.decisions, struct)
    return records
