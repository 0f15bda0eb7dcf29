"""Dates, ranges and financial years in UK council papers.

Public API
----------
``find_dates(text)``
    every date expression in ``text``, in order, non-overlapping (at any position the
    longest form wins: a range before a date, a date before a month, ...).
``parse_date(s)``
    the single date expression filling ``s`` (surrounding whitespace ignored), else None.

Each result is a :class:`DateMatch` with ``text[start:end] == match.text`` and an ISO
prefix at its precision: ``"2015-02-26"`` (day), ``"2018-11"`` (month), ``"2019-03"``
(season: its first month), ``"2017"`` (year).

Reading rules (the choices this module makes)
---------------------------------------------
* Day first, UK style: "26/02/2015", "26.02.2015", "26-02-2015" are 26 February.
  A two-digit year is read only after ``/`` ("26/02/15"); "1.2.15" is a paragraph
  number, not a date.  A US-style "02/26/2015" is not a valid UK date and gives
  nothing.  ISO "2015-02-26" is read.  "February 26, 2015" (month first, then a
  four-digit year) is read too.
* Two-digit years: 69-99 are 1969-1999, 00-68 are 2000-2068 (the POSIX/strptime pivot).
* Years in full dates, months and seasons are 1900-2099; a bare year is only read for
  1990-2099 ("Children Act 1989" gives nothing; "Act 2004" gives 2004, the caller
  decides whether an Act's year matters).  A year that is part of a longer number, a
  decimal, a money figure ("£2017"), a reference ("16/00052", "2018/00052"), a phone
  number ("0300 041 2017") or glued to letters ("ABC2017", "1990s") is not read.
* Invalid days: "31 February 2019" is not a day; its "February 2019" part is read as
  a month (``text`` is then "February 2019", so the dropped day is visible).  An
  invalid numeric or month-first date ("31/02/2019", "February 30, 2019") gives
  nothing.
* A weekday ("Tuesday 14 September 2021") is included in ``text`` and not checked
  against the date.
* Month names need a year (or a day and a year) next to them: "may be", "in March"
  and "1 May" (no year) are not dates.  "Apr-19" / "Apr'19" is a month; "Apr 19"
  (space) is only read as a month-year inside a range ("April 18 – Mar 19").
* Financial years: "2018/19", "2018-19", "2018/2019", "2018-2019", "2018 – 2019",
  "FY2018/19", "FY18/19" (consecutive years; a two-digit second year must be glued
  to the separator, so "2018 - 19" is just the year 2018) have ``kind="financial_year"``, ``precision="year"``,
  ``iso`` the FY's first month ("2018-04") and ``end_iso`` its last ("2019-03").
  Non-consecutive years joined by a dash or "to" ("2018-22", "2017 to 2020") are a
  year range (``kind="range"``, iso "2018", end_iso "2022"); joined by "/" they give
  nothing.
* Ranges: month to month ("April 2018 to March 2019", "April 18 - Mar 19",
  "April to June 2019"), day to day ("1 April 2018 to 31 March 2019", "1-3 April
  2019", "1 April - 30 June 2019").  Both ends share the precision; ``iso`` is the
  start, ``end_iso`` the end, and the end must be after the start (otherwise the ends
  are read separately).  A range written with two-digit years must have two-digit
  years at both ends and span at most 60 months ("May 25 - June 30" is not read).  "April to June 2019" with the first month after the second is not a range.
* Quarters: "Q3 2024/25" (a financial year's quarter: Q1 April-June ... Q4 January-March
  of the next year) is October-December 2024, "Q2 2024" (a calendar year's) April-June,
  each a month range.  "w/c 3 June 2024" / "week commencing 3 June 2024" is that day;
  without a year it needs ``year_hint``.
* A day and month printed without a year ("Monday 25th June", "on 24th September") is a
  day of ``year_hint`` (the paper's own year, which the caller knows); without a hint it
  is not read.  "3 may" in lower case is the verb, not May.
* Lists share one year: "Spring and Autumn 2019" gives two matches, "Spring"
  (text) -> 2019-03 and "Autumn 2019" -> 2019-09; likewise "May and June 2019".
  Seasons: Spring 03, Summer 06, Autumn 09, Winter 12; "Winter 2019/20" is winter
  2019 (2019-12).
"""

from __future__ import annotations

import functools

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

