"""Checks within one paper: printed precision, periods and percent changes, and the numbers
and context every check shares (printed sums are in :mod:`pipeline.validate.sums`).

Every figure is an exact Decimal; nothing here uses float.  Conventions for every finding:
``expected`` is what the arithmetic gives, ``actual`` what the paper states,
``difference = actual - expected`` and ``difference_pct`` is that difference as a
percentage of ``expected`` (quantized to 0.01).  A figure printed as ``x`` with ``u`` the
value of one unit in its last printed digit (``precision_gbp``) stands for a true value in
``[x - u/2, x + u/2]``; rounding is half-up.

**Precision**: two figures for one stream in a paper that differ but agree at the coarser
printed precision: warn.  **Periods**: a yearly figure and an "over N years" figure from the
same payer, not linked by a sum or a table, purposes not contradicting: N x yearly against
the multi-year figure, the yearly figure's rounding multiplied by N; where several yearly
figures could be meant, the closest is compared, so a fail means none of them fits.
**Percent changes**: the stated change against (current - baseline) / baseline, rounded to
the stated decimals: pass when equal; warn when only rounding of the baseline and current
values could explain it; fail beyond.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from decimal import ROUND_HALF_UP, Decimal

from pipeline.extract.indicators.values import QUALITY_WORDS
from pipeline.extract.money import parse_money
from pipeline.store import Corpus
from pipeline.validate.reviews import finding_id, fingerprint
from schemas.findings import Finding, FindingCheck, FindingStatus
from schemas.provenance import Source
from schemas.records import Funding, FundingPeriod, FundingRole, Indicator

PASS, WARN, FAIL = FindingStatus.passed, FindingStatus.warn, FindingStatus.fail
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MILLION = Decimal(1000000)


# --------------------------------------------------------------------------- numbers


def unit(f: Funding) -> Decimal:
    """One unit in the last printed digit of a figure (its printed precision)."""
    if f.precision_gbp is not None and f.precision_gbp > 0:
        return f.precision_gbp
    parsed = parse_money(f.amount_text)
    if parsed is not None and parsed.value == f.amount_gbp:
        return parsed.precision
    return ONE


def round_to(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded half-up to a multiple of ``step``."""
    return (value / step).quantize(ONE, rounding=ROUND_HALF_UP) * step


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to 0.01 (None when whole is zero)."""
    if whole == 0:
        return None
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def gbp(value: Decimal) -> str:
    """A computed amount for a message: "£16.45m" when it has at most three decimals in
    millions, else to the pound ("£2,728,288") or penny."""
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1000 * MILLION:
        b = v / (1000 * MILLION)
        if b == b.quantize(Decimal("0.001")):
            return f"{sign}£{format(b.normalize(), 'f')}bn"
    if v >= MILLION:
        m = v / MILLION
        if m == m.quantize(Decimal("0.001")):
            return f"{sign}£{format(m.normalize(), 'f')}m"
    if v == v.to_integral_value():
        return f"{sign}£{int(v):,}"
    return f"{sign}£{v:,.2f}"


def in_table(f: Funding) -> bool:
    """A table cell: a table index, or a bare number (prose figures always carry £)."""
    return f.table is not None or f.table_block is not None or ("£" not in f.amount_text and "GBP" not in f.amount_text.upper())


def printed(f: Funding) -> str:
    """The figure as the paper printed it (white space collapsed); a bare table number in
    its table's unit is shown as money ("28.3" in a £m table -> "£28.3m")."""
    text = " ".join(f.amount_text.split())
    if not text or ("£" not in text and "GBP" not in text.upper()):
        return gbp(f.amount_gbp)
    return text


def per_period(f: Funding) -> str:
    """" a year", " over 5 years" or "" for a message."""
    if f.period is FundingPeriod.per_year:
        return " a year"
    if f.period is FundingPeriod.total and f.period_years:
        return f" over {f.period_years} years"
    return ""


def period_class(f: Funding) -> tuple[str, int | None] | None:
    """What a figure is per: ("per_year", None), ("total", N), ...; None when unspecified."""
    if f.period is FundingPeriod.unspecified:
        return None
    years = f.period_years if f.period is FundingPeriod.total else None
    return (f.period.value, years)


def periods_compatible(a: Funding, b: Funding) -> bool:
    pa, pb = period_class(a), period_class(b)
    return pa is None or pb is None or pa == pb


def record_id(f: Funding) -> str:
    return f.id or f"{f.doc_id}:@{f.source.char_start}"


