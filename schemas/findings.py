"""Validator findings and an auditor's reviews of them."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from schemas.provenance import Source
from schemas.records import Number


class FindingStatus(str, Enum):
    """``pass``: the figures agree (exactly, or within the rounding of the printed figures
    or the tolerance the paper states, and the message says which); ``fail``: they do not,
    where the paper's labels or words say what they are; ``warn``: they need a person's
    eye, including wherever papertrail is not sure what it read (a sum inferred from the
    arithmetic alone, a unit in doubt, an OCR reading), which the message says."""

    passed = "pass"
    warn = "warn"
    fail = "fail"


class FindingCheck(str, Enum):
    sum = "sum"
    percent_change = "percent_change"
    period = "period"
    precision = "precision"
    cross_document = "cross_document"
    table_sum = "table_sum"
    balance = "balance"  # opening balance + additions - deductions = closing balance
    unit = "unit"  # a table whose money unit is in doubt (figures kept as read, flagged)


class ReviewStatus(str, Enum):
    explained = "explained"
    accepted = "accepted"
    open = "open"


class Review(BaseModel):
    """An auditor's mark on a finding, kept while the finding's figures are unchanged."""

    model_config = ConfigDict(extra="forbid")

    finding_id: str = Field(description="the finding reviewed (findings.id)")
    status: ReviewStatus = Field(description="explained, accepted or open")
    note: str = Field(default="", description="the auditor's note")
    fingerprint: str = Field(description="hash of the figures the finding had when reviewed")
    reviewer: str | None = Field(default=None, description="who reviewed, or null")
    at: str | None = Field(default=None, description="when the review was recorded (ISO date and time, UTC), or null")
    stale: bool = Field(default=False, description="the figures changed since the review")


class Finding(BaseModel):
    """One check run on the papers' figures, passed or not, with every figure it used."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable: the same finding gets the same id run after run")
    check: FindingCheck = Field(description="the check: sum, table_sum, precision, period, percent_change, cross_document, ...")
    status: FindingStatus = Field(description="pass, warn or fail (other values may be added, e.g. unsure)")
    message: str = Field(description="one sentence a person can act on")
    doc_ids: list[str] = Field(description="the papers whose figures the check used")
    amounts_gbp: list[Number] = Field(
        default_factory=list, description="every money figure the check used (empty for a percentage check)"
    )
    unit: str = Field(
        default="gbp",
        description="unit of expected/actual/difference: gbp, percent (a % change), points (percentage points)",
    )
    values: list[Number] = Field(
        default_factory=list, description="every figure the check used, in its own unit (e.g. baseline, current)"
    )
    record_ids: list[str] = Field(
        default_factory=list, description="ids of the funding or indicator records the check used"
    )
    expected: Number | None = Field(default=None, description="what the figures say it should be (in unit), or null")
    actual: Number | None = Field(default=None, description="what the paper states (in unit), or null")
    difference: Number | None = Field(default=None, description="actual - expected (in unit), or null")
    difference_pct: Number | None = Field(default=None, description="the difference as a percentage of expected, or null")
    tolerance: Number | None = Field(default=None, description="the largest difference the check accepts as rounding (in unit), or null")
    funding_stream: str | None = Field(default=None, description="readable name of the funding stream the figures belong to, or null")
    fingerprint: str = Field(default="", description="hash of the status and figures, to keep or drop an auditor's review")
    review: Review | None = Field(default=None, description="the auditor's review of the finding, or null")
    sources: list[Source] = Field(default_factory=list, description="where each figure the check used was read")
