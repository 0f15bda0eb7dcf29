"""Funding: every money figure with period, role, payer and purpose (to be written)."""

from __future__ import annotations

from spacy.tokens import Doc

from schemas.records import Document, Funding


def extract_funding(doc: Document, parsed: Doc) -> list[Funding]:
    return []
