"""The provenance invariant, over every record of a full run, text and PDF forms:
``text[char_start:char_end] == quote`` and ``page`` is the page holding ``char_start``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from schemas.provenance import Source, page_of, source_for_span
from tests.helpers import all_sources

KINDS = ("decisions", "funding", "indicators", "timeline", "findings")




def test_every_source_in_a_run_quotes_its_text_on_its_page(corpus_run: Path) -> None:
    docs = {d["doc_id"]: d for d in map(json.loads, (corpus_run / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    texts = {doc_id: (corpus_run / d["text_path"]).read_text(encoding="utf-8") for doc_id, d in docs.items()}
    checked = 0
    for kind in KINDS:
        for line in (corpus_run / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if kind != "findings":
                assert record["source"], f"{kind} record without a source"
            for source in all_sources(record):
                text = texts[source["doc_id"]]
                assert text[source["char_start"]:source["char_end"]] == source["quote"]
                assert source["quote"] and source["quote"] == source["quote"].strip()
                assert source["page"] == page_of(docs[source["doc_id"]]["page_starts"], source["char_start"])
                checked += 1
    assert checked >= 50, f"only {checked} sources: the extractors produced too little to check"


_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _folded(text: str) -> str:
    """Text compared without white space, "**" markers or curly quotes."""
    return re.sub(r"\s+", "", text.replace("**", "").translate(_STRAIGHT))


def test_every_pdf_source_is_on_the_page_pdfplumber_shows_it(pdf_run: Path, corpus_pdf_dir: Path) -> None:
    """Judge each source's ``page`` without the tool's page logic: the quote's opening
    characters must be in that page's text as pdfplumber reads it, or (a quote that
    starts at the very end of a page) start on that page and run on into the next."""
    import pdfplumber

    from tests.pdfgen import MARGIN

    bodies: dict[str, list[str]] = {}  # doc_id -> each page's text, running header/footer cropped off
    for pdf_path in sorted(corpus_pdf_dir.glob("*.pdf")):
        with pdfplumber.open(pdf_path) as pdf:
            bodies[pdf_path.stem] = [
                _folded(page.crop((0, MARGIN, page.width, page.height - MARGIN)).extract_text() or "")
                for page in pdf.pages
            ]
    checked = 0
    for kind in KINDS:
        for line in (pdf_run / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines():
            for source in all_sources(json.loads(line)):
                pages = bodies[source["doc_id"]]
                page = source["page"]
                head = _folded(source["quote"])[:25]
                assert head, source
                assert 1 <= page <= len(pages), source
                here = pages[page - 1]
                if head not in here:
                    joined = here + (pages[page] if page < len(pages) else "")
                    at = joined.find(head, max(0, len(here) - len(head) + 1))
                    found_on = [n for n, text in enumerate(pages, 1) if head in text]
                    assert 0 <= at < len(here), (
                        f"{kind} {source['doc_id']}: {head!r} is not on page {page} (found on {found_on})"
                    )
                checked += 1
    assert checked >= 40, f"only {checked} sources checked"


def test_source_for_span_trims_and_pages() -> None:
    text = "Page one text.\n\f\n  Page two: £2.65m per year.  "
    starts = [0, 17]
    source = source_for_span(text, "d", starts, 17, len(text))
    assert source.quote == "Page two: £2.65m per year."
    assert source.page == 2
    assert text[source.char_start:source.char_end] == source.quote


def test_a_source_whose_quote_does_not_fit_its_span_is_refused() -> None:
    with pytest.raises(ValidationError):
        Source(doc_id="d", page=1, char_start=0, char_end=3, quote="four")
    with pytest.raises(ValueError):
        source_for_span("abc", "d", [0], 2, 9)
