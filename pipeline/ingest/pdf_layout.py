"""Page layout: positioned words in, text lines in reading order with their geometry out.

Both PDF readers (pypdfium2 and pdfplumber) and OCR give a page as :class:`Word` boxes in
PDF points, origin at the top left of the page as displayed (rotation applied).  This module
turns them into lines:

* words on one baseline make a line; a wide horizontal gap inside a line becomes a tab (a
  column boundary of a borderless table or a label/value pair), a vertical gap wider than
  the usual line spacing a blank line (a paragraph boundary);
* a band of lines split by a white gutter into columns of *prose* (two-column pages, an
  item | action minute, a table of comments) is read column by column, so a sentence never
  takes words from its neighbour; a gutter between figures or dates (a borderless table,
  a timetable) or between labels and values keeps the lines whole, cells split by tabs;
* every line keeps its :class:`LineGeom` (box, font size, weight, cell positions, column and
  table row), which the structure stage reads to tell headings, list items, fields and
  tables apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import NamedTuple


class Word(NamedTuple):
    """One word on a page: PDF points, top-left origin of the displayed page.  A named
    tuple: a page has thousands, and a tuple is made four times faster than a frozen
    dataclass."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # font size of the word's first character (0: unknown)
    bold: bool = False
    conf: float | None = None  # OCR word confidence 0-100 (None: a text-layer word)


@dataclass(frozen=True)
class LineGeom:
    """Where a text line sits on its page, and how it is set."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # median font size of its words
    bold: bool = False  # every word bold
    cells: tuple[float, ...] = ()  # x0 of each tab-separated cell (one entry: no tabs)
    column: int = 0  # 0: spans the page; n: the n-th column of a multi-column band
    table: int | None = None  # index of the page's ruled table this line is a row of
    row: int | None = None  # the row of that table


@dataclass
class PageLayout:
    """A page's text lines (``"\\n"``-joined they make the page text) and their geometry
    (``None`` for the blank lines that mark paragraph gaps)."""

    lines: list[str] = field(default_factory=list)
    geoms: list[LineGeom | None] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def add(self, line: str, geom: LineGeom | None) -> None:
        self.lines.append(line)
        self.geoms.append(geom)

    def extend(self, other: PageLayout) -> None:
        self.lines.extend(other.lines)
        self.geoms.extend(other.geoms)


_NUMERIC = re.compile(r"^[(\-–−£$€]*\s*[\d.,\s]+%?\)?[km]?$|^[-–—]$|^nil$", re.IGNORECASE)
_LIST_LABEL = re.compile(r"^(?:[•▪◦●■○➢►✓\-–*·]|\(?[a-zA-Z]{1,2}\)|\(?[ivxlc]{1,6}\)|\d{1,3}(?:\.\d{1,3})*[.)]?)$")
_FIGURE_WORD = re.compile(r"[-–(£]*\d[\d,]*(?:\.\d+)?\)?")
_PERCENT_WORD = re.compile(r"[-–(]*\d[\d,]*(?:\.\d+)?%\)?")
MIN_GUTTER = 7.0  # points: a white band narrower than this is a word gap, not a gutter


# --------------------------------------------------------------------------- rows


def _height(word: Word) -> float:
    return max(1.0, word.bottom - word.top)


try:  # the grouping, compiled (setup.py builds it where a C compiler is found)
    from pipeline.ingest._words import baseline_rows as compiled_rows
except ImportError:  # pragma: no cover - no C compiler where papertrail was installed
    compiled_rows = None


def baseline_rows(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into rows by their top edge, each row sorted left to right: sorted
    by top (rounded to a whole point) then x0, a word joins the row before when its top
    is within half the height (at least 1 pt) of the row's first word's.  The compiled
    grouping answers for every page of words read from a text layer (the same rows:
    tested); this one for what it declines (a NaN top, a word not a :class:`Word`)."""
    if not isinstance(words, (list, tuple)):
        words = list(words)  # read once, by whichever answers
    if compiled_rows is not None:
        rows = compiled_rows(words, Word)
        if rows is not None:
            return rows
    return python_baseline_rows(words)


def python_baseline_rows(words: Sequence[Word]) -> list[list[Word]]:
    """:func:`baseline_rows` in Python."""
    ordered = sorted(words, key=lambda w: (round(w.top, 0), w.x0))
    rows: list[list[Word]] = []
    for word in ordered:
        if rows:
            row = rows[-1]
            if abs(word.top - row[0].top) <= _height(row[0]) * 0.5:
                row.append(word)
                continue
        rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


def _row_size(row: Sequence[Word]) -> float:
    return _height(row[0])


def _font_size(row: Sequence[Word]) -> float:
    sizes = [w.size for w in row if w.size > 0]
    return float(median(sizes)) if sizes else 0.0


# --------------------------------------------------------------------------- columns


