"""Finding where a missed gold item is printed in a paper's normalised text.

:func:`find_amount` looks for an amount in the forms councils print it, most specific
first: with a pound sign (``£1,234.56``, ``£1 234``, ``(£450,000)``), scaled with a unit
(``£1.2m``, ``£1.2 million``, ``£1,200k``, ``£16bn``), as a bare figure (``1,234.56`` or
``1234.56`` in a table headed £), and last as a cell of a £000 or £m table (``1,200`` for
£1,200,000 in a £000 table, ``280.1`` for £280,100,000 in a £m table; only when the scaled
figure has at least three digits, so a short number is never claimed by chance).  The
sign is not needed: a figure is found whichever way its sign is printed.
"""

from __future__ import annotations

import re
from decimal import Decimal

_SEP = r"(?: ?,|[\u00a0\u202f ])?"  # thousands separator: comma (a space may precede it), a (no-break) space, or none
_LEFT = r"(?<![\d.,])"
_RIGHT = r"(?![\d]|[.,]\d)"
_POUND = r"£\s?\(?\s?"


def _digits_pattern(value: Decimal) -> tuple[str, int] | None:
    """A regex for a non-negative figure with optional thousands separators and the
    number of significant digits it prints; None when it has more than 3 decimals."""
    if value < 0:
        value = -value
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    if decimals > 3:
        return None
    whole, _, fraction = f"{value:.{decimals}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    pattern = _SEP.join(groups)
    if fraction:
        pattern += r"\." + fraction + "0*"
    else:
        pattern += r"(?:\.0+)?"
    significant = len((groups[0] + "".join(groups[1:]) + fraction).lstrip("0")) or 1
    return pattern, significant


def amount_patterns(amount: Decimal) -> list[tuple[str, re.Pattern[str]]]:
    """(form name, regex) pairs for an amount, most specific first."""
    forms: list[tuple[str, re.Pattern[str]]] = []
    full = _digits_pattern(amount)
    if full:
        forms.append(("£", re.compile(_POUND + full[0] + _RIGHT)))
    scales = (
        ("£bn", Decimal(10) ** 9, r"\s?(?:bn|billion)\b"),
        ("£m", Decimal(10) ** 6, r"\s?(?:m|mn|million)\b"),
        ("£k", Decimal(10) ** 3, r"\s?(?:k|thousand)\b"),
    )
    table_cells: list[tuple[str, re.Pattern[str]]] = []
    for name, unit, suffix in scales:
        scaled = _digits_pattern(amount / unit)
        if not scaled or abs(amount) < unit / 10:
            continue
        forms.append((name, re.compile(r"(?:£\s?)?\(?" + _LEFT + scaled[0] + suffix, re.IGNORECASE)))
        if name != "£bn" and scaled[1] >= 3:
            cell = "£m table" if name == "£m" else "£000 table"
            table_cells.append((cell, re.compile(_LEFT + scaled[0] + _RIGHT)))
    if full:
        forms.append(("bare", re.compile(_LEFT + full[0] + _RIGHT)))
    return forms + table_cells


def find_amount(text: str, amount: Decimal) -> tuple[int, int, str] | None:
    """Where an amount is first printed, as (start, end, form), or None."""
    for form, pattern in amount_patterns(amount):
        hit = pattern.search(text)
        if hit:
            return hit.start(), hit.end(), form
    return None


def find_phrase(text: str, phrase: str, max_words: int = 8) -> tuple[int, int] | None:
    """Where a phrase's first words are printed (case, spacing and punctuation between
    words ignored), as (start, end), or None."""
    words = re.findall(r"\w+", phrase)[:max_words]
    if not words:
        return None
    hit = re.search(r"\W+".join(re.escape(w) for w in words), text, re.IGNORECASE)
    return (hit.start(), hit.end()) if hit else None


def line_around(text: str, start: int, end: int, width: int = 160) -> str:
    """The printed line(s) holding ``text[start:end]``, white space collapsed, cut to
    about ``width`` characters around the span."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    if right - left > width:
        left = max(left, start - width // 2)
        right = min(right, max(end, left + width))
    return " ".join(text[left:right].split())
