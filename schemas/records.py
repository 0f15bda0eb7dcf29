"""Record models: documents, decisions, funding, indicators and timeline events.

Field names follow ../shared/CONTRACT.md; fields may be added, none renamed or dropped
without a migration note in CHANGELOG.md.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

from schemas.provenance import OcrRun, Source


def _number_json(value: Decimal | None) -> int | float | None:
    """JSON form of an exact number: an int when whole, else the shortest float that
    reads back as the same Decimal (money has far fewer than 15 significant digits)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) != value:
        raise ValueError(f"{value} cannot be written exactly as a JSON number")
    return as_float


Number = Annotated[Decimal, PlainSerializer(_number_json, return_type=int | float, when_used="json")]
"""An exact decimal, written to JSON as a plain number."""


class _Record(BaseModel):
    model_config = ConfigDict(use_enum_values=False, extra="forbid")


# --------------------------------------------------------------------------- documents


class DocType(str, Enum):
    record_of_decision = "record_of_decision"
    proposed_record_of_decision = "proposed_record_of_decision"
    decision_report = "decision_report"
    committee_report = "committee_report"
    unknown = "unknown"


class DocStatus(str, Enum):
    ok = "ok"
    failed = "failed"


class Table(_Record):
    """A table found on a page, as a grid of cell strings (None for an empty cell)."""

    page: int = Field(ge=1)
    index: int = Field(ge=0, description="0-based order of the table on its page")
    rows: list[list[str | None]]
    char_start: int | None = Field(
        default=None, description="where the table's rows begin in the normalised text"
    )
    char_end: int | None = None


class Document(_Record):
    """One input paper, as ingested."""

    doc_id: str
    path: str = Field(description="the input file, as given on the command line")
    sha256: str
    doc_type: DocType = DocType.unknown
    title: str | None = None
    pages: int = 0
    text_path: str | None = Field(
        default=None, description="normalised text file, relative to the output folder"
    )
    status: DocStatus = DocStatus.ok
    error: str | None = Field(default=None, description="one-line reason when status is failed")
    format: str = Field(default="", description="pdf, txt, md or html")
    encoding: str | None = Field(default=None, description="detected encoding of a text file")
    size_bytes: int = 0
    chars: int = 0
    page_starts: list[int] = Field(
        default_factory=list, description="offset of each page's first character in the text"
    )
    metadata_title: str | None = None
    tables: list[Table] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    ocr_pages: list[int] = Field(
        default_factory=list, description="1-based pages read by OCR (no usable text layer)"
    )
    ocr_confidence: float | None = Field(
        default=None, description="mean OCR word confidence over those pages, 0-1; null when none"
    )
    ocr_runs: list[OcrRun] = Field(
        default_factory=list, exclude=True, repr=False,
        description="where OCR text lies in ``text``, word by word, with its confidence",
    )
    text: str = Field(default="", exclude=True, repr=False)


# --------------------------------------------------------------------------- decisions


class DecisionStatus(str, Enum):
    taken = "taken"
    proposed = "proposed"
    recommendation = "recommendation"


class Resolution(_Record):
    label: str | None = Field(description='as printed, e.g. "a", "1", "A"')
    verb: str | None = Field(
        description='upper-case lead verb: "AGREE", "NOTE", "DELEGATE", ...', pattern=r"^[A-Z][A-Z-]*$"
    )
    text: str
    source: Source | None = None


class Option(_Record):
    number: str | None
    title: str
    recommended: bool = False
    rejected: bool = False
    reason: str | None = None
    source: Source | None = None


class Consultation(_Record):
    committee: str
    date: str | None = Field(default=None, description="ISO date at its precision")
    outcome: str | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    source: Source | None = None


