"""Tests for pipeline.extract.money: exact sterling figures."""

from __future__ import annotations

import ast
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import money
from pipeline.extract.money import (
    MoneyMatch,
    find_money,
    parse_money,
    parse_table_number,
    table_unit,
)

D = Decimal
PROPS = settings(max_examples=200, deadline=None)


def check_offsets(text: str, found: list[MoneyMatch]) -> None:
    last_end = 0
    for m in found:
        assert text[m.start : m.end] == m.text
        assert last_end <= m.start < m.end
        last_end = m.end


# --------------------------------------------------------------------------- table of forms

# (sentence, figure text, value, max_value, decimals, precision, negative)
CASES: list[tuple[str, str, str, str | None, int, str, bool]] = [
    ("£2.65m", "£2.65m", "2650000", None, 2, "10000", False),
    ("£2.657m", "£2.657m", "2657000", None, 3, "1000", False),
    ("£2.6m", "£2.6m", "2600000", None, 1, "100000", False),
    ("£1m", "£1m", "1000000", None, 0, "1000000", False),
    ("£800k", "£800k", "800000", None, 0, "1000", False),
    ("£800K", "£800K", "800000", None, 0, "1000", False),
    ("£2,728,288", "£2,728,288", "2728288", None, 0, "1", False),
    ("EHPS will contribute£1,440,000 to", "£1,440,000", "1440000", None, 0, "1", False),
    ("The CCGs invest £13.8m per annum", "£13.8m", "13800000", None, 1, "100000", False),
    ("£1.2 million", "£1.2 million", "1200000", None, 1, "100000", False),
    ("£1.2 Million", "£1.2 Million", "1200000", None, 1, "100000", False),
    ("£0.5bn", "£0.5bn", "500000000", None, 1, "100000000", False),
    ("£1.5 billion", "£1.5 billion", "1500000000", None, 1, "100000000", False),
    ("£312,450.25", "£312,450.25", "312450.25", None, 2, "0.01", False),
    ("£ 7,500", "£ 7,500", "7500", None, 0, "1", False),
    ("£15,000.00", "£15,000.00", "15000", None, 2, "0.01", False),
    ("GBP 5,000", "GBP 5,000", "5000", None, 0, "1", False),
    ("GBP5,000", "GBP5,000", "5000", None, 0, "1", False),
    ("£2.5M", "£2.5M", "2500000", None, 1, "100000", False),
    ("£5 thousand", "£5 thousand", "5000", None, 0, "1000", False),
    ("£5b", "£5b", "5000000000", None, 0, "1000000000", False),
    ("£0.05", "£0.05", "0.05", None, 2, "0.01", False),
    ("£0", "£0", "0", None, 0, "1", False),
    # ranges
    ("£300k - £500k", "£300k - £500k", "300000", "500000", 0, "1000", False),
    ("£300k – £500k", "£300k – £500k", "300000", "500000", 0, "1000", False),
    ("£300k—£500k", "£300k—£500k", "300000", "500000", 0, "1000", False),
    ("£300k-£500k", "£300k-£500k", "300000", "500000", 0, "1000", False),
    ("£300k to £500k", "£300k to £500k", "300000", "500000", 0, "1000", False),
    ("between £300k and £500k", "£300k and £500k", "300000", "500000", 0, "1000", False),
    ("Between £300k and £500k", "£300k and £500k", "300000", "500000", 0, "1000", False),
    ("£3-4m", "£3-4m", "3000000", "4000000", 0, "1000000", False),
    ("£3 to 4m", "£3 to 4m", "3000000", "4000000", 0, "1000000", False),
    ("£2.5-3.75m", "£2.5-3.75m", "2500000", "3750000", 1, "100000", False),
    ("£3m-4m", "£3m-4m", "3000000", "4000000", 0, "1000000", False),
    ("£300k-1m", "£300k-1m", "300000", "1000000", 0, "1000", False),
    ("£5-10 per hour", "£5-10", "5", "10", 0, "1", False),
    ("(£300k - £500k)", "£300k - £500k", "300000", "500000", 0, "1000", False),
    # negatives
    ("(£50,000)", "(£50,000)", "-50000", None, 0, "1", True),
    ("-£98.2m", "-£98.2m", "-98200000", None, 1, "100000", True),
    ("\u2212£98.2m", "\u2212£98.2m", "-98200000", None, 1, "100000", True),
    ("£-98.2m", "£-98.2m", "-98200000", None, 1, "100000", True),
    ("a deficit of -£1,234.50", "-£1,234.50", "-1234.50", None, 2, "0.01", True),
    ("(£0)", "(£0)", "0", None, 0, "1", True),
    # punctuation after a figure
    ("a total of £1m.", "£1m", "1000000", None, 0, "1000000", False),
    ("£2.6m, and", "£2.6m", "2600000", None, 1, "100000", False),
    ("in excess of £1,000,000);", "£1,000,000", "1000000", None, 0, "1", False),
    ("£1,000.", "£1,000", "1000", None, 0, "1", False),
    # multiplier words and letters that are not multipliers
    ("£5 more", "£5", "5", None, 0, "1", False),
    ("£5 members", "£5", "5", None, 0, "1", False),
    ("£5 million", "£5 million", "5000000", None, 0, "1000000", False),
    ("£5 millions", "£5 millions", "5000000", None, 0, "1000000", False),
    ("£5 mn", "£5 mn", "5000000", None, 0, "1000000", False),
    ("£5mn", "£5mn", "5000000", None, 0, "1000000", False),
    ("£5 m.", "£5 m", "5000000", None, 0, "1000000", False),
    ("£5 m per year", "£5 m", "5000000", None, 0, "1000000", False),
    ("£5 km", "£5", "5", None, 0, "1", False),
    ("£5 b/f", "£5", "5", None, 0, "1", False),
    ("£5 by 2020", "£5", "5", None, 0, "1", False),
    ("£5m's worth", "£5m", "5000000", None, 0, "1000000", False),
    ("£50 m2", "£50", "50", None, 0, "1", False),
    # malformed thousands separators: longest well-formed prefix
    ("£1,44", "£1", "1", None, 0, "1", False),
    ("£1,4445", "£1", "1", None, 0, "1", False),
    ("£1,000,00", "£1,000", "1000", None, 0, "1", False),
]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "max_value", "decimals", "precision", "negative"), CASES
)
def test_forms(
    sentence: str,
    text: str,
    value: str,
    max_value: str | None,
    decimals: int,
    precision: str,
    negative: bool,
) -> None:
    found = find_money(sentence)
    check_offsets(sentence, found)
    assert len(found) == 1, found
    m = found[0]
    assert m.text == text
    assert sentence[m.start : m.end] == text
    assert isinstance(m.value, Decimal)
    assert m.value == D(value)
    assert m.max_value == (None if max_value is None else D(max_value))
    assert m.is_range == (max_value is not None)
    assert m.decimals == decimals
    assert m.precision == D(precision)
    assert m.negative is negative
    assert m.multiplier in (D(1), D(1000), D(1000000), D(1000000000))


