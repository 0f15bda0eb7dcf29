"""Exact parsing of sterling money figures in UK council papers.

Every value is a :class:`decimal.Decimal` built from the printed digits alone (a
digit tuple and an exponent), so no rounding context, no float and no arithmetic
can change a figure: ``"£2.657m"`` is ``Decimal("2657000")``.

Public API
----------
``find_money(text)``
    every figure in ``text``, in order, non-overlapping.
``parse_money(s)``
    the single figure filling ``s`` (surrounding whitespace ignored), else ``None``.
``parse_table_number(cell, unit)``
    a bare number in a table cell whose header/caption gives the unit.
``table_unit(header)``
    the unit a header/caption declares ("£m", "£000s", "(£k)", "£ million", ...).

Reading rules (the choices this module makes)
---------------------------------------------
* A figure starts at ``£`` or ``GBP`` (``GBP`` not glued to a preceding letter); ``£``
  may be glued to a word ("contribute£1,440,000" matches from ``£``).  Up to two
  spaces may follow the currency ("£ 7,500").
* Digits: thousands separators must be well formed (``1,234,567``; a stray space
  before a comma, "£1 ,174", is the same figure; no-break, thin or plain spaces between
  groups of three, "£1 250 000", "£ 75 000").  A malformed
  grouping is read up to its longest well-formed prefix: "£1,44" is £1, "£1,000,00"
  is £1,000.  A multi-digit integer part with a leading zero ("£000", "£05") is not
  a figure (that is how "£000s" headers are rejected).
* Multipliers: ``k``/``K``/``thousand`` (x1,000); ``m``/``M``/``mn``/``million``
  (x1,000,000); ``bn``/``b``/``billion`` (x1,000,000,000).  Words and abbreviations
  are case-insensitive and must not run on into a letter or digit: "£5 members"
  and "£5 more" are £5, "£5 m." is £5,000,000; a footnote mark or superscript after
  the figure ("£2.3m¹", "£450,000*") is not part of it and does not change its size.  A *spaced* lone ``b`` is not read as
  billion ("£5 b/f" is £5); a glued one is ("£5b").
* Negatives: a minus sign of any dash glued to the figure, "-£98.2m", "−£98.2m",
  "–£98.2m" (the sign must not be glued to a preceding letter or digit; a dash with a
  space after it, "Benches - £750", separates a label and is no sign), "£-98.2m",
  brackets inside the currency, "£(2.3)m" and "£(450,000)", and a figure wrapped in
  brackets "(£50,000)" (brackets included in ``text``).  Brackets round the whole
  figure are ambiguous in prose (an aside can be bracketed), so
  ``find_money(..., brackets_negative=False)`` reads them as plain brackets.
* Ranges: ``A - B`` (hyphen, en or em dash, at most two spaces either side),
  ``A to B``, and ``A and B`` only straight after "between".  ``A to B`` straight
  after "from" or "by" is read as two figures ("rose from £3m to £4m", "raised by £800
  to £7,400" are changes, not ranges).  The second end may omit the currency: "£3-4m" puts both ends in
  millions (the multiplier printed on the second end is shared when the first has
  none); a bare second end with no multiplier is only accepted after a tight
  hyphen ("£5-10").  The lower end must be strictly less than the upper end,
  otherwise the ends are reported as separate figures ("£5m - £2m").  A bracketed
  range is not negative: the brackets are left out of it.
* For a range, ``value``/``negative``/``decimals``/``precision``/``multiplier``
  describe the lower end; ``max_value`` is the upper end.
* A value is never a negative zero: "(£0)" has ``value == Decimal(0)`` and
  ``negative`` True (the flag records what was printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "TABLE_UNITS",
    "MoneyMatch",
    "find_money",
    "parse_money",
    "parse_table_number",
    "table_unit",
]


@dataclass(frozen=True)
class MoneyMatch:
    """One money figure as printed, with its exact value in pounds."""

    start: int
    end: int
    text: str
    value: Decimal
    max_value: Decimal | None
    is_range: bool
    negative: bool
    decimals: int
    precision: Decimal
    multiplier: Decimal


# --------------------------------------------------------------------------- patterns

_SP = r"[ \t\u00a0\u202f\u2009]"
_CUR = r"(?:£|(?<![A-Za-z])GBP)"
# Integer part: well-formed thousands groups (commas, a comma after a stray space as in
# "1 ,174", no-break or thin spaces, or plain spaces when there are two groups or more),
# or plain digits, or a lone zero.
_NUM = (
    r"(?:[1-9][0-9]{0,2}(?: ?,[0-9]{3})+|[1-9][0-9]{0,2}(?:[\u00a0\u202f\u2009][0-9]{3})+"
    r"|[1-9][0-9]{0,2}(?: [0-9]{3})+(?![0-9.,])|[1-9][0-9]*|0)(?:\.[0-9]+)?(?![0-9])"
)
_MINUS = "-\u2212\u2012\u2013\u2014"  # a minus sign of any dash, glued to the figure
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"


def _suffix(p: str) -> str:
    return (
        rf"(?:\s{{0,3}}(?P<{p}word>(?i:million|billion|thousand)s?)"
        rf"|(?P<{p}tight>(?i:bn|mn|m|b|k))"
        rf"|{_SP}{{1,2}}(?P<{p}spaced>(?i:bn|mn|m|k)))"
        r"(?![A-Za-z0-9])"
    )


_FIGURE_A = (
    rf"(?P<a_pre>(?<![0-9A-Za-z])[{_MINUS}])?"
    rf"(?P<a_cur>{_CUR}){_SP}{{0,2}}(?P<a_post>[{_MINUS}])?(?P<a_in>\()?"
    rf"(?P<a_num>{_NUM})(?(a_in)\))(?:{_suffix('a_')})?"
)
_FIGURE_B = (
    rf"(?:(?P<b_cur>{_CUR}){_SP}{{0,2}})?"
    rf"(?P<b_num>{_NUM})(?:{_suffix('b_')})?"
)
_SEP = (
    rf"(?P<sep>{_SP}{{0,2}}[{_DASHES}]{_SP}{{0,2}}"
    r"|\s{1,3}(?P<to>(?i:to))\s{1,3}"
    r"|\s{1,3}(?P<and>(?i:and))\s{1,3})"
)
# The leading lookahead lets the engine reject most positions on one character test.
_MONEY_RE = re.compile(rf"(?=[{_MINUS}(£G])(?P<lp>\()?{_FIGURE_A}(?:{_SEP}{_FIGURE_B})?(?(lp)\))")

_BETWEEN_TAIL = re.compile(r"(?<![A-Za-z])between\s+\Z", re.IGNORECASE)
_FROM_TAIL = re.compile(r"(?<![A-Za-z])(?:from|by)\s+\Z", re.IGNORECASE)
_DIGIT_AFTER_SEP = re.compile(r"[/.\-][0-9]")

_ONE = Decimal(1)
_THOUSAND = Decimal(1000)
_MILLION = Decimal(1000000)
_BILLION = Decimal(1000000000)
_MULT_OF_EXP = {0: _ONE, 3: _THOUSAND, 6: _MILLION, 9: _BILLION}


def _suffix_exp(word: str | None, abbr: str | None) -> int | None:
    """Power of ten for a printed multiplier, or None when none was printed."""
    if word is not None:
        w = word.lower()
        if w.startswith("thousand"):
            return 3
        if w.startswith("million"):
            return 6
        return 9
    if abbr is not None:
        a = abbr.lower()
        if a == "k":
            return 3
        if a in ("m", "mn"):
            return 6
        return 9  # "b", "bn"
    return None


# --------------------------------------------------------------------------- exact numbers


def _exact(num: str, exp: int, negative: bool) -> tuple[Decimal, int, Decimal]:
    """Exact value, decimals printed and precision of a printed number.

    ``num`` is the printed number (digits, optional thousands commas, optional
    point); ``exp`` the power of ten of its multiplier.  The Decimal is assembled
    from a digit tuple, so no context precision or rounding is involved.
    """
    plain = re.sub(r"[,\s\u00a0\u202f\u2009]", "", num)
    int_part, _, frac = plain.partition(".")
    decimals = len(frac)
    digits = tuple(int(c) for c in (int_part + frac))
    scale = exp - decimals
    if scale > 0:  # write the multiplier's zeros out, so the value has exponent 0
        digits = digits + (0,) * scale
        scale = 0
    sign = 1 if negative and any(digits) else 0
    value = Decimal((sign, digits, scale))
    unit_exp = exp - decimals  # one unit in the last printed digit is 10**unit_exp pounds
    precision = Decimal(10**unit_exp) if unit_exp >= 0 else Decimal((0, (1,), unit_exp))
    return value, decimals, precision


def _single(start: int, end: int, text: str, num: str, exp: int, negative: bool) -> MoneyMatch:
    value, decimals, precision = _exact(num, exp, negative)
    return MoneyMatch(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        max_value=None,
        is_range=False,
        negative=negative,
        decimals=decimals,
        precision=precision,
        multiplier=_MULT_OF_EXP[exp],
    )


# --------------------------------------------------------------------------- find


def _figure_a(m: re.Match[str], text: str, with_brackets: bool) -> MoneyMatch:
    """The first figure of a match on its own (brackets only when asked)."""
    exp = _suffix_exp(m.group("a_word"), m.group("a_tight") or m.group("a_spaced")) or 0
    signed = m.group("a_pre") is not None or m.group("a_post") is not None or m.group("a_in") is not None
    start = m.start("a_pre") if m.group("a_pre") is not None else m.start("a_cur")
    end = m.end("a_num") + (1 if m.group("a_in") is not None else 0)
    for g in ("a_word", "a_tight", "a_spaced"):
        if m.group(g) is not None:
            end = m.end(g)
    if with_brackets:
        return _single(m.start(), m.end(), text, m.group("a_num"), exp, True)
    return _single(start, end, text, m.group("a_num"), exp, signed)


def _range(m: re.Match[str], text: str) -> MoneyMatch | None:
    """The range a match spells out, or None when it is not a range."""
    before = max(0, m.start() - 40)
    if m.group("and") is not None and not _BETWEEN_TAIL.search(text, before, m.start()):
        return None  # "A and B" is a range only after "between"
    if m.group("to") is not None and _FROM_TAIL.search(text, before, m.start()):
        return None  # "from A to B", "by A to B" are changes, read as two figures
    a_exp = _suffix_exp(m.group("a_word"), m.group("a_tight") or m.group("a_spaced"))
    b_exp = _suffix_exp(m.group("b_word"), m.group("b_tight") or m.group("b_spaced"))
    b_end = m.end("b_num")
    for g in ("b_word", "b_tight", "b_spaced"):
        if m.group(g) is not None:
            b_end = m.end(g)
    if m.group("b_cur") is None:
        if b_exp is not None:
            if a_exp is None:
                a_exp = b_exp  # "£3-4m": the printed multiplier covers both ends
        else:
            tight_dash = m.group("to") is None and m.group("and") is None
            tight_dash = tight_dash and len(m.group("sep")) == 1
            if not tight_dash or a_exp is not None:
                return None
            if _DIGIT_AFTER_SEP.match(text, b_end):  # "£5-2018/19" is not a range
                return None
    if m.group("a_in") is not None:
        return None  # "£(2.3)m" is a negative figure, never the low end of a range
    a_neg = m.group("a_pre") is not None or m.group("a_post") is not None
    lo, decimals, precision = _exact(m.group("a_num"), a_exp or 0, a_neg)
    hi, _, _ = _exact(m.group("b_num"), b_exp or 0, False)
    if not lo < hi:
        return None
    start = m.start("a_pre") if m.group("a_pre") is not None else m.start("a_cur")
    return MoneyMatch(
        start=start,
        end=b_end,
        text=text[start:b_end],
        value=lo,
        max_value=hi,
        is_range=True,
        negative=a_neg,
        decimals=decimals,
        precision=precision,
        multiplier=_MULT_OF_EXP[a_exp or 0],
    )


# Beyond these a "figure" is a typo or not money (national budgets are ~10^12); they are
# also beyond what JSON numbers and SQLite integers carry exactly.
MAX_AMOUNT = Decimal(10) ** 15
MAX_DIGITS = 15


def plausible(m: MoneyMatch) -> bool:
    """Whether a figure is within what papertrail records exactly (15 significant digits,
    under £10^15)."""
    for value in (m.value, m.max_value):
        if value is None:
            continue
        if abs(value) >= MAX_AMOUNT or len(value.normalize().as_tuple().digits) > MAX_DIGITS:
            return False
    return True


def find_money(text: str, *, brackets_negative: bool = True) -> list[MoneyMatch]:
    """Every money figure in ``text``, in order and non-overlapping.

    Offsets are into ``text``: ``text[m.start:m.end] == m.text``.  With
    ``brackets_negative=False`` a bracketed figure is read as positive and the
    brackets are left out of its ``text``.
    """
    if "£" not in text and "GBP" not in text:
        return []
    out: list[MoneyMatch] = []
    pos = 0
    search = _MONEY_RE.search
    while True:
        m = search(text, pos)
        if m is None:
            return [figure for figure in out if plausible(figure)]
        if m.group("b_num") is not None:
            rng = _range(m, text)
            if rng is not None:
                out.append(rng)
                pos = m.end() if m.group("lp") is None else rng.end
                continue
            # not a range: report the first figure alone and read on after it
            first = _figure_a(m, text, with_brackets=False)
            out.append(first)
            pos = first.end
            continue
        bracketed = m.group("lp") is not None
        out.append(_figure_a(m, text, with_brackets=bracketed and brackets_negative))
        pos = m.end()


def parse_money(s: str) -> MoneyMatch | None:
    """The single figure that fills ``s`` (ignoring surrounding whitespace), else None.

    Offsets are into ``s``.
    """
    stripped = s.strip()
    if not stripped:
        return None
    lead = len(s) - len(s.lstrip())
    found = find_money(s)
    if len(found) != 1:
        return None
    m = found[0]
    if m.start != lead or m.end != lead + len(stripped):
        return None
    return m


# --------------------------------------------------------------------------- tables

TABLE_UNITS: dict[str, int] = {
    "£": 0,
    "£k": 3,
    "£000": 3,
    "£000s": 3,
    "£'000": 3,
    "£m": 6,
    "£bn": 9,
}
"""Units accepted by :func:`parse_table_number`, as powers of ten."""

_CANONICAL_UNIT = {0: "£", 3: "£k", 6: "£m", 9: "£bn"}

_UNIT_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:£|GBP)\s?"
    r"(?:(?P<k>['’‘`]?000['’‘`]?s?|k|thousands?)"
    r"|(?P<m>mn|m|millions?)"
    r"|(?P<bn>bn|billions?))?"
    r"(?![A-Za-z0-9]|[.,][0-9]|\s*[\-−(]?[0-9])",
    re.IGNORECASE,
)

_CELL_RE = re.compile(
    r"\s*(?P<body>(?P<lp>\()?\s*(?P<sign>[\-\u2212\u2012\u2013\u2014])?\s*(?:£\s?)?"
    rf"(?P<num>{_NUM})(?(lp)\s*\)))\s*\Z"
)


def table_unit(header: str) -> str | None:
    """The money unit a table header or caption declares, canonicalised.

    Returns one of ``"£"``, ``"£k"``, ``"£m"``, ``"£bn"`` ("£000", "£000s", "£'000",
    "£’000", "£k", "£ thousand" all give ``"£k"``; "£m", "£M", "£mn", "£ million" give
    ``"£m"``), or None when the header declares none or declares conflicting units.
    A ``£`` followed by a number ("£5,000") is a figure, not a unit.
    """
    if "£" not in header and "GBP" not in header.upper():
        return None
    found: set[int] = set()
    for m in _UNIT_RE.finditer(header):
        if m.group("k") is not None:
            found.add(3)
        elif m.group("m") is not None:
            found.add(6)
        elif m.group("bn") is not None:
            found.add(9)
        else:
            found.add(0)
    if len(found) != 1:
        return None
    return _CANONICAL_UNIT[found.pop()]


def parse_table_number(cell: str, unit: str) -> MoneyMatch | None:
    """A bare number in a table cell, scaled by the unit its header declares.

    ``unit`` is one of :data:`TABLE_UNITS` (or anything :func:`table_unit` reads);
    an unknown unit raises ValueError rather than guess.  "12.3" with "£m" is
    Decimal("12300000"); "(1.2)" and "-1.2" (hyphen, minus sign, en or em dash) are
    negative; "-", "–", "" and non-numbers give None.  A cell that prints its own
    multiplier ("£2.65m") is read as printed: its own multiplier wins over the
    header's.  Offsets are into ``cell``.
    """
    exp = TABLE_UNITS.get(unit.strip())
    if exp is None:
        canonical = table_unit(unit)
        if canonical is None:
            raise ValueError(f"unknown table unit {unit!r}")
        exp = TABLE_UNITS[canonical]
    m = _CELL_RE.match(cell)
    if m is None:
        own = parse_money(cell)
        if own is not None and own.multiplier != _ONE:
            return own
        return None
    negative = m.group("lp") is not None or m.group("sign") is not None
    start, end = m.span("body")
    figure = _single(start, end, cell, m.group("num"), exp, negative)
    return figure if plausible(figure) else None
