"""Records read from OCR say so: one pass after extraction, so extractors need no change.

:func:`mark_ocr` walks every record of a paper read (partly) by OCR and, for every
``source`` (a record's own, a resolution's, an option's, ...) that lies on an OCR page,
sets ``ocr: true`` and ``confidence`` (that of the quote's least certain word).  A money
figure also gets the confidence of the printed figure itself (``amount_confidence``) and,
below :data:`~pipeline.ingest.ocr.LOW_CONFIDENCE`, a warning naming the page to check.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel

from pipeline.ingest.ocr import LOW_CONFIDENCE
from pipeline.ingest.ocr_spans import OcrIndex
from schemas.provenance import Source
from schemas.records import Document, Funding

if TYPE_CHECKING:
    from pipeline.store import PaperRecords

RECORD_LISTS = ("decisions", "funding", "indicators", "timeline")


def ocr_index(doc: Document) -> OcrIndex:
    return OcrIndex(doc.ocr_runs, doc.ocr_pages, doc.page_starts, len(doc.text))


def mark_source(source: Source, index: OcrIndex) -> Source:
    """``source`` with ``ocr`` and ``confidence`` set where it lies on an OCR page."""
    if not index.is_ocr(source.char_start, source.char_end):
        return source
    confidence = index.confidence(source.char_start, source.char_end)
    return source.model_copy(update={"ocr": True, "confidence": confidence})


def _mark(model: BaseModel, index: OcrIndex) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Source):
            setattr(model, name, mark_source(value, index))
        elif isinstance(value, BaseModel):
            _mark(value, index)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Source):
                    value[i] = mark_source(item, index)
                elif isinstance(item, BaseModel):
                    _mark(item, index)


def figure_confidence(funding: Funding, index: OcrIndex) -> float | None:
    """The confidence of the printed figure (``amount_text``) inside its quote: the
    lowest over the places it appears there; the quote's where it cannot be found."""
    source = funding.source
    spots = [m.start() for m in re.finditer(re.escape(funding.amount_text), source.quote)] if funding.amount_text else []
    values = [
        c
        for spot in spots
        if (c := index.confidence(source.char_start + spot, source.char_start + spot + len(funding.amount_text))) is not None
    ]
    return min(values) if values else source.confidence


def low_confidence_warning(confidence: float, page: int) -> str:
    return (
        f"figure read by OCR with confidence {confidence:.0%} (below {LOW_CONFIDENCE:.0%}): "
        f"check it against page {page} of the paper"
    )


def mark_ocr(records: PaperRecords) -> PaperRecords:
    """Mark, in place, every record of a paper that was read from OCR text; returns it."""
    doc = records.document
    if not doc.ocr_pages:
        return records
    index = ocr_index(doc)
    for kind in RECORD_LISTS:
        for record in getattr(records, kind):
            _mark(record, index)
    for funding in records.funding:
        if not funding.source.ocr:
            continue
        confidence = figure_confidence(funding, index)
        funding.amount_confidence = confidence
        if confidence is not None and confidence < LOW_CONFIDENCE:
            funding.warnings = [*funding.warnings, low_confidence_warning(confidence, funding.source.page)]
    return records