class Decision(_Record):
    doc_id: str
    decision_number: str | None = Field(
        description="canonical YY/NNNNN, or null", pattern=r"^\d{2}/\d{5}$"
    )
    decision_number_text: str | None = Field(
        default=None, description="the canonical-form number as printed (\"16-00052\")"
    )
    reference: str | None = Field(
        default=None,
        description=(
            "the council's own reference for the decision as printed, whatever its form: a "
            "minute number (\"285\", \"18.03.6\"), an order number (\"TRO 16/2013\"), a "
            "committee code (\"CAB 12/24\"), a ModernGov decision or issue id (\"13567\"); "
            "null when the paper prints none"
        ),
    )
    minute: str | None = Field(default=None, description="minute number, for a decision in minutes")
    status: DecisionStatus
    decision_maker: str | None = Field(description="the role that takes the decision")
    decision_maker_name: str | None = None
    decision_maker_honorific: str | None = None
    subject: str | None = None
    key_decision: bool | None = None
    classification: str | None = None
    electoral_divisions: list[str] = Field(default_factory=list)
    decision_date: str | None = Field(default=None, description="ISO date, or null")
    status_text: str | None = Field(
        default=None, description='the decision\'s status as printed ("Recommendations Approved")'
    )
    date_published: str | None = Field(default=None, description="ISO date the decision was published")
    effective_from: str | None = Field(
        default=None,
        description="ISO date the decision takes effect (after call-in expiry, or as the paper says)",
    )
    call_in: bool | None = Field(
        default=None, description="subject to call-in (true/false), null when the paper does not say"
    )
    resolutions: list[Resolution] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    recommended_option: str | None = None
    consultations: list[Consultation] = Field(default_factory=list)
    interests_declared: str | None = None
    referenced_decisions: list[str] = Field(default_factory=list)
    missing: list[str] = Field(
        default_factory=list, description="what the paper did not let us place"
    )
    source: Source


# --------------------------------------------------------------------------- funding


class FundingPeriod(str, Enum):
    per_year = "per_year"
    total = "total"
    one_off = "one_off"
    unspecified = "unspecified"


class FundingRole(str, Enum):
    component = "component"
    total = "total"
    threshold = "threshold"
    reference = "reference"


class Funding(_Record):
    id: str = Field(default="", description="stable id: doc_id and position")
    doc_id: str
    amount_gbp: Number
    amount_text: str = Field(description="the figure as printed")
    amount_max_gbp: Number | None = Field(default=None, description="upper end of a range")
    is_range: bool = False
    decimals_printed: int = Field(
        default=0, description="digits printed after the point in the figure's own unit"
    )
    precision_gbp: Number | None = Field(
        default=None, description="value of one unit in the last printed digit"
    )
    period: FundingPeriod = FundingPeriod.unspecified
    period_years: int | None = None
    financial_year: str | None = None
    role: FundingRole = FundingRole.reference
    payer: str | None = None
    purpose: str | None = None
    part_of: list[str] = Field(
        default_factory=list,
        description="ids of the stated totals this figure is a component of (a sum group)",
    )
    funding_stream: str | None = Field(
        default=None, description="key linking the same contribution across papers"
    )
    table: int | None = Field(default=None, description="index into documents.tables")
    amount_confidence: float | None = Field(
        default=None, description="OCR confidence of the printed figure itself, 0-1; null when not read by OCR"
    )
    warnings: list[str] = Field(
        default_factory=list, description="doubts about the figure, e.g. read by OCR with low confidence"
    )
    source: Source


# --------------------------------------------------------------------------- indicators


class IndicatorValue(_Record):
    value: Number | None = None
    period: str | None = None
    text: str | None = None


class Indicator(_Record):
    doc_id: str
    name: str
    code: str | None = Field(default=None, description='the report\'s own reference, e.g. "ASC01"')
    unit: str = Field(default="count", description="count, percent, gbp, days, ...")
    target: Number | None = None
    floor: Number | None = None
    baseline: IndicatorValue = Field(default_factory=IndicatorValue)
    current: IndicatorValue = Field(default_factory=IndicatorValue)
    stated_change_pct: Number | None = None
    stated_change_text: str | None = None
    stated_change_points: Number | None = None
    computed_change_pct: Number | None = None
    computed_change_points: Number | None = None
    higher_is_better: bool | None = None
    rag: str | None = None
    source: Source


# --------------------------------------------------------------------------- timeline


class Precision(str, Enum):
    year = "year"
    season = "season"
    month = "month"
    day = "day"


class TimelineEvent(_Record):
    date: str = Field(description='ISO prefix at its precision: "2017", "2018-11", "2015-02-26"')
    precision: Precision
    date_text: str | None = None
    label: str
    kind: str = Field(description="decision, proposed, committee, contract, planned, ...")
    doc_id: str
    decision_number: str | None = Field(default=None, pattern=r"^\d{2}/\d{5}$")
    decision_maker: str | None = None
    subject: str | None = None
    source: Source

    @model_validator(mode="after")
    def _date_matches_precision(self) -> TimelineEvent:
        shapes = {
            Precision.year: r"\d{4}",
            Precision.season: r"\d{4}-(?:03|06|09|12)",
            Precision.month: r"\d{4}-\d{2}",
            Precision.day: r"\d{4}-\d{2}-\d{2}",
        }
        if not re.fullmatch(shapes[self.precision], self.date):
            raise ValueError(f"date {self.date!r} does not have {self.precision.value} precision")
        return self
