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
from schemas.structure import Link, TextLine


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


def span_id(doc_id: str, letter: str, source: Source, *extra: str) -> str:
    """A record id from its paper and quoted span, stable run to run:
    ``span_id("002_b0", "D", source)`` -> ``"002_b0:D@120-245"``; ``extra`` parts are
    added after colons (two timeline events read from one span differ by kind and date)."""
    return ":".join((f"{doc_id}:{letter}@{source.char_start}-{source.char_end}", *extra))


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

    page: int = Field(ge=1, description="1-based page the table is on")
    index: int = Field(ge=0, description="0-based order of the table on its page")
    rows: list[list[str | None]] = Field(description="the table's rows, each a list of cell strings (null for an empty cell)")
    char_start: int | None = Field(
        default=None, description="where the table's rows begin in the normalised text"
    )
    char_end: int | None = Field(default=None, description="where the table's rows end in the normalised text")


class Document(_Record):
    """One input paper, as ingested."""

    doc_id: str = Field(description="the paper's id: its file name without the extension, made unique within the output folder")
    path: str = Field(description="the input file, as given on the command line")
    sha256: str = Field(description="SHA-256 of the input file's bytes (hex)")
    doc_type: DocType = Field(default=DocType.unknown, description="record_of_decision, proposed_record_of_decision, decision_report, committee_report or unknown")
    title: str | None = Field(default=None, description="the paper's title as printed, or null")
    pages: int = Field(default=0, description="number of pages (1 for a text or web page without page breaks)")
    text_path: str | None = Field(
        default=None, description="normalised text file, relative to the output folder"
    )
    status: DocStatus = Field(default=DocStatus.ok, description="ok, or failed (then error says why)")
    error: str | None = Field(default=None, description="one-line reason when status is failed")
    format: str = Field(default="", description="pdf, txt, md or html")
    encoding: str | None = Field(default=None, description="detected encoding of a text file")
    size_bytes: int = Field(default=0, description="size of the input file in bytes")
    chars: int = Field(default=0, description="length of the normalised text in characters")
    page_starts: list[int] = Field(
        default_factory=list, description="offset of each page's first character in the text"
    )
    metadata_title: str | None = Field(default=None, description="the title in the file's metadata (PDF Title, HTML <title>), or null")
    tables: list[Table] = Field(default_factory=list, description="tables found on the pages, as grids of cell text")
    warnings: list[str] = Field(default_factory=list, description="what the reader noticed but read anyway (one line each)")
    text: str = Field(default="", exclude=True, repr=False, description="the normalised text (not written to JSON: see text_path)")
    lines: list[TextLine] = Field(
        default_factory=list, exclude=True, repr=False,
        description="every printed line's span, page and geometry (in memory only)",
    )
    furniture: list[tuple[int, str]] = Field(
        default_factory=list, exclude=True, repr=False,
        description="(page, line) of running headers, footers and page numbers kept out of the text",
    )
    links: list[Link] = Field(
        default_factory=list, exclude=True, repr=False,
        description="a web or Word paper's links, with their spans (in memory only)",
    )
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
    text: str = Field(description="the resolution's text as printed")
    source: Source | None = Field(default=None, description="where the resolution was read, or null")


class Option(_Record):
    number: str | None = Field(description="the option's number as printed, or null")
    title: str = Field(description="the option as printed")
    recommended: bool = Field(default=False, description="the paper recommends this option")
    rejected: bool = Field(default=False, description="the paper rejects this option")
    reason: str | None = Field(default=None, description="why, as printed, or null")
    source: Source | None = Field(default=None, description="where the option was read, or null")


class Consultation(_Record):
    committee: str = Field(description="the committee consulted, as printed")
    date: str | None = Field(default=None, description="ISO date at its precision")
    outcome: str | None = Field(default=None, description="what the committee did (endorsed, noted, ...), or null")
    votes_for: int | None = Field(default=None, description="votes for, where printed")
    votes_against: int | None = Field(default=None, description="votes against, where printed")
    source: Source | None = Field(default=None, description="where the consultation was read, or null")


