"""The entity look-ups read a line at a time give what spaCy gives on the whole text."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.decisions.consultations import committee_heads
from pipeline.extract.nlp import Parsed, get_nlp, load_patterns
from pipeline.ingest import ingest
from tests.conftest import CORPUS, PAPERS

TEXTS = sorted(CORPUS.glob("*.txt")) + sorted(PAPERS.glob("*.txt"))


@lru_cache(maxsize=None)
def _paper(path: Path) -> tuple[str, list[tuple[int, int, str]], object]:
    text = ingest(path, path.stem).text
    whole = get_nlp()(text)
    return text, [(e.start_char, e.end_char, e.label_) for e in whole.ents], whole


def _whole_text_reading(path: Path, start: int, end: int, labels: tuple[str, ...] | None) -> list[tuple[int, int, str]]:
    text, _, whole = _paper(path)
    span = whole.char_span(start, end, alignment_mode="expand")  # type: ignore[attr-defined]
    ents = span.ents if span is not None else []
    return [(e.start_char, e.end_char, e.label_) for e in ents if labels is None or e.label_ in labels]


def test_the_papers_have_entities_of_every_kind_to_compare() -> None:
    labels = {label for path in TEXTS for _, _, label in _paper(path)[1]}
    assert {"ROLE", "COMMITTEE", "ORG"} <= labels


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_every_entity_of_a_paper_is_found_reading_it_line_by_line(path: Path) -> None:
    text, whole, _ = _paper(path)
    assert [(e.start_char, e.end_char, e.label_) for e in Parsed(text).entities(0, len(text))] == whole


@given(
    paper=st.sampled_from(TEXTS),
    where=st.floats(min_value=0, max_value=1),
    length=st.integers(min_value=0, max_value=4000),
    labels=st.sampled_from([None, ("COMMITTEE",), ("ROLE", "COMMITTEE"), ("ORG",)]),
)
def test_entities_in_any_span_are_those_of_the_whole_text_reading(
    paper: Path, where: float, length: int, labels: tuple[str, ...] | None
) -> None:
    text = _paper(paper)[0]
    start = int(where * len(text))
    end = min(len(text), start + length)
    parsed = Parsed(text)
    got = [(e.start_char, e.end_char, e.label_) for e in parsed.entities(start, end, labels)]
    assert got == _whole_text_reading(paper, start, end, labels)
    for e in parsed.entities(start, end, labels):
        assert text[e.start_char : e.end_char] == e.text


def test_spans_that_cut_a_word_take_in_the_whole_word() -> None:
    text = "Report to the Scrutiny Committee\nand to the Cabinet Member for Finance, Mr Smith"
    parsed = Parsed(text)
    committee = text.index("Scrutiny Committee")
    assert [e.text for e in parsed.entities(committee + 3, committee + 12)] == ["Scrutiny Committee"]
    assert [e.text for e in parsed.entities(0, committee - 1)] == []
    assert [e.label_ for e in parsed.entities(0, len(text))] == ["COMMITTEE", "ROLE", "HONORIFIC"]


def test_nothing_is_tokenised_until_asked_and_each_line_once() -> None:
    text = "\n".join(f"Line {n} of the Audit Committee papers" for n in range(50))
    parsed = Parsed(text)
    assert parsed._lines == {}
    parsed.entities(0, 10)
    assert set(parsed._lines) == {0}
    first = parsed._lines[0]
    parsed.entities(0, len(text))
    assert parsed._lines[0] is first and len(parsed._lines) == 50


def test_empty_and_out_of_range_spans_have_no_entities() -> None:
    parsed = Parsed("The Planning Committee met.")
    assert parsed.entities(5, 5) == []
    assert parsed.entities(100, 200) == []
    assert [e.text for e in parsed.entities(-10, 100)] == [e.text for e in parsed.entities(0, 27)] != []
    assert Parsed("").entities(0, 10) == []


def test_every_committee_pattern_ends_in_a_word_the_quick_filter_looks_for() -> None:
    """consultations skips a span with no committee word without tokenising it; that is
    only right while every COMMITTEE pattern's last token is one of those words."""
    heads = committee_heads()
    assert heads is not None
    committees = [p for p in load_patterns() if p["label"] == "COMMITTEE"]
    assert committees
    for pattern in committees:
        nlp_doc = get_nlp()
        matches = [e.text for e in nlp_doc(_example(pattern["pattern"])).ents if e.label_ == "COMMITTEE"]
        assert matches and all(heads.search(m.split()[-1]) for m in matches), pattern
    for word in ("Committee", "sub-committee", "PANEL", "Board", "Forum", "OSC", "HOSC"):
        assert heads.search(f"the {word} met")
    assert not heads.search("The Cabinet Member for Finance")


def _example(pattern: list[dict]) -> str:
    """A phrase one token pattern matches: each token's fixed word, or a capitalised
    name where the pattern only constrains the form."""
    words = []
    for token in pattern:
        fixed = next((token[k] for k in ("ORTH", "LOWER", "TEXT") if isinstance(token.get(k), str)), None)
        listed = next((token[k]["IN"] for k in ("ORTH", "LOWER", "TEXT") if isinstance(token.get(k), dict) and "IN" in token[k]), None)
        words.append(fixed or (listed[0] if listed else "Audit"))
    return "The " + " ".join(words).replace(" - ", "-") + " met."
