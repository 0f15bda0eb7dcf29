"""Document type and title, read from a paper's opening lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas.records import DocType
from schemas.structure import TextLine

_HEAD_CHARS = 3000

_PROPOSED = re.compile(r"\bproposed\s+record\s+of\s+(?:executive\s+)?decision\b", re.I)
_RECORD = re.compile(r"\brecord\s+of\s+(?:executive\s+|cabinet\s+member\s+)?decision\b", re.I)
_TO_LINE = re.compile(r"^\s*to\s*:\s*(?P<to>.+)$", re.I | re.M)
_FROM_LINE = re.compile(r"^\s*from\s*:", re.I | re.M)
_COMMITTEE_ASKED = re.compile(
    r"\b(?:committee|panel|board|scrutiny)\b[^.\n]{0,60}\b(?:is|are)\s+asked\s+to\b", re.I
)
_MAKER_ASKED = re.compile(
    r"\b(?:cabinet\s+member|leader|cabinet|executive\s+member|portfolio\s+holder|director)\b"
    r"[^.\n]{0,80}\b(?:is|are)\s+(?:asked|recommended|invited|requested)\s+to\b",
    re.I,
)
_MINUTES = re.compile(r"^\W*minutes\s+of\s+(?:the|a)\s+meeting\b", re.I | re.M)
_THAT_MAKER = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?that\s+(?:the\s+)?(?:cabinet(?:\s+member)?|council|executive|leader)\b",
    re.I | re.M,
)
_DECISION_NO = re.compile(r"\bdecision\s+(?:no|number|ref(?:erence)?)\b", re.I)

_TITLE_LABELS = [
    re.compile(r"^\s*subject\s+matter\s*/\s*title\s+of\s+decision\s*:?\s*$", re.I | re.M),
    re.compile(r"^\s*(?:subject|title(?:\s+of\s+(?:decision|report))?|report\s+title)\s*:[\s:]*(?P<value>\S.*)$", re.I | re.M),
]


_MINUTES_TITLE = re.compile(
    r"^\W*(?P<title>minutes\s+of\s+(?:the|a)\s+meeting\s+held\s+on\s+(?:\w+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+\d{4})",
    re.I | re.M,
)
# a heading: a markdown heading, or a line in capitals, standing alone
_HEADING = re.compile(r"^(?P<hashes>#{1,6}\s+)?(?P<title>[^\n:#|\t]{6,160})$", re.M)
_NOT_A_TITLE = re.compile(
    r"\b(?:council|cabinet|committee|panel|board|record\s+of|report\s+(?:to|of|by)|agenda|minutes"
    r"|recommendations?|summary|introduction|background|appendix|decision\s+no)\b"
    r"|^\s*\d+(?:\.\d+)*\.?\s",
    re.I,
)


def classify(text: str) -> DocType:
    """The paper's type: a record of decision (taken or proposed), a report asking a
    decision maker to decide, or a report to a committee."""
    head = text[:_HEAD_CHARS]
    if _PROPOSED.search(head):
        return DocType.proposed_record_of_decision
    if _RECORD.search(head) or _MINUTES.search(head):
        return DocType.record_of_decision
    to_line = _TO_LINE.search(head)
    to_committee = bool(to_line and re.search(r"committee|panel|scrutiny|board", to_line.group("to"), re.I))
    if _MAKER_ASKED.search(text) and not to_committee and (to_line or _DECISION_NO.search(head)):
        return DocType.decision_report
    if _COMMITTEE_ASKED.search(text) or to_committee:
        return DocType.committee_report
    if _MAKER_ASKED.search(text) or _THAT_MAKER.search(text) or (_FROM_LINE.search(head) and to_line):
        return DocType.decision_report
    return DocType.unknown


def find_title(text: str) -> tuple[int, int] | None:
    """Span of the title as printed: a Subject or Title line (or the line after a
    "Subject Matter / Title of Decision" heading)."""
    head = text[:_HEAD_CHARS * 2]
    heading = _TITLE_LABELS[0].search(head)
    if heading:
        rest = head[heading.end():]
        line = re.search(r"\S[^\n]*", rest)
        if line:
            start = heading.end() + line.start()
            return start, _trim_title(text, start, heading.end() + line.end())
    labelled = _TITLE_LABELS[1].search(head)
    if labelled:
        start = labelled.start("value")
        return start, _trim_title(text, start, labelled.end("value"))
    minutes = _MINUTES_TITLE.search(head)
    if minutes:
        return minutes.start("title"), minutes.end("title")
    for match in _HEADING.finditer(head[:_HEAD_CHARS]):
        line = match.group("title")
        if _NOT_A_TITLE.search(line) or len(line.split()) < 2 or len(line.split()) > 18:
            continue
        if match.group("hashes") or (line.upper() == line and any(c.isalpha() for c in line)):
            return match.start("title"), _trim_title(text, match.start("title"), match.end("title"))
    return None


def _trim_title(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] == "."):
        end -= 1
    return end


# --------------------------------------------------------------------------- web and Word papers

_GENERIC_HEADING = re.compile(
    r"^(?:(?:officer|delegated|executive|cabinet|key|individual)\s+)?"
    r"(?:decisions?|meetings?|issues?|agenda|minutes)"
    r"(?:\s+(?:details|published|list|taken|made|history|and\s+(?:draft\s+)?(?:minutes|decisions)))?\s*:?$"
    r"|^(?:home|welcome|contents|browse\s+meetings|agenda\s+item)$"
    r"|record\s+of\s+(?:\w+\s+){0,2}decision|:$|(?-i:^[A-Z][A-Z ]+COUNCIL\b)",
    re.IGNORECASE,
)
_COUNCIL_NAME = re.compile(r"\b(?:council|borough|county)$", re.IGNORECASE)
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*::\s*")


def web_title(text: str, lines: Sequence[TextLine], page_title: str | None) -> tuple[int, int] | None:
    """Span of a web or Word paper's title: its main heading (the first ``h1``, else its
    top heading), or the heading under it where the main one only names the kind of page
    ("Decision details" over "Minutes of Previous Meeting"); without a heading, the page's
    ``<title>`` (or a part of it between the site's separators) where the text prints it."""
    headings = [line for line in lines if line.tag and re.fullmatch(r"h[1-6]", line.tag)]
    if headings:
        top = min(int(line.tag[1]) for line in headings if line.tag)
        main = next((i for i, line in enumerate(headings) if line.tag == "h1"), None)
        if main is None:
            main = next(i for i, line in enumerate(headings) if line.tag == f"h{top}")
        for line in headings[main : main + 2]:
            words = text[line.char_start : line.char_end].strip()
            if words and not _GENERIC_HEADING.search(words):
                return line.char_start, _trim_title(text, line.char_start, line.char_end)
    if page_title:
        parts = [page_title, *sorted(_SITE_SEPARATOR.split(page_title), key=len, reverse=True)]
        for part in parts:
            part = " ".join(part.split())
            if len(part.split()) < 2 or _GENERIC_HEADING.search(part) or _COUNCIL_NAME.search(part):
                continue
            at = text.find(part)
            if at >= 0:
                return at, _trim_title(text, at, at + len(part))
    return None


def web_heading_is_generic(words: str) -> bool:
    """Whether a web page's heading names the kind of page or a label ("Decision details",
    "Meeting Details", "Decision:"), not a paper or decision of its own."""
    return bool(_GENERIC_HEADING.search(words.strip()))


_WEB_RECORD = re.compile(
    r"^(?:decision\s+status|date\s+of\s+decision|decision\s+maker|decided\s+at\s+meeting)\s*\??\s*:", re.I | re.M
)


def classify_web(text: str) -> DocType:
    """A web page's type: one that prints a decision's status, maker or date under
    ModernGov's labels is a record of decision; otherwise as :func:`classify`."""
    found = classify(text)
    if found is DocType.unknown and _WEB_RECORD.search(text):
        return DocType.record_of_decision
    return found
