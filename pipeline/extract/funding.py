"""Funding: every money figure in a paper, with period, role, payer, purpose and sum groups.

One record per printed figure (a range is one record), in order of appearance, with id
``{doc_id}:F{n:03d}``.  Prose figures are read in their sentence
(:mod:`pipeline.extract.funding_context`), table figures in their row and column
(:mod:`pipeline.extract.money_tables`); sum groups come from the words or the table's
Total rows and columns (:mod:`pipeline.extract.sum_groups`).  Each record quotes its
sentence or table row, which contains ``amount_text``.

Role, in order of strength: *threshold* (a limit, "in excess of £1,000,000"), *total*
(a stated total or the whole of a group), *component* (a part of a stated total),
*reference* (any other figure).
"""

from __future__ import annotations

from decimal import Decimal

from pipeline.extract.nlp import Parsed

from pipeline.extract.common import source
from pipeline.extract.funding_context import (
    Figure,
    clause_end,
    clause_start,
    contract_term,
    one_off_context,
    read_financial_year,
    read_period,
    read_role_cue,
)
from pipeline.extract.funding_payer import read_payer, read_purpose
from pipeline.extract.grids import Grid, find_grids
from pipeline.extract.money import find_money
from pipeline.extract.money_tables import grid_figures
from pipeline.extract.orgs import Organisations
from pipeline.extract.sum_groups import APPROXIMATE, find_prose_groups
from pipeline.extract.text_layout import TextLayout
from schemas.records import Document, Funding, FundingPeriod, FundingRole


def extract_funding(doc: Document, parsed: Parsed | None) -> list[Funding]:
    """Every money figure of the paper as a Funding record."""
    text = doc.text
    if "£" not in text and "GBP" not in text:
        return []
    layout = TextLayout(text)
    orgs = Organisations(text, parsed)
    grids = find_grids(doc)
    figures = _prose_figures(text, layout, grids)
    _read_prose_context(text, figures, orgs)
    find_prose_groups(figures, text)
    for index, grid in enumerate(grids):
        table_figures = grid_figures(grid, index, orgs)
        offset = len(figures)
        for figure in table_figures:
            figure.part_of = [offset + p for p in figure.part_of]
        figures.extend(table_figures)
    order = sorted(range(len(figures)), key=lambda i: (figures[i].start, i))
    new_index = {old: new for new, old in enumerate(order)}
    ids = [f"{doc.doc_id}:F{n + 1:03d}" for n in range(len(order))]
    _finish_roles(figures)
    records = []
    for old in order:
        f = figures[old]
        records.append(
            Funding(
                id=ids[new_index[old]],
                doc_id=doc.doc_id,
                amount_gbp=f.value,
                amount_text=f.amount_text,
                amount_max_gbp=f.max_value,
                is_range=f.is_range,
                decimals_printed=f.decimals,
                precision_gbp=f.precision,
                period=f.period,
                period_years=f.period_years,
                financial_year=f.financial_year,
                role=f.role,
                payer=f.payer,
                purpose=f.purpose,
                part_of=[
                    ids[new_index[p]] for p in sorted(set(f.part_of), key=new_index.__getitem__)
                ],
                table=f.table,
                source=source(doc, *f.span),
            )
        )
    return records


def _prose_figures(text: str, layout: TextLayout, grids: list[Grid]) -> list[Figure]:
    spans = [(g.start, g.end) for g in grids]
    figures = []
    for m in find_money(text):
        if any(s <= m.start < e for s, e in spans):
            continue  # read with its table
        sentence = layout.sentence_at(m.start, m.end)
        figures.append(
            Figure(
                start=m.start,
                end=m.end,
                amount_text=m.text,
                value=m.value,
                max_value=m.max_value,
                is_range=m.is_range,
                decimals=m.decimals,
                precision=m.precision,
                span=sentence,
                block=layout.block_at(m.start),
            )
        )
    return figures


