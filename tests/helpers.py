"""Small helpers several test modules share."""

from __future__ import annotations

from schemas.records import Document, Table


def make_doc(text: str, tables: list[Table] | None = None, doc_id: str = "t") -> Document:
    """A one-page Document over ``text`` (already normalised), as ingest would make it."""
    return Document(
        doc_id=doc_id,
        path=f"{doc_id}.txt",
        sha256="0",
        text=text,
        page_starts=[0],
        tables=tables or [],
    )


def all_sources(record: object) -> list[dict]:
    """Every Source-shaped dict anywhere inside a (dumped) record (an OCR source also has
    ``ocr`` and ``confidence``)."""
    found = []
    if isinstance(record, dict):
        base = {"doc_id", "page", "char_start", "char_end", "quote"}
        if base <= set(record) <= base | {"ocr", "confidence"}:
            found.append(record)
        for value in record.values():
            found += all_sources(value)
    elif isinstance(record, list):
        for value in record:
            found += all_sources(value)
    return found
