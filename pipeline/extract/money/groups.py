"""Sum groups in prose: which figures a stated total is made of.

The extractor records a group; the validator does the arithmetic.  A group is found
from the words first, the arithmetic second:

1. *whole and remainder*: "£400,000 (from the £1.2m ...  The remaining £800k ...)":
   the figure after "from the" is a whole, the figure before it and every "remaining"
   figure after it are its parts (only when it has two parts or more);
2. *breakdown*: "£16.5m, of which £2.6m ... and £13.8m ..." (or "made up of",
   "comprising", ...): the figures after the cue, in the sentence or the list it
   introduces, are parts of the figure before it;
3. *stated total* ("the total KCC contribution will be £2,728,288"): its parts are
   earlier figures of its paragraph, then of its section, then later figures of its own
   sentence.  In the paragraph, the subset that adds up exactly wins, then one that adds
   up within rounding (half a printed unit per figure), then the closest pair or more
   within 10% (so a total that is slightly off still gets its group: checked as the
   sentence's sum when a part is in the total's own sentence, "... £13.8m, giving a total
   of £16.5m", else ``inferred``, as no word names those parts, so the validator warns
   and never fails).  Across the section only an exact sum counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import combinations

from pipeline.extract.money.cues import compiled
from pipeline.extract.money.figure import Figure, Group
from pipeline.extract.money.table_sums import allowance
from schemas.records import FundingPeriod, FundingRole

MAX_CANDIDATES = 12
APPROXIMATE = Decimal("0.10")


def _compatible(part: Figure, total: Figure) -> bool:
    if part.is_range or part.cue == "threshold" or part is total:
        return False
    if part.value == 0 or abs(part.value) >= abs(total.value):
        return False
    if total.period is FundingPeriod.per_year and part.period in (
        FundingPeriod.total,
        FundingPeriod.one_off,
    ):
        return False
    if total.period is FundingPeriod.total and part.period is FundingPeriod.per_year:
        return part.financial_year is not None  # one year's share of a multi-year sum
    return not (
        part.financial_year and total.financial_year and part.financial_year != total.financial_year
    )


def _tolerance(parts: Sequence[Figure], total: Figure) -> Decimal:
    return (sum((p.precision for p in parts), Decimal(0)) + total.precision) / 2


def best_subset(
    candidates: Sequence[Figure], total: Figure, *, exact_only: bool
) -> list[Figure] | None:
    """The candidates (two or more) that make up ``total``, or None.

    Among subsets that add up equally well, the larger wins, then the one whose figures
    stand nearest the total.
    """
    pool = list(candidates)[-MAX_CANDIDATES:]
    exact: list[tuple[int, tuple[int, ...]]] = []
    rounded: list[tuple[Decimal, int, tuple[int, ...]]] = []
    approx: list[tuple[Decimal, int, tuple[int, ...]]] = []
    for size in range(2, len(pool) + 1):
        for combo in combinations(range(len(pool)), size):
            parts = [pool[i] for i in combo]
            diff = abs(sum((p.value for p in parts), Decimal(0)) - total.value)
            nearness = tuple(-i for i in reversed(combo))  # smaller is nearer the total
            if diff == 0:
                exact.append((-size, nearness))
            elif not exact_only:
                if diff <= _tolerance(parts, total):
                    rounded.append((diff, -size, nearness))
                elif diff <= abs(total.value) * APPROXIMATE:
                    approx.append((diff, -size, nearness))
    for found in (exact, rounded, approx):
        if found:
            best: tuple[int, ...] = min(found)[-1]  # type: ignore[assignment]
            return [pool[-i] for i in reversed(best)]
    return None


def _adds_up(parts: Sequence[Figure], total: Figure) -> bool:
    """Whether all the parts come within 10% of the total (a slip is the validator's)."""
    diff = abs(sum((p.value for p in parts), Decimal(0)) - total.value)
    return diff <= abs(total.value) * APPROXIMATE


def _block_key(f: Figure) -> int | None:
    return f.block.index if f.block is not None else None


def _by_block(prose: list[tuple[int, Figure]]) -> dict[int | None, list[Figure]]:
    out: dict[int | None, list[Figure]] = {}
    for _, f in prose:
        out.setdefault(_block_key(f), []).append(f)
    return out


def _same_sentence(a: Figure, b: Figure) -> bool:
    return a.span == b.span and not a.in_table and not b.in_table


def find_prose_groups(figures: Sequence[Figure], text: str) -> None:
    """Record the prose sums on their totals (``Figure.groups``, indices into
    ``figures``) and set the ``cue`` of a stated total."""
    prose = [(i, f) for i, f in enumerate(figures) if not f.in_table]
    _arithmetic(figures, prose, text)
    _bracketed(figures, prose, text)
    _wholes(figures, prose)
    taken = _breakdowns(figures, prose, text)
    grouped = {p for f in figures for g in f.groups for p in (*g.parts, *g.minus)}
    _stated_totals(figures, prose, taken | grouped)
    _each(figures, prose, text)
    for i, f in enumerate(figures):
        for total in f.part_of:
            group = next((g for g in figures[total].groups if g.kind == "words"), None)
            if group is None:
                group = Group("words", [])
                figures[total].groups.append(group)
            if i not in group.parts:
                group.parts.append(i)
        f.part_of = []


_PLUS = re.compile(r"^\s*(?:\+|plus|and|add)\s*$", re.IGNORECASE)
_MINUS = re.compile(r"^\s*(?:-|–|−|minus|less)\s*$", re.IGNORECASE)
_EQUALS = re.compile(r"=")


def arithmetic_in_cells(figures: Sequence[Figure], text: str) -> None:
    """A sum written out in a table's text cell ("Grant - £1,000: Fundraising - £2,438 =
    £3,438"), read as in prose."""
    _arithmetic(figures, [(i, f) for i, f in enumerate(figures) if f.in_table and "£" in f.amount_text], text)


def _arithmetic(figures: Sequence[Figure], prose: list[tuple[int, Figure]], text: str) -> None:
    """A sum written out: "£2,473 + £2,309 = £4,782"; "Grant - £1,000: Fundraising -
    £2,438 = £3,438" (the figures of the sentence before "=" add up to the one after)."""
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, f in prose:
        by_sentence.setdefault(f.span, []).append(i)
    for indices in by_sentence.values():
        for k in range(1, len(indices)):
            total = figures[indices[k]]
            before = figures[indices[k - 1]]
            gap = text[before.end : total.start]
            if gap.count("=") != 1 or len(gap) > 30:
                continue
            if figures[indices[k]].groups or any(g.kind == "arithmetic" for g in total.groups):
                continue
            plus: list[int] = []
            minus: list[int] = []
            start = 0
            for j in range(k - 1, -1, -1):
                if j < k - 1 and "=" in text[figures[indices[j]].end : figures[indices[j + 1]].start]:
                    start = j + 1
                    break
            joined = all(
                len(between := text[figures[indices[j - 1]].end : figures[indices[j]].start]) <= 60
                and re.search(r"[+:,]|\s[-–]\s|\band\b", between)
                for j in range(start + 1, k)
            )
            if not joined:
                continue
            for j in range(start, k):
                f = figures[indices[j]]
                gap = text[figures[indices[j - 1]].end : f.start] if j > start else ""
                sign_minus = j > start and bool(re.search(r"(?:^|\s)(?:-|–|−|minus|less)\s*$", gap)) and ":" not in gap
                (minus if sign_minus else plus).append(indices[j])
            if len(plus) + len(minus) >= 2:
                total.cue = "total"
                total.groups.append(Group("arithmetic", plus, minus))


def _bracketed(figures: Sequence[Figure], prose: list[tuple[int, Figure]], text: str) -> None:
    """A total and its parts in brackets straight after it: "£40 (£10 for the Bier Café
    and £30 for the Clock House)"."""
    for n, (i, f) in enumerate(prose):
        after = text[f.end : f.end + 3]
        if not after.lstrip().startswith("(") or f.groups:
            continue
        open_at = text.index("(", f.end)
        close_at = text.find(")", open_at)
        if close_at < 0 or close_at - open_at > 300:
            continue
        inside = [(j, g) for j, g in prose[n + 1 :] if open_at < g.start and g.end <= close_at]
        if len(inside) >= 2 and _adds_up([g for _, g in inside], f):
            f.cue = "total"
            f.groups.append(Group("words", [j for j, _ in inside]))


def _each(figures: Sequence[Figure], prose: list[tuple[int, Figure]], text: str) -> None:
    """"£45,000 each (£135,000 in total)": the unit figure is a component of the stated
    total (a product, not a sum: no group is recorded)."""
    for n, (i, f) in enumerate(prose):
        if not re.match(r"\s*each\b", text[f.end : f.end + 8], re.IGNORECASE):
            continue
        later = [g for _, g in prose[n + 1 :] if g.span == f.span]
        if later and re.match(r"\s*in\s+total\b", text[later[0].end : later[0].end + 12], re.IGNORECASE):
            f.role = FundingRole.component
            later[0].cue = "total"
            later[0].role = FundingRole.total


def _wholes(figures: Sequence[Figure], prose: list[tuple[int, Figure]]) -> None:
    """1. "£400,000 (from the £1.2m ...  The remaining £800k ...)"."""
    wholes: dict[int, list[int]] = {}
    for n, (i, f) in enumerate(prose):
        if f.cue == "whole" and n > 0 and _same_sentence(prose[n - 1][1], f):
            wholes[i] = [prose[n - 1][0]]
        elif f.cue == "remainder":
            for j in sorted(wholes, reverse=True):
                if figures[j].block == f.block and j < i:
                    wholes[j].append(i)
                    break
    for j, members in wholes.items():
        if len(members) >= 2:
            figures[j].cue = "total"
            for m in members:
                figures[m].part_of.append(j)


def _breakdowns(figures: Sequence[Figure], prose: list[tuple[int, Figure]], text: str) -> set[int]:
    """2. "£16.5m, of which £2.6m ... and £13.8m"; "The service costs £460,000.  This
    will be met from X, which will contribute £275,000, and from Y £185,000."  Returns
    the indices of the parts."""
    cues = compiled()
    index_of = {id(f): i for i, f in prose}
    by_block = _by_block(prose)
    taken: set[int] = set()
    totals = {p for f in figures for p in f.part_of} | {i for i, f in enumerate(figures) if f.groups}
    grouped = {p for f in figures for g in f.groups for p in (*g.parts, *g.minus)}
    for i, f in prose:
        if f.cue == "threshold" or i in totals or i in grouped:
            continue
        rest = [g for g in by_block.get(_block_key(f), []) if g.start > f.start]
        same = [g for g in rest if _same_sentence(g, f)]
        following = [g for g in rest if g.block == f.block and g.span[0] >= f.span[1]]
        parts: list[Figure]
        if same:
            gap, parts = text[f.end : same[0].start], same
        elif following and not text[f.span[1] : following[0].span[0]].strip():
            gap = text[f.end : following[0].start]
            parts = [g for g in following if g.span == following[0].span]
        elif text[f.span[0] : f.span[1]].rstrip().endswith(":"):
            after = [(j, g) for j, g in prose if g.start > f.start]
            gap, parts = text[f.end : f.span[1]], _list_after(after, f)
        elif (nxt := _next_block(prose, f)) and re.match(r"\s*(?:of\s+(?:which|this)|this\s+(?:is|comprises))\b", text[nxt[0].span[0] : nxt[0].start], re.IGNORECASE):
            # "... is £48,750,000." / "Of this, £6,300,000 is for ..."
            gap, parts = text[f.end : nxt[0].start], nxt
        else:
            continue
        if not cues.breakdown.search(gap):
            continue
        parts = [g for g in parts if _compatible(g, f)]
        if len(parts) == 1 and f.cue == "total" and re.search(r"\bof\s+(?:which|this)\b", gap, re.IGNORECASE):
            # "The total ... is £48,750,000.  Of this, £6,300,000 is for ...": a stated total
            # and one part named (the rest not: no sum to check)
            f.role, parts[0].role = FundingRole.total, FundingRole.component
            continue
        if len(parts) >= 2 and _adds_up(parts, f):
            f.cue = "total"
            totals.add(i)
            for g in parts:
                g.part_of.append(i)
                if g.period is FundingPeriod.unspecified:  # "£3.6m per annum, of which £2.9m"
                    g.period, g.period_years = f.period, f.period_years
                taken.add(index_of[id(g)])
    return taken


def _next_block(prose: list[tuple[int, Figure]], f: Figure) -> list[Figure]:
    """The figures of the first sentence of the block straight after ``f``'s, when ``f``
    ends its block."""
    if f.block is None:
        return []
    later = [g for _, g in prose if g.block is not None and g.block.index == f.block.index + 1]
    if not later or any(g.block == f.block and g.start > f.start for _, g in prose):
        return []
    return [g for g in later if g.span == later[0].span]


def _stated_totals(
    figures: Sequence[Figure], prose: list[tuple[int, Figure]], taken: set[int]
) -> None:
    """3. "The total KCC contribution will be £2,728,288": parts from the paragraph, the
    section (exact sums only), or later in the total's own sentence."""
    index_of = {id(f): i for i, f in prose}
    totals = {p for f in figures for p in f.part_of} | {i for i, f in enumerate(figures) if f.groups}
    by_section: dict[int | None, list[Figure]] = {}
    for _, g in prose:
        by_section.setdefault(g.block.section if g.block else None, []).append(g)
    for i, f in prose:
        if f.cue != "total" or i in totals:
            continue
        section_figures = by_section[f.block.section if f.block else None]
        earlier = [
            g
            for g in section_figures
            if g.start < f.start and _compatible(g, f) and index_of[id(g)] not in taken
        ]
        in_block = [g for g in earlier if g.block == f.block]
        if len(in_block) < 2 and f.block is not None:
            # a paragraph the layout broke in two ("... NHS Foundation Trust" / "(NELFT) and
            # KCC invests £2.6m ..." / "The CCGs invest £13.8m ..."): the blocks just before
            near = {f.block.index - 1, f.block.index - 2}
            in_block = [g for g in earlier if g.block == f.block or (g.block is not None and g.block.index in near and g.block.section == f.block.section)]
        parts = best_subset(in_block, f, exact_only=False) if len(in_block) >= 2 else None
        if parts is None and f.block is not None:
            section = [
                g for g in earlier if g.block is not None and g.block.section == f.block.section
            ]
            if len(section) >= 2:
                parts = best_subset(section, f, exact_only=True)
        if parts is None:
            later = [
                g
                for g in section_figures
                if g.start > f.start and _same_sentence(g, f) and _compatible(g, f)
            ]
            if len(later) >= 2:
                parts = best_subset(later, f, exact_only=False)
        if not parts:
            continue
        # a total whose own sentence adds a part ("The CCGs invest £13.8m, giving a total of
        # £16.5m") sums it with the figures before; a total standing alone in its sentence
        # ("The total budget is £100,000") names no parts, so parts the arithmetic picked
        # only approximately (beyond rounding) are papertrail's guess: a warning, never a fail
        guessed = abs(sum((g.value for g in parts), Decimal(0)) - f.value) > allowance(f, parts) and not any(
            _same_sentence(g, f) for g in parts
        )
        f.groups.append(Group("words", [index_of[id(g)] for g in parts], inferred=guessed))
        for g in parts:
            taken.add(index_of[id(g)])


def _list_after(rest: Sequence[tuple[int, Figure]], head: Figure) -> list[Figure]:
    """Figures of the list items straight after ``head``'s paragraph (one item after
    another, no gap)."""
    out: list[Figure] = []
    if head.block is None:
        return out
    expected = head.block.index + 1
    for _, g in rest:
        if g.block is None:
            break
        if g.block.index == head.block.index:
            continue
        if g.block.index == expected or (out and g.block.index == expected - 1):
            out.append(g)
            expected = g.block.index + 1
        else:
            break
    return out