def _read_prose_context(text: str, figures: list[Figure], orgs: Organisations) -> None:
    term = contract_term(text)
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.span, []).append(f)
    for i, f in enumerate(figures):
        s_start, s_end = f.span
        previous = figures[i - 1] if i and figures[i - 1].span == f.span else None
        following = (
            figures[i + 1] if i + 1 < len(figures) and figures[i + 1].span == f.span else None
        )
        lo = previous.end if previous else s_start
        hi = following.start if following else s_end
        pre = text[clause_start(text, lo, f.start) : f.start]
        post = text[f.end : clause_end(text, f.end, hi)]
        sentence = text[s_start:s_end]
        first = by_sentence[f.span][0]
        head = text[s_start : first.start]  # the sentence before its first figure
        f.cue = read_role_cue(pre, post, sentence)
        f.financial_year = read_financial_year(post, pre) or read_financial_year(head)
        period = read_period(pre, post, term)
        if period is None and f.cue != "threshold":
            if read_financial_year(post, pre):
                period = (FundingPeriod.per_year, None)
            elif one_off_context(pre, post) or one_off_context(head, ""):
                period = (FundingPeriod.one_off, None)
            elif f.financial_year:
                period = (FundingPeriod.per_year, None)
        f.period, f.period_years = period or (FundingPeriod.unspecified, None)
        in_sentence = [(g.start, g.end) for g in by_sentence[f.span] if g is not f]
        if f.cue != "threshold":
            f.payer = read_payer(text, orgs, f.span, f.start, f.end, hi, in_sentence)
            f.purpose = read_purpose(pre, text[f.end : hi])
    _copy_restated_periods(figures)


def _copy_restated_periods(figures: list[Figure]) -> None:
    """A figure printed again without its period ("the grant of £2.4m be accepted") takes
    the period the paper gives it elsewhere (same amount, same or unknown payer)."""
    same_amount: dict[tuple[Decimal, Decimal | None], list[Figure]] = {}
    for f in figures:
        same_amount.setdefault((f.value, f.max_value), []).append(f)
    for f in figures:
        if f.period is not FundingPeriod.unspecified or f.cue == "threshold":
            continue
        known = {
            (g.period, g.period_years)
            for g in same_amount[(f.value, f.max_value)]
            if g is not f
            and g.period is not FundingPeriod.unspecified
            and g.cue != "threshold"
            and (g.payer == f.payer or None in (g.payer, f.payer))
        }
        if len(known) == 1:
            f.period, f.period_years = known.pop()


def _finish_roles(figures: list[Figure]) -> None:
    """Role from cue and group: a whole or stated total is a total, a part a component,
    and a multi-year sum that is N times a per-year figure of the paper is a total."""
    wholes = {p for f in figures for p in f.part_of}
    for i, f in enumerate(figures):
        if f.role is FundingRole.threshold or f.cue == "threshold":
            f.role = FundingRole.threshold
            f.part_of = []
            f.period, f.period_years = FundingPeriod.unspecified, None
        elif f.cue == "total" or i in wholes:
            f.role = FundingRole.total
        elif f.part_of:
            f.role = FundingRole.component
        elif (stream := _multi_year_of_stream(f, figures)) is not None:
            f.role = FundingRole.total
            f.payer = f.payer or stream.payer
        else:
            f.role = FundingRole.reference
    for i, f in enumerate(figures):
        if f.role is FundingRole.total and f.payer is None:
            payers = {g.payer for g in figures if i in g.part_of}
            if len(payers) == 1 and None not in payers and f.in_table:
                f.payer = payers.pop()


def _multi_year_of_stream(f: Figure, figures: list[Figure]) -> Figure | None:
    """The per-year figure that ``f`` ("£4.8m over 3 years") is N years of, within 10%."""
    if f.period is not FundingPeriod.total or not f.period_years or f.is_range or f.value <= 0:
        return None
    best: tuple[Decimal, Figure] | None = None
    for g in figures:
        if g.period is not FundingPeriod.per_year or g.is_range or g.value <= 0 or g.in_table:
            continue
        if f.payer and g.payer and f.payer != g.payer:
            continue
        diff = abs(g.value * f.period_years - f.value)
        if diff <= f.value * APPROXIMATE and (best is None or diff < best[0]):
            best = (diff, g)
    return best[1] if best else None
