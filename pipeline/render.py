"""Render stage: summaries, the reconciliation report, the timeline and the index (Jinja).

``render_all`` builds typed context objects (``pipeline.render_context``) from the corpus
and hands them to templates shipped in the ``templates`` package.  HTML templates are
autoescaped; the Markdown summaries escape every value for Markdown.  Output depends only
on the records (no clock), and every file is written atomically.
"""

from __future__ import annotations

import base64
import hashlib
import json
import multiprocessing as mp
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

from jinja2 import Environment, PackageLoader, StrictUndefined

import pipeline
from pipeline import exports
from pipeline.render_context import (
    DOC_TYPE_LABELS,
    FINDING_STATUS_LABELS,
    KIND_ORDER,
    MISSING_LABELS,
    PERCENT_CHECKS,
    PERIOD_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    Chain,
    ChainStep,
    ConsultationView,
    Count,
    DecisionRef,
    DecisionView,
    DocumentView,
    EventView,
    FigureLink,
    FilterOption,
    FindingGroup,
    FindingView,
    IndexPage,
    IndicatorView,
    Link,
    MoneyView,
    NavItem,
    OptionView,
    PageMeta,
    PaperRow,
    Quote,
    ReconciliationPage,
    ResolutionView,
    ReviewView,
    StatusCounts,
    SummaryPage,
    TimelinePage,
    YearGroup,
    annualised,
    check_label,
    format_event_date,
    format_gbp,
    format_iso_date,
    format_number,
    format_pct,
    format_signed_gbp,
    funding_anchor,
    kind_label,
    quote_anchor,
    safe_anchor,
)
from pipeline.store import Corpus, atomic_write_text, timeline_key
from schemas.findings import Finding, FindingStatus
from schemas.provenance import Source
from schemas.records import (
    Decision,
    DocStatus,
    Document,
    Funding,
    Indicator,
    IndicatorValue,
    TimelineEvent,
)

SUMMARY_DIR = "summaries"
MANIFEST = ".rendered.json"  # doc_id -> hash of the context its summary was rendered from


def _render_code() -> str:
    """A hash of the templates and the rendering code: a change re-renders every page."""
    import templates

    digest = hashlib.sha256()
    for folder in (Path(templates.__file__).parent, Path(__file__).parent):
        for path in sorted(folder.glob("*")):
            if path.suffix in {".j2", ".css", ".js"} or path.name in {"render.py", "render_context.py"}:
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RENDER_CODE = _render_code()
OTHER_CHECKS = "Other checks"
DATA_FILES = (
    "documents.jsonl", "decisions.jsonl", "funding.jsonl", "indicators.jsonl",
    "findings.jsonl", "timeline.jsonl", "reconciliation.csv", "papertrail.sqlite",
)
STATUS_ORDER = {"fail": 0, "warn": 1, "pass": 2}


class _OfPaper(Protocol):
    @property
    def doc_id(self) -> str: ...


R = TypeVar("R", bound=_OfPaper)


# --------------------------------------------------------------------------- environments


