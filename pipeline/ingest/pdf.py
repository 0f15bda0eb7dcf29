"""PDF papers: text per page in reading order, ruled tables as cell grids.

Two readers produce the same page text:

* ``pdfplumber`` reads every page with pdfminer (slow, ~20 pages/s);
* ``fast`` (the default) takes each page's words, characters and ruling paths from
  pypdfium2 (~1,000 pages/s) and finds ruled tables with pdfplumber's own table
  algorithm fed from those (:mod:`pipeline.ingest.pdf_tables`): no pdfminer page parse.

Both find tables drawn without lines the same way, where a block of lines holds one
(:mod:`pipeline.ingest.text_tables`).

Both build lines the same way from positioned words (:func:`lines_from_words`) and find
the same tables cell for cell (tested on real councils' papers), so the records extracted
from either are identical.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pipeline.ingest.pdf_tables import PageRulings, PageSpace, find_tables, page_chars, page_rulings
from pipeline.ingest.text_tables import find_text_tables, table_blocks
from pipeline.errors import DamagedPdf, EmptyFile, EncryptedPdf, NoTextLayer, NotAPdf

Reader = Literal["fast", "pdfplumber"]

# Minimum ruling objects (lines, rects, curves) before a page is searched for tables.
MIN_RULING_OBJECTS = 4


@dataclass
class RawTable:
    """A table: rows of cell texts (None: a slot a merged cell covers), white space
    collapsed; ``top``/``bottom``/``x0``/``x1`` its box in points from the page's top-left;
    ``ruled`` whether its cells are drawn (else found from the words' alignment,
    :mod:`pipeline.ingest.text_tables`)."""

    rows: list[list[str | None]]
    top: float
    bottom: float
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


@dataclass
class RawPdf:
    pages: list[RawPage]
    metadata_title: str | None


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


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


# --------------------------------------------------------------------------- line building


def lines_from_words(words: Sequence[Word]) -> list[str]:
    """Group positioned words into text lines in reading order.

    A wide horizontal gap inside a line becomes a tab (a column boundary), and a vertical
    gap wider than the usual line spacing becomes a blank line (a paragraph boundary).
    """
    if not words:
        return []
    ordered = sorted(words, key=lambda w: (round(w.top, 0), w.x0))
    rows: list[list[Word]] = []
    for word in ordered:
        if rows:
            row = rows[-1]
            height = max(1.0, row[0].bottom - row[0].top)
            if abs(word.top - row[0].top) <= height * 0.5:
                row.append(word)
                continue
        rows.append([word])
    heights = [max(1.0, r[0].bottom - r[0].top) for r in rows]
    gaps = [rows[i + 1][0].top - rows[i][0].top for i in range(len(rows) - 1)]
    # the usual line spacing: the smallest gap that recurs (lines inside a paragraph);
    # paragraph gaps are wider.  Rounded to half points so both readers agree.
    rounded = Counter(round(g * 2) / 2 for g in gaps if g >= 0.8 * min(heights))
    repeated = sorted(g for g, n in rounded.items() if n >= 2) or sorted(rounded)
    usual_gap = repeated[0] if repeated else 0.0
    lines: list[str] = []
    previous_cells: list[float] = []  # x0 of each tab-separated cell of the line before
    for index, row in enumerate(rows):
        row.sort(key=lambda w: w.x0)
        size = heights[index]
        parts = [row[0].text]
        cells = [row[0].x0]
        for before, word in zip(row, row[1:]):
            gap = word.x0 - before.x1
            if gap > size * 1.5:
                parts.append("\t")
                cells.append(word.x0)
            else:
                parts.append(" ")
            parts.append(word.text)
        paragraph_gap = bool(index and usual_gap and gaps[index - 1] > usual_gap * 1.3)
        if (
            lines
            and not paragraph_gap
            and len(cells) == 1
            and len(previous_cells) > 1
            and abs(cells[0] - previous_cells[-1]) <= 2.0
        ):
            # the wrapped rest of the last cell of a borderless two-column row
            lines[-1] += " " + "".join(parts)
            continue
        if paragraph_gap:
            lines.append("")
        lines.append("".join(parts))
        previous_cells = cells
    return lines


def _table_lines(rows: list[list[str | None]]) -> list[str]:
    return ["\t".join(" ".join((cell or "").split()) for cell in row) for row in rows]


def compose_page(words: Sequence[Word], tables: Sequence[RawTable]) -> str:
    """Page text: words outside tables as lines, each table's rows placed where it stands."""
    outside = [
        w
        for w in words
        if not any(t.top - 1 <= (w.top + w.bottom) / 2 <= t.bottom + 1 for t in tables)
    ]
    if not tables:
        return "\n".join(lines_from_words(outside))
    blocks: list[tuple[float, list[str]]] = []
    band: list[Word] = []
    band_top = 0.0
    edges = sorted(tables, key=lambda t: t.top)
    cursor = 0
    for word in sorted(outside, key=lambda w: w.top):
        while cursor < len(edges) and edges[cursor].top <= word.top:
            if band:
                blocks.append((band_top, lines_from_words(band)))
                band = []
            blocks.append((edges[cursor].top, [""] + _table_lines(edges[cursor].rows) + [""]))
            cursor += 1
        if not band:
            band_top = word.top
        band.append(word)
    if band:
        blocks.append((band_top, lines_from_words(band)))
    for table in edges[cursor:]:
        blocks.append((table.top, [""] + _table_lines(table.rows) + [""]))
    return "\n".join(line for _, block in blocks for line in block)


