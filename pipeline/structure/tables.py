"""Tables: rows of located cells, and what each row and column is.

A table arrives as consecutive lines of the normalised text, one row a line, cells split by
tabs (a ruled PDF grid, a borderless table whose columns the layout found, a web or Word
table) or by pipes (Markdown).  Here the grid is made regular and read:

* cells are placed in columns by the ruled grid, else by their position on the page, else
  as printed (:mod:`pipeline.structure.table_grid`), so a total row that lacks its code
  cell, or a row with empty cells, does not shift;
* header rows (no figures: words, years, dates, unit marks such as "£m", "%", "yrs"; a title
  row spanning the table; several header rows stacked), the caption's and header's money
  unit ("£000s", "£m"), each column's role (budget, actual, forecast, variance, variance %,
  percent, total, a row-number or count column, a label column, text) and period (a year,
  financial year or date);
* total and sub-total rows by their labels ("Total", "Sub-total", "REVENUE TOTAL"; a fund
  named "... Total Return ..." is not one), section rows ("REVENUE"), a header repeated
  inside the table, and rows whose label wraps onto other lines joined into one.
"""

from __future__ import annotations

import functools

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from pipeline.structure.lines import Line
from pipeline.structure.table_grid import (
    Grid,
    GridRow,
    Piece,
    rows_as_printed,
    rows_by_position,
    rows_from_grid,
    rows_headed_grid,
    split_cells,
)
from schemas.records import Table
from schemas.structure import (
    Block,
    BlockKind,
    ColumnRole,
    RowKind,
    TableCell,
    TableColumn,
    TableRow,
    TableStructure,
)

