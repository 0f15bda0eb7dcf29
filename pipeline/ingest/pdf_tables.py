"""Ruled tables at pdfium speed: pdfplumber's table algorithm fed from pypdfium2's objects.

pdfplumber finds tables from a page's ruling edges (lines, rectangles, including shaded
cell fills, and straight curve segments) and reads each cell's characters; to get those
it parses the whole page with pdfminer (~0.4 s for a dense page).  This module builds the
same inputs from what pypdfium2 already has (~1-5 ms a page):

* :func:`page_rulings` walks the page's path objects (through form XObjects), splits each
  painted path into sub-paths and classifies them exactly as pdfminer does (a two-point
  sub-path is a line, a closed axis-aligned four-sided one a rectangle, anything else a
  curve), then turns them into pdfplumber's edge dicts with pdfplumber's own helpers;
* :func:`page_chars` gives the text page's characters as pdfplumber's char dicts (box,
  text, upright), skipping the spaces and line breaks pdfium generates;
* :func:`find_tables` runs :class:`pdfplumber.table.TableFinder` over a stand-in page
  holding those edges and characters, so merged cells, partial rulings and shaded rows
  come out as pdfplumber's own reader finds them (two of its steps, the cells at the
  rulings' intersections and each cell's text, in :mod:`pipeline.ingest.table_cells`:
  the same results, faster).

Coordinates follow pdfplumber: points, origin at the top-left of the page's media box
after its ``/Rotate``, ``top`` growing downwards.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfplumber import utils as plumber_utils
from pdfplumber.table import TableSettings

from pipeline.ingest.pdfium_calls import address_of, text_calls
from pipeline.ingest.table_cells import CellFinder, cell_text

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_FORM_DEPTH = 15  # nested form XObjects followed (pdfminer follows all)
_SUBPATH = re.compile(r"m[^m]+")
_SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults: the "lines" strategy


@dataclass(frozen=True)
class PageSpace:
    """Maps PDF user space to pdfplumber's page space, as pdfminer + pdfplumber do.

    ``ctm`` is pdfminer's initial matrix for the page (rotation, media box origin);
    ``x_shift``/``height``/``top_shift`` are pdfplumber's flip to a top-left origin.
    """

    ctm: Matrix
    x_shift: float
    height: float
    top_shift: float

    @classmethod
    def of(cls, mediabox: tuple[float, float, float, float], rotation: int) -> "PageSpace":
        """The space of a page with ``mediabox`` (left, bottom, right, top as in the PDF)
        and ``/Rotate`` ``rotation`` (degrees)."""
        x0, y0, x1, y1 = mediabox
        rotation %= 360
        if rotation == 90:
            ctm: Matrix = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif rotation == 180:
            ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif rotation == 270:
            ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        left, right = sorted((x0, x1))
        low, high = sorted((y0, y1))
        if rotation in (90, 270):
            left, low, right, high = low, left, high, right
        height = high - low
        return cls(ctm=ctm, x_shift=left, height=height, top_shift=height - high)

    def point(self, x: float, y: float) -> Point:
        """A device-space point (after :attr:`ctm`) in pdfplumber's (x, top)."""
        return (self.x_shift + x, self.top_shift + self.height - y)


@dataclass
class PageRulings:
    """A page's ruling objects as pdfplumber sees them.

    ``objects``: how many lines, rectangles and curves pdfminer would report;
    ``edges``: pdfplumber edge dicts (x0, x1, top, bottom, width, height, orientation);
    ``images``: image objects met on the way (through forms).
    """

    objects: int = 0
    edges: list[dict[str, Any]] = field(default_factory=list)
    images: int = 0


