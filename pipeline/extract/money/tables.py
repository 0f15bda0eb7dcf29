"""Money in tables: every money cell of every table the structure stage read.

A cell is money when its column is (the structure's column roles: budget, actual,
forecast, variance, total or amount, with a money unit from the caption, a header cell or
the paper's accounts context: "£m", "£000s", "£", a parish table's bare figures) or when
the cell prints "£" itself.  Rate, percent, count, year, code and row-number columns are
never money.  The column's unit scales the cell exactly ("280.1" in a £m table is
£280,100,000; "7,025" in £000 is £7,025,000); a cell that prints its own multiplier
("£215.8m") keeps it; a nil cell ("-", "nil", blank) is no figure; a cell holding several
figures (a merged cell, "22.51 223.91 314") gives one figure each.

A table with no unit of its own that continues the table just before it (the same
columns, nothing but page furniture between) takes that table's units, so a £000 table
split in two is never read in pounds.

Each figure quotes its row, takes its row label as purpose, its column's financial year,
and a period only where words give one (a "per annum" in the row, its basis cell, the
column header or the caption; a Total column over several financial-year columns is a
total over that many years).  A limit, threshold, minimum or maximum row or column is a
threshold.  The sums the table prints are found in :mod:`pipeline.extract.money.table_sums`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from pipeline.extract.dates import find_dates
from pipeline.extract.money.cues import (
    canonical_year,
    clause_end,
    clause_start,
    compiled,
    read_period,
)
from pipeline.extract.money.figure import Figure
from pipeline.extract.money.parse import MoneyMatch, find_money, parse_table_number
from pipeline.extract.money.parse import table_unit as money_unit
from pipeline.extract.orgs import Organisations
from pipeline.structure import Structure
from pipeline.structure.tables import MONEY_ROLES, is_nil, with_caption
from schemas.records import FundingPeriod, FundingRole
from schemas.structure import (
    Block,
    BlockKind,
    ColumnRole,
    RowKind,
    TableColumn,
    TableRow,
    TableStructure,
)

_NUMBER_TOKEN = re.compile(r"[(\-–−]?£?\s?\d[\d,]*(?:\.\d+)?\)?%?")
# a limit row or column; "Minimum Revenue Provision" (the statutory charge for repaying
# debt, in every principal council's budget) is a cost, not a limit
_THRESHOLD = re.compile(
    r"\b(?:limits?|thresholds?|minimum(?!\s+revenue\s+provision)|maximum|ceiling|cap|tolerances?|de minimis)\b",
    re.IGNORECASE,
)
_PER_OTHER = re.compile(r"(?<![\w])per\s+(?!year|annum|yr|financial)[a-z]+", re.IGNORECASE)
_MARKS = re.compile(r"\s*[•*†‡]+\s*$")
_UNIT_KEYS = {"£": "£", "£000": "£000", "£m": "£m", "£bn": "£bn"}


@dataclass
class TableRead:
    """One table's money: the figures of each cell, by (row, column)."""

    block: Block
    table: TableStructure
    columns: list[TableColumn]
    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # -> figure indices
    spans: dict[tuple[int, int], int] = field(default_factory=dict)  # a merged cell's span
    money_columns: list[int] = field(default_factory=list)
    ordinal: int | None = None

    def rows(self) -> list[TableRow]:
        return self.table.rows

    def value_at(self, row: int, col: int) -> list[int]:
        return self.cells.get((row, col), [])


def _money_column(column: TableColumn) -> bool:
    return column.role in MONEY_ROLES and column.multiplier is not None and column.unit is not None


