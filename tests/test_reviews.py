"""Auditor reviews (kept while a finding is unchanged, dropped visibly when its figures
change), the ``papertrail review`` command, and reconciliation.csv."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli_review import review
from pipeline.store import Store, read_jsonl
from pipeline.validate import check
from pipeline.validate.csv_report import COLUMNS, reconciliation_csv, write_reconciliation_csv
from pipeline.validate.reviews import (
    ReviewError,
    apply_reviews,
    finding_id,
    fingerprint,
    new_review,
    read_reviews_file,
)
from schemas.findings import Finding, FindingCheck, FindingStatus, ReviewStatus
from tests.fixtures.validate.builders import corpus_of, corpus_papers

ROOT = Path(__file__).resolve().parent.parent


def _sum_003(findings: list[Finding]) -> Finding:
    return next(f for f in findings if f.check is FindingCheck.sum and f.doc_ids[0].startswith("003"))


# --------------------------------------------------------------------------- ids and fingerprints


def test_id_depends_on_records_not_values() -> None:
    a = finding_id(FindingCheck.sum, ["d:F002", "d:F001"])
    assert a == finding_id(FindingCheck.sum, ["d:F001", "d:F002"])
    assert a != finding_id(FindingCheck.table_sum, ["d:F001", "d:F002"])
    assert a.startswith("sum-") and len(a) == len("sum-") + 12


def test_fingerprint_follows_figures_and_status() -> None:
    base = fingerprint(FindingStatus.fail, [Decimal(1), Decimal(2)], Decimal(3), Decimal(4))
    assert base == fingerprint(FindingStatus.fail, [Decimal("1.00"), Decimal(2)], Decimal(3), Decimal("4.0"))
    assert base != fingerprint(FindingStatus.fail, [Decimal(1), Decimal(5)], Decimal(3), Decimal(4))
    assert base != fingerprint(FindingStatus.warn, [Decimal(1), Decimal(2)], Decimal(3), Decimal(4))


# --------------------------------------------------------------------------- applying reviews


def test_a_review_holds_while_the_finding_is_unchanged_and_goes_stale_when_figures_change() -> None:
    papers = corpus_papers()
    findings = check(corpus_of(*papers.values()))
    target = _sum_003(findings)
    mark = new_review(target, "explained", "£2.65m is the agreed figure; £2.6m is a typo", "auditor")
    again = check(corpus_of(*papers.values()), {target.id: mark})
    held = next(f for f in again if f.id == target.id)
    assert held.review is not None and held.review.status is ReviewStatus.explained and not held.review.stale
    assert held.status is target.status and held.message == target.message
    assert all(f.review is None for f in again if f.id != target.id)

    # the paper's total is corrected to £16.6m: same finding (same id), new figures
    p003 = papers["003"]
    p003.funding = [
        f.model_copy(update={"amount_gbp": Decimal(16600000), "amount_text": "£16.6m"}) if f.amount_text == "£16.5m" else f
        for f in p003.funding
    ]
    changed = check(corpus_of(*papers.values()), {target.id: mark})
    moved = next(f for f in changed if f.id == target.id)
    assert moved.fingerprint != target.fingerprint
    assert moved.review is not None and moved.review.stale  # kept, visibly stale
    assert moved.review.note == mark.note
    assert moved.status is FindingStatus.fail and "£16.6m" in moved.message  # the check's own verdict


def test_apply_reviews_ignores_reviews_of_findings_that_are_gone() -> None:
    findings = check(corpus_of(*corpus_papers().values()))
    orphan = new_review(findings[0], "accepted").model_copy(update={"finding_id": "sum-000000000000"})
    assert apply_reviews(findings, {"sum-000000000000": orphan}) == findings


def test_new_review_rejects_an_unknown_status() -> None:
    findings = check(corpus_of(*corpus_papers().values()))
    with pytest.raises(ReviewError):
        new_review(findings[0], "fixed")


# --------------------------------------------------------------------------- reconciliation.csv


def test_csv_opens_cleanly_with_one_row_per_finding(tmp_path: Path) -> None:
    findings = check(corpus_of(*corpus_papers().values()))
    path = write_reconciliation_csv(tmp_path, findings)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == len(findings)
    assert list(rows[0]) == COLUMNS
    from pipeline.validate.csv_report import finding_row

    assert all(list(finding_row(f)) == COLUMNS for f in findings)  # every cell has its column
    for row, finding in zip(rows, findings):
        assert row["id"] == finding.id and row["status"] == finding.status.value
        assert "\n" not in row["message"] and "\n" not in row["sources"]
        for column in ("expected", "actual", "difference", "difference_pct", "tolerance"):
            if row[column]:
                assert Decimal(row[column]) == getattr(finding, column)
                assert "e" not in row[column].lower() and "," not in row[column] and "£" not in row[column]
        assert [Decimal(a) for a in row["amounts_gbp"].split("; ") if a] == finding.amounts_gbp
    sum_003 = next(r for r in rows if r["check"] == "sum" and r["doc_ids"].startswith("003"))
    assert sum_003["expected"] == "16400000" and sum_003["difference"] == "100000"
    assert sum_003["difference_pct"] == "0.61"


def test_csv_guards_against_formulas() -> None:
    findings = check(corpus_of(*corpus_papers().values()))
    evil = findings[0].model_copy(update={"message": "=HYPERLINK(\"http://x\")", "funding_stream": "+1"})
    row = next(csv.DictReader(io.StringIO(reconciliation_csv([evil]).lstrip("\ufeff"), newline="")))
    assert row["message"].startswith("'=") and row["funding_stream"] == "'+1"


# --------------------------------------------------------------------------- the command


@pytest.fixture()
def run_dir(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus copy and its papertrail output folder."""
    from pipeline.batch import RunOptions, run

    papers = tmp_path / "papers"
    shutil.copytree(ROOT / "corpus", papers)
    out = tmp_path / "out"
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    return papers, out


