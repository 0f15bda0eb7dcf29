"""Decision chains: decisions that follow one another across papers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.money.authority import authority_key
from pipeline.render.context import Lookups
from pipeline.render.format import STATUS_LABELS, format_event_date, format_iso_date
from pipeline.render.views import Chain, ChainStep
from pipeline.store import Corpus
from schemas.records import Decision, TimelineEvent

# --------------------------------------------------------------------------- chains

_STOP = frozenset({
    "and", "the", "for", "with", "from", "into", "about", "county", "council",
    "funded", "service", "provision", "new", "update", "decision", "report", "paper",
})
DECIDED_KINDS = frozenset({"decision", "taken", "proposed", "recommendation"})


def _authority_words(authority: str | None) -> frozenset[str]:
    """The words a paper's own council is named by ("Kent County Council" -> kent, kcc):
    they say whose subject it is, not what it is about."""
    if not authority:
        return frozenset()
    words = re.findall(r"[a-z0-9]+", authority.casefold())
    key = authority_key(authority) or ""
    return frozenset([*key.split(), "".join(w[0] for w in words)])


def _subject_words(subject: str | None, authority: str | None = None) -> frozenset[str]:
    words = set()
    own = _authority_words(authority)
    for w in re.findall(r"[a-z0-9]+", (subject or "").casefold().replace("’", "'")):
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if len(w) >= 3 and w not in _STOP and w not in own:
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
    authority: str | None = None  # authority_key of the paper's council, where known


def _same_authority(a: _Node, b: _Node) -> bool:
    """Decisions of two different councils never follow one another."""
    return a.authority is None or b.authority is None or a.authority == b.authority


def _links(a: _Node, b: _Node) -> tuple[int, str, str] | None:
    """(rank, reason for a, reason for b) when a and b follow one another."""
    da, db = a.decision, b.decision
    if not _same_authority(a, b):
        return None
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
    by_words: dict[tuple[str | None, frozenset[str]], int] = {}
    for i, n in enumerate(nodes):
        for ref in n.decision.referenced_decisions:
            for j in by_number.get(ref, []):
                if _same_authority(nodes[j], n):
                    union.join(j, i)
        for stream in n.streams:  # a stream's key is already one authority's
            union.join(first_in.setdefault(stream, i), i)
        if n.words:
            union.join(by_words.setdefault((n.authority, n.words), i), i)
    distinct = list(by_words.items())
    for a in range(len(distinct)):
        for b in range(a + 1, len(distinct)):
            (auth_a, words_a), first_a = distinct[a]
            (auth_b, words_b), first_b = distinct[b]
            if (auth_a is None or auth_b is None or auth_a == auth_b) and _similar(words_a, words_b):
                union.join(first_a, first_b)
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
    authority: dict[str, str] = {}
    for f in corpus.funding:
        if f.authority:
            authority.setdefault(f.doc_id, f.authority)
    nodes = [_Node(d, _subject_words(d.subject, authority.get(d.doc_id)), frozenset(streams.get(d.doc_id, ())),
                   authority_key(authority.get(d.doc_id)))
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
                date=when[i][1], iso="" if when[i][0] == "9999" else when[i][0], number=d.decision_number,
                status_label=STATUS_LABELS.get(d.status.value, d.status.value),
                maker=d.decision_maker, subject=d.subject, href=lookups.summary_href(d.doc_id, ""),
                doc_id=d.doc_id, reason=_reason(nodes, group, k) if k else None,
            ))
        chains.append(Chain(f"chain-{n}", tuple(steps)))
    return tuple(chains)


