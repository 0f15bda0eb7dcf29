"""Where OCR text lies in a paper's normalised text, and how sure Tesseract was of it.

OCR words go through the same line building and normalisation as a text layer's words,
which join lines, drop running headers and rejoin hyphenated words.  So the words are
found again afterwards: first in the page text the PDF reader composed (the words in
reading order), then in the page's stretch of the normalised text, each by aligning the
two token sequences (difflib), as :func:`pipeline.ingest._locate_tables` finds tables.
A token that normalisation changed (a hyphenated word rejoined) takes the lowest
confidence of the words it came from.

``locate_ocr`` gives the :class:`schemas.OcrRun` list a Document keeps; ``OcrIndex``
answers, for any span of the text, whether it was read by OCR and with what confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from pipeline.ingest.normalise import normalise_cell
from schemas.provenance import OcrRun

if TYPE_CHECKING:
    from pipeline.ingest.pdf import RawPage, Word

_TOKEN = re.compile(r"\S+")


def _align(left: Sequence[str], right: Sequence[str], confs: Sequence[float | None]) -> list[float | None]:
    """For each token of ``right``, the confidence of the ``left`` token(s) it matches
    (the lowest, where several were changed into it); None where it matches none."""
    out: list[float | None] = [None] * len(right)
    matcher = SequenceMatcher(None, list(left), list(right), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out[j1:j2] = confs[i1:i2]
        elif tag == "replace":
            known = [c for c in confs[i1:i2] if c is not None]
            # a change of a few tokens (a rejoined word) inherits their lowest confidence;
            # a long unmatched stretch is not guessed at
            if known and (i2 - i1) <= 3 and (j2 - j1) <= 3:
                out[j1:j2] = [min(known)] * (j2 - j1)
    return out


def _reading_order(words: Sequence[Word]) -> list[Word]:
    """Words top to bottom, left to right within a line (OCR words of one printed line
    share their top)."""
    return sorted(words, key=lambda w: (round(w.top), w.x0))


def page_runs(text: str, start: int, end: int, page_text: str, words: Sequence[Word]) -> list[OcrRun]:
    """OCR runs for one page: ``words`` (with ``conf``) found in ``page_text`` (the page as
    the reader composed it) and then in ``text[start:end]`` (the page's normalised text)."""
    ordered = _reading_order(words)
    raw_tokens = [m.group(0) for m in _TOKEN.finditer(page_text)]
    raw_conf = _align([w.text for w in ordered], raw_tokens, [w.conf for w in ordered])
    found = list(_TOKEN.finditer(text, start, end))
    normal_conf = _align([normalise_cell(t) or "" for t in raw_tokens], [m.group(0) for m in found], raw_conf)
    return [
        OcrRun(char_start=m.start(), char_end=m.end(), confidence=conf)
        for m, conf in zip(found, normal_conf)
        if conf is not None
    ]


def locate_ocr(text: str, page_starts: Sequence[int], pages: Sequence[RawPage]) -> list[OcrRun]:
    """Runs of OCR text in the normalised ``text`` (whose pages begin at ``page_starts``),
    for every page the PDF reader read by OCR, in text order."""
    runs: list[OcrRun] = []
    for index, page in enumerate(pages):
        if page.ocr_words is None or index >= len(page_starts):
            continue
        start = page_starts[index]
        end = page_starts[index + 1] if index + 1 < len(page_starts) else len(text)
        runs.extend(page_runs(text, start, end, page.text, page.ocr_words))
    return runs


class OcrIndex:
    """Answers for a span of a paper's normalised text: was it read by OCR, and how sure
    was Tesseract of it.  ``pages`` are the 1-based OCR pages, ``page_starts`` each page's
    first offset (a span starting on an OCR page was read by OCR)."""

    def __init__(self, runs: Sequence[OcrRun], pages: Sequence[int], page_starts: Sequence[int], length: int) -> None:
        self.runs = sorted(runs, key=lambda r: r.char_start)
        self.starts = [r.char_start for r in self.runs]
        self.ranges = []
        for page in sorted(set(pages)):
            if 1 <= page <= len(page_starts):
                end = page_starts[page] if page < len(page_starts) else length
                self.ranges.append((page_starts[page - 1], end))

    def is_ocr(self, start: int, end: int) -> bool:
        """Whether any of ``[start, end)`` lies on a page read by OCR."""
        return any(a < max(end, start + 1) and start < b for a, b in self.ranges)

    def confidence(self, start: int, end: int) -> float | None:
        """The lowest confidence of the OCR runs overlapping ``[start, end)``; None where
        none does."""
        first = max(0, bisect_right(self.starts, start) - 1)
        last = bisect_left(self.starts, end)
        values = [r.confidence for r in self.runs[first:last] if r.char_start < end and start < r.char_end]
        return min(values) if values else None
