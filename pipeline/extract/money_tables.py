"""Money figures in tables: budget tables in "£m" or "£000s", price lists, and their totals.

A grid is a money table when its caption or a header cell declares a unit ("£m",
"£000s", "Price (£)") or a cell prints a figure with "£".  Every money cell is one
figure, quoted by its row.  Structure gives the sum groups: the cells of a *Total* row
are totals of the cells above them (down to the previous total; a grand total that
follows sub-totals adds those up), the cells of a *Total* column are totals of the
other money cells of their row, and the totals of a Total row point at the grand total
in the Total column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.dates import find_dates
from pipeline.extract.funding_context import Figure, canonical_year, compiled
from pipeline.extract.grids import Cell, Grid
from pipeline.extract.money import MoneyMatch, find_money, parse_table_number, table_unit
from pipeline.extract.orgs import Organisations
from schemas.records import FundingPeriod, FundingRole

_TOTAL = re.compile(r"(?<![\w])(?:sub-?\s*)?totals?(?![\w])", re.IGNORECASE)
_SUBTOTAL = re.compile(r"(?<![\w])sub-?\s*totals?(?![\w])", re.IGNORECASE)
_GRAND = re.compile(r"(?<![\w])(?:grand|net|overall)\s+total", re.IGNORECASE)
_NOT_MONEY = re.compile(
    r"%|(?<![\w])(?:percent(?:age)?|fte|no\.?|number|quantity|qty|units?|hours?|days?|"
    r"years?|ref(?:erence)?|code|count|rate per|places|beds)(?![\w])",
    re.IGNORECASE,
)
_NO_ROW_SUM = re.compile(
    r"(?<![\w])(?:unit\s+(?:price|cost)|rate|each|quantity|qty)(?![\w])", re.IGNORECASE
)
_PER_OTHER = re.compile(r"(?<![\w])per\s+(?!year|annum|yr|financial)[a-z]+", re.IGNORECASE)
_NUMBERISH = re.compile(r"^[\s(£\-−–]*\d[\d,]*(?:\.\d+)?\s*[mkMK]?\)?%?$")


@dataclass
class _Money:
    row: int
    col: int
    match: MoneyMatch  # offsets relative to the cell text
    cell: Cell


def _header_rows(grid: Grid) -> int:
    """How many rows at the top carry no number (the header)."""
    count = 0
    for row in grid.rows:
        if any(_NUMBERISH.match(c.text) or find_money(c.text) for c in row if c.text):
            break
        count += 1
    return min(count, max(0, len(grid.rows) - 1))


def _column_header(grid: Grid, heads: int, col: int) -> str:
    return " ".join(grid.cell(r, col).text for r in range(heads) if grid.cell(r, col).text)


def _label_col(grid: Grid, heads: int) -> int:
    for col in range(grid.width):
        cells = [grid.cell(r, col).text for r in range(heads, len(grid.rows))]
        filled = [c for c in cells if c]
        if filled and sum(not _NUMBERISH.match(c) and not find_money(c) for c in filled) * 2 >= len(
            filled
        ):
            return col
    return 0


def _cell_money(cell: Cell, unit: str | None) -> list[MoneyMatch]:
    if not cell.text or cell.text in {"-", "–", "—", "n/a", "N/A", "nil"}:
        return []
    if "£" in cell.text:
        found = find_money(cell.text)
        if found:
            return found
    if unit:
        m = parse_table_number(cell.text, unit)
        if m is not None:
            return [m]
    return []


def grid_figures(grid: Grid, grid_index: int, orgs: Organisations) -> list[Figure]:
    """Every money figure in a grid, with role and sum groups (``part_of`` holds indices
    into the returned list until the caller renumbers them)."""
    heads = _header_rows(grid)
    label_col = _label_col(grid, heads)
    table_wide = table_unit(grid.caption) if grid.caption else None
    if table_wide is None and heads:
        # a unit in the label column's header ("Service (£m)"), or in one header cell only
        declared = {c: table_unit(_column_header(grid, heads, c)) for c in range(grid.width)}
        declared = {c: u for c, u in declared.items() if u}
        if label_col in declared:
            table_wide = declared[label_col]
        elif len(declared) == 1 and len(set(declared.values())) == 1:
            only = next(iter(declared))
            if len(_column_header(grid, heads, only).strip("() ")) <= 8:
                table_wide = declared[only]
    units: dict[int, str | None] = {}
    headers: dict[int, str] = {}
    for col in range(grid.width):
        header = _column_header(grid, heads, col)
        headers[col] = header
        own = table_unit(header) if header else None
        if col == label_col or (header and _NOT_MONEY.search(header) and not own):
            units[col] = None
            continue
        units[col] = own or table_wide
    found: list[_Money] = []
    for r in range(heads, len(grid.rows)):
        if grid.row_spans[r] is None:
            continue
        for col in range(grid.width):
            if col == label_col or (
                units[col] is None and headers.get(col) and _NOT_MONEY.search(headers[col])
            ):
                continue
            cell = grid.cell(r, col)
            if not cell.located:
                continue
            for m in _cell_money(cell, units[col]):
                found.append(_Money(r, col, m, cell))
    if not found:
        return []
    labels = {r: grid.cell(r, label_col).text for r in range(len(grid.rows))}
    total_rows = {r for r in range(heads, len(grid.rows)) if _TOTAL.search(labels[r])}
    total_cols = {
        c for c in range(grid.width) if c != label_col and _TOTAL.search(headers.get(c, ""))
    }
    figures: list[Figure] = []
    at: dict[tuple[int, int], int] = {}
    for money in found:
        figures.append(
            _figure(grid, grid_index, money, labels, headers, total_rows, total_cols, orgs)
        )
        at.setdefault((money.row, money.col), len(figures) - 1)
    _table_groups(grid, heads, figures, at, labels, headers, total_rows, total_cols)
    return figures


def _figure(
    grid: Grid,
    grid_index: int,
    money: _Money,
    labels: dict[int, str],
    headers: dict[int, str],
    total_rows: set[int],
    total_cols: set[int],
    orgs: Organisations,
) -> Figure:
    m, cell = money.match, money.cell
    assert cell.start is not None and grid.row_spans[money.row] is not None
    start = cell.start + m.start
    label = labels.get(money.row, "")
    header = headers.get(money.col, "")
    figure = Figure(
        start=start,
        end=start + len(m.text),
        amount_text=m.text,
        value=m.value,
        max_value=m.max_value,
        is_range=m.is_range,
        decimals=m.decimals,
        precision=m.precision,
        span=grid.row_spans[money.row],  # type: ignore[arg-type]
        table=grid.ordinal,
        grid=grid_index,
        row=money.row,
        col=money.col,
    )
    cues = compiled()
    own_row = money.row in total_rows
    if own_row or money.col in total_cols:
        figure.cue = "total"
        figure.role = FundingRole.total
    elif cues.threshold_context.search(label) and re.search(
        r"threshold|limit", label, re.IGNORECASE
    ):
        figure.cue = "threshold"
        figure.role = FundingRole.threshold
    year, span_years = _years(header)
    if year is None and span_years is None:
        year, span_years = _years(label)
    figure.financial_year = year
    rest = cell.text[m.end :]
    basis = " ".join(
        c.text
        for i, c in enumerate(grid.rows[money.row])
        if i != money.col
        and c is not cell
        and c.text != label
        and not _NUMBERISH.match(c.text)
        and "£" not in c.text
    )
    figure.period, figure.period_years = _table_period(
        [rest, basis, header, label, grid.caption], year, span_years
    )
    if not own_row and label and not _TOTAL.search(label):
        figure.purpose = label
    figure.payer = _table_payer(grid, money, header, label, orgs)
    return figure


@lru_cache(maxsize=8192)
def _years(text: str) -> tuple[str | None, int | None]:
    """(the financial year a header names, or the number of years a span of them covers)."""
    years = [d for d in find_dates(text) if d.kind == "financial_year"]
    if len(years) == 1:
        return canonical_year(years[0].text), None
    if len(years) >= 2:
        first, last = int(years[0].iso[:4]), int(years[-1].iso[:4])
        if last > first:
            return None, last - first + 1
    return None, None


@lru_cache(maxsize=8192)
def _period_said(text: str) -> tuple[FundingPeriod, int | None] | None:
    """The period one text says, if any (cached: a caption or header serves many cells)."""
    cues = compiled()
    if cues.one_off.search(text) or cues.one_off_rate.search(text):
        return FundingPeriod.one_off, None
    if cues.other_rate.search(text) or _PER_OTHER.search(text):
        return FundingPeriod.unspecified, None
    if cues.per_year_before.search(text) or cues.per_year_after.search(text):
        return FundingPeriod.per_year, None
    multi = cues.multi_year.search(text)
    if multi:
        return FundingPeriod.total, cues.years(multi)
    return None


def _table_period(
    texts: list[str], year: str | None, span_years: int | None = None
) -> tuple[FundingPeriod, int | None]:
    """Period from the nearest words that say one: the cell, a "Basis" cell, the column
    header, the row label, the caption; a financial-year column is per year."""
    for text in texts:
        if not text:
            continue
        said = _period_said(text)
        if said is not None:
            return said
    if span_years:
        return FundingPeriod.total, span_years
    if year:
        return FundingPeriod.per_year, None
    return FundingPeriod.unspecified, None


def _table_payer(
    grid: Grid, money: _Money, header: str, label: str, orgs: Organisations
) -> str | None:
    for text in (header, label):
        if not text:
            continue
        words = re.sub(
            r"\(?£[^)]*\)?|contribution|funding|share|budget", "", text, flags=re.IGNORECASE
        ).strip()
        name = orgs.name_of(words)
        if name:
            return name
    label_cell = grid.rows[money.row][0] if grid.rows[money.row] else None
    if label_cell is not None and label_cell.located:
        mentions = orgs.between(label_cell.start, label_cell.end)  # type: ignore[arg-type]
        if mentions:
            return mentions[0].name
    return None


def _table_groups(
    grid: Grid,
    heads: int,
    figures: list[Figure],
    at: dict[tuple[int, int], int],
    labels: dict[int, str],
    headers: dict[int, str],
    total_rows: set[int],
    total_cols: set[int],
) -> None:
    """Total rows and Total columns: each other cell points at the total it adds up to."""
    cols = sorted({c for _, c in at})
    # Total rows, column by column.
    for col in cols:
        pending: list[tuple[int, bool]] = []  # (row, is_subtotal_total)
        for r in range(heads, len(grid.rows)):
            if (r, col) not in at:
                continue
            if r not in total_rows:
                pending.append((r, False))
                continue
            plain_since = []
            for row, is_total in reversed(pending):
                if is_total:
                    break
                plain_since.append(row)
            is_sub = bool(_SUBTOTAL.search(labels[r]))
            grand = bool(_GRAND.search(labels[r])) or not plain_since
            if is_sub:
                parts = plain_since
            elif grand:
                parts = [row for row, _ in pending]
            else:
                subs = [row for row, t in pending if t and _SUBTOTAL.search(labels[row])]
                parts = plain_since + subs
            for row in parts:
                figures[at[(row, col)]].part_of.append(at[(r, col)])
            pending = [(row, t) for row, t in pending if row not in parts]
            pending.append((r, True))
    # Total columns, row by row.  A grand total (a Total row's cell in a Total column)
    # takes one group only: the row's figures, not also the column's row totals.
    if any(_NO_ROW_SUM.search(h) for h in headers.values()):
        return
    has_parts = {p for f in figures for p in f.part_of}
    grand_parts = {(r, c) for (r, c), i in at.items() if r in total_rows and i in has_parts}
    for total_col in sorted(total_cols):
        for r in range(heads, len(grid.rows)):
            if (r, total_col) not in at:
                continue
            if (r, total_col) in grand_parts:
                continue  # the grand total already adds up its Total row
            parts = [
                at[(r, c)] for c in cols if c != total_col and c not in total_cols and (r, c) in at
            ]
            if parts:
                for p in parts:
                    figures[p].part_of.append(at[(r, total_col)])
    if len(total_cols) == 1:
        years = [
            c
            for c in cols
            if c not in total_cols
            and any(d.kind == "financial_year" for d in find_dates(headers.get(c, "")))
        ]
        if len(years) >= 2:
            for (_r, c), i in at.items():
                if c in total_cols and figures[i].period is not FundingPeriod.one_off:
                    figures[i].period = FundingPeriod.total
                    figures[i].period_years = len(years)
                    figures[i].financial_year = None
