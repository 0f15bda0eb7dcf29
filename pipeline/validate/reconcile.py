"""Funding streams across papers: link the same contribution, order the papers, report changes.

Linking
-------
A figure's *stream* is who pays and what for, within one authority: figures link only
between papers of the same issuing council (``Funding.authority``, read from each paper's
header or issuing body; a paper whose authority is not known links only within itself), so
two councils' figures are never compared.  Table cells are line items, not funding streams,
and are not linked.  The stream is built from the payer and purpose the funding extractor
recorded:

* **payer**: the organisation, canonical: a named council by its initials ("Kent County
  Council", "KCC" -> ``kcc``; "Northshire County Council" -> ``ncc``), "the Council" as
  the paper's own authority (else the council it names most), CCGs and ICBs as ``ccg``.  A council department (SCS,
  EHPS, Public Health) pays on its council's behalf: its payer is the council and its
  name joins the purpose words, so EHPS's early-help money and KCC's whole contribution
  stay two streams;
* **purpose words**: the figure's purpose (else, when the payer is known, the paper's
  subject) lower-cased, acronyms written out (CYPMHS, CAMHS, "CYP MH" -> children young
  people mental health ...), words that do not tell one service from another dropped
  ("new", "contract", "funding", the payer's own name ...);
* **elements**: a distinguishing part of a service ("early help", "children in care")
  must be on both sides or on neither.

Figures are then grouped in paper order: a figure joins the stream of the same payer (or
any payer, when its own payer is unknown but its purpose is stated) whose words it shares
best, with a Jaccard similarity of at least 0.5; a stated total never joins a stream
holding one of its own parts.  A figure that restates a more precise one in the same
paper (same payer and period, within half a unit of its printed precision: £2.6m beside
£2.65m) joins that figure's stream.  A figure the funding extractor already keyed
(``Funding.funding_stream``) keeps its key.  A figure with neither payer nor purpose is
not linked.  The key reads ``payer|words[|element]`` ("kcc|child young people mental
health"); the finding's ``funding_stream`` is a readable name ("KCC: CYP Mental Health
Service contract").

Order and changes
-----------------
Papers are ordered by their own date (:func:`paper_dates`): the date the decision was
taken; else the latest meeting that considered the paper itself; else the date its
decision is recorded or published; else the latest meeting or decision it reports, never
a date the paper only mentions (a forecast table's years, a planned report-back).  Decision links then win over dates: a
paper citing another paper's decision number comes after it.  A paper with no date sorts
after the dated ones, by doc_id.

Within one stream and period basis (a year or unsaid, N years, one-off) consecutive
papers are compared: when both give the same amount it is a *pass* (the figure carried
over); otherwise each paper's representative figure (a stated period before none, then
the most precise, then a stated total) is compared with the other's: figures that agree
at the coarser printed precision are a *warn* ("agree only at the printed precision");
any other change is a *warn* with both sources, for the auditor to explain (a change
between papers years apart can be legitimate; it is never silently passed).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from pipeline.extract.money.authority import authority_key
from pipeline.store import Corpus
from pipeline.validate.arithmetic import (
    PASS,
    WARN,
    Context,
    gbp,
    in_table,
    make_finding,
    per_period,
    percent_of,
    periods_compatible,
    printed,
    record_id,
    unit,
)
from schemas.findings import Finding, FindingCheck
from schemas.records import DecisionStatus, Funding, FundingPeriod, FundingRole

# --------------------------------------------------------------------------- words

_ACRONYMS: dict[str, str] = {
    "cypmhs": "children young people mental health service",
    "cypmh": "children young people mental health",
    "camhs": "children adolescent mental health service",
    "cyp": "children young people",
    "mh": "mental health",
    "ehps": "early help preventative services",
    "scs": "specialist children services",
    "pbs": "positive behavioural support",
    "nd": "neurodevelopmental",
    "send": "special educational needs disabilities",
    "ics": "integrated children services",
    "lac": "looked after children",
    "cic": "children in care",
    "asc": "adult social care",
    "pru": "pupil referral unit",
    "prus": "pupil referral unit",
    "ewb": "emotional wellbeing",
    "vcs": "voluntary community sector",
}

# Words that say nothing about which service a figure pays for.
_FILLER = {
    "a", "an", "the", "of", "for", "to", "in", "into", "on", "at", "by", "with", "from", "and",
    "or", "as", "its", "it", "this", "that", "these", "those", "their", "our", "his", "her",
    "per", "each", "every", "all", "any", "be", "is", "are", "was", "were", "will", "would",
    "has", "have", "had", "new", "contract", "contracts", "service", "services", "funding",
    "fund", "funds", "funded", "contribution", "contributions", "contribute", "contributes",
    "total", "annual", "annually", "year", "years", "yearly", "investment", "invest",
    "invests", "invested", "element", "elements", "provision", "provide", "providing",
    "delivery", "deliver", "specific", "integrated", "including", "include", "previously",
    "current", "currently", "existing", "remaining", "available", "life", "length", "value",
    "worth", "agreed", "agree", "proposed", "cost", "costs", "budget", "money", "payment",
    "payments", "amount", "sum", "council", "county", "whole", "overall",
    "approximately", "around", "about", "over", "under", "up", "annum", "pa", "part",
    "parts", "within", "via", "through", "one", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten",
}

# Distinguishing elements: a stream with one of these is a different stream from one
# without it (EHPS's early-help money is not KCC's whole contribution).
_ELEMENTS = {
    "early help": ("early help",),
    "children in care": ("children in care", "looked after children"),
    "sexual abuse": ("sexually abused", "sexual abuse", "harmful sexual"),
    "positive behavioural support": ("positive behavioural support", "positive behaviour support"),
    "eating disorder": ("eating disorder",),
}

# A council department pays on its council's behalf: (pattern, the words it adds).
_DEPARTMENTS: list[tuple[str, str]] = [
    (r"\b(ehps|early help and preventative services?)\b", "early help"),
    (r"\b(scs|specialist children'?s services?)\b", "specialist children"),
    (r"\b(ics|integrated children'?s services?)\b", "integrated children"),
    (r"\bpublic health\b", "public health"),
]
_BODIES: list[tuple[str, str]] = [
    (r"\b(ccgs?|wkccg|clinical commissioning groups?|icbs?|integrated care boards?)\b", "ccg"),
    (r"\bnhs england\b", "nhs england"),
    (r"\b(dfe|department for education)\b", "dfe"),
]
_COUNCIL = "@council"  # "the Council": the paper's own council, resolved per paper
_NAMED_COUNCIL = re.compile(r"\b((?:[a-z]+ ){0,3}?[a-z]+) ((?:county |borough |district |city |metropolitan )?council)\b")


def _expand(text: str) -> str:
    """Acronyms written out ("CYPMHS" -> "children young people mental health service");
    only upper-case words are read as acronyms, except the ones papers also write in
    lower case."""
    text = re.sub(r"\bCYP\s+MH\b", "children young people mental health", text)
    text = re.sub(r"[’']s\b", "", text)

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.isupper() or word.lower() in {"camhs", "cypmhs"}:
            return _ACRONYMS.get(word.lower(), word)
        return word

    return re.sub(r"\b[A-Za-z]{2,7}\b", repl, text)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_SYNONYMS = {"children": "child", "childrens": "child", "adolescent": "child"}


@lru_cache(maxsize=4096)  # a pure reading of a string; papers repeat their purposes and payers
def purpose_words(text: str | None) -> frozenset[str]:
    """Distinguishing words of a purpose: acronyms resolved, filler dropped, singular."""
    if not text:
        return frozenset()
    words = re.findall(r"[a-z]+", _expand(text).lower())
    return frozenset(
        _SYNONYMS.get(w, _singular(w)) for w in words if w not in _FILLER and len(w) > 1
    )


@lru_cache(maxsize=4096)  # a pure reading of a string; papers repeat their purposes and payers
def elements(text: str) -> frozenset[str]:
    low = _expand(text).lower()
    return frozenset(name for name, phrases in _ELEMENTS.items() if any(p in low for p in phrases))


@lru_cache(maxsize=4096)  # a pure reading of a string; papers repeat their purposes and payers
def canonical_payer(payer: str | None) -> tuple[str, str]:
    """(organisation, department words): "Kent County Council" and "KCC" -> ("kcc", "");
    "EHPS" -> ("@council", "early help"); "the CCGs" -> ("ccg", "")."""
    if not payer:
        return "", ""
    low = " ".join(re.sub(r"[’']s\b", "", payer).lower().split())
    for pattern, words in _DEPARTMENTS:
        if re.search(pattern, low):
            named = _named_council(low)
            return named or _COUNCIL, words
    for pattern, body in _BODIES:
        if re.search(pattern, low):
            return body, ""
    named = _named_council(low)
    if named:
        return named, ""
    if re.fullmatch(r"(the )?(county |borough |district |city )?council", low):
        return _COUNCIL, ""
    acronym = re.search(r"\b[A-Z]{2,6}\b", payer)
    if acronym and acronym.group(0).lower() not in _ACRONYMS:
        return acronym.group(0).lower(), ""
    return " ".join(sorted(purpose_words(payer))) or low, ""


@lru_cache(maxsize=4096)  # a pure reading of a string; papers repeat their purposes and payers
def _council_words(authority: str | None) -> frozenset[str]:
    """The words that name the paper's own council, and its initials ("Kent County
    Council" -> {"kent", "kcc"}): in a purpose they say who pays, never what for."""
    if not authority:
        return frozenset()
    named = _named_council(" ".join(re.sub(r"[’']s\b", "", authority).lower().split()))
    return purpose_words(authority) | ({named} if named else frozenset())