def _multiply(m1: Matrix, m0: Matrix) -> Matrix:
    """``m1`` then ``m0`` (pdfminer's mult_matrix)."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _apply(m: Matrix, x: float, y: float) -> Point:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _object_matrix(obj: Any) -> Matrix:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _path_objects(page: Any, images: list[int] | None = None) -> Iterator[tuple[Any, Matrix]]:
    """Every path object of the page with its matrix to user space, through forms
    (``images[0]`` counts the image objects passed)."""
    stack: list[tuple[Any, bool, Matrix, int]] = [(page, False, IDENTITY, 0)]
    while stack:
        parent, is_form, outer, depth = stack.pop()
        count = (pdfium_c.FPDFFormObj_CountObjects if is_form else pdfium_c.FPDFPage_CountObjects)(parent)
        get = pdfium_c.FPDFFormObj_GetObject if is_form else pdfium_c.FPDFPage_GetObject
        nested = []
        for index in range(max(count, 0)):
            obj = get(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, _multiply(_object_matrix(obj), outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and images is not None:
                images[0] += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                nested.append((obj, True, _multiply(_object_matrix(obj), outer), depth + 1))
        stack.extend(reversed(nested))


def _segments(obj: Any) -> tuple[str, list[Point]]:
    """A path object as pdfminer's shape string (m, l, c, h) and each operator's end point
    (untransformed).  pdfium stores a Bézier as three points and marks ``h`` on the point
    that closes the figure (adding a line back to the start when it is not there)."""
    shape: list[str] = []
    points: list[Point] = []
    x, y = pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT()
    count = pdfium_c.FPDFPath_CountSegments(obj)
    bezier = 0
    start: Point | None = None
    for index in range(max(count, 0)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = (float(x.value), float(y.value))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        closes = bool(pdfium_c.FPDFPathSegment_GetClose(segment))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            shape.append("m")
            points.append(point)
            start = point
            bezier = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier < 3:
                continue
            bezier = 0
            shape.append("c")
            points.append(point)
        else:
            shape.append("l")
            points.append(point)
        if closes and start is not None:
            if shape[-1] == "l" and point == start and len(shape) > 2:
                # pdfminer keeps "h" alone where pdfium drew the closing line
                shape[-1] = "h"
            else:
                shape.append("h")
                points.append(start)
    return "".join(shape), points


def _subpath_objects(shape: str, points: list[Point]) -> Iterator[tuple[str, list[Point]]]:
    """pdfminer's paint_path: one (kind, device points) per sub-path, kind line/rect/curve."""
    for match in _SUBPATH.finditer(shape):
        part, pts = match.group(0), points[match.start():match.end()]
        if len(part) > 3 and part[-2:] == "lh" and pts[-2] == pts[0]:
            part = part[:-2] + "h"
            pts = pts[:-2] + pts[-1:]
        if part in ("mlh", "ml"):
            yield "line", pts[:2]
        elif part in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            closed = pts[0] == pts[4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            yield ("rect" if closed and square else "curve"), pts
        else:
            yield "curve", pts


def _plumber_object(kind: str, pts: list[Point], space: PageSpace) -> dict[str, Any]:
    """A pdfplumber line/rect/curve dict from device points."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    if kind == "rect":
        # LTRect keeps only the two opposite corners pts[0], pts[2]
        xs, ys = [pts[0][0], pts[2][0]], [pts[0][1], pts[2][1]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    left, top = space.point(x0, y1)
    right, bottom = space.point(x1, y0)
    obj: dict[str, Any] = {
        "object_type": kind,
        "x0": left,
        "x1": right,
        "y0": y0,
        "y1": y1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": y1 - y0,
    }
    if kind == "curve":
        obj["pts"] = [space.point(x, y) for x, y in pts]
    return obj


def page_rulings(page: Any, space: PageSpace) -> PageRulings:
    """The ruling objects and edges of a pypdfium2 page (open), as pdfplumber gets them."""
    lines: list[dict[str, Any]] = []
    rects: list[dict[str, Any]] = []
    curves: list[dict[str, Any]] = []
    sinks = {"line": lines, "rect": rects, "curve": curves}
    handle = page.raw if hasattr(page, "raw") else page
    images = [0]
    for obj, matrix in _path_objects(handle, images):
        shape, points = _segments(obj)
        if not shape.startswith("m"):
            continue
        to_device = _multiply(matrix, space.ctm)
        device = [_apply(to_device, x, y) for x, y in points]
        for kind, pts in _subpath_objects(shape, device):
            sinks[kind].append(_plumber_object(kind, pts, space))
    edges = [plumber_utils.line_to_edge(line) for line in lines]
    for rect in rects:
        edges += plumber_utils.rect_to_edges(rect)
    for curve in curves:
        edges += plumber_utils.curve_to_edges(curve)
    return PageRulings(objects=len(lines) + len(rects) + len(curves), edges=edges, images=images[0])


_RUN = re.compile(r"\S+")
try:  # the band filter of page_chars, compiled (setup.py builds it where a C compiler is found)
    from pipeline.ingest._words import wanted_runs as compiled_runs
except ImportError:  # pragma: no cover - a build without a C compiler
    compiled_runs = None


def _space_between(before: dict[str, Any], box: tuple[float, float, float, float], upright: bool) -> dict[str, Any] | None:
    """A space char in the gap between ``before`` and the next character's ``box`` on the
    same line (either reading direction), or None when they overlap or change line."""
    left, top, right, bottom = box
    if before["upright"] != upright:
        return None
    if upright:
        if abs(before["top"] - top) >= 1.0:
            return None
        if before["x1"] <= left:
            return dict(before, text=" ", x0=before["x1"], x1=left, width=left - before["x1"])
        if right <= before["x0"]:
            return dict(before, text=" ", x0=right, x1=before["x0"], width=before["x0"] - right)
        return None
    if abs(before["x0"] - left) >= 1.0:
        return None
    if before["bottom"] <= top:
        return dict(before, text=" ", top=before["bottom"], bottom=top, doctop=before["bottom"], height=top - before["bottom"])
    if bottom <= before["top"]:
        return dict(before, text=" ", top=bottom, bottom=before["top"], doctop=bottom, height=before["top"] - bottom)
    return None


def page_chars(
    textpage: Any, space: PageSpace, within: Sequence[tuple[float, float, float, float]] | None = None
) -> list[dict[str, Any]]:
    """The characters of a pypdfium2 text page as pdfplumber char dicts (loose boxes,
    which are pdfminer's advance-width x font-size boxes in most fonts).

    pdfium marks a hyphen it takes to end a line as U+0002/U+FFFE: read as "-".  White
    space between two runs of characters on one line (a space of the PDF or one pdfium
    generated where it replaced a space of the PDF) becomes one space char between them:
    a word break, as pdfplumber reads a space.  ``within``: only runs with an end whose
    centre lies in the vertical span of one of these boxes (x0, top, x1, bottom) are
    read, two box look-ups per run elsewhere."""
    handle = textpage.raw if hasattr(textpage, "raw") else textpage
    count = pdfium_c.FPDFText_CountChars(handle)
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count) if hasattr(textpage, "get_text_range") else ""
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(handle, i) or 0xFFFF) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ctm = space.ctm
    bands = [(top - 1.0, bottom + 1.0) for _, top, _, bottom in within] if within is not None else None

    calls = text_calls()
    page, rect_at, matrix_at = address_of(handle), ctypes.addressof(rect), ctypes.addressof(matrix)
    loose_box, is_generated, char_matrix = calls.loose_char_box, calls.is_generated, calls.char_matrix
    if ctm[:4] == (1.0, 0.0, 0.0, 1.0):  # unrotated: the same sums, fewer calls
        e, f, x_shift, down = ctm[4], ctm[5], space.x_shift, space.top_shift + space.height

        def box(index: int) -> tuple[float, float, float, float]:
            loose_box(page, index, rect_at)
            ax, bx, ay, by = rect.left + e, rect.right + e, rect.bottom + f, rect.top + f
            return x_shift + min(ax, bx), down - max(ay, by), x_shift + max(ax, bx), down - min(ay, by)

    else:

        def box(index: int) -> tuple[float, float, float, float]:
            loose_box(page, index, rect_at)
            (ax, ay), (bx, by) = _apply(ctm, rect.left, rect.bottom), _apply(ctm, rect.right, rect.top)
            left, top = space.point(min(ax, bx), max(ay, by))
            right, bottom = space.point(max(ax, bx), min(ay, by))
            return left, top, right, bottom

    def wanted(index: int) -> bool:
        _, top, _, bottom = box(index)
        middle = (top + bottom) / 2  # a table takes a character by its centre
        return any(low <= middle <= high for low, high in bands)  # type: ignore[union-attr]

    runs: Iterable[tuple[int, int]]
    if bands is not None and ctm[:4] == (1.0, 0.0, 0.0, 1.0) and compiled_runs is not None:
        # the band filter (two box look-ups per run of the page) in one compiled call
        runs = compiled_runs(text, page, address_of(loose_box), ctm[5], space.top_shift + space.height, bands)
        bands = None
    else:
        runs = (run.span() for run in _RUN.finditer(text))
    chars: list[dict[str, Any]] = []
    previous_end = -1
    for first, end in runs:
        last = end - 1
        if bands is not None and not (wanted(first) or (last != first and wanted(last))):
            continue
        gap = text[previous_end:first] if previous_end >= 0 else ""
        previous_end = end
        start_of_run = len(chars)
        for index in range(first, last + 1):
            if is_generated(page, index) == 1:
                continue
            code = ord(text[index])
            char = "-" if code in (0x02, 0xFFFE) else text[index]
            left, top, right, bottom = box(index)
            upright = True
            if char_matrix(page, index, matrix_at):
                ma, mb, mc, md = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, 0.0, 0.0), ctm)[:4]
                upright = 0 < ma * md and mb * mc <= 0
            if index == first and gap and start_of_run and not ("\r" in gap or "\n" in gap):
                space_char = _space_between(chars[-1], (left, top, right, bottom), upright)
                if space_char:
                    chars.append(space_char)
            chars.append(
                {
                    "text": char,
                    "x0": left,
                    "x1": right,
                    "top": top,
                    "bottom": bottom,
                    "doctop": top,
                    "width": right - left,
                    "height": bottom - top,
                    "upright": upright,
                    "size": bottom - top,
                }
            )
    return chars


class _StandInPage:
    """What :class:`TableFinder` and :meth:`Table.extract` read from a pdfplumber page."""

    def __init__(self, edges: list[dict[str, Any]], space: PageSpace) -> None:
        self.edges = edges
        self.chars: list[dict[str, Any]] = []
        self.bbox = (space.x_shift, space.top_shift, space.x_shift + space.height * 4, space.top_shift + space.height)


@dataclass(frozen=True)
class FoundTable:
    """A table as pdfplumber's reader returns it: rows of cell texts (None where a merged
    cell covers the slot) and its bounding box (x0, top, x1, bottom) in points."""

    rows: list[list[str | None]]
    bbox: tuple[float, float, float, float]
    xs: tuple[float, ...] = ()  # every column edge, left to right
    ys: tuple[float, ...] = ()  # every row's top, then the table's bottom


Chars = Callable[[Sequence[tuple[float, float, float, float]]], list[dict[str, Any]]]


def _extract(table: Any, chars: list[dict[str, Any]]) -> list[list[str | None]]:
    """pdfplumber's ``Table.extract()`` (a character belongs to the row and cell its
    centre falls in, half-open boxes; cell text as ``utils.extract_text`` gives it, by
    :func:`~pipeline.ingest.table_cells.cell_text`), with the
    characters sorted once so each row takes only its own."""
    centred = sorted(
        ((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, n, c) for n, c in enumerate(chars)
    )
    mids = [v for v, _, _, _ in centred]
    rows: list[list[str | None]] = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        lo, hi = bisect_left(mids, top), bisect_left(mids, bottom)
        in_row = [(h, n, c) for v, h, n, c in centred[lo:hi] if x0 <= h < x1]
        in_row.sort(key=lambda item: item[1])  # the page's own order, as pdfplumber keeps it
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            found = [c for h, _, c in in_row if cx0 <= h < cx1 and ctop <= (c["top"] + c["bottom"]) / 2 < cbottom]
            cells.append(cell_text(found) if found else "")
        rows.append(cells)
    return rows


def _may_hold_a_table(edges: list[dict[str, Any]]) -> bool:
    """At least two horizontal and two vertical edges long enough to count."""
    minimum = _SETTINGS.edge_min_length_prefilter
    h = sum(1 for e in edges if e["orientation"] == "h" and e["width"] >= minimum)
    v = sum(1 for e in edges if e["orientation"] == "v" and e["height"] >= minimum)
    return h >= 2 and v >= 2


def find_tables(rulings: PageRulings, chars: Chars, space: PageSpace) -> list[FoundTable]:
    """pdfplumber's ``page.find_tables()`` + ``table.extract()`` over pdfium's objects.

    ``chars(boxes)`` gives the page's characters inside the found tables' boxes; it is
    called only when the rulings make a table."""
    if not _may_hold_a_table(rulings.edges):
        return []
    page = _StandInPage(rulings.edges, space)
    tables = CellFinder(page, _SETTINGS).tables
    if not tables:
        return []
    page.chars = chars([tuple(table.bbox) for table in tables])  # type: ignore[misc]
    return [
        FoundTable(
            rows=_extract(table, page.chars),
            bbox=tuple(table.bbox),  # type: ignore[arg-type]
            xs=tuple(sorted({round(float(c[0]), 1) for c in table.cells} | {round(float(table.bbox[2]), 1)})),
            ys=tuple([round(float(r.bbox[1]), 1) for r in table.rows] + [round(float(table.bbox[3]), 1)]),
        )
        for table in tables
    ]
