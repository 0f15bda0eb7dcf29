"""What templates receive: frozen, typed context objects (plain text, never markup)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.render.axis import Axis

# --------------------------------------------------------------------------- shared pieces


@dataclass(frozen=True)
class NavItem:
    href: str
    text: str
    current: bool


@dataclass(frozen=True)
class PageMeta:
    title: str
    root: str
    nav: tuple[NavItem, ...]
    version: str
    csp: str
    has_script: bool


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Quote:
    anchor: str
    page: int
    char_start: int
    char_end: int
    text: str


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str
    count: int


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class DocumentView:
    doc_id: str
    title: str
    doc_type: str
    pages: int
    input_name: str
    sha256: str
    text_href: str | None  # links: percent-encoded, relative, built from ids papertrail made
    html_href: str
    md_href: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ResolutionView:
    label: str
    verb: str
    text: str


@dataclass(frozen=True)
class OptionView:
    number: str
    title: str
    verdict: str
    reason: str


@dataclass(frozen=True)
class ConsultationView:
    committee: str
    date: str
    outcome: str
    votes: str


@dataclass(frozen=True)
class DecisionRef:
    number: str
    href: str | None


@dataclass(frozen=True)
class DecisionView:
    anchor: str
    number: str | None
    number_text: str | None
    status: str
    status_label: str
    maker: str | None
    maker_name: str | None
    subject: str | None
    key_decision: str
    date: str
    classification: str | None
    divisions: tuple[str, ...]
    resolutions: tuple[ResolutionView, ...]
    options: tuple[OptionView, ...]
    consultations: tuple[ConsultationView, ...]
    references: tuple[DecisionRef, ...]
    missing: tuple[str, ...]
    quote: Quote


@dataclass(frozen=True)
class MoneyView:
    anchor: str
    funding_id: str
    as_printed: str
    exact: str
    period: str
    per_year: str | None
    per_year_derived: str | None
    financial_year: str | None
    role: str
    payer: str | None
    purpose: str | None
    stream: str | None
    quote: Quote


@dataclass(frozen=True)
class IndicatorView:
    anchor: str
    name: str
    unit: str
    baseline: str
    baseline_period: str
    current: str
    current_period: str
    target: str
    stated_change: str
    computed_change: str
    quote: Quote


@dataclass(frozen=True)
class EventView:
    date: str
    date_display: str
    precision: str
    kind: str
    kind_label: str
    label: str
    decision_number: str | None
    decision_maker: str | None
    subject: str | None
    subject_key: str
    doc_id: str
    summary_href: str | None
    quote_anchor: str
    quote_href: str | None
    page: int
    anchor: str  # the event's id on the timeline page
    end_date: str | None  # the end of a range (ISO prefix)
    end_display: str | None


@dataclass(frozen=True)
class ReviewView:
    status: str
    label: str
    note: str
    reviewer: str | None


@dataclass(frozen=True)
class FigureLink:
    href: str | None
    text: str
    doc_id: str
    page: int


@dataclass(frozen=True)
class FindingView:
    id: str
    anchor: str
    check: str
    check_label: str
    status: str
    status_label: str
    message: str
    stream: str | None
    doc_ids: tuple[str, ...]
    expected: str
    actual: str
    difference: str
    difference_pct: str
    amounts: tuple[str, ...]
    figures: tuple[FigureLink, ...]
    review: ReviewView | None
    report_href: str
    unit: str  # GBP, percent or percentage points
    size: str  # size of the difference (|difference %|, else |difference|), for sorting
    order: int  # worst first: fail 0, warn 1, any other status 2, pass 3


@dataclass(frozen=True)
class SummaryPage:
    meta: PageMeta
    doc: DocumentView
    decisions: tuple[DecisionView, ...]
    money: tuple[MoneyView, ...]
    indicators: tuple[IndicatorView, ...]
    events: tuple[EventView, ...]
    findings: tuple[FindingView, ...]
    quotes: tuple[Quote, ...]


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class YearGroup:
    year: str
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class ChainStep:
    date: str
    iso: str  # the date as an ISO prefix, "" when unknown
    number: str | None
    status_label: str
    maker: str | None
    subject: str | None
    href: str | None
    doc_id: str
    reason: str | None


@dataclass(frozen=True)
class Chain:
    anchor: str
    steps: tuple[ChainStep, ...]


@dataclass(frozen=True)
class TimelinePage:
    meta: PageMeta
    total: int
    years: tuple[YearGroup, ...]
    kinds: tuple[FilterOption, ...]
    subjects: tuple[FilterOption, ...]
    chains: tuple[Chain, ...]
    exports: tuple[Link, ...]
    axis: Axis | None


# --------------------------------------------------------------------------- reconciliation


@dataclass(frozen=True)
class StatusCounts:
    passed: int
    warned: int
    failed: int
    other: int = 0  # statuses this version does not know (e.g. unsure)

    @property
    def total(self) -> int:
        return self.passed + self.warned + self.failed + self.other


@dataclass(frozen=True)
class Change:
    id: str
    href: str | None  # to the finding's row (None once resolved)
    check_label: str
    status_label: str
    message: str
    was: str | None  # the status before, for a changed finding


@dataclass(frozen=True)
class Changes:
    since: str | None  # when the previous run was; None on a folder's first run
    new: tuple[Change, ...]
    changed: tuple[Change, ...]
    resolved: tuple[Change, ...]


@dataclass(frozen=True)
class RunHeader:
    ran_at: str
    version: str
    papers_ok: int
    papers_failed: int
    papers: tuple[Link, ...]  # href empty for a failed paper
    changes: Changes


@dataclass(frozen=True)
class CheckSection:
    check: str
    name: str
    anchor: str
    expected_heading: str
    actual_heading: str
    counts: StatusCounts
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class ReconciliationPage:
    meta: PageMeta
    header: RunHeader
    counts: StatusCounts
    sections: tuple[CheckSection, ...]
    statuses: tuple[FilterOption, ...]
    checks: tuple[FilterOption, ...]
    papers: tuple[FilterOption, ...]
    csv: Link


# --------------------------------------------------------------------------- index


@dataclass(frozen=True)
class PaperRow:
    doc_id: str
    title: str
    doc_type: str
    pages: int
    ok: bool
    error: str | None
    summary_html: str | None
    summary_md: str | None
    decisions: int
    funding: int
    indicators: int
    events: int
    findings: int


@dataclass(frozen=True)
class Count:
    label: str
    value: int


@dataclass(frozen=True)
class IndexPage:
    meta: PageMeta
    papers_ok: int
    papers_failed: int
    records: tuple[Count, ...]
    records_total: int
    findings: StatusCounts
    reports: tuple[Link, ...]
    data_files: tuple[Link, ...]
    papers: tuple[PaperRow, ...]
