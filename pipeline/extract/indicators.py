"""Indicators: performance rows from tables and flattened lines (to be written)."""

from __future__ import annotations

from spacy.tokens import Doc

from schemas.records import Document, Indicator


def extract_indicators(doc: Document, parsed: Doc) -> list[Indicator]:
    return []