_NUMBER = re.compile(
    r"^(?P<neg>[(\-–−])?\s*(?P<cur>£)?\s*(?P<neg2>[(\-–−])?\s*"
    r"(?P<num>\d{1,3}(?:(?:,|\s,|,\s|\s(?=\d{3}\b))\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<mult>(?i:bn|m|k))?\s*\)?\s*(?P<pct>%)?\s*\)?\s*[•*†‡]*$"
)
_NIL = re.compile(r"^(?:[-–—]+|nil|n/?a|none)$", re.IGNORECASE)
_YEAR = re.compile(
    r"^(?:(?:19|20)\d{2}(?:\s*[/-]\s*(?:\d{2}|\d{4}|\d))?|(?:FY|Q[1-4])\s*\S+|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[\s\-']*(?:\d{2}|\d{4})?)$",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^\d{1,2}[-/. ](?:\d{1,2}|[A-Za-z]{3,9})[-/. ](?:\d{2}|\d{4})$|^(?:as at|at)\s", re.IGNORECASE
)
_UNIT_MARK = re.compile(r"^(?:£\s*(?:'?000'?s?|k|m|ms|mn|bn|million|thousands?)?|%|yrs?|years?|no\.?|£\s*\(?[a-z]*\)?)$", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[/-]\s*(\d{4}|\d{2}|\d)\b")
_UNITS = [
    (re.compile(r"£\s*'?0{3}'?s?\b|£\s*k\b|£\s*thousands?|\(£k\)|in thousands|000s", re.IGNORECASE), "£000", Decimal(1000)),
    (re.compile(r"£\s*(?:m|ms|million|mn)\b|£m\b|in millions", re.IGNORECASE), "£m", Decimal(1000000)),
    (re.compile(r"£\s*(?:bn|billion)\b", re.IGNORECASE), "£bn", Decimal(1000000000)),
    (re.compile(r"£"), "£", Decimal(1)),
]
_ROLE_WORDS: list[tuple[ColumnRole, re.Pattern[str]]] = [
    (ColumnRole.variance_pct, re.compile(r"%.*\bvar|\bvar\w*.*%|%\s*(?:of\s+)?budget|% ?change", re.IGNORECASE)),
    (ColumnRole.percent, re.compile(r"%|per\s?cent|\brate\b|\breturn\b|\byield\b", re.IGNORECASE)),
    (ColumnRole.count, re.compile(r"\b(?:yrs?|years|no\.|number|count|fte|units|hours|days|weeks|months|places|beds|households|pupils)\b|average\s+life", re.IGNORECASE)),
    (ColumnRole.variance, re.compile(r"variance|under\s*/?\s*over|underspen|overspen|under-?/?over|difference|\bvar\b|movement|change", re.IGNORECASE)),
    (ColumnRole.forecast, re.compile(r"forecast|projected|projection|estimated\s+outturn", re.IGNORECASE)),
    (ColumnRole.budget, re.compile(r"budget|estimate|precept|original|revised|\bplan\b|approved|allocation", re.IGNORECASE)),
    (ColumnRole.actual, re.compile(r"actual|spent|\bspend|outturn|expenditure|payments?|receipts?|income|paid|\bcost", re.IGNORECASE)),
    (ColumnRole.total, re.compile(r"^\s*(?:totals?|full\s+year|year\s+total|grand\s+total)\b", re.IGNORECASE)),
    (ColumnRole.code, re.compile(r"^\s*(?:code|ref(?:erence)?|no\.?|item\s+no\.?)\s*$", re.IGNORECASE)),
    (ColumnRole.date, re.compile(r"\bdate\b", re.IGNORECASE)),
]
_TOTAL_ROW = re.compile(
    r"^\s*(?:\d+\.?\s+)?(?:sub[- ]?|grand\s+|overall\s+)?totals?\b|\btotals?\s*(?:\([^)]*\))?\s*:?\s*$", re.IGNORECASE
)
_SUBTOTAL_ROW = re.compile(r"\bsub[- ]?totals?\b", re.IGNORECASE)
_ACCOUNTS = re.compile(
    r"\b(?:accounts?|budget|precept|expenditure|payments?|receipts?|income|spending|estimates?|outturn|"
    r"balance|reserves?|investments?|treasury|salary|salaries|variances?|costs?|charges?|fees?|grants?|"
    r"borrowing|funding|finance|financial|capital|revenue|funds?|b/f|c/f|brought\s+forward|carried\s+forward)\b",
    re.IGNORECASE,
)
MONEY_ROLES = (
    ColumnRole.budget, ColumnRole.actual, ColumnRole.forecast, ColumnRole.variance, ColumnRole.total, ColumnRole.amount
)


@functools.lru_cache(maxsize=4096)  # a table's cells are read by several passes
def parse_number(cell: str) -> Decimal | None:
    """A table cell's figure as printed, signed ("(2,300)", "-1,937", "£(450)" are negative;
    a thousands separator broken by a space, "1 ,174.00", is still one figure; a trailing
    mark such as "•" is left out).  The value is in the cell's printed unit: "£2.3m" is
    2.3 (see :func:`cell_multiplier`)."""
    text = cell.strip()
    if not text:
        return None
    match = _NUMBER.match(text.replace("−", "-").replace("–", "-"))
    if not match:
        return None
    digits = re.sub(r"[\s,]", "", match.group("num"))
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if match.group("neg") or match.group("neg2"):
        value = -value
    return value


def cell_multiplier(cell: str) -> Decimal | None:
    """The multiplier a cell prints itself ("£2.3m" -> 10^6), or None."""
    match = _NUMBER.match(cell.strip().replace("−", "-").replace("–", "-"))
    if not match or not match.group("mult"):
        return None
    return {"k": Decimal(1000), "m": Decimal(1000000), "bn": Decimal(1000000000)}[match.group("mult").lower()]


def is_figure(cell: str) -> bool:
    text = cell.strip()
    return parse_number(text) is not None and not _YEAR.match(text)


def is_nil(cell: str) -> bool:
    return bool(_NIL.match(cell.strip()))


def is_percent(cell: str) -> bool:
    return is_figure(cell) and cell.strip().rstrip("•*† ").endswith("%")


def _header_cell(text: str) -> bool:
    """A cell a header row may hold: words, years, dates, unit marks ("£m", "%"); not a
    figure, nor words around a sum of money ("£45.00 per hour")."""
    if re.search(r"£\s?(?!'?0{3})\d", text):
        return False
    return not is_figure(text) or bool(_YEAR.match(text.strip()))


def table_unit(text: str) -> tuple[str, Decimal] | None:
    """The money unit a caption or header cell states, as (printed, pounds per unit)."""
    for pattern, unit, multiplier in _UNITS:
        if pattern.search(text):
            return unit, multiplier
    return None


def financial_year(text: str) -> str | None:
    """Canonical "2018-19" for a year printed "2018/19", "2018-19", "2018/2019", "2024-5"."""
    match = _FINANCIAL_YEAR.search(text)
    if not match:
        return None
    first = int(match.group(1))
    second = match.group(2)
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second) if len(second) == 2 else first + 1
    if len(second) == 1 and (first + 1) % 10 == int(second):
        end = first + 1
    if end != first + 1:
        return None
    return f"{first}-{str(end)[2:]}"


