"""The provenance invariant, over every record of a full run, text and PDF forms:
``text[char_start:char_end] == quote`` and ``page`` is the page holding ``char_start``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from schemas.provenance import Source, page_of, source_for_span

KINDS = ("decisions", "funding", "indicators", "timeline", "findings")


def all_sources(record: object) -> list[dict]:
    """Every Source-shaped dict anywhere inside a record."""
    found = []
    if isinstance(record, dict):
        if set(record) == {"doc_id", "page", "char_start", "char_end", "quote"}:
            found.append(record)
        for value in record.values():
            found += all_sources(value)
    elif isinstance(record, list):
        for value in record:
            found += all_sources(value)
    return found


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