def indicator_id(ind: Indicator, index: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", ind.name.lower()).strip("-")
    return f"{ind.doc_id}:indicator:{slug}:{index}"


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What every check needs from the corpus: figures, stream keys and paper labels."""

    corpus: Corpus
    keys: Mapping[str, str] = field(default_factory=dict)  # funding record id -> stream key
    names: Mapping[str, str] = field(default_factory=dict)  # stream key -> readable name
    payers: Mapping[str, str] = field(default_factory=dict)  # funding record id -> payer ("" unknown)
    own_words: Mapping[str, frozenset[str]] = field(default_factory=dict)  # purpose words

    def __post_init__(self) -> None:
        ids = sorted({d.doc_id for d in self.corpus.documents} | {f.doc_id for f in self.corpus.funding})
        short: dict[str, list[str]] = {}
        for doc_id in ids:
            head = doc_id.split("_", 1)[0]
            short.setdefault(head if head.isdigit() else doc_id, []).append(doc_id)
        self.labels = {d: (s if len(group) == 1 else d) for s, group in short.items() for d in group}
        self.figures = [f for f in self.corpus.funding if f.role is not FundingRole.threshold]

    def near(self, doc_id: str, key: str, amount: Decimal, within: Decimal) -> list[Funding]:
        """The figures of one paper in one funding stream within ``within`` of ``amount``
        (indexed by amount on first use, then found by bisection)."""
        if not hasattr(self, "_by_doc_key"):
            index: dict[tuple[str, str | None], list[Funding]] = {}
            for f in self.figures:
                index.setdefault((f.doc_id, self.key(f)), []).append(f)
            for group in index.values():
                group.sort(key=lambda f: f.amount_gbp)
            self._by_doc_key = index
            self._amounts = {k: [f.amount_gbp for f in v] for k, v in index.items()}
        group = self._by_doc_key.get((doc_id, key), [])
        amounts = self._amounts.get((doc_id, key), [])
        return group[bisect_left(amounts, amount - within) : bisect_right(amounts, amount + within)]

    def paper(self, doc_id: str) -> str:
        return f"Paper {self.labels.get(doc_id, doc_id)}"

    def key(self, f: Funding) -> str | None:
        return self.keys.get(record_id(f))

    def payer(self, f: Funding) -> str:
        return self.payers.get(record_id(f), "")

    def stream(self, f: Funding) -> str | None:
        key = self.key(f)
        return self.names.get(key, key) if key else None


def make_finding(
    check: FindingCheck,
    status: FindingStatus,
    message: str,
    *,
    record_ids: Iterable[str],
    sources: Sequence[Source],
    amounts: Sequence[Decimal],
    expected: Decimal | None,
    actual: Decimal | None,
    tolerance: Decimal | None = None,
    stream: str | None = None,
    unit: str = "gbp",
) -> Finding:
    """A finding with its id, difference, percentage and fingerprint filled in."""
    record_ids = list(record_ids)
    difference = None if expected is None or actual is None else actual - expected
    difference_pct = None
    if difference is not None and expected is not None:
        difference_pct = percent_of(difference, expected)
    unique_sources = list(dict.fromkeys(sources))
    doc_ids = list(dict.fromkeys(s.doc_id for s in unique_sources))
    return Finding(
        id=finding_id(check, record_ids),
        check=check,
        status=status,
        message=message,
        doc_ids=doc_ids,
        amounts_gbp=list(amounts) if unit == "gbp" else [],
        unit=unit,
        values=list(amounts),
        record_ids=list(dict.fromkeys(record_ids)),
        expected=expected,
        actual=actual,
        difference=difference,
        difference_pct=difference_pct,
        tolerance=tolerance,
        funding_stream=stream,
        fingerprint=fingerprint(status, amounts, expected, actual),
        sources=unique_sources,
    )


def _join(parts: Sequence[str]) -> str:
    return " + ".join(parts)


def _short_or_over(difference: Decimal) -> str:
    """How the printed parts stand against the stated total (difference = total - parts)."""
    return f"{gbp(abs(difference))} short" if difference > 0 else f"{gbp(abs(difference))} over"


# --------------------------------------------------------------------------- precision


def precision_findings(ctx: Context) -> list[Finding]:
    """Figures for one stream in one paper that differ but agree at the coarser precision."""
    groups: dict[tuple[str, str], list[Funding]] = {}
    for f in ctx.figures:
        key = ctx.key(f)
        if key and not f.is_range:
            groups.setdefault((f.doc_id, key), []).append(f)
    out = []
    for (_doc_id, _key), figures in sorted(groups.items()):
        figures.sort(key=lambda f: f.source.char_start)
        done: set[str] = set()
        for reference in sorted(figures, key=lambda f: (unit(f), f.source.char_start)):
            if record_id(reference) in done:
                continue
            variants = [
                f
                for f in figures
                if record_id(f) not in done
                and f is not reference
                and f.amount_gbp != reference.amount_gbp
                and unit(f) > unit(reference)
                and periods_compatible(f, reference)
                and abs(f.amount_gbp - reference.amount_gbp) * 2 <= unit(f)
            ]
            if not variants:
                continue
            done.add(record_id(reference))
            done.update(record_id(v) for v in variants)
            out.append(_precision_finding(ctx, reference, variants))
    return out


def _precision_finding(ctx: Context, reference: Funding, variants: Sequence[Funding]) -> Finding:
    coarse = variants[0]
    shown = list(dict.fromkeys(printed(v) for v in variants))
    pages = ", ".join(f"p.{v.source.page}" for v in variants)
    times = {2: " twice", 3: " three times"}.get(len(variants), f" {len(variants)} times")
    again = times if len(variants) > 1 and len(shown) == 1 else ""
    stream = ctx.stream(reference)
    gap = gbp(abs(coarse.amount_gbp - reference.amount_gbp))
    message = (
        f"{ctx.paper(reference.doc_id)} gives {printed(reference)}{per_period(reference)} "
        f"(p.{reference.source.page}) and {' and '.join(shown)}{again} ({pages})"
        f"{f' for {stream}' if stream else ' for the same figure'}: they agree only at the printed "
        f"precision ({gap} apart), so use the precise figure throughout."
    )
    return make_finding(
        FindingCheck.precision,
        WARN,
        message,
        record_ids=[record_id(f) for f in [reference, *variants]],
        sources=[f.source for f in [reference, *variants]],
        amounts=[f.amount_gbp for f in [reference, *variants]],
        expected=reference.amount_gbp,
        actual=coarse.amount_gbp,
        tolerance=unit(coarse) / 2,
        stream=ctx.stream(reference),
    )


# --------------------------------------------------------------------------- periods


class _Contribution(NamedTuple):
    """What :func:`_same_contribution` asks of a figure, read once per figure."""

    figure: Funding
    id: str
    part_of: frozenset[str]
    in_table: bool
    own_words: frozenset[str]
    key: str | None
    is_total: bool


def _contribution(ctx: Context, f: Funding) -> _Contribution:
    rid = record_id(f)
    return _Contribution(
        f, rid, frozenset(f.part_of), in_table(f), ctx.own_words.get(rid, frozenset()), ctx.keys.get(rid),
        f.role is FundingRole.total,
    )


def _same_contribution(yearly: _Contribution, total: _Contribution, payer: str) -> bool:
    """A yearly figure and a multi-year one of the same payer (``payer``, "" unknown) that
    can be the same contribution: purposes that do not contradict, and no sum or table
    linking them otherwise."""
    if total.id in yearly.part_of or yearly.id in total.part_of:
        return False  # a year's part of a multi-year total (a budget table's row)
    if yearly.part_of & total.part_of:
        return False  # two parts of one sum
    if yearly.in_table and total.in_table:
        return False  # a year's column and the table's total column
    own_y, own_t = yearly.own_words, total.own_words
    if payer:
        return not own_y or not own_t or bool(own_y & own_t)
    if yearly.key is not None and yearly.key == total.key:
        return True
    # two stated totals with no payer: the same contribution unless their own purposes
    # differ, or one is a table's (a table row's total is not a prose total)
    return (
        yearly.is_total
        and total.is_total
        and yearly.in_table == total.in_table
        and (not own_y or not own_t or bool(own_y & own_t))
    )


def period_findings(ctx: Context) -> list[Finding]:
    """A contribution given per year and over N years in one paper: N x yearly against the
    multi-year figure.  Where several yearly figures could be it, the one that comes
    closest is compared (a planted error still fails: none comes close)."""
    # yearly figures by paper and payer (a contribution has one payer)
    yearly: dict[tuple[str, str], list[_Contribution]] = {}
    multi: list[Funding] = []
    for f in ctx.figures:
        if f.is_range:
            continue
        if f.period is FundingPeriod.per_year and not f.financial_year:
            yearly.setdefault((f.doc_id, ctx.payer(f)), []).append(_contribution(ctx, f))
        elif f.period is FundingPeriod.total and f.period_years and f.period_years > 1:
            multi.append(f)
    out = []
    for total in multi:
        payer = ctx.payer(total)
        same_paper_and_payer = yearly.get((total.doc_id, payer))
        if not same_paper_and_payer:
            continue
        years = Decimal(total.period_years or 1)
        facts = _contribution(ctx, total)
        candidates = [y.figure for y in same_paper_and_payer if _same_contribution(y, facts, payer)]
        if not candidates:
            continue
        best = min(
            candidates,
            key=lambda y: (abs(y.amount_gbp * years - total.amount_gbp), unit(y), y.source.char_start),
        )
        out.append(_period_finding(ctx, best, total))
    return out


def _period_finding(ctx: Context, yearly: Funding, total: Funding) -> Finding:
    years = total.period_years or 1
    expected = yearly.amount_gbp * years
    allowance = unit(yearly) * years / 2 + unit(total) / 2
    difference = total.amount_gbp - expected
    stream = ctx.stream(total) or ctx.stream(yearly)
    head = (
        f"{ctx.paper(total.doc_id)} gives {printed(yearly)} a year and {printed(total)} over "
        f"{years} years for {stream or 'the same contribution'}"
    )
    if difference == 0:
        status, message = PASS, f"{head}, which agree ({years} x {printed(yearly)} = {gbp(expected)})."
    elif abs(difference) <= allowance:
        status = WARN
        message = (
            f"{head}: {years} x {printed(yearly)} is {gbp(expected)}, which agrees only at the "
            f"printed precision (rounding allows up to {gbp(allowance)})."
        )
    else:
        status = FAIL
        hint = ""
        if abs(total.amount_gbp - yearly.amount_gbp) <= yearly.amount_gbp / HUNDRED:
            hint = f" ({printed(total)} is close to the yearly {printed(yearly)}, as if it were one year's)"
        message = (
            f"{head}, but {years} x {printed(yearly)} is {gbp(expected)}, not {printed(total)}{hint}: "
            f"check which the paper means."
        )
    return make_finding(
        FindingCheck.period,
        status,
        message,
        record_ids=[record_id(yearly), record_id(total)],
        sources=[yearly.source, total.source],
        amounts=[yearly.amount_gbp, total.amount_gbp],
        expected=expected,
        actual=total.amount_gbp,
        tolerance=allowance,
        stream=stream,
    )


# --------------------------------------------------------------------------- percent changes


def _decimals(value: Decimal, text: str | None = None) -> int:
    """Decimals printed: from the printed text when given ("+76%", "12.50%"), else the
    Decimal's own exponent."""
    if text:
        m = re.search(r"\d+(?:\.(\d+))?", text)
        if m:
            return len(m.group(1) or "")
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _step(decimals: int) -> Decimal:
    return Decimal((0, (1,), -decimals))


def _half_unit(value: Decimal, text: str | None) -> Decimal:
    """Half a unit in the last printed digit of an indicator's value: a money value
    printed with a multiplier counts in its own unit ("£1.2m": £50,000), else the
    decimals printed ("82.5%": 0.05)."""
    if text and "£" in text:
        money = parse_money(text.strip())
        if money is not None and money.value == value:
            return money.precision / 2
    return _step(_decimals(value, text)) / 2


def _change(base: Decimal, current: Decimal) -> Decimal:
    return (current - base) / base * HUNDRED


# a change stated as better or worse ("an improvement of 10%", "deteriorated by 2 points")
# says which way is good, not which way the figure moved


def _directed(ind: Indicator, stated: Decimal, computed: Decimal) -> tuple[Decimal, bool]:
    """The stated change signed as a rise (+) or fall (-): ``(stated, unsure)``.

    The extractor signs every stated change as a rise or fall where the paper says which
    way is better (:func:`~pipeline.extract.indicators.values.as_rise_or_fall`).  A change
    stated as better or worse where the paper does not say which way is better is signed
    better (+) / worse (-): the sign nearer the computed change is taken and ``unsure`` is
    True (the finding warns at most).  Any other stated change is as given."""
    if not QUALITY_WORDS.search(ind.stated_change_text or "") or ind.higher_is_better is not None:
        return stated, False
    if abs(computed + stated) < abs(computed - stated):
        return -stated, True
    return stated, False


def _unsure_note(ind: Indicator, stated: Decimal) -> str:
    way = "a fall" if stated < 0 else "a rise"
    return (
        f"; the paper states it as better or worse without saying whether higher is better, "
        f"so it is read as {way}: check which way is better for {ind.name}"
    )


def percent_findings(ctx: Context) -> list[Finding]:
    out = []
    seen: dict[tuple[str, str], int] = {}
    for ind in ctx.corpus.indicators:
        index = seen.get((ind.doc_id, ind.name), 0)
        seen[(ind.doc_id, ind.name)] = index + 1
        base, current = ind.baseline.value, ind.current.value
        if base is None or current is None:
            continue
        if ind.stated_change_pct is not None and base != 0:
            out.append(_percent_finding(ctx, ind, index, base, current))
        elif ind.stated_change_points is not None:
            out.append(_points_finding(ctx, ind, index, base, current))
    return out


def _percent_finding(ctx: Context, ind: Indicator, index: int, base: Decimal, current: Decimal) -> Finding:
    assert ind.stated_change_pct is not None
    computed = _change(base, current)
    stated, unsure = _directed(ind, ind.stated_change_pct, computed)
    step = _step(_decimals(stated, ind.stated_change_text))
    shown = (ind.stated_change_text or f"{stated}%").strip()
    head = f"{ctx.paper(ind.doc_id)} states {shown} for {ind.name} ({base:f} to {current:f})"
    computed_text = f"{computed.quantize(CENT, rounding=ROUND_HALF_UP):f}%"
    if round_to(computed, step) == stated and unsure:
        status, message = WARN, f"{head}, which matches the computed {computed_text}{_unsure_note(ind, stated)}."
    elif round_to(computed, step) == stated:
        status, message = PASS, f"{head}, which matches the computed {computed_text}."
    else:
        ub = _half_unit(base, ind.baseline.text)
        uc = _half_unit(current, ind.current.text)
        corners = [_change(b, c) for b in (base - ub, base + ub) for c in (current - uc, current + uc) if b != 0]
        low, high = min(corners) - step / 2, max(corners) + step / 2
        points = current - base
        if ind.unit == "percent" and round_to(points, step) == stated:
            status = WARN
            message = (
                f"{head}, but the change is {computed_text}; {shown} is the change in percentage "
                f"points, so say 'points' or correct the figure."
            )
        elif low <= stated <= high:
            status = WARN
            message = (
                f"{head}, but the change is {computed_text}; rounding of the printed values "
                f"could explain it, so check against the unrounded values."
            )
        else:
            status = FAIL
            message = f"{head}, but the change is {computed_text}: correct the stated change."
    return make_finding(
        FindingCheck.percent_change,
        status,
        message,
        record_ids=[indicator_id(ind, index)],
        sources=[ind.source],
        amounts=[base, current],
        expected=computed.quantize(CENT, rounding=ROUND_HALF_UP),
        actual=stated,
        tolerance=step / 2,
        unit="percent",
    )


def _points_finding(ctx: Context, ind: Indicator, index: int, base: Decimal, current: Decimal) -> Finding:
    assert ind.stated_change_points is not None
    computed = current - base
    stated, unsure = _directed(ind, ind.stated_change_points, computed)
    step = _step(_decimals(stated, ind.stated_change_text))
    shown = (ind.stated_change_text or f"{stated} points").strip()
    head = f"{ctx.paper(ind.doc_id)} states {shown} for {ind.name} ({base:f} to {current:f})"
    if round_to(computed, step) == stated and unsure:
        status = WARN
        message = f"{head}, which matches the computed change of {computed:f} points{_unsure_note(ind, stated)}."
    elif round_to(computed, step) == stated:
        status, message = PASS, f"{head}, which matches the computed change of {computed:f} points."
    else:
        slack = _half_unit(base, ind.baseline.text) + _half_unit(current, ind.current.text)
        if abs(computed - stated) <= slack + step / 2:
            status = WARN
            message = (
                f"{head}, but the change is {computed:f} points; rounding of the printed values "
                f"could explain it, so check against the unrounded values."
            )
        else:
            status = FAIL
            message = f"{head}, but the change is {computed:f} points: correct the stated change."
    return make_finding(
        FindingCheck.percent_change,
        status,
        message,
        record_ids=[indicator_id(ind, index)],
        sources=[ind.source],
        amounts=[base, current],
        expected=computed,
        actual=stated,
        tolerance=step / 2,
        unit="points",
    )