__all__ = ["DateMatch", "Kind", "Precision", "find_dates", "parse_date"]

Precision = Literal["day", "month", "season", "year"]
Kind = Literal["date", "range", "financial_year"]


@dataclass(frozen=True)
class DateMatch:
    """One date expression as printed, with its ISO prefix."""

    start: int
    end: int
    text: str
    iso: str
    precision: Precision
    end_iso: str | None
    kind: Kind


# --------------------------------------------------------------------------- patterns

_MONTHS_FULL = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_MONTHS_ABBR = "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_MONTH_ANY = rf"(?:(?:{_MONTHS_FULL})(?![a-z])|(?:{_MONTHS_ABBR})(?![a-z])\.?)"
_SEASON_ANY = r"(?:spring|summer|autumn|winter)(?![a-z])"
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?(?![a-z])\.?,?\s{1,3})"
)
_YTAIL = r"(?![0-9a-z%]|[.,/:\-][0-9])"
_NTAIL = r"(?![0-9]|[./:\-][0-9])"
_SP = r"\s{1,3}"
_SPD = r"(?:\s{1,3}|-)"
_RSEP = r"(?:\s{0,3}[\-\u2010-\u2014]\s{0,3}|\s{1,3}(?:to|until|till)\s{1,3})"
_LSEP = r"(?:\s{0,3},?\s{0,3}(?:and|or|&)\s{1,3}|\s{0,3}[,&/]\s{0,3})"


def _mon(p: str) -> str:
    return rf"(?P<{p}mon>{_MONTH_ANY})"


def _day(p: str) -> str:
    # "9th", and "9 th" where a PDF sets the suffix apart (a superscript)
    return rf"(?P<{p}d>[0-3]?[0-9])(?![0-9])(?:\s?(?:st|nd|rd|th)\b)?"


def _y4(p: str) -> str:
    return rf"(?P<{p}y>(?:19|20)[0-9]{{2}}){_YTAIL}"


def _yy(p: str) -> str:
    return rf"(?P<{p}yy>[0-9]{{2}}){_YTAIL}"


def _full(p: str) -> str:
    """A day-precision date; sub-forms are told apart by their group prefixes."""
    textual = rf"(?:{_WEEKDAY})?{_day(p + 't')}(?:\s{{1,3}}of)?{_SPD}{_mon(p + 't')},?{_SPD}{_y4(p + 't')}"
    month_first = rf"(?:{_WEEKDAY})?{_mon(p + 'u')},?{_SP}{_day(p + 'u')},?{_SP}{_y4(p + 'u')}"
    numeric = (
        rf"(?P<{p}nd>[0-3]?[0-9])(?P<{p}ns>[/.\-])(?P<{p}nm>[01]?[0-9])(?P={p}ns)"
        rf"(?:(?P<{p}ny>(?:19|20)[0-9]{{2}})|(?P<{p}nyy>[0-9]{{2}})){_NTAIL}"
    )
    iso = (
        rf"(?P<{p}iy>(?:19|20)[0-9]{{2}})-(?P<{p}im>[01][0-9])-(?P<{p}id>[0-3][0-9])"
        rf"(?![0-9]|[./:\-][0-9])"
    )
    return rf"(?P<{p}full>{textual}|{month_first}|{numeric}|{iso})"


def _month_year_loose(p: str) -> str:
    """A month-year end of a range: four-digit year, or two-digit after space/-/'."""
    return rf"(?P<{p}my>{_mon(p)}(?:,?{_SPD}{_y4(p)}|(?:{_SPD}|\s?['’]){_yy(p)}))"


