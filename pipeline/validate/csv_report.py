"""``reconciliation.csv``: one row per finding, for the auditor's spreadsheet.

Amounts are plain numbers (``2728288``, ``-100000``, ``0.61``: no £, no thousands
separators, no exponent) in the finding's ``unit`` (GBP, percent or percentage points),
several amounts in one cell are separated by "; ", and every other cell a spreadsheet
would read as a formula (starting with = + - @, a tab or a carriage return; paper ids
and file names included) is prefixed with an apostrophe.  UTF-8 with a byte-order mark (so Excel shows "£" correctly) and
CRLF line ends, quoted where needed (RFC 4180).  The ``review_status`` and
``review_note`` columns can be filled in and the file given back to
``papertrail review --file``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from pipeline.store import atomic_write_text
from pipeline.validate.reviews import plain_number
from schemas.findings import Finding
from schemas.provenance import Source

CSV_NAME = "reconciliation.csv"

COLUMNS = [
    "id",
    "check",
    "status",
    "funding_stream",
    "message",
    "doc_ids",
    "amounts_gbp",
    "unit",
    "values",
    "expected",
    "actual",
    "difference",
    "difference_pct",
    "tolerance",
    "review_status",
    "review_note",
    "review_stale",
    "reviewer",
    "reviewed_at",
    "fingerprint",
    "pages",
    "sources",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
UNITS = {"gbp": "GBP", "percent": "percent", "points": "percentage points"}


def _number(value: Decimal | None) -> str:
    return "" if value is None else plain_number(value)


def _amounts(values: Sequence[Decimal]) -> str:
    """One number as it is; several as "a; b", guarded when the cell would start with "-"."""
    cell = "; ".join(plain_number(v) for v in values)
    return "'" + cell if len(values) > 1 and cell.startswith("-") else cell


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet will not read as a formula: prefixed with an
    apostrophe when it starts with = + - @, a tab or a carriage return."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_cell(value: object) -> object:
    """Any CSV cell, guarded: integers and plain numbers ("-100000", "0.61") as they are
    (a spreadsheet reads them as numbers, never formulas); any other text through
    :func:`spreadsheet_safe`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    if not text.startswith(_FORMULA_START):  # as it is either way (most cells)
        return text
    return text if _PLAIN_NUMBER.fullmatch(text) else "'" + text


def _text(value: str | None) -> str:
    """A text cell: one line, never read as a formula."""
    return spreadsheet_safe(" ".join((value or "").split()))


def _source(source: Source) -> str:
    quote = " ".join(source.quote.split())
    if len(quote) > 240:
        quote = quote[:237] + "..."
    return f'{source.doc_id} p.{source.page} [{source.char_start}:{source.char_end}] "{quote}"'


def finding_row(finding: Finding) -> dict[str, str]:
    review = finding.review
    return {
        "id": finding.id,
        "check": finding.check.value,
        "status": getattr(finding.status, "value", finding.status),
        "funding_stream": _text(finding.funding_stream),
        "message": _text(finding.message),
        "doc_ids": "; ".join(finding.doc_ids),
        "amounts_gbp": _amounts(finding.amounts_gbp),
        "unit": UNITS.get(finding.unit, finding.unit),
        "values": _amounts(finding.values),
        "expected": _number(finding.expected),
        "actual": _number(finding.actual),
        "difference": _number(finding.difference),
        "difference_pct": _number(finding.difference_pct),
        "tolerance": _number(finding.tolerance),
        "review_status": review.status.value if review else "",
        "review_note": _text(review.note) if review else "",
        "review_stale": ("yes" if review.stale else "no") if review else "",
        "reviewer": _text(review.reviewer) if review else "",
        "reviewed_at": (review.at or "") if review else "",
        "fingerprint": finding.fingerprint,
        "pages": "; ".join(f"{s.doc_id} p.{s.page}" for s in finding.sources),
        "sources": _text(" | ".join(_source(s) for s in finding.sources)),
    }


def reconciliation_csv(findings: Sequence[Finding]) -> str:
    """The CSV text (with its byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for finding in findings:
        row = finding_row(finding)
        writer.writerow([csv_cell(row[column]) for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def write_reconciliation_csv(out_dir: Path, findings: Sequence[Finding]) -> Path:
    """Write ``out_dir/reconciliation.csv`` atomically; returns its path."""
    path = out_dir / CSV_NAME
    atomic_write_text(path, reconciliation_csv(findings))
    return path
