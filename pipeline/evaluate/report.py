"""The accuracy report on a terminal (rich tables) and as JSON.

Everything read from papers or gold is printed as plain text (never as rich markup), so
a quote holding ``[brackets]`` prints as it is.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.evaluate.compare import format_gbp
from pipeline.evaluate.models import EvalReport
from pipeline.evaluate.thresholds import FIGURES


def report_json(report: EvalReport) -> str:
    """The whole report as indented JSON (see :mod:`pipeline.evaluate.models`)."""
    return json.dumps(report.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _fraction(part: int, whole: int) -> str:
    return f"{part}/{whole}"


def _detail(report: EvalReport) -> dict[str, str]:
    d, m, s = report.decisions, report.money, report.sums
    fields_correct = sum(f["correct"] for f in d.fields.values())
    fields_total = sum(f["total"] for f in d.fields.values())
    return {
        "decisions": f"{fields_correct}/{fields_total} fields; {d.matched}/{d.gold} decisions paired, {d.missed} missed, {d.invented} invented",
        "money_recall": f"{m.matched}/{m.gold} gold figures found",
        "money_precision": f"{m.matched}/{m.output} output figures in the gold",
        "period": _fraction(m.period.get("correct", 0), m.period.get("total", 0)) + " matched figures",
        "role": _fraction(m.role.get("correct", 0), m.role.get("total", 0)) + " matched figures",
        "sums_pass": f"{s.must_pass.get('pass', 0)}/{len(s.must_pass_results)} must-pass sums: "
        + ", ".join(f"{k} {v}" for k, v in s.must_pass.items()),
        "flag_recall": f"{s.must_flag.get('fail', 0) + s.must_flag.get('warn', 0)}/{len(s.must_flag_results)} must-flag sums: "
        + ", ".join(f"{k} {v}" for k, v in s.must_flag.items()),
        "false_fails": "fails matching no must-flag sum; findings "
        + ", ".join(f"{k} {v}" for k, v in sorted(s.findings_by_status.items())),
    }


def _short(quote: str, width: int = 140) -> str:
    text = " ".join(quote.split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _place(doc_id: str, page: int | None, quote: str | None) -> str:
    where = f"{doc_id} p.{page}" if page else f"{doc_id} (not found in its text)"
    return f"{where}: \"{_short(quote)}\"" if quote else where


def _sum_line(amounts: list[Decimal]) -> str:
    return "parts " + ", ".join(format_gbp(a) for a in amounts[:-1]) + f"; total {format_gbp(amounts[-1])}"


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def print_report(report: EvalReport, console: Console, misses: bool = True) -> None:
    """Print the summary, per-paper and per-field tables, then every miss, one a line."""
    scope = report.scope
    head = f"papertrail eval: {len(scope.scored)} gold papers scored from {report.out}"
    if scope.failed:
        head += f", {len(scope.failed)} of them failed in the run"
    console.print(Text(head, style="bold"))
    if scope.not_in_run:
        console.print(Text(f"not in this run ({len(scope.not_in_run)}): " + ", ".join(scope.not_in_run)))
    for failed in scope.failed:
        console.print(Text(f"failed in the run: {failed.doc_id}: {failed.error}"))

    limits = {t.name: t for t in report.thresholds}
    summary = Table(title="Accuracy", title_justify="left")
    for column in ("figure", "value", "detail", *(["limit"] if limits else [])):
        summary.add_column(column, overflow="fold")
    details = _detail(report)
    for name, label in FIGURES.items():
        figure = report.summary.get(name)
        value = str(figure) if name == "false_fails" else _pct(figure)  # type: ignore[arg-type]
        row = [Text(label), Text(value), Text(details[name])]
        if limits:
            limit = limits.get(name)
            if limit is None:
                row.append(Text(""))
            else:
                sign = "<=" if limit.kind == "max" else ">="
                row.append(Text(f"{sign} {limit.limit} " + ("ok" if limit.ok else "SHORT"), style="green" if limit.ok else "bold red"))
        summary.add_row(*row)
    console.print(summary)

    papers = Table(
        title="Per paper",
        title_justify="left",
        caption="decisions: gold/paired/missed/invented; money: gold/output/found figures; "
        "sums: must-pass passed; flags: must-flag flagged",
        caption_justify="left",
    )
    for column in ("paper", "decisions", "fields", "money", "recall", "precision", "sums", "flags", "false fails"):
        papers.add_column(column, no_wrap=True)
    for doc_id in scope.scored:
        d = report.decisions.per_paper[doc_id]
        m = report.money.per_paper[doc_id]
        s = report.sums.per_paper[doc_id]
        papers.add_row(
            Text(doc_id),
            Text(f"{d.gold}/{d.matched}/{d.missed}/{d.invented}"),
            Text(_pct(d.field_accuracy)),
            Text(f"{m.gold}/{m.output}/{m.matched}"),
            Text(_pct(m.recall)),
            Text(_pct(m.precision)),
            Text(_fraction(s.passed, s.must_pass) if s.must_pass else "-"),
            Text(_fraction(s.flagged, s.must_flag) if s.must_flag else "-"),
            Text(str(s.false_fails)),
        )
    console.print(papers)

    fields = Table(title="Decision fields", title_justify="left")
    for column in ("field", "right", "accuracy"):
        fields.add_column(column)
    for name, tally in report.decisions.fields.items():
        fields.add_row(Text(name), Text(_fraction(tally["correct"], tally["total"])), Text(_pct(tally["accuracy"])))
    console.print(fields)
    if misses:
        print_misses(report, console)


def _section(console: Console, title: str, lines: list[str]) -> None:
    if not lines:
        return
    console.print(Text(f"\n{title} ({len(lines)})", style="bold"))
    for line in lines:
        console.print(Text(f"  {line}"), soft_wrap=True)


def print_misses(report: EvalReport, console: Console) -> None:
    """Every miss with its paper, page and printed words."""
    d, m, s = report.decisions, report.money, report.sums
    _section(console, "Decisions missed", [
        f"{_place(x.doc_id, x.page, x.quote)} -- gold #{x.gold_index} {x.decision_number or ''} {x.subject!r}"
        for x in d.missed_list
    ])
    _section(console, "Decisions invented", [
        f"{_place(x.doc_id, x.page, x.quote)} -- {x.status} {x.reference or ''} {x.subject!r}"
        for x in d.invented_list
    ])
    _section(console, "Decision fields wrong", [
        f"{x.doc_id} p.{x.page} gold #{x.gold_index} {x.field}: gold {_value(x.gold)}, output {_short(_value(x.output))}"
        for x in d.field_errors
    ])
    _section(console, "Money missed", [
        f"{format_gbp(x.amount_gbp)} ({x.role or '-'}) {_place(x.doc_id, x.page, x.quote)}"
        + (f" [printed as {x.printed_as}]" if x.printed_as else "")
        for x in m.missed
    ])
    _section(console, "Money invented", [
        f"{format_gbp(x.amount_gbp)} as {x.amount_text!r} x{x.records} {_place(x.doc_id, x.page, x.quote)}"
        for x in m.invented
    ])
    _section(console, "Period, role wrong", [
        f"{format_gbp(x.amount_gbp)} {x.field}: gold {x.gold}, output {', '.join(map(str, x.output))} {_place(x.doc_id, x.page, x.quote)}"
        for x in m.label_errors
    ])
    _section(console, "Must-pass sums not passed", [
        f"{x.id} {x.status}: {_sum_line(x.amounts_gbp)}"
        + (f" (findings {', '.join(x.finding_ids)})" if x.finding_ids else "")
        for x in s.must_pass_results
        if x.status != "pass"
    ])
    _section(console, "Must-flag sums not flagged", [
        f"{x.id} {x.status}: {_sum_line(x.amounts_gbp)}"
        for x in s.must_flag_results
        if x.status not in ("fail", "warn")
    ])
    _section(console, "False fails", [
        f"{x.id} ({x.check}) {_place(x.doc_id, x.page, x.quote)} -- {x.message}" for x in s.false_fail_list
    ])
