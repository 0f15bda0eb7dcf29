"""Ruled tables from a page's ruling lines and positioned words, without pdfminer.

pdfplumber finds the same tables but must parse the whole page first (~100 ms for a
dense page); this reads the ruling paths pypdfium2 already has and the words the fast
reader already placed (~1 ms).  It handles what a word processor draws: a full grid of
lines (or of cell rectangles).  Anything else, merged cells, partial rulings, returns
``None`` and the caller asks pdfplumber instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOLERANCE = 3.0  # points: lines this close are the same line
THIN = 3.0  # points: a path thinner than this is a line, else a rectangle's edges


@dataclass(frozen=True)
class Segment:
    horizontal: bool
    at: float  # y for a horizontal line, x for a vertical one (top-down page space)
    start: float
    end: float


@dataclass(frozen=True)
class Grid:
    xs: list[float]
    ys: list[float]


def segments_from_boxes(boxes: Sequence[tuple[float, float, float, float]], page_height: float) -> list[Segment]:
    """Ruling segments from path bounding boxes (PDF space: left, bottom, right, top)."""
    segments: list[Segment] = []
    for left, bottom, right, top in boxes:
        y0, y1 = page_height - top, page_height - bottom
        width, height = right - left, y1 - y0
        if width < THIN and height < THIN:
            continue
        if height < THIN:
            segments.append(Segment(True, (y0 + y1) / 2, left, right))
        elif width < THIN:
            segments.append(Segment(False, (left + right) / 2, y0, y1))
        else:
            segments += [
                Segment(True, y0, left, right),
                Segment(True, y1, left, right),
                Segment(False, left, y0, y1),
                Segment(False, right, y0, y1),
            ]
    return segments


def _touch(a: Segment, b: Segment) -> bool:
    if a.horizontal == b.horizontal:
        return abs(a.at - b.at) <= TOLERANCE and a.start <= b.end + TOLERANCE and b.start <= a.end + TOLERANCE
    h, v = (a, b) if a.horizontal else (b, a)
    return h.start - TOLERANCE <= v.at <= h.end + TOLERANCE and v.start - TOLERANCE <= h.at <= v.end + TOLERANCE


def _components(segments: list[Segment]) -> list[list[Segment]]:
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(segments)):
        for j in range(i + 1, len(segments)):
            if _touch(segments[i], segments[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(find(i), []).append(segment)
    return list(groups.values())


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= TOLERANCE:
            continue
        out.append(value)
    return out


def grids(segments: list[Segment]) -> list[Grid] | None:
    """Full grids in reading order; None when some ruling is not a plain full grid."""
    found: list[Grid] = []
    for group in _components(segments):
        horizontal = [s for s in group if s.horizontal]
        vertical = [s for s in group if not s.horizontal]
        if len(horizontal) < 2 or len(vertical) < 2:
            if len(group) >= 2:
                return None  # rulings that do not make a grid: let pdfplumber judge
            continue
        ys = _cluster([s.at for s in horizontal])
        xs = _cluster([s.at for s in vertical])
        if len(xs) < 2 or len(ys) < 2:
            return None
        for s in horizontal:
            if s.start > xs[0] + TOLERANCE or s.end < xs[-1] - TOLERANCE:
                return None
        for s in vertical:
            if s.start > ys[0] + TOLERANCE or s.end < ys[-1] - TOLERANCE:
                return None
        found.append(Grid(xs=xs, ys=ys))
    return sorted(found, key=lambda g: (g.ys[0], g.xs[0]))


def cell_text(words: Sequence[tuple[str, float, float, float, float]]) -> str:
    """Words of one cell in reading order, white space collapsed."""
    ordered = sorted(words, key=lambda w: (round(w[3], 0), w[1]))
    return " ".join(w[0] for w in ordered)
