"""``papertrail review``: an auditor's mark on a finding (registered in cli.py).

Thin: the work is in :mod:`pipeline.validate.reviews`; this command reads the stored
findings, records the review(s) in the store, then re-runs the checks on the stored
records (as ``papertrail validate`` does) so findings.jsonl and the reports show the mark.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from pipeline.errors import PapertrailError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(message: str, status: int) -> None:
    click.echo(f"papertrail: error: {message}", err=True)
    sys.exit(status)


@click.command()
@click.argument("finding_id", required=False)
@click.option("--status", type=click.Choice(["explained", "accepted", "open"]), default=None, help="explained or accepted marks the finding; open clears the mark.")
@click.option("--note", default="", help="Why: the auditor's explanation, kept with the mark.")
@click.option("--reviewer", default=None, help="Who reviewed (default: $PAPERTRAIL_REVIEWER, else none).")
@click.option("--file", "reviews_file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="A CSV of reviews (finding_id,status,note[,reviewer]), or reconciliation.csv with its review columns filled in.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), show_default=True, help="Output folder.")
def review(
    finding_id: str | None,
    status: str | None,
    note: str,
    reviewer: str | None,
    reviews_file: Path | None,
    out_dir: Path,
) -> None:
    """Mark a finding explained or accepted (or open again), with a note.

    The mark is kept while the finding's figures stay the same; when a later run finds
    them changed, the finding keeps the mark but shows it as stale (review it again).
    FINDING_ID is the id in findings.jsonl or reconciliation.csv (a unique prefix will do).

    \b
    Examples:
      papertrail review sum-1a2b3c4d5e6f --status explained --note "£2.65m is the agreed figure"
      papertrail review --file reviews.csv
      papertrail review --file output/reconciliation.csv   # review columns filled in
    """
    from pipeline.finish import finish_outputs
    from pipeline.store import DB_NAME, Store
    from pipeline.validate.reviews import (
        find_finding,
        new_review,
        read_reviews_file,
        reviews_from_rows,
    )

    if (finding_id is None) == (reviews_file is None):
        _fail("give a FINDING_ID with --status, or --file REVIEWS.csv (not both)", EXIT_USAGE)
    if finding_id is not None and status is None:
        _fail("--status is required: explained, accepted or open", EXIT_USAGE)
    if reviews_file is not None and (status is not None or note):
        _fail("--status and --note go with a FINDING_ID; a reviews file carries its own", EXIT_USAGE)
    if reviews_file is not None and not reviews_file.exists():
        _fail(f"no such file: {reviews_file}", EXIT_USAGE)
    if not (out_dir / DB_NAME).exists():
        _fail(f"no papertrail output in {out_dir}: run 'papertrail run' first", EXIT_USAGE)
    who = reviewer or os.environ.get("PAPERTRAIL_REVIEWER") or None
    with Store(out_dir) as store:
        findings = store.load("findings")
        try:
            if reviews_file is not None:
                rows = read_reviews_file(reviews_file)
                if who:
                    rows = [r if r.reviewer else replace(r, reviewer=who) for r in rows]
                reviews = reviews_from_rows(findings, rows, store.reviews(), source=str(reviews_file))
            else:
                assert finding_id is not None and status is not None
                reviews = [new_review(find_finding(findings, finding_id), status, note, who)]
        except PapertrailError as error:
            _fail(str(error), EXIT_USAGE)
        for item in reviews:
            store.save_review(item)
        corpus = finish_outputs(store, out_dir, store.corpus(findings=False))
    for item in reviews:
        click.echo(f"papertrail: {item.finding_id}: {item.status.value}" + (f" ({item.note})" if item.note else ""), err=True)
    held = sum(1 for f in corpus.findings if f.review is not None and not f.review.stale)
    click.echo(f"papertrail: {len(reviews)} review(s) recorded; {held} finding(s) carry a current mark", err=True)
