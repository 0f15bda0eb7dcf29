"""Indicator values: reading printed numbers, targets and changes, and computing changes.

Every number is a Decimal built from its printed digits; a computed change is quantized
to 0.01 with ROUND_HALF_UP (``(187 - 106) / 106 * 100`` is 76.42).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pipeline.extract.money import parse_money

CENT = Decimal("0.01")

VALUE = re.compile(
    r"(?P<sign>[+\-−–])?\s?(?P<cur>£)?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mult>\s?(?:k|m|bn)(?![A-Za-z]))?"
    r"(?P<unit>\s?%|\s?(?:pp|ppts?|pts|percentage\s+points?)(?![A-Za-z])|\s?days?(?![A-Za-z]))?",
    re.IGNORECASE,
)
MISSING = {"-", "–", "—", "n/a", "N/A", "na", "NA", "tbc", "TBC", "nil", "*", ""}
_TARGET_IN_NAME = re.compile(
    r"\s*[(\[]\s*target\s*(?:[:=]|of|is)?\s*(?P<v>[<>≤≥]?\s*[+\-]?£?\d[\d,]*(?:\.\d+)?\s?%?)\s*[)\]]",
    re.IGNORECASE,
)
_LOWER_BETTER = re.compile(
    r"lower\s+(?:is|=)\s+better|smaller\s+is\s+better|less\s+is\s+better|"
    r"polarity\s*[:=]?\s*(?:low|down|negative)|\(\s*lower\s*\)|↓\s*(?:is\s+)?(?:good|better)",
    re.IGNORECASE,
)
_HIGHER_BETTER = re.compile(
    r"higher\s+(?:is|=)\s+better|bigger\s+is\s+better|more\s+is\s+better|"
    r"polarity\s*[:=]?\s*(?:high|up|positive)|↑\s*(?:is\s+)?(?:good|better)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """A printed number: exact value, unit ("count", "percent", "points", "gbp", "days")."""

    value: Decimal
    unit: str
    text: str


def read_value(text: str) -> Reading | None:
    """The single number a cell or token prints ("187", "82%", "+3.2pp", "£2.3m")."""
    stripped = text.strip()
    if stripped in MISSING:
        return None
    if "£" in stripped:
        money = parse_money(stripped)
        if money is not None:
            return Reading(money.value, "gbp", stripped)
    m = VALUE.fullmatch(stripped)
    if m is None:
        return None
    if m.group("cur") or m.group("mult"):
        return None  # money without its own parse (e.g. "+£2m"): leave to the funding reader
    try:
        value = Decimal(m.group("num").replace(",", ""))
    except InvalidOperation:
        return None
    if m.group("sign") and m.group("sign") != "+":
        value = -value
    unit_text = (m.group("unit") or "").strip().lower()
    if unit_text == "%":
        unit = "percent"
    elif unit_text.startswith(("pp", "pt", "percentage")):
        unit = "points"
    elif unit_text.startswith("day"):
        unit = "days"
    else:
        unit = "count"
    return Reading(value, unit, stripped)


def split_target(name: str) -> tuple[str, Reading | None]:
    """ "Early Help caseload (target 300)" -> ("Early Help caseload", 300)."""
    m = _TARGET_IN_NAME.search(name)
    if not m:
        return name.strip(), None
    reading = read_value(m.group("v").lstrip("<>≤≥ "))
    clean = (name[: m.start()] + name[m.end() :]).strip()
    return clean, reading


_POLARITY_NOTE = re.compile(
    r"\s*[(\[]\s*(?:(?:lower|higher|smaller|bigger|less|more)\s+is\s+better|"
    r"polarity\s*[:=]?\s*\w+)\s*[)\]]",
    re.IGNORECASE,
)


def strip_polarity(name: str) -> str:
    """The name without a "(lower is better)" note (the note becomes higher_is_better)."""
    return _POLARITY_NOTE.sub("", name).strip()


_CODE = re.compile(r"^(?P<code>[A-Z]{2,6}(?:[ _-]?\d{1,4}[a-z]?))\s+(?=\S+\s+\S)")
_NUM = r"(?P<num>\d+(?:\.\d+)?)"
_UNIT = r"\s?(?P<unit>%|per\s?cent|percentage\s+points?|pp|ppts?|points?|days?|weeks?)(?![A-Za-z])"
CHANGE_PHRASE = re.compile(
    r"(?:(?:an?|the)\s+)?(?P<noun>increase|decrease|rise|fall|drop|reduction|improvement|deterioration)"
    r"\s+of\s+"
    + _NUM
    + _UNIT
    + r"|(?P<verb>up|down|increased|decreased|risen|rose|fallen|fell|dropped|reduced|improved|"
    r"grown|grew)\s+(?:by\s+)?" + _NUM.replace("num", "num2") + _UNIT.replace("unit", "unit2"),
    re.IGNORECASE,
)
_UP = {
    "increase",
    "rise",
    "improvement",
    "up",
    "increased",
    "risen",
    "rose",
    "improved",
    "grown",
    "grew",
}


QUALITY_WORDS = re.compile(r"\b(?:improv\w*|deteriorat\w*|worsen\w*)", re.IGNORECASE)
"""Words that state a change as better or worse rather than as a rise or fall."""


def as_rise_or_fall(value: Decimal | None, said: str | None, higher_is_better: bool | None) -> Decimal | None:
    """A stated change signed as a rise (+) or fall (-).  :func:`stated_change` signs a
    change stated as better ("an improvement of 10%") or worse as +/-; where the paper
    says lower is better (days to process a claim) that improvement is a fall, so the
    sign turns.  Where it does not say which way is better, the sign stays better/worse
    and the validator treats it as unsure."""
    if value is None or higher_is_better is not False or not QUALITY_WORDS.search(said or ""):
        return value
    return -value


def split_code(name: str) -> tuple[str, str | None]:
    """ "ASC01 Percentage of ..." -> ("Percentage of ...", "ASC01")."""
    m = _CODE.match(name)
    if not m:
        return name, None
    return name[m.end() :].strip(), m.group("code")


def stated_change(text: str) -> tuple[Decimal | None, Decimal | None, str | None, int, int]:
    """(percent, points, text as printed, start, end) of a change stated in words:
    "up 2.1 percentage points", "An increase of 8.3%", "fallen by 3 days"."""
    m = CHANGE_PHRASE.search(text)
    if not m:
        return None, None, None, -1, -1
    word = (m.group("noun") or m.group("verb")).lower()
    number = Decimal(m.group("num") or m.group("num2"))
    if word not in _UP:
        number = -number
    unit = (m.group("unit") or m.group("unit2")).lower()
    if unit.startswith(("percentage", "pp", "ppt", "point")):
        return None, number, m.group(0), m.start(), m.end()
    if unit.startswith(("%", "per")):
        return number, None, m.group(0), m.start(), m.end()
    return None, None, m.group(0), m.start(), m.end()


def polarity(*texts: str) -> bool | None:
    """True when the text says higher is better, False for lower, else None."""
    for text in texts:
        if text and _LOWER_BETTER.search(text):
            return False
        if text and _HIGHER_BETTER.search(text):
            return True
    return None


def percent_change(baseline: Decimal | None, current: Decimal | None) -> Decimal | None:
    if baseline is None or current is None or baseline == 0:
        return None
    return ((current - baseline) / baseline * 100).quantize(CENT, rounding=ROUND_HALF_UP)


def point_change(baseline: Decimal | None, current: Decimal | None) -> Decimal | None:
    if baseline is None or current is None:
        return None
    return current - baseline


def read_change(text: str, header: str = "") -> tuple[Decimal | None, Decimal | None]:
    """(percent, points) a change cell states; a bare number takes its unit from the header."""
    reading = read_value(text)
    if reading is None:
        return None, None
    if reading.unit == "percent":
        return reading.value, None
    if reading.unit == "points":
        return None, reading.value
    lowered = header.lower()
    if re.search(r"\bpp\b|points?|ppts?", lowered):
        return None, reading.value
    if "%" in lowered or "percent" in lowered:
        return reading.value, None
    return None, None


def infer_unit(readings: list[Reading | None], name: str, headers: list[str]) -> str:
    """The unit of an indicator: from its values, else from its name or headers."""
    units = {r.unit for r in readings if r is not None}
    for unit in ("percent", "gbp", "days"):
        if unit in units:
            return unit
    lowered = name.lower()
    if (
        lowered.startswith("%")
        or "percentage of" in lowered
        or "% of" in lowered
        or "rate (%)" in lowered
    ):
        return "percent"
    if any("%" in h for h in headers):
        return "percent"
    for unit in ("days", "weeks", "months", "hours", "minutes"):
        if re.search(rf"(?<![0-9]\s)(?<![0-9])\b{unit}\b", lowered):  # not "within 12 months"
            return unit
    return "count"
