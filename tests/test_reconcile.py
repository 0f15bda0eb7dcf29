"""Funding streams across papers: linking, paper order, changes; and the whole validator
end to end over ``papertrail run`` (the corpus and the genre papers with planted errors)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.extract.money import extract_funding
from pipeline.store import Corpus, read_jsonl
from pipeline.validate import check
from pipeline.validate.reconcile import (
    canonical_payer,
    link_streams,
    paper_dates,
    paper_order,
    purpose_words,
)
from schemas.findings import Finding, FindingCheck, FindingStatus
from schemas.provenance import source_for_span
from schemas.records import Precision, TimelineEvent
from tests.fixtures.validate.builders import corpus_of, corpus_papers, planted_papers
from tests.helpers import make_doc

PASS, WARN, FAIL = FindingStatus.passed, FindingStatus.warn, FindingStatus.fail
ROOT = Path(__file__).resolve().parent.parent
PAPERS = ROOT / "tests" / "papers"


@pytest.fixture(scope="module")
def hand_corpus() -> Corpus:
    return corpus_of(*corpus_papers().values())


def by_amount(corpus: Corpus, doc: str, text: str, n: int = 0):
    return [f for f in corpus.funding if f.doc_id.startswith(doc) and f.amount_text == text][n]


# --------------------------------------------------------------------------- linking


def test_payers_are_canonical() -> None:
    assert canonical_payer("Kent County Council (KCC)") == ("kcc", "")
    assert canonical_payer("KCC") == ("kcc", "")
    assert canonical_payer("Early Help and Preventative Services (EHPS)") == ("@council", "early help")
    assert canonical_payer("The CCGs") == ("ccg", "")
    assert canonical_payer("Northshire Integrated Care Board") == ("ccg", "")
    assert canonical_payer("Northshire County Council") == ("ncc", "")
    assert canonical_payer(None) == ("", "")


def test_acronyms_are_resolved() -> None:
    assert purpose_words("CYPMHS") == purpose_words("children and young people's mental health service")
    assert purpose_words("the Early Help Pathway in CYP MH contract") >= {"early", "help", "mental", "health"}


def test_the_same_stream_is_linked_across_papers(hand_corpus: Corpus) -> None:
    keys = link_streams(hand_corpus).keys
    total_002 = by_amount(hand_corpus, "002", "£2,728,288")
    yearly_000 = by_amount(hand_corpus, "000", "£2.65m")
    yearly_003 = by_amount(hand_corpus, "003", "£2.65m")
    assert keys[total_002.id] == keys[yearly_000.id] == keys[yearly_003.id]
    assert keys[total_002.id].startswith("kcc|")
    ehps = by_amount(hand_corpus, "002", "£1,440,000")
    early_help_004 = by_amount(hand_corpus, "004", "£1.2m")
    assert keys[ehps.id] == keys[early_help_004.id] != keys[total_002.id]
    # a coarser restatement in the same paper joins the precise figure's stream
    assert keys[by_amount(hand_corpus, "003", "£2.6m", 1).id] == keys[yearly_003.id]
    # the CCGs' money and the payer-less contract total are other streams
    assert keys[by_amount(hand_corpus, "003", "£13.8m").id] != keys[yearly_003.id]


def test_papers_are_ordered_by_date_and_decision_links(hand_corpus: Corpus) -> None:
    assert [d[:3] for d in paper_order(hand_corpus)] == ["001", "002", "000", "003", "004"]
    planted = corpus_of(*planted_papers().values())
    order = paper_order(planted)
    assert order.index("planted_2019") < order.index("planted_2021")
    assert order[-1] == "planted_table"  # undated papers go last


def test_a_paper_is_not_dated_by_what_it_plans(hand_corpus: Corpus) -> None:
    before = paper_dates(hand_corpus)
    event = next(e for e in hand_corpus.timeline if e.doc_id.startswith("000"))
    plan = event.model_copy(update={"date": "2030-01", "kind": "planned", "label": "Report back"})
    planned = replace(hand_corpus, timeline=[*hand_corpus.timeline, plan])
    assert paper_dates(planned) == before
    assert paper_order(planned) == paper_order(hand_corpus)
    # nor by a date it only mentions (a contract's end, a year in a forecast table) ...
    mentioned = replace(hand_corpus, timeline=[*hand_corpus.timeline, plan.model_copy(update={"kind": "contract"})])
    assert paper_dates(mentioned) == before
    # ... but a meeting it reports (the header's "Date of meeting") does
    meeting = plan.model_copy(update={"kind": "committee", "date": "2018-12"})
    assert paper_dates(replace(hand_corpus, timeline=[*hand_corpus.timeline, meeting]))[event.doc_id] == "2018-12"


# --------------------------------------------------------------------------- changes


def _cross(findings: list[Finding], *amounts: str) -> Finding:
    wanted = [Decimal(a) for a in amounts]
    hits = [f for f in findings if f.check is FindingCheck.cross_document and f.amounts_gbp == wanted]
    assert len(hits) == 1, [f.message for f in findings if f.check is FindingCheck.cross_document]
    return hits[0]


def test_changes_between_papers_on_the_corpus(hand_corpus: Corpus) -> None:
    findings = check(hand_corpus)
    kcc = _cross(findings, "2728288", "2650000")
    assert kcc.status is WARN
    assert [d[:3] for d in kcc.doc_ids] == ["002", "000"]
    assert kcc.difference == Decimal(-78288) and kcc.difference_pct == Decimal("-2.87")
    assert "£2,728,288" in kcc.message and "£2.65m" in kcc.message and "Paper 002" in kcc.message
    assert kcc.funding_stream and kcc.funding_stream.startswith("KCC")
    same = _cross(findings, "2650000", "2650000")
    assert same.status is PASS and [d[:3] for d in same.doc_ids] == ["000", "003"]
    ehps = _cross(findings, "1440000", "1200000")
    assert ehps.status is WARN and ehps.difference == Decimal(-240000)
    assert [s.doc_id[:3] for s in ehps.sources] == ["002", "004"]
    assert "Early Help" in ehps.message


def test_planted_change_between_two_papers(tmp_path: Path) -> None:
    findings = check(corpus_of(*planted_papers().values()))
    council = _cross(findings, "640000", "700000")
    assert council.status is WARN and council.difference_pct == Decimal("9.38")
    assert council.doc_ids == ["planted_2019", "planted_2021"]
    assert _cross(findings, "210000", "210000").status is PASS


def test_ids_are_stable_and_differ_per_finding(hand_corpus: Corpus) -> None:
    first, second = check(hand_corpus), check(hand_corpus)
    assert [f.id for f in first] == [f.id for f in second]
    assert [f.model_dump() for f in first] == [f.model_dump() for f in second]
    assert len({f.id for f in first}) == len(first)


# --------------------------------------------------------------------------- end to end


def _findings(out: Path) -> list[Finding]:
    return read_jsonl(out / "findings.jsonl", Finding)


def test_corpus_run_flags_the_four_discrepancies(corpus_run: Path) -> None:
    """In the text and the PDF forms of the corpus."""
    findings = _findings(corpus_run)
    by = lambda c, doc: [f for f in findings if f.check is c and f.doc_ids[0].startswith(doc)]
    (sum_003,) = [f for f in by(FindingCheck.sum, "003") if f.actual == Decimal(16500000)]
    assert sum_003.status is FAIL and "£2.65m" in sum_003.message
    (period_000,) = by(FindingCheck.period, "000")
    assert period_000.status is FAIL
    cross = [f for f in findings if f.check is FindingCheck.cross_document]
    kcc = [f for f in cross if Decimal(2728288) in f.amounts_gbp]
    assert kcc and all(f.status is WARN for f in kcc)
    assert any(Decimal(2650000) in f.amounts_gbp for f in kcc)
    ehps = [f for f in cross if f.amounts_gbp == [Decimal(1440000), Decimal(1200000)]]
    assert len(ehps) == 1 and ehps[0].status is WARN
    assert [d[:3] for d in ehps[0].doc_ids] == ["002", "004"]
    # Paper 000 is dated by its Cabinet Committee (November 2018), not by the report-back
    # it plans for July 2019.
    dated_000 = [f.message for f in cross if "Paper 000 (" in f.message]
    assert dated_000 and all("Paper 000 (2019-07)" not in m for m in dated_000), dated_000
    assert all("Paper 000 (2018-11)" in m for m in dated_000), dated_000


def test_corpus_run_passes_the_true_sums_and_percentages(corpus_run: Path) -> None:
    findings = _findings(corpus_run)
    sums = {f.actual: f.status for f in findings if f.check is FindingCheck.sum}
    assert sums[Decimal(2728288)] is PASS and sums[Decimal(500000)] is PASS and sums[Decimal(1200000)] is PASS
    percents = [f for f in findings if f.check is FindingCheck.percent_change]
    assert {f.actual for f in percents} >= {Decimal(76), Decimal(25), Decimal(14)}
    assert all(f.status is PASS for f in percents)


def test_corpus_run_has_no_false_fail(corpus_run: Path) -> None:
    fails = sorted((f.check.value, f.doc_ids[0][:3]) for f in _findings(corpus_run) if f.status is FAIL)
    assert fails == [("period", "000"), ("sum", "003")]


def test_validate_rechecks_stored_records_without_parsing(text_run: Path, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    out = tmp_path / "out"
    shutil.copytree(text_run, out)
    before = (out / "findings.jsonl").read_text(encoding="utf-8")
    (out / "findings.jsonl").unlink()

    def no_parsing(*args, **kwargs):
        raise AssertionError("validate parsed a paper")

    monkeypatch.setattr("pipeline.extract.extract_all", no_parsing)
    monkeypatch.setattr("pipeline.ingest.ingest", no_parsing)
    result = CliRunner().invoke(main, ["validate", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert (out / "findings.jsonl").read_text(encoding="utf-8") == before


# --------------------------------------------------------------------------- genre papers


@pytest.fixture(scope="module")
def genre_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipeline.batch import RunOptions, run

    assert (PAPERS / "ext_errors_a.txt").exists(), "tests/papers/ext_errors_a.txt is missing"
    inputs = tmp_path_factory.mktemp("genre_in")
    for name in ("ext_errors_a.txt", "ext_errors_b.txt", "ext_budget_table.md"):
        shutil.copy(PAPERS / name, inputs / name)
    out = tmp_path_factory.mktemp("genre_out")
    run([inputs], RunOptions(out_dir=out, workers=1, executor="local"))
    return out


def _expected(name: str) -> list[dict]:
    return json.loads((PAPERS / "expected" / f"{name}.json").read_text(encoding="utf-8"))["findings"]


def _matches(expected: dict, finding: Finding) -> bool:
    """Same check, same figures (as a multiset; our sum findings may add a precise figure
    found elsewhere in the paper, never for these papers)."""
    amounts = sorted(Decimal(a) for a in expected.get("amounts_gbp", []))
    return finding.check.value == expected["check"] and sorted(finding.amounts_gbp) == amounts


def _missing(findings: list[Finding], name: str) -> list[tuple]:
    missing = []
    for want in _expected(name):
        if want["check"] == "percent_change":
            hits = [
                f
                for f in findings
                if f.check is FindingCheck.percent_change
                and f.actual == Decimal(want["stated"])
                and f.values == [Decimal(v) for v in want["values"]]
                and f.amounts_gbp == []
            ]
        else:
            hits = [f for f in findings if _matches(want, f)]
        if not hits or hits[0].status.value != want["status"]:
            missing.append((want["check"], want["status"], want["what"], [h.status.value for h in hits]))
    return missing


@pytest.mark.parametrize("name", ["ext_errors_a", "ext_errors_b", "ext_budget_table"])
def test_genre_papers_give_the_expected_findings(genre_run: Path, name: str) -> None:
    missing = _missing(_findings(genre_run), name)
    assert not missing, missing


def test_genre_papers_have_no_false_fail(genre_run: Path) -> None:
    planted = {("ext_errors_a", "sum"), ("ext_errors_a", "period"), ("ext_errors_a", "percent_change")}
    for f in _findings(genre_run):
        if f.status is FAIL:
            assert (f.doc_ids[0], f.check.value) in planted, f.message


# --------------------------------------------------------------------------- one authority


def _paper_of(council: str, amount: str, doc_id: str, date: str) -> Corpus:
    """A one-sentence paper headed by a council's name, dated by a meeting."""
    text = f"{council.upper()}\n\nThe Council will contribute {amount} per year to the Youth Wellbeing Service."
    doc = make_doc(text, doc_id=doc_id)
    event = TimelineEvent(
        date=date, precision=Precision.day, label="meeting", kind="committee", doc_id=doc_id,
        source=source_for_span(text, doc_id, [0], 0, len(council)),
    )
    return Corpus(documents=[doc], funding=extract_funding(doc), timeline=[event])


