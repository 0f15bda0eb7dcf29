"""Text helpers for the timeline: the sentence and clause around a date, an event's
short label, a range's end as a date of its own."""

from __future__ import annotations

import re

from pipeline.extract.common import sentence_span
from pipeline.extract.dates import DateMatch, find_dates
from pipeline.extract.sections import Span

LABEL_CHARS = 110
_LIST_MARK = re.compile(
    r"(?:[•\-–*]\s+)?(?:\(?(?:[a-zA-Z]|[ivx]{1,5}|\d{1,2})\)\s+|\d{1,2}(?:\.\d{1,2})*\.?\s+)?"
)


_RANGE_SEPARATOR = re.compile(
    r"\s*(?:[-\u2010-\u2014]|\bto\b|\buntil\b|\btill\b)\s*", re.IGNORECASE
)


def range_end(date: DateMatch) -> DateMatch:
    """The end of a range as a date of its own ("1 April 2021 to 31 March 2022" -> its
    "31 March 2022")."""
    separators = list(_RANGE_SEPARATOR.finditer(date.text))
    cut = separators[-1].end() if separators else 0
    return DateMatch(
        date.start + cut,
        date.end,
        date.text[cut:],
        date.end_iso or date.iso,
        date.precision,
        None,
        "date",
    )


def line_at(text: str, offset: int) -> Span:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def date_in(
    dates: list[DateMatch], start: int, end: int, iso: str | None = None
) -> DateMatch | None:
    for date in dates:
        if start <= date.start and date.end <= end and (iso is None or date.iso == iso):
            return date
    return None


def only_dates(cell: str) -> bool:
    cell = cell.strip()
    if not cell:
        return True
    found = find_dates(cell)
    return len(found) == 1 and found[0].text.strip() == cell


def sentence_around(text: str, date: DateMatch) -> Span:
    """The sentence around a date, also when a PDF broke it over lines ("... to take
    effect from" / "1 April 2023; and")."""
    start, end = sentence_span(text, date.start, date.end)
    if start > 1 and text[start - 1] == "\n" and text[start - 2] not in "\n\f":
        previous = sentence_span(text, start - 2, start - 2)
        if not text[previous[0] : start - 1].rstrip().endswith((".", ":", ";", "!", "?")):
            start = previous[0]
    return start, end


_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+(?:and|but|so\s+that|whereas|while)\s+")


def clause(text: str, span: Span, date: DateMatch) -> Span:
    """The clause of a sentence that holds a date (between commas, semicolons, "and",
    "so that" ...): "Re-procurement ... will begin in Spring 2023" of "... so that a new
    contract is in place when the current contract ends"."""
    start, end = span
    for brk in _CLAUSE_BREAK.finditer(text, span[0], date.start):
        start = brk.end()
    after = _CLAUSE_BREAK.search(text, date.end, span[1])
    return start, after.start() if after else end


def without_list_mark(text: str, span: Span) -> Span:
    mark = _LIST_MARK.match(text, span[0], span[1])
    return (mark.end(), span[1]) if mark and mark.end() < span[1] else span


def sentence_label(text: str, span: Span, date: DateMatch) -> str:
    """A short line for an event: its sentence or, when that is long, the words
    leading up to its date and after it, cut at words."""
    start, end = span
    label = " ".join(text[start:end].split()).rstrip(" ;,")
    if len(label) <= LABEL_CHARS or date.end - start <= LABEL_CHARS - 10:
        return cut_label(text[start:end])
    space = text.find(" ", date.end - (LABEL_CHARS - 15), date.start)
    window_start = space + 1 if space >= 0 else date.start
    return "…" + cut_label(text[window_start:end], LABEL_CHARS - 1)


def cut_label(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters (with an ellipsis)."""
    label = " ".join(text.split()).rstrip(" ;,")
    if len(label) <= limit:
        return label
    cut = label.rfind(" ", 0, limit)
    return label[: cut if cut > 40 else limit].rstrip(" ,;:(") + "…"


# words that may stand before a year that dates something: prepositions (capitalised at a
# sentence's start too), seasons and parts of a year, and the words a range is printed with
_BEFORE_A_DATE = frozenset(
    "in by from since until till to during before after of for at on and or between than "
    "spring summer autumn fall winter early late mid end start beginning middle".split()
)
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|our|their|this|that|each|every)|['’]s)\s+$", re.IGNORECASE)
_NAME_WORD = re.compile(r"([A-Z][A-Za-z&-]*)[ \t]+$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")
# what follows a year that dates the clause ("in 2019 to ...", "2019 onwards", "2019 and")
_AFTER_A_DATE = frozenset(
    "to and or onwards onward until till through when where which as at in on for by with "
    "was were is are will would has have had".split()
)


def year_in_name(text: str, date: DateMatch) -> bool:
    """Whether a year (or a range of years) is part of a name rather than the date of
    something: a year set before a noun like an adjective ("the 2019 A466 road closure
    options", "CIPFA's 2021 Prudential Code", "a 2019 Fete"), or a year printed after the
    capitalised words of a title ("the Local Plan 2024-39", "Action Plan 2017 - 2022").
    Prepositions, seasons and sentence starts before a year keep it a date ("In 2019",
    "by Spring 2019")."""
    before = text[max(0, date.start - 40) : date.start]
    if "\n" in before.rstrip(" \t"):
        before = before[before.rstrip(" \t").rfind("\n") + 1 :]
    after = _NEXT_WORD.match(text, date.end)
    if _DETERMINER.search(before) and after and after.group(1).lower() not in _AFTER_A_DATE:
        return True
    name = _NAME_WORD.search(before)
    if name is None or name.group(1).lower() in _BEFORE_A_DATE or _MONTH_WORD.fullmatch(name.group(1)):
        return False
    head = before[: name.start()].rstrip(" \t")
    # a capitalised word that starts a sentence or a line is not a title's
    return bool(head) and head[-1] not in ".!?:;•" and bool(re.search(r"[A-Za-z)]$", head))


_MONTH_WORD = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|q[1-4]|quarter|year|fy",
    re.IGNORECASE,
)


# words that make a date the day a figure is measured at, or the period it covers
_MEASURED_AT = re.compile(
    r"(?:\bas\s+(?:at|of)|\b(?:at|by|to)\s+the\s+end\s+of|\b(?:\w+\s+)?(?:months?|weeks?|quarters?|years?)\s+to"
    r"|\bsince\s+the\s+end\s+of|\bover\s+the\s+(?:\w+\s+){0,3}since)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"£\s?\d|\d(?:\.\d+)?\s?%|\d(?:\.\d+)?\s?(?:m|bn|k)\b")


def figure_date(text: str, date: DateMatch, span: Span) -> bool:
    """Whether a date is the day or period a figure is measured at ("Actual as at 30
    September 2024: £150m", "increased to £177.0m at the end of September", "the 77,000
    decline in the three months to August") rather than an event: the words straight
    before it say so and its sentence holds a money or percent figure."""
    before = text[max(span[0], date.start - 40) : date.start]
    return bool(_MEASURED_AT.search(before)) and bool(_FIGURE.search(text, span[0], span[1]))