# --------------------------------------------------------------------------- reading


def _texts(row: GridRow) -> list[str]:
    return [c.text for c in row if c is not None and c.text]


def _filled(row: GridRow) -> list[int]:
    return [i for i, c in enumerate(row) if c is not None and c.text]


def _header_count(grid: list[GridRow], origin: str, lines: list[Line]) -> int:
    """How many rows at the top are headers: rows with no figures but years, dates and
    unit marks, stacked, ending at the first row with a figure or at a row that names a
    section (a lone first cell after the header proper)."""
    if origin == "pipes" and len(grid) > 1:
        return 1
    if lines and lines[0].tag == "th":
        count = 0
        while count < len(lines) - 1 and lines[count].tag == "th":
            count += 1
        return count
    count = 0
    limit = min(6, len(grid) - 1)
    while count < limit:
        row = grid[count]
        texts = _texts(row)
        if not texts or not all(_header_cell(t) for t in texts):
            break
        filled = _filled(row)
        if len(filled) == 1 and count > 0 and filled[0] == 0 and not _UNIT_MARK.match(texts[0]):
            break  # "REVENUE" under the header: a section
        count += 1
    if count and not any(_texts(r) and any(is_figure(t) for t in _texts(r)) for r in grid[count:]):
        # no figures below: the "header" is the table itself (a list of words), unless
        # its first row names the columns ("Milestone | Date", "Stage | Dates | Summary")
        return 1 if _names_columns(grid) else 0
    return count


def _names_columns(grid: list[GridRow]) -> bool:
    """A words-only table's first row is a row of column names: two or more short
    capitalised cells (at most four words, no digits) over at least two rows, one of
    which has a cell longer than any name, or a date."""
    if len(grid) < 3:
        return False
    names = _texts(grid[0])
    if len(names) < 2 or len(names) != len(_filled(grid[0])):
        return False
    if not all(len(n.split()) <= 4 and not re.search(r"\d", n) and n.strip()[:1].isupper() for n in names):
        return False
    longest = max(len(n) for n in names)
    body = [t for row in grid[1:] for t in _texts(row)]
    return any(len(t) > longest or re.search(r"\d", t) for t in body)


def _is_body_like(row: GridRow) -> bool:
    return any(is_figure(t) for t in _texts(row))


def _place(lines: list[Line], origin: str, grid: Grid | None) -> list[GridRow]:
    separator = "|" if origin == "pipes" else "\t"
    pieces = [split_cells(line, separator) for line in lines]
    rows = rows_from_grid(lines, pieces, grid) if grid is not None else None
    if rows is None and grid is not None:
        rows = rows_headed_grid(lines, pieces, grid)
    if rows is None and origin == "aligned":
        rows = rows_by_position(lines, pieces)
    if rows is None:
        rows = rows_as_printed(pieces, lambda t: not is_figure(t) and not is_nil(t))
    return [[c if c is not None and c.text else None for c in row] for row in rows]


