"""Decisions a paper reports as taken by another body, when it records none of its own.

A councillor's or officer's update report ("the North East Fife Area Committee on 19 July
awarded the Trust funding of £250,000") tells a clerk about a decision taken elsewhere: the
body, the day and what it decided.  Read only where the paper has no decision of its own
(a report's own recommendations, minutes and notices come first), one record per reporting
sentence, its subject the heading of the item that reports it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from pipeline.extract.nlp import Parsed

from pipeline.extract.dates import find_dates
from pipeline.extract.decisions.build import decision_record
from pipeline.extract.decisions.maker import Maker
from pipeline.extract.decisions.resolutions import Item
from pipeline.extract.decisions.verbs import lead_verb
from pipeline.extract.sections import strip_span
from pipeline.structure import Structure
from schemas.records import Decision, DecisionStatus, Document
from schemas.structure import BlockKind

_REPORTED = re.compile(
    r"\b(?:the\s+)?(?P<body>(?:[A-Z][\w'’&-]*\s+){1,6}(?:Committee|Sub-Committee|Council|Cabinet|Board|Panel|Executive))"
    r"(?:,)?\s+(?:on|at\s+its\s+meeting\s+on)\s+(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+(?:\s+\d{4})?)\s*,?\s+"
    r"(?P<verb>awarded|agreed|approved|decided|resolved|granted|allocated|endorsed|adopted)\b(?P<rest>[^.]*)",
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _year(text: str) -> int | None:
    years = Counter(int(y) for y in re.findall(r"\b(20\d{2}|19\d{2})\b", text))
    return years.most_common(1)[0][0] if years else None


def _iso(printed: str, text: str) -> str | None:
    days = [d for d in find_dates(printed) if d.precision == "day"]
    if days:
        return days[0].iso
    match = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})", printed)
    year = _year(text)
    if not match or year is None or match.group(2).lower() not in _MONTHS:
        return None
    try:
        return date(year, _MONTHS.index(match.group(2).lower()) + 1, int(match.group(1))).isoformat()
    except ValueError:
        return None


def reported_decisions(doc: Document, parsed: Parsed, struct: Structure) -> list[Decision]:
    text = doc.text
    found: list[Decision] = []
    for block in struct.blocks:
        if block.char_start is None or block.kind not in (BlockKind.paragraph, BlockKind.list_item):
            continue
        for match in _REPORTED.finditer(block.text):
            start = block.char_start + match.start("body")
            end = block.char_start + match.end()
            span = strip_span(text, start, end)
            heading = struct.heading_of(block)
            subject = None
            if heading is not None:
                subject = re.sub(r"^\s*\d{1,3}[.)]?\s+|[\s:–-]+$", "", heading.text).strip() or None
            body = " ".join(match.group("body").split())
            body_start = block.char_start + match.start("body")
            item = Item(None, " ".join(text[span[0] : span[1]].split()), span, lead_verb(match.group("verb") + match.group("rest")))
            found.append(
                decision_record(
                    doc,
                    status=DecisionStatus.taken,
                    number=None,
                    maker=Maker(body, None, None, (body_start, body_start + len(match.group("body"))), None),
                    subject=subject,
                    key_decision=None,
                    items=[item],
                    span=span,
                    missing=["decision number not found"],
                    decision_date=_iso(match.group("date"), text),
                )
            )
    return found