def _free_intervals(rows: Sequence[Sequence[Word]], left: float, right: float) -> list[tuple[float, float]]:
    """x-intervals inside (left, right) that no word of ``rows`` covers."""
    spans = sorted((w.x0, w.x1) for row in rows for w in row)
    free: list[tuple[float, float]] = []
    cursor = left
    for x0, x1 in spans:
        if x0 > cursor:
            free.append((cursor, x0))
        cursor = max(cursor, x1)
    if cursor < right:
        free.append((cursor, right))
    return [(a, b) for a, b in free if b - a >= MIN_GUTTER]


def _narrowed(free: Sequence[tuple[float, float]], row: Sequence[Word]) -> list[tuple[float, float]]:
    """``free`` (what :func:`_free_intervals` gave for some rows) less what the words of
    one more row cover: :func:`_free_intervals` of the rows and that row, without going
    over the rows again, where every word's box is ordered (x0 <= x1)."""
    spans = sorted((w.x0, w.x1) for w in row)
    narrowed: list[tuple[float, float]] = []
    for a, b in free:
        cursor = a
        for x0, x1 in spans:
            if x0 >= b:
                break
            if x0 > cursor:
                narrowed.append((cursor, x0))
            cursor = max(cursor, x1)
        if cursor < b:
            narrowed.append((cursor, b))
    return [(a, b) for a, b in narrowed if b - a >= MIN_GUTTER]


def _segments(row: Sequence[Word], gutters: Sequence[tuple[float, float]]) -> list[list[Word]]:
    cuts = [(a + b) / 2 for a, b in gutters]
    parts: list[list[Word]] = [[] for _ in range(len(cuts) + 1)]
    for word in row:
        index = sum(1 for cut in cuts if (word.x0 + word.x1) / 2 > cut)
        parts[index].append(word)
    return parts


def _is_numeric(segment: Sequence[Word]) -> bool:
    return bool(segment) and bool(_NUMERIC.match(" ".join(w.text for w in segment)))


def _reads_as_columns(rows: Sequence[Sequence[Word]], gutters: Sequence[tuple[float, float]]) -> bool:
    """Whether a band split by ``gutters`` is columns of prose (read one column after the
    other) rather than a table or label/value rows (read across)."""
    columns: list[list[list[Word]]] = [[] for _ in range(len(gutters) + 1)]
    for row in rows:
        for index, segment in enumerate(_segments(row, gutters)):
            if segment:
                columns[index].append(segment)
    if any(not column for column in columns):
        return False
    kinds = []
    for column in columns:
        if all(len(segment) == 1 and _LIST_LABEL.match(segment[0].text) for segment in column):
            return False  # a column of bullets or item labels: a list, read across
        words = [len(segment) for segment in column]
        # figures, or short runs holding a number (dates: "3rd October - 14th", "2022")
        numeric = sum(
            _is_numeric(segment) or (len(segment) <= 4 and any(ch.isdigit() for w in segment for ch in w.text))
            for segment in column
        )
        labels = sum(segment[-1].text.endswith(":") for segment in column)
        mean_words = sum(words) / len(words)
        if numeric >= len(column) * 0.5:
            kinds.append("numeric")
        elif labels >= len(column) * 0.5:
            kinds.append("labels")
        elif mean_words >= 3.5 and len(column) >= 3:
            kinds.append("prose")
        elif mean_words <= 3:
            kinds.append("short")
        else:
            kinds.append("mixed")
    if "numeric" in kinds or "labels" in kinds:
        return False
    flowing = [_flows(column) for column, kind in zip(columns, kinds) if kind == "prose"]
    if not any(f >= 0.3 for f in flowing):
        return False  # each row's text stands alone ("Financial Regulations | Councillors resolved to sign"): a table
    prose = kinds.count("prose")
    if prose >= 2:
        return True
    # prose with a narrow side column (an "Action" column of initials, an originator)
    return prose == 1 and all(k in ("prose", "short") for k in kinds) and (
        kinds[0] == "prose" or kinds[-1] == "prose"
    )


def _flows(column: list[list[Word]]) -> float:
    """Share of a column's consecutive segments where the text runs on from one line to the
    next (no full stop at the end, or the next line starts in lower case): prose wraps, a
    table's cells stand alone."""
    if len(column) < 2:
        return 0.0
    runs = sum(1 for following in column[1:] if following[0].text[:1].islower())
    return runs / (len(column) - 1)