def _continues(
    previous: tuple[Block, TableStructure] | None,
    block: Block,
    table: TableStructure,
    struct: Structure,
    previous_columns: list[TableColumn] | None = None,
) -> bool:
    """Whether ``table`` carries on the table just before it (no unit of its own, the same
    number of columns, only page furniture or nothing between them)."""
    if previous is None or table.unit or any(c.unit and c.unit not in ("£", "%") for c in table.columns):
        return False
    before, shape = previous
    if len(shape.columns) != len(table.columns) or not shape.header_rows and not shape.unit:
        return False
    if table.header_rows and not any(c.role in (ColumnRole.row_number, ColumnRole.code) for c in previous_columns or shape.columns):
        return False  # a table with its own header is its own table (an item-number column carries on)
    between = [b for b in struct.blocks[before.id + 1 : block.id] if b.kind is not BlockKind.furniture]
    return not between


def _columns_of(table: TableStructure, inherited: list[TableColumn] | None) -> list[TableColumn]:
    if inherited is None:
        return list(table.columns)
    out = []
    for own, theirs in zip(table.columns, inherited):
        if own.role in (ColumnRole.label, ColumnRole.text, ColumnRole.empty) and theirs.role is ColumnRole.label:
            out.append(own)
        elif own.role in (ColumnRole.count, ColumnRole.amount, *MONEY_ROLES) and (
            _money_column(theirs) or theirs.role in (ColumnRole.row_number, ColumnRole.code, ColumnRole.count)
        ):
            out.append(theirs.model_copy(update={"index": own.index}))
        else:
            out.append(own)
    return out


def read_tables(struct: Structure, orgs: Organisations, offset: int) -> tuple[list[Figure], list[TableRead]]:
    """Every money cell of the paper's tables as a figure (``offset``: how many figures
    come before these, so the indices in :class:`TableRead` are the paper's)."""
    figures: list[Figure] = []
    reads: list[TableRead] = []
    previous: tuple[Block, TableStructure] | None = None
    previous_columns: list[TableColumn] | None = None
    ordinal = 0
    context = " ".join(filter(None, [struct.doc.title, struct.doc.metadata_title]))
    prose_scale = _prose_scale(struct)
    for block, table in struct.tables:
        table = _captioned(struct, block, table, context)
        inherited = previous_columns if _continues(previous, block, table, struct, previous_columns) else None
        read = TableRead(block, table, _columns_of(table, inherited))
        if table.origin == "ruled" and table.table is not None:
            read.ordinal = table.table
        elif table.origin in ("pipes", "html"):
            read.ordinal = ordinal
        if table.origin != "aligned":
            ordinal += 1
        read.money_columns = [c.index for c in read.columns if _money_column(c)]
        first = len(figures)
        _read_cells(struct, read, orgs, figures, offset)
        _unit_in_doubt(struct, read, figures[first:], prose_scale)
        reads.append(read)
        previous, previous_columns = (block, table), read.columns
    return figures, reads


def _prose_scale(struct: Structure) -> Decimal:
    """The multiplier most of the paper's prose money is printed with (10^6 for a paper
    that speaks in £m), 1 when it speaks in pounds or prints little money."""
    found = [m.multiplier for b in struct.blocks if b.kind is not BlockKind.table and "£" in b.text for m in find_money(b.text)]
    if len(found) < 2:
        return Decimal(1)
    scaled = [x for x in found if x >= 1000]
    return min(scaled) if len(scaled) * 2 > len(found) else Decimal(1)


def _unit_in_doubt(struct: Structure, read: TableRead, figures: list[Figure], scale: Decimal) -> None:
    """A table that prints no unit at all (no "£" in its caption, headers or cells, none in
    the line above) was read in pounds; where the paper's own prose speaks in £m or £k and
    the table's figures look like such units (all under 10,000, none printed in pence:
    "12", "280.1", "2.657", "1,200"), the figures are kept as read and say the unit is in
    doubt."""
    if scale == 1 or not figures or read.table.unit:
        return
    printed = " ".join([read.table.caption or "", *(c.header for c in read.columns)])
    if "£" in printed or any("£" in f.amount_text for f in figures):
        return
    if not all(abs(f.value) < 10000 and f.decimals != 2 for f in figures):
        return  # large figures, or pence: pounds
    word = {Decimal(1000): "£000s", Decimal(1000000): "£m", Decimal(1000000000): "£bn"}.get(scale, "larger units")
    for f in figures:
        f.unit_note = f"the table prints no unit and the paper's other figures are in {word}"


