"""The clerk's timeline page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pipeline.render.chains import decision_chains
from pipeline.render.context import Assets, Lookups, meta
from pipeline.render.format import KIND_ORDER, kind_label
from pipeline.render.records import event_subject, event_view, norm_subject
from pipeline.render.axis import build_axis
from pipeline.render.views import EventView, FilterOption, Link, TimelinePage, YearGroup

EXPORT_LINKS = (("timeline.csv", "CSV (spreadsheets)"), ("timeline.ics", "iCalendar (calendars)"),
                ("timeline.json", "TimelineJS data"))
from pipeline.store import Corpus, timeline_key


def options(counter: Counter[str], labels: dict[str, str], order: Iterable[str]) -> tuple[FilterOption, ...]:
    rank = {v: n for n, v in enumerate(order)}
    values = sorted(counter, key=lambda v: (rank.get(v, len(rank)), labels[v].casefold(), v))
    return tuple(FilterOption(v, labels[v], counter[v]) for v in values)


def build_timeline(corpus: Corpus, lookups: Lookups, assets: Assets) -> TimelinePage:
    events = sorted(corpus.timeline, key=timeline_key)
    subjects = [event_subject(e, lookups) for e in events]
    labels: dict[str, str] = {}
    for text in sorted({s for s in subjects if s}, key=lambda s: (norm_subject(s), s)):
        labels.setdefault(norm_subject(text), text)
    keys = {norm: f"s{n}" for n, norm in enumerate(sorted(labels), 1)}

    def key_of(subject: str | None) -> str:
        return keys[norm_subject(subject)] if subject else ""

    views = [event_view(e, s, key_of(s), lookups, "") for e, s in zip(events, subjects)]
    years: dict[str, list[EventView]] = {}
    for v in views:
        years.setdefault(v.date[:4], []).append(v)
    kind_counts = Counter(v.kind for v in views)
    subject_counts = Counter(v.subject_key for v in views if v.subject_key)
    subject_labels = {keys[norm]: text for norm, text in labels.items()}
    chains = decision_chains(corpus, lookups)
    return TimelinePage(
        meta=meta("Decision timeline", "", "timeline.html", assets, has_script=True),
        total=len(views),
        years=tuple(YearGroup(y, tuple(vs)) for y, vs in years.items()),
        kinds=options(kind_counts, {k: kind_label(k) for k in kind_counts}, KIND_ORDER),
        subjects=options(subject_counts, subject_labels, ()),
        chains=chains,
        exports=tuple(Link(name, text) for name, text in EXPORT_LINKS),
        axis=build_axis(views, chains),
    )