def test_values_have_no_exponent_noise() -> None:
    # written out in full, not as 2.657E+6
    assert str(parse_money("£2.657m").value) == "2657000"  # type: ignore[union-attr]
    assert str(parse_money("£0.5bn").precision) == "100000000"  # type: ignore[union-attr]
    assert str(parse_money("£312,450.25").precision) == "0.01"  # type: ignore[union-attr]
    assert str(parse_money("(£0)").value) == "0"  # type: ignore[union-attr]  # no "-0"


def test_multiplier_field() -> None:
    assert parse_money("£2.65m").multiplier == D(1000000)  # type: ignore[union-attr]
    assert parse_money("£800k").multiplier == D(1000)  # type: ignore[union-attr]
    assert parse_money("£0.5bn").multiplier == D(1000000000)  # type: ignore[union-attr]
    assert parse_money("£2,728,288").multiplier == D(1)  # type: ignore[union-attr]
    assert parse_money("£3-4m").multiplier == D(1000000)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "£m",
        "£",
        "£000s",
        "£000",
        "£'000",
        "(£k)",
        "£ million",
        "1989",
        "2,728,288",
        "12.5m",
        "£.5m",
        "the £ sign",
        "GBPX 5",
        "XGBP 5",
        "",
    ],
)
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_several_figures_in_order() -> None:
    text = (
        "The CCGs invest £13.8m per annum, giving a total contract value of £16.5m per "
        "annum (From the £1.2m previously); the remaining £800k, and (£50,000) back."
    )
    found = find_money(text)
    check_offsets(text, found)
    assert [m.text for m in found] == ["£13.8m", "£16.5m", "£1.2m", "£800k", "(£50,000)"]
    assert [m.value for m in found] == [
        D(13800000),
        D(16500000),
        D(1200000),
        D(800000),
        D(-50000),
    ]


