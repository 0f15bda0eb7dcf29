"""Ingest stage: a file on disk -> a :class:`schemas.Document` with normalised text.

``ingest(path, doc_id)`` raises :class:`pipeline.errors.IngestError` (one plain line) for
a paper that cannot be read, and :class:`pipeline.errors.UnsupportedFormat` for a file
papertrail does not read at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import PaperTooLong, UnsupportedFormat
from pipeline.ingest.doctype import classify, find_title
from pipeline.ingest.html import read_html
from pipeline.ingest.normalise import normalise_cell, normalise_pages
from pipeline.ingest.ocr import OcrMode
from pipeline.ingest.ocr_spans import locate_ocr
from pipeline.ingest.pdf import RawPage, RawTable, Reader, read_pdf
from pipeline.ingest.text import decode, split_pages
from schemas.records import DocStatus, Document, Table

TEXT_SUFFIXES = {".txt", ".md", ".text"}
PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES
MAX_CHARS = 20_000_000  # ~5,000 dense pages; the language pipeline's own limit is set above it


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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


def ingest(
    path: Path, doc_id: str, *, reader: Reader = "fast", sha256: str | None = None, ocr: OcrMode = "auto"
) -> Document:
    """Read one paper into a Document (status ok), or raise an IngestError.

    ``ocr`` (PDF only): ``auto`` reads pages with no usable text layer with Tesseract,
    ``always`` every page, ``never`` none (see :mod:`pipeline.ingest.ocr`)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormat(f"unsupported file type {suffix or '(none)'}: skipped")
    size = path.stat().st_size
    digest = sha256 or file_sha256(path)
    raw_tables: list[tuple[int, int, RawTable]] = []
    metadata_title = None
    encoding = None
    raw_pages: list[RawPage] = []
    warnings: list[str] = []
    if suffix in PDF_SUFFIXES:
        raw = read_pdf(path, reader, ocr)
        raw_pages, warnings = raw.pages, list(raw.warnings)
        pages = [page.text for page in raw.pages]
        metadata_title = raw.metadata_title
        for page in raw.pages:
            raw_tables.extend((page.number, i, t) for i, t in enumerate(page.tables))
        fmt = "pdf"
    elif suffix in HTML_SUFFIXES:
        pages, metadata_title, encoding = read_html(path.read_bytes())
        fmt = "html"
    else:
        text, encoding = decode(path.read_bytes())
        pages = split_pages(text)
        fmt = suffix.lstrip(".")
    normal = normalise_pages(pages)
    if len(normal.text) > MAX_CHARS:
        raise PaperTooLong(
            f"paper too long: {len(normal.text):,} characters (papertrail reads papers of up to "
            f"{MAX_CHARS:,}); split it into its parts"
        )
    doc_type = classify(normal.text)
    title_span = find_title(normal.text)
    title = normal.text[title_span[0]:title_span[1]] if title_span else None
    if title is None:
        warnings.append("no title printed: none found on a Subject or Title line")
    ocr_runs = locate_ocr(normal.text, normal.page_starts, raw_pages)
    confidences = [w.conf for p in raw_pages if p.ocr_words for w in p.ocr_words if w.conf is not None]
    return Document(
        doc_id=doc_id,
        path=str(path),
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
    )
