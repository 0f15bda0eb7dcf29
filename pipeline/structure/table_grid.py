"""Placing a table's printed cells in columns.

A table row arrives as one line of the normalised text, its cells split by tabs (pipes for a
Markdown table).  Which column each cell belongs to is read, most reliable first, from:

* **the ruled grid** a PDF draws (``Document.tables``): each printed line knows its grid row
  (``TextLine.row``), and the grid keeps the empty cells the text leaves out, so the line's
  cells are matched in order to the row's filled grid cells; a merged cell (pdfplumber
  gives ``None`` for the cells it covers) keeps its span;
* **the page positions** of a borderless table's cells (``TextLine.cells``): figures are
  right-aligned and words left-aligned, so every figure's right edge and every word's left
  edge are gathered over the rows that hold figures, and the columns are the groups they
  fall into (a cell's right edge is estimated from the line's own character width);
* **the cells as printed** (a text or web paper, where an empty cell is an empty field
  between tabs): a short row keeps its label first and its figures to the right.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import median

from pipeline.structure.lines import Line


@dataclass(frozen=True)
class Piece:
    """One printed cell of a row line: its text (stripped) and span in the text."""

    text: str
    start: int
    end: int
    span: int = 1  # columns a merged cell covers


GridRow = list[Piece | None]

_FIGURE_CELL = re.compile(r"^[(\-–−]?\s*£?\s*\d[\d,. ]*\)?%?\s*[•*†]?$")


def split_cells(line: Line, separator: str) -> list[Piece]:
    """The cells of a row line, each with its span (``|`` rows lose their outer pipes)."""
    pieces = line.text.split(separator)
    position = line.start
    if separator == "|":
        if pieces and not pieces[0].strip():
            position += len(pieces[0]) + 1
            pieces = pieces[1:]
        if pieces and not pieces[-1].strip():
            pieces = pieces[:-1]
    out = []
    for piece in pieces:
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        start = position + lead
        out.append(Piece(stripped, start, start + len(stripped)))
        position += len(piece) + 1
    return out


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _looks_figure(text: str) -> bool:
    return bool(_FIGURE_CELL.match(text)) and any(ch.isdigit() for ch in text)


# --------------------------------------------------------------------------- a ruled grid


# a ruled table's cells as the PDF draws them: one table's rows (by row index), or the
# rows of several tables a block joins (by (table index, row index))
Grid = Sequence[Sequence[str | None]] | Mapping[tuple[int, int], Sequence[str | None]]


def _grid_row(line: Line) -> int | None:
    rows = {part.row for part in line.parts if part.row is not None}
    return rows.pop() if len(rows) == 1 else None


def _grid_cells(line: Line, grid: Grid) -> Sequence[str | None] | None:
    """The grid row a ruled line was read from (None: not a ruled line, or not in ``grid``)."""
    row = _grid_row(line)
    if row is None:
        return None
    if isinstance(grid, Mapping):
        tables = {part.table for part in line.parts if part.table is not None}
        return grid.get((tables.pop(), row)) if len(tables) == 1 else None
    return grid[row] if row < len(grid) else None


def _grid_width(grid: Grid) -> int:
    rows = grid.values() if isinstance(grid, Mapping) else grid
    return max((len(r) for r in rows), default=0)


def _from_grid(pieces: list[Piece], cells: Sequence[str | None], width: int) -> GridRow | None:
    """The line's pieces placed on its grid row, or None when they do not match it."""
    filled = [(i, _collapse(c)) for i, c in enumerate(cells) if c is not None and _collapse(c)]
    present = [p for p in pieces if p.text]
    if len(present) != len(filled):
        return None
    placed: GridRow = [None] * width
    for piece, (column, text) in zip(present, filled):
        if _collapse(piece.text) != text:
            return None
        span = 1
        while column + span < len(cells) and cells[column + span] is None:
            span += 1
        placed[column] = Piece(piece.text, piece.start, piece.end, span)
    return placed


def rows_from_grid(lines: list[Line], pieces: list[list[Piece]], grid: Grid) -> list[GridRow] | None:
    """Every line placed on the ruled grid (None when a line cannot be matched)."""
    width = _grid_width(grid)
    if width == 0:
        return None
    out: list[GridRow] = []
    for line, row_pieces in zip(lines, pieces):
        cells = _grid_cells(line, grid)
        if cells is None:
            return None
        placed = _from_grid(row_pieces, cells, width)
        if placed is None:
            return None
        out.append(placed)
    return out


def rows_headed_grid(lines: list[Line], pieces: list[list[Piece]], grid: Grid) -> list[GridRow] | None:
    """A ruled table whose header rows (and section lines) are printed above or between
    its rulings: its ruled lines placed on the grid, the header lines against the first
    header line's cells ("ITEM | Budget | Spent | Budget | Spent" over "2017-18 |
    2018-19"): a cell goes under the first line's cell it overlaps most (cells set flush
    left, flush right or centred over each other: their ends are estimated from the
    lines' character width), else under the last cell that starts before it (a year
    centred over two columns goes to the first); a lone section line ("REVENUE") in the
    first column.  None when a ruled line does not match its grid or the first header
    line carries no positions."""
    ruled_width = _grid_width(grid)
    outside = [i for i, line in enumerate(lines) if _grid_row(line) is None]
    multi = [i for i in outside if len([p for p in pieces[i] if p.text]) > 1]
    if not ruled_width or not multi:
        return None
    starts = _positions(lines[multi[0]], pieces[multi[0]])
    if starts is None:
        return None
    width = max(ruled_width, len(starts))
    heads = pieces[multi[0]]
    char = _char_width([lines[i] for i in outside], [pieces[i] for i in outside])

    def column_of(x: float, text: str) -> int:
        if char is not None:
            end = x + len(text) * char
            overlaps = [min(end, s + len(h.text) * char) - max(x, s) for s, h in zip(starts, heads)]
            best = max(range(len(overlaps)), key=lambda i: overlaps[i])
            if overlaps[best] > 0:
                return best
        return max((i for i, start in enumerate(starts) if start <= x + 1.0), default=0)

    out: list[GridRow] = []
    for line, row_pieces in zip(lines, pieces):
        if _grid_row(line) is not None:
            cells = _grid_cells(line, grid)
            if cells is None:
                return None
            placed = _from_grid(row_pieces, cells, width)
            if placed is None:
                return None
            out.append(placed)
            continue
        present = [p for p in row_pieces if p.text]
        placed = [None] * width
        if len(present) == 1 and "\t" not in line.text:
            placed[0] = present[0]
            out.append(placed)
            continue
        xs = _positions(line, row_pieces)
        if xs is None:
            return None
        for x, piece in zip(xs, row_pieces):
            if not piece.text:
                continue
            column = column_of(x, piece.text)
            while column < width and placed[column] is not None:
                column += 1
            if column >= width:
                return None
            placed[column] = piece
        out.append(placed)
    return out


