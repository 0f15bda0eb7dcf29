"""Ingest stage: a file on disk -> a :class:`schemas.Document` with normalised text.

``ingest(path, doc_id)`` raises :class:`pipeline.errors.IngestError` (one plain line) for
a paper that cannot be read, and :class:`pipeline.errors.UnsupportedFormat` for a file
papertrail does not read at all.  Files are opened without blocking and only when they are
regular files (a FIFO or a device never stalls a run); what the file system refuses
becomes :class:`pipeline.errors.CannotRead` ("cannot read: permission denied"), and
anything a PDF library raises becomes a "damaged PDF: ..." line, never the library's dump.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from pathlib import Path

from pipeline.errors import (
    DamagedPdf,
    IngestError,
    NotRegularFile,
    PaperTooLong,
    UnsupportedFormat,
    cannot_read,
    from_pdf_library,
    path_text,
    pdf_failure,
)
from pipeline.ingest.doctype import classify, classify_web, find_title, web_title
from pipeline.ingest.docx import read_docx
from pipeline.ingest.html import read_web_page
from pipeline.ingest.normalise import NormalisedText, normalise_cell, normalise_pages
from pipeline.ingest.ocr import OcrMode
from pipeline.ingest.ocr_spans import locate_ocr
from pipeline.ingest.pdf import RawPage, RawPdf, RawTable, Reader, read_pdf
from pipeline.ingest.pdf_layout import LineGeom
from pipeline.ingest.text import decode, split_pages
from schemas.records import DocStatus, Document, Table
from schemas.structure import Link

TEXT_SUFFIXES = {".txt", ".md", ".text"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES
MAX_CHARS = 20_000_000  # ~5,000 dense pages; the language pipeline's own limit is set above it
BYTES_PER_CHAR = 4  # the most a character takes in any encoding papertrail reads


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in a clerk's words: "a FIFO", ..."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a file"


def open_regular(path: Path) -> int:
    """A read-only descriptor on ``path``, opened without blocking, or NotRegularFile /
    CannotRead.  The caller closes it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise cannot_read(error) from error
    try:
        mode = os.fstat(fd).st_mode
    except OSError as error:
        os.close(fd)
        raise cannot_read(error) from error
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotRegularFile(f"not a regular file ({file_kind(mode)}): skipped")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return fd


def file_sha256(path: Path) -> str:
    """SHA-256 of a regular file's bytes; NotRegularFile or CannotRead otherwise."""
    digest = hashlib.sha256()
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise cannot_read(error) from error
    return digest.hexdigest()


def read_text_bytes(path: Path, limit_chars: int | None = None) -> bytes:
    """A text or HTML paper's bytes; a file too big to hold a paper of ``limit_chars``
    characters (default MAX_CHARS) fails at once, before anything is read."""
    limit = (limit_chars or MAX_CHARS) * BYTES_PER_CHAR
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise PaperTooLong(
                    f"paper too long: {size:,} bytes of text (papertrail reads papers of up to "
                    f"{limit_chars or MAX_CHARS:,} characters); split it into its parts"
                )
            return handle.read(limit + 1)
    except OSError as error:
        raise cannot_read(error) from error


def _too_long(chars: int) -> PaperTooLong:
    return PaperTooLong(
        f"paper too long: {chars:,} characters (papertrail reads papers of up to "
        f"{MAX_CHARS:,}); split it into its parts"
    )


def _read_pdf(path: Path, reader: Reader, ocr: OcrMode = "auto") -> RawPdf:
    """read_pdf, with every exception a PDF library raises turned into one plain line."""
    try:
        return read_pdf(path, reader, ocr)
    except DamagedPdf as error:
        if error.__cause__ is not None:  # the library's own words: a dump, not a reason
            raise DamagedPdf(pdf_failure(error.__cause__)) from error.__cause__
        raise
    except (IngestError, MemoryError):
        raise
    except OSError as error:
        if error.filename is not None and error.errno is not None:
            raise cannot_read(error) from error
        raise DamagedPdf(pdf_failure(error)) from error
    except Exception as error:  # pdfminer, pdfplumber and pdfium raise many kinds
        if from_pdf_library(error):
            raise DamagedPdf(pdf_failure(error)) from error
        raise


def _locate_tables(text: str, page_starts: list[int], raw_tables: list[tuple[int, int, RawTable]]) -> list[Table]:
    """Tables with the span their rows occupy in the normalised text.  Each table's rows
    are looked for as one block, after the previous table, so two tables with the same
    header row are not confused."""
    tables = []
    cursor = 0
    for page, index, raw in raw_tables:
        start_at = max(cursor, page_starts[page - 1] if page - 1 < len(page_starts) else 0)
        rows = [[normalise_cell(c) for c in row] for row in raw.rows]
        block = "\n".join("\t".join(c or "" for c in row) for row in rows)
        begin = text.find(block, start_at) if block.strip() else -1
        if begin >= 0:
            cursor = begin + len(block)
        tables.append(
            Table(
                page=page,
                index=index,
                rows=rows,
                char_start=begin if begin >= 0 else None,
                char_end=begin + len(block) if begin >= 0 else None,
            )
        )
    return tables