def _captioned(struct: Structure, block: Block, table: TableStructure, context: str) -> TableStructure:
    """A table with no unit whose line just above names one ("Table 1: Budget by service
    (£m)", set as a field or heading) takes it: never read £m figures as pounds."""
    if table.unit or any(c.unit and c.unit not in ("£", "%") for c in table.columns) or block.id == 0:
        return table
    above = next((b for b in reversed(struct.blocks[: block.id]) if b.kind is not BlockKind.furniture), None)
    if above is None or above.kind is BlockKind.table or above.char_end is None or block.char_start is None:
        return table
    if struct.doc.text[above.char_end : block.char_start].count("\n") > 2 or len(above.text) > 200:
        return table
    if money_unit(above.text) is None:  # a unit mark, not a figure ("£2.4m" is no unit)
        return table
    return with_caption(table, above.text, context)


def _pieces(text: str, unit: str) -> list[MoneyMatch]:
    """The figures of one money cell: the whole cell, else each of several figures."""
    text = _MARKS.sub("", text)
    whole = parse_table_number(text, unit)
    if whole is not None:
        return [whole]
    tokens = list(_NUMBER_TOKEN.finditer(text))
    if len(tokens) < 2 or _NUMBER_TOKEN.sub("", text).strip():
        return []
    out = []
    for token in tokens:
        if token.group(0).endswith("%"):
            continue  # "3,942 259.34%": the percentage beside the figure is not money
        m = parse_table_number(token.group(0), unit)
        if m is not None:
            out.append(replace(m, start=m.start + token.start(), end=m.end + token.start()))
    return out


def _read_cells(struct: Structure, read: TableRead, orgs: Organisations, figures: list[Figure], offset: int) -> None:
    table = read.table
    header_of = {c.index: c.header for c in read.columns}
    fy_columns = [c.index for c in read.columns if c.financial_year and c.index in read.money_columns and c.role is not ColumnRole.total]
    for row in table.rows:
        if row.kind is RowKind.header:
            continue
        row_threshold = bool(_THRESHOLD.search(row.label))
        for cell in row.cells:
            if cell.char_start is None or not cell.text or is_nil(cell.text):
                continue
            column = read.columns[cell.column] if cell.column < len(read.columns) else None
            if column is None:
                continue
            money = cell.column in read.money_columns and row.kind is not RowKind.section
            found = _pieces(cell.text, _UNIT_KEYS.get(column.unit or "£", "£")) if money else []
            words = False
            if not found and "£" in cell.text and column.role not in (ColumnRole.percent, ColumnRole.variance_pct):
                found, words = find_money(cell.text), True
            if not found:
                continue
            indices = []
            for m in found:
                figure = _figure(struct, read, row, cell.char_start, m, column, header_of, fy_columns, orgs, cell.text, words)
                if row_threshold or _THRESHOLD.search(column.header):
                    figure.cue = "threshold"
                    figure.role = FundingRole.threshold
                figures.append(figure)
                indices.append(offset + len(figures) - 1)
            if indices:
                read.cells[(row.index, cell.column)] = indices
                read.spans[(row.index, cell.column)] = cell.span


