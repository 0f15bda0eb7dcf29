"""The words around a money figure: its period, role cue and financial year.

Each prose figure is read in two clauses of its sentence: the *pre* clause (from the
last clause break before the figure, or the previous figure, up to the figure) and the
*post* clause (from the figure to the next clause break or figure).  The cue phrases
are data, in ``patterns/funding_cues.json``; this module only compiles and applies them.
Payer and purpose are read in :mod:`pipeline.extract.money.payer`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.extract.dates import find_dates
from pipeline.extract.orgs import cues
from schemas.records import FundingPeriod

_BREAK = re.compile(r"[,;:=()\[\]]|\s[-–—]\s|[.!?](?=\s|$)")
_WORD = re.compile(r"[A-Za-z0-9£'’/.-]+")
_REACHING = re.compile(
    r"\b(?:brings?|bringing|brought|takes?|taking|took|rises?|rising|rose|risen|increases?|increasing|increased|"
    r"grows?|growing|grew|goes|going|went|climbs?|climbed)\b[^.;]*\bup\s+to\s*$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- cue regexes


def _alternation(phrases: list[str]) -> str:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        head = r"(?<![\w])" if phrase[0].isalnum() else ""
        tail = r"(?![\w-])" if phrase[-1].isalnum() else ""
        parts.append(head + body + tail)
    return "(?:" + "|".join(parts) + ")"


class Cues:
    """Compiled cue patterns (built once per process)."""

    def __init__(self) -> None:
        data = cues()
        period, role, payer, purpose = data["period"], data["role"], data["payer"], data["purpose"]
        flags = re.IGNORECASE
        words = data["number_words"]
        self.number_words: dict[str, int] = words
        number = r"(?P<n>\d{1,2}|" + "|".join(sorted(words, key=len, reverse=True)) + ")"
        self.multi_year = re.compile(
            r"(?<![\w])(?:over|for|across|during|covering|spread over)\s+(?:the\s+|a\s+)?"
            r"(?:next\s+|following\s+|first\s+|coming\s+|initial\s+|full\s+)?"
            + number
            + r"(?:\s*-\s*|\s+)(?:years?|yrs?)(?![\w])"
            + r"|(?<![\w])"
            + number.replace("?P<n>", "?P<m>")
            + r"\s*-\s*years?\s+(?:contract|period|term|programme|agreement|deal|funding|grant)",
            flags,
        )
        self.per_year_after = re.compile(_alternation(period["per_year_after"]), flags)
        self.per_year_before = re.compile(_alternation(period["per_year_before"]), flags)
        self.one_off = re.compile(_alternation(period["one_off"]), flags)
        self.contract_life = re.compile(_alternation(period["contract_life"]), flags)
        self.one_off_context = re.compile(_alternation(period["one_off_context"]), flags)
        self.awarded = re.compile(
            r"(?<![\w])(?:awarded|granted)\s+(?!(?:\S+\s+){0,3}?contract)(?:\S+\s+){0,3}$", flags
        )
        self.other_rate = re.compile(_alternation(period["other_rate"]), flags)
        self.one_off_rate = re.compile(_alternation(period["one_off_rate"]), flags)
        self.total_before = re.compile(_alternation(role["total_before"]), flags)
        self.total_after = re.compile(r"^\s*" + _alternation(role["total_after"]), flags)
        self.threshold_strong = re.compile(_alternation(role["threshold_strong_before"]), flags)
        self.threshold_weak = re.compile(
            _alternation(role["threshold_weak_before"]) + r"\s*$", flags
        )
        self.threshold_after = re.compile(r"^\s*" + _alternation(role["threshold_after"]), flags)
        self.threshold_context = re.compile(_alternation(role["threshold_context"]), flags)
        self.whole_before = re.compile(_alternation(role["whole_before"]) + r"\s*$", flags)
        self.remainder_before = re.compile(_alternation(role["remainder_before"]) + r"\s*$", flags)
        self.breakdown = re.compile(_alternation(role["breakdown_after_total"]), flags)
        self.pay_link = re.compile(_alternation(payer["link_words"]), flags)
        self.payer_after = re.compile(
            r"^\s*(?:[\w-]+\s+){0,2}?" + _alternation(payer["after"]) + r"\s+(?:the\s+)?$", flags
        )
        self.payer_after_prefix = re.compile(
            r"^\s*(?:[\w-]+\s+){0,2}?" + _alternation(payer["after"]) + r"\s+(?:the\s+)?", flags
        )
        self.paid_by = re.compile(
            r"(?<![\w])(?:paid|provided|funded|met|financed|given|granted|awarded|contributed)"
            r"\s+by\s+(?:the\s+)?",
            flags,
        )
        self.attached_before = re.compile(_alternation(payer["after"]) + r"\s+(?:the\s+)?$", flags)
        self.recipient_before = re.compile(
            _alternation(payer["recipient_before"]) + r"\s+(?:the\s+|a\s+|an\s+)?$", flags
        )
        skip = r"(?:\s*(?:per\s+year|per\s+annum|annually|each\s+year|a\s+year|p\.a\.|"
        skip += r"currently|previously|also|now|will\s+be|is|are|was|were|being|used)\b)*"
        name = (
            r"(?-i:[A-Z][\w'’&-]*(?:(?:\s+|,\s*)(?:(?:for|of|and|the|&)\s+)*[A-Z][\w'’&-]*){0,7})"
        )
        source_of = r"(?:\s*(?:funding\s+)?from\s+(?:the\s+)?" + name + ")?"
        # the words to step over first (read greedily on their own, so that a lead word
        # inside a name, "Department *for* Transport", is never taken)
        self.purpose_skip = re.compile(r"^" + skip + source_of, flags)
        self.purpose_after = re.compile(
            r"^\s*(?P<lead>" + _alternation(purpose["after"]) + r")\s+", flags
        )
        self.purpose_not_after = re.compile(r"^" + _alternation(purpose["not_after"]), flags)
        self.purpose_stop = re.compile(_alternation(purpose["stop_words"]), flags)
        self.purpose_before = re.compile(
            _alternation(purpose["before"])
            + r"\s+(?P<p>.{3,160}?)\s+(?:is|are|was|were|will\s+be|would\s+be|totals?|"
            r"amounts?\s+to|comes?\s+to|stands?\s+at)(?:\s+worth|\s+estimated\s+at|"
            r"\s+expected\s+to\s+be|\s+approximately|\s+around|\s+about)?\s*$",
            flags,
        )
        self.contract_term = re.compile(
            r"contract\s+term\s+(?:is|will\s+be|to\s+be|of)\s+(?:expected\s+to\s+be\s+)?"
            + number
            + r"\s+years?|term\s+of\s+"
            + number.replace("?P<n>", "?P<m>")
            + r"\s+years?|"
            + number.replace("?P<n>", "?P<k>")
            + r"\s*-\s*year\s+contract",
            flags,
        )

    def years(self, m: re.Match[str]) -> int | None:
        for group in ("n", "m", "k"):
            value = m.groupdict().get(group)
            if value:
                value = value.lower()
                return int(value) if value.isdigit() else self.number_words.get(value)
        return None


@lru_cache(maxsize=1)
def compiled() -> Cues:
    return Cues()


# --------------------------------------------------------------------------- clauses


def clause_start(text: str, lo: int, at: int) -> int:
    """Where the clause that ends at ``at`` begins (not before ``lo``)."""
    start = lo
    for m in _BREAK.finditer(text, lo, at):
        start = m.end()
    return start


def clause_end(text: str, at: int, hi: int) -> int:
    """Where the clause that starts at ``at`` ends (not after ``hi``)."""
    m = _BREAK.search(text, at, hi)
    return m.start() if m else hi


def last_words(text: str, n: int) -> str:
    words = list(_WORD.finditer(text))
    if len(words) <= n:
        return text
    return text[words[-n].start() :]


# --------------------------------------------------------------------------- period


def contract_term(text: str) -> int | None:
    """The contract term the paper states ("contract term to be three years"), if any."""
    m = compiled().contract_term.search(text)
    return compiled().years(m) if m else None


def read_period(
    pre: str, post: str, term: Callable[[], int | None] | None
) -> tuple[FundingPeriod, int | None] | None:
    """Period and years from the clauses either side of a figure (None: no cue there).
    ``term()`` gives the paper's contract term (:func:`contract_term`), asked only for a
    figure over the contract's life: reading it searches the whole text."""
    c = compiled()
    hits: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in (
        ("per_year", c.per_year_after),
        ("one_off", c.one_off),
        ("one_off", c.one_off_rate),
        ("multi", c.multi_year),
        ("life", c.contract_life),
        ("rate", c.other_rate),
    ):
        for m in pattern.finditer(post):
            hits.append((m.start(), -(m.end() - m.start()), name, m))
    hits.sort(key=lambda h: (h[0], h[1]))
    multi = next((h[3] for h in hits if h[2] == "multi"), None)
    if hits:
        first = hits[0][2]
        if first == "per_year":
            return FundingPeriod.per_year, c.years(multi) if multi else None
        if first == "one_off":
            return FundingPeriod.one_off, None
        if first == "multi":
            return FundingPeriod.total, c.years(hits[0][3])
        if first == "life":
            return FundingPeriod.total, term() if term else None
        return FundingPeriod.unspecified, None
    near = last_words(pre, 6)
    if c.one_off.search(near):
        return FundingPeriod.one_off, None
    if c.per_year_before.search(near):
        multi = c.multi_year.search(pre)
        return FundingPeriod.per_year, c.years(multi) if multi else None
    multi = c.multi_year.search(pre)
    if multi:
        return FundingPeriod.total, c.years(multi)
    if c.contract_life.search(pre):
        return FundingPeriod.total, term() if term else None
    return None


