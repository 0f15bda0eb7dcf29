"""The spaCy pipeline: ``spacy.blank("en")`` with rule components, built once per process.

No statistical model and no download: a sentencizer that also breaks at line ends, and an
EntityRuler whose patterns are the readable JSONL files in ``patterns/`` (every
``patterns/*.jsonl`` file is loaded, so each extractor keeps its own).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PATTERN_PACKAGE = "pipeline.extract"


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (headings and list items have no full stop)."""
    for token in doc[:-1]:
        if "\n" in token.text or token.text_with_ws.endswith("\n"):
            doc[token.i + 1].is_sent_start = True
    return doc


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
    nlp.add_pipe("line_breaks")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(load_patterns())  # type: ignore[attr-defined]
    nlp.max_length = 5_000_000
    return nlp


def parse(text: str) -> Doc:
    return get_nlp()(text)
