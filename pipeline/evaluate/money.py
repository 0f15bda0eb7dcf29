"""Scoring money: recall and precision of the distinct printed figures, and the period and
role of the figures found.

The gold lists one entry per distinct (doc_id, amount).  The output's figures are the
distinct (doc_id, amount) of funding.jsonl, where a range gives both ``amount_gbp`` and
``amount_max_gbp``.  Amounts are compared as Decimals, exactly (``9120.0`` == ``9120``).
Recall = gold figures found / gold figures; precision = output figures in the gold /
output figures, both over the scored papers.  A figure printed several times has several
records: its period (role, period_years) counts as right when *any* of them carries the
gold value.  Period and role are scored only where the gold gives them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from pipeline.evaluate.compare import format_gbp
from pipeline.evaluate.gold import GoldFigure
from pipeline.evaluate.locate import find_amount, line_around
from pipeline.evaluate.models import (
    FigureInvented,
    FigureMiss,
    LabelError,
    MoneyScore,
    PaperMoney,
    Tally,
    ratio,
)
from pipeline.evaluate.outputs import FundingView, OutputFolder


def output_figures(records: list[FundingView]) -> dict[Decimal, list[FundingView]]:
    """One paper's distinct printed figures, each with the records that carry it."""
    figures: dict[Decimal, list[FundingView]] = defaultdict(list)
    for record in records:
        for amount in record.amounts():
            figures[amount].append(record)
    return dict(figures)


def score_money(gold: list[GoldFigure], papers: list[str], output: OutputFolder) -> MoneyScore:
    """Recall, precision, period and role over the gold figures of ``papers``."""
    score = MoneyScore()
    tallies = {"period": Tally(), "role": Tally(), "period_years": Tally()}
    for doc_id in papers:
        wanted: dict[Decimal, GoldFigure] = {}
        for entry in gold:
            if entry.doc_id == doc_id:
                wanted.setdefault(entry.amount_gbp, entry)
        found = output_figures(output.funding.get(doc_id, []))
        matched = [amount for amount in wanted if amount in found]
        paper = PaperMoney(gold=len(wanted), output=len(found), matched=len(matched))
        paper.recall, paper.precision = ratio(paper.matched, paper.gold), ratio(paper.matched, paper.output)
        score.per_paper[doc_id] = paper
        for amount in matched:
            entry, records = wanted[amount], found[amount]
            for name in tallies:
                gold_value = getattr(entry, name)
                if gold_value is None:  # the gold does not say: not scored
                    continue
                values = [getattr(record, name) for record in records]
                right = gold_value in values
                tallies[name].add(right)
                if not right:
                    source = records[0].source
                    score.label_errors.append(
                        LabelError(
                            doc_id=doc_id,
                            page=source.page if source else None,
                            quote=source.quote if source else None,
                            amount_gbp=amount,
                            field=name,
                            gold=gold_value,
                            output=sorted(set(values), key=str),
                        )
                    )
        for amount, entry in wanted.items():
            if amount not in found:
                score.missed.append(_miss(entry, output))
        for amount, records in found.items():
            if amount not in wanted:
                source = records[0].source
                score.invented.append(
                    FigureInvented(
                        doc_id=doc_id,
                        page=source.page if source else None,
                        quote=source.quote if source else None,
                        amount_gbp=amount,
                        amount_text=records[0].amount_text or format_gbp(amount),
                        records=len(records),
                    )
                )
    for paper in score.per_paper.values():
        score.gold += paper.gold
        score.output += paper.output
        score.matched += paper.matched
    score.recall, score.precision = ratio(score.matched, score.gold), ratio(score.matched, score.output)
    score.period, score.role, score.period_years = (tallies[n].to_json() for n in ("period", "role", "period_years"))
    score.period_accuracy, score.role_accuracy = tallies["period"].accuracy, tallies["role"].accuracy
    return score


def _miss(entry: GoldFigure, output: OutputFolder) -> FigureMiss:
    """A missed gold figure, placed where the paper prints it (when it can be found)."""
    miss = FigureMiss(doc_id=entry.doc_id, amount_gbp=entry.amount_gbp, period=entry.period, role=entry.role)
    text = output.text(entry.doc_id)
    hit = find_amount(text, entry.amount_gbp) if text else None
    if text and hit:
        miss.page = output.page_of(entry.doc_id, hit[0])
        miss.quote = line_around(text, hit[0], hit[1])
        miss.printed_as = hit[2]
    return miss
