"""Tables: rows of located cells, and what each row and column is.

A table arrives as consecutive lines of the normalised text, one row a line, cells split by
tabs (a ruled PDF grid, a borderless table whose columns the layout found, a web or Word
table) or by pipes (Markdown).  Here the grid is made regular and read:

* cells are placed in columns by their position on the page where it is known (so a total
  row that lacks its code cell does not shift), else figures are aligned to the right;
* header rows (no figures, or only years), the caption's and header's money unit ("£000s",
  "£m"), each column's role (budget, actual, forecast, variance, variance %, total, a
  row-number column, a label column, text) and period (a year or financial year);
* total and sub-total rows by their labels, section rows ("REVENUE"), and rows whose label
  wraps onto a second line joined into one.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipeline.structure.lines import Line
from schemas.structure import (
    ColumnRole,
    RowKind,
    TableCell,
    TableColumn,
    TableRow,
    TableStructure,
)

_NUMBER = re.compile(
    r"^(?P<neg>[(\-–−])?\s*£?\s*(?P<num>\d{1,3}(?:[, ]?\s?,?\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<pct>%)?\)?$"
)
_NIL = re.compile(r"^(?:[-–—]|nil|n/?a)$", re.IGNORECASE)
_YEAR = re.compile(
    r"^(?:(?:19|20)\d{2}(?:\s*[/-]\s*(?:\d{2}|\d{4}|\d))?|(?:FY|Q[1-4])\s*\S+|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[\s\-']*(?:\d{2}|\d{4})?)$",
    re.IGNORECASE,
)
_FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[/-]\s*(\d{4}|\d{2}|\d)\b")
_UNITS = [
    (re.compile(r"£\s*'?0{3}'?s?\b|£\s*k\b|£\s*thousands?|\(£k\)|in thousands|000s", re.IGNORECASE), "£000", Decimal(1000)),
    (re.compile(r"£\s*(?:m|ms|million|mn)\b|£m\b|in millions", re.IGNORECASE), "£m", Decimal(1000000)),
    (re.compile(r"£\s*(?:bn|billion)\b", re.IGNORECASE), "£bn", Decimal(1000000000)),
    (re.compile(r"£"), "£", Decimal(1)),
]
_ROLE_WORDS: list[tuple[ColumnRole, re.Pattern[str]]] = [
    (ColumnRole.variance_pct, re.compile(r"%.*\bvar|\bvar\w*.*%|%\s*(?:of\s+)?budget|% ?change", re.I)),
    (ColumnRole.variance, re.compile(r"variance|under\s*/?\s*over|underspen|overspen|under-?/?over|difference|\bvar\b|movement", re.I)),
    (ColumnRole.forecast, re.compile(r"forecast|projected|projection|estimated\s+outturn", re.I)),
    (ColumnRole.budget, re.compile(r"budget|estimate|precept|original|revised|\bplan\b|approved|allocation", re.I)),
    (ColumnRole.actual, re.compile(r"actual|spent|\bspend|outturn|expenditure|payments?|receipts?|income|paid|\bcost", re.I)),
    (ColumnRole.total, re.compile(r"^\s*(?:totals?|full\s+year|year\s+total|grand\s+total)\b", re.I)),
    (ColumnRole.percent, re.compile(r"%|per\s?cent", re.I)),
    (ColumnRole.code, re.compile(r"^\s*(?:code|ref(?:erence)?|no\.?|item\s+no\.?)\s*$", re.I)),
    (ColumnRole.date, re.compile(r"^\s*date\s*$", re.I)),
]
_TOTAL_ROW = re.compile(r"\b(?:sub[- ]?)?totals?\b|^\s*net\s+(?:expenditure|position|total|budget|cost)", re.IGNORECASE)
_SUBTOTAL_ROW = re.compile(r"\bsub[- ]?totals?\b", re.IGNORECASE)
_ACCOUNTS = re.compile(
    r"\b(?:accounts?|budget|precept|expenditure|payments?|receipts?|income|spending|estimates?|outturn|"
    r"balance|reserves?|investments?|treasury|salary|salaries|variances?)\b",
    re.IGNORECASE,
)


def parse_number(cell: str) -> Decimal | None:
    """A table cell's figure as printed, signed ("(2,300)" and "-1,937" are negative; a
    thousands separator broken by a space, "1 ,174.00", is still one figure)."""
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
    if match.group("neg"):
        value = -value
    return value


def is_figure(cell: str) -> bool:
    return parse_number(cell) is not None and not _YEAR.match(cell.strip())


def is_nil(cell: str) -> bool:
    return bool(_NIL.match(cell.strip()))


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


# --------------------------------------------------------------------------- cells


def _split(line: Line, separator: str) -> list[tuple[str, int, int]]:
    """(text, start, end) of each cell of a row line."""
    cells = []
    position = line.start
    pieces = line.text.split(separator)
    if separator == "|":
        if pieces and not pieces[0].strip():
            position += len(pieces[0]) + 1
            pieces = pieces[1:]
        if pieces and not pieces[-1].strip():
            pieces = pieces[:-1]
    for piece in pieces:
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        start = position + lead
        cells.append((stripped, start, start + len(stripped)))
        position += len(piece) + 1
    return cells


def _column_starts(lines: list[Line], width: int) -> list[float] | None:
    xs = [line.first.cells for line in lines if line.first is not None and len(line.first.cells) == width]
    if not xs:
        return None
    return [sorted(row[i] for row in xs)[len(xs) // 2] for i in range(width)]


def _place(cells: list[tuple[str, int, int]], line: Line, width: int, starts: list[float] | None) -> list[tuple[str, int, int] | None]:
    """The row's cells in ``width`` columns."""
    if len(cells) >= width:
        return list(cells[:width]) + [None] * 0
    placed: list[tuple[str, int, int] | None] = [None] * width
    positions = line.first.cells if line.first is not None else []
    if starts and len(positions) == len(cells):
        for cell, x in zip(cells, positions):
            column = max((i for i, s in enumerate(starts) if s <= x + 6.0), default=0)
            while column < width and placed[column] is not None:
                column += 1
            if column < width:
                placed[column] = cell
        return placed
    # no positions: a text label stays first, figures align to the right
    rest = list(cells)
    if rest and not is_figure(rest[0][0]) and not is_nil(rest[0][0]):
        placed[0] = rest.pop(0)
    for offset, cell in enumerate(reversed(rest)):
        placed[width - 1 - offset] = cell
    return placed


