"""Auditor reviews: stable finding ids, fingerprints, and applying (or dropping) marks.

Identity and content are kept apart on purpose:

* a finding's **id** is a hash of its check and of the ids of the records it is about
  (funding figures, indicators), never of their values, so the same finding keeps its id
  run after run, and also when a paper's figure is corrected;
* its **fingerprint** is a hash of what the auditor saw: the status and every figure the
  check used (amounts, expected, actual).

A review is stored against the id with the fingerprint of the finding as reviewed.  On
every run :func:`apply_reviews` attaches the review again; when the fingerprint no longer
matches, the review is still attached, marked ``stale`` (the mark is dropped visibly, not
silently), and the finding's status and message are left as the check made them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from pipeline.errors import PapertrailError
from schemas.findings import Finding, FindingCheck, FindingStatus, Review, ReviewStatus


class ReviewError(PapertrailError):
    """A review that cannot be recorded (unknown finding, bad status, unreadable file)."""

    code = "E400"


# --------------------------------------------------------------------------- ids and fingerprints


def plain_number(value: Decimal) -> str:
    """A Decimal as plain digits, no exponent and no trailing zeros: 2.65E+6 -> "2650000"."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def finding_id(check: FindingCheck, record_ids: Iterable[str]) -> str:
    """``<check>-<12 hex>``: a hash of the check and the sorted ids of its records."""
    ids = sorted(set(record_ids))
    digest = hashlib.sha256(json.dumps([check.value, ids]).encode("utf-8")).hexdigest()
    return f"{check.value}-{digest[:12]}"


