"""Funding records: every money figure of a paper, with period, role, payer, purpose and
the sums it belongs to.

One record per printed figure (a range is one record), in order of appearance, with id
``{doc_id}:F{n:03d}``.  Prose figures are read in their sentence
(:mod:`.prose`, :mod:`.cues`, :mod:`.payer`, :mod:`.groups`), table figures in their row
and column (:mod:`.tables`, :mod:`.table_sums`).  Each record quotes its sentence or table
row, which contains ``amount_text``; a total carries its printed sums (``sums``: the ids
added and taken away) and each part lists the totals it is part of (``part_of``).

Role, in order of strength: *threshold* (a limit: "in excess of £1,000,000", a table's
limit row or column); *total* (a figure whose parts the paper prints, not itself a part of
a total of totals: a sub-total inside a grand total, an inferred sub-total inside a larger
sum or a table total added into a total across tables is a *component*; a running total
carried into the next sum stays a total); *component* (a part of a printed sum); and
*reference* (any other figure, including a "total" whose parts are not printed, and a net
figure, one total less another).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, partial

from pipeline.extract.nlp import Parsed

from pipeline.extract.common import source
from pipeline.extract.money.authority import paper_authority
from pipeline.extract.money.cues import (
    clause_end,
    clause_start,
    contract_term,
    one_off_context,
    read_financial_year,
    read_period,
    read_role_cue,
)
from pipeline.extract.money.figure import Figure
from pipeline.extract.money.forms import statements
from pipeline.extract.money.groups import APPROXIMATE, arithmetic_in_cells, find_prose_groups
from pipeline.extract.money.payer import read_payer, read_purpose
from pipeline.extract.money.prose import prose_figures
from pipeline.extract.money.table_sums import holds, paper_sums, table_sums
from pipeline.extract.money.tables import read_tables
from pipeline.extract.orgs import Organisations
from pipeline.structure import Structure, structure
from schemas.records import Document, Funding, FundingPeriod, FundingRole, SumGroup

_TOLERANCE = re.compile(
    r"rounding\s+(?:errors?|differences?)\s+of\s+up\s+to\s+£\s?(\d+(?:\.\d+)?)|"
    r"(?:tolerance|tolerable\s+difference)\s+of\s+£\s?(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_ONWARDS = re.compile(r"\bonwards\b|\bto\s+(?:19|20)\d{2}|\bfrom\s+(?:19|20)\d{2}", re.IGNORECASE)
_TOTAL_KINDS = {"column", "row", "running", "grand", "words", "arithmetic", "across", "carried"}
_PLAIN_SUMS = {"column", "row", "grand", "across", "words", "arithmetic"}  # a part of one is a component


def extract_funding(doc: Document, parsed: Parsed | None = None, struct: Structure | None = None) -> list[Funding]:
    """Every money figure of the paper as a Funding record (see the module docstring);
    ``struct`` is the paper's structure when the caller has read it already."""
    text = doc.text
    if not text.strip():
        return []
    struct = struct or structure(doc)
    if "£" not in text and "GBP" not in text and not struct.tables:
        return []
    orgs = Organisations(text, parsed)
    figures = prose_figures(struct)
    _read_prose_context(text, figures, orgs)
    find_prose_groups(figures, text)
    table_figures, reads = read_tables(struct, orgs, len(figures))
    figures.extend(table_figures)
    arithmetic_in_cells(figures, text)
    tolerance = stated_tolerance(text)
    sums = [table_sums(read, figures, tolerance) for read in reads]
    paper_sums(sums, figures, tolerance)
    figures.extend(statements(struct, figures, reads, tolerance))
    _finish_roles(figures)
    return _records(doc, figures, paper_authority(struct))


def stated_tolerance(text: str) -> Decimal | None:
    """The rounding a paper says its totals may be out by ("Rounding errors of up to £2
    are tolerable"), or None."""
    m = _TOLERANCE.search(text)
    if not m:
        return None
    return Decimal(m.group(1) or m.group(2))