def _named_council(low: str) -> str | None:
    """Initials of a named council ("kent county council" -> "kcc"), or an acronym such
    as "kcc" standing alone."""
    m = _NAMED_COUNCIL.search(low)
    if m and m.group(1) not in {"the", "a"}:
        name = [w for w in m.group(1).split() if w not in {"the", "and", "of"}]
        return "".join(w[0] for w in name + m.group(2).split())
    m = re.search(r"\b([a-z]{1,4}c)\b", low)
    if m and m.group(1) in {"kcc", "mbc", "bcc", "ccc", "scc", "ecc", "hcc", "lcc", "ncc", "wcc", "dcc"}:
        return m.group(1)
    return None


# --------------------------------------------------------------------------- streams


@dataclass
class _Figure:
    funding: Funding
    authority: str  # who issued the paper (a paper of unknown authority is its own)
    payer: str  # organisation
    department: str
    words: frozenset[str]
    element: frozenset[str]
    purpose: str  # the text naming the figure's purpose (its own, else the paper's subject)
    own_words: frozenset[str]  # from the figure's own purpose (not the paper's subject)

    @property
    def identity(self) -> str:
        return f"{self.payer}/{self.department}" if self.department else self.payer


@dataclass
class _Stream:
    authority: str
    payer: str
    words: set[str]
    element: frozenset[str]
    members: list[_Figure]
    ids: set[str] = field(default_factory=set)  # record ids of the members
    totals: set[str] = field(default_factory=set)  # ids the members are parts of

    def add(self, fig: _Figure) -> None:
        self.members.append(fig)
        self.ids.add(record_id(fig.funding))
        self.totals.update(fig.funding.part_of)