def one_off_context(pre: str, post: str) -> bool:
    """A capital sum, a grant award or a set-up cost ("would come from the approved
    capital programme", "had awarded the Council £2.4m")."""
    c = compiled()
    return bool(
        c.one_off_context.search(pre) or c.one_off_context.search(post) or c.awarded.search(pre)
    )


def canonical_year(text: str) -> str | None:
    """A financial year as "2022-23" (however printed: "2022/23", "FY2022/23")."""
    for d in find_dates(text):
        if d.kind == "financial_year":
            start = int(d.iso[:4])
            return f"{start}-{(start + 1) % 100:02d}"
    return None


def read_financial_year(*texts: str) -> str | None:
    """The first financial year printed in the texts, as "2018-19"."""
    for text in texts:
        year = canonical_year(text)
        if year:
            return year
    return None


# --------------------------------------------------------------------------- role cues


def read_role_cue(pre: str, post: str, sentence: str) -> str | None:
    """The role the words next to a figure point to: threshold, total, whole, remainder."""
    c = compiled()
    near = last_words(pre, 6)
    reaching = _REACHING.search(pre)  # "brings the total bond portfolio up to £117.9m": a level reached
    if (c.threshold_strong.search(near) and not reaching) or c.threshold_after.search(post):
        return "threshold"
    if c.threshold_weak.search(pre) and c.threshold_context.search(sentence):
        return "threshold"
    if c.total_before.search(pre) or c.total_after.search(post):
        return "total"
    if c.whole_before.search(pre):
        return "whole"
    if c.remainder_before.search(pre):
        return "remainder"
    return None