def html_environment() -> Environment:
    return Environment(
        loader=PackageLoader("templates", ""),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_MD_SPECIAL = re.compile(r"([\\`*\[\]|])")


def markdown_escape(value: object) -> str:
    """Escape a value for Markdown: no inline HTML, no accidental emphasis, links or cells."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def markdown_environment() -> Environment:
    """Markdown output escapes every value through ``finalize`` (HTML escaping would
    litter the text with entities; Markdown's danger is inline HTML and syntax)."""
    return Environment(
        loader=PackageLoader("templates", ""),
        autoescape=False,
        finalize=markdown_escape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _sha256_source(env: Environment, name: str) -> str:
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()


@dataclass(frozen=True)
class Assets:
    """Hashes of the inline style and script, for a Content-Security-Policy that lets
    nothing else run or load (a paper's text can never become a script)."""

    style: str
    script: str

    @classmethod
    def of(cls, env: Environment) -> Assets:
        return cls(_sha256_source(env, "style.css"), _sha256_source(env, "filters.js"))

    def csp(self, has_script: bool) -> str:
        script = f"'{self.script}'" if has_script else "'none'"
        return (f"default-src 'none'; style-src '{self.style}'; script-src {script}; "
                "img-src 'none'; base-uri 'none'; form-action 'none'")


NAV = (("index.html", "Index"), ("timeline.html", "Timeline"),
       ("reconciliation.html", "Reconciliation"))


def _meta(title: str, root: str, current: str, assets: Assets, has_script: bool = False) -> PageMeta:
    nav = tuple(NavItem(root + href, text, href == current) for href, text in NAV)
    return PageMeta(title, root, nav, pipeline.__version__, assets.csp(has_script), has_script)


# --------------------------------------------------------------------------- lookups


def _by_doc(records: Iterable[R]) -> dict[str, list[R]]:
    grouped: dict[str, list[R]] = {}
    for r in records:
        grouped.setdefault(r.doc_id, []).append(r)
    return grouped


@dataclass(frozen=True)
class Lookups:
    """The corpus indexed once, by paper and by span, so pages are built in linear time."""

    docs: dict[str, Document]
    ok_ids: frozenset[str]
    funding_at: dict[tuple[str, int, int], Funding]
    decision_doc: dict[str, str]
    decisions: dict[str, list[Decision]]
    funding: dict[str, list[Funding]]
    indicators: dict[str, list[Indicator]]
    events: dict[str, list[TimelineEvent]]
    findings: dict[str, list[Finding]]

    @classmethod
    def of(cls, corpus: Corpus) -> Lookups:
        decision_doc: dict[str, str] = {}
        for d in sorted(corpus.decisions, key=lambda d: d.doc_id):
            if d.decision_number:
                decision_doc.setdefault(d.decision_number, d.doc_id)
        findings: dict[str, list[Finding]] = {}
        for f in corpus.findings:
            for doc_id in dict.fromkeys(f.doc_ids):
                findings.setdefault(doc_id, []).append(f)
        return cls(
            docs={d.doc_id: d for d in corpus.documents},
            ok_ids=frozenset(d.doc_id for d in corpus.documents if d.status == DocStatus.ok),
            funding_at={(f.doc_id, f.source.char_start, f.source.char_end): f for f in corpus.funding},
            decision_doc=decision_doc,
            decisions=_by_doc(corpus.decisions),
            funding=_by_doc(corpus.funding),
            indicators=_by_doc(corpus.indicators),
            events=_by_doc(sorted(corpus.timeline, key=timeline_key)),
            findings=findings,
        )

    def summary_href(self, doc_id: str, root: str) -> str | None:
        return f"{root}{SUMMARY_DIR}/{doc_id}.html" if doc_id in self.ok_ids else None

    def title(self, doc: Document) -> str:
        """The paper's title, else its first decision's subject, else its id."""
        if doc.title:
            return doc.title
        subjects = [d.subject for d in self.decisions.get(doc.doc_id, []) if d.subject]
        return subjects[0] if subjects else doc.doc_id


def _quote(source: Source) -> Quote:
    return Quote(quote_anchor(source.char_start, source.char_end), source.page,
                 source.char_start, source.char_end, source.quote)


# --------------------------------------------------------------------------- records -> views


def _resolution(label: str | None, verb: str | None, text: str) -> ResolutionView:
    """The verb once: 'AGREE' + 'AGREE that ...' shows as AGREE 'that ...'."""
    verb = verb or ""
    if verb and text[: len(verb)].upper() == verb.upper() and text[len(verb):len(verb) + 1] in ("", " ", ":"):
        text = text[len(verb):].lstrip(" :")
    return ResolutionView(label or "", verb, text)


def _decision_view(d: Decision, index: int, lookups: Lookups, root: str) -> DecisionView:
    refs = tuple(
        DecisionRef(n, lookups.summary_href(lookups.decision_doc[n], root)
                    if n in lookups.decision_doc and lookups.decision_doc[n] != d.doc_id else None)
        for n in d.referenced_decisions
    )
    key = {True: "Yes", False: "No", None: "Not stated in the paper"}[d.key_decision]
    return DecisionView(
        anchor=f"D-{index}",
        number=d.decision_number,
        number_text=d.decision_number_text,
        status=d.status.value,
        status_label=STATUS_LABELS.get(d.status.value, d.status.value),
        maker=d.decision_maker,
        maker_name=d.decision_maker_name,
        subject=d.subject,
        key_decision=key,
        date=format_iso_date(d.decision_date) or "Not stated in the paper",
        classification=d.classification,
        divisions=tuple(d.electoral_divisions),
        resolutions=tuple(_resolution(r.label, r.verb, r.text) for r in d.resolutions),
        options=tuple(
            OptionView(o.number or "", o.title,
                       "recommended" if o.recommended else "rejected" if o.rejected else "",
                       o.reason or "")
            for o in d.options
        ),
        consultations=tuple(
            ConsultationView(
                c.committee, format_iso_date(c.date) or "", c.outcome or "",
                f"{c.votes_for} for, {c.votes_against} against"
                if c.votes_for is not None and c.votes_against is not None else "",
            )
            for c in d.consultations
        ),
        references=refs,
        missing=tuple(MISSING_LABELS.get(m, m.replace("_", " ")) for m in d.missing),
        quote=_quote(d.source),
    )


def _money_view(f: Funding) -> MoneyView:
    per_year, derived = annualised(f)
    exact = format_gbp(f.amount_gbp)
    if f.is_range and f.amount_max_gbp is not None:
        exact += f" to {format_gbp(f.amount_max_gbp)}"
    period = PERIOD_LABELS.get(f.period.value, f.period.value)
    if f.period_years:
        period += f" over {f.period_years} years"
    return MoneyView(
        anchor=funding_anchor(f),
        funding_id=f.id,
        as_printed=f.amount_text,
        exact=exact,
        period=period,
        per_year=format_gbp(per_year) if per_year is not None else None,
        per_year_derived=(f"derived: {exact} ÷ {f.period_years} years" if derived else None),
        financial_year=f.financial_year,
        role=ROLE_LABELS.get(f.role.value, f.role.value),
        payer=f.payer,
        purpose=f.purpose,
        stream=f.funding_stream,
        quote=_quote(f.source),
    )


def _indicator_value(value: IndicatorValue, unit: str) -> str:
    if value.value is None:
        return value.text or "—"
    return _unit_value(value.value, unit)


def _unit_value(value: Decimal, unit: str) -> str:
    if unit == "percent":
        return format_pct(value)
    if unit == "gbp":
        return format_gbp(value)
    return format_number(value)


def _indicator_view(i: Indicator, index: int) -> IndicatorView:
    stated = i.stated_change_text or "—"
    if not i.stated_change_text and i.stated_change_pct is not None:
        stated = format_pct(i.stated_change_pct, signed=True)
    computed = "—"
    if i.computed_change_pct is not None:
        computed = format_pct(i.computed_change_pct, signed=True)
    elif i.computed_change_points is not None:
        computed = format_number(i.computed_change_points) + " points"
    return IndicatorView(
        anchor=f"I-{index}",
        name=i.name,
        unit=i.unit,
        baseline=_indicator_value(i.baseline, i.unit),
        baseline_period=i.baseline.period or "",
        current=_indicator_value(i.current, i.unit),
        current_period=i.current.period or "",
        target=_unit_value(i.target, i.unit) if i.target is not None else "—",
        stated_change=stated,
        computed_change=computed,
        quote=_quote(i.source),
    )


def _norm_subject(text: str) -> str:
    return " ".join(text.split()).casefold()


def _event_subject(e: TimelineEvent, lookups: Lookups) -> str | None:
    """The event's subject, else its decision's, else its paper's title."""
    if e.subject:
        return e.subject
    for d in lookups.decisions.get(e.doc_id, []):
        if d.subject and e.decision_number in (None, d.decision_number):
            return d.subject
    doc = lookups.docs.get(e.doc_id)
    return lookups.title(doc) if doc else None


def _event_view(e: TimelineEvent, subject: str | None, subject_key: str, lookups: Lookups,
                root: str) -> EventView:
    href = lookups.summary_href(e.doc_id, root)
    anchor = quote_anchor(e.source.char_start, e.source.char_end)
    return EventView(
        date=e.date,
        date_display=format_event_date(e.date, e.precision.value),
        precision=e.precision.value,
        kind=e.kind,
        kind_label=kind_label(e.kind),
        label=e.label,
        decision_number=e.decision_number,
        decision_maker=e.decision_maker,
        subject=subject,
        subject_key=subject_key,
        doc_id=e.doc_id,
        summary_href=href,
        quote_anchor=anchor,
        quote_href=f"{href}#{anchor}" if href else None,
        page=e.source.page,
    )


def _finding_value(value: Decimal | None, check: str, signed: bool = False) -> str:
    if value is None:
        return "—"
    if check in PERCENT_CHECKS:
        text = format_pct(value, signed=signed)
        return text.replace("%", " points") if signed else text
    return format_signed_gbp(value) if signed else format_gbp(value)


def _figure(s: Source, lookups: Lookups, root: str) -> FigureLink:
    funding = lookups.funding_at.get((s.doc_id, s.char_start, s.char_end))
    anchor = funding_anchor(funding) if funding else quote_anchor(s.char_start, s.char_end)
    text = funding.amount_text if funding else (s.quote if len(s.quote) <= 60 else s.quote[:57] + "…")
    href = lookups.summary_href(s.doc_id, root)
    return FigureLink(f"{href}#{anchor}" if href else None, text, s.doc_id, s.page)


def _finding_view(f: Finding, lookups: Lookups, root: str) -> FindingView:
    check = f.check.value
    review = None
    if f.review is not None:
        r = f.review
        if r.stale:
            review = ReviewView("stale", "review dropped: figures changed", r.note, r.reviewer)
        else:
            review = ReviewView(r.status.value, r.status.value.capitalize(), r.note, r.reviewer)
    anchor = safe_anchor("finding-", f.id)
    return FindingView(
        id=f.id,
        anchor=anchor,
        check=check,
        check_label=check_label(check),
        status=f.status.value,
        status_label=FINDING_STATUS_LABELS[f.status.value],
        message=f.message,
        stream=f.funding_stream,
        doc_ids=tuple(f.doc_ids),
        expected=_finding_value(f.expected, check),
        actual=_finding_value(f.actual, check),
        difference=_finding_value(f.difference, check, signed=True),
        difference_pct=(format_pct(f.difference_pct, signed=True, places=2)
                        if f.difference_pct is not None else "—"),
        amounts=tuple(format_gbp(a) for a in f.amounts_gbp),
        figures=tuple(_figure(s, lookups, root) for s in f.sources),
        review=review,
        report_href=f"{root}reconciliation.html#{anchor}",
    )


def _finding_order(f: Finding) -> tuple[int, str, str]:
    return (STATUS_ORDER[f.status.value], f.check.value, f.id)


def _counts(findings: Iterable[Finding]) -> StatusCounts:
    c = Counter(f.status for f in findings)
    return StatusCounts(c[FindingStatus.passed], c[FindingStatus.warn], c[FindingStatus.fail])


# --------------------------------------------------------------------------- chains

_STOP = frozenset({
    "and", "the", "for", "with", "from", "into", "about", "kcc", "kent", "county", "council",
    "funded", "service", "provision", "new", "update", "decision", "report", "paper",
})
DECIDED_KINDS = frozenset({"decision", "taken", "proposed", "recommendation"})


def _subject_words(subject: str | None) -> frozenset[str]:
    words = set()
    for w in re.findall(r"[a-z0-9]+", (subject or "").casefold().replace("’", "'")):
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if len(w) >= 3 and w not in _STOP:
            words.add(w)
    return frozenset(words)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    common = len(a & b)
    return common >= 2 and common >= 0.6 * min(len(a), len(b))


def _when(d: Decision, events: list[TimelineEvent]) -> tuple[str, str]:
    """(sort key, display) for a decision: its date, its paper's decision event, or the
    year its number was allocated."""
    if d.decision_date:
        return d.decision_date, format_iso_date(d.decision_date) or d.decision_date
    dated = [e for e in events if e.kind in DECIDED_KINDS
             and e.decision_number in (None, d.decision_number)]
    if dated:
        e = min(dated, key=lambda e: e.date)
        return e.date, format_event_date(e.date, e.precision.value)
    if d.decision_number and re.match(r"\d{2}/", d.decision_number):
        year = "20" + d.decision_number[:2]
        return year, f"{year} (year of the decision number)"
    return "9999", "date not stated"


def _name(d: Decision) -> str:
    return d.decision_number or f"the decision in {d.doc_id}"


@dataclass(frozen=True)
class _Node:
    decision: Decision
    words: frozenset[str]
    streams: frozenset[str]


def _links(a: _Node, b: _Node) -> tuple[int, str, str] | None:
    """(rank, reason for a, reason for b) when a and b follow one another."""
    da, db = a.decision, b.decision
    if db.decision_number and db.decision_number in da.referenced_decisions:
        return 0, f"cites {_name(db)}", f"cited by {_name(da)}"
    if da.decision_number and da.decision_number in db.referenced_decisions:
        return 0, f"cited by {_name(db)}", f"cites {_name(da)}"
    shared = sorted(a.streams & b.streams)
    if shared:
        return (1, f"same funding stream ({shared[0]}) as {_name(db)}",
                f"same funding stream ({shared[0]}) as {_name(da)}")
    if _similar(a.words, b.words):
        return 2, f"same service as {_name(db)} (similar subject)", f"same service as {_name(da)} (similar subject)"
    return None


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(j)] = self.find(i)


def _linked(nodes: list[_Node]) -> _Union:
    """Join decisions that cite each other, share a stream or have similar subjects, without
    comparing every pair: citations and streams through indexes, subjects per distinct set."""
    union = _Union(len(nodes))
    by_number: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        if n.decision.decision_number:
            by_number.setdefault(n.decision.decision_number, []).append(i)
    first_in: dict[str, int] = {}
    by_words: dict[frozenset[str], int] = {}
    for i, n in enumerate(nodes):
        for ref in n.decision.referenced_decisions:
            for j in by_number.get(ref, []):
                union.join(j, i)
        for stream in n.streams:
            union.join(first_in.setdefault(stream, i), i)
        if n.words:
            union.join(by_words.setdefault(n.words, i), i)
    distinct = list(by_words.items())
    for a in range(len(distinct)):
        for b in range(a + 1, len(distinct)):
            if _similar(distinct[a][0], distinct[b][0]):
                union.join(distinct[a][1], distinct[b][1])
    return union


def _reason(nodes: list[_Node], group: list[int], k: int, reach: int = 50) -> str:
    """Why step k follows the chain: its strongest link to an earlier step, else a later one."""
    i = group[k]
    for others in (group[max(0, k - reach):k][::-1], group[k + 1:k + 1 + reach]):
        found = [link for j in others if (link := _links(nodes[i], nodes[j]))]
        if found:
            return min(found)[1]
    return "linked through the decisions around it"


def decision_chains(corpus: Corpus, lookups: Lookups) -> tuple[Chain, ...]:
    """Decisions that follow one another: one citing another's number, sharing a funding
    stream, or on the same service; each chain in date order, each step saying why.  A
    chain spans at least two papers."""
    decisions = sorted(corpus.decisions, key=lambda d: (d.doc_id, d.source.char_start))
    streams: dict[str, set[str]] = {}
    for f in corpus.funding:
        if f.funding_stream:
            streams.setdefault(f.doc_id, set()).add(f.funding_stream)
    for finding in corpus.findings:
        for doc_id in finding.doc_ids if finding.funding_stream else ():
            streams.setdefault(doc_id, set()).add(finding.funding_stream or "")
    nodes = [_Node(d, _subject_words(d.subject), frozenset(streams.get(d.doc_id, ())))
             for d in decisions]
    union = _linked(nodes)
    when = [_when(d, lookups.events.get(d.doc_id, [])) for d in decisions]
    members: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        members.setdefault(union.find(i), []).append(i)
    groups = sorted(
        (sorted(m, key=lambda i: (when[i][0], decisions[i].decision_number or "", decisions[i].doc_id))
         for m in members.values() if len({decisions[i].doc_id for i in m}) > 1),
        key=lambda m: (when[m[0]][0], decisions[m[0]].doc_id),
    )
    chains = []
    for n, group in enumerate(groups, 1):
        steps = []
        for k, i in enumerate(group):
            d = decisions[i]
            steps.append(ChainStep(
                date=when[i][1], number=d.decision_number,
                status_label=STATUS_LABELS.get(d.status.value, d.status.value),
                maker=d.decision_maker, subject=d.subject, href=lookups.summary_href(d.doc_id, ""),
                doc_id=d.doc_id, reason=_reason(nodes, group, k) if k else None,
            ))
        chains.append(Chain(f"chain-{n}", tuple(steps)))
    return tuple(chains)


# --------------------------------------------------------------------------- pages


def build_summary(doc: Document, lookups: Lookups, assets: Assets, out_dir: Path) -> SummaryPage:
    root = "../"
    mine = doc.doc_id
    decisions = lookups.decisions.get(mine, [])
    funding = lookups.funding.get(mine, [])
    indicators = lookups.indicators.get(mine, [])
    events = lookups.events.get(mine, [])
    findings = sorted(lookups.findings.get(mine, []), key=_finding_order)
    sources: dict[tuple[int, int], Source] = {}
    records: list[Decision | Funding | Indicator | TimelineEvent] = [
        *decisions, *funding, *indicators, *events]
    for record in records:
        sources.setdefault((record.source.char_start, record.source.char_end), record.source)
    for finding in findings:
        for s in finding.sources:
            if s.doc_id == mine:
                sources.setdefault((s.char_start, s.char_end), s)
    title = lookups.title(doc)
    view = DocumentView(
        doc_id=mine,
        title=title,
        doc_type=DOC_TYPE_LABELS.get(doc.doc_type.value, doc.doc_type.value),
        pages=doc.pages,
        input_name=Path(doc.path).name,
        sha256=doc.sha256,
        text_href=(f"{root}{doc.text_path}"
                   if doc.text_path and (out_dir / doc.text_path).is_file() else None),
        warnings=tuple(doc.warnings),
    )
    return SummaryPage(
        meta=_meta(title, root, "", assets),
        doc=view,
        decisions=tuple(_decision_view(d, n, lookups, root) for n, d in enumerate(decisions, 1)),
        money=tuple(_money_view(f) for f in funding),
        indicators=tuple(_indicator_view(i, n) for n, i in enumerate(indicators, 1)),
        events=tuple(_event_view(e, None, "", lookups, root) for e in events),
        findings=tuple(_finding_view(f, lookups, root) for f in findings),
        quotes=tuple(_quote(sources[k]) for k in sorted(sources)),
    )


def _options(counter: Counter[str], labels: dict[str, str], order: Iterable[str]) -> tuple[FilterOption, ...]:
    rank = {v: n for n, v in enumerate(order)}
    values = sorted(counter, key=lambda v: (rank.get(v, len(rank)), labels[v].casefold(), v))
    return tuple(FilterOption(v, labels[v], counter[v]) for v in values)


def build_timeline(corpus: Corpus, lookups: Lookups, assets: Assets) -> TimelinePage:
    events = sorted(corpus.timeline, key=timeline_key)
    subjects = [_event_subject(e, lookups) for e in events]
    labels: dict[str, str] = {}
    for text in sorted({s for s in subjects if s}, key=lambda s: (_norm_subject(s), s)):
        labels.setdefault(_norm_subject(text), text)
    keys = {norm: f"s{n}" for n, norm in enumerate(sorted(labels), 1)}

    def key_of(subject: str | None) -> str:
        return keys[_norm_subject(subject)] if subject else ""

    views = [_event_view(e, s, key_of(s), lookups, "") for e, s in zip(events, subjects)]
    years: dict[str, list[EventView]] = {}
    for v in views:
        years.setdefault(v.date[:4], []).append(v)
    kind_counts = Counter(v.kind for v in views)
    subject_counts = Counter(v.subject_key for v in views if v.subject_key)
    subject_labels = {keys[norm]: text for norm, text in labels.items()}
    return TimelinePage(
        meta=_meta("Decision timeline", "", "timeline.html", assets, has_script=True),
        total=len(views),
        years=tuple(YearGroup(y, tuple(vs)) for y, vs in years.items()),
        kinds=_options(kind_counts, {k: kind_label(k) for k in kind_counts}, KIND_ORDER),
        subjects=_options(subject_counts, subject_labels, ()),
        chains=decision_chains(corpus, lookups),
    )


def build_reconciliation(corpus: Corpus, lookups: Lookups, assets: Assets) -> ReconciliationPage:
    streams: dict[str, list[Finding]] = {}
    for f in corpus.findings:
        streams.setdefault(f.funding_stream or "", []).append(f)
    order = sorted(streams, key=lambda s: (s == "", s.casefold(), s))
    groups = tuple(
        FindingGroup(
            name=s or OTHER_CHECKS,
            anchor=safe_anchor("stream-", s or "other-checks"),
            counts=_counts(streams[s]),
            findings=tuple(_finding_view(f, lookups, "") for f in sorted(streams[s], key=_finding_order)),
        )
        for s in order
    )
    statuses = Counter(f.status.value for f in corpus.findings)
    checks = Counter(f.check.value for f in corpus.findings)
    return ReconciliationPage(
        meta=_meta("Reconciliation", "", "reconciliation.html", assets, has_script=True),
        counts=_counts(corpus.findings),
        groups=groups,
        statuses=_options(statuses, FINDING_STATUS_LABELS, ("fail", "warn", "pass")),
        checks=_options(checks, {c: check_label(c) for c in checks}, ()),
    )


def build_index(out_dir: Path, corpus: Corpus, lookups: Lookups, assets: Assets) -> IndexPage:
    papers = tuple(
        PaperRow(
            doc_id=d.doc_id,
            title=lookups.title(d),
            doc_type=DOC_TYPE_LABELS.get(d.doc_type.value, d.doc_type.value),
            pages=d.pages,
            ok=d.doc_id in lookups.ok_ids,
            error=d.error,
            summary_html=lookups.summary_href(d.doc_id, ""),
            summary_md=f"{SUMMARY_DIR}/{d.doc_id}.md" if d.doc_id in lookups.ok_ids else None,
            decisions=len(lookups.decisions.get(d.doc_id, [])),
            funding=len(lookups.funding.get(d.doc_id, [])),
            indicators=len(lookups.indicators.get(d.doc_id, [])),
            events=len(lookups.events.get(d.doc_id, [])),
            findings=len(lookups.findings.get(d.doc_id, [])),
        )
        for d in sorted(corpus.documents, key=lambda d: d.doc_id)
    )
    records = (
        Count("Decisions", len(corpus.decisions)),
        Count("Money figures", len(corpus.funding)),
        Count("Indicators", len(corpus.indicators)),
        Count("Timeline events", len(corpus.timeline)),
    )
    reports = (
        Link("timeline.html", "Decision timeline"),
        Link("reconciliation.html", "Reconciliation report"),
        *(Link(name, text) for name, text in exports.EXPORTS),
    )
    return IndexPage(
        meta=_meta("papertrail output", "", "index.html", assets),
        papers_ok=len(lookups.ok_ids),
        papers_failed=sum(1 for d in corpus.documents if d.doc_id not in lookups.ok_ids),
        records=records,
        records_total=sum(c.value for c in records),
        findings=_counts(corpus.findings),
        reports=reports,
        data_files=tuple(Link(n, n) for n in DATA_FILES if (out_dir / n).exists()),
        papers=papers,
    )


# --------------------------------------------------------------------------- writing


def _remove_stale_summaries(folder: Path, keep: frozenset[str]) -> None:
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.suffix in (".html", ".md") and path.is_file() and path.stem not in keep:
            path.unlink()


def _render_summaries(
    out_dir: Path, docs: list[Document], lookups: Lookups, assets: Assets, previous: dict[str, str]
) -> dict[str, str]:
    """Write each paper's summary (HTML and Markdown); return doc_id -> context hash."""
    html, md = html_environment(), markdown_environment()
    summary_html, summary_md = html.get_template("summary.html.j2"), md.get_template("summary.md.j2")
    manifest: dict[str, str] = {}
    for doc in docs:
        page = build_summary(doc, lookups, assets, out_dir)
        # a summary whose context is unchanged (and whose files are there) is not rendered
        # again: a weekly run re-renders only the papers that changed or gained findings
        key = hashlib.sha256(f"{RENDER_CODE}{page!r}".encode()).hexdigest()
        manifest[doc.doc_id] = key
        html_path = out_dir / SUMMARY_DIR / f"{doc.doc_id}.html"
        md_path = out_dir / SUMMARY_DIR / f"{doc.doc_id}.md"
        if previous.get(doc.doc_id) == key and html_path.exists() and md_path.exists():
            continue
        atomic_write_text(html_path, summary_html.render(page=page))
        atomic_write_text(md_path, summary_md.render(page=page))
    return manifest


def _summaries_child(conn: Any, *args: Any) -> None:
    try:
        conn.send(_render_summaries(*args))
    except BaseException:  # the parent renders them itself
        conn.send(None)
    finally:
        conn.close()


def render_all(out_dir: Path, corpus: Corpus, *, processes: int = 1) -> None:
    """Write every human-readable page for the corpus into ``out_dir``.

    With ``processes`` > 1 (and fork available) the per-paper summaries are written by a
    forked child while this process writes the timeline, reconciliation and exports."""
    html = html_environment()
    assets = Assets.of(html)
    lookups = Lookups.of(corpus)
    manifest_path = out_dir / SUMMARY_DIR / MANIFEST
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    docs = [d for d in sorted(corpus.documents, key=lambda d: d.doc_id) if d.doc_id in lookups.ok_ids]
    args = (out_dir, docs, lookups, assets, previous)
    child = receiver = None
    manifest: dict[str, str] | None = None
    if processes > 1 and len(docs) >= 20 and "fork" in mp.get_all_start_methods():
        context = mp.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_summaries_child, args=(sender, *args), daemon=True)
        child.start()
        sender.close()
    else:
        manifest = _render_summaries(*args)
    atomic_write_text(out_dir / "timeline.html",
                      html.get_template("timeline.html.j2").render(page=build_timeline(corpus, lookups, assets)))
    atomic_write_text(out_dir / "reconciliation.html",
                      html.get_template("reconciliation.html.j2").render(
                          page=build_reconciliation(corpus, lookups, assets)))
    exports.write_exports(out_dir, corpus)
    if child is not None and receiver is not None:
        try:
            manifest = receiver.recv()
        except (EOFError, OSError):
            manifest = None
        child.join()
        if manifest is None or child.exitcode != 0:
            manifest = _render_summaries(*args)
    assert manifest is not None
    _remove_stale_summaries(out_dir / SUMMARY_DIR, lookups.ok_ids)
    atomic_write_text(manifest_path, json.dumps(manifest, indent=0, sort_keys=True))
    atomic_write_text(out_dir / "index.html",
                      html.get_template("index.html.j2").render(page=build_index(out_dir, corpus, lookups, assets)))
