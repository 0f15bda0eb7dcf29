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
  come out as pdfplumber's own reader finds them.

Coordinates follow pdfplumber: points, origin at the top-left of the page's media box
after its ``/Rotate``, ``top`` growing downwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfplumber import utils as plumber_utils
from pdfplumber.table import TableFinder, TableSettings

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
    ``edges``: pdfplumber edge dicts (x0, x1, top, bottom, width, height, orientation).
    """

    objects: int = 0
    edges: list[dict[str, Any]] = field(default_factory=list)


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


def _path_objects(page: Any) -> Iterator[tuple[Any, Matrix]]:
    """Every path object of the page with its matrix to user space, through forms."""
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
    for obj, matrix in _path_objects(handle):
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
    return PageRulings(objects=len(lines) + len(rects) + len(curves), edges=edges)


def page_chars(
    textpage: Any, space: PageSpace, within: Sequence[tuple[float, float, float, float]] | None = None
) -> list[dict[str, Any]]:
    """The characters of a pypdfium2 text page as pdfplumber char dicts (loose boxes,
    which are pdfminer's advance-width x font-size boxes in most fonts).

    pdfium marks a hyphen it takes to end a line as U+0002/U+FFFE: read as "-".  Where
    pdfium replaced a space of the PDF with one of its own (a "generated" space: it does
    so for some real spaces) the space is kept as a word break between its neighbours on
    the line; generated line breaks are left out.  ``within``: only characters whose centre
    lies in one of these boxes (x0, top, x1, bottom), a cheaper read of a page's tables."""
    handle = textpage.raw if hasattr(textpage, "raw") else textpage
    count = pdfium_c.FPDFText_CountChars(handle)
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ctm = space.ctm
    chars: list[dict[str, Any]] = []
    pending_space = kept_previous = False
    for index in range(max(count, 0)):
        code = pdfium_c.FPDFText_GetUnicode(handle, index)
        if pdfium_c.FPDFText_IsGenerated(handle, index) == 1:
            pending_space = pending_space or code == 0x20
            if code in (0x0D, 0x0A):
                pending_space = False
            continue
        text = "-" if code in (0x02, 0xFFFE) else chr(code) if code else ""
        if text in ("\r", "\n", ""):
            pending_space = kept_previous = False
            continue
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, rect)
        (ax, ay), (bx, by) = _apply(ctm, rect.left, rect.bottom), _apply(ctm, rect.right, rect.top)
        left, top = space.point(min(ax, bx), max(ay, by))
        right, bottom = space.point(max(ax, bx), min(ay, by))
        if within is not None:
            mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
            if not any(x0 <= mid_x <= x1 and y0 <= mid_y <= y1 for x0, y0, x1, y1 in within):
                pending_space = False
                kept_previous = False
                continue
        upright = True
        if pdfium_c.FPDFText_GetMatrix(handle, index, matrix):
            ma, mb, mc, md = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, 0.0, 0.0), ctm)[:4]
            upright = 0 < ma * md and mb * mc <= 0
        if pending_space and kept_previous and chars:
            before = chars[-1]
            if before["upright"] and upright and abs(before["top"] - top) < 1.0 and before["x1"] <= left:
                chars.append(dict(before, text=" ", x0=before["x1"], x1=left, width=left - before["x1"]))
        pending_space = False
        kept_previous = True
        chars.append(
            {
                "text": text,
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


Chars = Callable[[Sequence[tuple[float, float, float, float]]], list[dict[str, Any]]]


def find_tables(rulings: PageRulings, chars: Chars, space: PageSpace) -> list[FoundTable]:
    """pdfplumber's ``page.find_tables()`` + ``table.extract()`` over pdfium's objects.

    ``chars(boxes)`` gives the page's characters inside the found tables' boxes; it is
    called only when the rulings make a table."""
    if not rulings.edges:
        return []
    page = _StandInPage(rulings.edges, space)
    tables = TableFinder(page, _SETTINGS).tables  # type: ignore[arg-type]
    if not tables:
        return []
    page.chars = chars([tuple(table.bbox) for table in tables])  # type: ignore[misc]
    return [FoundTable(rows=table.extract(), bbox=tuple(table.bbox)) for table in tables]  # type: ignore[arg-type]
