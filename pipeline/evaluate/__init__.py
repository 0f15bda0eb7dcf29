"""The accuracy benchmark: score an output folder against a gold file.

    report = evaluate(Path("gold.json"), Path("output"))
    report.summary  # {"decisions": 0.91, "money_recall": 0.88, ...}

Library only: errors are typed (:class:`EvalError` and its subclasses) and the CLI
(``papertrail eval``) turns them into one line.  The gold format and the matching rules
are documented in the README ("Measuring accuracy") and in each module.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pipeline.evaluate.decisions import score_decisions
from pipeline.evaluate.errors import EvalError, GoldError, OutputFolderError, ThresholdSpecError
from pipeline.evaluate.gold import GoldFile, load_gold, parse_gold
from pipeline.evaluate.models import EvalReport, FailedPaper, Scope
from pipeline.evaluate.money import score_money
from pipeline.evaluate.outputs import OutputFolder, load_output
from pipeline.evaluate.sums import score_sums
from pipeline.evaluate.thresholds import check_limits, parse_spec

__all__ = [
    "EvalError",
    "EvalReport",
    "GoldError",
    "GoldFile",
    "OutputFolderError",
    "ThresholdSpecError",
    "check_limits",
    "evaluate",
    "load_gold",
    "load_output",
    "parse_gold",
    "parse_spec",
    "score",
]


def score(
    gold: GoldFile,
    output: OutputFolder,
    only: Sequence[str] = (),
    gold_name: str = "gold",
) -> EvalReport:
    """Score a loaded output folder against a loaded gold file.

    The gold's papers are every doc_id it names.  Those present in documents.jsonl are
    scored (a failed paper too: its gold items are all missed); the rest are listed as
    not in this run and left out of every figure.  ``only`` restricts scoring to these
    doc_ids; raises :class:`EvalError` when one of them is not a gold paper.
    """
    papers = gold.doc_ids()
    unknown = [d for d in only if d not in papers]
    if unknown:
        raise EvalError(f"--doc {unknown[0]}: not a paper of the gold file")
    if only:
        papers = [d for d in papers if d in set(only)]
    scope = Scope(
        scored=[d for d in papers if d in output.documents],
        not_in_run=[d for d in papers if d not in output.documents],
    )
    scope.failed = [
        FailedPaper(doc_id=d, error=output.documents[d].error)
        for d in scope.scored
        if output.documents[d].status != "ok"
    ]
    decisions = score_decisions(gold.decisions, scope.scored, output)
    money = score_money(gold.funding, scope.scored, output)
    sums = score_sums(gold.findings_must_pass, gold.findings_must_flag, scope.scored, output)
    summary: dict[str, float | int | None] = {
        "decisions": decisions.field_accuracy,
        "money_recall": money.recall,
        "money_precision": money.precision,
        "period": money.period_accuracy,
        "role": money.role_accuracy,
        "sums_pass": sums.pass_accuracy,
        "flag_recall": sums.flag_recall,
        "false_fails": sums.false_fails,
    }
    return EvalReport(
        gold=gold_name,
        out=str(output.path),
        scope=scope,
        summary=summary,
        decisions=decisions,
        money=money,
        sums=sums,
    )


def evaluate(
    gold_path: Path,
    out_dir: Path,
    only: Sequence[str] = (),
    min_spec: str | None = None,
) -> EvalReport:
    """Read a gold file and an output folder, score them, and check ``min_spec`` (a
    ``--min`` spec) when given: ``report.thresholds`` then holds each limit's outcome.

    Raises :class:`GoldError`, :class:`OutputFolderError`, :class:`ThresholdSpecError` or
    :class:`EvalError` (each one line) when something cannot be used.
    """
    limits = parse_spec(min_spec) if min_spec is not None else None
    gold = load_gold(gold_path)
    report = score(gold, load_output(out_dir), only, gold_name=str(gold_path))
    if limits is not None:
        report.thresholds = check_limits(report.summary, limits)
    return report
