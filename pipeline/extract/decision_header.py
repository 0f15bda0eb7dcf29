"""A decision's header fields: number, key decision, classification and electoral
divisions, and the other decisions a paper cites.  (The maker is read by
:mod:`decision_maker`; the signed date and interests by :mod:`decision_signoff`.)

Each finder takes the normalised text and returns the value with the span it was read
from, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.decision_sections import (
    Span,
    inline_labelled_value,
    labelled_value,
    labelled_values,
    next_nonblank_line,
)

HEAD_CHARS = 4000  # header fields are looked for in a paper's opening characters

# --------------------------------------------------------------------------- decision number

_NUMBER_LABEL = re.compile(
    r"(?:key\s+)?decision\s+(?:no|number|ref(?:erence)?(?:\s+no)?)\b\s*\.?\s*:?", re.IGNORECASE
)
# "16/00052", "16-00052", "2016/00052" (a four-digit year), "DN 16/00052" (a register prefix)
_NUMBER = re.compile(
    r"(?<![\d/])(?:[A-Z]{1,4}[\s-]?)?(?:(?:19|20)(?=\d{2}\s?[/\-]))?(?P<yy>\d{2})\s?[/\-]\s?(?P<n>\d{3,5})(?![\d/])"
)
_UNALLOCATED = re.compile(
    r"^(?:to\s+be\s+(?:allocated|confirmed|added|assigned)|tba|tbc|to\s+follow|not\s+yet\s+allocated|pending|n/?a|none)\b",
    re.IGNORECASE,
)
_REFERENCED = re.compile(r"(?<![\d/.,£])(?P<yy>\d{2})/(?P<n>\d{5})(?![\d/])")
_REFERENCED_LABELLED = re.compile(
    r"\bdecision\s+(?:no\.?\s*|number\s+|ref(?:erence)?\.?\s*)?(?P<yy>\d{2})\s?[/\-]\s?(?P<n>\d{3,5})(?![\d/])",
    re.IGNORECASE,
)


def canonical_number(yy: str, n: str) -> str:
    """Canonical ``YY/NNNNN`` ("16-00052" -> "16/00052", "18/071" -> "18/00071")."""
    return f"{yy}/{int(n):05d}"


@dataclass(frozen=True)
class DecisionNumber:
    number: str | None  # canonical, or None when not (yet) allocated
    printed: str
    span: Span
    unallocated: bool


def find_decision_number(text: str) -> DecisionNumber | None:
    """The paper's own decision number: the value of its "Decision No" label (on the same
    line, the next line, or the right-hand cell), else the first YY/NNNNN of its header."""
    found = labelled_value(text, _NUMBER_LABEL, limit=HEAD_CHARS)
    if found:
        _, (start, end) = found
        value = text[start:end]
        match = _NUMBER.match(value)
        if match:
            return DecisionNumber(
                canonical_number(match["yy"], match["n"]),
                match.group(0),
                (start, start + match.end()),
                False,
            )
        if re.search(
            r"\b(?:by|of|to|the|and)$", value, re.IGNORECASE
        ):  # "To be allocated by\nDemocratic Services"
            following = next_nonblank_line(text, end, max_blank=0)
            if following:
                end = following[1]
                value = text[start:end]
        return DecisionNumber(None, value, (start, end), bool(_UNALLOCATED.match(value)))
    for match in _REFERENCED.finditer(text, 0, min(len(text), 1500)):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        cell = text[line_start : len(text) if line_end < 0 else line_end]
        if len(cell.replace(match.group(0), "").split()) <= 2:  # a number printed on its own
            return DecisionNumber(
                canonical_number(match["yy"], match["n"]), match.group(0), match.span(), False
            )
    return None


def find_referenced_decisions(text: str, own: str | None) -> list[str]:
    """Other decision numbers a paper cites, canonical, in order of first mention."""
    found: list[tuple[int, str]] = []
    for pattern in (_REFERENCED, _REFERENCED_LABELLED):
        for match in pattern.finditer(text):
            found.append((match.start("yy"), canonical_number(match["yy"], match["n"])))
    numbers: list[str] = []
    for _, number in sorted(found):
        if number != own and number not in numbers:
            numbers.append(number)
    return numbers


# ---------------------------------------------------- key decision, classification, divisions

_KEY_LABEL = re.compile(r"(?:is\s+(?:this|it)\s+a\s+)?key\s+decision\s*\??\s*:?", re.IGNORECASE)
_KEY_VALUE = re.compile(r"^(?:(?P<yes>yes|y)|(?P<no>no|n))\b", re.IGNORECASE)
_KEY_SENTENCE = re.compile(
    r"\b(?:this|it)\s+is\s+(?P<not>not\s+)?a\s+key\s+decision\b|\bnon[\s-]key\s+decision\b",
    re.IGNORECASE,
)


def find_key_decision(text: str) -> tuple[bool, Span] | None:
    values = [v for _, v in labelled_values(text, _KEY_LABEL, limit=HEAD_CHARS * 2)]
    inline = inline_labelled_value(text, _KEY_LABEL, limit=HEAD_CHARS)
    for value in values + ([inline[1]] if inline else []):
        match = _KEY_VALUE.match(text[value[0] : value[1]])
        if match:
            return match["yes"] is not None, (value[0], value[0] + match.end())
    match = _KEY_SENTENCE.search(text)
    if match:
        return not (match["not"] or match.group(0).lower().startswith("non")), match.span()
    return None


_CLASSIFICATION_LABEL = re.compile(
    r"(?:classification|security\s+classification|open\s*/\s*exempt|exempt\s*/\s*open|public\s*/\s*private)\s*:",
    re.IGNORECASE,
)
_CLASSIFICATION_LINE = re.compile(
    r"^(?P<value>unrestricted|restricted|not\s+for\s+publication|for\s+publication|exempt|open|confidential|public|private)\b",
    re.IGNORECASE,
)
_EXEMPT_PARAGRAPH = re.compile(
    r"\bparagraphs?\s+(?P<n>\d+(?:\s*(?:,|and|&)\s*\d+)*)", re.IGNORECASE
)


def find_classification(text: str) -> tuple[str, Span] | None:
    """ "Unrestricted", "For publication", "Exempt (paragraph 3)", ... as printed."""
    found = labelled_value(text, _CLASSIFICATION_LABEL, limit=HEAD_CHARS)
    if found:
        return _classification(text, found[1])
    for match in re.finditer(r"^[^\n]+$", text[:HEAD_CHARS], re.MULTILINE):
        line = match.group(0)
        head = _CLASSIFICATION_LINE.match(line)
        if head and (
            len(line) <= 40 or line[head.end() :].lstrip()[:1] in ("[", "(", "-", "–", ":")
        ):
            return _classification(text, (match.start(), match.end()))
    return None


def _classification(text: str, span: Span) -> tuple[str, Span]:
    value = text[span[0] : span[1]]
    head = _CLASSIFICATION_LINE.match(value)
    if head and head["value"].lower() in (
        "exempt",
        "not for publication",
        "restricted",
        "confidential",
        "private",
    ):
        paragraph = _EXEMPT_PARAGRAPH.search(value)
        word = "Exempt" if head["value"].lower() == "exempt" else value[: head.end()]
        if paragraph:
            numbers = " ".join(paragraph["n"].split())
            return f"{word} (paragraph {numbers})", span
        return word, (span[0], span[0] + head.end()) if word == value[: head.end()] else span
    if head:
        return value[: head.end()], (span[0], span[0] + head.end())
    return re.sub(r"\s+", " ", value).strip(), span


_DIVISIONS_LABEL = re.compile(
    r"(?:electoral\s+divisions?(?:\s*\(s\))?(?:\s+affected)?|divisions?\s+affected|"
    r"wards?(?:\s*\(s\))?(?:\s+affected)?|affected\s+wards?|local\s+members?\s+affected)\s*:",
    re.IGNORECASE,
)
_ALL = re.compile(r"^all(?:\s+(?:the\s+)?(?:electoral\s+)?(?:divisions|wards))?\.?$", re.IGNORECASE)


def find_divisions(text: str) -> tuple[list[str], Span] | None:
    found = labelled_value(text, _DIVISIONS_LABEL, limit=HEAD_CHARS)
    if not found:
        return None
    value = text[found[1][0] : found[1][1]]
    if _ALL.match(value.strip()):
        return ["All"], found[1]
    if ";" in value:
        parts = value.split(";")
    elif "," in value:  # "Ashvale North, Ashvale South and Rowley"
        parts = re.split(r",|\s+and\s+(?=[^,]*$)", value)
    else:  # "Millbrook and Weir" is one ward
        parts = [value]
    parts = [p.strip(" .") for p in parts]
    return [p for p in parts if p], found[1]