def read_table(
    lines: list[Line],
    *,
    origin: str,
    table: int | None = None,
    caption: str | None = None,
    context: str = "",
    grid: Grid | None = None,
) -> TableStructure:
    """A table's structure from its row lines (cells split by tabs, or pipes for
    ``origin="pipes"``).  ``caption`` is the line printed just above it and ``context`` the
    paper's title (both read for the money unit and whether figures are money); ``grid``
    is the ruled table's cells as the PDF draws them (``Document.tables[table].rows``)."""
    kept = [line for line in lines if not (origin == "pipes" and re.fullmatch(r"[\s|:\-]+", line.text))]
    placed = _place(kept, origin, grid)
    width = max((len(r) for r in placed), default=0)
    placed = [row + [None] * (width - len(row)) for row in placed]
    header_rows = _header_count(placed, origin, kept)
    headers = _headers(placed[:header_rows], width)
    caption_unit = table_unit(caption or "")
    header_unit = table_unit(" ".join(headers))
    unit = caption_unit or header_unit
    body = placed[header_rows:]
    middle_headers = [i for i, row in enumerate(body) if _middle_header(row, body, i)]
    for i in middle_headers:
        extra = _headers([body[i]], width)
        headers = [h if h else e for h, e in zip(headers, extra)]
    columns = _columns([r for i, r in enumerate(body) if i not in middle_headers], headers, unit, caption or "", context)
    label_column = next((c.index for c in columns if c.role is ColumnRole.label), None)
    rows = [
        _row(index, cells, line, columns, label_column, index < header_rows or (index - header_rows) in middle_headers)
        for index, (cells, line) in enumerate(zip(placed, kept))
    ]
    rows = _join_wrapped_labels(rows, label_column)
    return TableStructure(
        origin=origin,
        table=table,
        caption=caption,
        unit=unit[0] if unit else None,
        rows=rows,
        columns=columns,
        header_rows=header_rows,
        total_rows=[r.index for r in rows if r.kind in (RowKind.total, RowKind.subtotal)],
        total_columns=[c.index for c in columns if c.role is ColumnRole.total],
    )


def _headers(rows: list[GridRow], width: int) -> list[str]:
    """Each column's header: the header cells above it joined, a merged cell counting for
    every column it covers."""
    parts: list[list[str]] = [[] for _ in range(width)]
    titled = [row for row in rows if len(_filled(row)) > 1] or rows
    for row in titled:  # a title on a row of its own names the table, not a column
        for i, cell in enumerate(row):
            if cell is None or not cell.text:
                continue
            for c in range(i, min(width, i + cell.span)):
                parts[c].append(cell.text)
    return [" ".join(p) for p in parts]


def _middle_header(row: GridRow, body: list[GridRow], index: int) -> bool:
    """A header printed again inside the table (a second part with its own columns): two
    or more word cells, no figures, between rows that hold figures."""
    texts = _texts(row)
    if len(texts) < 3 or any(is_figure(t) for t in texts):
        return False
    before = any(_is_body_like(r) for r in body[:index])
    after = any(_is_body_like(r) for r in body[index + 1 :])
    return before and after


def _row(index: int, cells: GridRow, line: Line, columns: list[TableColumn], label_column: int | None, header: bool) -> TableRow:
    label = ""
    if label_column is not None and cells[label_column] is not None:
        label = cells[label_column].text  # type: ignore[union-attr]
    elif cells and cells[0] is not None and not is_figure(cells[0].text):
        label = cells[0].text
    figures = [
        c for i, c in enumerate(cells)
        if c is not None and is_figure(c.text) and columns[i].role not in (ColumnRole.row_number, ColumnRole.code)
    ]
    filled = [i for i, c in enumerate(cells) if c is not None]
    if header:
        kind = RowKind.header
    elif _SUBTOTAL_ROW.search(label) and figures:
        kind = RowKind.subtotal
    elif _TOTAL_ROW.search(label) and figures:
        kind = RowKind.total
    elif not figures and label and all(i in (label_column, 0) for i in filled):
        kind = RowKind.section
    else:
        kind = RowKind.body
    return TableRow(
        index=index,
        kind=kind,
        label=label,
        char_start=line.start,
        char_end=line.end,
        cells=[
            TableCell(row=index, column=i, text=c.text, char_start=c.start, char_end=c.end, span=c.span)
            for i, c in enumerate(cells)
            if c is not None
        ],
    )