def test_ranges_that_are_not_ranges() -> None:
    # a change, not a range
    found = find_money("funding rose from £3m to £4m")
    assert [(m.text, m.is_range) for m in found] == [("£3m", False), ("£4m", False)]
    # "and" without "between" is two figures
    found = find_money("£2m and £3m")
    assert [(m.text, m.is_range) for m in found] == [("£2m", False), ("£3m", False)]
    # reversed ends: subtraction, two figures
    found = find_money("£5m - £2m")
    assert [(m.text, m.value) for m in found] == [("£5m", D(5000000)), ("£2m", D(2000000))]
    # bare second number with spaces and no multiplier: not a range
    assert [m.text for m in find_money("£5 - 10 people")] == ["£5"]
    # second end looks like a financial year
    assert [m.text for m in find_money("£5-2018/19")] == ["£5"]
    # a multiplier on the first end only
    assert [m.text for m in find_money("£3m-4 options")] == ["£3m"]
    # a hyphen glued to a letter is not a minus
    found = find_money("pre-£5m")
    assert [(m.text, m.value) for m in found] == [("£5m", D(5000000))]


def test_open_bracket_without_close_is_not_negative() -> None:
    found = find_money("(£1.2m previously")
    assert [(m.text, m.negative) for m in found] == [("£1.2m", False)]
    found = find_money("£1.2m)")
    assert [(m.text, m.negative) for m in found] == [("£1.2m", False)]


def test_brackets_negative_switch() -> None:
    text = "the grant (£50,000) was paid"
    assert find_money(text)[0].value == D(-50000)
    m = find_money(text, brackets_negative=False)[0]
    assert (m.text, m.value, m.negative) == ("£50,000", D(50000), False)
    assert text[m.start : m.end] == m.text


def test_parse_money() -> None:
    m = parse_money("  £2.65m \n")
    assert m is not None
    assert (m.start, m.end, m.text, m.value) == (2, 8, "£2.65m", D(2650000))
    assert parse_money("£2.65m per year") is None
    assert parse_money("about £2.65m") is None
    assert parse_money("£1m.") is None
    assert parse_money("£2m and £3m") is None
    assert parse_money("") is None
    assert parse_money("   ") is None
    assert parse_money("£m") is None
    assert parse_money("£300k - £500k").max_value == D(500000)  # type: ignore[union-attr]


def test_match_is_frozen() -> None:
    m = parse_money("£1m")
    assert m is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = D(2)  # type: ignore[misc]


def test_no_float_in_module() -> None:
    tree = ast.parse(Path(money.__file__).read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "float" not in names
    floats = [
        n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, float)
    ]
    assert floats == []