# --------------------------------------------------------------------------- reading


def _role(header: str) -> ColumnRole | None:
    for role, pattern in _ROLE_WORDS:
        if pattern.search(header):
            return role
    return None


_DAY_CELL = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d{2}\b|"
    r"\b\d{1,2}/\d{1,2}/(?:\d{2}|\d{4})\b|\bQ[1-4]\s+(?:19|20)\d{2}|\bw/c\b",
    re.IGNORECASE,
)


def _is_header_row(cells: list[tuple[str, int, int] | None]) -> bool:
    texts = [c[0] for c in cells if c and c[0]]
    if not texts:
        return False
    if any(_DAY_CELL.search(t) for t in texts[1:]):
        return False  # a row that gives a date ("Contract award | 1 July 2024") is a body row
    return not any(is_figure(t) for t in texts[1:]) and not (len(texts) == 1 and len(cells) > 2)


def read_table(
    lines: list[Line],
    *,
    origin: str,
    table: int | None = None,
    caption: str | None = None,
    context: str = "",
) -> TableStructure:
    """A table's structure from its row lines (cells split by tabs, or pipes for
    ``origin="pipes"``).  ``caption`` is the line printed just above it and ``context`` the
    paper's title (both read for the money unit and whether figures are money)."""
    separator = "|" if origin == "pipes" else "\t"
    rows_cells = []
    kept_lines = []
    for line in lines:
        if origin == "pipes" and re.fullmatch(r"[\s|:\-]+", line.text):
            continue  # the |---| rule under a Markdown header
        rows_cells.append(_split(line, separator))
        kept_lines.append(line)
    width = max((len(c) for c in rows_cells), default=0)
    starts = _column_starts(kept_lines, width)
    grid = [_place(cells, line, width, starts) for cells, line in zip(rows_cells, kept_lines)]

    header_rows = 0
    while header_rows < min(3, len(grid) - 1) and _is_header_row(grid[header_rows]):
        header_rows += 1
    headers = [
        " ".join(grid[r][c][0] for r in range(header_rows) if grid[r][c] and grid[r][c][0])  # type: ignore[index]
        for c in range(width)
    ]
    caption_unit = table_unit(caption or "")
    header_unit = table_unit(" ".join(headers))
    unit = caption_unit or header_unit
    body = grid[header_rows:]
    columns = _columns(body, headers, unit, caption or "", context)
    label_column = next((c.index for c in columns if c.role is ColumnRole.label), None)

    rows: list[TableRow] = []
    for index, (cells, line) in enumerate(zip(grid, kept_lines)):
        label = ""
        if label_column is not None and cells[label_column]:
            label = cells[label_column][0]  # type: ignore[index]
        elif cells and cells[0] and not is_figure(cells[0][0]):
            label = cells[0][0]
        figures = [c for i, c in enumerate(cells) if c and is_figure(c[0]) and columns[i].role not in (ColumnRole.row_number, ColumnRole.code)]
        if index < header_rows:
            kind = RowKind.header
        elif _SUBTOTAL_ROW.search(label):
            kind = RowKind.subtotal
        elif _TOTAL_ROW.search(label) and figures:
            kind = RowKind.total
        elif not figures and label and all(not c or not c[0] or i == label_column or i == 0 for i, c in enumerate(cells)):
            kind = RowKind.section
        else:
            kind = RowKind.body
        rows.append(
            TableRow(
                index=len(rows),
                kind=kind,
                label=label,
                char_start=line.start,
                char_end=line.end,
                cells=[
                    TableCell(row=len(rows), column=i, text=c[0], char_start=c[1], char_end=c[2])
                    for i, c in enumerate(cells)
                    if c is not None
                ],
            )
        )
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