def _columns(
    body: list[GridRow],
    headers: list[str],
    unit: tuple[str, Decimal] | None,
    caption: str,
    context: str,
) -> list[TableColumn]:
    width = len(headers)
    labels = " ".join(row[0].text for row in body if row and row[0] is not None)
    money_words = bool(
        _ACCOUNTS.search(" ".join(headers)) or _ACCOUNTS.search(caption) or _ACCOUNTS.search(context)
        or _ACCOUNTS.search(labels)
    )
    columns = []
    label_found = False
    word_counts = [
        sum(1 for row in body if row[c] is not None and not is_figure(row[c].text) and not is_nil(row[c].text))  # type: ignore[union-attr]
        for c in range(width)
    ]
    label_at = max(range(width), key=lambda c: (word_counts[c], -c)) if width and max(word_counts) else None
    for c in range(width):
        cells = [row[c].text for row in body if c < len(row) and row[c] is not None and row[c].span == 1]  # type: ignore[union-attr]
        figures = [parse_number(t) for t in cells if is_figure(t)]
        words = [t for t in cells if not is_figure(t) and not is_nil(t)]
        header = headers[c]
        role = _role(header)
        year = _period_of(header)
        fy = financial_year(header) if header else None
        percent = bool(figures) and sum(is_percent(t) for t in cells) >= len(figures) * 0.5
        if not cells:
            role = ColumnRole.empty
        elif words and len(words) >= len(figures):
            if not label_found and (label_at is None or c == label_at or word_counts[label_at] < 2 * len(words)):
                role, label_found = ColumnRole.label, True
            elif role not in (ColumnRole.code, ColumnRole.date):
                role = ColumnRole.text
        elif percent:
            role = ColumnRole.variance_pct if role in (ColumnRole.variance, ColumnRole.variance_pct) else ColumnRole.percent
        elif figures and len(figures) >= 3 and _numbering(figures) and role in (None, ColumnRole.code):
            role = ColumnRole.row_number
        elif role is ColumnRole.code or figures and role in (ColumnRole.percent, ColumnRole.variance_pct) and not _has_money_unit(header):
            pass
        elif figures:
            if role in (ColumnRole.percent, ColumnRole.variance_pct):
                role = ColumnRole.amount  # "Rate" above figures in £
            if role is None or role in (ColumnRole.code, ColumnRole.date):
                pence = sum(bool(re.search(r"\.\d{2}\)?$", t)) for t in cells) >= len(figures) * 0.5
                pounds = any("£" in t for t in cells)
                role = ColumnRole.amount if (unit or money_words or pence or pounds or _has_money_unit(header)) else ColumnRole.count
        column_unit = unit
        own = table_unit(header)
        if own:
            column_unit = own
        if role in (ColumnRole.percent, ColumnRole.variance_pct):
            printed_unit, multiplier = "%", None
        elif role in MONEY_ROLES:
            if column_unit:
                printed_unit, multiplier = column_unit
            elif money_words or role is not ColumnRole.amount or any("£" in t for t in cells):
                printed_unit, multiplier = "£", Decimal(1)
            else:
                printed_unit, multiplier = None, None
        else:
            printed_unit, multiplier = None, None
        columns.append(
            TableColumn(index=c, header=header, role=role or ColumnRole.text, unit=printed_unit,
                        multiplier=multiplier, year=year, financial_year=fy)
        )
    return columns


def _numbering(figures: list[Decimal | None]) -> bool:
    """Item numbers down a column: small whole numbers that rise by one (a number printed
    twice or skipped once is still a numbering; a table continued from the page before
    starts where it left off)."""
    if any(f is None or f != f.to_integral_value() or f < 0 for f in figures) or not 0 < figures[0] <= 50:  # type: ignore[operator]
        return False
    steps = [b - a for a, b in pairwise(figures)]  # type: ignore[operator]
    return sum(1 for s in steps if s == 1) >= len(steps) * 0.75 and all(0 <= s <= 2 for s in steps)


def _has_money_unit(header: str) -> bool:
    return table_unit(header) is not None


def _role(header: str) -> ColumnRole | None:
    for role, pattern in _ROLE_WORDS:
        if pattern.search(header):
            return role
    return None


def _period_of(header: str) -> str | None:
    """The period a column header names as printed: a year ("2018/19"), a month, a date."""
    if not header:
        return None
    for word in header.split(" "):
        if _YEAR.match(word) or _DATE.match(word):
            return word
    m = re.search(r"\b\d{1,2}[-/ ](?:[A-Za-z]{3,9}|\d{1,2})[-/ ](?:\d{4}|\d{2})\b", header)
    return m.group(0) if m else None


