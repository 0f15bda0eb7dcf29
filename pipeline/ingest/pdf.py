"""PDF papers: text per page in reading order, ruled tables as cell grids.

Two readers produce the same page text:

* ``pdfplumber`` reads every page with pdfminer (slow, ~20 pages/s);
* ``fast`` (the default) takes each page's words, characters and ruling paths from
  pypdfium2 (~1,000 pages/s) and finds ruled tables with pdfplumber's own table
  algorithm fed from those (:mod:`pipeline.ingest.pdf_tables`): no pdfminer page parse.

Both find tables drawn without lines the same way, where a block of lines holds one
(:mod:`pipeline.ingest.text_tables`); a page read by OCR takes its tables from the ruling
lines found in its image (:mod:`pipeline.ingest.ruling`).

Both give words in the displayed page's coordinates (a page's /Rotate applied), with font
size and weight, and build lines the same way from them
(:func:`pipeline.ingest.pdf_layout.compose_page`), so the records extracted from either
are identical (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.errors import DamagedPdf, EmptyFile, EncryptedPdf, NoTextLayer, NotAPdf, OcrUnavailable
from pipeline.ingest.ocr import OcrMode, PageOcr
from pipeline.ingest.pdfium_calls import address_of, text_calls
from pipeline.ingest.pdf_layout import LineGeom, PageLayout, TablePlace, Word, compose_page
from pipeline.ingest.pdf_tables import FoundTable, PageRulings, PageSpace, find_tables, page_chars, page_rulings
from pipeline.ingest.ruling import cell_text, grids, segments_from_boxes
from pipeline.ingest.text_tables import find_text_tables, table_blocks
from pipeline.ingest.table_rows import split_stacked_rows

__all__ = ["RawPage", "RawPdf", "RawTable", "Reader", "Word", "read_pdf", "read_pdf_fast", "read_pdf_plumber"]

Reader = Literal["fast", "pdfplumber"]

# Minimum ruling objects (lines, rects, curves) before a page is searched for tables.
MIN_RULING_OBJECTS = 4


@dataclass
class RawTable:
    """A table: rows of cell texts (None: a slot a merged cell covers), white space
    collapsed; ``top``/``bottom``/``x0``/``x1`` its box in points from the page's top-left;
    ``xs``/``ys`` its column and row edges where known; ``ruled`` whether its cells are
    drawn (else found from the words' alignment, :mod:`pipeline.ingest.text_tables`)."""

    rows: list[list[str | None]]
    top: float
    bottom: float
    xs: tuple[float, ...] = ()  # the x of each column's left edge (and the right edge), where known
    ys: tuple[float, ...] = ()  # the y of each row's top edge (and the bottom edge), where known
    x0: float = 0.0
    x1: float = 0.0
    ruled: bool = True  # False: a table drawn without lines, found from word alignment


@dataclass
class RawPage:
    number: int
    text: str
    tables: list[RawTable] = field(default_factory=list)
    chars: int = 0
    images: int = 0
    geoms: list[LineGeom | None] = field(default_factory=list)  # one per line of ``text``
    ocr_words: list[Word] | None = None  # the words Tesseract read, for a page read by OCR
    found_tables: list[RawTable] = field(default_factory=list)  # as the table finder gave them
    width: float = 0.0
    height: float = 0.0


def _layout(page: RawPage, words: list[Word]) -> None:
    page.found_tables = list(page.tables)
    page.tables = [split_stacked_rows(t, words) for t in page.tables]
    places = [TablePlace(rows=t.rows, top=t.top, bottom=t.bottom, xs=t.xs) for t in page.tables]
    layout: PageLayout = compose_page(words, places)
    page.text = layout.text
    page.geoms = layout.geoms


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|[-,]bd\b|\bbd$", re.IGNORECASE)


def is_bold_font(name: str) -> bool:
    """Whether a font name says bold ("ABCDEF+Arial-BoldMT", "Calibri,Bold", "Helvetica-Black")."""
    return bool(_BOLD_NAME.search(name.split("+", 1)[-1]))


@dataclass
class RawPdf:
    pages: list[RawPage]
    metadata_title: str | None
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- checks


def check_pdf_bytes(head: bytes, tail: bytes, size: int) -> None:
    """Reject what is not a readable PDF before a parser sees it, with a plain reason."""
    if size == 0 or not head.strip():
        raise EmptyFile()
    if b"%PDF-" not in head[:1024]:
        lowered = head[:2048].lstrip().lower()
        if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head")) or b"<html" in lowered:
            raise NotAPdf(
                "not a PDF: the file is an HTML page saved with a .pdf name"
                " (perhaps a failed download)"
            )
        raise NotAPdf("not a PDF: the file does not start with a PDF header")
    if b"%%EOF" not in tail:
        raise DamagedPdf("damaged PDF: the file is truncated (no end-of-file marker)")


def _read_head_tail(path: Path) -> tuple[bytes, bytes, int]:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(2048)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    return head, tail, size


# --------------------------------------------------------------------------- pdfplumber


def _plumber_words(page: Any) -> list[Word]:
    words = []
    for w in page.dedupe_chars().extract_words(
        x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, return_chars=True
    ):
        first = w["chars"][0] if w.get("chars") else {}
        words.append(
            Word(
                w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
                size=round(float(first.get("size", 0.0)), 1),
                bold=is_bold_font(str(first.get("fontname", ""))),
            )
        )
    return words


def _raw_tables(found: Sequence[FoundTable], ruled: bool = True) -> list[RawTable]:
    """Tables of at least two rows and two columns, cell white space collapsed."""
    tables = []
    for table in found:
        rows = [[None if c is None else " ".join(c.split()) for c in row] for row in table.rows]
        x0, top, x1, bottom = table.bbox
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append(
                RawTable(
                    rows=rows, top=float(top), bottom=float(bottom), xs=table.xs, ys=table.ys,
                    x0=float(x0), x1=float(x1), ruled=ruled,
                )
            )
    return tables


def _ruled_boxes(tables: Sequence[RawTable]) -> list[tuple[float, float, float, float]]:
    return [(t.x0, t.top, t.x1, t.bottom) for t in tables]


def _plumber_found(table: Any) -> FoundTable:
    xs = sorted({round(float(c[0]), 1) for c in table.cells} | {round(float(table.bbox[2]), 1)})
    ys = [round(float(r.bbox[1]), 1) for r in table.rows] + [round(float(table.bbox[3]), 1)]
    return FoundTable(rows=table.extract(), bbox=tuple(table.bbox), xs=tuple(xs), ys=tuple(ys))


def _plumber_tables(page: Any, words: Sequence[Word]) -> list[RawTable]:
    tables: list[RawTable] = []
    if len(page.lines) + len(page.rects) + len(page.curves) >= MIN_RULING_OBJECTS:
        tables = _raw_tables([_plumber_found(table) for table in page.find_tables()])
    if page.rotation == 0:
        blocks = table_blocks(words, _ruled_boxes(tables))
        if blocks:
            tables += _raw_tables([FoundTable(rows=r, bbox=b) for r, b in find_text_tables(page.chars, blocks)], ruled=False)
            tables.sort(key=lambda t: t.top)
    return tables


def _open_plumber(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # forces the page tree to be read
    except Exception as error:  # pdfplumber wraps pdfminer's errors
        chain: list[BaseException] = [error]
        while chain[-1].__cause__ or chain[-1].__context__:
            chain.append(chain[-1].__cause__ or chain[-1].__context__)  # type: ignore[arg-type]
        if any(isinstance(e, PDFPasswordIncorrect) for e in chain) or "password" in str(error).lower():
            raise EncryptedPdf() from error
        raise DamagedPdf(f"damaged PDF: {' '.join(str(error).split())[:120] or 'cannot be parsed'}") from error
    return pdf


def _metadata_title(metadata: dict[str, Any]) -> str | None:
    title = metadata.get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    return None


def _pages_plumber(path: Path, only: set[int] | None = None) -> Iterator[tuple[int, Any]]:
    pdf = _open_plumber(path)
    try:
        for index, page in enumerate(pdf.pages):
            if only is not None and index not in only:
                continue
            try:
                yield index, page
            finally:
                page.close()
    finally:
        pdf.close()


def read_pdf_plumber(path: Path, ocr: PageOcr | None = None) -> RawPdf:
    """Every page through pdfplumber (pages with no usable text layer through ``ocr``)."""
    ocr = ocr or PageOcr("never")
    pdf = _open_plumber(path)
    title = _metadata_title(pdf.metadata or {})
    pdf.close()
    pages = []
    for index, page in _pages_plumber(path):
        words = _plumber_words(page)
        tables = _plumber_tables(page, words)
        drawn = len(page.lines) + len(page.rects) + len(page.curves)
        scanned = ocr.read_at(path, index) if ocr.wanted(words, len(page.images), drawn) else None
        if scanned is not None:  # no usable text layer: the words Tesseract read
            words, tables = scanned.words, _ruled_tables(scanned.words, scanned.rulings, float(page.height)) or []
        raw = RawPage(
            number=index + 1,
            text="",
            tables=tables,
            chars=sum(len(w.text) for w in words) if scanned else len(page.chars),
            images=len(page.images),
            width=float(page.width),
            height=float(page.height),
            ocr_words=scanned.words if scanned else None,
        )
        _layout(raw, words)
        pages.append(raw)
    return RawPdf(pages=pages, metadata_title=title, warnings=ocr.warnings())


# --------------------------------------------------------------------------- pypdfium2

try:  # the compiled word reader (setup.py builds it where a C compiler is found)
    from pipeline.ingest._words import read_words as compiled_words
except ImportError:  # pragma: no cover - a build without a C compiler
    compiled_words = None

# pdfium marks a hyphen that ends a line with U+FFFE and drops the line break after it.
_WORD = re.compile(r"[^\s\ufffe\uffff]+\ufffe?|\ufffe")


class PageFrame:
    """Maps PDF user space (y up, unrotated) to the displayed page: points from its top
    left, the page's /Rotate applied, as pdfplumber reports positions."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        self.x0, self.y0, self.x1, self.y1 = mediabox
        self.rotation = rotation % 360
        width, height = self.x1 - self.x0, self.y1 - self.y0
        self.width, self.height = (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y - self.y0, x - self.x0
        if self.rotation == 180:
            return self.x1 - x, y - self.y0
        if self.rotation == 270:
            return self.y1 - y, self.x1 - x
        return x - self.x0, self.y1 - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) on the displayed page."""
        if not self.rotation:  # most pages: no call, no tuple per corner
            a, b = self.y1 - top, self.y1 - bottom
            x0, x1 = left - self.x0, right - self.x0
            return (x0, a, x1, b) if not (a > b or x0 > x1) else (min(x0, x1), min(a, b), max(x0, x1), max(a, b))
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _pdfium_words(textpage: Any, frame: PageFrame) -> list[Word]:
    """Words from pypdfium2: the page text split at white space (pdfium puts a space where
    a gap is), each word placed by the loose boxes of its first and last characters
    (which equal pdfplumber's character boxes), with the font size and weight of its
    first character.  Font size and weight are asked once per text object (a text object
    has one font and size).  A few calls per word straight into pdfium's C API, with one
    reused rectangle, keep this at a few microseconds a word."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    calls = text_calls()
    text_object, loose_box, font_size, font_info = calls.text_object, calls.loose_char_box, calls.font_size, calls.font_info
    handle = address_of(textpage.raw)
    rect = pdfium_c.FS_RECTF()
    rect_at = ctypes.addressof(rect)
    name_buffer = ctypes.create_string_buffer(256)
    name_at = ctypes.addressof(name_buffer)
    flags = ctypes.c_int(0)
    flags_at = ctypes.addressof(flags)
    bold_of_name: dict[bytes, bool] = {}
    style_of_object: dict[int, tuple[float, bool]] = {}

    def style(index: int) -> tuple[float, bool]:
        """(font size rounded to 0.1 pt, bold) of one character."""
        size = round(float(font_size(handle, index)), 1)
        length = font_info(handle, index, name_at, 256, flags_at)
        name = name_buffer.raw[: max(0, min(length, 256) - 1)]
        bold = bold_of_name.get(name)
        if bold is None:
            bold = bold_of_name[name] = is_bold_font(name.decode("latin-1"))
        return size, bold

    if not frame.rotation and compiled_words is not None:
        return compiled_words(  # most pages: the same words, without a Python call per word
            text, handle, address_of(loose_box), address_of(text_object), frame.x0, frame.y1, style, Word)
    place = frame.box

    def box_at(index: int) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a character's loose box on the displayed page."""
        loose_box(handle, index, rect_at)
        return place(rect.left, rect.bottom, rect.right, rect.top)

    words: list[Word] = []
    append = words.append
    for match in _WORD.finditer(text):
        first, last = match.span()
        last -= 1
        x0, top, x1, bottom = box_at(first)
        if last > first:
            lx0, ltop, lx1, lbottom = box_at(last)
            if abs(ltop - top) <= (bottom - top) * 0.5:
                x0, x1 = min(x0, lx0), max(x1, lx1)
                top, bottom = min(top, ltop), max(bottom, lbottom)
            # else: pdfium joined a word across lines; place it by its first character
        owner = text_object(handle, first)
        if owner:
            found = style_of_object.get(owner)
            if found is None:
                found = style_of_object[owner] = style(first)
        else:  # a character pdfium made up (no text object): asked directly
            found = style(first)
        append(Word(match.group(0).replace("\ufffe", "-"), x0, x1, top, bottom, size=found[0], bold=found[1]))
    return words


def _pdfium_tables(textpage: Any, space: PageSpace, rulings: PageRulings, words: Sequence[Word]) -> list[RawTable]:
    """Tables of a pypdfium2 page, as :func:`_plumber_tables` finds them."""
    tables: list[RawTable] = []
    if rulings.objects >= MIN_RULING_OBJECTS:
        found = find_tables(rulings, lambda boxes: page_chars(textpage, space, boxes), space)
        tables = _raw_tables(found)
    if space.ctm[:4] == (1.0, 0.0, 0.0, 1.0):  # an unrotated page, as the text-table finder expects
        blocks = table_blocks(words, _ruled_boxes(tables))
        if blocks:
            tables += _raw_tables(
                [FoundTable(rows=r, bbox=b) for r, b in find_text_tables(page_chars(textpage, space, blocks), blocks)], ruled=False
            )
            tables.sort(key=lambda t: t.top)
    return tables


def _ruled_tables(words: list[Word], boxes: list[tuple[float, float, float, float]], page_height: float) -> list[RawTable] | None:
    """Tables from ruling lines found in a scanned page's image (plain grids only; None
    when the rulings do not make one)."""
    found = grids(segments_from_boxes(boxes, page_height))
    if found is None:
        return None
    tables = []
    for grid in found:
        near = [w for w in words if grid.ys[0] - 2 <= w.top and w.bottom <= grid.ys[-1] + 2]
        rows: list[list[str | None]] = []
        for top, bottom in zip(grid.ys, grid.ys[1:]):
            row: list[str | None] = []
            for left, right in zip(grid.xs, grid.xs[1:]):
                inside = [
                    (w.text, w.x0, w.x1, w.top, w.bottom)
                    for w in near
                    if left <= (w.x0 + w.x1) / 2 <= right and top <= (w.top + w.bottom) / 2 <= bottom
                ]
                row.append(cell_text(inside))
            rows.append(row)
        if len(rows) >= 2 and len(rows[0]) >= 2 and any(any(c for c in r) for r in rows):
            tables.append(RawTable(rows=rows, top=grid.ys[0], bottom=grid.ys[-1], xs=tuple(grid.xs), ys=tuple(grid.ys)))
    return tables


def read_pdf_fast(path: Path, ocr: PageOcr | None = None) -> RawPdf:
    """pypdfium2 for text and ruled tables (pdfplumber's table algorithm over pdfium's
    paths and characters: no page is parsed by pdfminer); ``ocr`` for pages with no
    usable text layer."""
    import pypdfium2 as pdfium

    ocr = ocr or PageOcr("never")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdf() from error
        raise DamagedPdf(f"damaged PDF: {' '.join(str(error).split())[:120]}") from error
    pages: list[RawPage] = []
    words_by_page: list[list[Word]] = []
    try:
        title = _metadata_title(document.get_metadata_dict())
        for index in range(len(document)):
            page = document[index]
            try:
                frame = PageFrame(tuple(page.get_mediabox()), page.get_rotation())  # type: ignore[arg-type]
                height = frame.height
                # one walk of the page's objects: ruling paths and the count of images
                space = PageSpace.of(tuple(page.get_mediabox()), page.get_rotation())  # type: ignore[arg-type]
                rulings = page_rulings(page, space)
                images = rulings.images
                textpage = page.get_textpage()
                try:
                    words = _pdfium_words(textpage, frame)
                    chars = textpage.count_chars()
                    scanned = ocr.read(page, index, page.get_width(), height) if ocr.wanted(words, images, rulings.objects) else None
                    if scanned is not None:  # no usable text layer: the words Tesseract read
                        words, chars = scanned.words, sum(len(w.text) for w in scanned.words)
                        tables = _ruled_tables(words, scanned.rulings, height) or []
                    else:
                        tables = _pdfium_tables(textpage, space, rulings, words)
                finally:
                    textpage.close()
            finally:
                page.close()
            pages.append(
                RawPage(
                    number=index + 1, text="", tables=tables, chars=chars, images=images,
                    width=frame.width, height=frame.height, ocr_words=scanned.words if scanned else None,
                )
            )
            words_by_page.append(words)
    finally:
        document.close()
    for raw, words in zip(pages, words_by_page):
        _layout(raw, words)
    return RawPdf(pages=pages, metadata_title=title, warnings=ocr.warnings())


# --------------------------------------------------------------------------- entry point


def read_pdf(path: Path, reader: Reader = "fast", ocr: OcrMode = "auto") -> RawPdf:
    """Read a PDF into page texts and tables, or raise an IngestError with a plain reason.

    ``ocr`` says which pages Tesseract reads (:mod:`pipeline.ingest.ocr`): ``auto`` those
    with no usable text layer, ``always`` all, ``never`` none.  OcrUnavailable when the
    paper has no text but OCR, and Tesseract is not installed."""
    head, tail, size = _read_head_tail(path)
    check_pdf_bytes(head, tail, size)
    pages_ocr = PageOcr(ocr)
    try:
        raw = read_pdf_fast(path, pages_ocr) if reader == "fast" else read_pdf_plumber(path, pages_ocr)
    finally:
        pages_ocr.close()
    if not raw.pages:
        raise DamagedPdf("damaged PDF: it has no pages")
    if sum(p.chars for p in raw.pages) == 0 or not any(p.text.strip() for p in raw.pages):
        if pages_ocr.missing is not None:
            raise OcrUnavailable(str(pages_ocr.missing))
        if any(p.images for p in raw.pages):
            raise NoTextLayer("no text layer: the PDF looks scanned (run OCR on it first)")
        raise NoTextLayer("no text layer: the PDF has no text on any page")
    return raw