class Decision(_Record):
    """A decision taken, proposed, or recommended to a decision maker."""

    id: str = Field(default="", description='stable id: doc_id, "D@" and the source span ("002_b0:D@120-245")')
    doc_id: str = Field(description="the paper the decision is in (documents.doc_id)")
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
    status: DecisionStatus = Field(description="taken, proposed, or recommendation (to a decision maker)")
    decision_maker: str | None = Field(description="the role that takes the decision")
    decision_maker_name: str | None = Field(default=None, description="the decision maker's name as printed, or null")
    decision_maker_honorific: str | None = Field(default=None, description="the honorific printed before the name (Mr, Mrs, Cllr, ...), or null")
    subject: str | None = Field(default=None, description="what the decision is about, as printed, or null")
    key_decision: bool | None = Field(default=None, description="true or false as the paper says; null when it does not say")
    classification: str | None = Field(default=None, description="the paper's classification (e.g. Unrestricted, Exempt), or null")
    electoral_divisions: list[str] = Field(default_factory=list, description="electoral divisions (wards) affected, as printed")
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
    resolutions: list[Resolution] = Field(default_factory=list, description="what is decided, item by item: [{label, verb, text, source}]")
    options: list[Option] = Field(default_factory=list, description="the options considered, with which was recommended or rejected")
    recommended_option: str | None = Field(default=None, description="the number of the recommended option, or null")
    consultations: list[Consultation] = Field(default_factory=list, description="committees consulted before the decision, with date and outcome")
    interests_declared: str | None = Field(default=None, description="declarations of interest as printed, or null")
    referenced_decisions: list[str] = Field(default_factory=list, description="other decision numbers (YY/NNNNN) the paper cites")
    missing: list[str] = Field(
        default_factory=list, description="what the paper did not let us place"
    )
    source: Source = Field(description="where in the paper the decision was read")

    @model_validator(mode="after")
    def _stable_id(self) -> Decision:
        if not self.id:
            self.id = span_id(self.doc_id, "D", self.source)
        return self


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


class SumGroup(_Record):
    """A sum the paper prints, held by its total: the figures added and taken away."""

    kind: str = Field(
        default="sum",
        description=(
            'what printed it: "column" / "row" (a table\'s Total row or column), "running" (a total '
            'carried into the next sum), "grand" (a total of totals), "net" (one total less others), '
            '"balance" (opening, additions, deductions, closing), "movement" (opening column + '
            'movement = closing column), "across" (a total of other tables\' totals), "words" (the '
            'sentence says so), "arithmetic" ("£2,473 + £2,309 = £4,782")'
        ),
    )
    parts: list[str] = Field(default_factory=list, description="ids of the figures added")
    minus: list[str] = Field(default_factory=list, description="ids of the figures taken away")
    inferred: bool = Field(
        default=False, description="no label or word says it is a total: the arithmetic found it"
    )
    tolerance_gbp: Number | None = Field(
        default=None, description="the rounding the paper itself says its totals may be out by"
    )