def _subjects(corpus: Corpus) -> dict[str, str]:
    out: dict[str, str] = {}
    for doc in corpus.documents:
        if doc.title:
            out[doc.doc_id] = doc.title
    for decision in corpus.decisions:
        if decision.subject:
            out[decision.doc_id] = decision.subject
    return out


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _figures(corpus: Corpus) -> list[_Figure]:
    """Each figure's payer, words and element, "the Council" resolved to the council the
    paper (else the corpus) names most often."""
    subjects = _subjects(corpus)
    raw = []
    for f in sorted(corpus.funding, key=lambda f: (f.doc_id, f.source.char_start)):
        if f.role is not FundingRole.threshold and not in_table(f):
            raw.append((f, *canonical_payer(f.payer)))
    councils: dict[str, Counter[str]] = {}
    for f, org, _dept in raw:
        if org and org.endswith("c") and org not in {_COUNCIL, "ccg"} and len(org) <= 4:
            councils.setdefault(f.doc_id, Counter())[org] += 1
    out = []
    for f, org, dept in raw:
        if org == _COUNCIL:
            own = canonical_payer(f.authority)[0] if f.authority else ""
            local = councils.get(f.doc_id)
            org = own or (local.most_common(1)[0][0] if local else "council")
        purpose = " ".join(p for p in (dept, f.purpose) if p)
        council = _council_words(f.authority)
        own = purpose_words(purpose) - purpose_words(f.payer) - council
        words = own or (purpose_words(subjects.get(f.doc_id)) - council if org else frozenset())
        label = f.purpose if own else ("" if not org else subjects.get(f.doc_id, ""))
        issuer = authority_key(f.authority) or f"paper:{f.doc_id}"
        out.append(_Figure(f, issuer, org, dept, frozenset(words), elements(purpose), label or "", own))
    return out


