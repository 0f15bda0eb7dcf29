"""One page image read by Tesseract: positioned words with confidences, and ruling lines.

:func:`read_image` takes a page rendered to an image and gives an :class:`OcrPage`:
the image is cleaned (specks out) and turned level (the angle from Tesseract's layout
analysis), its ruling lines are found and whited out, Tesseract reads it, words it was
unsure of are read again on their own, and systematic misreadings are fixed (a bar for
"I", a bullet read as "e").  Words come back in PDF points from the page's top left,
placed on their text line, so the PDF readers' line and table building take them as
they take a text layer's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

    from pipeline.ingest.pdf import Word

DPI = 300  # Tesseract reads best with letters ~20-30 px high: 10 pt at 300 dpi
MAX_PIXELS = 16_000_000  # a larger page (a plan, a poster) is rendered at a lower resolution
READ_AGAIN_BELOW = 0.80  # a word read with less confidence is read again on its own


@dataclass
class OcrPage:
    """What Tesseract read on one page: words (PDF points, top-left origin, ``conf``
    0-1) and the ruling lines seen in the image as path boxes (PDF space: left, bottom,
    right, top), ready for :func:`pipeline.ingest.ruling.segments_from_boxes`."""

    words: list[Word] = field(default_factory=list)
    rulings: list[tuple[float, float, float, float]] = field(default_factory=list)
    skew_degrees: float = 0.0


def render_scale(width_pt: float, height_pt: float, dpi: int = DPI) -> float:
    """Pixels per point for rendering a page: ``dpi``/72, less for a very large page."""
    scale = dpi / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PIXELS:
        scale *= math.sqrt(MAX_PIXELS / pixels)
    return scale


def _deskew(api: Any, image: Image) -> tuple[Image, float]:
    """The image turned so its text lines run level (Tesseract's layout analysis of a
    half-size copy gives the angle: a quarter of the work, as good to ~0.2 degrees), and
    the angle in degrees."""
    api.SetImage(image.reduce(2) if min(image.size) >= 1000 else image)
    layout = api.AnalyseLayout()
    if layout is None:
        return image, 0.0
    _, _, _, angle = layout.Orientation()
    degrees = math.degrees(angle)
    if abs(degrees) < 0.05 or abs(degrees) > 10:
        return image, 0.0
    return image.rotate(degrees, resample=3, fillcolor=255), degrees  # 3: bicubic


def read_image(api: Any, image: Image, scale: float, page_height: float) -> OcrPage:
    """OCR one page image rendered at ``scale`` pixels per point.

    The image is turned level, its ruling lines are found (and whited out, so Tesseract
    does not read them as letters), then each word is placed at its own x extent and at
    its text line's height: from the baseline up by the line's row height, and down by
    its descenders, so the words of one printed line share a row as a text layer's do.
    ``api`` is a tesserocr ``PyTessBaseAPI`` (:func:`pipeline.ingest.ocr.tesseract`)."""
    from PIL import ImageFilter
    from tesserocr import RIL, iterate_level

    from pipeline.ingest.pdf import Word

    gray = image.convert("L")
    if scale * 72 >= 150:  # specks (a scanner's dust) out; a printed full stop is bigger
        gray = gray.filter(ImageFilter.MedianFilter(3))
    gray, skew = _deskew(api, gray)
    rulings, gray = _rulings(gray, scale, page_height)
    api.SetImage(gray)
    api.SetSourceResolution(max(70, round(scale * 72)))
    api.Recognize()
    found: list[Read] = []
    line: tuple[float, float, float] | None = None
    line_number = 0
    iterator = api.GetIterator()
    for item in iterate_level(iterator, RIL.WORD):
        if item.BlockType() not in _TEXT_BLOCKS:
            continue  # a picture, a rule or noise: no words, no row (see _line_shape)
        if item.IsAtBeginningOf(RIL.TEXTLINE) or line is None:
            line = _line_shape(item)
            line_number += 1
        try:
            text = "".join((item.GetUTF8Text(RIL.WORD) or "").split())
        except RuntimeError:  # tesserocr's "No text returned"
            continue
        box = item.BoundingBox(RIL.WORD)
        if not text or not box:
            continue
        baseline, above, below = line
        top, bottom = (baseline - above, baseline + below) if above > 0 else (box[1], box[3])
        found.append(Read(text, box, top, bottom, item.Confidence(RIL.WORD) / 100, line_number, baseline))
    _even_heights(found)
    for read in found:
        if read.conf < READ_AGAIN_BELOW:
            read.text, read.conf = _read_again(api, gray, read.box, read.text, read.conf)
    api.Clear()
    words = []
    for read in tidy(found):
        conf = round(max(0.0, min(1.0, read.conf)), 3)
        words.append(Word(read.text, read.box[0] / scale, read.box[2] / scale, read.top / scale, read.bottom / scale, conf=conf))
    return OcrPage(words=words, rulings=rulings, skew_degrees=round(skew, 2))


@dataclass
class Read:
    """A word as Tesseract read it: pixel box, its line's top, bottom and baseline, and
    confidence 0-1."""

    text: str
    box: tuple[int, int, int, int]
    top: float
    bottom: float
    conf: float
    line: int
    baseline: float = 0.0


def _even_heights(found: list[Read]) -> None:
    """A line much taller than the page's usual (big handwriting on a form) is given the
    usual height about its baseline, so it does not swallow the printed line below it
    when lines are built from the words' tops."""
    heights = sorted(r.bottom - r.top for r in found)
    if not heights:
        return
    usual = heights[len(heights) // 2]
    for read in found:
        if read.bottom - read.top > 1.5 * usual and read.baseline:
            read.top, read.bottom = read.baseline - 0.8 * usual, read.baseline + 0.2 * usual


# what a ruling line or a speck reads as when Tesseract takes it for a word
_RULE_MARK = re.compile(r"[|_~¦]+|[‘’'`,.:;]")
# a figure with letters that look like digits: "14,75I", "2O22", "£1,O00"
_FIGURE = re.compile(r"[£$€(]?[\dIl|Oo](?:[\dIl|Oo,.]*[\dIl|Oo])?[)%]?[.,;:]?")
_AS_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "o": "0"})
# what a bullet reads as ("•" is not in Tesseract's usual English output)
_BULLET_LOOKALIKES = frozenset({"e", "o", "¢", "©", "®", "«", "»", "°", "*", "+", "•", "·", "@"})