_ALTERNATIVES = [
    # things that look like dates but are not: read and dropped
    r"(?P<phone>(?:\+44\s?(?:\(0\)\s?)?[0-9]{2,4}|\(?0[0-9]{2,4}\)?)(?:[ \-]?[0-9]{3,4}){1,2}(?![0-9]))",
    # ranges (longest forms first)
    rf"(?P<drange>{_full('s')}(?P<dsep>{_RSEP}){_full('e')})",
    (
        rf"(?P<dspan>{_day('a')}(?:{_SPD}{_mon('a')})?(?P<spsep>{_RSEP})"
        rf"(?P<spend>{_day('b')}(?:\s{{1,3}}of)?{_SPD}{_mon('b')},?{_SPD}{_y4('b')}))"
    ),
    rf"(?P<mrange>{_month_year_loose('ms')}(?P<msep>{_RSEP}){_month_year_loose('me')})",
    rf"(?P<mspan>{_mon('ps')}(?P<psep>{_RSEP}){_mon('pe')},?{_SPD}{_y4('pe')})",
    # lists sharing a year, and winter across a year end
    (
        rf"(?P<winter>winter,?{_SP}(?P<wy>(?:19|20)[0-9]{{2}})[/\-]"
        rf"(?P<wz>(?:19|20)[0-9]{{2}}|[0-9]{{2}}){_YTAIL})"
    ),
    rf"(?P<slist>{_SEASON_ANY}(?:{_LSEP}{_SEASON_ANY}){{0,3}},?{_SPD}{_y4('sl')})",
    rf"(?P<mlist>{_MONTH_ANY}(?:{_LSEP}{_MONTH_ANY}){{1,3}},?{_SPD}{_y4('ml')})",
    # single dates
    rf"(?P<day>{_full('f')})",
    rf"(?P<month>{_mon('m')},?{_SPD}{_y4('m')})",
    rf"(?P<monthyy>{_mon('k')}(?:-|\s?['’]){_yy('k')})",
    # quarters: of a financial year ("Q3 2024/25": October to December 2024) or a calendar year
    (
        rf"(?P<quarter>(?:Q|quarter\s{{0,2}})(?P<qn>[1-4])\s{{0,3}}(?:of\s{{1,3}}|in\s{{1,3}})?(?:FY\s?)?"
        rf"(?P<qa>(?:19|20)[0-9]{{2}})(?:(?P<qsep>[/\-\u2013])(?:(?P<qb4>(?:19|20)[0-9]{{2}})|(?P<qb2>[0-9]{{2}})))?{_YTAIL})"
    ),
    # week commencing: "w/c 3 June 2024"; without its year, the year the caller knows
    rf"(?P<wc>(?:w/c|w\.c\.|week\s{{1,3}}(?:commencing|beginning))\s{{1,3}}{_full('w')})",
    rf"(?P<wcny>(?:w/c|w\.c\.|week\s{{1,3}}(?:commencing|beginning))\s{{1,3}}{_day('x')}{_SPD}{_mon('x')}(?![a-z])(?!,?\s{{1,3}}(?:19|20)[0-9]{{2}}))",
    # a day and month printed without a year ("Monday 25th June"): the year the caller knows
    rf"(?P<dny>(?:{_WEEKDAY})?{_day('n')}(?:\s{{1,3}}of)?{_SPD}{_mon('n')}(?![a-z])(?!,?{_SPD}(?:19|20)[0-9]{{2}}))",
    # financial years and year ranges
    (
        rf"(?P<fy>(?:FY\s?)?(?P<fa>(?:19|20)[0-9]{{2}})(?:(?P<fsep>[/\-\u2013\u2014])"
        rf"(?:(?P<fb4>(?:19|20)[0-9]{{2}})|(?P<fb2>[0-9]{{2}}))"
        rf"|\s{{0,2}}(?P<fsep4>[\-\u2013\u2014]|to|until)\s{{0,2}}(?P<fc4>(?:19|20)[0-9]{{2}}))"
        rf"{_YTAIL})"
    ),
    rf"(?P<fy2>FY\s?(?P<ga>[0-9]{{2}})[/\-](?P<gb>[0-9]{{2}}){_YTAIL})",
    rf"(?P<year>(?:FY\s?)?(?P<yr>(?:199|20[0-9])[0-9]){_YTAIL})",
    # numbers and money: read and dropped so no date starts inside them
    r"(?P<skip>(?:[£$€]|GBP)\s?[0-9]+(?:[.,][0-9]+)*|[0-9]+(?:[.,/:\-][0-9]+)*)",
]

_ALTERNATION = "(?:" + "|".join(_ALTERNATIVES) + ")"
# Every form starts at a digit, a bracket/plus (phones), a currency sign, or a word whose
# first three letters are listed here; testing that first keeps the search fast.
_GATE = (
    r"(?=[0-9(+£$€]|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec|spr|sum|aut|win|fy|gbp|q[1-4]|qua|w/c|w\.c|wee))"
)
_DATE_RE = re.compile(r"(?<![a-z0-9£$€])(?<![0-9][.,/:\-])" + _GATE + _ALTERNATION, re.IGNORECASE)
# the same forms without the left-boundary guard, to re-read part of a rejected match
_PART_RE = re.compile(_ALTERNATION, re.IGNORECASE)
_SEASON_WORD_RE = re.compile(_SEASON_ANY, re.IGNORECASE)
_MONTH_WORD_RE = re.compile(_MONTH_ANY, re.IGNORECASE)