def _stored(out: Path) -> list[Finding]:
    return read_jsonl(out / "findings.jsonl", Finding)


def invoke(*args: str):
    return CliRunner().invoke(review, list(args), catch_exceptions=False)


def test_review_command_marks_keeps_and_drops_visibly(run_dir: tuple[Path, Path]) -> None:
    from pipeline.batch import RunOptions, run

    papers, out = run_dir
    target = _sum_003(_stored(out))
    result = invoke(target.id[:10], "--status", "explained", "--note", "£2.65m is right", "--out", str(out), "--reviewer", "AB")
    assert result.exit_code == 0, result.stderr
    marked = next(f for f in _stored(out) if f.id == target.id)
    assert marked.review and marked.review.status is ReviewStatus.explained and not marked.review.stale
    assert marked.review.reviewer == "AB" and marked.review.note == "£2.65m is right"

    # a later run on the same papers keeps the mark
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    kept = next(f for f in _stored(out) if f.id == target.id)
    assert kept.review and not kept.review.stale

    # the paper's figures change: the same finding, its mark shown stale
    paper = next(papers.glob("003_*.txt"))
    paper.write_text(paper.read_text(encoding="utf-8").replace("£13.8m", "£13.7m"), encoding="utf-8")
    run([papers], RunOptions(out_dir=out, workers=1, executor="local"))
    dropped = next(f for f in _stored(out) if f.id == target.id)
    assert dropped.review is not None and dropped.review.stale
    assert Decimal(13700000) in dropped.amounts_gbp and dropped.status is FindingStatus.fail
    with Store(out) as store:
        assert target.id in store.reviews()  # the stored mark itself is untouched