def test_large_values_are_exact() -> None:
    m = parse_money("£123,456,789,012.12bn")
    assert m is None  # beyond £10^15: not recorded (see test_figures_beyond_exact_recording_are_not_money)
    m = parse_money("£123,456.789012bn")
    assert m is not None
    assert m.value == D("123456789012000")
    assert m.precision == D(1000)


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("£m", "£m"),
        ("£M", "£m"),
        ("Budget 2018/19 £m", "£m"),
        ("£ million", "£m"),
        ("(£ Million)", "£m"),
        ("£mn", "£m"),
        ("£000s", "£k"),
        ("£000", "£k"),
        ("£'000", "£k"),
        ("£’000", "£k"),
        ("£'000s", "£k"),
        ("Cost (£k)", "£k"),
        ("£K", "£k"),
        ("£ thousands", "£k"),
        ("£bn", "£bn"),
        ("£ billion", "£bn"),
        ("Amount (£)", "£"),
        ("GBP", "£"),
        ("Total", None),
        ("", None),
        ("£5,000", None),
        ("Budget £ 5,000", None),
        ("£2.65m", None),
        ("£m and £000", None),  # conflicting units
        ("£m / £m", "£m"),
    ],
)
def test_table_unit(header: str, unit: str | None) -> None:
    assert table_unit(header) == unit


# (cell, unit, text, value, decimals, precision, negative)
TABLE_CASES: list[tuple[str, str, str, str, int, str, bool]] = [
    ("12.3", "£m", "12.3", "12300000", 1, "100000", False),
    ("(1.2)", "£m", "(1.2)", "-1200000", 1, "100000", True),
    ("( 1.2 )", "£m", "( 1.2 )", "-1200000", 1, "100000", True),
    ("-1.2", "£m", "-1.2", "-1200000", 1, "100000", True),
    ("\u22121.2", "£m", "\u22121.2", "-1200000", 1, "100000", True),
    ("\u20131.2", "£m", "\u20131.2", "-1200000", 1, "100000", True),
    (" 1,234 ", "£000", "1,234", "1234000", 0, "1000", False),
    ("1,234", "£000s", "1,234", "1234000", 0, "1000", False),
    ("1,234", "£'000", "1,234", "1234000", 0, "1000", False),
    ("1,234.5", "£k", "1,234.5", "1234500", 1, "100", False),
    ("0.5", "£bn", "0.5", "500000000", 1, "100000000", False),
    ("312,450.25", "£", "312,450.25", "312450.25", 2, "0.01", False),
    ("£5", "£000", "£5", "5000", 0, "1000", False),
    ("0", "£m", "0", "0", 0, "1000000", False),
    # a cell that prints its own multiplier keeps it
    ("£2.65m", "£000", "£2.65m", "2650000", 2, "10000", False),
]


@pytest.mark.parametrize(
    ("cell", "unit", "text", "value", "decimals", "precision", "negative"), TABLE_CASES
)
def test_parse_table_number(
    cell: str, unit: str, text: str, value: str, decimals: int, precision: str, negative: bool
) -> None:
    m = parse_table_number(cell, unit)
    assert m is not None
    assert cell[m.start : m.end] == m.text == text
    assert m.value == D(value)
    assert m.decimals == decimals
    assert m.precision == D(precision)
    assert m.negative is negative
    assert not m.is_range


@pytest.mark.parametrize(
    "cell", ["", " ", "-", "–", "—", "n/a", "nil", "12.3%", "1.2.3", "(1.2", "1.2)", "12.3*", "x"]
)
def test_parse_table_number_none(cell: str) -> None:
    assert parse_table_number(cell, "£m") is None


def test_parse_table_number_units() -> None:
    assert parse_table_number("2", "£ million").value == D(2000000)  # type: ignore[union-attr]
    assert parse_table_number("2", "(£k)").value == D(2000)  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        parse_table_number("2", "metres")


# --------------------------------------------------------------------------- properties

WORDS = [
    "the", "council", "agreed", "to", "invest", "per", "annum", "year", "funding", "of",
    "and", "total", "more", "members", "km", "by", "Ms", "mid", "kilometres", "bonus",
    "was", "contract", "a", "with", "for", "Kent", "CCG", "between", "from", "in",
]  # fmt: skip
words = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
trailing = st.sampled_from(["", ".", ",", ";", ")", ");", ":", "!", " "])


def group3(n: int) -> str:
    return f"{n:,}"


