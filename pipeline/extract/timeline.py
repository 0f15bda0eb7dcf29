"""Timeline: every dated event in a paper (to be written)."""

from __future__ import annotations

from spacy.tokens import Doc

from schemas.records import Decision, Document, TimelineEvent


def extract_timeline(doc: Document, parsed: Doc, decisions: list[Decision]) -> list[TimelineEvent]:
    return []