def _sum_related(fig: _Figure, stream: _Stream) -> bool:
    """A total and its parts are never one contribution (a payer-less total of several
    payers' parts must not join one payer's stream)."""
    return record_id(fig.funding) in stream.totals or any(p in stream.ids for p in fig.funding.part_of)


def _restates(coarse: _Figure, fine: _Figure) -> bool:
    """``coarse`` is ``fine`` printed less precisely, in the same paper, by the same payer."""
    a, b = coarse.funding, fine.funding
    if in_table(a) and in_table(b):
        return False  # two cells of a table are two items, however close their figures
    return (
        a.doc_id == b.doc_id
        and (coarse.payer, coarse.department) == (fine.payer, fine.department)
        and periods_compatible(a, b)
        and (not coarse.element or not fine.element or coarse.element == fine.element)
        and unit(b) < unit(a)
        and a.amount_gbp != b.amount_gbp
        and abs(a.amount_gbp - b.amount_gbp) * 2 <= unit(a)
    )


@dataclass
class Streams:
    """What linking found: each figure's stream key and payer, each stream's name."""

    keys: dict[str, str]  # funding record id -> stream key
    names: dict[str, str]  # stream key -> readable name
    payers: dict[str, str]  # funding record id -> payer ("kcc", "kcc/early help"; "" unknown)
    own_words: dict[str, frozenset[str]]  # funding record id -> words of its own purpose


def stream_keys(corpus: Corpus) -> tuple[dict[str, str], dict[str, str]]:
    """(funding record id -> stream key, stream key -> readable name)."""
    streams = link_streams(corpus)
    return streams.keys, streams.names


