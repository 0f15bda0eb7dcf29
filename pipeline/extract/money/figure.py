"""A money figure as the extractor works on it, before it becomes a Funding record."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from schemas.records import FundingPeriod, FundingRole


@dataclass(frozen=True)
class Place:
    """Where a prose figure sits in the paper's structure: its block (paragraph, list item,
    field or heading, by id in reading order) and the heading it is under."""

    index: int
    section: int | None


@dataclass
class Group:
    """A sum the paper prints: the figures added (``parts``) and taken away (``minus``) to
    make the figure that holds the group, by index into the paper's figures.

    ``kind`` says what printed it: ``column`` / ``row`` (a table's Total row or column),
    ``running`` (a total carried into the next sum), ``grand`` (a total of totals),
    ``net`` (one total less another), ``balance`` (opening balance, additions and
    deductions, closing balance, printed as a statement or a form's box 7), ``carried``
    (a closing balance that moves by the bottom line of the table before), ``movement`` (an opening column plus a movement column
    makes the closing column), ``across`` (a total of other tables' totals), ``words``
    (a sentence says the figure is a total, "of which", "(£10 for ... and £30 for ...)")
    or ``arithmetic`` ("£2,473 + £2,309 = £4,782").  ``inferred`` is true when no label
    or word says it is a total and the arithmetic found it; ``tolerance`` is the rounding
    the paper itself allows its totals."""

    kind: str
    parts: list[int]
    minus: list[int] = field(default_factory=list)
    inferred: bool = False
    tolerance: Decimal | None = None


@dataclass
class Figure:
    """A money figure and what its context says about it (filled in stage by stage)."""

    start: int
    end: int
    amount_text: str
    value: Decimal
    max_value: Decimal | None
    is_range: bool
    decimals: int
    precision: Decimal
    span: tuple[int, int]  # the quoted sentence or table row
    block: Place | None = None
    period: FundingPeriod = FundingPeriod.unspecified
    period_years: int | None = None
    financial_year: str | None = None
    role: FundingRole = FundingRole.reference
    cue: str | None = None  # total, threshold, whole, remainder, breakdown
    payer: str | None = None
    purpose: str | None = None
    part_of: list[int] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    table: int | None = None  # index into doc.tables (a ruled table)
    grid: int | None = None  # the table block's id
    row: int | None = None
    col: int | None = None
    unit_note: str | None = None  # why the unit is in doubt, when it is

    @property
    def in_table(self) -> bool:
        return self.grid is not None