def _bands(rows: list[list[Word]]) -> list[tuple[int, int, list[tuple[float, float]]]]:
    """Runs of rows (start, end, gutters) that read as columns of prose."""
    if len(rows) < 3:
        return []
    left = min(w.x0 for row in rows for w in row)
    right = max(w.x1 for row in rows for w in row)
    width = right - left
    if width <= 0:
        return []

    def central(free: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(a, b) for a, b in free if a > left + width * 0.1 and b < right - width * 0.1]

    # a band is widened a row at a time, narrowing its free intervals by the new row; only
    # where a box is inverted or NaN (never from a text layer or OCR) are they found again
    # over the whole band, as narrowing then is not the same
    ordered = all(w.x0 <= w.x1 for row in rows for w in row)
    found: list[tuple[int, int, list[tuple[float, float]]]] = []
    start = 0
    while start < len(rows) - 2:
        end = start + 1
        free = _free_intervals(rows[start:end], left, right)
        gutters = central(free)
        if not gutters:
            start += 1
            continue
        while end < len(rows):
            narrowed = _narrowed(free, rows[end]) if ordered else _free_intervals(rows[start : end + 1], left, right)
            widened = central(narrowed)
            if not widened:
                break
            free, gutters, end = narrowed, widened, end + 1
        # a gutter must be crossed by text on both sides in most rows of the band
        band = rows[start:end]
        kept = []
        for a, b in gutters:
            both = sum(1 for row in band if any(w.x1 <= a for w in row) and any(w.x0 >= b for w in row))
            if both >= max(3, len(band) * 0.4):
                kept.append((a, b))
        if end - start >= 3 and kept and _reads_as_columns(band, kept):
            found.append((start, end, kept))
            start = end
        else:
            start += 1
    return found


# --------------------------------------------------------------------------- lines


def _usual_gap(rows: Sequence[Sequence[Word]]) -> tuple[list[float], float]:
    gaps = [rows[i + 1][0].top - rows[i][0].top for i in range(len(rows) - 1)]
    heights = [_row_size(r) for r in rows]
    # the usual line spacing: the smallest gap that recurs (lines inside a paragraph);
    # paragraph gaps are wider.  Rounded to half points so both readers agree.
    rounded = Counter(round(g * 2) / 2 for g in gaps if heights and g >= 0.8 * min(heights))
    repeated = sorted(g for g, n in rounded.items() if n >= 2) or sorted(rounded)
    return gaps, (repeated[0] if repeated else 0.0)


def _lines_up(x: float, starts: Sequence[float]) -> bool:
    """Whether ``x`` is (to 1 pt) where at least two cells of the rows around start."""
    return sum(1 for start in starts if abs(start - x) <= 1.0) >= 2


def _in_figure_column(word: Word, edges: Sequence[tuple[float, float]]) -> bool:
    """Whether ``word`` lines up (left edge, right edge or centre, to 1 pt) with at least
    two figures that start cells of the rows around it."""
    middle = (word.x0 + word.x1) / 2
    return sum(
        1 for x0, x1 in edges
        if abs(x0 - word.x0) <= 1.0 or abs(x1 - word.x1) <= 1.0 or abs((x0 + x1) / 2 - middle) <= 1.0
    ) >= 2


def _emit_rows(rows: Sequence[Sequence[Word]], column: int = 0) -> PageLayout:
    out = PageLayout()
    if not rows:
        return out
    gaps, usual_gap = _usual_gap(rows)
    previous_cells: list[float] = []
    # the words that start a cell after a column gap, over the rows around: where columns
    # start, and (left and right edges: figures are set flush right, flush left or
    # centred) where the columns of figures stand
    starts = [
        word for row, wide in zip(rows, [_row_size(row) * 1.5 for row in rows]) for before, word in zip(row, row[1:])
        if word.x0 - before.x1 > wide
    ]
    cell_starts = [word.x0 for word in starts]
    figure_edges = [(word.x0, word.x1) for word in starts if _FIGURE_WORD.fullmatch(word.text)]
    for index, row in enumerate(rows):
        size = _row_size(row)
        cells = [row[0].x0]
        # a row already split into cells: by a column gap, or by two words set a little
        # apart where the cells of the rows around start (prose, even justified, is not)
        in_cells = any(w.x0 - b.x1 > size * 1.5 for b, w in zip(row, row[1:])) or sum(
            1 for b, w in zip(row, row[1:]) if w.x0 - b.x1 > size * 0.5 and _lines_up(w.x0, cell_starts)
        ) >= 2
        if not in_cells:  # one cell: its words spaced
            parts = [" ".join([w.text for w in row])]
        else:
            parts = [row[0].text]
            for before, word in zip(row, row[1:]):
                gap = word.x0 - before.x1
                if gap > size * 1.5 or (gap > size * 0.5 and (
                    (_FIGURE_WORD.fullmatch(before.text) and _PERCENT_WORD.fullmatch(word.text))
                    or (_FIGURE_WORD.fullmatch(word.text) and _in_figure_column(word, figure_edges))
                    or _lines_up(word.x0, cell_starts)
                )):
                    # a column gap; or, in a row of cells, a word set a little apart where it is
                    # a cell of its own: a percent after its figure ("3,942  259.34%"), a figure
                    # in a column of figures that a long label runs up to ("... and  36,031"),
                    # a word where the cells of a column start that the widest cell of the
                    # column before runs up to ("2023 - 6th March  strategy and the sites")
                    parts.append("\t")
                    cells.append(word.x0)
                else:
                    parts.append(" ")
                parts.append(word.text)
        geom = LineGeom(
            x0=row[0].x0,
            x1=max([w.x1 for w in row]),
            top=min([w.top for w in row]),
            bottom=max([w.bottom for w in row]),
            size=_font_size(row),
            bold=all([w.bold for w in row]),
            cells=tuple(cells),
            column=column,
        )
        paragraph_gap = bool(index and usual_gap and gaps[index - 1] > usual_gap * 1.3)
        if (
            out.lines
            and not paragraph_gap
            and len(cells) == 1
            and len(previous_cells) > 1
            and abs(cells[0] - previous_cells[-1]) <= 2.0
        ):
            # the wrapped rest of the last cell of a borderless two-column row
            out.lines[-1] += " " + "".join(parts)
            last = out.geoms[-1]
            if last is not None:
                out.geoms[-1] = LineGeom(
                    x0=last.x0, x1=max(last.x1, geom.x1), top=last.top, bottom=geom.bottom,
                    size=last.size, bold=last.bold and geom.bold, cells=last.cells, column=column,
                )
            continue
        if paragraph_gap:
            out.add("", None)
        out.add("".join(parts), geom)
        previous_cells = cells
    return out