def tidy(found: list[Read]) -> list[Read]:
    """Fix what Tesseract reads systematically wrong in council papers: a bar inside a word
    is a letter drawn as a plain stroke ("l" after a small letter, else "I"); in a figure,
    "I", "l" and "|" are 1 and "O", "o" are 0 ("14,75I" is 14,751); a lone mark (a
    ruling's remains, a speck) is dropped; a bullet (read as "e", "¢", "©", ...) that
    starts a line, set apart from its text, is "•" again."""
    kept: list[Read] = []
    for read in found:
        if _FIGURE.fullmatch(read.text) and sum(c.isdigit() for c in read.text) >= 2:
            read.text = read.text.translate(_AS_DIGITS)
        if "|" in read.text and read.text.strip("|"):
            read.text = re.sub(r"\|", "I", re.sub(r"(?<=[a-z])\|", "l", read.text))
        if not _RULE_MARK.fullmatch(read.text):
            kept.append(read)
    for i, (read, after) in enumerate(pairwise(kept)):
        starts_line = i == 0 or kept[i - 1].line != read.line
        set_apart = after.box[0] - read.box[2] > 0.5 * (read.bottom - read.top)
        if starts_line and read.line == after.line and read.text in _BULLET_LOOKALIKES and set_apart:
            read.text = "•"
    return kept


