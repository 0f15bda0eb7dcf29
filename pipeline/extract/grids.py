"""Tables as grids of located cells, whichever way a paper carries them.

Three sources give the same :class:`Grid`:

* ``doc.tables`` (ruled PDF tables): the grid's cells come from the table, and each cell
  is located in the tab-separated lines that ingest put into ``doc.text``;
* tab-separated lines in the text (a borderless PDF table, a table pasted into a text
  paper): one row per line, one cell per tab;
* Markdown pipe tables (``| a | b |``; the ``|---|`` rule is skipped).

Every located cell has offsets into ``doc.text`` so a record read from it can quote its
row.  Flattened tables (one cell per line, paper 003's text form) are read by the
indicator extractor, which knows what their columns mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.common import iter_lines
from schemas.records import Document, Table


@dataclass(frozen=True)
class Cell:
    """One cell: its text (white space collapsed) and, when located, its span in the text."""

    text: str
    start: int | None = None
    end: int | None = None

    @property
    def located(self) -> bool:
        return self.start is not None and self.end is not None


@dataclass
class Grid:
    """A table: rows of cells, each row's span in the text, and where the grid came from."""

    rows: list[list[Cell]]
    row_spans: list[tuple[int, int] | None]
    start: int
    end: int
    table: int | None = None  # index into doc.tables, for a PDF table
    kind: str = "pdf"  # "pdf", "tabs" or "pipes"
    caption: str = ""  # the non-blank line just above the grid
    ordinal: int | None = None  # 0-based among the paper's ruled tables (PDF or pipe tables)
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, col: int) -> Cell:
        cells = self.rows[row]
        return cells[col] if col < len(cells) else Cell("")


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _split_cells(line: str, offset: int, sep: str) -> list[Cell]:
    """Cells of one text line split on ``sep``, each located and trimmed."""
    cells: list[Cell] = []
    pos = 0
    pieces = line.split(sep)
    if sep == "|":
        if pieces and not pieces[0].strip():
            pos += len(pieces[0]) + 1
            pieces = pieces[1:]
        if pieces and not pieces[-1].strip():
            pieces = pieces[:-1]
    for piece in pieces:
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        start = offset + pos + lead
        cells.append(Cell(_collapse(body), start, start + len(body)))
        pos += len(piece) + 1
    return cells


def _caption(text: str, start: int) -> str:
    """The closest non-blank line above ``start`` (a table's title or unit line)."""
    end = start
    for _ in range(3):
        line_end = text.rfind("\n", 0, end)
        if line_end < 0:
            return ""
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end].strip()
        if line:
            return line
        end = line_end
    return ""


# --------------------------------------------------------------------------- PDF tables


def _locate_row(line: str, offset: int, row: list[str | None]) -> list[Cell]:
    """The cells of ``row`` found, in order, in its text line."""
    pieces = _split_cells(line, offset, "\t")
    wanted = [_collapse(c) for c in row]
    filled = [w for w in wanted if w]
    if len(pieces) == len(wanted):
        return [
            Cell(w, p.start, p.end) if w else Cell("") for w, p in zip(wanted, pieces, strict=True)
        ]
    if len(pieces) == len(filled):  # empty cells were squeezed out of the line
        it = iter(pieces)
        return [Cell(w, (p := next(it)).start, p.end) if w else Cell("") for w in wanted]
    cells, pos = [], 0
    for w in wanted:
        found = line.find(w, pos) if w else -1
        if found >= 0:
            cells.append(Cell(w, offset + found, offset + found + len(w)))
            pos = found + len(w)
        else:
            cells.append(Cell(w))
    return cells


def grid_from_table(doc: Document, index: int, table: Table) -> Grid | None:
    """A PDF table as a grid, its cells located in the text (None if it cannot be placed)."""
    if table.char_start is None or table.char_end is None or not table.rows:
        return None
    text = doc.text
    lines = [
        (s, e, line)
        for s, e, line in _lines_between(text, table.char_start, table.char_end)
        if line.strip()
    ]
    rows: list[list[Cell]] = []
    spans: list[tuple[int, int] | None] = []
    pairs: list[tuple[tuple[int, int, str] | None, list[str | None]]]
    if len(lines) == len(table.rows):
        pairs = list(zip(lines, table.rows, strict=True))
    else:  # find each row's line by its first filled cell
        pairs = []
        cursor = 0
        for row in table.rows:
            first = next((_collapse(c) for c in row if _collapse(c)), "")
            match = next(
                (i for i in range(cursor, len(lines)) if first and first in lines[i][2]), None
            )
            if match is None:
                pairs.append((None, row))
            else:
                pairs.append((lines[match], row))
                cursor = match + 1
    for line, row in pairs:
        if line is None:
            rows.append([Cell(_collapse(c)) for c in row])
            spans.append(None)
            continue
        start, end, content = line
        rows.append(_locate_row(content, start, row))
        spans.append((start, end))
    return Grid(
        rows=rows,
        row_spans=spans,
        start=table.char_start,
        end=table.char_end,
        table=index,
        kind="pdf",
        caption=_caption(text, table.char_start),
    )


def _lines_between(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    pos = start
    while pos <= end:
        stop = text.find("\n", pos, end)
        if stop < 0:
            stop = end
        out.append((pos, stop, text[pos:stop]))
        pos = stop + 1
    return out


# --------------------------------------------------------------------------- text tables


def _text_grids(text: str, taken: list[tuple[int, int]]) -> list[Grid]:
    grids: list[Grid] = []
    block: list[tuple[int, int, str]] = []
    block_sep = ""

    def flush() -> None:
        nonlocal block
        rows = [_split_cells(line, s, block_sep) for s, _e, line in block]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            grids.append(
                Grid(
                    rows=rows,
                    row_spans=[(s, e) for s, e, _ in block],
                    start=block[0][0],
                    end=block[-1][1],
                    table=None,
                    kind="tabs" if block_sep == "\t" else "pipes",
                    caption=_caption(text, block[0][0]),
                )
            )
        block = []

    for start, end, line in iter_lines(text):
        if any(s <= start < e for s, e in taken):
            if block:
                flush()
            continue
        stripped = line.strip()
        sep = (
            "|"
            if stripped.startswith("|") and stripped.count("|") >= 2
            else ("\t" if "\t" in line else "")
        )
        if sep == "|" and _PIPE_RULE.match(stripped):
            continue  # the |---| rule under a pipe table's header
        if sep and (not block or sep == block_sep):
            block.append((start, end, line))
            block_sep = sep
            continue
        if block:
            flush()
        if sep:
            block.append((start, end, line))
            block_sep = sep
    if block:
        flush()
    return grids


def find_grids(doc: Document) -> list[Grid]:
    """Every table of the paper as a grid, in text order (PDF tables first where both)."""
    grids: list[Grid] = []
    for index, table in enumerate(doc.tables):
        grid = grid_from_table(doc, index, table)
        if grid is not None:
            grids.append(grid)
    taken = [(g.start, g.end + 1) for g in grids]
    grids.extend(_text_grids(doc.text, taken))
    grids.sort(key=lambda g: g.start)
    ruled = 0
    for grid in grids:
        if grid.kind == "pdf":
            grid.ordinal = grid.table
        elif grid.kind == "pipes":
            grid.ordinal = ruled
        if grid.kind != "tabs":
            ruled += 1
    return grids
