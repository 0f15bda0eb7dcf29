"""A PDF's pages as images, and where its page furniture is printed (pypdfium2).

``render_pages(path, dpi)`` rasterises every page (greyscale PNG, ``data:`` URI) and says
which part of the page's coordinate space the image covers; ``locate_furniture(path,
blocks)`` finds the running headers, footers and page numbers that normalisation kept out
of the text (so they have no span and no line geometry) by searching each page's text
layer for them.

Coordinates are those of ``schemas.structure.TextLine``: PDF points from the top left of
the displayed page (its /Rotate applied), measured on the media box.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PapertrailError
from pipeline.ingest.pdf import PageFrame
from pipeline.structure.boxes import PageBox
from schemas.structure import Block

__all__ = ["PageImage", "PageImageError", "locate_furniture", "render_pages"]


class PageImageError(PapertrailError):
    """A PDF's pages could not be rendered as images."""

    code = "E400"


@dataclass(frozen=True)
class PageImage:
    """One rendered page.  The image covers ``x, y, width, height`` (points, displayed
    page, media-box origin): the crop box, which is what a viewer shows."""

    number: int
    x: float
    y: float
    width: float
    height: float
    pixels: tuple[int, int]
    data_uri: str


@contextmanager
def _open(path: Path) -> Iterator[Any]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise PageImageError(f"cannot render {path.name}: {' '.join(str(error).split())[:120]}") from error
    try:
        yield document
    finally:
        document.close()


def _frame(page: Any) -> PageFrame:
    return PageFrame(tuple(page.get_mediabox()), page.get_rotation())  # type: ignore[arg-type]


def render_pages(path: Path, *, dpi: int = 100) -> list[PageImage]:
    """Every page of the PDF at ``path`` as a greyscale PNG at ``dpi`` dots per inch.

    Raises :class:`PageImageError` when the file cannot be opened or a page not drawn."""
    from PIL import Image

    import pypdfium2 as pdfium

    scale = dpi / 72
    images: list[PageImage] = []
    with _open(path) as document:
        for index in range(len(document)):
            page = document[index]
            try:
                media = _frame(page)
                crop = PageFrame(tuple(page.get_cropbox()), page.get_rotation())  # type: ignore[arg-type]
                # the same user-space point in both frames: the crop box's offset on the page
                mx, my = media.point(crop.x0, crop.y0)
                cx, cy = crop.point(crop.x0, crop.y0)
                width, height = page.get_size()
                bitmap = page.render(scale=scale, grayscale=True)
                picture: Image.Image = bitmap.to_pil().convert("L")
            except pdfium.PdfiumError as error:
                raise PageImageError(f"cannot render page {index + 1} of {path.name}: {error}") from error
            finally:
                page.close()
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG")
            uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
            images.append(PageImage(index + 1, round(mx - cx, 2), round(my - cy, 2), round(float(width), 2),
                                    round(float(height), 2), picture.size, uri))
    return images


_FILL = re.compile(r"(_{2,}|\.{2,}|-{2,}|…+)")


def _pattern(text: str) -> re.Pattern[str]:
    """The furniture line as printed: any white space between its words, and a run of
    fill characters (a signature line's underscores, dot leaders) of any length."""
    words = []
    for word in text.split():
        pieces = _FILL.split(word)
        words.append("".join(
            f"(?:{re.escape(piece[0])}|…)+" if i % 2 else re.escape(piece) for i, piece in enumerate(pieces) if piece
        ))
    return re.compile(r"\s+".join(words))


def _text_boxes(textpage: Any, page_text: str, frame: PageFrame, text: str) -> list[tuple[float, float, float, float]]:
    """Every place ``text`` is printed on the page, as (x0, top, x1, bottom).
    ``page_text`` is the text page's whole text: its characters are pdfium's character
    indexes, so a match's characters give its boxes."""
    if not text.split():
        return []
    found = []
    for match in _pattern(text).finditer(page_text):
        boxes = [frame.box(*textpage.get_charbox(i, loose=True))
                 for i in range(match.start(), match.end()) if not page_text[i].isspace()]
        if boxes:
            found.append((min(b[0] for b in boxes), min(b[1] for b in boxes),
                          max(b[2] for b in boxes), max(b[3] for b in boxes)))
    return found


def locate_furniture(path: Path, blocks: Sequence[Block]) -> dict[int, PageBox]:
    """Block id -> where each furniture block is printed: of the places its text is found
    on its page (white space and fill runs such as "______" of any length), the one
    nearest the page's top or bottom edge not taken by another.  Furniture whose text is
    not found (the text layer spells it differently) is left out.  Raises :class:`PageImageError` when the file cannot be opened."""
    wanted: dict[int, list[Block]] = {}
    for block in blocks:
        if " ".join(block.text.split()):
            wanted.setdefault(block.page, []).append(block)
    found: dict[int, PageBox] = {}
    if not wanted:
        return found
    with _open(path) as document:
        for number, on_page in sorted(wanted.items()):
            if not 1 <= number <= len(document):
                continue
            page = document[number - 1]
            textpage = page.get_textpage()
            try:
                frame = _frame(page)
                page_text = textpage.get_text_range(0, textpage.count_chars())
                taken: set[tuple[float, float, float, float]] = set()
                for block in on_page:
                    places = [b for b in _text_boxes(textpage, page_text, frame, block.text) if b not in taken]
                    if not places:
                        continue
                    best = min(places, key=lambda b: min(b[1], frame.height - b[3]))
                    taken.add(best)
                    found[block.id] = PageBox(number, *best)
            finally:
                textpage.close()
                page.close()
    return found
