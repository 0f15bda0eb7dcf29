"""``papertrail eval``: score an output folder against a gold file (registered in cli.py).

Thin: the work is in :mod:`pipeline.evaluate`.  Exit status 0 when every ``--min`` figure
is met (or none is asked), 1 when one falls short, 2 on a usage error (a bad spec, a
missing or malformed gold file, a missing output folder); each problem is one line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.errors import PapertrailError

EXIT_OK, EXIT_SHORT, EXIT_USAGE = 0, 1, 2


def _fail(message: str, status: int) -> None:
    click.echo(f"papertrail: error: {message}", err=True)
    sys.exit(status)


@click.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True, help="The output folder to score.")
@click.option("--json", "json_out", is_flag=False, flag_value="-", default=None, metavar="[FILE]", help="Write the report as JSON to FILE (alone: to standard output, instead of the tables).")
@click.option("--min", "min_spec", default=None, metavar="SPEC", help="Figures to reach, e.g. decisions=0.95,money_recall=0.97,false_fails=0 (false_fails is a maximum); exit 1 when one falls short.")
@click.option("--doc", "docs", multiple=True, metavar="DOC_ID", help="Score only this gold paper (repeatable).")
@click.option("--misses/--no-misses", default=True, show_default=True, help="List every miss after the tables.")
def eval_command(
    gold: Path, out_dir: Path, json_out: str | None, min_spec: str | None, docs: tuple[str, ...], misses: bool
) -> None:
    """Score an output folder against GOLD (a gold file: hand-made answers for a sample of
    papers; its format is in the README, "Measuring accuracy").

    Prints decision field accuracy, money recall and precision, period and role accuracy,
    the printed sums passed and flagged, the false fails, per paper, then every miss with
    its paper, page and printed words.

    \b
    Examples:
      papertrail eval ../shared/realpapers/gold.json --out output/
      papertrail eval gold.json --json report.json --min decisions=0.95,money_recall=0.97,false_fails=0
      papertrail eval gold.json --doc tintern-cc_budget_2018-19 --no-misses
    """
    from rich.console import Console

    from pipeline.evaluate import evaluate
    from pipeline.evaluate.report import print_report, report_json
    from pipeline.evaluate.thresholds import FIGURES
    from pipeline.store import atomic_write_text

    try:
        report = evaluate(gold, out_dir, docs, min_spec)
    except PapertrailError as error:
        _fail(str(error), EXIT_USAGE)
    if json_out == "-":
        click.echo(report_json(report), nl=False)
    else:
        console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200, highlight=False)
        print_report(report, console, misses=misses)
        if json_out:
            try:
                atomic_write_text(Path(json_out), report_json(report))
            except OSError as error:
                _fail(f"cannot write {json_out}: {error.strerror or error}", EXIT_USAGE)
    short = [t for t in report.thresholds if not t.ok]
    for limit in short:
        relation = "above the maximum" if limit.kind == "max" else "below"
        click.echo(f"papertrail: eval: {FIGURES[limit.name]} {limit.figure} is {relation} {limit.limit}", err=True)
    sys.exit(EXIT_SHORT if short else EXIT_OK)
