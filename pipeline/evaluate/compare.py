"""How gold and output values are compared: text normalisation, subject similarity,
references, call-in words and exact amounts.

Text fields are compared after :func:`normalise_text`: case folded, white space collapsed,
curly quotes and every dash made plain, "&" read as "and", and leading/trailing
punctuation dropped.  A subject is right when :func:`subject_similarity` is at least
:data:`SUBJECT_CORRECT` (0.8); a gold and an output decision with no shared reference
are paired by subject when it is at least :data:`SUBJECT_PAIR` (0.5).
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher

SUBJECT_CORRECT = 0.8
"""Token similarity at or above which an output subject is scored right."""

SUBJECT_PAIR = 0.5
"""Token similarity at or above which two decisions without a shared reference are paired."""

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
_AMPERSAND = re.compile(r"\s*&\s*")
_EDGE_PUNCT = re.compile(r"^[\s.,;:'\"]+|[\s.,;:'\"]+$")
_TOKEN = re.compile(r"[a-z0-9]+")
_TRAILING_NOTE = re.compile(r"\s+\([^()]*\)\s*$")


def normalise_text(value: str) -> str:
    """Case-folded text with plain quotes and dashes, "&" as "and", single spaces and no
    punctuation at either end: ``"Traffic &  Transportation."`` -> ``"traffic and transportation"``."""
    text = _DASHES.sub("-", value.translate(_QUOTES)).replace("\u00a0", " ")
    text = _AMPERSAND.sub(" and ", text)
    text = " ".join(text.casefold().split())
    return _EDGE_PUNCT.sub("", text)


def same_text(gold: str | None, output: str | None) -> bool:
    """Equal after :func:`normalise_text` (None equals only None)."""
    if gold is None or output is None:
        return gold is None and output is None
    return normalise_text(gold) == normalise_text(output)


def same_role_name(gold: str | None, output: str | None) -> bool:
    """A decision maker: equal after normalisation, ignoring a leading "the"."""
    if gold is None or output is None:
        return gold is None and output is None
    strip = lambda s: re.sub(r"^the\s+", "", normalise_text(s))  # noqa: E731
    return strip(gold) == strip(output)


def tokens(value: str) -> list[str]:
    """Words and numbers of normalised text, in order (punctuation dropped)."""
    return _TOKEN.findall(normalise_text(value))


def subject_similarity(gold: str | None, output: str | None) -> float:
    """Token similarity of two subjects, 0..1: ``2 * M / (len(a) + len(b))`` where M is the
    number of tokens in the longest matching runs of the two token sequences (difflib's
    ratio over tokens, so order counts).  Both empty -> 1.0; one empty -> 0.0."""
    a, b = tokens(gold or ""), tokens(output or "")
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def clean_reference(value: str | None) -> str | None:
    """A printed reference ready to compare: normalised text with an annotator's trailing
    note in brackets dropped (``"13567 (hidden 'ref:' span)"`` -> ``"13567"``)."""
    if value is None:
        return None
    text = normalise_text(_TRAILING_NOTE.sub("", value))
    return text or None


def call_in_value(value: bool | str | None) -> bool | None:
    """Gold call-in as true/false: printed words are read ("Not for call-in", "exempt" ->
    false; "subject to call-in", "yes" -> true); None stays None."""
    if value is None or isinstance(value, bool):
        return value
    text = normalise_text(value)
    if re.search(r"\b(not|no|exempt|none|n/a)\b", text):
        return False
    return True


def format_gbp(value: Decimal) -> str:
    """An amount as a reader expects it: ``-1234.5`` -> ``"-£1,234.50"``, ``98`` -> ``"£98"``."""
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if magnitude == magnitude.to_integral_value():
        return f"{sign}£{int(magnitude):,}"
    exponent = magnitude.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{sign}£{magnitude:,.{places}f}"