def plain_amounts() -> st.SearchStrategy[tuple[Decimal, str, int]]:
    """(value, printed number, decimals) for amounts 0..10^12 with 0-2 decimals."""

    def build(n: int, places: int) -> tuple[Decimal, str, int]:
        value = D(n).scaleb(-places)
        whole, frac = divmod(n, 10**places)
        printed = group3(whole) + (f".{frac:0{places}d}" if places else "")
        return value, printed, places

    return st.builds(build, st.integers(0, 10**14), st.integers(0, 2))


def scaled_figures() -> st.SearchStrategy[tuple[int, int, str]]:
    """(n, k, suffix): the number n / 10^k printed with exactly k decimals and a unit
    suffix, always inside the parser's domain: the value n * 10^(exp - k) stays below
    money.MAX_AMOUNT (figures beyond it are refused as typos, tested apart)."""

    def bounded(suffix: str) -> st.SearchStrategy[tuple[int, int, str]]:
        exp = SUFFIXES[suffix]
        return st.integers(0, 3).flatmap(
            lambda k: st.tuples(
                st.integers(0, min(10**6, (10 ** (15 - exp + k)) - 1)), st.just(k), st.just(suffix)
            )
        )

    return st.sampled_from(sorted(SUFFIXES)).flatmap(bounded)


def test_scaled_figures_stay_inside_the_parsers_domain() -> None:
    """The strategy's largest draw for every suffix is a figure the parser accepts."""
    for suffix, exp in SUFFIXES.items():
        for k in range(4):
            largest = min(10**6, 10 ** (15 - exp + k) - 1)
            assert D(largest).scaleb(exp - k) < money.MAX_AMOUNT, (suffix, k)


def print_scaled(n: int, k: int) -> str:
    whole, frac = divmod(n, 10**k)
    return str(whole) + (f".{frac:0{k}d}" if k else "")


SUFFIXES = {
    "m": 6, "M": 6, "mn": 6, " million": 6, " Million": 6, " m": 6,
    "k": 3, "K": 3, " thousand": 3,
    "bn": 9, " billion": 9, "b": 9, "": 0,
}  # fmt: skip
NEGATIVE_STYLES = ["({})", "-{}", "\u2212{}", "£-{}"]


def assert_single(sentence: str, figure: str, value: Decimal) -> MoneyMatch:
    found = find_money(sentence)
    check_offsets(sentence, found)
    assert len(found) == 1, (sentence, found)
    m = found[0]
    assert m.text == figure, (sentence, m)
    assert m.value == value, (sentence, m)
    assert isinstance(m.value, Decimal)
    return m


@PROPS
@given(plain_amounts(), words, words, trailing, st.sampled_from(["£", "£ ", "GBP ", "GBP"]))
def test_prop_plain(
    amount: tuple[Decimal, str, int], before: str, after: str, tail: str, cur: str
) -> None:
    value, printed, places = amount
    figure = cur + printed
    sentence = f"{before} {figure}{tail} {after}".strip()
    m = assert_single(sentence, figure, value)
    assert m.decimals == places
    assert m.precision == D(1).scaleb(-places)
    assert m.multiplier == D(1)
    assert not m.negative and not m.is_range
    p = parse_money(figure)
    assert p is not None and p.value == value


@PROPS
@given(scaled_figures(), words, words, trailing)
def test_prop_scaled(nks: tuple[int, int, str], before: str, after: str, tail: str) -> None:
    n, k, suffix = nks
    exp = SUFFIXES[suffix]
    figure = "£" + print_scaled(n, k) + suffix
    value = D(n).scaleb(exp - k)
    sentence = f"{before} {figure}{tail} {after}".strip()
    m = assert_single(sentence, figure, value)
    assert m.decimals == k
    assert m.precision == D(1).scaleb(exp - k)
    assert m.multiplier == D(10**exp)
    exponent = m.value.as_tuple().exponent
    assert isinstance(exponent, int) and exponent <= 0  # written out in full, never 2.6E+6
    p = parse_money(figure)
    assert p is not None
    assert (p.text, p.value, p.decimals, p.precision) == (m.text, m.value, m.decimals, m.precision)


