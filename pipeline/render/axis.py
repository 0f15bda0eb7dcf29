"""The visual timeline: a horizontal time axis (years, financial years) with the events
and the decision chains drawn on it, as geometry for an inline SVG (nothing is loaded).

Every coordinate is in the SVG's own units (``WIDTH`` wide); the page scales it to its
width.  Events stack in lanes so markers do not overlap; a range is a bar to its end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.render.format import first_day
from pipeline.render.views import Chain, EventView

WIDTH = 1000
MARGIN = 24
TOP = 34  # below the year labels
LANE = 16
MAX_LANES = 8
CHAIN_ROW = 20
GAP = 9  # least distance between two markers in one lane
KIND_CLASSES = {
    "decision": "decided", "taken": "decided", "proposed": "decided", "recommendation": "decided",
    "committee": "meeting", "meeting": "meeting", "consultation": "meeting",
    "contract": "contract", "contract_start": "contract", "contract_end": "contract", "funding": "contract",
    "agreement": "contract", "planned": "planned",
}
LEGEND = (("decided", "Decision"), ("meeting", "Committee or consultation"), ("contract", "Contract or funding"),
          ("planned", "Planned"), ("other", "Other"))


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class Band:
    x: str
    width: str
    label: str
    label_x: str
    shaded: bool


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    bar_end: str | None  # x of a range's end
    css: str
    title: str
    href: str


@dataclass(frozen=True)
class ChainLine:
    y: str
    points: str
    dots: tuple[Dot, ...]
    label: str
    label_x: str
    href: str


@dataclass(frozen=True)
class LegendItem:
    css: str
    label: str
    x: str


@dataclass(frozen=True)
class Axis:
    width: int
    height: int
    axis_y: str
    bottom: str
    ticks: tuple[Tick, ...]
    bands: tuple[Band, ...]
    dots: tuple[Dot, ...]
    chains: tuple[ChainLine, ...]
    legend: tuple[LegendItem, ...]
    legend_y: str
    first_year: int
    last_year: int


def _n(value: float) -> str:
    return f"{value:.1f}"


def build_axis(events: Sequence[EventView], chains: Sequence[Chain]) -> Axis | None:
    """The drawing, or None when nothing is dated."""
    days = [d for e in events if (d := first_day(e.date))]
    days += [d for c in chains for s in c.steps if (d := first_day(s.iso))]
    if not days:
        return None
    first_year, last_year = min(days).year, max(days).year
    start, end = date(first_year, 1, 1), date(last_year + 1, 1, 1)
    span = (end - start).days

    def x(day: date) -> float:
        day = min(max(day, start), end)
        return MARGIN + (day - start).days / span * (WIDTH - 2 * MARGIN)

    ticks = tuple(Tick(_n(x(date(y, 1, 1))), str(y)) for y in range(first_year, last_year + 2))
    lanes: list[float] = []
    dots = []
    for e in events:
        day = first_day(e.date)
        if day is None:
            continue
        left = x(day)
        end_x = x(last) if e.end_date and (last := first_day(e.end_date)) and last > day else None
        right = end_x if end_x is not None else left
        lane = next((i for i, edge in enumerate(lanes) if edge + GAP <= left), None)
        if lane is None:
            if len(lanes) < MAX_LANES:
                lanes.append(right)
                lane = len(lanes) - 1
            else:
                lane = min(range(len(lanes)), key=lambda i: lanes[i])
        lanes[lane] = max(lanes[lane], right)
        dots.append(Dot(_n(left), _n(TOP + 14 + lane * LANE), _n(end_x) if end_x is not None else None,
                        "dot-" + KIND_CLASSES.get(e.kind, "other"),
                        f"{e.date_display}: {e.kind_label}: {e.label}", "#" + e.anchor))
    chain_top = TOP + 14 + max(1, len(lanes)) * LANE + 14
    lines = []
    for k, chain in enumerate(chains):
        y = chain_top + k * CHAIN_ROW
        steps = [(s, d) for s in chain.steps if (d := first_day(s.iso))]
        if not steps:
            continue
        xs = [x(d) for _, d in steps]
        lines.append(ChainLine(
            y=_n(y), points=" ".join(f"{_n(v)},{_n(y)}" for v in xs),
            dots=tuple(Dot(_n(v), _n(y), None, "dot-chain", f"{s.date}: decision {s.number or 'without a number'}",
                           "#" + chain.anchor) for v, (s, _) in zip(xs, steps)),
            label=f"Chain {k + 1}", label_x=_n(min(max(xs) + 8, WIDTH - 60)), href="#" + chain.anchor,
        ))
    bottom = chain_top + len(lines) * CHAIN_ROW + 6
    bands = []
    for y in range(first_year - 1, last_year + 1):
        left, right = x(date(y, 4, 1)), x(date(y + 1, 4, 1))
        if right <= MARGIN or left >= WIDTH - MARGIN:
            continue
        left, right = max(left, MARGIN), min(right, WIDTH - MARGIN)
        label = f"{y}-{(y + 1) % 100:02d}" if right - left >= 48 else ""  # no room in a sliver
        bands.append(Band(_n(left), _n(right - left), label, _n((left + right) / 2), y % 2 == 0))
    legend_y = bottom + 34
    legend = tuple(LegendItem("dot-" + css, label, _n(MARGIN + i * 180)) for i, (css, label) in enumerate(LEGEND))
    return Axis(WIDTH, int(legend_y + 12), _n(TOP), _n(bottom), ticks, tuple(bands), tuple(dots),
                tuple(lines), legend, _n(legend_y), first_year, last_year)