def _figure(
    struct: Structure,
    read: TableRead,
    row: TableRow,
    cell_start: int,
    m: MoneyMatch,
    column: TableColumn,
    header_of: dict[int, str],
    fy_columns: list[int],
    orgs: Organisations,
    cell_text: str = "",
    words: bool = False,
) -> Figure:
    start = cell_start + m.start
    span = (row.char_start if row.char_start is not None else start, row.char_end if row.char_end is not None else start + len(m.text))
    figure = Figure(
        start=start,
        end=start + len(m.text),
        amount_text=m.text,
        value=m.value,
        max_value=m.max_value,
        is_range=m.is_range,
        decimals=m.decimals,
        precision=m.precision,
        span=(min(span[0], start), max(span[1], start + len(m.text))),
        table=read.ordinal,
        grid=read.block.id,
        row=row.index,
        col=column.index,
    )
    figure.financial_year = column.financial_year or _year_of(row.label)
    span_years = _span_years(column.header)
    if span_years:
        figure.financial_year = None
    basis = " ".join(c.text for c in row.cells if c.column != column.index and c.column not in read.money_columns and c.text != row.label)
    if words:  # a sentence in a cell ("Fund growing quarter by quarter to £1,170m ..."): its own words
        pre = cell_text[clause_start(cell_text, 0, m.start) : m.start]
        post = cell_text[m.end : clause_end(cell_text, m.end, len(cell_text))]
        label = row.label if row.label != cell_text and len(row.label) <= 80 else ""
        figure.period, figure.period_years = read_period(pre, post, None) or _period([label])
    else:
        own = cell_text[: m.start] + " " + cell_text[m.end :]
        figure.period, figure.period_years = _period([own, basis, column.header, row.label, read.table.caption or ""])
    if span_years and figure.period is FundingPeriod.unspecified:
        figure.period, figure.period_years = FundingPeriod.total, span_years  # "2022-23 to 2024-25"
    if column.role is ColumnRole.total and len(fy_columns) >= 2 and figure.period is FundingPeriod.unspecified:
        figure.period, figure.period_years, figure.financial_year = FundingPeriod.total, len(fy_columns), None
    if row.kind not in (RowKind.total, RowKind.subtotal) and row.label:
        figure.purpose = row.label
    figure.payer = _payer(column.header, row, orgs)
    return figure


@lru_cache(maxsize=4096)
def _year_of(text: str) -> str | None:
    years = [d for d in find_dates(text) if d.kind == "financial_year"]
    return canonical_year(years[0].text) if len(years) == 1 else None


@lru_cache(maxsize=4096)
def _span_years(header: str) -> int | None:
    """The number of financial years a column header spans ("2022-23 to 2024-25": 3)."""
    years = [d for d in find_dates(header) if d.kind == "financial_year"]
    if len(years) >= 2:
        first, last = int(years[0].iso[:4]), int(years[-1].iso[:4])
        if last > first:
            return last - first + 1
    return None


@lru_cache(maxsize=4096)
def _period_said(text: str) -> tuple[FundingPeriod, int | None] | None:
    cues = compiled()
    if cues.one_off.search(text) or cues.one_off_rate.search(text):
        return FundingPeriod.one_off, None
    if cues.other_rate.search(text) or _PER_OTHER.search(text):
        return FundingPeriod.unspecified, None
    if cues.per_year_after.search(text) or re.search(r"\bper\s+(?:annum|year)\b|\bannual\b", text, re.IGNORECASE):
        return FundingPeriod.per_year, None
    multi = cues.multi_year.search(text)
    if multi:
        return FundingPeriod.total, cues.years(multi)
    return None


def _period(texts: list[str]) -> tuple[FundingPeriod, int | None]:
    """The period the nearest words say: the row's basis cell, the column header, the row
    label, the caption (a financial year alone says none)."""
    for text in texts:
        if text:
            said = _period_said(text)
            if said is not None:
                return said
    return FundingPeriod.unspecified, None


def _payer(header: str, row: TableRow, orgs: Organisations) -> str | None:
    for text in (header, row.label):
        if not text:
            continue
        words = re.sub(r"\(?£[^)]*\)?|contribution|funding|share|budget", "", text, flags=re.IGNORECASE).strip()
        name = orgs.name_of(words)
        if name:
            return name
    label = next((c for c in row.cells if c.text == row.label and c.char_start is not None), None)
    if label is not None and label.char_start is not None and label.char_end is not None:
        mentions = orgs.between(label.char_start, label.char_end)
        if mentions:
            return mentions[0].name
    return None