_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


# --------------------------------------------------------------------------- helpers


def _month_num(name: str) -> int:
    return _MONTH_NUM[name[:3].lower()]


def _year2(yy: str) -> int:
    """A two-digit year: 69-99 -> 1969-1999, 00-68 -> 2000-2068."""
    n = int(yy)
    return 1900 + n if n >= 69 else 2000 + n


def _valid(y: int, m: int, d: int) -> bool:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return False
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _iso_day(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _full_ymd(m: re.Match[str], p: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a ``_full(p)`` group, None if invalid."""
    if m.group(p + "tmon") is not None:
        y, mo, d = int(m.group(p + "ty")), _month_num(m.group(p + "tmon")), int(m.group(p + "td"))
    elif m.group(p + "umon") is not None:
        y, mo, d = int(m.group(p + "uy")), _month_num(m.group(p + "umon")), int(m.group(p + "ud"))
    elif m.group(p + "nd") is not None:
        if m.group(p + "ny") is not None:
            y = int(m.group(p + "ny"))
        elif m.group(p + "ns") == "/":
            y = _year2(m.group(p + "nyy"))
        else:
            return None  # "1.2.15" is a paragraph number
        mo, d = int(m.group(p + "nm")), int(m.group(p + "nd"))
    else:
        y, mo, d = int(m.group(p + "iy")), int(m.group(p + "im")), int(m.group(p + "id"))
    return (y, mo, d) if _valid(y, mo, d) else None


def _my(m: re.Match[str], p: str) -> tuple[int, int, bool]:
    """(year, month, two_digit_year) of a ``_month_year_loose(p)`` group."""
    mo = _month_num(m.group(p + "mon"))
    if m.group(p + "y") is not None:
        return int(m.group(p + "y")), mo, False
    return _year2(m.group(p + "yy")), mo, True


# --------------------------------------------------------------------------- reading


class _Yearless(NamedTuple):
    """A day and month printed without a year, where a date of the paper's year would be
    read: a day only once a year is given (see :func:`find_dates`)."""

    start: int
    end: int
    month: int
    day: int

    def in_year(self, year: int, text: str) -> DateMatch | None:
        if not _valid(year, self.month, self.day):
            return None
        iso = _iso_day(year, self.month, self.day)
        return DateMatch(self.start, self.end, text[self.start : self.end], iso, "day", None, "date")


class _Reader:
    """Turns master-regex matches into DateMatches (one instance per text), and year-less
    days into :class:`_Yearless` marks where they stand among them: the matches and where
    the search resumes never depend on the year, so one reading of a text serves every
    year asked of it."""

    __slots__ = ("out", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[DateMatch | _Yearless] = []

    def emit(
        self,
        start: int,
        end: int,
        iso: str,
        precision: Precision,
        end_iso: str | None = None,
        kind: Kind = "date",
    ) -> None:
        self.out.append(DateMatch(start, end, self.text[start:end], iso, precision, end_iso, kind))

    def sub(self, start: int, end: int) -> None:
        """Read text[start:end] on its own (the fallback when a longer form fails)."""
        m = _PART_RE.match(self.text, start, end)
        if m is not None and m.end() == end:
            self.read(m)

    def read(self, m: re.Match[str]) -> int:
        """Emit what ``m`` says; return where to resume the search."""
        kind = m.lastgroup
        handler = _HANDLERS.get(kind or "")
        if handler is None:  # phone, skip
            return m.end()
        return handler(self, m)

    # ---- ranges

    def drange(self, m: re.Match[str]) -> int:
        a, b = _full_ymd(m, "s"), _full_ymd(m, "e")
        if a is not None and b is not None and a < b:
            self.emit(m.start(), m.end(), _iso_day(*a), "day", _iso_day(*b), "range")
            return m.end()
        self.sub(m.start("sfull"), m.end("sfull"))
        return m.end("sfull")

    def dspan(self, m: re.Match[str]) -> int:
        y = int(m.group("by"))
        end_mon = _month_num(m.group("bmon"))
        start_mon = _month_num(m.group("amon")) if m.group("amon") is not None else end_mon
        a = (y, start_mon, int(m.group("ad")))
        b = (y, end_mon, int(m.group("bd")))
        if _valid(*a) and _valid(*b) and a < b:
            self.emit(m.start(), m.end(), _iso_day(*a), "day", _iso_day(*b), "range")
            return m.end()
        self.sub(m.start("spend"), m.end("spend"))
        return m.end()

    def mrange(self, m: re.Match[str]) -> int:
        ya, ma, short_a = _my(m, "ms")
        yb, mb, short_b = _my(m, "me")
        ok = (ya, ma) < (yb, mb)
        if ok and (short_a or short_b):
            ok = short_a and short_b and (yb * 12 + mb) - (ya * 12 + ma) <= 60
        if ok:
            self.emit(m.start(), m.end(), _iso_month(ya, ma), "month", _iso_month(yb, mb), "range")
            return m.end()
        self.sub(m.start("msmy"), m.end("msmy"))
        return m.end("msmy")

    def mspan(self, m: re.Match[str]) -> int:
        y = int(m.group("pey"))
        ma, mb = _month_num(m.group("psmon")), _month_num(m.group("pemon"))
        if ma < mb:
            self.emit(m.start(), m.end(), _iso_month(y, ma), "month", _iso_month(y, mb), "range")
            return m.end()
        return m.start("psep")

    # ---- lists

    def winter(self, m: re.Match[str]) -> int:
        y = int(m.group("wy"))
        if int(m.group("wz")) % 100 == (y + 1) % 100:  # "Winter 2019/20"
            self.emit(m.start(), m.end(), _iso_month(y, 12), "season")
        return m.end()

    def slist(self, m: re.Match[str]) -> int:
        y = int(m.group("sly"))
        words = list(_SEASON_WORD_RE.finditer(self.text, m.start(), m.start("sly")))
        for i, w in enumerate(words):
            end = m.end() if i == len(words) - 1 else w.end()
            month = _SEASON_MONTH[w.group().lower()]
            self.emit(w.start(), end, _iso_month(y, month), "season")
        return m.end()

    def mlist(self, m: re.Match[str]) -> int:
        y = int(m.group("mly"))
        words = list(_MONTH_WORD_RE.finditer(self.text, m.start(), m.start("mly")))
        for i, w in enumerate(words):
            end = m.end() if i == len(words) - 1 else w.end()
            self.emit(w.start(), end, _iso_month(y, _month_num(w.group())), "month")
        return m.end()

    # ---- single dates

    def day(self, m: re.Match[str]) -> int:
        ymd = _full_ymd(m, "f")
        if ymd is not None:
            self.emit(m.start(), m.end(), _iso_day(*ymd), "day")
        elif m.group("ftmon") is not None:
            # "31 February 2019": read "February 2019" as a month
            self.sub(m.start("ftmon"), m.end())
        return m.end()

    def month(self, m: re.Match[str]) -> int:
        iso = _iso_month(int(m.group("my")), _month_num(m.group("mmon")))
        self.emit(m.start(), m.end(), iso, "month")
        return m.end()

    def monthyy(self, m: re.Match[str]) -> int:
        iso = _iso_month(_year2(m.group("kyy")), _month_num(m.group("kmon")))
        self.emit(m.start(), m.end(), iso, "month")
        return m.end()

    # ---- years

    def _fy_or_range(self, m: re.Match[str], y1: int, y2: int, sep: str) -> None:
        if y2 == y1 + 1 and sep.lower() not in ("to", "until"):
            self.emit(m.start(), m.end(), f"{y1:04d}-04", "year", f"{y2:04d}-03", "financial_year")
        elif y2 > y1 and sep != "/":
            self.emit(m.start(), m.end(), f"{y1:04d}", "year", f"{y2:04d}", "range")
        # anything else ("2018/22", "2019-18") is not read as a date

    def fy(self, m: re.Match[str]) -> int:
        y1 = int(m.group("fa"))
        if m.group("fc4") is not None:
            self._fy_or_range(m, y1, int(m.group("fc4")), m.group("fsep4"))
        elif m.group("fb4") is not None:
            self._fy_or_range(m, y1, int(m.group("fb4")), m.group("fsep"))
        else:
            yy = int(m.group("fb2"))
            y2 = y1 - y1 % 100 + yy
            if y2 <= y1 and yy == (y1 + 1) % 100:
                y2 += 100  # "1999/00"
            self._fy_or_range(m, y1, y2, m.group("fsep"))
        return m.end()

    def fy2(self, m: re.Match[str]) -> int:
        y1 = _year2(m.group("ga"))
        if int(m.group("gb")) == (y1 + 1) % 100:
            self.emit(
                m.start(), m.end(), f"{y1:04d}-04", "year", f"{y1 + 1:04d}-03", "financial_year"
            )
        return m.end()

    def year(self, m: re.Match[str]) -> int:
        self.emit(m.start(), m.end(), m.group("yr"), "year")
        return m.end()

    # ---- quarters and weeks

    def quarter(self, m: re.Match[str]) -> int:
        q, y1 = int(m.group("qn")), int(m.group("qa"))
        if m.group("qsep") is not None:
            y2 = int(m.group("qb4")) if m.group("qb4") else y1 - y1 % 100 + int(m.group("qb2"))
            if y2 != y1 + 1:
                return m.end()
            first = (y1, 3 * q + 1) if q < 4 else (y1 + 1, 1)  # Q1 April-June ... Q4 January-March
        else:
            first = (y1, 3 * q - 2)
        last = (first[0], first[1] + 2)
        self.emit(m.start(), m.end(), _iso_month(*first), "month", _iso_month(*last), "range")
        return m.end()

    def wc(self, m: re.Match[str]) -> int:
        ymd = _full_ymd(m, "w")
        if ymd is not None:
            self.emit(m.start(), m.end(), _iso_day(*ymd), "day")
        return m.end()

    def dny(self, m: re.Match[str]) -> int:
        month = m.group("nmon")
        if month != "may":  # "items 1 to 3 may be": not a date
            self.out.append(_Yearless(m.start(), m.end(), _month_num(month), int(m.group("nd"))))
        return m.end()

    def wcny(self, m: re.Match[str]) -> int:
        self.out.append(_Yearless(m.start(), m.end(), _month_num(m.group("xmon")), int(m.group("xd"))))
        return m.end()


_HANDLERS = {
    "drange": _Reader.drange,
    "dspan": _Reader.dspan,
    "mrange": _Reader.mrange,
    "mspan": _Reader.mspan,
    "winter": _Reader.winter,
    "slist": _Reader.slist,
    "mlist": _Reader.mlist,
    "day": _Reader.day,
    "month": _Reader.month,
    "monthyy": _Reader.monthyy,
    "fy": _Reader.fy,
    "fy2": _Reader.fy2,
    "year": _Reader.year,
    "quarter": _Reader.quarter,
    "wc": _Reader.wc,
    "wcny": _Reader.wcny,
    "dny": _Reader.dny,
}


# --------------------------------------------------------------------------- API


def find_dates(text: str, year_hint: int | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, in order and non-overlapping.

    Offsets are into ``text``: ``text[d.start:d.end] == d.text``.  ``year_hint`` is the
    year a paper's year-less "w/c 3 June" falls in (its meeting's year), where known.
    Several extractors read the same passage (a paper's whole text among them, with and
    without its year): the last 256 texts' readings are kept, each for any ``year_hint``
    (a new list each call, of the same immutable matches).
    """
    dates: list[DateMatch] = []
    for found in _read(text):
        if type(found) is _Yearless:
            if year_hint is None:
                continue
            day = found.in_year(year_hint, text)
            if day is not None:
                dates.append(day)
        else:
            dates.append(found)  # type: ignore[arg-type]
    return dates


@functools.lru_cache(maxsize=256)
def _read(text: str) -> tuple[DateMatch | _Yearless, ...]:
    reader = _Reader(text)
    search = _DATE_RE.search
    pos = 0
    n = len(text)
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        pos = max(reader.read(m), m.start() + 1)
    return tuple(reader.out)


def parse_date(s: str) -> DateMatch | None:
    """The single date expression filling ``s`` (surrounding whitespace ignored), else None.

    Offsets are into ``s``.
    """
    stripped = s.strip()
    if not stripped:
        return None
    lead = len(s) - len(s.lstrip())
    found = find_dates(s)
    if len(found) != 1:
        return None
    d = found[0]
    if d.start != lead or d.end != lead + len(stripped):
        return None
    return d
