"""Validator findings and an auditor's reviews of them."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from schemas.provenance import Source
from schemas.records import Number


class FindingStatus(str, Enum):
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


class ReviewStatus(str, Enum):
    explained = "explained"
    accepted = "accepted"
    open = "open"


class Review(BaseModel):
    """An auditor's mark on a finding, kept while the finding's figures are unchanged."""

    model_config = ConfigDict(extra="forbid")

    finding_id: str
    status: ReviewStatus
    note: str = ""
    fingerprint: str = Field(description="hash of the figures the finding had when reviewed")
    reviewer: str | None = None
    at: str | None = None
    stale: bool = Field(default=False, description="the figures changed since the review")


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="stable: the same finding gets the same id run after run")
    check: FindingCheck
    status: FindingStatus
    message: str = Field(description="one sentence a person can act on")
    doc_ids: list[str]
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
    expected: Number | None = None
    actual: Number | None = None
    difference: Number | None = None
    difference_pct: Number | None = None
    tolerance: Number | None = None
    funding_stream: str | None = None
    fingerprint: str = ""
    review: Review | None = None
    sources: list[Source] = Field(default_factory=list)
