"""Minutes of a decision-making meeting (Cabinet, a committee): one decision per minuted
item whose "RESOLVED that:" block decides something.

The meeting body is the decision maker ("CABINET" above "Minutes of the meeting held on
Tuesday 12 October 2021" -> "Cabinet"), the meeting date the decision date, the item's
heading its subject ("57. LOCAL CYCLING ... (KEY DECISION)"), and the declarations item
the interests declared ("... declared a personal interest in Minute 57 ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extract.common import iter_lines
from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.decision_sections import Span, is_heading, strip_span
from pipeline.extract.nlp import entities_in

_MINUTES = re.compile(
    r"^\s*(?:draft\s+)?minutes\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+){0,3}(?:meeting|proceedings)\b",
    re.IGNORECASE | re.MULTILINE,
)
_ITEM = re.compile(r"^(?P<n>\d{1,4})\.?\s+(?P<title>[A-Z][^\n]{3,150})$")
_KEY_MARK = re.compile(r"\s*[(\[]\s*key\s+decision\s*[)\]]\s*", re.IGNORECASE)
_DECLARATIONS = re.compile(r"\bdeclarations?\s+of\s+interests?\b|\binterests?\b", re.IGNORECASE)
_NO_INTERESTS = re.compile(
    r"\b(?:no|none)\b[^.\n]{0,40}\b(?:declarations?|interests?)\b|\bthere\s+were\s+no\s+declarations\b",
    re.IGNORECASE,
)
_SMALL_WORDS = {"and", "of", "the", "for", "to", "in", "on", "at", "a", "an", "or", "with"}


@dataclass(frozen=True)
class Meeting:
    body: str | None
    body_span: Span | None
    date: DateMatch | None
    items: list[MinuteItem]


@dataclass(frozen=True)
class MinuteItem:
    number: str
    title: str  # the heading as printed, without a "(KEY DECISION)" mark
    key_decision: bool | None
    heading: Span
    body: Span  # the heading's end to the next item


def is_minutes(text: str) -> bool:
    return bool(_MINUTES.search(text, 0, min(len(text), 2000)))


def read_meeting(text: str, parsed: Doc) -> Meeting:
    head = _MINUTES.search(text, 0, min(len(text), 2000))
    head_start = head.start() + len(head.group(0)) - len(head.group(0).lstrip()) if head else 0
    line_end = text.find("\n", head_start)
    line_end = len(text) if line_end < 0 else line_end
    dates = [d for d in find_dates(text[head_start:line_end]) if d.precision == "day"]
    date = None
    if dates:
        d = dates[0]
        date = DateMatch(
            d.start + head_start, d.end + head_start, d.text, d.iso, d.precision, d.end_iso, d.kind
        )
    body, body_span = _meeting_body(text, parsed, head_start)
    return Meeting(body, body_span, date, _items(text))


def _meeting_body(text: str, parsed: Doc, before: int) -> tuple[str | None, Span | None]:
    """The body named above the "Minutes of ..." line (or in it: "Minutes of the
    Cabinet meeting ...")."""
    line_end = text.find("\n", before)
    bodies = entities_in(parsed, 0, len(text) if line_end < 0 else line_end, ("ROLE", "COMMITTEE"))
    if not bodies:
        return None, None
    ent = bodies[-1]
    return title_case(ent.text), (ent.start_char, ent.end_char)


def title_case(name: str) -> str:
    """An all-capitals name in title case ("CABINET" -> "Cabinet"); others as printed."""
    name = " ".join(name.split())
    if not name.isupper():
        return name
    words = name.lower().split(" ")
    return " ".join(
        w if (w in _SMALL_WORDS and i) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _items(text: str) -> list[MinuteItem]:
    heads: list[tuple[str, str, bool | None, Span]] = []
    for start, end, line in iter_lines(text):
        match = _ITEM.match(line.strip())
        if not match or not (match["title"].isupper() or is_heading(line)):
            continue
        title = match["title"].strip()
        key = True if _KEY_MARK.search(title) else None
        title = _KEY_MARK.sub(" ", title).strip()
        heads.append((match["n"], title, key, (start, end)))
    items = []
    for i, (number, title, key, span) in enumerate(heads):
        body_end = heads[i + 1][3][0] if i + 1 < len(heads) else len(text)
        items.append(MinuteItem(number, title, key, span, (span[1], body_end)))
    return items


def interests_for(text: str, meeting: Meeting, item: MinuteItem) -> tuple[str, Span] | None:
    """What the declarations item says about this minute: the sentences naming it
    ("... declared a personal interest in Minute 57 ..."), or "None" when it records none."""
    for other in meeting.items:
        if other is item or not _DECLARATIONS.search(other.title):
            continue
        start, end = strip_span(text, *other.body)
        body = text[start:end]
        naming = [
            m
            for m in re.finditer(r"[^.\n]*\.", body)
            if re.search(rf"\bminute\s+{re.escape(item.number)}\b", m.group(0), re.IGNORECASE)
        ]
        if naming:
            first, last = naming[0], naming[-1]
            s, e = strip_span(text, start + first.start(), start + last.end())
            return " ".join(text[s:e].split()), (s, e)
        if _NO_INTERESTS.search(body) or body.strip().rstrip(".").lower() in (
            "none",
            "no declarations",
        ):
            line_end = body.find("\n")
            s, e = strip_span(text, start, start + (line_end if line_end >= 0 else len(body)))
            return "None", (s, e)
    return None
