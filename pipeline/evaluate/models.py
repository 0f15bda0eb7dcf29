"""The shape of an accuracy report (what ``papertrail eval --json`` writes).

Every ratio is a float in 0..1 rounded to 4 places, or null when nothing was there to
score.  Amounts are exact numbers in pounds (JSON ints, or floats that read back exactly).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.records import Number


class _Report(BaseModel):
    model_config = ConfigDict(extra="forbid")


def ratio(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 places; None when whole is 0."""
    return round(part / whole, 4) if whole else None


@dataclass
class Tally:
    """Right answers out of those scored."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return ratio(self.correct, self.total)

    def add(self, right: bool) -> None:
        self.total += 1
        self.correct += int(right)

    def to_json(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


class Place(_Report):
    """Where something is printed: paper, 1-based page and the printed words."""

    doc_id: str
    page: int | None = None
    quote: str | None = None


# --------------------------------------------------------------------------- decisions


class DecisionPair(_Report):
    doc_id: str
    gold_index: int = Field(description="position of the gold entry in the gold file's decisions")
    gold_subject: str | None
    output_subject: str | None
    matched_by: str = Field(description="reference, subject or order")


class FieldError(Place):
    gold_index: int
    gold_subject: str | None
    field: str
    gold: Any
    output: Any


class DecisionMiss(Place):
    gold_index: int
    subject: str | None
    decision_number: str | None


class DecisionInvented(Place):
    subject: str | None
    reference: str | None
    status: str | None


class PaperDecisions(_Report):
    gold: int = 0
    output: int = 0
    matched: int = 0
    missed: int = 0
    invented: int = 0
    fields_correct: int = 0
    fields_total: int = 0
    field_accuracy: float | None = None


class DecisionScore(_Report):
    field_accuracy: float | None = None
    fields: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="per field: correct, total, accuracy"
    )
    gold: int = 0
    output: int = 0
    matched: int = 0
    missed: int = 0
    invented: int = 0
    per_paper: dict[str, PaperDecisions] = Field(default_factory=dict)
    pairs: list[DecisionPair] = Field(default_factory=list)
    missed_list: list[DecisionMiss] = Field(default_factory=list)
    invented_list: list[DecisionInvented] = Field(default_factory=list)
    field_errors: list[FieldError] = Field(default_factory=list)


# --------------------------------------------------------------------------- money


class FigureMiss(Place):
    amount_gbp: Number
    period: str | None = None
    role: str | None = None
    printed_as: str | None = Field(default=None, description="the form it was found in, or null")


class FigureInvented(Place):
    amount_gbp: Number
    amount_text: str
    records: int


class LabelError(Place):
    amount_gbp: Number
    field: str = Field(description="period, role or period_years")
    gold: Any
    output: list[Any] = Field(description="the values on every record of this figure")


class PaperMoney(_Report):
    gold: int = 0
    output: int = 0
    matched: int = 0
    recall: float | None = None
    precision: float | None = None


class MoneyScore(_Report):
    recall: float | None = None
    precision: float | None = None
    gold: int = 0
    output: int = 0
    matched: int = 0
    period_accuracy: float | None = None
    role_accuracy: float | None = None
    period: dict[str, Any] = Field(default_factory=dict)
    role: dict[str, Any] = Field(default_factory=dict)
    period_years: dict[str, Any] = Field(default_factory=dict)
    per_paper: dict[str, PaperMoney] = Field(default_factory=dict)
    missed: list[FigureMiss] = Field(default_factory=list)
    invented: list[FigureInvented] = Field(default_factory=list)
    label_errors: list[LabelError] = Field(default_factory=list)


# --------------------------------------------------------------------------- sums


class SumResult(_Report):
    id: str
    doc_ids: list[str]
    amounts_gbp: list[Number]
    status: str = Field(description="pass, warn, fail (the matched findings'), or missing")
    finding_ids: list[str] = Field(default_factory=list)


class FalseFail(Place):
    id: str
    check: str
    doc_ids: list[str]
    amounts_gbp: list[Number]
    message: str


class PaperSums(_Report):
    must_pass: int = 0
    passed: int = 0
    must_flag: int = 0
    flagged: int = 0
    false_fails: int = 0


class SumScore(_Report):
    pass_accuracy: float | None = None
    flag_recall: float | None = None
    false_fails: int = 0
    must_pass: dict[str, int] = Field(default_factory=dict, description="gold must-pass sums by status")
    must_flag: dict[str, int] = Field(default_factory=dict, description="gold must-flag sums by status")
    findings_by_status: dict[str, int] = Field(
        default_factory=dict, description="output findings on the scored papers, by status"
    )
    per_paper: dict[str, PaperSums] = Field(default_factory=dict)
    must_pass_results: list[SumResult] = Field(default_factory=list)
    must_flag_results: list[SumResult] = Field(default_factory=list)
    false_fail_list: list[FalseFail] = Field(default_factory=list)


# --------------------------------------------------------------------------- the whole report


class FailedPaper(_Report):
    doc_id: str
    error: str | None


class Scope(_Report):
    scored: list[str] = Field(default_factory=list, description="gold papers in the run")
    not_in_run: list[str] = Field(default_factory=list, description="gold papers absent from documents.jsonl")
    failed: list[FailedPaper] = Field(default_factory=list, description="scored papers whose run failed")


class ThresholdResult(_Report):
    name: str
    figure: float | int | None
    limit: float | int
    kind: str = Field(description="min or max")
    ok: bool


class EvalReport(_Report):
    gold: str
    out: str
    scope: Scope
    summary: dict[str, float | int | None] = Field(
        description="the headline figures, under the names --min uses"
    )
    decisions: DecisionScore
    money: MoneyScore
    sums: SumScore
    thresholds: list[ThresholdResult] = Field(default_factory=list)