def fingerprint(
    status: FindingStatus,
    amounts: Sequence[Decimal],
    expected: Decimal | None,
    actual: Decimal | None,
) -> str:
    """A hash of what a reviewer judged: the status and every figure, exactly."""

    def num(v: Decimal | None) -> str | None:
        return None if v is None else plain_number(v)

    payload = [status.value, [num(a) for a in amounts], num(expected), num(actual)]
    return hashlib.sha256(json.dumps(payload).encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- applying reviews


def apply_reviews(findings: Sequence[Finding], reviews: Mapping[str, Review] | None) -> list[Finding]:
    """Attach each stored review to its finding; a review whose fingerprint no longer
    matches is attached with ``stale=True`` (the mark no longer holds)."""
    if not reviews:
        return list(findings)
    out = []
    for finding in findings:
        review = reviews.get(finding.id)
        if review is not None:
            stale = review.fingerprint != finding.fingerprint
            finding = finding.model_copy(update={"review": review.model_copy(update={"stale": stale})})
        out.append(finding)
    return out


def is_reviewed(finding: Finding) -> bool:
    """True when an explained/accepted mark currently holds for the finding."""
    review = finding.review
    return review is not None and not review.stale and review.status is not ReviewStatus.open


def new_review(
    finding: Finding,
    status: ReviewStatus | str,
    note: str = "",
    reviewer: str | None = None,
    fingerprint_seen: str | None = None,
    at: datetime | None = None,
) -> Review:
    """A review of ``finding`` as it is now (or as it was, given the fingerprint seen)."""
    try:
        status = ReviewStatus(status)
    except ValueError:
        raise ReviewError(f"unknown review status {status!r}: use explained, accepted or open") from None
    when = (at or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    return Review(
        finding_id=finding.id,
        status=status,
        note=" ".join(note.split()),
        fingerprint=fingerprint_seen or finding.fingerprint,
        reviewer=reviewer or None,
        at=when,
    )


def find_finding(findings: Sequence[Finding], wanted: str) -> Finding:
    """The finding with id ``wanted`` (or the only one whose id starts with it)."""
    wanted = wanted.strip()
    for finding in findings:
        if finding.id == wanted:
            return finding
    matches = [f for f in findings if wanted and f.id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ReviewError(f"finding id {wanted!r} is ambiguous: {', '.join(f.id for f in matches[:5])}")
    raise ReviewError(f"no finding {wanted!r}: see findings.jsonl or reconciliation.csv for the ids")


# --------------------------------------------------------------------------- reviews files


@dataclass(frozen=True)
class ReviewRow:
    """One row of a reviews file."""

    line: int
    finding_id: str
    status: str
    note: str
    reviewer: str | None
    fingerprint: str | None
    stale: bool = False


def _cell(row: Mapping[str, str | None], name: str | None) -> str:
    value = row.get(name) if name else None
    return value.strip() if value else ""


def decode_spreadsheet_csv(raw: bytes) -> str | None:
    """CSV bytes as a spreadsheet saves them: UTF-8 with or without a byte-order mark
    (Excel's "CSV UTF-8"), UTF-16 with a byte-order mark, else Windows-1252 (Excel's plain
    "CSV" on a UK machine: "£" is byte A3).  None when none of them reads it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_reviews_file(path: Path) -> list[ReviewRow]:
    """Rows of a reviews CSV: ``finding_id,status,note[,reviewer]``, in UTF-8 (with or
    without a byte-order mark) or as Excel saves it (Windows-1252, or UTF-16 with a BOM).

    ``reconciliation.csv`` itself is accepted too, with the auditor's marks typed into
    its ``review_status`` and ``review_note`` columns (its ``status`` column is then the
    finding's, not the review's).  Its ``fingerprint`` column records which figures the
    auditor saw, so a row reviewed on an older report goes stale at once if the figures
    have changed since; a row still showing ``review_stale`` = yes is skipped (clear it
    to confirm the mark again).  Rows without a review status are skipped.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReviewError(f"cannot read reviews file {path}: {error.strerror or error}") from None
    text = decode_spreadsheet_csv(data)
    if text is None:
        raise ReviewError(f"cannot read reviews file {path}: it is neither UTF-8 nor Windows-1252 text")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    report = "review_status" in header
    ident = "finding_id" if "finding_id" in header else "id" if "id" in header else None
    status_col = "review_status" if report else "status" if "status" in header else None
    if ident is None or status_col is None:
        raise ReviewError(f"{path}: a reviews file needs a finding_id (or id) column and a status column")
    note_col = "review_note" if report else "note"
    reviewer_col = "reviewer"
    rows = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): v for k, v in raw.items()}
        status = _cell(row, status_col).lower()
        if not status:
            continue
        finding = _cell(row, ident)
        if not finding:
            raise ReviewError(f"{path}, line {number}: a status without a finding id")
        rows.append(
            ReviewRow(
                line=number,
                finding_id=finding,
                status=status,
                note=_cell(row, note_col),
                reviewer=_cell(row, reviewer_col) or None,
                fingerprint=_cell(row, "fingerprint") or None,
                stale=_cell(row, "review_stale").lower() in {"yes", "true", "1"},
            )
        )
    return rows


def reviews_from_rows(
    findings: Sequence[Finding],
    rows: Sequence[ReviewRow],
    stored: Mapping[str, Review] | None = None,
    source: str = "",
) -> list[Review]:
    """A Review for every new or changed row, or ReviewError naming every bad row
    (nothing is half-applied).  Rows that repeat a stored mark, and rows still marked
    stale, are left out."""
    problems, out = [], []
    for row in rows:
        try:
            finding = find_finding(findings, row.finding_id)
            review = new_review(finding, row.status, row.note, row.reviewer, row.fingerprint)
        except ReviewError as error:
            problems.append(f"line {row.line}: {error}")
            continue
        if row.stale:
            continue
        held = (stored or {}).get(finding.id)
        if held and (held.status, held.note, held.fingerprint) == (review.status, review.note, review.fingerprint):
            continue
        out.append(review)
    if problems:
        where = f"{source}: " if source else ""
        raise ReviewError(where + "; ".join(problems))
    return out
