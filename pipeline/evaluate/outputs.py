"""Reading an output folder for scoring: lenient views of papertrail's JSONL files.

The views keep only the fields the scorer reads and ignore the rest, so a folder written
by an older or newer papertrail (fields added) can still be scored.  Numbers are read as
exact Decimals.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.evaluate.errors import OutputFolderError


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class SourceView(_View):
    doc_id: str
    page: int
    char_start: int = 0
    char_end: int = 0
    quote: str = ""


class DocumentView(_View):
    doc_id: str
    status: str = "ok"
    error: str | None = None
    text_path: str | None = None
    page_starts: list[int] = Field(default_factory=list)


class ResolutionView(_View):
    verb: str | None = None


class DecisionView(_View):
    doc_id: str
    decision_number: str | None = None
    decision_number_text: str | None = None
    reference: str | None = None
    minute: str | None = None
    status: str | None = None
    decision_maker: str | None = None
    decision_maker_name: str | None = None
    key_decision: bool | None = None
    decision_date: str | None = None
    subject: str | None = None
    resolutions: list[ResolutionView] = Field(default_factory=list)
    date_published: str | None = None
    effective_from: str | None = None
    call_in: bool | None = None
    electoral_divisions: list[str] = Field(default_factory=list)
    source: SourceView | None = None

    @property
    def printed_reference(self) -> str | None:
        """The record's reference as printed: ``reference``, else ``minute``, else
        ``decision_number_text``, else ``decision_number``."""
        for value in (self.reference, self.minute, self.decision_number_text, self.decision_number):
            if value:
                return value
        return None


class FundingView(_View):
    id: str = ""
    doc_id: str
    amount_gbp: Decimal
    amount_max_gbp: Decimal | None = None
    amount_text: str = ""
    period: str | None = None
    period_years: int | None = None
    role: str | None = None
    source: SourceView | None = None

    def amounts(self) -> list[Decimal]:
        """The printed figures this record stands for: the amount, and a range's upper end."""
        if self.amount_max_gbp is not None and self.amount_max_gbp != self.amount_gbp:
            return [self.amount_gbp, self.amount_max_gbp]
        return [self.amount_gbp]


class FindingView(_View):
    id: str
    check: str
    status: str
    message: str = ""
    doc_ids: list[str] = Field(default_factory=list)
    amounts_gbp: list[Decimal] = Field(default_factory=list)
    sources: list[SourceView] = Field(default_factory=list)


V = TypeVar("V", bound=_View)


def read_view(path: Path, model: type[V], required: bool = True) -> list[V]:
    """Every line of a JSONL file as ``model``.  A missing optional file reads as empty.

    Raises :class:`OutputFolderError` for a missing required file or a malformed line.
    """
    if not path.exists():
        if required:
            raise OutputFolderError(f"no {path.name} in {path.parent}: run 'papertrail run' first")
        return []
    rows: list[V] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise OutputFolderError(f"cannot read {path}: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(model.model_validate(json.loads(line, parse_float=Decimal)))
        except (json.JSONDecodeError, ValidationError) as error:
            detail = error.msg if isinstance(error, json.JSONDecodeError) else error.errors()[0]["msg"]
            raise OutputFolderError(f"{path} line {number} cannot be read: {detail}") from None
    return rows


@dataclass
class OutputFolder:
    """The records of one output folder, grouped by paper."""

    path: Path
    documents: dict[str, DocumentView]
    decisions: dict[str, list[DecisionView]] = field(default_factory=dict)
    funding: dict[str, list[FundingView]] = field(default_factory=dict)
    findings: list[FindingView] = field(default_factory=list)
    _texts: dict[str, str | None] = field(default_factory=dict, repr=False)

    def text(self, doc_id: str) -> str | None:
        """The paper's normalised text (texts/DOC_ID.txt), or None when absent."""
        if doc_id not in self._texts:
            doc = self.documents.get(doc_id)
            rel = doc.text_path if doc and doc.text_path else f"texts/{doc_id}.txt"
            try:
                self._texts[doc_id] = (self.path / rel).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[doc_id] = None
        return self._texts[doc_id]

    def page_of(self, doc_id: str, offset: int) -> int:
        """1-based page of a character offset, from documents.jsonl ``page_starts``."""
        doc = self.documents.get(doc_id)
        starts = doc.page_starts if doc and doc.page_starts else [0]
        return max(1, bisect_right(starts, offset))


def _group(rows: list[V]) -> dict[str, list[V]]:
    grouped: dict[str, list[V]] = {}
    for row in rows:
        grouped.setdefault(row.doc_id, []).append(row)  # type: ignore[attr-defined]
    return grouped


def load_output(path: Path) -> OutputFolder:
    """Read an output folder (documents.jsonl required; the other files may be absent).

    Raises :class:`OutputFolderError` when the folder or documents.jsonl is missing or a
    line cannot be read.
    """
    if not path.is_dir():
        raise OutputFolderError(f"no such output folder: {path}")
    documents = read_view(path / "documents.jsonl", DocumentView)
    decisions = read_view(path / "decisions.jsonl", DecisionView, required=False)
    by_paper = _group(decisions)
    for group in by_paper.values():  # text order: the order a reader meets them
        group.sort(key=lambda d: d.source.char_start if d.source else 0)
    return OutputFolder(
        path=path,
        documents={d.doc_id: d for d in documents},
        decisions=by_paper,
        funding=_group(read_view(path / "funding.jsonl", FundingView, required=False)),
        findings=read_view(path / "findings.jsonl", FindingView, required=False),
    )
