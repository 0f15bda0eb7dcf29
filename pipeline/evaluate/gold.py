"""The gold file: hand-made answers for a sample of papers (pydantic v2 models).

Format (the README's "Measuring accuracy" section explains every key): a JSON object with
``decisions``, ``funding``, ``findings_must_pass``, ``findings_must_flag`` and
``no_decision_docs``; keys starting with ``_`` (``_about``) are comments.  A decision
entry gives only the fields the paper establishes: an omitted field is not scored, a
field given as ``null`` is scored (the paper establishes there is none).  Amounts are
read as exact Decimals (the JSON number's digits, never through a float).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.evaluate.errors import GoldError

IsoDate = str
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

DECISION_FIELDS: tuple[str, ...] = (
    "decision_number",
    "status",
    "decision_maker",
    "decision_maker_name",
    "key_decision",
    "decision_date",
    "subject",
    "resolution_count",
    "resolution_verbs",
    "date_published",
    "effective_from",
    "call_in",
    "wards",
    "reference",
)
"""Every decision field the gold may give, in the order reports show them."""


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldDecision(_Gold):
    """One decision as the paper establishes it; omitted fields are not scored."""

    doc_id: str = Field(min_length=1)
    decision_number: str | None = Field(
        default=None, description="the council's own reference as printed (minute, order number), or null"
    )
    status: Literal["taken", "proposed", "recommendation"]
    decision_maker: str | None = None
    decision_maker_name: str | None = None
    key_decision: bool | None = None
    decision_date: IsoDate | None = None
    subject: str | None = None
    resolution_count: int | None = Field(default=None, ge=0)
    resolution_verbs: list[str] | None = None
    date_published: IsoDate | None = None
    effective_from: IsoDate | None = None
    call_in: bool | str | None = Field(
        default=None, description='true/false, or the words printed ("Not for call-in")'
    )
    wards: list[str] | None = Field(default=None, description="wards or electoral divisions")
    reference: str | None = Field(
        default=None, description="the reference as printed; a trailing '(note)' is the annotator's"
    )
    note: str | None = Field(default=None, description="the annotator's note; never scored")

    @field_validator("decision_date", "date_published", "effective_from")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is not None and not _ISO.match(value):
            raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
        return value

    def scored_fields(self) -> list[str]:
        """The decision fields this entry gives (null included), in report order."""
        return [name for name in DECISION_FIELDS if name in self.model_fields_set]

    @property
    def printed_reference(self) -> str | None:
        """The reference to match on: ``decision_number``, else ``reference``."""
        return self.decision_number if self.decision_number is not None else self.reference


class GoldFigure(_Gold):
    """One distinct money figure printed in a paper (signed as printed, in pounds)."""

    doc_id: str = Field(min_length=1)
    amount_gbp: Decimal
    period: Literal["per_year", "total", "one_off", "unspecified"] | None = None
    period_years: int | None = Field(default=None, ge=1)
    role: Literal["component", "total", "threshold", "reference"] | None = None
    note: str | None = None


class GoldSum(_Gold):
    """A printed sum: its parts, then the stated total last (deductions unsigned)."""

    id: str = Field(min_length=1)
    doc_ids: list[str] = Field(min_length=1)
    amounts_gbp: list[Decimal] = Field(min_length=2)
    note: str | None = None


class GoldFile(_Gold):
    """A whole gold file."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    about: str | None = Field(default=None, alias="_about")
    decisions: list[GoldDecision] = Field(default_factory=list)
    funding: list[GoldFigure] = Field(default_factory=list)
    findings_must_pass: list[GoldSum] = Field(default_factory=list)
    findings_must_flag: list[GoldSum] = Field(default_factory=list)
    no_decision_docs: list[str] = Field(default_factory=list)

    def doc_ids(self) -> list[str]:
        """Every paper the gold names anywhere, sorted."""
        names: set[str] = set(self.no_decision_docs)
        names.update(d.doc_id for d in self.decisions)
        names.update(f.doc_id for f in self.funding)
        for entry in (*self.findings_must_pass, *self.findings_must_flag):
            names.update(entry.doc_ids)
        return sorted(names)


def parse_gold(text: str, name: str = "gold file") -> GoldFile:
    """Read a gold file's text; JSON numbers become exact Decimals.

    Raises :class:`GoldError` (one line) when the text is not JSON or not the gold format.
    """
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise GoldError(f"{name} is not JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{name} must hold a JSON object with 'decisions', 'funding', ...")
    comments = {k for k in data if k.startswith("_") and k != "_about"}
    for key in comments:
        data.pop(key)
    try:
        return GoldFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise GoldError(
            f"{name} does not follow the gold format: {where}: {first['msg']}"
            + (f" ({error.error_count() - 1} more problems)" if error.error_count() > 1 else "")
        ) from None


def load_gold(path: Path) -> GoldFile:
    """Read and check a gold file.  Raises :class:`GoldError` when missing or malformed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GoldError(f"no such gold file: {path}") from None
    except IsADirectoryError:
        raise GoldError(f"the gold file {path} is a folder") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"cannot read the gold file {path}: {error}") from None
    return parse_gold(text, str(path))