def link_streams(corpus: Corpus) -> Streams:
    """Link every figure to its funding stream (see the module docstring)."""
    figures = _figures(corpus)
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    streams: list[_Stream] = []
    of: dict[int, _Stream] = {}
    # Streams a figure could join share a purpose word with it (a Jaccard score of 0.5
    # needs one), so only those are scored: linking stays near-linear in the figures.
    by_word: dict[str, list[int]] = {}
    for fig in figures:
        if fig.funding.funding_stream:
            keys[record_id(fig.funding)] = fig.funding.funding_stream
            continue
        if not fig.payer and not fig.words:
            continue  # no payer and no purpose of its own: nothing to link it by
        best, score = None, 0.0
        candidates = sorted({i for w in (fig.words or {""}) for i in by_word.get(w, ())})
        for stream in (streams[i] for i in candidates):
            if stream.authority != fig.authority or stream.element != fig.element or _sum_related(fig, stream):
                continue
            if stream.payer != fig.payer and (stream.payer and fig.payer or not fig.own_words):
                continue  # an unknown payer matches any, on the figure's own purpose only
            s = _jaccard(stream.words, fig.words)
            if s > score or (s == score and best is not None and stream.payer == fig.payer):
                best, score = stream, s
        if best is None or score < 0.5:
            best = _Stream(fig.authority, fig.payer, set(fig.words), fig.element, [])
            for word in fig.words or {""}:
                by_word.setdefault(word, []).append(len(streams))
            streams.append(best)
        best.payer = best.payer or fig.payer
        best.add(fig)
        of[id(fig)] = best
    # A figure that restates a more precise one in the same paper joins its stream.
    # Each paper's linked figures sorted by amount: only those within half a printed unit
    # of a figure can restate it, found by bisection.
    by_doc: dict[str, list[_Figure]] = {}
    for fig in figures:
        if id(fig) in of:
            by_doc.setdefault(fig.funding.doc_id, []).append(fig)
    amounts: dict[str, list[Decimal]] = {}
    for doc_id, members in by_doc.items():
        members.sort(key=lambda f: f.funding.amount_gbp)
        amounts[doc_id] = [f.funding.amount_gbp for f in members]
    for coarse in figures:
        if id(coarse) not in of:
            continue
        doc_id, half = coarse.funding.doc_id, unit(coarse.funding) / 2
        low = bisect_left(amounts[doc_id], coarse.funding.amount_gbp - half)
        high = bisect_right(amounts[doc_id], coarse.funding.amount_gbp + half)
        finer = [f for f in by_doc[doc_id][low:high] if _restates(coarse, f)]
        if finer:
            target = of[id(min(finer, key=lambda f: unit(f.funding)))]
            if target is not of[id(coarse)]:
                of[id(coarse)].members.remove(coarse)
                target.add(coarse)
                of[id(coarse)] = target
    for stream in streams:
        if not stream.members:
            continue
        common = set.intersection(*(set(m.words) for m in stream.members)) or stream.words
        first = _label_source(stream, common)
        ordered = [w for w in _ordered_words(first.purpose) if w in common]
        ordered += sorted(common - set(ordered))
        key = f"{stream.payer or 'unknown'}|{' '.join(ordered)}"
        if stream.element:
            key += "|" + " ".join(sorted(stream.element))
        key += f"@{stream.authority}"
        for member in stream.members:
            keys[record_id(member.funding)] = key
        names.setdefault(key, _readable(stream, first, ordered))
    return Streams(
        keys=keys,
        names=names,
        payers={record_id(f.funding): f.identity for f in figures},
        own_words={record_id(f.funding): f.own_words for f in figures},
    )


def _ordered_words(text: str) -> list[str]:
    words = re.findall(r"[a-z]+", _expand(text).lower())
    return list(dict.fromkeys(_SYNONYMS.get(w, _singular(w)) for w in words))


def _label_source(stream: _Stream, common: set[str]) -> _Figure:
    """The member whose purpose names the stream best: most shared words, then shortest."""
    return min(
        stream.members,
        key=lambda m: (-len(purpose_words(m.purpose) & common), len(m.purpose), m.funding.doc_id),
    )


def _trim(purpose: str, council: frozenset[str] = frozenset()) -> str:
    """A purpose without leading filler or words naming the paper's own ``council``: "a new
    contract for an integrated Children and Young People's Mental Health Service" ->
    "Children and Young People's Mental Health Service"."""
    words = purpose.split()
    while words and (re.sub(r"[^a-z]", "", words[0].lower()) in _FILLER | council or words[0].lower() in {"£", "-"}):
        words.pop(0)
    text = " ".join(words).strip(" ,.;:")
    return text[:1].upper() + text[1:] if text else ""