def _read_again(api: Any, image: Image, box: tuple[int, int, int, int], text: str, conf: float) -> tuple[str, float]:
    """A word Tesseract was unsure of, read again on its own (cut out tight and less tight,
    with a white border, as one line: a figure alone in a table cell often reads better so);
    the reading Tesseract is surest of."""
    from PIL import ImageOps
    from tesserocr import PSM

    x0, y0, x1, y1 = box
    best = (conf, text)
    for pad in (2, max(3, (y1 - y0) // 4)):
        crop = image.crop((max(0, x0 - pad), max(0, y0 - pad), min(image.width, x1 + pad), min(image.height, y1 + pad)))
        crop = ImageOps.expand(crop, border=10, fill=255)
        api.SetPageSegMode(PSM.SINGLE_LINE)  # (single-word mode guesses wildly at short words)
        api.SetImage(crop)
        again = "".join((api.GetUTF8Text() or "").split())
        again_conf = api.MeanTextConf() / 100
        if again and not _RULE_MARK.fullmatch(again) and again_conf > best[0]:
            best = (again_conf, again)
    api.SetPageSegMode(PSM.AUTO)
    return best[1], best[0]



# Tesseract's block types that hold rows of text (PT_FLOWING_TEXT, PT_HEADING_TEXT,
# PT_PULLOUT_TEXT, PT_EQUATION, PT_INLINE_EQUATION, PT_TABLE, PT_VERTICAL_TEXT,
# PT_CAPTION_TEXT); the others (unknown, images, rules, noise) have none
_TEXT_BLOCKS = frozenset({1, 2, 3, 4, 5, 6, 7, 8})


def _line_shape(item: Any) -> tuple[float, float, float]:
    """A text line's baseline (its height in the image, at the middle of the line) and
    how far its letters reach above it (the row height less the descenders) and below it
    (the descenders); (bottom, 0, 0) where Tesseract gives no baseline."""
    from tesserocr import RIL

    box = item.BoundingBox(RIL.TEXTLINE)
    if not box or item.BlockType() not in _TEXT_BLOCKS:
        # a piece of a picture or a rule, which has no text row: Tesseract's row
        # attributes would read through a null row (a crash, not an error)
        word = item.BoundingBox(RIL.WORD) or box or (0, 0, 0, 0)
        return float(word[3]), 0.0, 0.0
    baseline = item.Baseline(RIL.TEXTLINE)
    attributes = item.RowAttributes() or {}
    height = float(attributes.get("row_height", 0.0))
    descent = abs(float(attributes.get("descenders", 0.0)))
    if not baseline or height <= 0:
        return float(box[3]), 0.0, 0.0
    (_, y0), (_, y1) = baseline
    return (y0 + y1) / 2, height - descent, descent


def _rulings(image: Image, scale: float, page_height: float) -> tuple[list[tuple[float, float, float, float]], Image]:
    """The ruling lines of a page image (see :func:`image_rulings`) and the image with
    them whited out."""
    from PIL import ImageDraw

    boxes = image_rulings(image, scale, page_height)
    if not boxes:
        return boxes, image
    cleaned = image.copy()
    draw = ImageDraw.Draw(cleaned)
    for left, bottom, right, top in boxes:
        y0, y1 = (page_height - top) * scale, (page_height - bottom) * scale
        draw.rectangle((left * scale - 1, y0 - 1, right * scale + 1, y1 + 1), fill=255)
    return boxes, cleaned


def image_rulings(image: Image, scale: float, page_height: float) -> list[tuple[float, float, float, float]]:
    """Ruling lines drawn in a page image (a scanned table's grid), as thin path boxes in
    PDF space (left, bottom, right, top), the way pypdfium2 reports a text PDF's lines.

    A ruling is a run of dark pixels at least 1/3 inch long in one row (or column), gaps
    of up to 1/100 inch (specks, breaks in the toner) bridged; runs in neighbouring rows
    that overlap are one line, at most 3 points thick, and pieces of one line that nearly
    meet are joined first; a line must be dark along 90% of its length (the strokes of a
    row of bold letters are not)."""
    import numpy as np

    dark = np.asarray(image.convert("L")) < 128
    least = max(20, int(scale * 24))  # 1/3 inch
    bridge = max(1, int(scale * 0.72))  # 1/100 inch
    boxes: list[tuple[float, float, float, float]] = []
    for horizontal in (True, False):
        grid = dark if horizontal else dark.T
        pieces = _merge_runs(_runs(grid, least // 4, bridge))  # a line broken by specks comes in pieces
        for first, last, start, end in _join_lines(pieces, bridge):
            if end - start < least or last - first > max(4, scale * 3):  # short, or a filled area
                continue
            if grid[first : last + 1, start:end].any(axis=0).mean() < 0.9:  # letters' strokes in a row
                continue
            if horizontal:
                x0, x1, y0, y1 = start / scale, end / scale, first / scale, (last + 1) / scale
            else:
                x0, x1, y0, y1 = first / scale, (last + 1) / scale, start / scale, end / scale
            boxes.append((x0, page_height - y1, x1, page_height - y0))
    return boxes


def _runs(grid: Any, least: int, bridge: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of True at least ``least`` long, row by row, with
    gaps of up to ``bridge`` pixels closed (a dilation then an erosion along the row)."""
    import numpy as np

    width = grid.shape[1]
    sums = np.zeros((grid.shape[0], width + 2 * bridge + 1), dtype=np.int32)
    np.cumsum(grid, axis=1, out=sums[:, bridge + 1 : bridge + 1 + width])
    sums[:, bridge + 1 + width :] = sums[:, bridge + width : bridge + 1 + width]
    # dilated[x] = any dark pixel in [x - bridge, x + bridge]
    dilated = (sums[:, 2 * bridge + 1 :] - sums[:, : width]) > 0
    padded = np.zeros((grid.shape[0], width + 2), dtype=np.int8)
    padded[:, 1:-1] = dilated
    edges = np.diff(padded, axis=1)
    rows_s, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    keep = (ends - starts) >= least + 2 * bridge
    starts, ends = starts[keep] + bridge, ends[keep] - bridge  # undo the dilation at the ends
    starts, ends = np.maximum(starts, 0), np.minimum(ends, width)
    return list(zip(rows_s[keep].tolist(), starts.tolist(), ends.tolist()))


def _merge_runs(runs: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Runs in consecutive rows that overlap, merged: (first row, last row, start, end)."""
    open_lines: list[list[int]] = []  # [first, last, start, end]
    done: list[tuple[int, int, int, int]] = []
    for row, start, end in sorted(runs):
        still = []
        for line in open_lines:
            if line[1] < row - 1:
                done.append((line[0], line[1], line[2], line[3]))
            else:
                still.append(line)
        open_lines = still
        for line in open_lines:
            if line[1] in (row - 1, row) and start < line[3] and line[2] < end:
                line[1] = row
                line[2], line[3] = min(line[2], start), max(line[3], end)
                break
        else:
            open_lines.append([row, row, start, end])
    done.extend((a, b, c, d) for a, b, c, d in open_lines)
    return done


def _join_lines(lines: list[tuple[int, int, int, int]], bridge: int) -> list[tuple[int, int, int, int]]:
    """Pieces of one ruling (a slightly tilted or broken line gives several) joined: pieces
    whose rows touch and whose extents overlap or nearly meet become one."""
    joined: list[list[int]] = []
    for first, last, start, end in sorted(lines, key=lambda line: (line[2], line[0])):
        for line in joined:
            if first <= line[1] + 2 and line[0] <= last + 2 and start <= line[3] + 4 * bridge and line[2] <= end + 4 * bridge:
                line[0], line[1] = min(line[0], first), max(line[1], last)
                line[2], line[3] = min(line[2], start), max(line[3], end)
                break
        else:
            joined.append([first, last, start, end])
    return [(a, b, c, d) for a, b, c, d in joined]