class Funding(_Record):
    """A money figure printed in a paper."""

    id: str = Field(default="", description='stable id: doc_id and position ("002_b0:F003"); else doc_id and ":@" and char_start')
    doc_id: str = Field(description="the paper the figure is in (documents.doc_id)")
    amount_gbp: Number = Field(description="the figure in pounds, exact (\"£2.65m\" -> 2650000)")
    amount_text: str = Field(description="the figure as printed")
    amount_max_gbp: Number | None = Field(default=None, description="upper end of a range")
    is_range: bool = Field(default=False, description="the figure is a range (\"£1m to £1.5m\"); amount_gbp is its lower end")
    decimals_printed: int = Field(
        default=0, description="digits printed after the point in the figure's own unit"
    )
    precision_gbp: Number | None = Field(
        default=None, description="value of one unit in the last printed digit"
    )
    period: FundingPeriod = Field(default=FundingPeriod.unspecified, description="per_year, total, one_off or unspecified")
    period_years: int | None = Field(default=None, description="the number of years of a total (\"over 5 years\" -> 5), or null")
    financial_year: str | None = Field(default=None, description="the financial year the figure is for (\"2018-19\"), or null")
    role: FundingRole = Field(default=FundingRole.reference, description="component (a part), total (a stated total), threshold or reference")
    payer: str | None = Field(default=None, description="who pays, as printed, or null")
    purpose: str | None = Field(default=None, description="what the money is for, as printed, or null")
    part_of: list[str] = Field(
        default_factory=list,
        description="ids of the stated totals this figure is a component of (a sum group)",
    )
    sums: list[SumGroup] = Field(
        default_factory=list, description="the sums this figure is the printed total of"
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
    table_block: int | None = Field(
        default=None,
        description="id of the table block (any table: ruled, borderless, web, Markdown) the figure is a cell of",
    )
    authority: str | None = Field(
        default=None, description="the council or other authority that issued the paper, as it names itself"
    )
    unit_note: str | None = Field(
        default=None, description="why the figure's unit is in doubt, where it is (the figure is kept)"
    )
    source: Source = Field(description="where the figure was read")

    @model_validator(mode="after")
    def _stable_id(self) -> Funding:
        if not self.id:  # the validator's own fallback for a figure without an id
            self.id = f"{self.doc_id}:@{self.source.char_start}"
        return self


# --------------------------------------------------------------------------- indicators


class IndicatorValue(_Record):
    value: Number | None = Field(default=None, description="the value as a number, or null")
    period: str | None = Field(default=None, description="the period the value is for, as printed (\"Apr-19\"), or null")
    text: str | None = Field(default=None, description="the value as printed where it is not a number, or null")


class Indicator(_Record):
    """A performance indicator's row: baseline, current value, target and changes."""

    id: str = Field(default="", description='stable id: doc_id, "I@" and the source span')
    doc_id: str = Field(description="the paper the indicator is in (documents.doc_id)")
    name: str = Field(description="the indicator's name as printed")
    code: str | None = Field(default=None, description='the report\'s own reference, e.g. "ASC01"')
    unit: str = Field(default="count", description="count, percent, gbp, days, ...")
    target: Number | None = Field(default=None, description="the target value, or null")
    floor: Number | None = Field(default=None, description="the floor (minimum acceptable) value, or null")
    baseline: IndicatorValue = Field(default_factory=IndicatorValue, description="the earlier value: {value, period, text}")
    current: IndicatorValue = Field(default_factory=IndicatorValue, description="the latest value: {value, period, text}")
    stated_change_pct: Number | None = Field(default=None, description="the percentage change the paper prints, or null: signed as a rise (+) or fall (-); a change printed as an improvement or a deterioration is signed by which way is better where the paper says so, else as better (+) or worse (-)")
    stated_change_text: str | None = Field(default=None, description="the change as printed (\"+76%\"), or null")
    stated_change_points: Number | None = Field(default=None, description="the change in percentage points the paper prints, or null")
    computed_change_pct: Number | None = Field(default=None, description="the percentage change computed from baseline and current")
    computed_change_points: Number | None = Field(default=None, description="the change in points computed from baseline and current (percent indicators)")
    higher_is_better: bool | None = Field(default=None, description="whether a rise is good, where the paper says; else null")
    rag: str | None = Field(default=None, description="red/amber/green rating as printed, or null")
    source: Source = Field(description="where the indicator's row was read")

    @model_validator(mode="after")
    def _stable_id(self) -> Indicator:
        if not self.id:
            self.id = span_id(self.doc_id, "I", self.source)
        return self


# --------------------------------------------------------------------------- timeline


class Precision(str, Enum):
    year = "year"
    season = "season"
    month = "month"
    day = "day"


class TimelineEvent(_Record):
    """A dated event: a decision, a meeting, a contract date, something planned."""

    id: str = Field(
        default="", description='stable id: doc_id, "T@", the source span, kind and date ("002_b0:T@10-30:committee:2016-07-05")'
    )
    date: str = Field(description='ISO prefix at its precision: "2017", "2018-11", "2015-02-26"')
    precision: Precision = Field(description="year, season, month or day: how precisely the paper gives the date")
    date_text: str | None = Field(default=None, description="the date as printed, or null")
    label: str = Field(description="what happened or is planned, in a few words")
    kind: str = Field(description="decision, proposed, committee, contract, planned, ...")
    doc_id: str = Field(description="the paper the event is in (documents.doc_id)")
    decision_number: str | None = Field(default=None, pattern=r"^\d{2}/\d{5}$", description="the decision the event is about (YY/NNNNN), or null")
    decision_maker: str | None = Field(default=None, description="the decision maker, where the event is a decision, or null")
    subject: str | None = Field(default=None, description="the subject of the decision the event is about, or null")
    end_date: str | None = Field(
        default=None,
        description='for a range ("1 April 2025 to 31 March 2026"), its last day, month or year at the same precision; null for a single date',
    )
    source: Source = Field(description="where the date was read")

    @model_validator(mode="after")
    def _date_matches_precision(self) -> TimelineEvent:
        if not self.id:
            self.id = span_id(self.doc_id, "T", self.source, self.kind, self.date)
        shapes = {
            Precision.year: r"\d{4}",
            Precision.season: r"\d{4}-(?:03|06|09|12)",
            Precision.month: r"\d{4}-\d{2}",
            Precision.day: r"\d{4}-\d{2}-\d{2}",
        }
        if not re.fullmatch(shapes[self.precision], self.date):
            raise ValueError(f"date {self.date!r} does not have {self.precision.value} precision")
        if self.end_date is not None and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", self.end_date):
            raise ValueError(f"end_date {self.end_date!r} is not an ISO date prefix")
        return self
