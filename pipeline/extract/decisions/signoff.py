"""How a record of decision is signed off: the date it was signed, and the interests
declared when it was taken."""

from __future__ import annotations

import re

from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.sections import Span, field_values, strip_span
from pipeline.structure import Structure

_SIGNED = re.compile(
    r"\bsigned\b|^\s*dated?\b|\bdate\s*:|date\s+of\s+decision|decision\s+date|date\s+(?:decision\s+)?(?:was\s+)?taken|\bdate\s*$",
    re.IGNORECASE,
)
_NOT_SIGNED = re.compile(
    r"date\s+of\s+(?:meeting|publication|report|issue|call[\s-]*in)|publication\s+date|meeting\s+date|call[\s-]*in",
    re.IGNORECASE,
)


def find_signed_date(text: str) -> DateMatch | None:
    """The date a record of decision was signed: a day-precision date on a short line
    that says "signed" or "date" ("26 Feb 2015 signed date", "Date: 3 March 2020"), or
    on the line after a "Signed"/"Date" label.  The last such date in the paper wins."""
    for match in reversed(find_dates(text)):
        if match.precision != "day" or match.kind != "date":
            continue
        line_start = text.rfind("\n", 0, match.start) + 1
        line_end = text.find("\n", match.end)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        rest = (text[line_start : match.start] + text[match.end : line_end]).strip()
        if len(rest) > 60 or _NOT_SIGNED.search(line):
            continue
        if _SIGNED.search(line):
            return match
        if not rest and any(
            _SIGNATURE_LINE.match(near) for near in _nearby_lines(text, line_start, line_end)
        ):
            return match
    return None


_SIGNATURE_LINE = re.compile(
    r"^(?:[.…_]{2,}\s*)?(?:signed|date|dated)\b[^\n]{0,40}$", re.IGNORECASE
)


def _nearby_lines(text: str, line_start: int, line_end: int, count: int = 3) -> list[str]:
    """Up to ``count`` non-blank lines either side of a line (a signature block prints
    "signed" and "date" under dotted lines, above or below the date)."""
    before = [
        line.strip()
        for line in text[max(0, line_start - 300) : line_start].split("\n")
        if line.strip()
    ]
    after = [line.strip() for line in text[line_end : line_end + 300].split("\n") if line.strip()]
    return before[-count:] + after[:count]


# --------------------------------------------------------------------------- interests declared

_INTEREST_LABEL = re.compile(
    r"(?:(?<![\d,.])\d{1,2}(?:\.\d{1,2})*\.?[ \t]+)?(?:any\s+interests?\s+declared|interests?\s+declared|declarations?\s+of\s+interests?|"
    r"conflicts?\s+of\s+interests?(?:\s+declared)?)[^:\n]{0,160}(?:\n[^:\n.]{1,40})?:",
    re.IGNORECASE,
)
_NOT_A_VALUE = re.compile(r"^(?:\.{2,}|…|_{2,}|signed\b|date\b)", re.IGNORECASE)


_DECLARED = re.compile(r"\bdeclared\s+an?\s+(?:[\w-]+\s+){0,3}interests?\b", re.IGNORECASE)


def find_interests(struct: Structure, start: int = 0, end: int | None = None) -> tuple[str, Span] | None:
    """Interests declared: the record's field ("None"; the last such field wins), after
    any declaration printed as prose ("Councillor X declared a non-pecuniary interest as
    ...")."""
    text = struct.doc.text
    stop = len(text) if end is None else end
    field = _interest_field(struct, start, stop)
    sentences: list[Span] = []
    for match in _DECLARED.finditer(text, start, stop):
        span = _sentence_around(text, match.start(), match.end())
        if not _INTEREST_LABEL.match(text[span[0] : span[1]]) and span not in sentences:
            sentences.append(span)
    if not sentences:
        return field
    first, last = sentences[0][0], sentences[-1][1]
    prose = " ".join(" ".join(text[s:e].split()) for s, e in sentences)
    if field is None:
        return prose, (first, last)
    return f"{prose} Declared by the decision maker: {field[0]}", (first, max(last, field[1][1]))


def _sentence_around(text: str, start: int, end: int) -> Span:
    """From the last full stop or line break before ``start`` to the next one after ``end``."""
    window = max(0, start - 400)
    left = window
    for stop in _SENTENCE_STOP.finditer(text, window, start):
        left = stop.end()
    after = _SENTENCE_STOP.search(text, end)
    right = (
        after.end()
        if after and text[after.start()] == "."
        else after.start()
        if after
        else len(text)
    )
    start, end = strip_span(text, left, right)
    number = re.match(r"\d{1,2}(?:\.\d{1,2})*\.?\s+", text[start:end])  # "6.1 At the meeting ..."
    return (start + number.end() if number else start), end


_SENTENCE_STOP = re.compile(r"\.(?!\d)|\n")


def _interest_field(struct: Structure, start: int, end: int) -> tuple[str, Span] | None:
    text = struct.doc.text
    result = None
    for _, value in field_values(struct, _INTEREST_LABEL):
        if not start <= value[0] < end:
            continue
        printed = " ".join(text[value[0] : value[1]].split("\n")[0].split())
        raw = text[value[0] : value[1]].split("\n")[0].rstrip()
        if _NOT_A_VALUE.match(printed) or _INTEREST_LABEL.match(printed) or len(printed) > 300:
            continue
        result = (printed.rstrip("."), (value[0], value[0] + len(raw.rstrip("."))))
    return result