# --------------------------------------------------------------------------- page positions


def _positions(line: Line, pieces: list[Piece]) -> list[float] | None:
    if len(line.parts) != 1:
        return None
    xs = line.parts[0].cells
    return list(xs) if len(xs) == len(pieces) and all(x is not None for x in xs) else None


def _char_width(lines: list[Line], pieces: list[list[Piece]]) -> float | None:
    """The width of one printed character, from each line's last cell (its right edge is
    the line's)."""
    widths = []
    for line, row in zip(lines, pieces):
        xs = _positions(line, row)
        x1 = line.parts[0].x1 if line.parts else None
        if xs and x1 is not None and row and row[-1].text and len(row[-1].text) >= 3:
            widths.append((x1 - xs[-1]) / len(row[-1].text))
    widths = [w for w in widths if w > 0]
    return median(widths) if widths else None


def rows_by_position(lines: list[Line], pieces: list[list[Piece]]) -> list[GridRow] | None:
    """A borderless table's rows placed by where their cells sit on the page (None when
    the lines carry no positions)."""
    positions = [_positions(line, row) for line, row in zip(lines, pieces)]
    if any(p is None for p in positions):
        return None
    char = _char_width(lines, pieces)
    if char is None:
        return None
    boxes: list[list[tuple[float, float]]] = []
    for xs, row in zip(positions, pieces):
        assert xs is not None
        boxes.append([(x, x + max(1, len(p.text)) * char) for x, p in zip(xs, row)])
    # columns from the rows that hold figures: a figure marks its right edge, words their left
    anchors: list[tuple[float, float]] = []
    for row, row_boxes in zip(pieces, boxes):
        if not any(_looks_figure(p.text) for p in row):
            continue
        for piece, (x0, x1) in zip(row, row_boxes):
            if _looks_figure(piece.text):
                anchors.append((x0, x1))
            elif piece.text:
                anchors.append((x0, x0 + char))
    if not anchors:
        return None
    anchors.sort()
    columns: list[list[float]] = []
    for x0, x1 in anchors:
        if columns and x0 <= columns[-1][1] + char * 0.5:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    # a header over a column the body leaves empty ("Spent 2018-19", not filled in yet)
    for row, row_boxes in zip(pieces, boxes):
        if any(_looks_figure(p.text) for p in row):
            continue
        for piece, (x0, x1) in zip(row, row_boxes):
            if piece.text and not any(min(hi, x1) > max(lo, x0) for lo, hi in columns):
                columns.append([x0, x1])
    columns.sort()
    width = len(columns)
    if width < max(len([p for p in row if p.text]) for row in pieces):
        return None
    out: list[GridRow] = []
    for row, row_boxes in zip(pieces, boxes):
        placed: GridRow = [None] * width
        for piece, (x0, x1) in zip(row, row_boxes):
            if not piece.text:
                continue
            column = _best_column(columns, x0, x1, _looks_figure(piece.text))
            while column < width and placed[column] is not None:
                column += 1
            if column >= width:
                column = max(i for i in range(width) if placed[i] is None) if None in placed else -1
            if column >= 0:
                placed[column] = piece
        out.append(placed)
    return out


def _best_column(columns: list[list[float]], x0: float, x1: float, figure: bool) -> int:
    """The column a cell falls in: the one its anchor (a figure's right edge, a word's
    left edge) lies in, else the one it overlaps most, else the nearest."""
    anchor = x1 if figure else x0
    for i, (lo, hi) in enumerate(columns):
        if lo - 1 <= anchor <= hi + 1:
            return i
    overlaps = [max(0.0, min(hi, x1) - max(lo, x0)) for lo, hi in columns]
    if max(overlaps) > 0:
        return overlaps.index(max(overlaps))
    return min(range(len(columns)), key=lambda i: min(abs(columns[i][0] - anchor), abs(columns[i][1] - anchor)))


# --------------------------------------------------------------------------- as printed


def rows_as_printed(pieces: list[list[Piece]], is_label: object) -> list[GridRow]:
    """Rows of explicit cells; a short row keeps a text first cell as its label and its
    other cells to the right (``is_label(text)`` says whether a cell is words)."""
    width = max((len(r) for r in pieces), default=0)
    out: list[GridRow] = []
    for row in pieces:
        if len(row) >= width:
            out.append(list(row[:width]))
            continue
        placed: GridRow = [None] * width
        rest = list(row)
        if rest and callable(is_label) and is_label(rest[0].text):
            placed[0] = rest.pop(0)
        for offset, piece in enumerate(reversed(rest)):
            placed[width - 1 - offset] = piece
        out.append(placed)
    return out