def _join_wrapped_labels(rows: list[TableRow], label_column: int | None) -> list[TableRow]:
    """A row holding only a label, followed by a row that continues it (starts in lower
    case, or has figures but no label), is one row whose label wraps."""
    if label_column is None:
        return rows
    out: list[TableRow] = []
    for row in rows:
        if out:
            previous = out[-1]
            only_label = previous.kind is RowKind.section and previous.label
            continues = row.label[:1].islower() or (not row.label and row.kind is RowKind.body)
            if only_label and continues and row.kind in (RowKind.body, RowKind.total, RowKind.subtotal):
                label = f"{previous.label} {row.label}".strip()
                kind = RowKind.total if _TOTAL_ROW.search(label) and row.kind is RowKind.body else row.kind
                first = next(c for c in previous.cells if c.column == label_column)
                own = next((c for c in row.cells if c.column == label_column and c.text), None)
                label_cell = TableCell(
                    row=previous.index, column=label_column, text=label,
                    char_start=first.char_start, char_end=own.char_end if own else first.char_end,
                )
                others = [c.model_copy(update={"row": previous.index}) for c in row.cells if c.column != label_column]
                out[-1] = row.model_copy(
                    update={"index": previous.index, "label": label, "kind": kind,
                            "char_start": previous.char_start,
                            "cells": sorted([label_cell, *others], key=lambda c: c.column)}
                )
                continue
            if (
                row.kind is RowKind.section and row.label[:1].islower()
                and previous.kind in (RowKind.body, RowKind.total, RowKind.subtotal)
            ):
                # the wrapped rest of the label of a row whose figures stand on its first line
                out[-1] = previous.model_copy(update={"label": f"{previous.label} {row.label}", "char_end": row.char_end})
                continue
        out.append(row.model_copy(update={"index": len(out), "cells": [c.model_copy(update={"row": len(out)}) for c in row.cells]}))
    return out


def regrid_ruled(blocks: list[Block], lines: list[Line], tables: Sequence[Table], context: str = "") -> list[Block]:
    """``blocks`` with each ruled table read again on the grid its PDF draws
    (``tables[i].rows``, where the empty cells the text leaves out are kept), so that no
    cell shifts column.  A table whose lines do not match its grid keeps its reading."""
    out = []
    for block in blocks:
        structure = block.table
        if (
            block.kind is not BlockKind.table or structure is None or structure.origin != "ruled"
            or structure.table is None or structure.table >= len(tables) or block.char_start is None
        ):
            out.append(block)
            continue
        run = [line for line in lines if block.char_start <= line.start and line.end <= (block.char_end or 0)]
        present = sorted({part.table for line in run for part in line.parts if part.table is not None and part.table < len(tables)})
        grid: Grid = (
            tables[structure.table].rows if present == [structure.table]
            else {(t, r): cells for t in present for r, cells in enumerate(tables[t].rows)}
        )
        regridded = read_table(
            run, origin="ruled", table=structure.table, caption=structure.caption, context=context, grid=grid,
        )
        out.append(block.model_copy(update={"table": regridded}))
    return out


def with_caption(table: TableStructure, caption: str, context: str = "") -> TableStructure:
    """``table`` read again with ``caption`` as its caption (a unit printed in a line above
    it that the layout did not hand over as its caption: "Table 1: Budget by service
    (£m)"), so its columns take the unit."""
    width = len(table.columns)
    grid: list[GridRow] = []
    for row in table.rows:
        cells: GridRow = [None] * width
        for cell in row.cells:
            if cell.column < width and cell.char_start is not None and cell.char_end is not None:
                cells[cell.column] = Piece(cell.text, cell.char_start, cell.char_end, cell.span)
        grid.append(cells)
    headers = [c.header for c in table.columns]
    unit = table_unit(caption) or table_unit(" ".join(headers))
    body = [g for g, r in zip(grid, table.rows) if r.kind is not RowKind.header]
    columns = _columns(body, headers, unit, caption, context)
    return table.model_copy(
        update={
            "caption": caption,
            "unit": unit[0] if unit else None,
            "columns": columns,
            "total_columns": [c.index for c in columns if c.role is ColumnRole.total],
        }
    )