def _merged(*corpora: Corpus) -> Corpus:
    return Corpus(
        documents=[d for c in corpora for d in c.documents],
        funding=[f for c in corpora for f in c.funding],
        timeline=[t for c in corpora for t in c.timeline],
    )


def test_streams_link_only_within_one_authority() -> None:
    """The same words about the same service in two councils' papers are two councils'
    money: never compared.  Two papers of one council are, in the order of their own dates."""
    north_a = _paper_of("Northshire County Council", "£1.5m", "north_a", "2022-03-01")
    north_b = _paper_of("Northshire County Council", "£1.65m", "north_b", "2023-04-17")
    south = _paper_of("Southdown County Council", "£2.0m", "south", "2022-09-01")
    everything = _merged(north_a, north_b, south)
    assert {f.authority for f in everything.funding} == {"Northshire County Council", "Southdown County Council"}
    cross = [f for f in check(everything) if f.check is FindingCheck.cross_document]
    assert len(cross) == 1
    assert cross[0].doc_ids == ["north_a", "north_b"] and cross[0].status is WARN
    assert "(2022-03-01)" in cross[0].message and "(2023-04-17)" in cross[0].message
    # a paper that does not say whose it is links with no other paper
    unknown = _paper_of("Report", "£1.5m", "anon", "2021-01-01")
    assert not [f for f in check(_merged(north_a, unknown)) if f.check is FindingCheck.cross_document]