def _columns(
    body: list[list[tuple[str, int, int] | None]],
    headers: list[str],
    unit: tuple[str, Decimal] | None,
    caption: str,
    context: str,
) -> list[TableColumn]:
    width = len(headers)
    money_words = bool(_ACCOUNTS.search(" ".join(headers)) or _ACCOUNTS.search(caption) or _ACCOUNTS.search(context))
    columns = []
    label_found = False
    for c in range(width):
        cells = [row[c][0] for row in body if c < len(row) and row[c] and row[c][0]]  # type: ignore[index]
        figures = [parse_number(t) for t in cells if is_figure(t)]
        words = [t for t in cells if not is_figure(t) and not is_nil(t)]
        header = headers[c]
        role = _role(header)
        year = next((m.group(0) for m in [_YEAR.match(h) for h in header.split(" ")] if m), None) if header else None
        fy = financial_year(header) if header else None
        if not cells:
            role = ColumnRole.empty
        elif words and len(words) >= len(figures):
            if not label_found:
                role, label_found = ColumnRole.label, True
            elif role not in (ColumnRole.code, ColumnRole.date):
                role = ColumnRole.text
        elif figures and len(figures) >= 3 and all(f == i + 1 for i, f in enumerate(figures)) and role is None:
            role = ColumnRole.row_number
        elif figures:
            percent = sum(t.strip().endswith("%") for t in cells) >= len(figures) * 0.5
            if percent and role not in (ColumnRole.variance_pct, ColumnRole.percent):
                role = ColumnRole.variance_pct if role is ColumnRole.variance else ColumnRole.percent
            if role is None or role in (ColumnRole.code, ColumnRole.date):
                pence = sum(bool(re.search(r"\.\d{2}\)?$", t)) for t in cells) >= len(figures) * 0.5
                role = ColumnRole.amount if (unit or money_words or pence) else ColumnRole.count
        column_unit = unit
        own = table_unit(header)
        if own:
            column_unit = own
        if role in (ColumnRole.percent, ColumnRole.variance_pct):
            printed_unit, multiplier = "%", None
        elif role in (ColumnRole.budget, ColumnRole.actual, ColumnRole.forecast, ColumnRole.variance, ColumnRole.total, ColumnRole.amount):
            printed_unit, multiplier = (column_unit if column_unit else ("£", Decimal(1)) if money_words or role is not ColumnRole.amount else (None, None))
        else:
            printed_unit, multiplier = None, None
        columns.append(
            TableColumn(index=c, header=header, role=role or ColumnRole.text, unit=printed_unit,
                        multiplier=multiplier, year=year, financial_year=fy)
        )
    return columns


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
