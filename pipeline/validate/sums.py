"""Printed sums: each total the paper prints against the figures it prints as its parts.

A total's sums come from the extractor (``Funding.sums``: the parts added and taken
away, what printed the sum, whether the arithmetic alone found it, the rounding the paper
allows); a record made without them (an older store, a test) is grouped by its parts'
``part_of`` as before, a table's grand total row-wise and column-wise.  A sum with fewer
than two figures that are not zero says nothing and is not checked.

How far printed rounding can go
-------------------------------
A figure printed as ``x`` with ``u`` the value of one unit in its last printed digit
(``precision_gbp``: £0.1m for "£2.6m", £1 for "£288,288") stands for some true value in
``[x - u/2, x + u/2]``.  So the parts and the total can be out by at most the half-units of
every figure involved added together (the *allowance*): for a table printed in £m to one
decimal, a total and two parts, 3 x £0.05m = £0.15m.  A part printed more coarsely than its
total counts only half a unit *of the total* ("£1m" inside a total printed to the pound:
the paper claims to know the total to the pound).  Where the paper states its own
tolerance ("Rounding errors of up to £2 are tolerable") that is allowed too.

* **exact**: *pass*;
* **within the allowance**: *pass*, and the message says by how much the printed figures
  differ and that rounding explains it (a £m table to 0.1m, pound rounding in an
  investment schedule, a £000 budget within £1k);
* **within the allowance, but the paper gives a part more precisely elsewhere** (the same
  funding stream and period, a finer precision, within half a unit of the printed part:
  £2.65m beside the £2.6m in the sum): the total only adds up with a figure other than the
  one printed beside it, so rounding is no excuse: *fail* with no tolerance, and the
  message says what the sum is with the precise figure;
* **beyond the allowance**: *fail* where the paper's labels or words say it is a total;
  *warn* where papertrail inferred the sum from the arithmetic and layout alone ("not
  sure"), never fail.

A status never contradicts its numbers: ``tolerance`` is the slack the status used, and a
difference within it is never a failure.  Rounding is half-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pipeline.validate.arithmetic import (
    FAIL,
    PASS,
    WARN,
    ZERO,
    Context,
    gbp,
    in_table,
    make_finding,
    per_period,
    periods_compatible,
    printed,
    record_id,
    round_to,
    unit,
)
from schemas.findings import Finding, FindingCheck
from schemas.records import Funding, SumGroup

_KIND_WORDS = {
    "balance": "a closing balance",
    "carried": "a closing balance",
    "net": "a net figure",
    "movement": "a closing figure",
}


def _join(parts: Sequence[str]) -> str:
    return " + ".join(parts)


def _short_or_over(difference: Decimal) -> str:
    """How the printed parts stand against the stated total (difference = total - parts)."""
    return f"{gbp(abs(difference))} short" if difference > 0 else f"{gbp(abs(difference))} over"


def _finer_figure(ctx: Context, part: Funding, group_ids: set[str]) -> Funding | None:
    """The same contribution, stated more precisely elsewhere in the same paper."""
    key = ctx.key(part)
    if key is None:
        return None
    step = unit(part)
    best: Funding | None = None
    for other in ctx.near(part.doc_id, key, part.amount_gbp, step / 2):
        if record_id(other) in group_ids or other.is_range:
            continue
        if not periods_compatible(part, other):
            continue
        if unit(other) >= step or other.amount_gbp == part.amount_gbp:
            continue
        if abs(other.amount_gbp - part.amount_gbp) * 2 > step:
            continue
        if best is None or (unit(other), other.source.char_start) < (unit(best), best.source.char_start):
            best = other
    return best


def _table_place(total: Funding, parts: Sequence[Funding], kind: str) -> str:
    """Where a table total sits: "the table on page 2, row 'Highways'" or a column total."""
    if not in_table(total):
        return ""
    place = f"the table on page {total.source.page}"
    same_row = all(p.source.char_start == total.source.char_start for p in parts)
    if kind in ("row", "movement") or same_row:
        return f"{place}, row '{total.purpose}'" if total.purpose else f"{place}, a row total"
    if kind == "across":
        return f"{place}, a total of the tables before it"
    return f"{place}, a column total"


def _listed(parts: Sequence[Funding], minus: Sequence[Funding]) -> str:
    if len(parts) + len(minus) > 5:
        return f"its {len(parts) + len(minus)} parts"
    text = _join([printed(p) for p in parts])
    for m in minus:
        text += f" - {printed(m)}"
    return f"its parts {text}"


def check_sum(
    ctx: Context,
    total: Funding,
    parts: Sequence[Funding],
    minus: Sequence[Funding] = (),
    group: SumGroup | None = None,
) -> Finding:
    """One printed total against the figures the paper gives as its parts (``minus``:
    the parts it takes away)."""
    kind = group.kind if group is not None else ("column" if in_table(total) else "words")
    inferred = group.inferred if group is not None else False
    check = (
        FindingCheck.balance if kind in ("balance", "carried")
        else FindingCheck.table_sum if in_table(total) else FindingCheck.sum
    )
    parts = sorted(parts, key=lambda p: p.source.char_start)
    stated = total.amount_gbp
    added = sum((p.amount_gbp for p in parts), ZERO) - sum((m.amount_gbp for m in minus), ZERO)
    difference = stated - added
    total_unit = unit(total)
    allowance = total_unit / 2 + sum((min(unit(p), total_unit) / 2 for p in [*parts, *minus]), ZERO)
    stated_tolerance = group.tolerance_gbp if group is not None else None
    slack = max(allowance, stated_tolerance or ZERO)
    group_ids = {record_id(total), *(record_id(p) for p in [*parts, *minus])}
    finer = {record_id(p): f for p in [*parts, *minus] if (f := _finer_figure(ctx, p, group_ids)) is not None}

    where = ctx.paper(total.doc_id)
    table = _table_place(total, [*parts, *minus], kind)
    if table:
        where = f"{where} ({table})"
    what = _KIND_WORDS.get(kind, "a total")
    opening = f"{where} states {what} of {printed(total)}{per_period(total)}"
    listed = _listed(parts, minus)

    note = ""
    if finer:
        refined = sum((finer.get(record_id(p), p).amount_gbp for p in parts), ZERO) - sum(
            (finer.get(record_id(m), m).amount_gbp for m in minus), ZERO
        )
        swaps = " and ".join(f"the {printed(f)}" for f in finer.values())
        rounds = round_to(refined, total_unit) == stated
        note = (
            f"; with {swaps} the same paper gives elsewhere they make {gbp(refined)}, "
            f"{'which rounds to' if rounds else 'which does not round to'} {printed(total)}{'' if rounds else ' either'}"
        )
    why = "the rounding the paper allows" if stated_tolerance and abs(difference) > allowance else "rounding of the printed figures"
    tolerance: Decimal = slack
    if difference == 0:
        status = PASS
        message = f"{opening} and {listed} add up to it exactly."
    elif abs(difference) <= slack and finer:
        status, tolerance = FAIL, ZERO
        message = f"{opening} but {listed} add up to {gbp(added)} ({_short_or_over(difference)}){note}."
    elif abs(difference) <= slack:
        status = PASS
        message = (
            f"{opening} and {listed} add up to {gbp(added)}, {gbp(abs(difference))} apart, which {why} "
            f"explains (it allows up to {gbp(slack)})."
        )
    elif inferred:
        status = WARN
        message = (
            f"{opening} but {listed} add up to {gbp(added)} ({_short_or_over(difference)}, more than {why} allows); "
            f"papertrail is not sure these are its parts (no label or word says so), so check the sum by hand."
        )
    else:
        status = FAIL
        message = (
            f"{opening} but {listed} add up to {gbp(added)} ({_short_or_over(difference)}), "
            f"more than {why} allows ({gbp(slack)}){note}: correct the total or a part."
        )
    return make_finding(
        check,
        status,
        message,
        record_ids=[record_id(f) for f in [*parts, *minus, total]],
        sources=[f.source for f in [*parts, *minus, total, *finer.values()]],
        amounts=[f.amount_gbp for f in [*parts, *minus, total, *finer.values()]],
        expected=added,
        actual=stated,
        tolerance=tolerance,
        stream=ctx.stream(total),
    )


def _nonzero(figures: Sequence[Funding]) -> int:
    return sum(1 for f in figures if f.amount_gbp != 0)


def _says_something(total: Funding, parts: Sequence[Funding], minus: Sequence[Funding]) -> bool:
    """A sum of two figures or more that are not zero; a total of one figure is checked
    only where it differs from it ("Grass: 96 ... Totals 97")."""
    if _nonzero([*parts, *minus]) >= 2:
        return True
    added = sum((p.amount_gbp for p in parts), ZERO) - sum((m.amount_gbp for m in minus), ZERO)
    return bool(parts or minus) and added != total.amount_gbp


def sum_findings(ctx: Context) -> list[Finding]:
    """Every printed total against its printed parts (see the module docstring)."""
    by_id = {record_id(f): f for f in ctx.corpus.funding}
    out = []
    for total in ctx.corpus.funding:
        for group in total.sums:
            parts = [by_id[p] for p in group.parts if p in by_id]
            minus = [by_id[p] for p in group.minus if p in by_id]
            if total.is_range or any(p.is_range for p in [*parts, *minus]) or not _says_something(total, parts, minus):
                continue
            out.append(check_sum(ctx, total, parts, minus, group))
    out.extend(_legacy_sums(ctx, by_id))
    return out


def _legacy_sums(ctx: Context, by_id: dict[str, Funding]) -> list[Finding]:
    """Totals of records made without ``sums``: grouped by their parts' ``part_of``."""
    groups: dict[str, list[Funding]] = {}
    for f in ctx.corpus.funding:
        for total_id in dict.fromkeys(f.part_of):
            total = by_id.get(total_id)
            if total is not None and not total.sums:
                groups.setdefault(total_id, []).append(f)
    out = []
    for total_id, parts in groups.items():
        total = by_id[total_id]
        if total.is_range or any(p.is_range for p in parts):
            continue
        parts = [p for p in parts if p.doc_id == total.doc_id and record_id(p) != total_id]
        for group in _row_and_column(total, parts):
            if _nonzero(group) >= 2 or len(group) >= 2:
                out.append(check_sum(ctx, total, group))
    return out


