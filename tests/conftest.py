"""Shared fixtures: the corpus in its text and PDF forms, ingested and run end to end."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import HealthCheck, settings

from pipeline.ingest import ingest
from schemas.records import Document

# Property tests never fail by chance: the default profile is derandomised (the same
# examples every run, on every machine) and keeps no example database, so a clone cannot
# replay a failure it saved earlier.  HYPOTHESIS_PROFILE=explore searches at random, for
# a developer hunting new counter-examples.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))
DOC_IDS = [p.stem for p in CORPUS_FILES]
FORMS = ["text", "pdf"]
PAPERS = ROOT / "tests" / "papers"
GENRE_FILES = sorted(p for p in PAPERS.glob("ext_*") if p.suffix in {".txt", ".md"})
assert GENRE_FILES, "tests/papers/ext_* are missing"
GENRE_IDS = [p.stem for p in GENRE_FILES]


def expected_for(doc_id: str) -> dict:
    """The hand-written expectations for one of our own genre papers."""
    import json

    return json.loads((PAPERS / "expected" / f"{doc_id}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every corpus paper rendered as a council-style PDF (header, footers, ruled table)."""
    from tests.pdfgen import corpus_pdf

    folder = tmp_path_factory.mktemp("corpus_pdf")
    for path in CORPUS_FILES:
        corpus_pdf(path, folder)
    return folder


@pytest.fixture(scope="session")
def corpus_docs(corpus_pdf_dir: Path) -> dict[tuple[str, str], Document]:
    """(doc_id, form) -> ingested Document, for form in text and pdf."""
    docs = {}
    for path in CORPUS_FILES:
        docs[(path.stem, "text")] = ingest(path, path.stem)
        docs[(path.stem, "pdf")] = ingest(corpus_pdf_dir / f"{path.stem}.pdf", path.stem)
    return docs


def _run(inputs: list[Path], out: Path) -> Path:
    from pipeline.batch import RunOptions, run

    run(inputs, RunOptions(out_dir=out, workers=1, executor="local"))
    return out


@pytest.fixture(scope="session")
def text_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of a full run over the text corpus."""
    return _run([CORPUS], tmp_path_factory.mktemp("out_text"))


@pytest.fixture(scope="session")
def pdf_run(tmp_path_factory: pytest.TempPathFactory, corpus_pdf_dir: Path) -> Path:
    """Output folder of a full run over the PDF corpus."""
    return _run([corpus_pdf_dir], tmp_path_factory.mktemp("out_pdf"))


@pytest.fixture(scope="session", params=FORMS)
def corpus_run(request: pytest.FixtureRequest, text_run: Path, pdf_run: Path) -> Path:
    return text_run if request.param == "text" else pdf_run


@pytest.fixture(scope="session")
def genre_pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our own genre papers rendered as PDFs (pipe tables become ruled tables)."""
    from tests.pdfgen import render_paper_pdf

    folder = tmp_path_factory.mktemp("genre_pdf")
    for path in GENRE_FILES:
        render_paper_pdf(path.read_text(encoding="utf-8"), folder / f"{path.stem}.pdf", header="Council papers", title=path.stem)
    return folder


@pytest.fixture(scope="session")
def genre_docs(genre_pdf_dir: Path) -> dict[tuple[str, str], Document]:
    docs = {}
    for path in GENRE_FILES:
        docs[(path.stem, "text")] = ingest(path, path.stem)
        docs[(path.stem, "pdf")] = ingest(genre_pdf_dir / f"{path.stem}.pdf", path.stem)
    return docs