def lines_from_words(words: Sequence[Word]) -> PageLayout:
    """Text lines in reading order, with geometry, from a page's positioned words.

    Rows split into columns of prose by a gutter are emitted column by column, each
    column's lines separated from the next column's by a blank line.
    """
    rows = baseline_rows(words)
    out = PageLayout()
    cursor = 0
    for start, end, gutters in _bands(rows):
        out.extend(_emit_rows(rows[cursor:start]))
        columns: list[list[list[Word]]] = [[] for _ in range(len(gutters) + 1)]
        for row in rows[start:end]:
            for index, segment in enumerate(_segments(row, gutters)):
                if segment:
                    columns[index].append(segment)
        if out.lines and out.lines[-1]:
            out.add("", None)
        for number, column in enumerate(columns, start=1):
            out.extend(_emit_rows(column, column=number))
            out.add("", None)
        cursor = end
    out.extend(_emit_rows(rows[cursor:]))
    return out


def _table_layout(rows: list[list[str | None]], table: int, top: float, bottom: float, xs: Sequence[float]) -> PageLayout:
    out = PageLayout()
    out.add("", None)
    height = (bottom - top) / max(1, len(rows))
    for index, row in enumerate(rows):
        cells = tuple(xs[: len(row)]) if len(xs) >= len(row) else ()
        geom = LineGeom(
            x0=xs[0] if xs else 0.0,
            x1=xs[-1] if xs else 0.0,
            top=top + index * height,
            bottom=top + (index + 1) * height,
            cells=cells,
            table=table,
            row=index,
        )
        out.add("\t".join(" ".join((cell or "").split()) for cell in row), geom)
    out.add("", None)
    return out


@dataclass(frozen=True)
class TablePlace:
    """Where a table stands on its page, for placing its rows among the text lines."""

    rows: list[list[str | None]]
    top: float
    bottom: float
    xs: tuple[float, ...] = ()  # the x of each column's left edge, where known


def compose_page(words: Sequence[Word], tables: Sequence[TablePlace]) -> PageLayout:
    """A page's layout: words outside tables as lines, each table's rows where it stands."""
    outside = [
        w
        for w in words
        if not any(t.top - 1 <= (w.top + w.bottom) / 2 <= t.bottom + 1 for t in tables)
    ] if tables else words
    if not tables:
        return lines_from_words(outside)
    order = sorted(range(len(tables)), key=lambda i: tables[i].top)
    blocks: list[tuple[float, PageLayout]] = []
    band: list[Word] = []
    band_top = 0.0
    cursor = 0
    for word in sorted(outside, key=lambda w: w.top):
        while cursor < len(order) and tables[order[cursor]].top <= word.top:
            if band:
                blocks.append((band_top, lines_from_words(band)))
                band = []
            t = tables[order[cursor]]
            blocks.append((t.top, _table_layout(t.rows, order[cursor], t.top, t.bottom, t.xs)))
            cursor += 1
        if not band:
            band_top = word.top
        band.append(word)
    if band:
        blocks.append((band_top, lines_from_words(band)))
    for index in order[cursor:]:
        t = tables[index]
        blocks.append((t.top, _table_layout(t.rows, index, t.top, t.bottom, t.xs)))
    page = PageLayout()
    for _, block in blocks:
        page.extend(block)
    return page