def _row_and_column(total: Funding, parts: list[Funding]) -> list[list[Funding]]:
    """A table's grand total can be the sum of its row and, separately, of its column:
    parts quoted from the total's own row are one sum, parts from other rows another."""
    if not parts:
        return []
    if not in_table(total):
        return [parts]
    row = [p for p in parts if p.source.char_start == total.source.char_start]
    column = [p for p in parts if p.source.char_start != total.source.char_start]
    return [g for g in (row, column) if g]


def unit_findings(ctx: Context) -> list[Finding]:
    """A table whose money unit is in doubt (``Funding.unit_note``): one warning per table,
    naming the figures as read, so no figure is silently read at the wrong size."""
    tables: dict[tuple[str, int | None, int | None], list[Funding]] = {}
    for f in ctx.corpus.funding:
        if f.unit_note:
            tables.setdefault((f.doc_id, f.table_block, f.table), []).append(f)
    out = []
    for figures in tables.values():
        figures = sorted(figures, key=lambda f: f.source.char_start)
        shown = ", ".join(f"{f.amount_text} as {gbp(f.amount_gbp)}" for f in figures[:3])
        first = figures[0]
        message = (
            f"{ctx.paper(first.doc_id)} (the table on page {first.source.page}): {first.unit_note}, so its "
            f"{len(figures)} figures were kept as pounds ({shown}) but may be in that unit: check the table "
            f"before using them."
        )
        out.append(
            make_finding(
                FindingCheck.unit,
                WARN,
                message,
                record_ids=[record_id(f) for f in figures],
                sources=[f.source for f in figures],
                amounts=[f.amount_gbp for f in figures],
                expected=None,
                actual=None,
            )
        )
    return out
