"""Tests for pipeline.extract.dates: UK dates, ranges and financial years."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.dates import DateMatch, find_dates, parse_date

PROPS = settings(max_examples=200, deadline=None)
ISO_AT = {
    "day": re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    "month": re.compile(r"\A[0-9]{4}-[0-9]{2}\Z"),
    "season": re.compile(r"\A[0-9]{4}-(03|06|09|12)\Z"),
    "year": re.compile(r"\A[0-9]{4}(-[0-9]{2})?\Z"),
}


def check_invariants(text: str, found: list[DateMatch]) -> None:
    last_end = 0
    for d in found:
        assert text[d.start : d.end] == d.text
        assert last_end <= d.start < d.end
        last_end = d.end
        assert ISO_AT[d.precision].match(d.iso), d
        if d.kind == "date":
            assert d.end_iso is None
            if d.precision == "year":
                assert len(d.iso) == 4
        else:
            assert d.end_iso is not None and d.iso < d.end_iso, d
        if d.kind == "financial_year":
            assert d.precision == "year" and d.iso.endswith("-04") and d.end_iso.endswith("-03")  # type: ignore[union-attr]


# --------------------------------------------------------------------------- table of forms

# (sentence, text, iso, precision, end_iso, kind)
CASES: list[tuple[str, str, str, str, str | None, str]] = [
    ("26 Feb 2015", "26 Feb 2015", "2015-02-26", "day", None, "date"),
    ("The 20 January 2015 committee", "20 January 2015", "2015-01-20", "day", None, "date"),
    ("due to commence on 1st April 2017.", "1st April 2017", "2017-04-01", "day", None, "date"),
    ("1 April 2017", "1 April 2017", "2017-04-01", "day", None, "date"),
    ("the 1st of April 2017", "1st of April 2017", "2017-04-01", "day", None, "date"),
    # a superscript suffix the PDF sets apart from its day
    ("to take effect on the 26 th January 2022", "26 th January 2022", "2022-01-26", "day", None, "date"),
    ("26th March 2021 - 9 th April 2021 (14 days)", "26th March 2021 - 9 th April 2021", "2021-03-26", "day", "2021-04-09", "range"),
    ("from March 9 th, 2021", "March 9 th, 2021", "2021-03-09", "day", None, "date"),
    ("item 9 the April 2021 plan", "April 2021", "2021-04", "month", None, "date"),
    ("Tuesday 14 September 2021", "Tuesday 14 September 2021", "2021-09-14", "day", None, "date"),
    (
        "Tuesday, 14th September, 2021",
        "Tuesday, 14th September, 2021",
        "2021-09-14",
        "day",
        None,
        "date",
    ),
    ("14th Sept 2021", "14th Sept 2021", "2021-09-14", "day", None, "date"),
    ("14 Sept. 2021", "14 Sept. 2021", "2021-09-14", "day", None, "date"),
    ("26-Feb-2015", "26-Feb-2015", "2015-02-26", "day", None, "date"),
    ("26 FEBRUARY 2015", "26 FEBRUARY 2015", "2015-02-26", "day", None, "date"),
    ("February 26, 2015", "February 26, 2015", "2015-02-26", "day", None, "date"),
    ("26/02/2015", "26/02/2015", "2015-02-26", "day", None, "date"),
    ("26.02.2015", "26.02.2015", "2015-02-26", "day", None, "date"),
    ("26-02-2015", "26-02-2015", "2015-02-26", "day", None, "date"),
    ("1/4/2017", "1/4/2017", "2017-04-01", "day", None, "date"),
    ("26/02/15", "26/02/15", "2015-02-26", "day", None, "date"),
    ("26/02/98", "26/02/98", "1998-02-26", "day", None, "date"),
    ("(26/02/2015)", "26/02/2015", "2015-02-26", "day", None, "date"),
    ("2015-02-26", "2015-02-26", "2015-02-26", "day", None, "date"),
    ("29 February 2016", "29 February 2016", "2016-02-29", "day", None, "date"),
    ("November 2018", "November 2018", "2018-11", "month", None, "date"),
    ("in Nov 2018,", "Nov 2018", "2018-11", "month", None, "date"),
    ("Nov. 2018", "Nov. 2018", "2018-11", "month", None, "date"),
    ("May 2019", "May 2019", "2019-05", "month", None, "date"),
    ("March 2019", "March 2019", "2019-03", "month", None, "date"),
    ("Autumn 2019", "Autumn 2019", "2019-09", "season", None, "date"),
    ("autumn 2019", "autumn 2019", "2019-09", "season", None, "date"),
    ("Spring 2019", "Spring 2019", "2019-03", "season", None, "date"),
    ("Summer 2019", "Summer 2019", "2019-06", "season", None, "date"),
    ("Winter 2019", "Winter 2019", "2019-12", "season", None, "date"),
    ("Winter 2019/20", "Winter 2019/20", "2019-12", "season", None, "date"),
    ("Winter 2019/2020", "Winter 2019/2020", "2019-12", "season", None, "date"),
    ("Apr-19", "Apr-19", "2019-04", "month", None, "date"),
    ("Apr'19", "Apr'19", "2019-04", "month", None, "date"),
    ("April-19", "April-19", "2019-04", "month", None, "date"),
    ("April 18 - Mar 19", "April 18 - Mar 19", "2018-04", "month", "2019-03", "range"),
    ("April 18 – Mar 19", "April 18 – Mar 19", "2018-04", "month", "2019-03", "range"),
    ("Apr-18 to Mar-19", "Apr-18 to Mar-19", "2018-04", "month", "2019-03", "range"),
    (
        "April 2018 to March 2019",
        "April 2018 to March 2019",
        "2018-04",
        "month",
        "2019-03",
        "range",
    ),
    ("April 2018 - March 2019", "April 2018 - March 2019", "2018-04", "month", "2019-03", "range"),
    ("April to June 2019", "April to June 2019", "2019-04", "month", "2019-06", "range"),
    ("Jan-Mar 2019", "Jan-Mar 2019", "2019-01", "month", "2019-03", "range"),
    (
        "1 April 2018 to 31 March 2019",
        "1 April 2018 to 31 March 2019",
        "2018-04-01",
        "day",
        "2019-03-31",
        "range",
    ),
    ("1-3 April 2019", "1-3 April 2019", "2019-04-01", "day", "2019-04-03", "range"),
    (
        "1 April – 30 June 2019",
        "1 April – 30 June 2019",
        "2019-04-01",
        "day",
        "2019-06-30",
        "range",
    ),
    ("2018/19", "2018/19", "2018-04", "year", "2019-03", "financial_year"),
    ("2018-19", "2018-19", "2018-04", "year", "2019-03", "financial_year"),
    ("2024-25", "2024-25", "2024-04", "year", "2025-03", "financial_year"),
    ("2018/2019", "2018/2019", "2018-04", "year", "2019-03", "financial_year"),
    ("2018-2019", "2018-2019", "2018-04", "year", "2019-03", "financial_year"),
    ("2018 – 2019", "2018 – 2019", "2018-04", "year", "2019-03", "financial_year"),
    ("FY2018/19", "FY2018/19", "2018-04", "year", "2019-03", "financial_year"),
    ("FY 18/19", "FY 18/19", "2018-04", "year", "2019-03", "financial_year"),
    ("1999/00", "1999/00", "1999-04", "year", "2000-03", "financial_year"),
    ("the 2018/19 budget", "2018/19", "2018-04", "year", "2019-03", "financial_year"),
    ("2018-22", "2018-22", "2018", "year", "2022", "range"),
    ("from 2017 to 2020", "2017 to 2020", "2017", "year", "2020", "range"),
    ("2017", "2017", "2017", "year", None, "date"),
    ("KCC agreed in 2017 to invest", "2017", "2017", "year", None, "date"),
    ("since 1990.", "1990", "1990", "year", None, "date"),
    ("National Health Service Act 2006", "2006", "2006", "year", None, "date"),
    # invalid day: the month is read, the day is left out of text
    ("31 February 2019", "February 2019", "2019-02", "month", None, "date"),
]


@pytest.mark.parametrize(("sentence", "text", "iso", "precision", "end_iso", "kind"), CASES)
def test_forms(
    sentence: str, text: str, iso: str, precision: str, end_iso: str | None, kind: str
) -> None:
    found = find_dates(sentence)
    check_invariants(sentence, found)
    assert len(found) == 1, found
    d = found[0]
    assert (d.text, d.iso, d.precision, d.end_iso, d.kind) == (text, iso, precision, end_iso, kind)


def test_season_list_gives_two_matches() -> None:
    text = "This will be complete by Spring and Autumn 2019."
    found = find_dates(text)
    check_invariants(text, found)
    assert [(d.text, d.iso, d.precision) for d in found] == [
        ("Spring", "2019-03", "season"),
        ("Autumn 2019", "2019-09", "season"),
    ]
    found = find_dates("Spring, Summer and Autumn 2019")
    assert [d.iso for d in found] == ["2019-03", "2019-06", "2019-09"]


def test_month_list() -> None:
    found = find_dates("meetings in May and June 2019")
    assert [(d.text, d.iso, d.precision) for d in found] == [
        ("May", "2019-05", "month"),
        ("June 2019", "2019-06", "month"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "16/00052",
        "Decision No: 16-00052",
        "DECISION NO: 18/00071",
        "2018/00052",
        "£2.65m",
        "£2017",
        "£2,017,000",
        "03000 416294",
        "0300 041 2017",
        "01622 694000",
        "+44 (0)1622 694 2017",
        "2017.5",
        "3.2017",
        "12,2017",
        "20175",
        "1990s",
        "ABC2017",
        "Children Act 1989",
        "1989",
        "2100",
        "31/02/2019",
        "02/26/2015",
        "1.2.15",
        "paragraph 2.1.3",
        "section 256/257",
        "0-25 Health",
        "this may be late",
        "in March",
        "1 May",
        "Apr 19",
        "2018/22",
        "2019-18",
        "2018-13-01",
        "Winter 2019/22",
        "mayor 2019x",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_reversed_range_reads_ends_separately() -> None:
    found = find_dates("March 2019 to April 2018")
    assert [(d.text, d.kind) for d in found] == [("March 2019", "date"), ("April 2018", "date")]
    found = find_dates("June to April 2019")
    assert [(d.text, d.iso) for d in found] == [("April 2019", "2019-04")]
    found = find_dates("5-3 April 2019")
    assert [(d.text, d.iso) for d in found] == [("3 April 2019", "2019-04-03")]
    # two-digit-year ranges are only read over at most five years
    assert find_dates("May 25 - June 30") == []


def test_corpus_like_paragraph() -> None:
    text = (
        "KCC agreed in 2017 to invest £2.65m per year. Decision No: 16-00052. "
        "Considered by the Cabinet Committee – 5 July 2016 and on 26/02/2015; "
        "the 2018/19 budget covers April 18 – Mar 19. Call 03000 416294."
    )
    found = find_dates(text)
    check_invariants(text, found)
    assert [(d.text, d.iso, d.kind) for d in found] == [
        ("2017", "2017", "date"),
        ("5 July 2016", "2016-07-05", "date"),
        ("26/02/2015", "2015-02-26", "date"),
        ("2018/19", "2018-04", "financial_year"),
        ("April 18 – Mar 19", "2018-04", "range"),
    ]


def test_parse_date() -> None:
    d = parse_date("  26 Feb 2015\n")
    assert d is not None
    assert (d.start, d.end, d.text, d.iso) == (2, 13, "26 Feb 2015", "2015-02-26")
    assert parse_date("on 26 Feb 2015") is None
    assert parse_date("Spring and Autumn 2019") is None
    assert parse_date("") is None
    assert parse_date("may") is None
    fy = parse_date("2018/19")
    assert fy is not None and (fy.iso, fy.end_iso, fy.kind) == (
        "2018-04",
        "2019-03",
        "financial_year",
    )


def test_match_is_frozen() -> None:
    d = parse_date("2017")
    assert d is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.iso = "2018"  # type: ignore[misc]


# --------------------------------------------------------------------------- properties

WORDS = [
    "the", "council", "agreed", "on", "report", "in", "was", "decision", "taken", "by",
    "cabinet", "member", "funding", "committee", "to", "and", "of", "published", "Kent",
    "CCG", "contract", "from", "until", "between", "(", ")", "-", "£2.65m", "16/00052",
]  # fmt: skip
words = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
trailing = st.sampled_from(["", ".", ",", ";", ")", ":", " "])
dates = st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31))


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


# (render, precision)
STYLES: dict[str, tuple[object, str]] = {
    "%d %B %Y": (lambda d: d.strftime("%d %B %Y"), "day"),
    "%d %b %Y": (lambda d: d.strftime("%d %b %Y"), "day"),
    "-d %B %Y": (lambda d: f"{d.day} {d.strftime('%B %Y')}", "day"),
    "ordinal": (lambda d: f"{ordinal(d.day)} {d.strftime('%B %Y')}", "day"),
    "ordinal of": (lambda d: f"{ordinal(d.day)} of {d.strftime('%B %Y')}", "day"),
    "weekday": (lambda d: d.strftime("%A %d %B %Y"), "day"),
    "%d/%m/%Y": (lambda d: d.strftime("%d/%m/%Y"), "day"),
    "-d/-m/%Y": (lambda d: f"{d.day}/{d.month}/{d.year}", "day"),
    "%d/%m/%y": (lambda d: d.strftime("%d/%m/%y"), "day"),
    "%d.%m.%Y": (lambda d: d.strftime("%d.%m.%Y"), "day"),
    "iso": (lambda d: d.isoformat(), "day"),
    "%B %d, %Y": (lambda d: d.strftime("%B %d, %Y"), "day"),
    "%B %Y": (lambda d: d.strftime("%B %Y"), "month"),
    "%b %Y": (lambda d: d.strftime("%b %Y"), "month"),
    "%b-%y": (lambda d: d.strftime("%b-%y"), "month"),
    "upper": (lambda d: d.strftime("%d %B %Y").upper(), "day"),
}


def expected_iso(d: date, precision: str) -> str:
    return d.isoformat() if precision == "day" else d.isoformat()[:7]


@PROPS
@given(dates, st.sampled_from(sorted(STYLES)), words, words, trailing)
def test_prop_date_styles(d: date, style: str, before: str, after: str, tail: str) -> None:
    render, precision = STYLES[style]
    printed = render(d)  # type: ignore[operator]
    sentence = f"{before} {printed}{tail} {after}".strip()
    found = [x for x in find_dates(sentence) if x.text == printed]
    check_invariants(sentence, find_dates(sentence))
    assert len(found) == 1, (sentence, find_dates(sentence))
    x = found[0]
    assert (x.iso, x.precision, x.kind) == (expected_iso(d, precision), precision, "date")
    alone = parse_date(printed)
    assert alone is not None and alone.iso == x.iso


@PROPS
@given(
    st.integers(1995, 2034),
    st.sampled_from(["{a}/{b2}", "{a}-{b2}", "{a}/{b}", "FY{a}/{b2}"]),
    words,
)
def test_prop_financial_years(year: int, style: str, before: str) -> None:
    printed = style.format(a=year, b=year + 1, b2=f"{(year + 1) % 100:02d}")
    sentence = f"{before} {printed} budget".strip()
    found = [x for x in find_dates(sentence) if x.text == printed]
    assert len(found) == 1, (sentence, find_dates(sentence))
    x = found[0]
    assert (x.iso, x.end_iso, x.precision, x.kind) == (
        f"{year}-04",
        f"{year + 1}-03",
        "year",
        "financial_year",
    )


@PROPS
@given(
    dates,
    st.integers(1, 59),
    st.sampled_from(["{a:%B %Y} to {b:%B %Y}", "{a:%b %y} – {b:%b %y}", "{a:%b-%y} - {b:%b-%y}"]),
)
def test_prop_month_ranges(start: date, months: int, style: str) -> None:
    total = start.year * 12 + start.month - 1 + months
    end = date(total // 12, total % 12 + 1, 1)
    printed = style.format(a=start, b=end)
    found = find_dates(f"the period {printed} inclusive")
    assert [(x.text, x.iso, x.end_iso, x.kind) for x in found] == [
        (printed, start.isoformat()[:7], end.isoformat()[:7], "range")
    ]


@PROPS
@given(
    st.from_regex(r"\A0[0-9]{3,4} ?[0-9]{6}\Z")
    | st.from_regex(r"\A0[0-9]{3} [0-9]{3} [0-9]{4}\Z")
    | st.from_regex(r"\A[0-9]{2}[/-][0-9]{5}\Z")
    | st.from_regex(r"\A£[0-9]{1,3}(,[0-9]{3}){0,3}(\.[0-9]{1,3})?[mk]?\Z"),
    words,
)
def test_prop_numbers_are_not_dates(token: str, before: str) -> None:
    assert find_dates(f"{before} {token} today".strip()) == []
    assert find_dates(token) == []


SOUP = list("0123456789/-.–, ()£ aprilmayjunespringautumnwinterFYto\n'")


@PROPS
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(SOUP), max_size=80)))
def test_prop_random_text(text: str) -> None:
    found = find_dates(text)
    check_invariants(text, found)


# --------------------------------------------------------------------------- quarters and weeks


@pytest.mark.parametrize(
    ("printed", "iso", "end_iso"),
    [
        ("Q3 2024/25", "2024-10", "2024-12"),  # a financial year's third quarter
        ("Q1 2025/26", "2025-04", "2025-06"),
        ("Q4 2023-24", "2024-01", "2024-03"),  # January to March of the year after
        ("quarter 2 of 2024/2025", "2024-07", "2024-09"),
        ("Q2 2024", "2024-04", "2024-06"),  # a calendar year's
    ],
)
def test_quarters_are_month_ranges(printed: str, iso: str, end_iso: str) -> None:
    (found,) = find_dates(f"Works start in {printed} as planned.")
    assert (found.text, found.iso, found.end_iso, found.precision, found.kind) == (printed, iso, end_iso, "month", "range")


def test_a_quarter_of_years_that_do_not_follow_is_not_read() -> None:
    assert all(d.kind != "range" or d.iso[:4] != "2024" for d in find_dates("Q3 2024/27"))


@given(st.integers(1995, 2034), st.integers(1, 4), st.sampled_from(["Q{q} {a}/{b2}", "Q{q} {a}-{b2}", "Quarter {q} {a}/{b}"]))
def test_prop_financial_quarters(year: int, quarter: int, style: str) -> None:
    printed = style.format(q=quarter, a=year, b=year + 1, b2=f"{(year + 1) % 100:02d}")
    (found,) = find_dates(f"due in {printed}.")
    first_month = {1: 4, 2: 7, 3: 10, 4: 1}[quarter]
    first_year = year + 1 if quarter == 4 else year
    assert found.iso == f"{first_year}-{first_month:02d}"
    assert found.end_iso == f"{first_year}-{first_month + 2:02d}"


@pytest.mark.parametrize("prefix", ["w/c", "W/C", "week commencing", "week beginning"])
def test_week_commencing(prefix: str) -> None:
    (found,) = find_dates(f"Works start {prefix} 3 June 2024.")
    assert (found.iso, found.precision) == ("2024-06-03", "day")
    assert found.text.startswith(prefix)


def test_week_commencing_without_a_year_needs_the_papers_year() -> None:
    assert find_dates("Works start w/c 3 June.") == []
    (found,) = find_dates("Works start w/c 3 June.", year_hint=2025)
    assert (found.text, found.iso) == ("w/c 3 June", "2025-06-03")


@pytest.mark.parametrize(
    ("text", "hint", "want"),
    [
        ("Monday 25th June", 2018, [("Monday 25th June", "2018-06-25")]),
        ("on 24th September at 7pm", 2018, [("24th September", "2018-09-24")]),
        ("the 3rd of March meeting", 2020, [("3rd of March", "2020-03-03")]),
        ("on 24th September at 7pm", None, []),
        ("items 1 to 3 may be deferred", 2018, []),
        ("on 31 February", 2018, []),
        ("on 25th June 2017", 2018, [("25th June 2017", "2017-06-25")]),
    ],
)
def test_a_day_and_month_without_a_year_is_read_only_with_the_callers_year(text: str, hint: int | None, want: list) -> None:
    assert [(d.text, d.iso) for d in find_dates(text, year_hint=hint)] == want


def test_one_reading_of_a_text_serves_every_year_asked_of_it() -> None:
    """A text is searched once (kept per text): its year-less days are read in whichever
    year is asked, the same as a first reading in that year."""
    import pipeline.extract.dates as dates

    text = "Monday 25th June, w/c 3 June 2024 and 29 February; items 1 to 3 may be"
    dates._read.cache_clear()
    fresh = dates.find_dates(text, 2024)
    dates._read.cache_clear()
    assert [d.text for d in dates.find_dates(text)] == ["w/c 3 June 2024"]
    assert dates.find_dates(text, 2024) == fresh
    assert dates._read.cache_info().hits == 1  # the second question was answered from the first reading
    assert [(d.text, d.iso) for d in fresh] == [
        ("Monday 25th June", "2024-06-25"), ("w/c 3 June 2024", "2024-06-03"), ("29 February", "2024-02-29"),
    ]
    assert [d.iso for d in dates.find_dates(text, 2023)] == ["2023-06-25", "2024-06-03"]  # no 29 February in 2023
    fresh.clear()  # a caller's list is its own
    assert len(dates.find_dates(text, 2024)) == 3
