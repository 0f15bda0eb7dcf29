"""The decision maker: role, person and title, from a "Decision (to be) taken by" line,
a "Decision maker:" cell, a report's "To:" line, or the role a recommendation names.

Roles and committees are the spaCy entities of ``patterns/decisions.jsonl`` (ROLE,
COMMITTEE); a name is what is left of the printed value, split from its honorifics
("Councillor Dr" + "Amina Shah").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.nlp import Parsed

from pipeline.extract.dates import find_dates
from pipeline.extract.decisions.header import HEAD_CHARS
from pipeline.extract.nlp import entities_in
from pipeline.extract.sections import Span, labelled_value, strip_span
from pipeline.structure import Structure

_MAKER_LABELS = [
    re.compile(r"decision\s+(?:to\s+be\s+|was\s+)?(?:taken|made)\s+by\b\s*[:.]?", re.IGNORECASE),
    re.compile(r"(?:decision[\s-]*(?:maker|taker)|decision\s+making\s+body)\s*:", re.IGNORECASE),
    re.compile(r"(?:portfolio\s+holder|cabinet\s+member|executive\s+member)\s*:", re.IGNORECASE),
]
_TO_LABEL = re.compile(r"(?:report\s+)?to\s*:", re.IGNORECASE)
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "sir", "dame", "lord", "lady",
    "prof", "professor",
}  # fmt: skip
_ROLE_WORDS = re.compile(
    r"\b(?:cabinet|member|committee|council|director|officer|executive|leader|board|panel|"
    r"holder|head|services?|county|borough|district|city|group|team|for|of|and)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.?)$")
_SEPARATORS = " \t,;:–—-()"


@dataclass(frozen=True)
class Maker:
    role: str | None
    name: str | None
    honorific: str | None
    span: Span  # the maker's whole value as printed
    role_span: Span | None


def find_maker(struct: Structure, parsed: Parsed, *, reports: bool) -> Maker | None:
    """The decision maker from a "Decision (to be) taken by" field (or, for a report,
    its "To:" field)."""
    text = struct.doc.text
    labels = list(_MAKER_LABELS) + ([_TO_LABEL] if reports else [])
    for label in labels:
        found = labelled_value(struct, label, limit=HEAD_CHARS)
        if found:
            maker = read_maker(text, parsed, found[1])
            if maker.role or maker.name:
                return maker
    return None


def read_maker(text: str, parsed: Parsed, span: Span) -> Maker:
    """Split a printed maker ("Mr Roger Gough, Cabinet Member for ...", "Cabinet",
    "Cabinet Member for Integrated Children's Services") into role, name and title."""
    start, end = span
    date = _trailing_date(text, start, end)  # "Health Scrutiny Panel – 12 March 2020"
    if date is not None:
        end = strip_span(text, start, date)[1]
        while end > start and text[end - 1] in _SEPARATORS:
            end -= 1
    role_span = _entity_in(parsed, start, end, ("ROLE", "COMMITTEE"))
    if role_span is None:
        role_span, name_span = _split_on_comma(text, start, end)
    else:
        before = _trim(text, start, role_span[0])
        after = _trim(text, role_span[1], end)
        name_span = before if before[0] < before[1] else after if after[0] < after[1] else None
        if name_span and not _looks_like_name(text[name_span[0] : name_span[1]]):
            name_span = None
    role = text[role_span[0] : role_span[1]] if role_span else None
    honorific, name = (
        _split_honorific(text[name_span[0] : name_span[1]]) if name_span else (None, None)
    )
    return Maker(
        role=_tidy_role(role),
        name=name,
        honorific=honorific,
        span=(start, end),
        role_span=role_span,
    )


def role_in(text: str, parsed: Parsed, start: int, end: int) -> Maker | None:
    """The first role (or committee) named in ``text[start:end]``, e.g. in "As Cabinet
    Member for X, I agree to:" or "The Cabinet is asked to:"."""
    role_span = _entity_in(parsed, start, end, ("ROLE", "COMMITTEE"))
    if role_span is None:
        return None
    return Maker(_tidy_role(text[role_span[0] : role_span[1]]), None, None, role_span, role_span)


def _entity_in(parsed: Parsed, start: int, end: int, labels: tuple[str, ...]) -> Span | None:
    for ent in entities_in(parsed, start, end, labels):
        if ent.start_char >= start and ent.end_char <= end:
            return ent.start_char, ent.end_char
    return None


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _SEPARATORS:
        start += 1
    while end > start and text[end - 1] in _SEPARATORS:
        end -= 1
    return start, end


def _split_on_comma(text: str, start: int, end: int) -> tuple[Span | None, Span | None]:
    value = text[start:end]
    for separator in (",", " – ", " - ", "("):
        cut = value.find(separator)
        if cut > 0:
            left = _trim(text, start, start + cut)
            right = _trim(text, start + cut + len(separator), end)
            if _looks_like_name(text[left[0] : left[1]]):
                return right, left
            if _looks_like_name(text[right[0] : right[1]]):
                return left, right
    whole = _trim(text, start, end)
    if (
        _looks_like_name(text[whole[0] : whole[1]])
        and text[whole[0] : whole[1]].split()[0].lower().rstrip(".") in HONORIFICS
    ):
        return None, whole
    return whole, None


def _looks_like_name(value: str) -> bool:
    words = value.split()
    while words and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return (
        1 <= len(words) <= 4
        and all(_NAME_WORD.match(w) for w in words)
        and not _ROLE_WORDS.search(value)
    )


def _split_honorific(value: str) -> tuple[str | None, str | None]:
    """("Councillor Dr", "Amina Shah") from "Councillor Dr Amina Shah"."""
    words = value.split()
    titles = []
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        titles.append(words.pop(0))
    return " ".join(titles) or None, " ".join(words) or None


def _tidy_role(role: str | None) -> str | None:
    if role is None:
        return None
    role = re.sub(r"\s+", " ", role).strip(" ,;:.–-")
    role = re.sub(r"^(?:that\s+)?(?:the|as)\s+|^that\s+", "", role, flags=re.IGNORECASE)
    return role or None


def _trailing_date(text: str, start: int, end: int) -> int | None:
    for match in find_dates(text[start:end]):
        if match.precision in ("day", "month") and start + match.end >= end - 1:
            return start + match.start
    return None
