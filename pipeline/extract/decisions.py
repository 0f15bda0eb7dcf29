"""Decisions: numbers, makers, dates and resolutions (to be written)."""

from __future__ import annotations

from spacy.tokens import Doc

from schemas.records import Decision, Document


def extract_decisions(doc: Document, parsed: Doc) -> list[Decision]:
    return []
