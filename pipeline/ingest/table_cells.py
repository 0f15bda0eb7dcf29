"""Two steps of pdfplumber's table reader, exactly as pdfplumber does them, faster.

pdfplumber stays the reference (``tests/test_table_cells.py`` compares both on every
page of the real and generated papers, and on drawn inputs); these are the same
computations without the per-call work that made them a tenth of the table stage:

* :func:`intersections_to_cells` is ``pdfplumber.table.intersections_to_cells``: the
  smallest cell at each ruling intersection.  pdfplumber rebuilds both points' sets of
  edge boxes at every test of whether two points are joined by an edge (and evaluates
  type annotations as it goes); here each point's sets are made once, and the points
  below and to the right of a point are looked up instead of filtered from all the rest.
* :func:`cell_text` is ``pdfplumber.utils.extract_text`` with its default settings (what
  ``Table.extract`` gives each cell): characters clustered into lines by their tops
  (3 pt), sorted left to right, cut into words at white space and at gaps over 3 pt,
  words clustered into lines again.  A cell with a character that is not upright, or a
  box coordinate that is not a number, is left to pdfplumber.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Sequence
from typing import Any

from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

Point = tuple[float, float]
Box = tuple[float, float, float, float]


def _boxes(edges: Sequence[dict[str, Any]]) -> set[Box]:
    return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}


def intersections_to_cells(intersections: dict[Point, dict[str, list[dict[str, Any]]]]) -> list[Box]:
    """The cells (x0, top, x1, bottom) the intersection points describe, in
    pdfplumber's order: ``intersections`` maps each (x, top) point to the vertical
    (``"v"``) and horizontal (``"h"``) edges through it, as
    ``pdfplumber.table.edges_to_intersections`` gives them."""
    if any(x != x or top != top for x, top in intersections):
        return list(plumber_table.intersections_to_cells(intersections))  # NaN: no order to rely on
    vertical = {point: _boxes(edges["v"]) for point, edges in intersections.items()}
    horizontal = {point: _boxes(edges["h"]) for point, edges in intersections.items()}

    def connects(p1: Point, p2: Point) -> bool:
        # pdfplumber's edge_connects: an edge box both points share, along their column or row
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    points = sorted(intersections)
    # the points of each row (same top), as indexes into ``points``, in order
    rows: dict[Hashable, list[int]] = {}
    for index, (_, top) in enumerate(points):
        rows.setdefault(top, []).append(index)
    cells: list[Box] = []
    for i, point in enumerate(points[:-1]):
        # below: the later points with this x (sorted by (x, top): they follow at once);
        # right: the later points with this top
        end = i + 1
        while end < len(points) and points[end][0] == point[0]:
            end += 1
        below = points[i + 1 : end]
        row = rows[point[1]]
        right = [points[j] for j in row[bisect_right(row, i) :]]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(point: Point, below: list[Point], right: list[Point], intersections: dict[Point, Any],
                   connects: Any) -> Box | None:
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


class CellFinder(TableFinder):
    """``pdfplumber.table.TableFinder`` with its cells found by
    :func:`intersections_to_cells` (the same cells, in the same order)."""

    def __init__(self, page: Any, settings: TableSettings) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def _clusters(objects: Sequence[Any], keys: Sequence[float], tolerance: float) -> list[list[Any]]:
    """pdfplumber's ``cluster_objects``: the distinct keys sorted and chained into
    clusters while each is within ``tolerance`` of the one before; the objects of each
    cluster in their own order, the clusters in key order."""
    ids: dict[float, int] = {}
    cluster, last = -1, 0.0
    for key in sorted(set(keys)):
        if cluster < 0 or not key <= last + tolerance:
            cluster += 1
        ids[key] = cluster
        last = key
    groups: list[list[Any]] = [[] for _ in range(cluster + 1)]
    for item, key in zip(objects, keys):
        groups[ids[key]].append(item)
    return groups


def cell_text(chars: list[dict[str, Any]]) -> str:
    """``pdfplumber.utils.extract_text(chars)`` with its default settings: the text of
    a cell's characters (pdfplumber char dicts: text, x0, x1, top, upright), lines
    joined by "\\n" and words by " "."""
    if not chars:
        return ""
    for char in chars:
        x0, x1, top = char["x0"], char["x1"], char["top"]
        if char["upright"] is not True or x0 != x0 or x1 != x1 or top != top:
            return str(plumber_utils.extract_text(chars))  # rotated text or NaN: the reference
    x_gap, y_gap = DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE
    words: list[str] = []
    tops: list[float] = []

    def close(word: list[dict[str, Any]]) -> None:
        words.append("".join(LIGATURES.get(c["text"], c["text"] or "") for c in word))
        tops.append(min(c["top"] for c in word))

    for line in _clusters(chars, [c["top"] for c in chars], y_gap):
        line.sort(key=lambda c: c["x0"])
        word: list[dict[str, Any]] = []
        for char in line:
            text = char["text"]
            if text.isspace():
                if word:
                    close(word)
                word = []
            elif text == "":  # pdfplumber's punctuation split: "" is "in" the empty set of marks
                if word:
                    close(word)
                close([char])
                word = []
            elif word and (
                char["x0"] < word[-1]["x0"] or char["x0"] > word[-1]["x1"] + x_gap
                or abs(char["top"] - word[-1]["top"]) > y_gap
            ):
                close(word)
                word = [char]
            else:
                word.append(char)
        if word:
            close(word)
    return "\n".join(" ".join(line) for line in _clusters(words, tops, y_gap))


__all__ = ["CellFinder", "cell_text", "intersections_to_cells"]
