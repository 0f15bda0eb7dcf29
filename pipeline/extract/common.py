"""Helpers every extractor shares: provenance from a span, sentence and line lookup."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemas.provenance import Source, source_for_span
from schemas.records import Document


def source(doc: Document, start: int, end: int) -> Source:
    """The Source of ``doc.text[start:end]`` (trimmed of white space)."""
    return source_for_span(doc.text, doc.doc_id, doc.page_starts, start, end)


def line_span(text: str, offset: int) -> tuple[int, int]:
    """The line holding ``offset``, as a (start, end) span without its newline."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'•-])|\n")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line, for unpunctuated lines) around ``text[start:end]``."""
    line_start, line_end = line_span(text, start)
    left = line_start
    for match in _SENTENCE_END.finditer(text, line_start, start):
        left = match.end()
    right_match = _SENTENCE_END.search(text, end, line_end)
    right = right_match.start() if right_match else line_end
    return left, max(right, end)


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for every line of the text."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1
