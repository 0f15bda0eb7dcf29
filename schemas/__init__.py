"""papertrail's record schema: pydantic v2 models, the source of truth for every output."""

from pydantic import BaseModel

from schemas.findings import Finding, FindingCheck, FindingStatus, Review, ReviewStatus
from schemas.provenance import OcrRun, Source, page_of, source_for_span
from schemas.records import (
    Consultation,
    Decision,
    DecisionStatus,
    DocStatus,
    DocType,
    Document,
    Funding,
    FundingPeriod,
    FundingRole,
    Indicator,
    IndicatorValue,
    Option,
    Precision,
    Resolution,
    Table,
    TimelineEvent,
)

RECORD_KINDS: dict[str, type[BaseModel]] = {
    "documents": Document,
    "decisions": Decision,
    "funding": Funding,
    "indicators": Indicator,
    "findings": Finding,
    "timeline": TimelineEvent,
}

__all__ = [
    "RECORD_KINDS",
    "Consultation",
    "Decision",
    "DecisionStatus",
    "DocStatus",
    "DocType",
    "Document",
    "Finding",
    "FindingCheck",
    "FindingStatus",
    "Funding",
    "FundingPeriod",
    "FundingRole",
    "Indicator",
    "IndicatorValue",
    "Option",
    "Precision",
    "Resolution",
    "Review",
    "ReviewStatus",
    "OcrRun",
    "Source",
    "Table",
    "TimelineEvent",
    "page_of",
    "source_for_span",
]