def _readable(stream: _Stream, first: _Figure, words: Sequence[str]) -> str:
    payer = stream.payer.upper() if len(stream.payer) <= 4 else stream.payer.title()
    label = first.purpose.capitalize() if first.purpose.isupper() else first.purpose
    topic = _trim(label, _council_words(first.funding.authority)) if purpose_words(label) else ""
    topic = topic or " ".join(words) or "unspecified purpose"
    if len(topic) > 80:
        topic = topic[:77].rsplit(" ", 1)[0] + "..."
    if stream.element and not all(e in topic.lower() for e in stream.element):
        topic += f" ({', '.join(sorted(stream.element))})"
    return f"{payer or 'Unknown payer'}: {topic}"


# --------------------------------------------------------------------------- paper dates


_OWN_DATE_KINDS = {"committee", "decision", "meeting", "published", "publication"}


def paper_dates(corpus: Corpus) -> dict[str, str | None]:
    """doc_id -> the ISO date prefix a paper is placed at, its own date: the date its
    decision was taken; else the latest meeting that considered the paper itself (a
    committee or decision event carrying the paper's own decision number); else the date
    its decision is recorded or published; else the latest meeting or decision it reports
    (the header's "Date of meeting", "following the discussion at Cabinet Committee in
    November 2018").  Never a date the paper merely mentions:
    a planned report-back, a contract's end, a year in a forecast table.  None when the
    paper gives no date of its own."""
    dates: dict[str, str | None] = {d.doc_id: None for d in corpus.documents}
    for f in corpus.funding:
        dates.setdefault(f.doc_id, None)
    taken: dict[str, str] = {}
    recorded: dict[str, str] = {}
    numbers: dict[str, set[str]] = {}
    for decision in corpus.decisions:
        if decision.decision_number:
            numbers.setdefault(decision.doc_id, set()).add(decision.decision_number)
        if decision.decision_date and decision.status is DecisionStatus.taken:
            taken[decision.doc_id] = max(taken.get(decision.doc_id, ""), decision.decision_date)
        for own in (decision.decision_date, decision.date_published):
            if own:
                recorded[decision.doc_id] = max(recorded.get(decision.doc_id, ""), own)
    considered: dict[str, str] = {}
    header: dict[str, str] = {}
    for event in corpus.timeline:
        if event.kind not in _OWN_DATE_KINDS:
            continue
        own = event.decision_number and event.decision_number in numbers.get(event.doc_id, set())
        if own:
            considered[event.doc_id] = max(considered.get(event.doc_id, ""), event.date)
        header[event.doc_id] = max(header.get(event.doc_id, ""), event.date)
    for doc_id in dates:
        dates[doc_id] = taken.get(doc_id) or considered.get(doc_id) or recorded.get(doc_id) or header.get(doc_id)
    return dates


def paper_order(corpus: Corpus) -> list[str]:
    """Papers by date (undated ones last, by doc_id); a paper that cites another paper's
    decision number comes after it, whatever the dates say."""
    dates = paper_dates(corpus)
    order = sorted(dates, key=lambda d: (dates[d] is None, dates[d] or "", d))
    owner: dict[str, str] = {}
    for decision in corpus.decisions:
        if decision.decision_number:
            owner.setdefault(decision.decision_number, decision.doc_id)
    after: dict[str, set[str]] = {}
    for decision in corpus.decisions:
        for cited in decision.referenced_decisions:
            earlier = owner.get(cited)
            if earlier and earlier != decision.doc_id:
                after.setdefault(decision.doc_id, set()).add(earlier)
    for _ in range(len(order)):  # move each citing paper after what it cites (no cycles assumed)
        moved = False
        for doc_id in list(order):
            needs = [order.index(e) for e in after.get(doc_id, ()) if e in order]
            if needs and max(needs) > order.index(doc_id):
                order.remove(doc_id)
                order.insert(max(needs), doc_id)
                moved = True
        if not moved:
            break
    return order


# --------------------------------------------------------------------------- changes


