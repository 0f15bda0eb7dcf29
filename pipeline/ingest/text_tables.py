"""Tables drawn without lines: pdfplumber's "text" strategy, only where a page holds one.

pdfplumber's text strategy finds columns from words that share a left edge, right edge or
centre, and rows from words that share a top; run over a whole page it makes "tables" of
ordinary paragraphs.  Here it runs only on a block of lines that look like a table:

* at least MIN_ROWS consecutive lines, each split by wide gaps (more than 1.5 x the line's
  height, where the line builder puts a tab) into at least MIN_COLUMNS cells, one of
  them after the first holding a figure;
* figures that line up: at least two columns of cells sharing a right or left edge over
  at least MIN_ROWS of those lines;
* not inside a ruled table.

The table found in the block is kept only when every character of the block falls in one
of its cells (no word of the page is lost), no column edge runs through a word (the
strategy can rule an edge where short words of three labels end: "7 Balan | ces Carried
Forward"), and it has at least MIN_ROWS rows and
MIN_COLUMNS columns; the empty rows the strategy makes between lines are dropped.  Both readers run this on their own words and characters, so they
agree where their characters do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from pdfplumber import utils as plumber_utils
from pdfplumber.table import TableFinder, TableSettings

from pipeline.ingest.pdf_layout import baseline_rows

MIN_ROWS = 3
MIN_COLUMNS = 3
ALIGN = 3.0  # points: edges this close are one column edge
_FIGURE = re.compile(r"^[(£$€-]*\d[\d,.]*[%)kmbn]*$", re.IGNORECASE)
_SETTINGS = TableSettings.resolve({"vertical_strategy": "text", "horizontal_strategy": "text"})

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class PositionedWord(Protocol):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


def _cells(row: list[PositionedWord]) -> list[tuple[float, float, str]]:
    """(x0, x1, text) of each cell of a line, split where the line builder puts a tab."""
    height = max(1.0, row[0].bottom - row[0].top)
    cells: list[tuple[float, float, str]] = [(row[0].x0, row[0].x1, row[0].text)]
    for before, word in zip(row, row[1:]):
        x0, x1, text = cells[-1]
        if word.x0 - before.x1 > height * 1.5:
            cells.append((word.x0, word.x1, word.text))
        else:
            cells[-1] = (x0, word.x1, f"{text} {word.text}")
    return cells


def _aligned_columns(lines: list[list[tuple[float, float, str]]]) -> int:
    """How many column edges (right or left edges of cells after the first) recur in at
    least MIN_ROWS of the lines."""
    found = 0
    for side in (0, 1):
        edges = sorted((cell[side], n) for n, cells in enumerate(lines) for cell in cells[1:])
        group: list[tuple[float, int]] = []
        for edge in edges + [(float("inf"), -1)]:
            if group and edge[0] - group[-1][0] > ALIGN:
                if len({n for _, n in group}) >= MIN_ROWS:
                    found += 1
                group = []
            group.append(edge)
    return found


def table_blocks(words: Sequence[PositionedWord], ruled: Sequence[Box] = ()) -> list[Box]:
    """Boxes of the blocks of lines that look like a table drawn without lines."""
    if sum(1 for w in words if _FIGURE.match(w.text)) < MIN_ROWS:
        return []  # a block holds a figure on each of its lines
    blocks: list[Box] = []
    run: list[tuple[list[PositionedWord], list[tuple[float, float, str]]]] = []

    def close() -> None:
        if len(run) >= MIN_ROWS and _aligned_columns([cells for _, cells in run]) >= 2:
            members = [w for row, _ in run for w in row]
            blocks.append(
                (min(w.x0 for w in members), min(w.top for w in members), max(w.x1 for w in members), max(w.bottom for w in members))
            )
        run.clear()

    for row in baseline_rows(words):  # type: ignore[arg-type]  # grouped as the line builder groups them
        middle = (row[0].top + row[0].bottom) / 2
        cells = _cells(row)
        tabular = (
            len(cells) >= MIN_COLUMNS
            and any(_FIGURE.match(text.replace(" ", "")) for _, _, text in cells[1:])
            and not any(top - 1 <= middle <= bottom + 1 for _, top, _, bottom in ruled)
        )
        if tabular:
            run.append((row, cells))
        else:
            close()
    close()
    return blocks


class _BlockPage:
    """What TableFinder (text strategy) and Table.extract read from a page."""

    def __init__(self, chars: list[dict[str, Any]], bbox: Box) -> None:
        self.chars = chars
        self.edges: list[dict[str, Any]] = []
        self.bbox = bbox

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        return plumber_utils.extract_words(self.chars, **kwargs)


def _inside(char: dict[str, Any], box: Box) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _splits_a_word(chars: list[dict[str, Any]], cells: Sequence[Box]) -> bool:
    """Whether a word of ``chars`` has its first and last characters in different cells."""
    for word in plumber_utils.extract_words(chars):
        middle = (word["top"] + word["bottom"]) / 2
        ends = [
            next((i for i, (x0, top, x1, bottom) in enumerate(cells) if x0 <= x < x1 and top <= middle < bottom), None)
            for x in (word["x0"] + 0.5, word["x1"] - 0.5)
        ]
        if ends[0] != ends[1]:
            return True
    return False


def find_text_tables(chars: list[dict[str, Any]], blocks: Sequence[Box]) -> list[tuple[list[list[str | None]], Box]]:
    """(rows, bbox) of the table pdfplumber's text strategy finds in each block, where it
    holds every character of the block.  ``chars``: pdfplumber char dicts of the page
    (at least those of the blocks)."""
    found: list[tuple[list[list[str | None]], Box]] = []
    for x0, top, x1, bottom in blocks:
        box = (x0 - 1, top - 1, x1 + 1, bottom + 1)
        mine = [c for c in chars if _inside(c, box)]  # spaces too: they part words
        if not mine:
            continue
        tables = TableFinder(_BlockPage(mine, box), _SETTINGS).tables  # type: ignore[arg-type]
        if len(tables) != 1:
            continue
        table = tables[0]
        if not all(any(_inside(c, cell) for cell in table.cells) for c in mine if not c["text"].isspace()):
            continue  # a word outside every cell: not a table after all
        if _splits_a_word(mine, table.cells):
            continue  # a column edge through a word ("7 Balan | ces Carried Forward"): not its columns
        # the strategy rules a row under each line and over the next: drop the empty
        # rows between (their height depends on the reader's character boxes)
        rows = [row for row in table.extract() if any(cell for cell in row)]
        if len(rows) >= MIN_ROWS and max(len(r) for r in rows) >= MIN_COLUMNS:
            found.append((rows, tuple(table.bbox)))  # type: ignore[arg-type]
    return found
