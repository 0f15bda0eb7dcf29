"""Document type and title, read from a paper's opening lines."""

from __future__ import annotations

import re

from schemas.records import DocType

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
