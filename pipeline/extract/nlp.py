"""The spaCy pipeline: ``spacy.blank("en")`` with an EntityRuler, built once per process.

No statistical model and no download.  The EntityRuler's patterns are the readable JSONL
files in ``patterns/`` (every ``patterns/*.jsonl`` file is loaded, so each extractor keeps
its own).  Entities are read only where an extractor asks for them, a printed line at a
time (:class:`Parsed`): no pattern crosses a line break, so a line read alone gives the
tokens and entities it has in the whole text, and most of a long paper's text (its tables
and prose) is never tokenised.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language

PATTERN_PACKAGE = "pipeline.extract"


def load_patterns() -> list[dict[str, Any]]:
    """Every EntityRuler pattern from ``patterns/*.jsonl``, in file-name order."""
    folder = resources.files(PATTERN_PACKAGE).joinpath("patterns")
    patterns: list[dict[str, Any]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".jsonl"):
            for line in entry.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.lstrip().startswith("//"):
                    patterns.append(json.loads(line))
    return patterns


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline (built on first use, then reused for every paper)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(load_patterns())  # type: ignore[attr-defined]
    nlp.max_length = 25_000_000  # above ingest's MAX_CHARS: a blank pipeline needs little memory
    return nlp


@dataclass(frozen=True)
class Entity:
    """A matched entity, as plain offsets into the paper's text."""

    start_char: int
    end_char: int
    label_: str
    text: str


@dataclass
class _Line:
    token_starts: list[int]  # absolute offsets of the line's tokens
    token_ends: list[int]
    entities: list[Entity]  # in text order


class Parsed:
    """A paper's normalised text, tokenised and matched by the EntityRuler a line at a
    time, each line once, when an extractor first asks about it.

    ``text`` is the text; :meth:`entities` gives the entities (labels ``ROLE``,
    ``COMMITTEE``, ``ORG``, ...) in a span, as :func:`entities_in` documents."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts: list[int] | None = None
        self._lines: dict[int, _Line] = {}

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            starts, at = [0], self.text.find("\n")
            while at != -1:
                starts.append(at + 1)
                at = self.text.find("\n", at + 1)
            self._line_starts = starts
        return self._line_starts

    def _read(self, first: int, last: int) -> list[_Line]:
        """Lines ``first``..``last`` (indices), reading those not yet read in one batch."""
        starts = self._starts()
        text = self.text

        def bounds(i: int) -> tuple[int, int]:
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
            return starts[i], end

        wanted = [i for i in range(first, last + 1) if i not in self._lines]
        if wanted:
            spans = [bounds(i) for i in wanted]
            docs = get_nlp().pipe(text[a:b] for a, b in spans)
            for i, (a, _), doc in zip(wanted, spans, docs):
                self._lines[i] = _Line(
                    [a + t.idx for t in doc],
                    [a + t.idx + len(t) for t in doc],
                    [Entity(a + e.start_char, a + e.end_char, e.label_, e.text) for e in doc.ents],
                )
        return [self._lines[i] for i in range(first, last + 1)]

    def entities(self, start: int, end: int, labels: tuple[str, ...] | None = None) -> list[Entity]:
        start, end = max(0, start), min(len(self.text), end)
        if end <= start:
            return []
        starts = self._starts()
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1) - 1
        lines = self._read(first, last)
        # widen to whole tokens (a span that cuts a word takes in the word)
        head, tail = lines[0], lines[-1]
        at = bisect_right(head.token_starts, start) - 1
        if at >= 0 and head.token_ends[at] > start:
            start = head.token_starts[at]
        at = bisect_right(tail.token_starts, end - 1) - 1
        if at >= 0:
            end = max(end, tail.token_ends[at])
        return [
            e for line in lines for e in line.entities
            if e.start_char >= start and e.end_char <= end and (labels is None or e.label_ in labels)
        ]


def parse(text: str) -> Parsed:
    """The paper's text, ready for entity look-ups (nothing is tokenised yet)."""
    return Parsed(text)


def entities_in(parsed: Parsed, start: int, end: int, labels: tuple[str, ...] | None = None) -> list[Entity]:
    """Entities inside ``parsed.text[start:end]`` widened to whole tokens (what
    ``doc.char_span(start, end, alignment_mode="expand").ents`` gives on the whole
    text), with one of ``labels`` when given, in text order."""
    return parsed.entities(start, end, labels)