def _records(doc: Document, figures: list[Figure], authority: str | None) -> list[Funding]:
    order = sorted(range(len(figures)), key=lambda i: (figures[i].start, i))
    new_index = {old: new for new, old in enumerate(order)}
    ids = [f"{doc.doc_id}:F{n + 1:03d}" for n in range(len(order))]
    part_of: dict[int, list[int]] = {}
    for i, f in enumerate(figures):
        for g in f.groups:
            for p in (*g.parts, *g.minus):
                part_of.setdefault(p, []).append(i)
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
                part_of=[ids[new_index[t]] for t in sorted(set(part_of.get(old, [])), key=new_index.__getitem__)],
                sums=[
                    SumGroup(
                        kind=g.kind,
                        parts=[ids[new_index[p]] for p in g.parts],
                        minus=[ids[new_index[p]] for p in g.minus],
                        inferred=g.inferred,
                        tolerance_gbp=g.tolerance,
                    )
                    for g in f.groups
                    if g.parts or g.minus
                ],
                table=f.table,
                table_block=f.grid,
                authority=authority,
                unit_note=f.unit_note,
                source=source(doc, *f.span),
            )
        )
    return records


# --------------------------------------------------------------------------- prose context


def _read_prose_context(text: str, figures: list[Figure], orgs: Organisations) -> None:
    term = cache(partial(contract_term, text))  # read the first time a figure needs it
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.span, []).append(f)
    for i, f in enumerate(figures):
        s_start, s_end = f.span
        previous = figures[i - 1] if i and figures[i - 1].span == f.span else None
        following = figures[i + 1] if i + 1 < len(figures) and figures[i + 1].span == f.span else None
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
            if read_financial_year(post, pre) and not _ONWARDS.search(post):
                period = (FundingPeriod.per_year, None)
            elif one_off_context(pre, post) or one_off_context(head, ""):
                period = (FundingPeriod.one_off, None)
            elif f.financial_year and not _ONWARDS.search(post + " " + head):
                period = (FundingPeriod.per_year, None)
        if f.financial_year and _ONWARDS.search(post):
            f.financial_year = None
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


# --------------------------------------------------------------------------- roles


def _finish_roles(figures: list[Figure]) -> None:
    """Role from the sums (see the module docstring)."""
    member_of: dict[int, list[tuple[str, bool]]] = {}
    for f in figures:
        for g in f.groups:
            for p in (*g.parts, *g.minus):
                member_of.setdefault(p, []).append((g.kind, g.inferred))
    table_totals = {f.value for f in figures if f.in_table and any(g.kind in _TOTAL_KINDS for g in f.groups)}
    # a limit is never added into a total of amounts: a row whose label holds a limit word
    # ("Speed limit signs", "Weight limit order") that a labelled total of amounts adds in,
    # where that sum holds, is an amount (a total that is itself a limit keeps its parts limits)
    added_in = {
        p
        for i, f in enumerate(figures)
        if f.in_table and f.cue != "threshold" and f.role is not FundingRole.threshold
        for g in f.groups
        if g.kind in ("column", "grand", "running") and not g.inferred and holds(figures, i, g.parts, g.minus, g.tolerance)
        for p in g.parts
    }
    for i, f in enumerate(figures):
        if (f.role is FundingRole.threshold or f.cue == "threshold") and f.in_table and i in added_in:
            f.cue, f.role = None, FundingRole.reference
        if f.role is FundingRole.threshold or f.cue == "threshold":
            f.role = FundingRole.threshold
            f.groups = []
            f.period, f.period_years = FundingPeriod.unspecified, None
            continue
        own = [g for g in f.groups if g.kind in _TOTAL_KINDS]
        memberships = [(kind, inferred) for kind, inferred in member_of.get(i, []) if kind not in ("movement", "net", "balance")]
        inferred_self = bool(own) and all(g.inferred for g in own)
        if own:
            # a total added into a larger printed total is a component of it; a total carried
            # on into a running total ("Total income" + balance = "Total") stays a total,
            # unless nothing but the arithmetic made it one
            demoted = any(kind in _PLAIN_SUMS for kind, _ in memberships) or (
                inferred_self and any(kind == "running" for kind, _ in memberships)
            )
            f.role = FundingRole.component if demoted else FundingRole.total
        elif memberships:
            f.role = FundingRole.component
        elif f.role in (FundingRole.component, FundingRole.total):
            pass  # set by the words ("£45,000 each (£135,000 in total)")
        elif f.cue == "total" and not f.in_table and f.value in table_totals:
            f.role = FundingRole.total  # "totals £84.6m", the table's total, whose parts the table prints
        elif (stream := _multi_year_of_stream(f, figures)) is not None:
            f.role = FundingRole.total
            f.payer = f.payer or stream.payer
        else:
            f.role = FundingRole.reference
    for i, f in enumerate(figures):
        if f.role is FundingRole.total and f.payer is None and f.in_table:
            payers = {figures[p].payer for g in f.groups for p in g.parts}
            if len(payers) == 1 and None not in payers:
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