# --------------------------------------------------------------------------- pdfplumber


def _plumber_words(page: Any) -> list[Word]:
    return [
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
        for w in page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    ]


def _raw_tables(
    found: Sequence[tuple[list[list[str | None]], tuple[float, float, float, float]]], ruled: bool = True
) -> list[RawTable]:
    """Tables of at least two rows and two columns, cell white space collapsed."""
    tables = []
    for cells, (x0, top, x1, bottom) in found:
        rows = [[None if c is None else " ".join(c.split()) for c in row] for row in cells]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            tables.append(RawTable(rows=rows, top=float(top), bottom=float(bottom), x0=float(x0), x1=float(x1), ruled=ruled))
    return tables


def _ruled_boxes(tables: Sequence[RawTable]) -> list[tuple[float, float, float, float]]:
    return [(t.x0, t.top, t.x1, t.bottom) for t in tables]


def _plumber_tables(page: Any) -> list[RawTable]:
    tables: list[RawTable] = []
    if len(page.lines) + len(page.rects) + len(page.curves) >= MIN_RULING_OBJECTS:
        tables = _raw_tables([(table.extract(), table.bbox) for table in page.find_tables()])
    if page.rotation == 0:
        blocks = table_blocks(_plumber_words(page), _ruled_boxes(tables))
        if blocks:
            tables += _raw_tables(find_text_tables(page.chars, blocks), ruled=False)
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


def read_pdf_plumber(path: Path) -> RawPdf:
    """Every page through pdfplumber."""
    pdf = _open_plumber(path)
    title = _metadata_title(pdf.metadata or {})
    pdf.close()
    pages = []
    for index, page in _pages_plumber(path):
        tables = _plumber_tables(page)
        words = _plumber_words(page)
        pages.append(
            RawPage(
                number=index + 1,
                text=compose_page(words, tables),
                tables=tables,
                chars=len(page.chars),
                images=len(page.images),
            )
        )
    return RawPdf(pages=pages, metadata_title=title)


# --------------------------------------------------------------------------- pypdfium2

# pdfium marks a hyphen that ends a line with U+FFFE and drops the line break after it.
_WORD = re.compile(r"[^\s\ufffe\uffff]+\ufffe?|\ufffe")