_RawLink = tuple[int, int, int, int | None, str, str, str]  # page, line, start, end, href, title, hidden


def _place_links(normal: NormalisedText, pages: list[str], raw: list[_RawLink]) -> list[Link]:
    """Links of a web or Word paper, placed in the normalised text: each on the line it
    was printed on (tagged lines are never joined), at its words as normalised."""
    at = {origin: line for origin, line in zip(normal.origins, normal.lines)}
    page_lines = [page.split("\n") for page in pages]
    links = []
    for page, line, start, end, href, title, hidden in raw:
        placed = at.get((page, line))
        if placed is None or page >= len(page_lines) or line >= len(page_lines[page]):
            continue
        printed = page_lines[page][line]
        words = normalise_cell(printed[start:end] if end is not None else printed[start:]) or ""
        text = normal.text[placed.char_start : placed.char_end]
        found = text.find(words) if words else -1
        if found >= 0:
            begin = placed.char_start + found
            links.append(Link(char_start=begin, char_end=begin + len(words), href=href, title=title, hidden=hidden))
    return links


def ingest(
    path: Path, doc_id: str, *, reader: Reader = "fast", sha256: str | None = None, ocr: OcrMode = "auto"
) -> Document:
    """Read one paper into a Document (status ok), or raise an IngestError.

    ``ocr`` (PDF only): ``auto`` reads pages with no usable text layer with Tesseract,
    ``always`` every page, ``never`` none (see :mod:`pipeline.ingest.ocr`)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'}: skipped")
    fd = open_regular(path)  # before any library opens it: regular files only
    try:
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    digest = sha256 or file_sha256(path)
    raw_tables: list[tuple[int, int, RawTable]] = []
    metadata_title = None
    encoding = None
    geoms: list[list[LineGeom | None]] | None = None
    tags: list[list[tuple[str, int | None] | None]] | None = None
    raw_links: list[_RawLink] = []
    raw_pages: list[RawPage] = []
    warnings: list[str] = []
    if suffix in PDF_SUFFIXES:
        raw = _read_pdf(path, reader, ocr)
        raw_pages, warnings = raw.pages, list(raw.warnings)
        pages = [page.text for page in raw.pages]
        metadata_title = raw.metadata_title
        geoms = []
        for page in raw.pages:
            first = len(raw_tables)  # page-local table numbers become document-wide ones
            geoms.append([
                g if g is None or g.table is None else dataclasses.replace(g, table=first + g.table)
                for g in page.geoms
            ])
            raw_tables.extend((page.number, i, t) for i, t in enumerate(page.tables))
        fmt = "pdf"
    elif suffix in HTML_SUFFIXES:
        page = read_web_page(read_text_bytes(path))
        pages, metadata_title, encoding, tags = page.pages, page.title, page.encoding, page.tags
        raw_links = [(k.page, k.line, k.start, k.end, k.href, k.title, k.hidden) for k in page.links]
        fmt = "html"
    elif suffix in DOCX_SUFFIXES:
        paper = read_docx(read_text_bytes(path))
        pages, metadata_title, tags = paper.pages, paper.title, paper.tags
        raw_links = [(0, k.line, k.start, k.end, k.href, "", "") for k in paper.links]
        fmt = "docx"
    else:
        text, encoding = decode(read_text_bytes(path))
        pages = split_pages(text)
        fmt = suffix.lstrip(".")
    raw_chars = sum(len(page) for page in pages)
    if raw_chars > MAX_CHARS:  # before normalising: a huge paper fails now, not at the timeout
        raise _too_long(raw_chars)
    normal = normalise_pages(pages, geoms, tags)
    if len(normal.text) > MAX_CHARS:
        raise _too_long(len(normal.text))
    doc_type = classify_web(normal.text) if fmt == "html" else classify(normal.text)
    title_span = web_title(normal.text, normal.lines, metadata_title) if tags is not None else None
    title_span = title_span or find_title(normal.text)
    title = normal.text[title_span[0]:title_span[1]] if title_span else None
    if not normal.text.strip():
        warnings.append("no text: the paper's pages hold no readable text, so nothing could be read from it")
    if title is None:
        warnings.append("no title printed: none found on a Subject or Title line")
    ocr_runs = locate_ocr(normal.text, normal.page_starts, raw_pages)
    confidences = [w.conf for p in raw_pages if p.ocr_words for w in p.ocr_words if w.conf is not None]
    return Document(
        doc_id=doc_id,
        path=path_text(path),
        sha256=digest,
        doc_type=doc_type,
        title=title,
        pages=len(pages),
        status=DocStatus.ok,
        format=fmt,
        encoding=encoding,
        size_bytes=size,
        chars=len(normal.text),
        page_starts=normal.page_starts,
        metadata_title=metadata_title,
        tables=_locate_tables(normal.text, normal.page_starts, raw_tables),
        warnings=warnings,
        ocr_pages=[p.number for p in raw_pages if p.ocr_words is not None],
        ocr_confidence=round(sum(confidences) / len(confidences), 3) if confidences else None,
        ocr_runs=ocr_runs,
        text=normal.text,
        lines=normal.lines,
        furniture=normal.furniture,
        links=_place_links(normal, pages, raw_links) if raw_links else [],
    )
