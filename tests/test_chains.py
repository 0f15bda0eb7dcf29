"""Decision chains (timeline.html): decisions of one council that follow one another;
never two councils' decisions joined because their subjects read alike."""

from __future__ import annotations

from pipeline.render.chains import decision_chains
from pipeline.render.context import Lookups
from pipeline.store import Corpus
from tests.test_render import synthetic_corpus


def _corpus(papers: dict[str, tuple[str, str, str]]) -> Corpus:
    """papers: doc_id -> (council, decision subject, decision date)."""
    base = synthetic_corpus()
    decision, figure, document = base.decisions[0], base.funding[0], base.documents[0]
    documents, decisions, funding = [], [], []
    for doc_id, (council, subject, when) in papers.items():
        documents.append(document.model_copy(update={"doc_id": doc_id}))
        decisions.append(decision.model_copy(update={
            "doc_id": doc_id, "subject": subject, "decision_date": when, "decision_number": None,
            "referenced_decisions": [],
        }))
        funding.append(figure.model_copy(update={"doc_id": doc_id, "authority": council, "funding_stream": None}))
    return Corpus(documents=documents, decisions=decisions, funding=funding)


def _chained(corpus: Corpus) -> list[list[str]]:
    return [[step.doc_id for step in chain.steps] for chain in decision_chains(corpus, Lookups.of(corpus))]


def test_similar_subjects_of_two_councils_are_not_one_chain() -> None:
    corpus = _corpus({
        "westmere-1": ("Westmere Borough Council", "Youth outreach grant for estates", "2024-01-10"),
        "harbury-1": ("Harbury District Council", "Youth outreach grant for estates", "2024-02-10"),
        "westmere-2": ("Westmere Borough Council", "Youth outreach grant for estates: renewal", "2025-01-10"),
    })
    assert _chained(corpus) == [["westmere-1", "westmere-2"]]


def test_the_councils_own_name_is_not_a_shared_subject() -> None:
    """'Westmere' and 'WBC' in two of one council's subjects about different things do not
    make them one service (any council's name, not a list of some councils' names)."""
    corpus = _corpus({
        "westmere-1": ("Westmere Borough Council", "WBC Westmere parking", "2024-01-10"),
        "westmere-2": ("Westmere Borough Council", "WBC Westmere libraries", "2024-03-10"),
    })
    assert _chained(corpus) == []
    corpus = _corpus({
        "westmere-1": ("Westmere Borough Council", "Westmere library opening hours", "2024-01-10"),
        "westmere-2": ("Westmere Borough Council", "Library opening hours review", "2024-03-10"),
    })
    assert _chained(corpus) == [["westmere-1", "westmere-2"]]
