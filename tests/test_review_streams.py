"""Reviewer's tests for funding streams: the paper's own council's name in a purpose says
who pays, not what for, for any council (the word list named one council only).  Every
paper here is made in the test (none is one of the real papers)."""

from __future__ import annotations

import pytest

from pipeline.extract.money import extract_funding
from pipeline.store import Corpus
from pipeline.validate.reconcile import link_streams
from tests.helpers import make_doc


def _keys(council: str, initials: str) -> dict[str, str]:
    head = f"{council.upper()}\n\nCabinet report, {{}}.\n\n"
    a = make_doc(
        head.format("3 March 2025")
        + f"The CCG will pay £400,000 a year towards the {council} ({initials}) youth service.\n",
        doc_id="001_a",
    )
    b = make_doc(head.format("9 June 2025") + "The CCG will pay £450,000 a year towards the youth service.\n", doc_id="002_b")
    funding = extract_funding(a) + extract_funding(b)
    assert [f.authority for f in funding] == [council, council]
    return link_streams(Corpus(documents=[a, b], funding=funding)).keys


@pytest.mark.parametrize(
    ("council", "initials"),
    [("Westmere County Council", "WCC"), ("Kent County Council", "KCC"), ("Harbury District Council", "HDC")],
)
def test_the_papers_own_council_named_in_a_purpose_does_not_split_the_stream(council: str, initials: str) -> None:
    keys = _keys(council, initials)
    assert len(keys) == 2 and len(set(keys.values())) == 1
    assert "youth" in next(iter(keys.values()))
