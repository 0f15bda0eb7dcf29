"""Who pays and for what: the payer and the purpose of a prose money figure.

The payer is "funding from X" / "paid by X" just after the figure, else the nearest
organisation before it in its sentence that a paying word links to the figure ("X
currently contributes £1m", "the total X contribution will be £2m"), skipping
recipients ("awarded the Council £2.4m", "the contract with NELFT") and stopping at
another figure or a strong break ("=").  The purpose is the phrase after "to", "into",
"for", "towards", "is providing" ... ("£1m per year to the children and adolescent
mental health service (CAMHS)"), or before "is worth" ("the KCC element of X is worth").
"""

from __future__ import annotations

import re

from pipeline.extract.dates import find_dates
from pipeline.extract.money.cues import clause_end, compiled
from pipeline.extract.orgs import Organisations, looks_organisational

_STRONG_BREAK = re.compile(r"[=;:]|\s[-–—]\s")
_TRAILING_JOIN = re.compile(r"(?:\s+(?:and|or|but|as|which|that))+$", re.IGNORECASE)
_ONLY_PERIOD = re.compile(
    r"(?:the\s+|this\s+|that\s+|each\s+)?(?:\w+\s+)?(?:years?|months?|period|term|quarter)",
    re.IGNORECASE,
)
_ONLY_DATE = re.compile(r"[\d/\- ]+")


# --------------------------------------------------------------------------- payer


_ORG_PHRASE = re.compile(
    r"(?:[A-Z][\w'’&.-]*|NHS)(?:\s+(?:and|of|for|&)\s+[A-Z][\w'’&.-]*|\s+[A-Z][\w'’&.-]*)*"
)


def _org_phrase(text: str, at: int, orgs: Organisations) -> str | None:
    """An organisation named from ``at`` by capitalised words (e.g. after "from")."""
    m = _ORG_PHRASE.match(text, at)
    if not m:
        return None
    phrase = m.group(0).rstrip(".")
    known = orgs.name_of(phrase)
    if known:
        return known
    if looks_organisational(phrase) and len(phrase.split()) >= 2:
        return phrase
    return None


def read_payer(
    text: str,
    orgs: Organisations,
    sentence: tuple[int, int],
    fig_start: int,
    fig_end: int,
    post_end: int,
    figures_between: list[tuple[int, int]],
) -> str | None:
    """Who pays: "funding from X" after the figure, else the organisation before it that
    a paying word links to the figure ("X currently contributes £1m", "the total X
    contribution will be £2m"), with no other figure in between."""
    c = compiled()
    post = text[fig_end:post_end]
    clause = clause_end(text, fig_end, post_end)
    for pattern in (c.payer_after_prefix, c.paid_by):
        m = (
            pattern.match(post)
            if pattern is c.payer_after_prefix
            else pattern.search(text, fig_end, clause)
        )
        if not m:
            continue
        at = fig_end + m.end() if pattern is c.payer_after_prefix else m.end()
        for mention in orgs.starting(at, min(post_end, at + 120)):
            if mention.start == at:
                return mention.name
        named = _org_phrase(text, at, orgs)
        if named:
            return named
    candidates = orgs.between(sentence[0], fig_start)
    for mention in reversed(candidates):
        if any(mention.end <= s < fig_start for s, _ in figures_between):
            break
        gap = text[mention.end : fig_start]
        if _STRONG_BREAK.search(gap):
            break
        before = text[max(sentence[0], mention.start - 30) : mention.start]
        earlier = [e for _, e in figures_between if e <= mention.start]
        if earlier and c.payer_after.match(text[max(earlier) : mention.start]):
            break  # "£100,000 funding from X": X belongs to the figure before
        if c.attached_before.search(before) and c.pay_link.search(before):
            return mention.name  # "the grant from X of £185,000"
        if c.recipient_before.search(before):
            continue
        if re.fullmatch(r"[\s(]*", gap):
            return mention.name  # "the Northshire Schools Forum £0.35m", "X (£0.9m per year)"
        if c.pay_link.search(gap) or c.pay_link.search(text[mention.start : mention.end]):
            return mention.name
    return None


# --------------------------------------------------------------------------- purpose


def _cut_phrase(text: str) -> str | None:
    """A purpose phrase: up to the first clause break, keeping "(ACR)" brackets."""
    c = compiled()
    out = []
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            close = text.find(")", i)
            inner = text[i + 1 : close] if close > 0 else ""
            if close > 0 and re.fullmatch(r"[A-Z][A-Za-z&]{1,9}", inner):
                out.append(text[i : close + 1])
                i = close + 1
                continue
            break
        if ch == ")" and depth == 0:
            break
        if ch in ",;:=\n" or (ch in ".!?" and (i + 1 == len(text) or text[i + 1].isspace())):
            break
        out.append(ch)
        i += 1
    phrase = "".join(out)
    stop = c.purpose_stop.search(phrase)
    if stop:
        phrase = phrase[: stop.start()]
    phrase = " ".join(phrase.split()).strip(" -–")
    if len(phrase) > 160:
        phrase = phrase[:160].rsplit(" ", 1)[0]
    phrase = _TRAILING_JOIN.sub("", phrase)
    if len(phrase) < 3 or _ONLY_DATE.fullmatch(phrase) or _is_date(phrase):
        return None
    if _ONLY_PERIOD.fullmatch(phrase):
        return None
    return phrase


def _is_date(phrase: str) -> bool:
    bare = re.sub(
        r"^(?:the\s+)?(?:year\s+|financial\s+year\s+|period\s+)?", "", phrase, flags=re.IGNORECASE
    )
    dates = find_dates(bare)
    return bool(dates) and dates[0].start == 0 and dates[-1].end == len(bare)


def read_purpose(pre: str, after: str) -> str | None:
    """What the money is for: "£1m per year to X", "£800k is providing X", "the cost of X
    is £5m"."""
    c = compiled()
    skipped = c.purpose_skip.match(after)
    rest = after[skipped.end() :] if skipped else after
    m = c.purpose_after.match(rest)
    if m and not c.purpose_not_after.match(rest[m.start("lead") :]):
        phrase = _cut_phrase(rest[m.end() :])
        if phrase:
            return phrase
    m = c.purpose_before.search(pre)
    if m:
        return _cut_phrase(m.group("p"))
    return None
