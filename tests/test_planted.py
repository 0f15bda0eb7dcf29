"""Our own papers with planted errors of each kind (tests/papers/planted_*): a wrong total
row, a wrong column sum, a wrong row total, a yearly profile that does not add to its
award, a year's split that does not add up; and the printed forms each new reading rule
is for (no £ signs in parish accounts, nil cells, a broken thousands separator, a unit
in a line above the table, no-break-space thousands, a footnote mark, "£(0.3)m", an
aside in brackets, a balance statement).  Every figure and every finding, in the text
form and in the PDF form (pipe tables ruled, tab tables borderless), against the
expectations in tests/papers/expected/planted_*.json, written from the text by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.evaluate.sums import figure_set
from pipeline.extract import extract_all
from pipeline.ingest import ingest
from pipeline.store import Corpus
from pipeline.validate import check
from schemas.findings import Finding, FindingStatus
from schemas.records import Funding

PAPERS = Path(__file__).resolve().parent / "papers"
PLANTED = sorted(p for p in PAPERS.glob("planted_*") if p.suffix in {".txt", ".md"})


@pytest.fixture(scope="module")
def planted_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.pdfgen import render_paper_pdf

    folder = tmp_path_factory.mktemp("planted_pdf")
    return {
        p.stem: render_paper_pdf(p.read_text(encoding="utf-8"), folder / f"{p.stem}.pdf", header="Council papers", title=p.stem)
        for p in PLANTED
    }


def _read(path: Path, stem: str) -> tuple[list[Funding], list[Finding]]:
    records = extract_all(ingest(path, stem))
    corpus = Corpus(documents=[records.document], funding=records.funding, decisions=records.decisions, timeline=records.timeline)
    return records.funding, check(corpus)


def _expected(stem: str) -> dict:
    return json.loads((PAPERS / "expected" / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("form", ["text", "pdf"])
@pytest.mark.parametrize("stem", [p.stem for p in PLANTED])
def test_planted_paper(stem: str, form: str, planted_pdfs: dict[str, Path]) -> None:
    path = next(p for p in PLANTED if p.stem == stem) if form == "text" else planted_pdfs[stem]
    funding, findings = _read(path, stem)
    want = _expected(stem)
    assert [f.amount_text for f in funding] == [w["amount_text"] for w in want["funding"]]
    for got, w in zip(funding, want["funding"], strict=True):
        assert got.amount_gbp == Decimal(w["amount_gbp"]), w
        assert (got.period.value, got.period_years, got.role.value) == (w["period"], w["period_years"], w["role"]), w
        assert got.financial_year == w.get("financial_year"), w
    sums = [f for f in findings if f.check.value in {"sum", "table_sum", "balance"}]
    for w in want["findings"]:
        wanted = figure_set(Decimal(a) for a in w["amounts_gbp"])
        hits = [f for f in sums if f.check.value == w["check"] and figure_set(f.amounts_gbp) == wanted]
        assert [f.status.value for f in hits] == [w["status"]], (w["what"], [f.message for f in hits])
    assert len(sums) == len(want["findings"]), [f.message for f in sums]
    for f in findings:
        if f.status is FindingStatus.fail:
            assert f.difference is not None and f.tolerance is not None and abs(f.difference) > f.tolerance, f.message


def test_each_kind_of_planted_error_is_here() -> None:
    fails = [w["what"] for p in PLANTED for w in _expected(p.stem)["findings"] if w["status"] == "fail" and w["what"].startswith("PLANTED")]
    for kind in ("wrong column sum", "wrong row total", "wrong total row", "profile that does not add to the award", "split not adding up"):
        assert any(kind in what for what in fails), kind
