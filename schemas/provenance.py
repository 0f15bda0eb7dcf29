"""Provenance: where in a paper a record came from.

`Source` points into a paper's *normalised* text (the file named by the document's
`text_path`).  The invariant ``text[char_start:char_end] == quote`` holds by
construction when a source is built with :func:`source_for_span`.

A source whose quote was read by OCR from a page image says so (``ocr: true``) with the
confidence of its least certain word; both keys are left out of the JSON of a source
read from a text layer, so such records are unchanged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Source(BaseModel):
    """A quoted span of a paper's normalised text, with its 1-based page."""

    model_config = ConfigDict(frozen=True)

    doc_id: str = Field(description="the paper (documents.doc_id)")
    page: int = Field(ge=1, description="1-based page number of char_start")
    char_start: int = Field(ge=0, description="offset of the quote's first character in the paper's normalised text")
    char_end: int = Field(ge=0, description="offset just past the quote's last character (text[char_start:char_end] == quote)")
    quote: str = Field(description="the words read, exactly as they stand in the normalised text")
    ocr: bool = Field(
        default=False,
        exclude_if=lambda v: not v,
        description="the quoted words were read by OCR from a page image (left out when false)",
    )
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        exclude_if=lambda v: v is None,
        description="OCR confidence of the quote, 0-1: that of its least certain word (left out when not OCR)",
    )

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Source:
        if self.char_end < self.char_start:
            raise ValueError("char_end precedes char_start")
        if self.char_end - self.char_start != len(self.quote):
            raise ValueError("quote length differs from its character span")
        return self


def page_of(page_starts: Sequence[int], offset: int) -> int:
    """The 1-based page holding ``offset``, given each page's first offset."""
    return max(1, bisect_right(page_starts, offset))


def source_for_span(
    text: str,
    doc_id: str,
    page_starts: Sequence[int],
    start: int,
    end: int,
    *,
    strip: bool = True,
) -> Source:
    """Build a Source for ``text[start:end]``, trimmed of surrounding white space."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside a text of {len(text)} characters")
    if strip:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    return Source(
        doc_id=doc_id,
        page=page_of(page_starts, start),
        char_start=start,
        char_end=end,
        quote=text[start:end],
    )


class OcrRun(BaseModel):
    """A stretch of a paper's normalised text read by OCR (one word, as a rule), with
    Tesseract's confidence in it (0-1)."""

    model_config = ConfigDict(frozen=True)

    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    confidence: float = Field(ge=0, le=1)