def test_reviews_file_and_reconciliation_csv_round_trip(run_dir: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = run_dir
    findings = _stored(out)
    first, second = findings[0], findings[1]
    reviews = tmp_path / "reviews.csv"
    reviews.write_text(
        f"finding_id,status,note\n{first.id},accepted,checked with finance\n{second.id},,\n", encoding="utf-8"
    )
    assert invoke("--file", str(reviews), "--out", str(out)).exit_code == 0
    stored = {f.id: f for f in _stored(out)}
    assert stored[first.id].review and stored[first.id].review.status is ReviewStatus.accepted
    assert stored[second.id].review is None  # a row without a status is skipped

    # the auditor fills in reconciliation.csv and hands it back
    path = write_reconciliation_csv(out, list(stored.values()))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    for row in rows:
        if row["id"] == second.id:
            row["review_status"], row["review_note"] = "explained", "rounding, see note 4"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert invoke("--file", str(path), "--out", str(out)).exit_code == 0
    stored = {f.id: f for f in _stored(out)}
    assert stored[second.id].review and stored[second.id].review.note == "rounding, see note 4"
    assert not stored[second.id].review.stale
    assert stored[first.id].review and stored[first.id].review.status is ReviewStatus.accepted


def test_review_errors_are_one_line_usage_errors(run_dir: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = run_dir
    result = invoke("sum-ffffffffffff", "--status", "explained", "--out", str(out))
    assert result.exit_code == 2 and "no finding" in result.stderr and "Traceback" not in result.stderr
    assert invoke(_stored(out)[0].id, "--out", str(out)).exit_code == 2  # no --status
    assert invoke("--out", str(out)).exit_code == 2  # neither an id nor a file
    assert invoke("x", "--status", "open", "--out", str(tmp_path / "empty")).exit_code == 2
    bad = tmp_path / "bad.csv"
    good_id = _stored(out)[0].id
    bad.write_text(f"finding_id,status\n{good_id},accepted\nsum-000000000000,accepted\n", encoding="utf-8")
    result = invoke("--file", str(bad), "--out", str(out))
    assert result.exit_code == 2 and "line 3" in result.stderr
    with Store(out) as store:
        assert store.reviews() == {}  # nothing half-applied


def test_reviews_file_needs_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ReviewError):
        read_reviews_file(path)


def test_review_is_registered_as_a_papertrail_command() -> None:
    from pipeline.cli import main

    assert "review" in main.commands, "cli.py does not register the review command (main.add_command(review))"
    assert main.commands["review"] is review


def test_a_row_reviewed_on_older_figures_is_stale_at_once(run_dir: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = run_dir
    target = _stored(out)[0]
    path = tmp_path / "old.csv"
    path.write_text(f"id,review_status,review_note,fingerprint\n{target.id},accepted,ok,0000000000000000\n", encoding="utf-8")
    assert invoke("--file", str(path), "--out", str(out)).exit_code == 0
    marked = next(f for f in _stored(out) if f.id == target.id)
    assert marked.review is not None and marked.review.stale


def test_a_row_still_shown_stale_is_not_silently_confirmed(tmp_path: Path) -> None:
    findings = check(corpus_of(*corpus_papers().values()))
    path = tmp_path / "r.csv"
    path.write_text(
        f"id,review_status,review_note,review_stale,fingerprint\n{findings[0].id},accepted,ok,yes,{findings[0].fingerprint}\n",
        encoding="utf-8",
    )
    from pipeline.validate.reviews import reviews_from_rows

    assert reviews_from_rows(findings, read_reviews_file(path)) == []


def test_reviews_file_saved_by_excel_is_read(run_dir: tuple[Path, Path], tmp_path: Path) -> None:
    """Excel saves "CSV" as Windows-1252 on a UK machine (£ is byte A3), "CSV UTF-8" with a
    byte-order mark, and "Unicode text" as UTF-16: each reads back with its £ intact."""
    _, out = run_dir
    findings = _stored(out)
    for n, encoding in enumerate(["cp1252", "utf-8-sig", "utf-8", "utf-16"]):
        finding = findings[n]
        note = f"£2.65m is the agreed figure ({encoding})"
        path = tmp_path / f"reviews-{encoding}.csv"
        path.write_bytes(f"finding_id,status,note\r\n{finding.id},explained,{note}\r\n".encode(encoding))
        if encoding == "cp1252":
            assert b"\xa3" in path.read_bytes()
        result = invoke("--file", str(path), "--out", str(out))
        assert result.exit_code == 0, result.stderr
        review = {f.id: f for f in _stored(out)}[finding.id].review
        assert review is not None and review.note == note, encoding
