"""Ruled tables whose ruled rows each hold several printed rows.

Parish accounts and summary forms often rule only a table's frame and a few lines, so one
ruled "row" holds a whole column of figures: the finder returns a cell such as
``"6,600.00\\n26.81\\n5.00"`` and the rows are lost.  Where a ruled row band stacks two or
more figures in one column, the band is read again line by line: one row per baseline,
each word in the column its centre falls in.  A band whose only extra lines are a
wrapped label keeps its one row.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline.ingest.pdf_layout import Word, baseline_rows

if TYPE_CHECKING:
    from pipeline.ingest.pdf import RawTable

_FIGURE = re.compile(r"^[(\-–−£]*\d[\d,.]*\)?%?$|^[-–—]$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def _column(x: float, xs: Sequence[float]) -> int:
    for index in range(len(xs) - 1):
        if x < xs[index + 1]:
            return index
    return len(xs) - 2


def _stacked(lines: list[list[Word]], xs: Sequence[float]) -> bool:
    """Whether some column holds figures on two or more of these lines."""
    per_column: dict[int, int] = {}
    for line in lines:
        seen = {_column((w.x0 + w.x1) / 2, xs) for w in line if _FIGURE.match(w.text) and not _YEAR.match(w.text)}
        for column in seen:
            per_column[column] = per_column.get(column, 0) + 1
    return any(count >= 2 for count in per_column.values())


def _cells(lines: list[list[Word]], xs: Sequence[float]) -> list[str | None]:
    cells: list[list[str]] = [[] for _ in range(len(xs) - 1)]
    for line in lines:
        for word in line:
            cells[_column((word.x0 + word.x1) / 2, xs)].append(word.text)
    return [" ".join(c) for c in cells]


def split_stacked_rows(table: RawTable, words: Sequence[Word]) -> RawTable:
    """The table with every ruled row that stacks several printed rows split into them."""
    xs, ys = table.xs, table.ys
    if len(xs) < 3 or len(ys) < 2:
        return table
    inside = [
        w for w in words
        if xs[0] - 1 <= (w.x0 + w.x1) / 2 <= xs[-1] + 1 and ys[0] - 1 <= (w.top + w.bottom) / 2 <= ys[-1] + 1
    ]
    if not inside:
        return table
    rows: list[list[str | None]] = []
    row_tops: list[float] = []
    changed = False
    for index, (top, bottom) in enumerate(zip(ys, ys[1:])):
        band = [w for w in inside if top <= (w.top + w.bottom) / 2 < bottom]
        lines = baseline_rows(band)
        original = table.rows[index] if index < len(table.rows) else []
        if len(lines) < 2 or not _stacked(lines, xs):
            printed = Counter("".join(c or "" for c in original).replace(" ", ""))
            if Counter("".join(w.text for w in band)) - printed:
                # overlapping or merged cells hid some of the band's words: read them again
                rows.append(_cells(lines, xs))
                changed = True
            else:
                rows.append(list(original))
            row_tops.append(top)
            continue
        changed = True
        for line in lines:
            rows.append(_cells([line], xs))
            row_tops.append(min(w.top for w in line))
    if not changed:
        return table
    width = len(xs) - 1
    rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    return replace(table, rows=rows, ys=(*row_tops, ys[-1]))