def _pdfium_words(textpage: Any, page_height: float) -> list[Word]:
    """Words from pypdfium2: the page text split at white space (pdfium puts a space where
    a gap is), each word placed by the loose boxes of its first and last characters
    (which equal pdfplumber's character boxes).  Two box look-ups per word, straight
    through pdfium's C API with one reused rectangle, keep this at ~1 ms a page."""
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    rect = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    handle = textpage.raw

    def box(index: int) -> tuple[float, float, float, float]:
        loose_box(handle, index, rect)
        return rect.left, rect.bottom, rect.right, rect.top

    words: list[Word] = []
    for match in _WORD.finditer(text):
        first, last = match.start(), match.end() - 1
        left, bottom, right, top = box(first)
        if last > first:
            _, last_bottom, last_right, last_top = box(last)
            if abs(last_top - top) <= (top - bottom) * 0.5:
                right = last_right
                top, bottom = max(top, last_top), min(bottom, last_bottom)
            # else: pdfium joined a word across lines; place it by its first character
        words.append(Word(match.group(0).replace("\ufffe", "-"), left, right, page_height - top, page_height - bottom))
    return words


def _pdfium_tables(textpage: Any, space: PageSpace, rulings: PageRulings, words: Sequence[Word]) -> list[RawTable]:
    """Tables of a pypdfium2 page, as :func:`_plumber_tables` finds them."""
    tables: list[RawTable] = []
    if rulings.objects >= MIN_RULING_OBJECTS:
        found = find_tables(rulings, lambda boxes: page_chars(textpage, space, boxes), space)
        tables = _raw_tables([(table.rows, table.bbox) for table in found])
    if space.ctm[:4] == (1.0, 0.0, 0.0, 1.0):  # words are placed in pdfplumber's space
        blocks = table_blocks(words, _ruled_boxes(tables))
        if blocks:
            tables += _raw_tables(find_text_tables(page_chars(textpage, space, blocks), blocks), ruled=False)
            tables.sort(key=lambda t: t.top)
    return tables


def read_pdf_fast(path: Path) -> RawPdf:
    """pypdfium2 for text and ruled tables (pdfplumber's table algorithm over pdfium's
    paths and characters): no page is parsed by pdfminer."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise EncryptedPdf() from error
        raise DamagedPdf(f"damaged PDF: {' '.join(str(error).split())[:120]}") from error
    pages: list[RawPage] = []
    try:
        title = _metadata_title(document.get_metadata_dict())
        for index in range(len(document)):
            page = document[index]
            try:
                # one walk of the page's objects: ruling paths and the count of images
                space = PageSpace.of(tuple(page.get_mediabox()), page.get_rotation())  # type: ignore[arg-type]
                rulings = page_rulings(page, space)
                images = rulings.images
                height = page.get_height()
                textpage = page.get_textpage()
                try:
                    words = _pdfium_words(textpage, height)
                    chars = textpage.count_chars()
                    tables = _pdfium_tables(textpage, space, rulings, words)
                finally:
                    textpage.close()
            finally:
                page.close()
            pages.append(
                RawPage(number=index + 1, text=compose_page(words, tables), tables=tables, chars=chars, images=images)
            )
    finally:
        document.close()
    return RawPdf(pages=pages, metadata_title=title)


# --------------------------------------------------------------------------- entry point


def read_pdf(path: Path, reader: Reader = "fast") -> RawPdf:
    """Read a PDF into page texts and tables, or raise an IngestError with a plain reason."""
    head, tail, size = _read_head_tail(path)
    check_pdf_bytes(head, tail, size)
    raw = read_pdf_fast(path) if reader == "fast" else read_pdf_plumber(path)
    if not raw.pages:
        raise DamagedPdf("damaged PDF: it has no pages")
    if sum(p.chars for p in raw.pages) == 0 or not any(p.text.strip() for p in raw.pages):
        if any(p.images for p in raw.pages):
            raise NoTextLayer("no text layer: the PDF looks scanned (run OCR on it first)")
        raise NoTextLayer("no text layer: the PDF has no text on any page")
    return raw