@PROPS
@given(scaled_figures(), st.sampled_from(NEGATIVE_STYLES), words)
def test_prop_negative(nks: tuple[int, int, str], style: str, before: str) -> None:
    n, k, suffix = nks
    exp = SUFFIXES[suffix]
    number = print_scaled(n, k) + suffix
    figure = style.format(number) if style.startswith("£") else style.format("£" + number)
    value = -D(n).scaleb(exp - k)
    sentence = f"{before} {figure} in year".strip()
    m = assert_single(sentence, figure, value)
    assert m.negative
    assert m.decimals == k


@PROPS
@given(plain_amounts(), words)
def test_prop_glued_to_word(amount: tuple[Decimal, str, int], before: str) -> None:
    value, printed, _ = amount
    sentence = f"{before} contribute£{printed} to"
    assert_single(sentence, "£" + printed, value)


@PROPS
@given(
    st.integers(0, 10**5),
    st.integers(1, 10**5),
    st.sampled_from(["k", "m", "bn"]),
    st.sampled_from([" - ", " – ", "-", "–", " to "]),
    st.booleans(),
    words,
)
def test_prop_ranges(lo: int, gap: int, suffix: str, sep: str, share: bool, before: str) -> None:
    hi = lo + gap
    exp = {"k": 3, "m": 6, "bn": 9}[suffix]
    figure = f"£{lo}{sep}{hi}{suffix}" if share else f"£{lo}{suffix}{sep}£{hi}{suffix}"
    sentence = f"{before} costs of {figure} per year".strip()
    m = assert_single(sentence, figure, D(lo * 10**exp))
    assert m.is_range
    assert m.max_value == D(hi * 10**exp)
    between = f"between £{lo}{suffix} and £{hi}{suffix}"
    found = find_money(between)
    assert len(found) == 1 and found[0].is_range and found[0].max_value == D(hi * 10**exp)


SOUP = list("£££GBP0123456789,,..()--−–— kKmMbnillion tohewaed\n'")


@PROPS
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(SOUP), max_size=80)))
def test_prop_random_text(text: str) -> None:
    found = find_money(text)
    check_offsets(text, found)
    for m in found:
        assert isinstance(m.value, Decimal)
        assert m.precision > 0
        assert m.multiplier in (D(1), D(1000), D(1000000), D(1000000000))
        assert m.text.lstrip("(-−").startswith(("£", "GBP"))
        if m.is_range:
            assert m.max_value is not None and m.value < m.max_value
        else:
            assert m.max_value is None
            again = parse_money(m.text)
            assert again is not None and again.value == m.value
    for m in find_money(text, brackets_negative=False):
        assert text[m.start : m.end] == m.text


@PROPS
@given(plain_amounts(), st.sampled_from(sorted(money.TABLE_UNITS)), st.booleans())
def test_prop_table_numbers(amount: tuple[Decimal, str, int], unit: str, bracketed: bool) -> None:
    value, printed, places = amount
    exp = money.TABLE_UNITS[unit]
    cell = f"({printed})" if bracketed else printed
    m = parse_table_number(f" {cell} ", unit)
    if abs(value.scaleb(exp)) >= money.MAX_AMOUNT or len(value.scaleb(exp).normalize().as_tuple().digits) > money.MAX_DIGITS:
        assert m is None  # beyond what papertrail records exactly
        return
    assert m is not None
    expected = value.scaleb(exp)
    assert m.value == (-expected if bracketed else expected)
    assert m.text == cell and m.start == 1
    assert m.decimals == places
    assert m.precision == D(1).scaleb(exp - places)


@pytest.mark.parametrize(
    "text",
    ["£1.2345678901234567890m", "£" + "9" * 32 + "m", "£2,000,000,000,000,000", "£1,000,000,000bn"],
)
def test_figures_beyond_exact_recording_are_not_money(text: str) -> None:
    assert find_money(f"The council spends {text} a year.") == []
    assert parse_table_number("1234567890123456.5", "£m") is None


def test_the_largest_recorded_figure_still_parses() -> None:
    (m,) = find_money("a budget of £999,999,999,999.99 in all")
    assert m.value == Decimal("999999999999.99")