def _basis(f: Funding) -> str:
    """What a figure is per, for comparing papers: a year (or unsaid), N years, one-off."""
    if f.period is FundingPeriod.total and f.period_years:
        return f"total:{f.period_years}"
    if f.period is FundingPeriod.total:
        return "total"
    if f.period is FundingPeriod.one_off:
        return "one_off"
    return "annual"


def _representative(figures: Sequence[Funding]) -> Funding:
    """A paper's figure for a stream: one with a stated period before one without, then the
    most precise, then a stated total before a part, then the first."""
    return min(
        figures,
        key=lambda f: (
            f.period is FundingPeriod.unspecified,
            unit(f),
            f.role is not FundingRole.total,
            f.source.char_start,
        ),
    )


def _pair(earlier: Sequence[Funding], later: Sequence[Funding]) -> tuple[Funding, Funding]:
    """The two figures to compare: the same amount in both papers when there is one (the
    figure carried over), else each paper's representative."""
    same = [(a, b) for a in earlier for b in later if a.amount_gbp == b.amount_gbp]
    if same:
        return min(same, key=lambda ab: (max(unit(ab[0]), unit(ab[1])), ab[0].source.char_start, ab[1].source.char_start))
    return _representative(earlier), _representative(later)


def cross_document_findings(ctx: Context) -> list[Finding]:
    """One finding per pair of consecutive papers giving a figure for the same stream."""
    order = paper_order(ctx.corpus)
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    dates = paper_dates(ctx.corpus)
    groups: dict[tuple[str, str], dict[str, list[Funding]]] = {}
    for f in ctx.figures:
        key = ctx.key(f)
        if key is None or f.is_range:
            continue
        groups.setdefault((key, _basis(f)), {}).setdefault(f.doc_id, []).append(f)
    out = []
    for (_key, _basis_name), by_doc in sorted(groups.items()):
        papers = sorted(by_doc, key=lambda d: (rank.get(d, len(rank)), d))
        for before, after in pairwise(papers):
            earlier, later = _pair(by_doc[before], by_doc[after])
            out.append(_change_finding(ctx, earlier, later, dates))
    return out


def _when(doc_id: str, dates: dict[str, str | None]) -> str:
    date = dates.get(doc_id)
    return f" ({date})" if date else ""


def _change_finding(ctx: Context, earlier: Funding, later: Funding, dates: dict[str, str | None]) -> Finding:
    stream = ctx.stream(later) or "the same contribution"
    before, after = earlier.amount_gbp, later.amount_gbp
    difference = after - before
    head = (
        f"{ctx.paper(later.doc_id)}{_when(later.doc_id, dates)} gives {printed(later)}{per_period(later)} "
        f"for {stream}"
    )
    then = f"{ctx.paper(earlier.doc_id)}{_when(earlier.doc_id, dates)} gave {printed(earlier)}{per_period(earlier)}"
    coarse = max(unit(earlier), unit(later))
    if difference == 0:
        status = PASS
        message = f"{head}, the same figure {ctx.paper(earlier.doc_id)}{_when(earlier.doc_id, dates)} gave."
    elif abs(difference) * 2 <= coarse:
        status = WARN
        message = (
            f"{head} where {then}: they agree only at the printed precision "
            f"({gbp(abs(difference))} apart), so use the precise figure."
        )
    else:
        status = WARN
        pct = percent_of(difference, before) if before else None
        way = "more" if difference > 0 else "less"
        share = f", {pct:+.2f}%" if pct is not None else ""
        message = (
            f"{head} where {then} ({gbp(abs(difference))} {way}{share}): "
            f"confirm which figure is current and why it changed."
        )
    return make_finding(
        FindingCheck.cross_document,
        status,
        message,
        record_ids=[record_id(earlier), record_id(later)],
        sources=[earlier.source, later.source],
        amounts=[before, after],
        expected=before,
        actual=after,
        tolerance=coarse / 2 if difference and abs(difference) * 2 <= coarse else None,
        stream=ctx.stream(later),
    )


__all__ = ["Streams", "cross_document_findings", "link_streams", "paper_dates", "paper_order", "stream_keys"]
